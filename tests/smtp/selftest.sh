#!/bin/sh
# sh tests/smtp/selftest.sh: proves that the test SMTP server (server.py),
# cert.sh and lib.sh work, with Python's smtplib (Debian's /usr/bin/python3)
# as the client.  Needs only python3-aiosmtpd and openssl.  Prints one line
# per check; exits 0 if all pass, 1 otherwise.
SMTP_LIB_DIR=$(cd "$(dirname "$0")" && pwd)
SELFTEST_CLIENT=selftest_client.py
. "$SMTP_LIB_DIR/checklib.sh"

check "cert.sh makes two different certificates" smtp_certs
cmp -s "$SMTP_CERT" "$SMTP_OTHER_CERT" && fail "cert.pem equals other-cert.pem"

# Plain SMTP: no STARTTLS, no AUTH; exact bytes and envelope.
start plain
check "plain: EHLO, delivery, bare CR, line too long" client plain "$SMTP_PORT"
check "plain: one message spooled" count_is plain 1
check "plain: spooled bytes = bytes sent" cmp "$(smtp_msg plain 1)" "$T/sent-plain.eml"
check "plain: envelope" client meta "$(smtp_meta plain 1)" \
    'm["mail_from"] == "a@example.org" and m["rcpt_tos"] == ["b@example.net", "c@example.net"] and m["size"] == os.path.getsize(path[:-4] + "eml") and m["tls"] is False and m["auth_user"] is None'
check "plain: log shows the envelope commands" in_order plain \
    '^1 \* connect 127\.0\.0\.1:' '^1 S: 220 ' '^1 C: ehlo localhost$' \
    '^1 C: mail FROM:<a@example\.org> size=' '^1 C: rcpt TO:<b@example\.net>$' \
    '^1 S: 354 ' '^1 \* data [0-9]* bytes$' '^1 S: 250 2\.0\.0 OK queued as 0001$'
check "plain: log escapes a bare CR" in_log plain '^1 C: NOOP x\\ry$'
check "plain: readiness probe not logged" one_connection plain
check "plain: clean exit on SIGTERM" stopped plain

# STARTTLS required, AUTH PLAIN/LOGIN only after it.
start tls --starttls "$SMTP_CERT" "$SMTP_KEY" --require-starttls --auth user:secret
check "starttls: 530 before TLS, AUTH 535 then 235, LOGIN" \
    client starttls_auth "$SMTP_PORT" "$SMTP_CERT"
check "starttls: one message spooled" count_is tls 1
check "starttls: tls and auth_user in metadata" client meta "$(smtp_meta tls 1)" \
    'm["tls"] is True and m["auth_user"] == "user"'
check "starttls: AUTH only after the TLS handshake" in_order tls \
    '^1 C: STARTTLS$' '^1 S: 220 Ready to start TLS' '^1 \* tls TLSv1' \
    '^1 C: AUTH PLAIN ' '^1 \* auth PLAIN user=user failed$' '^1 S: 535 ' \
    '^1 \* auth PLAIN user=user ok$' '^1 S: 235 '
check "starttls: AUTH LOGIN logged" in_log tls '^2 \* auth LOGIN user=user ok$'

# Implicit TLS (smtps), AUTH allowed inside it.
start smtps --implicit-tls "$SMTP_CERT" "$SMTP_KEY" --auth user:secret
check "implicit TLS: AUTH and delivery" client implicit "$SMTP_PORT" "$SMTP_CERT"
check "implicit TLS: log shows TLS from the start" in_order smtps \
    '^1 \* connect 127\.0\.0\.1:' '^1 \* tls TLSv1\.[23] \(implicit\)$' \
    '^1 S: 220 ' '^1 C: AUTH PLAIN ' '^1 S: 235 '
check "implicit TLS: tls and auth_user in metadata" client meta "$(smtp_meta smtps 1)" \
    'm["tls"] is True and m["auth_user"] == "user"'

# A certificate the client does not trust.
start untrusted --starttls "$SMTP_OTHER_CERT" "$SMTP_OTHER_KEY"
check "untrusted certificate: client refuses it" client untrusted "$SMTP_PORT" "$SMTP_CERT"
check "untrusted certificate: server logs the failed handshake" \
    in_log untrusted '^1 \* tls handshake failed: .*UNKNOWN_CA'

# Recipient faults.
start rcpt --reject bad@example.net --tempfail busy@example.net
check "rcpt: 550 for --reject, 450 for --tempfail" client rcpt "$SMTP_PORT"
check "rcpt: only the accepted recipient spooled" client meta "$(smtp_meta rcpt 1)" \
    'm["rcpt_tos"] == ["good@example.net"]'
check "rcpt: one message spooled" count_is rcpt 1

# DATA faults.
start refuse --data-reply "554 5.7.1 Message refused"
check "data-reply: 554 at the end of DATA" client data_reply "$SMTP_PORT"
check "data-reply: nothing spooled" count_is refuse 0

start drop --drop-during-data
check "drop-during-data: client sees a disconnect (big and small)" client drop "$SMTP_PORT"
check "drop-during-data: dropped after 64 KiB" in_log drop '^1 \* drop after 6[0-9]* bytes of DATA$'
check "drop-during-data: small message dropped at its end" in_log drop '^2 \* drop at end of DATA'
check "drop-during-data: nothing spooled" count_is drop 0

start stalldata --stall-after-data
check "stall-after-data: client times out after ~1 s" client stall_after_data "$SMTP_PORT"
check "stall-after-data: whole DATA received" in_log stalldata '^1 \* data [0-9]* bytes$'
check "stall-after-data: nothing spooled" count_is stalldata 0

start stall --stall
check "stall: no banner, client times out after ~2 s; SIGTERM closes" \
    client stall "$SMTP_PORT" "$SMTP_DIR/pid"
check "stall: the TCP connection was accepted" in_log stall '^1 \* connect'
check "stall: server exited 0 on SIGTERM with a connection open" stopped stall

for n in tls smtps untrusted rcpt refuse drop stalldata; do
	check "$n: clean exit on SIGTERM" stopped "$n"
done
for n in plain tls smtps untrusted rcpt refuse drop stalldata stall; do
	check "$n: nothing on the server's stderr" no_stderr "$n"
done

selftest_done
