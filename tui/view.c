/* view.c: drawing the composer. Deterministic: no clock, no animation. */
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "common.h"
#include "transport.h"
#include "compose.h"
#include "screen.h"
#include "trace.h"

#define VIEW_LABEL	9	/* "Subject: " */
#define VIEW_MIN_COLS	60
#define VIEW_MIN_ROWS	15

/* A cell of a recipient line: a code point, or a piece of a marker. */
struct view_cell {
	uint32_t	cp;
	int		attr;
	size_t		src;	/* code point index, or (size_t)-1 */
};

static int
view_role(enum guard_severity s)
{
	switch (s) {
	case GUARD_NOTICE:
		return ROLE_ADDR_NOTICE;
	case GUARD_WARN:
		return ROLE_ADDR_WARN;
	case GUARD_BLOCK:
		return ROLE_ADDR_BLOCK;
	case GUARD_OK:
		break;
	}
	return ROLE_ADDR_OK;
}

/* The marker after a suspicious address, so colour is never alone. */
static const char *
view_marker(enum guard_severity s)
{
	return s == GUARD_BLOCK ? "(x)" : s == GUARD_WARN ? "(!)" :
	    s == GUARD_NOTICE ? "(i)" : NULL;
}

/* The severity a verdict is shown with (resolved warnings as ok). */
static enum guard_severity
view_severity(const struct compose *c, const struct guard_verdict *v)
{
	if (v->severity == GUARD_WARN && !compose_unresolved(c, v))
		return GUARD_OK;
	return v->severity;
}

/* Code point index of a byte offset in UTF-8 text. */
static size_t
view_cpindex(const char *s, size_t off)
{
	size_t i, n = 0;

	for (i = 0; i < off && s[i] != '\0'; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

/* Lays out a recipient field as cells: its addresses in their roles. */
static struct view_cell *
view_cells(struct compose *c, int f, size_t *ncells)
{
	const struct field *fl = &c->hdr[f];
	const struct guard_report *r = &c->rep[f];
	struct view_cell *cells;
	enum guard_severity *sev;
	size_t *end, i, k, n = 0, a, b, from = 0;
	char *text = field_get(fl);
	const char *hit, *mk;

	sev = xcalloc(fl->n + 1, sizeof(*sev));
	end = xcalloc(fl->n + 1, sizeof(*end));
	for (i = 0; i < r->nverdicts; i++) {
		if (r->verdicts[i].raw == NULL || *r->verdicts[i].raw == '\0' ||
		    (hit = strstr(text + from, r->verdicts[i].raw)) == NULL)
			continue;
		a = view_cpindex(text, (size_t)(hit - text));
		from = (size_t)(hit - text) + strlen(r->verdicts[i].raw);
		b = view_cpindex(text, from);
		for (k = a; k < b && k < fl->n; k++)
			sev[k] = view_severity(c, &r->verdicts[i]);
		if (b > 0 && b <= fl->n)
			end[b - 1] = 1;
	}
	cells = xcalloc(fl->n * 1 + 4 * (r->nverdicts + 1), sizeof(*cells));
	for (i = 0; i < fl->n; i++) {
		cells[n].cp = fl->v[i];
		cells[n].attr = sev[i] == GUARD_OK ?
		    screen_attr(ROLE_FIELD_TEXT) : screen_attr(view_role(sev[i]));
		cells[n++].src = i;
		if (end[i] && (mk = view_marker(sev[i])) != NULL)
			for (; *mk != '\0'; mk++) {
				cells[n].cp = (uint32_t)*mk;
				cells[n].attr = cells[n - 1].attr;
				cells[n++].src = (size_t)-1;
			}
	}
	free(sev);
	free(end);
	free(text);
	*ncells = n;
	return cells;
}

/* Draws a recipient line; returns the cursor's column (if focused). */
static int
view_rcpt(struct compose *c, int f, int y, int width)
{
	struct field *fl = &c->hdr[f];
	struct view_cell *cells;
	size_t n, i, cur;
	int x = 0, cx = 0, w;

	cells = view_cells(c, f, &n);
	for (cur = 0; cur < n && (cells[cur].src == (size_t)-1 ||
	    cells[cur].src < fl->cur); cur++)
		;
	/* fl->scroll counts cells here: keep the cursor in view. */
	if (fl->scroll > cur)
		fl->scroll = cur;
	for (;;) {
		for (w = 0, i = fl->scroll; i < cur; i++)
			w += field_width(cells[i].cp);
		if (w < width || fl->scroll >= cur)
			break;
		fl->scroll++;
	}
	for (i = fl->scroll; i < n && x < width; i++) {
		if (i == cur)
			cx = x;
		w = screen_text(y, VIEW_LABEL + x, width - x, &cells[i].cp, 1,
		    cells[i].attr);
		if (w == 0 && field_width(cells[i].cp) != 0)
			break;
		x += w;
	}
	if (cur >= n)
		cx = x;
	free(cells);
	return cx;
}

/* One line for each finding, for the warnings pane. */
static size_t
view_findings(struct compose *c, char ***lines, int **roles)
{
	const struct guard_verdict *v;
	const struct guard_finding *fi;
	const char *at, *who;
	size_t n = 0, i, k;
	int f;

	*lines = NULL;
	*roles = NULL;
	for (f = CF_TO; f <= CF_BCC; f++)
		for (i = 0; i < c->rep[f].nverdicts; i++) {
			v = &c->rep[f].verdicts[i];
			who = v->address != NULL ? v->address : v->raw;
			at = v->address != NULL ? strrchr(v->address, '@') :
			    NULL;
			for (k = 0; k < v->nfindings; k++) {
				fi = &v->findings[k];
				*lines = xreallocarray(*lines, n + 1,
				    sizeof(**lines));
				*roles = xreallocarray(*roles, n + 1,
				    sizeof(**roles));
				/* The suggestion first: a narrow screen cuts the
				 * end of the line, not what was meant. */
				(*lines)[n] = xasprintf("%s %s: %s%.*s%s%s%s",
				    view_marker(view_severity(c, v)) != NULL ?
				    view_marker(view_severity(c, v)) : "(ok)",
				    who, fi->suggestion != NULL ?
				    "did you mean " : "",
				    fi->suggestion != NULL && at != NULL ?
				    (int)(at - v->address + 1) : 0,
				    v->address != NULL ? v->address : "",
				    fi->suggestion != NULL ? fi->suggestion : "",
				    fi->suggestion != NULL ? "? " : "",
				    fi->reason);
				(*roles)[n++] = v->severity == GUARD_BLOCK ?
				    ROLE_PANE_BLOCK : ROLE_PANE_WARNING;
			}
		}
	/* What concerns the message as a whole, after the addresses. */
	for (k = 0; k < c->msg.nfindings; k++) {
		fi = &c->msg.findings[k];
		*lines = xreallocarray(*lines, n + 1, sizeof(**lines));
		*roles = xreallocarray(*roles, n + 1, sizeof(**roles));
		(*lines)[n] = xasprintf("%s message: %s",
		    view_marker(fi->severity) != NULL ?
		    view_marker(fi->severity) : "(i)", fi->reason);
		(*roles)[n++] = ROLE_PANE_WARNING;
	}
	return n;
}

/* A candidate of the completion list: marker, address, source. */
static char *
view_pick_line(const struct pick *p, size_t i)
{
	const struct tui_contact *e = p->cand[i].entry;

	if (e->name == NULL)
		return xasprintf("%s %s  (%s)", i == p->sel ? ">" : " ",
		    e->address, e->sent ? "sent" : "contact");
	return xasprintf("%s %s <%s>  (%s)", i == p->sel ? ">" : " ",
	    e->name, e->address, e->sent ? "sent" : "contact");
}

/* The completion list in the pane's place, scrolled to the selection. */
static void
view_pick(struct compose *c, int top, size_t shown)
{
	struct pick *p = &c->pick;
	char *t;
	size_t i, k;
	int a;

	if (p->sel < p->top)
		p->top = p->sel;
	if (p->sel >= p->top + shown)
		p->top = p->sel + 1 - shown;
	if (p->top + shown > p->ncand)
		p->top = p->ncand - shown;
	t = xasprintf(" %zu%s matches: Tab/Shift-Tab to choose, Enter to "
	    "take, Esc to cancel ", p->ncand, p->more ? "+" : "");
	screen_utf8(top, 0, c->cols, t, screen_attr(ROLE_PANE_TITLE));
	free(t);
	for (i = 0; i < shown; i++) {
		k = p->top + i;
		/* The marker and reverse video: never colour alone. */
		a = screen_attr(ROLE_FIELD_TEXT) |
		    (k == p->sel ? (int)(A_REVERSE | A_BOLD) : 0);
		if (k == p->sel)
			screen_clear_to(top + 1 + (int)i, 0, c->cols, a);
		t = view_pick_line(p, k);
		screen_utf8(top + 1 + (int)i, 0, c->cols, t, a);
		free(t);
	}
}

static void
view_too_small(int rows, int cols)
{
	char msg[96];

	erase();
	snprintf(msg, sizeof(msg), "Terminal too small: %dx%d needed, "
	    "now %dx%d", VIEW_MIN_COLS, VIEW_MIN_ROWS, cols, rows);
	mvaddnstr(rows / 2, 0, msg, cols);
	curs_set(0);
	refresh();
}

/*
 * The status line: key hints, or a message; a long message (a delivery
 * failure and where the message is kept) wraps upwards over the pane.
 */
static void
view_status(struct compose *c)
{
	struct field f;
	size_t start[8], i, n = 0;
	int w = 0, attr;

	attr = screen_attr(c->status != NULL ? c->status_role : ROLE_STATUS);
	field_init(&f);
	field_set(&f, c->status != NULL ? c->status :
	    "^X Send  ^E Editor  ^T Attach  ^C/^Q Leave  F1 Help");
	start[n++] = 0;
	for (i = 0; i < f.n; i++) {
		w += field_width(f.v[i]);
		if (w > c->cols && n < 4) {
			start[n++] = i;
			w = field_width(f.v[i]);
		}
	}
	start[n] = f.n;
	for (i = 0; i < n; i++) {
		int y = c->rows - (int)(n - i);

		screen_clear_to(y, 0, c->cols, attr);
		screen_text(y, 0, c->cols, f.v + start[i],
		    start[i + 1] - start[i], attr);
	}
	field_free(&f);
}

void
compose_draw(struct compose *c)
{
	char **lines, *names;
	int *roles, y, f, cy = 0, cx = 0, pane, top, x, w;
	size_t n, i, shown;
	struct buf b;

	getmaxyx(stdscr, c->rows, c->cols);
	if (c->cols < VIEW_MIN_COLS || c->rows < VIEW_MIN_ROWS) {
		view_too_small(c->rows, c->cols);
		return;
	}
	erase();
	w = c->cols - VIEW_LABEL;
	for (f = 0; f < CF_NHEADERS; f++) {
		screen_utf8(f, 0, VIEW_LABEL, compose_label(f),
		    screen_attr(f == c->focus ? ROLE_FIELD_ACTIVE :
		    ROLE_FIELD_LABEL));
		if (COMPOSE_RCPT(f))
			x = view_rcpt(c, f, f, w);
		else {
			x = field_view(&c->hdr[f], w);
			screen_text(f, VIEW_LABEL, w, c->hdr[f].v +
			    c->hdr[f].scroll, c->hdr[f].n - c->hdr[f].scroll,
			    screen_attr(ROLE_FIELD_TEXT));
		}
		if (f == c->focus) {
			cy = f;
			cx = VIEW_LABEL + x;
		}
	}
	y = CF_NHEADERS;
	if (c->d->nattachments > 0) {
		buf_init(&b);
		for (i = 0; i < c->d->nattachments; i++)
			buf_addf(&b, "%s%s", i > 0 ? ", " : "",
			    c->d->attachments[i].path);
		names = buf_take(&b);
		screen_utf8(y, 0, VIEW_LABEL, "Attach:",
		    screen_attr(ROLE_FIELD_LABEL));
		screen_utf8(y, VIEW_LABEL, w, names,
		    screen_attr(ROLE_FIELD_TEXT));
		free(names);
		y++;
	}
	attron(screen_attr(ROLE_FIELD_LABEL));
	mvhline(y, 0, '-', c->cols);
	attroff(screen_attr(ROLE_FIELD_LABEL));
	y++;

	/* The warnings pane (or the completion list): a heading and up to a
	 * quarter of the rows. */
	if (c->pick.state == PICK_OPEN) {
		n = c->pick.ncand;
		lines = NULL;
		roles = NULL;
	} else
		n = view_findings(c, &lines, &roles);
	shown = n < (size_t)(c->rows / 4) ? n : (size_t)(c->rows / 4);
	pane = (int)shown + 1;
	c->bodyrows = c->rows - 1 - pane - y;
	body_view(&c->body, c->bodyrows);
	for (i = 0; i < (size_t)c->bodyrows &&
	    c->body.top + i < c->body.n; i++) {
		struct field *l = &c->body.lines[c->body.top + i];

		if (c->body.top + i == c->body.row && c->focus == CF_BODY) {
			cx = field_view(l, c->cols);
			cy = y + (int)i;
		} else
			l->scroll = 0;
		screen_text(y + (int)i, 0, c->cols, l->v + l->scroll,
		    l->n - l->scroll, screen_attr(ROLE_BODY));
	}
	top = c->rows - 1 - pane;
	screen_clear_to(top, 0, c->cols, screen_attr(ROLE_PANE_TITLE));
	if (c->pick.state == PICK_OPEN)
		view_pick(c, top, shown);
	else if (n == 0)
		screen_utf8(top, 0, c->cols, " No warnings ",
		    screen_attr(ROLE_PANE_TITLE));
	else {
		char *t = xasprintf(" Warnings: %zu%s ", n, shown < n ?
		    " (more below the screen's room)" : "");
		screen_utf8(top, 0, c->cols, t, screen_attr(ROLE_PANE_TITLE));
		free(t);
	}
	for (i = 0; lines != NULL && i < shown; i++)
		screen_utf8(top + 1 + (int)i, 0, c->cols, lines[i],
		    screen_attr(roles[i]));
	for (i = 0; lines != NULL && i < n; i++)
		free(lines[i]);
	free(lines);
	free(roles);

	view_status(c);
	curs_set(1);
	move(cy, cx);
	refresh();
}

void
compose_help(struct compose *c)
{
	static const char *const keys[] = {
		"Up/Down, Enter      move between the header fields",
		"Tab / Shift-Tab     complete To/Cc/Bcc from contacts and",
		"                    history, else next / previous field",
		"Left/Right Home/End move in the line; Ctrl-A start",
		"Ctrl-W Ctrl-U Ctrl-K delete word / to start / to end",
		"Ctrl-X              send (asks about each warning first)",
		"Ctrl-E              edit the body in $EDITOR",
		"Ctrl-T              attach a file (Tab completes)",
		"Ctrl-C / Ctrl-Q     leave, saving the draft",
		"Ctrl-L redraw  Ctrl-Z suspend  F1 or ? this help",
		"",
		"Resolve prompt: f fix  r remove  o send once",
		"                t trust always  Esc/a back",
		"",
		"Press any key.",
	};
	size_t i;
	wint_t k;

	trace_simple("help", NULL, NULL);
	erase();
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]) &&
	    (int)i < c->rows; i++)
		screen_utf8((int)i, 1, c->cols - 1, keys[i],
		    screen_attr(i == 0 ? ROLE_FIELD_TEXT : ROLE_FIELD_TEXT));
	refresh();
	while (get_wch(&k) == KEY_CODE_YES && k == KEY_RESIZE)
		;
}
