/* test_complete.c: complete_token(), complete_find() and complete_text(). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "common.h"
#include "complete.h"

static const struct tui_contact book[] = {
	{ "Bob Smith", "bob@raytheon.com", "bob", 0 },
	{ "Doe, Jane", "jane.doe@army.mil", "boss", 0 },
	{ "John Smith", "john.smith@navy.mil", "js", 0 },
	{ "Jürgen Öster", "juergen@example.de", NULL, 0 },
	{ NULL, "ops@us.af.mil", "ops", 0 },
	{ "Jo", "jo@example.org", "j", 0 },
	/* The history: an address again under another name, and in capitals. */
	{ "Robert", "BOB@raytheon.com", NULL, 1 },
	{ NULL, "jeff@example.com", NULL, 1 },
	{ "Ελένη", "eleni@example.gr", NULL, 1 },
};
#define NBOOK	(sizeof(book) / sizeof(book[0]))

/* The token of text with the cursor at the end (or at "|"). */
static const char *
token(const char *text)
{
	static char buf[256];
	const char *bar = strchr(text, '|');
	size_t cur = bar != NULL ? (size_t)(bar - text) : strlen(text);
	size_t start = complete_token(text, cur);

	snprintf(buf, sizeof(buf), "%.*s", (int)(cur - start), text + start);
	return buf;
}

static void
test_token(void **state)
{
	(void)state;
	assert_string_equal(token(""), "");
	assert_string_equal(token("bo"), "bo");
	assert_string_equal(token("  bo"), "bo");
	assert_string_equal(token("a@b.c, bo"), "bo");
	assert_string_equal(token("a@b.c,bo"), "bo");
	assert_string_equal(token("a@b.c, "), "");
	/* A comma in a quoted name, in a comment, in angle brackets. */
	assert_string_equal(token("\"Doe, Jane\" <j@x.mil>, jo"), "jo");
	assert_string_equal(token("\"Doe, J"), "\"Doe, J");
	assert_string_equal(token("\"a\\\", b\" <x@y>, c"), "c");
	assert_string_equal(token("x@y (Smith, J), sm"), "sm");
	assert_string_equal(token("x@y (a (b, c) d), sm"), "sm");
	assert_string_equal(token("Team: a@x.org, b"), "b");
	assert_string_equal(token("Team: bo"), "bo");
	/* Up to the cursor only. */
	assert_string_equal(token("bo|, jane@x.org"), "bo");
	assert_string_equal(token("a@x, bo|b@y"), "bo");
}

/* The addresses found for prefix, comma-separated. */
static const char *
find(struct complete *m, const char *prefix)
{
	static char buf[1024];
	struct complete_cand out[COMPLETE_MAX];
	size_t n, i;
	int more;

	n = complete_find(m, prefix, out, COMPLETE_MAX, &more);
	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i > 0)
			strcat(buf, ",");
		strcat(buf, out[i].entry->address);
	}
	assert_false(more);
	return buf;
}

static void
test_find(void **state)
{
	struct complete *m = complete_new(book, NBOOK);

	(void)state;
	assert_string_equal(find(m, ""), "");
	assert_string_equal(find(m, "   "), "");
	assert_string_equal(find(m, "zzz"), "");
	/* Alias, address, name, any word of the name; any case. */
	assert_string_equal(find(m, "boss"), "jane.doe@army.mil");
	assert_string_equal(find(m, "ops@"), "ops@us.af.mil");
	assert_string_equal(find(m, "smi"),
	    "bob@raytheon.com,john.smith@navy.mil");
	assert_string_equal(find(m, "SMI"),
	    "bob@raytheon.com,john.smith@navy.mil");
	assert_string_equal(find(m, "jane"), "jane.doe@army.mil");
	assert_string_equal(find(m, "doe"), "jane.doe@army.mil");
	assert_string_equal(find(m, "\"Doe, J"), "jane.doe@army.mil");
	assert_string_equal(find(m, "  Doe"), "jane.doe@army.mil");
	/* Not in the middle of a word. */
	assert_string_equal(find(m, "mith"), "");
	/* Non-ASCII names fold too. */
	assert_string_equal(find(m, "jürg"), "juergen@example.de");
	assert_string_equal(find(m, "JÜRG"), "juergen@example.de");
	assert_string_equal(find(m, "öst"), "juergen@example.de");
	assert_string_equal(find(m, "ελ"), "eleni@example.gr");
	assert_string_equal(find(m, "ΕΛΈΝΗ"), "eleni@example.gr");
	/* Malformed bytes compare as bytes, and match nothing here. */
	assert_string_equal(find(m, "\xff\xfe"), "");
	complete_free(m);
}

static void
test_order_dedup(void **state)
{
	struct complete_cand out[COMPLETE_MAX];
	struct complete *m = complete_new(book, NBOOK);
	size_t n;

	(void)state;
	/* The exact alias "j" first, then contacts, then history. */
	assert_string_equal(find(m, "j"), "jo@example.org,jane.doe@army.mil,"
	    "john.smith@navy.mil,juergen@example.de,jeff@example.com");
	n = complete_find(m, "j", out, COMPLETE_MAX, NULL);
	assert_int_equal(n, 5);
	assert_true(out[0].exact);
	assert_false(out[1].exact);
	/* "Robert" is bob@raytheon.com again: listed once, as the contact. */
	assert_string_equal(find(m, "rob"), "bob@raytheon.com");
	n = complete_find(m, "rob", out, COMPLETE_MAX, NULL);
	assert_int_equal(n, 1);
	assert_string_equal(out[0].entry->name, "Bob Smith");
	assert_false(out[0].entry->sent);
	assert_string_equal(find(m, "bob"), "bob@raytheon.com");
	assert_true(out[0].index == 0);
	/* History entries say so. */
	n = complete_find(m, "jeff", out, COMPLETE_MAX, NULL);
	assert_int_equal(n, 1);
	assert_true(out[0].entry->sent);
	complete_free(m);
}

static void
test_cap(void **state)
{
	struct complete_cand out[COMPLETE_MAX];
	struct tui_contact *v;
	struct complete *m;
	char **addr;
	size_t n, i, total = 500;
	int more;

	(void)state;
	v = calloc(total + 1, sizeof(*v));
	addr = calloc(total, sizeof(*addr));
	for (i = 0; i < total; i++) {
		addr[i] = xasprintf("user%03zu@example.com", i);
		v[i].address = addr[i];
	}
	/* The last one's alias is exactly what is typed: it comes first. */
	v[total].address = "boss@example.com";
	v[total].alias = "user";
	m = complete_new(v, total + 1);
	n = complete_find(m, "user", out, COMPLETE_MAX, &more);
	assert_int_equal(n, COMPLETE_MAX);
	assert_true(more);
	assert_string_equal(out[0].entry->address, "boss@example.com");
	assert_string_equal(out[1].entry->address, "user000@example.com");
	assert_string_equal(out[COMPLETE_MAX - 1].entry->address,
	    "user198@example.com");
	n = complete_find(m, "user", out, 3, &more);
	assert_int_equal(n, 3);
	assert_true(more);
	n = complete_find(m, "user499", out, COMPLETE_MAX, &more);
	assert_int_equal(n, 1);
	assert_false(more);
	complete_free(m);
	for (i = 0; i < total; i++)
		free(addr[i]);
	free(addr);
	free(v);
}

static void
test_text(void **state)
{
	struct tui_contact e = { NULL, "bob@raytheon.com", NULL, 0 };
	char *t;

	(void)state;
	t = complete_text(&e);
	assert_string_equal(t, "bob@raytheon.com");
	free(t);
	e.name = "Bob Smith";
	t = complete_text(&e);
	assert_string_equal(t, "Bob Smith <bob@raytheon.com>");
	free(t);
	e.name = "Doe, Jane";
	t = complete_text(&e);
	assert_string_equal(t, "\"Doe, Jane\" <bob@raytheon.com>");
	free(t);
	e.name = "J. R. \"Bob\" Dobbs\\";
	t = complete_text(&e);
	assert_string_equal(t,
	    "\"J. R. \\\"Bob\\\" Dobbs\\\\\" <bob@raytheon.com>");
	free(t);
	e.name = "Jürgen Öster";
	t = complete_text(&e);
	assert_string_equal(t, "Jürgen Öster <bob@raytheon.com>");
	free(t);
	/* A name with control characters is left out. */
	e.name = "Evil\033[31mRed";
	t = complete_text(&e);
	assert_string_equal(t, "bob@raytheon.com");
	free(t);
	e.name = "C1 \xc2\x9b" "31m";
	t = complete_text(&e);
	assert_string_equal(t, "bob@raytheon.com");
	free(t);
	/* A name that is the address itself adds nothing. */
	e.name = "BOB@raytheon.com";
	t = complete_text(&e);
	assert_string_equal(t, "bob@raytheon.com");
	free(t);
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* 110,000 entries: the time of a Tab is printed, not asserted. */
static void
test_timing(void **state)
{
	static const char *const first[] = { "John", "Jane", "Robert", "Maria",
	    "Ahmed", "Wei", "Olga", "Jürgen", "Siobhan", "Kwame" };
	static const char *const last[] = { "Smith", "Doe", "Garcia", "Müller",
	    "Nakamura", "O'Brien", "Kowalski", "Nguyen", "Okafor", "Rossi" };
	static const char *const dom[] = { "army.mil", "navy.mil", "gmail.com",
	    "example.org", "raytheon.com" };
	static const char *const probe[] = { "j", "smi", "nguyen", "zzz",
	    "john.smith1", "kw" };
	struct complete_cand out[COMPLETE_MAX];
	struct tui_contact *v;
	struct complete *m;
	char **strs;
	size_t n = 110000, i, k, found;
	double t0, t1;
	int more;

	(void)state;
	v = calloc(n, sizeof(*v));
	strs = calloc(2 * n, sizeof(*strs));
	for (i = 0; i < n; i++) {
		strs[2 * i] = xasprintf("%s %s%zu", first[i % 10],
		    last[(i / 10) % 10], i);
		strs[2 * i + 1] = xasprintf("%c%s.%s%zu@%s",
		    first[i % 10][0] | 0x20, "x", last[(i / 10) % 10], i,
		    dom[i % 5]);
		v[i].name = strs[2 * i];
		v[i].address = strs[2 * i + 1];
		v[i].sent = i >= 10000;
	}
	t0 = now_ms();
	m = complete_new(v, n);
	t1 = now_ms();
	print_message("complete_new, 110000 entries: %.2f ms\n", t1 - t0);
	for (k = 0; k < sizeof(probe) / sizeof(probe[0]); k++) {
		t0 = now_ms();
		found = complete_find(m, probe[k], out, COMPLETE_MAX, &more);
		t1 = now_ms();
		print_message("complete_find \"%s\": %zu%s found in %.2f ms\n",
		    probe[k], found, more ? "+" : "", t1 - t0);
	}
	complete_free(m);
	for (i = 0; i < 2 * n; i++)
		free(strs[i]);
	free(strs);
	free(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_token),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_order_dedup),
		cmocka_unit_test(test_cap),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_timing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
