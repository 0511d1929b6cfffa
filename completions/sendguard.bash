# bash completion for sendguard(1)                        -*- shell-script -*-
#
# Installed as $(PREFIX)/share/bash-completion/completions/sendguard, where
# bash-completion finds it; without that package, source this file. It
# completes the subcommands and options; account names after -a (from the
# sendguard config and the msmtprc files the user has, as sendguard reads
# them); domains after trust (those of the sent history not yet trusted),
# untrust (the trusted ones) and allow --once; and recipients from the sent
# history and the contacts. It runs only sendguard's read-only listings.

# Options that take a value, and the values offered where there is a fixed set.
_sendguard_valued=' -s -c -b -a -C -f -F -X -N -R --resume --tty --from
 --account --file --config --logfile --forget --host --port --tls --auth
 --user --passwordeval --domain --dsn-notify --dsn-return --aliases
 --timeout --protocol '

# _sendguard_run ARG...: runs the sendguard being completed, quietly.
_sendguard_run()
{
	local prog=${_sendguard_prog:-sendguard}

	type -P -- "$prog" >/dev/null 2>&1 || [[ -x $prog ]] || return 0
	"$prog" "$@" </dev/null 2>/dev/null
}

# _sendguard_config_sed FILE SED-ARG...: runs sed -n over FILE, or (FILE
# empty) over the files sendguard reads: its config, then msmtp's.
_sendguard_config_sed()
{
	local xdg=${XDG_CONFIG_HOME:-$HOME/.config} f
	local -a files=("$xdg/sendguard/config" "$HOME/.msmtprc"
	    "$xdg/msmtp/config" /etc/msmtprc)

	[[ -n $1 ]] && files=("$1")
	shift
	for f in "${files[@]}"; do
		[[ -f $f && -r $f ]] && sed -n "$@" -- "$f" 2>/dev/null
	done
	return 0
}

# _sendguard_accounts [FILE]: account names: `[account NAME]` (sendguard's
# config) and `account NAME` (msmtprc) lines.
_sendguard_accounts()
{
	_sendguard_config_sed "${1-}" \
	    -e 's/^[[:space:]]*\[account[[:space:]]\{1,\}\([^]:[:space:]]\{1,\}\)[[:space:]]*\].*/\1/p' \
	    -e 's/^[[:space:]]*account[[:space:]]\{1,\}\([^:[:space:]]\{1,\}\).*/\1/p'
}

# _sendguard_froms [FILE]: the `from` addresses (without wildcards).
_sendguard_froms()
{
	_sendguard_config_sed "${1-}" \
	    -e 's/^[[:space:]]*from[[:space:]]*=\{0,1\}[[:space:]]*\([^[:space:]*%]*@[^[:space:]*%]\{1,\}\)[[:space:]]*$/\1/p'
}

# _sendguard_history_domains: the domains mail was sent to, lower case.
_sendguard_history_domains()
{
	_sendguard_run history --list |
	    sed -n 's/^[^[:space:]]*@\([^[:space:]>]\{1,\}\).*/\1/p' |
	    tr '[:upper:]' '[:lower:]' | sort -u
}

# _sendguard_untrusted: the domains of the history not trusted yet.
_sendguard_untrusted()
{
	comm -23 <(_sendguard_history_domains) \
	    <(_sendguard_run trust --list | tr '[:upper:]' '[:lower:]' | sort -u)
}

# _sendguard_sent: the addresses of the history.
_sendguard_sent()
{
	_sendguard_run history --list | cut -f1
}

# _sendguard_addresses: recipients from the history and the contacts.
_sendguard_addresses()
{
	{
		_sendguard_run history --list
		_sendguard_run contacts
	} | cut -f1 | grep '@' | sort -u
}

# _sendguard_help_words: the subcommands ("sub:NAME") and the long options
# of the composer and sendmail mode ("opt:--NAME", "opt:--NAME=") that this
# sendguard's --help names, so that the completion follows the program.
_sendguard_help_words()
{
	_sendguard_run --help | awk '
	    /^[[:space:]]*(usage:[[:space:]]*)?sendguard[[:space:]]+[a-z]/ {
		sub(/^[[:space:]]*(usage:[[:space:]]*)?sendguard[[:space:]]+/, "")
		match($0, /^[a-z][a-z-]*/)
		print "sub:" substr($0, 1, RLENGTH)
		next
	    }
	    {
		while (match($0, /--[a-z][a-z0-9-]*=?/)) {
			print "opt:" substr($0, RSTART, RLENGTH)
			$0 = substr($0, RSTART + RLENGTH)
		}
	    }'
}

# _sendguard_add PREFIX CUR WORD...: adds the WORDs that start with CUR to
# COMPREPLY, each after PREFIX.
_sendguard_add()
{
	local prefix=$1 cur=$2 w
	shift 2
	for w in "$@"; do
		[[ $w == "$cur"* ]] && COMPREPLY+=("$prefix$w")
	done
}

# _sendguard_addlines PREFIX CUR COMMAND...: the same for the lines COMMAND
# prints. (Not at the end of a pipe: that would be a subshell, and what it
# added to COMPREPLY would be lost.)
_sendguard_addlines()
{
	local -a words
	mapfile -t words < <("${@:3}")
	_sendguard_add "$1" "$2" "${words[@]}"
}

# _sendguard_files PREFIX CUR: file names.
_sendguard_files()
{
	local -a f
	compopt -o filenames 2>/dev/null
	mapfile -t f < <(compgen -f -- "$2")
	_sendguard_add "$1" "$2" "${f[@]}"
}

# _sendguard_sendmail_mode: whether the words so far are sendmail mode's
# (-a is an account there, an attachment in the composer): a redirection,
# an option only sendmail mode has, or "--".
_sendguard_sendmail_mode()
{
	local i w
	[[ ${COMP_WORDS[0]##*/} == sendmail ]] && return 0
	for ((i = 1; i < ${#COMP_WORDS[@]}; i++)); do
		((i == COMP_CWORD)) && continue
		w=${COMP_WORDS[i]}
		case $w in
		'<'* | '|' | -- | -t | -f* | -F* | -X* | -N* | -R* | -i | -oi | \
		    -oem | --read-envelope-from | --read-recipients | --tty | \
		    --from | --logfile | --account | --host | --dsn-*)
			return 0 ;;
		esac
	done
	return 1
}

# _sendguard_value OPT PREFIX CUR CONFIG: completes the value of OPT.
_sendguard_value()
{
	local opt=$1 prefix=$2 cur=$3 cfg=$4 dir

	case $opt in
	-a | --account)
		_sendguard_addlines "$prefix" "$cur" _sendguard_accounts "$cfg"
		if [[ $opt == -a ]] && ! _sendguard_sendmail_mode; then
			_sendguard_files "$prefix" "$cur"
		fi ;;
	-C | --file | --config | -X | --logfile | --aliases)
		_sendguard_files "$prefix" "$cur" ;;
	--resume)
		dir=${XDG_DATA_HOME:-$HOME/.local/share}/sendguard/drafts
		if [[ -z $cur && -d $dir ]]; then
			_sendguard_add "$prefix" "$cur" "$dir"/*
		else
			_sendguard_files "$prefix" "$cur"
		fi ;;
	--tty)
		_sendguard_add "$prefix" "$cur" none /dev/pts/[0-9]* /dev/tty ;;
	-f | --from)
		_sendguard_addlines "$prefix" "$cur" _sendguard_froms "$cfg" ;;
	-c | -b)
		_sendguard_addlines "$prefix" "$cur" _sendguard_addresses ;;
	--forget)
		_sendguard_addlines "$prefix" "$cur" _sendguard_sent ;;
	-N | --dsn-notify)
		_sendguard_add "$prefix" "$cur" never success failure delay \
		    success,failure success,failure,delay failure,delay off ;;
	-R | --dsn-return)
		_sendguard_add "$prefix" "$cur" full hdrs headers off ;;
	--tls)
		_sendguard_add "$prefix" "$cur" on off ;;
	--auth)
		_sendguard_add "$prefix" "$cur" on off plain login cram-md5 \
		    scram-sha-1 scram-sha-256 external oauthbearer xoauth2 ;;
	--protocol)
		_sendguard_add "$prefix" "$cur" smtp lmtp ;;
	esac
}

_sendguard()
{
	local cur prev opt val prefix sub cfg="" i
	local -a opts subs help
	local _sendguard_prog=${COMP_WORDS[0]}

	COMPREPLY=()
	[[ $_sendguard_prog == '~/'* ]] && _sendguard_prog=$HOME/${_sendguard_prog#'~/'}
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=""
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}

	# The config named with -C / --file / --config, for the account names.
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-C) cfg=${COMP_WORDS[i + 1]-} ;;
		--file | --config)
			[[ ${COMP_WORDS[i + 1]-} == = ]] && cfg=${COMP_WORDS[i + 2]-} ;;
		--file=* | --config=*) cfg=${COMP_WORDS[i]#*=} ;;
		esac
	done
	[[ $cfg == '~/'* ]] && cfg=$HOME/${cfg#'~/'}

	# The value of an option: "--opt=value" (one word, or three when "="
	# breaks words, as it does by default), or "-o value".
	if [[ $cur == --*=* ]]; then
		opt=${cur%%=*} val=${cur#*=} prefix=$opt=
	elif [[ $cur == = && $prev == --* ]]; then
		opt=$prev val="" prefix=""
	elif [[ $prev == = ]] && ((COMP_CWORD >= 2)) &&
	    [[ ${COMP_WORDS[COMP_CWORD - 2]} == --* ]]; then
		opt=${COMP_WORDS[COMP_CWORD - 2]} val=$cur prefix=""
	elif [[ $_sendguard_valued == *" $prev "* ]]; then
		opt=$prev val=$cur prefix=""
	fi
	if [[ -n ${opt-} ]]; then
		_sendguard_value "$opt" "$prefix" "$val" "$cfg"
		return 0
	fi

	sub=""
	((COMP_CWORD > 1)) && sub=${COMP_WORDS[1]}
	case $sub in
	check)
		if [[ $cur == -* ]]; then
			_sendguard_add "" "$cur" --json -t --read-recipients -C \
			    --config --help
		else
			_sendguard_addlines "" "$cur" _sendguard_addresses
		fi
		return 0 ;;
	trust)
		if ((COMP_CWORD == 2)) && [[ $cur == -* ]]; then
			_sendguard_add "" "$cur" --list
		elif [[ ${COMP_WORDS[2]} != --list ]]; then
			_sendguard_addlines "" "$cur" _sendguard_untrusted
		fi
		return 0 ;;
	untrust)
		_sendguard_addlines "" "$cur" _sendguard_run trust --list
		return 0 ;;
	allow)
		if [[ $cur == -* ]]; then
			_sendguard_add "" "$cur" --once
		elif [[ " ${COMP_WORDS[*]:2:COMP_CWORD-2} " == *" --once "* ]]; then
			_sendguard_addlines "" "$cur" _sendguard_history_domains
		else
			_sendguard_add "" "$cur" --once
		fi
		return 0 ;;
	history)
		((COMP_CWORD == 2)) &&
		    _sendguard_add "" "$cur" --list --forget --clear --help
		return 0 ;;
	contacts | flush)
		((COMP_CWORD == 2)) && _sendguard_add "" "$cur" -C --help
		return 0 ;;
	queue)
		((COMP_CWORD == 2)) && _sendguard_add "" "$cur" --list \
		    --flush --remove --help
		return 0 ;;
	esac

	# The composer or sendmail mode.
	mapfile -t help < <(_sendguard_help_words)
	if [[ $cur == -* ]]; then
		opts=(-s -c -b -a -C --resume -t -f -F -X -N -R --from= --account=
		    --file= --logfile= --read-recipients --read-envelope-from --tty
		    --version --help)
		for i in "${help[@]}"; do
			i=${i#opt:}
			[[ $i == --* && " ${opts[*]} " != *" $i "* &&
			    " ${opts[*]} " != *" $i= "* &&
			    " ${opts[*]} " != *" ${i%=} "* ]] && opts+=("$i")
		done
		_sendguard_add "" "$cur" "${opts[@]}"
		[[ ${COMPREPLY[*]} == *= ]] && compopt -o nospace 2>/dev/null
		return 0
	fi
	if ((COMP_CWORD == 1)); then
		subs=(check trust untrust allow history contacts flush)
		for i in "${help[@]}"; do
			[[ $i == sub:* && " ${subs[*]} " != *" ${i#sub:} "* ]] &&
			    subs+=("${i#sub:}")
		done
		_sendguard_add "" "$cur" "${subs[@]}"
	fi
	_sendguard_addlines "" "$cur" _sendguard_addresses
	return 0
}
complete -F _sendguard sendguard
