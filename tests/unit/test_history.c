/*
 * test_history.c: the sent history: its reader, and recording (merged
 * without regard to case, most recent first, counted, bounded, private).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "common.h"
#include "contact.h"
#include "history.h"

static char dir[] = "/tmp/sg-history.XXXXXX";

static int
setup(void **state)
{
	(void)state;
	if (mkdtemp(dir) == NULL)
		return -1;
	setenv("XDG_STATE_HOME", dir, 1);
	return 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void
test_parse(void **state)
{
	static const char text[] =
	    "# sendguard history\r\n"
	    "jane@example.com\t1790000000\t3\tJane Roe\r\n"
	    "ops@us.af.mil\t1789990000\t1\t\n"
	    "not an address\t1\t1\tx\n"
	    "\n"
	    "bad@name.example\t1\t1\t\xff\xfe\n"
	    "last@example.org";	/* no final newline, no fields */
	struct contact_list l;

	(void)state;
	memset(&l, 0, sizeof(l));
	history_parse(text, sizeof(text) - 1, &l);
	assert_int_equal(l.n, 4);
	assert_string_equal(l.v[0].address, "jane@example.com");
	assert_string_equal(l.v[0].name, "Jane Roe");
	assert_string_equal(l.v[1].address, "ops@us.af.mil");
	assert_null(l.v[1].name);
	assert_string_equal(l.v[2].address, "bad@name.example");
	assert_null(l.v[2].name);		/* not UTF-8: dropped */
	assert_string_equal(l.v[3].address, "last@example.org");
	contact_list_free(&l);
}

static void
test_record(void **state)
{
	const char *first[] = { "jane@example.com", "bob@example.org" };
	const char *names[] = { "Jane\tRoe\x1b[31m", NULL };
	const char *again[] = { "carol@example.net", "JANE@example.com",
	    "carol@example.net" };
	struct contact_list l;
	struct stat st;
	char *err = NULL, path[256];
	FILE *f;
	char line[256];
	int n = 0;

	(void)state;
	assert_int_equal(history_record(first, names, 2, 1000, &err), 0);
	assert_int_equal(history_record(again, NULL, 3, 2000, &err), 0);
	snprintf(path, sizeof(path), "%s/sendguard/history", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f) != NULL) {
		switch (n++) {
		case 0:
			assert_true(line[0] == '#');
			break;
		case 1:
			assert_string_equal(line,
			    "carol@example.net\t2000\t1\t\n");
			break;
		case 2:	/* merged: the name is kept, counted twice */
			assert_string_equal(line,
			    "JANE@example.com\t2000\t2\tJane Roe [31m\n");
			break;
		case 3:
			assert_string_equal(line, "bob@example.org\t1000\t1\t\n");
			break;
		}
	}
	fclose(f);
	assert_int_equal(n, 4);
	memset(&l, 0, sizeof(l));
	history_load(&l);
	assert_int_equal(l.n, 3);
	contact_list_free(&l);
}

/* No tab or control character of a name ever reaches the file. */
static void
test_record_names(void **state)
{
	const char *a[] = { "x@example.com" };
	const char *nm[] = { "Eve\t\x1b]0;pwned\x07\nX" };
	struct contact_list l;
	char *err = NULL;
	size_t i;

	(void)state;
	assert_int_equal(history_record(a, nm, 1, 3000, &err), 0);
	memset(&l, 0, sizeof(l));
	history_load(&l);
	for (i = 0; i < l.n; i++)
		if (strcmp(l.v[i].address, "x@example.com") == 0) {
			assert_non_null(l.v[i].name);
			assert_null(strpbrk(l.v[i].name, "\t\n\x1b\x07"));
		}
	contact_list_free(&l);
}

/* The oldest go past HISTORY_MAX addresses. */
static void
test_bounded(void **state)
{
	const char *a[] = { "newest@example.com" };
	struct contact_list l;
	char path[256], *err = NULL;
	size_t i;
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s/sendguard/history", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	for (i = 0; i < HISTORY_MAX + 10; i++)
		fprintf(f, "u%zu@example.com\t%zu\t1\t\n", i, 5000 - i);
	fclose(f);
	assert_int_equal(history_record(a, NULL, 1, 9000, &err), 0);
	memset(&l, 0, sizeof(l));
	history_load(&l);
	assert_int_equal(l.n, HISTORY_MAX);
	assert_string_equal(l.v[0].address, "newest@example.com");
	assert_string_equal(l.v[1].address, "u0@example.com");
	assert_string_equal(l.v[HISTORY_MAX - 1].address,
	    "u99998@example.com");
	contact_list_free(&l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_record),
		cmocka_unit_test(test_record_names),
		cmocka_unit_test(test_bounded),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
