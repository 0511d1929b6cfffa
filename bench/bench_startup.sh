#!/bin/sh
# Start-up time of `sendguard check`: bench_startup.sh BUILDDIR
#   (a) the shipped list only: median of 30 runs; goal < 10 ms.
#   (b) known_domains = a file of 1,000,000 domains: the first run (builds
#       and caches the index) timed once, then the median of 10 cached
#       runs; goal < 300 ms.
#   (c) 10,000 contacts (a mutt alias file) and 100,000 history entries,
#       side by side with the same home without them; goal: < 20 ms added.
# Uses hyperfine when it is installed, else a loop of `date +%s%N` with
# the cost of the timing itself measured and taken off. Prints one
# "goal: WHAT | FIGURE | TARGET | met" line per goal for bench/run.sh.
set -u

BUILD=${1:-build/bench-build}
top=$(cd "$(dirname "$0")/.." && pwd)
case $BUILD in
/*) ;;
*) BUILD="$top/$BUILD" ;;
esac
SENDGUARD=${SENDGUARD:-$BUILD/sendguard}
GEN=$BUILD/bench/bench_gendomains
NDOMAINS=${BENCH_NDOMAINS:-1000000}
RUNS_DEFAULT=30
RUNS_CACHED=10
GOAL_DEFAULT_MS=10
GOAL_CACHED_MS=300
case $NDOMAINS in
*000000) NLABEL="$((NDOMAINS / 1000000))M" ;;
*000) NLABEL="$((NDOMAINS / 1000))k" ;;
*) NLABEL=$NDOMAINS ;;
esac

T=$(mktemp -d "${TMPDIR:-/tmp}/sendguard-bench.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
trap 'exit 1' HUP INT PIPE TERM

goal() {
	echo "goal: $1 | $2 | $3 | $4"
}

# A fresh, empty home for each scenario: nothing of the user's is read.
fresh_home() {
	rm -rf "${T:?}/home"
	mkdir -p "$T/home/config/sendguard" "$T/home/cache" \
	    "$T/home/state" "$T/home/data"
	HOME=$T/home
	XDG_CONFIG_HOME=$T/home/config
	XDG_CACHE_HOME=$T/home/cache
	XDG_STATE_HOME=$T/home/state
	XDG_DATA_HOME=$T/home/data
	export HOME XDG_CONFIG_HOME XDG_CACHE_HOME XDG_STATE_HOME XDG_DATA_HOME
}

# Median of the numbers on stdin, one a line.
median() {
	sort -n | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "nan"; exit }
		if (NR % 2) print v[(NR + 1) / 2];
		else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# ms COMMAND...: times one run by date(1): sets $elapsed (ms) and $rc.
ms() {
	t0=$(date +%s%N)
	"$@" >/dev/null 2>&1
	rc=$?
	t1=$(date +%s%N)
	elapsed=$(echo "$t0 $t1" | awk '{ printf "%.3f", ($2 - $1) / 1e6 }')
}

# median_ms RUNS COMMAND...: median wall time of RUNS runs, in ms. For
# hyperfine (no shell: -N) the words are joined, so none may hold a space.
# Without hyperfine, each run is timed between two date(1) calls, and so
# is the shell's no-op just before it, under the same load: the median of
# the no-op (what date itself adds) is taken off the median of the runs,
# and $T/note tells both.
median_ms() {
	runs=$1
	shift
	if [ -n "$HYPERFINE" ]; then
		"$HYPERFINE" -N -i --warmup 2 --runs "$runs" \
		    --export-json "$T/hf.json" --style none "$*" \
		    >/dev/null 2>&1 || { echo nan; return; }
		# "median": 0.0031, in seconds
		tr ',' '\n' <"$T/hf.json" | sed -n 's/.*"median": *//p' |
		    head -1 | awk '{ printf "%.3f\n", $1 * 1000 }'
		return
	fi
	"$@" >/dev/null 2>&1	# warm-up
	i=0
	: >"$T/runs"
	: >"$T/over"
	while [ $i -lt "$runs" ]; do
		ms :
		echo "$elapsed" >>"$T/over"
		ms "$@"
		echo "$elapsed" >>"$T/runs"
		i=$((i + 1))
	done
	raw=$(median <"$T/runs")
	over=$(median <"$T/over")
	echo "  date loop: median $raw ms a run, of which $over ms is" \
	    "date(1) itself (timing a no-op), taken off" >"$T/note"
	echo "$raw $over" | awk '{ v = $1 - $2;
		printf "%.3f\n", (v > 0 ? v : 0) }'
}

# Prints what median_ms noted, if anything.
note() {
	[ -s "$T/note" ] && cat "$T/note"
	rm -f "$T/note"
}

# ok_rc N: an exit status of the check contract (0 ok, 1 warn, 77 block).
ok_rc() {
	case $1 in
	0 | 1 | 77) return 0 ;;
	esac
	return 1
}

lt() {
	awk -v a="$1" -v b="$2" 'BEGIN { exit !(a == a + 0 && a < b) }'
}

HYPERFINE=
if [ "${BENCH_NO_HYPERFINE:-}" = "" ] && command -v hyperfine >/dev/null 2>&1
then
	HYPERFINE=$(command -v hyperfine)
	echo "timing with $("$HYPERFINE" --version)"
else
	echo "timing with date +%s%N (no hyperfine: 'apt-get install" \
	    "hyperfine' for steadier figures)"
fi

if [ ! -x "$SENDGUARD" ]; then
	echo "no $SENDGUARD"
	goal "check start-up, shipped list" "n/a" "< $GOAL_DEFAULT_MS ms" "NOT met"
	goal "check start-up, $NLABEL cached" "n/a" "< $GOAL_CACHED_MS ms" "NOT met"
	exit 1
fi

echo
echo "== (a) sendguard check user@gmail.com, shipped list only," \
    "median of $RUNS_DEFAULT runs"
fresh_home
"$SENDGUARD" check user@gmail.com >"$T/out" 2>&1
rc=$?
if ! ok_rc $rc; then
	echo "  sendguard check exits $rc (not 0, 1 or 77): not measured"
	sed 's/^/  | /' "$T/out" | head -5
	goal "check start-up, shipped list" "n/a (exit $rc)" \
	    "< $GOAL_DEFAULT_MS ms" "NOT met"
	a_ok=0
else
	a=$(median_ms $RUNS_DEFAULT "$SENDGUARD" check user@gmail.com)
	note
	echo "  median: $a ms (exit $rc)"
	if lt "$a" $GOAL_DEFAULT_MS; then met=met; else met="NOT met"; fi
	goal "check start-up, shipped list" "$a ms" "< $GOAL_DEFAULT_MS ms" \
	    "$met"
	a_ok=1
	# Side by side: the same program without the guard (--version: the
	# libraries loaded, nothing built), a process that does nothing, and
	# msmtp, so that a machine slow to start programs shows as such.
	v=$(median_ms $RUNS_DEFAULT "$SENDGUARD" --version)
	t=$(median_ms $RUNS_DEFAULT /bin/true)
	m=nan
	command -v msmtp >/dev/null 2>&1 &&
	    m=$(median_ms $RUNS_DEFAULT "$(command -v msmtp)" --version)
	own=$(echo "$a $v" | awk '{ d = $1 - $2; printf "%.3f", (d > 0 ? d : 0) }')
	echo "  beside it: sendguard --version $v ms, /bin/true $t ms," \
	    "msmtp --version $m ms"
	echo "  the guard's own start-up (check less --version): $own ms"
	if lt "$own" $GOAL_DEFAULT_MS; then met=met; else met="NOT met"; fi
	goal "check start-up, the guard's own part" "$own ms" \
	    "< $GOAL_DEFAULT_MS ms" "$met"
	goal "check start-up, vs msmtp --version" \
	    "$(echo "$a $m" | awk '{ printf "%.2fx", $1 / $2 }')" "(figure)" info
	# Times on a busy or slow machine wander; instructions do not.
	if command -v valgrind >/dev/null 2>&1; then
		ic() {
			valgrind --tool=callgrind --callgrind-out-file="$T/cg" \
			    "$@" >/dev/null 2>&1
			sed -n 's/^summary: *//p' "$T/cg"
		}
		ic_check=$(ic "$SENDGUARD" check user@gmail.com)
		ic_version=$(ic "$SENDGUARD" --version)
		echo "  instructions (callgrind): check $ic_check, --version" \
		    "$ic_version: the guard's own part" \
		    "$((ic_check - ic_version))"
		goal "check start-up, the guard's own instructions" \
		    "$(((ic_check - ic_version) / 1000))k" "(figure)" info
	fi
fi

echo
echo "== (b) known_domains = $NDOMAINS domains"
if [ ! -x "$GEN" ]; then
	echo "  no $GEN"
	goal "check first run, $NLABEL (builds cache)" "n/a" "(figure only)" \
	    info
	goal "check start-up, $NLABEL cached" "n/a" "< $GOAL_CACHED_MS ms" "NOT met"
	exit 1
fi
t0=$(date +%s%N)
"$GEN" "$NDOMAINS" "$T/domains.txt" || exit 1
t1=$(date +%s%N)
echo "  generated $T/domains.txt: $(wc -l <"$T/domains.txt") lines," \
    "$(wc -c <"$T/domains.txt") bytes" \
    "($(echo "$t0 $t1" | awk '{ printf "%.2f", ($2 - $1) / 1e9 }') s)"
fresh_home
printf '[guard]\nknown_domains = %s\n' "$T/domains.txt" \
    >"$XDG_CONFIG_HOME/sendguard/config"

ms "$SENDGUARD" check user@gmail.com
first=$elapsed
if ! ok_rc $rc; then
	echo "  sendguard check exits $rc (not 0, 1 or 77): not measured"
	"$SENDGUARD" check user@gmail.com 2>&1 | sed 's/^/  | /' | head -5
	goal "check first run, $NLABEL (builds cache)" "n/a (exit $rc)" \
	    "(figure only)" info
	goal "check start-up, $NLABEL cached" "n/a (exit $rc)" \
	    "< $GOAL_CACHED_MS ms" "NOT met"
	exit 1
fi
echo "  first run (reads the file, builds and writes the cache):" \
    "$first ms (exit $rc)"
cached=0
for f in "$XDG_CACHE_HOME"/sendguard/*; do
	[ -f "$f" ] || continue
	echo "  cache: \$XDG_CACHE_HOME/sendguard/${f##*/}," \
	    "$(wc -c <"$f") bytes"
	cached=$((cached + 1))
done
[ $cached -gt 0 ] ||
    echo "  WARNING: nothing cached under \$XDG_CACHE_HOME/sendguard/"
goal "check first run, $NLABEL (builds cache)" "$first ms" "(figure only)" \
    info

# The cached index must answer: a listed domain is ok, and a typo of one
# (two letters swapped in a name of 6+ letters, not listed itself) warns.
known=$(sed -n "$((NDOMAINS / 2)),\$p" "$T/domains.txt" |
    grep -E '^[a-z]{6,}\.' | awk '{ print; n++ } n == 50 { exit }')
typo=
for k in $known; do
	t=$(echo "$k" | awk '{ a = substr($0, 3, 1); b = substr($0, 4, 1)
		if (a != b) print substr($0, 1, 2) b a substr($0, 5) }')
	[ -n "$t" ] && ! grep -Fxq "$t" "$T/domains.txt" && {
		typo=$t
		break
	}
done
sane=1
for pair in "${known%%[[:space:]]*}:0" "$typo:1"; do
	d=${pair%:*}
	want=${pair##*:}
	[ -n "$d" ] || continue
	"$SENDGUARD" check "user@$d" >/dev/null 2>&1
	got=$?
	if [ "$got" = "$want" ]; then
		echo "  sanity: $d exits $got: ok"
	else
		echo "  sanity: $d exits $got, not $want: WRONG"
		sane=0
	fi
done

b=$(median_ms $RUNS_CACHED "$SENDGUARD" check user@gmail.com)
note
echo "  cached runs, median of $RUNS_CACHED: $b ms"
if lt "$b" $GOAL_CACHED_MS; then met=met; else met="NOT met"; fi
goal "check start-up, $NLABEL cached" "$b ms" "< $GOAL_CACHED_MS ms" "$met"

# (c) The user's world: a mutt alias file of 10,000 contacts and a history
# of 100,000 addresses, against the same home without them, measured side
# by side (alternating) so the machine's load falls on both alike.
NCONTACTS=${BENCH_NCONTACTS:-10000}
NHISTORY=${BENCH_NHISTORY:-100000}
GOAL_WORLD_MS=20
echo
echo "== (c) $NCONTACTS contacts (mutt aliases) + $NHISTORY history" \
    "entries, against none"
fresh_home
/usr/bin/python3 - "$NCONTACTS" "$NHISTORY" "$T/aliases" \
    "$XDG_STATE_HOME/sendguard/history" <<'PY'
import os, random, sys
nc, nh, aliases, history = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
rnd = random.Random(5)
syl = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi", "bel", "dor", "fen", "gar"]
def name(k):
    return "".join(rnd.choice(syl) for _ in range(k))
tlds = ["com", "org", "net", "de", "co.uk", "mil", "gov", "fr", "io"]
# A heavy user's world: most mail goes to a few thousand domains.
domains = sorted({name(3) + "." + rnd.choice(tlds) for _ in range(6000)})
first = ["Anna", "Ben", "Chloé", "Dmitri", "Eva", "Farid", "Grace", "Hiro"]
with open(aliases, "w") as f:
    for i in range(nc):
        fn, ln = rnd.choice(first), name(2).capitalize()
        f.write("alias c%d %s %s <%s.%s@%s>\n" % (i, fn, ln, fn.lower().replace("é", "e"), ln.lower(), rnd.choice(domains[:2000])))
os.makedirs(os.path.dirname(history), exist_ok=True)
with open(history, "w") as f:
    f.write("# sendguard history\n")
    t = 1790000000
    for i in range(nh):
        f.write("u%d.%s@%s\t%d\t%d\t\n" % (i, name(2), rnd.choice(domains), t - i * 60, 1 + i % 7))
PY
echo "  aliases: $(wc -l <"$T/aliases") lines, $(wc -c <"$T/aliases") bytes;" \
    "history: $(wc -l <"$XDG_STATE_HOME/sendguard/history") lines," \
    "$(wc -c <"$XDG_STATE_HOME/sendguard/history") bytes"
printf '[guard]\ncontacts = %s\n' "$T/aliases" >"$T/with.conf"
printf '[guard]\n' >"$T/without.conf"
"$SENDGUARD" check -C "$T/with.conf" --json u5@nowhere.example >"$T/out" 2>&1
if grep -q new-recipient "$T/out"; then
	echo "  sanity: a new address is a new recipient: ok"
else
	echo "  sanity: no new-recipient finding: WRONG: $(head -c 300 "$T/out")"
	sane=0
fi
: >"$T/with"
: >"$T/without"
i=0
while [ $i -lt 5 ]; do
	median_ms 5 "$SENDGUARD" check -C "$T/with.conf" user@gmail.com >>"$T/with"
	note >/dev/null
	mv "$XDG_STATE_HOME/sendguard/history" "$T/history.away"
	median_ms 5 "$SENDGUARD" check -C "$T/without.conf" user@gmail.com >>"$T/without"
	note >/dev/null
	mv "$T/history.away" "$XDG_STATE_HOME/sendguard/history"
	i=$((i + 1))
done
w=$(median <"$T/with")
wo=$(median <"$T/without")
added=$(echo "$w $wo" | awk '{ printf "%.2f", $1 - $2 }')
echo "  with: $w ms, without: $wo ms (medians of 5 alternating rounds of" \
    "5 runs); added: $added ms; ratio $(echo "$w $wo" | awk '{ printf "%.2fx", $1 / $2 }')"
if lt "$added" $GOAL_WORLD_MS; then met=met; else met="NOT met"; fi
goal "start-up added by ${NCONTACTS} contacts + ${NHISTORY} history" \
    "$added ms" "< $GOAL_WORLD_MS ms" "$met"
# The other side of the cache: the run after a book or the history
# changed reads everything and compiles it again (after a delivery,
# sendguard does this itself, so the next start finds the cache fresh).
: >"$T/cold"
i=0
while [ $i -lt 5 ]; do
	rm -f "$XDG_CACHE_HOME/sendguard/world.cache"
	ms "$SENDGUARD" check -C "$T/with.conf" user@gmail.com
	echo "$elapsed" >>"$T/cold"
	i=$((i + 1))
done
cold=$(median <"$T/cold")
echo "  first run after a change (reads, compiles, writes the cache):" \
    "median of 5: $cold ms"
goal "start-up after the books or history changed (rebuild)" "$cold ms" \
    "(figure only)" info
[ "$a_ok" = 1 ] && [ "$sane" = 1 ]
