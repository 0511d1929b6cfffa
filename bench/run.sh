#!/bin/sh
# Runs the benchmarks: bench/run.sh BUILDDIR (as `make bench` does).
# bench_guard (index build, queries, linear-scan baseline, serialization),
# then bench_startup.sh (`sendguard check` start-up). Ends with a table of
# every goal, the figure measured and whether it is met. Speed goals are
# figures, not tests; the exit status is 1 only when a benchmark could not
# run or a correctness cross-check failed.
set -u

BUILD=${1:-build/bench-build}
top=$(cd "$(dirname "$0")/.." && pwd)
case $BUILD in
/*) ;;
*) BUILD="$top/$BUILD" ;;
esac

T=$(mktemp -d "${TMPDIR:-/tmp}/sendguard-run.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
trap 'exit 1' HUP INT PIPE TERM
status=0
start=$(date +%s)

echo "sendguard benchmarks: $(uname -srm), $(nproc 2>/dev/null || echo '?')" \
    "cores, $(git -C "$top" describe --always --dirty 2>/dev/null ||
    echo 'no git')"
if [ -r /proc/loadavg ]; then
	load=$(cut -d' ' -f1 /proc/loadavg)
	echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
	awk -v l="$load" 'BEGIN { exit !(l >= 0.8) }' &&
	    echo "NOTE: the machine is busy; timings will be inflated"
fi
echo

echo "#### bench_guard"
{
	"$BUILD/bench/bench_guard" 2>&1
	echo $? >"$T/guard.rc"
} | tee "$T/guard.out"
rc=$(cat "$T/guard.rc")
if [ "$rc" -ne 0 ]; then
	echo "bench_guard: exit $rc"
	status=1
fi

echo
echo "#### bench_startup.sh"
{
	sh "$top/bench/bench_startup.sh" "$BUILD" 2>&1
	echo $? >"$T/startup.rc"
} | tee "$T/startup.out"
rc=$(cat "$T/startup.rc")
if [ "$rc" -ne 0 ]; then
	echo "bench_startup.sh: exit $rc"
	status=1
fi

echo
echo "#### bench_keystroke (the composer through a pty)"
{
	"$BUILD/bench/bench_gendomains" 1000000 "$T/domains.txt" >/dev/null &&
	    "$BUILD/bench/bench_keystroke" "$BUILD/sendguard" "$T/domains.txt" 2>&1
	echo $? >"$T/keystroke.rc"
} | tee "$T/keystroke.out"
rc=$(cat "$T/keystroke.rc")
if [ "$rc" -ne 0 ]; then
	echo "bench_keystroke: exit $rc"
	status=1
fi

echo
echo "#### bench_sendmail.py (sendmail mode vs msmtp, 10 MB)"
{
	/usr/bin/python3 "$top/bench/bench_sendmail.py" "$BUILD/sendguard" 2>&1
	echo $? >"$T/sendmail.rc"
} | tee "$T/sendmail.out"
rc=$(cat "$T/sendmail.rc")
if [ "$rc" -ne 0 ]; then
	echo "bench_sendmail.py: exit $rc"
	status=1
fi

echo
echo "#### summary ($(($(date +%s) - start)) s)"
cat "$T/guard.out" "$T/startup.out" "$T/keystroke.out" "$T/sendmail.out" | sed -n 's/^goal: //p' |
    awk -F ' [|] ' '
	BEGIN {
		printf "%-38s %-16s %-14s %s\n", "goal", "measured",
		    "target", "result"
	}
	{
		printf "%-38s %-16s %-14s %s\n", $1, $2, $3,
		    $4 == "info" ? "(figure)" : $4
		if ($4 == "info")
			info++
		else if ($4 == "met")
			met++
		else
			missed++
	}
	END {
		printf "%d goals: %d met, %d NOT met; %d figure(s) without" \
		    " a goal\n", met + missed, met, missed, info
	}'
[ $status -eq 0 ] || echo "a benchmark failed (see above)"
exit $status
