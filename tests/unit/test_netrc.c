/* test_netrc.c: ~/.netrc read as msmtp (fetchmail's parser) reads it. */
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
#include "netrc.h"

static const char *
find(const char *text, const char *host, const char *login)
{
	static char found[256];
	struct netrc l;
	const char *pw;

	netrc_parse(text, strlen(text), &l);
	pw = netrc_find(&l, host, login);
	snprintf(found, sizeof(found), "%s", pw != NULL ? pw : "(none)");
	netrc_free(&l);
	return found;
}

static void
test_tokens(void **state)
{
	static const char text[] =
	    "# a comment line\n"
	    "machine mail.example.org login joe password s3cret\n"
	    "machine   spread.example\n  login\tann\n  password \"two words\"\n"
	    "machine quoted.example login 'q u' passwd 'it''s'\n"
	    "machine nolog.example password lonely\n"
	    "default login joe password fallback\n"
	    "machine mac.example login m macdef init\n"
	    "password inside-the-macro\n"
	    "\n"
	    "machine after.example login z password after # trailing\n"
	    "machine mail.example.org login joe password second\n";

	(void)state;
	assert_string_equal(find(text, "mail.example.org", "joe"), "s3cret");
	assert_string_equal(find(text, "spread.example", "ann"), "two words");
	assert_string_equal(find(text, "quoted.example", "q u"), "its");
	/* An entry without a login is dropped; "default" never matches. */
	assert_string_equal(find(text, "nolog.example", ""), "(none)");
	assert_string_equal(find(text, "other.example", "joe"), "(none)");
	/* A macro runs to the next empty line. */
	assert_string_equal(find(text, "mac.example", "m"), "(none)");
	assert_string_equal(find(text, "after.example", "z"), "after");
	/* The host and the login must be equal, case and all. */
	assert_string_equal(find(text, "MAIL.example.org", "joe"), "(none)");
	assert_string_equal(find(text, "mail.example.org", "Joe"), "(none)");
	/* Junk does not crash: a premature password, a lone machine. */
	assert_string_equal(find("password x\nmachine", "x", "y"), "(none)");
	assert_string_equal(find("", "x", "y"), "(none)");
	assert_string_equal(find("machine h login u password p\r\n", "h", "u"),
	    "p");
}

/* ~/.netrc first, then SYSCONFDIR/netrc; $NETRC is not read (msmtp). */
static void
test_lookup_order(void **state)
{
	char dir[] = "/tmp/test_netrc.XXXXXX", *home, *sys, *pw;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	home = xasprintf("%s/.netrc", dir);
	sys = xasprintf("%s/netrc", dir);
	setenv("HOME", dir, 1);
	setenv("SENDGUARD_SYSCONFDIR", dir, 1);
	setenv("NETRC", sys, 1);
	f = fopen(sys, "w");
	fputs("machine h login u password system\n"
	    "machine s login u password only-system\n", f);
	fclose(f);
	assert_null(netrc_password("h", "x"));
	pw = netrc_password("h", "u");
	assert_string_equal(pw, "system");
	free(pw);
	f = fopen(home, "w");
	fputs("machine h login u password home\n", f);
	fclose(f);
	pw = netrc_password("h", "u");
	assert_string_equal(pw, "home");
	free(pw);
	pw = netrc_password("s", "u");
	assert_string_equal(pw, "only-system");
	free(pw);
	unlink(sys);
	unlink(home);
	setenv("NETRC", home, 1);
	assert_null(netrc_password("h", "u"));
	unsetenv("NETRC");
	unsetenv("SENDGUARD_SYSCONFDIR");
	rmdir(dir);
	free(home);
	free(sys);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_lookup_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
