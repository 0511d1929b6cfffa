/*
 * index_build.c: building the near-match index (index.c maps and reads
 * it). Entries are gathered and deduplicated, every key of every entry is
 * made, and a counting sort lays them out in one flat block.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "domain.h"
#include "homograph.h"
#include "index.h"
#include "variant.h"
#include "weight.h"

/* Entries gathered before the keys are made. */
struct index_build {
	struct buf	 str;
	uint32_t	*off;
	uint8_t		*src;
	uint8_t		*namelen;
	uint8_t		*weight;	/* -weight, as stored */
	uint32_t	 n, cap;
	uint32_t	*table;		/* dedup: id + 1, open addressing */
	uint32_t	 tmask;
	struct homograph *hg;
	struct buf	 fold;
	/* Public-suffix answers for what follows a first label ("co.uk"). */
	struct {
		uint64_t	 h;	/* 0: empty slot */
		int		 suffix;
	}		 psl[1024];
};

/*
 * The registrable domain of a lowercase ASCII domain, like
 * domain_registrable(), but faster for lists: when what follows the first
 * label is a public suffix (asked once per distinct suffix) and the whole
 * is not one, the whole is registrable.
 */
static const char *
index_registrable(struct index_build *b, const char *d)
{
	const char *dot = strchr(d, '.');
	uint64_t h;
	size_t slot, probes;

	if (dot == NULL)
		return NULL;
	h = index_hash(INDEX_DEL, dot + 1, strlen(dot + 1)) | 1;
	slot = (size_t)h & 1023;
	for (probes = 0; probes < 8; probes++) {
		if (b->psl[slot].h == 0) {
			b->psl[slot].h = h;
			b->psl[slot].suffix = domain_public_suffix(dot + 1);
			break;
		}
		if (b->psl[slot].h == h)
			break;
		slot = (slot + 1) & 1023;
	}
	if (probes == 8 || !b->psl[slot].suffix || domain_public_suffix(d))
		return domain_registrable(d);
	return d;
}

/* Adds one registrable domain, or merges it into a duplicate. */
static void
index_build_entry(struct index_build *b, const char *reg, size_t len,
    size_t namelen, unsigned src, int weight)
{
	uint8_t w = weight_store(weight);
	uint64_t h = index_hash(INDEX_DEL, reg, len);
	uint32_t slot = (uint32_t)h & b->tmask, id;

	while ((id = b->table[slot]) != 0) {
		id--;
		if (b->off[id + 1] - b->off[id] - 1 == len &&
		    memcmp(b->str.s + b->off[id], reg, len) == 0) {
			b->src[id] |= (uint8_t)src;
			if (w < b->weight[id])
				b->weight[id] = w;
			return;
		}
		slot = (slot + 1) & b->tmask;
	}
	if (b->n + 1 >= b->cap) {
		b->cap *= 2;
		b->off = xreallocarray(b->off, b->cap + 1, sizeof(*b->off));
		b->src = xreallocarray(b->src, b->cap, 1);
		b->namelen = xreallocarray(b->namelen, b->cap, 1);
		b->weight = xreallocarray(b->weight, b->cap, 1);
	}
	b->table[slot] = b->n + 1;
	b->src[b->n] = (uint8_t)src;
	b->weight[b->n] = w;
	b->namelen[b->n] = (uint8_t)namelen;
	buf_add(&b->str, reg, len);
	buf_addc(&b->str, '\0');
	b->off[++b->n] = (uint32_t)b->str.len;
}

/* Normalizes one listed domain to its registrable domain and adds it. */
static int
index_build_domain(struct index_build *b, const char *in, unsigned src,
    int weight)
{
	char tmp[DOMAIN_MAX + 1];
	const char *reg, *p;
	struct domain d;
	char *err = NULL;
	size_t n = strlen(in), i;

	while (n > 0 && (in[n - 1] == ' ' || in[n - 1] == '\t' ||
	    in[n - 1] == '\r'))
		n--;
	while (n > 0 && (*in == ' ' || *in == '\t'))
		in++, n--;
	for (i = 0; i < n && (unsigned char)in[i] < 0x80; i++)
		;
	if (i == n) {
		/* ASCII: the common case, without allocating. */
		if (n == 0 || n > DOMAIN_MAX)
			return -1;
		for (i = 0; i < n; i++)
			tmp[i] = (char)(in[i] >= 'A' && in[i] <= 'Z' ?
			    in[i] - 'A' + 'a' : in[i]);
		tmp[n] = '\0';
		if (domain_check_ascii(tmp, n) != NULL ||
		    (reg = index_registrable(b, tmp)) == NULL)
			return -1;
		p = strchr(reg, '.');
		index_build_entry(b, reg, strlen(reg), (size_t)(p - reg), src,
		    weight);
		return 0;
	}
	memcpy(tmp, in, n < sizeof(tmp) ? n : 0);
	if (n >= sizeof(tmp))
		return -1;
	tmp[n] = '\0';
	if (domain_normalize(tmp, &d, &err) != 0) {
		free(err);
		return -1;
	}
	if (d.reg == NULL) {
		domain_free(&d);
		return -1;
	}
	index_build_entry(b, d.reg, strlen(d.reg), d.namelen, src, weight);
	domain_free(&d);
	return 0;
}

typedef void (*index_key_fn)(uint64_t, uint32_t, void *);

/* Makes every key of entry id. */
static void
index_keys(struct index_build *b, uint32_t id, index_key_fn fn, void *arg)
{
	const char *r = b->str.s + b->off[id];
	size_t len = b->off[id + 1] - b->off[id] - 1;
	size_t m = b->namelen[id], i, n;
	char tmp[DOMAIN_MAX + 1];
	uint64_t prefix = index_seed(INDEX_DEL);
	char *u;

	fn(index_mix(index_fnv(prefix, r, len)), id, arg);
	/* Deletes: the hash of r[0..i) is shared, the rest is hashed on. */
	for (i = 0; m >= 2 && i < m; i++) {
		if (i == 0 || r[i] != r[i - 1])
			fn(index_mix(index_fnv(prefix, r + i + 1,
			    len - i - 1)), id, arg);
		prefix = (prefix ^ (unsigned char)r[i]) * INDEX_FNV_PRIME;
	}
	fn(index_hash(INDEX_SQUASH, tmp, variant_squash(r, len, tmp)), id,
	    arg);
	if (m < len)
		fn(index_hash(INDEX_NAME, r, m), id, arg);
	n = homograph_fold_ascii(b->hg, r, len, tmp, sizeof(tmp));
	if (n == (size_t)-1 || strstr(r, "xn--") != NULL) {
		buf_reset(&b->fold);
		u = domain_to_unicode(r);
		homograph_fold(b->hg, u, strlen(u), &b->fold);
		free(u);
		if (b->fold.len != len || memcmp(b->fold.s, r, len) != 0)
			fn(index_hash(INDEX_FOLD, b->fold.s, b->fold.len), id,
			    arg);
	} else if (n != len || memcmp(tmp, r, len) != 0)
		fn(index_hash(INDEX_FOLD, tmp, n), id, arg);
}

/*
 * Placing 15 million keys straight into their buckets misses the cache on
 * every key. So the keys are first scattered into 256 partitions by the
 * top bits of their hash (256 sequential streams), then each partition is
 * counting-sorted on its own, with counters that fit in the L2 cache.
 */
#define INDEX_PBITS	8
#define INDEX_NPART	(1u << INDEX_PBITS)

struct index_fill {
	uint32_t	 part[INDEX_NPART + 1];	/* counts, then cursors */
	uint64_t	*tmph;
	uint32_t	*tmpid;
};

static void
index_count_key(uint64_t h, uint32_t id, void *arg)
{
	struct index_fill *f = arg;

	(void)id;
	f->part[h >> (64 - INDEX_PBITS)]++;
}

static void
index_part_key(uint64_t h, uint32_t id, void *arg)
{
	struct index_fill *f = arg;
	uint32_t at = f->part[h >> (64 - INDEX_PBITS)]++;

	f->tmph[at] = h;
	f->tmpid[at] = id;
}

/* Counting-sorts partition p of the scattered keys into the final arrays. */
static void
index_sort_part(const struct index_fill *f, uint32_t from, uint32_t to,
    uint32_t p, unsigned nbits, uint32_t *bucket, uint32_t *key,
    uint32_t *id, uint32_t *cursor)
{
	uint32_t per = (uint32_t)1 << (nbits - INDEX_PBITS);
	uint32_t base = p * per, i, b, sum = from, c;

	memset(cursor, 0, per * sizeof(*cursor));
	for (i = from; i < to; i++)
		cursor[(f->tmph[i] >> (64 - nbits)) - base]++;
	for (b = 0; b < per; b++) {
		c = cursor[b];
		bucket[base + b] = sum;
		cursor[b] = sum;
		sum += c;
	}
	for (i = from; i < to; i++) {
		b = (uint32_t)(f->tmph[i] >> (64 - nbits)) - base;
		key[cursor[b]] = (uint32_t)f->tmph[i];
		id[cursor[b]++] = f->tmpid[i];
	}
}

/* Lays out the final block from the gathered entries. */
static struct guard_index *
index_finish(struct index_build *b, uint64_t fingerprint)
{
	struct guard_index *ix = xcalloc(1, sizeof(*ix));
	struct index_fill *f = xcalloc(1, sizeof(*f));
	struct index_offsets o;
	uint64_t estimate = 0;
	uint32_t i, nb, sum, c, *cursor, start[INDEX_NPART + 1];
	size_t total;
	char *mem;

	for (i = 0; i < b->n; i++)
		estimate += (uint64_t)b->namelen[i] + 4;
	ix->h.nbits = INDEX_PBITS + 2;
	while (((uint64_t)1 << ix->h.nbits) < estimate / 2 &&
	    ix->h.nbits < 31)
		ix->h.nbits++;
	nb = (uint32_t)1 << ix->h.nbits;

	/* Pass 1: count the keys of each partition. */
	for (i = 0; i < b->n; i++)
		index_keys(b, i, index_count_key, f);
	for (i = 0, sum = 0; i < INDEX_NPART; i++) {
		c = f->part[i];
		start[i] = f->part[i] = sum;
		sum += c;
	}
	start[INDEX_NPART] = sum;

	/* Pass 2: scatter them into their partitions. */
	f->tmph = xreallocarray(NULL, sum, sizeof(*f->tmph));
	f->tmpid = xreallocarray(NULL, sum, sizeof(*f->tmpid));
	for (i = 0; i < b->n; i++)
		index_keys(b, i, index_part_key, f);

	memcpy(ix->h.magic, INDEX_MAGIC, 8);
	ix->h.version = INDEX_VERSION;
	ix->h.n = b->n;
	ix->h.nkeys = sum;
	ix->h.strbytes = (uint32_t)b->str.len;
	ix->h.fingerprint = fingerprint;
	ix->h.minq = 255;
	for (i = 0; i < b->n; i++)
		if (b->weight[i] < ix->h.minq)
			ix->h.minq = b->weight[i];
	total = index_layout(&ix->h, &o);
	mem = xcalloc(1, total);
	ix->mem = mem;
	memcpy(mem, &ix->h, sizeof(ix->h));
	memcpy(mem + o.off, b->off, ((size_t)b->n + 1) * 4);
	memcpy(mem + o.src, b->src, b->n);
	memcpy(mem + o.namelen, b->namelen, b->n);
	memcpy(mem + o.weight, b->weight, b->n);
	if (b->str.len > 0)
		memcpy(mem + o.str, b->str.s, b->str.len);

	/* Pass 3: sort each partition into its buckets. */
	cursor = xreallocarray(NULL, nb >> INDEX_PBITS, sizeof(*cursor));
	for (i = 0; i < INDEX_NPART; i++)
		index_sort_part(f, start[i], start[i + 1], i, ix->h.nbits,
		    (uint32_t *)(void *)(mem + o.bucket),
		    (uint32_t *)(void *)(mem + o.key),
		    (uint32_t *)(void *)(mem + o.id), cursor);
	((uint32_t *)(void *)(mem + o.bucket))[nb] = sum;
	free(cursor);
	free(f->tmph);
	free(f->tmpid);
	free(f);
	index_point(ix, mem);
	return ix;
}

struct index_build *
index_build_new(size_t hint, char **errstr)
{
	struct index_build *b;
	size_t tsize = 1024;

	if (hint >= UINT32_MAX / 4) {
		*errstr = xstrdup("too many known domains");
		return NULL;
	}
	b = xcalloc(1, sizeof(*b));
	if ((b->hg = homograph_new(errstr)) == NULL) {
		free(b);
		return NULL;
	}
	while (tsize < hint * 2)
		tsize *= 2;
	buf_init(&b->str);
	buf_init(&b->fold);
	b->cap = 1024;
	b->off = xcalloc(b->cap + 1, sizeof(*b->off));
	b->src = xmalloc(b->cap);
	b->namelen = xmalloc(b->cap);
	b->weight = xmalloc(b->cap);
	b->table = xcalloc(tsize, sizeof(*b->table));
	b->tmask = (uint32_t)(tsize - 1);
	return b;
}

/* Grows the dedup table when it is half full. */
static void
index_build_rehash(struct index_build *b)
{
	uint32_t size = (b->tmask + 1) * 2, i, slot;
	uint64_t h;

	free(b->table);
	b->table = xcalloc(size, sizeof(*b->table));
	b->tmask = size - 1;
	for (i = 0; i < b->n; i++) {
		h = index_hash(INDEX_DEL, b->str.s + b->off[i],
		    b->off[i + 1] - b->off[i] - 1);
		slot = (uint32_t)h & b->tmask;
		while (b->table[slot] != 0)
			slot = (slot + 1) & b->tmask;
		b->table[slot] = i + 1;
	}
}

/* Adds one domain, growing the dedup table first; -1 if it is invalid. */
static int
index_build_one(struct index_build *b, const char *domain, unsigned src,
    int weight)
{
	if (b->str.len > UINT32_MAX - 2 * DOMAIN_MAX || b->n >= UINT32_MAX / 4)
		return -1;
	if ((b->n + 1) * 2 > b->tmask)
		index_build_rehash(b);
	return index_build_domain(b, domain, src, weight);
}

size_t
index_build_weighted(struct index_build *b, const char *const *domains,
    size_t n, unsigned src, int weight)
{
	size_t i, bad = 0;

	for (i = 0; i < n; i++)
		if (index_build_one(b, domains[i], src, weight) != 0)
			bad++;
	return bad;
}

size_t
index_build_add(struct index_build *b, const char *const *domains, size_t n,
    unsigned src)
{
	return index_build_weighted(b, domains, n, src, weight_source(src));
}

/* A number at p (a weight or a count), or NAN. */
static double
index_number(const char *p, const char *end)
{
	char tmp[32], *stop;
	size_t n = (size_t)(end - p);
	double v;

	if (n == 0 || n >= sizeof(tmp))
		return NAN;
	memcpy(tmp, p, n);
	tmp[n] = '\0';
	v = strtod(tmp, &stop);
	return *stop == '\0' && isfinite(v) ? v : NAN;
}

size_t
index_build_text(struct index_build *b, const char *text, size_t len,
    unsigned src, int weight, int (*keep)(const char *, void *), void *arg)
{
	const char *p = text, *end = text + len, *nl, *q, *e, *f;
	char dom[DOMAIN_MAX + 1];
	double total = 0, v;
	size_t bad = 0;
	int w;

	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (nl - p > 9 && memcmp(p, "#@weight ", 9) == 0) {
			if (!isnan(v = index_number(p + 9, nl)))
				weight = weight_log10(v);
			continue;
		}
		if (nl - p > 12 && memcmp(p, "#@mailboxes ", 12) == 0) {
			v = index_number(p + 12, nl);
			total = !isnan(v) && v > 0 ? v : 0;
			continue;
		}
		/* The domain, then an optional number, up to a comment. */
		for (q = p; q < nl && (*q == ' ' || *q == '\t'); q++)
			;
		for (e = q; e < nl && *e != ' ' && *e != '\t' && *e != '#';
		    e++)
			;
		if (e == q || *q == '#')
			continue;
		if ((size_t)(e - q) > DOMAIN_MAX) {
			bad++;
			continue;
		}
		memcpy(dom, q, (size_t)(e - q));
		dom[e - q] = '\0';
		for (; e < nl && (*e == ' ' || *e == '\t'); e++)
			;
		for (f = e; f < nl && *f != ' ' && *f != '\t' && *f != '#';
		    f++)
			;
		w = weight;
		if (f > e && !isnan(v = index_number(e, f)))
			w = total > 0 ? (v > 0 ? weight_log10(log10(v /
			    total)) : WEIGHT_MIN) : weight_log10(v);
		if (keep != NULL && !keep(dom, arg))
			continue;
		if (index_build_one(b, dom, src, w) != 0)
			bad++;
	}
	return bad;
}

struct guard_index *
index_build_end(struct index_build *b)
{
	struct guard_index *ix;

	free(b->table);
	b->table = NULL;
	ix = index_finish(b, homograph_fingerprint(b->hg));
	homograph_free(b->hg);
	buf_free(&b->str);
	buf_free(&b->fold);
	free(b->off);
	free(b->src);
	free(b->namelen);
	free(b->weight);
	free(b);
	return ix;
}

int
guard_index_build(const char *const *domains, size_t n,
    enum guard_source src, size_t *skipped, struct guard_index **out,
    char **errstr)
{
	struct index_build *b;
	size_t bad;

	if ((b = index_build_new(n, errstr)) == NULL)
		return -1;
	bad = index_build_weighted(b, domains, n, src, weight_list(src, n));
	if (skipped != NULL)
		*skipped = bad;
	*out = index_build_end(b);
	return 0;
}

int
guard_index_build_texts(const struct guard_text *t, size_t n,
    int (*keep)(const char *, void *), void *arg, size_t *skipped,
    struct guard_index **out, char **errstr)
{
	struct index_build *b;
	size_t i, hint = 0, bad = 0;

	for (i = 0; i < n; i++)
		hint += t[i].len / 12;
	if ((b = index_build_new(hint, errstr)) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		bad += index_build_text(b, t[i].text, t[i].len, t[i].src,
		    weight_source(t[i].src), keep, arg);
	if (skipped != NULL)
		*skipped = bad;
	*out = index_build_end(b);
	return 0;
}
