# Bad input: a clear error or a syntax finding, never a crash or a hang.
. "$(dirname "$0")/lib.sh"

# Control characters, CR/LF and escape sequences are never echoed raw.
run check "$(printf 'a@b.com\r\nRCPT TO:<x@evil.com>')"
expect_rc 77 "CR/LF"
expect_out "line break" "CR/LF"
if grep -q "$(printf '\r')" "$T/out"; then fail "a raw CR reached the output"; fi

run check "$(printf '\033]0;pwned\007Evil <e@gmail.com>')"
expect_rc 77 "escape sequence"
if grep -q "$(printf '\033')" "$T/out"; then fail "a raw ESC reached the output"; fi
expect_out '\\e' "escape sequence shown escaped"

# Zero-width and bidi characters (in a domain, a local part, a name; OSC
# 52 too) are shown as escapes in check's text, never written raw.
run check "$(printf 'Bob\342\200\256 <a\342\200\256b@gm\342\200\213ail.com>')" \
    "$(printf '\033]52;c;cHduZWQ=\007 <c@ex\302\255ample.org>')" \
    "$(printf 'd@\357\273\277gmial\343\200\202com')"
for seq in '\342\200\256' '\342\200\213' '\302\255' '\357\273\277' '\033'; do
	if grep -q "$(printf "$seq")" "$T/out"; then fail "check wrote $seq raw"; fi
done
expect_out 'a\\u202eb@gm\\u200bail.com' "bidi and zero-width shown escaped"
expect_out 'U+200B' "the hidden character named"
expect_out 'd@\\ufeffgmial' "BOM shown escaped"

run check --json "$(printf 'x@\377\376.com')"
expect_rc 77 "invalid UTF-8"
json 'L[0]["findings"][0]["code"] == "syntax"'

# 10,000 characters in one address.
long=$(head -c 10000 /dev/zero | tr '\0' a)
run check "$long@gmail.com"
expect_rc 77 "10,000-character address"
expect_out "longer" "10,000-character address"

# 10,000 addresses at once: in one list (a line of stdin: one argument
# is limited to 128 KiB by the kernel), and one a line.
/usr/bin/python3 -c 'print(", ".join("user%d@gmail.com" % i for i in range(10000)))' > "$T/list"
"$SENDGUARD" check --json - <"$T/list" >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "10,000 addresses in one list"
json 'len(L) == 10000'
/usr/bin/python3 -c 'print(", ".join("user%d@gmail.com" % i for i in range(5000)))' > "$T/list"
run check "$(cat "$T/list")"
expect_rc 0 "5,000 addresses in one argument"
/usr/bin/python3 -c 'print("\n".join("u%d@gmial.com" % i for i in range(10000)))' > "$T/lines"
"$SENDGUARD" check - <"$T/lines" >"$T/out" 2>"$T/err"
rc=$?
expect_rc 1 "10,000 addresses on stdin"
[ "$(grep -c ': warn$' "$T/out")" -eq 10000 ] || fail "10,000 verdicts on stdin"

# Broken config lines.
printf '[guard\n' > "$XDG_CONFIG_HOME/sendguard/config"
run check a@gmail.com
expect_rc 78 "unterminated section"
head -c 20000 /dev/zero | tr '\0' x > "$XDG_CONFIG_HOME/sendguard/config"
run check a@gmail.com
expect_rc 78 "a very long config line"
expect_err "line too long" "a very long config line"

finish
