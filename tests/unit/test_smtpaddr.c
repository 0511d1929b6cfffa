/* test_smtpaddr.c: addresses in their wire form (smtpaddr_wire). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common.h"
#include "smtpaddr.h"

/* The wire form of a, or NULL; *utf8 as smtpaddr_wire() sets it. */
static char *
wire(const char *a, int *utf8)
{
	char *err = NULL, *w = smtpaddr_wire(a, utf8, &err);

	assert_true((w == NULL) == (err != NULL));
	free(err);
	return w;
}

static void
test_ascii_unchanged(void **state)
{
	static const char *const same[] = { "jane@example.com",
	    "Jane.Doe+tag@Example.COM", "\"quoted\\\"local\"@example.com",
	    "root", "", "a@[192.0.2.1]", "a@xn--bcher-kva.example" };
	size_t i;
	int utf8;
	char *w;

	(void)state;
	for (i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		w = wire(same[i], &utf8);
		assert_non_null(w);
		assert_string_equal(w, same[i]);
		assert_int_equal(utf8, 0);
		free(w);
	}
}

static void
test_idn(void **state)
{
	int utf8;
	char *w;

	(void)state;
	w = wire("jane@bücher.example", &utf8);
	assert_string_equal(w, "jane@xn--bcher-kva.example");
	assert_int_equal(utf8, 0);
	free(w);
	/* IDNA2008 maps case and width: the A-label of what was meant. */
	w = wire("jane@BÜCHER.example", &utf8);
	assert_string_equal(w, "jane@xn--bcher-kva.example");
	free(w);
	w = wire("jürgen@bücher.example", &utf8);
	assert_string_equal(w, "jürgen@xn--bcher-kva.example");
	assert_int_equal(utf8, 1);
	free(w);
	w = wire("jürgen@example.net", &utf8);
	assert_string_equal(w, "jürgen@example.net");
	assert_int_equal(utf8, 1);
	free(w);
	/* An at-sign inside a quoted local part: the last one is the
	 * domain's. */
	w = wire("\"a@b\"@bücher.example", &utf8);
	assert_string_equal(w, "\"a@b\"@xn--bcher-kva.example");
	free(w);
}

static void
test_refused(void **state)
{
	static const char *const bad[] = { "a@b.c>\r\nRSET", "a@b.c\n",
	    "a b@c.d", "a@b.c\x7f", "<a@b.c>", "a\t@b.c", "a@\xff.example",
	    "a@b\xc3", "a@\xe2\x80\x8b\xcc\x81.example" };
	char longaddr[300];
	size_t i;
	int utf8;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_null(wire(bad[i], &utf8));
	assert_null(wire(NULL, &utf8));
	memset(longaddr, 'a', sizeof(longaddr) - 1);
	longaddr[sizeof(longaddr) - 1] = '\0';
	longaddr[10] = '@';
	assert_null(wire(longaddr, &utf8));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ascii_unchanged),
		cmocka_unit_test(test_idn),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
