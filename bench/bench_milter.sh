#!/bin/sh
# bench_milter.sh BUILD: sendguard milter inside a real Postfix, with
# 1,000,000 known domains (bench_gendomains). Three private Postfix
# instances (tests/milter/postfix.sh) side by side, the same but for
# smtpd_milters: none, the milter on a unix socket (as the README
# recommends), the same milter on 127.0.0.1 (TCP);
# both queueing what they accept and then discarding it (the discard
# transport: what is measured is the way in, where the milter sits);
# Postfix's own smtp-source sends 1,000 messages of 5 recipients over 10
# parallel sessions to each, in turn, three times (the best round of each
# counts). Prints the throughputs, their ratio to the one without (goal
# >= 0.9x, on the unix socket), and the milter's own time per message (its
# callbacks, from its log; goal p99 <= 1 ms). Root only (Postfix).
BUILD=${1:-build/bench-build}
top=$(cd "$(dirname "$0")/.." && pwd)
case $BUILD in
/*) ;;
*) BUILD="$top/$BUILD" ;;
esac
PATH=$PATH:/usr/sbin
MSGS=1000
SESS=10
RCPTS=5

goal() {
	echo "goal: $1 | $2 | $3 | $4"
}
if [ "$(id -u)" -ne 0 ] || ! command -v smtp-source >/dev/null 2>&1; then
	echo "bench_milter: needs root and Postfix (smtp-source); not run"
	goal "milter: throughput with/without" "not run" ">= 0.90x" "NOT met"
	exit 0
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/sendguard-milter.XXXXXX") || exit 2
MPID=
UPID=
trap 'pf_stop "$T/plain"; pf_stop "$T/unix"; pf_stop "$T/guard";
    [ -n "$MPID" ] && kill "$MPID" 2>/dev/null;
    [ -n "$UPID" ] && kill "$UPID" 2>/dev/null; rm -rf "$T"' EXIT
trap 'exit 1' HUP INT TERM
. "$top/tests/milter/postfix.sh"

"$BUILD/bench/bench_gendomains" 1000000 "$T/domains.txt" >/dev/null || exit 2
printf '[guard]\norg_domains = example.org\nknown_domains = %s\n' \
    "$T/domains.txt" >"$T/milter.conf"

MPORT=$(pf_free_port)
start=$(date +%s.%N)
# One milter on both sockets is not possible: two, sharing the cache.
XDG_CACHE_HOME=$T/cache "$BUILD/sendguard" milter -C "$T/milter.conf" \
    --socket "inet:$MPORT@127.0.0.1" --foreground 2>"$T/milter.log" &
MPID=$!
end=$(($(date +%s) + 120))
until grep -q "listening on" "$T/milter.log"; do
	if ! kill -0 "$MPID" 2>/dev/null || [ "$(date +%s)" -ge "$end" ]; then
		echo "bench_milter: the milter did not start: $(cat "$T/milter.log")"
		exit 1
	fi
	sleep 0.05
done
awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "milter start " \
    "with 1,000,000 known domains (index built and cached): %.1f s\n", e - s }'
start=$(date +%s.%N)
# The postfix user must be able to write to the socket.
(umask 0; exec env XDG_CACHE_HOME="$T/cache" "$BUILD/sendguard" milter \
    -C "$T/milter.conf" --socket "unix:$T/milter.sock" --foreground \
    2>"$T/milter-unix.log") &
UPID=$!
until grep -q "listening on" "$T/milter-unix.log"; do
	kill -0 "$UPID" 2>/dev/null || { cat "$T/milter-unix.log"; exit 1; }
	sleep 0.05
done
awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "milter start, " \
    "the index mapped from its cache: %.2f s\n", e - s }'
PLAIN=$(pf_free_port)
UNIX=$(pf_free_port)
GUARD=$(pf_free_port)
pf_setup "$T/plain" "$PLAIN" 9 || exit 1
pf_setup "$T/unix" "$UNIX" 9 "unix:$T/milter.sock" || exit 1
pf_setup "$T/guard" "$GUARD" 9 "inet:127.0.0.1:$MPORT" || exit 1
for i in plain unix guard; do
	printf 'default_transport = discard\nrelay_transport = discard\n' \
	    >>"$T/$i/etc/main.cf"
	pf_start "$T/$i" || exit 1
done

# run PORT: seconds for smtp-source to hand over every message.
run() {
	s=$(date +%s.%N)
	smtp-source -s "$SESS" -m "$MSGS" -r "$RCPTS" -l 2048 \
	    -f me@example.org -t friend@gmail.com -M client.example.org \
	    "127.0.0.1:$1" || return 1
	awk -v s="$s" -v e="$(date +%s.%N)" 'BEGIN { printf "%.3f\n", e - s }'
}

min() {
	awk -v a="${1:-$2}" -v b="$2" 'BEGIN { print (b < a ? b : a) }'
}
best_plain=
best_unix=
best_guard=
for round in 1 2 3; do
	p=$(run "$PLAIN") || exit 1
	pf_wait_empty "$T/plain" 60
	u=$(run "$UNIX") || exit 1
	pf_wait_empty "$T/unix" 60
	g=$(run "$GUARD") || exit 1
	pf_wait_empty "$T/guard" 60
	printf 'round %d: without the milter %.2f s, unix socket %.2f s, TCP %.2f s (load %s)\n' \
	    "$round" "$p" "$u" "$g" "$(cut -d' ' -f1 /proc/loadavg)"
	best_plain=$(min "$best_plain" "$p")
	best_unix=$(min "$best_unix" "$u")
	best_guard=$(min "$best_guard" "$g")
done
awk -v p="$best_plain" -v u="$best_unix" -v g="$best_guard" -v m="$MSGS" 'BEGIN {
	printf "throughput: without the milter %.0f msg/s, with it %.0f msg/s " \
	    "(unix socket), %.0f msg/s (TCP)\n", m / p, m / u, m / g
	r = p / u
	printf "goal: milter: throughput with/without | %.2fx | >= 0.90x | %s\n",
	    r, (r >= 0.9 ? "met" : "NOT met")
	printf "goal: milter on TCP: throughput with/without | %.2fx | (figure) | info\n",
	    p / g
}'
# The milter's own time per message, from its accept lines.
cat "$T/milter.log" "$T/milter-unix.log" |
    grep -o 'accept: .* \([0-9]*\) us$' | sed 's/.* \([0-9]*\) us$/\1/' |
    sort -n >"$T/us"
n=$(wc -l <"$T/us")
if [ "$n" -lt $((MSGS * 6)) ]; then
	echo "bench_milter: only $n messages logged, not $((MSGS * 6))"
	exit 1
fi
p50=$(sed -n "$((n / 2))p" "$T/us")
p99=$(sed -n "$(((n * 99 + 99) / 100))p" "$T/us")
max=$(tail -1 "$T/us")
echo "milter time per message ($n messages, $RCPTS recipients each):" \
    "p50 $p50 us, p99 $p99 us, max $max us"
goal "milter: time per message p99, 1M known" "$p99 us" "<= 1000 us" \
    "$([ "$p99" -le 1000 ] && echo met || echo "NOT met")"
