/* test_decide.c: what the milter does with a report, and its words (decide_*). */
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
#include "decide.h"

static struct guard *
guard(void)
{
	static const char *const org[] = { "example.org" };
	static const char *const warn[] = { "*.example.net" };
	static const char *const block[] = { "*.tk" };
	static const char *const marks[] = { "FOUO" };
	struct guard_data d;
	struct guard *g;
	char *err = NULL;

	memset(&d, 0, sizeof(d));
	d.org_domains.v = org;
	d.org_domains.n = 1;
	d.warn.v = warn;
	d.warn.n = 1;
	d.block.v = block;
	d.block.n = 1;
	d.markings.v = marks;
	d.markings.n = 1;
	assert_int_equal(guard_new(&d, &g, &err), 0);
	return g;
}

/* A Sendguard-Resolved header for these recipients, parsed. */
static struct guard_resolved *
resolved(const char *const *env, size_t n,
    const struct guard_resolution *res, size_t nres)
{
	struct guard_resolved *hdr;
	char *v, *err = NULL;

	v = guard_resolved_build("<x@example.org>", env, n, res, nres);
	assert_int_equal(guard_resolved_parse(v, strlen(v), &hdr, &err), 0);
	free(v);
	return hdr;
}

/* Warnings act; notices never; a verified header waives its domains. */
static void
test_decide(void **state)
{
	const struct guard_resolution res[] = {
		{ "army.ml", GUARD_RESOLVED_ONCE, 0 },
	};
	const char *const env[] = { "john@army.ml", "bob@gmial.com",
	    "ann@example.org" };
	struct guard *g = guard();
	struct guard_report r;
	struct guard_resolved *hdr;
	struct decision d;
	char *line;

	(void)state;
	guard_report_init(&r);
	guard_check(g, "john@army.ml, bob@gmial.com, ann@example.org", &r);
	guard_check_message(g, NULL, &r);
	decide(&r, NULL, &d);
	assert_int_equal(d.n, 2);
	assert_int_equal(d.waived, 0);
	assert_string_equal(d.items[0].verdict->address, "john@army.ml");
	assert_int_equal(d.items[0].finding->code, GUARD_TLD_TRAP);
	line = decide_log(&d.items[0]);
	assert_non_null(strstr(line, "john@army.ml: tld-trap: "));
	assert_non_null(strstr(line, "(did you mean john@army.mil?)"));
	free(line);
	line = decide_tag(&d.items[1]);
	assert_string_equal(line, "warn; bob@gmial.com; lookalike; gmail.com");
	free(line);
	decide_free(&d);

	hdr = resolved(env, 3, res, 1);
	decide(&r, hdr, &d);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.waived, 1);
	assert_string_equal(d.items[0].verdict->address, "bob@gmial.com");
	assert_int_equal(d.waived_items[0].how, GUARD_RESOLVED_ONCE);
	line = decide_log(&d.waived_items[0]);
	assert_non_null(strstr(line, "john@army.ml: tld-trap: "));
	assert_non_null(strstr(line, ", waived: resolved by the sender (once)"));
	free(line);
	decide_free(&d);
	guard_resolved_free(hdr);
	guard_report_free(&r);
	guard_free(g);
}

/* A block that reaches the end (non-SMTP mail) is never waived. */
static void
test_block_kept(void **state)
{
	const struct guard_resolution res[] = {
		{ "orange.tk", GUARD_RESOLVED_TRUST, 0 },
	};
	const char *const env[] = { "x@orange.tk" };
	struct guard *g = guard();
	struct guard_report r;
	struct guard_resolved *hdr;
	struct decision d;

	(void)state;
	guard_report_init(&r);
	guard_check(g, "x@orange.tk", &r);
	decide(&r, hdr = resolved(env, 1, res, 1), &d);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.blocks, 1);
	assert_int_equal(d.waived, 0);
	assert_int_equal(d.items[0].finding->code, GUARD_POLICY_BLOCK);
	decide_free(&d);
	guard_resolved_free(hdr);
	guard_report_free(&r);
	guard_free(g);
}

/* Replies: one line each, the suggestion with the local part, capped. */
static void
test_reply(void **state)
{
	struct guard *g = guard();
	struct guard_report r;
	struct decision d;
	struct guard_message m;
	struct buf list;
	char **lines;
	size_t n, i;

	(void)state;
	buf_init(&list);
	for (i = 0; i < 40; i++)
		buf_addf(&list, "%su%zu@army.ml", i > 0 ? ", " : "", i);
	guard_report_init(&r);
	guard_check(g, list.s, &r);
	memset(&m, 0, sizeof(m));
	m.subject = "FOUO 100% ready";
	guard_check_message(g, &m, &r);
	decide(&r, NULL, &d);
	assert_int_equal(d.n, 80);	/* tld-trap and marking, each */
	lines = decide_reply(&d, &n);
	assert_int_equal(n, DECIDE_LINES);
	assert_true(strncmp(lines[0], "sendguard: u0@army.ml: ", 23) == 0);
	assert_non_null(strstr(lines[0], "; did you mean u0@army.mil?"));
	assert_string_equal(lines[DECIDE_LINES - 1],
	    "sendguard: and 51 more warnings");
	for (i = 0; i < n; i++) {
		assert_null(strpbrk(lines[i], "\r\n"));
		assert_true(strlen(lines[i]) < 512);
	}
	decide_lines_free(lines, n);
	decide_free(&d);
	guard_report_free(&r);
	buf_free(&list);
	guard_free(g);
}

/* Text for libmilter: printable ASCII, '%' doubled; blocks refused. */
static void
test_text(void **state)
{
	struct guard *g = guard();
	struct guard_report r;
	char *s;

	(void)state;
	guard_report_init(&r);
	guard_check(g, "x@orange.tk, \"50%\"@b\xc3\xbc" "cher.example.net", &r);
	assert_int_equal(r.verdicts[0].severity, GUARD_BLOCK);
	s = decide_refusal(&r.verdicts[0]);
	assert_string_equal(s, "sendguard: x@orange.tk: blocked by the "
	    "policy rule \"*.tk\"");
	free(s);
	s = decide_refusal(&r.verdicts[1]);
	assert_non_null(strstr(s, "\"50%%\"@b??cher.example.net: "));
	free(s);
	guard_report_free(&r);
	guard_free(g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decide),
		cmocka_unit_test(test_block_kept),
		cmocka_unit_test(test_reply),
		cmocka_unit_test(test_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
