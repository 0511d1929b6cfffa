#!/bin/sh
# sh tests/smtp/selftest.sh: proves that the test SMTP server (server.py),
# cert.sh and lib.sh work, with Python's smtplib (Debian's /usr/bin/python3)
# as the client.  Needs only python3-aiosmtpd and openssl.  Prints one line
# per check; exits 0 if all pass, 1 otherwise.
# shellcheck disable=SC2317 # functions run through check
set -u
T=$(mktemp -d) || exit 1
SMTP_LIB_DIR=$(cd "$(dirname "$0")" && pwd)
. "$SMTP_LIB_DIR/lib.sh"
trap 'smtp_stop_all; rm -rf "$T"' EXIT
trap 'exit 1' INT TERM HUP
export T

checks=0
failures=0
fail() {
	printf 'FAIL  %s\n' "$*"
	failures=$((failures + 1))
}
# check NAME COMMAND...: runs COMMAND (its output is kept for a failure).
check() {
	_name=$1
	shift
	checks=$((checks + 1))
	if "$@" >"$T/check.out" 2>&1; then
		printf 'ok    %s\n' "$_name"
	else
		fail "$_name"
		sed 's/^/      /' "$T/check.out"
	fi
}
# client CASE ARGS...: one of the smtplib cases in client.py below.
client() {
	"$SMTP_PYTHON" "$T/client.py" "$@"
}
# start NAME ARGS...: smtp_start, counted as a check; stops the test if the
# server does not come up.
start() {
	checks=$((checks + 1))
	if ! smtp_start "$@"; then
		fail "smtp_start $1"
		exit 1
	fi
}
# stopped NAME: the server exits with status 0 on SIGTERM.
stopped() {
	smtp_stop "$1"
	_rc=$?
	[ "$_rc" -eq 0 ] || { echo "server $1 exited with $_rc"; return 1; }
}
count_is() {
	_n=$(smtp_count "$1")
	[ "$_n" -eq "$2" ] || { echo "$1 spooled $_n message(s), expected $2"; return 1; }
}
# in_log NAME BRE: the server's log has a line matching BRE.
in_log() {
	grep -q -- "$2" "$(smtp_log "$1")" || {
		echo "log of $1 lacks /$2/:"
		sed 's/^/  /' "$(smtp_log "$1")"
		return 1
	}
}
# in_order NAME ERE...: log lines matching each ERE appear in this order.
in_order() {
	_log=$(smtp_log "$1")
	shift
	_prev=0
	for _re in "$@"; do
		_ln=$(RE=$_re awk -v p="$_prev" \
		    'NR > p && $0 ~ ENVIRON["RE"] { print NR; exit }' "$_log")
		if [ -z "$_ln" ]; then
			echo "log: no /$_re/ after line $_prev:"
			sed 's/^/  /' "$_log"
			return 1
		fi
		_prev=$_ln
	done
}
one_connection() {
	_c=$(grep -c ' \* connect ' "$(smtp_log "$1")")
	[ "$_c" -eq 1 ] || { echo "$_c connections logged"; return 1; }
}
no_stderr() {
	_e="$T/smtp-$1/stderr"
	[ ! -s "$_e" ] || { echo "server $1 wrote to stderr:"; cat "$_e"; return 1; }
}

cat >"$T/client.py" <<'PY'
import json, os, smtplib, socket, ssl, sys, time

HOST = "127.0.0.1"
T = os.environ["T"]
errors = []


def check(cond, what):
    if not cond:
        errors.append(what)


def smtp(port, timeout=5):
    # local_hostname: the default, socket.getfqdn(), may query DNS.
    return smtplib.SMTP(HOST, port, local_hostname="localhost",
                        timeout=timeout)


def trusting(ca):
    return ssl.create_default_context(cafile=ca)


def reply(s, line):
    s.send(line)
    return s.getreply()


MSG = (b"From: a@example.org\r\nTo: b@example.net\r\n"
       b"Subject: selftest\r\n\r\n.leading dot\r\n.\r\n..two\r\n"
       b"caf\xc3\xa9\r\n" + b"x" * 998 + b"\r\nlast line\r\n")


def case_plain(port):
    s = smtp(port)
    code, _ = s.ehlo()
    check(code == 250, "EHLO: %d" % code)
    check(not s.has_extn("starttls"), "STARTTLS offered")
    check(not s.has_extn("auth"), "AUTH offered")
    check(s.esmtp_features.get("size") == "104857600",
          "SIZE %r" % s.esmtp_features.get("size"))
    with open(os.path.join(T, "sent-plain.eml"), "wb") as f:
        f.write(MSG)
    refused = s.sendmail("a@example.org", ["b@example.net", "c@example.net"],
                         MSG)
    check(refused == {}, "refused %r" % refused)
    # A bare CR inside a command line reaches the server (and its log).
    code, _ = reply(s, b"NOOP x\ry\r\n")
    check(code == 250, "NOOP: %d" % code)
    code, _ = reply(s, b"STARTTLS\r\n")
    check(code == 454, "STARTTLS without --starttls: %d" % code)
    try:
        s.sendmail("a@example.org", ["b@example.net"],
                   b"Subject: long\r\n\r\n" + b"y" * 1500 + b"\r\n")
        check(False, "1500-byte line accepted")
    except smtplib.SMTPDataError as e:
        check(e.smtp_code == 500 and b"Line too long" in e.smtp_error,
              "long line: %r" % (e,))
    s.quit()


def case_starttls_auth(port, ca):
    s = smtp(port)
    s.ehlo()
    check(s.has_extn("starttls"), "no STARTTLS before TLS")
    check(not s.has_extn("auth"), "AUTH offered before STARTTLS")
    code, _ = s.docmd("MAIL FROM:<a@example.org>")
    check(code == 530, "MAIL before STARTTLS: %d (want 530)" % code)
    code, _ = reply(s, b"AUTH PLAIN AHVzZXIAc2VjcmV0\r\n")
    check(code == 530, "AUTH before STARTTLS: %d (want 530)" % code)
    s.starttls(context=trusting(ca))
    s.ehlo()
    check(not s.has_extn("starttls"), "STARTTLS offered again")
    check("PLAIN" in s.esmtp_features.get("auth", "")
          and "LOGIN" in s.esmtp_features.get("auth", ""),
          "AUTH after TLS: %r" % s.esmtp_features.get("auth"))
    s.user, s.password = "user", "wrong"
    try:
        s.auth("PLAIN", s.auth_plain)
        check(False, "AUTH PLAIN with a wrong password succeeded")
    except smtplib.SMTPAuthenticationError as e:
        check(e.smtp_code == 535, "wrong password: %d (want 535)" % e.smtp_code)
    s.password = "secret"
    code, _ = s.auth("PLAIN", s.auth_plain)
    check(code == 235, "AUTH PLAIN: %d" % code)
    s.sendmail("a@example.org", ["b@example.net"], MSG)
    s.quit()
    # AUTH LOGIN (username and password challenges) on a second connection.
    s = smtp(port)
    s.starttls(context=trusting(ca))
    s.ehlo()
    s.user, s.password = "user", "secret"
    code, _ = s.auth("LOGIN", s.auth_login, initial_response_ok=False)
    check(code == 235, "AUTH LOGIN: %d" % code)
    s.quit()


def case_implicit(port, ca):
    s = smtplib.SMTP_SSL(HOST, port, local_hostname="localhost", timeout=5,
                         context=trusting(ca))
    s.ehlo()
    check(not s.has_extn("starttls"), "STARTTLS offered inside TLS")
    check(s.has_extn("auth"), "no AUTH over implicit TLS")
    s.login("user", "secret")
    s.sendmail("a@example.org", ["b@example.net"], MSG)
    s.quit()


def case_untrusted(port, ca):
    s = smtp(port)
    s.ehlo()
    try:
        s.starttls(context=trusting(ca))
        check(False, "untrusted certificate accepted")
    except ssl.SSLCertVerificationError:
        pass
    s.close()


def case_rcpt(port):
    s = smtp(port)
    s.ehlo()
    s.mail("a@example.org")
    code, _ = s.rcpt("good@example.net")
    check(code == 250, "good: %d" % code)
    code, text = s.rcpt("bad@example.net")
    check((code, text) == (550, b"5.1.1 <bad@example.net>: Recipient "
                           b"address rejected"), "bad: %d %r" % (code, text))
    code, text = s.rcpt("Busy@Example.NET")
    check((code, text) == (450, b"4.2.0 <Busy@Example.NET>: Mailbox busy, "
                           b"try later"), "busy: %d %r" % (code, text))
    code, _ = s.data(MSG)
    check(code == 250, "DATA: %d" % code)
    try:
        s.sendmail("a@example.org", ["bad@example.net"], MSG)
        check(False, "all recipients refused yet no error")
    except smtplib.SMTPRecipientsRefused as e:
        check(e.recipients == {"bad@example.net": (550, b"5.1.1 "
              b"<bad@example.net>: Recipient address rejected")},
              "refused: %r" % e.recipients)
    s.quit()


def case_data_reply(port):
    s = smtp(port)
    try:
        s.sendmail("a@example.org", ["b@example.net"], MSG)
        check(False, "message accepted")
    except smtplib.SMTPDataError as e:
        check((e.smtp_code, e.smtp_error) == (554, b"5.7.1 Message refused"),
              "DATA reply: %r" % (e,))
    s.quit()


def dropped(port, msg):
    """The server must close the connection without a reply to DATA."""
    s = smtp(port)
    t0 = time.monotonic()
    try:
        s.sendmail("a@example.org", ["b@example.net"], msg)
        check(False, "%d-byte message accepted" % len(msg))
    except smtplib.SMTPResponseException as e:
        check(False, "%d-byte message: a reply instead of a drop: %r"
              % (len(msg), e))
    except OSError as e:  # SMTPServerDisconnected, reset, broken pipe
        check("timed out" not in str(e), "timed out instead of a drop")
    check(time.monotonic() - t0 < 2, "drop took %.1f s"
          % (time.monotonic() - t0))
    s.close()


def case_drop(port):
    big = b"Subject: big\r\n\r\n" + (b"z" * 76 + b"\r\n") * 4000  # 312 KiB
    dropped(port, big)
    dropped(port, MSG)


def timed_out(port, timeout, what, send):
    t0 = time.monotonic()
    try:
        s = smtp(port, timeout=timeout)
        if send:
            s.sendmail("a@example.org", ["b@example.net"], MSG)
        check(False, "%s: no timeout" % what)
    except smtplib.SMTPServerDisconnected as e:
        check("timed out" in str(e), "%s: %r" % (what, e))
    took = time.monotonic() - t0
    check(timeout - 0.1 < took < timeout + 1.5,
          "%s: timed out after %.2f s, not ~%g s" % (what, took, timeout))


def case_stall(port, pidfile):
    timed_out(port, 2, "no banner", False)
    # SIGTERM with a connection still open: the server closes it and exits.
    sock = socket.create_connection((HOST, port), timeout=3)
    os.kill(int(open(pidfile).read()), 15)
    try:
        check(sock.recv(1) == b"", "data on a stalled connection")
    except ConnectionResetError:
        pass
    except OSError as e:
        check(False, "connection not closed on SIGTERM: %r" % e)
    sock.close()


def case_stall_after_data(port):
    timed_out(port, 1, "no reply to DATA", True)


def case_meta(path, expr):
    m = json.load(open(path))
    check(eval(expr), "%s: %s is false for %s" % (path, expr, json.dumps(m)))


case, args = sys.argv[1], sys.argv[2:]
try:
    globals()["case_" + case.replace("-", "_")](*args)
except Exception as e:
    errors.append("unexpected %s: %s" % (type(e).__name__, e))
for e in errors:
    print(e)
sys.exit(1 if errors else 0)
PY

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

echo "$checks checks, $failures failed"
[ "$failures" -eq 0 ] || exit 1
exit 0
