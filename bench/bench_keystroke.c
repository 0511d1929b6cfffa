/*
 * bench_keystroke.c: keystroke to updated screen in the composer, with
 * 50 recipients in To and a million known domains, through a real pty
 * read by libvterm. Usage: bench_keystroke SENDGUARD DOMAINS-FILE
 */
#define _GNU_SOURCE	/* asprintf */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

#define KEYS	200

static double
bench_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int
bench_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	char dir[] = "/tmp/sgkey.XXXXXX", *cfg, *cmd, *to, *env[8];
	double t[KEYS], t0;
	char typed[KEYS + 8], want[16];
	struct pty *p;
	size_t len = 0;
	unsigned long long seed = 42;
	FILE *f;
	int i, k;

	if (argc != 3) {
		fprintf(stderr, "usage: bench_keystroke SENDGUARD DOMAINS\n");
		return 1;
	}
	if (mkdtemp(dir) == NULL || asprintf(&cmd, "mkdir -p %s/c/sendguard",
	    dir) < 0 || system(cmd) != 0)
		return 1;
	free(cmd);
	if (asprintf(&cfg, "%s/c/sendguard/config", dir) < 0 ||
	    (f = fopen(cfg, "w")) == NULL)
		return 1;
	fprintf(f, "[guard]\nknown_domains = %s\n", argv[2]);
	fclose(f);
	/* 50 recipients: real-shaped, some suspicious (20 warnings, and
	 * a notice that they are more than 25). */
	to = calloc(1, 8192);
	for (i = 0; i < 50; i++)
		len += (size_t)snprintf(to + len, 8192 - len, "%suser%d@%s",
		    i > 0 ? ", " : "", i, i % 5 == 0 ? "gmial.com" :
		    i % 5 == 1 ? "army.ml" : "example.org");
	if (asprintf(&env[0], "XDG_CONFIG_HOME=%s/c", dir) < 0)
		return 1;
	if (asprintf(&env[1], "XDG_CACHE_HOME=%s/cache", dir) < 0)
		return 1;
	if (asprintf(&env[2], "XDG_STATE_HOME=%s/s", dir) < 0)
		return 1;
	if (asprintf(&env[3], "XDG_DATA_HOME=%s/d", dir) < 0)
		return 1;
	if (asprintf(&env[4], "HOME=%s", dir) < 0)
		return 1;
	env[5] = strdup("NO_COLOR");
	env[6] = strdup("SENDGUARD_TRACE");
	env[7] = NULL;

	/* Build the index cache first, as a user's first run would. */
	if (asprintf(&cmd, "env XDG_CONFIG_HOME=%s/c XDG_CACHE_HOME=%s/cache "
	    "%s check a@gmail.com >/dev/null", dir, dir, argv[1]) < 0)
		return 1;
	if (system(cmd) != 0)
		return 1;
	free(cmd);

	{
		char subj[] = "-s", bench[] = "bench";
		char *av[] = { argv[1], subj, bench, to, NULL };

		p = pty_spawn(av, env, 40, 120);
	}
	if (p == NULL || pty_wait_text(p, "Warnings: 21", 20000) != 0) {
		fprintf(stderr, "bench_keystroke: the composer did not start\n");
		return 1;
	}
	/* The cursor starts in the body (To and Subject given): go to To. */
	for (k = 0; k < 4; k++)
		pty_key(p, VTERM_KEY_UP, VTERM_MOD_NONE);
	pty_sendf(p, ", ");
	pty_wait_text(p, "Warnings: 21", 5000);
	for (i = 0; i < KEYS; i++) {
		/* Each key extends a new address; the screen must show it. */
		/* Pseudo-random letters: every 6-letter window is new, so
		 * the wait below sees this key's effect, not an old one. */
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		typed[i] = (char)('a' + (seed >> 33) % 26);
		typed[i + 1] = '\0';
		/* The first keys: wait on ", " and them, also new text. */
		if (i < 5) {
			snprintf(want, sizeof(want), ", %.*s", i + 1, typed);
			want[i + 3] = '\0';
		} else {
			memcpy(want, typed + i - 5, 6);
			want[6] = '\0';
		}
		t0 = bench_now();
		pty_send(p, &typed[i], 1);
		if (pty_wait_text(p, want, 5000) != 0) {
			char *d = pty_dump(p);

			fprintf(stderr, "bench_keystroke: key %d never showed:\n%s"
			    "\n", i, d);
			free(d);
			return 1;
		}
		t[i] = bench_now() - t0;
	}
	qsort(t, KEYS, sizeof(t[0]), bench_cmp);
	printf("  %d keystrokes, 50 recipients in To, %s known domains file\n",
	    KEYS, argv[2]);
	printf("  keystroke to updated screen: median %.2f ms, p95 %.2f ms, "
	    "max %.2f ms\n", t[KEYS / 2], t[KEYS * 95 / 100], t[KEYS - 1]);
	printf("goal: keystroke to screen, 50 rcpts, 1M | %.2f ms | < 5 ms "
	    "median | %s\n", t[KEYS / 2], t[KEYS / 2] < 5.0 ? "met" :
	    "NOT met");
	pty_free(p);
	if (asprintf(&cmd, "rm -rf %s", dir) > 0 && system(cmd) != 0)
		fprintf(stderr, "bench_keystroke: cannot remove %s\n", dir);
	return 0;
}
