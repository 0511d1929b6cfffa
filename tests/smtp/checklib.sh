# checklib.sh: the self-tests' shared shell, sourced by tests/smtp/
# selftest*.sh once they set SMTP_LIB_DIR and SELFTEST_CLIENT: a temporary
# $T, lib.sh, the servers stopped at exit, and check helpers that count and
# print one line per check; selftest_done prints the totals and sets the
# exit status.
# shellcheck disable=SC2317 # functions run through check
set -u
T=$(mktemp -d) || exit 1
. "$SMTP_LIB_DIR/lib.sh"
trap 'smtp_stop_all; rm -rf "$T"' EXIT
trap 'exit 1' INT TERM HUP
export T

checks=0
failures=0
fail() {
	printf 'FAIL  %s\n' "$*"
	failures=$((failures + 1))
}
# check NAME COMMAND...: runs COMMAND (its output is kept for a failure).
check() {
	_name=$1
	shift
	checks=$((checks + 1))
	if "$@" >"$T/check.out" 2>&1; then
		printf 'ok    %s\n' "$_name"
	else
		fail "$_name"
		sed 's/^/      /' "$T/check.out"
	fi
}
# client CASE ARGS...: one case of the script's Python client
# ($SELFTEST_CLIENT, beside this file).
client() {
	"$SMTP_PYTHON" "$SMTP_LIB_DIR/$SELFTEST_CLIENT" "$@"
}
# start NAME ARGS...: smtp_start, counted as a check; stops the test if the
# server does not come up.
start() {
	checks=$((checks + 1))
	if ! smtp_start "$@"; then
		fail "smtp_start $1"
		exit 1
	fi
}
# stopped NAME: the server exits with status 0 on SIGTERM.
stopped() {
	smtp_stop "$1"
	_rc=$?
	[ "$_rc" -eq 0 ] || { echo "server $1 exited with $_rc"; return 1; }
}
count_is() {
	_n=$(smtp_count "$1")
	[ "$_n" -eq "$2" ] || { echo "$1 spooled $_n message(s), expected $2"; return 1; }
}
# in_log NAME BRE: the server's log has a line matching BRE.
in_log() {
	grep -q -- "$2" "$(smtp_log "$1")" || {
		echo "log of $1 lacks /$2/:"
		sed 's/^/  /' "$(smtp_log "$1")"
		return 1
	}
}
# in_order NAME ERE...: log lines matching each ERE appear in this order.
in_order() {
	_log=$(smtp_log "$1")
	shift
	_prev=0
	for _re in "$@"; do
		_ln=$(RE=$_re awk -v p="$_prev" \
		    'NR > p && $0 ~ ENVIRON["RE"] { print NR; exit }' "$_log")
		if [ -z "$_ln" ]; then
			echo "log: no /$_re/ after line $_prev:"
			sed 's/^/  /' "$_log"
			return 1
		fi
		_prev=$_ln
	done
}
one_connection() {
	_c=$(grep -c ' \* connect ' "$(smtp_log "$1")")
	[ "$_c" -eq 1 ] || { echo "$_c connections logged"; return 1; }
}
no_stderr() {
	_e="$T/smtp-$1/stderr"
	[ ! -s "$_e" ] || { echo "server $1 wrote to stderr:"; cat "$_e"; return 1; }
}

# selftest_done: the totals; exit 1 if a check failed.
selftest_done() {
	echo "$checks checks, $failures failed"
	[ "$failures" -eq 0 ] || exit 1
	exit 0
}
