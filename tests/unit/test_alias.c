/* test_alias.c: mutt alias files and muttrc files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common.h"
#include "alias.h"
#include "config.h"
#include "contact.h"
#include "contact_helpers.h"

static void
parse(const char *text, struct contact_list *l, struct strlist *inc)
{
	memset(l, 0, sizeof(*l));
	if (inc != NULL)
		memset(inc, 0, sizeof(*inc));
	alias_parse(text, strlen(text), l, inc);
}

/* The alias file as mutt (and NeoMutt) write it. */
static void
test_mutt_file(void **state)
{
	struct contact_list l;
	struct strlist inc = { NULL, 0 };
	struct buf b;

	(void)state;
	fixture("mutt/aliases", &b);
	memset(&l, 0, sizeof(l));
	alias_parse(b.s, b.len, &l, &inc);
	is(&l, 0, "Doe, John", "john.doe@army.mil", "jdoe");
	is(&l, 1, "Émilie Dupont", "emilie.dupont@example.fr", "emilie");
	is(&l, 2, "O'Brien, Pat", "pat.obrien@navy.mil", "pat");
	is(&l, 3, "Bob Smith", "bob@example.com", "bob");
	is(&l, 4, NULL, "alice@example.org", "crew");
	is(&l, 5, "Carol King", "carol@example.net", "crew");
	is(&l, 6, NULL, "jdoe@army.mil", "team");
	is(&l, 7, "Doe, Jane", "jane.doe@army.mil", "team");
	is(&l, 8, "Renée Martin", "renee@example.com", "renee");
	is(&l, 9, "Dave Jones", "dave@jones.example", "dave");
	is(&l, 10, "Erin Hale", "erin@example.org", "erin");
	is(&l, 11, "Cost $5 Club", "club@example.org", "cost");
	is(&l, 12, NULL, "frank@example.org", "multi");
	is(&l, 13, NULL, "grace@example.org", "multi");
	/* "friends" names other aliases: no address of its own. */
	is(&l, 14, "Heinrich Zimmermann", "heinrich@example.de", "long");
	assert_int_equal(l.n, 15);
	assert_int_equal(inc.n, 0);
	contact_list_free(&l);
	buf_free(&b);
}

/* A muttrc: its aliases, and which includes it names. */
static void
test_muttrc(void **state)
{
	struct contact_list l;
	struct strlist inc = { NULL, 0 };
	struct buf b;

	(void)state;
	fixture("mutt/muttrc", &b);
	memset(&l, 0, sizeof(l));
	alias_parse(b.s, b.len, &l, &inc);
	assert_int_equal(l.n, 1);
	is(&l, 0, "Big Boss", "boss@example.com", "boss");
	/* The gpg pipe, the backtick and "cmd-aliases|" are commands. */
	assert_int_equal(inc.n, 4);
	assert_string_equal(inc.v[0], "~/.mutt/aliases");
	assert_string_equal(inc.v[1], "aliases");
	assert_string_equal(inc.v[2], "more-aliases");
	assert_string_equal(inc.v[3], "~/.mutt/colors");
	strlist_free(&inc);
	contact_list_free(&l);
	buf_free(&b);
}

/* mutt's tokenizer: quotes, escapes, comments, continuation lines. */
static void
test_tokens(void **state)
{
	struct contact_list l;

	(void)state;
	parse("alias 'a b' x@y.org\n"
	    "alias \"c\\\"d\" x@y.org\n"
	    "  alias\tindented\t<i@y.org>\n"
	    "alias hash \"Team #2\" <t@y.org> # the team\n"
	    "alias esc \\\"Team \\#3\\\" <t3@y.org>\n"
	    "alias oct J\\303\\251r\\303\\264me <j@y.org>\n"
	    "alias sq Sean \\'Jack\\' Ryan <s@y.org>#c\n"
	    "alias semi a@y.org; alias no b@y.org\n"
	    "# alias commented c@y.org\n"
	    "alias cont \\\n"
	    "  cont@y.org\n"
	    "alias Up up@y.org ;\n", &l, NULL);
	is(&l, 0, NULL, "x@y.org", "a b");
	is(&l, 1, NULL, "x@y.org", "c\"d");
	is(&l, 2, NULL, "i@y.org", "indented");
	is(&l, 3, "Team #2", "t@y.org", "hash");
	is(&l, 4, "Team #3", "t3@y.org", "esc");
	is(&l, 5, "Jérôme", "j@y.org", "oct");
	is(&l, 6, "Sean 'Jack' Ryan", "s@y.org", "sq");
	/* mutt keeps the ';' in the list: not one address, so nothing. */
	is(&l, 7, NULL, "cont@y.org", "cont");
	assert_int_equal(l.n, 8);
	contact_list_free(&l);
}

/* Line ends: CRLF, no final newline, continued CRLF lines, a NUL. */
static void
test_line_ends(void **state)
{
	struct contact_list l;
	static const char nul[] = "alias n n@y.org\0 junk\nalias m m@y.org";

	(void)state;
	parse("alias a A <a@y.org>\r\nalias b \\\r\nB <b@y.org>\r\n"
	    "alias c c@y.org", &l, NULL);
	is(&l, 0, "A", "a@y.org", "a");
	is(&l, 1, "B", "b@y.org", "b");
	is(&l, 2, NULL, "c@y.org", "c");
	assert_int_equal(l.n, 3);
	contact_list_free(&l);

	memset(&l, 0, sizeof(l));
	alias_parse(nul, sizeof(nul) - 1, &l, NULL);
	is(&l, 0, NULL, "n@y.org", "n");
	is(&l, 1, NULL, "m@y.org", "m");
	assert_int_equal(l.n, 2);
	contact_list_free(&l);

	/* A continuation at the very end, and a backslash ending the text. */
	parse("alias e e@y.org\\\n", &l, NULL);
	is(&l, 0, NULL, "e@y.org", "e");
	contact_list_free(&l);
	parse("alias e e@y.org\\", &l, NULL);
	assert_int_equal(l.n, 0);
	contact_list_free(&l);

	parse("", &l, NULL);
	assert_int_equal(l.n, 0);
	parse("\xef\xbb\xbf" "alias bom b@y.org\n", &l, NULL);
	is(&l, 0, NULL, "b@y.org", "bom");
	contact_list_free(&l);
}

/* What mutt would run or expand is never run, and the line is left out. */
static void
test_commands(void **state)
{
	struct contact_list l;
	struct strlist inc;

	(void)state;
	parse("alias a `echo a@y.org`\n"
	    "alias b \"`rm -rf ~`\" <b@y.org>\n"
	    "alias c $USER@y.org\n"
	    "alias d ${MAIL}\n"
	    "alias `k` k@y.org\n"
	    "alias e \\`e\\` <e@y.org>\n"
	    "alias f \\$f@y.org\n"
	    "alias g 'Dollar $ Sign' <g@y.org>\n"
	    "source `echo /etc/passwd`\n"
	    "source 'x`y'\n"
	    "source \"cat ~/.aliases |\"\n"
	    "source ~/a|\n"
	    "set alias_file=`echo x`\n", &l, &inc);
	is(&l, 0, "`e`", "e@y.org", "e");
	is(&l, 1, NULL, "$f@y.org", "f");
	is(&l, 2, "'Dollar $ Sign'", "g@y.org", "g");
	assert_int_equal(l.n, 3);
	assert_int_equal(inc.n, 0);
	contact_list_free(&l);
}

/* source and set alias_file in their spellings. */
static void
test_includes(void **state)
{
	struct contact_list l;
	struct strlist inc;

	(void)state;
	parse("source ~/.mutt/aliases\n"
	    "source a b\n"
	    "source \"c d\" 'e f'\n"
	    "set alias_file=g\n"
	    "set alias_file=\"h\"\n"
	    "set alias_file = i   # comment\n"
	    "set alias_file\t=\t'j k'\n"
	    "set realname=\"Joe\" alias_file=l sort=threads\n"
	    "set noalias_file alias_file? invalias_file\n"
	    "set alias_file\n"
	    "color index red default ~N; source m\n"
	    "unknown command; source n # o\n"
	    "source $HOME/p\n"
	    "source\n"
	    "source q\\\n"
	    "r\n"
	    "Source s\n", &l, &inc);
	assert_int_equal(l.n, 0);
	assert_int_equal(inc.n, 14);
	assert_string_equal(inc.v[0], "~/.mutt/aliases");
	assert_string_equal(inc.v[1], "a");
	assert_string_equal(inc.v[2], "b");
	assert_string_equal(inc.v[3], "c d");
	assert_string_equal(inc.v[4], "e f");
	assert_string_equal(inc.v[5], "g");
	assert_string_equal(inc.v[6], "h");
	assert_string_equal(inc.v[7], "i");
	assert_string_equal(inc.v[8], "j k");
	assert_string_equal(inc.v[9], "l");
	assert_string_equal(inc.v[10], "m");
	assert_string_equal(inc.v[11], "n");
	assert_string_equal(inc.v[12], "$HOME/p");
	assert_string_equal(inc.v[13], "qr");
	strlist_free(&inc);
	contact_list_free(&l);
}

/* -group, comments with NeoMutt's tags, odd and broken lines. */
static void
test_groups_and_junk(void **state)
{
	struct contact_list l;
	static const char junk[] = "\x7f" "ELF\x02\x01\x01\0\0\0alias\xff\xfe"
	    "\n\x01\x02 alias x \x80@\x81\n\"\\\n'`$";

	(void)state;
	parse("alias -group a -GROUP b k K <k@y.org>\n"
	    "alias -group\n"
	    "alias -group a\n"
	    "alias -group a key\n"
	    "alias onlykey\n"
	    "alias\n"
	    "alias t t@y.org # tags:x,y\n"
	    "alias u u@y.org tags:work\n"
	    "alias v Name <v@y.org> # note tags:a\n"
	    "alias w w@y.org, bogus, \"Broken <x@y.org>, Ok <ok@y.org>\n"
	    "alias x Good <good@y.org>, Bad <bad@@y.org>\n"
	    "alias y (Just A Comment) <c@y.org>\n"
	    "alias z z@y.org (Nested (Comment) Name)\n"
	    "alias p \"(Parens)\" <p@y.org>\n", &l, NULL);
	is(&l, 0, "K", "k@y.org", "k");
	is(&l, 1, NULL, "t@y.org", "t");
	is(&l, 2, NULL, "u@y.org", "u");
	is(&l, 3, "Name", "v@y.org", "v");
	is(&l, 4, NULL, "w@y.org", "w");
	is(&l, 5, "Good", "good@y.org", "x");
	is(&l, 6, "Just A Comment", "c@y.org", "y");
	is(&l, 7, "Nested (Comment) Name", "z@y.org", "z");
	is(&l, 8, "(Parens)", "p@y.org", "p");
	assert_int_equal(l.n, 9);
	contact_list_free(&l);

	memset(&l, 0, sizeof(l));
	alias_parse(junk, sizeof(junk) - 1, &l, NULL);
	assert_int_equal(l.n, 0);
}

/* A Latin-1 alias file (mutt's $config_charset) is read as such. */
static void
test_charsets(void **state)
{
	struct contact_list l;

	(void)state;
	parse("alias fr Fran\xe7ois Gar\xe7on <f@y.org>\n"
	    "alias \xe9t\xe9 \"\xc9t\xe9\" <e@y.org>\n"
	    "alias utf8 =?ISO-8859-1?Q?Fran=E7ois?= <f2@y.org>\n"
	    "alias bad =?UTF-8?Q?=FF=FE?= <bad@y.org>\n"
	    "alias ctl \"Tab\\tName\" <ctl@y.org>\n", &l, NULL);
	is(&l, 0, "François Garçon", "f@y.org", "fr");
	is(&l, 1, "Été", "e@y.org", "été");
	is(&l, 2, "François", "f2@y.org", "utf8");
	/* Bytes that are not UTF-8 in an encoded word: libetpan's '?'. */
	is(&l, 3, "??", "bad@y.org", "bad");
	assert_int_equal(l.n, 4);
	contact_list_free(&l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mutt_file),
		cmocka_unit_test(test_muttrc),
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_line_ends),
		cmocka_unit_test(test_commands),
		cmocka_unit_test(test_includes),
		cmocka_unit_test(test_groups_and_junk),
		cmocka_unit_test(test_charsets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
