/*
 * lookalike.h: the known domain a typed one was most likely meant to be,
 * by the noisy channel (channel.h), over every candidate the indexes
 * give: one slip in the name, two in a long one, a dot or hyphen, letters
 * that look alike, a slip of the top-level domain.
 */
#ifndef SENDGUARD_LOOKALIKE_H
#define SENDGUARD_LOOKALIKE_H

#include <stddef.h>

#include "channel.h"

struct domain;
struct guard_index;
struct homograph;
struct near;
struct trap;

struct lookalike {
	char			*known;		/* registrable domain meant */
	char			*suggestion;	/* whole domain probably meant */
	char			*what;		/* the slip in plain words */
	unsigned		 src;		/* where the known one is from */
	enum channel_how	 how;
	const struct trap	*trap;		/* CHANNEL_TLD by a trap pair */
	int			 margin;	/* tenths of log10 over the
						   typed domain's own weight */
};

/* The indexes a query looks in. */
struct lookalike_set {
	const struct guard_index *const	*ix;
	size_t				 n;
	const struct homograph		*hg;
	const struct near		*near;	/* two slips, or NULL */
	int				 maxweight; /* of all the indexes */
};

/*
 * Source bits of a registrable domain known exactly (0: unknown); with
 * weight not NULL, *weight is its heaviest weight when known.
 */
unsigned lookalike_known(const struct lookalike_set *, const char *,
	    int *weight);

/*
 * Finds the known domain that d most likely meant. Returns 1 and fills m
 * (free it with lookalike_free) when the slip is likelier than d itself
 * by CHANNEL_THRESHOLD, else 0.
 */
int	 lookalike_find(const struct lookalike_set *, const struct domain *,
	    struct lookalike *);
void	 lookalike_free(struct lookalike *);

#endif
