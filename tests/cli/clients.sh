# The real neomutt, s-nail and git send-email (Debian's packages; mutt has
# tests/cli/mutt.sh), each pointed at sendguard with nothing but an msmtp
# user's ~/.msmtprc, delivering to a real SMTP server on 127.0.0.1: a plain
# message, a Bcc (never in the delivered header), and a typo refused with
# the reason in the client's own output.
. "$(dirname "$0")/lib.sh"
. "$SENDGUARD_TOP/tests/smtp/lib.sh"
trap 'smtp_stop_all; rm -rf "$T"' EXIT
trap 'exit 1' INT TERM HUP
for p in neomutt s-nail git; do
	command -v $p >/dev/null || { echo "$p is not installed (scripts/deps.sh installs it)"; exit 1; }
done
git send-email --help >/dev/null 2>&1 || { echo "git send-email is not installed (git-email)"; exit 1; }

smtp_start mx || exit 1
rm -rf "$XDG_CONFIG_HOME/sendguard"
msmtprc "$SMTP_PORT"
# s-nail gives its child the passwd's HOME and drops XDG_*: a wrapper puts
# this test's back (a real user's are the same anyway).
cat > "$T/sendguard-env" <<EOF2
#!/bin/sh
export HOME="$HOME" XDG_CONFIG_HOME="$XDG_CONFIG_HOME" XDG_STATE_HOME="$XDG_STATE_HOME" \
    XDG_DATA_HOME="$XDG_DATA_HOME" XDG_CACHE_HOME="$XDG_CACHE_HOME" SENDGUARD_TTY=none
exec "$SENDGUARD" "\$@"
EOF2
chmod +x "$T/sendguard-env"

# delivered CLIENT N SUBJECT: message N arrived for jane and the Bcc, the
# Bcc named nowhere in it.
delivered() {
	[ "$(smtp_count mx)" -eq "$2" ] || { fail "$1: $(smtp_count mx) messages, expected $2"; return; }
	/usr/bin/python3 - "$(smtp_meta mx "$2")" "$(smtp_msg mx "$2")" "$3" <<'PY' || fail "$1: envelope or header"
import json, sys
m = json.load(open(sys.argv[1]))
assert sorted(m["rcpt_tos"]) == ["jane@example.com", "secret@example.com"], m
assert m["mail_from"] == "me@example.org", m
msg = open(sys.argv[2], "rb").read()
head = msg.split(b"\r\n\r\n", 1)[0]
assert b"secret" not in msg, "the Bcc is visible"
assert sys.argv[3].encode() in head, "subject"
PY
}

# refused CLIENT N: nothing more arrived, the reason is in the output.
refused() {
	[ "$rc" -ne 0 ] || fail "$1: a typo was reported sent"
	[ "$(smtp_count mx)" -eq "$2" ] || fail "$1: the typo was delivered"
	grep -q "army.mil" "$T/out" || fail "$1: the fix is not named: $(head -c 400 "$T/out")"
	grep -q "sendguard allow --once army.ml" "$T/out" || fail "$1: the way out is not named"
}

# ---- neomutt, batch mode, $sendmail = sendguard ----
muttrc "$T/neomuttrc"
echo "hello from neomutt" | neomutt -n -F "$T/neomuttrc" -s "neomutt plain" -b secret@example.com -- jane@example.com >"$T/out" 2>&1
rc=$?
expect_rc 0 "neomutt: plain with a Bcc"
delivered neomutt 1 "neomutt plain"
echo "typo" | neomutt -n -F "$T/neomuttrc" -s "neomutt typo" -- john@army.ml >"$T/out" 2>&1
rc=$?
refused neomutt 1

# ---- s-nail (mail(1)), mta = sendguard ----
echo "hello from s-nail" | s-nail -n -Sv15-compat -Smta="$T/sendguard-env" -Sfrom=me@example.org \
    -Snosave -s "s-nail plain" -b secret@example.com jane@example.com >"$T/out" 2>&1
rc=$?
expect_rc 0 "s-nail: plain with a Bcc"
delivered s-nail 2 "s-nail plain"
echo "typo" | s-nail -n -Sv15-compat -Smta="$T/sendguard-env" -Sfrom=me@example.org \
    -Snosave -s "s-nail typo" john@army.ml >"$T/out" 2>&1
rc=$?
refused s-nail 2

# ---- git send-email, --smtp-server = sendguard (as sendmail) ----
git init -q "$T/repo"
git -C "$T/repo" config user.name "Me Tester"
git -C "$T/repo" config user.email me@example.org
echo one > "$T/repo/f"
git -C "$T/repo" add f
git -C "$T/repo" commit -qm "first"
echo two >> "$T/repo/f"
git -C "$T/repo" commit -qam "git plain"
git -C "$T/repo" format-patch -q -1 -o "$T/patches" >/dev/null
(cd "$T/repo" && git send-email --smtp-server="$SENDGUARD" --to=jane@example.com \
    --bcc=secret@example.com --confirm=never --suppress-cc=all --no-thread \
    "$T"/patches/*.patch) >"$T/out" 2>&1
rc=$?
expect_rc 0 "git send-email: plain with a Bcc"
delivered "git send-email" 3 "git plain"
(cd "$T/repo" && git send-email --smtp-server="$SENDGUARD" --to=john@army.ml \
    --confirm=never --suppress-cc=all --no-thread "$T"/patches/*.patch) >"$T/out" 2>&1
rc=$?
refused "git send-email" 3

finish
