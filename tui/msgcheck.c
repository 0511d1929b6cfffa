/* msgcheck.c: the whole message through the guard, after every change. */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "transport.h"
#include "compose.h"
#include "msgcheck.h"
#include "trace.h"

/* Takes out what the last run put on a report's verdicts. */
static void
msgcheck_strip(struct guard_report *r)
{
	struct guard_verdict *v;
	size_t i, k, kept;

	r->severity = GUARD_OK;
	for (i = 0; i < r->nverdicts; i++) {
		v = &r->verdicts[i];
		v->severity = GUARD_OK;
		for (k = 0, kept = 0; k < v->nfindings; k++) {
			if (v->findings[k].code == GUARD_MARKING_EXTERNAL) {
				free(v->findings[k].reason);
				free(v->findings[k].suggestion);
				continue;
			}
			v->findings[kept++] = v->findings[k];
			if (v->findings[k].severity > v->severity)
				v->severity = v->findings[k].severity;
		}
		v->nfindings = kept;
		if (v->severity > r->severity)
			r->severity = v->severity;
	}
}

/* The file names a reader sees for the attachments. */
static const char **
msgcheck_names(const struct draft *d)
{
	const char **v = xcalloc(d->nattachments + 1, sizeof(*v));
	size_t i;

	for (i = 0; i < d->nattachments; i++)
		v[i] = draft_attachment_name(&d->attachments[i]);
	return v;
}

/* Traces the outcome when it differs from the last one said. */
static void
msgcheck_trace(struct compose *c, const struct guard_report *all)
{
	struct buf sig;
	size_t i, k;

	buf_init(&sig);
	for (i = 0; i < all->nfindings; i++)
		buf_addf(&sig, "%s%s", i > 0 ? "," : "",
		    guard_code_name(all->findings[i].code));
	buf_addc(&sig, '|');
	for (i = 0; i < all->nverdicts; i++)
		for (k = 0; k < all->verdicts[i].nfindings; k++)
			if (all->verdicts[i].findings[k].code ==
			    GUARD_MARKING_EXTERNAL)
				buf_addf(&sig, "%s,", all->verdicts[i].address);
	if (c->msg_sig == NULL || strcmp(c->msg_sig, sig.s) != 0) {
		trace_message(all);
		free(c->msg_sig);
		c->msg_sig = xstrdup(sig.s);
	}
	buf_free(&sig);
}

void
msgcheck_run(struct compose *c)
{
	struct guard_report all;
	struct guard_message m;
	const char **names;
	char *subject, *body;
	size_t n = 0, i;
	int f;

	guard_report_free(&c->msg);
	guard_report_init(&all);
	for (f = CF_TO; f <= CF_BCC; f++) {
		msgcheck_strip(&c->rep[f]);
		n += c->rep[f].nverdicts;
	}
	/* One report over all recipients, sharing the verdicts. */
	all.verdicts = xcalloc(n + 1, sizeof(*all.verdicts));
	for (f = CF_TO, n = 0; f <= CF_BCC; f++) {
		if (c->rep[f].nverdicts > 0)	/* verdicts may be NULL */
			memcpy(all.verdicts + n, c->rep[f].verdicts,
			    c->rep[f].nverdicts * sizeof(*all.verdicts));
		n += c->rep[f].nverdicts;
	}
	all.nverdicts = n;
	subject = field_get(&c->hdr[CF_SUBJECT]);
	body = body_get(&c->body);
	names = msgcheck_names(c->d);
	memset(&m, 0, sizeof(m));
	m.subject = subject;
	m.text = body;
	m.textlen = strlen(body);
	m.names.v = names;
	m.names.n = c->d->nattachments;
	guard_check_message(c->o->guard, &m, &all);
	/* The verdicts (with new findings) go back where they came from. */
	for (f = CF_TO, n = 0; f <= CF_BCC; f++) {
		if (c->rep[f].nverdicts > 0)
			memcpy(c->rep[f].verdicts, all.verdicts + n,
			    c->rep[f].nverdicts * sizeof(*all.verdicts));
		for (i = 0; i < c->rep[f].nverdicts; i++)
			if (c->rep[f].verdicts[i].severity >
			    c->rep[f].severity)
				c->rep[f].severity =
				    c->rep[f].verdicts[i].severity;
		n += c->rep[f].nverdicts;
	}
	msgcheck_trace(c, &all);
	c->msg.findings = all.findings;
	c->msg.nfindings = all.nfindings;
	c->msg.severity = all.severity;
	free(all.verdicts);
	free(names);
	free(subject);
	free(body);
}
