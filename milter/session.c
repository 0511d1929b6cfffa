/*
 * session.c: the libmilter callbacks. A message is checked with the guard
 * it started with: recipients at RCPT TO, then the text as it streams in,
 * then the decision at the end of the message.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "common.h"
#include "guard.h"
#include "config.h"
#include "msgview.h"
#include "decide.h"
#include "hold.h"
#include "mlog.h"
#include "session.h"

/* Sendguard-Resolved fields read at most (the rest are only removed). */
#define SESSION_RESOLVED_MAX	8
/* X-Sendguard fields added at most. */
#define SESSION_TAGS_MAX	100

static char session_sym_i[] = "i";
static char session_sym_rcpt[] = "i {daemon_port}";
static char session_sym_port[] = "{daemon_port}";
static char session_nosym[] = "";
static char session_550[] = "550";
static char session_571[] = "5.7.1";
static char session_resolved[] = "Sendguard-Resolved";
static char session_tagname[] = "X-Sendguard";

/* One SMTP session and the message in it. */
struct session {
	unsigned long		 noreply;	/* SMFIP_NR_* negotiated */
	/* The message (MAIL FROM to its end): */
	struct hold		*hold;		/* its guard */
	struct guard_report	 report;	/* its accepted recipients */
	size_t			 cap;		/* verdicts allocated */
	char			**rcpts;	/* the same, as sent */
	size_t			 nrcpts;
	char			*msgid;
	struct strlist		 resolved;	/* Sendguard-Resolved values */
	int			 nresolved;	/* fields, all of them */
	struct msgview		 mv;
	int			 reading;	/* mv started */
	uint64_t		 ns;		/* time spent in our callbacks */
	uint64_t		 t0;
};

static uint64_t
session_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The session of a context (made on first use), with its clock started. */
static struct session *
session_enter(SMFICTX *ctx)
{
	struct session *s = smfi_getpriv(ctx);

	if (s == NULL) {
		s = xcalloc(1, sizeof(*s));
		smfi_setpriv(ctx, s);
	}
	s->t0 = session_clock();
	return s;
}

static sfsistat
session_leave(struct session *s, sfsistat rc)
{
	s->ns += session_clock() - s->t0;
	return rc;
}

/* A step that the MTA was told needs no reply gets none. */
static sfsistat
session_next(struct session *s, unsigned long step)
{
	return session_leave(s, (s->noreply & step) ? SMFIS_NOREPLY :
	    SMFIS_CONTINUE);
}

static const char *
session_qid(SMFICTX *ctx)
{
	const char *q = smfi_getsymval(ctx, session_sym_i);

	return q != NULL && *q != '\0' ? q : "NOQUEUE";
}

/* Forgets the message and gives its guard back. */
static void
session_reset(struct session *s)
{
	size_t i;

	guard_report_free(&s->report);
	for (i = 0; i < s->nrcpts; i++)
		free(s->rcpts[i]);
	free(s->rcpts);
	s->rcpts = NULL;
	s->nrcpts = s->cap = 0;
	strlist_free(&s->resolved);
	free(s->msgid);
	if (s->reading)
		msgview_free(&s->mv);
	hold_put(s->hold);
	s->hold = NULL;
	s->msgid = NULL;
	s->nresolved = 0;
	s->reading = 0;
	s->ns = 0;
}

static sfsistat
session_negotiate(SMFICTX *ctx, unsigned long f0, unsigned long f1,
    unsigned long f2, unsigned long f3, unsigned long *pf0,
    unsigned long *pf1, unsigned long *pf2, unsigned long *pf3)
{
	struct session *s = session_enter(ctx);
	const unsigned long skip = SMFIP_NOCONNECT | SMFIP_NOHELO |
	    SMFIP_NOUNKNOWN | SMFIP_NODATA;
	const unsigned long quiet = SMFIP_NR_MAIL | SMFIP_NR_HDR |
	    SMFIP_NR_EOH | SMFIP_NR_BODY;

	static const int none[] = { SMFIM_CONNECT, SMFIM_HELO, SMFIM_ENVFROM,
	    SMFIM_DATA, SMFIM_EOH };
	size_t i;

	(void)f2;
	(void)f3;
	*pf0 = f0 & (SMFIF_ADDHDRS | SMFIF_CHGHDRS | SMFIF_QUARANTINE |
	    SMFIF_SETSYMLIST);
	*pf1 = f1 & (skip | quiet);
	*pf2 = *pf3 = 0;
	s->noreply = f1 & quiet;
	/*
	 * Of the macros only the queue ID is used: the MTA need not encode
	 * the others for every message, nor send them at all elsewhere.
	 */
	if (f0 & SMFIF_SETSYMLIST) {
		for (i = 0; i < sizeof(none) / sizeof(none[0]); i++)
			if (smfi_setsymlist(ctx, none[i], session_nosym) !=
			    MI_SUCCESS)
				mlog(LOG_DEBUG, "setsymlist %d refused", none[i]);
		smfi_setsymlist(ctx, SMFIM_ENVRCPT, session_sym_rcpt);
		smfi_setsymlist(ctx, SMFIM_EOM, session_sym_i);
	}
	return session_leave(s, SMFIS_CONTINUE);
}

static sfsistat
session_envfrom(SMFICTX *ctx, char **argv)
{
	struct session *s = session_enter(ctx);

	(void)argv;
	session_reset(s);
	s->t0 = session_clock();
	if ((s->hold = hold_get()) == NULL)
		return session_leave(s, SMFIS_TEMPFAIL);
	return session_next(s, SMFIP_NR_MAIL);
}

/*
 * Keeps an accepted recipient: its verdicts join the message's report
 * (grown by doubling: a message may have 10,000 recipients).
 */
static void
session_keep(struct session *s, struct guard_report *one, char *addr)
{
	struct guard_report *r = &s->report;
	size_t i;

	/* One capacity for both arrays. */
	if (r->nverdicts + one->nverdicts > s->cap || s->nrcpts + 1 > s->cap) {
		s->cap = (r->nverdicts + one->nverdicts + s->nrcpts + 1) * 2;
		r->verdicts = xreallocarray(r->verdicts, s->cap,
		    sizeof(*r->verdicts));
		s->rcpts = xreallocarray(s->rcpts, s->cap, sizeof(*s->rcpts));
	}
	for (i = 0; i < one->nverdicts; i++)
		r->verdicts[r->nverdicts++] = one->verdicts[i];
	if (one->severity > r->severity)
		r->severity = one->severity;
	one->nverdicts = 0;
	s->rcpts[s->nrcpts++] = addr;
}

static sfsistat
session_envrcpt(SMFICTX *ctx, char **argv)
{
	struct session *s = session_enter(ctx);
	struct guard_report one;
	const struct guard_verdict *blocked = NULL;
	const char *rcpt = argv[0] != NULL ? argv[0] : "", *port;
	char *addr, *reply;
	size_t len = strlen(rcpt), i;

	if (s->hold == NULL)
		return session_leave(s, SMFIS_CONTINUE);
	addr = len >= 2 && rcpt[0] == '<' && rcpt[len - 1] == '>' ?
	    xstrndup(rcpt + 1, len - 2) : xstrdup(rcpt);
	guard_report_init(&one);
	guard_check(hold_guard(s->hold), addr, &one);
	for (i = 0; i < one.nverdicts && blocked == NULL; i++)
		if (one.verdicts[i].severity == GUARD_BLOCK)
			blocked = &one.verdicts[i];
	/*
	 * Postfix cannot refuse one recipient of mail handed to its sendmail
	 * command (non_smtpd_milters: no SMTP client, {daemon_port} is 0):
	 * it would retry the message for ever. The block then refuses the
	 * whole message at its end, which Postfix bounces to the sender.
	 */
	port = smfi_getsymval(ctx, session_sym_port);
	if (blocked == NULL || (port != NULL && strcmp(port, "0") == 0)) {
		session_keep(s, &one, addr);
		guard_report_free(&one);
		return session_leave(s, SMFIS_CONTINUE);
	}
	/* syntax or policy-block: this recipient is refused, no other. */
	reply = decide_refusal(blocked);
	mlog(LOG_INFO, "%s: refused RCPT TO:<%s>: %s", session_qid(ctx), addr,
	    reply + strlen("sendguard: "));
	smfi_setreply(ctx, session_550, session_571, reply);
	free(reply);
	free(addr);
	guard_report_free(&one);
	return session_leave(s, SMFIS_REJECT);
}

/* Hands a piece of the message to the reader. */
static void
session_feed(struct session *s, const char *p, size_t n)
{
	if (!s->reading) {
		msgview_start(&s->mv, hold_guard(s->hold));
		s->reading = 1;
	}
	(void)msgview_feed(&s->mv, p, n);
}

static sfsistat
session_header(SMFICTX *ctx, char *name, char *value)
{
	struct session *s = session_enter(ctx);
	char *field;

	if (s->hold == NULL)
		return session_next(s, SMFIP_NR_HDR);
	field = xasprintf("%s: %s\r\n", name, value);
	session_feed(s, field, strlen(field));
	free(field);
	if (strcasecmp(name, "Message-ID") == 0 && s->msgid == NULL)
		s->msgid = xstrdup(value);
	if (strcasecmp(name, session_resolved) == 0 &&
	    s->nresolved++ < SESSION_RESOLVED_MAX)
		strlist_add(&s->resolved, value);
	return session_next(s, SMFIP_NR_HDR);
}

static sfsistat
session_eoh(SMFICTX *ctx)
{
	struct session *s = session_enter(ctx);

	if (s->hold != NULL)
		session_feed(s, "\r\n", 2);
	return session_next(s, SMFIP_NR_EOH);
}

static sfsistat
session_body(SMFICTX *ctx, unsigned char *p, size_t n)
{
	struct session *s = session_enter(ctx);

	if (s->hold != NULL)
		session_feed(s, (const char *)p, n);
	return session_next(s, SMFIP_NR_BODY);
}

/* The first Sendguard-Resolved field bound to this message, or NULL. */
static struct guard_resolved *
session_resolution(SMFICTX *ctx, struct session *s)
{
	struct guard_resolved *res;
	char *err = NULL;
	size_t i;

	for (i = 0; i < s->resolved.n; i++) {
		if (guard_resolved_parse(s->resolved.v[i],
		    strlen(s->resolved.v[i]), &res, &err) != 0) {
			mlog(LOG_NOTICE, "%s: Sendguard-Resolved ignored: %s",
			    session_qid(ctx), err);
			free(err);
			err = NULL;
			continue;
		}
		if (guard_resolved_verify(res, s->msgid,
		    (const char *const *)s->rcpts, s->nrcpts))
			return res;
		mlog(LOG_NOTICE, "%s: Sendguard-Resolved ignored: not bound "
		    "to this message (its Message-ID and recipients)",
		    session_qid(ctx));
		guard_resolved_free(res);
	}
	return NULL;
}

/* Carries out the action on the warnings; the reply to the MTA. */
static sfsistat
session_act(SMFICTX *ctx, enum config_milter_action action,
    const struct decision *d)
{
	char **lines, *text, *reason;
	size_t n, i;

	switch (action) {
	case CONFIG_MILTER_REJECT:
		lines = decide_reply(d, &n);
		if (n == 1 || smfi_setmlreply(ctx, session_550, session_571,
		    lines[0], lines[1], lines[2], lines[3], lines[4], lines[5],
		    lines[6], lines[7], lines[8], lines[9], lines[10], lines[11],
		    lines[12], lines[13], lines[14], lines[15], lines[16],
		    lines[17], lines[18], lines[19], lines[20], lines[21],
		    lines[22], lines[23], lines[24], lines[25], lines[26],
		    lines[27], lines[28], lines[29], (char *)NULL) !=
		    MI_SUCCESS)
			smfi_setreply(ctx, session_550, session_571, lines[0]);
		decide_lines_free(lines, n);
		return SMFIS_REJECT;
	case CONFIG_MILTER_QUARANTINE:
		text = decide_tag(&d->items[0]);
		reason = xasprintf("sendguard: %s%s", text, d->n > 1 ?
		    " (and more)" : "");
		smfi_quarantine(ctx, reason);
		free(reason);
		free(text);
		return SMFIS_CONTINUE;
	case CONFIG_MILTER_TAG:
		for (i = 0; i < d->n && i < SESSION_TAGS_MAX; i++) {
			text = decide_tag(&d->items[i]);
			smfi_addheader(ctx, session_tagname, text);
			free(text);
		}
		return SMFIS_CONTINUE;
	}
	return SMFIS_CONTINUE;
}

/* Each finding: warnings (acted on or waived), then the notices. */
static void
session_log(const char *qid, const struct guard_report *r,
    const struct decision *d)
{
	char *line;
	size_t i;

	for (i = 0; i < d->n + d->waived; i++) {
		line = decide_log(i < d->n ? &d->items[i] :
		    &d->waived_items[i - d->n]);
		mlog(LOG_INFO, "%s: %s", qid, line);
		free(line);
	}
	for (i = 0; i < r->nfindings; i++)
		mlog(LOG_INFO, "%s: (the message): %s: %s", qid,
		    guard_code_name(r->findings[i].code), r->findings[i].reason);
}

static const char *const session_actions[] = {
	[CONFIG_MILTER_REJECT] = "reject",
	[CONFIG_MILTER_QUARANTINE] = "quarantine",
	[CONFIG_MILTER_TAG] = "tag",
};

static sfsistat
session_eom(SMFICTX *ctx)
{
	struct session *s = session_enter(ctx);
	const struct config *c;
	struct guard_resolved *res = NULL;
	struct decision d;
	const char *qid = session_qid(ctx);
	char *err = NULL;
	size_t i;
	sfsistat rc = SMFIS_CONTINUE;
	int read = 1;

	if (s->hold == NULL)
		return session_leave(s, SMFIS_CONTINUE);
	c = hold_config(s->hold);
	if (!s->reading)
		session_feed(s, "", 0);
	s->reading = 0;
	if (msgview_end(&s->mv, &err) != 0) {
		mlog(LOG_WARNING, "%s: the text was not checked for markings: "
		    "%s", qid, err);
		free(err);
		read = 0;
	}
	guard_check_message(hold_guard(s->hold), read ? &s->mv.view : NULL,
	    &s->report);
	if (c->milter_honour_resolved)
		res = session_resolution(ctx, s);
	decide(&s->report, res, &d);
	/* The header is for this relay only: it never leaves. */
	for (i = (size_t)s->nresolved; i > 0; i--)
		smfi_chgheader(ctx, session_resolved, (int)i, NULL);
	session_log(qid, &s->report, &d);
	if (d.n > 0)
		rc = session_act(ctx, d.blocks > 0 ? CONFIG_MILTER_REJECT :
		    c->milter_action, &d);
	s->ns += session_clock() - s->t0;
	s->t0 = session_clock();
	mlog(LOG_INFO, "%s: %s: %zu recipient%s, %zu warning%s, %zu block%s, "
	    "%zu waived by Sendguard-Resolved, %llu us", qid, d.n == 0 ? "accept" :
	    d.blocks > 0 ? "reject" :
	    session_actions[c->milter_action], s->report.nverdicts,
	    s->report.nverdicts == 1 ? "" : "s", d.n - d.blocks,
	    d.n - d.blocks == 1 ? "" : "s", d.blocks, d.blocks == 1 ? "" : "s",
	    d.waived, (unsigned long long)(s->ns / 1000));
	decide_free(&d);
	guard_resolved_free(res);
	if (read)
		msgview_free(&s->mv);
	session_reset(s);
	return session_leave(s, rc);
}

static sfsistat
session_abort(SMFICTX *ctx)
{
	struct session *s = session_enter(ctx);

	session_reset(s);
	return session_leave(s, SMFIS_CONTINUE);
}

static sfsistat
session_close(SMFICTX *ctx)
{
	struct session *s = smfi_getpriv(ctx);

	if (s != NULL) {
		session_reset(s);
		free(s);
		smfi_setpriv(ctx, NULL);
	}
	return SMFIS_CONTINUE;
}

static char session_name[] = "sendguard";

static struct smfiDesc session_desc = {
	.xxfi_name = session_name,
	.xxfi_version = SMFI_VERSION,
	.xxfi_flags = SMFIF_ADDHDRS | SMFIF_CHGHDRS | SMFIF_QUARANTINE,
	.xxfi_envfrom = session_envfrom,
	.xxfi_envrcpt = session_envrcpt,
	.xxfi_header = session_header,
	.xxfi_eoh = session_eoh,
	.xxfi_body = session_body,
	.xxfi_eom = session_eom,
	.xxfi_abort = session_abort,
	.xxfi_close = session_close,
	.xxfi_negotiate = session_negotiate,
};

struct smfiDesc *
session_filter(void)
{
	return &session_desc;
}
