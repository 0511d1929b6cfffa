/*
 * shipped.c: the data sendguard ships (guard/data/), compiled into an
 * index when sendguard is built (scripts/sgindex.c) and assembled into the
 * program with the data files themselves (build/gen/shipped.S). Mapping
 * it costs nothing at start-up; the texts are there for a guard built
 * against other ICU data than the build's, which cannot use the
 * compiled folds, and for tools that build variants of it.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "guard.h"

/* From build/gen/shipped.S (or noshipped.S, for the build tools). */
extern const char sendguard_shipped_index[];
extern const uint64_t sendguard_shipped_index_len;
extern const char sendguard_data_builtin[];
extern const uint64_t sendguard_data_builtin_len;
extern const char sendguard_data_providers[];
extern const uint64_t sendguard_data_providers_len;
extern const char sendguard_data_broad[];
extern const uint64_t sendguard_data_broad_len;

static struct guard_text	 shipped_texts[3];
static struct guard_index	*shipped;
static pthread_once_t		 shipped_once = PTHREAD_ONCE_INIT;
static pthread_once_t		 shipped_texts_once = PTHREAD_ONCE_INIT;

static void
shipped_texts_init(void)
{
	shipped_texts[0] = (struct guard_text){ "builtin.txt",
	    sendguard_data_builtin, (size_t)sendguard_data_builtin_len,
	    GUARD_SRC_BUILTIN };
	shipped_texts[1] = (struct guard_text){ "providers.tsv",
	    sendguard_data_providers, (size_t)sendguard_data_providers_len,
	    GUARD_SRC_PROVIDER };
	shipped_texts[2] = (struct guard_text){ "broad.txt",
	    sendguard_data_broad, (size_t)sendguard_data_broad_len,
	    GUARD_SRC_LIST };
}

size_t
guard_shipped_texts(const struct guard_text **out)
{
	pthread_once(&shipped_texts_once, shipped_texts_init);
	*out = shipped_texts;
	return sizeof(shipped_texts) / sizeof(shipped_texts[0]);
}

static void
shipped_load(void)
{
	const struct guard_text *t;
	char *err = NULL;
	size_t n;

	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE), a, z;

	if (sendguard_shipped_index_len > 0 &&
	    guard_index_from_bytes(sendguard_shipped_index,
	    (size_t)sendguard_shipped_index_len, &shipped, &err) == 0) {
		/*
		 * A check touches a few scattered pages of it: no read-ahead
		 * around them (it would map megabytes for nothing).
		 */
		a = ((uintptr_t)sendguard_shipped_index + page - 1) & ~(page - 1);
		z = ((uintptr_t)sendguard_shipped_index +
		    (uintptr_t)sendguard_shipped_index_len) & ~(page - 1);
		if (z > a)
			(void)madvise((void *)a, z - a, MADV_RANDOM);
		return;
	}
	free(err);
	err = NULL;
	n = guard_shipped_texts(&t);
	if (guard_index_build_texts(t, n, NULL, NULL, NULL, &shipped,
	    &err) != 0) {
		free(err);
		shipped = NULL;
	}
}

const struct guard_index *
guard_shipped(void)
{
	pthread_once(&shipped_once, shipped_load);
	return shipped;
}
