# An msmtp user's existing ~/.msmtprc works unchanged: the same file drives
# the real msmtp and sendguard to the same STARTTLS + AUTH server.
. "$(dirname "$0")/lib.sh"
. "$SENDGUARD_TOP/tests/smtp/lib.sh"
trap 'smtp_stop_all; rm -rf "$T"' EXIT
trap 'exit 1' INT TERM HUP
smtp_certs || exit 1
smtp_start mx --starttls "$SMTP_CERT" "$SMTP_KEY" --require-starttls --auth user:s3cret || exit 1

rm -rf "$XDG_CONFIG_HOME/sendguard"
cat > "$HOME/.msmtprc" <<EOF2
# Set default values for all following accounts.
defaults
auth           on
tls            on
tls_trust_file $SMTP_CERT
logfile        ~/.msmtp.log

# Work
account        work
host           127.0.0.1
port           $SMTP_PORT
from           me@example.org
user           user
passwordeval   "echo s3cret"

# A second account, inheriting from work
account        other : work
from           other@example.net

# Set a default account
account default : work
EOF2
chmod 600 "$HOME/.msmtprc"
printf 'From: me@example.org\nTo: jane@example.com\nSubject: via msmtprc\n\nhello\n' > "$T/msg"

if command -v msmtp >/dev/null; then
	msmtp -- jane@example.com <"$T/msg" >"$T/out" 2>"$T/err" ||
	    fail "the real msmtp rejects this msmtprc: $(cat "$T/err")"
fi
n=$(smtp_count mx)

"$SENDGUARD" -oi -oem -- jane@example.com <"$T/msg" >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "~/.msmtprc default account"
[ "$(smtp_count mx)" -eq $((n + 1)) ] || fail "~/.msmtprc: not delivered"
/usr/bin/python3 - "$(smtp_meta mx $((n + 1)))" <<'PY' || fail "~/.msmtprc: envelope"
import json, sys
m = json.load(open(sys.argv[1]))
assert m["tls"] and m["auth_user"] == "user" and m["mail_from"] == "me@example.org", m
PY
grep -q "jane@example.com" "$HOME/.msmtp.log" || fail "~/.msmtprc: logfile not written"

# -a picks an account; -f picks the one whose from matches.
"$SENDGUARD" -a other -- jane@example.com <"$T/msg" >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "-a other"
grep -q '"mail_from": "other@example.net"' "$(smtp_meta mx $((n + 2)))" || fail "-a other: sender"
"$SENDGUARD" -f other@example.net -- jane@example.com <"$T/msg" >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "-f selects the account"

# -C FILE takes an msmtprc too; an unknown account is a config error.
cp "$HOME/.msmtprc" "$T/work-msmtprc"
"$SENDGUARD" -C "$T/work-msmtprc" -- jane@example.com <"$T/msg" >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "-C msmtprc"
"$SENDGUARD" -a nosuch -- jane@example.com <"$T/msg" >"$T/out" 2>"$T/err"
rc=$?
expect_rc 78 "-a nosuch"

# A password in a file others may read: refused, as msmtp does.
sed 's/^passwordeval.*/password s3cret/' "$HOME/.msmtprc" > "$T/pw" && cat "$T/pw" > "$HOME/.msmtprc"
chmod 644 "$HOME/.msmtprc"
"$SENDGUARD" -- jane@example.com <"$T/msg" >"$T/out" 2>"$T/err"
rc=$?
expect_rc 78 "password in a readable file"
expect_err "chmod 600" "password in a readable file"
chmod 600 "$HOME/.msmtprc"
"$SENDGUARD" -- jane@example.com <"$T/msg" >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "password in a 0600 file"

finish
