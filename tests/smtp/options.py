"""The test server's command line (python3 server.py --help)."""

import argparse
import os

import sasl

DROP_AFTER_DEFAULT = 64 * 1024
MAX_SIZE_DEFAULT = 100 * 1024 * 1024


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
    g.add_argument("--record", metavar="FILE",
                   help="append every command line the clients send (after "
                   "STARTTLS too, AUTH responses as sent, no message data), "
                   "escaped as in the log, one per line")
    # lib.sh's readiness probe writes its local port here before it
    # connects: that connection is neither logged nor numbered.
    g.add_argument("--probe-file", metavar="FILE", help=argparse.SUPPRESS)
    g = p.add_argument_group("listening")
    g.add_argument("--port", type=int, default=0,
                   help="port on 127.0.0.1 (default 0: the kernel chooses)")
    g.add_argument("--unix", metavar="PATH",
                   help="also listen on this unix socket")
    g.add_argument("--lmtp", action="store_true",
                   help="speak LMTP: LHLO, and one reply per recipient after "
                   "DATA")
    g.add_argument("--lmtp-reject", action="append", default=[],
                   metavar="RCPT", help="with --lmtp: 550 for RCPT after "
                   "DATA (repeatable)")
    g.add_argument("--pipelining", action="store_true",
                   help="offer PIPELINING (RFC 2920); commands are read one "
                   "line at a time either way")
    g.add_argument("--dsn", action="store_true",
                   help="offer DSN: accept RET= and ENVID= on MAIL, NOTIFY= "
                   "and ORCPT= on RCPT (without it they get 555)")
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
    g.add_argument("--client-ca", metavar="FILE",
                   help="require a client certificate issued by FILE's "
                   "certificates during the TLS handshake")
    g.add_argument("--client-cert-optional", action="store_true",
                   help="with --client-ca: ask for a client certificate but "
                   "accept none (AUTH EXTERNAL then fails)")
    g = p.add_argument_group("AUTH")
    g.add_argument("--auth", metavar="USER:PASSWORD",
                   help="offer AUTH accepting this credential (535 for "
                   "anything else); for XOAUTH2 and OAUTHBEARER the password "
                   "is the bearer token")
    g.add_argument("--auth-mechs", metavar="LIST", default=",".join(
                   sasl.DEFAULT), help="the mechanisms offered, comma-"
                   "separated, from %s (default %s)" % (", ".join(sasl.ALL),
                                                         ",".join(sasl.DEFAULT)))
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
    g.add_argument("--slow-data", type=int, default=0, metavar="BYTES",
                   help="read DATA at most this many bytes a second (a slow "
                   "server, or a slow link: the client's writes block)")
    g.add_argument("--reply-delay", type=float, default=0, metavar="S",
                   help="spool the message at the end of DATA, then wait "
                   "this long before the 250 (a client stopped meanwhile "
                   "delivered it without hearing so)")
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
    a.auth_mechs = [m.strip().upper() for m in a.auth_mechs.split(",")
                    if m.strip()]
    bad = [m for m in a.auth_mechs if m not in sasl.ALL]
    if bad:
        p.error("--auth-mechs: unknown %s" % ", ".join(bad))
    if a.lmtp_reject and not a.lmtp:
        p.error("--lmtp-reject needs --lmtp")
    if a.client_cert_optional and not a.client_ca:
        p.error("--client-cert-optional needs --client-ca")
    if a.client_ca and not (a.starttls or a.implicit_tls):
        p.error("--client-ca needs --starttls or --implicit-tls")
    if a.data_reply and not (a.data_reply[:3].isdigit()
                             and a.data_reply[3:4] in ("", " ")):
        p.error("--data-reply must start with a 3-digit code")
    if a.slow_data < 0 or a.reply_delay < 0:
        p.error("--slow-data and --reply-delay must not be negative")
    if a.port < 0 or a.port > 65535:
        p.error("--port out of range")
    if a.spool:
        os.makedirs(a.spool, exist_ok=True)
    return a
