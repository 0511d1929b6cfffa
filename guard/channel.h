/*
 * channel.h: the noisy channel (internal to guard/). A typed domain t is
 * a slip of a known domain d when weight(d) + P(t | d) passes the weight
 * of t itself by CHANNEL_THRESHOLD: the weight t has as a known domain,
 * or, for a domain nobody listed, the chance of meaning some unlisted
 * domain that looks like t (channel_prior). All figures are tenths of
 * log10 (weight.h).
 */
#ifndef SENDGUARD_CHANNEL_H
#define SENDGUARD_CHANNEL_H

#include <stddef.h>

struct trap;
struct variant;

/* Ten times likelier as a slip than as meant: warn. */
#define CHANNEL_THRESHOLD	10
/* A host under a known domain (mail.army.mil) weighs less than it by: */
#define CHANNEL_HOST		30
/* The likeliest slip of all (.ml for .mil): no P is above it. */
#define CHANNEL_BEST		(-15)
/* What cannot be typed on purpose: a TLD that does not exist. */
#define CHANNEL_NOWHERE		(-990)

/* How a known domain became what was typed. */
enum channel_how {
	CHANNEL_EDIT,		/* one slip in the name */
	CHANNEL_TWO,		/* two slips in a long name */
	CHANNEL_DOT,		/* a dot added or left out */
	CHANNEL_DOT_NAME,	/* a dot left out, a TLD added: armymil.com */
	CHANNEL_HYPHEN,		/* a hyphen added */
	CHANNEL_HYPHEN_OUT,	/* a hyphen left out */
	CHANNEL_FOLD,		/* letters that look alike */
	CHANNEL_FOLD_EDIT,	/* letters that look alike, and a slip */
	CHANNEL_TLD		/* a slip of the top-level domain */
};

/* P(typed | meant) of one slip in a name of namelen letters. */
int	 channel_edit(const struct variant *, size_t namelen);
/* P of the kinds without a variant (CHANNEL_TWO, _DOT, _HYPHEN, _FOLD). */
int	 channel_kind(enum channel_how);

/*
 * P of a slip of the suffix: typed (".ml") for meant (".mil"), both what
 * follows the first label of a registrable domain, without the dot. 1
 * when typed is no slip of meant. *trap is the trap table's entry, if the
 * slip is one of its pairs (else NULL).
 */
int	 channel_tld(const char *typed, const char *meant,
	    const struct trap **trap);

/*
 * The weight of a domain nobody listed (ascii: the whole domain, reg its
 * registrable part, namelen its first label): how likely a user means
 * some unlisted domain that is exactly this one. Short names are real
 * far more often than long ones; .mil is listed almost whole, so little
 * is left unlisted there; a top-level domain that does not exist is
 * never meant (CHANNEL_NOWHERE).
 */
int	 channel_prior(const char *ascii, const char *reg, size_t namelen);

#endif
