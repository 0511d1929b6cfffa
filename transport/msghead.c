/*
 * msghead.c: a message's header as a list of fields, the message's own
 * then those added on the way out, written with what is left out left out.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common.h"
#include "addrlist.h"
#include "msghead.h"

void
msghead_parse(struct msghead *h, const char *p, size_t n)
{
	struct msghead_field *f;
	const char *line = p, *end = p + n, *nl, *colon;
	struct buf v;
	size_t len;

	while (line < end) {
		nl = memchr(line, '\n', (size_t)(end - line));
		len = (size_t)((nl != NULL ? nl : end) - line);
		if (len > 0 && line[len - 1] == '\r')
			len--;
		if (len == 0)
			break;
		if ((line[0] == ' ' || line[0] == '\t') && h->nfields > 0) {
			f = &h->fields[h->nfields - 1];
			buf_init(&v);
			buf_adds(&v, f->raw);
			buf_adds(&v, "\n");
			buf_add(&v, line, len);
			free(f->raw);
			f->raw = buf_take(&v);
			buf_init(&v);
			buf_adds(&v, f->value);
			buf_add(&v, line, len);
			free(f->value);
			f->value = buf_take(&v);
		} else {
			/* A line without a colon is kept, with no name. */
			colon = memchr(line, ':', len);
			h->fields = xreallocarray(h->fields, h->nfields + 1,
			    sizeof(*h->fields));
			f = &h->fields[h->nfields++];
			memset(f, 0, sizeof(*f));
			f->name = colon != NULL ? xstrndup(line,
			    (size_t)(colon - line)) : xstrdup("");
			str_trim(f->name);
			f->raw = xstrndup(line, len);
			f->value = colon != NULL ? xstrndup(colon + 1, len -
			    (size_t)(colon + 1 - line)) : xstrdup("");
		}
		line = nl != NULL ? nl + 1 : end;
	}
	for (len = 0; len < h->nfields; len++)
		str_trim(h->fields[len].value);
	h->nall = h->nfields;
}

static void
msghead_field_free(struct msghead_field *f)
{
	free(f->name);
	free(f->raw);
	free(f->value);
}

void
msghead_free(struct msghead *h)
{
	size_t i;

	for (i = 0; i < h->nall; i++)
		msghead_field_free(&h->fields[i]);
	free(h->fields);
	memset(h, 0, sizeof(*h));
}

const char *
msghead_get(const struct msghead *h, const char *name)
{
	size_t i;

	for (i = 0; i < h->nall; i++)
		if (!h->fields[i].drop &&
		    strcasecmp(h->fields[i].name, name) == 0)
			return h->fields[i].value;
	return NULL;
}

char *
msghead_get_all(const struct msghead *h, const char *name)
{
	struct buf b;
	size_t i;

	buf_init(&b);
	for (i = 0; i < h->nall; i++) {
		if (h->fields[i].drop ||
		    strcasecmp(h->fields[i].name, name) != 0)
			continue;
		if (b.len > 0)
			buf_adds(&b, ", ");
		buf_adds(&b, h->fields[i].value);
	}
	return b.len > 0 ? buf_take(&b) : NULL;
}

void
msghead_reset(struct msghead *h)
{
	size_t i;

	for (i = h->nfields; i < h->nall; i++)
		msghead_field_free(&h->fields[i]);
	h->nall = h->nfields;
	for (i = 0; i < h->nfields; i++)
		h->fields[i].drop = 0;
	h->drop_from = h->drop_tocc = h->drop_bcc = 0;
}

/* "Name: value" as it goes out, folded at blanks before column 78. */
static char *
msghead_raw(const char *name, const char *value, int fold)
{
	struct buf raw;
	size_t col, i, w;

	buf_init(&raw);
	buf_addf(&raw, "%s:", name);
	col = raw.len;
	for (i = 0; value[i] != '\0'; i += w) {
		w = strcspn(value + i + 1, " ") + 1;
		if (fold && value[i] == ' ' && col + w > 78 &&
		    col > strlen(name) + 2) {
			buf_adds(&raw, "\n\t");
			buf_add(&raw, value + i + 1, w - 1);
			col = 1 + w - 1;
		} else {
			if (i == 0)
				buf_addc(&raw, ' ');
			buf_add(&raw, value + i, w);
			col += w + (i == 0);
		}
	}
	return buf_take(&raw);
}

void
msghead_add(struct msghead *h, const char *name, const char *value,
    int fold)
{
	struct msghead_field *f;

	h->fields = xreallocarray(h->fields, h->nall + 1, sizeof(*h->fields));
	f = &h->fields[h->nall++];
	memset(f, 0, sizeof(*f));
	f->added = 1;
	f->name = xstrdup(name);
	f->value = xstrdup(value);
	f->raw = msghead_raw(name, value, fold);
}

int
msghead_set(struct msghead *h, const char *name, const char *value)
{
	size_t i;

	if ((value != NULL && strpbrk(value, "\r\n") != NULL) ||
	    name[0] == '\0' || strpbrk(name, ": \t\r\n") != NULL)
		return -1;
	for (i = 0; i < h->nall; i++)
		if (strcasecmp(h->fields[i].name, name) == 0)
			h->fields[i].drop = 1;
	if (value != NULL)
		msghead_add(h, name, value, 1);
	return 0;
}

int
msghead_rewrite(struct msghead *h, const char *old, const char *new)
{
	static const char *const names[] = { "To", "Cc", "Resent-To",
	    "Resent-Cc" };
	struct msghead_field *f;
	struct buf v;
	size_t i, k;
	int n, total = 0;

	for (i = 0; i < h->nfields; i++) {
		f = &h->fields[i];
		for (k = 0; k < 4 && strcasecmp(f->name, names[k]) != 0; k++)
			;
		if (k == 4)
			continue;
		buf_init(&v);
		if ((n = addrlist_rewrite(f->value, old, new, &v)) == 0) {
			buf_free(&v);
			continue;
		}
		total += n;
		free(f->value);
		f->value = buf_take(&v);
		free(f->raw);
		/* Folded: a list made longer must not pass 998 bytes. */
		f->raw = msghead_raw(f->name, f->value, 1);
	}
	return total;
}

/* Whether a field is left out on the way out. */
static int
msghead_dropped(const struct msghead *h, const struct msghead_field *f)
{
	if (f->drop)
		return 1;
	if (f->added)
		return 0;
	if (strcasecmp(f->name, "Bcc") == 0 ||
	    strcasecmp(f->name, "Resent-Bcc") == 0)
		return h->drop_bcc;
	if (strcasecmp(f->name, "To") == 0 || strcasecmp(f->name, "Cc") == 0)
		return h->drop_tocc;
	if (strcasecmp(f->name, "From") == 0)
		return h->drop_from;
	return 0;
}

/* Appends text with every bare LF made CRLF. */
static void
msghead_add_crlf(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\n' && (b->len == 0 || b->s[b->len - 1] != '\r'))
			buf_addc(b, '\r');
		buf_addc(b, *s);
	}
}

void
msghead_write(const struct msghead *h, struct buf *out)
{
	const struct msghead_field *f;
	size_t i;

	/* The added fields first (From, Date, Message-ID...), then the
	 * message's. */
	for (i = 0; i < h->nall; i++) {
		f = &h->fields[(i + h->nfields) % h->nall];
		if (msghead_dropped(h, f))
			continue;
		msghead_add_crlf(out, f->raw);
		buf_adds(out, "\r\n");
	}
	if (h->nall > 0)
		buf_adds(out, "\r\n");
}
