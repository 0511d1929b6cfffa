/* trap.h: top-level domains that catch mail meant for another TLD. */
#ifndef SENDGUARD_TRAP_H
#define SENDGUARD_TRAP_H

struct trap {
	const char	*typed;		/* the TLD as typed: "ml" */
	const char	*meant;		/* the TLD probably meant: "mil" */
	const char	*what;		/* whose it is: "Mali", or NULL */
	int		 p;		/* tenths of log10 P(typed | meant) */
};

/*
 * The traps for a typed TLD, one after another: pass NULL first, then the
 * previous result; NULL at the end.
 */
const struct trap *trap_next(const char *tld, const struct trap *prev);
/* The trap for typed in place of meant, or NULL. */
const struct trap *trap_find(const char *typed, size_t tlen,
	    const char *meant, size_t mlen);

#endif
