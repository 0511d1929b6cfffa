# Local SMTP servers for end-to-end tests: source this from a POSIX sh test
# script (dash, set -u clean).  Servers are tests/smtp/server.py (aiosmtpd)
# run by Debian's /usr/bin/python3, listening on 127.0.0.1 only.
#
#   T=$(mktemp -d)                       # the caller owns $T
#   . "$SENDGUARD_TOP/tests/smtp/lib.sh"
#   trap 'smtp_stop_all; rm -rf "$T"' EXIT   # stop servers BEFORE rm -rf
#   trap 'exit 1' INT TERM HUP           # so that EXIT also runs on signals
#   smtp_certs || exit 1                 # optional: SMTP_CERT, SMTP_KEY, ...
#   smtp_start plain || exit 1           # sets SMTP_PORT and SMTP_DIR
#   smtp_start tls --starttls "$SMTP_CERT" "$SMTP_KEY" --require-starttls \
#       --auth user:secret || exit 1
#   ... send to 127.0.0.1:$SMTP_PORT ...
#   [ "$(smtp_count tls)" -eq 1 ] && cmp "$(smtp_msg tls 1)" expected.eml
#   grep 'C: RCPT TO' "$(smtp_log tls)"
#   smtp_stop tls                        # returns the server's exit status
#
# tests/cli/lib.sh sets its own EXIT trap: after sourcing both, replace it
# with trap 'smtp_stop_all; rm -rf "$T"' EXIT.  Servers also exit by
# themselves when the shell that started them goes away (--exit-with-parent),
# so call smtp_start from the test's main shell, not from $(...) or (...).
#
# Files of server NAME, under $T/smtp-NAME/: port, pid, spool/NNNN.eml and
# NNNN.json (see server.py), log (one line per command, reply and event; see
# server.py), record (the command lines alone), stdout, stderr.
# smtp_start's readiness probe is not logged.
#
# Every function returns non-zero on failure, with a message on stderr; the
# library also works under set -e.
#
# Settings (environment): SMTP_PYTHON (default /usr/bin/python3, which has
# python3-aiosmtpd; the python3 on PATH may not), SMTP_LIB_DIR (this
# directory; found from $SENDGUARD_TOP or the script's own path).

# shellcheck disable=SC2034 # SMTP_* are set for the caller
SMTP_PYTHON=${SMTP_PYTHON:-/usr/bin/python3}
SMTP_PORT=
SMTP_DIR=
_SMTP_NAMES=

if [ -z "${SMTP_LIB_DIR:-}" ]; then
	for _smtp_d in "${SENDGUARD_TOP:-/nonexistent}/tests/smtp" \
	    "$(dirname "$0")" "$(dirname "$0")/../smtp" "$(dirname "$0")/smtp"; do
		if [ -f "$_smtp_d/server.py" ]; then
			SMTP_LIB_DIR=$(cd "$_smtp_d" && pwd)
			break
		fi
	done
fi
SMTP_LIB_DIR=${SMTP_LIB_DIR:-}

_smtp_err() {
	printf '%s\n' "$*" >&2
}

# _smtp_name NAME: checks NAME and sets _smtp_d to its directory.
_smtp_name() {
	if [ -z "${T:-}" ] || [ ! -d "${T:-}" ]; then
		_smtp_err "smtp: \$T must name the test's temporary directory"
		return 1
	fi
	case ${1:-} in
	'' | *[!A-Za-z0-9_.-]*)
		_smtp_err "smtp: bad server name '${1:-}' (letters, digits, _ . -)"
		return 1
		;;
	esac
	_smtp_d="$T/smtp-$1"
}

_smtp_now() {
	date +%s
}

# _smtp_alive PID: true while PID runs (a zombie counts as gone).
_smtp_alive() {
	kill -0 "$1" 2>/dev/null || return 1
	case $(sed -n 's/^.*) \(.\).*/\1/p' "/proc/$1/stat" 2>/dev/null) in
	Z | X) return 1 ;;
	esac
	return 0
}

# _smtp_probe PORT PROBEFILE: one TCP connection to 127.0.0.1:PORT, announced
# to the server through PROBEFILE (its local port) so that it is not logged;
# waits until the server has seen it (and removed PROBEFILE).
_smtp_probe() {
	"$SMTP_PYTHON" - "$1" "$2" <<'PY' 2>/dev/null
import os, socket, sys, time
port, probe = int(sys.argv[1]), sys.argv[2]
s = socket.socket()
s.settimeout(3)
s.bind(("127.0.0.1", 0))
with open(probe + ".tmp", "w") as f:
    f.write("%d\n" % s.getsockname()[1])
os.replace(probe + ".tmp", probe)
try:
    s.connect(("127.0.0.1", port))
except OSError:
    sys.exit(1)
end = time.monotonic() + 3
while os.path.exists(probe) and time.monotonic() < end:
    time.sleep(0.005)
s.close()
sys.exit(0 if not os.path.exists(probe) else 1)
PY
}

# smtp_start NAME [server.py options...]: starts server NAME and waits (at
# most 10 s) until it accepts TCP connections on 127.0.0.1; then sets
# SMTP_PORT and SMTP_DIR ($T/smtp-NAME).  Returns 1 with a message (and the
# server's stderr) if it does not come up.  Restarting a NAME starts afresh
# (its old spool and log are removed).
smtp_start() {
	_smtp_name "${1:-}" || return 1
	_smtp_n=$1
	shift
	if [ -z "$SMTP_LIB_DIR" ] || [ ! -f "$SMTP_LIB_DIR/server.py" ]; then
		_smtp_err "smtp_start $_smtp_n: server.py not found (set SMTP_LIB_DIR)"
		return 1
	fi
	if [ -f "$_smtp_d/bgpid" ] && _smtp_alive "$(cat "$_smtp_d/bgpid")"; then
		_smtp_err "smtp_start $_smtp_n: already running"
		return 1
	fi
	rm -rf "$_smtp_d"
	mkdir -p "$_smtp_d/spool" || return 1
	"$SMTP_PYTHON" "$SMTP_LIB_DIR/server.py" \
	    --port-file "$_smtp_d/port" --pid-file "$_smtp_d/pid" \
	    --spool "$_smtp_d/spool" --log "$_smtp_d/log" \
	    --record "$_smtp_d/record" \
	    --probe-file "$_smtp_d/probe" --exit-with-parent "$@" \
	    </dev/null >"$_smtp_d/stdout" 2>"$_smtp_d/stderr" &
	_smtp_pid=$!
	echo "$_smtp_pid" >"$_smtp_d/bgpid"
	case " $_SMTP_NAMES " in
	*" $_smtp_n "*) ;;
	*) _SMTP_NAMES="$_SMTP_NAMES $_smtp_n" ;;
	esac
	_smtp_deadline=$(($(_smtp_now) + 10))
	while :; do
		if ! _smtp_alive "$_smtp_pid"; then
			_smtp_rc=0
			wait "$_smtp_pid" || _smtp_rc=$?
			rm -f "$_smtp_d/bgpid"
			_smtp_err "smtp_start $_smtp_n: server exited ($_smtp_rc) before it was ready; its stderr:"
			sed 's/^/    /' "$_smtp_d/stderr" >&2
			return 1
		fi
		if [ -s "$_smtp_d/port" ] &&
		    _smtp_probe "$(cat "$_smtp_d/port")" "$_smtp_d/probe"; then
			break
		fi
		if [ "$(_smtp_now)" -ge "$_smtp_deadline" ]; then
			_smtp_err "smtp_start $_smtp_n: not accepting connections after 10 s; its stderr:"
			sed 's/^/    /' "$_smtp_d/stderr" >&2
			smtp_stop "$_smtp_n" || :
			return 1
		fi
		sleep 0.02
	done
	# shellcheck disable=SC2034 # for the caller
	SMTP_PORT=$(cat "$_smtp_d/port")
	# shellcheck disable=SC2034
	SMTP_DIR=$_smtp_d
	return 0
}

# smtp_stop NAME: SIGTERM, then SIGKILL after 5 s; waits for the server and
# returns its exit status (0 for a clean stop).  Stopping a stopped server
# returns 0.
smtp_stop() {
	_smtp_name "${1:-}" || return 1
	[ -f "$_smtp_d/bgpid" ] || return 0
	_smtp_pid=$(cat "$_smtp_d/bgpid")
	rm -f "$_smtp_d/bgpid"
	kill -TERM "$_smtp_pid" 2>/dev/null || :
	_smtp_deadline=$(($(_smtp_now) + 5))
	while _smtp_alive "$_smtp_pid"; do
		if [ "$(_smtp_now)" -ge "$_smtp_deadline" ]; then
			_smtp_err "smtp_stop $1: no exit after SIGTERM; killing it"
			kill -KILL "$_smtp_pid" 2>/dev/null || :
			break
		fi
		sleep 0.02
	done
	wait "$_smtp_pid" 2>/dev/null
}

# smtp_stop_all: stops every server this shell started.  Put it in the EXIT
# trap, before removing $T.
smtp_stop_all() {
	for _smtp_n in $_SMTP_NAMES; do
		smtp_stop "$_smtp_n" || :
	done
	_SMTP_NAMES=
	return 0
}

# smtp_count NAME: prints the number of messages spooled so far.
smtp_count() {
	_smtp_name "${1:-}" || return 1
	set -- "$_smtp_d"/spool/*.json
	if [ -e "$1" ]; then echo $#; else echo 0; fi
}

# _smtp_file NAME N EXT: prints the path of message N's file.
_smtp_file() {
	_smtp_name "${1:-}" || return 1
	case ${2:-} in
	'' | *[!0-9]*)
		_smtp_err "smtp: bad message number '${2:-}'"
		return 1
		;;
	esac
	_smtp_i=${2#"${2%%[!0]*}"}
	printf '%s/spool/%04d.%s\n' "$_smtp_d" "${_smtp_i:-0}" "$3"
}

# smtp_msg NAME N: path of the Nth message's bytes (N from 1).
smtp_msg() {
	_smtp_file "${1:-}" "${2:-}" eml
}

# smtp_meta NAME N: path of the Nth message's JSON (mail_from, rcpt_tos,
# size, tls, auth_user, helo, mail_options, rcpt_options).
smtp_meta() {
	_smtp_file "${1:-}" "${2:-}" json
}

# smtp_log NAME: path of the server's command/reply log.
smtp_log() {
	_smtp_name "${1:-}" || return 1
	printf '%s/log\n' "$_smtp_d"
}

# smtp_record NAME: path of the server's command record (every command line
# the clients sent, AUTH responses included, one per line; see server.py).
# A test may also pass --record FILE to smtp_start (the last one counts).
smtp_record() {
	_smtp_name "${1:-}" || return 1
	printf '%s/record\n' "$_smtp_d"
}

# smtp_idle NAME: waits (at most 5 s) until every connection server NAME
# accepted is closed, so that its log and record are complete (a client
# may exit before the server has read its QUIT).
smtp_idle() {
	_smtp_name "${1:-}" || return 1
	_smtp_deadline=$(($(_smtp_now) + 5))
	while [ "$(grep -c ' \* connect ' "$_smtp_d/log" 2>/dev/null)" != \
	    "$(grep -c ' \* close' "$_smtp_d/log" 2>/dev/null)" ]; do
		if [ "$(_smtp_now)" -ge "$_smtp_deadline" ]; then
			_smtp_err "smtp_idle $1: connections still open after 5 s"
			return 1
		fi
		sleep 0.02
	done
}

# smtp_port NAME: prints the server's port.
smtp_port() {
	_smtp_name "${1:-}" || return 1
	cat "$_smtp_d/port"
}

# smtp_certs: makes (once per $T) the test certificates with cert.sh and sets
# SMTP_CERT, SMTP_KEY (the one clients trust), SMTP_OTHER_CERT,
# SMTP_OTHER_KEY (an unrelated self-signed one, for "untrusted"),
# SMTP_NAMED_CERT, SMTP_NAMED_KEY (for mail.example.test only) and
# SMTP_CLIENT_CERT, SMTP_CLIENT_KEY (a client certificate, its own issuer).
# shellcheck disable=SC2034 # SMTP_* are set for the caller
smtp_certs() {
	_smtp_name certs || return 1
	_smtp_d="$T/smtp.certs"
	if [ ! -f "$_smtp_d/client-key.pem" ]; then
		sh "$SMTP_LIB_DIR/cert.sh" "$_smtp_d" || return 1
	fi
	SMTP_CERT=$_smtp_d/cert.pem
	SMTP_KEY=$_smtp_d/key.pem
	SMTP_OTHER_CERT=$_smtp_d/other-cert.pem
	SMTP_OTHER_KEY=$_smtp_d/other-key.pem
	SMTP_NAMED_CERT=$_smtp_d/named-cert.pem
	SMTP_NAMED_KEY=$_smtp_d/named-key.pem
	SMTP_CLIENT_CERT=$_smtp_d/client-cert.pem
	SMTP_CLIENT_KEY=$_smtp_d/client-key.pem
}
