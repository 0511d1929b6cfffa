#!/bin/sh
# sh tests/smtp/cert.sh DIR: self-signed test certificates, valid for 2 days:
#   DIR/cert.pem + DIR/key.pem              for 127.0.0.1 and localhost: what
#       the client is told to trust
#   DIR/other-cert.pem + DIR/other-key.pem  a second, unrelated self-signed
#       certificate with the same names (the "untrusted certificate" case:
#       the client trusts cert.pem, the server presents other-cert.pem)
#   DIR/named-cert.pem + DIR/named-key.pem  for mail.example.test only (a
#       server reached under another name: tls_host_override)
#   DIR/client-cert.pem + DIR/client-key.pem  a client certificate (CN
#       sendguard-client), its own issuer (server.py --client-ca)
# Quiet on success; on failure prints openssl's messages and exits 1.
set -u
dir=${1:?usage: cert.sh DIR}
mkdir -p "$dir" || exit 1
err=$(mktemp) || exit 1
# gen KEY CERT CN [SAN]
gen() {
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$dir/$1" \
	    -out "$dir/$2" -days 2 -subj "/CN=$3" \
	    ${4:+-addext "subjectAltName=$4"} >"$err" 2>&1 || {
		echo "cert.sh: openssl failed for $dir/$2:" >&2
		cat "$err" >&2
		rm -f "$err"
		exit 1
	}
}
gen key.pem cert.pem localhost "IP:127.0.0.1,DNS:localhost"
gen other-key.pem other-cert.pem localhost "IP:127.0.0.1,DNS:localhost"
gen named-key.pem named-cert.pem mail.example.test "DNS:mail.example.test"
gen client-key.pem client-cert.pem sendguard-client
rm -f "$err"
