# Sendmail mode against a real SMTP server (aiosmtpd on 127.0.0.1): the
# fault matrix. Each case checks the exit code, stderr, the dead letter
# (byte-equal to the input) and what the server received.
. "$(dirname "$0")/lib.sh"
. "$SENDGUARD_TOP/tests/smtp/lib.sh"
trap 'smtp_stop_all; rm -rf "$T"' EXIT
trap 'exit 1' INT TERM HUP
smtp_certs || exit 1

printf 'From: Me <me@example.org>\nTo: Jane <jane@example.com>\nCc: bob@example.net\nBcc: hidden@example.com\nSubject: status\n\nHello Jane,\n.\nFrom here on, all is well.\n' > "$T/msg"

# account [KEY=VALUE...]: writes a config with one account "test".
account() {
	{
		echo "[account test]"
		echo "host = 127.0.0.1"
		echo "from = me@example.org"
		for kv in "$@"; do echo "$kv" | sed 's/=/ = /'; done
	} > "$XDG_CONFIG_HOME/sendguard/config"
}

deadcount() {
	find "$XDG_STATE_HOME/sendguard/dead.letter/new" -type f 2>/dev/null | wc -l
}

# send RC NAME [ARGS...]: sends $T/msg with the arguments (default: to jane
# and bob), expects exit RC; on failure, a new dead letter equal to the input.
send() {
	want=$1
	name=$2
	shift 2
	[ $# -gt 0 ] || set -- -- jane@example.com bob@example.net
	before=$(deadcount)
	"$SENDGUARD" -oi -oem "$@" <"$T/msg" >"$T/out" 2>"$T/err"
	rc=$?
	expect_rc "$want" "$name"
	if [ "$want" -ne 0 ]; then
		[ "$(deadcount)" -eq $((before + 1)) ] || fail "$name: no dead letter"
		last=$(ls -t "$XDG_STATE_HOME"/sendguard/dead.letter/new/* 2>/dev/null | head -1)
		[ -n "$last" ] && cmp -s "$last" "$T/msg" || fail "$name: dead letter differs from the input"
		grep -q "^sendguard: the message is kept in " "$T/err" || fail "$name: kept path not said"
	else
		[ "$(deadcount)" -eq "$before" ] || fail "$name: a dead letter on success"
	fi
	if grep -v '^sendguard: ' "$T/err" | grep -q .; then
		fail "$name: a stderr line without 'sendguard: '"
	fi
}

# 1. STARTTLS required, AUTH with passwordeval, Bcc in the envelope only.
smtp_start good --starttls "$SMTP_CERT" "$SMTP_KEY" --require-starttls --auth user:s3cret || exit 1
account "port=$SMTP_PORT" "tls=starttls" "tls_trust_file=$SMTP_CERT" "user=user" "passwordeval=echo s3cret"
send 0 "starttls+auth" -f me@example.org -- jane@example.com bob@example.net hidden@example.com
[ -s "$T/err" ] && fail "starttls+auth: not silent on success, as msmtp: $(cat "$T/err")"
[ "$(smtp_count good)" -eq 1 ] || fail "starttls+auth: server has $(smtp_count good) messages"
/usr/bin/python3 - "$(smtp_meta good 1)" <<'PY' || fail "starttls+auth: envelope"
import json, sys
m = json.load(open(sys.argv[1]))
assert m["tls"] and m["auth_user"] == "user", m
assert m["mail_from"] == "me@example.org", m
assert m["rcpt_tos"] == ["jane@example.com", "bob@example.net", "hidden@example.com"], m
assert m["helo"] == "example.org", m
PY
eml=$(smtp_msg good 1)
grep -qi '^bcc:' "$eml" && fail "Bcc header transmitted"
grep -q 'hidden' "$eml" && fail "the Bcc recipient is named in the message"
grep -q '^Date: ' "$eml" || fail "no Date added"
grep -q '^Message-ID: <.*@example.org>' "$eml" || fail "no Message-ID on the sender's domain"
grep -q '^Subject: status' "$eml" || fail "subject changed"
grep -q "^\.$(printf '\r')$" "$eml" || fail "the lone dot line did not survive"
grep -q '^From here on, all is well.' "$eml" || fail "body changed"
grep -q 'C: AUTH' "$(smtp_log good)" || fail "no AUTH"
smtp_stop good

# 2. Connection refused: nobody listens on the stopped server's port.
account "port=$SMTP_PORT" "tls=starttls" "tls_trust_file=$SMTP_CERT"
send 75 "connection refused"
expect_err "not sent" "connection refused"

# 3. An untrusted certificate.
smtp_start untrusted --starttls "$SMTP_OTHER_CERT" "$SMTP_OTHER_KEY" --require-starttls || exit 1
account "port=$SMTP_PORT" "tls=starttls" "tls_trust_file=$SMTP_CERT"
send 69 "untrusted certificate"
expect_err "TLS" "untrusted certificate"
[ "$(smtp_count untrusted)" -eq 0 ] || fail "untrusted certificate: delivered"
smtp_stop untrusted

# 4. No STARTTLS offered: never fall back to plaintext.
smtp_start notls --auth user:s3cret --auth-plaintext || exit 1
account "port=$SMTP_PORT" "tls=starttls" "user=user" "passwordeval=echo s3cret"
send 69 "no STARTTLS"
expect_err "STARTTLS" "no STARTTLS"
grep -q 'C: AUTH\|C: MAIL' "$(smtp_log notls)" && fail "no STARTTLS: spoke in plaintext"
smtp_stop notls

# 5. A wrong password.
smtp_start auth --starttls "$SMTP_CERT" "$SMTP_KEY" --require-starttls --auth user:s3cret || exit 1
account "port=$SMTP_PORT" "tls=starttls" "tls_trust_file=$SMTP_CERT" "user=user" "passwordeval=echo wrong"
send 77 "wrong password"
expect_err "authentication failed" "wrong password"
[ "$(smtp_count auth)" -eq 0 ] || fail "wrong password: delivered"
smtp_stop auth

# 6. One recipient refused (550): nobody receives it.
smtp_start r550 --reject bob@example.net || exit 1
account "port=$SMTP_PORT" "tls=off"
send 65 "550 for one recipient"
expect_err "bob@example.net" "550 for one recipient"
expect_err "550" "550 for one recipient"
[ "$(smtp_count r550)" -eq 0 ] || fail "550: someone received it"
smtp_stop r550

# 7. One recipient temporarily refused (450): 69, as msmtp.
smtp_start r450 --tempfail bob@example.net || exit 1
account "port=$SMTP_PORT" "tls=off"
send 69 "450 for one recipient"
expect_err "450" "450 for one recipient"
[ "$(smtp_count r450)" -eq 0 ] || fail "450: someone received it"
smtp_stop r450

# 8. 554 after DATA: 69, as msmtp.
smtp_start r554 --data-reply "554 5.7.1 Message refused" || exit 1
account "port=$SMTP_PORT" "tls=off"
send 69 "554 after DATA"
expect_err "554" "554 after DATA"
smtp_stop r554

# 9. The connection drops during DATA.
smtp_start drop --drop-during-data || exit 1
account "port=$SMTP_PORT" "tls=off"
send 75 "drop during DATA"
[ "$(smtp_count drop)" -eq 0 ] || fail "drop: spooled"
smtp_stop drop

# 10. A server that stalls (no banner): a timeout, not a hang.
smtp_start stall --stall || exit 1
account "port=$SMTP_PORT" "tls=off" "timeout=2"
send 75 "stalled server"
smtp_stop stall

# 11. Implicit TLS.
smtp_start smtps --implicit-tls "$SMTP_CERT" "$SMTP_KEY" || exit 1
account "port=$SMTP_PORT" "tls=tls" "tls_trust_file=$SMTP_CERT"
send 0 "implicit TLS"
[ "$(smtp_count smtps)" -eq 1 ] || fail "implicit TLS: not delivered"
smtp_stop smtps

# 12. tls = off only to localhost.
config '[account test]
host = 192.0.2.1
tls = off'
send 78 "tls=off to another host"
expect_err "only to localhost" "tls=off to another host"

# 13. CR/LF in a recipient never reaches the server.
smtp_start inject || exit 1
account "port=$SMTP_PORT" "tls=off"
send 65 "CR/LF in a recipient" -- "$(printf 'x@example.com>\r\nRSET')"
grep -q 'RSET' "$(smtp_log inject)" && fail "CR/LF: a command was injected"

# 14. -t reads To/Cc/Bcc.
"$SENDGUARD" -t <"$T/msg" >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "-t"
/usr/bin/python3 - "$(smtp_meta inject 1)" <<'PY' || fail "-t: envelope"
import json, sys
m = json.load(open(sys.argv[1]))
assert sorted(m["rcpt_tos"]) == ["bob@example.net", "hidden@example.com", "jane@example.com"], m
PY

# 14b. RCPT TO carries the address the guard checked: every spelling of a
# domain (capitals, a root dot, full-width letters and dot) as its one
# A-label form, the local part as written.
send 0 "normalized" -- "Jane@EXAMPLE.COM." "$(printf 'bob@\357\275\205xample\343\200\202net')"
/usr/bin/python3 - "$(smtp_meta inject 2)" <<'PY' || fail "normalized: envelope"
import json, sys
m = json.load(open(sys.argv[1]))
assert m["rcpt_tos"] == ["Jane@example.com", "bob@example.net"], m
PY
smtp_stop inject

# 15. No account anywhere: exit 78 as msmtp, the message kept, nothing
# reported sent; the built-in outbox only when the config asks for it.
rm -f "$XDG_CONFIG_HOME/sendguard/config"
send 78 "no account"
expect_err "account default not found" "no account"
expect_err "outbox = on" "no account: the way to the outbox is named"
[ -d "$XDG_DATA_HOME/sendguard/outbox/new" ] && fail "no account: something went to the outbox"
printf '[delivery]\noutbox = on\n' > "$XDG_CONFIG_HOME/sendguard/config"
send 0 "outbox = on"
expect_err "outbox" "outbox = on"
[ "$(find "$XDG_DATA_HOME/sendguard/outbox/new" -type f | wc -l)" -eq 1 ] || fail "outbox: no message"

# 16. A message that cannot be stored (a full disk): said, nothing sent.
(
	trap '' XFSZ
	ulimit -f 1
	head -c 100000 /dev/zero | tr '\0' 'x' | "$SENDGUARD" -- jane@example.com >"$T/out" 2>"$T/err"
	echo $? > "$T/rc"
)
rc=$(cat "$T/rc")
expect_rc 75 "full disk"
expect_err "cannot store" "full disk"

# 17. Usage errors.
"$SENDGUARD" -bs </dev/null >"$T/out" 2>"$T/err"
rc=$?
expect_rc 64 "-bs"
"$SENDGUARD" </dev/null >"$T/out" 2>"$T/err"
rc=$?
expect_rc 64 "no recipients"

finish
