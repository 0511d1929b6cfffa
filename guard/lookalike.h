/* lookalike.h: near misses of known domains, found through the indexes. */
#ifndef SENDGUARD_LOOKALIKE_H
#define SENDGUARD_LOOKALIKE_H

#include <stddef.h>

#include "variant.h"

struct domain;
struct guard_index;
struct homograph;

enum lookalike_how {
	LOOKALIKE_EDIT,		/* one typing slip in the name */
	LOOKALIKE_DOT,		/* a dot or hyphen added or left out */
	LOOKALIKE_FOLD		/* looks the same (0/o, rn/m, Cyrillic a) */
};

struct lookalike {
	char			*known;		/* registrable domain meant */
	char			*suggestion;	/* whole domain probably meant */
	unsigned		 src;		/* where the known one is from */
	enum lookalike_how	 how;
	enum variant_edit	 edit;		/* for LOOKALIKE_EDIT */
};

/* The indexes a query looks in. */
struct lookalike_set {
	const struct guard_index *const	*ix;
	size_t				 n;
	const struct homograph		*hg;
};

/* Source bits of a registrable domain known exactly, or 0. */
unsigned lookalike_known(const struct lookalike_set *, const char *);

/*
 * Finds the known domain that d most likely meant. Returns 1 and fills m
 * (free it with lookalike_free), or 0 when d is no near miss.
 */
int	 lookalike_find(const struct lookalike_set *, const struct domain *,
	    struct lookalike *);
void	 lookalike_free(struct lookalike *);

/*
 * The whole domain probably meant, when d's registrable domain was meant
 * to be known (U-labels): d's host part kept. Allocated.
 */
char	*lookalike_suggestion(const struct domain *, const char *known);

#endif
