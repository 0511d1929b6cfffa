# What sendguard learns of the user's world: contacts (mutt aliases,
# abook, vCard), the history of real deliveries (to a real SMTP server on
# 127.0.0.1), new recipients, markings, org mix, audience, and check -t.
. "$(dirname "$0")/lib.sh"
. "$SENDGUARD_TOP/tests/smtp/lib.sh"
trap 'smtp_stop_all; rm -rf "$T"' EXIT
trap 'exit 1' INT TERM HUP

# ---- contacts from a mutt alias file named in the config ----
cat > "$T/aliases" <<'AL'
# mutt aliases
alias pat Pat Lee <pat@northwind-traders.com>
alias boss "Doe, Jane" <jane.doe@army.mil> # tags:work
AL
config "[guard]
org_domains = army.mil
contacts = $T/aliases"
run check --json pat@northwind-traders.com pat@northwind-tradres.com \
    pat@nortwhind-tradres.com newbie@northwind-traders.com stranger@example.org
expect_rc 1 "contacts: lookalikes need resolving"
json 'L[0]["verdict"] == "ok" and L[0]["findings"] == []' 
json 'L[1]["findings"][0]["code"] == "lookalike" and L[1]["findings"][0]["suggestion"] == "northwind-traders.com" and "in your contacts" in L[1]["findings"][0]["reason"]'
json 'L[2]["findings"][0]["code"] == "lookalike" and L[2]["findings"][0]["suggestion"] == "northwind-traders.com" and "two typing slips" in L[2]["findings"][0]["reason"]'
json '[f["code"] for f in L[3]["findings"]] == ["new-recipient"] and L[3]["verdict"] == "notice" and "others at northwind-traders.com" in L[3]["findings"][0]["reason"]'
json '[f["code"] for f in L[4]["findings"]] == ["new-recipient"] and "new domain" in L[4]["findings"][0]["reason"]'

# What was read, listed.
run contacts
expect_rc 0 "contacts"
expect_out "^pat@northwind-traders.com	Pat Lee	pat$" "contacts lists the alias"
expect_out "^jane.doe@army.mil	Doe, Jane	boss$" "contacts lists a quoted name"

# A folder of vCards (as vdirsyncer keeps them) next to the alias file.
mkdir -p "$T/vdir/work"
printf 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Rosa Garc\303\255a\r\nEMAIL;TYPE=WORK:rosa@contoso-\r\n engineering.com\r\nEND:VCARD\r\n' > "$T/vdir/work/rosa.vcf"
config "[guard]
org_domains = army.mil
contacts = $T/aliases, $T/vdir"
run check --json rosa@contoso-engineering.com rosa@contoso-engineeirng.com
json 'L[0]["findings"] == [] and L[1]["findings"][0]["suggestion"] == "contoso-engineering.com"'
run contacts
expect_out "^rosa@contoso-engineering.com	Rosa García	$" "contacts from a vCard folder"

# The compiled world is cached; a changed address book is seen at once.
[ -f "$XDG_CACHE_HOME/sendguard/world.cache" ] || fail "no world cache"
run check --json lee@fabrikam-partners.com
json '[f["code"] for f in L[0]["findings"]] == ["new-recipient"]'
echo 'alias lee Lee <lee@fabrikam-partners.com>' >> "$T/aliases"
run check --json lee@fabrikam-partners.com lee@fabrikam-partnres.com
json 'L[0]["findings"] == [] and L[1]["findings"][0]["code"] == "lookalike"'
# A damaged cache is rebuilt, not trusted.
printf 'SGWORLD\nxxxxxxxxjunk' > "$XDG_CACHE_HOME/sendguard/world.cache"
run check --json lee@fabrikam-partners.com
json 'L[0]["findings"] == []'

# A configured address book that is missing is said, and nothing breaks.
config "[guard]
contacts = $T/nonexistent"
run check alice@gmail.com
expect_rc 0 "missing contacts file"
expect_err "contacts: .*nonexistent" "missing contacts file is said"
run check alice@gmail.com
expect_err "contacts: .*nonexistent" "missing contacts file is said (cached)"

# ---- the defaults: abook's addressbook, with no contacts key ----
rm -f "$XDG_CONFIG_HOME/sendguard/config"
mkdir -p "$HOME/.abook"
printf '# abook addressbook file\n\n[format]\nprogram=abook\nversion=0.6.1\n\n\n[0]\nname=Kim Park\nemail=kim@contoso-labs.com,kp@example.net\nnick=kim\n\n' > "$HOME/.abook/addressbook"
run check --json kim@contoso-lasb.com kp@example.net
json 'L[0]["findings"][0]["code"] == "lookalike" and L[0]["findings"][0]["suggestion"] == "contoso-labs.com"'
json 'L[1]["verdict"] == "ok"'
rm -rf "$HOME/.abook"

# ---- history: written after a real delivery, not after a failure ----
smtp_start good || exit 1
cat > "$XDG_CONFIG_HOME/sendguard/config" <<CF
[guard]
org_domains = army.mil
[account test]
host = 127.0.0.1
port = $SMTP_PORT
tls = off
from = me@army.mil
CF
H="$XDG_STATE_HOME/sendguard/history"
printf 'From: me@army.mil\nTo: Jane Roe <jane@example.com>\nSubject: hello\n\nhi\n' > "$T/msg"
"$SENDGUARD" -t <"$T/msg" >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "first delivery"
[ "$(smtp_count good)" -eq 1 ] || fail "first delivery: the server has $(smtp_count good)"
grep -q "^jane@example.com	[0-9]*	1	Jane Roe$" "$H" || fail "history after delivery: $(cat "$H" 2>/dev/null)"
[ "$(stat -c %a "$H")" = 600 ] || fail "history is not private"
run check --json jane@example.com JANE@example.com john@example.com
json 'L[0]["findings"] == [] and L[1]["findings"] == []'
json '[f["code"] for f in L[2]["findings"]] == ["new-recipient"] and "others at example.com" in L[2]["findings"][0]["reason"]'
run history
expect_out "jane@example.com" "history --list"

# Sending again counts, and keeps one line per address (any case).
"$SENDGUARD" -- Jane@Example.com bob@example.org <"$T/msg" >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "second delivery"
[ "$(grep -ci '^jane@example.com	' "$H")" -eq 1 ] || fail "history has jane twice: $(cat "$H")"
grep -qi "^jane@example.com	[0-9]*	2	" "$H" || fail "history count: $(cat "$H")"
head -2 "$H" | tail -1 | grep -qi "^jane@example.com" || fail "history: most recent first: $(cat "$H")"

# A refused recipient: nothing delivered, nothing learned.
smtp_stop good
smtp_start bad --reject nobody@example.net || exit 1
sed -i "s/^port = .*/port = $SMTP_PORT/" "$XDG_CONFIG_HOME/sendguard/config"
cp "$H" "$T/history.before"
"$SENDGUARD" -- carol@example.net nobody@example.net <"$T/msg" >"$T/out" 2>"$T/err"
rc=$?
expect_rc 65 "refused recipient"
cmp -s "$H" "$T/history.before" || fail "history changed after a failure: $(cat "$H")"
# A server that is gone: the same.
smtp_stop bad
"$SENDGUARD" -- carol@example.net <"$T/msg" >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" -ne 0 ] || fail "no server: exit 0"
cmp -s "$H" "$T/history.before" || fail "history changed with no server"

# Forget one address, then all.
run history --forget JANE@example.com
expect_rc 0 "history --forget"
grep -qi "jane@example.com" "$H" && fail "forgotten address still there"
run history --forget nobody@nowhere.example
expect_rc 1 "history --forget of an unknown address"
run history --clear
expect_rc 0 "history --clear"
run history
[ -s "$T/out" ] && fail "history not empty after --clear: $(cat "$T/out")"

# ---- check -t: message-level findings ----
cat > "$XDG_CONFIG_HOME/sendguard/config" <<CF
[guard]
org_domains = army.mil
large_audience = 2
CF
cat > "$T/marked.eml" <<'EML'
From: me@army.mil
To: Ops <ops@army.mil>, partner@gmail.com
Cc: third@hq.army.mil
Subject: =?UTF-8?Q?Reise=C3=BCbersicht?=
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b1"

--b1
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Travel plan for next week, for official use=
 only.
--b1
Content-Type: application/pdf
Content-Disposition: attachment; filename="plan.pdf"
Content-Transfer-Encoding: base64

JVBERi0xLjQK
--b1--
EML
run check -t --json <"$T/marked.eml"
expect_rc 1 "check -t: marking to an outside domain"
json 'len(L) == 4 and [x["address"] for x in L[:3]] == ["ops@army.mil", "partner@gmail.com", "third@hq.army.mil"]'
json '[f["code"] for f in L[1]["findings"]] == ["marking-external"] and L[1]["verdict"] == "warn" and "For Official Use Only" in L[1]["findings"][0]["reason"]'
json 'L[0]["findings"] == [] and L[2]["findings"] == []'
json 'L[3]["address"] is None and L[3].get("message") is True and sorted(f["code"] for f in L[3]["findings"]) == ["external-mix", "large-audience"]'
run check -t <"$T/marked.eml"
expect_out "marking-external" "check -t text output"
expect_out "(the message): notice" "check -t text: message line"

# The marking only in an attachment's name (RFC 2231), and none at all.
sed -e 's/for official use=/nothing to see=/' -e 's/^ only\.$/ here./' \
    -e 's/filename="plan.pdf"/filename*=utf-8'"''"'CUI%20plan.pdf/' "$T/marked.eml" > "$T/named.eml"
run check -t --json <"$T/named.eml"
json '[f["code"] for f in L[1]["findings"]] == ["marking-external"] and "CUI plan.pdf" in L[1]["findings"][0]["reason"]'
sed -e 's/filename\*=.*/filename="plan.pdf"/' "$T/named.eml" > "$T/clean.eml"
run check -t --json <"$T/clean.eml"
expect_rc 0 "check -t: nothing marked"
json 'all(x["findings"] == [] for x in L[:3])'
# Trusting the domain lifts the marking warning for it.
run trust gmail.com
run check -t --json <"$T/marked.eml"
expect_rc 0 "check -t: trusted partner"
run untrust gmail.com

# Long text is read a window (1 MB) at a time: a marking at the very end of
# 3 MB, and one that a window boundary cuts in two, are both found.
for at in end cut; do
	/usr/bin/python3 - "$T/long.eml" "$at" <<'PY'
import sys
mark = "For Official Use Only"
with open(sys.argv[1], "w") as f:
    f.write("To: partner@gmail.com\nSubject: notes\n\n")
    line = "nothing to see here, just words and more words\n"
    body = line * (3 * 1024 * 1024 // len(line))
    if sys.argv[2] == "end":
        body += mark + "\n"
    else:
        cut = 1024 * 1024 - 10
        body = body[:cut] + " " + mark + " " + body[cut:]
    f.write(body)
PY
	run check -t --json <"$T/long.eml"
	json '[f["code"] for f in L[0]["findings"]] == ["marking-external"]'
done

# ---- sendmail mode applies the content checks, and refuses with no terminal ----
printf '[guard]\norg_domains = army.mil\n[delivery]\noutbox = on\n' > "$XDG_CONFIG_HOME/sendguard/config"
run -- partner@gmail.com <"$T/marked.eml"
expect_rc 77 "sendmail: marked message to outside"
expect_err "marking-external" "sendmail: the finding is named"
expect_err "allow --once gmail.com" "sendmail: the way out is named"
finish
