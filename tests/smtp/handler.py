"""What the test server does with each command: recipients refused or
deferred, DATA faults, LMTP's replies per recipient, the spool, and the SASL
mechanisms (sasl.py).  server.py's docstring describes the behaviour."""

import asyncio
import json
import os

import sasl
from wirelog import EventLog, Record, write_atomic

NULL_SENDER = "null-sender@invalid"  # stands for "<>" inside aiosmtpd


def forever():
    """A future that never completes (it is cancelled on disconnect)."""
    return asyncio.get_running_loop().create_future()


class Handler(sasl.SaslMechanisms):
    def __init__(self, state):
        self.sg = state
        a = state.args
        self.reject = {r.lower() for r in a.reject}
        self.tempfail = {r.lower() for r in a.tempfail}
        self.lmtp_reject = {r.lower() for r in a.lmtp_reject}

    async def handle_EHLO(self, server, session, envelope, hostname,
                          responses):
        # With this (5-argument) hook aiosmtpd leaves setting host_name to us.
        session.host_name = hostname
        if not self.sg.args.auth:
            responses = [r for r in responses if not r.startswith("250-AUTH")]
        if self.sg.args.dsn:
            responses.insert(len(responses) - 1, "250-DSN")
        if self.sg.args.pipelining:
            responses.insert(len(responses) - 1, "250-PIPELINING")
        return responses

    async def handle_RCPT(self, server, session, envelope, address,
                          rcpt_options):
        key = address.lower()
        if key in self.reject:
            return "550 5.1.1 <%s>: Recipient address rejected" % address
        if key in self.tempfail:
            return "450 4.2.0 <%s>: Mailbox busy, try later" % address
        # A RCPT hook must record accepted recipients itself.
        options = rcpt_options + server.sg_rcpt_dsn
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(options)
        server.sg_rcpt_params.append([address, options])
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
        if a.lmtp:
            return await self.lmtp_replies(server, session, envelope)
        if not a.spool:
            return "250 OK"
        num = self.sg.spool(envelope, session, server)
        server.sg_log("*", "spooled %s" % num)
        if a.reply_delay:
            # Delivered already: a client stopped now never hears so.
            await asyncio.sleep(a.reply_delay)
        return "250 2.0.0 OK queued as %s" % num

    async def lmtp_replies(self, server, session, envelope):
        """One reply per recipient; the message is spooled once, for those
        that took it."""
        replies, took = [], []
        for rcpt in envelope.rcpt_tos:
            if rcpt.lower() in self.lmtp_reject:
                replies.append("550 5.2.0 <%s>: Mailbox unavailable" % rcpt)
            else:
                took.append(rcpt)
                replies.append("250 2.1.5 <%s> OK" % rcpt)
        if took and self.sg.args.spool:
            envelope.rcpt_tos = took
            server.sg_rcpt_params = [p for p in server.sg_rcpt_params
                                     if p[0] in took]
            num = self.sg.spool(envelope, session, server)
            server.sg_log("*", "spooled %s" % num)
        for r in replies[:-1]:
            await server.push(r)
        return replies[-1]


class State:
    def __init__(self, args):
        self.args = args
        self.log = EventLog(args.log)
        # --record: the command lines alone, as escaped in the log.
        self.record = Record(args.record)
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
            "mail_from": ("" if envelope.mail_from == NULL_SENDER
                          else envelope.mail_from),
            "rcpt_tos": list(envelope.rcpt_tos),
            "size": len(content),
            "tls": server.sg_tls(),
            "auth_user": auth if isinstance(auth, str) else None,
            "helo": session.host_name,
            "mail_options": list(envelope.mail_options),
            "rcpt_options": list(envelope.rcpt_options),
            "rcpt_params": server.sg_rcpt_params,
            "smtputf8": bool(envelope.smtp_utf8),
            "client_cert": server.sg_peer_cert() is not None,
            "lmtp": bool(self.args.lmtp),
        }
        write_atomic(base + ".eml", content)
        write_atomic(base + ".json",
                     (json.dumps(meta, indent=1) + "\n").encode("ascii"))
        return num
