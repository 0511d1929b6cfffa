/*
 * eval.c: how well the guard tells misdirected domains from real ones, on
 * the corpus tests/eval/corpus.py writes (make eval):
 *	eval [-v] CORPUSDIR [BASELINE.tsv]
 * The shipped data is compiled without the held-out domains (holdout.txt),
 * so the real domains tested are not in the index tested. Prints, per kind
 * of slip, recall (the share warned about) and right fix (the suggestion
 * is the domain meant), and the share of real domains warned about; with
 * BASELINE (another guard's verdicts on the same corpus: TYPED <TAB>
 * VERDICT <TAB> SUGGESTION), its figures beside them. -v lists misses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "guard.h"

#define MAXKINDS	64

struct tally {
	char		 kind[32];
	unsigned	 n, warned, fixed;	/* this guard */
	unsigned	 bn, bwarned, bfixed;	/* the baseline */
};

struct strset {
	char	**v;
	size_t	  n;
};

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
strset_has(const struct strset *s, const char *x)
{
	return bsearch(&x, s->v, s->n, sizeof(char *), cmp) != NULL;
}

/* Baseline lines, "DOMAIN\tVERDICT\tSUGGESTION", sorted: by domain. */
static int
cmp_domain(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;

	for (; *x != '\0' && *x != '\t' && *x == *y; x++, y++)
		;
	return (*x == '\t' ? 0 : (unsigned char)*x) -
	    (*y == '\t' ? 0 : (unsigned char)*y);
}

/* The baseline's verdict and suggestion for a domain: 0 if it has none. */
static int
baseline_of(const struct strset *b, const char *domain, int *warned,
    char *sug, size_t cap)
{
	char *const *hit, *tab, *tab2;

	if (b->n == 0 || (hit = bsearch(&domain, b->v, b->n, sizeof(char *),
	    cmp_domain)) == NULL || (tab = strchr(*hit, '\t')) == NULL)
		return 0;
	tab2 = strchr(tab + 1, '\t');
	*warned = strncmp(tab + 1, "warn\t", 5) == 0 ||
	    strncmp(tab + 1, "block\t", 6) == 0;
	snprintf(sug, cap, "%s", tab2 != NULL ? tab2 + 1 : "");
	return 1;
}

/* Splits text into lines and each line at tabs, in place. */
static size_t
fields(char *line, char **f, size_t max)
{
	size_t n = 0;

	while (n < max) {
		f[n++] = line;
		if ((line = strchr(line, '\t')) == NULL)
			break;
		*line++ = '\0';
	}
	return n;
}

static char *
slurp(const char *dir, const char *name)
{
	struct buf b;
	char *path = dir != NULL ? xasprintf("%s/%s", dir, name) :
	    xstrdup(name), *err = NULL;

	buf_init(&b);
	if (file_read(path, &b, &err) != 0) {
		fprintf(stderr, "eval: %s\n", err);
		exit(1);
	}
	free(path);
	buf_addc(&b, '\0');
	return buf_take(&b);
}

static int
keep(const char *domain, void *arg)
{
	return !strset_has(arg, domain);
}

static struct tally *
tally_of(struct tally *t, size_t *nt, const char *kind)
{
	size_t i;

	for (i = 0; i < *nt; i++)
		if (strcmp(t[i].kind, kind) == 0)
			return &t[i];
	if (*nt == MAXKINDS)
		return &t[MAXKINDS - 1];
	snprintf(t[*nt].kind, sizeof(t[*nt].kind), "%s", kind);
	return &t[(*nt)++];
}

/* The verdict of a domain: severity and suggestion (copied into sug). */
static enum guard_severity
verdict(const struct guard *g, const char *domain, char *sug, size_t cap)
{
	struct guard_report r;
	enum guard_severity s;
	char *field = xasprintf("x@%s", domain);
	size_t i;

	guard_report_init(&r);
	guard_check(g, field, &r);
	s = r.nverdicts == 1 ? r.verdicts[0].severity : GUARD_BLOCK;
	sug[0] = '\0';
	for (i = 0; r.nverdicts == 1 && i < r.verdicts[0].nfindings; i++)
		if (r.verdicts[0].findings[i].suggestion != NULL) {
			snprintf(sug, cap, "%s",
			    r.verdicts[0].findings[i].suggestion);
			break;
		}
	guard_report_free(&r);
	free(field);
	return s;
}

/* Counts one domain in its kind and the totals (s may be NULL). */
static void
count(struct tally *t, struct tally *all, struct tally *s, int warned,
    int fixed, int baseline)
{
	struct tally *v[3] = { t, all, s };
	size_t i;

	for (i = 0; i < 3; i++) {
		if (v[i] == NULL)
			continue;
		if (baseline) {
			v[i]->bn++;
			v[i]->bwarned += warned != 0;
			v[i]->bfixed += fixed != 0;
		} else {
			v[i]->n++;
			v[i]->warned += warned != 0;
			v[i]->fixed += fixed != 0;
		}
	}
}

static double
pct(unsigned a, unsigned n)
{
	return n > 0 ? 100.0 * a / n : 0.0;
}

static void
row(const struct tally *t, int base)
{
	printf("  %-18s %5u  %6.1f%%  %6.1f%%", t->kind, t->n,
	    pct(t->warned, t->n), pct(t->fixed, t->n));
	if (base)
		printf("   |  %6.1f%%  %6.1f%%", pct(t->bwarned, t->bn),
		    pct(t->bfixed, t->bn));
	printf("\n");
}

int
main(int argc, char **argv)
{
	const struct guard_text *texts;
	struct tally kinds[MAXKINDS], all, slips, reals[8];
	struct strset hold = { NULL, 0 }, baseline = { NULL, 0 };
	struct guard_data d;
	struct guard_index *ix;
	struct guard *g;
	char *holdtext, *typos, *real, *world, *btext = NULL, *p, *nl;
	char *f[4], sug[512], bsug[512], **bv = NULL;
	const char *org[16], *contacts[64];
	size_t nkinds = 0, nreal = 0, norg = 0, ncontacts = 0, i, ntexts;
	int verbose = 0, argi = 1, base, bw;
	char *err = NULL;
	enum guard_severity s;

	if (argi < argc && strcmp(argv[argi], "-v") == 0)
		verbose = 1, argi++;
	if (argc - argi < 1) {
		fprintf(stderr, "usage: eval [-v] CORPUSDIR [BASELINE.tsv]\n");
		return 64;
	}
	base = argc - argi >= 2;
	holdtext = slurp(argv[argi], "holdout.txt");
	for (p = holdtext; *p != '\0'; p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL)
			break;
		*nl = '\0';
		hold.v = xreallocarray(hold.v, hold.n + 1, sizeof(char *));
		hold.v[hold.n++] = p;
	}
	qsort(hold.v, hold.n, sizeof(char *), cmp);
	if (base) {
		btext = slurp(NULL, argv[argi + 1]);
		for (p = btext; *p != '\0'; p = nl + 1) {
			if ((nl = strchr(p, '\n')) == NULL)
				break;
			*nl = '\0';
			bv = xreallocarray(bv, baseline.n + 1, sizeof(char *));
			bv[baseline.n++] = p;
		}
		baseline.v = bv;
		qsort(baseline.v, baseline.n, sizeof(char *), cmp_domain);
	}

	/* The user's world, and the shipped data without the held-out. */
	world = slurp(SENDGUARD_EVAL_DIR, "world.txt");
	for (p = world; *p != '\0'; p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL)
			break;
		*nl = '\0';
		if (strncmp(p, "org ", 4) == 0 && norg < 16)
			org[norg++] = p + 4;
		else if (strncmp(p, "contact ", 8) == 0 && ncontacts < 64)
			contacts[ncontacts++] = p + 8;
	}
	ntexts = guard_shipped_texts(&texts);
	if (guard_index_build_texts(texts, ntexts, keep, &hold, NULL, &ix,
	    &err) != 0) {
		fprintf(stderr, "eval: %s\n", err);
		return 1;
	}
	memset(&d, 0, sizeof(d));
	d.shipped = ix;
	d.org_domains.v = org;
	d.org_domains.n = norg;
	d.contacts.v = contacts;
	d.contacts.n = ncontacts;
	if (guard_new(&d, &g, &err) != 0) {
		fprintf(stderr, "eval: %s\n", err);
		return 1;
	}

	memset(kinds, 0, sizeof(kinds));
	memset(&all, 0, sizeof(all));
	memset(&slips, 0, sizeof(slips));
	snprintf(all.kind, sizeof(all.kind), "all misdirected");
	snprintf(slips.kind, sizeof(slips.kind), "all but tld-swap");
	typos = slurp(argv[argi], "typos.tsv");
	for (p = typos; *p != '\0'; p = nl + 1) {
		struct tally *t;

		if ((nl = strchr(p, '\n')) == NULL)
			break;
		*nl = '\0';
		if (fields(p, f, 4) < 4)
			continue;
		t = tally_of(kinds, &nkinds, f[0]);
		s = verdict(g, f[1], sug, sizeof(sug));
		count(t, &all, strcmp(f[0], "tld-swap") != 0 ? &slips : NULL,
		    s >= GUARD_WARN, s >= GUARD_WARN && strcmp(sug, f[2]) == 0,
		    0);
		if (verbose && (s < GUARD_WARN || strcmp(sug, f[2]) != 0))
			printf("miss %-14s %-28s %-22s %s\n", f[0], f[1], f[2],
			    s < GUARD_WARN ? "(ok)" : sug);
		if (base && baseline_of(&baseline, f[1], &bw, bsug,
		    sizeof(bsug)))
			count(t, &all, strcmp(f[0], "tld-swap") != 0 ? &slips :
			    NULL, bw, bw && strcmp(bsug, f[2]) == 0, 1);
	}

	memset(reals, 0, sizeof(reals));
	real = slurp(argv[argi], "real.tsv");
	for (p = real; *p != '\0'; p = nl + 1) {
		struct tally *t;

		if ((nl = strchr(p, '\n')) == NULL)
			break;
		*nl = '\0';
		if (fields(p, f, 2) < 2)
			continue;
		t = tally_of(reals, &nreal, f[0]);
		s = verdict(g, f[1], sug, sizeof(sug));
		t->n++;
		if (s >= GUARD_WARN) {
			t->warned++;
			if (verbose)
				printf("false %-14s %-30s %s\n", f[0], f[1],
				    sug);
		}
		if (base && baseline_of(&baseline, f[1], &bw, bsug,
		    sizeof(bsug))) {
			t->bn++;
			if (bw)
				t->bwarned++;
		}
	}

	printf("Misdirected domains (%u, from tests/eval/targets.txt):\n",
	    all.n);
	printf("  %-18s %5s  %7s  %9s%s\n", "kind", "n", "recall",
	    "right fix", base ? "   |  baseline: recall, right fix" : "");
	for (i = 0; i < nkinds; i++)
		row(&kinds[i], base);
	row(&all, base);
	row(&slips, base);
	printf("Real domains (held out of the index: %zu):\n", hold.n);
	printf("  %-18s %5s  %7s%s\n", "kind", "n", "warned",
	    base ? "              |  baseline: warned" : "");
	for (i = 0; i < nreal; i++) {
		printf("  %-18s %5u  %6.2f%%", reals[i].kind, reals[i].n,
		    pct(reals[i].warned, reals[i].n));
		if (base)
			printf("             |  %6.2f%%",
			    pct(reals[i].bwarned, reals[i].bn));
		printf("\n");
	}
	guard_free(g);
	guard_index_free(ix);
	free(hold.v);
	free(bv);
	free(holdtext);
	free(btext);
	free(typos);
	free(real);
	free(world);
	return 0;
}
