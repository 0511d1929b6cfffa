/* fixture_screen.c: a tiny curses program that test_harness.c drives. */
#include <curses.h>
#include <locale.h>
#include <stdlib.h>
#include <wchar.h>
#include <wctype.h>

int
main(void)
{
	wchar_t typed[128];
	size_t ntyped = 0;
	wint_t wc;
	int r;

	setlocale(LC_ALL, "");
	initscr();
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	if (has_colors()) {
		start_color();
		use_default_colors();
		init_pair(1, COLOR_RED, -1);
	}
	attron(COLOR_PAIR(1) | A_BOLD);
	mvaddstr(0, 0, "ready");
	attroff(COLOR_PAIR(1) | A_BOLD);
	mvaddstr(1, 0, "日本語 ok");
	for (;;) {
		if ((r = get_wch(&wc)) == ERR)
			continue;
		if (r == KEY_CODE_YES && wc == KEY_UP)
			mvaddstr(3, 0, "key:up");
		else if (r == KEY_CODE_YES && wc == KEY_RESIZE) {
			mvprintw(4, 0, "size:%dx%d", LINES, COLS);
			clrtoeol();
		} else if (r == OK && wc == 24)
			break;
		else if (r == OK && iswprint(wc) &&
		    ntyped < sizeof typed / sizeof typed[0] - 1) {
			typed[ntyped++] = (wchar_t)wc;
			typed[ntyped] = L'\0';
			mvaddwstr(2, 0, typed);
		}
	}
	endwin();
	return 7;
}
