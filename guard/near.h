/*
 * near.h: two typing slips in a long name, against the user's own small
 * set of domains (contacts, history, org, trusted), where a linear scan
 * with cheap filters is affordable and the big index would not be
 * (internal to guard/).
 */
#ifndef SENDGUARD_NEAR_H
#define SENDGUARD_NEAR_H

#include <stddef.h>

struct guard_index;
struct near;

/* Names shorter than this get no second slip: too many real ones. */
#define NEAR_MIN_NAME	8

struct near	*near_new(void);
/* Adds the entries of ix whose sources meet srcmask (borrowed from ix). */
void		 near_add(struct near *, const struct guard_index *,
		    unsigned srcmask);
void		 near_free(struct near *);
size_t		 near_count(const struct near *);

struct near_match {
	const char	*known;		/* registrable domain (A-label) */
	unsigned	 src;
	int		 distance;	/* 1 or 2 */
};

/*
 * Finds the closest domain no more than two edits (insert, delete,
 * change, swap of neighbours) from reg, whose first label has namelen
 * characters. Returns 1 and fills m, or 0.
 */
int		 near_find(const struct near *, const char *reg,
		    size_t namelen, struct near_match *m);

/* Optimal string alignment distance, or max + 1 when it is above max. */
int		 near_distance(const char *a, size_t alen, const char *b,
		    size_t blen, int max);

#endif
