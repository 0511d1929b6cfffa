#!/bin/sh
# Runs the benchmarks: bench/run.sh BUILDDIR (as `make bench` does).
# bench_guard (index build, queries, linear-scan baseline, serialization),
# then bench_startup.sh (`sendguard check` start-up), the composer's
# keystrokes, sendmail mode against msmtp, and the milter in Postfix.
# Ends with a table of
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

# section NAME TITLE COMMAND...: runs one benchmark, shows and keeps its
# output in $T/NAME.out, and marks the run failed if it fails.
section() {
	name=$1
	title=$2
	shift 2
	echo "#### $title"
	{
		"$@" 2>&1
		echo $? >"$T/$name.rc"
	} | tee "$T/$name.out"
	rc=$(cat "$T/$name.rc")
	if [ "$rc" -ne 0 ]; then
		echo "$title: exit $rc"
		status=1
	fi
	echo
}

keystroke() {
	"$BUILD/bench/bench_gendomains" 1000000 "$T/domains.txt" >/dev/null &&
	    "$BUILD/bench/bench_keystroke" "$BUILD/sendguard" "$T/domains.txt"
}

section guard "bench_guard" "$BUILD/bench/bench_guard"
section startup "bench_startup.sh" sh "$top/bench/bench_startup.sh" "$BUILD"
section keystroke "bench_keystroke (the composer through a pty)" keystroke
section sendmail "bench_sendmail.py (sendmail mode vs msmtp, 10 MB)" \
    /usr/bin/python3 "$top/bench/bench_sendmail.py" "$BUILD/sendguard"
section milter "bench_milter.sh (sendguard milter in Postfix, smtp-source)" \
    sh "$top/bench/bench_milter.sh" "$BUILD"
echo "#### summary ($(($(date +%s) - start)) s)"
cat "$T/guard.out" "$T/startup.out" "$T/keystroke.out" "$T/sendmail.out" \
    "$T/milter.out" | sed -n 's/^goal: //p' |
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
