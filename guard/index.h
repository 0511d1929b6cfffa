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
 * folded skeleton where it differs from r; INDEX_NAME holds r's first
 * label alone (for slips of the suffix: gmx.ed for gmx.de).
 */
enum index_kind {
	INDEX_DEL = 1,
	INDEX_SQUASH,
	INDEX_FOLD,
	INDEX_NAME
};

struct index_entry {
	const char	*domain;	/* registrable domain, A-label */
	size_t		 len;
	size_t		 namelen;	/* length of its first label */
	unsigned	 src;		/* enum guard_source bits */
	int		 weight;	/* tenths of log10 (<= 0): weight.h */
};

/*
 * The index is one flat block: a header, then the arrays that
 * index_layout() places, so it can be written out and mapped back in.
 * Shared by index.c (mapping, lookup) and index_build.c (building).
 */
#define INDEX_MAGIC	"SGINDEX1"
#define INDEX_VERSION	2

struct index_header {
	char		magic[8];
	uint32_t	version;
	uint32_t	n;		/* entries */
	uint32_t	nbits;		/* log2 of the bucket count */
	uint32_t	nkeys;
	uint32_t	strbytes;	/* bytes of NUL-terminated domains */
	uint32_t	minq;		/* the heaviest entry's stored weight */
	uint64_t	fingerprint;	/* homograph_fingerprint() */
};

struct guard_index {
	struct index_header	 h;
	const uint32_t		*off;	 /* n + 1 offsets into str */
	const uint32_t		*bucket; /* 2^nbits + 1 offsets into key */
	const uint32_t		*key;	 /* low 32 bits of each key hash */
	const uint32_t		*id;	 /* entry of each key */
	const uint8_t		*src;	 /* n source bits */
	const uint8_t		*namelen; /* n first-label lengths */
	const uint8_t		*weight; /* n weights, as -tenths of log10 */
	const char		*str;
	void			*mem;	 /* owned block, or NULL if mapped */
};

/* Sizes of the arrays that follow the header, in order; returns the
 * block's total size. */
struct index_offsets {
	size_t	off, bucket, key, id, src, namelen, weight, str;
};
size_t	 index_layout(const struct index_header *, struct index_offsets *);
/* Points ix's arrays into the block at base (laid out for ix->h). */
void	 index_point(struct guard_index *, const char *base);

#define INDEX_FNV_BASIS	0xcbf29ce484222325ULL
#define INDEX_FNV_PRIME	0x100000001b3ULL

/* FNV-1a from a given state, so prefixes can be shared. */
static inline uint64_t
index_fnv(uint64_t h, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * INDEX_FNV_PRIME;
	return h;
}

/* fmix64: FNV's high bits are weak, and they pick the bucket. */
static inline uint64_t
index_mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

static inline uint64_t
index_seed(enum index_kind kind)
{
	return INDEX_FNV_BASIS ^ ((uint64_t)kind << 56);
}

static inline uint64_t
index_hash(enum index_kind kind, const char *s, size_t n)
{
	return index_mix(index_fnv(index_seed(kind), s, n));
}

typedef void (*index_visit)(const struct guard_index *, uint32_t, void *);

/*
 * Building: new, add lists of domains (returns how many were skipped as
 * invalid), end (frees the builder). A domain added twice keeps the union
 * of its sources and the heavier weight. index_build_add weighs each
 * domain by its source (weight_source()); index_build_weighted takes one
 * weight (tenths of log10) for the list.
 */
struct index_build;
struct index_build *index_build_new(size_t hint, char **errstr);
size_t	 index_build_add(struct index_build *, const char *const *, size_t,
	    unsigned src);
size_t	 index_build_weighted(struct index_build *, const char *const *,
	    size_t, unsigned src, int weight);
/*
 * Adds the domains of a data file (guard/data/): one domain a line, '#'
 * comments, "#@weight W" (log10) setting the weight of the lines that
 * follow, "#@mailboxes TOTAL" making a second column on each line a count
 * of mailboxes (millions; weight log10(count / TOTAL)), else a second
 * column is the line's own weight. keep (may be NULL) is asked about each
 * domain. Returns how many lines were skipped as invalid.
 */
size_t	 index_build_text(struct index_build *, const char *text, size_t len,
	    unsigned src, int weight, int (*keep)(const char *, void *),
	    void *arg);
struct guard_index *index_build_end(struct index_build *);

/* Calls visit for every entry that has key s[0..n) of a kind (maybe a
 * false candidate: the caller verifies). index_lookup_hash() takes the
 * key's index_hash(), for a key looked up in several indexes. */
void	 index_lookup_hash(const struct guard_index *, uint64_t,
	    index_visit, void *);
void	 index_lookup(const struct guard_index *, enum index_kind,
	    const char *, size_t, index_visit, void *);
/* Fills e for entry id; returns -1 if id is out of range. */
int	 index_entry(const struct guard_index *, uint32_t,
	    struct index_entry *);
/* The weight of the heaviest entry (-255 when empty). */
int	 index_max_weight(const struct guard_index *);
/*
 * Finds a registrable domain exactly; returns its source bits, or 0. When
 * found and weight is not NULL, *weight is its weight.
 */
unsigned index_find(const struct guard_index *, const char *, size_t,
	    int *weight);

/* The fold used for INDEX_FOLD keys (set by build or from_bytes). */
uint64_t index_fingerprint(const struct guard_index *);

#endif
