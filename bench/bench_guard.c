/*
 * bench_guard.c: the guard's speed over a million known domains.
 *
 * Builds the near-match index over 1,000,000 synthetic registrable domains
 * (bench/synth.h), measures the build's time and peak memory, times
 * guard_check() on about 2,000 addresses (typos, known and unknown
 * domains), compares it with a linear scan that computes the same answer
 * with a banded edit distance, and times serialization. The linear scan
 * and the child that measures the build's memory are in bench/baseline.h.
 *
 * Speed figures are printed, never asserted: each goal prints one line
 * "goal: WHAT | FIGURE | TARGET | met" (or NOT met) that bench/run.sh
 * gathers. A correctness cross-check that fails (the index missing a near
 * miss that the linear scan finds) is a bug, not a figure: exit 1.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guard.h"
#include "synth.h"
#include "baseline.h"

#define NDOMAINS	1000000
#define NTYPO_EACH	300		/* queries per kind of typo */
#define NEXACT		400
#define NUNKNOWN	400
#define NQUERIES	(4 * NTYPO_EACH + NEXACT + NUNKNOWN)
#define NPASSES		5		/* timed passes, after a warm-up */
#define NLINEAR		100		/* queries for the linear scan */
#define QUERY_SEED	0x9e3779b97f4a7c15ULL
#define UNKNOWN_SEED	0xd1b54a32d192ed03ULL
#define DOMBUF		80

#define GOAL_BUILD_S	1.5
#define GOAL_BUILD_MB	400.0
#define GOAL_P99_US	20.0
#define GOAL_SPEEDUP	100.0

enum qkind {
	Q_TRANSPOSE = 0,
	Q_OMIT,
	Q_INSERT,
	Q_SUBST,
	Q_EXACT,
	Q_UNKNOWN,
	Q_NKINDS
};

static const char *const qkind_names[Q_NKINDS] = {
	"typo: transposition", "typo: omission", "typo: insertion",
	"typo: substitution", "exact known", "unknown",
};

struct query {
	enum qkind		 kind;
	char			 domain[DOMBUF];
	char			 addr[DOMBUF + 16];
	const char		*meant;		/* what a typo came from */
	int			 flagged;	/* has a near-miss finding */
	enum guard_severity	 severity;
	char			*suggestion;	/* the lookalike's, or NULL */
	double			 us;		/* median of the timed passes */
};

static int failed;

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of a sorted array. */
static double
percentile(const double *v, size_t n, double p)
{
	size_t k = (size_t)(p * (double)n + 0.999999);

	if (k == 0)
		k = 1;
	if (k > n)
		k = n;
	return v[k - 1];
}

static void
goal(const char *what, const char *figure, const char *target, int met)
{
	printf("goal: %s | %s | %s | %s\n", what, figure, target,
	    met ? "met" : "NOT met");
}

/* Makes one typo of known's first label into out; -1 if it cannot. */
static int
make_typo(struct synth_rng *r, enum qkind kind, const char *known,
    char *out, size_t outsize)
{
	const char *dot = strchr(known, '.');
	char name[DOMBUF], ch;
	size_t n, i;

	if (dot == NULL || (n = (size_t)(dot - known)) + 2 > sizeof(name))
		return -1;
	memcpy(name, known, n);
	switch (kind) {
	case Q_TRANSPOSE:
		if (n < 2)
			return -1;
		i = synth_below(r, (uint32_t)n - 1);
		if (name[i] == name[i + 1])
			return -1;
		ch = name[i];
		name[i] = name[i + 1];
		name[i + 1] = ch;
		break;
	case Q_OMIT:
		if (n < 2)
			return -1;
		i = synth_below(r, (uint32_t)n);
		memmove(name + i, name + i + 1, n - i - 1);
		n--;
		break;
	case Q_INSERT:
		i = synth_below(r, (uint32_t)n + 1);
		memmove(name + i + 1, name + i, n - i);
		name[i] = (char)('a' + synth_below(r, 26));
		n++;
		break;
	case Q_SUBST:
		i = synth_below(r, (uint32_t)n);
		ch = (char)('a' + synth_below(r, 26));
		if (ch == name[i])
			return -1;
		name[i] = ch;
		break;
	default:
		return -1;
	}
	if (name[0] == '-' || name[n - 1] == '-')
		return -1;
	snprintf(out, outsize, "%.*s%s", (int)n, name, dot);
	return 0;
}

/*
 * The query set: typos of indexed domains (a tenth of them of the real
 * ones), known domains, unknown ones; shuffled, so that kinds interleave.
 */
static struct query *
make_queries(const struct synth_list *l, size_t *nq)
{
	struct synth_rng r, u;
	struct query *q, tmp;
	char name[SYNTH_NAMEMAX + 9];
	const char *known;
	size_t n = 0, i, j, nreal = SYNTH_NELEM(synth_real);
	int k;

	if ((q = calloc(NQUERIES, sizeof(*q))) == NULL)
		die("queries", strerror(errno));
	synth_seed(&r, QUERY_SEED);
	synth_seed(&u, UNKNOWN_SEED);
	for (k = Q_TRANSPOSE; k <= Q_SUBST; k++) {
		for (i = 0; i < NTYPO_EACH; ) {
			known = synth_below(&r, 10) == 0 ?
			    l->v[synth_below(&r, (uint32_t)nreal)] :
			    l->v[synth_below(&r, (uint32_t)l->n)];
			if (make_typo(&r, (enum qkind)k, known, q[n].domain,
			    sizeof(q[n].domain)) != 0 ||
			    synth_has(l, q[n].domain))
				continue;
			q[n].kind = (enum qkind)k;
			q[n].meant = known;
			n++;
			i++;
		}
	}
	for (i = 0; i < NEXACT; i++) {
		q[n].kind = Q_EXACT;
		known = l->v[synth_below(&r, (uint32_t)l->n)];
		snprintf(q[n].domain, sizeof(q[n].domain), "%s", known);
		q[n++].meant = known;
	}
	for (i = 0; i < NUNKNOWN; ) {
		synth_name(&u, name);
		snprintf(q[n].domain, sizeof(q[n].domain), "%s.%s", name,
		    synth_suffix(&u));
		if (synth_has(l, q[n].domain))
			continue;
		q[n++].kind = Q_UNKNOWN;
		i++;
	}
	for (i = n - 1; i > 0; i--) {
		j = synth_below(&r, (uint32_t)i + 1);
		tmp = q[i];
		q[i] = q[j];
		q[j] = tmp;
	}
	for (i = 0; i < n; i++)
		snprintf(q[i].addr, sizeof(q[i].addr), "user%zu@%s", i,
		    q[i].domain);
	*nq = n;
	return q;
}

/* Checks one query; records its verdict if asked. Returns microseconds. */
static double
check_one(const struct guard *g, struct query *q, int record)
{
	struct guard_report rep;
	struct guard_verdict *v;
	double t0, t1;
	size_t i, k;

	guard_report_init(&rep);
	t0 = now();
	guard_check(g, q->addr, &rep);
	t1 = now();
	if (record) {
		q->flagged = 0;
		q->severity = rep.severity;
		free(q->suggestion);
		q->suggestion = NULL;
		for (i = 0; i < rep.nverdicts; i++) {
			v = &rep.verdicts[i];
			for (k = 0; k < v->nfindings; k++) {
				/* A near miss, whichever slip explains it
				 * best (a slip of the TLD, say). */
				if (v->findings[k].code != GUARD_LOOKALIKE &&
				    v->findings[k].code != GUARD_TLD_TRAP &&
				    v->findings[k].code != GUARD_HOMOGRAPH)
					continue;
				q->flagged = 1;
				if (q->suggestion == NULL &&
				    v->findings[k].suggestion != NULL)
					q->suggestion = strdup(
					    v->findings[k].suggestion);
			}
		}
	}
	guard_report_free(&rep);
	return (t1 - t0) * 1e6;
}

static size_t
name_len(const char *domain)
{
	const char *dot = strchr(domain, '.');

	return dot != NULL ? (size_t)(dot - domain) : strlen(domain);
}

static void
print_timing_table(const struct query *q, size_t nq)
{
	double *v, sum;
	size_t k, i, n, fl;

	if ((v = calloc(nq, sizeof(*v))) == NULL)
		die("timing", strerror(errno));
	printf("  %-22s %6s %8s %10s %10s   (us: each query's median of "
	    "the passes)\n", "kind", "count", "flagged", "mean us", "p99 us");
	for (k = 0; k < Q_NKINDS; k++) {
		n = fl = 0;
		sum = 0;
		for (i = 0; i < nq; i++) {
			if (q[i].kind != k)
				continue;
			v[n++] = q[i].us;
			sum += q[i].us;
			fl += q[i].flagged != 0;
		}
		if (n == 0)
			continue;
		qsort(v, n, sizeof(*v), cmp_double);
		printf("  %-22s %6zu %8zu %10.2f %10.2f\n", qkind_names[k], n,
		    fl, sum / (double)n, percentile(v, n, 0.99));
	}
	free(v);
}

int
main(void)
{
	struct synth_list l;
	struct query *q;
	struct scan s;
	struct memfig mf;
	struct guard_index *ix, *mix;
	struct guard_data data;
	struct guard *g, *mg;
	char *err = NULL, fig[128], tgt[64];
	unsigned char *namelen;
	double t0, t1, build_s, *all, *cold, one[NPASSES], p50, p99, pmax;
	double lin_sum = 0, ix_sum = 0, lin_mean, ix_mean, ratio, bytes_s,
	    from_s, gnew_s;
	size_t nq, i, p, skipped = 0, nall = 0, step, nlin = 0, expect = 0,
	    agree = 0, extra = 0, nlong_typo = 0, nlong_flagged = 0,
	    exact_flagged = 0, same = 0, len;
	void *buf;
	struct query saved, x;
	struct guard_data xdata;
	struct guard *xg;

	setvbuf(stdout, NULL, _IOLBF, 0);
	osa_selftest();

	printf("== input\n");
	t0 = now();
	synth_domains(NDOMAINS, SYNTH_SEED, &l);
	q = make_queries(&l, &nq);
	synth_drop_set(&l);
	t1 = now();
	printf("  %zu synthetic registrable domains, %zu queries "
	    "(generated in %.2f s)\n", l.n, nq, t1 - t0);
	printf("  e.g. %s %s %s %s\n", l.v[100], l.v[1000], l.v[10000],
	    l.v[100000]);

	printf("\n== index build (guard_index_build, %zu domains)\n", l.n);
	measure_build_memory(&l, &mf);
	t0 = now();
	/* Weighed as the organisation's own: every near miss of one of them
	 * is one the guard must find and flag. */
	if (guard_index_build((const char *const *)l.v, l.n,
	    GUARD_SRC_ORG, &skipped, &ix, &err) != 0)
		die("guard_index_build", err != NULL ? err : "failed");
	build_s = now() - t0;
	printf("  time: %.3f s (a second build, in the memory child: %.3f s)"
	    "\n", build_s, mf.ok ? mf.secs : -1.0);
	printf("  indexed %zu distinct domains, %zu skipped as not "
	    "registrable\n", guard_index_count(ix), skipped);
	snprintf(fig, sizeof(fig), "%.3f s", build_s);
	snprintf(tgt, sizeof(tgt), "< %.1f s", GOAL_BUILD_S);
	goal("index build time (1M)", fig, tgt, build_s < GOAL_BUILD_S);
	if (mf.ok && mf.base_kb > 0 && mf.hwm_kb > 0) {
		printf("  peak RSS of the build process: %.1f MB (VmHWM%s)\n",
		    mb(mf.hwm_kb), mf.reset ? ", reset before the build" :
		    ", could not be reset: includes the parent's peak");
		printf("  baseline, the input list before the build: %.1f MB"
		    "\n", mb(mf.base_kb));
		printf("  index build's own peak: %.1f MB "
		    "(child ru_maxrss %.1f MB; MB = 10^6 bytes)\n",
		    mb(mf.hwm_kb - mf.base_kb), mb(mf.maxrss_kb));
		snprintf(fig, sizeof(fig), "%.1f MB",
		    mb(mf.hwm_kb - mf.base_kb));
		snprintf(tgt, sizeof(tgt), "< %.0f MB", GOAL_BUILD_MB);
		goal("index build peak memory (own)", fig, tgt,
		    mb(mf.hwm_kb - mf.base_kb) < GOAL_BUILD_MB);
	} else {
		printf("  peak memory: could not be measured\n");
		goal("index build peak memory (own)", "n/a", "< 400 MB", 0);
	}

	printf("\n== queries (guard_check, %zu addresses, %d timed passes "
	    "after a warm-up)\n", nq, NPASSES);
	memset(&data, 0, sizeof(data));
	data.known_index = ix;
	t0 = now();
	if (guard_new(&data, &g, &err) != 0)
		die("guard_new", err != NULL ? err : "failed");
	gnew_s = now() - t0;
	printf("  guard_new (shipped list + ICU set-up): %.2f ms\n",
	    gnew_s * 1e3);
	all = calloc((size_t)NPASSES * nq, sizeof(*all));
	cold = calloc(nq, sizeof(*cold));
	if (all == NULL || cold == NULL)
		die("timing", strerror(errno));
	for (i = 0; i < nq; i++)
		cold[i] = check_one(g, &q[i], 1);
	for (p = 0; p < NPASSES; p++)
		for (i = 0; i < nq; i++)
			all[nall++] = check_one(g, &q[i], 0);
	/* A query's time is its median: a preempted pass does not count. */
	for (i = 0; i < nq; i++) {
		for (p = 0; p < NPASSES; p++)
			one[p] = all[p * nq + i];
		qsort(one, NPASSES, sizeof(one[0]), cmp_double);
		q[i].us = one[NPASSES / 2];
	}
	qsort(cold, nq, sizeof(*cold), cmp_double);
	qsort(all, nall, sizeof(*all), cmp_double);
	p50 = percentile(all, nall, 0.50);
	p99 = percentile(all, nall, 0.99);
	pmax = all[nall - 1];
	printf("  every sample: p50 %.2f us, p99 %.2f us, max %.2f us "
	    "(%zu samples, a preempted pass included)\n", p50, p99, pmax,
	    nall);
	/* The goal: each check's own time (its median over the passes). */
	for (i = 0; i < nq; i++)
		all[i] = q[i].us;
	qsort(all, nq, sizeof(*all), cmp_double);
	p50 = percentile(all, nq, 0.50);
	p99 = percentile(all, nq, 0.99);
	printf("  per check (each its median of %d passes): p50 %.2f us, "
	    "p99 %.2f us\n", NPASSES, p50, p99);
	printf("  first (cold) pass: p50 %.2f us, p99 %.2f us, max %.2f us"
	    "\n", percentile(cold, nq, 0.50), percentile(cold, nq, 0.99),
	    cold[nq - 1]);
	print_timing_table(q, nq);
	snprintf(fig, sizeof(fig), "%.2f us", p99);
	snprintf(tgt, sizeof(tgt), "<= %.0f us", GOAL_P99_US);
	goal("guard_check p99", fig, tgt, p99 <= GOAL_P99_US);

	/* Every typo of a long name is one edit from a known domain. */
	for (i = 0; i < nq; i++) {
		if (q[i].kind <= Q_SUBST && name_len(q[i].domain) >= 6 &&
		    name_len(q[i].meant) >= 6) {
			nlong_typo++;
			if (q[i].flagged)
				nlong_flagged++;
			else
				printf("  MISSED: %s (a typo of %s) not "
				    "flagged\n", q[i].domain, q[i].meant);
		}
		if (q[i].kind == Q_EXACT && q[i].flagged) {
			if (exact_flagged++ < 5)
				printf("  note: known %s flagged as a "
				    "lookalike of %s\n", q[i].domain,
				    q[i].suggestion != NULL ?
				    q[i].suggestion : "?");
		}
	}
	printf("  typos of names of >= 6 letters flagged: %zu/%zu\n",
	    nlong_flagged, nlong_typo);
	printf("  known domains flagged as lookalikes: %zu/%d\n",
	    exact_flagged, NEXACT);
	snprintf(fig, sizeof(fig), "%zu/%zu", nlong_flagged, nlong_typo);
	goal("typos of names >= 6 letters flagged", fig, "all",
	    nlong_flagged == nlong_typo);
	if (nlong_flagged != nlong_typo)
		failed = 1;

	printf("\n== baseline: linear scan, banded OSA distance (band 1, "
	    "early exit), %d queries\n", NLINEAR);
	if ((namelen = malloc(l.n)) == NULL)
		die("namelen", strerror(errno));
	for (i = 0; i < l.n; i++)
		namelen[i] = (unsigned char)name_len(l.v[i]);
	/* The scan knows only the list: so does the guard it is checked
	 * against (the shipped data would know some of its domains). */
	memset(&xdata, 0, sizeof(xdata));
	xdata.no_builtin = 1;
	xdata.known_index = ix;
	if (guard_new(&xdata, &xg, &err) != 0)
		die("guard_new", err != NULL ? err : "failed");
	step = nq / NLINEAR;
	for (i = 0; i < nq && nlin < NLINEAR; i += step, nlin++) {
		t0 = now();
		scan_linear(&l, namelen, q[i].domain, &s);
		lin_sum += now() - t0;
		ix_sum += q[i].us / 1e6;
		x = q[i];
		x.suggestion = NULL;
		check_one(xg, &x, 1);
		if (!s.known && s.nlong > 0) {
			expect++;
			if (x.flagged)
				agree++;
			else
				printf("  DISAGREE: %s is one edit from %s "
				    "(linear scan) but the guard does not "
				    "flag it\n", q[i].domain, s.first);
		} else if (x.flagged)
			extra++;
		free(x.suggestion);
	}
	guard_free(xg);
	lin_mean = lin_sum / (double)nlin;
	ix_mean = ix_sum / (double)nlin;
	ratio = lin_mean / ix_mean;
	printf("  mean per query, same %zu queries: linear scan %.3f ms, "
	    "guard_check %.2f us: %.0fx\n", nlin, lin_mean * 1e3,
	    ix_mean * 1e6, ratio);
	printf("  cross-check: %zu/%zu near misses the scan finds (names "
	    ">= 6, same suffix) are flagged; the guard flags %zu more "
	    "(short names, dots, look-alike letters)\n", agree, expect,
	    extra);
	snprintf(fig, sizeof(fig), "%.0fx", ratio);
	snprintf(tgt, sizeof(tgt), ">= %.0fx", GOAL_SPEEDUP);
	goal("index vs linear scan speed-up", fig, tgt,
	    ratio >= GOAL_SPEEDUP);
	snprintf(fig, sizeof(fig), "%zu/%zu agree", agree, expect);
	goal("cross-check with linear scan", fig, "all agree",
	    agree == expect);
	if (agree != expect)
		failed = 1;
	free(namelen);

	printf("\n== serialization\n");
	t0 = now();
	guard_index_bytes(ix, &buf, &len);
	bytes_s = now() - t0;
	t0 = now();
	if (guard_index_from_bytes(buf, len, &mix, &err) != 0)
		die("guard_index_from_bytes", err != NULL ? err : "failed");
	from_s = now() - t0;
	printf("  guard_index_bytes: %.2f ms, %zu bytes (%.1f MB, %.1f "
	    "bytes a domain)\n", bytes_s * 1e3, len, (double)len / 1e6,
	    (double)len / (double)guard_index_count(ix));
	printf("  guard_index_from_bytes: %.3f ms\n", from_s * 1e3);
	data.known_index = mix;
	if (guard_new(&data, &mg, &err) != 0)
		die("guard_new", err != NULL ? err : "failed");
	for (i = 0; i < nq; i++) {
		saved = q[i];
		q[i].suggestion = NULL;
		check_one(mg, &q[i], 1);
		if (q[i].flagged == saved.flagged &&
		    q[i].severity == saved.severity &&
		    (q[i].suggestion == NULL) == (saved.suggestion == NULL) &&
		    (q[i].suggestion == NULL ||
		    strcmp(q[i].suggestion, saved.suggestion) == 0))
			same++;
		else
			printf("  DIFFERENT from the mapped index: %s\n",
			    q[i].domain);
		free(saved.suggestion);
	}
	printf("  verdicts with the mapped index: %zu/%zu the same\n", same,
	    nq);
	snprintf(fig, sizeof(fig), "%zu/%zu", same, nq);
	goal("mapped index gives the same verdicts", fig, "all", same == nq);
	if (same != nq)
		failed = 1;
	guard_free(mg);
	guard_index_free(mix);
	free(buf);

	for (i = 0; i < nq; i++)
		free(q[i].suggestion);
	free(q);
	free(all);
	free(cold);
	guard_free(g);
	guard_index_free(ix);
	synth_list_free(&l);
	if (failed)
		printf("\nbench_guard: CORRECTNESS FAILURE (see above)\n");
	return failed;
}
