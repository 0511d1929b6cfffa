/*
 * resolve.c: the resolve prompt on the user's terminal, for sendmail mode.
 * mutt waits for its $sendmail, so the prompt can take the terminal over,
 * and gives it back with its modes exactly as they were.
 */
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "common.h"
#include "compose.h"
#include "screen.h"
#include "trace.h"

struct resolve {
	const struct guard_report	*r;
	const enum tui_action		*actions;
};

/* The background: what is being sent to whom. */
static void
resolve_draw(void *arg)
{
	struct resolve *s = arg;
	const struct guard_verdict *v;
	char *line;
	size_t i;
	int rows, cols, y = 2;

	getmaxyx(stdscr, rows, cols);
	erase();
	if (cols < 60 || rows < 15) {
		mvaddnstr(rows / 2, 0, "Terminal too small: 60x15 needed", cols);
		refresh();
		return;
	}
	screen_utf8(0, 0, cols, "sendguard: a recipient of this message "
	    "needs your decision before it is sent",
	    screen_attr(ROLE_PANE_TITLE));
	for (i = 0; i < s->r->nverdicts && y < rows - 5; i++, y++) {
		v = &s->r->verdicts[i];
		line = xasprintf("%s %s%s", v->severity == GUARD_BLOCK ? "(x)" :
		    v->severity == GUARD_WARN && s->actions[i] ==
		    TUI_UNRESOLVED ? "(!)" : "   ",
		    v->address != NULL ? v->address : v->raw,
		    s->actions[i] == TUI_FIX ? "  -> fixed" :
		    s->actions[i] == TUI_REMOVE ? "  -> removed" :
		    s->actions[i] == TUI_ONCE ? "  -> sent once" :
		    s->actions[i] == TUI_TRUST ? "  -> trusted" : "");
		screen_utf8(y, 0, cols, line, screen_attr(
		    v->severity == GUARD_BLOCK ? ROLE_ADDR_BLOCK :
		    v->severity == GUARD_WARN && s->actions[i] ==
		    TUI_UNRESOLVED ? ROLE_ADDR_WARN : ROLE_ADDR_OK));
		free(line);
	}
}

const char *
tui_suggestion(const struct guard_verdict *v)
{
	return prompt_suggestion(v);
}

int
resolve_run(const char *tty, const struct theme *theme, const char *trace,
    const struct guard_report *r, enum tui_action *actions, char **errstr)
{
	struct resolve s;
	size_t i, k;
	int remaining, ok = 1;

	s.r = r;
	s.actions = actions;
	trace_open(trace);
	if (screen_open(tty, theme, errstr) != 0) {
		trace_close();
		return -1;
	}
	for (i = 0; i < r->nverdicts && ok; i++) {
		const struct guard_verdict *v = &r->verdicts[i];

		if (v->severity < GUARD_WARN)
			continue;
		remaining = 0;
		for (k = i; k < r->nverdicts; k++)
			remaining += r->verdicts[k].severity >= GUARD_WARN;
		switch (prompt_ask(v, remaining, resolve_draw, &s)) {
		case PROMPT_FIX:
			actions[i] = TUI_FIX;
			break;
		case PROMPT_REMOVE:
			actions[i] = TUI_REMOVE;
			break;
		case PROMPT_ONCE:
			actions[i] = TUI_ONCE;
			break;
		case PROMPT_TRUST:
			actions[i] = TUI_TRUST;
			break;
		case PROMPT_BACK:
			ok = 0;
			break;
		}
	}
	screen_close();
	trace_close();
	return ok;
}
