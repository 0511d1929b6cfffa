/*
 * test_complete.c: the user's world in the composer, through a real pty,
 * with contacts from a real mutt alias file (named by the config) and a
 * real history file, read by the real loader. Tab completion: one match
 * completes, several open a list that Tab cycles, Enter takes and Esc
 * cancels, no match moves on, and names with escape sequences are drawn
 * escaped. Notices: new recipients, a marking sent outside the org, and
 * internal and external recipients mixed.
 */
#define _GNU_SOURCE	/* asprintf */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"
#include "pty_env.h"

#define WAIT	8000

static char bin[PATH_MAX + 64], top[PATH_MAX];

/* The address book: mutt aliases, one with an escape in its name. */
static const char aliases[] =
    "# mutt aliases\n"
    "alias bob Bob Smith <bob@raytheon.com>\n"
    "alias boss \"Doe, Jane\" <jane.doe@army.mil>\n"
    "alias jim Jim Beam <jim.beam@navy.mil>\n"
    "alias jill Jill Valentine <jill@example.org>\n"
    "alias jack Jack Ryan <jack.ryan@cia.gov>\n"
    "alias joe Joe Bloggs <joe@example.co.uk>\n"
    "alias jose \"J. Nunez\" <jose@example.es>\n"
    "alias evil \"Evil\033[31mRed\" <evil@example.com>\n";

/* The history: ADDRESS TAB EPOCH TAB COUNT TAB NAME, most recent first. */
static const char history[] =
    "jeff@example.com\t1700000300\t3\t\n"
    "jill@example.org\t1700000200\t1\tJill V\n"
    "eve@example.com\t1700000100\t1\tEve\033]0;pwned\007\n"
    "evan@example.com\t1700000000\t1\tEvan\n";

/* The candidates of "j": contacts in file order, then the history. */
#define J_MATCHES	"7 matches"





static void
env_init(struct env *e)
{
	char *cfg;

	env_mkdirs(e);
	assert_int_equal(mkdir(env_path(e, "state"), 0700), 0);
	assert_int_equal(mkdir(env_path(e, "state/sendguard"), 0700), 0);
	env_file(e, "aliases", aliases, 0600);
	env_file(e, "state/sendguard/history", history, 0600);
	assert_true(asprintf(&cfg, "[guard]\norg_domains = army.mil\n"
	    "contacts = %s/aliases\n", e->dir) > 0);
	env_file(e, "config/sendguard/config", cfg, 0600);
	free(cfg);
	env_homes(e, top);
}


/* Reads the trace into a string (allocated; "" when there is none). */
static char *
env_trace(struct env *e)
{
	FILE *f = fopen(env_path(e, "trace"), "r");
	char *s = calloc(1, 1 << 20);

	if (f != NULL) {
		if (fread(s, 1, (1 << 20) - 1, f) == 0)
			s[0] = '\0';
		fclose(f);
	}
	return s;
}


static void
must_go(struct pty *p, const char *text)
{
	char *d;

	if (pty_wait_gone(p, text, WAIT) == 0)
		return;
	d = pty_dump(p);
	print_error("\"%s\" never went; screen:\n%s\n", text, d);
	free(d);
	fail();
}

/* Waits until the trace holds the text. */
static void
must_trace(struct env *e, struct pty *p, const char *text)
{
	struct timespec t0, t1;
	char *s;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		s = env_trace(e);
		if (strstr(s, text) != NULL) {
			free(s);
			return;
		}
		free(s);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if ((t1.tv_sec - t0.tv_sec) * 1000 +
		    (t1.tv_nsec - t0.tv_nsec) / 1000000 > WAIT)
			break;
		pty_pump(p, 20);
	}
	print_error("the trace never had %s\n", text);
	fail();
}

/* The screen row holding the text, from its start (allocated). */
static char *
row_of(struct pty *p, const char *text)
{
	int row;

	if (pty_find(p, text, &row, NULL) != 0)
		return NULL;
	return pty_row(p, row);
}

/* Starts the composer with the contacts loaded and the cursor in To. */
static struct pty *
start(struct env *e)
{
	char *argv[2] = { bin, NULL };
	struct pty *p;

	env_init(e);
	p = pty_spawn(argv, e->vars, 24, 80);
	assert_non_null(p);
	must_see(p, "No warnings");
	must_trace(e, p, "\"event\":\"ready\"");
	return p;
}

/* Starts the composer on a pre-filled draft (the cursor in the body). */
static struct pty *
start_with(struct env *e, const char *subject, const char *to)
{
	char *argv[5] = { bin, (char *)"-s", (char *)subject, (char *)to,
	    NULL };
	struct pty *p;

	env_init(e);
	p = pty_spawn(argv, e->vars, 24, 100);
	assert_non_null(p);
	must_trace(e, p, "\"event\":\"ready\"");
	return p;
}

static void
shift_tab(struct pty *p)
{
	pty_key(p, VTERM_KEY_TAB, VTERM_MOD_SHIFT);
}

/* One match: the alias becomes "Name <address>", checked, no warning. */
static void
test_single(void **state)
{
	struct env e;
	struct pty *p;
	char *trace;

	(void)state;
	p = start(&e);
	pty_sendf(p, "bob");
	must_see(p, "To:      bob");
	pty_sendf(p, "\t");
	must_see(p, "To:      Bob Smith <bob@raytheon.com>");
	must_see(p, "No warnings");
	assert_int_equal(pty_find(p, "matches", NULL, NULL), -1);
	must_trace(&e, p, "\"text\":\"Bob Smith <bob@raytheon.com>\"");
	/* The cursor stays in To, after it: the next one goes after a comma. */
	pty_sendf(p, ", doe");
	pty_sendf(p, "\t");
	must_see(p, "To:      Bob Smith <bob@raytheon.com>, \"Doe, Jane\" "
	    "<jane.doe@army.mil>");
	/* Complete now: Tab goes on to Cc. */
	pty_sendf(p, "\t");
	must_trace(&e, p, "\"event\":\"focus\",\"field\":\"cc\"");
	trace = env_trace(&e);
	assert_null(strstr(trace, "\"event\":\"focus\",\"field\":\"bcc\""));
	free(trace);
	pty_free(p);
	env_free(&e);
}

/* Several: a list with a marker; Tab cycles; Esc puts back "j". */
static void
test_list_cycle_escape(void **state)
{
	struct env e;
	struct pty *p;
	char *row;

	(void)state;
	p = start(&e);
	pty_sendf(p, "j");
	must_see(p, "To:      j");
	pty_sendf(p, "\t");
	must_see(p, J_MATCHES ": Tab/Shift-Tab to choose, Enter to take, "
	    "Esc to cancel");
	must_see(p, "> Doe, Jane <jane.doe@army.mil>  (contact)");
	must_see(p, "  Jim Beam <jim.beam@navy.mil>  (contact)");
	must_see(p, "To:      \"Doe, Jane\" <jane.doe@army.mil>");
	/* The selection is highlighted, not by colour alone. */
	row = row_of(p, "> Doe, Jane");
	assert_non_null(row);
	assert_int_equal(row[0], '>');
	free(row);
	{
		struct pty_cell cell;
		int r, c;

		assert_int_equal(pty_find(p, "> Doe, Jane", &r, &c), 0);
		assert_int_equal(pty_cell(p, r, c + 2, &cell), 0);
		assert_true(cell.reverse);
		assert_int_equal(pty_find(p, "  Jim Beam", &r, &c), 0);
		assert_int_equal(pty_cell(p, r, c + 2, &cell), 0);
		assert_false(cell.reverse);
	}
	/* Tab: the next one, in the field and marked. */
	pty_sendf(p, "\t");
	must_see(p, "> Jim Beam <jim.beam@navy.mil>  (contact)");
	must_see(p, "  Doe, Jane <jane.doe@army.mil>  (contact)");
	must_see(p, "To:      Jim Beam <jim.beam@navy.mil>");
	must_trace(&e, p, "\"text\":\"Jim Beam <jim.beam@navy.mil>\"");
	/* Down and Up move too. */
	pty_key(p, VTERM_KEY_DOWN, VTERM_MOD_NONE);
	must_see(p, "To:      Jill Valentine <jill@example.org>");
	pty_key(p, VTERM_KEY_UP, VTERM_MOD_NONE);
	must_see(p, "To:      Jim Beam <jim.beam@navy.mil>");
	/* Esc: what was typed, and the warnings pane again. */
	pty_sendf(p, "\033");
	must_go(p, J_MATCHES);
	must_see(p, "(x) j: no @domain");
	row = row_of(p, "To:");
	assert_non_null(row);
	assert_string_equal(row, "To:      j(x)");
	free(row);
	must_trace(&e, p, "\"text\":\"j\"");
	pty_free(p);
	env_free(&e);
}

/* Shift-Tab opens at the last one (scrolled into view, from the history);
 * Enter takes it and stays in To. */
static void
test_list_enter(void **state)
{
	struct env e;
	struct pty *p;
	char *trace;

	(void)state;
	p = start(&e);
	pty_sendf(p, "j");
	must_see(p, "To:      j");
	shift_tab(p);
	must_see(p, J_MATCHES);
	must_see(p, "> jeff@example.com  (sent)");
	must_see(p, "To:      jeff@example.com");
	/* Jill is listed once, as the contact. */
	assert_int_equal(pty_find(p, "Jill V <", NULL, NULL), -1);
	/* Shift-Tab: back one, still in view. */
	shift_tab(p);
	must_see(p, "> J. Nunez <jose@example.es>  (contact)");
	must_see(p, "To:      \"J. Nunez\" <jose@example.es>");
	pty_sendf(p, "\r");
	must_go(p, J_MATCHES);
	/* Still in To: typing goes on there. */
	pty_sendf(p, ", x@example.org");
	must_see(p, "To:      \"J. Nunez\" <jose@example.es>, x@example.org");
	trace = env_trace(&e);
	assert_null(strstr(trace, "\"event\":\"focus\""));
	free(trace);
	pty_free(p);
	env_free(&e);
}

/* Another key takes the candidate and does its work. */
static void
test_list_other_key(void **state)
{
	struct env e;
	struct pty *p;

	(void)state;
	p = start(&e);
	pty_sendf(p, "jo");
	pty_sendf(p, "\t");
	must_see(p, "2 matches");
	must_see(p, "To:      Joe Bloggs <joe@example.co.uk>");
	pty_sendf(p, ",");
	must_go(p, "2 matches");
	must_see(p, "To:      Joe Bloggs <joe@example.co.uk>,");
	pty_free(p);
	env_free(&e);
}

/* Nothing to complete: Tab and Shift-Tab move between the fields. */
static void
test_no_match_moves(void **state)
{
	struct env e;
	struct pty *p;

	(void)state;
	p = start(&e);
	pty_sendf(p, "zzz");
	must_see(p, "To:      zzz");
	pty_sendf(p, "\t");
	must_trace(&e, p, "\"event\":\"focus\",\"field\":\"cc\"");
	pty_sendf(p, "q");
	must_see(p, "Cc:      q");
	/* Shift-Tab with no match: back to To. */
	shift_tab(p);
	must_trace(&e, p, "\"event\":\"focus\",\"field\":\"to\"");
	pty_sendf(p, "!");
	must_see(p, "To:      zzz!");
	assert_int_equal(pty_find(p, "matches", NULL, NULL), -1);
	pty_free(p);
	env_free(&e);
}

/*
 * Names with escape sequences never reach the terminal: the readers of
 * address books and of the history turn control characters into spaces
 * (and the screen would draw any left as visible escapes).
 */
static void
test_escaped(void **state)
{
	struct pty_cell cell;
	struct env e;
	struct pty *p;
	int row, col;

	(void)state;
	p = start(&e);
	pty_sendf(p, "ev");
	pty_sendf(p, "\t");
	must_see(p, "matches: Tab/Shift-Tab");
	must_see(p, "Eve ]0;pwned <eve@example.com>  (sent)");
	must_see(p, "  Evan <evan@example.com>  (sent)");
	if (pty_find(p, "Evil", NULL, NULL) == 0) {
		must_see(p, "Evil [31mRed <evil@example.com>  (contact)");
		assert_int_equal(pty_find(p, "Red <evil@", &row, &col), 0);
		assert_int_equal(pty_cell(p, row, col, &cell), 0);
		assert_true(cell.fg != 1);	/* not coloured by it */
		pty_sendf(p, "\t");
	}
	must_see(p, "> Eve ]0;pwned <eve@example.com>  (sent)");
	must_see(p, "To:      \"Eve ]0;pwned\" <eve@example.com>");
	pty_free(p);
	env_free(&e);
}

/*
 * A known colleague, a contact never written to, and a stranger: the
 * stranger is a new recipient at a new domain, and the marking in the
 * subject makes both outside addresses warnings the prompt asks about
 * (no fix to offer); taking out the marking takes the warnings away.
 */
static void
test_notices_and_marking(void **state)
{
	struct env e;
	struct pty *p;
	char *row;

	(void)state;
	p = start_with(&e, "FOUO travel", "jane.doe@army.mil, "
	    "jill@example.org, stranger@newco.example");
	must_trace(&e, p, "\"event\":\"message\",\"codes\":"
	    "[\"external-mix\"],\"marked\":[\"jill@example.org\","
	    "\"stranger@newco.example\"]");
	must_see(p, "(!) stranger@newco.example: the subject carries the "
	    "marking \"FOUO\"");
	must_see(p, "(!) stranger@newco.example: a new recipient at a new "
	    "domain");
	must_see(p, "(i) message: 2 of 3 recipients are outside your "
	    "organisation");
	/* The colleague is fine: known, inside. */
	row = row_of(p, "To:");
	assert_non_null(row);
	assert_null(strstr(row, "(!)jane") );
	assert_non_null(strstr(row, "jane.doe@army.mil"));
	free(row);
	/* Send: the prompt asks about the marking, with no fix offered. */
	pty_ctrl(p, 'X');
	must_trace(&e, p, "\"event\":\"prompt\"");
	must_trace(&e, p, "\"code\":\"marking-external\"");
	must_trace(&e, p, "\"keys\":\"roat\"");
	pty_sendf(p, "a");
	must_trace(&e, p, "\"action\":\"back\"");
	/* Out of the body, into the subject: no marking, no warnings. */
	pty_key(p, VTERM_KEY_UP, VTERM_MOD_NONE);
	pty_key(p, VTERM_KEY_HOME, VTERM_MOD_NONE);
	pty_key(p, VTERM_KEY_DEL, VTERM_MOD_NONE);
	pty_key(p, VTERM_KEY_DEL, VTERM_MOD_NONE);
	pty_key(p, VTERM_KEY_DEL, VTERM_MOD_NONE);
	pty_key(p, VTERM_KEY_DEL, VTERM_MOD_NONE);
	must_trace(&e, p, "\"marked\":[]");
	must_go(p, "carries the marking");
	must_see(p, "a new recipient at a new domain");
	pty_free(p);
	env_free(&e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_single),
		cmocka_unit_test(test_list_cycle_escape),
		cmocka_unit_test(test_list_enter),
		cmocka_unit_test(test_list_other_key),
		cmocka_unit_test(test_no_match_moves),
		cmocka_unit_test(test_escaped),
		cmocka_unit_test(test_notices_and_marking),
	};

	env_locate(bin, sizeof(bin), top, sizeof(top));
	return cmocka_run_group_tests(tests, NULL, NULL);
}
