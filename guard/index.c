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
index_layout(const struct index_header *h, size_t *off, size_t *bucket,
    size_t *key, size_t *id, size_t *src, size_t *namelen, size_t *str)
{
	size_t p = sizeof(*h);

	*off = p;
	p += ((size_t)h->n + 1) * 4;
	*bucket = p;
	p += (((size_t)1 << h->nbits) + 1) * 4;
	*key = p;
	p += (size_t)h->nkeys * 4;
	*id = p;
	p += (size_t)h->nkeys * 4;
	*src = p;
	p += h->n;
	*namelen = p;
	p += h->n;
	*str = p;
	p += h->strbytes;
	return p;
}

void
index_point(struct guard_index *ix, const char *base)
{
	size_t o, b, k, i, s, nl, st;

	index_layout(&ix->h, &o, &b, &k, &i, &s, &nl, &st);
	ix->off = (const uint32_t *)(const void *)(base + o);
	ix->bucket = (const uint32_t *)(const void *)(base + b);
	ix->key = (const uint32_t *)(const void *)(base + k);
	ix->id = (const uint32_t *)(const void *)(base + i);
	ix->src = (const uint8_t *)(base + s);
	ix->namelen = (const uint8_t *)(base + nl);
	ix->str = base + st;
}

size_t
guard_index_count(const struct guard_index *ix)
{
	return ix->h.n;
}

uint64_t
index_fingerprint(const struct guard_index *ix)
{
	return ix->h.fingerprint;
}

void
guard_index_bytes(const struct guard_index *ix, void **buf, size_t *len)
{
	size_t o, b, k, i, s, nl, st;

	*len = index_layout(&ix->h, &o, &b, &k, &i, &s, &nl, &st);
	*buf = xmalloc(*len);
	memcpy(*buf, ix->mem != NULL ? ix->mem : (const void *)
	    ((const char *)ix->off - o), *len);
}

int
guard_index_from_bytes(const void *buf, size_t len, struct guard_index **out,
    char **errstr)
{
	struct index_header h;
	struct guard_index *ix;
	size_t o, b, k, i, s, nl, st;

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
	    index_layout(&h, &o, &b, &k, &i, &s, &nl, &st) != len ||
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
	uint64_t h = index_hash(kind, s, n);
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
	if (e->namelen > e->len)
		e->namelen = e->len;
	e->src = ix->src[id];
	return 0;
}

struct index_find_arg {
	const char	*s;
	size_t		 n;
	unsigned	 src;
};

static void
index_find_visit(const struct guard_index *ix, uint32_t id, void *arg)
{
	struct index_find_arg *a = arg;
	struct index_entry e;

	if (index_entry(ix, id, &e) == 0 && e.len == a->n &&
	    memcmp(e.domain, a->s, a->n) == 0)
		a->src |= e.src;
}

unsigned
index_find(const struct guard_index *ix, const char *s, size_t n)
{
	struct index_find_arg a = { s, n, 0 };

	index_lookup(ix, INDEX_DEL, s, n, index_find_visit, &a);
	return a.src;
}
