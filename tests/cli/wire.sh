# The SMTP client (transport/) field by field against the real test server,
# driven by build/wire/wiredrive, and next to msmtp where msmtp can say the
# same: --serverinfo's text byte for byte, the dialogue callback with AUTH
# secrets masked, SMTPUTF8 and A-labels, dot-stuffing, a reply lost after
# the data, settings refused before connecting. (The side-by-side dialogues
# of each msmtprc key are compatibility cases: tests/cli/compat/wire-*.)
. "$(dirname "$0")/lib.sh"
. "$SENDGUARD_TOP/tests/smtp/lib.sh"
trap 'smtp_stop_all; rm -rf "$T"' EXIT
trap 'exit 1' INT TERM HUP
smtp_certs || exit 1
WD=$(dirname "$SENDGUARD")/wire/wiredrive
[ -x "$WD" ] || { echo "no $WD (make unit builds it)" >&2; exit 1; }
C=$SMTP_CERT
printf 'Subject: wire\n\n.\n..two\n.x\nlast line without a newline' >"$T/msg"

# wd NAME [ARGS...]: wiredrive with the message, output in $T/NAME.*.
wd() {
	_n=$1
	shift
	"$WD" "$@" <"$T/msg" >"$T/$_n.out" 2>"$T/$_n.err"
	rc=$?
}
# msmtp_info NAME RCLINES: msmtp --serverinfo with a one-account msmtprc.
msmtp_info() {
	printf 'account t\nhost 127.0.0.1\nport %s\n%b\n' "$SMTP_PORT" "$2" \
	    >"$T/$1.rc"
	chmod 600 "$T/$1.rc"
	msmtp -C "$T/$1.rc" -a t --serverinfo >"$T/$1.msmtp" 2>&1
}
# same_info NAME RCLINES WDARGS...: both --serverinfo texts are equal.
same_info() {
	_n=$1
	_rc=$2
	shift 2
	msmtp_info "$_n" "$_rc"
	"$WD" --serverinfo --host 127.0.0.1 --port "$SMTP_PORT" "$@" \
	    >"$T/$_n.sg" 2>&1
	cmp -s "$T/$_n.msmtp" "$T/$_n.sg" ||
	    fail "serverinfo $_n differs from msmtp's: $(diff "$T/$_n.msmtp" "$T/$_n.sg" | head -20)"
}
# in_record NAME ERE: the server's record has a line matching ERE.
in_record() {
	smtp_idle "$1"
	grep -Eq -- "$2" "$(smtp_record "$1")" ||
	    fail "$1: record lacks /$2/: $(tr '\n' '|' <"$(smtp_record "$1")")"
}
not_in_record() {
	smtp_idle "$1"
	grep -Eq -- "$2" "$(smtp_record "$1")" &&
	    fail "$1: record has /$2/: $(tr '\n' '|' <"$(smtp_record "$1")")"
}

# 1. A plain server with PIPELINING, DSN, STARTTLS offered: --serverinfo.
smtp_start plain --starttls "$C" "$SMTP_KEY" --dsn --pipelining --smtputf8 || exit 1
same_info plain 'tls off' --tls off
# 2. Inside STARTTLS, every AUTH mechanism listed in msmtp's order.
smtp_start tls --starttls "$C" "$SMTP_KEY" --auth user:s3cret --auth-mechs \
    PLAIN,LOGIN,CRAM-MD5,SCRAM-SHA-1,SCRAM-SHA-256,XOAUTH2,OAUTHBEARER || exit 1
same_info starttls "tls on\ntls_trust_file $C" --trust "$C"
# 3. smtps, a SIZE in KiB; then no capability at all.
smtp_start smtps --implicit-tls "$C" "$SMTP_KEY" --max-size 2000 || exit 1
same_info smtps "tls on\ntls_starttls off\ntls_trust_file $C" --tls tls --trust "$C"
smtp_start bare --max-size 0 || exit 1
same_info bare 'tls off' --tls off
# 4. A certificate with a DN of several parts: the same order as msmtp.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/dn-key.pem" \
    -out "$T/dn-cert.pem" -days 2 -subj "/C=US/O=Example Org, Inc./OU=Mail/CN=localhost" \
    -addext "subjectAltName=IP:127.0.0.1" >/dev/null 2>&1 || fail "openssl"
smtp_start dn --starttls "$T/dn-cert.pem" "$T/dn-key.pem" || exit 1
same_info dn "tls on\ntls_trust_file $T/dn-cert.pem" --trust "$T/dn-cert.pem"
grep -q 'C=US,O=Example Org\\, Inc\.,OU=Mail,CN=localhost' "$T/dn.sg" ||
    fail "serverinfo dn: subject $(grep -A1 Subject "$T/dn.sg")"

# 5. The dialogue callback: every line, AUTH secrets masked.
wd login -d --host 127.0.0.1 --port "$(smtp_port tls)" --trust "$C" \
    --user user --password s3cret --auth login me@example.org jane@example.com
expect_rc 0 "AUTH LOGIN"
grep -q '^--> AUTH LOGIN$' "$T/login.err" || fail "dialogue: no AUTH LOGIN"
[ "$(grep -c '^--> \*\*\*\*\*\*\*\*$' "$T/login.err")" -eq 2 ] ||
    fail "dialogue: LOGIN's user and password not masked: $(cat "$T/login.err")"
grep -q '^<-- 235 ' "$T/login.err" || fail "dialogue: the server's 235 not shown"
grep -q '^--> MAIL FROM:<me@example.org>$' "$T/login.err" || fail "dialogue: no MAIL"
wd plainauth -d --host 127.0.0.1 --port "$(smtp_port tls)" --trust "$C" \
    --user user --password s3cret me@example.org jane@example.com
grep -q '^--> AUTH PLAIN \*\*\*\*\*\*\*\*$' "$T/plainauth.err" ||
    fail "dialogue: AUTH PLAIN's response not masked"
grep -q 'c2VjcmV0\|czNjcmV0\|AHVzZXIAczNjcmV0\|s3cret' "$T/login.err" "$T/plainauth.err" &&
    fail "dialogue: a secret went to the callback"
in_record tls '^AUTH PLAIN AHVzZXIAczNjcmV0$'
grep -q '^status=0 code=250 tls=1 auth=1$' "$T/plainauth.out" ||
    fail "result: $(cat "$T/plainauth.out")"

# 6. SMTPUTF8: a non-ASCII local part goes out with it where offered; an
# international domain always as its A-label.
wd utf8 --host 127.0.0.1 --port "$(smtp_port plain)" --tls off \
    me@example.org 'jürgen@bücher.example'
expect_rc 0 "SMTPUTF8 offered"
in_record plain '^MAIL FROM:<me@example\.org> SMTPUTF8$'
in_record plain '^RCPT TO:<j\\xc3\\xbcrgen@xn--bcher-kva\.example>$'
wd noutf8 --host 127.0.0.1 --port "$(smtp_port bare)" --tls off \
    me@example.org 'jane@bücher.example' 'jürgen@example.net'
expect_rc 65 "SMTPUTF8 not offered"
grep -q 'non-ASCII local part' "$T/noutf8.out" || fail "SMTPUTF8: $(cat "$T/noutf8.out")"
not_in_record bare '^MAIL'
in_record bare '^QUIT$'

# 7. The data, dot-stuffed, ends with CRLF . CRLF; the server un-stuffs it.
wd dots --host 127.0.0.1 --port "$(smtp_port bare)" --tls off me@example.org jane@example.com
expect_rc 0 "dot-stuffing"
printf 'Subject: wire\r\n\r\n.\r\n..two\r\n.x\r\nlast line without a newline\r\n' >"$T/want"
cmp -s "$(smtp_msg bare 1)" "$T/want" || fail "dot-stuffing: the server got $(od -c "$(smtp_msg bare 1)" | head)"

# 8. LMTP: the rcpt callback a second time, with each reply after the data.
smtp_start lmtp --lmtp --lmtp-reject bad@example.net --unix "$T/lmtp.sock" || exit 1
wd lmtp --socket "$T/lmtp.sock" --port 24 --tls off --lmtp me@example.org \
    a@example.net bad@example.net
expect_rc 69 "LMTP, one refused"
grep -q '^rcpt bad@example.net 550 5.2.0' "$T/lmtp.out" || fail "LMTP: $(cat "$T/lmtp.out")"
[ "$(grep -c '^rcpt ' "$T/lmtp.out")" -eq 4 ] || fail "LMTP: $(cat "$T/lmtp.out")"
in_record lmtp '^LHLO localhost$'
"$WD" --serverinfo --socket "$T/lmtp.sock" --port 24 --tls off --lmtp >"$T/lmtpinfo.sg" 2>&1
printf 'account t\nsocket %s\nport 24\nprotocol lmtp\ntls off\n' "$T/lmtp.sock" >"$T/lmtpinfo.rc"
msmtp -C "$T/lmtpinfo.rc" -a t --serverinfo >"$T/lmtpinfo.msmtp" 2>&1
cmp -s "$T/lmtpinfo.msmtp" "$T/lmtpinfo.sg" || fail "LMTP serverinfo: $(diff "$T/lmtpinfo.msmtp" "$T/lmtpinfo.sg")"

# 9. The reply to the data never comes: it may have arrived (75).
smtp_start stall --stall-after-data || exit 1
wd stall --host 127.0.0.1 --port "$SMTP_PORT" --tls off --timeout 1 me@example.org jane@example.com
expect_rc 75 "no reply after the data"
grep -q 'may have arrived' "$T/stall.out" || fail "no reply after the data: $(cat "$T/stall.out")"

# 10. Settings refused before connecting (port 9 would refuse anyway).
wd badauth --host 127.0.0.1 --port 9 --tls off --user u --password p --auth foo x@y.z a@b.c
expect_rc 78 "unknown auth method"
wd gssapi --host 127.0.0.1 --port 9 --tls off --user u --auth gssapi x@y.z a@b.c
expect_rc 69 "gssapi"
grep -q 'not supported by sendguard' "$T/gssapi.out" || fail "gssapi: $(cat "$T/gssapi.out")"
wd badpin --host 127.0.0.1 --port 9 --fingerprint 00:11 x@y.z a@b.c
expect_rc 78 "malformed fingerprint"
wd baddsn --host 127.0.0.1 --port 9 --tls off --notify sometimes x@y.z a@b.c
expect_rc 78 "bad dsn_notify"
wd badret --host 127.0.0.1 --port 9 --tls off --ret some x@y.z a@b.c
expect_rc 78 "bad dsn_return"
wd inject --host 127.0.0.1 --port 9 --tls off x@y.z "$(printf 'a@b.c>\r\nRSET')"
expect_rc 65 "CR LF in a recipient"
wd helo --host 127.0.0.1 --port 9 --tls off --helo "$(printf 'x\r\nRSET')" x@y.z a@b.c
expect_rc 78 "CR LF in the EHLO name"
wd refused --host 127.0.0.1 --port 9 --tls off x@y.z a@b.c
expect_rc 75 "connection refused"
wd source --host 127.0.0.1 --port 9 --tls off --source-ip 192.0.2.1 x@y.z a@b.c
expect_rc 69 "source_ip not of this machine"
grep -q 'source address 192.0.2.1' "$T/source.out" || fail "source_ip: $(cat "$T/source.out")"

finish
