#!/usr/bin/python3
"""A configurable local SMTP server for sendguard's end-to-end tests.

Run it with Debian's /usr/bin/python3 (python3-aiosmtpd 1.4.3).  It listens
on 127.0.0.1 only, on a port the kernel chooses, and writes that port to
--port-file once it accepts connections.  It runs until SIGTERM (or SIGINT,
SIGHUP) and then exits with status 0.  tests/smtp/lib.sh wraps it for shell
tests.

Spool (--spool DIR): every accepted message becomes DIR/NNNN.eml (the exact
bytes received after DATA, un-dot-stuffed: envelope.original_content) and
DIR/NNNN.json, numbered from 0001.  Both are written atomically (temporary
file + rename), .eml first: once NNNN.json exists the message is complete.
Both exist before the client sees the final 250 reply.  The JSON holds
mail_from, rcpt_tos (accepted recipients only), size (bytes of the .eml),
tls, auth_user (null without AUTH), and also helo, mail_options,
rcpt_options.

Log (--log FILE), one line each, appended and flushed as it happens:
    <conn> C: <command line the client sent>
    <conn> S: <reply line the server sent>
    <conn> * <event>
<conn> numbers the connections from 1 (lib.sh's readiness probe is not
logged).  Events: "connect IP:PORT" (every accepted TCP connection), "tls
TLSv1.3" (STARTTLS done), "tls TLSv1.3 (implicit)", "tls handshake failed:
...", "auth MECH user=U ok|failed", "data N bytes", "spooled NNNN", "drop
...", "stall: ...", "exception ...", "close" (with the reason if there was
an error).  Command lines are shown without their final CRLF; every other byte outside printable ASCII is escaped (\\r,
\\n, \\t, \\\\ and \\xNN), so a bare CR or LF inside a command, or a line
ended by a bare LF, is visible (e.g. "C: RCPT TO:<a@b.c>\\rX" or
"C: NOOP\\n").  A CRLF inside what the client meant as one RCPT TO shows up
as two C: lines.  Message data is not logged line by line: at its end the
server logs "* data N bytes" (bytes on the wire, before un-dot-stuffing).
AUTH lines (including base64 credentials) are logged verbatim.
"""

import argparse
import asyncio
import json
import logging
import os
import signal
import ssl
import sys
import warnings
from asyncio import sslproto


def early_exit(sig, frame):
    sys.exit(0)


STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
for _sig in STOP_SIGNALS:  # a clean exit until the event loop takes over
    signal.signal(_sig, early_exit)

from aiosmtpd.smtp import (SMTP, AuthResult, LoginPassword, TLSSetupException,
                           syntax)

DROP_AFTER_DEFAULT = 64 * 1024
MAX_SIZE_DEFAULT = 100 * 1024 * 1024

def esc(data, limit=4000):
    """Printable, unambiguous text for the raw bytes of one line."""
    if data.endswith(b"\r\n"):
        data = data[:-2]
    out = []
    for b in data[:limit]:
        if b == 0x5C:
            out.append("\\\\")
        elif 0x20 <= b < 0x7F:
            out.append(chr(b))
        elif b == 0x0D:
            out.append("\\r")
        elif b == 0x0A:
            out.append("\\n")
        elif b == 0x09:
            out.append("\\t")
        else:
            out.append("\\x%02x" % b)
    if len(data) > limit:
        out.append(" ...[%d bytes]" % len(data))
    return "".join(out)


class EventLog:
    def __init__(self, path):
        # Line-buffered append: each line reaches the file as it happens.
        self.f = open(path, "a", buffering=1, encoding="ascii",
                      errors="backslashreplace") if path else None

    def write(self, conn, kind, text):
        if self.f:
            self.f.write("%s %s %s\n" % (conn, kind, text))


def write_atomic(path, data):
    d, name = os.path.split(path)
    tmp = os.path.join(d, ".%s.%d.tmp" % (name, os.getpid()))
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def forever():
    """A future that never completes (it is cancelled on disconnect)."""
    return asyncio.get_running_loop().create_future()


class LoggingReader(asyncio.StreamReader):
    """aiosmtpd reads every line through readuntil() (commands, AUTH
    responses via readline(), DATA lines) and drains over-long lines with
    read(): both report the raw bytes to the protocol.  Installed by
    changing the class of the reader aiosmtpd creates."""

    async def readuntil(self, separator=b"\n"):
        line = await super().readuntil(separator)
        if self._sg_proto.sg_received(line, True):
            await forever()
        return line

    async def read(self, n=-1):
        data = await super().read(n)
        if self._sg_proto.sg_received(data, False):
            await forever()
        return data


class GuardSMTP(SMTP):
    active = set()
    next_conn = 1

    def __init__(self, state, handler, **kwargs):
        super().__init__(handler, **kwargs)
        self.sg = state
        self.sg_conn = "-"
        self.sg_quiet = False
        self.sg_raw = None       # the TCP transport
        self.sg_started = False  # connection_made() seen
        self.sg_in_data = False
        self.sg_data_bytes = 0
        self.sg_pending = []
        self.sg_frag = False
        self.sg_dropped = False
        reader = self._stream_reader
        reader.__class__ = LoggingReader
        reader._sg_proto = self

    def sg_log(self, kind, text):
        if not self.sg_quiet:
            self.sg.log.write(self.sg_conn, kind, text)

    def sg_tls(self):
        t = self.transport
        return t is not None and t.get_extra_info("ssl_object") is not None

    def sg_abort(self):
        for t in (self.transport, self._original_transport, self.sg_raw):
            if t is not None:
                t.abort()

    # Connection events -------------------------------------------------

    def sg_tcp_connect(self, transport):
        """A TCP connection was accepted (before any TLS handshake)."""
        self.sg_raw = transport
        peer = transport.get_extra_info("peername")
        if self.sg.probe_port(peer):
            self.sg_quiet = True
        else:
            self.sg_conn = str(GuardSMTP.next_conn)
            GuardSMTP.next_conn += 1
        GuardSMTP.active.add(self)
        self.sg_log("*", "connect %s:%s" % (peer[0], peer[1]))

    def sg_closed(self, error):
        if self in GuardSMTP.active:
            GuardSMTP.active.discard(self)
            self.sg_log("*", "close" + (
                " (%s)" % (str(error) or type(error).__name__) if error else ""))

    def connection_made(self, transport):
        tls = transport.get_extra_info("ssl_object")
        if not self.sg_started:
            self.sg_started = True
            if self.sg_raw is None:
                self.sg_tcp_connect(transport)
            if tls is not None:
                self.sg_log("*", "tls %s (implicit)" % tls.version())
        else:
            # The TLS layer finished the STARTTLS handshake.
            self.sg_log("*", "tls %s" % (tls.version() if tls else "?"))
        super().connection_made(transport)

    def connection_lost(self, error):
        self.sg_closed(error)
        super().connection_lost(error)

    async def _handle_client(self):
        if self.sg_quiet:
            # smtp_start's readiness probe: no banner, no log.
            self.transport.close()
            return
        if self.sg.args.stall:
            self.sg_log("*", "stall: no banner")
            await forever()
        await super()._handle_client()

    # Wire logging ------------------------------------------------------

    def sg_received(self, data, complete):
        """Called with every chunk the reader hands to aiosmtpd.  Returns
        True when the connection has just been dropped on purpose."""
        if not self.sg_in_data:
            if not complete:
                self.sg_pending.append(data)
                return False
            if self.sg_pending:
                data = b"".join(self.sg_pending) + data
                self.sg_pending = []
            self.sg_log("C:", esc(data))
            return False
        if complete and data == b".\r\n" and not self.sg_frag:
            self.sg_in_data = False
            self.sg_log("*", "data %d bytes" % self.sg_data_bytes)
            return False
        self.sg_frag = not complete
        self.sg_data_bytes += len(data)
        args = self.sg.args
        if (args.drop_during_data and not self.sg_dropped
                and self.sg_data_bytes >= args.drop_after):
            self.sg_drop("after %d bytes of DATA" % self.sg_data_bytes)
            return True
        return False

    def sg_drop(self, why):
        self.sg_dropped = True
        self.sg_log("*", "drop " + why)
        self.sg_abort()

    async def push(self, status):
        self.sg_log("S:", esc(status if isinstance(status, bytes)
                              else status.encode("utf-8", "surrogateescape")))
        await super().push(status)

    @syntax("DATA")
    async def smtp_DATA(self, arg):
        self.sg_in_data = True
        self.sg_data_bytes = 0
        self.sg_frag = False
        try:
            await super().smtp_DATA(arg)
        finally:
            self.sg_in_data = False

    async def handle_exception(self, error):
        if isinstance(error, TLSSetupException):  # STARTTLS handshake
            self.sg_log("*", "tls handshake failed: %s" % error.__cause__)
        else:
            self.sg_log("*", "exception %s: %s" % (type(error).__name__,
                                                   error))
        return "500 Error: (%s) %s" % (type(error).__name__, error)


class ImplicitTLS(sslproto.SSLProtocol):
    """The TLS layer of an --implicit-tls connection, made here rather than
    by create_server(ssl=...) so that the TCP connection, a failed handshake
    and its close are logged like any other connection."""

    def __init__(self, loop, app, ctx):
        super().__init__(loop, app, ctx, None, server_side=True)
        self.sg_app = app

    def connection_made(self, transport):
        self.sg_app.sg_tcp_connect(transport)
        super().connection_made(transport)

    def _on_handshake_complete(self, handshake_exc):
        if handshake_exc is not None:
            self.sg_app.sg_log("*", "tls handshake failed: %s" % handshake_exc)
        super()._on_handshake_complete(handshake_exc)

    def connection_lost(self, exc):
        app = self.sg_app
        super().connection_lost(exc)
        if not app.sg_started:  # no handshake: aiosmtpd never saw it
            app.sg_closed(exc)


class Handler:
    def __init__(self, state):
        self.sg = state
        a = state.args
        self.reject = {r.lower() for r in a.reject}
        self.tempfail = {r.lower() for r in a.tempfail}

    async def handle_EHLO(self, server, session, envelope, hostname,
                          responses):
        # With this (5-argument) hook aiosmtpd leaves setting host_name to us.
        session.host_name = hostname
        if not self.sg.args.auth:
            responses = [r for r in responses if not r.startswith("250-AUTH")]
        return responses

    async def handle_RCPT(self, server, session, envelope, address,
                          rcpt_options):
        key = address.lower()
        if key in self.reject:
            return "550 5.1.1 <%s>: Recipient address rejected" % address
        if key in self.tempfail:
            return "450 4.2.0 <%s>: Mailbox busy, try later" % address
        # A RCPT hook must record accepted recipients itself.
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        a = self.sg.args
        if a.drop_during_data:
            server.sg_drop("at end of DATA (%d bytes)" % server.sg_data_bytes)
            await forever()
        if a.stall_after_data:
            server.sg_log("*", "stall: no reply to DATA")
            await forever()
        if a.data_reply:
            return a.data_reply
        if not a.spool:
            return "250 OK"
        num = self.sg.spool(envelope, session, server)
        server.sg_log("*", "spooled %s" % num)
        return "250 2.0.0 OK queued as %s" % num


class State:
    def __init__(self, args):
        self.args = args
        self.log = EventLog(args.log)
        self.count = 0

    def probe_port(self, peer):
        if not self.args.probe_file or not peer:
            return False
        try:
            with open(self.args.probe_file) as f:
                if int(f.read().strip() or "0") != peer[1]:
                    return False
            os.unlink(self.args.probe_file)  # tells the probe it was seen
            return True
        except (OSError, ValueError):
            return False

    def spool(self, envelope, session, server):
        self.count += 1
        num = "%04d" % self.count
        base = os.path.join(self.args.spool, num)
        content = envelope.original_content
        auth = session.auth_data if session.authenticated else None
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "size": len(content),
            "tls": server.sg_tls(),
            "auth_user": auth if isinstance(auth, str) else None,
            "helo": session.host_name,
            "mail_options": list(envelope.mail_options),
            "rcpt_options": list(envelope.rcpt_options),
        }
        write_atomic(base + ".eml", content)
        write_atomic(base + ".json",
                     (json.dumps(meta, indent=1) + "\n").encode("ascii"))
        return num


def make_authenticator(state, user, password):
    user_b = user.encode("utf-8")
    pass_b = password.encode("utf-8")

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login == user_b and auth_data.password == pass_b)
        login = getattr(auth_data, "login", b"")
        server.sg_log("*", "auth %s user=%s %s" % (
            mechanism, esc(login or b""), "ok" if ok else "failed"))
        if ok:
            return AuthResult(success=True, auth_data=user)
        # handled=False: aiosmtpd then sends 535 itself.  With the default
        # handled=True it sends nothing and the client hangs.
        return AuthResult(success=False, handled=False)

    return authenticator


def tls_context(cert, key):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    return ctx


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="server.py",
        description="Local aiosmtpd SMTP server for sendguard's tests. "
        "Listens on 127.0.0.1 only; runs until SIGTERM.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Without --starttls, STARTTLS is not offered. AUTH is offered "
        "only with --auth, and then only after STARTTLS (or with "
        "--implicit-tls) unless --auth-plaintext is given.")
    g = p.add_argument_group("files")
    g.add_argument("--port-file", metavar="FILE",
                   help="write the listening port here (atomically) once "
                   "the server accepts connections")
    g.add_argument("--pid-file", metavar="FILE", help="write the PID here")
    g.add_argument("--spool", metavar="DIR",
                   help="write accepted messages as DIR/NNNN.eml + NNNN.json")
    g.add_argument("--log", metavar="FILE",
                   help="append one line per command, reply and event")
    # lib.sh's readiness probe writes its local port here before it
    # connects: that connection is neither logged nor numbered.
    g.add_argument("--probe-file", metavar="FILE", help=argparse.SUPPRESS)
    g = p.add_argument_group("listening")
    g.add_argument("--port", type=int, default=0,
                   help="port on 127.0.0.1 (default 0: the kernel chooses)")
    g.add_argument("--hostname", default="localhost",
                   help="name in the banner and EHLO reply (default "
                   "localhost; never looked up)")
    g.add_argument("--max-size", type=int, default=MAX_SIZE_DEFAULT,
                   metavar="N",
                   help="data size limit in bytes, advertised as SIZE "
                   "(default %d; 0 = no limit)" % MAX_SIZE_DEFAULT)
    g.add_argument("--smtputf8", action="store_true",
                   help="offer SMTPUTF8 (default: non-ASCII commands get "
                   "500 Error: strict ASCII mode)")
    g.add_argument("--idle-timeout", type=float, default=300, metavar="S",
                   help="close a connection idle this long (default 300)")
    g.add_argument("--exit-with-parent", action="store_true",
                   help="exit when the parent process goes away")
    g.add_argument("--verbose", action="store_true",
                   help="aiosmtpd's own debug log on stderr")
    g = p.add_argument_group("TLS")
    g.add_argument("--starttls", nargs=2, metavar=("CERT", "KEY"),
                   help="offer STARTTLS with this certificate")
    g.add_argument("--require-starttls", action="store_true",
                   help="refuse everything but EHLO/NOOP/QUIT/STARTTLS "
                   "before STARTTLS (530)")
    g.add_argument("--implicit-tls", nargs=2, metavar=("CERT", "KEY"),
                   help="TLS from the first byte (smtps)")
    g = p.add_argument_group("AUTH")
    g.add_argument("--auth", metavar="USER:PASSWORD",
                   help="offer AUTH PLAIN and LOGIN accepting this "
                   "credential (535 for anything else)")
    g.add_argument("--auth-require-tls", action="store_true",
                   help="offer AUTH only over TLS (the default)")
    g.add_argument("--auth-plaintext", action="store_true",
                   help="offer AUTH without TLS too")
    g.add_argument("--auth-required", action="store_true",
                   help="refuse MAIL/RCPT/DATA before AUTH (530)")
    g = p.add_argument_group("faults")
    g.add_argument("--reject", action="append", default=[], metavar="RCPT",
                   help="550 5.1.1 to RCPT TO:<RCPT> (repeatable)")
    g.add_argument("--tempfail", action="append", default=[], metavar="RCPT",
                   help="450 4.2.0 to RCPT TO:<RCPT> (repeatable)")
    g.add_argument("--data-reply", metavar="REPLY",
                   help='reply this (e.g. "554 5.7.1 Message refused") at '
                   "the end of DATA instead of 250; nothing is spooled")
    g.add_argument("--drop-during-data", action="store_true",
                   help="abort the connection, without a reply and without "
                   "spooling, once --drop-after bytes of DATA arrived, or at "
                   "the end of a smaller message")
    g.add_argument("--drop-after", type=int, default=DROP_AFTER_DEFAULT,
                   metavar="N", help="bytes of DATA before --drop-during-data "
                   "drops (default %d)" % DROP_AFTER_DEFAULT)
    g.add_argument("--stall", action="store_true",
                   help="accept TCP connections but never send the banner")
    g.add_argument("--stall-after-data", action="store_true",
                   help="read the whole DATA, then never reply (nothing "
                   "spooled)")
    a = p.parse_args(argv)
    if a.starttls and a.implicit_tls:
        p.error("--starttls and --implicit-tls exclude each other")
    if a.require_starttls and not a.starttls:
        p.error("--require-starttls needs --starttls CERT KEY")
    if a.auth_require_tls and a.auth_plaintext:
        p.error("--auth-require-tls and --auth-plaintext exclude each other")
    if a.auth and ":" not in a.auth:
        p.error("--auth takes USER:PASSWORD")
    if a.auth_required and not a.auth:
        p.error("--auth-required needs --auth")
    if a.data_reply and not (a.data_reply[:3].isdigit()
                             and a.data_reply[3:4] in ("", " ")):
        p.error("--data-reply must start with a 3-digit code")
    if a.port < 0 or a.port > 65535:
        p.error("--port out of range")
    if a.spool:
        os.makedirs(a.spool, exist_ok=True)
    return a


async def serve(args):
    loop = asyncio.get_running_loop()
    state = State(args)
    handler = Handler(state)
    starttls_ctx = tls_context(*args.starttls) if args.starttls else None
    implicit_ctx = tls_context(*args.implicit_tls) if args.implicit_tls else None
    kwargs = dict(
        loop=loop,
        hostname=args.hostname,  # the default, socket.getfqdn(), does DNS
        data_size_limit=args.max_size or None,
        enable_SMTPUTF8=args.smtputf8,
        tls_context=starttls_ctx,
        require_starttls=args.require_starttls,
        timeout=args.idle_timeout,
        # aiosmtpd counts only STARTTLS as TLS: over smtps the whole session
        # is encrypted, so allow AUTH there.
        auth_require_tls=not (args.auth_plaintext or implicit_ctx),
        auth_required=args.auth_required,
    )
    if args.auth:
        user, password = args.auth.split(":", 1)
        kwargs["authenticator"] = make_authenticator(state, user, password)
    else:
        kwargs["auth_exclude_mechanism"] = ["PLAIN", "LOGIN"]

    stop = asyncio.Event()
    for sig in STOP_SIGNALS:
        loop.add_signal_handler(sig, stop.set)

    def exception_handler(loop, context):
        exc = context.get("exception")
        print("server.py: %s%s" % (context.get("message"),
                                   ": %r" % exc if exc else ""),
              file=sys.stderr)

    loop.set_exception_handler(exception_handler)

    if implicit_ctx:
        def factory():
            return ImplicitTLS(loop, GuardSMTP(state, handler, **kwargs),
                               implicit_ctx)
    else:
        def factory():
            return GuardSMTP(state, handler, **kwargs)
    server = await loop.create_server(factory, host="127.0.0.1",
                                      port=args.port)
    port = server.sockets[0].getsockname()[1]
    if args.pid_file:
        write_atomic(args.pid_file, b"%d\n" % os.getpid())
    if args.port_file:
        write_atomic(args.port_file, b"%d\n" % port)

    if args.exit_with_parent:
        parent = os.getppid()

        async def watch():
            while os.getppid() == parent:
                await asyncio.sleep(0.5)
            stop.set()

        watcher = loop.create_task(watch())

    await stop.wait()
    # From now on further signals are ignored: asyncio would restore their
    # default action (death by signal) when the loop closes, and a second
    # SIGTERM while shutting down must not turn a clean exit into status 143.
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    for sig in STOP_SIGNALS:
        loop.remove_signal_handler(sig)
        signal.signal(sig, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    server.close()
    for proto in list(GuardSMTP.active):
        proto.sg_abort()
    await server.wait_closed()
    if args.exit_with_parent:
        watcher.cancel()
    # Let the aborted connections' handlers see their cancellation.
    for _ in range(5):
        await asyncio.sleep(0)


def main(argv):
    args = parse_args(argv)
    warnings.filterwarnings("ignore", module="aiosmtpd")
    warnings.filterwarnings("ignore", message=".*AUTH.*TLS.*")
    logging.basicConfig(
        stream=sys.stderr, format="%(name)s %(levelname)s %(message)s",
        level=logging.DEBUG if args.verbose else logging.CRITICAL)
    asyncio.run(serve(args))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
