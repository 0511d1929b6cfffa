/* screen.h: curses set-up, theme styles, and the one way text is drawn. */
#ifndef SENDGUARD_SCREEN_H
#define SENDGUARD_SCREEN_H

#include <stddef.h>
#include <stdint.h>

#include "tui.h"

/*
 * Starts curses on the terminal (stdin/stdout, or a terminal device such
 * as mutt's when tty is not NULL) with the theme, or mono when NO_COLOR is
 * set or the terminal has no colours. Returns 0, or -1 with *errstr.
 */
int	 screen_open(const char *tty, const struct theme *, char **errstr);
/* Keys for the start and end of a bracketed paste. */
#define SCREEN_PASTE_BEGIN	(KEY_MAX + 1)
#define SCREEN_PASTE_END	(KEY_MAX + 2)

/* Restores the terminal exactly as it was. */
void	 screen_close(void);
/* The curses attribute of a role. */
int	 screen_attr(enum theme_role);

/*
 * Draws UTF-32 text at y, x in at most cols columns with attr; control
 * characters and escape sequences are drawn as visible escapes (\e, \n,
 * \x07) in the escaped role, never sent to the terminal. Returns the
 * columns used.
 */
int	 screen_text(int y, int x, int cols, const uint32_t *, size_t, int attr);
/* The same for UTF-8 text (malformed bytes drawn as U+FFFD). */
int	 screen_utf8(int y, int x, int cols, const char *, int attr);
/* Fills the rest of a line from x with blanks in attr. */
void	 screen_clear_to(int y, int x, int cols, int attr);

#endif
