#!/bin/sh
# make eval: generates the corpus, runs this guard on it, and the guard of
# BASE (a git commit: the last one before the noisy channel) beside it.
#   tests/eval/run.sh BUILD BASE
set -eu
BUILD=$1
BASE=$2
top=$(cd "$(dirname "$0")/../.." && pwd)
out="$top/$BUILD/eval"
mkdir -p "$out"
/usr/bin/python3 "$top/tests/eval/corpus.py" "$out/corpus"

baseline=""
if git -C "$top" rev-parse -q --verify "$BASE^{commit}" >/dev/null 2>&1; then
	commit=$(git -C "$top" rev-parse "$BASE^{commit}")
	base="$out/base"
	if [ "$(cat "$base/.commit" 2>/dev/null)" != "$commit" ] ||
	    [ ! -x "$base/build/sendguard" ]; then
		echo "eval: building the baseline guard of $BASE" >&2
		rm -rf "$base"
		mkdir -p "$base"
		git -C "$top" archive "$commit" | tar -x -C "$base"
		make -C "$base" -s all >/dev/null 2>&1
		echo "$commit" > "$base/.commit"
	fi
	/usr/bin/python3 "$top/tests/eval/baseline.py" "$base/build/sendguard" \
	    "$top/tests/eval/world.txt" "$out/corpus" "$out/baseline.tsv"
	baseline="$out/baseline.tsv"
	echo "baseline: the guard of $BASE ($(git -C "$top" log -1 --format=%cs "$commit"))"
else
	echo "baseline: not available (no git history with $BASE)"
fi
"$top/$BUILD/eval/eval" "$out/corpus" $baseline
