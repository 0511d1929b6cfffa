/* theme.h: the theme file parser, internal to tui/, its tests and fuzzer. */
#ifndef SENDGUARD_THEME_H
#define SENDGUARD_THEME_H

#include <stddef.h>

struct theme;

/*
 * Parses len bytes of theme file text (no NUL needed) into t->style: the
 * default theme's styles first, then each line's. name is the file named
 * in errors; t->name is not touched. Returns 0, or -1 with t->style reset
 * to the default theme's and, if errstr is not NULL, *errstr an allocated
 * "NAME:LINE: why" for the caller to free.
 */
int	 theme_parse(const char *text, size_t len, const char *name,
	    struct theme *t, char **errstr);

#endif
