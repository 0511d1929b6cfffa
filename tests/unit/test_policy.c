/* test_policy.c: block / warn / allow patterns and which one wins. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "policy.h"

#define N(a)	(sizeof(a) / sizeof((a)[0]))

static struct policy *
compile(const char *const *block, size_t nblock, const char *const *warn,
    size_t nwarn, const char *const *allow, size_t nallow)
{
	struct policy *p;
	char *error = NULL;

	p = policy_new(block, nblock, warn, nwarn, allow, nallow, &error);
	if (p == NULL)
		fail_msg("policy_new: %s", error != NULL ? error : "(null)");
	assert_null(error);
	return p;
}

/* policy_new() must refuse one bad block pattern, naming it. */
static void
assert_bad(const char *pattern)
{
	const char *block[] = { "ok.example", pattern };
	struct policy *p;
	char *error = NULL;

	p = policy_new(block, N(block), NULL, 0, NULL, 0, &error);
	if (p != NULL) {
		policy_free(p);
		fail_msg("pattern \"%s\" accepted", pattern);
	}
	assert_non_null(error);
	if (strstr(error, pattern) == NULL)
		fail_msg("error \"%s\" does not name \"%s\"", error, pattern);
	free(error);
}

static void
test_star_tld(void **state)
{
	const char *block[] = { "*.ml" };
	const char *pat = NULL;
	struct policy *p;

	(void)state;
	p = compile(block, N(block), NULL, 0, NULL, 0);
	assert_int_equal(policy_match(p, "army.ml", &pat), POLICY_BLOCK);
	assert_string_equal(pat, "*.ml");
	assert_int_equal(policy_match(p, "a.b.ml", NULL), POLICY_BLOCK);
	assert_int_equal(policy_match(p, "ml", NULL), POLICY_NONE);
	assert_int_equal(policy_match(p, "army.mil", NULL), POLICY_NONE);
	assert_int_equal(policy_match(p, "army.xml", NULL), POLICY_NONE);
	assert_int_equal(policy_match(p, "ml.com", NULL), POLICY_NONE);
	policy_free(p);
}

static void
test_bare_domain(void **state)
{
	const char *warn[] = { "example.com" };
	const char *pat = NULL;
	struct policy *p;

	(void)state;
	p = compile(NULL, 0, warn, N(warn), NULL, 0);
	assert_int_equal(policy_match(p, "example.com", &pat), POLICY_WARN);
	assert_string_equal(pat, "example.com");
	assert_int_equal(policy_match(p, "mail.example.com", NULL),
	    POLICY_WARN);
	assert_int_equal(policy_match(p, "a.b.example.com", NULL),
	    POLICY_WARN);
	assert_int_equal(policy_match(p, "notexample.com", NULL),
	    POLICY_NONE);
	assert_int_equal(policy_match(p, "example.com.au", NULL),
	    POLICY_NONE);
	assert_int_equal(policy_match(p, "example.org", NULL), POLICY_NONE);
	policy_free(p);
}

static void
test_subdomains_only(void **state)
{
	const char *block[] = { "*.example.com" };
	struct policy *p;

	(void)state;
	p = compile(block, N(block), NULL, 0, NULL, 0);
	assert_int_equal(policy_match(p, "example.com", NULL), POLICY_NONE);
	assert_int_equal(policy_match(p, "mail.example.com", NULL),
	    POLICY_BLOCK);
	assert_int_equal(policy_match(p, "a.b.example.com", NULL),
	    POLICY_BLOCK);
	assert_int_equal(policy_match(p, "badexample.com", NULL),
	    POLICY_NONE);
	policy_free(p);
}

static void
test_star(void **state)
{
	const char *warn[] = { "*" };
	const char *allow[] = { "army.mil" };
	const char *pat = NULL;
	struct policy *p;

	(void)state;
	p = compile(NULL, 0, warn, N(warn), allow, N(allow));
	assert_int_equal(policy_match(p, "anything.example", &pat),
	    POLICY_WARN);
	assert_string_equal(pat, "*");
	assert_int_equal(policy_match(p, "localhost", NULL), POLICY_WARN);
	/* Any domain pattern is more specific than "*". */
	assert_int_equal(policy_match(p, "mail.army.mil", &pat),
	    POLICY_ALLOW);
	assert_string_equal(pat, "army.mil");
	policy_free(p);
}

static void
test_most_specific(void **state)
{
	const char *block[] = { "*.ml" };
	const char *allow[] = { "partner.ml" };
	struct policy *p;

	(void)state;
	p = compile(block, N(block), NULL, 0, allow, N(allow));
	assert_int_equal(policy_match(p, "partner.ml", NULL), POLICY_ALLOW);
	assert_int_equal(policy_match(p, "mail.partner.ml", NULL),
	    POLICY_ALLOW);
	assert_int_equal(policy_match(p, "army.ml", NULL), POLICY_BLOCK);
	assert_int_equal(policy_match(p, "xpartner.ml", NULL), POLICY_BLOCK);
	policy_free(p);

	/* The other way round: a block inside an allowed domain. */
	{
		const char *b2[] = { "bad.example.com" };
		const char *a2[] = { "example.com" };

		p = compile(b2, N(b2), NULL, 0, a2, N(a2));
		assert_int_equal(policy_match(p, "x.bad.example.com", NULL),
		    POLICY_BLOCK);
		assert_int_equal(policy_match(p, "good.example.com", NULL),
		    POLICY_ALLOW);
		policy_free(p);
	}
}

static void
test_tie(void **state)
{
	const char *block[] = { "example.com" };
	const char *warn[] = { "example.com", "example.org" };
	const char *allow[] = { "example.com", "example.org", "example.net" };
	const char *pat = NULL;
	struct policy *p;

	(void)state;
	p = compile(block, N(block), warn, N(warn), allow, N(allow));
	assert_int_equal(policy_match(p, "example.com", NULL), POLICY_BLOCK);
	assert_int_equal(policy_match(p, "a.example.com", NULL),
	    POLICY_BLOCK);
	assert_int_equal(policy_match(p, "example.org", NULL), POLICY_WARN);
	assert_int_equal(policy_match(p, "example.net", &pat), POLICY_ALLOW);
	assert_string_equal(pat, "example.net");
	policy_free(p);

	/* The order of the lists does not matter: allow given first. */
	p = compile(NULL, 0, NULL, 0, allow, N(allow));
	assert_int_equal(policy_match(p, "example.com", NULL), POLICY_ALLOW);
	policy_free(p);

	/* "*.d" and "d" are as specific on a subdomain: block wins. */
	{
		const char *b2[] = { "*.example.com" };
		const char *a2[] = { "example.com" };

		p = compile(b2, N(b2), NULL, 0, a2, N(a2));
		assert_int_equal(policy_match(p, "a.example.com", NULL),
		    POLICY_BLOCK);
		assert_int_equal(policy_match(p, "example.com", NULL),
		    POLICY_ALLOW);
		policy_free(p);
	}
}

static void
test_normalized_patterns(void **state)
{
	const char *block[] = { "*.ML", "Ex\xc3\xa4mple.DE" };
	const char *pat = NULL;
	struct policy *p;

	(void)state;
	p = compile(block, N(block), NULL, 0, NULL, 0);
	assert_int_equal(policy_match(p, "army.ml", &pat), POLICY_BLOCK);
	assert_string_equal(pat, "*.ML");
	/* Domains are matched in their A-label form. */
	assert_int_equal(policy_match(p, "mail.xn--exmple-cua.de", &pat),
	    POLICY_BLOCK);
	assert_string_equal(pat, "Ex\xc3\xa4mple.DE");
	assert_int_equal(policy_match(p, "example.de", NULL), POLICY_NONE);
	policy_free(p);
}

static void
test_empty(void **state)
{
	struct policy *p;
	const char *pat = "unchanged";

	(void)state;
	p = compile(NULL, 0, NULL, 0, NULL, 0);
	assert_int_equal(policy_match(p, "army.ml", &pat), POLICY_NONE);
	assert_string_equal(pat, "unchanged");
	policy_free(p);
	policy_free(NULL);
}

static void
test_bad_patterns(void **state)
{
	(void)state;
	assert_bad("a*b.com");
	assert_bad("*.");
	assert_bad("ex ample.com");
	assert_bad("");
	assert_bad("**.com");
	assert_bad("*.*.com");
	assert_bad("example.*");
	assert_bad(".example.com");
	assert_bad("example..com");
	assert_bad("under_score.com");
	assert_bad("1.2.3.4");
}

static void
test_bad_in_every_list(void **state)
{
	const char *good[] = { "example.com" };
	const char *bad[] = { "a*b.com" };
	struct policy *p;
	char *error = NULL;

	(void)state;
	p = policy_new(good, 1, bad, 1, good, 1, &error);
	assert_null(p);
	assert_non_null(strstr(error, "a*b.com"));
	free(error);
	error = NULL;
	p = policy_new(good, 1, good, 1, bad, 1, &error);
	assert_null(p);
	assert_non_null(strstr(error, "a*b.com"));
	free(error);
}

/* An address literal is no pattern (and, under make asan, no leak). */
static void
test_bad_literal(void **state)
{
	(void)state;
	assert_bad("[1.2.3.4]");
	assert_bad("*.[1.2.3.4]");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_star_tld),
		cmocka_unit_test(test_bare_domain),
		cmocka_unit_test(test_subdomains_only),
		cmocka_unit_test(test_star),
		cmocka_unit_test(test_most_specific),
		cmocka_unit_test(test_tie),
		cmocka_unit_test(test_normalized_patterns),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_bad_patterns),
		cmocka_unit_test(test_bad_in_every_list),
		cmocka_unit_test(test_bad_literal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
