/*
 * smtpcmd.c: AUTH, the envelope and the data of one session, in msmtp's
 * bytes: "MAIL FROM:<a> RET=HDRS", "RCPT TO:<b> NOTIFY=FAILURE,DELAY",
 * sent together when the server offers PIPELINING, the first refusal ends
 * the session without DATA.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "sasl.h"
#include "smtpcmd.h"

/* Bytes of message queued before they are written. */
#define SMTPCMD_CHUNK	(64 * 1024)
/* Commands sent before their replies are read (msmtp's limit). */
#define SMTPCMD_PIPELINE	100

/* The mechanism to use: 0 with *m, or -1 with r set. */
static int
smtpcmd_mech(struct smtp_session *s, struct deliver_result *r,
    enum sasl_mech *m)
{
	unsigned int usable = 0;
	int i;

	if (s->a->auth_method != NULL) {
		*m = (enum sasl_mech)sasl_lookup(s->a->auth_method);
		if (!(s->caps.auth & (1u << *m))) {
			smtp_fail(r, DELIVER_UNAVAILABLE, "the server does not "
			    "support authentication method %s", sasl_name(*m));
			return -1;
		}
		return 0;
	}
	for (i = 0; i < SASL_NMECHS; i++)
		if (sasl_implemented((enum sasl_mech)i))
			usable |= s->caps.auth & (1u << i);
	if ((i = sasl_choose(usable, s->tls)) < 0) {
		smtp_fail(r, DELIVER_UNAVAILABLE, s->tls ? "cannot find a "
		    "usable authentication method" : "cannot use a secure "
		    "authentication method (without TLS only SCRAM is used)");
		return -1;
	}
	*m = (enum sasl_mech)i;
	return 0;
}

int
smtpcmd_auth(struct smtp_session *s, struct deliver_result *r)
{
	const struct deliver_account *a = s->a;
	struct sasl *sasl;
	enum sasl_mech m;
	char *ir, *line, *resp, *err = NULL;
	int rc = -1;

	if (a->user == NULL && a->auth_method == NULL)
		return 0;
	if (!(s->caps.flags & SMTPCAP_AUTH)) {
		smtp_fail(r, DELIVER_UNAVAILABLE, "the server does not support "
		    "authentication (AUTH), and the account has a user");
		return -1;
	}
	if (smtpcmd_mech(s, r, &m) == -1)
		return -1;
	sasl = sasl_new(m, a->user, a->password,
	    a->host != NULL ? a->host : a->socket, s->port);
	ir = sasl_initial(sasl);
	line = xasprintf("AUTH %s%s%s", sasl_name(m), ir != NULL ? " " : "",
	    ir != NULL ? ir : "");
	rc = smtp_cmd(s, r, line, ir != NULL ? (int)strlen(sasl_name(m)) + 6 :
	    -1);
	explicit_bzero(line, strlen(line));
	free(line);
	free(ir);
	while (rc == 0 && s->reply.code == 334) {
		if ((resp = sasl_step(sasl, s->reply.text.s != NULL ?
		    s->reply.text.s : "", &err)) == NULL) {
			smtp_fail(r, DELIVER_AUTH, "authentication failed "
			    "(method %s): %s", sasl_name(m), err);
			free(err);
			rc = -1;
			break;
		}
		rc = smtp_cmd(s, r, resp, *resp != '\0' ? 0 : -1);
		explicit_bzero(resp, strlen(resp));
		free(resp);
	}
	sasl_free(sasl);
	if (rc == 0 && s->reply.code != 235) {
		smtp_fail_reply(s, r, DELIVER_AUTH, "authentication failed "
		    "(method %s)", sasl_name(m));
		rc = -1;
	}
	if (rc == 0)
		r->auth = 1;
	return rc;
}

/* Queues MAIL FROM. */
static void
smtpcmd_mail(struct smtp_session *s, const struct smtpcmd_envelope *e)
{
	char *line = xasprintf("MAIL FROM:<%s>%s%s%s", e->from.wire,
	    e->smtputf8 ? " SMTPUTF8" : "", e->ret != NULL ? " RET=" : "",
	    e->ret != NULL ? e->ret : "");

	smtpio_cmd(&s->io, line, -1);
	free(line);
}

static void
smtpcmd_rcpt(struct smtp_session *s, const struct smtpcmd_envelope *e,
    size_t i)
{
	char *line = xasprintf("RCPT TO:<%s>%s%s", e->rcpts[i].wire,
	    e->notify != NULL ? " NOTIFY=" : "",
	    e->notify != NULL ? e->notify : "");

	smtpio_cmd(&s->io, line, -1);
	free(line);
}

/* Reads one queued command's reply: 0, or -1 with r set. */
static int
smtpcmd_read(struct smtp_session *s, struct deliver_result *r)
{
	if (smtpio_reply(&s->io, &s->reply) == -1) {
		smtp_fail_io(s, r);
		return -1;
	}
	return 0;
}

/* A refusal of MAIL, RCPT or DATA: 5xx permanent (65), else 69. */
static enum deliver_status
smtpcmd_refusal(int code)
{
	return code >= 500 && code < 600 ? DELIVER_REFUSED : DELIVER_DEFERRED;
}

/*
 * MAIL, each RCPT and DATA, in groups of SMTPCMD_PIPELINE (one at a time
 * without PIPELINING), every reply read. 0 when DATA got its 354.
 */
static int
smtpcmd_envelope(struct smtp_session *s, struct smtpcmd_envelope *e,
    const struct deliver_callbacks *cb, struct deliver_result *r)
{
	size_t limit = (s->caps.flags & SMTPCAP_PIPELINING) ?
	    SMTPCMD_PIPELINE : 1;
	size_t sent = 0, read = 0, total = e->nrcpts + 2, i;
	int failed = 0;

	while (read < total) {
		/* Queue up to limit commands ahead of the replies read. */
		while (!failed && sent < total && sent - read < limit) {
			if (sent == 0)
				smtpcmd_mail(s, e);
			else if (sent <= e->nrcpts)
				smtpcmd_rcpt(s, e, sent - 1);
			else
				smtpio_cmd(&s->io, "DATA", -1);
			sent++;
		}
		if (read == sent)
			break;
		if (smtpcmd_read(s, r) == -1)
			return -1;
		i = read++;
		if (failed)
			continue;
		if (i == 0 && s->reply.code / 100 != 2) {
			smtp_fail_reply(s, r, smtpcmd_refusal(s->reply.code),
			    "envelope from address %s not accepted by the "
			    "server", e->from.given);
			failed = 1;
		} else if (i > 0 && i <= e->nrcpts) {
			e->rcpts[i - 1].code = s->reply.code;
			if (cb != NULL && cb->rcpt != NULL)
				cb->rcpt(cb->arg, e->rcpts[i - 1].given,
				    s->reply.code, s->reply.text.s);
			if (s->reply.code / 100 != 2) {
				smtp_fail_reply(s, r,
				    smtpcmd_refusal(s->reply.code), "recipient "
				    "address %s not accepted by the server",
				    e->rcpts[i - 1].given);
				r->rcpt = xstrdup(e->rcpts[i - 1].given);
				failed = 1;
			}
		} else if (i == e->nrcpts + 1 && s->reply.code != 354) {
			smtp_fail_reply(s, r, smtpcmd_refusal(s->reply.code),
			    "the server does not accept mail data");
			failed = 1;
		}
	}
	return failed ? -1 : 0;
}

/* The message, dot-stuffed, then the final ".": 0, or -1 with r set. */
static int
smtpcmd_data(struct smtp_session *s, struct message *msg,
    struct deliver_result *r)
{
	char chunk[16384];
	int bol = 1, last = '\n';
	ssize_t n, i, start;

	message_rewind(msg);
	while ((n = message_read(msg, chunk, sizeof(chunk))) > 0) {
		for (start = i = 0; i < n; i++) {
			if (bol && chunk[i] == '.') {
				smtpio_data(&s->io, chunk + start,
				    (size_t)(i - start));
				smtpio_data(&s->io, ".", 1);
				start = i;
			}
			bol = chunk[i] == '\n';
		}
		smtpio_data(&s->io, chunk + start, (size_t)(n - start));
		last = chunk[n - 1];
		if (s->io.out.len >= SMTPCMD_CHUNK &&
		    smtpio_flush(&s->io) == -1) {
			smtp_fail_io(s, r);
			return -1;
		}
	}
	if (n < 0) {
		/* Nothing ends the data: the server drops what it has. */
		smtp_fail(r, DELIVER_TEMPFAIL, "cannot read the message being "
		    "sent");
		return -1;
	}
	if (last != '\n')
		smtpio_data(&s->io, "\r\n", 2);
	smtpio_data(&s->io, ".\r\n", 3);
	if (smtpio_flush(&s->io) == -1) {
		smtp_fail_io(s, r);
		return -1;
	}
	return 0;
}

/* A reply to the data lost: the message may have arrived. */
static void
smtpcmd_maybe(struct smtp_session *s, struct deliver_result *r)
{
	smtp_fail(r, DELIVER_MAYBE, "the connection was lost after the "
	    "message was sent, before the server confirmed it (%s); it may "
	    "have arrived", s->io.errstr != NULL ? s->io.errstr : "no reply");
}

/* LMTP: one reply per accepted recipient. 0 when all took it. */
static int
smtpcmd_lmtp(struct smtp_session *s, struct smtpcmd_envelope *e,
    const struct deliver_callbacks *cb, struct deliver_result *r)
{
	size_t i, got = 0;
	int failed = 0;

	for (i = 0; i < e->nrcpts; i++) {
		if (smtpio_reply(&s->io, &s->reply) == -1) {
			if (got == 0)
				smtpcmd_maybe(s, r);
			else
				smtp_fail_io(s, r);
			return -1;
		}
		got++;
		if (cb != NULL && cb->rcpt != NULL)
			cb->rcpt(cb->arg, e->rcpts[i].given, s->reply.code,
			    s->reply.text.s);
		if (s->reply.code / 100 != 2 && !failed) {
			smtp_fail_reply(s, r, s->reply.code >= 500 ?
			    DELIVER_REJECTED : DELIVER_DEFERRED, "the server "
			    "refuses to send the mail to %s", e->rcpts[i].given);
			r->rcpt = xstrdup(e->rcpts[i].given);
			failed = 1;
		} else if (!failed) {
			r->code = s->reply.code;
			free(r->reply);
			r->reply = xstrdup(s->reply.text.s);
		}
	}
	return failed ? -1 : 0;
}

int
smtpcmd_send(struct smtp_session *s, struct smtpcmd_envelope *e,
    struct message *msg, const struct deliver_callbacks *cb,
    struct deliver_result *r)
{
	if (smtpcmd_envelope(s, e, cb, r) == -1 ||
	    smtpcmd_data(s, msg, r) == -1)
		return -1;
	if (s->a->protocol == DELIVER_LMTP)
		return smtpcmd_lmtp(s, e, cb, r);
	if (smtpio_reply(&s->io, &s->reply) == -1) {
		if (s->io.err == SMTPIO_EPROTO)
			smtp_fail_io(s, r);
		else
			smtpcmd_maybe(s, r);
		return -1;
	}
	if (s->reply.code / 100 != 2) {
		smtp_fail_reply(s, r, s->reply.code >= 500 ? DELIVER_REJECTED :
		    DELIVER_DEFERRED, "the server did not accept the mail");
		return -1;
	}
	r->code = s->reply.code;
	free(r->reply);
	r->reply = xstrdup(s->reply.text.s);
	return 0;
}
