# Helpers for the command-line tests; sourced by tests/cli/*.sh.
# Each test runs in a fresh temporary HOME with its own XDG directories.
set -u
: "${SENDGUARD:?SENDGUARD must name the built binary}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export HOME="$T/home" XDG_CONFIG_HOME="$T/config" XDG_CACHE_HOME="$T/cache" \
    XDG_STATE_HOME="$T/state" XDG_DATA_HOME="$T/data"
mkdir -p "$HOME" "$XDG_CONFIG_HOME/sendguard"
unset SENDGUARD_TRACE NO_COLOR
# Never ask on the terminal of whoever runs the tests.
export SENDGUARD_TTY=none
failures=0

fail() {
	printf 'FAIL: %s\n' "$*" >&2
	failures=$((failures + 1))
}

# config TEXT: writes the sendguard config.
config() {
	printf '%s\n' "$1" > "$XDG_CONFIG_HOME/sendguard/config"
}

# account_local PORT [LINE...]: a config with one account "test" sending as
# me@example.org to 127.0.0.1:PORT without TLS, and the lines given.
account_local() {
	_port=$1
	shift
	config "[account test]
host = 127.0.0.1
port = $_port
tls = off
from = me@example.org$(for l in "$@"; do printf '\n%s' "$l"; done)"
}

# big_message FILE MB: a message (From, To, Subject) with MB megabytes of
# 73-byte text lines.
big_message() {
	/usr/bin/python3 - "$1" "$2" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("From: me@example.org\nTo: jane@example.com\nSubject: big\n\n")
    line = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789\n"
    for i in range(int(sys.argv[2]) * 1024 * 1024 // len(line)):
        f.write(line)
PY
}

# muttrc FILE: a muttrc (mutt or neomutt) whose $sendmail is sendguard.
muttrc() {
	cat > "$1" <<EOF2
set sendmail="$SENDGUARD"
set from="me@example.org"
set use_from=yes
set record=""
set copy=no
set charset="utf-8"
set send_charset="utf-8"
EOF2
}

# msmtprc PORT: an msmtp user's ~/.msmtprc, one account "default" sending
# as me@example.org to 127.0.0.1:PORT without TLS.
msmtprc() {
	printf 'account default\nhost 127.0.0.1\nport %s\nfrom me@example.org\n' \
	    "$1" > "$HOME/.msmtprc"
}

# run ARGS...: runs sendguard, keeping stdout, stderr and the exit code.
run() {
	"$SENDGUARD" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}

expect_rc() {
	[ "$rc" -eq "$1" ] || fail "$2: exit $rc, expected $1 (stderr: $(head -c 300 "$T/err"))"
}

expect_out() {
	grep -q -- "$1" "$T/out" || fail "$2: stdout lacks '$1': $(head -c 500 "$T/out")"
}

expect_err() {
	grep -q -- "$1" "$T/err" || fail "$2: stderr lacks '$1': $(head -c 500 "$T/err")"
}

# json EXPR: evaluates a Python expression over the JSON lines of stdout
# (bound to L, a list of objects); fails the test if it is false.
json() {
	/usr/bin/python3 - "$T/out" "$1" <<'PY' || fail "json: $1: $(head -c 500 "$T/out")"
import json, sys
L = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
sys.exit(0 if eval(sys.argv[2]) else 1)
PY
}

finish() {
	[ "$failures" -eq 0 ] || { echo "$failures failure(s)" >&2; exit 1; }
	exit 0
}
