#!/bin/sh
# make run: opens the composer. Without an account in the config, mail goes
# to the local outbox (~/.local/share/sendguard/outbox), so this works on a
# fresh machine. Without a terminal, it shows "sendguard check" instead.
bin=${1:-build/sendguard}
[ $# -gt 0 ] && shift
top=$(cd "$(dirname "$0")/.." && pwd)
export SENDGUARD_THEMES="${SENDGUARD_THEMES:-$top/themes}"
if [ -t 0 ] && [ -t 1 ]; then
	exec "$bin" "$@"
fi
echo "no terminal: showing sendguard check on a sample instead"
"$bin" check 'John Doe <john@army.mil>' 'john@army.ml' 'jane@gmial.com' \
    'ops@us.af.ml' 'billing@pаypal.com' 'friend@gmail.co' 'x@@broken'
