#!/bin/sh
# make run: shows sendguard at work. Until the composer lands, it checks a
# sample of recipients, the way mutt's sendmail step or a script would.
bin=${1:-build/sendguard}
echo "sendguard check: a sample of recipients (try your own: $bin check ADDRESS...)"
echo
set -x
"$bin" check 'John Doe <john@army.mil>' 'john@army.ml' 'jane@gmial.com' \
    'ops@us.af.ml' 'billing@pаypal.com' 'friend@gmail.co' 'x@@broken'
