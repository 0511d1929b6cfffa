/* test_account.c: choosing and completing the account, as msmtp 1.8.23 does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "common.h"
#include "account.h"
#include "acctset.h"
#include "config.h"
#include "msmtprc.h"

/* Each row was checked against the real msmtp 1.8.23 (-P). */
static void
test_from_matches(void **state)
{
	static const struct {
		const char *pattern, *from;
		int match;
	} cases[] = {
		{ "one@example.org", "one@example.org", 1 },
		{ "one@example.org", "ONE@example.org", 1 },
		{ "one@example.org", "one+tag@example.org", 1 },
		{ "one@example.org", "one+a+b@example.org", 1 },
		{ "one@example.org", "one+@example.org", 1 },
		{ "one@example.org", "one+tag@EXAMPLE.org", 1 },
		{ "one@example.org", "+@example.org", 0 },
		{ "one@example.org", "one@example.org+x", 0 },
		{ "X@Case.Example", "x+t@case.example", 1 },
		{ "x+y@plus2.example", "x+y@plus2.example", 1 },
		{ "x+y@plus2.example", "x+y+z@plus2.example", 0 },
		{ "*@wild.example", "x@wild.example", 1 },
		{ "*@wild.example", "a.b@wild.example", 1 },
		{ "*@wild.example", "a/b@wild.example", 1 },
		{ "*@wild.example", "X@WILD.EXAMPLE", 0 },
		{ "*@wild.example", "x+y@wild.example", 0 },
		{ "*@wild.example", "x+@wild.example", 0 },
		{ "*@wild.example", "x@sub.wild.example", 0 },
		{ "x+*@plus.example", "x+y@plus.example", 1 },
		{ "*+y@t.example", "x+y@t.example", 1 },
		{ "a*+*@e.example", "ab+c@e.example", 1 },
		{ "a*+*@e.example", "abc@e.example", 0 },
		{ "a*@d.example", "ab+c@d.example", 0 },
		{ "[ab]*@set.example", "b1@set.example", 1 },
		{ "[ab]*@set.example", "b1+z@set.example", 0 },
		{ "[+]@s.example", "+@s.example", 1 },
		{ "x[+]y@t2.example", "x+y@t2.example", 1 },
		{ "?@q.example", "a@q.example", 1 },
		{ "?@q.example", "+@q.example", 0 },
		{ "?@q.example", "a+b@q.example", 0 },
		{ "*", "foo@bar", 1 },
		{ "*", "a+b@c", 0 },
		{ "[!a]@n.example", "b@n.example", 1 },
		{ "[!a]@n.example", "a@n.example", 0 },
		{ "[a-c]@r.example", "b@r.example", 1 },
		{ "[a@x", "[a@x", 1 },		/* no ]: a literal [ */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (account_from_matches(cases[i].pattern, cases[i].from) !=
		    cases[i].match)
			fail_msg("%s against %s: want %d", cases[i].from,
			    cases[i].pattern, cases[i].match);
}

static void
load(struct config *c, const char *text)
{
	char *err = NULL;

	config_init(c);
	if (msmtprc_parse(c, text, strlen(text), "rc", NULL, NULL, &err) != 0)
		fail_msg("%s", err);
	c->msmtp_user = xstrdup("rc");
}

static const char rc[] =
    "defaults\nhost smtp.example.org\n"
    "account work\nfrom me@work.example\ndomain work.example\n"
    "account other\nfrom user@other.example\n"
    "account wild\nfrom *@wild.example\n"
    "account default : work\n";

static const char *
pick(const struct config *c, const char *name, const char *from,
    const struct config_account *cmdline, enum account_how *how)
{
	static struct config_account out;
	struct account_request r;
	char *err = NULL;

	config_account_free(&out);
	memset(&r, 0, sizeof(r));
	r.name = name;
	r.from = from;
	r.cmdline = cmdline;
	switch (account_pick(c, &r, &out, how, &err)) {
	case ACCOUNT_OK:
		return out.name != NULL ? out.name : "(command line)";
	case ACCOUNT_NONE:
		return "(none)";
	default:
		assert_non_null(err);
		free(err);
		return "(error)";
	}
}

static void
test_pick(void **state)
{
	struct config c, empty, ini;
	enum account_how how;
	char *err = NULL;

	(void)state;
	load(&c, rc);
	assert_string_equal(pick(&c, "other", NULL, NULL, &how), "other");
	assert_int_equal(how, ACCOUNT_BY_NAME);
	assert_string_equal(pick(&c, "nosuch", NULL, NULL, &how), "(error)");
	assert_string_equal(pick(&c, NULL, "user+x@other.example", NULL, &how),
	    "other");
	assert_int_equal(how, ACCOUNT_BY_FROM);
	assert_string_equal(pick(&c, NULL, "a@wild.example", NULL, &how),
	    "wild");
	assert_string_equal(pick(&c, NULL, "a+b@wild.example", NULL, &how),
	    "default");
	assert_int_equal(how, ACCOUNT_DEFAULT);
	/* The default is work's settings, not the first account like it. */
	assert_string_equal(pick(&c, NULL, NULL, NULL, &how), "default");
	config_free(&c);

	/* No "default" in an msmtprc: an error, as msmtp (no fallback). */
	load(&c, "account first\nhost h\nfrom a@b.c\n");
	assert_string_equal(pick(&c, NULL, NULL, NULL, &how), "(error)");
	assert_string_equal(pick(&c, NULL, "a@b.c", NULL, &how), "first");
	config_free(&c);

	/* sendguard's own file: its first account is the default. */
	config_init(&ini);
	assert_int_equal(config_parse(&ini, "[account one]\nhost = h\n", 23,
	    "cfg", &err), 0);
	assert_string_equal(pick(&ini, NULL, NULL, NULL, &how), "one");
	config_free(&ini);

	/* No account anywhere: ACCOUNT_NONE, or $SMTPSERVER with $EMAIL. */
	config_init(&empty);
	unsetenv("SMTPSERVER");
	assert_string_equal(pick(&empty, NULL, NULL, NULL, &how), "(none)");
	setenv("SMTPSERVER", "localhost", 1);
	setenv("EMAIL", "env@example.org", 1);
	assert_string_equal(pick(&empty, NULL, NULL, NULL, &how),
	    "(command line)");
	assert_int_equal(how, ACCOUNT_BY_ENV);
	unsetenv("SMTPSERVER");
	unsetenv("EMAIL");
	config_free(&empty);
	pick(&empty, NULL, NULL, NULL, &how);	/* frees the last copy */
}

/* Command-line settings override; -f only with allow_from_override. */
static void
test_override(void **state)
{
	struct config c;
	struct config_account cmd, out;
	struct account_request r;
	enum account_how how;
	char *err = NULL;

	(void)state;
	load(&c, "account default\nhost h\nfrom me@x.org\nport 2525\n"
	    "account fixed\nhost h\nfrom me@y.org\nallow_from_override off\n");
	config_account_init(&cmd, 1);
	assert_null(acctset_apply(&cmd, "from", "other@x.org", "-f"));
	assert_null(acctset_apply(&cmd, "tls", "on", "--tls"));
	assert_null(acctset_apply(&cmd, "tls_starttls", "off",
	    "--tls-starttls"));
	memset(&r, 0, sizeof(r));
	r.from = cmd.from;
	r.cmdline = &cmd;
	assert_int_equal(account_pick(&c, &r, &out, &how, &err), ACCOUNT_OK);
	assert_string_equal(out.from, "other@x.org");
	assert_int_equal(out.tls, CONFIG_TLS_TLS);
	assert_int_equal(out.port, 2525);
	config_account_free(&out);
	r.name = "fixed";
	assert_int_equal(account_pick(&c, &r, &out, &how, &err), ACCOUNT_OK);
	assert_string_equal(out.from, "me@y.org");
	config_account_free(&out);
	config_account_free(&cmd);
	config_free(&c);
}

static char *
finish(const char *text, int sendmail, struct config_account *out)
{
	struct config c;
	char *err = NULL;

	load(&c, text);
	config_account_copy(out, &c.accounts[0]);
	config_free(&c);
	if (account_finish(out, sendmail, &err) == 0)
		return NULL;
	return err;
}

static void
test_finish(void **state)
{
	static const struct {
		const char *text, *error;
	} bad[] = {
		{ "account a\nfrom a@b.c\n", "host not set" },
		{ "account a\nhost localhost\n",
		    "envelope-from address is missing" },
		{ "account a\nhost localhost\nfrom *@b.c\n", "is a pattern" },
		{ "account a\nhost localhost\nfrom a@b.c\ntls on\n"
		    "tls_key_file k\n", "tls_key_file requires tls_cert_file" },
		{ "account a\nhost localhost\nfrom a@b.c\ntls on\n"
		    "tls_trust_file\n", "tls requires either tls_trust_file" },
		{ "account a\nhost mail.example.org\nfrom a@b.c\n",
		    "allowed only to localhost" },
		{ "account a\nhost localhost\nfrom a@b.c\ntls on\n"
		    "tls_certcheck off\n", "rc:5: tls_certcheck off is refused" },
		{ "account a\nhost localhost\nprotocol lmtp\nfrom a@b.c\n",
		    "port not set" },
	};
	struct config_account a;
	char *err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err = finish(bad[i].text, 1, &a);
		if (err == NULL || strstr(err, bad[i].error) == NULL)
			fail_msg("case %zu: got %s", i, err != NULL ? err :
			    "no error");
		free(err);
		config_account_free(&a);
	}

	/* Ports, patterns, auto_from, the EHLO name. */
	setenv("USER", "tester", 1);
	setenv("HOSTNAME", "box.example.org", 1);
	assert_null(finish("account a\nhost localhost\nfrom %U@%H\n"
	    "domain mx.%H\n", 1, &a));
	assert_int_equal(a.port, 25);
	assert_string_equal(a.from, "tester@box.example.org");
	assert_string_equal(a.domain, "mx.box.example.org");
	config_account_free(&a);
	assert_null(finish("account a\nhost h\ntls on\ntls_starttls off\n"
	    "auto_from on\nmaildomain example.net\n", 1, &a));
	assert_int_equal(a.port, 465);
	assert_string_equal(a.from, "tester@example.net");
	assert_string_equal(a.domain, "localhost");	/* msmtp's default */
	config_account_free(&a);
	/* -P (not sendmail) shows an account without a sender. */
	assert_null(finish("account a\nhost localhost\n", 0, &a));
	config_account_free(&a);
}

/* The password: password, else passwordeval, else ~/.netrc, /etc/netrc. */
static void
test_resolve(void **state)
{
	char dir[] = "/tmp/test_account.XXXXXX", *path, *err = NULL;
	struct config_account a;
	struct deliver_account d;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	setenv("HOME", dir, 1);
	setenv("SENDGUARD_SYSCONFDIR", dir, 1);
	path = xasprintf("%s/.netrc", dir);
	f = fopen(path, "w");
	fputs("machine h login u password from-netrc\n", f);
	fclose(f);

	assert_null(finish("account a\nhost h\nfrom a@b.c\ntls on\nauth on\n"
	    "user u\n", 1, &a));
	assert_int_equal(account_resolve(&a, &d, &err), 0);
	assert_string_equal(d.password, "from-netrc");
	assert_string_equal(d.user, "u");
	assert_string_equal(d.helo, "localhost");
	account_clear(&d);
	config_account_free(&a);

	assert_null(finish("account a\nhost h\nfrom a@b.c\ntls on\nauth on\n"
	    "user u\npasswordeval echo from-eval\n", 1, &a));
	assert_int_equal(account_resolve(&a, &d, &err), 0);
	assert_string_equal(d.password, "from-eval");
	account_clear(&d);
	config_account_free(&a);

	/* Another login in the netrc: no password, 69's error. */
	assert_null(finish("account a\nhost h\nfrom a@b.c\ntls on\nauth on\n"
	    "user v\n", 1, &a));
	assert_int_equal(account_resolve(&a, &d, &err), ACCOUNT_ENOPASS);
	assert_non_null(strstr(err, "needs a password"));
	free(err);
	err = NULL;
	account_clear(&d);
	config_account_free(&a);

	/* passwordeval printing nothing: a configuration error (78). */
	assert_null(finish("account a\nhost h\nfrom a@b.c\ntls on\nauth on\n"
	    "user u\npasswordeval true\n", 1, &a));
	assert_int_equal(account_resolve(&a, &d, &err), ACCOUNT_ECONFIG);
	assert_string_equal(err, "cannot read output of 'true'");
	free(err);
	account_clear(&d);
	config_account_free(&a);

	/* Without auth on, no AUTH at all, user or not. */
	assert_null(finish("account a\nhost h\nfrom a@b.c\ntls on\nuser u\n"
	    "dsn_notify success\nprotocol lmtp\nport 24\n", 1, &a));
	assert_int_equal(account_resolve(&a, &d, &err), 0);
	assert_null(d.user);
	assert_string_equal(d.dsn_notify, "SUCCESS");
	assert_int_equal(d.protocol, DELIVER_LMTP);
	account_clear(&d);
	config_account_free(&a);

	unlink(path);
	free(path);
	rmdir(dir);
	unsetenv("SENDGUARD_SYSCONFDIR");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_from_matches),
		cmocka_unit_test(test_pick),
		cmocka_unit_test(test_override),
		cmocka_unit_test(test_finish),
		cmocka_unit_test(test_resolve),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
