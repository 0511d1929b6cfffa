/* ask.c: a one-line question on the status line, with path completion. */
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <curses.h>

#include "common.h"
#include "ask.h"
#include "compose.h"
#include "field.h"
#include "screen.h"

/* Completes the path in f to the longest common prefix of its matches. */
static void
ask_complete(struct field *f)
{
	char *text = field_get(f), *pat, *common;
	struct stat st;
	glob_t g;
	size_t i, n;

	pat = xasprintf("%s*", text);
	if (glob(pat, GLOB_TILDE | GLOB_MARK, NULL, &g) == 0 &&
	    g.gl_pathc > 0) {
		common = xstrdup(g.gl_pathv[0]);
		for (i = 1; i < g.gl_pathc; i++) {
			for (n = 0; common[n] != '\0' &&
			    common[n] == g.gl_pathv[i][n]; n++)
				;
			common[n] = '\0';
		}
		if (strlen(common) >= strlen(text) || (g.gl_pathc == 1 &&
		    stat(common, &st) == 0)) {
			field_set(f, common);
			field_end(f);
		}
		free(common);
	}
	if (pat != NULL)
		globfree(&g);
	free(pat);
	free(text);
}

char *
ask_line(struct compose *c, const char *question, int files)
{
	struct field f;
	wint_t k;
	int r, x, y, cols, done = 0, ok = 0;

	field_init(&f);
	curs_set(1);
	while (!done) {
		getmaxyx(stdscr, y, cols);
		y--;
		screen_clear_to(y, 0, cols, screen_attr(ROLE_PROMPT));
		x = screen_utf8(y, 0, cols, question, screen_attr(ROLE_PROMPT));
		r = field_view(&f, cols - x - 1);
		screen_text(y, x, cols - x, f.v + f.scroll, f.n - f.scroll,
		    screen_attr(ROLE_PROMPT));
		move(y, x + r);
		refresh();
		r = get_wch(&k);
		if (r == ERR)
			continue;
		if (r == OK && (k == '\r' || k == '\n'))
			done = ok = 1;
		else if (r == OK && (k == 0x1b || k == 0x07))
			done = 1;
		else if (r == OK && k == '\t' && files)
			ask_complete(&f);
		else if (r == KEY_CODE_YES && k == KEY_ENTER)
			done = ok = 1;
		else if (r == KEY_CODE_YES && k == KEY_RESIZE)
			compose_draw(c);
		else if ((r == KEY_CODE_YES && k == KEY_BACKSPACE) ||
		    (r == OK && (k == 0x7f || k == 0x08)))
			field_backspace(&f);
		else if (r == KEY_CODE_YES && k == KEY_LEFT)
			field_left(&f);
		else if (r == KEY_CODE_YES && k == KEY_RIGHT)
			field_right(&f);
		else if (r == OK && k >= 0x20)
			field_insert(&f, (uint32_t)k);
	}
	if (ok) {
		char *s = field_get(&f);
		field_free(&f);
		return s;
	}
	field_free(&f);
	return NULL;
}
