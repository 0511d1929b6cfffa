#!/bin/sh
# sh tests/smtp/selftest_modes.sh: the test server's modes beyond plain SMTP
# (server.py --record, --lmtp, --unix, --client-ca, --dsn, --auth-mechs,
# --pipelining, the null sender), driven by tests/smtp/modes_client.py with
# Python's smtplib and raw sockets.  Prints one line per check; exits 0 if
# all pass, 1 otherwise.
SMTP_LIB_DIR=$(cd "$(dirname "$0")" && pwd)
SELFTEST_CLIENT=modes_client.py
. "$SMTP_LIB_DIR/checklib.sh"

check "cert.sh makes the named and client certificates" smtp_certs
smtp_certs

# --record: the command lines alone, after STARTTLS too, AUTH as sent.
start rec --starttls "$SMTP_CERT" "$SMTP_KEY" --auth user:secret
check "record: every command line, in order, AUTH responses kept" \
    client record "$SMTP_PORT" "$SMTP_CERT" "$(smtp_record rec)"
check "record: lib.sh's probe is not recorded" smtp_idle rec

# --lmtp over TCP and over a unix socket (--unix).
start lmtp --lmtp --lmtp-reject bad@example.net --unix "$T/lmtp.sock"
check "lmtp: LHLO, EHLO refused, one reply per recipient (TCP)" \
    client lmtp_tcp "$SMTP_PORT"
check "lmtp: the same over the unix socket" client unix "$T/lmtp.sock" lmtp
check "lmtp: spooled for the recipients that took it" client meta \
    "$(smtp_meta lmtp 1)" 'm["rcpt_tos"] == ["one@example.net", "two@example.net"] and m["lmtp"]'
check "unix: connection logged" in_log lmtp '^2 \* connect unix$'

# --client-ca: a client certificate is required.
start ccert --starttls "$SMTP_CERT" "$SMTP_KEY" --client-ca "$SMTP_CLIENT_CERT"
check "client-ca: with a certificate delivered, without refused" \
    client client_cert "$SMTP_PORT" "$SMTP_CERT" "$SMTP_CLIENT_CERT" "$SMTP_CLIENT_KEY"
check "client-ca: the certificate's name logged" \
    in_log ccert '^1 \* client certificate CN=sendguard-client$'
check "client-ca: the refused handshake logged" in_log ccert '^2 \* tls handshake failed'
check "client-ca: client_cert in the metadata" client meta "$(smtp_meta ccert 1)" \
    'm["client_cert"] is True'

# --dsn: RET=, ENVID=, NOTIFY=, ORCPT=; without it, 555.
start dsn --dsn
check "dsn: parameters accepted and checked, null sender" client dsn "$SMTP_PORT" on
check "dsn: RET and ENVID in mail_options, NOTIFY per recipient" client meta \
    "$(smtp_meta dsn 1)" 'm["mail_options"] == ["RET=HDRS", "ENVID=QQ314159"] and m["rcpt_params"] == [["b@example.net", ["NOTIFY=SUCCESS,FAILURE"]], ["c@example.net", ["NOTIFY=NEVER", "ORCPT=rfc822;c@example.net"]]]'
check "dsn: the null sender spooled as \"\"" client meta "$(smtp_meta dsn 2)" \
    'm["mail_from"] == "" and m["mail_options"] == ["RET=FULL"]'
start nodsn
check "no dsn: not offered, RET= refused with 555" client dsn "$SMTP_PORT" off

# --auth-mechs: every SASL mechanism the server knows.
start mechs --starttls "$SMTP_CERT" "$SMTP_KEY" --auth user:secret \
    --client-ca "$SMTP_CLIENT_CERT" --client-cert-optional --auth-mechs \
    PLAIN,LOGIN,CRAM-MD5,SCRAM-SHA-1,SCRAM-SHA-256,XOAUTH2,OAUTHBEARER,EXTERNAL
check "mechs: CRAM-MD5, SCRAM-SHA-1/256, XOAUTH2, OAUTHBEARER, EXTERNAL" \
    client mechs "$SMTP_PORT" "$SMTP_CERT" "$SMTP_CLIENT_CERT" "$SMTP_CLIENT_KEY"
check "mechs: each outcome logged" in_log mechs 'auth SCRAM-SHA-256 user=user failed'
check "mechs: unknown mechanism refused at start" sh -c \
    "! '$SMTP_PYTHON' '$SMTP_LIB_DIR/server.py' --auth u:p --auth-mechs FOO 2>/dev/null"

# --pipelining.
start pipe --pipelining
check "pipelining: offered; MAIL, RCPT, DATA answered in order" client pipelining "$SMTP_PORT"

for n in rec lmtp ccert dsn nodsn mechs pipe; do
	check "$n: nothing on the server's stderr" no_stderr "$n"
done
selftest_done
