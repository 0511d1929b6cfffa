# A full disk: XDG_STATE_HOME, XDG_DATA_HOME and XDG_CACHE_HOME on a small
# tmpfs (mounted here: root only, as in CI), and no server listening.
# Each case: a clear error, a sysexits code, and nothing said kept that is
# not (a path said is there, and is the message).
. "$(dirname "$0")/lib.sh"
if [ "$(id -u)" -ne 0 ]; then
	echo "skipped: mounting a tmpfs needs root"
	exit 0
fi
disk="$T/disk"
mkdir -p "$disk"
mount -t tmpfs -o size=1m,mode=0700 tmpfs "$disk" || { echo "skipped: cannot mount a tmpfs"; exit 0; }
trap 'umount "$disk" 2>/dev/null; rm -rf "$T"' EXIT
trap 'exit 1' INT TERM HUP
export XDG_STATE_HOME="$disk/state" XDG_DATA_HOME="$disk/data" XDG_CACHE_HOME="$disk/cache"
dead="$XDG_STATE_HOME/sendguard/dead.letter"

# A port where nothing listens (bound, then closed).
port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
account() {
	account_local "$port" "$@"
}

# message FILE KB: a message of about KB kilobytes.
message() {
	/usr/bin/python3 - "$1" "$2" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("From: me@example.org\nTo: a@example.com\nSubject: x\n\n")
    f.write(("x" * 71 + "\n") * (int(sys.argv[2]) * 1024 // 72))
PY
}

# leave KB: fills the disk so that about KB kilobytes are left.
leave() {
	rm -f "$disk/filler"
	free=$(df --output=avail -k "$disk" | tail -1)
	[ "$free" -gt "$1" ] && head -c $(((free - $1) * 1024)) /dev/zero > "$disk/filler" 2>/dev/null
	:
}

# said_kept: every "kept in PATH" said names a file that is the input.
said_kept() {
	grep -q "kept in" "$T/err" || { fail "$1: no 'kept in' said: $(cat "$T/err")"; return; }
	p=$(sed -n 's/.*kept in \(.*\)$/\1/p' "$T/err" | head -1)
	[ -f "$p" ] || fail "$1: said kept in $p, which is not there"
	cmp -s "$p" "$2" || fail "$1: $p is not the message"
}

no_stray() {
	if grep -v '^sendguard: ' "$T/err" | grep -q .; then
		fail "$1: a stderr line without 'sendguard: '"
	fi
}

message "$T/big" 600
message "$T/small" 100
account

# 1. No room for the message itself: nothing sent, nothing kept, said so.
leave 200
run -- a@example.com < "$T/big"
expect_rc 75 "no room for the spool"
expect_err "No space left on device" "no room for the spool"
expect_err "nothing was kept" "no room for the spool"
grep -q "kept in" "$T/err" && fail "no room for the spool: claims it kept it: $(cat "$T/err")"
[ -z "$(find "$dead" -type f 2>/dev/null)" ] || fail "no room for the spool: a partial file was left: $(find "$dead" -type f)"
no_stray "no room for the spool"

# 2. Room for the message, no server: kept (a rename needs no room).
leave 200
run -- a@example.com < "$T/small"
expect_rc 75 "no server"
expect_err "Connection refused" "no server"
said_kept "no server" "$T/small"
no_stray "no server"

# 3. queue = on, no room for the queued copy: kept in the dead letters.
account "queue = on"
leave 150
run -- a@example.com < "$T/small"
expect_rc 75 "no room for the queue"
expect_err "could not be queued" "no room for the queue"
said_kept "no room for the queue" "$T/small"
[ -z "$(find "$XDG_DATA_HOME/sendguard/queue/new" -type f 2>/dev/null)" ] || fail "no room for the queue: something queued"
no_stray "no room for the queue"

# 4. No account, outbox = on, no room for the outbox: kept, 73.
config "[delivery]
outbox = on"
leave 150
run -- a@example.com < "$T/small"
expect_rc 73 "no room for the outbox"
expect_err "cannot put it in the outbox" "no room for the outbox"
said_kept "no room for the outbox" "$T/small"
no_stray "no room for the outbox"

# 5. trust and allow --once on a full disk: an error, 73, the files intact.
account
rm -f "$disk/filler"
"$SENDGUARD" trust example.org >/dev/null 2>&1 || fail "trust on a disk with room"
leave 0
run trust example.net
expect_rc 73 "trust on a full disk"
expect_err "No space left on device" "trust on a full disk"
[ "$(cat "$XDG_STATE_HOME/sendguard/trusted")" = example.org ] || fail "trust on a full disk: trusted changed: $(cat "$XDG_STATE_HOME/sendguard/trusted")"
run allow --once example.net
expect_rc 73 "allow --once on a full disk"
[ -e "$XDG_STATE_HOME/sendguard/permits" ] && fail "allow --once on a full disk: a permits file"
no_stray "allow --once on a full disk"

# 6. check on a full disk (no room for its caches): it still checks.
rm -rf "$XDG_CACHE_HOME"
run check --json john@army.ml
expect_rc 1 "check on a full disk"
json 'L[0]["verdict"] == "warn" and L[0]["findings"][0]["suggestion"] == "army.mil"'
ls "$XDG_STATE_HOME/sendguard/" | grep -q '\.tmp\.' && fail "temporary files left in the state directory"

echo "figure: fulldisk: 6 cases (a sysexits code each, nothing claimed kept that is not): $failures failure(s)"
finish
