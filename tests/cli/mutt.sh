# The real mutt (Debian's package) in batch mode, with $sendmail set to
# sendguard, delivering to a real SMTP server on 127.0.0.1.
. "$(dirname "$0")/lib.sh"
. "$SENDGUARD_TOP/tests/smtp/lib.sh"
trap 'smtp_stop_all; rm -rf "$T"' EXIT
trap 'exit 1' INT TERM HUP
command -v mutt >/dev/null || { echo "mutt is not installed (scripts/deps.sh installs it)"; exit 1; }

smtp_start mx || exit 1
config "[account test]
host = 127.0.0.1
port = $SMTP_PORT
tls = off
from = me@example.org"
muttrc "$T/muttrc"

# A good recipient arrives; the Bcc (-b) receives it and is invisible.
echo "hello from mutt" | mutt -n -F "$T/muttrc" -s "good" -b secret@example.com -- jane@example.com >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "mutt: good recipient"
[ "$(smtp_count mx)" -eq 1 ] || fail "mutt: good recipient not delivered"
/usr/bin/python3 - "$(smtp_meta mx 1)" <<'PY' || fail "mutt: envelope"
import json, sys
m = json.load(open(sys.argv[1]))
assert sorted(m["rcpt_tos"]) == ["jane@example.com", "secret@example.com"], m
PY
grep -qi 'secret' "$(smtp_msg mx 1)" && fail "mutt: the Bcc recipient is visible"
grep -q 'hello from mutt' "$(smtp_msg mx 1)" || fail "mutt: body missing"

# A typo: mutt reports failure, its output names the fix, nothing leaves.
echo "for the army" | mutt -n -F "$T/muttrc" -s "typo" -- john@army.ml >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" -ne 0 ] || fail "mutt: a typo recipient was reported as sent"
cat "$T/out" >> "$T/err"
expect_err "army.mil" "mutt: the fix is named"
expect_err "sendguard allow --once army.ml" "mutt: the resolving command is named"
[ "$(smtp_count mx)" -eq 1 ] || fail "mutt: the typo was delivered"

# The user resolves it as told, sends again, and it goes.
"$SENDGUARD" allow --once army.ml >/dev/null || fail "allow --once"
echo "for the army" | mutt -n -F "$T/muttrc" -s "typo" -- john@army.ml >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "mutt: after allow --once"
[ "$(smtp_count mx)" -eq 2 ] || fail "mutt: not delivered after allow --once"

finish
