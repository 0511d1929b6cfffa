/* field.c: one line of editable text (UTF-32 inside, UTF-8 outside). */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "common.h"
#include "field.h"

void
field_init(struct field *f)
{
	memset(f, 0, sizeof(*f));
}

void
field_free(struct field *f)
{
	free(f->v);
	field_init(f);
}

static void
field_reserve(struct field *f, size_t more)
{
	if (f->n + more <= f->cap)
		return;
	f->cap = f->cap == 0 ? 32 : f->cap;
	while (f->cap < f->n + more)
		f->cap *= 2;
	f->v = xreallocarray(f->v, f->cap, sizeof(*f->v));
}

void
field_set(struct field *f, const char *s)
{
	f->n = f->cur = f->scroll = 0;
	field_insert_utf8(f, s, strlen(s));
}

char *
field_get(const struct field *f)
{
	struct buf b;
	char tmp[4];
	uint32_t c;
	size_t i;

	buf_init(&b);
	for (i = 0; i < f->n; i++) {
		c = f->v[i];
		if (c < 0x80) {
			buf_addc(&b, (char)c);
			continue;
		}
		if (c < 0x800) {
			tmp[0] = (char)(0xc0 | (c >> 6));
			tmp[1] = (char)(0x80 | (c & 0x3f));
			buf_add(&b, tmp, 2);
		} else if (c < 0x10000) {
			tmp[0] = (char)(0xe0 | (c >> 12));
			tmp[1] = (char)(0x80 | ((c >> 6) & 0x3f));
			tmp[2] = (char)(0x80 | (c & 0x3f));
			buf_add(&b, tmp, 3);
		} else {
			tmp[0] = (char)(0xf0 | (c >> 18));
			tmp[1] = (char)(0x80 | ((c >> 12) & 0x3f));
			tmp[2] = (char)(0x80 | ((c >> 6) & 0x3f));
			tmp[3] = (char)(0x80 | (c & 0x3f));
			buf_add(&b, tmp, 4);
		}
	}
	return buf_take(&b);
}

void
field_insert(struct field *f, uint32_t c)
{
	field_reserve(f, 1);
	memmove(f->v + f->cur + 1, f->v + f->cur,
	    (f->n - f->cur) * sizeof(*f->v));
	f->v[f->cur++] = c;
	f->n++;
}

void
field_insert_utf8(struct field *f, const char *s, size_t len)
{
	unsigned int cp;
	size_t k;

	while (len > 0) {
		if ((k = utf8_decode(s, len, &cp)) == 0) {
			cp = 0xfffd;
			k = 1;
		}
		field_insert(f, cp);
		s += k;
		len -= k;
	}
}

/* Removes n code points at position at. */
static void
field_cut(struct field *f, size_t at, size_t n)
{
	memmove(f->v + at, f->v + at + n, (f->n - at - n) * sizeof(*f->v));
	f->n -= n;
	if (f->cur > at + n)
		f->cur -= n;
	else if (f->cur > at)
		f->cur = at;
	if (f->scroll > f->n)
		f->scroll = 0;
}

/* Start of the character cell before pos: a base and its marks. */
static size_t
field_prev(const struct field *f, size_t pos)
{
	while (pos > 0) {
		pos--;
		if (field_width(f->v[pos]) != 0)
			break;
	}
	return pos;
}

static size_t
field_next(const struct field *f, size_t pos)
{
	if (pos < f->n)
		pos++;
	while (pos < f->n && field_width(f->v[pos]) == 0)
		pos++;
	return pos;
}

void
field_backspace(struct field *f)
{
	size_t p = field_prev(f, f->cur);

	field_cut(f, p, f->cur - p);
}

void
field_delete(struct field *f)
{
	size_t p = field_next(f, f->cur);

	field_cut(f, f->cur, p - f->cur);
}

void
field_left(struct field *f)
{
	f->cur = field_prev(f, f->cur);
}

void
field_right(struct field *f)
{
	f->cur = field_next(f, f->cur);
}

void
field_home(struct field *f)
{
	f->cur = 0;
}

void
field_end(struct field *f)
{
	f->cur = f->n;
}

/* Word characters: letters, digits and what addresses are made of. */
static int
field_wordc(uint32_t c)
{
	return c > 0x7f || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-';
}

void
field_word_left(struct field *f)
{
	while (f->cur > 0 && !field_wordc(f->v[f->cur - 1]))
		f->cur--;
	while (f->cur > 0 && field_wordc(f->v[f->cur - 1]))
		f->cur--;
}

void
field_word_right(struct field *f)
{
	while (f->cur < f->n && !field_wordc(f->v[f->cur]))
		f->cur++;
	while (f->cur < f->n && field_wordc(f->v[f->cur]))
		f->cur++;
}

void
field_delete_word(struct field *f)
{
	size_t end = f->cur;

	field_word_left(f);
	field_cut(f, f->cur, end - f->cur);
}

void
field_kill_end(struct field *f)
{
	field_cut(f, f->cur, f->n - f->cur);
}

void
field_kill_start(struct field *f)
{
	field_cut(f, 0, f->cur);
}

int
field_width(uint32_t c)
{
	char esc[UTF8_ESCAPE_MAX];
	int w;

	if (utf8_unsafe(c))	/* shown as its escape: \e, \u200b */
		return (int)utf8_escape(c, esc);
	w = wcwidth((wchar_t)c);
	return w < 0 ? 1 : w;
}

int
field_view(struct field *f, int cols)
{
	size_t i;
	int x;

	if (cols < 1)
		cols = 1;
	if (f->cur < f->scroll)
		f->scroll = f->cur;
	for (;;) {
		x = 0;
		for (i = f->scroll; i < f->cur; i++)
			x += field_width(f->v[i]);
		if (x < cols || f->scroll >= f->cur)
			return x < cols ? x : cols - 1;
		f->scroll = field_next(f, f->scroll);
	}
}
