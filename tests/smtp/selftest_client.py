"""Client side of tests/smtp/selftest.sh: one smtplib case per server
feature (run as "selftest_client.py CASE ARGS...", T in the environment)."""
import os
import smtplib
import socket
import ssl
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from clientlib import check, run  # noqa: E402

HOST = "127.0.0.1"
T = os.environ["T"]


def smtp(port, timeout=5):
    # local_hostname: the default, socket.getfqdn(), may query DNS.
    return smtplib.SMTP(HOST, port, local_hostname="localhost",
                        timeout=timeout)


def trusting(ca):
    return ssl.create_default_context(cafile=ca)


def reply(s, line):
    s.send(line)
    return s.getreply()


MSG = (b"From: a@example.org\r\nTo: b@example.net\r\n"
       b"Subject: selftest\r\n\r\n.leading dot\r\n.\r\n..two\r\n"
       b"caf\xc3\xa9\r\n" + b"x" * 998 + b"\r\nlast line\r\n")


def case_plain(port):
    s = smtp(port)
    code, _ = s.ehlo()
    check(code == 250, "EHLO: %d" % code)
    check(not s.has_extn("starttls"), "STARTTLS offered")
    check(not s.has_extn("auth"), "AUTH offered")
    check(s.esmtp_features.get("size") == "104857600",
          "SIZE %r" % s.esmtp_features.get("size"))
    with open(os.path.join(T, "sent-plain.eml"), "wb") as f:
        f.write(MSG)
    refused = s.sendmail("a@example.org", ["b@example.net", "c@example.net"],
                         MSG)
    check(refused == {}, "refused %r" % refused)
    # A bare CR inside a command line reaches the server (and its log).
    code, _ = reply(s, b"NOOP x\ry\r\n")
    check(code == 250, "NOOP: %d" % code)
    code, _ = reply(s, b"STARTTLS\r\n")
    check(code == 454, "STARTTLS without --starttls: %d" % code)
    try:
        s.sendmail("a@example.org", ["b@example.net"],
                   b"Subject: long\r\n\r\n" + b"y" * 1500 + b"\r\n")
        check(False, "1500-byte line accepted")
    except smtplib.SMTPDataError as e:
        check(e.smtp_code == 500 and b"Line too long" in e.smtp_error,
              "long line: %r" % (e,))
    s.quit()


def case_starttls_auth(port, ca):
    s = smtp(port)
    s.ehlo()
    check(s.has_extn("starttls"), "no STARTTLS before TLS")
    check(not s.has_extn("auth"), "AUTH offered before STARTTLS")
    code, _ = s.docmd("MAIL FROM:<a@example.org>")
    check(code == 530, "MAIL before STARTTLS: %d (want 530)" % code)
    code, _ = reply(s, b"AUTH PLAIN AHVzZXIAc2VjcmV0\r\n")
    check(code == 530, "AUTH before STARTTLS: %d (want 530)" % code)
    s.starttls(context=trusting(ca))
    s.ehlo()
    check(not s.has_extn("starttls"), "STARTTLS offered again")
    check("PLAIN" in s.esmtp_features.get("auth", "")
          and "LOGIN" in s.esmtp_features.get("auth", ""),
          "AUTH after TLS: %r" % s.esmtp_features.get("auth"))
    s.user, s.password = "user", "wrong"
    try:
        s.auth("PLAIN", s.auth_plain)
        check(False, "AUTH PLAIN with a wrong password succeeded")
    except smtplib.SMTPAuthenticationError as e:
        check(e.smtp_code == 535, "wrong password: %d (want 535)" % e.smtp_code)
    s.password = "secret"
    code, _ = s.auth("PLAIN", s.auth_plain)
    check(code == 235, "AUTH PLAIN: %d" % code)
    s.sendmail("a@example.org", ["b@example.net"], MSG)
    s.quit()
    # AUTH LOGIN (username and password challenges) on a second connection.
    s = smtp(port)
    s.starttls(context=trusting(ca))
    s.ehlo()
    s.user, s.password = "user", "secret"
    code, _ = s.auth("LOGIN", s.auth_login, initial_response_ok=False)
    check(code == 235, "AUTH LOGIN: %d" % code)
    s.quit()


def case_implicit(port, ca):
    s = smtplib.SMTP_SSL(HOST, port, local_hostname="localhost", timeout=5,
                         context=trusting(ca))
    s.ehlo()
    check(not s.has_extn("starttls"), "STARTTLS offered inside TLS")
    check(s.has_extn("auth"), "no AUTH over implicit TLS")
    s.login("user", "secret")
    s.sendmail("a@example.org", ["b@example.net"], MSG)
    s.quit()


def case_untrusted(port, ca):
    s = smtp(port)
    s.ehlo()
    try:
        s.starttls(context=trusting(ca))
        check(False, "untrusted certificate accepted")
    except ssl.SSLCertVerificationError:
        pass
    s.close()


def case_rcpt(port):
    s = smtp(port)
    s.ehlo()
    s.mail("a@example.org")
    code, _ = s.rcpt("good@example.net")
    check(code == 250, "good: %d" % code)
    code, text = s.rcpt("bad@example.net")
    check((code, text) == (550, b"5.1.1 <bad@example.net>: Recipient "
                           b"address rejected"), "bad: %d %r" % (code, text))
    code, text = s.rcpt("Busy@Example.NET")
    check((code, text) == (450, b"4.2.0 <Busy@Example.NET>: Mailbox busy, "
                           b"try later"), "busy: %d %r" % (code, text))
    code, _ = s.data(MSG)
    check(code == 250, "DATA: %d" % code)
    try:
        s.sendmail("a@example.org", ["bad@example.net"], MSG)
        check(False, "all recipients refused yet no error")
    except smtplib.SMTPRecipientsRefused as e:
        check(e.recipients == {"bad@example.net": (550, b"5.1.1 "
              b"<bad@example.net>: Recipient address rejected")},
              "refused: %r" % e.recipients)
    s.quit()


def case_data_reply(port):
    s = smtp(port)
    try:
        s.sendmail("a@example.org", ["b@example.net"], MSG)
        check(False, "message accepted")
    except smtplib.SMTPDataError as e:
        check((e.smtp_code, e.smtp_error) == (554, b"5.7.1 Message refused"),
              "DATA reply: %r" % (e,))
    s.quit()


def dropped(port, msg):
    """The server must close the connection without a reply to DATA."""
    s = smtp(port)
    t0 = time.monotonic()
    try:
        s.sendmail("a@example.org", ["b@example.net"], msg)
        check(False, "%d-byte message accepted" % len(msg))
    except smtplib.SMTPResponseException as e:
        check(False, "%d-byte message: a reply instead of a drop: %r"
              % (len(msg), e))
    except OSError as e:  # SMTPServerDisconnected, reset, broken pipe
        check("timed out" not in str(e), "timed out instead of a drop")
    check(time.monotonic() - t0 < 2, "drop took %.1f s"
          % (time.monotonic() - t0))
    s.close()


def case_drop(port):
    big = b"Subject: big\r\n\r\n" + (b"z" * 76 + b"\r\n") * 4000  # 312 KiB
    dropped(port, big)
    dropped(port, MSG)


def timed_out(port, timeout, what, send):
    t0 = time.monotonic()
    try:
        s = smtp(port, timeout=timeout)
        if send:
            s.sendmail("a@example.org", ["b@example.net"], MSG)
        check(False, "%s: no timeout" % what)
    except smtplib.SMTPServerDisconnected as e:
        check("timed out" in str(e), "%s: %r" % (what, e))
    took = time.monotonic() - t0
    check(timeout - 0.1 < took < timeout + 1.5,
          "%s: timed out after %.2f s, not ~%g s" % (what, took, timeout))


def case_stall(port, pidfile):
    timed_out(port, 2, "no banner", False)
    # SIGTERM with a connection still open: the server closes it and exits.
    sock = socket.create_connection((HOST, port), timeout=3)
    os.kill(int(open(pidfile).read()), 15)
    try:
        check(sock.recv(1) == b"", "data on a stalled connection")
    except ConnectionResetError:
        pass
    except OSError as e:
        check(False, "connection not closed on SIGTERM: %r" % e)
    sock.close()


def case_stall_after_data(port):
    timed_out(port, 1, "no reply to DATA", True)


run(globals())
