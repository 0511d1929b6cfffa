#!/usr/bin/python3
"""Sendmail mode against msmtp: the same 10 MB message to the same local
aiosmtpd server, runs interleaved; prints wall-time medians, their ratio,
and peak memory of each. Usage: bench_sendmail.py SENDGUARD [RUNS]"""
import os, resource, shutil, statistics, subprocess, sys, tempfile, time

top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sendguard = os.path.abspath(sys.argv[1])
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 7
msmtp = shutil.which("msmtp")
if msmtp is None:
    print("bench_sendmail: msmtp is not installed (scripts/deps.sh installs it)")
    sys.exit(1)

tmp = tempfile.mkdtemp()
try:
    spool = os.path.join(tmp, "spool")
    os.mkdir(spool)
    srv = subprocess.Popen(["/usr/bin/python3", os.path.join(top, "tests/smtp/server.py"),
                            "--port-file", os.path.join(tmp, "port"), "--max-size", "0",
                            "--exit-with-parent"], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while not os.path.exists(os.path.join(tmp, "port")):
        if time.monotonic() > deadline:
            raise SystemExit("bench_sendmail: the server did not start")
        time.sleep(0.02)
    port = open(os.path.join(tmp, "port")).read().strip()

    msg = os.path.join(tmp, "msg")
    with open(msg, "w") as f:
        f.write("From: me@example.org\nTo: jane@example.com\nSubject: bench\n"
                "Date: Mon, 23 Nov 2026 12:00:00 +0000\nMessage-ID: <bench@example.org>\n\n")
        line = "The quick brown fox jumps over the lazy dog; 0123456789 ABCDEFGHIJ.\n"
        while f.tell() < 10 * 1024 * 1024:
            f.write(line)
    home = os.path.join(tmp, "home")
    os.makedirs(os.path.join(home, ".config", "sendguard"))
    with open(os.path.join(home, ".config", "sendguard", "config"), "w") as f:
        f.write("[account bench]\nhost = 127.0.0.1\nport = %s\ntls = off\n"
                "from = me@example.org\n" % port)
    msmtprc = os.path.join(tmp, "msmtprc")
    with open(msmtprc, "w") as f:
        f.write("account bench\nhost 127.0.0.1\nport %s\ntls off\nauth off\n"
                "from me@example.org\naccount default : bench\n" % port)
    os.chmod(msmtprc, 0o600)
    env = dict(os.environ, HOME=home)
    for k in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        env.pop(k, None)

    def run(cmd):
        """Wall time and peak RSS (KiB) of one child; fails on non-zero."""
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        with open(msg, "rb") as f:
            t0 = time.monotonic()
            p = subprocess.run(cmd, stdin=f, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
            t1 = time.monotonic()
        if p.returncode != 0:
            raise SystemExit("bench_sendmail: %s failed (%d): %s"
                             % (cmd[0], p.returncode, p.stderr.decode()))
        return t1 - t0

    def peak(cmd):
        # RUSAGE_CHILDREN keeps a maximum over all children: measure each
        # program in a fresh Python so the figures do not mix.
        code = ("import resource,subprocess,sys\n"
                "subprocess.run(sys.argv[2:], stdin=open(sys.argv[1],'rb'),"
                " stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)\n"
                "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
        out = subprocess.run(["/usr/bin/python3", "-c", code, msg] + cmd, env=env,
                             capture_output=True, check=True)
        return int(out.stdout.decode().split()[-1])

    sg_cmd = [sendguard, "-oi", "-oem", "-f", "me@example.org", "--", "jane@example.com"]
    ms_cmd = [msmtp, "-C", msmtprc, "-oi", "-oem", "-f", "me@example.org", "--",
              "jane@example.com"]
    run(sg_cmd)
    run(ms_cmd)  # warm up both (page cache, server)
    sg, ms = [], []
    for _ in range(runs):
        sg.append(run(sg_cmd))
        ms.append(run(ms_cmd))
    sgm, msm = statistics.median(sg), statistics.median(ms)
    ratio = sgm / msm
    print("  sendguard median %.3f s, msmtp median %.3f s (%d runs each, interleaved)"
          % (sgm, msm, runs))
    print("goal: sendmail 10 MB, time vs msmtp | %.2fx | <= 1.10x | %s"
          % (ratio, "met" if ratio <= 1.10 else "NOT met"))
    sgp, msp = peak(sg_cmd), peak(ms_cmd)
    print("goal: sendmail 10 MB, peak memory | %d KiB (msmtp %d KiB) | (figure) | info"
          % (sgp, msp))
    srv.terminate()
    srv.wait()
finally:
    shutil.rmtree(tmp, ignore_errors=True)
