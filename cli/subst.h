/*
 * subst.h: msmtp's substitution patterns in "from" (%U %H %C %M) and
 * "domain" (%H %C %M).
 */
#ifndef SENDGUARD_SUBST_H
#define SENDGUARD_SUBST_H

/*
 * Gives the value of a pattern letter (allocated), or NULL with *errstr
 * (e.g. no /etc/mailname for %M).
 */
typedef char *(*subst_fn)(void *arg, char letter, char **errstr);

/*
 * Replaces each "%X" in s whose X is one of letters by what value gives
 * for it; every other character, other "%X" and a lone "%" included, is
 * kept (as msmtp does: "%%" stays "%%"). Returns the result (allocated),
 * or NULL with *errstr from value.
 */
char	*subst_expand(const char *s, const char *letters, subst_fn value,
	    void *arg, char **errstr);

/*
 * msmtp's values: U is $USER, else $LOGNAME, else the login name; H is
 * $HOSTNAME, else the host name; C the canonical name of H (H if it has
 * none); M the first line of SYSCONFDIR/mailname (arg: SYSCONFDIR, a
 * const char *; NULL for /etc).
 */
char	*subst_system(void *arg, char letter, char **errstr);

/* SYSCONFDIR: $SENDGUARD_SYSCONFDIR (for tests), else /etc. */
const char *subst_sysconfdir(void);

#endif
