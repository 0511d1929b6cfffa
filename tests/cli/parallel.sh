# Load: 50 sends at once to the test server, each to its own address and
# to one shared by all, while 20 trust / untrust / allow --once run at
# once. Every message is delivered; the history holds each recipient once
# (the shared one counted 50 times) and parses; trusted and permits hold
# exactly what was asked; world.cache, once refreshed, is the history's.
# One allow --once permit is used by one send of eight at once.
. "$(dirname "$0")/lib.sh"
. "$SENDGUARD_TOP/tests/smtp/lib.sh"
trap 'smtp_stop_all; rm -rf "$T"' EXIT
trap 'exit 1' INT TERM HUP

N=50
smtp_start load --pipelining || exit 1
account_local "$SMTP_PORT"
state="$XDG_STATE_HOME/sendguard"
printf 'From: me@example.org\nTo: team@example.org\nSubject: load\n\nhello\n' > "$T/msg"

# Domains trusted before, to be untrusted at the same time as the rest.
for i in 1 2 3 4 5 6 7; do
	"$SENDGUARD" trust "old$i.example" >/dev/null || fail "trust old$i.example"
done

t0=$(date +%s%3N)
pids=
i=0
while [ "$i" -lt "$N" ]; do
	i=$((i + 1))
	( "$SENDGUARD" -- "p$i@example.com" team@example.org <"$T/msg" \
	    >"$T/out.$i" 2>"$T/err.$i"; echo $? >"$T/rc.$i" ) &
	pids="$pids $!"
	if [ "$i" -le 20 ]; then
		k=$((i % 3))
		case $k in
		0) ( "$SENDGUARD" trust "t$i.example" >"$T/sout.$i" 2>&1; echo $? >"$T/src.$i" ) & ;;
		1) ( "$SENDGUARD" untrust "old$(((i + 2) / 3)).example" >"$T/sout.$i" 2>&1; echo $? >"$T/src.$i" ) & ;;
		2) ( "$SENDGUARD" allow --once "a$i.example" >"$T/sout.$i" 2>&1; echo $? >"$T/src.$i" ) & ;;
		esac
		pids="$pids $!"
	fi
done
# (Not a bare wait: the server is a child too.)
for p in $pids; do wait "$p"; done
echo "$N sends and 20 state commands at once took $(($(date +%s%3N) - t0)) ms"

i=0
while [ "$i" -lt "$N" ]; do
	i=$((i + 1))
	[ "$(cat "$T/rc.$i")" = 0 ] || fail "send $i: exit $(cat "$T/rc.$i"): $(cat "$T/err.$i")"
	if [ "$i" -le 20 ]; then
		[ "$(cat "$T/src.$i")" = 0 ] || fail "state command $i: $(cat "$T/sout.$i")"
	fi
done
smtp_idle load || :
[ "$(smtp_count load)" -eq "$N" ] || fail "the server has $(smtp_count load) messages, not $N"

/usr/bin/python3 - "$SMTP_DIR/spool" "$state" "$N" <<'PY' || fail "history, trusted or permits"
import glob, json, sys
spool, state, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
got = sorted(tuple(json.load(open(p))["rcpt_tos"])
             for p in glob.glob(spool + "/*.json"))
want = sorted(("p%d@example.com" % i, "team@example.org")
              for i in range(1, n + 1))
assert got == want, "delivered: %r" % got
seen = {}
for line in open(state + "/history", encoding="utf-8"):
    if line.startswith("#"):
        continue
    f = line.rstrip("\n").split("\t")
    assert len(f) == 4 and int(f[1]) > 0 and int(f[2]) > 0, line
    key = f[0].lower()
    assert key not in seen, "twice in the history: " + f[0]
    seen[key] = int(f[2])
assert set(seen) == {"p%d@example.com" % i for i in range(1, n + 1)} | \
    {"team@example.org"}, sorted(seen)
assert seen["team@example.org"] == n, "team@example.org counted %d times" % \
    seen["team@example.org"]
trusted = [l.strip() for l in open(state + "/trusted")]
want_t = sorted(["t%d.example" % i for i in range(1, 21) if i % 3 == 0] +
                ["old%d.example" % i for i in range(1, 8)
                 if i not in [(j + 2) // 3 for j in range(1, 21) if j % 3 == 1]])
assert sorted(trusted) == want_t, "trusted: %r, want %r" % (trusted, want_t)
permits = [l.split()[0] for l in open(state + "/permits")]
want_p = sorted("a%d.example" % i for i in range(1, 21) if i % 3 == 2)
assert sorted(permits) == want_p, "permits: %r" % permits
print("history: %d addresses, team@example.org %d times; %d trusted, "
      "%d permits" % (len(seen), seen["team@example.org"], len(trusted),
                      len(permits)))
PY

# world.cache: the detached refreshes settle on the last history (its
# stamp then matches the file); a check maps it as it is, and it knows
# every address sent to.
cache="$XDG_CACHE_HOME/sendguard/world.cache"
hist=$(stat -c '%d:%i:%s:%Y' "$state/history")
deadline=$(($(date +%s) + 15))
fresh=0
while [ "$(date +%s)" -lt "$deadline" ]; do
	if [ -f "$cache" ] && /usr/bin/python3 - "$cache" "$state/history" <<'PY'
import os, struct, sys
data = open(sys.argv[1], "rb").read()
slen = struct.unpack("=Q", data[8:16])[0]
stamp = data[16:16 + slen].decode()
st = os.stat(sys.argv[2])
line = "%d:%d:%d:%d.%09d %s" % (st.st_dev, st.st_ino, st.st_size,
    st.st_mtime_ns // 10**9, st.st_mtime_ns % 10**9, sys.argv[2])
sys.exit(0 if line in stamp.split("\n") else 1)
PY
	then
		fresh=1
		break
	fi
	sleep 0.1
done
[ "$fresh" -eq 1 ] || fail "world.cache never caught up with the history"
before=$(stat -c '%i:%Y' "$cache")
"$SENDGUARD" check --json -- p1@example.com "p$N@example.com" team@example.org stranger@example.com >"$T/out" 2>"$T/err"
rc=$?
json 'all(not v["findings"] for v in L[:3]) and L[3]["findings"][0]["code"] == "new-recipient"'
[ "$(stat -c '%i:%Y' "$cache")" = "$before" ] || fail "check rebuilt world.cache: it was not fresh"

# One allow --once permit, 8 sends at once to its domain (no terminal) of
# a marked message (a marking warns whatever the history learns after the
# first send): exactly one goes out; the others are refused (77), kept,
# and say why. A send that fails gives its permit back.
P=8
n0=$(smtp_count load)
printf 'From: me@example.org\nSubject: (U//FOUO) plans\n\nhello\n' > "$T/fouo"
"$SENDGUARD" allow --once partner.example >/dev/null || fail "allow --once partner.example"
pids=
i=0
while [ "$i" -lt "$P" ]; do
	i=$((i + 1))
	( "$SENDGUARD" -- "john$i@partner.example" <"$T/fouo" >"$T/pout.$i" \
	    2>"$T/perr.$i"; echo $? >"$T/prc.$i" ) &
	pids="$pids $!"
done
for p in $pids; do wait "$p"; done
sent=0
i=0
while [ "$i" -lt "$P" ]; do
	i=$((i + 1))
	case $(cat "$T/prc.$i") in
	0) sent=$((sent + 1)) ;;
	77) grep -q "partner.example" "$T/perr.$i" && grep -q "kept" "$T/perr.$i" ||
	    fail "refused send $i does not say why or where it is kept: $(cat "$T/perr.$i")" ;;
	*) fail "permit race, send $i: exit $(cat "$T/prc.$i"): $(cat "$T/perr.$i")" ;;
	esac
done
smtp_idle load || :
[ "$sent" -eq 1 ] || fail "one permit, $sent sends went out"
[ "$(smtp_count load)" -eq $((n0 + sent)) ] || fail "the server has $(($(smtp_count load) - n0)) of the permit sends, not $sent"
grep -q '^partner\.example ' "$state/permits" && fail "the used permit is still there"
"$SENDGUARD" allow --once partner.example >/dev/null || fail "allow --once partner.example, again"
smtp_stop load
"$SENDGUARD" -- john@partner.example <"$T/fouo" >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" -ne 0 ] || fail "a send with the server down succeeded"
grep -q '^partner\.example ' "$state/permits" || fail "a failed send used up its permit"
late=$(cat "$T"/perr.* | grep -c "used by another send at the same time")
echo "permit race: 1 permit, $P sends at once: $sent sent, $((P - sent)) refused and kept ($late of them had read the permit and lost it to the one sent); a failed send gave its permit back"

echo "figure: parallel: $N sends and 20 state commands at once: $(smtp_count load) delivered; history, trusted, permits and world.cache checked ($failures failure(s))"
finish
