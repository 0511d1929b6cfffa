/* test_domain.c: domain_normalize() and the helpers of domain.h. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common.h"
#include "domain.h"

/* Normalizes s, which must succeed. */
static void
norm(const char *s, struct domain *d)
{
	char *error = NULL;

	if (domain_normalize(s, d, &error) != 0)
		fail_msg("\"%s\": unexpected error: %s", s,
		    error != NULL ? error : "(null)");
	assert_null(error);
	assert_non_null(d->ascii);
	assert_non_null(d->unicode);
}

/* Normalizes s, which must fail with a reason containing want. */
static void
assert_bad(const char *s, const char *want)
{
	struct domain d;
	char *error = NULL;

	if (domain_normalize(s, &d, &error) == 0) {
		print_error("\"%s\" accepted as \"%s\"\n", s, d.ascii);
		domain_free(&d);
		fail();
	}
	assert_non_null(error);
	if (want != NULL && strstr(error, want) == NULL)
		fail_msg("\"%s\": error \"%s\" lacks \"%s\"", s, error, want);
	/* Nothing is left for the caller to free. */
	assert_null(d.ascii);
	assert_null(d.unicode);
	assert_null(d.reg);
	free(error);
}

static void
test_lowercase(void **state)
{
	struct domain d;

	(void)state;
	norm("ARMY.Mil", &d);
	assert_string_equal(d.ascii, "army.mil");
	assert_string_equal(d.unicode, "army.mil");
	assert_string_equal(d.reg, "army.mil");
	assert_string_equal(d.reg_unicode, "army.mil");
	assert_int_equal(d.namelen, 4);
	assert_int_equal(d.idn, 0);
	assert_int_equal(d.literal, 0);
	domain_free(&d);
	assert_null(d.ascii);
}

static void
test_idn(void **state)
{
	static const char *const forms[] = {
		"ex\xc3\xa4mple.de",		/* exämple.de */
		"EX\xc3\x84MPLE.DE",		/* EXÄMPLE.DE */
		"Ex\xc3\xa4mple.De",
		"xn--exmple-cua.de",		/* the A-label itself */
		"XN--EXMPLE-CUA.DE",
		"exa\xcc\x88mple.de",		/* a + combining diaeresis */
	};
	struct domain d;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		norm(forms[i], &d);
		assert_string_equal(d.ascii, "xn--exmple-cua.de");
		assert_string_equal(d.unicode, "ex\xc3\xa4mple.de");
		assert_string_equal(d.reg, "xn--exmple-cua.de");
		assert_string_equal(d.reg_unicode, "ex\xc3\xa4mple.de");
		assert_int_equal(d.namelen, strlen("xn--exmple-cua"));
		assert_int_equal(d.idn, 1);
		domain_free(&d);
	}
}

static void
test_idn_dots(void **state)
{
	struct domain d;

	(void)state;
	/* Full-width and ideographic full stops are dots. */
	norm("example\xef\xbc\x8e" "com", &d);
	assert_string_equal(d.ascii, "example.com");
	domain_free(&d);
	norm("example\xe3\x80\x82" "com", &d);
	assert_string_equal(d.ascii, "example.com");
	domain_free(&d);
	/* ... and two of them are still an empty label. */
	assert_bad("example\xef\xbc\x8e\xef\xbc\x8e" "com", "dot");
	assert_bad("example.com\xef\xbc\x8e\xe3\x80\x82", "dot");
	/* One at the end is the root's, as an ASCII one (issue 12). */
	norm("example.com\xef\xbc\x8e", &d);
	assert_string_equal(d.ascii, "example.com");
	domain_free(&d);
	norm("example.com\xe3\x80\x82", &d);
	assert_string_equal(d.ascii, "example.com");
	domain_free(&d);
}

static void
test_registrable(void **state)
{
	struct domain d;

	(void)state;
	norm("mail.army.mil", &d);
	assert_string_equal(d.ascii, "mail.army.mil");
	assert_string_equal(d.reg, "army.mil");
	assert_int_equal(d.namelen, 4);
	domain_free(&d);

	norm("bbc.co.uk", &d);
	assert_string_equal(d.reg, "bbc.co.uk");
	assert_int_equal(d.namelen, 3);
	domain_free(&d);

	norm("news.BBC.co.uk", &d);
	assert_string_equal(d.reg, "bbc.co.uk");
	assert_int_equal(d.namelen, 3);
	domain_free(&d);

	norm("us.af.mil", &d);
	assert_string_equal(d.reg, "af.mil");
	assert_int_equal(d.namelen, 2);
	domain_free(&d);
}

static void
test_no_registrable(void **state)
{
	static const char *const v[] = { "localhost", "co.uk", "com", "ml" };
	struct domain d;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		norm(v[i], &d);
		assert_string_equal(d.ascii, v[i]);
		assert_null(d.reg);
		assert_null(d.reg_unicode);
		assert_int_equal(d.namelen, 0);
		domain_free(&d);
	}
}

static void
test_literal(void **state)
{
	struct domain d;

	(void)state;
	norm("[1.2.3.4]", &d);
	assert_int_equal(d.literal, 1);
	assert_string_equal(d.ascii, "[1.2.3.4]");
	assert_null(d.reg);
	domain_free(&d);
}

static void
test_errors(void **state)
{
	(void)state;
	assert_bad("", "empty");
	assert_bad("a..b", "two dots");
	/* One trailing dot is the root's (example.com. is example.com);
	 * two are not. */
	assert_bad("example.com..", "dot");
	assert_bad(".", "dot");
	assert_bad(".example.com", "starts with a dot");
	assert_bad("a_b.com", "underscore");
	assert_bad("ex ample.com", "space");
	assert_bad("exa!mple.com", NULL);
	assert_bad("1.2.3.4", "number");
	assert_bad("example.123", "number");
	assert_bad("-ab.com", "hyphen");
	assert_bad("ab-.com", "hyphen");
	assert_bad("a.-b.com", "hyphen");
	assert_bad("ex\xff" "ample.com", "UTF-8");
	assert_bad("ex\xc3\xa4_mple.de", NULL);
	assert_bad("xn--zz.de", "international");
}

static void
test_lengths(void **state)
{
	struct domain d;
	char *s, label[70];

	(void)state;
	memset(label, 'a', 64);
	label[64] = '\0';
	s = xasprintf("%s.com", label);
	assert_bad(s, "63");
	free(s);
	label[63] = '\0';
	s = xasprintf("%s.com", label);
	norm(s, &d);
	assert_int_equal(d.namelen, 63);
	domain_free(&d);
	free(s);

	/* 253 characters in all: 3 x 63 + 61 + 3 dots. */
	s = xasprintf("%s.%s.%s.%.57s.com", label, label, label, label);
	assert_int_equal(strlen(s), DOMAIN_MAX);
	norm(s, &d);
	domain_free(&d);
	free(s);
	s = xasprintf("%s.%s.%s.%.58s.com", label, label, label, label);
	assert_int_equal(strlen(s), DOMAIN_MAX + 1);
	assert_bad(s, "253");
	free(s);

	/* Far too long, and long only once encoded. */
	s = xmalloc(5000);
	memset(s, 'a', 4999);
	s[4999] = '\0';
	assert_bad(s, NULL);
	free(s);
	s = xasprintf("%.60s\xc3\xa4.%.60s\xc3\xa4.%.60s\xc3\xa4.%.60s\xc3\xa4"
	    ".de", label, label, label, label);
	assert_bad(s, NULL);
	free(s);
}

static void
test_check_ascii(void **state)
{
	(void)state;
	assert_null(domain_check_ascii("army.mil", 8));
	assert_null(domain_check_ascii("xn--exmple-cua.de", 17));
	assert_null(domain_check_ascii("a-b.c0m", 7));
	assert_non_null(domain_check_ascii("", 0));
	assert_non_null(domain_check_ascii("Army.mil", 8));
	assert_non_null(domain_check_ascii("a..b", 4));
	assert_non_null(domain_check_ascii("a.", 2));
	assert_non_null(domain_check_ascii("1.2.3.4", 7));
	assert_non_null(domain_check_ascii("a_b.com", 7));
	/* Only n bytes are looked at. */
	assert_null(domain_check_ascii("army.mil_x", 8));
}

static void
test_helpers(void **state)
{
	char *u;

	(void)state;
	assert_string_equal(domain_registrable("mail.army.mil"), "army.mil");
	assert_string_equal(domain_registrable("bbc.co.uk"), "bbc.co.uk");
	assert_null(domain_registrable("co.uk"));
	assert_null(domain_registrable("localhost"));
	assert_string_equal(domain_tld("a.b.ml"), "ml");
	assert_string_equal(domain_tld("localhost"), "localhost");

	u = domain_to_unicode("xn--exmple-cua.de");
	assert_string_equal(u, "ex\xc3\xa4mple.de");
	free(u);
	u = domain_to_unicode("army.mil");
	assert_string_equal(u, "army.mil");
	free(u);
	/* A broken A-label is given back as it is. */
	u = domain_to_unicode("xn--zz.de");
	assert_string_equal(u, "xn--zz.de");
	free(u);
}

/* An A-label must decode to a valid U-label, as typed Unicode must. */
static void
test_bad_alabel(void **state)
{
	(void)state;
	assert_bad("xn--a.de", "international");
	assert_bad("xn--a.de", "international");	/* U+0080, a C1 control */
	assert_bad("xn--zz-.de", "hyphen");		/* not even LDH */
	assert_bad("xn--.de", "hyphen");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lowercase),
		cmocka_unit_test(test_idn),
		cmocka_unit_test(test_idn_dots),
		cmocka_unit_test(test_registrable),
		cmocka_unit_test(test_no_registrable),
		cmocka_unit_test(test_literal),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_check_ascii),
		cmocka_unit_test(test_helpers),
		cmocka_unit_test(test_bad_alabel),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
