# The resolve prompt on mutt's own terminal: the real mutt runs inside
# tmux; mutt starts $sendmail with no controlling terminal, sendguard finds
# mutt's, asks there, "f" fixes, the server receives the fixed address
# (envelope and To header), and mutt carries on.
. "$(dirname "$0")/lib.sh"
. "$SENDGUARD_TOP/tests/smtp/lib.sh"
SOCK="$T/tmux.sock"
trap 'tmux -S "$SOCK" kill-server 2>/dev/null; smtp_stop_all; rm -rf "$T"' EXIT
trap 'exit 1' INT TERM HUP
for p in mutt tmux; do
	command -v $p >/dev/null || { echo "$p is not installed (scripts/deps.sh installs it)"; exit 1; }
done

smtp_start mx || exit 1
config "[account test]
host = 127.0.0.1
port = $SMTP_PORT
tls = off
from = me@example.org"
mkdir -p "$HOME/Mail"
printf '#!/bin/sh\necho "hello from mutt" > "$1"\n' > "$T/editor"
chmod +x "$T/editor"
cat > "$T/muttrc" <<EOF2
set sendmail="$SENDGUARD"
set from="me@example.org"
set use_from=yes
set record=""
set copy=no
set editor="$T/editor"
set charset="utf-8"
EOF2

# screen_wait TEXT [SECONDS]: polls tmux's screen until TEXT shows.
screen_wait() {
	deadline=$(($(date +%s) + ${2:-30}))
	while ! tmux -S "$SOCK" capture-pane -p -t m 2>/dev/null | grep -qF -- "$1"; do
		if [ "$(date +%s)" -gt "$deadline" ]; then
			fail "the screen never showed '$1':
$(tmux -S "$SOCK" capture-pane -p -t m 2>/dev/null)"
			return 1
		fi
		sleep 0.05
	done
}

# The tests' SENDGUARD_TTY=none would stop the search: mutt's session
# gets the variable unset, so sendguard looks for mutt's terminal itself.
tmux -S "$SOCK" new-session -d -s m -x 100 -y 30 \
    "env -u SENDGUARD_TTY TERM=xterm-256color mutt -n -F '$T/muttrc' -s test john@army.ml; echo MUTT-EXIT=\$?; sleep 30" ||
    { fail "tmux did not start"; finish; }
screen_wait "To: john@army.ml" && tmux -S "$SOCK" send-keys -t m Enter
screen_wait "Subject: test" && tmux -S "$SOCK" send-keys -t m Enter
screen_wait "y:Send" && tmux -S "$SOCK" send-keys -t m y
screen_wait "Did you mean john@army.mil?" &&
    screen_wait "f fix" && tmux -S "$SOCK" send-keys -t m f
screen_wait "MUTT-EXIT=0" 60
[ "$(smtp_count mx)" -eq 1 ] || fail "nothing reached the server"
if [ "$(smtp_count mx)" -ge 1 ]; then
	/usr/bin/python3 -c 'import json, sys; m = json.load(open(sys.argv[1])); sys.exit(m["rcpt_tos"] != ["john@army.mil"])' "$(smtp_meta mx 1)" ||
	    fail "the envelope was not fixed: $(cat "$(smtp_meta mx 1)")"
	grep -q '^To: john@army.mil' "$(smtp_msg mx 1)" ||
	    fail "the To header was not fixed"
fi
finish
