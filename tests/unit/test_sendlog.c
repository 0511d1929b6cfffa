/* test_sendlog.c: msmtp's log line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include <cmocka.h>

#include "common.h"
#include "config.h"
#include "acctset.h"
#include "sendlog.h"

static void
test_line(void **state)
{
	const char *rcpts[] = { "jane@example.com", "bob@example.net" };
	struct config_account a;
	struct sendlog_entry e;
	char *line;

	(void)state;
	config_account_init(&a, 1);
	a.host = xstrdup("mail.example.org");
	memset(&e, 0, sizeof(e));
	e.account = &a;
	e.from = "me@example.org";
	e.rcpts = rcpts;
	e.nrcpts = 2;
	e.mailsize = 181;
	e.smtpstatus = 250;
	e.smtpmsg = "2.0.0 OK queued as 'X1'";
	line = sendlog_line(&e);
	assert_string_equal(line, "host=mail.example.org tls=off auth=off "
	    "from=me@example.org recipients=jane@example.com,bob@example.net "
	    "mailsize=181 smtpstatus=250 smtpmsg='250 2.0.0 OK queued as "
	    "?X1?' exitcode=EX_OK");
	free(line);

	/* A failure: no mailsize; the error, sendguard's fields. */
	assert_null(acctset_apply(&a, "tls", "on", "x"));
	assert_null(acctset_apply(&a, "auth", "on", "x"));
	assert_null(acctset_apply(&a, "user", "joe", "x"));
	e.exitcode = EX_NOPERM;
	e.smtpstatus = 0;
	e.errormsg = "a recipient needs your\ndecision";
	e.guard = "john@army.ml:tld-trap:refused";
	e.kept = "/tmp/dead letter";
	line = sendlog_line(&e);
	assert_string_equal(line, "host=mail.example.org tls=on auth=on "
	    "user=joe from=me@example.org recipients=jane@example.com,"
	    "bob@example.net errormsg='a recipient needs your\\ndecision' "
	    "guard='john@army.ml:tld-trap:refused' kept=/tmp/dead_letter "
	    "exitcode=EX_NOPERM");
	free(line);
	config_account_free(&a);
}

/* The file gets the time, then the line; "-" is standard output. */
static void
test_write(void **state)
{
	char path[] = "/tmp/test_sendlog.XXXXXX", buf[512];
	const char *rcpts[] = { "jane@example.com" };
	struct config_account a;
	struct sendlog_entry e;
	FILE *f;
	int fd;

	(void)state;
	assert_true((fd = mkstemp(path)) >= 0);
	close(fd);
	config_account_init(&a, 1);
	a.host = xstrdup("h");
	assert_null(acctset_apply(&a, "logfile", path, "x"));
	assert_null(acctset_apply(&a, "logfile_time_format", "[%Y]", "x"));
	memset(&e, 0, sizeof(e));
	e.account = &a;
	e.from = "me@example.org";
	e.rcpts = rcpts;
	e.nrcpts = 1;
	sendlog_write(&e, NULL);
	f = fopen(path, "r");
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	assert_true(buf[0] == '[' && buf[5] == ']' && buf[6] == ' ');
	assert_non_null(strstr(buf, " host=h tls=off auth=off from="));
	assert_non_null(strstr(buf, "exitcode=EX_OK\n"));
	unlink(path);
	config_account_free(&a);
	assert_string_equal(sendlog_exitname(EX_TEMPFAIL), "EX_TEMPFAIL");
	assert_string_equal(sendlog_exitname(EX_CONFIG), "EX_CONFIG");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line),
		cmocka_unit_test(test_write),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
