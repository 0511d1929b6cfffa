/* test_theme.c: themes, their files and the shipped themes/. */
#include <sys/stat.h>

#include <dirent.h>
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
#include "theme.h"
#include "tui.h"

static const char *const shipped[] = {
	"default", "high-contrast", "mono", "solarized-dark"
};

/* The repository's themes/ directory. */
static char *
themes_dir(void)
{
	const char *top = getenv("SENDGUARD_TOP");

	return xasprintf("%s/themes", top != NULL ? top : ".");
}

/* Writes text to a fresh file in a temporary directory; returns its path. */
static char *
write_temp(const char *text, size_t len)
{
	char dir[] = "/tmp/test_theme.XXXXXX";
	char *path;
	FILE *f;

	assert_non_null(mkdtemp(dir));
	path = xasprintf("%s/broken", dir);
	assert_non_null(f = fopen(path, "w"));
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	return path;
}

static void
remove_temp(char *path)
{
	char *slash = strrchr(path, '/');

	unlink(path);
	*slash = '\0';
	rmdir(path);
	free(path);
}

/* Fails naming the first role whose style differs. */
static void
assert_same_styles(const struct theme *a, const struct theme *b)
{
	int r;

	for (r = 0; r < ROLE_NROLES; r++) {
		const struct theme_style *x = &a->style[r], *y = &b->style[r];

		if (x->fg != y->fg || x->bg != y->bg || x->attrs != y->attrs)
			fail_msg("%s: %s is %d %d %#x in %s, %d %d %#x in %s",
			    a->name, theme_role_name(r), x->fg, x->bg, x->attrs,
			    a->name, y->fg, y->bg, y->attrs, b->name);
	}
}

static int
same_style(const struct theme_style *x, const struct theme_style *y)
{
	return x->fg == y->fg && x->bg == y->bg && x->attrs == y->attrs;
}

static void
test_role_names(void **state)
{
	int r, s;

	(void)state;
	for (r = 0; r < ROLE_NROLES; r++) {
		assert_non_null(theme_role_name(r));
		for (s = 0; s < r; s++)
			assert_string_not_equal(theme_role_name(r),
			    theme_role_name(s));
	}
	assert_string_equal(theme_role_name(ROLE_FIELD_LABEL), "field.label");
	assert_string_equal(theme_role_name(ROLE_ADDR_WARN), "addr.warn");
	assert_string_equal(theme_role_name(ROLE_ERROR), "error");
	assert_null(theme_role_name(ROLE_NROLES));
	assert_null(theme_role_name((enum theme_role)-1));
}

/* The built-in themes: 8 colours, no invisible text, mono without colour. */
static void
test_builtin(void **state)
{
	struct theme *d = theme_default(), *m = theme_mono();
	const struct theme_style *st;
	int r;

	(void)state;
	assert_string_equal(d->name, "default");
	assert_string_equal(m->name, "mono");
	for (r = 0; r < ROLE_NROLES; r++) {
		st = &d->style[r];
		if (st->fg < -1 || st->fg > 7 || st->bg < -1 || st->bg > 7)
			fail_msg("default: %s is not in 8 colours",
			    theme_role_name(r));
		if (st->fg != -1 && st->fg == st->bg)
			fail_msg("default: %s is invisible",
			    theme_role_name(r));
		assert_int_equal(m->style[r].fg, -1);
		assert_int_equal(m->style[r].bg, -1);
	}
	st = d->style;
	assert_int_equal(st[ROLE_ADDR_OK].attrs, 0);
	assert_int_equal(st[ROLE_ADDR_WARN].bg, 3);	/* yellow */
	assert_int_equal(st[ROLE_ADDR_BLOCK].bg, 1);	/* red */
	st = m->style;
	assert_int_equal(st[ROLE_ADDR_WARN].attrs,
	    THEME_BOLD | THEME_UNDERLINE);
	assert_int_equal(st[ROLE_ADDR_BLOCK].attrs, THEME_REVERSE | THEME_BOLD);
	assert_int_equal(st[ROLE_ADDR_NOTICE].attrs, THEME_UNDERLINE);
	assert_int_equal(st[ROLE_STATUS].attrs, THEME_REVERSE);
	assert_int_equal(st[ROLE_ESCAPED].attrs, THEME_DIM);
	theme_free(d);
	theme_free(m);
	theme_free(NULL);
}

/* Every file in themes/ loads; the four shipped ones are there. */
static void
test_shipped_load(void **state)
{
	char *dir = themes_dir(), *err = NULL, *path;
	struct theme *t;
	struct dirent *de;
	struct stat st;
	DIR *d;
	size_t i, n = 0;

	(void)state;
	for (i = 0; i < sizeof(shipped) / sizeof(shipped[0]); i++) {
		if (theme_load(shipped[i], dir, &t, &err) != 0)
			fail_msg("%s", err);
		assert_string_equal(t->name, shipped[i]);
		theme_free(t);
	}
	assert_non_null(d = opendir(dir));
	while ((de = readdir(d)) != NULL) {
		path = xasprintf("%s/%s", dir, de->d_name);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			if (theme_load(path, NULL, &t, &err) != 0)
				fail_msg("%s", err);
			assert_string_equal(t->name, de->d_name);
			theme_free(t);
			n++;
		}
		free(path);
	}
	closedir(d);
	assert_true(n >= 4);
	free(dir);
}

/* Each shipped file sets every role itself, not through the default. */
static void
test_shipped_complete(void **state)
{
	char *dir = themes_dir(), *path, *want, chunk[4096];
	struct buf text;
	size_t i, n;
	int r;
	FILE *f;

	(void)state;
	for (i = 0; i < sizeof(shipped) / sizeof(shipped[0]); i++) {
		path = xasprintf("%s/%s", dir, shipped[i]);
		assert_non_null(f = fopen(path, "r"));
		buf_init(&text);
		buf_addc(&text, '\n');
		while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
			buf_add(&text, chunk, n);
		fclose(f);
		for (r = 0; r < ROLE_NROLES; r++) {
			want = xasprintf("\n%s ", theme_role_name(r));
			if (strstr(text.s, want) == NULL)
				fail_msg("%s does not set %s", path,
				    theme_role_name(r));
			free(want);
		}
		buf_free(&text);
		free(path);
	}
	free(dir);
}

/* themes/default and themes/mono are the built-in ones. */
static void
test_shipped_builtin(void **state)
{
	char *dir = themes_dir(), *err = NULL;
	struct theme *t, *b;
	int r;

	(void)state;
	assert_int_equal(theme_load("default", dir, &t, &err), 0);
	b = theme_default();
	assert_same_styles(t, b);
	theme_free(t);
	theme_free(b);

	assert_int_equal(theme_load("mono", dir, &t, &err), 0);
	b = theme_mono();
	assert_same_styles(t, b);
	for (r = 0; r < ROLE_NROLES; r++) {
		assert_int_equal(t->style[r].fg, -1);
		assert_int_equal(t->style[r].bg, -1);
	}
	theme_free(t);
	theme_free(b);
	free(dir);
}

/* In every shipped theme, warn and block differ from ok and each other,
 * and not only by colour. */
static void
test_shipped_warn_block(void **state)
{
	char *dir = themes_dir(), *err = NULL;
	const struct theme_style *ok, *warn, *block;
	struct theme *t;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(shipped) / sizeof(shipped[0]); i++) {
		assert_int_equal(theme_load(shipped[i], dir, &t, &err), 0);
		ok = &t->style[ROLE_ADDR_OK];
		warn = &t->style[ROLE_ADDR_WARN];
		block = &t->style[ROLE_ADDR_BLOCK];
		if (warn->attrs == ok->attrs || block->attrs == ok->attrs)
			fail_msg("%s: warn or block has ok's attributes",
			    shipped[i]);
		if (same_style(warn, block))
			fail_msg("%s: warn looks like block", shipped[i]);
		if (same_style(&t->style[ROLE_ADDR_NOTICE], ok))
			fail_msg("%s: notice looks like ok", shipped[i]);
		theme_free(t);
	}
	free(dir);
}

/* Names, paths and the built-in fallbacks. */
static void
test_load_names(void **state)
{
	char *err = NULL, *path;
	struct theme *t;

	(void)state;
	assert_int_equal(theme_load("mono", NULL, &t, &err), 0);
	assert_string_equal(t->name, "mono");
	assert_int_equal(t->style[ROLE_STATUS].attrs, THEME_REVERSE);
	theme_free(t);
	assert_int_equal(theme_load("default", "/nonexistent", &t, &err), 0);
	assert_string_equal(t->name, "default");
	theme_free(t);
	assert_null(err);

	assert_int_equal(theme_load("solarized-dark", NULL, &t, &err), -1);
	assert_string_equal(err, "unknown theme \"solarized-dark\" (no theme "
	    "directory; built in: default, mono)");
	assert_string_equal(t->name, "default");
	free(err);
	theme_free(t);

	assert_int_equal(theme_load("nope", "/nonexistent", &t, &err), -1);
	assert_string_equal(err, "/nonexistent/nope: No such file or "
	    "directory");
	free(err);
	theme_free(t);

	assert_int_equal(theme_load("/tmp", NULL, &t, &err), -1);
	assert_string_equal(err, "/tmp: not a regular file");
	free(err);
	theme_free(t);

	assert_int_equal(theme_load("", NULL, &t, NULL), -1);
	assert_string_equal(t->name, "default");
	theme_free(t);

	/* A path names its theme by the file's name. */
	path = write_temp("addr.ok = green default\n", 24);
	assert_int_equal(theme_load(path, "/ignored", &t, &err), 0);
	assert_string_equal(t->name, "broken");
	assert_int_equal(t->style[ROLE_ADDR_OK].fg, 2);
	theme_free(t);
	remove_temp(path);
}

/* A partial file: its roles as written, the rest from the default. */
static void
test_partial(void **state)
{
	static const char text[] = "\xef\xbb\xbf# mine\n\n"
	    "addr.warn=bright-magenta 17 italic dim  # comment\r\n"
	    "  status\t=\tdefault   white reverse\n"
	    "body = 255 0";
	struct theme *t = theme_default(), *d = theme_default();
	char *err = NULL;
	int r;

	(void)state;
	assert_int_equal(theme_parse(text, sizeof(text) - 1, "p", t, &err), 0);
	assert_null(err);
	for (r = 0; r < ROLE_NROLES; r++)
		if (r != ROLE_ADDR_WARN && r != ROLE_STATUS && r != ROLE_BODY)
			assert_true(same_style(&t->style[r], &d->style[r]));
	assert_int_equal(t->style[ROLE_ADDR_WARN].fg, 13);
	assert_int_equal(t->style[ROLE_ADDR_WARN].bg, 17);
	assert_int_equal(t->style[ROLE_ADDR_WARN].attrs,
	    THEME_ITALIC | THEME_DIM);
	assert_int_equal(t->style[ROLE_STATUS].fg, -1);
	assert_int_equal(t->style[ROLE_STATUS].bg, 7);
	assert_int_equal(t->style[ROLE_STATUS].attrs, THEME_REVERSE);
	assert_int_equal(t->style[ROLE_BODY].fg, 255);
	assert_int_equal(t->style[ROLE_BODY].bg, 0);
	assert_int_equal(t->style[ROLE_BODY].attrs, 0);

	/* An empty file is the default theme. */
	assert_int_equal(theme_parse("", 0, "e", t, &err), 0);
	assert_same_styles(t, d);
	theme_free(t);
	theme_free(d);
}

/* Each broken text fails with its exact message, the styles the default. */
static void
test_errors(void **state)
{
	static const struct {
		const char *text;
		const char *msg;
	} cases[] = {
		{ "addr.ok = red default\n# x\naddr.wrn = red default\n",
		    "t:3: unknown role \"addr.wrn\"" },
		{ "\n\nbody = purpel default\n",
		    "t:3: unknown colour \"purpel\"" },
		{ "body = red 256\n", "t:1: unknown colour \"256\"" },
		{ "body = red -1\n", "t:1: unknown colour \"-1\"" },
		{ "body = bright-default red\n",
		    "t:1: unknown colour \"bright-default\"" },
		{ "body = red RED\n", "t:1: unknown colour \"RED\"" },
		{ "body = red red blink\n",
		    "t:1: unknown attribute \"blink\"" },
		{ "# a\nbody red default\n",
		    "t:2: expected role = foreground background [attributes]" },
		{ "body = red\n",
		    "t:1: expected role = foreground background [attributes]" },
		{ "body =\n",
		    "t:1: expected role = foreground background [attributes]" },
		{ " = red red\n",
		    "t:1: expected role = foreground background [attributes]" },
		{ "field label = red red\n",
		    "t:1: unknown role \"field label\"" },
		{ "a\tb = red red\n", "t:1: unknown role \"a\\tb\"" },
		{ "body = red red \x1b[2J\n",
		    "t:1: unknown attribute \"\\e[2J\"" },
		{ "x\n", "t:1: expected role = foreground background "
		    "[attributes]" },
		{ "body = red red\n\nbody = red red\n",
		    "t:3: role \"body\" set again (first on line 1)" },
		{ "addr.ok = red default\n\xff\n", "t:2: not valid UTF-8" },
		{ "body = \xc3\xa9 red\n", "t:1: unknown colour \"\xc3\xa9\"" },
		{ "\xef\xbb\xbf" "body = 2x red\n",
		    "t:1: unknown colour \"2x\"" },
	};
	struct theme *t = theme_default(), *d = theme_default();
	char *err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err = NULL;
		assert_int_equal(theme_parse(cases[i].text,
		    strlen(cases[i].text), "t", t, &err), -1);
		assert_non_null(err);
		if (strcmp(err, cases[i].msg) != 0)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, err,
			    cases[i].msg);
		assert_same_styles(t, d);
		free(err);
	}
	assert_int_equal(theme_parse("x", 1, "t", t, NULL), -1);
	theme_free(t);
	theme_free(d);
}

/* NUL bytes, long lines and long words; all through a real file. */
static void
test_file_errors(void **state)
{
	struct theme *t;
	char *err, *path, *want, *big;
	size_t n;

	(void)state;
	path = write_temp("body = red red\nbody\0 = red red\n", 31);
	assert_int_equal(theme_load(path, NULL, &t, &err), -1);
	want = xasprintf("%s:2: a NUL byte in the line", path);
	assert_string_equal(err, want);
	assert_string_equal(t->name, "default");
	free(want);
	free(err);
	theme_free(t);
	remove_temp(path);

	/* 4096 bytes is the longest line: one more fails. */
	n = 2 + 4097 + 1;
	big = xmalloc(n + 1);
	memcpy(big, "#\n", 2);
	memset(big + 2, ' ', 4096);
	memcpy(big + 2 + 4096 - 14, "body = red red", 14);
	big[2 + 4096] = '\n';
	big[2 + 4097] = '\0';
	assert_int_equal(theme_parse(big, strlen(big), "l", t = theme_mono(),
	    &err), 0);
	theme_free(t);
	big[2 + 4096] = ' ';
	big[2 + 4097] = '\n';
	path = write_temp(big, n);
	assert_int_equal(theme_load(path, NULL, &t, &err), -1);
	want = xasprintf("%s:2: line longer than 4096 bytes", path);
	assert_string_equal(err, want);
	free(want);
	free(err);
	theme_free(t);
	remove_temp(path);
	free(big);

	/* Too big a file, and a FIFO (which must not block). */
	big = xmalloc(300 * 1024);
	memset(big, '#', 300 * 1024);
	path = write_temp(big, 300 * 1024);
	free(big);
	assert_int_equal(theme_load(path, NULL, &t, &err), -1);
	want = xasprintf("%s: larger than 256 KiB", path);
	assert_string_equal(err, want);
	free(want);
	free(err);
	theme_free(t);
	unlink(path);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(theme_load(path, NULL, &t, &err), -1);
	want = xasprintf("%s: not a regular file", path);
	assert_string_equal(err, want);
	free(want);
	free(err);
	theme_free(t);
	remove_temp(path);

	/* A long bad word is cut in the message, not mid-character. */
	big = xmalloc(100);
	memcpy(big, "body = ", 7);
	memset(big + 7, 'x', 63);
	memcpy(big + 70, "\xc3\xa9\xc3\xa9 red\n", 10);
	assert_int_equal(theme_parse(big, 80, "w", t = theme_default(), &err),
	    -1);
	want = xasprintf("w:1: unknown colour \"%.63s...\"", big + 7);
	assert_string_equal(err, want);
	free(want);
	free(err);
	free(big);
	theme_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_role_names),
		cmocka_unit_test(test_builtin),
		cmocka_unit_test(test_shipped_load),
		cmocka_unit_test(test_shipped_complete),
		cmocka_unit_test(test_shipped_builtin),
		cmocka_unit_test(test_shipped_warn_block),
		cmocka_unit_test(test_load_names),
		cmocka_unit_test(test_partial),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_file_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
