/* test_vcard.c: vCard 2.1, 3.0 and 4.0 files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common.h"
#include "contact.h"
#include "contact_helpers.h"
#include "vcard.h"

static void
parse_file(const char *name, struct contact_list *l)
{
	struct buf b;

	fixture(name, &b);
	memset(l, 0, sizeof(*l));
	vcard_parse(b.s, b.len, l);
	buf_free(&b);
}

static void
parse(const char *text, struct contact_list *l)
{
	memset(l, 0, sizeof(*l));
	vcard_parse(text, strlen(text), l);
}

/* An Android 2.1 export: quoted-printable, soft line breaks, Latin-1. */
static void
test_phone_21(void **state)
{
	struct contact_list l;

	(void)state;
	parse_file("phone/contacts.vcf", &l);
	is(&l, 0, "Émilie Dupont", "emilie@example.fr", NULL);
	is(&l, 1, "Éléonore de la Rochefoucauld-Liancourt "
	    "(Cabinet du Ministre)", "eleonore@example.fr", NULL);
	is(&l, 2, "Éléonore de la Rochefoucauld-Liancourt "
	    "(Cabinet du Ministre)", "cabinet@example.gouv.fr", NULL);
	is(&l, 3, "François Garçon", "francois@example.fr", NULL);
	/* N only, 8-bit Latin-1 without quoted-printable. */
	is(&l, 4, "Hans Müller", "hans@example.de", NULL);
	assert_int_equal(l.n, 5);
	contact_list_free(&l);
}

/* khard's 3.0 with CRLF, groups and parameters; 4.0 with folding. */
static void
test_khard_30_and_40(void **state)
{
	struct contact_list l;

	(void)state;
	parse_file("vdir/personal/3b1f9c2e-aa10-4c1a-9d2e-1c0a7e5b8f01.vcf",
	    &l);
	is(&l, 0, "Jürgen Müller", "juergen@example.de", "jm");
	is(&l, 1, "Jürgen Müller", "j.mueller@work.example", "jm");
	assert_int_equal(l.n, 2);
	contact_list_free(&l);

	parse_file("vdir/work/a1.vcf", &l);
	is(&l, 0, "Doe, Jane", "jane.doe@army.mil", NULL);
	assert_int_equal(l.n, 1);
	contact_list_free(&l);

	parse_file("vcard4.vcf", &l);
	is(&l, 0, "Doe, John", "john.doe@army.mil", "Johnny");
	is(&l, 1, "Doe, John", "jd@example.org", "Johnny");
	assert_int_equal(l.n, 2);
	contact_list_free(&l);
}

/* Which name wins, and what happens to one that cannot be read. */
static void
test_names(void **state)
{
	struct contact_list l;

	(void)state;
	parse("BEGIN:VCARD\nN:Doe;John;Q.;Dr.;Jr.\nEMAIL:a@x.org\nEND:VCARD\n"
	    "BEGIN:VCARD\nN:Doe;;;;\nFN:  \nEMAIL:b@x.org\nEND:VCARD\n"
	    "BEGIN:VCARD\nFN:Two\\nLines\nN:X;Y\nEMAIL:c@x.org\nEND:VCARD\n"
	    "BEGIN:VCARD\nFN:\xff\xfe\nN:Ok;Fallback\nEMAIL:d@x.org\n"
	    "END:VCARD\n"
	    "BEGIN:VCARD\nFN:\xc3\nEMAIL:e@x.org\nEND:VCARD\n"
	    "BEGIN:VCARD\nFN;CHARSET=X-NO-SUCH:Caf\xe9\nEMAIL:f@x.org\n"
	    "END:VCARD\n"
	    "BEGIN:VCARD\nFN;ENCODING=b:Sm9obg==\nEMAIL:g@x.org\nEND:VCARD\n"
	    "BEGIN:VCARD\nFN;CHARSET=windows-1252;ENCODING=QUOTED-PRINTABLE"
	    ":=80 Club\nEMAIL:h@x.org\nEND:VCARD\n"
	    "BEGIN:VCARD\nFN:First\nFN:Second\nNICKNAME:,\\,x,y\n"
	    "EMAIL:i@x.org\nEND:VCARD\n"
	    "BEGIN:VCARD\nFN:Ctl\x01Name\x7f\nEMAIL:j@x.org\nEND:VCARD\n",
	    &l);
	is(&l, 0, "John Doe", "a@x.org", NULL);
	is(&l, 1, "Doe", "b@x.org", NULL);
	is(&l, 2, "Two Lines", "c@x.org", NULL);
	is(&l, 3, "Fallback Ok", "d@x.org", NULL);
	is(&l, 4, NULL, "e@x.org", NULL);
	is(&l, 5, NULL, "f@x.org", NULL);
	is(&l, 6, NULL, "g@x.org", NULL);
	is(&l, 7, "€ Club", "h@x.org", NULL);
	is(&l, 8, "First", "i@x.org", ",x");
	is(&l, 9, "Ctl Name", "j@x.org", NULL);
	assert_int_equal(l.n, 10);
	contact_list_free(&l);
}

/* Only EMAIL values that are exactly one address are kept. */
static void
test_emails(void **state)
{
	struct contact_list l;

	(void)state;
	parse("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\n"
	    "EMAIL:a@x.org\r\n"
	    "EMAIL;TYPE=INTERNET:  spaced@x.org  \r\n"
	    "EMAIL:mailto:uri@x.org\r\n"
	    "EMAIL:two@x.org, three@x.org\r\n"
	    "EMAIL:not an address\r\n"
	    "EMAIL:\r\n"
	    "EMAIL:Team: t@x.org;\r\n"
	    "EMAIL:Named <named@x.org>\r\n"
	    "EMAIL;X-LABEL=\"a:b;c\":quoted@x.org\r\n"
	    "item2.email;type=pref:lower@x.org\r\n"
	    "EMAIL;ENCODING=QUOTED-PRINTABLE:qp=40x.org\r\n"
	    "EMAIL:bad@@x.org\r\n"
	    "X-EMAIL:x@x.org\r\n"
	    "EMAILX:y@x.org\r\n"
	    "END:VCARD\r\n", &l);
	is(&l, 0, "A", "a@x.org", NULL);
	is(&l, 1, "A", "spaced@x.org", NULL);
	is(&l, 2, "A", "uri@x.org", NULL);
	is(&l, 3, "A", "named@x.org", NULL);
	is(&l, 4, "A", "quoted@x.org", NULL);
	is(&l, 5, "A", "lower@x.org", NULL);
	is(&l, 6, "A", "qp@x.org", NULL);
	assert_int_equal(l.n, 7);
	contact_list_free(&l);
}

/* Card boundaries: truncated, nested (2.1's AGENT), stray, unclosed. */
static void
test_cards(void **state)
{
	struct contact_list l;

	(void)state;
	parse("BEGIN:VCARD\nFN:Done\nEMAIL:done@x.org\nEND:VCARD\n"
	    "BEGIN:VCARD\nFN:Cut\nEMAIL:cut@x.org\n", &l);
	is(&l, 0, "Done", "done@x.org", NULL);
	assert_int_equal(l.n, 1);
	contact_list_free(&l);

	/* Truncated inside a soft line break. */
	parse("BEGIN:VCARD\nFN;ENCODING=QUOTED-PRINTABLE:a=\n", &l);
	assert_int_equal(l.n, 0);
	parse("BEGIN:VCARD\nEMAIL:cut@x.o", &l);
	assert_int_equal(l.n, 0);

	parse("END:VCARD\nFN:Stray\nEMAIL:stray@x.org\n"
	    "BEGIN:VCARD\nFN:Unclosed\nEMAIL:unclosed@x.org\n"
	    "begin:vcard\nfn:Next\nemail:next@x.org\nend:vcard", &l);
	is(&l, 0, "Next", "next@x.org", NULL);
	assert_int_equal(l.n, 1);
	contact_list_free(&l);

	parse("BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Boss\r\nEMAIL:boss@x.org\r\n"
	    "AGENT:\r\nBEGIN:VCARD\r\nVERSION:2.1\r\nFN:Assistant\r\n"
	    "EMAIL:assistant@x.org\r\nEND:VCARD\r\nNICKNAME:B\r\n"
	    "END:VCARD\r\n", &l);
	is(&l, 0, "Boss", "boss@x.org", "B");
	assert_int_equal(l.n, 1);
	contact_list_free(&l);

	/* A soft break never swallows the END of its card. */
	parse("BEGIN:VCARD\nFN;ENCODING=QUOTED-PRINTABLE:Soft=\nEND:VCARD\n"
	    "BEGIN:VCARD\nFN:Two\nEMAIL:two@x.org\nEND:VCARD\n", &l);
	is(&l, 0, "Two", "two@x.org", NULL);
	assert_int_equal(l.n, 1);
	contact_list_free(&l);
}

/* Empty text, binary junk, a BOM, folding corner cases. */
static void
test_junk(void **state)
{
	struct contact_list l;
	static const char junk[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR:\xff"
	    "BEGIN:VCARD\0\nEMAIL:\0x@y.org\n \n\t\nEND:VCARD\n=\n:\n;:\n";
	static const char nul[] = "BEGIN:VCARD\nFN:A\0B\nEMAIL:n@x.org\n"
	    "EMAIL:m\0@x.org\nEND:VCARD\n";

	(void)state;
	parse("", &l);
	assert_int_equal(l.n, 0);
	memset(&l, 0, sizeof(l));
	vcard_parse(junk, sizeof(junk) - 1, &l);
	assert_int_equal(l.n, 0);
	memset(&l, 0, sizeof(l));
	vcard_parse(nul, sizeof(nul) - 1, &l);
	is(&l, 0, NULL, "n@x.org", NULL);
	assert_int_equal(l.n, 1);
	contact_list_free(&l);

	/* An empty EMAIL before any other (found by fuzz_vcard). */
	parse("BEGIN:VCARD\nEMAIL;TYPE=x:\nEND:VCARD\n", &l);
	assert_int_equal(l.n, 0);

	parse("\xef\xbb\xbf" "BEGIN:VCARD\nF\n N:Fol\n\tded\nEM\n AIL:f@x.o\n"
	    " rg\nEND:VCARD", &l);
	is(&l, 0, "Folded", "f@x.org", NULL);
	assert_int_equal(l.n, 1);
	contact_list_free(&l);
}

/*
 * Inputs that a quadratic parser would take minutes over: a long
 * parameter list before thousands of soft line breaks, thousands of
 * folds, a card with thousands of addresses.
 */
static void
test_linear(void **state)
{
	struct contact_list l;
	struct buf b;
	int i;

	(void)state;
	buf_init(&b);
	buf_adds(&b, "BEGIN:VCARD\nFN;");
	for (i = 0; i < 20000; i++)
		buf_adds(&b, "X-P=abcdefgh;");
	buf_adds(&b, "ENCODING=QUOTED-PRINTABLE:a=");
	for (i = 0; i < 20000; i++)
		buf_adds(&b, "\nb=");
	buf_adds(&b, "\nc\nNICKNAME:n");
	for (i = 0; i < 100000; i++)
		buf_adds(&b, "\n x");
	buf_adds(&b, "\n");
	for (i = 0; i < 20000; i++)
		buf_addf(&b, "EMAIL:a%d@x.org\n", i);
	buf_adds(&b, "END:VCARD\n");
	memset(&l, 0, sizeof(l));
	vcard_parse(b.s, b.len, &l);
	assert_int_equal(l.n, 20000);
	assert_int_equal(strlen(l.v[0].name), 1 + 20000 + 1);
	assert_int_equal(strlen(l.v[0].alias), 1 + 100000);
	contact_list_free(&l);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_phone_21),
		cmocka_unit_test(test_khard_30_and_40),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_emails),
		cmocka_unit_test(test_cards),
		cmocka_unit_test(test_junk),
		cmocka_unit_test(test_linear),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
