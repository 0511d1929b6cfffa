/*
 * envelope.c: what goes on the wire is what the guard checked: the
 * envelope and the To/Cc rewrites, from the verdicts and the answers.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common.h"
#include "guard.h"
#include "transport.h"
#include "envelope.h"

void
envelope_init(struct envelope *e)
{
	memset(e, 0, sizeof(*e));
}

/* Keeps a string made here until envelope_free(). */
static const char *
envelope_keep(struct envelope *e, char *s)
{
	strlist_add(&e->own, s);
	free(s);
	return e->own.v[e->own.n - 1];
}

static void
envelope_rcpt(struct envelope *e, const char *addr, const char *name)
{
	e->rcpts = xreallocarray(e->rcpts, e->n + 2, sizeof(*e->rcpts));
	e->names = xreallocarray(e->names, e->n + 2, sizeof(*e->names));
	e->rcpts[e->n] = addr;
	e->names[e->n++] = name;
	e->rcpts[e->n] = e->names[e->n] = NULL;
}

static void
envelope_rewrite(struct envelope *e, const char *old, const char *new)
{
	e->rw = xreallocarray(e->rw, e->nrw + 1, sizeof(*e->rw));
	e->rw[e->nrw].old = old;
	e->rw[e->nrw++].new = new;
}

/*
 * A fix: the local part as written, @, the suggestion, checked by the same
 * guard so that it goes out in the same normalized form.
 */
static const char *
envelope_fixed(struct envelope *e, const struct guard *g,
    const struct guard_verdict *v)
{
	struct guard_report r;
	const char *at = strrchr(v->address, '@'), *sugg = tui_suggestion(v);
	char *addr;

	if (at == NULL || sugg == NULL)
		return NULL;
	addr = xasprintf("%.*s@%s", (int)(at - v->address), v->address,
	    sugg);
	guard_report_init(&r);
	guard_check(g, addr, &r);
	if (r.nverdicts == 1 && r.verdicts[0].address_ascii != NULL) {
		free(addr);
		addr = xstrdup(r.verdicts[0].address_ascii);
	}
	guard_report_free(&r);
	return envelope_keep(e, addr);
}

/*
 * Whether the header's spelling of an address says something else than
 * what is sent: its domain differs from the A-label form beyond ASCII
 * case (full-width letters, an invisible character, a root dot, a
 * U-label). Capitals alone are left as written, as msmtp leaves them.
 */
static int
envelope_differs(const struct guard_verdict *v)
{
	const char *at = strrchr(v->address, '@');

	return at != NULL && v->domain_ascii != NULL &&
	    strcasecmp(at + 1, v->domain_ascii) != 0;
}

void
envelope_add(struct envelope *e, const struct guard *g,
    const struct guard_report *r, const enum tui_action *act)
{
	const struct guard_verdict *v;
	const char *wire;
	size_t i;

	for (i = 0; i < r->nverdicts; i++) {
		v = &r->verdicts[i];
		if (v->address == NULL)
			continue;
		if (act != NULL && act[i] == TUI_REMOVE) {
			envelope_rewrite(e, v->address, NULL);
			continue;
		}
		if (act != NULL && act[i] == TUI_FIX &&
		    (wire = envelope_fixed(e, g, v)) != NULL) {
			envelope_rewrite(e, v->address, wire);
			envelope_rcpt(e, wire, v->name);
			continue;
		}
		wire = v->address_ascii != NULL ? v->address_ascii :
		    v->address;
		if (envelope_differs(v))
			envelope_rewrite(e, v->address, wire);
		envelope_rcpt(e, wire, v->name);
	}
}

void
envelope_message(const struct envelope *e, struct message *m)
{
	size_t i;

	for (i = 0; i < e->nrw; i++)
		message_rewrite_recipient(m, e->rw[i].old, e->rw[i].new);
}

void
envelope_draft(const struct envelope *e, const struct draft *d, char **to,
    char **cc)
{
	char *s;
	size_t i;

	*to = d->to != NULL ? xstrdup(d->to) : NULL;
	*cc = d->cc != NULL ? xstrdup(d->cc) : NULL;
	for (i = 0; i < e->nrw; i++) {
		s = message_rewrite_list(*to, e->rw[i].old, e->rw[i].new);
		free(*to);
		*to = s;
		s = message_rewrite_list(*cc, e->rw[i].old, e->rw[i].new);
		free(*cc);
		*cc = s;
	}
}

void
envelope_free(struct envelope *e)
{
	free(e->rcpts);
	free(e->names);
	free(e->rw);
	strlist_free(&e->own);
	memset(e, 0, sizeof(*e));
}
