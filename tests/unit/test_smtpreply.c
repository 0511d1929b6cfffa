/* test_smtpreply.c: SMTP replies and EHLO capabilities (smtpreply_*). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common.h"
#include "sasl.h"
#include "smtpreply.h"

/* Feeds lines (NULL-ended); returns the last smtpreply_line() result. */
static int
feed(struct smtp_reply *r, const char *const *lines)
{
	int rc = 0;

	smtpreply_reset(r);
	for (; *lines != NULL; lines++)
		rc = smtpreply_line(r, *lines, strlen(*lines));
	return rc;
}

static void
test_lines(void **state)
{
	static const char *const multi[] = { "250-mail.example.org", "250-SIZE 10",
	    "250 HELP", NULL };
	static const char *const bare[] = { "354", NULL };
	struct smtp_reply r;

	(void)state;
	smtpreply_init(&r);
	assert_int_equal(feed(&r, multi), 1);
	assert_int_equal(r.code, 250);
	assert_int_equal(r.nlines, 3);
	assert_string_equal(r.text.s, "mail.example.org SIZE 10 HELP");
	assert_string_equal(r.lines.s, "mail.example.org\nSIZE 10\nHELP\n");
	assert_int_equal(feed(&r, bare), 1);
	assert_int_equal(r.code, 354);
	assert_int_equal(smtpreply_line(&r, "250-more", 8), -1); /* new code */
	smtpreply_reset(&r);
	assert_int_equal(smtpreply_line(&r, "25", 2), -1);
	assert_int_equal(smtpreply_line(&r, "2x0 ok", 6), -1);
	assert_int_equal(smtpreply_line(&r, "250:ok", 6), -1);
	assert_int_equal(smtpreply_line(&r, "250-a", 5), 0);
	assert_int_equal(smtpreply_line(&r, "251 b", 5), -1); /* code changed */
	smtpreply_reset(&r);
	assert_int_equal(smtpreply_line(&r, "250 a\0b", 7), -1);
	smtpreply_free(&r);
}

static void
test_too_many_lines(void **state)
{
	struct smtp_reply r;
	int i;

	(void)state;
	smtpreply_init(&r);
	for (i = 0; i < SMTPREPLY_LINES_MAX; i++)
		assert_int_equal(smtpreply_line(&r, "250-x", 5), 0);
	assert_int_equal(smtpreply_line(&r, "250 x", 5), -1);
	smtpreply_free(&r);
}

static int
mech(const char *name)
{
	return sasl_lookup(name);
}

static void
caps(const char *const *lines, struct smtp_caps *c)
{
	struct smtp_reply r;

	smtpreply_init(&r);
	assert_int_equal(feed(&r, lines), 1);
	smtpreply_caps(&r, c, mech);
	smtpreply_free(&r);
}

static void
test_caps(void **state)
{
	static const char *const ehlo[] = { "250-mx PIPELINING in the name",
	    "250-pipelining", "250-SIZE 35882577", "250-8BITMIME",
	    "250-STARTTLS", "250-AUTH=LOGIN PLAIN", "250-AUTH SCRAM-SHA-1-PLUS "
	    "xoauth2 CRAM-MD5", "250-ENHANCEDSTATUSCODES", "250-dsn",
	    "250-SMTPUTF8", "250 ETRN", NULL };
	static const char *const none[] = { "250 mx.example.org", NULL };
	static const char *const badsize[] = { "250-mx", "250-SIZE",
	    "250-SIZE x", "250 SIZE -1", NULL };
	static const char *const zero[] = { "250-mx", "250 SIZE 0", NULL };
	struct smtp_caps c;

	(void)state;
	caps(ehlo, &c);
	assert_int_equal(c.flags, SMTPCAP_STARTTLS | SMTPCAP_DSN |
	    SMTPCAP_PIPELINING | SMTPCAP_SIZE | SMTPCAP_AUTH | SMTPCAP_ETRN |
	    SMTPCAP_SMTPUTF8 | SMTPCAP_8BITMIME);
	assert_int_equal(c.size, 35882577);
	/* msmtp looks for each name inside the AUTH lines: "SCRAM-SHA-1"
	 * is found in "SCRAM-SHA-1-PLUS", and case counts only for the
	 * line (upper-cased first). */
	assert_int_equal(c.auth, 1u << SASL_LOGIN | 1u << SASL_PLAIN |
	    1u << SASL_SCRAM_SHA_1 | 1u << SASL_XOAUTH2 | 1u << SASL_CRAM_MD5);
	caps(none, &c);
	assert_int_equal(c.flags, 0);
	assert_int_equal(c.auth, 0);
	caps(badsize, &c);
	assert_int_equal(c.flags, 0);
	caps(zero, &c);
	assert_int_equal(c.flags, SMTPCAP_SIZE);
	assert_int_equal(c.size, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_too_many_lines),
		cmocka_unit_test(test_caps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
