# A private Postfix instance for the milter tests and the benchmark; source
# it from a POSIX sh script running as root. Everything lives under one
# directory: its own config (-c), queue, data directory and log, smtpd on
# 127.0.0.1 only, and every message relayed to one local server.
#
#   pf_setup DIR SMTPD_PORT RELAY_PORT [MILTER]   # writes DIR/etc/main.cf
#   pf_start DIR          # postfix -c DIR/etc start; waits for smtpd
#   pf_stop DIR           # postfix -c DIR/etc stop (waits for the master)
#   pf_log DIR            # path of the instance's maillog
#   pf_wait_empty DIR S   # waits (at most S seconds) for an empty queue
#
# MILTER is Postfix's milter address (inet:127.0.0.1:PORT), for SMTP and
# non-SMTP mail; with it, milter_default_action = tempfail (what the
# README recommends).
# Checked on Postfix 3.7 (Debian 12); see LIBRARY-NOTES.md.

pf_free_port() {
	/usr/bin/python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

pf_setup() {
	_pf=$1
	mkdir -p "$_pf/etc" "$_pf/queue" "$_pf/data" || return 1
	chown postfix "$_pf/data" || return 1
	# The postfix user must reach the queue through every parent.
	_pfp=$_pf
	while [ "$_pfp" != / ] && [ -n "$_pfp" ]; do
		chmod o+x "$_pfp" 2>/dev/null
		_pfp=$(dirname "$_pfp")
	done
	# Chroot off everywhere, and smtpd on the chosen port.
	sed -e 's/^smtp\( *\)inet\( *\)n\( *\)-\( *\)y/'"$2"'\1inet\2n\3-\4n/' \
	    -e 's/^\([a-z][^ ]* *[a-z]* *[-ny] *[-ny] *\)y /\1n /' \
	    /etc/postfix/master.cf >"$_pf/etc/master.cf" || return 1
	cat >"$_pf/etc/main.cf" <<PFEOF
compatibility_level = 3.6
queue_directory = $_pf/queue
data_directory = $_pf/data
maillog_file = $_pf/maillog
maillog_file_prefixes = $_pf
mail_owner = postfix
setgid_group = postdrop
myhostname = relay.sendguard.test
mydomain = sendguard.test
myorigin = \$myhostname
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mydestination =
local_transport = error:no local mail here
mynetworks = 127.0.0.0/8
relayhost = [127.0.0.1]:$3
alias_maps =
alias_database =
smtp_dns_support_level = disabled
smtpd_recipient_limit = 20000
smtp_destination_recipient_limit = 20000
default_destination_recipient_limit = 20000
smtpd_client_connection_count_limit = 0
smtpd_client_message_rate_limit = 0
default_process_limit = 100
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 2s
PFEOF
	if [ -n "${4:-}" ]; then
		cat >>"$_pf/etc/main.cf" <<PFEOF
smtpd_milters = $4
non_smtpd_milters = $4
milter_default_action = tempfail
milter_protocol = 6
PFEOF
	fi
}

pf_log() {
	printf '%s/maillog\n' "$1"
}

pf_start() {
	postfix -c "$1/etc" start >"$1/start.out" 2>&1 || {
		echo "postfix start failed:" >&2
		cat "$1/start.out" "$1/maillog" >&2 2>/dev/null
		return 1
	}
	_pfport=$(sed -n 's/^\([0-9][0-9]*\) *inet.*smtpd$/\1/p' "$1/etc/master.cf")
	_pfend=$(($(date +%s) + 10))
	until /usr/bin/python3 -c 'import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)
s.recv(100)' "$_pfport" 2>/dev/null; do
		if [ "$(date +%s)" -ge "$_pfend" ]; then
			echo "postfix: smtpd not answering on $_pfport after 10 s" >&2
			cat "$1/maillog" >&2 2>/dev/null
			return 1
		fi
		sleep 0.05
	done
}

pf_stop() {
	[ -f "$1/etc/main.cf" ] || return 0
	postfix -c "$1/etc" stop >/dev/null 2>&1 || return 0
	_pfend=$(($(date +%s) + 10))
	while [ -f "$1/queue/pid/master.pid" ] &&
	    kill -0 "$(tr -d ' ' <"$1/queue/pid/master.pid")" 2>/dev/null; do
		[ "$(date +%s)" -ge "$_pfend" ] && break
		sleep 0.05
	done
}

pf_wait_empty() {
	_pfend=$(($(date +%s) + $2))
	while [ -n "$(find "$1/queue/incoming" "$1/queue/active" "$1/queue/deferred" "$1/queue/maildrop" -type f 2>/dev/null | head -1)" ]; do
		[ "$(date +%s)" -ge "$_pfend" ] && return 1
		sleep 0.05
	done
}
