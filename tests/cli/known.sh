# known_domains = FILE: used, cached, rebuilt when the file changes.
. "$(dirname "$0")/lib.sh"

printf '# our partners\nraytheon-partner.com\nmail.contoso-example.com\n\nnot a domain\n' > "$T/known.txt"
config "[guard]
known_domains = $T/known.txt"

run check --json x@raytheon-partner.com y@raytheon-partnr.com z@contoso-exmaple.com
expect_rc 1 "known file"
json 'L[0]["verdict"] == "ok"'
json 'L[1]["findings"][0]["suggestion"] == "raytheon-partner.com"'
json 'L[2]["findings"][0]["suggestion"] == "contoso-example.com"'
ls "$XDG_CACHE_HOME"/sendguard/known-*.idx >/dev/null 2>&1 || fail "no cache written"

# The cache is used: same answers from it.
run check --json y@raytheon-partnr.com
json 'L[0]["findings"][0]["suggestion"] == "raytheon-partner.com"'

# A changed file rebuilds the cache.
sleep 0.01
printf 'newpartner-example.org\n' > "$T/known.txt"
run check --json y@newpartner-exmaple.org y@raytheon-partnr.com
json 'L[0]["findings"][0]["suggestion"] == "newpartner-example.org"'
json 'L[1]["verdict"] == "ok"'

# A damaged cache is rebuilt, not trusted.
for f in "$XDG_CACHE_HOME"/sendguard/known-*.idx; do
	head -c 200 "$f" > "$f.x" && mv "$f.x" "$f"
done
run check --json y@newpartner-exmaple.org
json 'L[0]["findings"][0]["suggestion"] == "newpartner-example.org"'

# A relative path is taken from the config's directory.
cp "$T/known.txt" "$XDG_CONFIG_HOME/sendguard/partners.txt"
config '[guard]
known_domains = partners.txt'
run check y@newpartner-exmaple.org
expect_rc 1 "relative known_domains"

# A missing file is a config error that names it.
config "[guard]
known_domains = $T/nope.txt"
run check a@gmail.com
expect_rc 78 "missing known_domains"
expect_err "nope.txt" "missing known_domains"

finish
