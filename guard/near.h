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

/*
 * Names shorter than this get no second slip: too many real ones. The
 * user's own domains (contacts, history, org, trusted) get it from a
 * shorter length than the heavy shipped ones.
 */
#define NEAR_MIN_NAME	8
#define NEAR_MIN_OWN	6

struct near	*near_new(void);
/*
 * Adds the entries of ix (borrowed from it) whose sources meet srcmask
 * (names of NEAR_MIN_OWN letters or more), or that weigh minweight or
 * more (names of NEAR_MIN_NAME or more).
 */
void		 near_add(struct near *, const struct guard_index *,
		    unsigned srcmask, int minweight);
/* Orders what was added for near_each(); call it once, after the adds. */
void		 near_seal(struct near *);
void		 near_free(struct near *);
size_t		 near_count(const struct near *);

typedef void	(*near_visit)(void *arg, const char *domain, size_t len,
		    size_t namelen, unsigned src, int weight);
/* Calls visit for every domain exactly two edits from reg (nr may be
 * NULL: none). */
void		 near_each(const struct near *, const char *reg,
		    size_t namelen, near_visit, void *arg);

/* Optimal string alignment distance, or max + 1 when it is above max. */
int		 near_distance(const char *a, size_t alen, const char *b,
		    size_t blen, int max);

#endif
