/*
 * prompt.c: the resolve prompt. One unresolved address at a time: f fixes
 * it to the suggestion, r removes it, o sends to it once, t trusts its
 * domain always, Esc (or a) goes back to editing. A blocked address
 * offers only r and back.
 */
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "common.h"
#include "compose.h"
#include "screen.h"
#include "trace.h"

/* The first unresolved verdict, or NULL. */
static const struct guard_verdict *
prompt_next(const struct compose *c, int *field)
{
	size_t i;
	int f;

	for (f = CF_TO; f <= CF_BCC; f++)
		for (i = 0; i < c->rep[f].nverdicts; i++)
			if (compose_unresolved(c, &c->rep[f].verdicts[i])) {
				*field = f;
				return &c->rep[f].verdicts[i];
			}
	return NULL;
}

/* The finding the prompt is about: the worst one. */
static const struct guard_finding *
prompt_finding(const struct guard_verdict *v)
{
	const struct guard_finding *best = NULL;
	size_t i;

	for (i = 0; i < v->nfindings; i++)
		if (best == NULL || v->findings[i].severity > best->severity ||
		    (best->suggestion == NULL &&
		    v->findings[i].suggestion != NULL &&
		    v->findings[i].severity == best->severity))
			best = &v->findings[i];
	return best;
}

/* Replaces the text of a verdict in its field: new == NULL removes it. */
static void
prompt_edit(struct compose *c, int f, const struct guard_verdict *v,
    const char *new)
{
	char *text = field_get(&c->hdr[f]), *hit, *out;
	size_t a, b, len = strlen(text);

	if ((hit = strstr(text, v->raw)) == NULL) {
		free(text);
		return;
	}
	a = (size_t)(hit - text);
	b = a + strlen(v->raw);
	if (new == NULL) {
		/* Take a comma (and blanks) with it, after or else before. */
		while (b < len && (text[b] == ' ' || text[b] == '\t'))
			b++;
		if (b < len && text[b] == ',') {
			b++;
			while (b < len && text[b] == ' ')
				b++;
		} else {
			while (a > 0 && (text[a - 1] == ' ' ||
			    text[a - 1] == '\t'))
				a--;
			if (a > 0 && text[a - 1] == ',')
				a--;
		}
		new = "";
	}
	out = xasprintf("%.*s%s%s", (int)a, text, new, text + b);
	field_set(&c->hdr[f], out);
	field_end(&c->hdr[f]);
	free(out);
	free(text);
	compose_check(c, f);
}

/* Fixes the domain of an address to the suggestion. */
static void
prompt_fix(struct compose *c, int f, const struct guard_verdict *v,
    const char *suggestion)
{
	const char *at, *in;
	char *raw, *fixed;
	size_t off;

	if (v->address == NULL || (at = strrchr(v->address, '@')) == NULL ||
	    (in = strstr(v->raw, v->address)) == NULL)
		return;
	off = (size_t)(in - v->raw) + (size_t)(at - v->address) + 1;
	raw = xstrdup(v->raw);
	fixed = xasprintf("%.*s%s%s", (int)off, raw, suggestion,
	    raw + off + strlen(at + 1));
	prompt_edit(c, f, v, fixed);
	free(fixed);
	free(raw);
}

static void
prompt_ok(struct compose *c, const char *domain)
{
	c->ok = xreallocarray(c->ok, c->nok + 1, sizeof(*c->ok));
	c->ok[c->nok++] = xstrdup(domain);
}

/* Draws the prompt box over the bottom of the screen. */
static void
prompt_draw(const struct guard_verdict *v, const struct guard_finding *fi,
    int blocked, int remaining)
{
	char *l1, *l2, *l3;
	const char *who = v->address != NULL ? v->address : v->raw;
	const char *at = v->address != NULL ? strrchr(v->address, '@') : NULL;
	int y, rows, cols, a = screen_attr(ROLE_PROMPT);

	getmaxyx(stdscr, rows, cols);
	if (cols < 60 || rows < 15)
		return;
	l1 = xasprintf("%s %s: %s", blocked ? "(x)" : "(!)", who, fi->reason);
	if (fi->suggestion != NULL && !blocked && at != NULL)
		l2 = xasprintf("Did you mean %.*s%s?  (%d to resolve)",
		    (int)(at - v->address + 1), v->address, fi->suggestion,
		    remaining);
	else
		l2 = xasprintf(blocked ? "Blocked: it cannot be sent. (%d to "
		    "resolve)" : "(%d to resolve)", remaining);
	if (blocked)
		l3 = xstrdup("r remove   Esc back");
	else
		l3 = xasprintf("%sr remove   o send once   t trust %s always"
		    "   Esc back", fi->suggestion != NULL ? "f fix   " : "",
		    v->domain != NULL ? v->domain : "it");
	y = rows - 4;
	screen_clear_to(y, 0, cols, a);
	screen_clear_to(y + 1, 0, cols, a);
	screen_clear_to(y + 2, 0, cols, a);
	screen_utf8(y, 0, cols, l1, a);
	screen_utf8(y + 1, 0, cols, l2, a);
	screen_utf8(y + 2, 0, cols, l3, screen_attr(ROLE_PROMPT_KEY));
	curs_set(0);
	refresh();
	free(l1);
	free(l2);
	free(l3);
}

enum prompt_answer
prompt_ask(const struct guard_verdict *v, int remaining,
    void (*redraw)(void *), void *arg)
{
	const struct guard_finding *fi = prompt_finding(v);
	int blocked = v->severity == GUARD_BLOCK, r;
	wint_t k;

	trace_prompt(v->address != NULL ? v->address : v->raw,
	    guard_code_name(fi->code), fi->suggestion, blocked ? "ra" :
	    fi->suggestion != NULL ? "froat" : "roat");
	for (;;) {
		redraw(arg);
		prompt_draw(v, fi, blocked, remaining);
		r = get_wch(&k);
		if (r == ERR || r == KEY_CODE_YES)
			continue;	/* a resize redraws on the next turn */
		if (k == 'f' && !blocked && fi->suggestion != NULL &&
		    v->address != NULL) {
			trace_key("f", "fix");
			return PROMPT_FIX;
		}
		if (k == 'r') {
			trace_key("r", "remove");
			return PROMPT_REMOVE;
		}
		if (k == 'o' && !blocked && v->domain_ascii != NULL) {
			trace_key("o", "once");
			return PROMPT_ONCE;
		}
		if (k == 't' && !blocked && v->domain_ascii != NULL) {
			trace_key("t", "trust");
			return PROMPT_TRUST;
		}
		if (k == 0x1b || k == 'a') {
			trace_key(k == 'a' ? "a" : "Esc", "back");
			return PROMPT_BACK;
		}
	}
}

const char *
prompt_suggestion(const struct guard_verdict *v)
{
	return prompt_finding(v)->suggestion;
}

static void
prompt_redraw_compose(void *arg)
{
	compose_draw(arg);
}

int
prompt_run(struct compose *c)
{
	const struct guard_verdict *v;
	char *sugg, *dom;
	int f, r, remaining;
	size_t i;

	while ((v = prompt_next(c, &f)) != NULL) {
		remaining = 0;
		for (r = CF_TO; r <= CF_BCC; r++)
			for (i = 0; i < c->rep[r].nverdicts; i++)
				remaining += compose_unresolved(c,
				    &c->rep[r].verdicts[i]);
		sugg = prompt_suggestion(v) != NULL ?
		    xstrdup(prompt_suggestion(v)) : NULL;
		dom = v->domain_ascii != NULL ? xstrdup(v->domain_ascii) : NULL;
		switch (prompt_ask(v, remaining, prompt_redraw_compose, c)) {
		case PROMPT_FIX:
			prompt_fix(c, f, v, sugg);
			break;
		case PROMPT_REMOVE:
			prompt_edit(c, f, v, NULL);
			break;
		case PROMPT_ONCE:
			prompt_ok(c, dom);
			break;
		case PROMPT_TRUST:
			if (c->o->ops.trust(c->o->ops.arg, dom) != 0)
				compose_say(c, ROLE_ERROR, "could not save the "
				    "trust; sending to it this once");
			prompt_ok(c, dom);
			break;
		case PROMPT_BACK:
			free(sugg);
			free(dom);
			return 0;
		}
		free(sugg);
		free(dom);
	}
	return 1;
}
