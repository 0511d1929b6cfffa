"""Client side of tests/smtp/selftest_modes.sh: one case per server mode
(record, LMTP, unix socket, client certificate, DSN, SASL mechanisms, the
null sender, PIPELINING), spoken with smtplib or raw sockets.

    /usr/bin/python3 modes_client.py CASE ARGS...

Prints what went wrong, one line each; exits 1 if anything did."""

import base64
import hashlib
import hmac
import os
import smtplib
import socket
import ssl
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from clientlib import check, run  # noqa: E402

HOST = "127.0.0.1"
MSG = b"From: a@example.org\r\nTo: b@example.net\r\nSubject: modes\r\n\r\nhi\r\n"


def smtp(port, timeout=5):
    return smtplib.SMTP(HOST, port, local_hostname="client.test",
                        timeout=timeout)


def tls_ctx(ca, cert=None, key=None):
    ctx = ssl.create_default_context(cafile=ca)
    if cert:
        ctx.load_cert_chain(cert, key)
    return ctx


class Raw:
    """A line-at-a-time client over any connected socket."""

    def __init__(self, sock):
        self.sock = sock
        self.f = sock.makefile("rb")

    def send(self, line):
        self.sock.sendall(line + b"\r\n")

    def reply(self):
        """One whole reply: (code, [lines])."""
        lines = []
        while True:
            line = self.f.readline()
            if not line:
                return 0, lines
            lines.append(line.rstrip(b"\r\n"))
            if line[3:4] != b"-":
                return int(line[:3]), lines

    def cmd(self, line):
        self.send(line)
        return self.reply()


def case_record(port, ca, record):
    """Plain commands, then STARTTLS, AUTH PLAIN and AUTH LOGIN; the record
    must hold exactly these lines."""
    s = smtp(port)
    s.ehlo("client.test")
    s.starttls(context=tls_ctx(ca))
    s.ehlo("client.test")
    code, _ = s.docmd("AUTH", "LOGIN")
    check(code == 334, "AUTH LOGIN: %d" % code)
    code, _ = s.docmd(base64.b64encode(b"user").decode())
    code, _ = s.docmd(base64.b64encode(b"wrong").decode())
    check(code == 535, "AUTH LOGIN with a wrong password: %d" % code)
    code, _ = s.docmd("AUTH", "PLAIN " + base64.b64encode(
        b"\0user\0secret").decode())
    check(code == 235, "AUTH PLAIN: %d" % code)
    s.sendmail("a@example.org", ["b@example.net"], MSG)
    s.quit()
    want = ["ehlo client.test", "STARTTLS", "ehlo client.test", "AUTH LOGIN",
            "dXNlcg==", "d3Jvbmc=", "AUTH PLAIN AHVzZXIAc2VjcmV0",
            "mail FROM:<a@example.org> size=%d" % len(MSG),
            "rcpt TO:<b@example.net>", "data", "quit"]
    got = open(record, encoding="ascii").read().splitlines()
    check(got == want, "record %r, expected %r" % (got, want))


def lmtp_session(r):
    code, lines = r.reply()
    check(code == 220, "banner %d" % code)
    code, _ = r.cmd(b"EHLO client.test")
    check(code == 500, "EHLO in LMTP: %d" % code)
    code, lines = r.cmd(b"LHLO client.test")
    check(code == 250, "LHLO: %d" % code)
    check(r.cmd(b"MAIL FROM:<a@example.org>")[0] == 250, "MAIL")
    for rcpt in (b"one@example.net", b"bad@example.net", b"two@example.net"):
        check(r.cmd(b"RCPT TO:<" + rcpt + b">")[0] == 250, "RCPT %s" % rcpt)
    check(r.cmd(b"DATA")[0] == 354, "DATA")
    r.sock.sendall(MSG + b".\r\n")
    codes = [r.reply()[0] for _ in range(3)]
    check(codes == [250, 550, 250], "LMTP replies %r" % codes)
    check(r.cmd(b"QUIT")[0] == 221, "QUIT")


def case_lmtp_tcp(port):
    lmtp_session(Raw(socket.create_connection((HOST, int(port)), 5)))


def case_unix(path, lmtp):
    sock = socket.socket(socket.AF_UNIX)
    sock.settimeout(5)
    sock.connect(path)
    r = Raw(sock)
    if lmtp == "lmtp":
        lmtp_session(r)
        return
    check(r.reply()[0] == 220, "banner")
    check(r.cmd(b"EHLO client.test")[0] == 250, "EHLO")
    check(r.cmd(b"QUIT")[0] == 221, "QUIT")


def case_client_cert(port, ca, cert, key):
    s = smtp(port)
    s.starttls(context=tls_ctx(ca, cert, key))
    s.ehlo("client.test")
    s.sendmail("a@example.org", ["b@example.net"], MSG)
    s.quit()
    # Without a certificate the server ends the session in the handshake
    # (TLS 1.3: the client learns it at its next read).
    s = smtp(port)
    try:
        s.starttls(context=tls_ctx(ca))
        s.ehlo("client.test")
        check(False, "no client certificate, yet EHLO answered")
    except (ssl.SSLError, smtplib.SMTPServerDisconnected, OSError):
        pass


def case_dsn(port, dsn):
    s = smtp(port)
    s.ehlo("client.test")
    check(s.has_extn("dsn") == (dsn == "on"), "DSN offered: %r" % s.has_extn(
        "dsn"))
    code, _ = s.docmd("MAIL FROM:<a@example.org> RET=HDRS ENVID=QQ314159")
    if dsn != "on":
        check(code == 555, "RET= without DSN: %d" % code)
        s.quit()
        return
    check(code == 250, "MAIL with RET=: %d" % code)
    code, _ = s.docmd("RCPT TO:<b@example.net> NOTIFY=SUCCESS,FAILURE")
    check(code == 250, "RCPT with NOTIFY=: %d" % code)
    code, _ = s.docmd("RCPT TO:<c@example.net> NOTIFY=NEVER "
                      "ORCPT=rfc822;c@example.net")
    check(code == 250, "RCPT with NOTIFY=NEVER ORCPT=: %d" % code)
    code, _ = s.docmd("RCPT TO:<d@example.net> NOTIFY=SOMETIMES")
    check(code == 501, "NOTIFY=SOMETIMES: %d" % code)
    code, _ = s.data(MSG)
    check(code == 250, "DATA: %d" % code)
    code, _ = s.docmd("MAIL FROM:<> RET=FULL")
    check(code == 250, "null sender: %d" % code)
    s.docmd("RCPT TO:<b@example.net>")
    code, _ = s.data(MSG)
    check(code == 250, "DATA from <>: %d" % code)
    s.quit()


def scram(s, mech, hashname, password):
    nonce = base64.b64encode(os.urandom(12)).decode()
    bare = "n=user,r=" + nonce
    code, resp = s.docmd("AUTH", mech + " " + base64.b64encode(
        ("n,," + bare).encode()).decode())
    check(code == 334, "%s first: %d" % (mech, code))
    first = base64.b64decode(resp).decode()
    a = dict(p.split("=", 1) for p in first.split(","))
    salted = hashlib.pbkdf2_hmac(hashname, password, base64.b64decode(a["s"]),
                                 int(a["i"]))
    ckey = hmac.new(salted, b"Client Key", hashname).digest()
    without = "c=biws,r=" + a["r"]
    msg = ("%s,%s,%s" % (bare, first, without)).encode()
    sig = hmac.new(hashlib.new(hashname, ckey).digest(), msg,
                   hashname).digest()
    proof = base64.b64encode(bytes(x ^ y for x, y in zip(ckey, sig)))
    code, resp = s.docmd(base64.b64encode(
        (without + ",p=" + proof.decode()).encode()).decode())
    if password != b"secret":
        check(code == 535, "%s wrong password: %d" % (mech, code))
        return
    check(code == 334, "%s final: %d" % (mech, code))
    skey = hmac.new(salted, b"Server Key", hashname).digest()
    want = "v=" + base64.b64encode(hmac.new(skey, msg, hashname).digest()
                                   ).decode()
    check(base64.b64decode(resp).decode() == want, "%s server signature"
          % mech)
    code, _ = s.docmd("")
    check(code == 235, "%s: %d" % (mech, code))


def case_mechs(port, ca, cert, key):
    """Every mechanism, each on its own connection."""
    def session(client_cert=False):
        s = smtp(port)
        s.starttls(context=tls_ctx(ca, cert if client_cert else None,
                                   key if client_cert else None))
        s.ehlo("client.test")
        return s

    s = session()
    offered = s.esmtp_features.get("auth", "").split()
    check(offered == ["CRAM-MD5", "EXTERNAL", "LOGIN", "OAUTHBEARER",
                      "PLAIN", "SCRAM-SHA-1", "SCRAM-SHA-256", "XOAUTH2"],
          "offered %r" % offered)
    code, resp = s.docmd("AUTH", "CRAM-MD5")
    check(base64.b64decode(resp) == b"<1896.697170952@localhost>",
          "CRAM-MD5 challenge %r" % resp)
    digest = hmac.new(b"secret", base64.b64decode(resp), "md5").hexdigest()
    code, _ = s.docmd(base64.b64encode(b"user " + digest.encode()).decode())
    check(code == 235, "CRAM-MD5: %d" % code)
    s.quit()
    for mech, h in (("SCRAM-SHA-1", "sha1"), ("SCRAM-SHA-256", "sha256")):
        for pw in (b"wrong", b"secret"):
            s = session()
            scram(s, mech, h, pw)
            s.quit()
    s = session()
    code, _ = s.docmd("AUTH", "XOAUTH2 " + base64.b64encode(
        b"user=user\x01auth=Bearer secret\x01\x01").decode())
    check(code == 235, "XOAUTH2: %d" % code)
    s.quit()
    s = session()
    code, resp = s.docmd("AUTH", "OAUTHBEARER " + base64.b64encode(
        b"n,a=user,\x01host=127.0.0.1\x01port=1\x01auth=Bearer bad\x01\x01"
    ).decode())
    check(code == 334 and b"invalid_token" in base64.b64decode(resp),
          "OAUTHBEARER bad token: %d %r" % (code, resp))
    code, _ = s.docmd(base64.b64encode(b"\x01").decode())
    check(code == 535, "OAUTHBEARER after the error: %d" % code)
    code, _ = s.docmd("AUTH", "OAUTHBEARER " + base64.b64encode(
        b"n,a=user,\x01auth=Bearer secret\x01\x01").decode())
    check(code == 235, "OAUTHBEARER: %d" % code)
    s.quit()
    s = session()
    code, _ = s.docmd("AUTH", "EXTERNAL =")
    check(code == 535, "EXTERNAL without a certificate: %d" % code)
    s.quit()
    s = session(client_cert=True)
    code, _ = s.docmd("AUTH", "EXTERNAL " + base64.b64encode(b"user").decode())
    check(code == 235, "EXTERNAL with a certificate: %d" % code)
    s.quit()


def case_pipelining(port):
    s = smtp(port)
    s.ehlo("client.test")
    check(s.has_extn("pipelining"), "PIPELINING not offered")
    sock = s.sock
    sock.sendall(b"MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.net>\r\n"
                 b"DATA\r\n")
    r = Raw(sock)
    codes = [r.reply()[0] for _ in range(3)]
    check(codes == [250, 250, 354], "pipelined replies %r" % codes)
    sock.sendall(MSG + b".\r\n")
    check(r.reply()[0] == 250, "end of data")
    s.quit()



run(globals())
