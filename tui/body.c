/* body.c: the message body, lines of editable text. */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "body.h"

void
body_init(struct body *b)
{
	memset(b, 0, sizeof(*b));
	b->lines = xcalloc(1, sizeof(*b->lines));
	b->n = 1;
}

void
body_free(struct body *b)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		field_free(&b->lines[i]);
	free(b->lines);
	memset(b, 0, sizeof(*b));
}

/* Inserts an empty line at index at. */
static void
body_open(struct body *b, size_t at)
{
	b->lines = xreallocarray(b->lines, b->n + 1, sizeof(*b->lines));
	memmove(b->lines + at + 1, b->lines + at,
	    (b->n - at) * sizeof(*b->lines));
	field_init(&b->lines[at]);
	b->n++;
}

void
body_set(struct body *b, const char *s)
{
	const char *nl;
	size_t len;

	body_free(b);
	body_init(b);
	for (;;) {
		nl = strchr(s, '\n');
		len = nl != NULL ? (size_t)(nl - s) : strlen(s);
		if (len > 0 && s[len - 1] == '\r')
			len--;
		field_insert_utf8(&b->lines[b->n - 1], s, len);
		b->lines[b->n - 1].cur = 0;
		if (nl == NULL)
			break;
		s = nl + 1;
		body_open(b, b->n);
	}
	b->row = b->top = 0;
}

char *
body_get(const struct body *b)
{
	struct buf out;
	size_t i;
	char *s;

	buf_init(&out);
	for (i = 0; i < b->n; i++) {
		s = field_get(&b->lines[i]);
		buf_adds(&out, s);
		free(s);
		if (i + 1 < b->n)
			buf_addc(&out, '\n');
	}
	return buf_take(&out);
}

struct field *
body_line(struct body *b)
{
	return &b->lines[b->row];
}

void
body_insert(struct body *b, uint32_t c)
{
	field_insert(body_line(b), c);
}

void
body_newline(struct body *b)
{
	struct field *cur = body_line(b), *next;
	size_t at = cur->cur;

	body_open(b, b->row + 1);
	cur = &b->lines[b->row];
	next = &b->lines[b->row + 1];
	/* The rest of the line moves down. */
	while (at < cur->n)
		field_insert(next, cur->v[at++]);
	next->cur = 0;
	field_kill_end(cur);
	b->row++;
}

void
body_backspace(struct body *b)
{
	struct field *cur = body_line(b), *prev;
	size_t i, join;

	if (cur->cur > 0 || b->row == 0) {
		field_backspace(cur);
		return;
	}
	/* At the start of a line: join it to the one above. */
	prev = &b->lines[b->row - 1];
	join = prev->n;
	prev->cur = prev->n;
	for (i = 0; i < cur->n; i++)
		field_insert(prev, cur->v[i]);
	prev->cur = join;
	field_free(cur);
	memmove(b->lines + b->row, b->lines + b->row + 1,
	    (b->n - b->row - 1) * sizeof(*b->lines));
	b->n--;
	b->row--;
}

void
body_delete(struct body *b)
{
	struct field *cur = body_line(b);

	if (cur->cur < cur->n || b->row + 1 >= b->n) {
		field_delete(cur);
		return;
	}
	b->row++;
	b->lines[b->row].cur = 0;
	body_backspace(b);
}

/* Moves to another line, keeping the column as well as it can. */
static void
body_move(struct body *b, size_t to)
{
	size_t col = body_line(b)->cur;

	b->row = to;
	b->lines[to].cur = col < b->lines[to].n ? col : b->lines[to].n;
}

int
body_up(struct body *b)
{
	if (b->row == 0)
		return 0;
	body_move(b, b->row - 1);
	return 1;
}

int
body_down(struct body *b)
{
	if (b->row + 1 >= b->n)
		return 0;
	body_move(b, b->row + 1);
	return 1;
}

void
body_view(struct body *b, int rows)
{
	if (rows < 1)
		rows = 1;
	if (b->row < b->top)
		b->top = b->row;
	if (b->row >= b->top + (size_t)rows)
		b->top = b->row - (size_t)rows + 1;
}
