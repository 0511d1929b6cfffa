# The Sendguard-Resolved header that sendmail mode adds, against a real
# SMTP server: "once" and "trust" answered at the resolve prompt (on a
# terminal that tmux holds), a Bcc recipient's domain written as a hash,
# "known" from the history on the next send, nothing when nothing was
# resolved, and any such header the message came with dropped. The value
# is checked against the format the README gives, by a separate
# implementation (Python's hashlib), so that a relay other than ours could
# verify it too.
. "$(dirname "$0")/lib.sh"
. "$SENDGUARD_TOP/tests/smtp/lib.sh"
SOCK="$T/tmux.sock"
trap 'tmux -S "$SOCK" kill-server 2>/dev/null; smtp_stop_all; rm -rf "$T"' EXIT
trap 'exit 1' INT TERM HUP
command -v tmux >/dev/null || { echo "tmux is not installed (scripts/deps.sh installs it)"; exit 1; }

smtp_start mx || exit 1
config "[account test]
host = 127.0.0.1
port = $SMTP_PORT
tls = off
from = me@example.org

[guard]
org_domains = example.org"

# check N EXPECTED...: message N's header, verified as the README says;
# EXPECTED items are DOMAIN=HOW (written plainly) or #DOMAIN=HOW (hidden).
check() {
	/usr/bin/python3 - "$(smtp_msg mx "$1")" "$(smtp_meta mx "$1")" "$@" <<'PY' ||
import email, hashlib, json, re, sys
raw = open(sys.argv[1], "rb").read()
msg = email.message_from_bytes(raw)
rcpts = json.load(open(sys.argv[2]))["rcpt_tos"]
want = sys.argv[4:]
vals = msg.get_all("Sendguard-Resolved") or []
if not want:
    sys.exit("a header where none was due: %r" % vals if vals else 0)
if len(vals) != 1:
    sys.exit("expected one header, got %r" % vals)
items = [i.strip() for i in re.sub(r"\s", "", vals[0]).split(";") if i]
if items[0] != "v=1":
    sys.exit("no v=1 first: %r" % items)
kv = dict(i.split("=", 1) for i in items)
tag = b"sendguard-resolved v1"
norm = sorted({r.lower() for r in rcpts})
h = hashlib.sha256(tag + b"\n" + re.sub(r"\s", "", msg["Message-ID"]).encode()
                   + b"\n" + b"".join(r.encode() + b"\n" for r in norm))
if kv.get("bind") != h.hexdigest():
    sys.exit("bind %s, computed %s" % (kv.get("bind"), h.hexdigest()))
named = {k: v for k, v in kv.items() if k not in ("v", "bind")}
expect = {}
for w in want:
    d, how = w.split("=")
    if d.startswith("#"):
        t = hashlib.sha256(tag + b" domain\n" + kv["bind"].encode() + b"\n"
                           + d[1:].encode()).hexdigest()[:16]
        expect["#" + t] = how
    else:
        expect[d] = how
if named != expect:
    sys.exit("named %r, expected %r" % (named, expect))
PY
	fail "message $1: the header does not check out"
}

# send_tty TEXT=KEY... -- RCPT...: sendmail mode inside tmux; each time
# the resolve prompt shows TEXT, KEY answers it.
send_tty() {
	answers=
	while [ "$1" != "--" ]; do
		answers="$answers $1"
		shift
	done
	shift
	rm -f "$T/done"
	tmux -S "$SOCK" new-session -d -s m -x 100 -y 30 \
	    "env -u SENDGUARD_TTY TERM=xterm-256color '$SENDGUARD' -f me@example.org -- $* <'$T/msg' >'$T/out' 2>'$T/err'; echo \$? >'$T/done'" ||
	    { fail "tmux did not start"; return 1; }
	for a in $answers; do
		end=$(($(date +%s) + 20))
		until tmux -S "$SOCK" capture-pane -p -t m 2>/dev/null |
		    grep -qF "Did you mean ${a%=*}"; do
			[ "$(date +%s)" -ge "$end" ] && { fail "no prompt for ${a%=*}: $(tmux -S "$SOCK" capture-pane -p -t m)"; return 1; }
			sleep 0.05
		done
		tmux -S "$SOCK" send-keys -t m "${a##*=}"
	done
	end=$(($(date +%s) + 20))
	until [ -s "$T/done" ]; do
		[ "$(date +%s)" -ge "$end" ] && { fail "sendguard did not finish"; return 1; }
		sleep 0.05
	done
	[ "$(cat "$T/done")" -eq 0 ] || fail "exit $(cat "$T/done"): $(cat "$T/err")"
}

# 1. o for army.ml, t for gmial.com, o for navy.ml, which is only in the
# envelope (a Bcc): hidden.
printf 'From: me@example.org\nTo: John <john@army.ml>, bob@gmial.com\nCc: ann@example.org\nSubject: plans\nSendguard-Resolved: v=1; bind=00; forged.example=trust\n\nhello\n' >"$T/msg"
send_tty "john@army.mil?=o" "bob@gmail.com?=t" "dave@navy.mil?=o" -- \
    john@army.ml bob@gmial.com ann@example.org dave@navy.ml
[ "$(smtp_count mx)" -eq 1 ] || fail "1: not delivered"
check 1 army.ml=once gmial.com=trust "#navy.ml=once"
grep -q "forged.example" "$(smtp_msg mx 1)" && fail "1: the old header went out"

# 2. Nothing to resolve (ann is the org's; gmial.com trusted, but the
# relay would warn: trust; army.ml and navy.ml delivered before: known).
printf 'From: me@example.org\nTo: john@army.ml, bob@gmial.com, ann@example.org\nSubject: again\n\nhello\n' >"$T/msg"
run -f me@example.org -- john@army.ml bob@gmial.com ann@example.org dave@navy.ml <"$T/msg"
expect_rc 0 "2: known"
check 2 army.ml=known gmial.com=trust "#navy.ml=known"

# 3. Nothing the relay would warn about: no header.
printf 'From: me@example.org\nTo: ann@example.org\nSubject: inside\n\nhello\n' >"$T/msg"
run -f me@example.org -- ann@example.org <"$T/msg"
expect_rc 0 "3: plain"
check 3
finish
