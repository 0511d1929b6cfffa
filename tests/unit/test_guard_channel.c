/*
 * test_guard_channel.c: the weighted decisions of issue 9 against the
 * shipped data: near misses of the organisation's short domains and of
 * the large providers at any length, homographs with accents and IPA
 * letters, slips of the TLD, and the real domains that must pass. Each
 * row asserts the exact code and suggestion.
 */
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

struct row {
	const char	*typed;
	enum guard_code	 code;
	const char	*suggestion;
	const char	*reason;	/* a part of it, or NULL */
};

static struct guard *
make(const char *const *org, size_t norg, const char *const *history,
    const unsigned *count, const unsigned *days, size_t nhistory)
{
	struct guard_data d;
	struct guard *g = NULL;
	char *error = NULL;

	memset(&d, 0, sizeof(d));
	d.org_domains.v = org;
	d.org_domains.n = norg;
	d.history.v = history;
	d.history.n = nhistory;
	d.history_count = count;
	d.history_days = days;
	if (guard_new(&d, &g, &error) != 0)
		fail_msg("guard_new: %s", error);
	return g;
}

static int
setup(void **state)
{
	static const char *const org[] = { "army.mil" };

	*state = make(org, 1, NULL, NULL, NULL, 0);
	return 0;
}

static int
teardown(void **state)
{
	guard_free(*state);
	return 0;
}

/* Checks each row: exactly one finding, of that code and suggestion. */
static void
rows(const struct guard *g, const struct row *r, size_t n)
{
	struct guard_report rep;
	const struct guard_verdict *v;
	const struct guard_finding *f;
	char field[256];
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(field, sizeof(field), "x@%s", r[i].typed);
		guard_report_init(&rep);
		guard_check(g, field, &rep);
		v = &rep.verdicts[0];
		if (v->nfindings != 1)
			fail_msg("%s: %zu findings, wanted %s", r[i].typed,
			    v->nfindings, guard_code_name(r[i].code));
		f = &v->findings[0];
		if (f->code != r[i].code)
			fail_msg("%s: %s (%s), wanted %s", r[i].typed,
			    guard_code_name(f->code), f->reason,
			    guard_code_name(r[i].code));
		if (f->suggestion == NULL ||
		    strcmp(f->suggestion, r[i].suggestion) != 0)
			fail_msg("%s: suggests %s, wanted %s", r[i].typed,
			    f->suggestion != NULL ? f->suggestion : "nothing",
			    r[i].suggestion);
		if (r[i].reason != NULL && strstr(f->reason, r[i].reason) ==
		    NULL)
			fail_msg("%s: reason \"%s\" lacks \"%s\"", r[i].typed,
			    f->reason, r[i].reason);
		assert_int_equal(v->severity, GUARD_WARN);
		guard_report_free(&rep);
	}
}

/* Each domain must pass without a finding. */
static void
passes(const struct guard *g, const char *const *d, size_t n)
{
	struct guard_report rep;
	char field[256];
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(field, sizeof(field), "x@%s", d[i]);
		guard_report_init(&rep);
		guard_check(g, field, &rep);
		if (rep.verdicts[0].nfindings != 0)
			fail_msg("%s: unexpected %s: %s", d[i],
			    guard_code_name(rep.verdicts[0].findings[0].code),
			    rep.verdicts[0].findings[0].reason);
		guard_report_free(&rep);
	}
}

/* The seed's case: a DoD user mistyping the organisation's domains. */
static void
test_org_short(void **state)
{
	static const struct row r[] = {
		{ "amy.mil", GUARD_LOOKALIKE, "army.mil", "\"r\" left out" },
		{ "ary.mil", GUARD_LOOKALIKE, "army.mil", NULL },
		{ "armt.mil", GUARD_LOOKALIKE, "army.mil", "the key next" },
		{ "mail.amry.mil", GUARD_LOOKALIKE, "mail.army.mil", NULL },
		{ "navy2.mil", GUARD_LOOKALIKE, "navy.mil", NULL },
		{ "nvy.mil", GUARD_LOOKALIKE, "navy.mil", NULL },
		{ "mial.mil", GUARD_LOOKALIKE, "mail.mil", "swapped" },
		{ "af1.mil", GUARD_LOOKALIKE, "af.mil", "after af" },
		{ "stat.gov", GUARD_LOOKALIKE, "state.gov", NULL },
		{ "army.ml", GUARD_TLD_TRAP, "army.mil", "Mali" },
		{ "armymil.com", GUARD_LOOKALIKE, "army.mil", "a dot left out" },
	};

	rows(*state, r, N(r));
}

/* Large providers: caught whatever the length of the name. */
static void
test_providers(void **state)
{
	static const struct row r[] = {
		{ "gmaila.com", GUARD_LOOKALIKE, "gmail.com",
		    "an extra \"a\" after gmail" },
		{ "gmail0.com", GUARD_LOOKALIKE, "gmail.com", NULL },
		{ "gmaik.com", GUARD_LOOKALIKE, "gmail.com", NULL },
		{ "yahoo7.com", GUARD_LOOKALIKE, "yahoo.com", NULL },
		{ "yahool.com", GUARD_LOOKALIKE, "yahoo.com", NULL },
		{ "aol9.com", GUARD_LOOKALIKE, "aol.com", NULL },
		{ "aoil.com", GUARD_LOOKALIKE, "aol.com", NULL },
		{ "wen.de", GUARD_LOOKALIKE, "web.de", NULL },
		{ "qqq.com", GUARD_LOOKALIKE, "qq.com", "typed twice" },
		{ "g.mail.com", GUARD_LOOKALIKE, "gmail.com", "a dot added" },
		{ "hot.mail.com", GUARD_LOOKALIKE, "hotmail.com", NULL },
		{ "g-mail.com", GUARD_LOOKALIKE, "gmail.com", "hyphen added" },
		{ "iox.ac.uk", GUARD_LOOKALIKE, "ox.ac.uk", NULL },
		{ "uol.com", GUARD_TLD_TRAP, "uol.com.br", NULL },
		{ "gmx.d", GUARD_TLD_TRAP, "gmx.de", ".d for .de" },
		{ "gmail.co", GUARD_TLD_TRAP, "gmail.com", "Colombia" },
	};

	rows(*state, r, N(r));
}

/* Slips of the TLD that are not in the trap table. */
static void
test_tld_slips(void **state)
{
	static const struct row r[] = {
		{ "gmx.ed", GUARD_TLD_TRAP, "gmx.de", ".ed for .de" },
		{ "t-online.d", GUARD_TLD_TRAP, "t-online.de", NULL },
		{ "orange.rf", GUARD_TLD_TRAP, "orange.fr", NULL },
		{ "hmrc.gov.k", GUARD_TLD_TRAP, "hmrc.gov.uk", NULL },
		{ "smtp.web.ed", GUARD_TLD_TRAP, "smtp.web.de", NULL },
	};

	rows(*state, r, N(r));
}

/* Homographs: accents, IPA letters, dotless i, whole Cyrillic words. */
static void
test_homographs(void **state)
{
	static const struct row r[] = {
		{ "gm\xc3\xa1il.com", GUARD_HOMOGRAPH, "gmail.com",
		    "a with acute" },				/* á */
		{ "\xc4\x9fmail.com", GUARD_HOMOGRAPH, "gmail.com", NULL },
		{ "g\xc9\xb1" "ail.com", GUARD_HOMOGRAPH, "gmail.com",
		    "m with hook" },				/* ɱ */
		{ "gmai\xc9\xab.com", GUARD_HOMOGRAPH, "gmail.com", NULL },
		{ "g\xc5\x97\xc5\x97" "ail.com", GUARD_HOMOGRAPH, "gmail.com",
		    NULL },					/* ŗŗ */
		{ "yah\xc3\xb6o.com", GUARD_HOMOGRAPH, "yahoo.com", NULL },
		{ "gma\xc4\xb1l.com", GUARD_HOMOGRAPH, "gmail.com",
		    "\xc4\xb1 (dotless i) instead of i" },	/* ı */
		{ "p\xd0\xb0ypal.com", GUARD_HOMOGRAPH, "paypal.com",
		    "Cyrillic" },				/* а */
		{ "\xd4\x8d\xd0\xbc\xd0\xb0\xd1\x96\xd3\x8f.com",
		    GUARD_HOMOGRAPH, "gmail.com", NULL },	/* ԍмаіӏ */
		{ "rnicrosoft.com", GUARD_LOOKALIKE, "microsoft.com",
		    "\"rn\" for \"m\"" },
		{ "gnnail.com", GUARD_LOOKALIKE, "gmail.com", NULL },
	};

	rows(*state, r, N(r));
}

/* Real domains next to other real ones, and hosts under known ones. */
static void
test_real_pass(void **state)
{
	static const char *const ok[] = {
		"wikipedia.org", "wikimedia.org", "cocacola.com",
		"coca-cola.com", "ign.com", "ing.com", "orange.cm",
		"orange.ml", "my.yahoo.com", "mail.army.mil", "ymail.com",
		"me.com", "mac.com", "gmx.com", "gmx.net", "email.com",
		"mail.com", "hotmail.fr", "yahoo.co.uk", "army.mil",
		"af.mil", "navy.mil", "gmail.com", "web.de", "qq.com",
		"aol.com", "uol.com.br", "ox.ac.uk",
	};

	passes(*state, ok, N(ok));
}

/*
 * The history weighs by how often and how lately mail went there: a
 * domain written to often is the user's own, and a near miss of it is
 * caught; a real domain close to a provider, once written to, passes.
 */
static void
test_history_weight(void **state)
{
	static const char *const history[] = {
		"x@kestrelworks.de", "x@ymial.com",
	};
	static const unsigned count[] = { 40, 1 }, days[] = { 3, 400 };
	static const struct row r[] = {
		{ "kestrelwork.de", GUARD_LOOKALIKE, "kestrelworks.de",
		    "a domain you have sent to" },
		{ "kestrelworks.d", GUARD_TLD_TRAP, "kestrelworks.de", NULL },
	};
	static const char *const ok[] = { "ymial.com", "kestrelworks.de" };
	struct guard *g;

	(void)state;
	g = make(NULL, 0, history, count, days, N(history));
	rows(g, r, N(r));
	passes(g, ok, N(ok));
	guard_free(g);
}

/*
 * Every spelling of a domain gets the verdict and suggestion of its plain
 * spelling, and the address to send is the plain one; an invisible
 * character adds a finding of its own, naming it.
 */
static void
test_spellings(void **state)
{
	static const struct {
		const char	*typed;
		const char	*plain;
		int		 invisible;
	} sp[] = {
		{ "\xef\xbd\x87\xef\xbd\x8d\xef\xbd\x89\xef\xbd\x81\xef\xbd\x8c.com",
		    "gmial.com", 0 },				/* full-width */
		{ "gmial\xe3\x80\x82" "com", "gmial.com", 0 },	/* 。 */
		{ "gmial\xef\xbc\x8e" "com", "gmial.com", 0 },	/* ． */
		{ "gmial\xef\xbd\xa1" "com", "gmial.com", 0 },	/* ｡ */
		{ "GMIAL.COM", "gmial.com", 0 },
		{ "gMiAl.CoM", "gmial.com", 0 },
		{ "gmial.com.", "gmial.com", 0 },
		{ "GMIAL.COM.", "gmial.com", 0 },
		{ "gm\xe2\x80\x8bial.com", "gmial.com", 1 },	/* ZWSP */
		{ "gm\xc2\xadial.com", "gmial.com", 1 },	/* soft hyphen */
		{ "\xef\xbb\xbfgmial.com", "gmial.com", 1 },	/* BOM */
		{ "gmial.c\xe2\x81\xa0om", "gmial.com", 1 },	/* word joiner */
		{ "gm\xe2\x80\x8dial.com", "gmial.com", 1 },	/* ZWJ */
		{ "\xef\xbd\x87mail.com", "gmail.com", 0 },
		{ "gmail\xe3\x80\x82" "com", "gmail.com", 0 },
		{ "GMAIL.COM", "gmail.com", 0 },
		{ "gmail.com.", "gmail.com", 0 },
		{ "gm\xe2\x80\x8b" "ail.com", "gmail.com", 1 },
		{ "gm\xc2\xad" "ail.com", "gmail.com", 1 },
		{ "\xef\xbd\x81rmy.ml", "army.ml", 0 },
		{ "army\xe3\x80\x82ml", "army.ml", 0 },
		{ "ARMY.ML.", "army.ml", 0 },
		{ "ar\xe2\x80\x8bmy.ml", "army.ml", 1 },
		{ "\xef\xbd\x81rmy.mil", "army.mil", 0 },
		{ "army\xef\xbc\x8emil", "army.mil", 0 },
		{ "Army.Mil.", "army.mil", 0 },
		{ "\xe2\x84\xa1.com", "tel.com", 0 },		/* ℡ (NFKC) */
		{ "\xef\xac\x81" "nance.com", "finance.com", 0 },	/* ﬁ */
		{ "g\xe2\x85\xbf" "ail.com", "gmail.com", 0 },	/* ⅿ */
		{ "\xe2\x93\x96mail.com", "gmail.com", 0 },	/* ⓖ */
		{ "ymail\xef\xbc\x8e" "com", "ymail.com", 0 },
		{ "my.yahoo\xe3\x80\x82" "com", "my.yahoo.com", 0 },
	};
	const struct guard *g = *state;
	struct guard_report a, b;
	const struct guard_verdict *va, *vb;
	char field[256];
	size_t i, k;

	for (i = 0; i < N(sp); i++) {
		guard_report_init(&a);
		guard_report_init(&b);
		snprintf(field, sizeof(field), "x@%s", sp[i].typed);
		guard_check(g, field, &a);
		snprintf(field, sizeof(field), "x@%s", sp[i].plain);
		guard_check(g, field, &b);
		va = &a.verdicts[0];
		vb = &b.verdicts[0];
		if (va->domain_ascii == NULL)
			fail_msg("%s: %s", sp[i].typed, va->nfindings > 0 ?
			    va->findings[0].reason : "no domain");
		assert_string_equal(va->domain_ascii, vb->domain_ascii);
		snprintf(field, sizeof(field), "x@%s", vb->domain_ascii);
		assert_string_equal(va->address_ascii, field);
		if (va->nfindings != vb->nfindings + (sp[i].invisible != 0))
			fail_msg("%s: %zu findings, plain %zu", sp[i].typed,
			    va->nfindings, vb->nfindings);
		for (k = 0; k < vb->nfindings; k++) {
			assert_int_equal(va->findings[k].code,
			    vb->findings[k].code);
			assert_string_equal(va->findings[k].suggestion != NULL ?
			    va->findings[k].suggestion : "-",
			    vb->findings[k].suggestion != NULL ?
			    vb->findings[k].suggestion : "-");
		}
		if (sp[i].invisible) {
			assert_int_equal(va->findings[k].code,
			    GUARD_HOMOGRAPH);
			assert_non_null(strstr(va->findings[k].reason,
			    "invisible character, U+"));
			assert_int_equal(va->severity, GUARD_WARN);
		} else
			assert_int_equal(va->severity, vb->severity);
		guard_report_free(&a);
		guard_report_free(&b);
	}
}

#define T(f)	cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_org_short),
		T(test_providers),
		T(test_tld_slips),
		T(test_homographs),
		T(test_real_pass),
		T(test_spellings),
		cmocka_unit_test(test_history_weight),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
