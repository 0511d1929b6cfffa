/*
 * test_guard_world.c: what the guard learns from the user's world:
 * contacts and history (new recipients, two slips in a colleague's
 * domain), and the message-level checks (markings, org mix, audience).
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
#include "marking.h"
#include "near.h"

#define N(a)	(sizeof(a) / sizeof((a)[0]))
#define LIST(a)	((struct guard_list){ (a), N(a) })

static const char *const org[] = { "army.mil" };
static const char *const contacts[] = {
	"Colleague@Raytheon.com", "jane.doe@army.mil", "bob@boeing.com",
};
static const char *const history[] = {
	"ops@us.af.mil", "friend@gmail.com",
};

static struct guard *
make(const struct guard_data *d)
{
	struct guard *g = NULL;
	char *error = NULL;

	if (guard_new(d, &g, &error) != 0)
		fail_msg("guard_new: %s", error != NULL ? error : "(null)");
	return g;
}

static struct guard_data
world(void)
{
	struct guard_data d;

	memset(&d, 0, sizeof(d));
	d.no_builtin = 1;
	d.org_domains = LIST(org);
	d.contacts = LIST(contacts);
	d.history = LIST(history);
	d.markings.v = guard_default_markings;
	d.markings.n = guard_default_markings_count;
	return d;
}

/* The finding of a code in the only verdict of field, or NULL. */
static const struct guard_finding *
find(const struct guard_report *r, size_t i, enum guard_code code)
{
	size_t k;

	assert_true(i < r->nverdicts);
	for (k = 0; k < r->verdicts[i].nfindings; k++)
		if (r->verdicts[i].findings[k].code == code)
			return &r->verdicts[i].findings[k];
	return NULL;
}

static const struct guard_finding *
find_message(const struct guard_report *r, enum guard_code code)
{
	size_t k;

	for (k = 0; k < r->nfindings; k++)
		if (r->findings[k].code == code)
			return &r->findings[k];
	return NULL;
}

static void
test_new_recipient(void **state)
{
	struct guard_data d = world();
	struct guard *g = make(&d);
	struct guard_report r;
	const struct guard_finding *f;

	(void)state;
	guard_report_init(&r);
	guard_check(g, "colleague@raytheon.com, Friend@GMAIL.com, "
	    "ops@us.af.mil, alice@raytheon.com, x@example.org", &r);
	assert_int_equal(r.nverdicts, 5);
	/* Known addresses, whatever their case. */
	assert_int_equal(r.verdicts[0].severity, GUARD_OK);
	assert_int_equal(r.verdicts[1].severity, GUARD_OK);
	assert_int_equal(r.verdicts[2].severity, GUARD_OK);
	f = find(&r, 3, GUARD_NEW_RECIPIENT);
	assert_non_null(f);
	assert_int_equal(f->severity, GUARD_NOTICE);
	assert_non_null(strstr(f->reason, "others at raytheon.com are"));
	f = find(&r, 4, GUARD_NEW_RECIPIENT);
	assert_non_null(f);
	assert_non_null(strstr(f->reason, "new domain"));
	assert_int_equal(r.severity, GUARD_NOTICE);
	guard_report_free(&r);
	guard_free(g);
}

/* Nothing learned yet: nobody is "new", or everyone would be. */
static void
test_new_recipient_needs_history(void **state)
{
	struct guard_data d = world();
	struct guard *g;
	struct guard_report r;

	(void)state;
	d.contacts.n = d.history.n = 0;
	g = make(&d);
	guard_report_init(&r);
	guard_check(g, "x@example.org", &r);
	assert_int_equal(r.verdicts[0].nfindings, 0);
	guard_report_free(&r);
	guard_free(g);
}

static void
test_contact_domains_are_known(void **state)
{
	struct guard_data d = world();
	struct guard *g = make(&d);
	struct guard_report r;
	const struct guard_finding *f;

	(void)state;
	guard_report_init(&r);
	/* One slip: the index; two slips in a long name: the near scan. */
	guard_check(g, "colleague@raytheonn.com, colleague@rayhteonn.com, "
	    "colleague@gmial.com, bob@beoingg.com", &r);
	f = find(&r, 0, GUARD_LOOKALIKE);
	assert_non_null(f);
	assert_string_equal(f->suggestion, "raytheon.com");
	assert_non_null(strstr(f->reason, "in your contacts"));
	f = find(&r, 1, GUARD_LOOKALIKE);
	assert_non_null(f);
	assert_string_equal(f->suggestion, "raytheon.com");
	assert_non_null(strstr(f->reason, "two typing slips"));
	/* A warning says enough: no new-recipient notice on top. */
	assert_null(find(&r, 1, GUARD_NEW_RECIPIENT));
	f = find(&r, 2, GUARD_LOOKALIKE);
	assert_non_null(f);
	assert_non_null(strstr(f->reason, "sent to"));
	/* Two slips in a colleague's domain, even a short one. */
	f = find(&r, 3, GUARD_LOOKALIKE);
	assert_non_null(f);
	assert_string_equal(f->suggestion, "boeing.com");
	guard_report_free(&r);
	guard_free(g);
}

static void
test_near_distance(void **state)
{
	(void)state;
	assert_int_equal(near_distance("raytheon", 8, "raytheon", 8, 2), 0);
	assert_int_equal(near_distance("raytheon", 8, "rayhteon", 8, 2), 1);
	assert_int_equal(near_distance("raytheon", 8, "rayhteonn", 9, 2), 2);
	assert_int_equal(near_distance("raytheon", 8, "rxyhteonn", 9, 2), 3);
	assert_int_equal(near_distance("abc", 3, "abcdef", 6, 2), 3);
	assert_int_equal(near_distance("", 0, "ab", 2, 2), 2);
}

static void
test_markings(void **state)
{
	struct marking_set *ms;
	static const char *const v[] = {
		"FOUO", "For Official  Use Only", "CUI", "Confidential", " ",
	};
	const char *t;

	(void)state;
	ms = marking_new(v, N(v));
	assert_int_equal(marking_count(ms), 4);
#define FIND(s)	marking_find(ms, (s), strlen(s))
	assert_string_equal(FIND("UNCLASSIFIED//FOUO"), "FOUO");
	assert_string_equal(FIND("(u//fouo) travel"), "FOUO");
	assert_string_equal(FIND("this is for official\n\tuse only"),
	    "For Official  Use Only");
	t = "For\xc2\xa0Official Use\xc2\xa0Only";	/* &nbsp; decoded */
	assert_string_equal(FIND(t), "For Official  Use Only");
	assert_string_equal(FIND("CUI//SP-CTI"), "CUI");
	assert_string_equal(FIND("Strictly confidential."), "Confidential");
	assert_null(FIND("the circuit is cuisine"));
	assert_null(FIND("CUIs"));
	assert_null(FIND("confidentialit\xc3\xa9"));
	assert_null(FIND("\xc3\xa9" "confidential"));
	assert_null(FIND("for official use"));
	assert_null(FIND(""));
	/* The earliest in the text wins. */
	assert_string_equal(FIND("CUI and FOUO"), "CUI");
#undef FIND
	marking_free(ms);
}

static void
test_marking_external(void **state)
{
	static const char *const trusted[] = { "partner.com" };
	static const char *const names[] = { "notes.txt", "plan-FOUO.pdf" };
	struct guard_data d = world();
	struct guard_message m;
	struct guard_report r;
	struct guard *g;
	const struct guard_finding *f;

	(void)state;
	d.trusted = LIST(trusted);
	g = make(&d);
	memset(&m, 0, sizeof(m));
	m.subject = "Travel plans";
	m.text = "Nothing marked here.";
	m.textlen = strlen(m.text);
	m.names = LIST(names);
	guard_report_init(&r);
	guard_check(g, "jane.doe@army.mil, friend@gmail.com, "
	    "x@partner.com, hq@hq.army.mil", &r);
	guard_check_message(g, &m, &r);
	assert_null(find(&r, 0, GUARD_MARKING_EXTERNAL));
	f = find(&r, 1, GUARD_MARKING_EXTERNAL);
	assert_non_null(f);
	assert_int_equal(f->severity, GUARD_WARN);
	assert_non_null(strstr(f->reason, "plan-FOUO.pdf"));
	assert_null(f->suggestion);
	assert_null(find(&r, 2, GUARD_MARKING_EXTERNAL));	/* trusted */
	assert_null(find(&r, 3, GUARD_MARKING_EXTERNAL));	/* subdomain */
	assert_int_equal(r.severity, GUARD_WARN);
	f = find_message(&r, GUARD_EXTERNAL_MIX);
	assert_non_null(f);
	assert_non_null(strstr(f->reason, "2 of 4 recipients"));
	assert_null(find_message(&r, GUARD_LARGE_AUDIENCE));
	assert_true(r.marked);
	guard_report_free(&r);

	/* Marked, every recipient exempt: no finding, still marked. */
	guard_report_init(&r);
	guard_check(g, "x@partner.com", &r);
	guard_check_message(g, &m, &r);
	assert_null(find(&r, 0, GUARD_MARKING_EXTERNAL));
	assert_true(r.marked);
	guard_report_free(&r);

	/* Nothing marked: no warning; a recipients-only view works. */
	guard_report_init(&r);
	guard_check(g, "friend@gmail.com", &r);
	guard_check_message(g, NULL, &r);
	assert_int_equal(r.severity, GUARD_OK);
	assert_int_equal(r.nfindings, 0);
	assert_false(r.marked);
	guard_report_free(&r);
	guard_free(g);
}

static void
test_large_audience(void **state)
{
	struct guard_data d = world();
	struct guard_report r;
	struct guard *g;

	(void)state;
	d.large_audience = 3;
	g = make(&d);
	guard_report_init(&r);
	/* The same address twice counts once. */
	guard_check(g, "a@army.mil, b@army.mil, c@army.mil, A@army.mil", &r);
	guard_check_message(g, NULL, &r);
	assert_null(find_message(&r, GUARD_LARGE_AUDIENCE));
	assert_null(find_message(&r, GUARD_EXTERNAL_MIX));
	guard_report_free(&r);
	guard_report_init(&r);
	guard_check(g, "a@army.mil, b@army.mil, c@army.mil, d@army.mil", &r);
	guard_check_message(g, NULL, &r);
	assert_non_null(find_message(&r, GUARD_LARGE_AUDIENCE));
	assert_int_equal(r.severity, GUARD_NOTICE);
	guard_report_free(&r);
	guard_free(g);
}

/* The compiled world maps back from bytes with the same answers. */
static void
test_world_bytes(void **state)
{
	struct guard_data d = world();
	struct guard_world *w = NULL, *m = NULL;
	struct guard *g;
	struct guard_report r;
	char *err = NULL;
	uint64_t *copy;
	void *buf;
	size_t len;

	(void)state;
	assert_int_equal(guard_world_build(&d.contacts, &d.history, NULL,
	    NULL, &w, &err), 0);
	assert_int_equal(guard_world_count(w), 5);
	guard_world_bytes(w, &buf, &len);
	copy = malloc(len + 8);		/* 8-byte aligned, as mmap is */
	memcpy(copy, buf, len);
	assert_int_equal(guard_world_from_bytes(copy, len, &m, &err), 0);
	d.contacts.n = d.history.n = 0;
	d.world = m;
	g = make(&d);
	guard_report_init(&r);
	guard_check(g, "friend@gmail.com, alice@raytheon.com, "
	    "colleague@rayhteonn.com", &r);
	assert_int_equal(r.verdicts[0].severity, GUARD_OK);
	assert_non_null(find(&r, 1, GUARD_NEW_RECIPIENT));
	assert_non_null(find(&r, 2, GUARD_LOOKALIKE));
	guard_report_free(&r);
	guard_free(g);
	guard_world_free(m);

	/* Damage: a wrong length, a bad magic, a table with no empty slot. */
	assert_int_equal(guard_world_from_bytes(copy, len - 8, &m, &err), -1);
	free(err);
	err = NULL;
	((char *)copy)[0] ^= 1;
	assert_int_equal(guard_world_from_bytes(copy, len, &m, &err), -1);
	free(err);
	err = NULL;
	((char *)copy)[0] ^= 1;
	memset((char *)copy + 40, 0xff, len - 40 > 64 * 8 ? 64 * 8 :
	    len - 40);
	assert_int_equal(guard_world_from_bytes(copy, len, &m, &err), -1);
	assert_non_null(strstr(err, "damaged"));
	free(err);
	free(copy);
	free(buf);
	guard_world_free(w);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_recipient),
		cmocka_unit_test(test_new_recipient_needs_history),
		cmocka_unit_test(test_contact_domains_are_known),
		cmocka_unit_test(test_near_distance),
		cmocka_unit_test(test_markings),
		cmocka_unit_test(test_marking_external),
		cmocka_unit_test(test_large_audience),
		cmocka_unit_test(test_world_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
