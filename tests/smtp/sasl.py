"""Server side of the SASL mechanisms the test server offers beyond
aiosmtpd's own PLAIN and LOGIN: CRAM-MD5 (RFC 2195), SCRAM-SHA-1 and
SCRAM-SHA-256 (RFC 5802, 7677; no channel binding), XOAUTH2 (Google's),
OAUTHBEARER (RFC 7628) and EXTERNAL (RFC 4422: the TLS client certificate
is the credential).

server.py's Handler inherits SaslMechanisms; aiosmtpd finds the methods by
their auth_ prefix ("auth_CRAM__MD5" is CRAM-MD5) and calls them with the
SMTP protocol object and the words of the AUTH command.  Each method checks
the one credential of --auth USER:PASSWORD (for the OAuth mechanisms the
password is the bearer token) and logs "auth MECH user=U ok|failed".

The CRAM-MD5 challenge is fixed (CRAM_CHALLENGE), so two clients given the
same password send the same bytes, and the compatibility suite can compare
their recorded dialogues.  SCRAM's nonces are random by design.
"""

import base64
import binascii
import hashlib
import hmac
import os

from aiosmtpd.smtp import MISSING, AuthResult

# Every mechanism the server can offer, in the order of --auth-mechs' help.
ALL = ("PLAIN", "LOGIN", "CRAM-MD5", "SCRAM-SHA-1", "SCRAM-SHA-256",
       "XOAUTH2", "OAUTHBEARER", "EXTERNAL")
DEFAULT = ("PLAIN", "LOGIN")
CRAM_CHALLENGE = b"<1896.697170952@localhost>"
SCRAM_ITERATIONS = 4096


def b64(data):
    return base64.b64encode(data).decode("ascii")


def unb64(text):
    """Decoded bytes of a base64 response, or None."""
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None


def oauth_fields(data):
    """The key=value fields between ^A separators of an OAuth message."""
    return dict(f.split(b"=", 1) for f in data.split(b"\x01") if b"=" in f)


def scram_attrs(text):
    """The a=value attributes of a SCRAM message, as a dict (None if bad)."""
    out = {}
    for part in text.split(","):
        if len(part) < 2 or part[1] != "=":
            return None
        out[part[0]] = part[2:]
    return out


class SaslMechanisms:
    """Mixin for server.py's Handler: self.sg is the server state."""

    def sasl_credential(self):
        user, password = self.sg.args.auth.split(":", 1)
        return user.encode("utf-8"), password.encode("utf-8")

    def sasl_result(self, server, mech, login, ok):
        server.sg_auth_log(mech, login, ok)
        if ok:
            return AuthResult(success=True, auth_data=self.sg.args.auth
                              .split(":", 1)[0])
        return AuthResult(success=False, handled=False)

    async def sasl_first(self, server, args, challenge=b""):
        """The client's first response: inline or after a 334."""
        if len(args) > 1:
            # "=" is an empty initial response (RFC 4954).
            data = b"" if args[1] == "=" else unb64(args[1])
            if data is None:
                await server.push("501 5.5.2 Can't decode base64")
            return data
        data = await server.challenge_auth(challenge)
        return None if data is MISSING else data

    async def auth_CRAM__MD5(self, server, args):
        if len(args) > 1:
            await server.push("501 5.5.2 CRAM-MD5 takes no initial response")
            return AuthResult(success=False, handled=True)
        data = await server.challenge_auth(CRAM_CHALLENGE)
        if data is MISSING:
            return AuthResult(success=False, handled=True)
        user, password = self.sasl_credential()
        login, _, digest = data.rpartition(b" ")
        want = hmac.new(password, CRAM_CHALLENGE, hashlib.md5).hexdigest()
        return self.sasl_result(server, "CRAM-MD5", login,
                                login == user and digest == want.encode())

    async def scram(self, server, args, mech, hashname):
        first = await self.sasl_first(server, args)
        if first is None:
            return AuthResult(success=False, handled=True)
        text = first.decode("utf-8", "replace")
        gs2, _, bare = text.partition(",")
        authzid, _, bare = bare.partition(",")
        attrs = scram_attrs(bare)
        if gs2 not in ("n", "y") or attrs is None or "n" not in attrs \
                or "r" not in attrs:
            await server.push("501 5.5.2 Bad SCRAM client-first message")
            return AuthResult(success=False, handled=True)
        user, password = self.sasl_credential()
        salt = os.urandom(16)
        nonce = attrs["r"] + b64(os.urandom(18))
        server_first = "r=%s,s=%s,i=%d" % (nonce, b64(salt), SCRAM_ITERATIONS)
        final = await server.challenge_auth(server_first)
        if final is MISSING:
            return AuthResult(success=False, handled=True)
        final = final.decode("utf-8", "replace")
        without_proof, _, proof = final.rpartition(",p=")
        fattrs = scram_attrs(without_proof)
        if fattrs is None or fattrs.get("r") != nonce or not proof:
            await server.push("501 5.5.2 Bad SCRAM client-final message")
            return AuthResult(success=False, handled=True)
        salted = hashlib.pbkdf2_hmac(hashname, password, salt,
                                     SCRAM_ITERATIONS)
        client_key = hmac.new(salted, b"Client Key", hashname).digest()
        stored = hashlib.new(hashname, client_key).digest()
        auth_msg = ("%s,%s,%s" % (bare, server_first, without_proof)).encode()
        signature = hmac.new(stored, auth_msg, hashname).digest()
        want = bytes(a ^ b for a, b in zip(client_key, signature))
        login = attrs["n"].replace("=2C", ",").replace("=3D", "=").encode()
        ok = login == user and unb64(proof) == want
        if not ok:
            return self.sasl_result(server, mech, login, False)
        server_key = hmac.new(salted, b"Server Key", hashname).digest()
        verifier = hmac.new(server_key, auth_msg, hashname).digest()
        last = await server.challenge_auth("v=" + b64(verifier))
        if last is MISSING:
            return AuthResult(success=False, handled=True)
        return self.sasl_result(server, mech, login, True)

    async def auth_SCRAM__SHA__1(self, server, args):
        return await self.scram(server, args, "SCRAM-SHA-1", "sha1")

    async def auth_SCRAM__SHA__256(self, server, args):
        return await self.scram(server, args, "SCRAM-SHA-256", "sha256")

    async def oauth_failed(self, server):
        # RFC 7628 3.2.2: an error JSON in a 334, the client answers ^A.
        err = b'{"status":"invalid_token","scope":"mail"}'
        await server.challenge_auth(err)
        return AuthResult(success=False, handled=False)

    async def oauth(self, server, args, mech, parse):
        """XOAUTH2 and OAUTHBEARER: parse(data) gives the login and the
        fields ("auth" among them, "Bearer TOKEN")."""
        data = await self.sasl_first(server, args)
        if data is None:
            return AuthResult(success=False, handled=True)
        login, fields, ok = parse(data)
        user, token = self.sasl_credential()
        ok = ok and login == user and fields.get(b"auth") == b"Bearer " + token
        self.sasl_result(server, mech, login, ok)
        if not ok:
            return await self.oauth_failed(server)
        return AuthResult(success=True, auth_data=user.decode())

    async def auth_XOAUTH2(self, server, args):
        # "user=U^Aauth=Bearer T^A^A"
        def parse(data):
            fields = oauth_fields(data)
            return fields.get(b"user", b""), fields, True

        return await self.oauth(server, args, "XOAUTH2", parse)

    async def auth_OAUTHBEARER(self, server, args):
        # "n,a=U,^Ahost=H^Aport=P^Aauth=Bearer T^A^A" (RFC 7628)
        def parse(data):
            gs2, _, rest = data.partition(b"\x01")
            login = b""
            for part in gs2.split(b","):
                if part.startswith(b"a="):
                    login = part[2:]
            return login, oauth_fields(rest), gs2.startswith(b"n,")

        return await self.oauth(server, args, "OAUTHBEARER", parse)

    async def auth_EXTERNAL(self, server, args):
        data = await self.sasl_first(server, args)
        if data is None:
            return AuthResult(success=False, handled=True)
        cert = server.sg_peer_cert()
        user, _ = self.sasl_credential()
        # The authorization identity may be empty (take the certificate's)
        # or name the user.
        ok = cert is not None and data in (b"", user)
        return self.sasl_result(server, "EXTERNAL", data or b"(cert)", ok)
