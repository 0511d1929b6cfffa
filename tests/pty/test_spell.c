/*
 * test_spell.c: spellings and hostile text through a real pty. The
 * composer and sendmail mode's resolve prompt (--tty) get domains written
 * with full-width letters and dots, invisible characters, NFKC forms,
 * capitals and root dots: each verdict (read from SENDGUARD_TRACE) is the
 * plain spelling's (plus the invisible-character finding), and what the
 * real server receives (RCPT TO, To/Cc) is the normalized form. Then
 * escape sequences, OSC 52, bidi overrides and zero-width characters in
 * names, subjects, bodies and domains: the raw bytes the program wrote to
 * the terminal carry none of them.
 */
#define _GNU_SOURCE	/* asprintf */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"
#include "pty_env.h"

#define WAIT	8000

static char bin[PATH_MAX + 64], top[PATH_MAX];

/*
 * Spellings, with the verdict and codes the trace must show (those of the
 * plain spelling, and "homograph" for a hidden character), and the
 * address that must go on the wire.
 */
static const struct spelling {
	const char	*typed;
	const char	*verdict;
	const char	*codes;
	const char	*wire;
} spellings[] = {
	/* full-width letters */
	{ "c1@\xef\xbd\x87\xef\xbd\x8d\xef\xbd\x89\xef\xbd\x81\xef\xbd\x8c.com",
	    "warn", "\"lookalike\"", "c1@gmial.com" },
	/* a zero-width space */
	{ "c2@gm\xe2\x80\x8b" "ail.com", "warn", "\"homograph\"",
	    "c2@gmail.com" },
	/* a soft hyphen */
	{ "c3@exam\xc2\xad" "ple.org", "warn", "\"homograph\"",
	    "c3@example.org" },
	/* a byte order mark in front */
	{ "c4@\xef\xbb\xbf" "army.ml", "warn", "\"tld-trap\",\"homograph\"",
	    "c4@army.ml" },
	/* an ideographic full stop */
	{ "c5@army\xe3\x80\x82" "mil", "ok", "", "c5@army.mil" },
	/* a full-width full stop, capitals */
	{ "c6@GMAIL\xef\xbc\x8e" "CO", "warn", "\"tld-trap\"", "c6@gmail.co" },
	/* the root's dot */
	{ "c7@example.org.", "ok", "", "c7@example.org" },
	/* NFKC: circled letters */
	{ "c8@\xe2\x93\x96\xe2\x93\x9c\xe2\x93\x90\xe2\x93\x98\xe2\x93\x9b.com",
	    "ok", "", "c8@gmail.com" },
	/* a trailing ideographic full stop */
	{ "c9@gmial.com\xe3\x80\x82", "warn", "\"lookalike\"",
	    "c9@gmial.com" },
	/* a zero-width joiner in a flagged domain */
	{ "c10@gmi\xe2\x80\x8d" "al.com", "warn", "\"lookalike\",\"homograph\"",
	    "c10@gmial.com" },
};
#define NSPELLINGS	(sizeof(spellings) / sizeof(spellings[0]))

static void
env_init(struct env *e)
{
	char cfg[512];

	env_mkdirs(e);
	env_server(e, top);
	snprintf(cfg, sizeof(cfg), "[account test]\nhost = 127.0.0.1\n"
	    "port = %d\ntls = off\nfrom = me@example.org\n", e->port);
	env_file(e, "config/sendguard/config", cfg, 0600);
	env_homes(e, top);
}

static size_t
count(const char *s, const char *what)
{
	size_t n = 0;

	while (s != NULL && (s = strstr(s, what)) != NULL) {
		n++;
		s += strlen(what);
	}
	return n;
}

/*
 * Answers every resolve prompt (each a "prompt" event in the trace) with
 * key, until the program exits; returns how many were answered.
 */
static int
answer_all(struct env *e, struct pty *p, const char *key, int *status)
{
	long long deadline = (long long)time(NULL) + 20;
	size_t answered = 0, n;
	char *trace;

	while (pty_wait_exit(p, 20, status) != 0) {
		trace = env_read(e, "trace");
		n = count(trace, "\"event\":\"prompt\"");
		free(trace);
		if (n > answered) {
			pty_sendf(p, key);
			answered++;
		}
		if ((long long)time(NULL) > deadline)
			fail_msg("the program never finished answering");
	}
	return (int)answered;
}

/* The list of every spelling ("a, b, ..."), allocated. */
static char *
all_typed(void)
{
	size_t i, n = 1;
	char *s;

	for (i = 0; i < NSPELLINGS; i++)
		n += strlen(spellings[i].typed) + 2;
	s = calloc(1, n);
	for (i = 0; i < NSPELLINGS; i++) {
		if (i > 0)
			strcat(s, ", ");
		strcat(s, spellings[i].typed);
	}
	return s;
}

/* The server's envelope and To header hold each normalized address. */
static void
check_wire(struct env *e, int to_header)
{
	char *json = env_read(e, "spool/0001.json"), *eml, *want, *to;
	size_t i;

	assert_non_null(json);
	for (i = 0; i < NSPELLINGS; i++) {
		assert_true(asprintf(&want, "\"%s\"", spellings[i].wire) > 0);
		if (strstr(json, want) == NULL)
			fail_msg("RCPT TO:<%s> not received: %s",
			    spellings[i].wire, json);
		free(want);
	}
	free(json);
	if (!to_header)
		return;
	eml = env_read(e, "spool/0001.eml");
	assert_non_null(eml);
	assert_non_null(to = strstr(eml, "\r\nTo: "));
	for (i = 0; i < NSPELLINGS; i++)
		if (strstr(to, spellings[i].wire) == NULL)
			fail_msg("To: lacks %s:\n%s", spellings[i].wire, eml);
	free(eml);
}

/*
 * The composer: every spelling typed in To at once, each verdict in the
 * trace as the plain spelling's; Ctrl-X, "o" at each prompt, and the
 * server receives the normalized addresses, in the envelope and in To.
 */
static void
test_composer(void **state)
{
	char *argv[] = { bin, (char *)"-s", (char *)"spellings", NULL };
	char *typed = all_typed(), *trace, *want;
	struct env e;
	struct pty *p;
	size_t i;
	int status;

	(void)state;
	env_init(&e);
	assert_non_null(p = pty_spawn(argv, e.vars, 30, 100));
	must_see(p, "From:");	/* the cursor is in To */
	pty_sendf(p, typed);
	must_see(p, "c10@gmi\\u200dal.com");
	trace = env_read(&e, "trace");
	for (i = 0; i < NSPELLINGS; i++) {
		assert_true(asprintf(&want, "{\"address\":\"%s\",\"verdict\":"
		    "\"%s\",\"codes\":[%s]}", spellings[i].typed,
		    spellings[i].verdict, spellings[i].codes) > 0);
		if (strstr(trace, want) == NULL)
			fail_msg("the trace lacks %s:\n%s", want,
			    strrchr(trace, '{') != NULL ? trace +
			    (strlen(trace) > 3000 ? strlen(trace) - 3000 : 0) :
			    trace);
		free(want);
	}
	free(trace);
	pty_ctrl(p, 'x');
	assert_true(answer_all(&e, p, "o", &status) > 0);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	check_wire(&e, 1);
	free(typed);
	pty_free(p);
	env_free(&e);
}

/*
 * Sendmail mode with the resolve prompt on a terminal (--tty): the same
 * spellings in a message's To (-t), "o" at each prompt; the envelope and
 * the rewritten To carry the normalized addresses.
 */
static void
test_sendmail_tty(void **state)
{
	char *argv[] = { (char *)"/bin/sh", (char *)"-c",
	    (char *)"exec \"$0\" --tty \"$(tty)\" -t < \"$1\"", bin, NULL, NULL };
	char *typed = all_typed(), *msg;
	struct env e;
	struct pty *p;
	size_t i;
	int status, warned;

	(void)state;
	env_init(&e);
	assert_true(asprintf(&msg, "From: me@example.org\nTo: %s\n"
	    "Subject: spellings\n\nhello\n", typed) > 0);
	env_file(&e, "msg", msg, 0600);
	argv[4] = env_path(&e, "msg");
	assert_non_null(p = pty_spawn(argv, e.vars, 30, 100));
	/* The prompt asks about each address to resolve. */
	for (i = 0, warned = 0; i < NSPELLINGS; i++)
		warned += strcmp(spellings[i].verdict, "warn") == 0;
	assert_int_equal(answer_all(&e, p, "o", &status), warned);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	check_wire(&e, 1);
	free(msg);
	free(typed);
	pty_free(p);
	env_free(&e);
}

/* Hostile text: what it holds, and what must never reach the terminal. */
static const char *const hostile_raw[] = {
	"\033]52;c;",		/* OSC 52: write the clipboard */
	"\033]0;pwned",		/* set the window title */
	"\033[6n",		/* ask the terminal to answer */
	"\033[31mRed",		/* colours of the sender's choosing */
	"\xc2\x9b" "2J",	/* C1 CSI, as UTF-8 */
	"\xe2\x80\xae",		/* U+202E RIGHT-TO-LEFT OVERRIDE */
	"\xe2\x81\xa6",		/* U+2066 LEFT-TO-RIGHT ISOLATE */
	"\xe2\x80\x8b",		/* U+200B ZERO WIDTH SPACE */
	"\xe2\x80\x8d",		/* U+200D ZERO WIDTH JOINER */
	"\xef\xbb\xbf",		/* U+FEFF BOM */
	"\xf3\xa0\x81\x81",	/* U+E0041 TAG LATIN CAPITAL LETTER A */
};

/*
 * A draft (as --resume reads it) with escape sequences, OSC 52, bidi
 * overrides and zero-width characters in the names, the subject, the body
 * and a domain: drawn as visible escapes, and none of the raw sequences is
 * among the bytes the composer wrote.
 */
static void
test_hostile_text(void **state)
{
	static const char draft[] =
	    "From: Me\033]52;c;aGVsbG8=\007 <me@example.org>\n"
	    "To: \"Evil\033]0;pwned\007\033[6n\" <evil@gm\xe2\x80\x8b" "ail.com>, "
	    "\"\xe2\x80\xae" "moc.liamg\xe2\x81\xa6\" <x@example.org>\n"
	    "Cc: \"Red\033[31mRed\" <r@\xef\xbb\xbf" "example.org>, "
	    "z@gm\xe2\x80\x8b" "ail.com\n"
	    "Bcc: \n"
	    "Subject: \xc2\x9b" "2J invoice\xe2\x80\x8d \xf3\xa0\x81\x81" "x\n"
	    "\n"
	    "body \033]52;c;Ym9keQ==\007 and \xe2\x80\xae" "txet\n";
	char *argv[] = { bin, (char *)"--resume", NULL, NULL };
	const char *raw;
	size_t i, len;
	struct env e;
	struct pty *p;

	(void)state;
	env_init(&e);
	env_file(&e, "hostile.draft", draft, 0600);
	argv[2] = env_path(&e, "hostile.draft");
	assert_non_null(p = pty_spawn(argv, e.vars, 30, 120));
	/* Drawn, as visible escapes. */
	must_see(p, "Me\\e]52;c;aGVsbG8=\\x07");
	must_see(p, "Evil\\e]0;pwned\\x07\\e[6n");
	must_see(p, "evil@gm\\u200bail.com");
	must_see(p, "\\u202emoc.liamg\\u2066");
	must_see(p, "r@\\ufeffexample.org");
	must_see(p, "\\u009b2J invoice\\u200d \\U000e0041x");
	must_see(p, "body \\e]52;c;Ym9keQ==\\x07 and \\u202etxet");
	/* The warnings pane names a hidden character in a domain. */
	must_see(p, "z@gm\\u200bail.com: did you mean z@gmail.com? an invisible "
	    "character, U+200B");
	raw = pty_output(p, &len);
	assert_true(len > 0);
	for (i = 0; i < sizeof(hostile_raw) / sizeof(hostile_raw[0]); i++)
		if (memmem(raw, len, hostile_raw[i], strlen(hostile_raw[i])) !=
		    NULL)
			fail_msg("hostile sequence %zu reached the terminal "
			    "raw", i);
	pty_free(p);
	env_free(&e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_composer),
		cmocka_unit_test(test_sendmail_tty),
		cmocka_unit_test(test_hostile_text),
	};

	env_locate(bin, sizeof(bin), top, sizeof(top));
	return cmocka_run_group_tests(tests, NULL, NULL);
}
