# Sendmail mode stopped at random points of a 10 MB send to a slow server
# (tests/smtp/server.py --slow-data, --reply-delay): by SIGTERM (caught:
# the message is kept at once) and by SIGKILL (the next run keeps what was
# left). Afterwards each message is delivered exactly once or kept whole
# in the dead letters, never neither; a copy both delivered and kept only
# where the server had the data and the client was stopped before it
# heard the reply. Prints "tried N, delivered N, held N, lost 0".
. "$(dirname "$0")/lib.sh"
. "$SENDGUARD_TOP/tests/smtp/lib.sh"
trap 'smtp_stop_all; rm -rf "$T"' EXIT
trap 'exit 1' INT TERM HUP

TRIES=${KILL_TRIES:-12}
# 10 MB read at 40 MB/s, and 0.3 s between spooling it and the 250.
smtp_start slow --max-size 0 --slow-data 40000000 --reply-delay 0.3 || exit 1
account_local "$SMTP_PORT"
dead="$XDG_STATE_HOME/sendguard/dead.letter"

big_message "$T/msg" 10

now_ms() {
	date +%s%3N
}

# new_held: how many dead letters that were not in $T/before are the
# whole input.
new_held() {
	ls "$dead/new" 2>/dev/null | sort > "$T/after"
	n=0
	for f in $(comm -13 "$T/before" "$T/after"); do
		cmp -s "$dead/new/$f" "$T/msg" && n=$((n + 1))
	done
	echo "$n"
}

# delivered_to RCPT: how many messages the server took for RCPT.
delivered_to() {
	/usr/bin/python3 - "$SMTP_DIR/spool" "$1" <<'PY'
import glob, json, sys
print(sum(json.load(open(p))["rcpt_tos"] == [sys.argv[2]]
          for p in glob.glob(sys.argv[1] + "/*.json")))
PY
}

# One send that is not stopped: how long a send takes here.
t0=$(now_ms)
"$SENDGUARD" -- base@example.com <"$T/msg" >"$T/out" 2>"$T/err"
rc=$?
dur=$(($(now_ms) - t0))
expect_rc 0 "an uninterrupted 10 MB send"
[ "$(delivered_to base@example.com)" -eq 1 ] || fail "the uninterrupted send did not arrive"
echo "an uninterrupted 10 MB send takes $dur ms here"

tried=0 delivered=0 held=0 lost=0 both=0 unread=0 i=0
while [ "$i" -lt "$TRIES" ]; do
	i=$((i + 1))
	if [ $((i % 2)) -eq 0 ]; then sig=KILL; else sig=TERM; fi
	# Stratified random points over the whole send (and a little past).
	delay=$(awk -v i="$i" -v n="$TRIES" -v d="$dur" -v s="$$" \
	    'BEGIN { srand(s + i); printf "%.3f", d * 1.1 * (i - 1 + rand()) / n / 1000 }')
	ls "$dead/new" 2>/dev/null | sort > "$T/before"
	"$SENDGUARD" -- "try$i@example.com" <"$T/msg" >"$T/out" 2>"$T/err" &
	pid=$!
	sleep "$delay"
	kill -s "$sig" "$pid" 2>/dev/null
	{ wait "$pid"; } 2>/dev/null
	rc=$?
	tried=$((tried + 1))
	# The next run keeps what a SIGKILL left; the server finishes.
	"$SENDGUARD" queue >"$T/qout" 2>"$T/qerr"
	smtp_idle slow || :
	got=$(delivered_to "try$i@example.com")
	kept=$(new_held)
	if [ "$rc" -eq 75 ]; then
		p=$(sed -n 's/.* is kept in \(.*\)$/\1/p' "$T/err")
		[ -n "$p" ] && cmp -s "$p" "$T/msg" || fail "try $i: SIGTERM said kept in '$p', which is not the message"
	fi
	if grep -q "kept in" "$T/qerr"; then
		p=$(sed -n 's/.* is kept in \(.*\)$/\1/p' "$T/qerr")
		[ -f "$p" ] || fail "try $i: the next run said kept in '$p', which is not there"
	fi
	echo "try $i: SIG$sig after ${delay}s: exit $rc, delivered $got, kept $kept"
	[ "$got" -le 1 ] || fail "try $i: delivered $got times"
	[ "$kept" -le 1 ] || fail "try $i: kept $kept times"
	case $rc in
	0) [ "$got" -eq 1 ] && [ "$kept" -eq 0 ] || fail "try $i: exit 0, delivered $got, kept $kept" ;;
	75 | 137) ;;
	143) [ "$got" -eq 0 ] && [ "$kept" -eq 0 ] || fail "try $i: exit 143 (SIGTERM before the handlers), delivered $got, kept $kept" ;;
	*) fail "try $i: exit $rc after SIG$sig: $(cat "$T/err")" ;;
	esac
	[ "$got" -eq 1 ] && delivered=$((delivered + 1))
	[ "$kept" -eq 1 ] && held=$((held + 1))
	if [ "$got" -eq 0 ] && [ "$kept" -eq 0 ] && { [ "$rc" -eq 137 ] ||
	    [ "$rc" -eq 143 ]; } && { grep -q "kept what it had read" "$T/qerr" ||
	    [ -z "$(ls "$dead/tmp" 2>/dev/null)$(grep "kept in" "$T/qerr")" ]; }; then
		# Stopped before it had read its input (killed while reading:
		# the part read is kept as .partial; or stopped while it
		# started, before it read a byte: no trace): it never took the
		# message (no exit 0), the sender has it.
		unread=$((unread + 1))
	elif [ "$got" -eq 0 ] && [ "$kept" -eq 0 ]; then
		lost=$((lost + 1))
		fail "try $i: lost (SIG$sig after ${delay}s, exit $rc): $(cat "$T/err" "$T/qerr")"
	fi
	if [ "$got" -eq 1 ] && [ "$kept" -eq 1 ]; then
		both=$((both + 1))
		# Only where the server had it and the client did not hear so.
		[ "$rc" -ne 0 ] || fail "try $i: sent and also kept"
	fi
done
[ -z "$(ls "$dead/tmp" 2>/dev/null)" ] || fail "files left in dead.letter/tmp: $(ls "$dead/tmp")"

# Stopped while it reads its input (a FIFO, the first 1 MB written):
# SIGTERM lets the reading finish, then keeps the message whole (75);
# a second SIGTERM, or SIGKILL, stops at once, and the next run keeps
# the part read as ".partial". Nothing is sent.
head -c 1000000 "$T/msg" > "$T/head"
for how in TERM TERMTERM KILL; do
	rm -f "$T/fifo"
	mkfifo "$T/fifo"
	"$SENDGUARD" -- "half$how@example.com" <"$T/fifo" >"$T/out" 2>"$T/err" &
	pid=$!
	exec 3>"$T/fifo"
	cat "$T/head" >&3
	deadline=$(($(date +%s) + 10))
	while [ -z "$(find "$dead/tmp" -type f -size +500k 2>/dev/null)" ] &&
	    [ "$(date +%s)" -lt "$deadline" ]; do
		sleep 0.01
	done
	case $how in
	TERM) kill -s TERM "$pid" 2>/dev/null ;;
	TERMTERM)
		kill -s TERM "$pid" 2>/dev/null
		# The second only once the first was taken (none pending).
		deadline=$(($(date +%s) + 5))
		while grep -Eq '^(SigPnd|ShdPnd):.*[1-9a-f]' "/proc/$pid/status" 2>/dev/null &&
		    [ "$(date +%s)" -lt "$deadline" ]; do
			sleep 0.01
		done
		kill -s TERM "$pid" 2>/dev/null ;;
	KILL) kill -s KILL "$pid" 2>/dev/null ;;
	esac
	exec 3>&-
	{ wait "$pid"; } 2>/dev/null
	rc=$?
	"$SENDGUARD" queue >"$T/qout" 2>"$T/qerr"
	if [ "$how" = TERM ]; then
		[ "$rc" -eq 75 ] || fail "SIGTERM while reading: exit $rc"
		p=$(sed -n 's/.* is kept in \(.*\)$/\1/p' "$T/err")
		[ -n "$p" ] && cmp -s "$p" "$T/head" || fail "SIGTERM while reading: not kept whole: $(cat "$T/err")"
	else
		grep -q "kept what it had read in .*\.partial" "$T/qerr" || fail "$how while reading: the part read is not kept: $(cat "$T/qerr")"
	fi
	[ "$(delivered_to "half$how@example.com")" -eq 0 ] || fail "$how while reading: sent"
done

echo "figure: kill: tried $tried, delivered $delivered, held $held, lost $lost ($both delivered and also held: the server had the data, the reply was not heard; $unread killed before the input was read, the sender keeps it)"
finish
