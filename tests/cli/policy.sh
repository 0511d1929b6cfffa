# The [guard] policy and config errors.
. "$(dirname "$0")/lib.sh"

config '[guard]
org_domains = army.mil, navy.mil
block = *.ml
warn = example.org
allow = partner.ml'

run check --json a@army.ml b@partner.ml c@example.org d@sub.example.org
expect_rc 77 "block wins the exit code"
json 'L[0]["verdict"] == "block" and L[0]["findings"][0]["code"] == "policy-block"'
json 'L[1]["verdict"] == "ok"'
json 'L[2]["findings"][0]["code"] == "policy-warn" and L[3]["verdict"] == "warn"'

run check --json c@example.org
expect_rc 1 "warn only"

# A broken config names the file and the line, exit 78.
config '[guard]
org_domains = army.mil
bogus = 1'
run check a@b.org
expect_rc 78 "unknown key"
expect_err "config:3: unknown key" "unknown key"

config '[guard]

block = *.ml, a*b'
run check a@b.org
expect_rc 78 "bad pattern"
expect_err "config:3: bad domain pattern" "bad pattern"

config 'org_domains = army.mil'
run check a@b.org
expect_rc 78 "key outside a section"
expect_err "config:1:" "key outside a section"

config '[nonsense]'
run check a@b.org
expect_rc 78 "unknown section"

printf '[guard]\norg_domains = \377\376\n' > "$XDG_CONFIG_HOME/sendguard/config"
run check a@b.org
expect_rc 78 "invalid UTF-8 in the config"
expect_err "config:2: not valid UTF-8" "invalid UTF-8 in the config"

# -C names another file.
printf '[guard]\nblock = *\n' > "$T/other"
run check -C "$T/other" a@gmail.com
expect_rc 77 "-C FILE"
run check -C "$T/missing" a@gmail.com
expect_rc 78 "-C with a missing file"

finish
