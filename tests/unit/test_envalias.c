/* test_envalias.c: msmtp's aliases file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "common.h"
#include "config.h"
#include "envalias.h"

/* The recipients after expansion, joined by spaces. */
static char *
expand(const char *text, const char *rcpts)
{
	struct envaliases l;
	struct strlist r = { NULL, 0 };
	struct buf b;
	char *err = NULL;
	size_t i;

	if (envalias_parse(text, strlen(text), &l, &err) != 0)
		fail_msg("%s", err);
	strlist_add_split(&r, rcpts);
	envalias_expand(&l, &r);
	buf_init(&b);
	for (i = 0; i < r.n; i++)
		buf_addf(&b, "%s%s", i > 0 ? " " : "", r.v[i]);
	strlist_free(&r);
	envalias_free(&l);
	return buf_take(&b);
}

static void
test_expand(void **state)
{
	static const char text[] =
	    "# who reads what\n"
	    "root: a1@x.org, a2@x.org , a3@x.org   # three\n"
	    "\n"
	    "   cron :c@x.org\n"
	    "default: def@x.org\n";
	char *out;

	(void)state;
	/* msmtp 1.8.23 puts the addresses of one name in reverse order. */
	out = expand(text, "root j@y.org");
	assert_string_equal(out, "a3@x.org a2@x.org a1@x.org j@y.org");
	free(out);
	out = expand(text, "cron Root other");
	assert_string_equal(out, "c@x.org def@x.org def@x.org");
	free(out);
	out = expand("root: r@x.org\n", "nobody root");
	assert_string_equal(out, "nobody r@x.org");	/* no default */
	free(out);
}

static void
test_errors(void **state)
{
	static const struct {
		const char *text, *error;
	} cases[] = {
		{ "root a@x.org\n", "line 1: single ':' delimiter expected" },
		{ "\nroot: a@x.org: b@x.org\n",
		    "line 2: single ':' delimiter expected" },
		{ "ro@ot: a@x.org\n", "line 1: invalid alias 'ro@ot'" },
		{ ": a@x.org\n", "line 1: invalid alias ''" },
		{ "root: localname\n", "line 1: invalid address 'localname'" },
		{ "root:\n", "line 1: invalid address ''" },
		{ "root: a@x.org,\n", "line 1: invalid address ''" },
		{ "root: a@x.org\nroot: b@x.org\n",
		    "line 2: duplicate alias 'root'" },
	};
	struct envaliases l;
	char *err, *big;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err = NULL;
		assert_int_equal(envalias_parse(cases[i].text,
		    strlen(cases[i].text), &l, &err), -1);
		assert_string_equal(err, cases[i].error);
		free(err);
	}
	/* msmtp reads 511 characters a line at most. */
	big = xmalloc(600);
	memcpy(big, "root: ", 6);
	memset(big + 6, 'a', 500);
	memcpy(big + 506, "@x.org\n", 8);
	assert_int_equal(envalias_parse(big, strlen(big), &l, &err), -1);
	assert_string_equal(err, "line 1: longer than 511 characters");
	free(err);
	big[300] = '@';
	memcpy(big + 301, "x.org\n", 7);
	assert_int_equal(envalias_parse(big, strlen(big), &l, &err), 0);
	envalias_free(&l);
	free(big);
}

/* The file is read only when a recipient is a local name. */
static void
test_apply(void **state)
{
	struct strlist r = { NULL, 0 };
	char *err = NULL;

	(void)state;
	strlist_add(&r, "j@y.org");
	assert_int_equal(envalias_apply("/nonexistent/aliases", &r, &err), 0);
	strlist_add(&r, "root");
	assert_int_equal(envalias_apply("/nonexistent/aliases", &r, &err), -1);
	assert_non_null(strstr(err, "/nonexistent/aliases"));
	free(err);
	strlist_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_expand),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_apply),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
