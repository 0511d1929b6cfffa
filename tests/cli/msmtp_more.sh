# What the compatibility suite cannot compare with msmtp side by side:
# syslog (through a datagram socket this test binds), the system msmtprc and
# netrc (SENDGUARD_SYSCONFDIR), the queue (list, -bp, remove, flush), and
# the msmtprc a sendguard config of guard settings leaves in use.
. "$(dirname "$0")/lib.sh"
. "$SENDGUARD_TOP/tests/smtp/lib.sh"
trap 'smtp_stop_all; [ -n "${sysl:-}" ] && kill "$sysl" 2>/dev/null; rm -rf "$T"' EXIT
trap 'exit 1' INT TERM HUP
smtp_start mx || exit 1
rm -rf "$XDG_CONFIG_HOME/sendguard"
printf 'From: me@example.org\nTo: jane@example.com\nSubject: more\n\nhi\n' > "$T/msg"

# ---- syslog: msmtp's line, the facility and level, ident "sendguard" ----
/usr/bin/python3 - "$T/syslog.sock" "$T/syslog.out" "$T/syslog.ready" <<'PY' &
import os, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
open(sys.argv[3], "w").close()
s.settimeout(20)
with open(sys.argv[2], "ab", buffering=0) as out:
    try:
        while True:
            out.write(s.recv(65536) + b"\n")
    except socket.timeout:
        pass
PY
sysl=$!
deadline=$(($(date +%s) + 10))
while [ ! -e "$T/syslog.ready" ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.02; done
[ -e "$T/syslog.ready" ] || fail "syslog: the test socket did not come up"
cat > "$HOME/.msmtprc" <<EOF2
account default
host 127.0.0.1
port $SMTP_PORT
from me@example.org
syslog LOG_MAIL
EOF2
SENDGUARD_SYSLOG_SOCKET="$T/syslog.sock" "$SENDGUARD" -- jane@example.com <"$T/msg" >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "syslog: send"
SENDGUARD_SYSLOG_SOCKET="$T/syslog.sock" "$SENDGUARD" -- john@army.ml <"$T/msg" >"$T/out" 2>"$T/err"
rc=$?
expect_rc 77 "syslog: refused"
deadline=$(($(date +%s) + 10))
while [ "$(grep -c sendguard "$T/syslog.out" 2>/dev/null)" -lt 2 ] &&
    [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.02; done
/usr/bin/python3 - "$T/syslog.out" <<'PY' || fail "syslog: $(cat "$T/syslog.out")"
import re, sys
lines = [l for l in open(sys.argv[1], encoding="utf-8").read().splitlines() if l]
assert len(lines) == 2, lines
# <PRI>: LOG_MAIL (2) * 8 + LOG_INFO (6) = 22; + LOG_ERR (3) = 19.
m = re.match(r"<22>[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d sendguard: host=127\.0\.0\.1 "
             r"tls=off auth=off from=me@example\.org recipients=jane@example\.com "
             r"mailsize=\d+ smtpstatus=250 smtpmsg='250 .*' exitcode=EX_OK$", lines[0])
assert m, lines[0]
assert lines[1].startswith("<19>"), lines[1]
assert "guard='john@army.ml:tld-trap:refused'" in lines[1], lines[1]
assert lines[1].endswith("exitcode=EX_NOPERM"), lines[1]
PY
kill "$sysl" 2>/dev/null
sysl=

# ---- a sendguard config of guard settings alone keeps ~/.msmtprc ----
mkdir -p "$XDG_CONFIG_HOME/sendguard"
printf '[guard]\norg_domains = army.mil\n' > "$XDG_CONFIG_HOME/sendguard/config"
n=$(smtp_count mx)
"$SENDGUARD" -- jane@example.com <"$T/msg" >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "guard config + msmtprc"
[ "$(smtp_count mx)" -eq $((n + 1)) ] || fail "guard config + msmtprc: not delivered"
[ -d "$XDG_DATA_HOME/sendguard/outbox" ] && fail "guard config + msmtprc: the outbox was used"
rm -f "$HOME/.msmtprc"

# ---- the system msmtprc and netrc (SYSCONFDIR), merged as msmtp does ----
smtp_certs || exit 1
smtp_start auth --starttls "$SMTP_CERT" "$SMTP_KEY" --require-starttls --auth user:s3cret || exit 1
export SENDGUARD_SYSCONFDIR="$T/etc"
mkdir -p "$T/etc"
cat > "$T/etc/msmtprc" <<EOF2
account default
host 127.0.0.1
port $SMTP_PORT
from sys@example.org
tls on
tls_trust_file $SMTP_CERT
auth on
user user
EOF2
chmod 644 "$T/etc/msmtprc"
printf 'machine 127.0.0.1 login user password s3cret\n' > "$T/etc/netrc"
"$SENDGUARD" -- jane@example.com <"$T/msg" >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "system msmtprc and netrc"
grep -q '"mail_from": "sys@example.org"' "$(smtp_meta auth 1)" || fail "system msmtprc: sender"
grep -q '"auth_user": "user"' "$(smtp_meta auth 1)" || fail "system netrc: no AUTH"
# The user's account of the same name hides the system's.
msmtprc "$(smtp_port mx)"
sed -i 's/^from .*/from user@example.org/' "$HOME/.msmtprc"
"$SENDGUARD" -P -- jane@example.com <"$T/msg" >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "-P"
expect_out "loaded system configuration file $T/etc/msmtprc" "-P: the system file"
expect_out "loaded user configuration file $HOME/.msmtprc" "-P: the user file"
expect_out "from = user@example.org" "-P: the user's default wins"
"$SENDGUARD" -a nosuch -- jane@example.com <"$T/msg" >"$T/out" 2>"$T/err"
rc=$?
expect_rc 78 "-a nosuch"
expect_err "account nosuch not found in $T/etc/msmtprc and $HOME/.msmtprc" "-a nosuch: both files named"
unset SENDGUARD_SYSCONFDIR
rm -f "$HOME/.msmtprc"
smtp_stop auth

# ---- the queue: a temporary failure queued, listed, flushed, removed ----
smtp_start busy --tempfail jane@example.com || exit 1
msmtprc "$SMTP_PORT"
printf '[account q]\nhost = 127.0.0.1\nport = %s\ntls = off\nfrom = me@example.org\nqueue = on\n' "$SMTP_PORT" > "$XDG_CONFIG_HOME/sendguard/config"
"$SENDGUARD" -- jane@example.com <"$T/msg" >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "queued"
expect_err "queued" "queued: said"
"$SENDGUARD" -- jane@example.com <"$T/msg" >"$T/out" 2>"$T/err"
"$SENDGUARD" -bp </dev/null >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "-bp"
expect_out "^-Queue ID-" "-bp: mailq's header"
expect_out "jane@example.com" "-bp: the recipient"
expect_out "in 2 Requests" "-bp: the count"
run queue --list
expect_out "in 2 Requests" "queue --list"
id=$(sed -n '2s/ .*//p' "$T/out")
run queue --remove "$id"
expect_rc 0 "queue --remove"
expect_out "kept in" "queue --remove: the message is kept"
run queue --remove no-such-id
expect_rc 64 "queue --remove with a wrong id"
smtp_stop busy
smtp_start mx2 || exit 1
sed -i "s/^port = .*/port = $SMTP_PORT/" "$XDG_CONFIG_HOME/sendguard/config"
run queue --flush
expect_rc 0 "queue --flush"
[ "$(smtp_count mx2)" -eq 1 ] || fail "queue --flush: not delivered"
run queue
expect_out "Mail queue is empty" "queue: empty after the flush"

finish
