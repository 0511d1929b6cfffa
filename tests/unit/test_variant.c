/* test_variant.c: edit classes, keyboard neighbours and the squash form. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>

#include <cmocka.h>

#include "variant.h"

/* The edit that turns meant (b) into typed (a). */
static enum variant_edit
edit(const char *a, const char *b)
{
	return variant_edit(a, strlen(a), b, strlen(b));
}

static void
test_edit_classes(void **state)
{
	(void)state;
	assert_int_equal(edit("gmail", "gmail"), VARIANT_NONE);
	assert_int_equal(edit("gmial", "gmail"), VARIANT_TRANSPOSITION);
	assert_int_equal(edit("mgail", "gmail"), VARIANT_TRANSPOSITION);
	assert_int_equal(edit("gmali", "gmail"), VARIANT_TRANSPOSITION);
	assert_int_equal(edit("gmal", "gmail"), VARIANT_OMISSION);
	assert_int_equal(edit("mail", "gmail"), VARIANT_OMISSION);
	assert_int_equal(edit("gmai", "gmail"), VARIANT_OMISSION);
	assert_int_equal(edit("gmaail", "gmail"), VARIANT_REPETITION);
	assert_int_equal(edit("gmaill", "gmail"), VARIANT_REPETITION);
	assert_int_equal(edit("gmsil", "gmail"), VARIANT_NEIGHBOUR);
	assert_int_equal(edit("hmail", "gmail"), VARIANT_NEIGHBOUR);
	assert_int_equal(edit("gmeil", "gmail"), VARIANT_VOWEL);
	assert_int_equal(edit("gmoil", "gmail"), VARIANT_VOWEL);
	assert_int_equal(edit("g-mail", "gmail"), VARIANT_HYPHEN);
	assert_int_equal(edit("gmail", "g-mail"), VARIANT_HYPHEN);
	assert_int_equal(edit("gogle", "google"), VARIANT_SINGLED);
	assert_int_equal(edit("gmaxil", "gmail"), VARIANT_INSERTION);
	assert_int_equal(edit("gmpil", "gmail"), VARIANT_SUBSTITUTION);
}

static void
test_edit_far(void **state)
{
	(void)state;
	assert_int_equal(edit("hotmail", "gmail"), VARIANT_FAR);
	assert_int_equal(edit("gmxil", "gmaik"), VARIANT_FAR);
	assert_int_equal(edit("gma", "gmail"), VARIANT_FAR);
	assert_int_equal(edit("gmaiil", "gmal"), VARIANT_FAR);
	assert_int_equal(edit("igmal", "gmail"), VARIANT_FAR);
	assert_int_equal(edit("mac", "mail"), VARIANT_FAR);
	assert_int_equal(edit("mac", "me"), VARIANT_FAR);
	assert_int_equal(edit("", "ab"), VARIANT_FAR);
}

static void
test_edit_edges(void **state)
{
	(void)state;
	/* At the start and at the end of the name. */
	assert_int_equal(edit("ab", "ba"), VARIANT_TRANSPOSITION);
	assert_int_equal(edit("xgmail", "gmail"), VARIANT_INSERTION);
	assert_int_equal(edit("gmailx", "gmail"), VARIANT_INSERTION);
	assert_int_equal(edit("gmaik", "gmail"), VARIANT_NEIGHBOUR);
	assert_int_equal(edit("", "a"), VARIANT_OMISSION);
	assert_int_equal(edit("a", ""), VARIANT_INSERTION);
	assert_int_equal(edit("", ""), VARIANT_NONE);
	/* Only the given lengths count. */
	assert_int_equal(variant_edit("gmailXX", 5, "gmailYY", 5),
	    VARIANT_NONE);
}

static void
test_neighbours(void **state)
{
	(void)state;
	assert_true(variant_neighbours('g', 'h'));
	assert_true(variant_neighbours('h', 'g'));
	assert_true(variant_neighbours('g', 'f'));
	assert_true(variant_neighbours('g', 'y'));
	assert_true(variant_neighbours('y', 'g'));
	assert_true(variant_neighbours('g', 't'));
	assert_true(variant_neighbours('g', 'v'));
	assert_true(variant_neighbours('g', 'b'));
	assert_true(variant_neighbours('a', 's'));
	assert_true(variant_neighbours('a', 'q'));
	assert_true(variant_neighbours('a', 'z'));
	assert_true(variant_neighbours('q', '1'));
	/* QWERTZ swaps y and z. */
	assert_true(variant_neighbours('y', 'z'));
	assert_true(variant_neighbours('z', 'y'));

	assert_false(variant_neighbours('a', 'p'));
	assert_false(variant_neighbours('p', 'a'));
	assert_false(variant_neighbours('g', 'n'));
	assert_false(variant_neighbours('g', 'r'));
	assert_false(variant_neighbours('a', 'e'));
	assert_false(variant_neighbours('g', 'g'));
	assert_false(variant_neighbours('g', '\0'));
	assert_false(variant_neighbours('\0', 'a'));
	assert_false(variant_neighbours('.', 'a'));
}

static void
describe(const char *typed, const char *meant, struct variant *v)
{
	variant_describe(typed, strlen(typed), meant, strlen(meant), v);
}

/* Where the slip is and which letters it took, for the reason. */
static void
test_describe(void **state)
{
	struct variant v;

	(void)state;
	describe("gmial", "gmail", &v);
	assert_int_equal(v.edit, VARIANT_TRANSPOSITION);
	assert_int_equal(v.pos, 2);
	assert_memory_equal(v.typed, "ia", 2);
	assert_memory_equal(v.meant, "ai", 2);
	assert_false(v.first);

	describe("gmaila", "gmail", &v);
	assert_int_equal(v.edit, VARIANT_INSERTION);
	assert_int_equal(v.typed[0], 'a');
	assert_true(v.last);

	describe("gmaik", "gmail", &v);
	assert_int_equal(v.edit, VARIANT_NEIGHBOUR);
	assert_int_equal(v.typed[0], 'k');
	assert_int_equal(v.meant[0], 'l');
	assert_true(v.last);
	assert_false(v.bitflip);

	/* 'g' 0x67 and 'w' 0x77 differ in one bit. */
	describe("wmail", "gmail", &v);
	assert_int_equal(v.edit, VARIANT_SUBSTITUTION);
	assert_true(v.bitflip);
	assert_true(v.first);

	/* An extra key beside a neighbour of it: "aoil" for "aol". */
	describe("aoil", "aol", &v);
	assert_int_equal(v.edit, VARIANT_INSERTION);
	assert_true(v.near);
	assert_false(v.last);
	describe("gmaxil", "gmail", &v);
	assert_false(v.near);

	describe("stat", "state", &v);
	assert_int_equal(v.edit, VARIANT_OMISSION);
	assert_int_equal(v.meant[0], 'e');
	assert_true(v.last);

	describe("gogle", "google", &v);
	assert_int_equal(v.edit, VARIANT_SINGLED);
	assert_int_equal(v.meant[0], 'o');

	describe("g-mail", "gmail", &v);
	assert_int_equal(v.edit, VARIANT_HYPHEN);
	assert_int_equal(v.typed[0], '-');

	describe("hotmail", "gmail", &v);
	assert_int_equal(v.edit, VARIANT_FAR);
}

static void
test_phrase(void **state)
{
	enum variant_edit e;

	(void)state;
	assert_string_equal(variant_edit_phrase(VARIANT_TRANSPOSITION),
	    "two letters swapped");
	assert_string_equal(variant_edit_phrase(VARIANT_FAR),
	    "more than one letter changed");
	for (e = VARIANT_NONE; e <= VARIANT_FAR; e++) {
		assert_non_null(variant_edit_phrase(e));
		if (e != VARIANT_FAR)
			assert_string_not_equal(variant_edit_phrase(e),
			    variant_edit_phrase(VARIANT_FAR));
	}
}

static void
test_squash(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(variant_squash("g.mail.com", 10, out), 8);
	assert_string_equal(out, "gmailcom");
	assert_int_equal(variant_squash("army-mil.co.uk", 14, out), 11);
	assert_string_equal(out, "armymilcouk");
	assert_int_equal(variant_squash("gmail", 5, out), 5);
	assert_string_equal(out, "gmail");
	assert_int_equal(variant_squash(".-.-", 4, out), 0);
	assert_string_equal(out, "");
	/* Only n bytes are read. */
	memset(out, 'x', sizeof(out));
	assert_int_equal(variant_squash("ab.cd", 3, out), 2);
	assert_string_equal(out, "ab");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edit_classes),
		cmocka_unit_test(test_edit_far),
		cmocka_unit_test(test_edit_edges),
		cmocka_unit_test(test_neighbours),
		cmocka_unit_test(test_describe),
		cmocka_unit_test(test_phrase),
		cmocka_unit_test(test_squash),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
