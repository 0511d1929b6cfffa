/*
 * bench_gendomains.c: writes the benchmark's synthetic known domains, one
 * a line, for a known_domains file: bench_gendomains N OUTFILE. The list
 * is the one bench_guard indexes (same generator, same seed).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "synth.h"

static void
usage(void)
{
	fprintf(stderr, "usage: bench_gendomains N OUTFILE\n");
	exit(64);
}

int
main(int argc, char *argv[])
{
	struct synth_list l;
	unsigned long long n;
	char *end, *tmp;
	size_t i;
	FILE *f;

	if (argc != 3)
		usage();
	errno = 0;
	n = strtoull(argv[1], &end, 10);
	if (errno != 0 || *end != '\0' || n < 100 || n > 50000000)
		usage();
	synth_domains((size_t)n, SYNTH_SEED, &l);
	synth_drop_set(&l);
	if ((tmp = malloc(strlen(argv[2]) + 5)) == NULL) {
		perror("bench_gendomains");
		return 2;
	}
	snprintf(tmp, strlen(argv[2]) + 5, "%s.tmp", argv[2]);
	if ((f = fopen(tmp, "w")) == NULL) {
		fprintf(stderr, "bench_gendomains: %s: %s\n", tmp,
		    strerror(errno));
		return 2;
	}
	for (i = 0; i < l.n; i++) {
		fputs(l.v[i], f);
		putc('\n', f);
	}
	if (fclose(f) != 0 || rename(tmp, argv[2]) != 0) {
		fprintf(stderr, "bench_gendomains: %s: %s\n", argv[2],
		    strerror(errno));
		return 2;
	}
	free(tmp);
	synth_list_free(&l);
	return 0;
}
