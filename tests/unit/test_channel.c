/*
 * test_channel.c: the noisy channel's figures (channel.c, weight.c): the
 * order of the slips' probabilities, the suffix slips, the prior of an
 * unlisted domain, and the weights of the user's history and lists.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>

#include <cmocka.h>

#include "channel.h"
#include "guard.h"
#include "trap.h"
#include "variant.h"
#include "weight.h"

static int
p(const char *typed, const char *meant)
{
	struct variant v;

	variant_describe(typed, strlen(typed), meant, strlen(meant), &v);
	return channel_edit(&v, strlen(meant));
}

/* Likelier slips weigh more: a double letter typed once most of all. */
static void
test_edit_order(void **state)
{
	(void)state;
	assert_true(p("gogle", "google") > p("gmial", "gmail"));
	assert_int_equal(p("gmial", "gmail"), p("gmal", "gmail"));
	assert_true(p("gmal", "gmail") > p("gmaik", "gmail"));
	/* The first letter seldom slips; a swap of it is still a swap. */
	assert_true(p("hmail", "gmail") < p("gmaik", "gmail"));
	assert_int_equal(p("mgail", "gmail"), p("gmial", "gmail"));
	/* An extra key next to its neighbour, then one at the end, then
	 * one anywhere. */
	assert_true(p("aoil", "aol") > p("gmaila", "gmail"));
	assert_true(p("gmaila", "gmail") > p("gmaxil", "gmail"));
	/* A letter read as another is likelier than a bit flip, which is
	 * likelier than any other letter. */
	assert_true(p("gmall", "gmail") > p("gmahl", "gmail"));
	assert_true(p("gmahl", "gmail") > p("gmaxl", "gmail"));
	/* A hyphen put in (pay-pal) is how look-alikes are made; one left
	 * out (cocacola) is how people write. */
	assert_true(p("pay-pal", "paypal") > p("cocacola", "coca-cola"));
	assert_int_equal(p("hotmail", "gmail"), CHANNEL_NOWHERE);
}

static int
tld(const char *typed, const char *meant, const char **what)
{
	const struct trap *t;
	int r = channel_tld(typed, meant, &t);

	*what = t != NULL ? t->typed : NULL;
	return r;
}

static void
test_tld(void **state)
{
	const char *trap;

	(void)state;
	/* The trap table gives the likeliest: .ml for .mil above all. */
	assert_true(tld("ml", "mil", &trap) < 0);
	assert_string_equal(trap, "ml");
	assert_true(tld("ml", "mil", &trap) > tld("cm", "com", &trap));
	/* One slip into a TLD that does not exist: surely a slip. */
	assert_true(tld("ed", "de", &trap) < 0);
	assert_true(tld("d", "de", &trap) < 0);
	assert_true(tld("rf", "fr", &trap) < 0);
	assert_null(trap);
	/* Into a real TLD: far less likely; another TLD altogether, less. */
	assert_true(tld("dk", "de", &trap) < tld("dx", "de", &trap));
	assert_true(tld("jp", "com", &trap) < tld("dk", "de", &trap));
	/* A label left out, in the middle or at the end; one added. */
	assert_true(tld("com", "com.br", &trap) < 0);
	assert_true(tld("jp", "co.jp", &trap) < 0);
	assert_true(tld("com.br", "com", &trap) < 0);
	assert_true(tld("gov.ik", "gov.uk", &trap) < 0);
	/* Not slips. */
	assert_int_equal(tld("com", "com", &trap), 1);
	assert_int_equal(tld("co.uk", "com", &trap), 1);
	assert_int_equal(tld("org.au", "com.br", &trap), 1);
}

static void
test_prior(void **state)
{
	(void)state;
	assert_int_equal(channel_prior("example.com", "example.com", 7),
	    -100);
	assert_int_equal(channel_prior("xy.com", "xy.com", 2), -100);
	/* .mil is listed almost whole. */
	assert_true(channel_prior("amy.mil", "amy.mil", 3) < -100);
	assert_true(channel_prior("x.mil.br", "x.mil.br", 1) < -100);
	/* A TLD that does not exist is never meant. */
	assert_int_equal(channel_prior("gmx.ed", "gmx.ed", 3),
	    CHANNEL_NOWHERE);
	assert_int_equal(channel_prior("t-online.d", "t-online.d", 8),
	    CHANNEL_NOWHERE);
}

static void
test_weights(void **state)
{
	(void)state;
	/* The user's world above what is shipped, the list below it. */
	assert_true(weight_source(GUARD_SRC_ORG) >
	    weight_source(GUARD_SRC_CONTACT));
	assert_true(weight_source(GUARD_SRC_CONTACT) >
	    weight_source(GUARD_SRC_BUILTIN));
	assert_true(weight_source(GUARD_SRC_BUILTIN) >
	    weight_source(GUARD_SRC_FILE));
	/* A long known_domains list: each of its domains weighs less. */
	assert_int_equal(weight_list(GUARD_SRC_FILE, 100),
	    weight_source(GUARD_SRC_FILE));
	assert_int_equal(weight_list(GUARD_SRC_FILE, 1000000),
	    weight_source(GUARD_SRC_FILE) - 30);
	assert_int_equal(weight_list(GUARD_SRC_BUILTIN, 1000000),
	    weight_source(GUARD_SRC_BUILTIN));
	/* The history: often and lately weigh more, within bounds. */
	assert_int_equal(weight_history(1, 0), -15);
	assert_true(weight_history(10, 0) > weight_history(1, 0));
	assert_true(weight_history(1, 365) < weight_history(1, 0));
	assert_int_equal(weight_history(1, 5000), weight_history(1, 730));
	assert_true(weight_history(1000000, 0) <= -8);
	/* log10 in tenths, clamped. */
	assert_int_equal(weight_log10(-0.44), -4);
	assert_int_equal(weight_log10(0.5), 0);
	assert_int_equal(weight_log10(-99.0), WEIGHT_MIN);
	assert_int_equal(weight_store(-37), 37);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edit_order),
		cmocka_unit_test(test_tld),
		cmocka_unit_test(test_prior),
		cmocka_unit_test(test_weights),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
