# The bash completion (completions/sendguard.bash), sourced in a real bash
# (under set -u) and its function called with COMP_WORDS / COMP_CWORD as
# bash calls it: subcommands and options, accounts from msmtprc files and
# the sendguard config, domains for trust / untrust / allow --once from the
# history and the trust store, recipients from the history and contacts.
. "$(dirname "$0")/lib.sh"
command -v bash >/dev/null || { echo "bash is missing" >&2; exit 1; }

# What the user has: an msmtprc with three accounts (one a default that
# inherits), msmtp's XDG config with another, sendguard's config with one
# more, mutt aliases, a sent history, one trusted domain.
cat >"$HOME/.msmtprc" <<'EOF'
defaults
tls on
account        work
host           smtp.example.org
from           me@example.org
  account  laptop : work
from           me@laptop.example
account default : work
EOF
mkdir -p "$XDG_CONFIG_HOME/msmtp" "$HOME/.mutt" "$XDG_STATE_HOME/sendguard" \
    "$T/cwd/sub"
printf 'account xdgacct\nhost 127.0.0.1\n' >"$XDG_CONFIG_HOME/msmtp/config"
config '[guard]
org_domains = army.mil

[account office]
host = 127.0.0.1
tls = off
from = me@office.example'
printf 'alias boss Boss <boss@army.mil>\n' >"$HOME/.mutt/aliases"
now=$(date +%s)
printf 'jane@Gmail.com\t%s\t3\tJane\nops@army.mil\t%s\t1\t\nx@partner.example\t%s\t2\t\n' \
    "$now" "$now" "$now" >"$XDG_STATE_HOME/sendguard/history"
"$SENDGUARD" trust partner.example >/dev/null
# The fixtures are what sendguard itself reads.
"$SENDGUARD" history --list >"$T/out" 2>&1
grep -q '^ops@army.mil' "$T/out" || fail "history fixture not read: $(cat "$T/out")"
"$SENDGUARD" contacts >"$T/out" 2>&1
grep -q '^boss@army.mil' "$T/out" || fail "alias fixture not read: $(cat "$T/out")"
printf 'x\n' >"$T/cwd/report.pdf"
printf '[account filed]\nhost = 127.0.0.1\ntls = off\n' >"$T/cwd/other.conf"

cd "$T/cwd" || exit 1
bash --norc --noprofile -s "$SENDGUARD" "$SENDGUARD_TOP/completions/sendguard.bash" \
    <<'EOF' || failures=$((failures + 1))
set -u
S=$1
. "$2" || exit 1
bad=0

# comp WORD...: completes the last WORD of the command line "S WORD...",
# as bash does, and prints the candidates sorted, one a line.
comp() {
	COMP_WORDS=("$S" "$@")
	COMP_CWORD=$#
	COMP_LINE="${COMP_WORDS[*]}"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_sendguard "$S" "${COMP_WORDS[COMP_CWORD]}" \
	    "${COMP_WORDS[COMP_CWORD - 1]}" 2>/dev/null
	((${#COMPREPLY[@]})) && printf '%s\n' "${COMPREPLY[@]}" | sort
	return 0
}
# want WORD... :: EXPECTED...: exactly these candidates.
# has WORD... :: EXPECTED...: at least these. lacks WORD... :: OTHER...: none.
split() {
	words=() expect=()
	while (($#)) && [[ $1 != :: ]]; do words+=("$1"); shift; done
	shift
	expect=("$@")
}
want() {
	split "$@"
	local got exp
	got=$(comp "${words[@]}")
	exp=$( ((${#expect[@]})) && printf '%s\n' "${expect[@]}" | sort)
	[[ $got == "$exp" ]] && return 0
	echo "FAIL: sendguard ${words[*]}<TAB>: got [${got//$'\n'/ }], want [${exp//$'\n'/ }]" >&2
	bad=$((bad + 1))
}
has() {
	split "$@"
	local got e
	got=$'\n'$(comp "${words[@]}")$'\n'
	for e in "${expect[@]}"; do
		[[ $got == *$'\n'"$e"$'\n'* ]] && continue
		echo "FAIL: sendguard ${words[*]}<TAB>: lacks $e (got [${got//$'\n'/ }])" >&2
		bad=$((bad + 1))
	done
}
lacks() {
	split "$@"
	local got e
	got=$'\n'$(comp "${words[@]}")$'\n'
	for e in "${expect[@]}"; do
		[[ $got != *$'\n'"$e"$'\n'* ]] && continue
		echo "FAIL: sendguard ${words[*]}<TAB>: offers $e" >&2
		bad=$((bad + 1))
	done
}

[[ $(complete -p sendguard) == 'complete -F _sendguard sendguard' ]] ||
    { echo "FAIL: not registered: $(complete -p sendguard 2>&1)" >&2; bad=$((bad + 1)); }

# Subcommands, and recipients (history and contacts) in the same place.
has '' :: check trust untrust allow history contacts flush jane@Gmail.com boss@army.mil
want tr :: trust
want un :: untrust
want bo :: boss@army.mil
want o :: ops@army.mil
# Options of the composer and of sendmail mode.
want --re :: --read-envelope-from --read-recipients --resume
has - :: -s -c -b -a -C -t -f -F -X -N -R --from= --account= --tty --version --help
lacks - :: --json --once --list
# -a: an account in sendmail mode (from ~/.msmtprc, msmtp's XDG config and
# sendguard's config, in that order of reading)...
want -t -a '' :: office work laptop default xdgacct
want '<' msg -a '' :: office work laptop default xdgacct
want -f me@example.org -a l :: laptop
want --account = '' :: office work laptop default xdgacct
want --account=o :: --account=office
want --account = o :: office
# ... and an attachment (or an account) in the composer.
want -a '' :: office work laptop default xdgacct other.conf report.pdf sub
want -a re :: report.pdf
# -C names the file the accounts come from.
want -C other.conf -t -a '' :: filed
want --file = other.conf -t -a '' :: filed
want -C '' :: other.conf report.pdf sub
# Other values.
want -f me@ :: me@example.org me@laptop.example me@office.example
want -N s :: success success,failure success,failure,delay
want -R '' :: full hdrs headers off
has -c j :: jane@Gmail.com
# trust: the domains written to and not trusted yet; untrust: the trusted.
want trust '' :: army.mil gmail.com
want trust --l :: --list
want trust --list '' =
want untrust '' :: partner.example
want untrust p :: partner.example
want allow '' :: --once
want allow --once '' :: army.mil gmail.com partner.example
want allow --once g :: gmail.com
# check, history, contacts, flush.
want check --j :: --json
has check - :: --json -t -C --help
want check j :: jane@Gmail.com
want history -- :: --list --forget --clear --help
want history --forget '' :: jane@Gmail.com ops@army.mil x@partner.example
want contacts '' :: -C --help
want flush -C '' :: other.conf report.pdf sub
exit $((bad > 0))
EOF
finish
