/* screen.c: curses set-up, theme styles, and the one way text is drawn. */
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <curses.h>

#include "common.h"
#include "field.h"
#include "screen.h"

static int	 screen_attrs[ROLE_NROLES];
static SCREEN	*screen_term;
static FILE	*screen_in, *screen_out;
static int	 screen_fd = -1;
static volatile int screen_outfd = -1;	/* for tui_signal_restore() */
static struct termios screen_saved;
static int	 screen_saved_ok;

/* Maps a style to a curses attribute, allocating its colour pair. */
static int
screen_style(const struct theme_style *s, short pair, int colour)
{
	int a = A_NORMAL;

	if (colour && (s->fg != -1 || s->bg != -1) && pair < COLOR_PAIRS &&
	    s->fg < COLORS && s->bg < COLORS) {
		init_pair(pair, s->fg, s->bg);
		a |= COLOR_PAIR(pair);
	}
	if (s->attrs & THEME_BOLD)
		a |= A_BOLD;
	if (s->attrs & THEME_UNDERLINE)
		a |= A_UNDERLINE;
	if (s->attrs & THEME_REVERSE)
		a |= A_REVERSE;
	if (s->attrs & THEME_DIM)
		a |= A_DIM;
#ifdef A_ITALIC
	if (s->attrs & THEME_ITALIC)
		a |= A_ITALIC;
#endif
	return a;
}

int
screen_open(const char *tty, const struct theme *t, char **errstr)
{
	const struct theme *use = t;
	struct theme *mono = NULL;
	int colour, i;

	if (tty != NULL) {
		if ((screen_in = fopen(tty, "r")) == NULL ||
		    (screen_out = fopen(tty, "w")) == NULL) {
			*errstr = xasprintf("cannot open the terminal %s", tty);
			if (screen_in != NULL)
				fclose(screen_in);
			screen_in = NULL;
			return -1;
		}
		screen_fd = fileno(screen_in);
		screen_outfd = fileno(screen_out);
	} else
		screen_fd = STDIN_FILENO;
	screen_saved_ok = tcgetattr(screen_fd, &screen_saved) == 0;
	/*
	 * ncursesw draws multibyte text in the locale's encoding, and every
	 * string here is UTF-8: the user's locale if it is UTF-8, else
	 * C.UTF-8 (built into glibc), so names such as "José" are drawn as
	 * themselves and not as "Jos\303\251".
	 */
	if (setlocale(LC_CTYPE, "") == NULL ||
	    strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_CTYPE, "C.UTF-8");
	screen_term = newterm(NULL, tty != NULL ? screen_out : stdout,
	    tty != NULL ? screen_in : stdin);
	if (screen_term == NULL) {
		*errstr = xstrdup("cannot start the screen (is TERM set?)");
		screen_close();
		return -1;
	}
	set_term(screen_term);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	/* Bracketed paste: a pasted list arrives as text, not as keys. */
	define_key("\033[200~", SCREEN_PASTE_BEGIN);
	define_key("\033[201~", SCREEN_PASTE_END);
	putp("\033[?2004h");
	fflush(tty != NULL ? screen_out : stdout);
	colour = has_colors() && getenv("NO_COLOR") == NULL;
	if (colour) {
		start_color();
		use_default_colors();
	} else
		use = mono = theme_mono();
	for (i = 0; i < ROLE_NROLES; i++)
		screen_attrs[i] = screen_style(&use->style[i], (short)(i + 1),
		    colour);
	theme_free(mono);
	return 0;
}

void
screen_close(void)
{
	if (screen_term != NULL) {
		putp("\033[?2004l");
		endwin();
		delscreen(screen_term);
		screen_term = NULL;
	}
	/* Put the terminal back exactly: mutt is waiting on it. */
	if (screen_saved_ok)
		tcsetattr(screen_fd, TCSADRAIN, &screen_saved);
	screen_saved_ok = 0;
	if (screen_in != NULL)
		fclose(screen_in);
	if (screen_out != NULL)
		fclose(screen_out);
	screen_in = screen_out = NULL;
	screen_outfd = -1;
	screen_fd = -1;
}

void
tui_signal_restore(void)
{
	static const char reset[] = "\033[?2004l\033[0m\033[?1049l\r\n";

	/* Only what a signal handler may do: write(2) and tcsetattr(3). */
	if (screen_fd == -1 || !screen_saved_ok)
		return;
	if (screen_outfd != -1)
		(void)!write(screen_outfd, reset, sizeof(reset) - 1);
	tcsetattr(screen_fd, TCSADRAIN, &screen_saved);
}

int
screen_attr(enum theme_role r)
{
	return (unsigned)r < ROLE_NROLES ? screen_attrs[r] : (int)A_NORMAL;
}

/*
 * Draws one code point, or its visible escape (common's utf8_unsafe and
 * utf8_escape, as every text printer); returns its columns.
 */
static int
screen_cp(uint32_t c, int cols, int attr)
{
	char esc[UTF8_ESCAPE_MAX];
	wchar_t w[2];
	int n;

	if (utf8_unsafe(c)) {
		n = (int)utf8_escape(c, esc);
		if (n > cols)
			return 0;
		attron(screen_attrs[ROLE_ESCAPED]);
		addnstr(esc, n);
		attroff(screen_attrs[ROLE_ESCAPED]);
		attron(attr);
		return n;
	}
	n = field_width(c);
	if (n > cols)
		return 0;
	w[0] = (wchar_t)c;
	w[1] = L'\0';
	addnwstr(w, 1);
	return n;
}

int
screen_text(int y, int x, int cols, const uint32_t *v, size_t n, int attr)
{
	size_t i;
	int used = 0, w;

	if (cols <= 0)
		return 0;
	move(y, x);
	attron(attr);
	for (i = 0; i < n && used < cols; i++) {
		if ((w = screen_cp(v[i], cols - used, attr)) == 0 &&
		    field_width(v[i]) != 0)
			break;
		used += w;
	}
	attroff(attr);
	return used;
}

int
screen_utf8(int y, int x, int cols, const char *s, int attr)
{
	struct field f;
	int n;

	field_init(&f);
	field_set(&f, s);
	n = screen_text(y, x, cols, f.v, f.n, attr);
	field_free(&f);
	return n;
}

void
screen_clear_to(int y, int x, int cols, int attr)
{
	attron(attr);
	mvhline(y, x, ' ', cols - x);
	attroff(attr);
}
