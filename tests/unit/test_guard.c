/* test_guard.c: the whole guard, from a recipient field to its verdicts. */
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
#define LIST(a)	((struct guard_list){ (a), N(a) })

static const char *const org[] = { "army.mil" };
/* What the tests need known, so they do not depend on domains.txt. */
static const char *const known[] = {
	"gmail.com", "ymail.com", "me.com", "mac.com", "bt.com", "mail.com",
	"paypal.com", "microsoft.com", "af.mil", "raytheon.com",
};

/* The data most tests use: army.mil as org, the list above, built-ins. */
static struct guard_data
base_data(void)
{
	struct guard_data d;

	memset(&d, 0, sizeof(d));
	d.org_domains = LIST(org);
	d.known = LIST(known);
	return d;
}

static struct guard *
make(const struct guard_data *d)
{
	struct guard *g = NULL;
	char *error = NULL;

	if (guard_new(d, &g, &error) != 0)
		fail_msg("guard_new: %s", error != NULL ? error : "(null)");
	assert_non_null(g);
	return g;
}

static int
setup(void **state)
{
	struct guard_data d = base_data();

	*state = make(&d);
	return 0;
}

static int
teardown(void **state)
{
	guard_free(*state);
	return 0;
}

/* Checks a field that must give exactly one verdict. */
static const struct guard_verdict *
check1(const struct guard *g, const char *field, struct guard_report *r)
{
	guard_report_init(r);
	guard_check(g, field, r);
	if (r->nverdicts != 1)
		fail_msg("\"%s\": %zu verdicts", field, r->nverdicts);
	assert_int_equal(r->severity, r->verdicts[0].severity);
	return &r->verdicts[0];
}

/* Asserts that each field of a NULL-terminated list passes cleanly. */
static void __attribute__((sentinel))
expect_ok(const struct guard *g, ...)
{
	struct guard_report r;
	const struct guard_verdict *v;
	const char *field;
	va_list ap;

	va_start(ap, g);
	while ((field = va_arg(ap, const char *)) != NULL) {
		v = check1(g, field, &r);
		if (v->nfindings != 0)
			fail_msg("\"%s\": unexpected %s: %s", field,
			    guard_code_name(v->findings[0].code),
			    v->findings[0].reason);
		assert_int_equal(r.severity, GUARD_OK);
		guard_report_free(&r);
	}
	va_end(ap);
}

/*
 * Asserts exactly one finding of a code, at a severity, suggesting
 * suggestion (or none if NULL); its reason must contain reason if given.
 */
static void
expect(const struct guard *g, const char *field, enum guard_code code,
    enum guard_severity sev, const char *suggestion, const char *reason)
{
	struct guard_report r;
	const struct guard_verdict *v = check1(g, field, &r);
	const struct guard_finding *f;

	if (v->nfindings != 1)
		fail_msg("\"%s\": %zu findings, wanted one %s", field,
		    v->nfindings, guard_code_name(code));
	f = &v->findings[0];
	if (f->code != code)
		fail_msg("\"%s\": %s (%s), wanted %s", field,
		    guard_code_name(f->code), f->reason, guard_code_name(code));
	assert_int_equal(f->severity, sev);
	assert_int_equal(v->severity, sev);
	assert_int_equal(r.severity, sev);
	if ((suggestion == NULL) != (f->suggestion == NULL) ||
	    (suggestion != NULL && strcmp(suggestion, f->suggestion) != 0))
		fail_msg("\"%s\": suggestion %s, wanted %s", field,
		    f->suggestion != NULL ? f->suggestion : "(none)",
		    suggestion != NULL ? suggestion : "(none)");
	if (reason != NULL && strstr(f->reason, reason) == NULL)
		fail_msg("\"%s\": reason \"%s\" lacks \"%s\"", field,
		    f->reason, reason);
	guard_report_free(&r);
}

#define expect_lookalike(g, field, suggestion) \
	expect((g), (field), GUARD_LOOKALIKE, GUARD_WARN, (suggestion), NULL)

static void
test_tld_trap(void **state)
{
	const struct guard *g = *state;
	struct guard_report r;
	const struct guard_verdict *v;

	expect(g, "john@army.ml", GUARD_TLD_TRAP, GUARD_WARN, "army.mil",
	    "Mali");
	v = check1(g, "John <John@ARMY.ML>", &r);
	assert_string_equal(v->address, "John@ARMY.ML");
	assert_string_equal(v->name, "John");
	assert_string_equal(v->domain_ascii, "army.ml");
	assert_string_equal(v->findings[0].suggestion, "army.mil");
	guard_report_free(&r);

	/* The host part is kept; af.mil is known, us.af.mil is meant. */
	expect(g, "x@us.af.ml", GUARD_TLD_TRAP, GUARD_WARN, "us.af.mil",
	    NULL);
	expect(g, "a@gmail.co", GUARD_TLD_TRAP, GUARD_WARN, "gmail.com",
	    NULL);
	expect(g, "a@gmail.cm", GUARD_TLD_TRAP, GUARD_WARN, "gmail.com",
	    NULL);
	expect(g, "a@army.il", GUARD_TLD_TRAP, GUARD_WARN, "army.mil",
	    NULL);
}

static void
test_tld_no_trap(void **state)
{
	const struct guard *g = *state;

	/* orange.mil is not known: .ml is just a TLD here. */
	expect_ok(g, "b@orange.ml", "b@qzxv-unlisted.co", "j@army.mil",
	    NULL);
}

static void
test_typos(void **state)
{
	static const char *const cases[][2] = {
		{ "a@gmial.com", "gmail.com" },		/* swapped */
		{ "a@gmal.com", "gmail.com" },		/* left out */
		{ "a@gmaail.com", "gmail.com" },	/* typed twice */
		{ "a@gmsil.com", "gmail.com" },		/* neighbour key */
		{ "a@GMIAL.COM", "gmail.com" },
		{ "a@raytheom.com", "raytheon.com" },
		{ "a@g.mail.com", "gmail.com" },	/* a dot added */
		{ "a@g-mail.com", "gmail.com" },
		{ "a@armymil.com", "army.mil" },	/* a dot left out */
	};
	const struct guard *g = *state;
	size_t i;

	for (i = 0; i < N(cases); i++)
		expect_lookalike(g, cases[i][0], cases[i][1]);
	expect(g, "a@gmial.com", GUARD_LOOKALIKE, GUARD_WARN, "gmail.com",
	    "swapped");
}

static void
test_homograph(void **state)
{
	const struct guard *g = *state;
	struct guard_report r;
	const struct guard_verdict *v;

	/* p + Cyrillic a (U+0430) + ypal.com */
	expect(g, "a@p\xd0\xb0ypal.com", GUARD_HOMOGRAPH, GUARD_WARN,
	    "paypal.com", "paypal.com");
	v = check1(g, "a@p\xd0\xb0ypal.com", &r);
	assert_string_equal(v->domain, "p\xd0\xb0ypal.com");
	assert_string_equal(v->domain_ascii, "xn--pypal-4ve.com");
	guard_report_free(&r);

	/* The ASCII look-alikes TR39 leaves out. */
	expect_lookalike(g, "a@rnicrosoft.com", "microsoft.com");
	expect_lookalike(g, "a@paypa1.com", "paypal.com");
}

static void
test_short_known(void **state)
{
	const struct guard *g = *state;

	/* Known short domains that sit one letter from each other. */
	expect_ok(g, "a@ymail.com", "a@me.com", "a@mac.com", "a@bt.com",
	    "a@mail.com", "a@gmail.com", NULL);
}

static void
test_short_unknown(void **state)
{
	struct guard_data d = base_data();
	const char *const few[] = { "gmail.com", "mail.com" };
	struct guard *g;

	(void)state;
	d.known = LIST(few);
	d.no_builtin = 1;
	g = make(&d);
	/* Two slips from a short name are too far to say. */
	expect_ok(g, "a@ma.com", "a@gmx.com", NULL);
	/* One letter read as another (l for i) is a near miss at any length:
	 * mall.com is not known to be real. */
	expect(g, "a@mall.com", GUARD_LOOKALIKE, GUARD_WARN, "mail.com",
	    "\"l\" for \"i\"");
	guard_free(g);
}

static void
test_subdomain(void **state)
{
	const struct guard *g = *state;

	expect_lookalike(g, "a@smtp.gmial.com", "smtp.gmail.com");
	expect_ok(g, "a@mail.army.mil", "a@a.b.army.mil", NULL);
	expect(g, "a@mail.army.ml", GUARD_TLD_TRAP, GUARD_WARN,
	    "mail.army.mil", NULL);
}

/*
 * Known domains of comparable weight never accuse each other; a domain
 * that is only in a list (a typo registration, say) is still a near miss
 * of a far heavier one.
 */
static void
test_known_weights(void **state)
{
	const char *const listed[] = {
		"gmal.com", "gmial.com", "hotmial.com", "yaho.com",
		"paypa1.com", "rnicrosoft.com",
	};
	const char *const comparable[] = {
		"gmail.com", "ymail.com", "me.com", "mac.com", "bt.com",
		"mail.com", "microsoft.com", "af.mil", "army.mil",
	};
	struct guard_data d = base_data();
	struct guard *g;
	char field[64];
	size_t i;

	(void)state;
	d.known = LIST(listed);
	g = make(&d);
	for (i = 0; i < N(comparable); i++) {
		snprintf(field, sizeof(field), "x@%s", comparable[i]);
		expect_ok(g, field, NULL);
	}
	expect_lookalike(g, "x@gmal.com", "gmail.com");
	expect_lookalike(g, "x@gmial.com", "gmail.com");
	expect_lookalike(g, "x@hotmial.com", "hotmail.com");
	expect_lookalike(g, "x@yaho.com", "yahoo.com");
	/* The organisation's own list weighs about as much as a well-known
	 * company: what it lists is meant. */
	expect_ok(g, "x@paypa1.com", "x@rnicrosoft.com", NULL);
	guard_free(g);
}

/* Two known domains that differ only by a hyphen. */
static void
test_known_hyphen_pair(void **state)
{
	const char *const pair[] = { "email.com", "e-mail.com" };
	struct guard_data d = base_data();
	struct guard *g;

	(void)state;
	d.known = LIST(pair);
	g = make(&d);
	expect_ok(g, "x@email.com", "x@e-mail.com", NULL);
	guard_free(g);
}

static void
test_policy(void **state)
{
	const char *const block[] = { "*.ml" };
	const char *const warn[] = { "example.org" };
	const char *const allow[] = { "gmial.com" };
	struct guard_data d = base_data();
	struct guard *g;

	(void)state;
	d.block = LIST(block);
	d.warn = LIST(warn);
	d.allow = LIST(allow);
	g = make(&d);
	/* Block goes before the trap. */
	expect(g, "john@army.ml", GUARD_POLICY_BLOCK, GUARD_BLOCK, NULL,
	    "*.ml");
	expect(g, "a@x.example.org", GUARD_POLICY_WARN, GUARD_WARN, NULL,
	    "example.org");
	expect_ok(g, "a@gmial.com", NULL);
	expect_lookalike(g, "a@gmal.com", "gmail.com");
	guard_free(g);
}

static void
test_trusted_permits(void **state)
{
	const char *const t[] = { "gmial.com" };
	const char *const p[] = { "gmal.com", "mail.gmaail.com" };
	struct guard_data d = base_data();
	struct guard *g;

	(void)state;
	d.trusted = LIST(t);
	d.permits = LIST(p);
	g = make(&d);
	expect_ok(g, "a@gmial.com", "a@smtp.gmial.com", "a@gmal.com",
	    "a@mail.gmaail.com", NULL);
	/* A permit is for that domain, not for its neighbours. */
	expect_lookalike(g, "a@gmaail.com", "gmail.com");
	expect_lookalike(g, "a@gmsil.com", "gmail.com");
	guard_free(g);
}

static void
test_syntax(void **state)
{
	const struct guard *g = *state;
	struct guard_report r;
	const struct guard_verdict *v;

	static const char *const bad[] = {
		"john@@army.mil", "john", "a@b..c", "a@exa_mple.com",
		"a@1.2.3.4", "a@b.c\r\n",
	};
	size_t i;

	for (i = 0; i < N(bad); i++)
		expect(g, bad[i], GUARD_SYNTAX, GUARD_BLOCK, NULL, NULL);
	expect(g, "john@army.ml jane@navy.mil", GUARD_SYNTAX, GUARD_BLOCK,
	    NULL, "comma");
	v = check1(g, "\"Doe, John <john@army.ml>", &r);
	assert_null(v->address);
	assert_null(v->domain);
	assert_int_equal(v->findings[0].code, GUARD_SYNTAX);
	guard_report_free(&r);
	/* An address literal is not looked at further. */
	expect_ok(g, "a@[127.0.0.1]", NULL);
}

/* guard_new() must fail with a message naming the bad value. */
static void
assert_new_fails(const struct guard_data *d, const char *bad)
{
	struct guard *g = NULL;
	char *error = NULL;

	assert_int_equal(guard_new(d, &g, &error), -1);
	assert_non_null(error);
	if (strstr(error, bad) == NULL)
		fail_msg("error \"%s\" does not name \"%s\"", error, bad);
	free(error);
}

static void
test_new_errors(void **state)
{
	const char *const bad[] = { "a*b.com" };
	const char *const badorg[] = { "army..mil" };
	struct guard_data d = base_data();

	(void)state;
	d.block = LIST(bad);
	assert_new_fails(&d, "a*b.com");
	d = base_data();
	d.warn = LIST(bad);
	assert_new_fails(&d, "a*b.com");
	d = base_data();
	d.org_domains = LIST(badorg);
	assert_new_fails(&d, "army..mil");
}

static void
test_report(void **state)
{
	const struct guard *g = *state;
	struct guard_report r;

	guard_report_init(&r);
	guard_check(g, "a@gmail.com, \"Doe, John\" <john@army.ml>", &r);
	assert_int_equal(r.nverdicts, 2);
	assert_int_equal(r.verdicts[0].severity, GUARD_OK);
	assert_int_equal(r.verdicts[1].severity, GUARD_WARN);
	assert_string_equal(r.verdicts[1].name, "Doe, John");
	assert_int_equal(r.severity, GUARD_WARN);
	/* A second field appends to the same report. */
	guard_check(g, "Team: b@gmail.com, bogus;", &r);
	assert_int_equal(r.nverdicts, 4);
	assert_string_equal(r.verdicts[2].group, "Team");
	assert_int_equal(r.verdicts[3].severity, GUARD_BLOCK);
	assert_int_equal(r.severity, GUARD_BLOCK);
	guard_check(g, "c@gmail.com", &r);
	assert_int_equal(r.severity, GUARD_BLOCK);
	guard_report_free(&r);

	guard_report_init(&r);
	guard_check(g, "", &r);
	assert_int_equal(r.nverdicts, 0);
	assert_int_equal(r.severity, GUARD_OK);
	guard_report_free(&r);
}

static void
test_check_domain(void **state)
{
	const struct guard *g = *state;
	struct guard_verdict v;

	guard_check_domain(g, "gmial.com", &v);
	assert_int_equal(v.nfindings, 1);
	assert_int_equal(v.findings[0].code, GUARD_LOOKALIKE);
	assert_string_equal(v.findings[0].suggestion, "gmail.com");
	guard_verdict_free(&v);
	guard_check_domain(g, "bad..domain", &v);
	assert_int_equal(v.severity, GUARD_BLOCK);
	guard_verdict_free(&v);
}

/* A field whose verdicts must not change with where the index came from. */
static const char sample[] = "a@gmial.com, a@gmail.com, john@army.ml, "
    "a@gmail.co, a@smtp.gmial.com, a@armymil.com, a@p\xd0\xb0ypal.com, "
    "a@paypa1.com, a@mail.army.mil, a@orange.ml, bogus";

static const char *const listed[] = {
	"mail.army.mil", "army.mil", "gmail.com", "GMAIL.COM", "paypal.com",
	" microsoft.com ", "bad..domain", "localhost", "co.uk",
};

static void
assert_same_verdicts(const struct guard *a, const struct guard *b)
{
	struct guard_report ra, rb;
	const struct guard_finding *fa, *fb;
	size_t i, k;

	guard_report_init(&ra);
	guard_report_init(&rb);
	guard_check(a, sample, &ra);
	guard_check(b, sample, &rb);
	assert_int_equal(ra.nverdicts, 11);
	assert_int_equal(rb.nverdicts, 11);
	assert_int_equal(ra.severity, rb.severity);
	for (i = 0; i < ra.nverdicts; i++) {
		assert_int_equal(ra.verdicts[i].nfindings,
		    rb.verdicts[i].nfindings);
		for (k = 0; k < ra.verdicts[i].nfindings; k++) {
			fa = &ra.verdicts[i].findings[k];
			fb = &rb.verdicts[i].findings[k];
			assert_int_equal(fa->code, fb->code);
			assert_string_equal(fa->reason, fb->reason);
			assert_string_equal(fa->suggestion != NULL ?
			    fa->suggestion : "-", fb->suggestion != NULL ?
			    fb->suggestion : "-");
		}
	}
	guard_report_free(&ra);
	guard_report_free(&rb);
}

static void
test_index(void **state)
{
	struct guard_index *built, *mapped;
	struct guard_data d;
	struct guard *g1, *g2;
	void *bytes, *again;
	size_t len, len2, skipped = 99;
	char *error = NULL;

	(void)state;
	assert_int_equal(guard_index_build(listed, N(listed),
	    GUARD_SRC_BUILTIN, &skipped, &built, &error), 0);
	assert_null(error);
	/* mail.army.mil and army.mil are one, GMAIL.COM is gmail.com. */
	assert_int_equal(guard_index_count(built), 4);
	assert_int_equal(skipped, 3);

	guard_index_bytes(built, &bytes, &len);
	assert_true(len > 0);
	assert_int_equal(guard_index_from_bytes(bytes, len, &mapped,
	    &error), 0);
	assert_null(error);
	assert_int_equal(guard_index_count(mapped), 4);
	guard_index_bytes(mapped, &again, &len2);
	assert_int_equal(len2, len);
	assert_memory_equal(again, bytes, len);
	free(again);

	/* Only the index knows the domains. */
	memset(&d, 0, sizeof(d));
	d.no_builtin = 1;
	d.known_index = built;
	g1 = make(&d);
	d.known_index = mapped;
	g2 = make(&d);
	expect_lookalike(g1, "a@gmial.com", "gmail.com");
	expect(g1, "john@army.ml", GUARD_TLD_TRAP, GUARD_WARN, "army.mil",
	    "Mali");
	expect(g2, "a@p\xd0\xb0ypal.com", GUARD_HOMOGRAPH, GUARD_WARN,
	    "paypal.com", NULL);
	expect_ok(g2, "a@mail.army.mil", NULL);
	assert_same_verdicts(g1, g2);
	guard_free(g1);
	guard_free(g2);

	/* Without the index, nothing is known. */
	d.known_index = NULL;
	g1 = make(&d);
	expect_ok(g1, "a@gmial.com", "john@army.ml", NULL);
	guard_free(g1);

	guard_index_free(mapped);
	free(bytes);
	guard_index_free(built);
}

#define T(f)	cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_tld_trap),
		T(test_tld_no_trap),
		T(test_typos),
		T(test_homograph),
		T(test_short_known),
		cmocka_unit_test(test_short_unknown),
		T(test_subdomain),
		cmocka_unit_test(test_known_weights),
		cmocka_unit_test(test_known_hyphen_pair),
		cmocka_unit_test(test_policy),
		cmocka_unit_test(test_trusted_permits),
		T(test_syntax),
		cmocka_unit_test(test_new_errors),
		T(test_report),
		T(test_check_domain),
		cmocka_unit_test(test_index),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
