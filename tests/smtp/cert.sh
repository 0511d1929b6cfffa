#!/bin/sh
# sh tests/smtp/cert.sh DIR: self-signed test certificates for 127.0.0.1 and
# localhost, valid for 2 days:
#   DIR/cert.pem + DIR/key.pem              what the client is told to trust
#   DIR/other-cert.pem + DIR/other-key.pem  a second, unrelated self-signed
#       certificate with the same names (the "untrusted certificate" case:
#       the client trusts cert.pem, the server presents other-cert.pem)
# Quiet on success; on failure prints openssl's messages and exits 1.
set -u
dir=${1:?usage: cert.sh DIR}
mkdir -p "$dir" || exit 1
err=$(mktemp) || exit 1
gen() {
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$dir/$1" \
	    -out "$dir/$2" -days 2 -subj /CN=localhost \
	    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" >"$err" 2>&1 || {
		echo "cert.sh: openssl failed for $dir/$2:" >&2
		cat "$err" >&2
		rm -f "$err"
		exit 1
	}
}
gen key.pem cert.pem
gen other-key.pem other-cert.pem
rm -f "$err"
