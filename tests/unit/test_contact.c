/* test_contact.c: the contact list, and finding and reading address books. */
#include <sys/stat.h>

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "common.h"
#include "config.h"
#include "contact.h"

static char *tmpdir;

/* Writes a file under the temporary directory; returns its path. */
static char *
put(const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", tmpdir, name), *dir;
	int fd;

	dir = xstrdup(path);
	*strrchr(dir, '/') = '\0';
	assert_int_equal(mkdirs(dir), 0);
	free(dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(file_write_all(fd, text, strlen(text)), 0);
	close(fd);
	return path;
}

static int
setup(void **state)
{
	char tmpl[] = "/tmp/sendguard-contact.XXXXXX";

	(void)state;
	if (mkdtemp(tmpl) == NULL)
		return -1;
	tmpdir = xstrdup(tmpl);
	setenv("HOME", tmpdir, 1);
	unsetenv("XDG_CONFIG_HOME");
	return 0;
}

static int
teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);

	(void)state;
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
	free(cmd);
	free(tmpdir);
	return 0;
}

static char *
fixture(const char *name)
{
	const char *top = getenv("SENDGUARD_TOP");

	return xasprintf("%s/tests/unit/data/contacts/%s",
	    top != NULL ? top : ".", name);
}

/* Loads the paths (NULL-terminated) into l, warnings into w. */
static void
load(struct contact_list *l, struct strlist *w, ...)
{
	struct strlist paths = { NULL, 0 };
	const char *p;
	va_list ap;

	va_start(ap, w);
	while ((p = va_arg(ap, const char *)) != NULL)
		strlist_add(&paths, p);
	va_end(ap);
	memset(l, 0, sizeof(*l));
	memset(w, 0, sizeof(*w));
	contact_load(l, &paths, w);
	strlist_free(&paths);
}

/* Whether the list holds address (with that alias, if not NULL). */
static int
has(const struct contact_list *l, const char *address, const char *alias)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].address, address) == 0 && (alias == NULL ||
		    (l->v[i].alias != NULL &&
		    strcmp(l->v[i].alias, alias) == 0)))
			return 1;
	return 0;
}

static void
test_add(void **state)
{
	struct contact_list l;

	(void)state;
	memset(&l, 0, sizeof(l));
	contact_add_clean(&l, "  Tab\tand\nbreak \xc2\x85 ", "a@x.org", "");
	contact_add_clean(&l, "\xff", "b@x.org", "\xc0\x80");
	contact_add_clean(&l, " \t ", "c@x.org", " k ");
	assert_int_equal(contact_add_one(&l, "N", "d@x.org", "k"), 0);
	assert_int_equal(contact_add_one(&l, "N", "Doe <e@x.org>", NULL), 0);
	assert_int_equal(contact_add_one(&l, "N", "f@x.org, g@x.org", NULL),
	    -1);
	assert_int_equal(contact_add_one(&l, "N", "G: g@x.org;", NULL), -1);
	assert_int_equal(contact_add_one(&l, "N", "john", NULL), -1);
	assert_int_equal(contact_add_one(&l, "N", "", NULL), -1);
	assert_int_equal(l.n, 5);
	assert_string_equal(l.v[0].name, "Tab and break");
	assert_null(l.v[0].alias);
	assert_null(l.v[1].name);
	assert_null(l.v[1].alias);
	assert_null(l.v[2].name);
	assert_string_equal(l.v[2].alias, "k");
	assert_string_equal(l.v[4].address, "e@x.org");
	assert_string_equal(l.v[4].name, "N");
	contact_list_free(&l);
}

/* The sample books, each found by its content or as a folder. */
static void
test_load_samples(void **state)
{
	struct contact_list l;
	struct strlist w;
	char *muttrc = fixture("mutt/muttrc"), *abook =
	    fixture("abook/addressbook"), *vdir = fixture("vdir"), *phone =
	    fixture("phone/contacts.vcf"), *v4 = fixture("vcard4.vcf");

	(void)state;
	load(&l, &w, muttrc, abook, vdir, phone, v4, NULL);
	assert_int_equal(w.n, 0);
	/* muttrc 1 + aliases 15 + more-aliases 2; abook 5; vdir 5; 5; 2. */
	assert_int_equal(l.n, 18 + 5 + 5 + 5 + 2);
	assert_string_equal(l.v[0].address, "boss@example.com");
	assert_string_equal(l.v[1].address, "john.doe@army.mil");
	assert_string_equal(l.v[16].address, "kim@example.kr");
	assert_string_equal(l.v[17].alias, "my mom");
	assert_string_equal(l.v[18].name, "Émilie Dupont");
	assert_string_equal(l.v[18].alias, "emi");
	/* vdir: sorted, subfolders read, dot folders and *.txt not. */
	assert_string_equal(l.v[23].name, "Jürgen Müller");
	assert_string_equal(l.v[25].name, "Renée Martin");
	assert_string_equal(l.v[26].address, "jane.doe@army.mil");
	assert_string_equal(l.v[27].address, "old@example.org");
	assert_false(has(&l, "hidden@example.org", NULL));
	assert_false(has(&l, "txt@example.org", NULL));
	assert_false(has(&l, "secret@example.org", NULL));
	assert_string_equal(l.v[28].name, "Émilie Dupont");
	assert_string_equal(l.v[33].address, "john.doe@army.mil");
	assert_string_equal(l.v[33].alias, "Johnny");
	contact_list_free(&l);
	strlist_free(&w);
	free(muttrc);
	free(abook);
	free(vdir);
	free(phone);
	free(v4);
}

/* Includes: relative, ~/, $VAR, loops, depth, commands never run. */
static void
test_includes(void **state)
{
	struct contact_list l;
	struct strlist w;
	char *rc, *ran, *name;
	int i;

	(void)state;
	setenv("SG_CONTACT_DIR", tmpdir, 1);
	unsetenv("SG_CONTACT_UNSET");
	rc = put("inc/muttrc", "source sub/a\n"
	    "source ~/home-aliases $SG_CONTACT_DIR/var ${SG_CONTACT_DIR}/var2\n"
	    "source $SG_CONTACT_UNSET/x missing\n"
	    "source evil|\nsource `touch ran`\n"
	    "source \"touch ran; cat inc/evil |\"\n"
	    "set alias_file=`touch ran`\n"
	    "alias top top@x.org\n");
	free(put("inc/sub/a", "alias a a@x.org\nsource b\nsource ../muttrc\n"));
	free(put("inc/sub/b", "alias b b@x.org\nsource a\nsource b\n"));
	free(put("home-aliases", "alias h h@x.org\n"));
	free(put("var", "alias v v@x.org\n"));
	free(put("var2", "alias v2 v2@x.org\n"));
	free(put("inc/evil|", "alias evil evil@x.org\n"));
	free(put("inc/evil", "alias evil evil@x.org\n"));
	load(&l, &w, rc, rc, NULL);
	assert_int_equal(w.n, 0);
	assert_int_equal(l.n, 6);
	assert_string_equal(l.v[0].address, "top@x.org");
	assert_string_equal(l.v[1].address, "a@x.org");
	assert_string_equal(l.v[2].address, "b@x.org");
	assert_string_equal(l.v[3].address, "h@x.org");
	assert_string_equal(l.v[4].address, "v@x.org");
	assert_string_equal(l.v[5].address, "v2@x.org");
	ran = xasprintf("%s/inc/ran", tmpdir);
	assert_int_equal(access(ran, F_OK), -1);
	free(ran);
	ran = xasprintf("%s/ran", tmpdir);
	assert_int_equal(access(ran, F_OK), -1);
	free(ran);
	contact_list_free(&l);
	strlist_free(&w);
	free(rc);

	/* A chain of 12 files: the first and 8 levels below it are read. */
	for (i = 0; i < 12; i++) {
		name = xasprintf("chain/f%d", i);
		rc = xasprintf("alias f%d f%d@x.org\nsource f%d\n", i, i,
		    i + 1);
		free(put(name, rc));
		free(rc);
		free(name);
	}
	rc = xasprintf("%s/chain/f0", tmpdir);
	load(&l, &w, rc, NULL);
	assert_int_equal(l.n, 9);
	assert_string_equal(l.v[8].address, "f8@x.org");
	contact_list_free(&l);
	strlist_free(&w);
	free(rc);
}

/* How a file is recognized. */
static void
test_detect(void **state)
{
	struct contact_list l;
	struct strlist w;
	char *v, *a, *a0, *m, *e, *j;
	static const char junk[] = "\x7f" "ELF\x02\x01\x01\xff\xfe\n[0\n";

	(void)state;
	v = put("d/v", "\xef\xbb\xbf \r\n\tbegin:vcard\nfn:V\nemail:v@x.org\n"
	    "end:vcard\n");
	a = put("d/a", "# abook addressbook file\n\n[format]\nprogram=abook\n"
	    "\n[0]\nname=A\nemail=a@x.org\n");
	a0 = put("d/a0", "\n[0]\nname=A0\nemail=a0@x.org\n");
	m = put("d/m", "[0]\nname=M\nalias m m@x.org\n");
	e = put("d/e", "");
	j = put("d/j", junk);
	free(put("d/x.Vcf", "PRODID:x\nBEGIN:VCARD\nEMAIL:x@x.org\n"
	    "END:VCARD\n"));
	load(&l, &w, v, a, a0, m, e, j, NULL);
	assert_int_equal(w.n, 0);
	assert_int_equal(l.n, 4);
	assert_string_equal(l.v[0].name, "V");
	assert_string_equal(l.v[1].name, "A");
	assert_string_equal(l.v[2].name, "A0");
	assert_string_equal(l.v[3].alias, "m");
	contact_list_free(&l);
	strlist_free(&w);
	/* A *.vcf name is a vCard whatever comes first. */
	free(v);
	v = xasprintf("%s/d/x.Vcf", tmpdir);
	load(&l, &w, v, NULL);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].address, "x@x.org");
	contact_list_free(&l);
	strlist_free(&w);
	free(v);
	free(a);
	free(a0);
	free(m);
	free(e);
	free(j);
}

/* What is wrong with a named path is a warning, never fatal. */
static void
test_warnings(void **state)
{
	struct contact_list l;
	struct strlist w, paths;
	char *missing, *fifo, *big, *ok, *want;
	int fd;

	(void)state;
	missing = xasprintf("%s/no/such/file", tmpdir);
	fifo = xasprintf("%s/fifo", tmpdir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	big = xasprintf("%s/big.vcf", tmpdir);
	fd = open(big, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 64 * 1024 * 1024 + 1), 0);
	close(fd);
	ok = put("ok", "alias ok ok@x.org\nsource no-such-include\n");
	load(&l, &w, missing, fifo, big, ok, NULL);
	assert_int_equal(l.n, 1);
	assert_int_equal(w.n, 3);
	want = xasprintf("%s: No such file or directory", missing);
	assert_string_equal(w.v[0], want);
	free(want);
	want = xasprintf("%s: not a regular file", fifo);
	assert_string_equal(w.v[1], want);
	free(want);
	want = xasprintf("%s: larger than 64 MB, skipped", big);
	assert_string_equal(w.v[2], want);
	free(want);
	contact_list_free(&l);
	strlist_free(&w);

	/* Without a list for them, warnings are dropped. */
	paths.v = NULL;
	paths.n = 0;
	strlist_add(&paths, missing);
	strlist_add(&paths, big);
	strlist_add(&paths, ok);
	memset(&l, 0, sizeof(l));
	contact_load(&l, &paths, NULL);
	assert_int_equal(l.n, 1);
	contact_list_free(&l);
	strlist_free(&paths);
	unlink(big);
	free(big);

	/* A big file in a folder is reported too; an empty folder is not. */
	big = xasprintf("%s/bigdir/big.vcf", tmpdir);
	assert_int_equal(mkdirs(big), 0);
	assert_int_equal(rmdir(big), 0);
	fd = open(big, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 64 * 1024 * 1024 + 1), 0);
	close(fd);
	free(missing);
	missing = xasprintf("%s/bigdir", tmpdir);
	load(&l, &w, missing, NULL);
	assert_int_equal(w.n, 1);
	unlink(big);
	contact_list_free(&l);
	strlist_free(&w);
	free(missing);
	free(fifo);
	free(big);
	free(ok);
}

/* Folders: depth, dot files, symlink loops, the same file twice. */
static void
test_folders(void **state)
{
	struct contact_list l;
	struct strlist w;
	char *dir, *link;
	static const char card[] = "BEGIN:VCARD\nFN:%s\nEMAIL:%s@x.org\n"
	    "END:VCARD\n";
	char text[256];

	(void)state;
	snprintf(text, sizeof(text), card, "Top", "top");
	free(put("f/top.VCF", text));
	snprintf(text, sizeof(text), card, "Four", "four");
	free(put("f/1/2/3/4/four.vcf", text));
	snprintf(text, sizeof(text), card, "Five", "five");
	free(put("f/1/2/3/4/5/five.vcf", text));
	snprintf(text, sizeof(text), card, "Dot", "dot");
	free(put("f/.dot.vcf", text));
	free(put("f/.git/x.vcf", text));
	free(put("f/vcf", text));
	link = xasprintf("%s/f/1/loop", tmpdir);
	dir = xasprintf("%s/f", tmpdir);
	assert_int_equal(symlink(dir, link), 0);
	free(link);
	link = xasprintf("%s/f/again.vcf", tmpdir);
	assert_int_equal(symlink("top.VCF", link), 0);
	load(&l, &w, dir, dir, NULL);
	assert_int_equal(w.n, 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].address, "four@x.org");
	assert_string_equal(l.v[1].address, "top@x.org");
	contact_list_free(&l);
	strlist_free(&w);
	free(dir);
	free(link);
}

static void
test_default_paths(void **state)
{
	struct strlist out = { NULL, 0 };
	char *want;

	(void)state;
	free(put("dflt/.mutt/aliases", ""));
	free(put("dflt/.muttrc", ""));
	free(put("dflt/.config/mutt/muttrc", ""));
	free(put("dflt/xdg/neomutt/neomuttrc", ""));
	want = xasprintf("%s/dflt", tmpdir);
	setenv("HOME", want, 1);
	free(want);
	contact_default_paths(&out);
	assert_int_equal(out.n, 3);
	want = xasprintf("%s/dflt/.mutt/aliases", tmpdir);
	assert_string_equal(out.v[0], want);
	free(want);
	want = xasprintf("%s/dflt/.muttrc", tmpdir);
	assert_string_equal(out.v[1], want);
	free(want);
	want = xasprintf("%s/dflt/.config/mutt/muttrc", tmpdir);
	assert_string_equal(out.v[2], want);
	free(want);
	strlist_free(&out);

	want = xasprintf("%s/dflt/xdg", tmpdir);
	setenv("XDG_CONFIG_HOME", want, 1);
	free(want);
	contact_default_paths(&out);
	assert_int_equal(out.n, 3);
	want = xasprintf("%s/dflt/xdg/neomutt/neomuttrc", tmpdir);
	assert_string_equal(out.v[2], want);
	free(want);
	strlist_free(&out);

	/* A relative XDG_CONFIG_HOME is ignored, as the spec says. */
	setenv("XDG_CONFIG_HOME", "dflt/xdg", 1);
	contact_default_paths(&out);
	assert_int_equal(out.n, 3);
	strlist_free(&out);
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("HOME");
	contact_default_paths(&out);
	assert_int_equal(out.n, 0);
	setenv("HOME", tmpdir, 1);
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* 10,000 contacts in each format: linear, a few milliseconds each. */
static void
test_speed(void **state)
{
	struct contact_list l;
	struct strlist w;
	struct buf a, b, v;
	char *pa, *pb, *pv;
	double t;
	int i;

	(void)state;
	buf_init(&a);
	buf_init(&b);
	buf_init(&v);
	buf_adds(&b, "[format]\nprogram=abook\nversion=0.6.1\n\n");
	for (i = 0; i < 10000; i++) {
		buf_addf(&a, "alias p%d \\\"Person, Number %d\\\" "
		    "<person%d@example%d.org> # tags:x\n", i, i, i, i % 97);
		buf_addf(&b, "[%d]\nname=Person %d\nemail=person%d@example.org"
		    "\nnick=p%d\nphone=555\n\n", i, i, i, i);
		buf_addf(&v, "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:%d\r\n"
		    "FN:Person\\, %d\r\nN:%d;Person;;;\r\n"
		    "EMAIL;TYPE=INTERNET:person%d@example.org\r\n"
		    "TEL:+1 555 0100\r\nEND:VCARD\r\n", i, i, i, i);
	}
	pa = put("speed/aliases", a.s);
	pb = put("speed/addressbook", b.s);
	pv = put("speed/all.vcf", v.s);
	t = now_ms();
	load(&l, &w, pa, pb, pv, NULL);
	t = now_ms() - t;
	assert_int_equal(l.n, 30000);
	assert_string_equal(l.v[9999].name, "Person, Number 9999");
	assert_string_equal(l.v[29999].name, "Person, 9999");
	print_message("30,000 contacts (3 formats) loaded in %.1f ms\n", t);
	/* Generous, for sanitizers and busy machines; linear is ~20 ms. */
	assert_true(t < 2000);
	contact_list_free(&l);
	strlist_free(&w);
	buf_free(&a);
	buf_free(&b);
	buf_free(&v);
	free(pa);
	free(pb);
	free(pv);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add),
		cmocka_unit_test(test_load_samples),
		cmocka_unit_test(test_includes),
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_warnings),
		cmocka_unit_test(test_folders),
		cmocka_unit_test(test_default_paths),
		cmocka_unit_test(test_speed),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
