#!/usr/bin/python3
"""corpus.py: the evaluation corpus for `make eval`.

    corpus.py OUTDIR

Writes into OUTDIR:
  typos.tsv    KIND <TAB> TYPED <TAB> MEANT <TAB> CLASS: misdirected domains,
               generated from tests/eval/targets.txt by Debian's dnstwist
               (its fuzzers: addition, bitsquatting, cyrillic, homoglyph,
               hyphenation, insertion, omission, repetition, replacement,
               subdomain, transposition, vowel-swap, various, and tld-swap over
               its common-TLD dictionary) and by a keyboard typing model of
               our own (slips of the top-level domain, the trap pairs, a dot
               left out, doubled slips in long names).
  holdout.txt  the domains of guard/data/broad.txt held out of the index
               that is evaluated (one in ten, chosen by a hash of the name).
  real.tsv     KIND <TAB> DOMAIN: real domains that must pass: the held-out
               ones ("held-out"), except those one slip from a large provider
               or a curated domain, which are typo registrations that the
               lists hold ("typo-registration": reported apart, since warning
               on them is right), and tests/eval/pairs.txt ("pair": real
               domains next to other real ones).

Variants that are themselves well-known real domains (guard/data/providers.tsv,
builtin.txt, and the top-sites, rspamd and common-provider sections of
broad.txt) are left out of typos.tsv: they are not misdirected. Sampling
is deterministic: the same corpus on every run.
"""
import hashlib
import os
import random
import sys

import dnstwist

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.join(HERE, "..", "..")
PER_KIND = 14          # variants per target and kind at most
HOLDOUT = 10           # one broad-list domain in HOLDOUT is held out

FUZZERS = ["addition", "bitsquatting", "cyrillic", "homoglyph", "hyphenation",
           "insertion", "omission", "repetition", "replacement", "subdomain",
           "transposition", "vowel-swap", "various", "tld-swap"]

TRAPS = [("ml", "mil"), ("il", "mil"), ("co", "com"), ("cm", "com"),
         ("om", "com"), ("con", "com"), ("cmo", "com"), ("ne", "net"),
         ("et", "net"), ("nte", "net"), ("or", "org"), ("ogr", "org"),
         ("go", "gov"), ("gv", "gov"), ("ed", "edu"), ("eud", "edu"),
         ("ed", "de"), ("d", "de"), ("fe", "fr"), ("rf", "fr"),
         ("ti", "it"), ("r", "ru"), ("ur", "ru"), ("rb", "br")]

QWERTY = ["1234567890-", "qwertyuiop", "asdfghjkl", "zxcvbnm"]


def read_list(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#")[0].strip()
            if line:
                out.append(line.split())
    return out


def data_domains(name):
    return {row[0] for row in read_list(os.path.join(TOP, "guard", "data",
                                                     name))}


def well_known():
    """The sections of broad.txt that hold only well-known real domains
    (the most linked-to sites, senders whitelisted by rspamd, the common
    providers), unlike the free-mail lists, which hold typo registrations
    too."""
    out, keep = set(), False
    with open(os.path.join(TOP, "guard", "data", "broad.txt")) as f:
        for line in f:
            if line.startswith("#@source "):
                keep = line.split()[1] in ("top-sites", "rspamd",
                                           "email-providers-common")
            elif keep and not line.startswith("#") and line.strip():
                out.add(line.strip())
    return out


def unicode_domain(d):
    try:
        return ".".join(l.encode("ascii").decode("idna")
                        if l.startswith("xn--") else l for l in d.split("."))
    except UnicodeError:
        return d


def split(domain):
    """Name and suffix by dnstwist's own split (it knows ccSLDs)."""
    sub, name, tld = dnstwist.domain_tld(domain)
    return name, tld


def neighbours(c):
    out = set()
    for r, row in enumerate(QWERTY):
        i = row.find(c)
        if i < 0:
            continue
        for dr in (-1, 0, 1):
            if not 0 <= r + dr < len(QWERTY):
                continue
            other = QWERTY[r + dr]
            for j in (i - 1, i, i + 1) if dr else (i - 1, i + 1):
                if 0 <= j < len(other):
                    out.add(other[j])
    out.discard(c)
    return out


def one_slip(s):
    """Every typing slip of s: swap, drop, double, neighbour key."""
    out = set()
    for i in range(len(s)):
        out.add(s[:i] + s[i + 1:])
        out.add(s[:i] + s[i] + s[i:])
        for n in neighbours(s[i]):
            out.add(s[:i] + n + s[i + 1:])
        if i + 1 < len(s):
            out.add(s[:i] + s[i + 1] + s[i] + s[i + 2:])
    out.discard(s)
    return {x for x in out if x and not x.startswith("-")
            and not x.endswith("-")}


def typing(domain):
    """Our keyboard typing model: kinds dnstwist lacks."""
    name, tld = split(domain)
    labels = tld.split(".")
    last = labels[-1]
    out = {"tld-slip": set(), "trap": set(), "dot-left-out": set(),
           "two-slips": set()}
    for v in one_slip(last):
        if v.isalpha():
            out["tld-slip"].add(".".join([name] + labels[:-1] + [v]))
    for typed, meant in TRAPS:
        if last == meant:
            out["trap"].add(".".join([name] + labels[:-1] + [typed]))
    out["dot-left-out"].add(name + tld.replace(".", "") + ".com")
    if len(name) >= 8:
        rng = random.Random(domain)
        first = sorted(one_slip(name))
        for v in rng.sample(first, min(6, len(first))):
            seconds = sorted(x for x in one_slip(v) if len(x) >= 3)
            out["two-slips"].add(rng.choice(seconds) + "." + tld)
    return out


def levenshtein1(a, b):
    """Whether a and b are at most one edit (or swap) apart."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (len(diff) == 2 and diff[1] == diff[0] + 1 and
                a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    if len(a) > len(b):
        a, b = b, a
    for i in range(len(b)):
        if b[:i] + b[i + 1:] == a:
            return True
    return False


def fold(s):
    s = s.replace("rn", "m").replace("vv", "w").replace("cl", "d")
    return s.replace("0", "o").replace("1", "l").replace(".", "").replace(
        "-", "")


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    curated = data_domains("providers.tsv") | data_domains("builtin.txt")
    real_known = curated | well_known()
    targets = read_list(os.path.join(HERE, "targets.txt"))
    tlds = [t.strip() for t in open("/usr/share/dnstwist/dictionaries/"
                                    "common_tlds.dict")
            if t.strip() and not t.startswith("//")]
    rows, left_out = [], 0
    for domain, klass in targets:
        fz = dnstwist.Fuzzer(domain, tld_dictionary=list(tlds))
        fz.generate(fuzzers=FUZZERS)
        kinds = {}
        for p in fz.permutations():
            kinds.setdefault(p["fuzzer"], set()).add(p["domain"])
        for kind, variants in typing(domain).items():
            kinds.setdefault(kind, set()).update(variants)
        for kind in sorted(kinds):
            variants = sorted(v for v in kinds[kind] if v != domain)
            kept = []
            for v in variants:
                if v in real_known:
                    left_out += 1
                else:
                    kept.append(v)
            rng = random.Random("%s/%s" % (domain, kind))
            if len(kept) > PER_KIND:
                kept = rng.sample(kept, PER_KIND)
            for v in sorted(kept):
                rows.append((kind, unicode_domain(v), domain, klass))
    with open(os.path.join(out, "typos.tsv"), "w") as f:
        for r in rows:
            f.write("\t".join(r) + "\n")

    providers = sorted(data_domains("providers.tsv") |
                       {t[0] for t in targets})
    pfold = {fold(p): p for p in providers}
    held, real = [], []
    for row in read_list(os.path.join(TOP, "guard", "data", "broad.txt")):
        d = row[0]
        if int(hashlib.md5(d.encode()).hexdigest(), 16) % HOLDOUT:
            continue
        if d in curated:
            continue
        held.append(d)
        slip = fold(d) in pfold or any(levenshtein1(d, p) for p in providers
                                        if abs(len(p) - len(d)) <= 1)
        real.append(("typo-registration" if slip else "held-out", d))
    for row in read_list(os.path.join(HERE, "pairs.txt")):
        real.append(("pair", row[0]))
    with open(os.path.join(out, "holdout.txt"), "w") as f:
        f.write("\n".join(held) + "\n")
    with open(os.path.join(out, "real.tsv"), "w") as f:
        for r in real:
            f.write("\t".join(r) + "\n")
    print("corpus: %d misdirected domains from %d targets (%d variants that "
          "are curated real domains left out); %d real domains held out of "
          "the index (%d of them typo registrations), %d real pairs" %
          (len(rows), len(targets), left_out, len(held),
           sum(1 for k, _ in real if k == "typo-registration"),
           sum(1 for k, _ in real if k == "pair")), file=sys.stderr)


if __name__ == "__main__":
    main()
