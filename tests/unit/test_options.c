/* test_options.c: msmtp's command line for sendmail mode. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common.h"
#include "acctset.h"
#include "options.h"

/* Parses a NULL-terminated argv; returns 0 or -1 with *err. */
static int
parse(struct options *o, char **err, ...)
{
	char *argv[32];
	va_list ap;
	int argc = 0;

	argv[argc++] = (char *)"sendguard";
	va_start(ap, err);
	while ((argv[argc] = va_arg(ap, char *)) != NULL)
		argc++;
	va_end(ap);
	*err = NULL;
	return options_parse(argc, argv, o, err);
}

static void
test_msmtp_options(void **state)
{
	struct options o;
	char *err;

	(void)state;
	assert_int_equal(parse(&o, &err, "-oi", "-oem", "-B8BITMIME", "-i",
	    "-f", "me@example.org", "-N", "failure,delay", "-R", "hdrs",
	    "-F", "Joe", "-a", "work", "-C", "/rc", "-X", "/log", "-t", "-d",
	    "--", "jane@example.com", NULL), 0);
	assert_string_equal(o.cmdline.from, "me@example.org");
	assert_string_equal(o.cmdline.dsn_notify, "FAILURE,DELAY");
	assert_string_equal(o.cmdline.dsn_return, "HDRS");
	assert_string_equal(o.cmdline.logfile, "/log");
	assert_string_equal(o.fullname, "Joe");
	assert_string_equal(o.account, "work");
	assert_string_equal(o.config, "/rc");
	assert_true(o.read_recipients && o.debug);
	assert_true(o.cmdline.set & ACCTSET_BIT(ACCTSET_FROM));
	assert_int_equal(o.first, 22);
	options_free(&o);

	/* Long forms, optional arguments, a permuted recipient. */
	assert_int_equal(parse(&o, &err, "jane@example.com", "--host=mx",
	    "--port=2525", "--tls", "--tls-starttls=off", "--auth=plain",
	    "--user=u", "--passwordeval=pass x", "--domain=client.example",
	    "--timeout=off", "--syslog", "--aliases=/etc/aliases",
	    "--read-recipients", "--undisclosed-recipients",
	    "--set-from-header=on", "--remove-bcc-headers=off", "-P", NULL), 0);
	assert_true(o.host && o.pretend && o.read_recipients);
	assert_string_equal(o.cmdline.host, "mx");
	assert_int_equal(o.cmdline.port, 2525);
	assert_int_equal(o.cmdline.tls, CONFIG_TLS_TLS);
	assert_string_equal(o.cmdline.auth_method, "plain");
	assert_string_equal(o.cmdline.syslog, "LOG_USER");
	assert_int_equal(o.cmdline.undisclosed_recipients, 1);
	assert_int_equal(o.cmdline.set_from_header, CONFIG_HDR_ON);
	assert_int_equal(o.cmdline.remove_bcc_headers, 0);
	assert_int_equal(o.cmdline.timeout, 0);
	assert_int_equal(o.first, 17);
	options_free(&o);

	/* '<>' is the null sender; -bp lists the queue; --version anywhere. */
	assert_int_equal(parse(&o, &err, "-f", "<>", "-bp", "-t", "--version",
	    NULL), 0);
	assert_string_equal(o.cmdline.from, "");
	assert_true(o.list_queue && o.version);
	options_free(&o);
}

static void
test_errors(void **state)
{
	static const struct {
		const char *a, *b, *error;
	} cases[] = {
		{ "--colour=blue", NULL, "unknown option --colour" },
		{ "--bogus", NULL, "unknown option --bogus" },
		{ "-Q", NULL, "unknown option -Q" },
		{ "-tQ", NULL, "unknown option -Q" },
		{ "--host", NULL, "option --host needs an argument" },
		{ "-f", NULL, "option -f needs an argument" },
		{ "--version=1", NULL, "option --version takes no argument" },
		{ "--port=abc", NULL, "invalid argument abc for --port" },
		{ "--dsn-notify=sometimes", NULL,
		    "invalid argument sometimes for --dsn-notify" },
		{ "-R", "all", "invalid argument all for --dsn-return" },
		{ "-bs", NULL, "unsupported operation mode bs" },
		{ "-a", "x", NULL },
		{ "--host=h", "-ax", "cannot use both --host and --account" },
		{ "-fa@b", "--read-envelope-from",
		    "cannot use both --from and --read-envelope-from" },
		{ "--rmqs=h", NULL, "--rmqs=h is not supported" },
	};
	struct options o;
	char *err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (cases[i].error == NULL) {
			assert_int_equal(parse(&o, &err, cases[i].a,
			    cases[i].b, NULL), 0);
			options_free(&o);
			continue;
		}
		assert_int_equal(parse(&o, &err, cases[i].a, cases[i].b,
		    NULL), -1);
		if (strncmp(err, cases[i].error, strlen(cases[i].error)) != 0)
			fail_msg("case %zu: got \"%s\"", i, err);
		free(err);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_msmtp_options),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
