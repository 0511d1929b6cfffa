/* netrc.h: passwords from ~/.netrc and SYSCONFDIR/netrc, as msmtp reads them. */
#ifndef SENDGUARD_NETRC_H
#define SENDGUARD_NETRC_H

#include <stddef.h>

struct netrc_entry {
	char	*host;		/* machine */
	char	*login;		/* login (or user) */
	char	*password;	/* password (or passwd), or NULL */
};

struct netrc {
	struct netrc_entry	*v;	/* in file order */
	size_t			 n;
};

/*
 * Parses netrc text as msmtp does (its parser is fetchmail's): tokens
 * separated by blanks, '"' or '\'' quoting, '#' starting a comment where a
 * token would start, "macdef" skipping to the next empty line. Entries
 * without a login are dropped; "default" entries (no host) are kept but
 * never match, as in msmtp. Never fails.
 */
void	 netrc_parse(const char *text, size_t len, struct netrc *);
void	 netrc_free(struct netrc *);

/*
 * The password of the first entry for exactly this host and login, or
 * NULL (borrowed from the list).
 */
const char *netrc_find(const struct netrc *, const char *host,
	    const char *login);

/*
 * msmtp's lookup: ~/.netrc, then SYSCONFDIR/netrc (subst_sysconfdir()).
 * The password (allocated), or NULL. $NETRC is not read (msmtp does not).
 */
char	*netrc_password(const char *host, const char *login);

#endif
