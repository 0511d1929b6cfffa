/* domain.h: domain normalization (libidn2) and registrable split (libpsl). */
#ifndef SENDGUARD_DOMAIN_H
#define SENDGUARD_DOMAIN_H

#include <stddef.h>

struct domain {
	char	*ascii;		/* lowercase A-label form */
	char	*unicode;	/* U-label form, for people */
	char	*reg;		/* registrable domain (A-label), or NULL */
	char	*reg_unicode;	/* the same as U-labels, or NULL */
	size_t	 namelen;	/* length of reg's first label */
	int	 literal;	/* an address literal such as [1.2.3.4] */
	int	 idn;		/* has an xn-- label once normalized */
	int	 invisible;	/* the first invisible code point typed in
				   it (zero-width space, soft hyphen, BOM),
				   dropped from the forms above; 0: none */
};

#define DOMAIN_MAX	253

/*
 * Normalizes a domain as a user typed it, so that every spelling of a
 * domain has one form that is checked and sent: a trailing dot (the
 * root) dropped, invisible code points dropped (and the first one kept
 * in invisible), then libidn2's lookup profile (UTS #46: full-width forms
 * and dots, compatibility forms, NFC, lowercase), A-labels for the wire,
 * U-labels for display; then splits off the registrable domain. Returns 0,
 * or -1 with *error set to an allocated reason.
 */
int	 domain_normalize(const char *, struct domain *, char **error);
void	 domain_free(struct domain *);

/*
 * Checks a lowercase ASCII domain (LDH labels of 1 to 63, 253 in all, a
 * TLD that is not all digits): NULL, or a static reason.
 */
const char *domain_check_ascii(const char *, size_t);

/*
 * The registrable domain of a lowercase ASCII domain, as a pointer into
 * it, or NULL if the domain is a public suffix or a single label.
 */
const char *domain_registrable(const char *);

/* Whether a lowercase ASCII domain is a public suffix ("co.uk", "com"). */
int	 domain_public_suffix(const char *);

/* The last label (top-level domain) of a domain. */
const char *domain_tld(const char *);
/* Whether a top-level domain (one label, lowercase) exists. */
int	 domain_tld_exists(const char *);

/* Converts an A-label domain to U-labels; returns an allocated string. */
char	*domain_to_unicode(const char *);

#endif
