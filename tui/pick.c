/*
 * pick.c: Tab in a recipient field. Completes the address being typed from
 * contacts and history; several candidates open a list that Tab, Shift-Tab,
 * Up and Down go through, Enter takes and Esc cancels.
 */
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "common.h"
#include "compose.h"
#include "pick.h"

void
pick_init(struct pick *p)
{
	memset(p, 0, sizeof(*p));
}

/* Closes the list, forgetting what was typed. */
static void
pick_close(struct pick *p)
{
	free(p->typed);
	p->typed = NULL;
	p->ntyped = p->cur = p->start = p->ncand = p->sel = p->top = 0;
	p->state = PICK_CLOSED;
}

void
pick_free(struct pick *p)
{
	pick_close(p);
	complete_free(p->matcher);
	free(p->cand);
	pick_init(p);
}

void
pick_prepare(struct compose *c)
{
	struct pick *p = &c->pick;

	const struct tui_contact *v = c->o->contacts;
	size_t n = c->o->ncontacts;

	if (p->matcher != NULL || p->tried)
		return;
	p->tried = 1;
	/* Read only now, so the first screen does not wait for 100,000. */
	if (n == 0 && c->o->ops.contacts != NULL)
		c->o->ops.contacts(c->o->ops.arg, &v, &n);
	if (n == 0)
		return;
	p->matcher = complete_new(v, n);
	p->cand = xcalloc(COMPLETE_MAX, sizeof(*p->cand));
}

/* Bytes of UTF-8 that the first n code points of v take. */
static size_t
pick_bytes(const uint32_t *v, size_t n)
{
	size_t i, len = 0;

	for (i = 0; i < n; i++)
		len += v[i] < 0x80 ? 1 : v[i] < 0x800 ? 2 : v[i] < 0x10000 ?
		    3 : 4;
	return len;
}

/* Code points in the first len bytes of UTF-8 s. */
static size_t
pick_cps(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

/* Puts text where the address was typed, the cursor after it; checks. */
static void
pick_put(struct compose *c, const char *text)
{
	struct pick *p = &c->pick;
	struct field *fl = &c->hdr[p->field];
	size_t i, at;

	field_set(fl, "");
	for (i = 0; i < p->start; i++)
		field_insert(fl, p->typed[i]);
	field_insert_utf8(fl, text, strlen(text));
	at = fl->cur;
	for (i = p->cur; i < p->ntyped; i++)
		field_insert(fl, p->typed[i]);
	fl->cur = at;
	compose_check(c, p->field);
}

/* Puts candidate i in the field. */
static void
pick_select(struct compose *c, size_t i)
{
	char *text = complete_text(c->pick.cand[i].entry);

	c->pick.sel = i;
	pick_put(c, text);
	free(text);
}

/* Puts back what was typed, the cursor where it was; checks. */
static void
pick_restore(struct compose *c)
{
	struct pick *p = &c->pick;
	struct field *fl = &c->hdr[p->field];
	size_t i;

	field_set(fl, "");
	for (i = 0; i < p->ntyped; i++)
		field_insert(fl, p->typed[i]);
	fl->cur = p->cur;
	compose_check(c, p->field);
}

/* Whether the address typed is already one of the candidates, complete. */
static int
pick_complete(const struct pick *p, const char *typed)
{
	char *text;
	size_t i;
	int same = 0;

	for (i = 0; i < p->ncand && !same; i++) {
		text = complete_text(p->cand[i].entry);
		same = strcmp(text, typed) == 0;
		free(text);
	}
	return same;
}

int
pick_tab(struct compose *c, int dir)
{
	struct pick *p = &c->pick;
	struct field *fl = &c->hdr[c->focus];
	char *text, *typed;
	size_t cur, start;

	pick_prepare(c);
	if (p->matcher == NULL || !COMPOSE_RCPT(c->focus))
		return 0;
	text = field_get(fl);
	cur = pick_bytes(fl->v, fl->cur);
	start = complete_token(text, cur);
	typed = xstrndup(text + start, cur - start);
	pick_prepare(c);
	pick_close(p);
	p->ncand = complete_find(p->matcher, typed, p->cand, COMPLETE_MAX,
	    &p->more);
	if (p->ncand == 0 || pick_complete(p, typed)) {
		pick_close(p);
		free(typed);
		free(text);
		return 0;
	}
	p->field = c->focus;
	p->ntyped = fl->n;
	p->typed = xreallocarray(NULL, fl->n + 1, sizeof(*p->typed));
	memcpy(p->typed, fl->v, fl->n * sizeof(*p->typed));
	p->cur = fl->cur;
	p->start = pick_cps(text, start);
	pick_select(c, dir > 0 ? 0 : p->ncand - 1);
	if (p->ncand > 1)
		p->state = PICK_OPEN;
	else
		pick_close(p);
	free(typed);
	free(text);
	return 1;
}

enum pick_result
pick_key(struct compose *c, wint_t k, int code)
{
	struct pick *p = &c->pick;

	if (p->state != PICK_OPEN || (code && k == KEY_RESIZE))
		return PICK_PASS;
	if ((!code && k == '\t') || (code && k == KEY_DOWN)) {
		pick_select(c, (p->sel + 1) % p->ncand);
		return PICK_HANDLED;
	}
	if (code && (k == KEY_BTAB || k == KEY_UP)) {
		pick_select(c, (p->sel + p->ncand - 1) % p->ncand);
		return PICK_HANDLED;
	}
	if ((!code && (k == '\r' || k == '\n')) || (code && k == KEY_ENTER)) {
		pick_close(p);
		return PICK_HANDLED;
	}
	if (!code && k == 0x1b) {
		pick_restore(c);
		pick_close(p);
		return PICK_HANDLED;
	}
	pick_close(p);
	return PICK_PASS;
}
