/* index.h: the near-match index over known domains (internal to guard/). */
#ifndef SENDGUARD_INDEX_H
#define SENDGUARD_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "guard.h"

struct homograph;

/*
 * Keys of an entry r (a registrable domain whose first label has namelen
 * characters): INDEX_DEL holds r and r with one letter of its first label
 * deleted (symmetric-delete: two strings one edit apart share a key);
 * INDEX_SQUASH holds r without dots and hyphens; INDEX_FOLD holds r's
 * folded skeleton where it differs from r.
 */
enum index_kind {
	INDEX_DEL = 1,
	INDEX_SQUASH,
	INDEX_FOLD
};

struct index_entry {
	const char	*domain;	/* registrable domain, A-label */
	size_t		 len;
	size_t		 namelen;	/* length of its first label */
	unsigned	 src;		/* enum guard_source bits */
};

typedef void (*index_visit)(const struct guard_index *, uint32_t, void *);

/* Building: new, add lists of domains (returns how many were skipped as
 * invalid), end (frees the builder). */
struct index_build;
struct index_build *index_build_new(size_t hint, char **errstr);
size_t	 index_build_add(struct index_build *, const char *const *, size_t,
	    unsigned src);
struct guard_index *index_build_end(struct index_build *);

/* Calls visit for every entry that has key s[0..n) of a kind (maybe a
 * false candidate: the caller verifies). */
void	 index_lookup(const struct guard_index *, enum index_kind,
	    const char *, size_t, index_visit, void *);
/* Fills e for entry id; returns -1 if id is out of range. */
int	 index_entry(const struct guard_index *, uint32_t,
	    struct index_entry *);
/* Finds a registrable domain exactly; returns its source bits or 0. */
unsigned index_find(const struct guard_index *, const char *, size_t);

/* The fold used for INDEX_FOLD keys (set by build or from_bytes). */
uint64_t index_fingerprint(const struct guard_index *);

#endif
