/*
 * lookalike.c: near misses of known domains, decided as a noisy channel.
 * Every known domain d the typed domain t could be a slip of is a
 * candidate: one slip in the name (symmetric-delete keys), two in a long
 * one (near.c), a dot or hyphen added or left out (squash keys: g.mail.com,
 * armymil.com), letters that look alike (fold keys: rnicrosoft.com, IDN
 * homographs, and one slip from those), a slip of the top-level domain
 * (name keys: army.ml, gmx.ed, uol.com). The best candidate is the one
 * with the highest weight(d) + P(t | d); t is a slip when that beats t's
 * own weight (or, unlisted, channel_prior) by CHANNEL_THRESHOLD.
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "domain.h"
#include "explain.h"
#include "homograph.h"
#include "index.h"
#include "lookalike.h"
#include "near.h"
#include "variant.h"
#include "weight.h"

/* A query and the best candidate so far. */
struct lookalike_query {
	const struct lookalike_set *set;
	const struct domain	*d;
	const char		*reg;
	size_t			 reglen;
	size_t			 namelen;	/* reg's first label */
	const char		*suffix;	/* after it: "com", "co.uk" */
	/* The label a TLD slip is looked for after, and where it stands. */
	const char		*lname;
	size_t			 lnamelen;
	const char		*lsuffix;
	int			 hosts;		/* labels kept before it */
	const char		*squash;	/* compared squash form */
	size_t			 squashlen;
	const char		*sqtyped;	/* what was squashed */
	int			 sqwhole;	/* the whole domain was */
	const char		*fold;		/* folded reg */
	size_t			 foldlen;
	size_t			 foldname;	/* its first label */
	/* The best so far. */
	int			 found;
	int			 score;
	int			 weight;
	char			 known[DOMAIN_MAX + 1];
	unsigned		 src;
	enum channel_how	 how;
	struct variant		 v;
	const struct trap	*trap;
	int			 dots;		/* DOT: dots added (> 0) */
	int			 whole;		/* it matched the whole domain */
	int			 besthosts;	/* labels kept in the suggestion */
	const char		*bestsuffix;	/* the suffix slipped (TLD) */
};

unsigned
lookalike_known(const struct lookalike_set *set, const char *reg,
    int *weight)
{
	unsigned src = 0, s;
	size_t i, n = strlen(reg);
	int w, best = WEIGHT_MIN;

	for (i = 0; i < set->n; i++) {
		if ((s = index_find(set->ix[i], reg, n, &w)) == 0)
			continue;
		src |= s;
		if (w > best)
			best = w;
	}
	if (weight != NULL && src != 0)
		*weight = best;
	return src;
}

static char *lookalike_suggest(const struct domain *, int, const char *);

/* Counts the dots of a string. */
static int
lookalike_dots(const char *s)
{
	int n = 0;

	while ((s = strchr(s, '.')) != NULL)
		n++, s++;
	return n;
}

/* Counts the hyphens of a string. */
static int
lookalike_hyphens(const char *s)
{
	int n = 0;

	while ((s = strchr(s, '-')) != NULL)
		n++, s++;
	return n;
}

/* Keeps a candidate if it explains t better than the best so far. */
static void
lookalike_offer(struct lookalike_query *q, const struct index_entry *e,
    enum channel_how how, int p, const struct variant *v,
    const struct trap *trap)
{
	int score = e->weight + p, whole;

	if (e->len == q->reglen && memcmp(e->domain, q->reg, e->len) == 0)
		return;		/* t itself */
	whole = (how == CHANNEL_DOT || how == CHANNEL_HYPHEN ||
	    how == CHANNEL_HYPHEN_OUT) && q->sqwhole;
	/* What is meant is then a host under e, which weighs less. */
	if (!whole && q->hosts > 0)
		score -= CHANNEL_HOST;
	/* The same domain from another index: where it is known from. */
	if (q->found && strcmp(e->domain, q->known) == 0)
		q->src |= e->src;
	if (q->found && (score < q->score || (score == q->score &&
	    (e->weight < q->weight || (e->weight == q->weight &&
	    strcmp(e->domain, q->known) >= 0)))))
		return;
	if (!q->found || strcmp(e->domain, q->known) != 0)
		q->src = 0;
	q->found = 1;
	q->score = score;
	q->weight = e->weight;
	memcpy(q->known, e->domain, e->len + 1);
	q->src |= e->src;
	q->how = how;
	if (v != NULL)
		q->v = *v;
	q->trap = trap;
	q->whole = whole;
	q->besthosts = whole ? 0 : q->hosts;
	q->bestsuffix = q->lsuffix;
	if (how == CHANNEL_DOT || how == CHANNEL_DOT_NAME)
		q->dots = lookalike_dots(q->sqtyped) - lookalike_dots(e->domain);
}

/* Whether entry e has the query's suffix (".com" after the name). */
static int
lookalike_same_suffix(const struct lookalike_query *q,
    const struct index_entry *e)
{
	return e->namelen < e->len &&
	    strcmp(e->domain + e->namelen + 1, q->suffix) == 0;
}

/* INDEX_DEL: one slip in the first label, the suffix the same. */
static void
lookalike_visit_edit(const struct guard_index *ix, uint32_t id, void *arg)
{
	struct lookalike_query *q = arg;
	struct index_entry e;
	struct variant v;

	if (index_entry(ix, id, &e) != 0 || !lookalike_same_suffix(q, &e))
		return;
	variant_describe(q->reg, q->namelen, e.domain, e.namelen, &v);
	if (v.edit != VARIANT_NONE && v.edit != VARIANT_FAR)
		lookalike_offer(q, &e, CHANNEL_EDIT,
		    channel_edit(&v, e.namelen), &v, NULL);
}

/* INDEX_SQUASH: the same without dots and hyphens. */
static void
lookalike_visit_squash(const struct guard_index *ix, uint32_t id, void *arg)
{
	struct lookalike_query *q = arg;
	struct index_entry e;
	char sq[DOMAIN_MAX + 1];
	size_t n, dl;
	enum channel_how how;

	if (index_entry(ix, id, &e) != 0)
		return;
	n = variant_squash(e.domain, e.len, sq);
	if (n != q->squashlen || memcmp(sq, q->squash, n) != 0)
		return;
	/* Not the domain itself, nor a domain it lives under. */
	dl = strlen(q->d->ascii);
	if (e.len <= dl && strcmp(q->d->ascii + dl - e.len, e.domain) == 0)
		return;
	how = !q->sqwhole ? CHANNEL_DOT_NAME :
	    lookalike_dots(q->sqtyped) != lookalike_dots(e.domain) ?
	    CHANNEL_DOT : lookalike_hyphens(q->sqtyped) >
	    lookalike_hyphens(e.domain) ? CHANNEL_HYPHEN : CHANNEL_HYPHEN_OUT;
	lookalike_offer(q, &e, how, channel_kind(how), NULL, NULL);
}

/* The fold of an entry (its U-labels folded, for an IDN entry). */
static void
lookalike_entry_fold(const struct lookalike_query *q,
    const struct index_entry *e, struct buf *f)
{
	char *u;

	if (strstr(e->domain, "xn--") != NULL) {
		u = domain_to_unicode(e->domain);
		homograph_fold(q->set->hg, u, strlen(u), f);
		free(u);
	} else
		homograph_fold(q->set->hg, e->domain, e->len, f);
}

/* INDEX_FOLD (or INDEX_DEL with the fold): looks the same. */
static void
lookalike_visit_fold(const struct guard_index *ix, uint32_t id, void *arg)
{
	struct lookalike_query *q = arg;
	struct index_entry e;
	struct buf f;

	if (index_entry(ix, id, &e) != 0)
		return;
	buf_init(&f);
	lookalike_entry_fold(q, &e, &f);
	if (f.len == q->foldlen && memcmp(f.s, q->fold, f.len) == 0)
		lookalike_offer(q, &e, CHANNEL_FOLD,
		    channel_kind(CHANNEL_FOLD), NULL, NULL);
	buf_free(&f);
}

/* INDEX_DEL with deletes of the fold: looks alike, and one slip. */
static void
lookalike_visit_fold_edit(const struct guard_index *ix, uint32_t id,
    void *arg)
{
	struct lookalike_query *q = arg;
	struct index_entry e;
	struct variant v;

	if (index_entry(ix, id, &e) != 0 || e.namelen >= e.len ||
	    strcmp(e.domain + e.namelen, q->fold + q->foldname) != 0)
		return;
	variant_describe(q->fold, q->foldname, e.domain, e.namelen, &v);
	if (v.edit != VARIANT_NONE && v.edit != VARIANT_FAR)
		lookalike_offer(q, &e, CHANNEL_FOLD_EDIT,
		    channel_kind(CHANNEL_FOLD) + channel_edit(&v, e.namelen),
		    &v, NULL);
}

/* INDEX_NAME: the same first label under another suffix. */
static void
lookalike_visit_name(const struct guard_index *ix, uint32_t id, void *arg)
{
	struct lookalike_query *q = arg;
	const struct trap *trap;
	struct index_entry e;
	int p;

	if (index_entry(ix, id, &e) != 0 || e.namelen != q->lnamelen ||
	    e.namelen >= e.len || memcmp(e.domain, q->lname, e.namelen) != 0)
		return;
	if ((p = channel_tld(q->lsuffix, e.domain + e.namelen + 1, &trap)) <=
	    0)
		lookalike_offer(q, &e, CHANNEL_TLD, p, NULL, trap);
}

/*
 * Looks up s and s with each letter of its first m deleted. The hashes
 * are made once for every index, each delete's from the hash of what
 * comes before it (as index_build.c makes the keys).
 */
static void
lookalike_deletes(const struct lookalike_query *q, const char *s, size_t len,
    size_t m, int self, index_visit visit)
{
	uint64_t h[DOMAIN_MAX + 1], prefix = index_seed(INDEX_DEL);
	size_t i, k, nh = 0;

	if (self)
		h[nh++] = index_mix(index_fnv(prefix, s, len));
	for (i = 0; m >= 2 && i < m && i < len; i++) {
		if (i == 0 || s[i] != s[i - 1])
			h[nh++] = index_mix(index_fnv(prefix, s + i + 1,
			    len - i - 1));
		prefix = (prefix ^ (unsigned char)s[i]) * INDEX_FNV_PRIME;
	}
	for (k = 0; k < q->set->n; k++) {
		if (guard_index_count(q->set->ix[k]) == 0)
			continue;
		for (i = 0; i < nh; i++)
			index_lookup_hash(q->set->ix[k], h[i], visit,
			    (void *)q);
	}
}

static void
lookalike_lookup(const struct lookalike_query *q, enum index_kind kind,
    const char *s, size_t n, index_visit visit)
{
	uint64_t h = index_hash(kind, s, n);
	size_t k;

	for (k = 0; k < q->set->n; k++)
		if (guard_index_count(q->set->ix[k]) > 0)
			index_lookup_hash(q->set->ix[k], h, visit,
			    (void *)q);
}

/* A dot or hyphen added or left out, in s (the domain or its name). */
static void
lookalike_squashes(struct lookalike_query *q, const char *s, size_t n,
    int whole)
{
	char sq[DOMAIN_MAX + 1], typed[DOMAIN_MAX + 1];

	memcpy(typed, s, n);
	typed[n] = '\0';
	q->squashlen = variant_squash(s, n, sq);
	q->squash = sq;
	q->sqtyped = typed;
	q->sqwhole = whole;
	lookalike_lookup(q, INDEX_SQUASH, sq, q->squashlen,
	    lookalike_visit_squash);
	q->squash = q->sqtyped = NULL;
	q->sqwhole = 0;
}

/* Letters that look alike, and one slip from those. */
static void
lookalike_folds(struct lookalike_query *q)
{
	const char *u = q->d->reg_unicode, *dot;
	struct buf f;

	buf_init(&f);
	homograph_fold(q->set->hg, u, strlen(u), &f);
	buf_addc(&f, '\0');
	q->fold = f.s;
	q->foldlen = f.len - 1;
	dot = strchr(f.s, '.');
	q->foldname = dot != NULL ? (size_t)(dot - f.s) : q->foldlen;
	lookalike_lookup(q, INDEX_FOLD, q->fold, q->foldlen,
	    lookalike_visit_fold);
	if (q->foldlen != q->reglen || memcmp(q->fold, q->reg, q->reglen)) {
		lookalike_lookup(q, INDEX_DEL, q->fold, q->foldlen,
		    lookalike_visit_fold);
		if (dot != NULL)
			lookalike_deletes(q, q->fold, q->foldlen, q->foldname,
			    0, lookalike_visit_fold_edit);
	}
	q->fold = NULL;
	buf_free(&f);
}

/* Two slips in a long name, from near.c's scan. */
static void
lookalike_visit_two(void *arg, const char *domain, size_t len,
    size_t namelen, unsigned src, int weight)
{
	struct lookalike_query *q = arg;
	struct index_entry e;

	e.domain = domain;
	e.len = len;
	e.namelen = namelen;
	e.src = src;
	e.weight = weight;
	if (lookalike_same_suffix(q, &e))
		lookalike_offer(q, &e, CHANNEL_TWO,
		    channel_kind(CHANNEL_TWO), NULL, NULL);
}

/* The slip in plain words. */
static char *
lookalike_what(const struct lookalike_query *q, const char *known)
{
	const char *dot = strchr(q->known, '.');
	struct buf b;

	if (dot == NULL)	/* never in an index that maps (index_entry) */
		dot = q->known + strlen(q->known) - 1;

	buf_init(&b);
	switch (q->how) {
	case CHANNEL_EDIT:
		explain_edit(&b, &q->v, q->known, (size_t)(dot - q->known));
		break;
	case CHANNEL_TWO:
		buf_adds(&b, "two typing slips");
		break;
	case CHANNEL_DOT:
		buf_adds(&b, q->dots > 0 ? "a dot added" : "a dot left out");
		break;
	case CHANNEL_DOT_NAME:
		buf_addf(&b, "a dot left out and .%s added", q->suffix);
		break;
	case CHANNEL_HYPHEN:
		buf_adds(&b, "a hyphen added");
		break;
	case CHANNEL_HYPHEN_OUT:
		buf_adds(&b, "a hyphen left out");
		break;
	case CHANNEL_FOLD:
	case CHANNEL_FOLD_EDIT:
		explain_fold(&b, q->set->hg, q->d->reg_unicode,
		    strlen(q->d->reg_unicode));
		if (b.len == 0)
			buf_addf(&b, "letters that look like those of %s",
			    known);
		if (q->how == CHANNEL_FOLD_EDIT) {
			buf_adds(&b, ", and ");
			explain_edit(&b, &q->v, q->known,
			    (size_t)(dot - q->known));
		}
		break;
	case CHANNEL_TLD:
		explain_tld(&b, q->bestsuffix, dot + 1, q->trap);
		break;
	}
	return buf_take(&b);
}

/* Counts the labels of a domain. */
static int
lookalike_labels(const char *s)
{
	return lookalike_dots(s) + 1;
}

/*
 * Slips of the suffix after each label that can be a name: the
 * registrable domain's own, and those before it, for a suffix that is
 * no public one because of the slip (hmrc.gov.ik, uol.com.be).
 */
static void
lookalike_tlds(struct lookalike_query *q)
{
	const char *p = q->d->ascii, *dot;
	int i, hosts = q->hosts;

	for (i = 0; i <= hosts && (dot = strchr(p, '.')) != NULL; i++) {
		q->lname = p;
		q->lnamelen = (size_t)(dot - p);
		q->lsuffix = dot + 1;
		q->hosts = i;
		if (q->lnamelen >= 2)
			lookalike_lookup(q, INDEX_NAME, p, q->lnamelen,
			    lookalike_visit_name);
		p = dot + 1;
	}
	q->hosts = hosts;
	q->lsuffix = NULL;
}

int
lookalike_find(const struct lookalike_set *set, const struct domain *d,
    struct lookalike *m)
{
	struct lookalike_query q;
	int own = WEIGHT_MIN, base;

	if (d->literal || d->reg == NULL)
		return 0;
	memset(&q, 0, sizeof(q));
	q.set = set;
	q.d = d;
	q.reg = d->reg;
	q.reglen = strlen(d->reg);
	q.namelen = d->namelen;
	q.suffix = d->reg[d->namelen] == '.' ? d->reg + d->namelen + 1 : "";
	q.hosts = lookalike_labels(d->ascii) - lookalike_labels(d->reg);
	lookalike_known(set, d->reg, &own);
	/* A host under a known domain weighs less than it: mail goes to
	 * my.yahoo.com far less often than to yahoo.com. */
	if (own > WEIGHT_MIN && q.hosts > 0)
		own -= CHANNEL_HOST;
	/* Known and heavy: no slip of anything could explain it better. */
	if (own > set->maxweight + CHANNEL_BEST - CHANNEL_THRESHOLD)
		return 0;

	lookalike_squashes(&q, d->ascii, strlen(d->ascii), 1);
	if (d->namelen >= 4)	/* armymil.com for army.mil */
		lookalike_squashes(&q, d->reg, d->namelen, 0);
	lookalike_folds(&q);
	if (!d->idn) {
		lookalike_deletes(&q, d->reg, q.reglen, d->namelen, 1,
		    lookalike_visit_edit);
		lookalike_tlds(&q);
		near_each(set->near, d->reg, d->namelen, lookalike_visit_two,
		    &q);
	}
	if (!q.found)
		return 0;
	base = channel_prior(d->ascii, d->reg, d->namelen);
	if (own > base)
		base = own;
	if (q.score - base < CHANNEL_THRESHOLD)
		return 0;
	memset(m, 0, sizeof(*m));
	m->known = domain_to_unicode(q.known);
	m->src = q.src;
	m->how = q.how;
	m->trap = q.trap;
	m->margin = q.score - base;
	m->what = lookalike_what(&q, m->known);
	m->suggestion = lookalike_suggest(d, q.besthosts, m->known);
	return 1;
}

/* The first hosts labels of d (U-labels), then known. */
static char *
lookalike_suggest(const struct domain *d, int hosts, const char *known)
{
	const char *p = d->unicode;
	int i;

	for (i = 0; i < hosts && (p = strchr(p, '.')) != NULL; i++)
		p++;
	if (p == NULL || i == 0)
		return xstrdup(known);
	return xasprintf("%.*s%s", (int)(p - d->unicode), d->unicode, known);
}

void
lookalike_free(struct lookalike *m)
{
	free(m->known);
	free(m->suggestion);
	free(m->what);
	memset(m, 0, sizeof(*m));
}
