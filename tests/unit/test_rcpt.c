/* test_rcpt.c: the recipients of sendmail mode, found as msmtp finds them. */
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
#include "transport.h"
#include "rcpt.h"

/* The addresses found, joined by spaces ("?" for an unreadable one). */
static char *
collect(const char *msg, int t, char **args, int nargs)
{
	struct message *m = message_from_bytes(msg, strlen(msg));
	struct rcpts l;
	struct buf b;
	size_t i;

	rcpt_collect(args, nargs, m, t, &l);
	buf_init(&b);
	for (i = 0; i < l.n; i++)
		buf_addf(&b, "%s%s", i > 0 ? " " : "", l.v[i].address != NULL ?
		    l.v[i].address : "?");
	rcpt_free(&l);
	message_free(m);
	return buf_take(&b);
}

static void
test_headers(void **state)
{
	char *args[] = { (char *)"Joe <joe@x.org>, ann@y.org",
	    (char *)"Team: a@t.org, \"Q, R\" <b@t.org>;" };
	char *out;

	(void)state;
	/* Arguments are address lists; without -t the header is not read. */
	out = collect("To: h@x.org\n\nbody\n", 0, args, 2);
	assert_string_equal(out, "joe@x.org ann@y.org a@t.org b@t.org");
	free(out);
	/* -t: To, Cc, Bcc (folded), after the arguments; empty groups give
	 * nobody. */
	out = collect("From: me@x.org\nTo: undisclosed-recipients:;\n"
	    "Cc: c@x.org,\n  d@x.org\nBcc: e@x.org\nSubject: s\n\nTo: no@x.org\n",
	    1, args, 1);
	assert_string_equal(out, "joe@x.org ann@y.org c@x.org d@x.org "
	    "e@x.org");
	free(out);
	/* A Resent- block: only its Resent-To/Cc/Bcc count. */
	out = collect("Resent-From: r@x.org\nResent-To: rt@x.org\n"
	    "Resent-Date: x\nResent-Bcc: rb@x.org\nFrom: o@x.org\n"
	    "To: ot@x.org\nResent-Cc: late@x.org\n\nbody\n", 1, NULL, 0);
	assert_string_equal(out, "rt@x.org rb@x.org");
	free(out);
	/* Resent- fields but no Resent-To: nobody from the header (checked
	 * with msmtp 1.8.23: "no recipients found"); a second block does
	 * not count. */
	out = collect("Resent-Date: x\nTo: t@x.org\n\nbody\n", 1, NULL, 0);
	assert_string_equal(out, "");
	free(out);
	out = collect("Resent-To: r@x.org\nResent-Date: d\nResent-Cc: c@x.org\n"
	    "X-Other: y\nResent-Bcc: late@x.org\n\nb\n", 1, NULL, 0);
	assert_string_equal(out, "r@x.org c@x.org");
	free(out);
}

static void
test_header_from(void **state)
{
	struct message *m;
	char *a;

	(void)state;
	m = message_from_bytes("To: x@y.org\nFrom: Me <me@x.org>\n\n", 33);
	a = rcpt_header_from(m);
	assert_string_equal(a, "me@x.org");
	free(a);
	message_free(m);
	/* msmtp 1.8.23 reads no Resent-From. */
	m = message_from_bytes("Resent-From: r@x.org\nFrom: o@x.org\n\n", 36);
	a = rcpt_header_from(m);
	assert_string_equal(a, "o@x.org");
	free(a);
	message_free(m);
	m = message_from_bytes("Subject: none\n\n", 15);
	assert_null(rcpt_header_from(m));
	message_free(m);
}

static void
test_aliases(void **state)
{
	char path[] = "/tmp/test_rcpt.XXXXXX", *err = NULL;
	char *args[] = { (char *)"root", (char *)"Boss <boss>",
	    (char *)"j@y.org", (char *)"nobody" };
	struct message *m = message_from_bytes("\n", 1);
	struct rcpts l;
	int fd;

	(void)state;
	assert_true((fd = mkstemp(path)) >= 0);
	assert_true(write(fd, "root: a@x.org, b@x.org\nboss: boss@x.org\n",
	    40) == 40);
	close(fd);
	rcpt_collect(args, 4, m, 0, &l);
	assert_int_equal(l.n, 4);
	assert_string_equal(l.v[1].address, "boss");
	assert_int_equal(rcpt_aliases(&l, path, &err), 0);
	assert_int_equal(l.n, 5);
	assert_string_equal(l.v[0].address, "b@x.org");
	assert_string_equal(l.v[1].address, "a@x.org");
	assert_string_equal(l.v[2].field, "boss@x.org");
	assert_string_equal(l.v[3].address, "j@y.org");
	/* A name the file does not know stays as written. */
	assert_string_equal(l.v[4].field, "nobody");
	rcpt_free(&l);
	unlink(path);
	rcpt_collect(args, 1, m, 0, &l);
	assert_int_equal(rcpt_aliases(&l, path, &err), -1);
	assert_non_null(err);
	free(err);
	rcpt_free(&l);
	message_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_headers),
		cmocka_unit_test(test_header_from),
		cmocka_unit_test(test_aliases),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
