/* harness_screen.c: reading the screen libvterm keeps for the pty. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "harness_impl.h"

#define CELL_BYTES	(VTERM_MAX_CHARS_PER_CELL * 4)

/* Appends code point c as UTF-8 (U+FFFD if invalid); returns its length. */
static size_t
utf8_put(char *s, uint32_t c)
{
	if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		c = 0xfffd;
	if (c < 0x80) {
		s[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		s[0] = (char)(0xc0 | c >> 6);
		s[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		s[0] = (char)(0xe0 | c >> 12);
		s[1] = (char)(0x80 | (c >> 6 & 0x3f));
		s[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	s[0] = (char)(0xf0 | c >> 18);
	s[1] = (char)(0x80 | (c >> 12 & 0x3f));
	s[2] = (char)(0x80 | (c >> 6 & 0x3f));
	s[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

/*
 * A row as UTF-8 (allocated), an empty cell as a space, the right half of a
 * wide character skipped. If map is not NULL, *map (allocated) gives the
 * column of each byte, and of the terminating NUL.
 */
static char *
row_utf8(struct pty *p, int row, int **map)
{
	VTermScreenCell c;
	VTermPos pos;
	size_t len = 0, start, cap, i;
	char *s;
	int *m = NULL, skip = 0;

	cap = (size_t)p->cols * CELL_BYTES + 1;
	if ((s = malloc(cap)) == NULL)
		return NULL;
	if (map != NULL && (m = calloc(cap, sizeof *m)) == NULL) {
		free(s);
		return NULL;
	}
	pos.row = row;
	for (pos.col = 0; pos.col < p->cols; pos.col++) {
		memset(&c, 0, sizeof c);
		if (!vterm_screen_get_cell(p->screen, pos, &c))
			break;
		if (skip || c.chars[0] == (uint32_t)-1) {
			skip = 0;	/* right half of a wide character */
			continue;
		}
		skip = c.width == 2;
		start = len;
		if (c.chars[0] == 0)
			s[len++] = ' ';
		for (i = 0; i < VTERM_MAX_CHARS_PER_CELL && c.chars[i] != 0;
		    i++)
			len += utf8_put(s + len, c.chars[i]);
		for (; m != NULL && start < len; start++)
			m[start] = pos.col;
	}
	s[len] = '\0';
	if (m != NULL) {
		m[len] = pos.col;
		*map = m;
	}
	return s;
}

int
pty_find(struct pty *p, const char *utf8, int *row, int *col)
{
	char *s, *at;
	int *map, r;

	for (r = 0; r < p->rows; r++) {
		if ((s = row_utf8(p, r, &map)) == NULL)
			return -1;
		if ((at = strstr(s, utf8)) != NULL) {
			if (row != NULL)
				*row = r;
			if (col != NULL)
				*col = map[at - s];
		}
		free(s);
		free(map);
		if (at != NULL)
			return 0;
	}
	return -1;
}

char *
pty_row(struct pty *p, int row)
{
	char *s;
	size_t len;

	if (row < 0 || row >= p->rows || (s = row_utf8(p, row, NULL)) == NULL)
		return NULL;
	len = strlen(s);
	while (len > 0 && s[len - 1] == ' ')
		s[--len] = '\0';
	return s;
}

char *
pty_dump(struct pty *p)
{
	char *all, *s;
	size_t len = 0, n;
	int r;

	if ((all = malloc((size_t)p->rows * ((size_t)p->cols * CELL_BYTES +
	    1) + 1)) == NULL)
		return NULL;
	for (r = 0; r < p->rows; r++) {
		if ((s = pty_row(p, r)) == NULL) {
			free(all);
			return NULL;
		}
		n = strlen(s);
		memcpy(all + len, s, n);
		len += n;
		all[len++] = '\n';
		free(s);
	}
	all[len] = '\0';
	return all;
}

/*
 * A cell colour as a palette index, PTY_COLOR_DEFAULT or PTY_COLOR_RGB (with
 * *rgb set). libvterm 0.1.4 keeps SGR 30-37, 90-97 and 38;5;N as indexes
 * and only 38;2;R;G;B as RGB; the default colours are RGB values with a
 * DEFAULT flag, so that flag must be tested first.
 */
static int
color_index(const VTermColor *c, int fg, uint32_t *rgb)
{
	if (fg ? VTERM_COLOR_IS_DEFAULT_FG(c) : VTERM_COLOR_IS_DEFAULT_BG(c))
		return PTY_COLOR_DEFAULT;
	if (VTERM_COLOR_IS_INDEXED(c))
		return c->indexed.idx;
	*rgb = (uint32_t)c->rgb.red << 16 | (uint32_t)c->rgb.green << 8 |
	    c->rgb.blue;
	return PTY_COLOR_RGB;
}

int
pty_cell(struct pty *p, int row, int col, struct pty_cell *out)
{
	VTermScreenCell c;
	VTermPos pos;

	if (row < 0 || row >= p->rows || col < 0 || col >= p->cols)
		return -1;
	pos.row = row;
	pos.col = col;
	memset(&c, 0, sizeof c);
	if (!vterm_screen_get_cell(p->screen, pos, &c))
		return -1;
	memset(out, 0, sizeof *out);
	if (c.chars[0] == (uint32_t)-1)
		out->width = 0;	/* right half of a wide character */
	else {
		out->ch = c.chars[0] != 0 ? c.chars[0] : ' ';
		out->width = c.width == 2 ? 2 : 1;
	}
	out->fg = color_index(&c.fg, 1, &out->fg_rgb);
	out->bg = color_index(&c.bg, 0, &out->bg_rgb);
	out->bold = c.attrs.bold;
	out->underline = c.attrs.underline;
	out->reverse = c.attrs.reverse;
	out->italic = c.attrs.italic;
	return 0;
}

void
pty_size(const struct pty *p, int *rows, int *cols)
{
	if (rows != NULL)
		*rows = p->rows;
	if (cols != NULL)
		*cols = p->cols;
}
