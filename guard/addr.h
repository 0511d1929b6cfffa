/* addr.h: RFC 5322 address lists, split and strictly validated. */
#ifndef SENDGUARD_ADDR_H
#define SENDGUARD_ADDR_H

#include <stddef.h>

/* One address of a list. All strings are allocated; NULL when absent. */
struct addr {
	char	*raw;		/* the piece of the list, trimmed */
	char	*spec;		/* addr-spec as typed: local@domain */
	char	*local;		/* local part as typed */
	char	*domain;	/* domain part as typed */
	char	*name;		/* display name, decoded to UTF-8 */
	char	*group;		/* name of the group it belongs to */
	char	*error;		/* why it is not a valid address */
};

struct addr_list {
	struct addr	*v;
	size_t		 n;
};

/* Longest addr-spec accepted (RFC 5321 path limit less the brackets). */
#define ADDR_MAX	254

/*
 * Splits an address list into addresses and validates each. Never fails:
 * an address that is not valid has its error set. Empty elements (as in
 * "a@b.c, , d@e.f" or a trailing comma) are skipped.
 */
void	addr_parse_list(const char *, struct addr_list *);
void	addr_list_free(struct addr_list *);

/*
 * Validates a bare addr-spec (local@domain): 0, or -1 with *error set to
 * an allocated reason. On success *local and *domain are allocated.
 */
int	addr_parse_spec(const char *, char **local, char **domain,
	    char **error);

#endif
