/*
 * fuzz_guard.h: for the fuzz targets of what the guard is built from (an
 * index mapped from bytes, data files): a guard over that data, asked
 * about fields of near misses of the seeds' domains, then freed.
 */
#ifndef SENDGUARD_FUZZ_GUARD_H
#define SENDGUARD_FUZZ_GUARD_H

#include <stdlib.h>
#include <string.h>

#include "guard.h"

/* Builds a guard from d (aborts if that fails) and checks each field. */
static void
fuzz_guard_check(const struct guard_data *d, const char *const *fields,
    size_t n)
{
	struct guard_report r;
	struct guard *g = NULL;
	char *error = NULL;
	size_t i;

	if (guard_new(d, &g, &error) != 0)
		abort();
	for (i = 0; i < n; i++) {
		guard_report_init(&r);
		guard_check(g, fields[i], &r);
		guard_report_free(&r);
	}
	guard_free(g);
}

#endif
