/* test_msghead.c: a header as a list of fields (msghead_*). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common.h"
#include "msghead.h"

static char *
written(const struct msghead *h)
{
	struct buf b;

	buf_init(&b);
	msghead_write(h, &b);
	return b.len > 0 ? buf_take(&b) : xstrdup("");
}

/* Continuation lines join their field; every copy is found. */
static void
test_parse_get(void **state)
{
	static const char in[] = "To: a@x.org,\n  b@y.org\r\nCc: c@z.org\n"
	    "to: d@w.org\nno colon here\n\nbody";
	struct msghead h;
	char *all;

	(void)state;
	memset(&h, 0, sizeof(h));
	msghead_parse(&h, in, sizeof(in) - 1);
	assert_int_equal(h.nfields, 4);
	assert_int_equal(h.nall, 4);
	assert_string_equal(msghead_get(&h, "TO"), "a@x.org,  b@y.org");
	all = msghead_get_all(&h, "to");
	assert_string_equal(all, "a@x.org,  b@y.org, d@w.org");
	free(all);
	assert_null(msghead_get(&h, "Subject"));
	assert_null(msghead_get_all(&h, "Subject"));
	assert_string_equal(h.fields[3].name, "");
	msghead_free(&h);
}

/* Added fields go first; a set field replaces every copy, the added ones
 * too; msmtp's drops leave the message's own out but not the added. */
static void
test_add_set_write(void **state)
{
	static const char in[] = "From: o@x.org\nTo: t@x.org\nBcc: b@x.org\n"
	    "X-A: 1\n\n";
	struct msghead h;
	char *out;

	(void)state;
	memset(&h, 0, sizeof(h));
	msghead_parse(&h, in, sizeof(in) - 1);
	msghead_add(&h, "From", "me@x.org", 0);
	msghead_add(&h, "To", "undisclosed-recipients:;", 0);
	h.drop_from = h.drop_tocc = h.drop_bcc = 1;
	assert_string_equal(msghead_get(&h, "From"), "o@x.org");
	assert_int_equal(msghead_set(&h, "X-A", "2"), 0);
	assert_string_equal(msghead_get(&h, "x-a"), "2");
	assert_int_equal(msghead_set(&h, "X-B", "a\r"), -1);
	assert_int_equal(msghead_set(&h, "", "a"), -1);
	out = written(&h);
	assert_string_equal(out, "From: me@x.org\r\nTo: "
	    "undisclosed-recipients:;\r\nX-A: 2\r\n\r\n");
	free(out);
	/* Reset: the message's own fields, nothing left out. */
	msghead_reset(&h);
	assert_int_equal(h.nall, h.nfields);
	out = written(&h);
	assert_string_equal(out, "From: o@x.org\r\nTo: t@x.org\r\n"
	    "Bcc: b@x.org\r\nX-A: 1\r\n\r\n");
	free(out);
	msghead_free(&h);
}

/* Folding at blanks before column 78, only when asked. */
static void
test_fold(void **state)
{
	struct msghead h;
	char *v, *out;

	(void)state;
	memset(&h, 0, sizeof(h));
	v = xasprintf("%070d %070d", 1, 2);
	msghead_add(&h, "X-Long", v, 1);
	msghead_add(&h, "X-Flat", v, 0);
	out = written(&h);
	assert_non_null(strstr(out, "X-Long: 000"));
	assert_non_null(strstr(out, "0001\r\n\t000"));
	assert_non_null(strstr(out, "X-Flat: 000"));
	assert_non_null(strstr(out, "0001 000"));
	assert_string_equal(msghead_get(&h, "X-Long"), v);
	free(out);
	free(v);
	msghead_free(&h);
}

/* Recipients rewritten in To and Cc only, keeping the rest as written. */
static void
test_rewrite(void **state)
{
	static const char in[] = "To: \"Doe, J\" <j@army.ml>, k@x.org\n"
	    "Cc: j@ARMY.ML\nReply-To: j@army.ml\n\n";
	struct msghead h;

	(void)state;
	memset(&h, 0, sizeof(h));
	msghead_parse(&h, in, sizeof(in) - 1);
	assert_int_equal(msghead_rewrite(&h, "j@army.ml", "j@army.mil"), 2);
	assert_string_equal(msghead_get(&h, "To"),
	    "\"Doe, J\" <j@army.mil>, k@x.org");
	assert_string_equal(msghead_get(&h, "Reply-To"), "j@army.ml");
	assert_int_equal(msghead_rewrite(&h, "k@x.org", NULL), 1);
	assert_null(strstr(msghead_get(&h, "To"), "k@x.org"));
	msghead_free(&h);
}

/* Members of a group are rewritten and removed; the group stays. */
static void
test_rewrite_group(void **state)
{
	static const char in[] = "To: Team: j@army.ml, \"x;y\" <k@x.org>;,"
	    " l@y.org\nCc: \"a:b\" <j@army.ml>, Empty:;\n"
	    "Resent-To: (c:d) j@army.ml (,;)\n\n";
	struct msghead h;

	(void)state;
	memset(&h, 0, sizeof(h));
	msghead_parse(&h, in, sizeof(in) - 1);
	assert_int_equal(msghead_rewrite(&h, "j@army.ml", "j@army.mil"), 3);
	assert_string_equal(msghead_get(&h, "To"),
	    "Team: j@army.mil, \"x;y\" <k@x.org>;, l@y.org");
	assert_string_equal(msghead_get(&h, "Cc"),
	    "\"a:b\" <j@army.mil>, Empty:;");
	assert_string_equal(msghead_get(&h, "Resent-To"),
	    "(c:d) j@army.mil (,;)");
	assert_int_equal(msghead_rewrite(&h, "k@x.org", NULL), 1);
	assert_string_equal(msghead_get(&h, "To"),
	    "Team: j@army.mil;, l@y.org");
	assert_int_equal(msghead_rewrite(&h, "J@army.mil", NULL), 3);
	assert_string_equal(msghead_get(&h, "To"), "Team:;, l@y.org");
	assert_int_equal(msghead_rewrite(&h, "l@y.org", "m@y.org"), 1);
	assert_string_equal(msghead_get(&h, "To"), "Team:;, m@y.org");
	msghead_free(&h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_get),
		cmocka_unit_test(test_add_set_write),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_rewrite),
		cmocka_unit_test(test_rewrite_group),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
