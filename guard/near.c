/* near.c: the user's domains within two edits, by filtered linear scan. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "domain.h"
#include "index.h"
#include "near.h"

struct near_entry {
	const char	*domain;	/* borrowed from the index */
	uint16_t	 len;
	uint16_t	 namelen;
	uint32_t	 mask;		/* letters and digits present */
	unsigned	 src;
	int		 weight;
};

struct near {
	struct near_entry	*v;
	size_t			 n;
	size_t			 cap;
	/*
	 * The entries by their name's first letter and length, and by its
	 * last letter and length (near_seal): two slips seldom hit both
	 * ends of a name, so a query looks only at names that begin or end
	 * as it does.
	 */
	uint32_t		*byfirst;
	uint32_t		*bylast;
};

/* One bit per letter, digits share the rest: an edit flips at most 2. */
static uint32_t
near_mask(const char *s, size_t n)
{
	uint32_t m = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] >= 'a' && s[i] <= 'z')
			m |= 1u << (s[i] - 'a');
		else if (s[i] >= '0' && s[i] <= '9')
			m |= 1u << (26 + (s[i] - '0') % 6);
	}
	return m;
}

struct near *
near_new(void)
{
	return xcalloc(1, sizeof(struct near));
}

void
near_add(struct near *nr, const struct guard_index *ix, unsigned srcmask,
    int minweight)
{
	struct index_entry e;
	uint32_t id, n = (uint32_t)guard_index_count(ix);

	for (id = 0; id < n; id++) {
		/* The bytes first: most entries go, without their string. */
		if (!(((ix->src[id] & srcmask) != 0 &&
		    ix->namelen[id] >= NEAR_MIN_OWN) ||
		    (-(int)ix->weight[id] >= minweight &&
		    ix->namelen[id] >= NEAR_MIN_NAME)) ||
		    index_entry(ix, id, &e) != 0)
			continue;
		if (nr->n == nr->cap) {
			nr->cap = nr->cap != 0 ? nr->cap * 2 : 64;
			nr->v = xreallocarray(nr->v, nr->cap, sizeof(*nr->v));
		}
		nr->v[nr->n].domain = e.domain;
		nr->v[nr->n].len = (uint16_t)e.len;
		nr->v[nr->n].namelen = (uint16_t)e.namelen;
		nr->v[nr->n].mask = near_mask(e.domain, e.namelen);
		nr->v[nr->n].src = e.src;
		nr->v[nr->n].weight = e.weight;
		nr->n++;
	}
}

/* The sort key of an entry: a letter of its name, then its length. */
static uint32_t
near_key(const struct near_entry *e, int last)
{
	unsigned char c = (unsigned char)e->domain[last ? e->namelen - 1 : 0];

	return (uint32_t)c << 16 | e->len;
}

static int
near_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Fills by with the entries' numbers in the order of their keys. */
static uint32_t *
near_sorted(const struct near *nr, int last)
{
	uint64_t *pairs = xreallocarray(NULL, nr->n, sizeof(uint64_t));
	uint32_t *by = xreallocarray(NULL, nr->n, sizeof(uint32_t));
	size_t i;

	for (i = 0; i < nr->n; i++)
		pairs[i] = (uint64_t)near_key(&nr->v[i], last) << 32 | i;
	qsort(pairs, nr->n, sizeof(uint64_t), near_cmp);
	for (i = 0; i < nr->n; i++)
		by[i] = (uint32_t)pairs[i];
	free(pairs);
	return by;
}

void
near_seal(struct near *nr)
{
	if (nr == NULL || nr->n == 0)
		return;
	nr->byfirst = near_sorted(nr, 0);
	nr->bylast = near_sorted(nr, 1);
}

void
near_free(struct near *nr)
{
	if (nr == NULL)
		return;
	free(nr->v);
	free(nr->byfirst);
	free(nr->bylast);
	free(nr);
}

size_t
near_count(const struct near *nr)
{
	return nr != NULL ? nr->n : 0;
}

int
near_distance(const char *a, size_t alen, const char *b, size_t blen,
    int max)
{
	/* Three rows of the optimal string alignment table. */
	int row[3][DOMAIN_MAX + 2], *pp, *p, *c, best, v;
	size_t i, j;

	if (alen > DOMAIN_MAX || blen > DOMAIN_MAX)
		return max + 1;
	if ((alen > blen ? alen - blen : blen - alen) > (size_t)max)
		return max + 1;
	for (j = 0; j <= blen; j++)
		row[1][j] = (int)j;
	pp = row[0];
	p = row[1];
	c = row[2];
	for (i = 1; i <= alen; i++) {
		c[0] = (int)i;
		best = c[0];
		for (j = 1; j <= blen; j++) {
			v = p[j - 1] + (a[i - 1] != b[j - 1]);
			if (p[j] + 1 < v)
				v = p[j] + 1;
			if (c[j - 1] + 1 < v)
				v = c[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			c[j] = v;
			if (v < best)
				best = v;
		}
		if (best > max)
			return max + 1;
		/* Rotate: the current row becomes the previous one. */
		{
			int *t = pp;

			pp = p;
			p = c;
			c = t;
		}
	}
	return p[blen] <= max ? p[blen] : max + 1;
}

static int
near_popcount(uint32_t x)
{
	/* The classic SWAR count: no loop, no table. */
	x = x - ((x >> 1) & 0x55555555u);
	x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
	x = (x + (x >> 4)) & 0x0f0f0f0fu;
	return (int)((x * 0x01010101u) >> 24);
}

/*
 * Visits the entries of one of the sorted arrays whose key is c with a
 * length within two of len, but not those whose name begins with skip.
 */
static void
near_range(const struct near *nr, const uint32_t *by, int last,
    unsigned char c, const char *reg, size_t len, uint32_t mask, int skip,
    near_visit visit, void *arg)
{
	const struct near_entry *e;
	uint32_t lo_key = (uint32_t)c << 16 | (len > 2 ? len - 2 : 0),
	    hi_key = (uint32_t)c << 16 | (len + 2);
	size_t lo = 0, hi = nr->n, mid, i;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (near_key(&nr->v[by[mid]], last) < lo_key)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < nr->n && near_key(&nr->v[by[i]], last) <= hi_key;
	    i++) {
		e = &nr->v[by[i]];
		if ((skip >= 0 && (unsigned char)e->domain[0] == skip) ||
		    near_popcount(e->mask ^ mask) > 4 ||
		    near_distance(reg, len, e->domain, e->len, 2) != 2)
			continue;
		visit(arg, e->domain, e->len, e->namelen, e->src, e->weight);
	}
}

void
near_each(const struct near *nr, const char *reg, size_t namelen,
    near_visit visit, void *arg)
{
	size_t len = strlen(reg);
	uint32_t mask;

	if (nr == NULL || nr->byfirst == NULL || namelen < NEAR_MIN_OWN)
		return;
	mask = near_mask(reg, namelen);
	near_range(nr, nr->byfirst, 0, (unsigned char)reg[0], reg, len, mask,
	    -1, visit, arg);
	near_range(nr, nr->bylast, 1, (unsigned char)reg[namelen - 1], reg,
	    len, mask, (unsigned char)reg[0], visit, arg);
}
