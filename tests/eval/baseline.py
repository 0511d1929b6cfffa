#!/usr/bin/python3
"""baseline.py: another sendguard's verdicts on the evaluation corpus.

    baseline.py SENDGUARD WORLD CORPUSDIR OUT.tsv

Runs `SENDGUARD check --json` (in its own temporary home, with the
evaluated user's org_domains and contacts from WORLD) on every domain of
typos.tsv and real.tsv, and writes DOMAIN <TAB> VERDICT <TAB> SUGGESTION.
"""
import json
import os
import subprocess
import sys
import tempfile


def main():
    prog, world, corpus, out = sys.argv[1:5]
    home = tempfile.mkdtemp(prefix="sendguard-eval.")
    env = dict(os.environ)
    for var, sub in (("HOME", ""), ("XDG_CONFIG_HOME", "c"),
                     ("XDG_STATE_HOME", "s"), ("XDG_CACHE_HOME", "k"),
                     ("XDG_DATA_HOME", "d")):
        env[var] = os.path.join(home, sub)
        os.makedirs(env[var], exist_ok=True)
    env["SENDGUARD_TTY"] = "none"
    org, aliases = [], []
    for line in open(world):
        line = line.split("#")[0].split()
        if len(line) == 2 and line[0] == "org":
            org.append(line[1])
        elif len(line) == 2 and line[0] == "contact":
            aliases.append("alias c%d %s" % (len(aliases), line[1]))
    alias_file = os.path.join(home, "aliases")
    with open(alias_file, "w") as f:
        f.write("\n".join(aliases) + "\n")
    config = os.path.join(home, "config")
    with open(config, "w") as f:
        f.write("[guard]\norg_domains = %s\ncontacts = %s\n" %
                (", ".join(org), alias_file))
    domains = []
    for name, col in (("typos.tsv", 1), ("real.tsv", 1)):
        for line in open(os.path.join(corpus, name), encoding="utf-8"):
            f = line.rstrip("\n").split("\t")
            if len(f) > col:
                domains.append(f[col])
    with open(out, "w", encoding="utf-8") as o:
        for i in range(0, len(domains), 400):
            chunk = domains[i:i + 400]
            r = subprocess.run([prog, "check", "--json", "-C", config, "--"]
                               + ["x@" + d for d in chunk], env=env,
                               capture_output=True, text=True)
            lines = [l for l in r.stdout.splitlines() if l.startswith("{")]
            for d, l in zip(chunk, lines):
                v = json.loads(l)
                sug = ""
                for fd in v.get("findings", []):
                    if fd.get("suggestion"):
                        sug = fd["suggestion"]
                        break
                o.write("%s\t%s\t%s\n" % (d, v.get("verdict", "?"), sug))


if __name__ == "__main__":
    main()
