/*
 * index.c: the near-match index. A CSR hash multimap: the top bits of a
 * key's 64-bit hash pick a bucket, the low 32 bits are stored beside the
 * entry id, and candidates are verified by the caller. Built with a
 * counting sort (index_build.c), so it is one flat block that can be
 * written out and mapped back in without parsing.
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "domain.h"
#include "homograph.h"
#include "index.h"

/* Sizes of the arrays that follow the header, in order. */
size_t
index_layout(const struct index_header *h, struct index_offsets *o)
{
	size_t p = sizeof(*h);

	o->off = p;
	p += ((size_t)h->n + 1) * 4;
	o->bucket = p;
	p += (((size_t)1 << h->nbits) + 1) * 4;
	o->key = p;
	p += (size_t)h->nkeys * 4;
	o->id = p;
	p += (size_t)h->nkeys * 4;
	o->src = p;
	p += h->n;
	o->namelen = p;
	p += h->n;
	o->weight = p;
	p += h->n;
	o->str = p;
	p += h->strbytes;
	return p;
}

void
index_point(struct guard_index *ix, const char *base)
{
	struct index_offsets o;

	index_layout(&ix->h, &o);
	ix->off = (const uint32_t *)(const void *)(base + o.off);
	ix->bucket = (const uint32_t *)(const void *)(base + o.bucket);
	ix->key = (const uint32_t *)(const void *)(base + o.key);
	ix->id = (const uint32_t *)(const void *)(base + o.id);
	ix->src = (const uint8_t *)(base + o.src);
	ix->namelen = (const uint8_t *)(base + o.namelen);
	ix->weight = (const uint8_t *)(base + o.weight);
	ix->str = base + o.str;
}

size_t
guard_index_count(const struct guard_index *ix)
{
	return ix->h.n;
}

int
index_max_weight(const struct guard_index *ix)
{
	return ix->h.n > 0 && ix->h.minq <= 255 ? -(int)ix->h.minq : -255;
}

uint64_t
index_fingerprint(const struct guard_index *ix)
{
	return ix->h.fingerprint;
}

void
guard_index_bytes(const struct guard_index *ix, void **buf, size_t *len)
{
	struct index_offsets o;

	*len = index_layout(&ix->h, &o);
	*buf = xmalloc(*len);
	memcpy(*buf, ix->mem != NULL ? ix->mem : (const void *)
	    ((const char *)ix->off - o.off), *len);
}

int
guard_index_from_bytes(const void *buf, size_t len, struct guard_index **out,
    char **errstr)
{
	struct index_header h;
	struct guard_index *ix;
	struct index_offsets o;

	if (len < sizeof(h)) {
		*errstr = xstrdup("index too short");
		return -1;
	}
	memcpy(&h, buf, sizeof(h));
	if (memcmp(h.magic, INDEX_MAGIC, 8) != 0 ||
	    h.version != INDEX_VERSION) {
		*errstr = xstrdup("not an index of this version");
		return -1;
	}
	if (h.nbits < 1 || h.nbits > 31 ||
	    index_layout(&h, &o) != len ||
	    (h.strbytes > 0 && ((const char *)buf)[len - 1] != '\0')) {
		*errstr = xstrdup("index is damaged");
		return -1;
	}
	if (homograph_fingerprint_now() != h.fingerprint) {
		*errstr = xstrdup("index was built with other ICU data");
		return -1;
	}
	ix = xcalloc(1, sizeof(*ix));
	ix->h = h;
	index_point(ix, buf);
	/*
	 * Constant time, so that mapping a million-domain cache costs
	 * nothing: the rest is checked on every access (index_entry,
	 * index_lookup), where a damaged entry is skipped.
	 */
	if (ix->off[0] != 0 || ix->off[h.n] != h.strbytes ||
	    ix->bucket[(size_t)1 << h.nbits] != h.nkeys) {
		free(ix);
		*errstr = xstrdup("index is damaged");
		return -1;
	}
	*out = ix;
	return 0;
}

void
guard_index_free(struct guard_index *ix)
{
	if (ix == NULL)
		return;
	free(ix->mem);
	free(ix);
}

void
index_lookup(const struct guard_index *ix, enum index_kind kind,
    const char *s, size_t n, index_visit visit, void *arg)
{
	index_lookup_hash(ix, index_hash(kind, s, n), visit, arg);
}

void
index_lookup_hash(const struct guard_index *ix, uint64_t h,
    index_visit visit, void *arg)
{
	size_t b = (size_t)(h >> (64 - ix->h.nbits));
	uint32_t k, end = ix->bucket[b + 1];

	if (end > ix->h.nkeys)
		return;		/* damaged mapping */
	for (k = ix->bucket[b]; k < end; k++)
		if (ix->key[k] == (uint32_t)h && ix->id[k] < ix->h.n)
			visit(ix, ix->id[k], arg);
}

int
index_entry(const struct guard_index *ix, uint32_t id, struct index_entry *e)
{
	uint32_t a, z;

	if (id >= ix->h.n)
		return -1;
	a = ix->off[id];
	z = ix->off[id + 1];
	/* A mapped index may be damaged: never trust its lengths. */
	if (a >= z || z > ix->h.strbytes || z - a - 1 > DOMAIN_MAX ||
	    ix->str[z - 1] != '\0' || memchr(ix->str + a, '\0',
	    z - a - 1) != NULL)
		return -1;
	e->domain = ix->str + a;
	e->len = z - a - 1;
	e->namelen = ix->namelen[id];
	/* Every entry is a registrable domain: a name, a dot, a suffix. */
	if (e->namelen == 0 || e->namelen >= e->len ||
	    e->domain[e->namelen] != '.')
		return -1;
	e->src = ix->src[id];
	e->weight = -(int)ix->weight[id];
	return 0;
}

struct index_find_arg {
	const char	*s;
	size_t		 n;
	unsigned	 src;
	int		 weight;
};

static void
index_find_visit(const struct guard_index *ix, uint32_t id, void *arg)
{
	struct index_find_arg *a = arg;
	struct index_entry e;

	if (index_entry(ix, id, &e) == 0 && e.len == a->n &&
	    memcmp(e.domain, a->s, a->n) == 0) {
		if (a->src == 0 || e.weight > a->weight)
			a->weight = e.weight;
		a->src |= e.src;
	}
}

unsigned
index_find(const struct guard_index *ix, const char *s, size_t n,
    int *weight)
{
	struct index_find_arg a = { s, n, 0, 0 };

	index_lookup(ix, INDEX_DEL, s, n, index_find_visit, &a);
	if (weight != NULL && a.src != 0)
		*weight = a.weight;
	return a.src;
}
