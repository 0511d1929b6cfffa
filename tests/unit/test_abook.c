/* test_abook.c: abook's addressbook file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common.h"
#include "abook.h"
#include "contact.h"
#include "contact_helpers.h"

static void
parse(const char *text, struct contact_list *l)
{
	memset(l, 0, sizeof(*l));
	abook_parse(text, strlen(text), l);
}

/* The file as abook 0.6.1 writes it, several addresses to an entry. */
static void
test_real_file(void **state)
{
	struct contact_list l;
	struct buf b;
	const char *top = getenv("SENDGUARD_TOP");
	char *path, *err = NULL;

	(void)state;
	path = xasprintf("%s/tests/unit/data/contacts/abook/addressbook",
	    top != NULL ? top : ".");
	buf_init(&b);
	if (file_read(path, &b, &err) != 0)
		fail_msg("%s", err);
	memset(&l, 0, sizeof(l));
	abook_parse(b.s, b.len, &l);
	is(&l, 0, "Émilie Dupont", "emilie.dupont@example.fr", "emi");
	is(&l, 1, "Émilie Dupont", "e.dupont@work.example", "emi");
	is(&l, 2, "John Doe", "john.doe@army.mil", NULL);
	/* [2] has no address; [3] has one that is not an address. */
	is(&l, 3, "Zoë Ångström", "zoe@example.se", "zoe");
	is(&l, 4, "Zoë Ångström", "zoe.a@example.se", "zoe");
	assert_int_equal(l.n, 5);
	contact_list_free(&l);
	buf_free(&b);
	free(path);
}

/* Sections, keys and values in the shapes hand edits leave. */
static void
test_shapes(void **state)
{
	struct contact_list l;

	(void)state;
	parse("name=Before <before@x.org>\nemail=before@x.org\n"
	    "[format]\nemail=format@x.org\n"
	    "[0]\r\nNAME = Spaced Out \r\n EMAIL = a@x.org , ,b@x.org,\r\n"
	    "Nick=sp\r\n\r\n"
	    "[1]\nemail=c@x.org\nname=Late Name\nname=Last Name\n"
	    "  # a comment\n#email=commented@x.org\n"
	    "[2\nemail=broken-section@x.org\n"
	    "[x]\nemail=named-section@x.org\n"
	    "[3]\nemail=\"Quoted, Name\" <q@x.org>\nnick=\xff\n"
	    "[4]\nname=\xc3\x28\nemail=d@x.org\nphone=email=e@x.org\n"
	    "[5]\nemail=last@x.org", &l);
	is(&l, 0, "Spaced Out", "a@x.org", "sp");
	is(&l, 1, "Spaced Out", "b@x.org", "sp");
	is(&l, 2, "Last Name", "c@x.org", NULL);
	is(&l, 3, NULL, "d@x.org", NULL);
	is(&l, 4, NULL, "last@x.org", NULL);
	assert_int_equal(l.n, 5);
	contact_list_free(&l);
}

/* Nothing, junk and NULs. */
static void
test_junk(void **state)
{
	struct contact_list l;
	static const char junk[] = "[0]\nemail=a\0@x.org\nname=\0\n"
	    "\xff\xfe[\0]\n=\n[]\n[0]\nemail=,,,\n[1]\nemail=ok@x.org\0junk\n";

	(void)state;
	parse("", &l);
	assert_int_equal(l.n, 0);
	parse("[", &l);
	assert_int_equal(l.n, 0);
	memset(&l, 0, sizeof(l));
	abook_parse(junk, sizeof(junk) - 1, &l);
	assert_int_equal(l.n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_file),
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_junk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
