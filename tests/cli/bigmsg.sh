# A 50 MB message streams to the server: sendguard's peak memory stays far
# below the message size, and the server receives every byte.
. "$(dirname "$0")/lib.sh"
. "$SENDGUARD_TOP/tests/smtp/lib.sh"
trap 'smtp_stop_all; rm -rf "$T"' EXIT
trap 'exit 1' INT TERM HUP

smtp_start big --max-size 0 || exit 1
account_local "$SMTP_PORT" "logfile = $T/log"
big_message "$T/msg" 50

printf 'From: me@example.org\nTo: jane@example.com\nSubject: small\n\nhi\n' > "$T/small"

# peak FILE: sends FILE and prints sendguard's exit code and peak RSS (KiB).
peak() {
	/usr/bin/python3 - "$SENDGUARD" "$1" <<'PY'
import resource, subprocess, sys
with open(sys.argv[2], "rb") as f:
    rc = subprocess.call([sys.argv[1], "--", "jane@example.com"], stdin=f)
print(rc, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
PY
}
peak "$T/small" > "$T/usage"
read rc base < "$T/usage"
expect_rc 0 "small message"
peak "$T/msg" > "$T/usage"
read rc peak < "$T/usage"
expect_rc 0 "50 MB message"
size=$(($(stat -c %s "$T/msg") / 1024))
echo "message: $size KiB; peak memory: $peak KiB (a tiny message: $base KiB)"
# The peak counts the program's own mapped pages (the shipped index of
# known domains among them), so the message's cost is what it adds to a
# tiny message's peak: under a twelfth of its size.
[ $((peak - base)) -lt $((size / 12)) ] || fail "peak memory $peak KiB grew with the message size ($size KiB)"
[ $((peak - base)) -lt 4096 ] || fail "the 50 MB message took $((peak - base)) KiB more than a tiny one: buffered?"
[ "$(smtp_count big)" -eq 2 ] || fail "50 MB message not received"
# What arrived is the input with CRLF line ends and the added headers.
/usr/bin/python3 - "$T/msg" "$(smtp_msg big 2)" <<'PY' || fail "50 MB message: bytes differ"
import sys
sent = open(sys.argv[1], "rb").read().replace(b"\n", b"\r\n")
got = open(sys.argv[2], "rb").read()
head, body = sent.split(b"\r\n\r\n", 1)
assert got.endswith(b"\r\n\r\n" + body), "body differs"
assert b"Date: " in got.split(b"\r\n\r\n", 1)[0]
PY
# msmtp's log line: mailsize is the message with LF line ends and the
# headers added on the way (Date, Message-ID).
size=$(stat -c %s "$T/msg")
grep "recipients=jane@example.com " "$T/log" | tail -1 | /usr/bin/python3 -c '
import re, sys
line = sys.stdin.read()
m = re.search(r"mailsize=(\d+) .*exitcode=EX_OK$", line.strip())
assert m and int(sys.argv[1]) < int(m.group(1)) < int(sys.argv[1]) + 200, line
' "$size" || fail "no msmtp log line with the mail size"
finish
