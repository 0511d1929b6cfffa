/* test_msmtprc.c: reading msmtp's configuration file. */
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
#include "config.h"
#include "msmtprc.h"

/* Shaped like the example in msmtp's manual, with mutt users' habits. */
static const char real_rc[] =
    "# Set default values for all following accounts.\n"	/* 1 */
    "defaults\n"
    "auth           on\n"
    "tls            on\n"
    "tls_trust_file /etc/ssl/certs/ca-certificates.crt\n"	/* 5 */
    "logfile        ~/.msmtp.log\n"
    "\n"
    "# Gmail\n"
    "account        gmail\n"				/* 9 */
    "host           smtp.gmail.com\n"
    "port           587\n"
    "from           joe.smith@gmail.com\n"
    "user           joe.smith@gmail.com\n"
    "passwordeval   \"pass show mail/gmail | head -n 1\"\n"
    "\n"
    "  # Work: the same settings, another server\n"
    "account        work : gmail\n"			/* 17 */
    "host           mail.work.example\n"
    "from           *@work.example\n"
    "\n"
    "# Set a default account\n"
    "account default : gmail\n";				/* 22 */

/* An eval for tests: "echo WORDS" prints WORDS, "fail" prints nothing. */
static char *
fake_eval(void *arg, const char *cmd, char **errstr)
{
	(*(int *)arg)++;
	if (strncmp(cmd, "echo ", 5) == 0)
		return xstrdup(cmd + 5);
	if (strcmp(cmd, "echo") == 0)
		return xstrdup("");
	*errstr = xasprintf("cannot read output of '%s'", cmd);
	return NULL;
}

static int evals;

static int
parse(struct config *c, const char *text, char **err)
{
	config_init(c);
	*err = NULL;
	return msmtprc_parse(c, text, strlen(text), "rc", fake_eval, &evals,
	    err);
}

/* Parses text that must be valid; fails the test with the error if not. */
static void
parse_ok(struct config *c, const char *text)
{
	char *err;

	if (parse(c, text, &err) != 0)
		fail_msg("unexpected error: %s", err);
}

static void
test_real_file(void **state)
{
	struct config c;
	const struct config_account *a;

	(void)state;
	parse_ok(&c, real_rc);
	assert_int_equal(c.naccounts, 3);
	a = &c.accounts[0];
	assert_string_equal(a->name, "gmail");
	assert_int_equal(a->line, 9);
	assert_string_equal(a->host, "smtp.gmail.com");
	assert_int_equal(a->port, 587);
	assert_int_equal(a->tls, CONFIG_TLS_STARTTLS);
	assert_string_equal(a->tls_trust_file,
	    "/etc/ssl/certs/ca-certificates.crt");
	assert_string_equal(a->logfile, "~/.msmtp.log");
	assert_string_equal(a->from, "joe.smith@gmail.com");
	assert_string_equal(a->user, "joe.smith@gmail.com");
	assert_string_equal(a->passwordeval, "pass show mail/gmail | head -n 1");
	assert_null(a->password);
	assert_int_equal(a->timeout, 0);

	a = &c.accounts[1];
	assert_string_equal(a->name, "work");
	assert_int_equal(a->line, 17);
	assert_string_equal(a->host, "mail.work.example");
	assert_string_equal(a->from, "*@work.example");
	assert_int_equal(a->port, 587);
	assert_string_equal(a->user, "joe.smith@gmail.com");
	assert_string_equal(a->passwordeval, "pass show mail/gmail | head -n 1");
	assert_int_equal(a->tls, CONFIG_TLS_STARTTLS);

	/* account default : gmail is gmail under another name. */
	a = &c.accounts[2];
	assert_string_equal(a->name, "default");
	assert_int_equal(a->line, 22);
	assert_string_equal(a->host, "smtp.gmail.com");
	assert_string_equal(a->from, "joe.smith@gmail.com");
	assert_string_equal(a->user, "joe.smith@gmail.com");
	assert_string_equal(a->passwordeval, c.accounts[0].passwordeval);
	assert_string_equal(a->logfile, "~/.msmtp.log");
	assert_int_equal(a->port, 587);
	config_free(&c);
}

/*
 * tls (off by default) and tls_starttls (on by default); the port stays 0
 * unless given (account_finish() gives msmtp's default).
 */
static void
test_tls_modes(void **state)
{
	struct config c;

	(void)state;
	parse_ok(&c, "account plain\nhost localhost\n"
	    "account starttls\nhost h\ntls on\n"
	    "account smtps\nhost h\ntls\ntls_starttls off\n"
	    "account old\nhost h\ntls on\ntls_nostarttls\nport 2465\n"
	    "account off\nhost h\ntls off\ntls_starttls off\n"
	    "account empty\nhost h\ntls\ntls_starttls\n");
	assert_int_equal(c.naccounts, 6);
	assert_int_equal(c.accounts[0].tls, CONFIG_TLS_OFF);
	assert_int_equal(c.accounts[0].port, 0);
	assert_int_equal(c.accounts[1].tls, CONFIG_TLS_STARTTLS);
	assert_int_equal(c.accounts[2].tls, CONFIG_TLS_TLS);
	assert_int_equal(c.accounts[3].tls, CONFIG_TLS_TLS);
	assert_int_equal(c.accounts[3].port, 2465);
	assert_int_equal(c.accounts[4].tls, CONFIG_TLS_OFF);
	assert_int_equal(c.accounts[5].tls, CONFIG_TLS_STARTTLS);
	config_free(&c);
}

/* msmtp authenticates only with auth on (or a method). */
static void
test_auth(void **state)
{
	struct config c;

	(void)state;
	parse_ok(&c, "defaults\nauth off\n"
	    "account a\nhost h\nuser u\npassword p\n"
	    "account b\nhost h\nuser u\nauth plain\n"
	    "account c : b\nauth off\n"
	    "defaults\nauth\n"
	    "account d\nhost h\nuser u\n"
	    "account e\nhost h\nuser\n");
	assert_int_equal(c.naccounts, 5);
	assert_int_equal(c.accounts[0].auth, 0);
	assert_string_equal(c.accounts[0].password, "p");
	assert_int_equal(c.accounts[1].auth, 1);
	assert_string_equal(c.accounts[1].auth_method, "plain");
	assert_int_equal(c.accounts[2].auth, 0);
	assert_null(c.accounts[2].auth_method);
	assert_int_equal(c.accounts[3].auth, 1);
	assert_null(c.accounts[3].auth_method);		/* choose */
	assert_string_equal(c.accounts[3].user, "u");
	assert_null(c.accounts[4].user);		/* an empty user unsets */
	config_free(&c);

	parse_ok(&c, "account noauth\nhost h\nuser u\n");
	assert_int_equal(c.accounts[0].auth, 0);	/* off by default */
	config_free(&c);
}

/*
 * An account takes the defaults in force where it starts, then what its
 * parents set themselves (later parents win), then its own lines.
 */
static void
test_inheritance(void **state)
{
	struct config c;

	(void)state;
	parse_ok(&c, "defaults\nport 1\n"
	    "account p\nhost hp\nport 3\n"
	    "defaults\nport 2\nfrom d@x\n"
	    "account q\nhost hq\nfrom q@x\n"
	    "account x : p, q\n"
	    "account y : p\n"
	    "account z : x\nhost hz\n"
	    "account w : q,p\nport 9\n");
	assert_int_equal(c.naccounts, 6);
	assert_int_equal(c.accounts[0].port, 3);
	assert_null(c.accounts[0].from);	/* defaults came later */
	/* x: host from q (the later parent), port 3 set by p itself. */
	assert_string_equal(c.accounts[2].host, "hq");
	assert_int_equal(c.accounts[2].port, 3);
	assert_string_equal(c.accounts[2].from, "q@x");
	/* y: p did not set from, so the defaults in force for y hold. */
	assert_string_equal(c.accounts[3].host, "hp");
	assert_string_equal(c.accounts[3].from, "d@x");
	/* z: what x inherited counts as set by x. */
	assert_string_equal(c.accounts[4].host, "hz");
	assert_int_equal(c.accounts[4].port, 3);
	assert_string_equal(c.accounts[4].from, "q@x");
	/* w: p comes last and wins the host; its own port wins over all. */
	assert_string_equal(c.accounts[5].host, "hp");
	assert_int_equal(c.accounts[5].port, 9);
	assert_string_equal(c.accounts[5].from, "q@x");
	config_free(&c);
}

/* Quotes keep blanks; msmtp takes what is inside them as it is. */
static void
test_quotes(void **state)
{
	struct config c;

	(void)state;
	parse_ok(&c, "account \"q\"\n"
	    "host \"smtp.example.org\"\n"
	    "from \"Joe Smith@example.org\"\n"
	    "auth on\n"
	    "user \"  spaced  \"\n"
	    "password \"a\\\"b\\\\c\"\n"
	    "passwordeval   gpg -q -d \"$HOME/.pw.gpg\"   \t\n"
	    "logfile \"\"\n"
	    "tls_trust_file \"\n"
	    "\tport\t\"465\"\r\n");
	assert_string_equal(c.accounts[0].name, "q");
	assert_string_equal(c.accounts[0].host, "smtp.example.org");
	assert_string_equal(c.accounts[0].from, "Joe Smith@example.org");
	assert_string_equal(c.accounts[0].user, "  spaced  ");
	assert_string_equal(c.accounts[0].password, "a\\\"b\\\\c");
	assert_string_equal(c.accounts[0].passwordeval,
	    "gpg -q -d \"$HOME/.pw.gpg\"");
	assert_null(c.accounts[0].logfile);
	assert_string_equal(c.accounts[0].tls_trust_file, "\"");
	assert_int_equal(c.accounts[0].port, 465);
	config_free(&c);
}

/* Settings before any section make an account "default", as in msmtp. */
static void
test_before_first_account(void **state)
{
	struct config c;
	char *err;

	(void)state;
	parse_ok(&c, "# old style\nhost mail.example.org\nfrom me@example.org\n"
	    "account other\nhost h\n");
	assert_int_equal(c.naccounts, 2);
	assert_string_equal(c.accounts[0].name, "default");
	assert_int_equal(c.accounts[0].line, 2);
	assert_string_equal(c.accounts[0].host, "mail.example.org");
	config_free(&c);

	assert_int_equal(parse(&c, "host a\naccount default\n", &err),
	    CONFIG_EPARSE);
	assert_string_equal(err, "rc:2: account default was already defined");
	free(err);
	config_free(&c);
}

static void
test_misc_values(void **state)
{
	struct config c;

	(void)state;
	parse_ok(&c, "account a\nhost h\ntimeout off\ntls_trust_file system\n"
	    "logfile -\n"
	    "account b\nhost h\ntimeout 30\nport 0x1d\n"
	    "account c\nhost h\nconnect_timeout 017\n");
	assert_int_equal(c.accounts[0].timeout, 0);
	assert_null(c.accounts[0].tls_trust_file);
	assert_string_equal(c.accounts[0].logfile, "-");	/* stdout */
	assert_int_equal(c.accounts[1].timeout, 30);
	assert_int_equal(c.accounts[1].port, 29);	/* strtol base 0 */
	assert_int_equal(c.accounts[2].timeout, 15);
	config_free(&c);
}

/*
 * Every msmtp command is taken with msmtp's meaning; those sendguard
 * cannot honour are noted on the account (refused when it is used), so
 * that the other accounts of the file still work.
 */
static void
test_settings(void **state)
{
	struct config c;
	const struct config_account *a;

	(void)state;
	parse_ok(&c, "defaults\ntls on\n"
	    "tls_fingerprint 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF"
	    ":00:11:22:33\ndomain %H.example.org\nmaildomain x\n"
	    "dsn_notify failure,delay\ndsn_return headers\n"
	    "tls_key_file k\ntls_cert_file c\ntls_host_override x\n"
	    "tls_force_sslv3 off\nprotocol lmtp\nkeepbcc\nsyslog LOG_MAIL\n"
	    "aliases /etc/aliases\nset_from_header on\nset_date_header off\n"
	    "set_msgid_header off\nundisclosed_recipients\n"
	    "logfile_time_format %Y\nauto_from off\nsource_ip 10.0.0.1\n"
	    "proxy_port 9050\nproxy_host\nsocket /x\n"
	    "add_missing_date_header on\nallow_from_override off\n"
	    "tls_crl_file\ntls_priorities\n"
	    "account a\nhost h\n"
	    "account old\nhost h\ntls_certcheck off\n"
	    "account crl : a\ntls_crl_file /crl.pem\n"
	    "account proxy : old\nproxy_host 127.0.0.1\n");
	assert_int_equal(c.naccounts, 4);
	a = &c.accounts[0];
	assert_int_equal(a->tls, CONFIG_TLS_STARTTLS);
	assert_null(a->tls_trust_file);
	assert_string_equal(a->domain, "%H.example.org");
	assert_string_equal(a->dsn_notify, "FAILURE,DELAY");
	assert_string_equal(a->dsn_return, "HDRS");
	assert_int_equal(a->lmtp, 1);
	assert_int_equal(a->remove_bcc_headers, 0);
	assert_string_equal(a->syslog, "LOG_MAIL");
	assert_int_equal(a->set_from_header, CONFIG_HDR_ON);
	assert_int_equal(a->set_date_header, CONFIG_HDR_AUTO);
	assert_int_equal(a->set_msgid_header, CONFIG_HDR_OFF);
	assert_int_equal(a->undisclosed_recipients, 1);
	assert_int_equal(a->allow_from_override, 0);
	assert_string_equal(a->socket, "/x");
	assert_null(a->refused);
	assert_non_null(c.accounts[1].refused);
	assert_non_null(strstr(c.accounts[1].refused, "rc:34: tls_certcheck "
	    "off is refused"));
	assert_non_null(strstr(c.accounts[2].refused, "rc:36: tls_crl_file"));
	/* Inherited with what it inherits: the first reason holds. */
	assert_non_null(strstr(c.accounts[3].refused, "rc:34:"));
	config_free(&c);
}

/* eval lines become the first line their command prints (msmtp's). */
static void
test_eval(void **state)
{
	struct config c;
	char *err;

	(void)state;
	evals = 0;
	parse_ok(&c, "eval echo account default\n"
	    "eval echo host evalhost\n"
	    "  eval   echo   from e@x.org  \n"
	    "eval echo # a comment\n"
	    "eval echo\n");
	assert_int_equal(evals, 5);
	assert_int_equal(c.naccounts, 1);
	assert_string_equal(c.accounts[0].host, "evalhost");
	assert_string_equal(c.accounts[0].from, "e@x.org");
	config_free(&c);

	/* What an eval prints is not evaluated again. */
	assert_int_equal(parse(&c, "account a\neval echo eval echo host x\n",
	    &err), CONFIG_EPARSE);
	assert_string_equal(err, "rc:2: unknown command eval");
	free(err);
	config_free(&c);
	/* A command that prints nothing is an I/O error, as in msmtp (74). */
	assert_int_equal(parse(&c, "account a\neval fail\n", &err),
	    CONFIG_EIO);
	assert_string_equal(err, "rc:2: cannot read output of 'fail'");
	free(err);
	config_free(&c);
	assert_int_equal(parse(&c, "account a\neval\n", &err), CONFIG_EPARSE);
	assert_string_equal(err, "rc:2: command eval needs an argument");
	free(err);
	config_free(&c);
	/* Without a runner (a fuzzer, say), eval is refused. */
	config_init(&c);
	assert_int_equal(msmtprc_parse(&c, "eval echo host x\n", 17, "rc",
	    NULL, NULL, &err), CONFIG_EPARSE);
	assert_string_equal(err, "rc:1: eval is not allowed here");
	free(err);
	config_free(&c);
}

/* Each broken text fails with the line it names, and c stays empty. */
static void
test_errors(void **state)
{
	static const struct {
		const char *text;
		const char *msg;
	} cases[] = {
		{ "account a\nhost h\nbogus 1\n", "rc:3: unknown command bogus" },
		{ "account a\nenvelope_from on\n",
		    "rc:2: unknown command envelope_from" },
		{ "account a\nTLS on\n", "rc:2: unknown command TLS" },
		{ "account a\nhost=h\n", "rc:2: unknown command host=h" },
		{ "\n\naccount\n", "rc:3: account without a name" },
		{ "account   \"\"  \n", "rc:1: account without a name" },
		{ "account : a\n", "rc:1: account without a name" },
		{ "account a\naccount b : c\n",
		    "rc:2: account c to inherit from is not defined (yet)" },
		{ "account b : b\n", "rc:1: account b to inherit from is not" },
		{ "account a\naccount b : a,\n",
		    "rc:2: an account to inherit from has no name" },
		{ "account a\nhost h\n\naccount a\n",
		    "rc:4: account a was already defined" },
		{ "account a,b\n", "rc:1: an account name must not contain" },
		{ "account a\nport 0\n",
		    "rc:2: invalid argument 0 for command port" },
		{ "account a\nport 65536\n", "rc:2: invalid argument 65536" },
		{ "account a\nport 25abc\n", "rc:2: invalid argument 25abc" },
		{ "account a\nport\n", "rc:2: command port needs an argument" },
		{ "account a\nhost\n", "rc:2: command host needs an argument" },
		{ "account a\ntimeout 0\n",
		    "rc:2: invalid argument 0 for command timeout" },
		{ "defaults\ntls maybe\n",
		    "rc:2: invalid argument maybe for command tls" },
		{ "account a\ntls_starttls yes\n",
		    "rc:2: invalid argument yes for command tls_starttls" },
		{ "account a\ntls_certcheck nope\n",
		    "rc:2: invalid argument nope for command tls_certcheck" },
		{ "account a\nauth PLAIN\n",
		    "rc:2: invalid argument PLAIN for command auth" },
		{ "defaults x\n", "rc:1: defaults takes no argument" },
		{ "account a\nallow_from_override\n",
		    "rc:2: invalid argument  for command allow_from_override" },
		{ "account a\ndsn_notify sometimes\n",
		    "rc:2: invalid argument sometimes for command dsn_notify" },
		{ "account a\ndsn_notify failure,failure\n",
		    "rc:2: invalid argument failure,failure" },
		{ "account a\ndsn_return\n",
		    "rc:2: command dsn_return needs an argument" },
		{ "account a\ntls_fingerprint 00:11\n",
		    "rc:2: invalid argument 00:11 for command tls_fingerprint" },
		{ "account a\nsyslog LOG_DAEMON\n",
		    "rc:2: invalid argument LOG_DAEMON for command syslog" },
		{ "account a\nprotocol esmtp\n",
		    "rc:2: invalid argument esmtp for command protocol" },
		{ "account a\nset_date_header on\n",
		    "rc:2: invalid argument on for command set_date_header" },
		{ "account a\nfrom \xc3\x28\n", "rc:2: not valid UTF-8" },
		{ "account a\n\x1b[2J on\n", "rc:2: unknown command \\e[2J" },
		{ "host a\nbogus\n", "rc:2: unknown command bogus" },
	};
	struct config c;
	char *err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(parse(&c, cases[i].text, &err), CONFIG_EPARSE);
		assert_non_null(err);
		if (strncmp(err, cases[i].msg, strlen(cases[i].msg)) != 0)
			fail_msg("case %zu: got \"%s\", want \"%s...\"", i,
			    err, cases[i].msg);
		assert_int_equal(c.naccounts, 0);
		free(err);
		config_free(&c);
	}
	/* A NULL errstr is allowed. */
	config_init(&c);
	assert_int_equal(msmtprc_parse(&c, "x\n", 2, "rc", NULL, NULL, NULL),
	    CONFIG_EPARSE);
	config_free(&c);
}

static void
test_nul_and_long_lines(void **state)
{
	struct config c;
	char *err, *big;

	(void)state;
	config_init(&c);
	assert_int_equal(msmtprc_parse(&c, "account a\nhost h\0x\n", 19, "rc",
	    NULL, NULL, &err), CONFIG_EPARSE);
	assert_string_equal(err, "rc:2: a NUL byte in the line");
	free(err);
	config_free(&c);

	big = xmalloc(8192 + 32);
	strcpy(big, "account a\nfrom ");
	memset(big + 15, 'x', 8192 - 5);
	strcpy(big + 15 + 8192 - 5, "\n");		/* 8192 bytes: fine */
	parse_ok(&c, big);
	assert_int_equal(strlen(c.accounts[0].from), 8192 - 5);
	config_free(&c);
	strcpy(big + 15 + 8192 - 5, "y\n");		/* 8193 bytes */
	assert_int_equal(parse(&c, big, &err), CONFIG_EPARSE);
	assert_string_equal(err, "rc:2: line too long (over 8192 bytes)");
	free(err);
	free(big);
	config_free(&c);
}

static void
write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, mode), 0);
}

/* Like msmtp, a file that holds a password must be private. */
static void
test_load(void **state)
{
	char dir[] = "/tmp/test_msmtprc.XXXXXX", *path, *want, *err = NULL;
	const char *text = "defaults\nlogfile msmtp.log\n"
	    "account a\nhost h\nauth on\nuser u\npassword secret\n"
	    "tls_trust_file certs/ca.pem\n"
	    "account b : a\nlogfile ~/b.log\ntls_trust_file /abs.pem\n";
	struct config c;

	(void)state;
	assert_non_null(mkdtemp(dir));
	path = xasprintf("%s/msmtprc", dir);
	setenv("HOME", "/home/joe", 1);

	write_file(path, text, 0644);
	config_init(&c);
	assert_int_equal(msmtprc_load(&c, path, 0, 1, &err), CONFIG_EPARSE);
	want = xasprintf("%s: holds a password but others may read it; run "
	    "chmod 600 %s", path, path);
	assert_string_equal(err, want);
	assert_int_equal(c.naccounts, 0);
	free(want);
	free(err);
	err = NULL;
	config_free(&c);

	/* The system file is not held to it (msmtp's rule). */
	assert_int_equal(msmtprc_load(&c, path, 0, 0, &err), 1);
	config_free(&c);

	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(msmtprc_load(&c, path, 0, 1, &err), 1);
	assert_null(err);
	assert_string_equal(c.path, path);
	assert_int_equal(c.naccounts, 2);
	assert_string_equal(c.accounts[0].password, "secret");
	want = xasprintf("%s/certs/ca.pem", dir);
	assert_string_equal(c.accounts[0].tls_trust_file, want);
	free(want);
	want = xasprintf("%s/msmtp.log", dir);
	assert_string_equal(c.accounts[0].logfile, want);
	free(want);
	assert_string_equal(c.accounts[1].logfile, "/home/joe/b.log");
	assert_string_equal(c.accounts[1].tls_trust_file, "/abs.pem");
	assert_string_equal(c.accounts[1].conffile, path);
	config_free(&c);

	/* Without a password, the mode does not matter. */
	write_file(path, "account a\nhost h\npasswordeval pass x\n", 0644);
	assert_int_equal(msmtprc_load(&c, path, 0, 1, &err), 1);
	config_free(&c);

	/* A real eval runs the shell; one that prints nothing is 74's. */
	write_file(path, "eval printf 'account e\\nhost x'\n"
	    "eval echo from \"$HOME\"\n", 0600);
	assert_int_equal(msmtprc_load(&c, path, 0, 1, &err), 1);
	assert_string_equal(c.accounts[0].name, "e");
	assert_null(c.accounts[0].host);	/* only the first line */
	assert_string_equal(c.accounts[0].from, "/home/joe");
	config_free(&c);
	write_file(path, "account a\neval true\n", 0600);
	assert_int_equal(msmtprc_load(&c, path, 0, 1, &err), CONFIG_EIO);
	want = xasprintf("%s:2: cannot read output of 'true'", path);
	assert_string_equal(err, want);
	free(want);
	free(err);
	err = NULL;
	config_free(&c);

	/* A parse error names the file and line. */
	write_file(path, "account a\nport x\n", 0600);
	assert_int_equal(msmtprc_load(&c, path, 0, 1, &err), CONFIG_EPARSE);
	want = xasprintf("%s:2: invalid argument x for command port", path);
	assert_string_equal(err, want);
	free(want);
	free(err);
	err = NULL;
	config_free(&c);

	assert_int_equal(unlink(path), 0);
	assert_int_equal(msmtprc_load(&c, path, 1, 1, &err), 0);
	assert_null(err);
	assert_int_equal(c.naccounts, 0);
	assert_int_equal(msmtprc_load(&c, path, 0, 1, &err), CONFIG_EIO);
	assert_non_null(err);
	free(err);
	config_free(&c);
	assert_int_equal(rmdir(dir), 0);
	free(path);
}

static void
test_is_msmtprc(void **state)
{
	static const struct {
		const char *text;
		int want;
	} cases[] = {
		{ "defaults\ntls on\n", 1 },
		{ "# comment\n\n   account a\n", 1 },
		{ "host x\n", 1 },
		{ "[account work]\nhost = x\n", 0 },
		{ "# c\n; c\n\r\n  \t[guard]\n", 0 },
		{ "\xef\xbb\xbf[ui]\n", 0 },
		{ "", 0 },
		{ "# only a comment", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (msmtprc_is_msmtprc(cases[i].text, strlen(cases[i].text)) !=
		    cases[i].want)
			fail_msg("case %zu: want %d", i, cases[i].want);
	assert_int_equal(msmtprc_is_msmtprc(real_rc, strlen(real_rc)), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_file),
		cmocka_unit_test(test_tls_modes),
		cmocka_unit_test(test_auth),
		cmocka_unit_test(test_inheritance),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_before_first_account),
		cmocka_unit_test(test_misc_values),
		cmocka_unit_test(test_settings),
		cmocka_unit_test(test_eval),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_nul_and_long_lines),
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_is_msmtprc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
