#!/bin/sh
# Runs every built libFuzzer target: tests/fuzz/run.sh FUZZDIR SECONDS.
# For each FUZZDIR/fuzz_NAME with a seed corpus tests/fuzz/corpus/NAME, it
# fuzzes for SECONDS into a fresh temporary directory (the seeds are only
# read), two targets at a time (one a core), and prints one line per
# target. Crash reproducers are kept in FUZZDIR/artifacts/NAME/. Exits 1 if
# any target failed.
FUZZDIR=${1:?usage: run.sh FUZZDIR SECONDS}
SECONDS_EACH=${2:?usage: run.sh FUZZDIR SECONDS}
top=$(cd "$(dirname "$0")/../.." && pwd)
FUZZDIR=$(cd "$FUZZDIR" && pwd) || exit 1
pass=0
fail=0
skipped=0
failed=""

work=$(mktemp -d "${TMPDIR:-/tmp}/sendguard-fuzz.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

# The last libFuzzer status line ("#N DONE cov: ... exec/s: ...").
stats() {
	grep -E '^#[0-9]+' "$1" | tail -1 | awk '{
		for (i = 1; i < NF; i++) {
			if ($i == "cov:")
				cov = $(i + 1)
			if ($i == "exec/s:")
				eps = $(i + 1)
		}
		printf "%s runs, cov %s, %s exec/s", substr($1, 2), cov, eps
	}'
}

# report NAME: one line for a finished target (its log and rc are in $work).
report() {
	log="$work/$1.log"
	artifacts="$FUZZDIR/artifacts/$1"
	if [ "$(cat "$work/$1.rc")" -eq 0 ]; then
		pass=$((pass + 1))
		echo "ok    fuzz/$1 ($(stats "$log"))"
	else
		fail=$((fail + 1))
		failed="$failed $1"
		echo "FAIL  fuzz/$1; reproducers in $artifacts"
		# The error, the first frames of its stack, the reproducer.
		awk '/ERROR|SUMMARY|Test unit written/ { print; next }
		    /^ +#[0-9]+ / && frames < 10 { print; frames++ }' "$log" |
		    sed 's/^ */      /'
	fi
}

# Two targets at a time, one a core: the run takes half as long.
running=""
for bin in "$FUZZDIR"/fuzz_*; do
	[ -f "$bin" ] && [ -x "$bin" ] || continue
	name=${bin##*/fuzz_}
	seeds="$top/tests/fuzz/corpus/$name"
	if [ ! -d "$seeds" ]; then
		skipped=$((skipped + 1))
		echo "skip  fuzz/$name (no tests/fuzz/corpus/$name)"
		continue
	fi
	corpus="$work/$name"
	artifacts="$FUZZDIR/artifacts/$name"
	mkdir -p "$corpus" "$artifacts"
	( (cd "$work" && "$bin" -max_total_time="$SECONDS_EACH" -timeout=10 \
	    -rss_limit_mb=2048 -artifact_prefix="$artifacts/" \
	    "$corpus" "$seeds") >"$work/$name.log" 2>&1
	    echo $? >"$work/$name.rc" ) &
	running="$running $name"
	if [ "$(echo $running | wc -w)" -ge 2 ]; then
		wait
		for n in $running; do report "$n"; done
		running=""
	fi
done
wait
for n in $running; do report "$n"; done

if [ $((pass + fail + skipped)) -eq 0 ]; then
	echo "no fuzz_* targets in $FUZZDIR" >&2
	exit 1
fi
echo
[ -n "$failed" ] && echo "failed:$failed"
echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ]
