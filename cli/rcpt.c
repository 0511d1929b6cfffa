/*
 * rcpt.c: the recipients of sendmail mode, found as msmtp finds them: the
 * arguments, with -t the headers (or the first Resent- block), then
 * msmtp's aliases.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common.h"
#include "guard.h"
#include "transport.h"
#include "config.h"
#include "envalias.h"
#include "rcpt.h"

/* A local name standing alone ("root", "<root>"), allocated, or NULL. */
static char *
rcpt_local(const char *raw)
{
	const char *lt = strchr(raw, '<'), *gt;
	char *s;

	if (lt != NULL && (gt = strchr(lt, '>')) != NULL)
		s = xstrndup(lt + 1, (size_t)(gt - lt - 1));
	else
		s = xstrdup(raw);
	str_trim(s);
	if (s[0] == '\0' || strpbrk(s, "@ \t\"(),:;<>[]\\") != NULL) {
		free(s);
		return NULL;
	}
	return s;
}

static void
rcpt_add(struct rcpts *l, const char *field, const char *address,
    const char *name)
{
	struct rcpt *r;

	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	r = &l->v[l->n++];
	r->field = xstrdup(field);
	r->address = address != NULL ? xstrdup(address) : NULL;
	r->name = name != NULL ? xstrdup(name) : NULL;
}

/* Each address of a list, as the guard parses it. */
static void
rcpt_list(struct rcpts *l, const char *list)
{
	struct guard_report r;
	const struct guard_verdict *v;
	char *local;
	size_t i;

	guard_report_init(&r);
	guard_parse(list, &r);
	for (i = 0; i < r.nverdicts; i++) {
		v = &r.verdicts[i];
		if (v->address != NULL) {
			rcpt_add(l, v->raw, v->address, v->name);
			continue;
		}
		local = rcpt_local(v->raw);
		rcpt_add(l, v->raw, local, v->name);
		free(local);
	}
	guard_report_free(&r);
}

static int
rcpt_is(const char *name, const char *want)
{
	return strcasecmp(name, want) == 0;
}

/* To, Cc or Bcc. */
static int
rcpt_header(const char *name)
{
	return rcpt_is(name, "To") || rcpt_is(name, "Cc") ||
	    rcpt_is(name, "Bcc");
}

/*
 * msmtp 1.8.23's reading of the header: the To/Cc/Bcc values, or, once a
 * Resent- field has been seen, only the Resent-To/Cc/Bcc of the first
 * Resent- block (any field that is not a Resent- one ends it, To and From
 * included). *from gets the first From (never a Resent-From).
 */
static void
rcpt_scan(const struct message *m, struct strlist *normal,
    struct strlist *resent, int *block, const char **from)
{
	const char *name, *value;
	size_t i;

	*block = -1;
	*from = NULL;
	for (i = 0; message_field(m, i, &name, &value) == 0; i++) {
		if (strncasecmp(name, "Resent-", 7) == 0) {
			if (*block == -1)
				*block = 0;
			if (*block == 0 && rcpt_header(name + 7))
				strlist_add(resent, value);
			continue;
		}
		if (*block == 0)
			*block = 1;
		if (rcpt_header(name))
			strlist_add(normal, value);
		else if (rcpt_is(name, "From") && *from == NULL)
			*from = value;
	}
}

void
rcpt_collect(char **args, int nargs, const struct message *m,
    int read_headers, struct rcpts *l)
{
	struct strlist normal = { NULL, 0 }, resent = { NULL, 0 };
	const struct strlist *use;
	const char *from;
	size_t i;
	int k, block;

	memset(l, 0, sizeof(*l));
	for (k = 0; k < nargs; k++)
		rcpt_list(l, args[k]);
	if (!read_headers)
		return;
	rcpt_scan(m, &normal, &resent, &block, &from);
	use = block >= 0 ? &resent : &normal;
	for (i = 0; i < use->n; i++)
		rcpt_list(l, use->v[i]);
	strlist_free(&normal);
	strlist_free(&resent);
}

char *
rcpt_header_from(const struct message *m)
{
	struct strlist normal = { NULL, 0 }, resent = { NULL, 0 };
	struct rcpts l;
	const char *from;
	char *a = NULL;
	int block;

	rcpt_scan(m, &normal, &resent, &block, &from);
	strlist_free(&normal);
	strlist_free(&resent);
	if (from == NULL)
		return NULL;
	memset(&l, 0, sizeof(l));
	rcpt_list(&l, from);
	if (l.n > 0 && l.v[0].address != NULL)
		a = xstrdup(l.v[0].address);
	rcpt_free(&l);
	return a;
}

int
rcpt_aliases(struct rcpts *l, const char *path, char **errstr)
{
	struct envaliases aliases;
	struct strlist one = { NULL, 0 };
	struct rcpts out;
	size_t i, k;

	for (i = 0; i < l->n; i++)
		if (l->v[i].address != NULL &&
		    envalias_is_local(l->v[i].address))
			break;
	if (i == l->n)
		return 0;		/* msmtp reads the file only then */
	if (envalias_load(path, &aliases, errstr) != 0)
		return -1;
	memset(&out, 0, sizeof(out));
	for (i = 0; i < l->n; i++) {
		if (l->v[i].address == NULL ||
		    !envalias_is_local(l->v[i].address)) {
			rcpt_add(&out, l->v[i].field, l->v[i].address,
			    l->v[i].name);
			continue;
		}
		strlist_add(&one, l->v[i].address);
		if (envalias_expand(&aliases, &one) == 0)
			rcpt_add(&out, l->v[i].field, l->v[i].address,
			    l->v[i].name);
		else
			for (k = 0; k < one.n; k++)
				rcpt_add(&out, one.v[k], one.v[k], NULL);
		strlist_free(&one);
	}
	envalias_free(&aliases);
	rcpt_free(l);
	*l = out;
	return 0;
}

void
rcpt_free(struct rcpts *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].field);
		free(l->v[i].address);
		free(l->v[i].name);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}
