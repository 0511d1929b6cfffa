/*
 * smtp.c: delivery over SMTP or LMTP, spoken as msmtp 1.8.23 speaks it:
 * the same commands in the same order, the same AUTH choice, DSN, a pinned
 * certificate, a client certificate, a local socket. One transaction: if
 * the server refuses any recipient, nobody gets the message (LMTP excepted:
 * there each recipient has its own reply after the data).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common.h"
#include "net.h"
#include "sasl.h"
#include "smtp.h"
#include "smtpaddr.h"
#include "smtpcmd.h"
#include "tls.h"

int
smtp_port(const struct deliver_account *a)
{
	if (a->port != 0)
		return a->port;
	return a->tls == DELIVER_TLS ? 465 : a->tls == DELIVER_PLAIN ? 25 : 587;
}

int
smtp_fail(struct deliver_result *r, enum deliver_status st, const char *fmt,
    ...)
{
	va_list ap;

	r->status = st;
	free(r->error);
	va_start(ap, fmt);
	r->error = xvasprintf(fmt, ap);
	va_end(ap);
	return -1;
}

void
smtp_fail_reply(struct smtp_session *s, struct deliver_result *r,
    enum deliver_status st, const char *fmt, ...)
{
	va_list ap;
	char *what;

	va_start(ap, fmt);
	what = xvasprintf(fmt, ap);
	va_end(ap);
	r->code = s->reply.code;
	free(r->reply);
	r->reply = xstrdup(s->reply.text.s != NULL ? s->reply.text.s : "");
	smtp_fail(r, st, "%s: %d %s", what, r->code, r->reply);
	free(what);
}

void
smtp_fail_io(struct smtp_session *s, struct deliver_result *r)
{
	const char *why = s->io.errstr != NULL ? s->io.errstr : "I/O error";

	smtp_fail(r, s->io.err == SMTPIO_EPROTO ? DELIVER_PROTOCOL :
	    DELIVER_TEMPFAIL, "%s", why);
}

int
smtp_cmd(struct smtp_session *s, struct deliver_result *r, const char *line,
    int mask_from)
{
	smtpio_cmd(&s->io, line, mask_from);
	if (smtpio_reply(&s->io, &s->reply) == -1) {
		smtp_fail_io(s, r);
		return -1;
	}
	return 0;
}

/* EHLO (HELO when EHLO fails), or LHLO: 0, or -1 with r set. */
static int
smtp_hello(struct smtp_session *s, struct deliver_result *r)
{
	const char *name = s->a->helo != NULL ? s->a->helo : "localhost";
	int lmtp = s->a->protocol == DELIVER_LMTP;
	char *line;
	int rc;

	line = xasprintf("%s %s", lmtp ? "LHLO" : "EHLO", name);
	rc = smtp_cmd(s, r, line, -1);
	free(line);
	if (rc == -1)
		return -1;
	if (s->reply.code == 250) {
		smtpreply_caps(&s->reply, &s->caps, sasl_lookup);
		return 0;
	}
	if (lmtp) {
		smtp_fail_reply(s, r, DELIVER_PROTOCOL, "command LHLO failed");
		return -1;
	}
	/* Very old servers: HELO, and no capabilities. */
	memset(&s->caps, 0, sizeof(s->caps));
	line = xasprintf("HELO %s", name);
	rc = smtp_cmd(s, r, line, -1);
	free(line);
	if (rc == 0 && s->reply.code != 250) {
		smtp_fail_reply(s, r, DELIVER_PROTOCOL, "the server accepts "
		    "neither EHLO nor HELO");
		return -1;
	}
	return rc;
}

/* The TLS handshake on the connection: 0, or -1 with r set. */
static int
smtp_tls(struct smtp_session *s, struct tls *t, struct deliver_result *r)
{
	char *err = NULL;
	int rc;

	smtpio_tls(&s->io, t);
	if ((rc = tls_handshake(t, s->io.fd, &err)) == TLS_OK) {
		s->tls = 1;
		return 0;
	}
	smtp_fail(r, rc == TLS_ECERT ? DELIVER_UNAVAILABLE :
	    rc == TLS_ETIMEOUT ? DELIVER_TEMPFAIL : DELIVER_PROTOCOL, "%s",
	    err);
	free(err);
	return -1;
}

/* The TLS settings of the account: 0, or -1 with r set. */
static int
smtp_tls_conf(const struct deliver_account *a, struct tls_conf *c,
    struct deliver_result *r)
{
	memset(c, 0, sizeof(*c));
	c->trust_file = a->trust_file;
	c->cert_file = a->tls_cert_file;
	c->key_file = a->tls_key_file;
	/* As msmtp: over a local socket, only tls_host_override names
	 * the server (else the chain alone is checked). */
	c->name = a->tls_host_override != NULL ? a->tls_host_override :
	    a->socket == NULL ? a->host : NULL;
	c->timeout = a->timeout > 0 ? a->timeout : 60;
	if (a->tls_fingerprint != NULL &&
	    tls_pin_parse(a->tls_fingerprint, c->pin, &c->pinlen) == -1) {
		smtp_fail(r, DELIVER_CONFIG, "tls_fingerprint %s is not a "
		    "SHA256, SHA1 or MD5 fingerprint (AB:CD:...)",
		    a->tls_fingerprint);
		return -1;
	}
	return 0;
}

int
smtp_open(struct smtp_session *s, const struct deliver_account *a,
    const struct deliver_callbacks *cb, int peer, struct deliver_result *r)
{
	struct tls_conf conf;
	struct tls *t = NULL;
	char *err = NULL;
	int fd, rc;

	memset(s, 0, sizeof(*s));
	s->a = a;
	s->port = smtp_port(a);
	s->io.fd = -1;
	smtpreply_init(&s->reply);
	if (a->tls != DELIVER_PLAIN) {
		if (smtp_tls_conf(a, &conf, r) == -1)
			return -1;
		if ((rc = tls_new(&conf, &t, &err)) != TLS_OK) {
			smtp_fail(r, rc == TLS_EFILE ? DELIVER_NOINPUT :
			    DELIVER_UNAVAILABLE, "%s", err);
			free(err);
			return -1;
		}
	}
	if ((rc = net_connect(a->host, s->port, a->socket, a->source_ip,
	    a->connect_timeout > 0 ? a->connect_timeout : 30,
	    a->timeout > 0 ? a->timeout : 60, &fd, &err)) != NET_OK) {
		smtp_fail(r, rc == NET_ENOHOST ? DELIVER_NOHOST :
		    rc == NET_ESOURCE ? DELIVER_UNAVAILABLE : DELIVER_TEMPFAIL,
		    "%s", err);
		free(err);
		tls_free(t, 0);
		return -1;
	}
	smtpio_init(&s->io, fd, a->timeout > 0 ? a->timeout : 60, cb);
	if (peer)
		net_peer(fd, &s->peer_name, &s->peer_address);
	if (a->tls == DELIVER_TLS) {
		rc = smtp_tls(s, t, r);
		t = NULL;
		if (rc == -1)
			goto fail;
	}
	if (smtpio_reply(&s->io, &s->reply) == -1) {
		smtp_fail_io(s, r);
		goto fail;
	}
	if (s->reply.code != 220) {
		smtp_fail_reply(s, r, DELIVER_PROTOCOL, "cannot get initial "
		    "OK message from server");
		goto fail;
	}
	/* The greeting's first line, as msmtp shows it. */
	s->greeting = xstrndup(s->reply.lines.s, strcspn(s->reply.lines.s,
	    "\n"));
	if (smtp_hello(s, r) == -1)
		goto fail;
	if (a->tls == DELIVER_STARTTLS) {
		s->caps_before = s->caps;
		if (!(s->caps.flags & SMTPCAP_STARTTLS)) {
			smtp_fail(r, DELIVER_UNAVAILABLE, "the server does not "
			    "support TLS via the STARTTLS command; refusing to "
			    "send in plaintext");
			smtp_close(s, 1);
			tls_free(t, 0);
			return -1;
		}
		if (smtp_cmd(s, r, "STARTTLS", -1) == -1)
			goto fail;
		if (s->reply.code != 220 || smtpio_pending(&s->io)) {
			smtp_fail_reply(s, r, DELIVER_PROTOCOL, "command "
			    "STARTTLS failed");
			goto fail;
		}
		rc = smtp_tls(s, t, r);
		t = NULL;
		if (rc == -1 || smtp_hello(s, r) == -1)
			goto fail;
	}
	tls_free(t, 0);
	return 0;
fail:
	tls_free(t, 0);
	smtp_close(s, 0);
	return -1;
}

void
smtp_close(struct smtp_session *s, int quit)
{
	if (quit && s->io.fd != -1) {
		smtpio_cmd(&s->io, "QUIT", -1);
		/* Its reply does not matter (msmtp ignores it too). */
		(void)smtpio_reply(&s->io, &s->reply);
	}
	smtpio_close(&s->io);
	smtpreply_free(&s->reply);
	free(s->greeting);
	free(s->peer_name);
	free(s->peer_address);
	s->greeting = s->peer_name = s->peer_address = NULL;
}

/* msmtp's spelling of a DSN value, upper-cased; NULL when it is bad. */
static char *
smtp_dsn(const char *v, int notify)
{
	char *u = xstrdup(v), *p, *w, *save = NULL;
	int words = 0, never = 0;

	for (p = u; *p != '\0'; p++)
		*p = (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
	if (!notify) {
		if (strcmp(u, "HEADERS") == 0 || strcmp(u, "HDRS") == 0) {
			free(u);
			return xstrdup("HDRS");
		}
		if (strcmp(u, "FULL") == 0)
			return u;
		free(u);
		return NULL;
	}
	p = xstrdup(u);
	for (w = strtok_r(p, ",", &save); w != NULL;
	    w = strtok_r(NULL, ",", &save), words++) {
		if (strcmp(w, "NEVER") == 0)
			never = 1;
		else if (strcmp(w, "SUCCESS") != 0 && strcmp(w, "FAILURE") != 0 &&
		    strcmp(w, "DELAY") != 0)
			words = -100;
	}
	free(p);
	if (words <= 0 || (never && words > 1) || u[strlen(u) - 1] == ',' ||
	    strstr(u, ",,") != NULL) {
		free(u);
		return NULL;
	}
	return u;
}

/* Checks the account and the addresses before connecting: 0, or -1. */
static int
smtp_prepare(const struct deliver_account *a, const char *from,
    const char *const *rcpts, size_t nrcpts, struct smtpcmd_envelope *e,
    struct deliver_result *r)
{
	const char *p;
	char *err = NULL;
	size_t i;
	int m;

	if (a->host == NULL && a->socket == NULL)
		return smtp_fail(r, DELIVER_CONFIG, "the account has no host");
	for (p = a->helo != NULL ? a->helo : ""; *p != '\0'; p++)
		if (*p <= ' ' || *p >= 0x7f)
			return smtp_fail(r, DELIVER_CONFIG, "the EHLO name "
			    "(domain) may hold only printable ASCII without "
			    "spaces");
	if (a->auth_method != NULL) {
		if ((m = sasl_lookup(a->auth_method)) < 0)
			return smtp_fail(r, DELIVER_CONFIG, "unknown "
			    "authentication method %s", a->auth_method);
		if (!sasl_implemented((enum sasl_mech)m))
			return smtp_fail(r, DELIVER_UNAVAILABLE, "authentication "
			    "method %s is not supported by sendguard",
			    sasl_name((enum sasl_mech)m));
	}
	if (a->dsn_notify != NULL &&
	    (e->notify = smtp_dsn(a->dsn_notify, 1)) == NULL)
		return smtp_fail(r, DELIVER_CONFIG, "dsn_notify %s: not "
		    "\"never\" nor a list of success, failure, delay",
		    a->dsn_notify);
	if (a->dsn_return != NULL &&
	    (e->ret = smtp_dsn(a->dsn_return, 0)) == NULL)
		return smtp_fail(r, DELIVER_CONFIG, "dsn_return %s: not "
		    "\"headers\" nor \"full\"", a->dsn_return);
	if (nrcpts == 0)
		return smtp_fail(r, DELIVER_USAGE, "no recipients");
	if (from == NULL ||
	    (e->from.wire = smtpaddr_wire(from, &e->from.utf8, &err)) == NULL) {
		smtp_fail(r, DELIVER_USAGE, "the sender address is not usable: "
		    "%s", err != NULL ? err : "none");
		free(err);
		return -1;
	}
	e->from.given = xstrdup(from);
	e->rcpts = xcalloc(nrcpts, sizeof(*e->rcpts));
	for (i = 0; i < nrcpts; i++, e->nrcpts++) {
		e->rcpts[i].wire = smtpaddr_wire(rcpts[i], &e->rcpts[i].utf8,
		    &err);
		if (e->rcpts[i].wire == NULL) {
			smtp_fail(r, DELIVER_USAGE, "the recipient address %s "
			    "is not usable: %s", rcpts[i] != NULL ? rcpts[i] :
			    "", err);
			r->rcpt = xstrdup(rcpts[i] != NULL ? rcpts[i] : "");
			free(err);
			return -1;
		}
		e->rcpts[i].given = xstrdup(rcpts[i]);
		e->smtputf8 |= e->rcpts[i].utf8;
	}
	e->smtputf8 |= e->from.utf8;
	return 0;
}

static void
smtp_envelope_free(struct smtpcmd_envelope *e)
{
	size_t i;

	free(e->from.wire);
	free(e->from.given);
	for (i = 0; i < e->nrcpts; i++) {
		free(e->rcpts[i].wire);
		free(e->rcpts[i].given);
	}
	free(e->rcpts);
	free((char *)(uintptr_t)e->ret);
	free((char *)(uintptr_t)e->notify);
}

/* What the server must offer for this envelope: 0, or -1 (QUIT sent). */
static int
smtp_offers(struct smtp_session *s, const struct smtpcmd_envelope *e,
    struct deliver_result *r)
{
	size_t i;
	const char *who = e->from.utf8 ? e->from.given : NULL;

	if ((e->notify != NULL || e->ret != NULL) &&
	    !(s->caps.flags & SMTPCAP_DSN)) {
		smtp_fail(r, DELIVER_UNAVAILABLE, "the server does not support "
		    "DSN");
		return -1;
	}
	for (i = 0; who == NULL && i < e->nrcpts; i++)
		if (e->rcpts[i].utf8)
			who = e->rcpts[i].given;
	if (who != NULL && !(s->caps.flags & SMTPCAP_SMTPUTF8)) {
		smtp_fail(r, DELIVER_USAGE, "the address %s has a non-ASCII "
		    "local part, which only a server offering SMTPUTF8 can "
		    "take, and this one does not; nothing was sent", who);
		return -1;
	}
	return 0;
}

enum deliver_status
deliver_smtp(const struct deliver_account *a, struct message *msg,
    const char *from, const char *const *rcpts, size_t nrcpts,
    const struct deliver_callbacks *cb, struct deliver_result *r)
{
	struct smtpcmd_envelope e;
	struct smtp_session s;

	memset(r, 0, sizeof(*r));
	memset(&e, 0, sizeof(e));
	if (smtp_prepare(a, from, rcpts, nrcpts, &e, r) == -1 ||
	    smtp_open(&s, a, cb, 0, r) == -1) {
		smtp_envelope_free(&e);
		return r->status;
	}
	r->tls = s.tls;
	if (smtpcmd_auth(&s, r) == -1) {
		/* msmtp says QUIT only when AUTH is not offered at all. */
		smtp_close(&s, r->status == DELIVER_UNAVAILABLE &&
		    !(s.caps.flags & SMTPCAP_AUTH));
	} else if (smtp_offers(&s, &e, r) == -1)
		smtp_close(&s, 1);
	else if (smtpcmd_send(&s, &e, msg, cb, r) == -1)
		smtp_close(&s, 0);
	else {
		r->status = DELIVER_OK;
		/* Delivered, whatever becomes of QUIT. */
		if (cb != NULL && cb->accepted != NULL)
			cb->accepted(cb->arg);
		smtp_close(&s, 1);
	}
	smtp_envelope_free(&e);
	return r->status;
}

int
deliver_temporary(enum deliver_status s)
{
	return s == DELIVER_TEMPFAIL || s == DELIVER_DEFERRED;
}

void
deliver_result_free(struct deliver_result *r)
{
	free(r->reply);
	free(r->rcpt);
	free(r->error);
	memset(r, 0, sizeof(*r));
}
