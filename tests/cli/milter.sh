# sendguard milter inside a real Postfix: a private instance (its own
# config, queue and log under $T, smtpd on 127.0.0.1, every message relayed
# to the test server) with smtpd_milters pointing at `sendguard milter`;
# mail sent through it with msmtp (no guard of its own) and with sendguard.
# Root only (Postfix's master runs as root); CI runs as root.
. "$(dirname "$0")/lib.sh"
. "$SENDGUARD_TOP/tests/smtp/lib.sh"
. "$SENDGUARD_TOP/tests/milter/postfix.sh"
PATH=$PATH:/usr/sbin
if [ "$(id -u)" -ne 0 ]; then
	echo "FAIL: milter.sh starts a private Postfix instance and must run as root" >&2
	exit 1
fi
for prog in postfix msmtp; do
	command -v "$prog" >/dev/null 2>&1 || {
		echo "FAIL: $prog is not installed (scripts/deps.sh installs it)" >&2
		exit 1
	}
done
PF=$T/pf
MPID=
trap 'pf_stop "$PF"; [ -n "$MPID" ] && kill "$MPID" 2>/dev/null; smtp_stop_all; rm -rf "$T"' EXIT
trap 'exit 1' INT TERM HUP

smtp_start sink || exit 1
MCONF=$T/milter.conf
guard_conf() {
	printf '[guard]\norg_domains = example.org\nmarkings = FOUO\n%s\n' "$1" >"$MCONF"
}
guard_conf ""
MPORT=$(pf_free_port)
"$SENDGUARD" milter -C "$MCONF" --socket "inet:$MPORT@127.0.0.1" --foreground \
    2>"$T/milter.log" &
MPID=$!
PPORT=$(pf_free_port)
pf_setup "$PF" "$PPORT" "$SMTP_PORT" "inet:127.0.0.1:$MPORT" || exit 1
pf_start "$PF" || exit 1
grep -q "listening on" "$T/milter.log" || { fail "milter: $(cat "$T/milter.log")"; finish; }

# msmtp_send FILE RCPT...: msmtp straight to the relay, no guard of its own.
msmtp_send() {
	m=$1
	shift
	msmtp --host=127.0.0.1 --port="$PPORT" --from=me@example.org -- "$@" \
	    <"$m" >"$T/out" 2>"$T/err"
	rc=$?
}

# wait_sink N: until the test server holds N messages (15 s at most).
wait_sink() {
	end=$(($(date +%s) + 15))
	while [ "$(smtp_count sink)" -lt "$1" ]; do
		if [ "$(date +%s)" -ge "$end" ]; then
			fail "the test server has $(smtp_count sink) messages, not $1: $(tail -5 "$(pf_log "$PF")")"
			return 1
		fi
		sleep 0.05
	done
}

# rcpts N: the envelope recipients of the test server's message N.
rcpts() {
	/usr/bin/python3 -c 'import json, sys
print(" ".join(json.load(open(sys.argv[1]))["rcpt_tos"]))' "$(smtp_meta sink "$1")"
}

# reload TEXT: a new [guard] tail, SIGHUP, and wait for the reload.
reload() {
	n=$(grep -c "reloaded" "$T/milter.log")
	guard_conf "$1"
	kill -HUP "$MPID"
	end=$(($(date +%s) + 10))
	while [ "$(grep -c "reloaded" "$T/milter.log")" -le "$n" ]; do
		[ "$(date +%s)" -ge "$end" ] && { fail "no reload: $(tail -3 "$T/milter.log")"; return 1; }
		sleep 0.05
	done
}

msg() {
	printf 'From: me@example.org\nTo: %s\nSubject: %s\nMessage-ID: <%s@example.org>\n\nhello\n' "$1" "$2" "$3" >"$T/$3.eml"
}

# 1. The seed's case, from a client with no guard: refused with the
# suggestion, and it never reaches the next hop.
msg john@army.ml "status" m1
msmtp_send "$T/m1.eml" john@army.ml
[ "$rc" -ne 0 ] || fail "army.ml: msmtp exit 0"
expect_err "550.*5.7.1 sendguard: john@army.ml: .*did you mean john@army.mil?" "army.ml"

# 2. The right address goes through.
msg john@army.mil "status" m2
msmtp_send "$T/m2.eml" john@army.mil
expect_rc 0 "army.mil"
wait_sink 1
[ "$(rcpts 1)" = john@army.mil ] || fail "army.mil: sent to $(rcpts 1)"
grep -q "army.ml" "$(smtp_log sink)" && fail "army.ml reached the test server"

# 3. A marking in the subject to an outside domain.
msg jane@gmail.com "FOUO budget" m3
msmtp_send "$T/m3.eml" jane@gmail.com
[ "$rc" -ne 0 ] || fail "FOUO: msmtp exit 0"
expect_err "550.*jane@gmail.com: .*FOUO" "FOUO"

# 4. sendguard with the user's permit (allow --once): its
# Sendguard-Resolved header lets it through, and never leaves the relay.
printf '[account relay]\nhost = 127.0.0.1\nport = %s\ntls = off\nfrom = me@example.org\n\n[guard]\norg_domains = example.org\nmarkings = FOUO\n' \
    "$PPORT" >"$XDG_CONFIG_HOME/sendguard/config"
"$SENDGUARD" allow --once army.ml >/dev/null
msg john@army.ml "resolved" m4
run -f me@example.org john@army.ml <"$T/m4.eml"
expect_rc 0 "sendguard + permit"
wait_sink 2
[ "$(rcpts 2)" = john@army.ml ] || fail "permit: sent to $(rcpts 2)"
grep -qi "^Sendguard-Resolved" "$(smtp_msg sink 2)" && fail "permit: the header left the relay"
grep -q "accept: 1 recipient, 0 warnings, 0 blocks, 1 waived" "$T/milter.log" || fail "permit: not waived: $(tail -3 "$T/milter.log")"

# 5. The header is bound to its message: made by sendguard (into the
# outbox: no account, and outbox = on), it lets the same message through from any
# client, and nothing else: other recipients, or another Message-ID.
"$SENDGUARD" allow --once army.ml >/dev/null
printf '[guard]\norg_domains = example.org\n[delivery]\noutbox = on\n' >"$T/outbox.conf"
msg john@army.ml "bound" m5
"$SENDGUARD" -C "$T/outbox.conf" -f me@example.org john@army.ml <"$T/m5.eml" >/dev/null 2>&1
made=$(ls "$XDG_DATA_HOME"/sendguard/outbox/new/* 2>/dev/null | head -1)
if [ -z "$made" ] || ! grep -q "^Sendguard-Resolved: v=1;" "$made"; then
	fail "no Sendguard-Resolved header in the outbox: $(cat "$made" 2>/dev/null)"
fi
msmtp_send "$made" john@army.ml
expect_rc 0 "same message, msmtp"
wait_sink 3
grep -qi "^Sendguard-Resolved" "$(smtp_msg sink 3)" && fail "bound: the header left the relay"
msmtp_send "$made" john@army.ml joe@army.ml
[ "$rc" -ne 0 ] || fail "another recipient: msmtp exit 0"
expect_err "550-5.7.1 sendguard: john@army.ml: .*did you mean john@army.mil?" "two lines (1)"
expect_err "550 5.7.1 sendguard: joe@army.ml: .*did you mean joe@army.mil?" "two lines (2)"
sed 's/^Message-ID: <m5@/Message-ID: <other@/' "$made" >"$T/m5b.eml"
msmtp_send "$T/m5b.eml" john@army.ml
[ "$rc" -ne 0 ] || fail "another Message-ID: msmtp exit 0"
grep -q "not bound to this message" "$T/milter.log" || fail "no log of the unbound header"
# milter_honour_resolved = no: the same bound message is refused, and
# the header is still removed from what goes out (here: nothing).
reload "milter_honour_resolved = no"
msmtp_send "$made" john@army.ml
[ "$rc" -ne 0 ] || fail "honour = no: msmtp exit 0"
expect_err "john@army.ml: .*did you mean john@army.mil?" "honour = no"
reload ""

# 6. A reload while an SMTP session is open: the session goes on, its next
# message sees the new policy (a block on *.ml, refused at RCPT TO).
/usr/bin/python3 - "$PPORT" "$T/reload.go" "$T/reload.done" >"$T/session.out" 2>&1 <<'PY' &
import os, smtplib, sys, time
port, go, done = int(sys.argv[1]), sys.argv[2], sys.argv[3]
s = smtplib.SMTP("127.0.0.1", port, timeout=20)
msg = b"From: me@example.org\r\nTo: john@army.mil\r\nSubject: x\r\nMessage-ID: <m6@example.org>\r\n\r\nhi\r\n"
s.mail("me@example.org")
s.rcpt("john@army.mil")
open(go, "w").close()
end = time.monotonic() + 15
while not os.path.exists(done) and time.monotonic() < end:
    time.sleep(0.02)
code, _ = s.data(msg)
print("data", code)
s.mail("me@example.org")
code, text = s.rcpt("jane@army.ml")
print("rcpt", code, text.decode())
s.rset()
s.quit()
PY
sess=$!
end=$(($(date +%s) + 10))
while [ ! -f "$T/reload.go" ] && [ "$(date +%s)" -lt "$end" ]; do sleep 0.02; done
reload "block = *.ml"
touch "$T/reload.done"
wait "$sess" || fail "session: $(cat "$T/session.out")"
grep -q "^data 250" "$T/session.out" || fail "the open session lost its message: $(cat "$T/session.out")"
grep -q "^rcpt 550 5.7.1 sendguard: jane@army.ml: blocked" "$T/session.out" ||
    fail "the new policy did not apply: $(cat "$T/session.out")"
wait_sink 4

# 7. A policy block is never waived by the header.
"$SENDGUARD" allow --once army.ml >/dev/null
run -f me@example.org john@army.ml <"$T/m4.eml"
[ "$rc" -ne 0 ] || fail "block + header: exit 0"
expect_err "john@army.ml" "block + header"
grep -q "refused RCPT TO:<john@army.ml>: john@army.ml: blocked by the policy rule" "$T/milter.log" ||
    fail "block + header: $(tail -3 "$T/milter.log")"

# 8. milter_action = tag: delivered, with one X-Sendguard per finding.
reload "milter_action = tag"
msmtp_send "$T/m1.eml" john@army.ml
expect_rc 0 "tag"
wait_sink 5
grep -q "^X-Sendguard: warn; john@army.ml; tld-trap; army.mil" "$(smtp_msg sink 5)" ||
    fail "tag: $(head -20 "$(smtp_msg sink 5)")"

# 9. milter_action = quarantine: accepted, and held by Postfix.
reload "milter_action = quarantine"
msmtp_send "$T/m1.eml" john@army.ml
expect_rc 0 "quarantine"
end=$(($(date +%s) + 10))
until [ -n "$(find "$PF/queue/hold" -type f 2>/dev/null)" ]; do
	[ "$(date +%s)" -ge "$end" ] && { fail "quarantine: nothing on hold"; break; }
	sleep 0.05
done
grep -q "milter-hold: END-OF-MESSAGE" "$(pf_log "$PF")" ||
    fail "quarantine: $(grep hold "$(pf_log "$PF")")"
grep -q "quarantine: 1 recipient, 1 warning" "$T/milter.log" ||
    fail "quarantine: $(tail -3 "$T/milter.log")"

# 10. Mail handed to Postfix's sendmail command (non_smtpd_milters): a
# block cannot refuse one recipient there, so it refuses the message,
# whatever milter_action says, and Postfix bounces it to the sender.
reload "$(printf 'milter_action = quarantine\nblock = *.tk')"
before=$(smtp_count sink)
sendmail -C "$PF/etc" -f me@example.org x@orange.tk john@army.mil <"$T/m2.eml" ||
    fail "sendmail: exit $?"
wait_sink $((before + 1))
bounce=$(smtp_msg sink $((before + 1)))
[ "$(rcpts $((before + 1)))" = me@example.org ] || fail "non-SMTP: not a bounce to the sender"
grep -q "sendguard: x@orange.tk: blocked by the policy rule" "$bounce" ||
    fail "non-SMTP: the bounce lacks the reason: $(head -40 "$bounce")"
grep -q "configuration error" "$(pf_log "$PF")" && fail "non-SMTP: Postfix saw a milter configuration error"

# 10b. A marking to a domain the user trusts: the client's header names
# it (trust), so the relay does not refuse what the user decided.
reload "milter_action = reject"
printf '[account relay]\nhost = 127.0.0.1\nport = %s\ntls = off\nfrom = me@example.org\n\n[guard]\norg_domains = example.org\nmarkings = FOUO\n' \
    "$PPORT" >"$XDG_CONFIG_HOME/sendguard/config"
"$SENDGUARD" trust gmail.com >/dev/null
msg jane@gmail.com "FOUO budget" m10
before=$(smtp_count sink)
waived=$(grep -c "0 blocks, 1 waived" "$T/milter.log")
run -f me@example.org jane@gmail.com <"$T/m10.eml"
expect_rc 0 "FOUO to a trusted domain"
wait_sink $((before + 1))
[ "$(rcpts $((before + 1)))" = jane@gmail.com ] || fail "FOUO + trust: sent to $(rcpts $((before + 1)))"
[ "$(grep -c "0 blocks, 1 waived" "$T/milter.log")" -eq $((waived + 1)) ] ||
    fail "FOUO + trust: not waived: $(tail -3 "$T/milter.log")"
"$SENDGUARD" untrust gmail.com >/dev/null

# 11. The milter down: milter_default_action = tempfail, as the README
# recommends, holds mail back (4xx) rather than letting it through.
kill -TERM "$MPID"
wait "$MPID"
mrc=$?
MPID=
[ "$mrc" -eq 0 ] || fail "milter exit $mrc"
before=$(smtp_count sink)
msmtp_send "$T/m2.eml" john@army.mil
[ "$rc" -ne 0 ] || fail "milter down: msmtp exit 0"
expect_err "451 4.7.1" "milter down"
[ "$(smtp_count sink)" -eq "$before" ] || fail "milter down: the message went through"

if grep -v '^sendguard: ' "$T/milter.log" | grep -q .; then
	fail "a milter log line without 'sendguard: ': $(grep -v '^sendguard: ' "$T/milter.log" | head -3)"
fi
finish
