#!/usr/bin/python3
"""Talks the milter protocol (version 6, as Postfix and Sendmail speak it)
to a running `sendguard milter`, well and badly, and checks its answers.

    peer.py inet:PORT@127.0.0.1 | unix:PATH  CASE...

Cases: malformed (raw bytes that are no milter protocol at all, packets
too long, truncated, out of order), disconnect (a client gone in the middle
of a message, at every step), many (one message with 10,000 recipients),
good (one ordinary message, refused with the suggestion). Each case prints
"ok CASE ..." or "FAIL CASE: why"; the exit status is 1 if any failed.
"""

import os
import socket
import struct
import sys
import time

# Commands (MTA to milter) and replies (milter to MTA), from mfdef.h.
OPTNEG, MACRO, MAIL, RCPT, HEADER, EOH, BODY, EOM, ABORT, QUIT = (
    b"O", b"D", b"M", b"R", b"L", b"N", b"B", b"E", b"A", b"Q")
ACTIONS_ALL = 0x1FF
PROTO_ALL = 0x1FFFFF
NR_MAIL, NR_HDR, NR_EOH, NR_BODY = 0x4000, 0x80, 0x40000, 0x80000


def connect(spec, timeout=20):
    if spec.startswith("unix:") or spec.startswith("local:"):
        s = socket.socket(socket.AF_UNIX)
        s.settimeout(timeout)
        s.connect(spec.split(":", 1)[1])
        return s
    port, host = spec.split(":", 1)[1].split("@")
    s = socket.create_connection((host, int(port)), timeout)
    s.settimeout(timeout)
    return s


def packet(cmd, data=b""):
    return struct.pack("!I", len(data) + 1) + cmd + data


def recv_exact(s, n):
    buf = b""
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            raise EOFError("milter closed the connection")
        buf += chunk
    return buf


def reply(s):
    n = struct.unpack("!I", recv_exact(s, 4))[0]
    data = recv_exact(s, n)
    return data[:1], data[1:]


class Session:
    """One MTA connection that negotiated like Postfix does."""

    def __init__(self, spec):
        self.s = connect(spec)
        self.s.sendall(packet(OPTNEG, struct.pack("!III", 6, ACTIONS_ALL,
                                                  PROTO_ALL)))
        cmd, data = reply(self.s)
        if cmd != OPTNEG or len(data) < 12:
            raise ValueError("bad negotiation reply %r %r" % (cmd, data))
        _, self.actions, self.proto = struct.unpack("!III", data[:12])

    def ask(self, cmd, data, quiet_flag=0):
        """Sends a command; returns its reply, or None when the milter
        asked for none."""
        self.s.sendall(packet(cmd, data))
        if quiet_flag and self.proto & quiet_flag:
            return None
        return reply(self.s)

    def eom(self):
        """Ends the message; returns (modifications, final reply)."""
        self.s.sendall(packet(EOM))
        mods = []
        while True:
            cmd, data = reply(self.s)
            if cmd in (b"c", b"a", b"r", b"t", b"y", b"d"):
                return mods, (cmd, data)
            mods.append((cmd, data))

    def close(self):
        self.s.close()


def z(*parts):
    return b"".join(p.encode() + b"\0" for p in parts)


def message(sess, rcpts, headers, body):
    """A whole message; returns (rcpt replies, modifications, final)."""
    sess.s.sendall(packet(MACRO, b"M" + z("i", "TESTQ1")))  # no reply
    sess.ask(MAIL, z("<me@example.org>"), NR_MAIL)
    replies = []
    # Pipelined a batch at a time, as far as the socket buffers allow.
    for i in range(0, len(rcpts), 200):
        batch = rcpts[i:i + 200]
        sess.s.sendall(b"".join(packet(RCPT, z("<%s>" % r)) for r in batch))
        replies += [reply(sess.s) for _ in batch]
    for name, value in headers:
        sess.ask(HEADER, z(name, value), NR_HDR)
    sess.ask(EOH, b"", NR_EOH)
    for i in range(0, len(body), 65535):
        sess.ask(BODY, body[i:i + 65535], NR_BODY)
    mods, final = sess.eom()
    return replies, mods, final


def case_good(spec):
    sess = Session(spec)
    _, mods, final = message(sess, ["john@army.ml"],
                             [("From", "me@example.org"),
                              ("To", "john@army.ml"), ("Subject", "hi")],
                             b"hello\r\n")
    sess.s.sendall(packet(QUIT))
    sess.close()
    if final[0] != b"y" or b"did you mean john@army.mil?" not in final[1]:
        return "expected a 550 with the suggestion, got %r" % (final,)
    return None


def case_malformed(spec):
    junk = [
        b"GET / HTTP/1.0\r\n\r\n",                      # not milter at all
        struct.pack("!I", 0xFFFFFFFF) + b"O",           # absurd length
        struct.pack("!I", 0),                           # empty packet
        struct.pack("!I", 2000000) + b"B" + b"x" * 1000,  # truncated
        packet(b"Z", b"unknown command"),
        packet(OPTNEG, b"\0\0"),                        # short negotiation
        packet(OPTNEG, struct.pack("!III", 99, 0, 0)),  # unknown version
        os.urandom(4096),
        bytes(range(256)) * 8,
    ]
    for j in junk:
        try:
            s = connect(spec, 5)
            s.sendall(j)
            s.shutdown(socket.SHUT_WR)
            try:
                while s.recv(4096):
                    pass
            except OSError:
                pass
            s.close()
        except OSError:
            pass
    # Steps out of order, and fields without their NUL, after a proper
    # negotiation.
    sess = Session(spec)
    for cmd, data in [(RCPT, b"<a@b.c>"), (HEADER, b"Subject"),
                      (HEADER, b"\0"), (BODY, b"x" * 70000), (EOM, b""),
                      (MAIL, b""), (RCPT, b""), (RCPT, z("<>")),
                      (RCPT, z("<" + "a" * 5000 + "@" + "b" * 300 + ".ml>")),
                      (HEADER, z("Sendguard-Resolved", "v=1; bind=zz")),
                      (HEADER, z("Sendguard-Resolved", ";;;===;#=once")),
                      (HEADER, z("Message-ID", "")), (EOH, b""),
                      (BODY, b""), (MACRO, b""), (MACRO, b"X\0\0\0"),
                      (EOM, b"")]:
        try:
            sess.s.sendall(packet(cmd, data))
        except OSError:
            break
    sess.s.settimeout(2)
    try:
        while sess.s.recv(65536):
            pass
    except OSError:
        pass
    sess.close()
    # The milter still answers properly.
    return case_good(spec)


def case_disconnect(spec):
    steps = ["negotiated", "mail", "rcpt", "header", "eoh", "body"]
    for stop in steps:
        sess = Session(spec)
        try:
            if stop != "negotiated":
                sess.ask(MAIL, z("<me@example.org>"), NR_MAIL)
            if steps.index(stop) >= 2:
                sess.ask(RCPT, z("<john@army.ml>"))
            if steps.index(stop) >= 3:
                sess.ask(HEADER, z("Subject", "FOUO"), NR_HDR)
            if steps.index(stop) >= 4:
                sess.ask(EOH, b"", NR_EOH)
            if stop == "body":
                # Half a chunk, then gone.
                sess.s.sendall(struct.pack("!I", 30001) + BODY +
                               b"y" * 10000)
        finally:
            sess.s.close()
    return case_good(spec)


def case_many(spec):
    n = 10000
    rcpts = ["user%d@example.org" % i for i in range(n - 3)]
    rcpts += ["john@army.ml", "x@orange.tk", "jane@gmial.com"]
    sess = Session(spec)
    start = time.monotonic()
    replies, mods, final = message(
        sess, rcpts, [("From", "me@example.org"), ("To", "list@example.org"),
                      ("Subject", "to everyone")], b"hello\r\n" * 1000)
    took = time.monotonic() - start
    sess.s.sendall(packet(QUIT))
    sess.close()
    refused = [r for r, (c, _) in zip(rcpts, replies) if c != b"c"]
    if refused != ["x@orange.tk"]:
        return "expected only x@orange.tk refused at RCPT, got %r" % (
            refused[:5],)
    if final[0] != b"y" or b"john@army.mil" not in final[1] or \
            b"jane@gmail.com" not in final[1]:
        return "expected a refusal naming both, got %r" % (final,)
    print("     %d recipients in %.2f s" % (n, took))
    return None


CASES = {"good": case_good, "malformed": case_malformed,
         "disconnect": case_disconnect, "many": case_many}


def main():
    spec, names = sys.argv[1], sys.argv[2:]
    failed = 0
    for name in names:
        try:
            why = CASES[name](spec)
        except Exception as e:  # a crash of the milter shows up here
            why = "%s: %s" % (type(e).__name__, e)
        if why:
            print("FAIL %s: %s" % (name, why))
            failed += 1
        else:
            print("ok   %s" % name)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
