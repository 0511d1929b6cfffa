/*
 * baseline.h: what bench_guard.c measures the guard against, included
 * (like synth.h) because each benchmark is built from one source file.
 *
 * The linear-scan baseline: brute force over every known domain with a
 * banded optimal-string-alignment distance (self-tested against the full
 * table first), for the speed-up figure and the correctness cross-check.
 * The memory-measuring child: builds the index in a fork, so that the
 * build's own peak RSS is measured against the input list's.
 */
#ifndef SENDGUARD_BENCH_BASELINE_H
#define SENDGUARD_BENCH_BASELINE_H

#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "guard.h"
#include "synth.h"

#define OSA_FAR		2		/* "more than one edit" */
#define OSA_MAXLEN	64

/* What the linear scan says about one query. */
struct scan {
	int		 known;		/* the query is a known domain */
	size_t		 nnear;		/* known names one edit away */
	size_t		 nlong;		/* of those, both names >= 6 letters */
	const char	*first;		/* one of the long ones */
};

/* The clock and the way out, for bench_guard.c too. */
static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
die(const char *what, const char *why)
{
	fprintf(stderr, "bench_guard: %s: %s\n", what, why);
	exit(2);
}

/*
 * Optimal-string-alignment distance of a and b when it is 0 or 1, else
 * OSA_FAR. Only the band |i - j| <= 1 is filled, and a row with no cell
 * under 2 ends it: row minima never decrease.
 */
static int
osa1(const char *a, size_t n, const char *b, size_t m)
{
	unsigned char r0[OSA_MAXLEN + 3], r1[OSA_MAXLEN + 3];
	unsigned char r2[OSA_MAXLEN + 3];
	unsigned char *pp = r0, *p = r1, *c = r2, *t;
	unsigned v, min;
	size_t i, j, lo, hi;

	if (n > m + 1 || m > n + 1 || n > OSA_MAXLEN || m > OSA_MAXLEN)
		return OSA_FAR;
	if (n == 0 || m == 0)
		return n + m > 1 ? OSA_FAR : (int)(n + m);
	p[0] = 0;
	p[1] = 1;
	p[2] = OSA_FAR;
	for (i = 1; i <= n; i++) {
		lo = i > 1 ? i - 1 : 1;
		hi = i + 1 < m ? i + 1 : m;
		c[lo - 1] = lo == 1 ? (unsigned char)(i < 2 ? i : 2) :
		    OSA_FAR;
		min = c[lo - 1];
		for (j = lo; j <= hi; j++) {
			v = p[j - 1] + (a[i - 1] != b[j - 1] ? 1u : 0u);
			if (p[j] + 1u < v)
				v = p[j] + 1u;
			if (c[j - 1] + 1u < v)
				v = c[j - 1] + 1u;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && pp[j - 2] + 1u < v)
				v = pp[j - 2] + 1u;
			if (v > OSA_FAR)
				v = OSA_FAR;
			c[j] = (unsigned char)v;
			if (v < min)
				min = v;
		}
		if (hi + 1 <= m)
			c[hi + 1] = OSA_FAR;
		if (min > 1)
			return OSA_FAR;
		t = pp;
		pp = p;
		p = c;
		c = t;
	}
	return p[m];
}

/* The full OSA table, to test osa1() against. */
static int
osa_full(const char *a, size_t n, const char *b, size_t m)
{
	int d[OSA_MAXLEN + 1][OSA_MAXLEN + 1], v;
	size_t i, j;

	for (i = 0; i <= n; i++)
		d[i][0] = (int)i;
	for (j = 0; j <= m; j++)
		d[0][j] = (int)j;
	for (i = 1; i <= n; i++) {
		for (j = 1; j <= m; j++) {
			v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	}
	return d[n][m];
}

/* The baseline must be right before it is timed. */
static void
osa_selftest(void)
{
	struct synth_rng r;
	char a[12], b[12];
	size_t n, m, i, k;
	int full, band;

	synth_seed(&r, 42);
	for (k = 0; k < 200000; k++) {
		n = 1 + synth_below(&r, 9);
		m = 1 + synth_below(&r, 9);
		for (i = 0; i < n; i++)
			a[i] = (char)('a' + synth_below(&r, 3));
		for (i = 0; i < m; i++)
			b[i] = (char)('a' + synth_below(&r, 3));
		full = osa_full(a, n, b, m);
		band = osa1(a, n, b, m);
		if ((full > 1 ? OSA_FAR : full) != band) {
			fprintf(stderr, "bench_guard: osa1(%.*s, %.*s) = %d, "
			    "full table says %d\n", (int)n, a, (int)m, b,
			    band, full);
			exit(2);
		}
	}
}

/* The answer the index gives, by brute force over every known domain. */
static void
scan_linear(const struct synth_list *l, const unsigned char *namelen,
    const char *query, struct scan *s)
{
	const char *dot = strchr(query, '.'), *kd;
	size_t qn = (size_t)(dot - query), kn, i;
	int d;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < l->n; i++) {
		kn = namelen[i];
		if (kn + 1 < qn || kn > qn + 1)
			continue;	/* outside the band */
		kd = l->v[i];
		if (strcmp(kd + kn, dot) != 0)
			continue;	/* another suffix */
		if ((d = osa1(query, qn, kd, kn)) == 0)
			s->known = 1;
		else if (d == 1) {
			s->nnear++;
			if (qn >= 6 && kn >= 6) {
				s->nlong++;
				if (s->first == NULL)
					s->first = kd;
			}
		}
	}
}

/* A kB figure of /proc/self/status ("VmRSS:", "VmHWM:"), or -1. */
static long
status_kb(const char *field)
{
	char line[256];
	long kb = -1;
	size_t n = strlen(field);
	FILE *f;

	if ((f = fopen("/proc/self/status", "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, field, n) == 0)
			kb = strtol(line + n, NULL, 10);
	fclose(f);
	return kb;
}

/* Resets VmHWM to the current RSS (Linux 4.0+); 0 on success. */
static int
reset_hwm(void)
{
	int fd, rc;

	if ((fd = open("/proc/self/clear_refs", O_WRONLY)) == -1)
		return -1;
	rc = write(fd, "5", 1) == 1 ? 0 : -1;
	close(fd);
	return rc;
}

static double
mb(long kb)
{
	return (double)kb * 1024.0 / 1e6;
}

struct memfig {
	long	base_kb;	/* RSS before the build: the input list */
	long	hwm_kb;		/* peak RSS of the build */
	long	maxrss_kb;	/* the child's ru_maxrss */
	int	reset;		/* VmHWM could be reset at the start */
	int	ok;
	double	secs;
};

/* Builds the index in a child, to see the build's own peak memory. */
static void
measure_build_memory(const struct synth_list *l, struct memfig *m)
{
	struct guard_index *ix;
	struct rusage ru;
	char *err = NULL;
	size_t got = 0;
	ssize_t k;
	double t0;
	pid_t pid;
	int fd[2], st;

	memset(m, 0, sizeof(*m));
	fflush(stdout);
	fflush(stderr);
	if (pipe(fd) == -1)
		die("pipe", strerror(errno));
	if ((pid = fork()) == -1)
		die("fork", strerror(errno));
	if (pid == 0) {
		close(fd[0]);
		m->reset = reset_hwm() == 0;
		m->base_kb = status_kb("VmRSS:");
		t0 = now();
		if (guard_index_build((const char *const *)l->v, l->n,
		    GUARD_SRC_ORG, NULL, &ix, &err) == 0) {
			m->secs = now() - t0;
			m->hwm_kb = status_kb("VmHWM:");
			m->ok = 1;
		}
		if (write(fd[1], m, sizeof(*m)) != (ssize_t)sizeof(*m))
			_exit(1);
		_exit(0);
	}
	close(fd[1]);
	while (got < sizeof(*m) &&
	    (k = read(fd[0], (char *)m + got, sizeof(*m) - got)) > 0)
		got += (size_t)k;
	close(fd[0]);
	if (waitpid(pid, &st, 0) == -1)
		die("waitpid", strerror(errno));
	if (got != sizeof(*m) || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		m->ok = 0;
	if (getrusage(RUSAGE_CHILDREN, &ru) == 0)
		m->maxrss_kb = ru.ru_maxrss;
}

#endif
