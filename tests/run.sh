#!/bin/sh
# Runs the built tests: tests/run.sh BUILD [unit]. Every unit test binary
# (cmocka) and, unless "unit" is given, every tests/cli/*.sh script against
# BUILD/sendguard. Ends with "N passed, N failed"; exits 1 on any failure.
# A passing test's "figure: ..." lines (its counts) are shown under it.
BUILD=${1:-build}
ONLY=${2:-all}
pass=0
fail=0
failed=""
top=$(cd "$(dirname "$0")/.." && pwd)
export SENDGUARD="$top/$BUILD/sendguard"
export SENDGUARD_TOP="$top"

run() {
	name=$1
	shift
	log=$(mktemp)
	if "$@" >"$log" 2>&1; then
		pass=$((pass + 1))
		echo "ok    $name"
		# What a test measured (tried / held / lost...), shown anyway.
		sed -n 's/^figure: /      /p' "$log"
	else
		fail=$((fail + 1))
		failed="$failed $name"
		echo "FAIL  $name"
		sed 's/^/      /' "$log" | tail -40
	fi
	rm -f "$log"
}

for t in "$top/$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	run "unit/$(basename "$t")" "$t"
done
if [ "$ONLY" != unit ]; then
	for t in "$top/$BUILD"/pty/test_*; do
		[ -x "$t" ] || continue
		run "pty/$(basename "$t")" "$t"
	done
	for t in "$top"/tests/smtp/selftest*.sh; do
		run "smtp/$(basename "$t" .sh)" sh "$t"
	done
	for t in "$top"/tests/cli/*.sh; do
		[ -f "$t" ] || continue
		[ "$(basename "$t")" = lib.sh ] && continue
		run "cli/$(basename "$t" .sh)" sh "$t"
	done
fi
echo
[ -n "$failed" ] && echo "failed:$failed"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
