/*
 * test_compose.c: the composer through a real pty, its screen read by
 * libvterm: live checks in colour and with markers, the resolve prompt,
 * a send to a real SMTP server, blocks, mono, escaped names, resizes,
 * $EDITOR, drafts.
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

#include "common.h"
#include "guard.h"
#include "harness.h"
#include "pty_env.h"

#define WAIT	8000

static char bin[PATH_MAX + 64], top[PATH_MAX];





/* Sets up a home with a config (the text after "[guard]\n..."). */
static void
env_init(struct env *e, const char *config)
{
	env_mkdirs(e);
	env_file(e, "config/sendguard/config", config, 0600);
	env_homes(e, top);
}


static struct pty *
start(struct env *e, int rows, int cols, const char *a1, const char *a2)
{
	char *argv[4] = { bin, (char *)a1, (char *)a2, NULL };
	struct pty *p = pty_spawn(argv, e->vars, rows, cols);

	assert_non_null(p);
	return p;
}

/* Typing a typo of the org's domain: warn colour, marker, suggestion. */
static void
test_live_check(void **state)
{
	struct pty_cell cell;
	struct env e;
	struct pty *p;
	int row, col;

	(void)state;
	env_init(&e, "[guard]\norg_domains = army.mil\n");
	p = start(&e, 24, 80, NULL, NULL);
	must_see(p, "To:");
	pty_sendf(p, "john@army.ml");
	must_see(p, "john@army.ml(!)");
	must_see(p, "(!) john@army.ml: did you mean john@army.mil? .ml is");
	assert_int_equal(pty_find(p, "john@army.ml(!)", &row, &col), 0);
	assert_int_equal(pty_cell(p, row, col, &cell), 0);
	/* The default theme: addr.warn is black on yellow, bold. */
	assert_int_equal(cell.bg, 3);
	assert_true(cell.bold);
	assert_int_equal(pty_cell(p, row, col + 12, &cell), 0);
	assert_int_equal(cell.ch, '(');
	assert_int_equal(cell.bg, 3);
	pty_free(p);
	env_free(&e);
}

/* A composer with a real server as its account, john@army.ml typed. */
static struct pty *
start_army_ml(struct env *e)
{
	char cfg[512];
	struct pty *p;

	env_init(e, "");
	env_server(e, top);
	snprintf(cfg, sizeof(cfg), "[guard]\norg_domains = army.mil\n"
	    "[account test]\nhost = 127.0.0.1\nport = %d\ntls = off\n"
	    "from = me@example.org\n", e->port);
	env_file(e, "config/sendguard/config", cfg, 0600);
	p = start(e, 24, 80, "-s", "orders");
	must_see(p, "From:    me@example.org");
	pty_sendf(p, "john@army.ml");
	must_see(p, "john@army.ml(!)");
	return p;
}

/* Ctrl-X, the prompt, f: the real server receives the fixed address. */
static void
test_fix_and_send(void **state)
{
	char *trace, *json, *eml;
	struct env e;
	struct pty *p;
	int status;

	(void)state;
	p = start_army_ml(&e);
	pty_key(p, VTERM_KEY_DOWN, VTERM_MOD_NONE);
	pty_key(p, VTERM_KEY_DOWN, VTERM_MOD_NONE);
	pty_key(p, VTERM_KEY_DOWN, VTERM_MOD_NONE);
	pty_key(p, VTERM_KEY_DOWN, VTERM_MOD_NONE);
	pty_sendf(p, "Meet at noon.");
	must_see(p, "Meet at noon.");
	pty_ctrl(p, 'x');
	must_see(p, "Did you mean john@army.mil?");
	must_see(p, "f fix");
	pty_sendf(p, "f");
	assert_int_equal(pty_wait_exit(p, WAIT, &status), 0);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	trace = env_read(&e, "trace");
	assert_non_null(strstr(trace, "\"event\":\"prompt\""));
	assert_non_null(strstr(trace, "\"action\":\"fix\""));
	assert_non_null(strstr(trace, "\"event\":\"result\",\"exit\":0"));
	json = env_read(&e, "spool/0001.json");
	assert_non_null(json);
	assert_non_null(strstr(json, "\"john@army.mil\""));
	eml = env_read(&e, "spool/0001.eml");
	assert_non_null(strstr(eml, "To: john@army.mil"));
	assert_non_null(strstr(eml, "Meet at noon."));
	assert_non_null(strstr(eml, "Subject: orders"));
	/* The server took it: the fixed address (not the typo) is learned. */
	free(json);
	json = env_read(&e, "state/sendguard/history");
	assert_non_null(json);
	assert_non_null(strstr(json, "\njohn@army.mil\t"));
	assert_null(strstr(json, "army.ml\t"));
	assert_null(strstr(eml, "Sendguard-Resolved"));
	free(trace);
	free(json);
	free(eml);
	pty_free(p);
	env_free(&e);
}

/*
 * Ctrl-X, the prompt, o (send once): the message carries a
 * Sendguard-Resolved header for army.ml, bound to its Message-ID and
 * recipient, and the fixed send in test_fix_and_send carries none.
 */
static void
test_once_resolved(void **state)
{
	const char *const rcpts[] = { "john@army.ml" };
	struct guard_resolved *r;
	char *eml, *h, *id, *end, *err = NULL;
	struct buf v;
	struct env e;
	struct pty *p;
	int status;

	(void)state;
	p = start_army_ml(&e);
	pty_ctrl(p, 'x');
	must_see(p, "o send once");
	pty_sendf(p, "o");
	assert_int_equal(pty_wait_exit(p, WAIT, &status), 0);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	eml = env_read(&e, "spool/0001.eml");
	assert_non_null(eml);
	assert_non_null(h = strstr(eml, "Sendguard-Resolved: "));
	/* The value, unfolded. */
	buf_init(&v);
	for (h += 20; *h != '\0' && !(h[0] == '\r' && h[2] != ' ' &&
	    h[2] != '\t'); h++)
		buf_addc(&v, *h);
	assert_non_null(strstr(v.s, "army.ml=once"));
	assert_non_null(id = strstr(eml, "Message-ID: <"));
	id += 12;
	end = strchr(id, '\r');
	*end = '\0';
	assert_int_equal(guard_resolved_parse(v.s, v.len, &r, &err), 0);
	assert_true(guard_resolved_verify(r, id, rcpts, 1));
	assert_int_equal(guard_resolved_lookup(r, "army.ml"),
	    GUARD_RESOLVED_ONCE);
	guard_resolved_free(r);
	buf_free(&v);
	free(eml);
	pty_free(p);
	env_free(&e);
}

/* A blocked domain: only r and back, and nothing is sent. */
static void
test_blocked(void **state)
{
	struct env e;
	struct pty *p;
	char *trace;

	(void)state;
	env_init(&e, "[guard]\nblock = *.ml\n");
	p = start(&e, 24, 80, "-s", "x");
	pty_sendf(p, "x@foo.ml");
	must_see(p, "x@foo.ml(x)");
	pty_ctrl(p, 'x');
	must_see(p, "r remove   Esc back");
	assert_int_equal(pty_find(p, "o send once", NULL, NULL), -1);
	pty_sendf(p, "o");
	pty_sendf(p, "t");
	pty_sendf(p, "f");
	must_see(p, "Blocked: it cannot be sent.");
	pty_sendf(p, "\033");
	must_see(p, "not sent: back to editing");
	trace = env_read(&e, "trace");
	assert_null(strstr(trace, "\"event\":\"send\""));
	assert_non_null(strstr(trace, "\"keys\":\"ra\""));
	free(trace);
	pty_free(p);
	env_free(&e);
}

/* NO_COLOR: the marker is there and no cell has a colour. */
static void
test_mono(void **state)
{
	struct pty_cell cell;
	struct env e;
	struct pty *p;
	int row, col, i;

	(void)state;
	env_init(&e, "[guard]\norg_domains = army.mil\n");
	free(e.vars[7]);
	e.vars[7] = strdup("NO_COLOR=1");
	p = start(&e, 24, 80, NULL, NULL);
	pty_sendf(p, "john@army.ml");
	must_see(p, "john@army.ml(!)");
	assert_int_equal(pty_find(p, "john@army.ml(!)", &row, &col), 0);
	for (i = 0; i < 15; i++) {
		assert_int_equal(pty_cell(p, row, col + i, &cell), 0);
		assert_int_equal(cell.fg, PTY_COLOR_DEFAULT);
		assert_int_equal(cell.bg, PTY_COLOR_DEFAULT);
		assert_true(cell.bold && cell.underline);
	}
	pty_free(p);
	env_free(&e);
}

/* An escape sequence in a display name is drawn as a visible escape. */
static void
test_escaped_name(void **state)
{
	struct pty_cell cell;
	struct env e;
	struct pty *p;
	int row, col;

	(void)state;
	env_init(&e, "");
	p = start(&e, 24, 80, "Evil\033[31mRed <e@gmail.com>", NULL);
	must_see(p, "Evil\\e[31mRed <e@gmail.com>");
	assert_int_equal(pty_find(p, "Red <e@", &row, &col), 0);
	assert_int_equal(pty_cell(p, row, col, &cell), 0);
	assert_true(cell.fg != 1);	/* the sequence did not colour it */
	pty_free(p);
	env_free(&e);
}

/* 70x20 and back: the same screen, re-laid out; too small says so. */
static void
test_resize(void **state)
{
	struct env e;
	struct pty *p;

	(void)state;
	env_init(&e, "[guard]\norg_domains = army.mil\n");
	p = start(&e, 24, 80, NULL, NULL);
	pty_sendf(p, "john@army.ml");
	must_see(p, "john@army.ml(!)");
	pty_resize(p, 20, 70);
	must_see(p, "^X Send");
	must_see(p, "john@army.ml(!)");
	pty_resize(p, 10, 40);
	must_see(p, "Terminal too small");
	pty_resize(p, 24, 80);
	must_see(p, "john@army.ml(!)");
	must_see(p, "Warnings: 1");
	pty_free(p);
	env_free(&e);
}

/* Ctrl-E: a script as the editor changes the body. */
static void
test_editor(void **state)
{
	struct env e;
	struct pty *p;

	(void)state;
	env_init(&e, "");
	env_file(&e, "editor", "#!/bin/sh\nprintf 'edited by script\\n"
	    "second line\\n' > \"$1\"\n", 0755);
	env_add(&e, "EDITOR=%s/editor", e.dir);
	env_add(&e, "VISUAL");
	p = start(&e, 24, 80, NULL, NULL);
	must_see(p, "To:");
	pty_ctrl(p, 'e');
	must_see(p, "edited by script");
	must_see(p, "second line");
	must_see(p, "the body is back from the editor");
	pty_free(p);
	env_free(&e);
}

/* Ctrl-C saves a draft; --resume opens it again. */
static void
test_draft_resume(void **state)
{
	char *trace, *path, *end, *arg;
	struct env e;
	struct pty *p;
	int status;

	(void)state;
	env_init(&e, "");
	p = start(&e, 24, 80, "-s", "draft subject");
	must_see(p, "Subject: draft subject");
	pty_sendf(p, "jane@example.com");
	pty_ctrl(p, 'c');
	must_see(p, "Leave?");
	pty_sendf(p, "y");
	assert_int_equal(pty_wait_exit(p, WAIT, &status), 0);
	assert_int_equal(WEXITSTATUS(status), 75);
	pty_free(p);
	trace = env_read(&e, "trace");
	assert_non_null(path = strstr(trace, "\"event\":\"draft\",\"path\":\""));
	path += strlen("\"event\":\"draft\",\"path\":\"");
	assert_non_null(end = strchr(path, '"'));
	*end = '\0';
	assert_true(asprintf(&arg, "--resume=%s", path) > 0);
	p = start(&e, 24, 80, arg, NULL);
	must_see(p, "jane@example.com");
	must_see(p, "Subject: draft subject");
	free(arg);
	free(trace);
	pty_free(p);
	env_free(&e);
}

/* A bracketed paste of a list with line breaks stays in its field. */
static void
test_paste(void **state)
{
	struct env e;
	struct pty *p;
	char *trace;

	(void)state;
	env_init(&e, "");
	p = start(&e, 24, 80, NULL, NULL);
	must_see(p, "To:");
	pty_sendf(p, "\033[200~a@gmail.com\nb@gmial.com\r\nc@example.org"
	    "\033[201~");
	must_see(p, "a@gmail.com, b@gmial.com(!), c@example.org");
	must_see(p, "Warnings: 1");
	must_see(p, "Cc:");
	trace = env_read(&e, "trace");
	/* One check for the whole paste, not one per character. */
	assert_non_null(strstr(trace, "\"event\":\"paste\""));
	assert_null(strstr(trace, "\"text\":\"a@gmail.com, b\""));
	free(trace);
	pty_free(p);
	env_free(&e);
}

/* Ctrl-T with Tab completion attaches a file; F1 shows the keys. */
static void
test_attach_help(void **state)
{
	struct env e;
	struct pty *p;
	char *path;

	(void)state;
	env_init(&e, "");
	env_file(&e, "report-2026.pdf", "%PDF-1.4\n", 0644);
	p = start(&e, 24, 80, NULL, NULL);
	must_see(p, "To:");
	pty_key(p, VTERM_KEY_FUNCTION(1), VTERM_MOD_NONE);
	must_see(p, "Ctrl-X              send");
	pty_sendf(p, " ");
	must_see(p, "^X Send");
	pty_ctrl(p, 't');
	must_see(p, "Attach file:");
	assert_true(asprintf(&path, "%s/report-", e.dir) > 0);
	pty_sendf(p, path);
	pty_sendf(p, "\t");
	must_see(p, "report-2026.pdf");
	pty_sendf(p, "\r");
	must_see(p, "Attach:");
	must_see(p, "attached");
	free(path);
	pty_free(p);
	env_free(&e);
}

/*
 * Ctrl-Z stops it with the terminal given back, and fg brings it back
 * redrawn. Under a shell with job control, as a user runs it: forkpty's
 * child would be an orphaned process group, which the kernel never stops.
 */
static void
test_suspend(void **state)
{
	char sh[] = "/bin/bash", c[] = "-c";
	char script[] = "set -m; \"$0\"; echo SUSPENDED-HERE; read x; fg";
	char *argv[] = { sh, c, script, bin, NULL };
	struct env e;
	struct pty *p;

	(void)state;
	env_init(&e, "");
	p = pty_spawn(argv, e.vars, 24, 80);
	assert_non_null(p);
	must_see(p, "To:");
	pty_sendf(p, "jane@example.com");
	must_see(p, "jane@example.com");
	pty_ctrl(p, 'z');
	/* The shell saw it stop, said so on the normal screen... */
	must_see(p, "SUSPENDED-HERE");
	assert_int_equal(pty_find(p, "^X Send", NULL, NULL), -1);
	pty_sendf(p, "\r");
	/* ...and fg brought it back, redrawn as it was. */
	must_see(p, "jane@example.com");
	must_see(p, "^X Send");
	pty_ctrl(p, 'q');
	pty_free(p);
	env_free(&e);
}

/* A delivery failure is shown on screen with where the message is
 * kept, and the draft stays open. */
static void
test_send_failure(void **state)
{
	struct env e;
	struct pty *p;

	(void)state;
	/* Port 1 on 127.0.0.1: nobody listens, the connection is refused. */
	env_init(&e, "[account dead]\nhost = 127.0.0.1\nport = 1\n"
	    "tls = off\nfrom = me@example.org\n");
	p = start(&e, 24, 80, "-s", "x");
	pty_sendf(p, "jane@example.com");
	must_see(p, "jane@example.com");
	pty_ctrl(p, 'x');
	must_see(p, "not sent:");
	must_see(p, "dead.letter");
	/* Still open: the fields are as they were. */
	must_see(p, "To:      jane@example.com");
	/* Nothing delivered, nothing learned. */
	assert_int_equal(access(env_path(&e, "state/sendguard/history"),
	    F_OK), -1);
	pty_free(p);
	env_free(&e);
}

/* A broken theme file: said on screen with its file and line, and the
 * default theme (black on yellow for a warning) is used. */
static void
test_broken_theme(void **state)
{
	struct pty_cell cell;
	char cfg[256];
	struct env e;
	struct pty *p;
	int row, col;

	(void)state;
	env_init(&e, "");
	env_file(&e, "broken-theme", "# mine\naddr.warn = purpel default\n",
	    0644);
	snprintf(cfg, sizeof(cfg), "[guard]\norg_domains = army.mil\n"
	    "[ui]\ntheme = %s/broken-theme\n", e.dir);
	env_file(&e, "config/sendguard/config", cfg, 0600);
	p = start(&e, 24, 80, NULL, NULL);
	must_see(p, "broken-theme:2: unknown colour");
	pty_sendf(p, "john@army.ml");
	must_see(p, "john@army.ml(!)");
	assert_int_equal(pty_find(p, "john@army.ml(!)", &row, &col), 0);
	assert_int_equal(pty_cell(p, row, col, &cell), 0);
	assert_int_equal(cell.bg, 3);
	pty_free(p);
	env_free(&e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_live_check),
		cmocka_unit_test(test_fix_and_send),
		cmocka_unit_test(test_once_resolved),
		cmocka_unit_test(test_blocked),
		cmocka_unit_test(test_mono),
		cmocka_unit_test(test_escaped_name),
		cmocka_unit_test(test_resize),
		cmocka_unit_test(test_editor),
		cmocka_unit_test(test_draft_resume),
		cmocka_unit_test(test_paste),
		cmocka_unit_test(test_attach_help),
		cmocka_unit_test(test_suspend),
		cmocka_unit_test(test_send_failure),
		cmocka_unit_test(test_broken_theme),
	};

	env_locate(bin, sizeof(bin), top, sizeof(top));
	return cmocka_run_group_tests(tests, NULL, NULL);
}
