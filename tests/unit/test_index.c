/* test_index.c: guard_index_*(): what it counts, and damaged bytes refused. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "guard.h"

#define N(a)	(sizeof(a) / sizeof((a)[0]))

/* Domains to index: duplicates, spaces, names that are not domains. */
static const char *const listed[] = {
	"mail.army.mil", "army.mil", "gmail.com", "GMAIL.COM", "paypal.com",
	" microsoft.com ", "bad..domain", "localhost", "co.uk",
};

static void
test_index_count(void **state)
{
	const char *const v[] = {
		"mail.army.mil", "army.mil", "www.ARMY.mil", "bbc.co.uk",
		"news.bbc.co.uk", "ex\xc3\xa4mple.de", "xn--exmple-cua.de",
	};
	struct guard_index *ix;
	size_t skipped;
	char *error = NULL;

	(void)state;
	assert_int_equal(guard_index_build(v, N(v), GUARD_SRC_FILE, &skipped,
	    &ix, &error), 0);
	assert_int_equal(guard_index_count(ix), 3);
	assert_int_equal(skipped, 0);
	guard_index_free(ix);

	assert_int_equal(guard_index_build(v, 0, GUARD_SRC_FILE, NULL, &ix,
	    &error), 0);
	assert_int_equal(guard_index_count(ix), 0);
	guard_index_free(ix);
}

/* from_bytes() must refuse bytes that are not a whole index. */
static void
assert_refused(const void *buf, size_t len)
{
	struct guard_index *ix = NULL;
	char *error = NULL;

	assert_int_equal(guard_index_from_bytes(buf, len, &ix, &error), -1);
	assert_non_null(error);
	assert_null(ix);
	free(error);
}

static void
test_index_damaged(void **state)
{
	static const size_t flip[] = { 0, 7, 8 };
	struct guard_index *ix;
	unsigned char *bytes, *copy;
	size_t len, i;
	char *error = NULL;

	(void)state;
	assert_int_equal(guard_index_build(listed, N(listed),
	    GUARD_SRC_BUILTIN, NULL, &ix, &error), 0);
	guard_index_bytes(ix, (void **)&bytes, &len);
	guard_index_free(ix);
	copy = malloc(len + 8);
	assert_non_null(copy);

	assert_refused(bytes, 0);
	assert_refused(bytes, 8);
	assert_refused(bytes, len / 2);
	assert_refused(bytes, len - 1);

	/* "sGINDEX1", "SGINDEX2", the version after the magic. */
	for (i = 0; i < N(flip); i++) {
		memcpy(copy, bytes, len);
		copy[flip[i]] ^= 0x20;
		assert_refused(copy, len);
	}
	/* Longer than the header says. */
	memset(copy, 0, len + 8);
	memcpy(copy, bytes, len);
	assert_refused(copy, len + 8);
	free(copy);
	free(bytes);
}

/*
 * An entry's offsets must stay inside one domain: from_bytes() has to
 * refuse an entry longer than a domain can be (a guard_check() on it
 * overflows a stack buffer in lookalike.c).
 */
static void
test_index_long_entry(void **state)
{
	struct guard_index *ix = NULL;
	char names[40][40], *error = NULL;
	const char *v[40];
	uint32_t off, *offs;
	unsigned char *bytes;
	size_t len, i;

	(void)state;
	for (i = 0; i < N(v); i++) {
		snprintf(names[i], 40, "domain-number-%02zu.com", i);
		v[i] = names[i];
	}
	assert_int_equal(guard_index_build(v, N(v), GUARD_SRC_FILE, NULL, &ix,
	    &error), 0);
	guard_index_bytes(ix, (void **)&bytes, &len);
	guard_index_free(ix);
	/* index.c: a 40-byte header, then n + 1 offsets into the strings. */
	offs = (uint32_t *)(void *)(bytes + 40);
	off = offs[20];
	assert_true(off > 300);
	offs[1] = off;		/* entry 0 now spans 20 domains */
	ix = NULL;
	/*
	 * Mapping is constant time, so the damage may only show on access:
	 * then the entry must be skipped, never read past (ASan runs this),
	 * and never offered as a suggestion.
	 */
	if (guard_index_from_bytes(bytes, len, &ix, &error) == 0) {
		struct guard_data data;
		struct guard_report r;
		struct guard *g = NULL;
		static const char *const probe[] = {
			"a@domain-number-00.com", "a@domain-numbre-00.com",
			"a@domain-number-30.com", "a@domain-numbr-31.com",
			"a@gmial.com",
		};

		memset(&data, 0, sizeof(data));
		data.no_builtin = 1;
		data.known_index = ix;
		assert_int_equal(guard_new(&data, &g, &error), 0);
		for (i = 0; i < N(probe); i++) {
			guard_report_init(&r);
			guard_check(g, probe[i], &r);
			assert_int_equal(r.nverdicts, 1);
			if (r.verdicts[0].nfindings > 0 &&
			    r.verdicts[0].findings[0].suggestion != NULL)
				assert_int_equal(strlen(r.verdicts[0].
				    findings[0].suggestion), strlen(
				    "domain-number-31.com"));
			guard_report_free(&r);
		}
		/* An undamaged entry is still found. */
		guard_report_init(&r);
		guard_check(g, "a@domain-numbr-31.com", &r);
		assert_string_equal(r.verdicts[0].findings[0].suggestion,
		    "domain-number-31.com");
		guard_report_free(&r);
		guard_free(g);
		guard_index_free(ix);
	} else
		free(error);
	free(bytes);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_index_count),
		cmocka_unit_test(test_index_damaged),
		cmocka_unit_test(test_index_long_entry),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
