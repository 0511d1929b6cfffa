/* test_subst.c: msmtp's %U %H %C %M patterns. */
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
#include "subst.h"

static char *
fake(void *arg, char letter, char **errstr)
{
	(void)arg;
	if (letter == 'M') {
		*errstr = xstrdup("no mailname");
		return NULL;
	}
	return xasprintf("<%c>", letter);
}

static void
test_expand(void **state)
{
	static const struct {
		const char *in, *letters, *out;
	} cases[] = {
		{ "%U@%H", "UHCM", "<U>@<H>" },
		{ "%U@%H", "HCM", "%U@<H>" },		/* domain: no %U */
		{ "%%U", "UHCM", "%<U>" },		/* "%%" is no escape */
		{ "%X and %", "UHCM", "%X and %" },
		{ "plain@example.org", "UHCM", "plain@example.org" },
		{ "%C%C", "UHCM", "<C><C>" },
		{ "", "UHCM", "" },
	};
	char *out, *err = NULL;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		out = subst_expand(cases[i].in, cases[i].letters, fake, NULL,
		    &err);
		assert_non_null(out);
		assert_string_equal(out, cases[i].out);
		free(out);
	}
	assert_null(subst_expand("%U@%M", "UHCM", fake, NULL, &err));
	assert_string_equal(err, "no mailname");
	free(err);
}

/* The real values: $USER before $LOGNAME, $HOSTNAME, SYSCONFDIR/mailname. */
static void
test_system(void **state)
{
	char dir[] = "/tmp/test_subst.XXXXXX", *path, *v, *err = NULL;
	FILE *f;

	(void)state;
	setenv("USER", "u1", 1);
	setenv("LOGNAME", "l1", 1);
	v = subst_system(NULL, 'U', &err);
	assert_string_equal(v, "u1");
	free(v);
	unsetenv("USER");
	v = subst_system(NULL, 'U', &err);
	assert_string_equal(v, "l1");
	free(v);
	setenv("HOSTNAME", "box.example.org", 1);
	v = subst_system(NULL, 'H', &err);
	assert_string_equal(v, "box.example.org");
	free(v);
	setenv("HOSTNAME", "localhost", 1);
	v = subst_system(NULL, 'C', &err);
	assert_string_equal(v, "localhost");
	free(v);

	assert_non_null(mkdtemp(dir));
	setenv("SENDGUARD_SYSCONFDIR", dir, 1);
	assert_null(subst_system(NULL, 'M', &err));
	assert_non_null(strstr(err, "/mailname"));
	free(err);
	err = NULL;
	path = xasprintf("%s/mailname", dir);
	f = fopen(path, "w");
	fputs("mail.example.org\nsecond line\n", f);
	fclose(f);
	v = subst_system(NULL, 'M', &err);
	assert_string_equal(v, "mail.example.org");
	free(v);
	unlink(path);
	free(path);
	rmdir(dir);
	unsetenv("SENDGUARD_SYSCONFDIR");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_expand),
		cmocka_unit_test(test_system),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
