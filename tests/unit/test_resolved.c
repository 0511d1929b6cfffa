/* test_resolved.c: the Sendguard-Resolved value (guard_resolved_*), sha256_*. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common.h"
#include "guard.h"

static const char *const rcpts[] = { "john@army.ml", "Jane@Example.COM" };
static const char msgid[] = "<1.2@example.org>";

static struct guard_resolved *
parse(const char *v)
{
	struct guard_resolved *r = NULL;
	char *err = NULL;

	if (guard_resolved_parse(v, strlen(v), &r, &err) != 0) {
		fprintf(stderr, "parse: %s: %s\n", v, err);
		free(err);
		return NULL;
	}
	return r;
}

static void
hex(const unsigned char *d, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

/* FIPS 180-4 examples, and a message fed in odd pieces. */
static void
test_sha256(void **state)
{
	struct sha256 c;
	unsigned char d[32];
	char out[65], *big;
	size_t i;

	(void)state;
	sha256_init(&c);
	sha256_final(&c, d);
	hex(d, 32, out);
	assert_string_equal(out, "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855");
	sha256_init(&c);
	sha256_update(&c, "abc", 3);
	sha256_final(&c, d);
	hex(d, 32, out);
	assert_string_equal(out, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
	sha256_init(&c);
	sha256_update(&c, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnop"
	    "nopq", 56);
	sha256_final(&c, d);
	hex(d, 32, out);
	assert_string_equal(out, "248d6a61d20638b8e5c026930c3e6039"
	    "a33ce45964ff2167f6ecedd419db06c1");
	/* A million 'a', in pieces of 1 to 97 bytes. */
	big = xmalloc(1000000);
	memset(big, 'a', 1000000);
	sha256_init(&c);
	for (i = 0; i < 1000000; ) {
		size_t n = 1 + i % 97;

		n = n < 1000000 - i ? n : 1000000 - i;
		sha256_update(&c, big + i, n);
		i += n;
	}
	sha256_final(&c, d);
	hex(d, 32, out);
	assert_string_equal(out, "cdc76e5c9914fb9281a1c7e284d73e67"
	    "f1809a48a497200e046d39ccc7112cd0");
	free(big);
}

/* Built, parsed and verified; the binding holds whatever the form. */
static void
test_roundtrip(void **state)
{
	const struct guard_resolution res[] = {
		{ "army.ml", GUARD_RESOLVED_ONCE, 0 },
		{ "Example.COM", GUARD_RESOLVED_TRUST, 1 },
		{ "ARMY.ML", GUARD_RESOLVED_KNOWN, 0 },	/* given twice */
	};
	const char *const other[] = { "<jane@example.com>", " JOHN@army.ml ",
	    "john@army.ml" };
	struct guard_resolved *r;
	char *v;

	(void)state;
	v = guard_resolved_build(msgid, rcpts, 2, res, 3);
	assert_non_null(strstr(v, "v=1; bind="));
	assert_non_null(strstr(v, "; army.ml=once; #"));
	assert_null(strstr(v, "example.com"));	/* hidden: a Bcc's */
	assert_null(strstr(v, "known"));
	assert_non_null(r = parse(v));
	assert_int_equal(guard_resolved_count(r), 2);
	assert_true(guard_resolved_verify(r, msgid, rcpts, 2));
	/* Order, case, <>, blanks and repeats do not change the set. */
	assert_true(guard_resolved_verify(r, " <1.2@example.org> ", other, 3));
	assert_int_equal(guard_resolved_lookup(r, "army.ml"),
	    GUARD_RESOLVED_ONCE);
	assert_int_equal(guard_resolved_lookup(r, "EXAMPLE.com"),
	    GUARD_RESOLVED_TRUST);
	assert_int_equal(guard_resolved_lookup(r, "gmail.com"), -1);
	/* Another message: another Message-ID, another recipient. */
	assert_false(guard_resolved_verify(r, "<1.3@example.org>", rcpts, 2));
	assert_false(guard_resolved_verify(r, msgid, rcpts, 1));
	assert_false(guard_resolved_verify(r, NULL, rcpts, 2));
	guard_resolved_free(r);
	free(v);
}

/* An IDN is written and looked up as its A-label. */
static void
test_idn(void **state)
{
	const struct guard_resolution res[] = {
		{ "bücher.example", GUARD_RESOLVED_PERMIT, 0 },
	};
	const char *const to[] = { "anna@bücher.example" };
	const char *const ace[] = { "anna@xn--bcher-kva.example" };
	struct guard_resolved *r;
	char *v;

	(void)state;
	v = guard_resolved_build(msgid, to, 1, res, 1);
	assert_non_null(strstr(v, "xn--bcher-kva.example=permit"));
	assert_non_null(r = parse(v));
	assert_true(guard_resolved_verify(r, msgid, ace, 1));
	assert_int_equal(guard_resolved_lookup(r, "bücher.example"),
	    GUARD_RESOLVED_PERMIT);
	assert_int_equal(guard_resolved_lookup(r, "xn--bcher-kva.example"),
	    GUARD_RESOLVED_PERMIT);
	guard_resolved_free(r);
	free(v);
}

/* Folded, spaced, unknown items and ways skipped; the rest refused. */
static void
test_parse(void **state)
{
	static const char *const bad[] = {
		"", "v=1", "bind=" "0123456789abcdef0123456789abcdef"
		"0123456789abcdef0123456789abcdef",
		"v=2; bind=0123456789abcdef0123456789abcdef"
		"0123456789abcdef0123456789abcdef",
		"v=1; bind=0123", "v=1; v=1; bind=0123456789abcdef"
		"0123456789abcdef0123456789abcdef0123456789abcdef",
		"v=1; bind=0123456789abcdef0123456789abcdef0123456789abcdef"
		"0123456789abcdef; army.ml",
		"v=1; bind=0123456789abcdef0123456789abcdef0123456789abcdef"
		"0123456789abcdeg",
	};
	struct guard_resolved *r;
	char *err = NULL;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(guard_resolved_parse(bad[i], strlen(bad[i]),
		    &r, &err), -1);
		assert_non_null(err);
		free(err);
		err = NULL;
	}
	assert_int_equal(guard_resolved_parse("v=1\0x", 5, &r, &err), -1);
	free(err);
	assert_non_null(r = parse(" V=1 ;\r\n\tBIND=0123456789ABCDEF0123456789abcdef"
	    "0123456789abcdef0123456789abcdef ;; army.ml = ONCE;"
	    " gmial.com=someday; x_y.com=once; new=1; #zz=once;"
	    " #0123456789abcdef=trust;"));
	assert_int_equal(guard_resolved_count(r), 2);
	assert_int_equal(guard_resolved_lookup(r, "army.ml"),
	    GUARD_RESOLVED_ONCE);
	assert_int_equal(guard_resolved_lookup(r, "gmial.com"), -1);
	guard_resolved_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_idn),
		cmocka_unit_test(test_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
