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
mail_from ("" for the null sender <>), rcpt_tos (accepted recipients only),
size (bytes of the .eml), tls, auth_user (null without AUTH), and also
helo, mail_options (upper-cased, DSN's RET= and ENVID= among them),
rcpt_options (all recipients' together), rcpt_params ([address, options]
per accepted recipient: NOTIFY=, ORCPT=), smtputf8, client_cert (a verified
client certificate was presented) and lmtp.

Log (--log FILE), one line each, appended and flushed as it happens:
    <conn> C: <command line the client sent>
    <conn> S: <reply line the server sent>
    <conn> * <event>
<conn> numbers the connections from 1 (lib.sh's readiness probe is not
logged).  Events: "connect IP:PORT" (every accepted TCP connection),
"connect unix" (--unix), "tls TLSv1.3" (STARTTLS done), "tls TLSv1.3
(implicit)", "client certificate CN=..." (--client-ca), "tls handshake
failed: ...", "auth MECH user=U ok|failed", "data N bytes", "spooled NNNN",
"drop ...", "stall: ...", "exception ...", "close" (with the reason if there
was an error).  Command lines are shown without their final CRLF; every
other byte outside printable ASCII is escaped (\\r, \\n, \\t, \\\\ and
\\xNN), so a bare CR or LF inside a command, or a line ended by a bare LF,
is visible (e.g. "C: RCPT TO:<a@b.c>\\rX" or "C: NOOP\\n").  A CRLF inside
what the client meant as one RCPT TO shows up as two C: lines.  Message
data is not logged line by line: at its end the server logs "* data N
bytes" (bytes on the wire, before un-dot-stuffing).  AUTH lines (including
base64 credentials) are logged verbatim.

Record (--record FILE): the C: lines of the log alone, without the
connection number, appended in the order received: every command line each
client sent (also inside TLS after STARTTLS, and the AUTH responses as
sent), but no message data.  Two clients that spoke the same commands leave
the same record, byte for byte (the CRAM-MD5 challenge is fixed for that).

Modes: --lmtp speaks LMTP (LHLO; after DATA one reply per recipient,
--lmtp-reject RCPT makes one fail); --unix PATH listens on a unix socket
too; --client-ca FILE requires a client certificate (or only asks for one,
with --client-cert-optional); --dsn offers DSN; --smtputf8 offers SMTPUTF8;
--pipelining offers PIPELINING; --auth-mechs picks the SASL mechanisms
offered (sasl.py).  The null sender "MAIL FROM:<>" is accepted.

Slow mode (for the fault tests): --slow-data BYTES reads DATA at that
rate, so a big message takes a while and the client blocks writing it;
--reply-delay S spools the message and only then waits S seconds before
the final 250 (the window in which a client killed has delivered without
hearing so).
"""

import asyncio
import logging
import os
import re
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

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import sasl  # noqa: E402 (the modules beside this file)
from handler import NULL_SENDER, Handler, State, forever
from options import parse_args
from wirelog import esc, write_atomic


class LoggingReader(asyncio.StreamReader):
    """aiosmtpd reads every line through readuntil() (commands, AUTH
    responses via readline(), DATA lines) and drains over-long lines with
    read(): both report the raw bytes to the protocol.  Installed by
    changing the class of the reader aiosmtpd creates."""

    async def readuntil(self, separator=b"\n"):
        line = await super().readuntil(separator)
        if self._sg_proto.sg_received(line, True):
            await forever()
        await self._sg_proto.sg_throttle()
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
        self.sg_data_t0 = 0.0
        self.sg_pending = []
        self.sg_frag = False
        self.sg_dropped = False
        self.sg_rcpt_dsn = []
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
        if isinstance(peer, tuple) and self.sg.probe_port(peer):
            self.sg_quiet = True
        else:
            self.sg_conn = str(GuardSMTP.next_conn)
            GuardSMTP.next_conn += 1
        GuardSMTP.active.add(self)
        if isinstance(peer, tuple):
            self.sg_log("*", "connect %s:%s" % (peer[0], peer[1]))
        else:  # a unix socket (--unix)
            self.sg_log("*", "connect unix")

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
                self.sg_log_client_cert(tls)
        else:
            # The TLS layer finished the STARTTLS handshake.
            self.sg_log("*", "tls %s" % (tls.version() if tls else "?"))
            self.sg_log_client_cert(tls)
        super().connection_made(transport)

    def _set_post_data_state(self):
        super()._set_post_data_state()
        self.sg_rcpt_params = []

    def sg_peer_cert(self):
        """The client's verified certificate (a dict), or None."""
        t = self.transport
        tls = t.get_extra_info("ssl_object") if t is not None else None
        return tls.getpeercert() if tls is not None else None

    def sg_log_client_cert(self, tls):
        cert = tls.getpeercert() if tls is not None else None
        if cert:
            cn = [v for rdn in cert.get("subject", ()) for k, v in rdn
                  if k == "commonName"]
            self.sg_log("*", "client certificate CN=%s" % ",".join(cn))

    def sg_auth_log(self, mech, login, ok):
        self.sg_log("*", "auth %s user=%s %s" % (
            mech, esc(login or b""), "ok" if ok else "failed"))

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
            if not self.sg_quiet:
                self.sg.record.write(esc(data))
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

    async def sg_throttle(self):
        """--slow-data: holds the reading of DATA back to the rate (the
        client's writes then block on a full socket)."""
        rate = self.sg.args.slow_data
        if not rate or not self.sg_in_data:
            return
        loop = asyncio.get_running_loop()
        late = self.sg_data_t0 + self.sg_data_bytes / rate - loop.time()
        if late > 0.005:  # a sleep per line would cost more than it holds
            await asyncio.sleep(late)

    def sg_drop(self, why):
        self.sg_dropped = True
        self.sg_log("*", "drop " + why)
        self.sg_abort()

    async def push(self, status):
        self.sg_log("S:", esc(status if isinstance(status, bytes)
                              else status.encode("utf-8", "surrogateescape")))
        await super().push(status)

    def sg_dsn_params(self, arg, allowed):
        """Takes the DSN parameters (RFC 3461) named in allowed out of a
        MAIL or RCPT argument when --dsn is on: (rest, params), or (None,
        reply) for a bad value.  Without --dsn aiosmtpd refuses them (555)."""
        if not self.sg.args.dsn or arg is None:
            return arg, []
        found, keep = [], []
        for word in arg.split(" "):
            key, _, value = word.partition("=")
            if key.upper() not in allowed:
                keep.append(word)
                continue
            value_u = value.upper()
            if key.upper() == "RET" and value_u not in ("FULL", "HDRS"):
                return None, "501 5.5.4 RET must be FULL or HDRS"
            if key.upper() == "NOTIFY":
                words = value_u.split(",")
                ok = words == ["NEVER"] or (words and all(
                    w in ("SUCCESS", "FAILURE", "DELAY") for w in words))
                if not ok:
                    return None, "501 5.5.4 Bad NOTIFY value"
            found.append(key.upper() + "=" + value)
        return " ".join(keep), found

    @syntax("MAIL FROM: <address>", extended=" [SP <mail-parameters>]")
    async def smtp_MAIL(self, arg):
        arg, dsn = self.sg_dsn_params(arg, ("RET", "ENVID"))
        if arg is None:
            return await self.push(dsn)
        # aiosmtpd refuses the null reverse-path "<>" (bounces, -f '<>'):
        # let it through under a stand-in name, then record it as "".
        null = arg is not None and re.match(r"(?i)FROM:\s*<>", arg)
        if null:
            arg = "FROM:<%s>%s" % (NULL_SENDER, arg[null.end():])
        before = self.envelope.mail_from
        await super().smtp_MAIL(arg)
        if before is None and self.envelope.mail_from is not None:
            self.envelope.mail_options.extend(dsn)

    @syntax("RCPT TO: <address>", extended=" [SP <mail-parameters>]")
    async def smtp_RCPT(self, arg):
        arg, dsn = self.sg_dsn_params(arg, ("NOTIFY", "ORCPT"))
        if arg is None:
            return await self.push(dsn)
        self.sg_rcpt_dsn = dsn
        await super().smtp_RCPT(arg)

    @syntax("DATA")
    async def smtp_DATA(self, arg):
        self.sg_in_data = True
        self.sg_data_bytes = 0
        self.sg_data_t0 = asyncio.get_running_loop().time()
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


class GuardLMTP(GuardSMTP):
    """--lmtp: LHLO instead of EHLO, and after DATA one reply per accepted
    recipient (RFC 2033)."""

    @syntax("LHLO hostname")
    async def smtp_LHLO(self, arg):
        await super().smtp_EHLO(arg)

    async def smtp_HELO(self, arg):
        await self.push('500 Error: command "HELO" not recognized')

    async def smtp_EHLO(self, arg):
        await self.push('500 Error: command "EHLO" not recognized')


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


def tls_context(args, cert, key):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    if args.client_ca:
        ctx.verify_mode = (ssl.CERT_OPTIONAL if args.client_cert_optional
                           else ssl.CERT_REQUIRED)
        ctx.load_verify_locations(args.client_ca)
    return ctx


async def serve(args):
    loop = asyncio.get_running_loop()
    state = State(args)
    handler = Handler(state)
    starttls_ctx = (tls_context(args, *args.starttls)
                    if args.starttls else None)
    implicit_ctx = (tls_context(args, *args.implicit_tls)
                    if args.implicit_tls else None)
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
        kwargs["auth_exclude_mechanism"] = [m for m in sasl.ALL
                                            if m not in args.auth_mechs]
    else:
        kwargs["auth_exclude_mechanism"] = list(sasl.ALL)

    stop = asyncio.Event()
    for sig in STOP_SIGNALS:
        loop.add_signal_handler(sig, stop.set)

    def exception_handler(loop, context):
        exc = context.get("exception")
        print("server.py: %s%s" % (context.get("message"),
                                   ": %r" % exc if exc else ""),
              file=sys.stderr)

    loop.set_exception_handler(exception_handler)

    proto = GuardLMTP if args.lmtp else GuardSMTP
    if implicit_ctx:
        def factory():
            return ImplicitTLS(loop, proto(state, handler, **kwargs),
                               implicit_ctx)
    else:
        def factory():
            return proto(state, handler, **kwargs)
    server = await loop.create_server(factory, host="127.0.0.1",
                                      port=args.port)
    unix_server = None
    if args.unix:
        if os.path.exists(args.unix):
            os.unlink(args.unix)
        unix_server = await loop.create_unix_server(factory, path=args.unix)
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
    if unix_server is not None:
        unix_server.close()
    for conn in list(GuardSMTP.active):
        conn.sg_abort()
    await server.wait_closed()
    if unix_server is not None:
        await unix_server.wait_closed()
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
