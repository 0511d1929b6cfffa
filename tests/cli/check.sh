# sendguard check: verdicts, exit codes and the --json contract.
. "$(dirname "$0")/lib.sh"

config '[guard]
org_domains = army.mil'

run check jane@navy.mil
expect_rc 0 "a good address"
expect_out "jane@navy.mil: ok" "a good address"

run check john@army.ml
expect_rc 1 "the seed case"
expect_out "tld-trap" "the seed case"
expect_out "did you mean john@army.mil" "the seed case"

run check --json john@army.ml
json 'L[0]["address"] == "john@army.ml" and L[0]["domain"] == "army.ml"'
json 'L[0]["verdict"] == "warn" and L[0]["findings"][0]["code"] == "tld-trap"'
json 'L[0]["findings"][0]["severity"] == "warn" and L[0]["findings"][0]["suggestion"] == "army.mil"'
json '"Mali" in L[0]["findings"][0]["reason"]'

run check --json x@us.af.ml a@gmail.co b@orange.ml c@gmial.com d@g.mail.com e@armymil.com
expect_rc 1 "several"
json '[o["address"] for o in L] == ["x@us.af.ml","a@gmail.co","b@orange.ml","c@gmial.com","d@g.mail.com","e@armymil.com"]'
json 'L[0]["findings"][0]["suggestion"] == "us.af.mil"'
json 'L[1]["findings"][0]["suggestion"] == "gmail.com" and L[1]["findings"][0]["code"] == "tld-trap"'
json 'L[2]["verdict"] == "ok" and L[2]["findings"] == []'
json 'L[3]["findings"][0]["code"] == "lookalike" and L[3]["findings"][0]["suggestion"] == "gmail.com"'
json 'L[4]["findings"][0]["suggestion"] == "gmail.com"'
json 'L[5]["findings"][0]["suggestion"] == "army.mil"'

# Real short domains are not typos of each other.
run check --json u@ymail.com u@me.com u@mac.com u@bt.com u@mail.com u@gmail.com
expect_rc 0 "short real domains"
json 'all(o["verdict"] == "ok" for o in L) and len(L) == 6'

# A homograph: Cyrillic a in paypal.
run check --json 'x@pаypal.com'
expect_rc 1 "homograph"
json 'L[0]["findings"][0]["code"] == "homograph" and L[0]["findings"][0]["suggestion"] == "paypal.com"'

# One argument may hold a whole list, with names, quotes and groups.
run check --json '"Doe, John" <john@army.ml>, Team: a@navy.mil, B <b@gmial.com>;'
json 'len(L) == 3 and L[0]["name"] == "Doe, John" and L[0]["verdict"] == "warn"'
json 'L[1]["verdict"] == "ok" and L[2]["name"] == "B"'

# Syntax errors block.
run check --json 'john@@army.mil'
expect_rc 77 "syntax"
json 'L[0]["verdict"] == "block" and L[0]["findings"][0]["code"] == "syntax"'
run check ''
expect_rc 77 "empty address"
expect_out "empty address" "empty address"

# Usage errors.
run check
expect_rc 64 "no address"
expect_err "sendguard: " "no address"
run check --bogus a@b.c
expect_rc 64 "bad option"

# Addresses on stdin, one list a line.
printf 'a@gmail.com\nb@gmial.com\n' | "$SENDGUARD" check --json - >"$T/out" 2>"$T/err"
rc=$?
expect_rc 1 "stdin"
json 'len(L) == 2 and L[1]["verdict"] == "warn"'

finish
