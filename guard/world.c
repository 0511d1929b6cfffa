/*
 * world.c: what the user's address books and history teach the guard,
 * compiled into one flat block (a header, the address keys as an open
 * addressing table, then a near-match index of their domains) so that
 * the caller can cache it and map it back at the next start instead of
 * reading 100,000 addresses again.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "index.h"
#include "known.h"
#include "weight.h"
#include "world.h"

#define WORLD_MAGIC	"SGWORLD1"
#define WORLD_VERSION	2

struct world_header {
	char		magic[8];
	uint32_t	version;
	uint32_t	pad;
	uint64_t	cap;		/* slots of the key table */
	uint64_t	n;		/* addresses */
	uint64_t	ixlen;		/* bytes of the index that follows */
};

struct guard_world {
	struct known		*addrs;		/* over the block's table */
	struct guard_index	*ix;		/* over the block's index */
	void			*mem;		/* owned block, or NULL */
	size_t			 len;
};

/*
 * Each address into the set; each domain into b, weighed by its source,
 * or for the history by how often and how lately mail went there (a
 * domain seen again keeps its heaviest weight). count and days may be
 * NULL.
 */
static void
world_add(struct index_build *b, struct known *domains, struct known *addrs,
    const struct guard_list *l, unsigned src, const unsigned *count,
    const unsigned *days)
{
	const char *at, *dom;
	size_t i;
	int w, fresh;

	for (i = 0; l != NULL && i < l->n; i++) {
		if ((at = strrchr(l->v[i], '@')) == NULL)
			continue;
		known_add(addrs, known_address_key(l->v[i]));
		dom = at + 1;
		fresh = known_add(domains, known_domain_key(dom, strlen(dom)));
		if (count == NULL && days == NULL) {
			if (fresh)
				index_build_add(b, &dom, 1, src);
			continue;
		}
		w = weight_history(count != NULL ? count[i] : 1,
		    days != NULL ? days[i] : 0);
		index_build_weighted(b, &dom, 1, src, w);
	}
}

int
guard_world_build(const struct guard_list *contacts,
    const struct guard_list *history, const unsigned *count,
    const unsigned *days, struct guard_world **out, char **errstr)
{
	struct world_header h;
	struct index_build *b;
	struct guard_index *ix;
	struct known *addrs, *domains;
	const uint64_t *table;
	void *ixbytes;
	size_t cap, ixlen, len;
	char *mem;
	int r;

	if ((b = index_build_new(1024, errstr)) == NULL)
		return -1;
	addrs = known_new((contacts != NULL ? contacts->n : 0) +
	    (history != NULL ? history->n : 0));
	domains = known_new(1024);
	world_add(b, domains, addrs, contacts, GUARD_SRC_CONTACT, NULL, NULL);
	world_add(b, domains, addrs, history, GUARD_SRC_HISTORY, count, days);
	known_free(domains);
	ix = index_build_end(b);
	guard_index_bytes(ix, &ixbytes, &ixlen);
	guard_index_free(ix);
	table = known_table(addrs, &cap);
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, WORLD_MAGIC, 8);
	h.version = WORLD_VERSION;
	h.cap = cap;
	h.n = known_count(addrs);
	h.ixlen = ixlen;
	len = sizeof(h) + cap * sizeof(uint64_t) + ixlen;
	mem = xmalloc(len);
	memcpy(mem, &h, sizeof(h));
	memcpy(mem + sizeof(h), table, cap * sizeof(uint64_t));
	memcpy(mem + sizeof(h) + cap * sizeof(uint64_t), ixbytes, ixlen);
	free(ixbytes);
	known_free(addrs);
	if ((r = guard_world_from_bytes(mem, len, out, errstr)) != 0) {
		free(mem);
		return r;
	}
	(*out)->mem = mem;
	return 0;
}

void
guard_world_bytes(const struct guard_world *w, void **buf, size_t *len)
{
	*buf = xmalloc(w->len);
	memcpy(*buf, w->mem != NULL ? w->mem : (const void *)
	    ((const char *)known_table(w->addrs, len) -
	    sizeof(struct world_header)), w->len);
	*len = w->len;
}

int
guard_world_from_bytes(const void *buf, size_t len,
    struct guard_world **out, char **errstr)
{
	struct world_header h;
	struct guard_world *w;
	const char *p = buf;

	if (len < sizeof(h)) {
		*errstr = xstrdup("world cache too short");
		return -1;
	}
	memcpy(&h, buf, sizeof(h));
	if (memcmp(h.magic, WORLD_MAGIC, 8) != 0 ||
	    h.version != WORLD_VERSION) {
		*errstr = xstrdup("not a world cache of this version");
		return -1;
	}
	if (h.cap < 2 || (h.cap & (h.cap - 1)) != 0 || h.cap > (1ULL << 32) ||
	    h.n >= h.cap || h.ixlen > len ||
	    len != sizeof(h) + h.cap * sizeof(uint64_t) + h.ixlen ||
	    ((uintptr_t)buf & 7) != 0) {
		*errstr = xstrdup("world cache is damaged");
		return -1;
	}
	w = xcalloc(1, sizeof(*w));
	if (guard_index_from_bytes(p + sizeof(h) + h.cap * sizeof(uint64_t),
	    (size_t)h.ixlen, &w->ix, errstr) != 0) {
		free(w);
		return -1;
	}
	/*
	 * The table is probed until an empty slot: one must exist, or a
	 * damaged table would loop. n < cap says so only if n is right, so
	 * the last slot is checked too (the builder keeps the load at 1/2).
	 */
	w->addrs = known_map((const uint64_t *)(const void *)(p + sizeof(h)),
	    (size_t)h.cap, (size_t)h.n);
	if (!known_sane(w->addrs)) {
		guard_world_free(w);
		*errstr = xstrdup("world cache is damaged");
		return -1;
	}
	w->len = len;
	*out = w;
	return 0;
}

void
guard_world_free(struct guard_world *w)
{
	if (w == NULL)
		return;
	known_free(w->addrs);
	guard_index_free(w->ix);
	free(w->mem);
	free(w);
}

size_t
guard_world_count(const struct guard_world *w)
{
	return w != NULL ? known_count(w->addrs) : 0;
}

const struct known *
world_addresses(const struct guard_world *w)
{
	return w->addrs;
}

const struct guard_index *
world_index(const struct guard_world *w)
{
	return w->ix;
}
