/*
 * envalias.h: msmtp's aliases file (the "aliases" command): local names
 * without a domain replaced, in the envelope only, by the addresses the
 * file gives them.
 */
#ifndef SENDGUARD_ENVALIAS_H
#define SENDGUARD_ENVALIAS_H

#include <stddef.h>

#include "config.h"

struct envalias {
	char		*name;		/* the local name (no '@') */
	struct strlist	 addrs;		/* each with an '@' */
};

struct envaliases {
	struct envalias	*v;
	size_t		 n;
};

/*
 * Parses an aliases file as msmtp does: "name: address, address" lines,
 * '#' to the end of the line a comment, blanks around each part ignored;
 * "default" matches any local name that has no line of its own. Returns
 * 0, or -1 with *errstr "line N: ..." (a line of 511 characters or more,
 * not exactly one ':', a name with '@', an address without one, a name
 * given twice).
 */
int	 envalias_parse(const char *text, size_t len, struct envaliases *,
	    char **errstr);
void	 envalias_free(struct envaliases *);

/* Whether a recipient is a local name (no '@'): what aliases replace. */
int	 envalias_is_local(const char *rcpt);

/*
 * Replaces every local name in rcpts by its addresses (or by those of
 * "default"); a name with neither stays. As msmtp 1.8.23 does, the
 * addresses of one name go in in reverse order. Returns how many names
 * were replaced.
 */
size_t	 envalias_expand(const struct envaliases *, struct strlist *rcpts);

/* Reads and parses a file: 0, or -1 with *errstr "PATH: ...". */
int	 envalias_load(const char *path, struct envaliases *, char **errstr);

/*
 * Reads the file and expands: the file is read only if a recipient is a
 * local name (as msmtp). 0, or -1 with *errstr "PATH: ..." (exit 78).
 */
int	 envalias_apply(const char *path, struct strlist *rcpts,
	    char **errstr);

#endif
