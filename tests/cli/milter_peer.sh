# sendguard milter against a bad MTA: raw bytes that are no milter protocol,
# clients that vanish in the middle of a message, one message with 10,000
# recipients, and SIGHUPs in a burst while it works (tests/milter/peer.py
# talks the protocol). The milter must answer properly afterwards, stop
# cleanly on SIGTERM and, in the ASan build (make asan runs this script
# with it), report no error and no leak.
. "$(dirname "$0")/lib.sh"
MPID=
trap '[ -n "$MPID" ] && kill "$MPID" 2>/dev/null; rm -rf "$T"' EXIT
trap 'exit 1' INT TERM HUP

printf '[guard]\norg_domains = example.org\nblock = *.tk\nmarkings = FOUO\n' >"$T/milter.conf"
SOCK="unix:$T/milter.sock"
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
    "$SENDGUARD" milter -C "$T/milter.conf" --socket "$SOCK" --foreground \
    2>"$T/milter.log" &
MPID=$!
end=$(($(date +%s) + 20))
until grep -q "listening on" "$T/milter.log" 2>/dev/null; do
	if ! kill -0 "$MPID" 2>/dev/null || [ "$(date +%s)" -ge "$end" ]; then
		fail "the milter did not start: $(cat "$T/milter.log")"
		finish
	fi
	sleep 0.05
done

# SIGHUPs in a burst while the peer works: a reload each time it can, and
# never a stop (libmilter's own thread would stop on SIGHUP).
(i=0; while [ $i -lt 200 ]; do kill -HUP "$MPID" 2>/dev/null; i=$((i + 1)); done) &
hups=$!
/usr/bin/python3 "$SENDGUARD_TOP/tests/milter/peer.py" "$SOCK" \
    good malformed disconnect many good >"$T/peer.out" 2>&1 ||
    fail "peer: $(cat "$T/peer.out")"
wait "$hups"
cat "$T/peer.out"
kill -0 "$MPID" 2>/dev/null || fail "the milter died: $(tail -20 "$T/milter.log")"
grep -q "reloaded" "$T/milter.log" || fail "no reload after SIGHUP"
grep -q "TESTQ1: reject: 9999 recipients, 2 warnings" "$T/milter.log" ||
    fail "the 10,000-recipient message was not logged as refused"

kill -TERM "$MPID"
end=$(($(date +%s) + 20))
while kill -0 "$MPID" 2>/dev/null && [ "$(date +%s)" -lt "$end" ]; do
	sleep 0.05
done
if kill -0 "$MPID" 2>/dev/null; then
	fail "no exit 20 s after SIGTERM"
	kill -KILL "$MPID"
fi
wait "$MPID"
rc=$?
MPID=
[ "$rc" -eq 0 ] || fail "the milter exited $rc: $(tail -30 "$T/milter.log")"
grep -q "stopped" "$T/milter.log" || fail "no 'stopped' line"
if grep -q "Sanitizer\|runtime error" "$T/milter.log"; then
	fail "sanitizer report: $(grep -A30 "Sanitizer\|runtime error" "$T/milter.log" | head -60)"
fi
if grep -v '^sendguard: ' "$T/milter.log" | grep -q .; then
	fail "a log line without 'sendguard: ': $(grep -v '^sendguard: ' "$T/milter.log" | head -5)"
fi
finish
