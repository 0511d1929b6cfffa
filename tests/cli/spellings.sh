# Every spelling of a domain gets the plain spelling's verdict and
# suggestion: full-width letters and dots, ideographic full stops,
# zero-width characters, soft hyphens, a BOM, NFKC compatibility forms,
# capitals, a root dot, for flagged and unflagged domains. Through
# "check --json" (each spelling against its plain form, plus the
# invisible-character finding naming the character), and through
# sendmail mode: what the server records (RCPT TO, and To/Cc with -t) is
# the normalized address; a hidden character is refused without a
# terminal, nothing sent. (tests/pty/test_spell.c: the composer, and the
# resolve prompt on a terminal.)
. "$(dirname "$0")/lib.sh"
. "$SENDGUARD_TOP/tests/smtp/lib.sh"
trap 'smtp_stop_all; rm -rf "$T"' EXIT
trap 'exit 1' INT TERM HUP

# SPELLING <TAB> PLAIN <TAB> hidden code point (or -), \u escapes allowed.
cat > "$T/table" <<'EOF'
\uff47\uff4d\uff49\uff41\uff4c.com	gmial.com	-
\uff27\uff2d\uff29\uff21\uff2c\uff0e\uff23\uff2f\uff2d	gmial.com	-
gm\u200bial.com	gmial.com	U+200B
gm\u00adial.com	gmial.com	U+00AD
\ufeffgmial.com	gmial.com	U+FEFF
gmi\u200dal.com	gmial.com	U+200D
gmi\u200cal.com	gmial.com	U+200C
gmial\u2060.com	gmial.com	U+2060
gmial\u3002com	gmial.com	-
gmial\uff0ecom	gmial.com	-
gmial\uff61com	gmial.com	-
GMIAL.COM	gmial.com	-
gmial.com.	gmial.com	-
gmial.com\u3002	gmial.com	-
\U0001d420\U0001d426\U0001d422\U0001d41a\U0001d425.com	gmial.com	-
\uff41\uff52\uff4d\uff59.\uff4d\uff4c	army.ml	-
ARMY\u3002ML.	army.ml	-
ar\u200bmy.ml	army.ml	U+200B
army.ml\uff0e	army.ml	-
\uff47\uff4d\uff41\uff49\uff4c.\uff43\uff4f	gmail.co	-
Gmail.Co	gmail.co	-
\uff50\uff41\uff59\uff50\uff41\uff11.com	paypa1.com	-
\uff47\uff4d\uff41\uff49\uff4c.\uff43\uff4f\uff4d	gmail.com	-
\u24d6\u24dc\u24d0\u24d8\u24db.com	gmail.com	-
\u210amail.com	gmail.com	-
GMAIL.COM.	gmail.com	-
gm\u200bail.com	gmail.com	U+200B
g\u180email.com	gmail.com	U+180E
\uff41\uff52\uff4d\uff59\uff0e\uff4d\uff49\uff4c	army.mil	-
army.mil\u3002	army.mil	-
Army.Mil	army.mil	-
exa\u00admple.org	example.org	U+00AD
\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.org	example.org	-
\ufb01refox.com	firefox.com	-
B\u00dcCHER.example	b\u00fccher.example	-
b\uff55\u0308cher.example	b\u00fccher.example	-
EOF

smtp_start spell || exit 1
account_local "$SMTP_PORT"

# Through check --json: the spelling against its plain form.
/usr/bin/python3 - "$SENDGUARD" "$T/table" "$T/cases" <<'PY' || fail "check --json"
import json, subprocess, sys
sg, table, cases = sys.argv[1:4]
def check(addr):
    out = subprocess.run([sg, "check", "--json", "--", addr],
                         capture_output=True).stdout
    return json.loads(out.decode("utf-8"))
bad = 0
rows = []
with open(table, encoding="ascii") as f:
    for n, line in enumerate(f, 1):
        spelling, plain, hidden = line.rstrip("\n").split("\t")
        spelling = spelling.encode().decode("unicode_escape")
        plain = plain.encode().decode("unicode_escape")
        got, want = check("s%d@%s" % (n, spelling)), check("s%d@%s" % (n, plain))
        wf = [(x["code"], x["suggestion"]) for x in want["findings"]]
        gf = [(x["code"], x["suggestion"]) for x in got["findings"]]
        extra = [x for x in got["findings"] if (x["code"], x["suggestion"])
                 not in wf]
        problems = []
        if got["address_ascii"] != want["address_ascii"]:
            problems.append("sent as %r, not %r" % (got["address_ascii"],
                                                    want["address_ascii"]))
        if [x for x in wf if x not in gf]:
            problems.append("lacks %r" % [x for x in wf if x not in gf])
        if hidden == "-":
            if extra or got["verdict"] != want["verdict"]:
                problems.append("verdict %s %r, plain %s %r" % (
                    got["verdict"], gf, want["verdict"], wf))
        else:
            names = [x for x in extra if x["code"] == "homograph" and
                     hidden in x["reason"] and
                     x["suggestion"] == want["domain_ascii"]]
            if len(extra) != 1 or not names or got["verdict"] != "warn":
                problems.append("no homograph finding naming %s: %r" % (
                    hidden, got["findings"]))
        if problems:
            bad += 1
            print("FAIL: %d %r: %s" % (n, spelling, "; ".join(problems)))
        rows.append((n, spelling, got["address_ascii"], got["verdict"],
                     hidden))
with open(cases, "w", encoding="utf-8") as f:
    for r in rows:
        f.write("%d\t%s\t%s\t%s\t%s\n" % r)
print("check --json: %d spellings, %d as their plain form" %
      (len(rows), len(rows) - bad))
sys.exit(1 if bad else 0)
PY

# Through sendmail mode. The flagged plain domains are trusted (a trust
# is by the normalized domain, so it covers every spelling), and each
# spelling without a hidden character goes out as its normalized form,
# in the envelope and, with -t, in To/Cc (members of a group too).
for d in gmial.com army.ml gmail.co paypa1.com; do
	"$SENDGUARD" trust "$d" >/dev/null || fail "trust $d"
done
awk -F '\t' '$5 == "-"' "$T/cases" > "$T/plain"
/usr/bin/python3 - "$T/plain" "$T/args" "$T/msg" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8")]
addrs = ["s%s@%s" % (r[0], r[1]) for r in rows]
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(addrs) + "\n")
half = len(addrs) // 2
open(sys.argv[3], "w", encoding="utf-8").write(
    "From: me@example.org\nTo: Team: %s;, %s\nCc: %s\n"
    "Subject: spellings\n\nhi\n" % (", ".join(addrs[:half - 1]),
    addrs[half - 1], ",\n ".join(addrs[half:])))
PY
# One recipient an argument, the arguments read from the file, one a line.
cp "$T/msg" "$T/byargs.eml"
tr '\n' '\0' < "$T/args" | xargs -0 sh -c '"$SENDGUARD" -- "$@" < "$0.eml" > "$0.out" 2> "$0.err"; echo $? > "$0.rc"' "$T/byargs"
[ "$(cat "$T/byargs.rc")" = 0 ] || fail "sendmail mode, arguments: exit $(cat "$T/byargs.rc"): $(cat "$T/byargs.err")"
"$SENDGUARD" -t < "$T/msg" > "$T/out" 2> "$T/err"
rc=$?
expect_rc 0 "sendmail mode, -t"
smtp_idle spell || :
/usr/bin/python3 - "$T/plain" "$SMTP_DIR/spool" <<'PY' || fail "what the server received"
import email, glob, json, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8")]
want = [r[2] for r in rows]
metas = sorted(glob.glob(sys.argv[2] + "/*.json"))
assert len(metas) == 2, metas
for m in metas:
    got = json.load(open(m))["rcpt_tos"]
    assert got == want, "RCPT TO %r, want %r" % (got, want)
eml = open(metas[1][:-5] + ".eml", "rb").read()
for line in eml.split(b"\r\n"):
    assert len(line) <= 998, "a line of %d bytes" % len(line)
msg = email.message_from_bytes(eml)
heads = " ".join(str(msg[h]).replace("\r\n", "") for h in ("To", "Cc"))
missing = [w for w in want if w.lower() not in heads.lower()]
assert not missing, "To/Cc lack %r: %s" % (missing, heads)
assert all(ord(c) < 128 for c in heads), "To/Cc not ASCII: %s" % heads
print("sendmail mode: %d spellings sent as their normalized form, "
      "envelope and To/Cc" % len(want))
PY

# A hidden character needs a decision: refused without a terminal (77),
# nothing sent, the reason naming the character.
n=$(smtp_count spell)
awk -F '\t' '$5 != "-" { print "s" $1 "@" $2 "\t" $5 }' "$T/cases" > "$T/hidden"
while IFS="$(printf '\t')" read -r addr cp; do
	run -- "$addr" < "$T/msg"
	expect_rc 77 "hidden $cp"
	expect_err "$cp" "hidden $cp"
	expect_err "did you mean" "hidden $cp"
done < "$T/hidden"
[ "$(smtp_count spell)" -eq "$n" ] || fail "an address with a hidden character was sent without a decision"
echo "figure: spellings: $(wc -l < "$T/cases") spellings as their plain form through check --json; $(wc -l < "$T/plain") sent normalized (RCPT TO, To/Cc); $(wc -l < "$T/hidden") with a hidden character refused without a terminal"
finish
