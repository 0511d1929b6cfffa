/*
 * lookalike.c: near misses of known domains. Three ways a domain can miss:
 * one typing slip in its name (symmetric-delete keys), a dot or hyphen
 * added or left out (squash keys: g.mail.com, armymil.com), and letters
 * that look the same (fold keys: rnicrosoft.com, Cyrillic homographs).
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "domain.h"
#include "homograph.h"
#include "index.h"
#include "lookalike.h"

/* The best candidate so far. */
struct lookalike_best {
	const struct domain	*d;
	const char		*name;		/* what is compared */
	size_t			 namelen;
	const char		*suffix;	/* ".com" of the query */
	const char		*squash;	/* for LOOKALIKE_DOT */
	size_t			 squashlen;
	const char		*fold;		/* for LOOKALIKE_FOLD */
	size_t			 foldlen;
	const struct homograph	*hg;
	int			 whole;		/* matched the whole domain */
	int			 found;
	int			 score;
	char			 known[DOMAIN_MAX + 1];
	unsigned		 src;
	enum lookalike_how	 how;
	enum variant_edit	 edit;
	enum lookalike_how	 trying;
};

unsigned
lookalike_known(const struct lookalike_set *set, const char *reg)
{
	unsigned src = 0;
	size_t i, n = strlen(reg);

	for (i = 0; i < set->n; i++)
		src |= index_find(set->ix[i], reg, n);
	return src;
}

/* Higher is a better explanation: trusted sources, visual, then slips. */
static int
lookalike_score(unsigned src, enum lookalike_how how, enum variant_edit e)
{
	int rank = 0;

	while (src >>= 1)
		rank++;
	return rank * 100 + (how == LOOKALIKE_FOLD ? 50 :
	    how == LOOKALIKE_DOT ? 40 : 30 - (int)e);
}

static void
lookalike_offer(struct lookalike_best *b, const struct index_entry *e,
    enum lookalike_how how, enum variant_edit edit)
{
	int score = lookalike_score(e->src, how, edit);

	if (b->found && (score < b->score || (score == b->score &&
	    strcmp(e->domain, b->known) >= 0)))
		return;
	b->found = 1;
	b->score = score;
	memcpy(b->known, e->domain, e->len + 1);
	b->src = e->src;
	b->how = how;
	b->edit = edit;
}

/* A candidate from an INDEX_DEL key: one slip in the first label? */
static void
lookalike_visit_edit(const struct guard_index *ix, uint32_t id, void *arg)
{
	struct lookalike_best *b = arg;
	struct index_entry e;
	enum variant_edit edit;
	size_t n;

	if (index_entry(ix, id, &e) != 0 || e.namelen == e.len ||
	    strcmp(e.domain + e.namelen, b->suffix) != 0)
		return;
	edit = variant_edit(b->name, b->namelen, e.domain, e.namelen);
	n = b->namelen < e.namelen ? b->namelen : e.namelen;
	if (variant_edit_allowed(edit, n))
		lookalike_offer(b, &e, LOOKALIKE_EDIT, edit);
}

/* A candidate from an INDEX_SQUASH key: the same without dots/hyphens? */
static void
lookalike_visit_squash(const struct guard_index *ix, uint32_t id, void *arg)
{
	struct lookalike_best *b = arg;
	struct index_entry e;
	char sq[DOMAIN_MAX + 1];
	size_t n, dl;

	if (index_entry(ix, id, &e) != 0)
		return;
	n = variant_squash(e.domain, e.len, sq);
	if (n != b->squashlen || memcmp(sq, b->squash, n) != 0)
		return;
	/* Not the domain itself, nor a domain it lives under. */
	dl = strlen(b->d->ascii);
	if (e.len <= dl && strcmp(b->d->ascii + dl - e.len, e.domain) == 0)
		return;
	lookalike_offer(b, &e, LOOKALIKE_DOT, VARIANT_NONE);
}

/* A candidate from an INDEX_FOLD (or INDEX_DEL) key: looks the same? */
static void
lookalike_visit_fold(const struct guard_index *ix, uint32_t id, void *arg)
{
	struct lookalike_best *b = arg;
	struct index_entry e;
	struct buf f;
	char *u;

	if (index_entry(ix, id, &e) != 0 || b->d->reg == NULL ||
	    strcmp(e.domain, b->d->reg) == 0)
		return;
	buf_init(&f);
	if (strstr(e.domain, "xn--") != NULL) {
		u = domain_to_unicode(e.domain);
		homograph_fold(b->hg, u, strlen(u), &f);
		free(u);
	} else
		homograph_fold(b->hg, e.domain, e.len, &f);
	if (f.len == b->foldlen && memcmp(f.s, b->fold, f.len) == 0)
		lookalike_offer(b, &e, LOOKALIKE_FOLD, VARIANT_NONE);
	buf_free(&f);
}

/* Looks up the symmetric-delete keys of the query's registrable domain. */
static void
lookalike_edits(const struct lookalike_set *set, struct lookalike_best *b)
{
	const char *reg = b->d->reg;
	size_t len = strlen(reg), m = b->d->namelen, i, k;
	char tmp[DOMAIN_MAX + 1];

	for (k = 0; k < set->n; k++) {
		index_lookup(set->ix[k], INDEX_DEL, reg, len,
		    lookalike_visit_edit, b);
		for (i = 0; m >= 2 && i < m; i++) {
			if (i > 0 && reg[i] == reg[i - 1])
				continue;
			memcpy(tmp, reg, i);
			memcpy(tmp + i, reg + i + 1, len - i - 1);
			index_lookup(set->ix[k], INDEX_DEL, tmp, len - 1,
			    lookalike_visit_edit, b);
		}
	}
}

static void
lookalike_squashes(const struct lookalike_set *set, struct lookalike_best *b,
    const char *s, size_t n)
{
	char sq[DOMAIN_MAX + 1];
	size_t k;

	b->squashlen = variant_squash(s, n, sq);
	b->squash = sq;
	for (k = 0; k < set->n; k++)
		index_lookup(set->ix[k], INDEX_SQUASH, sq, b->squashlen,
		    lookalike_visit_squash, b);
	b->squash = NULL;
}

static void
lookalike_folds(const struct lookalike_set *set, struct lookalike_best *b)
{
	const char *u = b->d->reg_unicode;
	struct buf f;
	size_t k;

	buf_init(&f);
	homograph_fold(set->hg, u, strlen(u), &f);
	b->fold = f.s;
	b->foldlen = f.len;
	for (k = 0; k < set->n; k++) {
		index_lookup(set->ix[k], INDEX_FOLD, f.s, f.len,
		    lookalike_visit_fold, b);
		index_lookup(set->ix[k], INDEX_DEL, f.s, f.len,
		    lookalike_visit_fold, b);
	}
	buf_free(&f);
}

int
lookalike_find(const struct lookalike_set *set, const struct domain *d,
    struct lookalike *m)
{
	struct lookalike_best b;
	int regknown;

	memset(&b, 0, sizeof(b));
	b.d = d;
	b.hg = set->hg;
	if (d->literal)
		return 0;
	regknown = d->reg != NULL && lookalike_known(set, d->reg) != 0;

	/* A dot or hyphen too many or too few in the whole domain (not for
	 * a domain that is itself known: email.com is not e-mail.com). */
	if (lookalike_known(set, d->ascii) == 0)
		lookalike_squashes(set, &b, d->ascii, strlen(d->ascii));
	if (b.found)
		b.whole = 1;
	if (!b.found && d->reg != NULL && !regknown) {
		if (d->namelen >= 5)	/* armymil.com for army.mil */
			lookalike_squashes(set, &b, d->reg, d->namelen);
		b.name = d->reg;
		b.namelen = d->namelen;
		b.suffix = d->reg + d->namelen;
		lookalike_folds(set, &b);
		if (!d->idn)
			lookalike_edits(set, &b);
	}
	if (!b.found)
		return 0;
	memset(m, 0, sizeof(*m));
	m->known = domain_to_unicode(b.known);
	m->src = b.src;
	m->how = b.how;
	m->edit = b.edit;
	m->suggestion = b.whole ? xstrdup(m->known) :
	    lookalike_suggestion(d, m->known);
	return 1;
}

char *
lookalike_suggestion(const struct domain *d, const char *known)
{
	size_t dl, rl;

	if (d->reg == NULL)
		return xstrdup(known);
	/* Keep the host part: smtp.gmial.com -> smtp.gmail.com */
	dl = strlen(d->unicode);
	rl = strlen(d->reg_unicode);
	return xasprintf("%.*s%s", (int)(dl - rl), d->unicode, known);
}

void
lookalike_free(struct lookalike *m)
{
	free(m->known);
	free(m->suggestion);
	memset(m, 0, sizeof(*m));
}
