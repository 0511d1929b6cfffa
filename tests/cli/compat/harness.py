#!/usr/bin/python3
"""Runs msmtp and sendguard side by side on the cases of this directory.

usage: harness.py SENDGUARD CASEDIR [NAME...]

See README in this directory for the case format.  Prints one row per
case and the totals; exits 1 if any case failed (an unexplained
difference, or a documented one that no longer differs).
"""

import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SERVER = os.path.join(TOP, "tests", "smtp", "server.py")
PYTHON = "/usr/bin/python3"
KEYS = {"desc", "point", "server", "args", "message", "env", "compare",
        "log", "differs", "expect-exit", "expect-delivered",
        "expect-stderr", "expect-stdout", "msmtp-only", "sendguard-only"}
SECTIONS = re.compile(r"^\[(msmtprc|sendguard|message|file [^\]]+|"
                      r"script [^\]]+)\]$")
COMPARE_DEFAULT = ["wire", "bytes", "exit", "stderr"]
RUN_TIMEOUT = 30


class CaseError(Exception):
    pass


def parse_case(path):
    case = {"name": os.path.basename(path)[:-len(".case")], "env": [],
            "sections": []}
    section = None
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        raise CaseError("%s: %s" % (path, e.strerror))
    for line in text.split("\n"):
        m = SECTIONS.match(line)
        if m:
            section = [m.group(1), []]
            case["sections"].append(section)
            continue
        if section is not None:
            section[1].append(line)
            continue
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, _, value = line.strip().partition(" ")
        value = value.strip()
        if key not in KEYS:
            raise CaseError("%s: unknown key %r" % (path, key))
        if key == "env":
            case["env"].append(value)
        elif key in case:
            raise CaseError("%s: %s given twice" % (path, key))
        else:
            case[key] = value
    for s in case["sections"]:
        # A section ends with the newline before the next one: drop the
        # empty line that split() leaves at the end.
        while s[1] and s[1][-1] == "":
            s[1].pop()
        s[1] = "\n".join(s[1]) + "\n" if s[1] else ""
    if "desc" not in case:
        raise CaseError("%s: no desc" % path)
    if "differs" in case and not case["differs"]:
        raise CaseError("%s: differs needs a reason" % path)
    return case


class Server:
    """One tests/smtp/server.py, shared by the cases with the same flags."""

    def __init__(self, work, n, flags):
        self.dir = os.path.join(work, "server%d" % n)
        os.makedirs(os.path.join(self.dir, "spool"))
        self.log = os.path.join(self.dir, "log")
        open(self.log, "w").close()
        portfile = os.path.join(self.dir, "port")
        self.proc = subprocess.Popen(
            [PYTHON, SERVER, "--port-file", portfile, "--spool",
             os.path.join(self.dir, "spool"), "--log", self.log,
             "--exit-with-parent"] + flags,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=open(os.path.join(self.dir, "stderr"), "w"))
        deadline = time.time() + 15
        while not (os.path.exists(portfile) and
                   open(portfile).read().strip()):
            if self.proc.poll() is not None or time.time() > deadline:
                err = open(os.path.join(self.dir, "stderr")).read()
                raise CaseError("server %s did not start: %s" %
                                (" ".join(flags), err.strip()[-500:]))
            time.sleep(0.02)
        self.port = open(portfile).read().strip()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def mark(self):
        return (os.path.getsize(self.log), self.spooled())

    def spooled(self):
        return sorted(f for f in os.listdir(os.path.join(self.dir, "spool"))
                      if f.endswith(".json"))

    def since(self, mark):
        """What the server saw since mark: its log lines (once every new
        connection is closed, or after a deadline) and new messages."""
        deadline = time.time() + 5
        while True:
            with open(self.log, "rb") as f:
                f.seek(mark[0])
                lines = f.read().decode("ascii", "replace").splitlines()
            conns = {l.split(" ", 1)[0] for l in lines if " " in l}
            closed = {l.split(" ", 1)[0] for l in lines
                      if " * close" in l}
            if conns <= closed or time.time() > deadline:
                break
            time.sleep(0.02)
        new = [f for f in self.spooled() if f not in mark[1]]
        msgs = []
        for j in new:
            with open(os.path.join(self.dir, "spool", j[:-5] + ".eml"),
                      "rb") as f:
                msgs.append(f.read())
        return lines, msgs


def wire(lines):
    """The client's command lines, SASL exchanges that differ by design
    (challenge-response) reduced to their method."""
    out = []
    sasl = False
    for l in lines:
        parts = l.split(" ", 2)
        if len(parts) < 3 or parts[1] != "C:":
            continue
        cmd = parts[2]
        word = cmd.split(" ", 1)[0].upper()
        if sasl and word not in ("MAIL", "RCPT", "DATA", "QUIT", "RSET",
                                 "EHLO", "HELO", "LHLO", "NOOP", "AUTH"):
            out.append("<sasl response>")
            continue
        sasl = False
        if word == "AUTH":
            mech = cmd.split(" ")[1].upper() if " " in cmd else ""
            # The test server's CRAM-MD5 challenge is fixed; SCRAM and
            # DIGEST-MD5 answers carry a client nonce.
            if mech not in ("PLAIN", "LOGIN", "EXTERNAL", "XOAUTH2",
                            "OAUTHBEARER", "CRAM-MD5"):
                sasl = True
                cmd = "AUTH " + mech
        out.append(cmd)
    return out


def normalize(msg):
    """The delivered bytes with the Date and Message-ID values (which
    differ from run to run) replaced."""
    head, sep, body = msg.partition(b"\r\n\r\n")
    out = []
    for l in head.split(b"\r\n"):
        low = l.lower()
        if low.startswith(b"date:"):
            l = b"Date: <date>"
        elif low.startswith(b"message-id:"):
            l = b"Message-ID: <id>"
        out.append(l)
    return b"\r\n".join(out) + sep + body


LOGFIELDS = ("host", "socket", "tls", "auth", "user", "from", "recipients",
             "mailsize", "smtpstatus", "smtpmsg", "exitcode")


def logfields(path):
    """The msmtp fields of the last line of a log file, or None."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = [l for l in f.read().splitlines() if l.strip()]
    except OSError:
        return None
    if not lines:
        return None
    fields = {}
    for m in re.finditer(r"(\w+)=('[^']*'|\S*)", lines[-1]):
        if m.group(1) in LOGFIELDS:
            fields[m.group(1)] = re.sub(r"queued as \S+", "queued as N",
                                        m.group(2))
    return fields


class Env:
    def __init__(self, work):
        self.work = work
        self.certs = os.path.join(work, "certs")
        subprocess.run(["sh", os.path.join(TOP, "tests", "smtp", "cert.sh"),
                        self.certs], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        self.servers = {}
        self.lock = threading.Lock()
        # A pinned certificate, as msmtp's tls_fingerprint writes it.
        self.pins = {}
        for algo in ("sha256", "sha1"):
            out = subprocess.run(
                ["openssl", "x509", "-in", os.path.join(self.certs,
                 "other-cert.pem"), "-noout", "-fingerprint", "-" + algo],
                check=True, capture_output=True, text=True).stdout
            self.pins[algo] = out.strip().split("=", 1)[1]

    def server(self, flags, instance=0):
        flags = [self.subst(f, {}) for f in shlex.split(flags)]
        key = (tuple(flags), instance)
        with self.lock:
            if key not in self.servers:
                self.servers[key] = Server(self.work, len(self.servers),
                                           flags)
            return self.servers[key]

    def subst(self, s, extra):
        table = {"@CERT@": os.path.join(self.certs, "cert.pem"),
                 "@KEY@": os.path.join(self.certs, "key.pem"),
                 "@OTHER_CERT@": os.path.join(self.certs, "other-cert.pem"),
                 "@OTHER_KEY@": os.path.join(self.certs, "other-key.pem"),
                 "@NAMED_CERT@": os.path.join(self.certs, "named-cert.pem"),
                 "@NAMED_KEY@": os.path.join(self.certs, "named-key.pem"),
                 "@CLIENT_CERT@": os.path.join(self.certs,
                                               "client-cert.pem"),
                 "@CLIENT_KEY@": os.path.join(self.certs, "client-key.pem"),
                 "@OTHER_SHA256@": self.pins["sha256"],
                 "@OTHER_SHA1@": self.pins["sha1"].lower(),
                 "@WORK@": self.work,
                 "@SRCDIR@": os.path.dirname(os.path.abspath(__file__))}
        table.update(extra)
        for k, v in table.items():
            s = s.replace(k, v)
        return s

    def stop(self):
        for s in self.servers.values():
            s.stop()


def run_side(env, case, srv, side, prog, casedir):
    d = os.path.join(env.work, case["name"], side)
    home = os.path.join(d, "home")
    for sub in ("home", "config", "state", "cache", "data"):
        os.makedirs(os.path.join(d, sub))
    table = {"@PORT@": srv.port if srv else "0", "@DIR@": d,
             "@HOME@": home}
    for name, text in case["sections"]:
        text = env.subst(text, table)
        if name == "msmtprc":
            path, mode = os.path.join(home, ".msmtprc"), 0o600
        elif name == "sendguard":
            if side != "sendguard":
                continue
            path, mode = os.path.join(d, "config", "sendguard", "config"), \
                0o600
        elif name == "message":
            continue
        else:
            kind, _, rel = name.partition(" ")
            rel = env.subst(rel.strip(), table)
            path = os.path.join(home, rel[2:]) if rel.startswith("~/") \
                else os.path.join(d, rel)
            mode = 0o700 if kind == "script" else 0o600
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(path, mode)
    if "message" in case:
        with open(os.path.join(casedir, "messages", case["message"]),
                  "rb") as f:
            stdin = f.read()
    else:
        texts = [t for n, t in case["sections"] if n == "message"]
        if texts:
            stdin = env.subst(texts[0], table).encode("utf-8")
        else:
            with open(os.path.join(casedir, "messages", "plain"), "rb") as f:
                stdin = f.read()
    e = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home,
         "XDG_CONFIG_HOME": os.path.join(d, "config"),
         "XDG_STATE_HOME": os.path.join(d, "state"),
         "XDG_CACHE_HOME": os.path.join(d, "cache"),
         "XDG_DATA_HOME": os.path.join(d, "data"),
         "TZ": "UTC", "LC_ALL": "C.UTF-8", "USER": "tester",
         "LOGNAME": "tester", "SENDGUARD_TTY": "none",
         "TMPDIR": d}
    for kv in case["env"]:
        k, _, v = kv.partition("=")
        e[k] = env.subst(v, table)
    args = shlex.split(env.subst(case.get("args", ""), table))
    extra = case.get(side + "-only")
    if extra:
        args = shlex.split(env.subst(extra, table)) + args
    mark = srv.mark() if srv else None
    try:
        p = subprocess.run([prog] + args, input=stdin, capture_output=True,
                           env=e, cwd=d, start_new_session=True,
                           timeout=RUN_TIMEOUT)
        rc, out, err = p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        rc, out, err = "timeout", b"", b""
    lines, msgs = srv.since(mark) if srv else ([], [])
    log = None
    if "log" in case:
        lp = env.subst(case["log"], table)
        lp = os.path.join(home, lp[2:]) if lp.startswith("~/") else lp
        log = logfields(lp)
    return {"rc": rc, "out": out, "err": err, "wire": wire(lines),
            "msgs": [normalize(m) for m in msgs], "log": log}


def first_difference(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return "%r vs %r" % (x, y)
    return "%d vs %d lines" % (len(a), len(b))


def compare(case, m, s):
    """What differs between the msmtp run m and the sendguard run s."""
    what = case.get("compare", " ".join(COMPARE_DEFAULT)).split()
    diffs = []
    if "exit" in what and m["rc"] != s["rc"]:
        diffs.append("exit %s vs %s" % (m["rc"], s["rc"]))
    if "wire" in what and m["wire"] != s["wire"]:
        diffs.append("dialogue: " + first_difference(m["wire"], s["wire"]))
    if "bytes" in what and m["msgs"] != s["msgs"]:
        if len(m["msgs"]) != len(s["msgs"]):
            diffs.append("delivered %d vs %d" % (len(m["msgs"]),
                                                len(s["msgs"])))
        else:
            diffs.append("bytes: " + first_difference(
                m["msgs"][0].split(b"\r\n"), s["msgs"][0].split(b"\r\n")))
    if "stderr" in what and bool(m["err"]) != bool(s["err"]):
        diffs.append("stderr %s vs %s" % (
            "said something" if m["err"] else "silent",
            "said something" if s["err"] else "silent"))
    if "stdout" in what and bool(m["out"]) != bool(s["out"]):
        diffs.append("stdout %s vs %s" % (bool(m["out"]), bool(s["out"])))
    if "stdout-text" in what and m["out"] != s["out"]:
        diffs.append("stdout: " + first_difference(m["out"].split(b"\n"),
                                                   s["out"].split(b"\n")))
    if "log" in what and m["log"] != s["log"]:
        diffs.append("log %s vs %s" % (m["log"], s["log"]))
    return diffs


def expectations(case, s):
    bad = []
    if "expect-exit" in case and str(s["rc"]) != case["expect-exit"]:
        bad.append("sendguard exit %s, expected %s" % (s["rc"],
                                                       case["expect-exit"]))
    if "expect-delivered" in case and \
            len(s["msgs"]) != int(case["expect-delivered"]):
        bad.append("sendguard delivered %d, expected %s" %
                   (len(s["msgs"]), case["expect-delivered"]))
    for key, stream in (("expect-stderr", "err"), ("expect-stdout", "out")):
        if key in case and case[key].encode() not in s[stream]:
            bad.append("sendguard's %s lacks %r: %r" % (
                stream, case[key], s[stream][:300]))
    return bad


def run_case(env, case, flags, msmtp, sendguard, casedir):
    """One case: its table row and, if it failed, the details."""
    name = case["name"]
    try:
        srv = env.server(*flags)
        m = run_side(env, case, srv, "msmtp", msmtp, casedir)
        s = run_side(env, case, srv, "sendguard", sendguard, casedir)
    except CaseError as e:
        return (name, "?", "-", "-", "FAIL: %s" % e), []
    diffs = compare(case, m, s)
    bad = expectations(case, s)
    if bad:
        result = "FAIL: " + "; ".join(bad)
    elif "differs" in case and diffs:
        result = "differs: %s (%s)" % (case["differs"], "; ".join(diffs))
    elif "differs" in case:
        result = "FAIL: documented as differing (%s), but the same" % \
            case["differs"]
    elif diffs:
        result = "FAIL: " + "; ".join(diffs)
    elif m["msgs"]:
        result = "same effect"
    else:
        result = "same exit code"
    details = []
    if result.startswith("FAIL"):
        for side, r in (("msmtp", m), ("sendguard", s)):
            details.append("%s, %s stderr: %s" % (
                name, side, r["err"].decode("utf-8", "replace").strip()
                .replace("\n", "\n    ")[:800]))
            details.append("%s, %s dialogue: %s" % (
                name, side, " | ".join(r["wire"])[:800]))
    return (name, case.get("point", "-"), str(m["rc"]), str(s["rc"]),
            result), details


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    sendguard, casedir = os.path.abspath(argv[1]), os.path.abspath(argv[2])
    msmtp = shutil.which("msmtp")
    if msmtp is None:
        print("msmtp is not installed (scripts/deps.sh installs it)")
        return 1
    names = argv[3:] or sorted(f[:-5] for f in os.listdir(casedir)
                               if f.endswith(".case"))
    work = tempfile.mkdtemp(prefix="sendguard-compat.")
    env = Env(work)
    results = {}
    # The cases of one server run in turn (each reads the server's log
    # from where it was); two servers' cases run side by side, one a core.
    groups = {}
    for name in names:
        try:
            case = parse_case(os.path.join(casedir, name + ".case"))
        except CaseError as e:
            results[name] = (name, "?", "-", "-", "FAIL: %s" % e), []
            continue
        groups.setdefault(case.get("server", ""), []).append(case)
    # A server with many cases gets a twin, so both cores stay busy.
    queue = []
    for flags, cases in groups.items():
        half = len(cases) // 2 if len(cases) > 16 else len(cases)
        queue.append(((flags, 0), cases[:half]))
        if cases[half:]:
            queue.append(((flags, 1), cases[half:]))
    queue.sort(key=lambda g: -len(g[1]))
    lock = threading.Lock()

    def worker():
        while True:
            with lock:
                if not queue:
                    return
                flags, cases = queue.pop(0)
            for case in cases:
                results[case["name"]] = run_case(env, case, flags, msmtp,
                                                 sendguard, casedir)

    try:
        threads = [threading.Thread(target=worker) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        env.stop()
        if os.environ.get("COMPAT_KEEP"):
            print("kept", work)
        else:
            shutil.rmtree(work, ignore_errors=True)
    rows, details = [], []
    totals = {"same effect": 0, "same exit code": 0, "differs": 0,
              "FAIL": 0}
    for name in names:
        row, more = results[name]
        rows.append(row)
        details.extend(more)
        totals[row[4].split(":")[0]] += 1
    w = max([len(r[0]) for r in rows] + [4])
    print("%-*s  %-5s  %-5s  %-9s  %s" % (w, "case", "point", "msmtp",
                                          "sendguard", "result"))
    for r in rows:
        print("%-*s  %-5s  %-5s  %-9s  %s" % (w, r[0], r[1], r[2], r[3],
                                              r[4]))
    if details:
        print()
        print("\n".join(details))
    print()
    print("%d cases: %d same effect, %d same exit code, %d documented "
          "differences, %d failed" % (len(rows), totals["same effect"],
                                      totals["same exit code"],
                                      totals["differs"], totals["FAIL"]))
    return 1 if totals["FAIL"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
