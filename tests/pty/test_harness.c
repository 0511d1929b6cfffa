/* test_harness.c: the pty harness against fixture_screen, a curses program. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

#define WAIT_MS	5000

static char fixture[PATH_MAX];

/* Finds fixture_screen next to this binary, or in $SENDGUARD_TOP/build/pty. */
static int
find_fixture(void)
{
	char self[PATH_MAX], *slash;
	const char *top;
	ssize_t n;

	n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n > 0) {
		self[n] = '\0';
		if ((slash = strrchr(self, '/')) != NULL) {
			*slash = '\0';
			if (snprintf(fixture, sizeof fixture,
			    "%s/fixture_screen", self) < (int)sizeof fixture &&
			    access(fixture, X_OK) == 0)
				return 0;
		}
	}
	if ((top = getenv("SENDGUARD_TOP")) != NULL) {
		if (snprintf(fixture, sizeof fixture,
		    "%s/build/pty/fixture_screen", top) < (int)sizeof fixture &&
		    access(fixture, X_OK) == 0)
			return 0;
	}
	return -1;
}

/* Fails with the screen's contents. */
static void
fail_screen(struct pty *p, const char *what)
{
	char *d = pty_dump(p);

	print_error("%s; screen:\n%s", what, d != NULL ? d : "(no memory)");
	free(d);
	fail();
}

/* Waits for text or fails showing the screen. */
static void
expect_text(struct pty *p, const char *text)
{
	char what[256];

	if (pty_wait_text(p, text, WAIT_MS) != 0) {
		snprintf(what, sizeof what, "\"%s\" never appeared", text);
		fail_screen(p, what);
	}
}

static int
setup(void **state)
{
	char *argv[] = { fixture, NULL };
	struct pty *p;

	if ((p = pty_spawn(argv, NULL, 24, 80)) == NULL)
		return -1;
	*state = p;
	return 0;
}

static int
teardown(void **state)
{
	pty_free(*state);	/* kills the fixture if a test failed early */
	return 0;
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Colour, bold, wide characters, keys, resize and the exit status. */
static void
test_fixture_session(void **state)
{
	struct pty *p = *state;
	struct pty_cell c;
	char *row;
	int r, col, status = -1;

	expect_text(p, "ready");
	assert_int_equal(pty_find(p, "ready", &r, &col), 0);
	assert_int_equal(r, 0);
	assert_int_equal(col, 0);
	assert_int_equal(pty_cell(p, 0, 0, &c), 0);
	assert_int_equal(c.ch, 'r');
	assert_int_equal(c.fg, 1);	/* red: SGR 31 */
	assert_int_equal(c.bg, PTY_COLOR_DEFAULT);
	assert_true(c.bold);
	assert_false(c.reverse);
	assert_int_equal(pty_cell(p, 0, 5, &c), 0);
	assert_int_equal(c.ch, ' ');
	assert_int_equal(c.fg, PTY_COLOR_DEFAULT);
	assert_int_equal(c.bg, PTY_COLOR_DEFAULT);
	assert_false(c.bold);

	/* Three wide characters take six columns: "ok" starts at column 7. */
	expect_text(p, "日本語 ok");
	assert_int_equal(pty_find(p, "ok", &r, &col), 0);
	assert_int_equal(r, 1);
	assert_int_equal(col, 7);
	assert_int_equal(pty_find(p, "本", &r, &col), 0);
	assert_int_equal(col, 2);
	assert_int_equal(pty_cell(p, 1, 0, &c), 0);
	assert_int_equal(c.ch, 0x65e5);	/* 日 */
	assert_int_equal(c.width, 2);
	assert_int_equal(pty_cell(p, 1, 1, &c), 0);
	assert_int_equal(c.width, 0);
	assert_int_equal(c.ch, 0);
	row = pty_row(p, 1);
	assert_non_null(row);
	assert_string_equal(row, "日本語 ok");
	free(row);

	assert_int_equal(pty_sendf(p, "abc"), 0);
	expect_text(p, "abc");
	assert_int_equal(pty_char(p, 0xe9, VTERM_MOD_NONE), 0);	/* é */
	expect_text(p, "abcé");
	row = pty_row(p, 2);
	assert_non_null(row);
	assert_string_equal(row, "abcé");
	free(row);

	assert_int_equal(pty_key(p, VTERM_KEY_UP, VTERM_MOD_NONE), 0);
	expect_text(p, "key:up");

	assert_int_equal(pty_resize(p, 20, 70), 0);
	expect_text(p, "size:20x70");
	pty_size(p, &r, &col);
	assert_int_equal(r, 20);
	assert_int_equal(col, 70);
	assert_int_equal(pty_cell(p, 19, 69, &c), 0);
	assert_int_equal(pty_cell(p, 20, 0, &c), -1);
	assert_int_equal(pty_wait_gone(p, "no such text", 100), 0);

	assert_int_equal(pty_ctrl(p, 'x'), 0);
	assert_int_equal(pty_wait_exit(p, WAIT_MS, &status), 0);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 7);
	/* endwin() left the alternate screen: the main one is blank. */
	if (pty_find(p, "ready", NULL, NULL) == 0)
		fail_screen(p, "still on the alternate screen after exit");
	/* Reaped: the status stays, and the closed pty ends waits at once. */
	assert_int_equal(pty_wait_exit(p, 0, &status), 0);
	assert_int_equal(WEXITSTATUS(status), 7);
	assert_int_equal(pty_pump(p, 1000), -1);
	assert_int_equal(pty_wait_text(p, "never", WAIT_MS), -1);
}

/* A wait for text that never comes ends after about the timeout. */
static void
test_wait_times_out(void **state)
{
	struct pty *p = *state;
	long long t0, ms;

	expect_text(p, "ready");
	t0 = now_ms();
	assert_int_equal(pty_wait_text(p, "never shown", 100), -1);
	ms = now_ms() - t0;
	if (ms < 100 || ms > 1000)
		fail_msg("timed out after %lld ms, not about 100", ms);
	assert_int_equal(pty_wait_gone(p, "ready", 100), -1);
}

/* pty_free() ends a program that is still running. */
static void
test_free_kills(void **state)
{
	struct pty *p = *state;

	expect_text(p, "ready");
	assert_int_equal(pty_wait_exit(p, 50, NULL), -1);
	/* teardown frees it: SIGTERM, which curses handles by exiting. */
}

/* A program that cannot be run exits with 127 and says so on screen. */
static void
test_exec_fails(void **state)
{
	char *argv[] = { (char *)"/nonexistent/program", NULL };
	struct pty *p;
	int status = -1;

	(void)state;
	p = pty_spawn(argv, NULL, 24, 80);
	assert_non_null(p);
	assert_int_equal(pty_wait_exit(p, WAIT_MS, &status), 0);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 127);
	if (pty_find(p, "exec failed", NULL, NULL) != 0)
		fail_screen(p, "no exec error on screen");
	pty_free(p);
}

/* The child's environment: fixed terminal settings, then the extras. */
static void
test_environment(void **state)
{
	char *argv[] = { (char *)"/bin/sh", (char *)"-c",
	    (char *)"echo \"[$TERM $LC_ALL $ESCDELAY ${LINES-none} $X_A "
	    "${X_B-unset} $(stty size)]\"", NULL };
	char *env[] = { (char *)"X_A=1", (char *)"X_B=2", (char *)"X_B",
	    (char *)"LINES=99", NULL };
	struct pty *p;
	int status = -1;

	(void)state;
	p = pty_spawn(argv, env, 10, 60);
	assert_non_null(p);
	assert_int_equal(pty_wait_exit(p, WAIT_MS, &status), 0);
	assert_int_equal(WEXITSTATUS(status), 0);
	if (pty_find(p, "[xterm-256color C.UTF-8 25 99 1 unset 10 60]", NULL,
	    NULL) != 0)
		fail_screen(p, "unexpected environment");
	pty_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fixture_session, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_wait_times_out, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_free_kills, setup,
		    teardown),
		cmocka_unit_test(test_exec_fails),
		cmocka_unit_test(test_environment),
	};

	if (find_fixture() != 0) {
		fprintf(stderr, "test_harness: fixture_screen not found\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
