/*
 * test_msgtext_edge.c: the plain view of a message (msgtext_*) at its
 * edges: charsets, HTML, the text cap, malformed MIME, nesting, huge
 * headers, read errors.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "common.h"
#include "mime.h"
#include "msgtext.h"

#include "msgtext_helpers.h"

static void
test_charsets(void **state)
{
	static const char *const msg =
	    "Content-Type: multipart/mixed; boundary=b\n\n"
	    "--b\nContent-Type: text/plain; charset=iso-2022-jp\n\n"
	    "\x1b$B%F%9%H\x1b(B\n"
	    "--b\nContent-Type: text/plain; charset=ks_c_5601-1987\n\n"
	    "\xb0\xa1\n"
	    "--b\nContent-Type: text/plain; charset=x-no-such-charset\n\n"
	    "ok \xc3\xa9 \xff\n"
	    "--b\nContent-Type: text/plain; charset=utf-8\n"
	    "Content-Transfer-Encoding: base64\n\n"
	    "Q1JMRg0KbGluZXMNCg==\n"
	    "--b\nContent-Type: text/plain; charset=utf-8\n\n"
	    "nul\0byte \xed\xa0\x80 \xe2\x82\n"
	    "--b\nContent-Type: text/plain; charset=windows-1252\n\n"
	    "\x81\x93x\x94\n"
	    "--b\nContent-Type: text/plain; charset=UTF-7\n\n"
	    "Hi +AOkA6Q- Mom\n"
	    "--b--\n";
	struct msgtext mt;
	char *err = NULL;
	size_t len = 0;

	(void)state;
	/* The message holds a NUL: its length by hand. */
	while (memcmp(msg + len, "--b--\n", 6) != 0)
		len++;
	len += 6;
	assert_int_equal(feed(msg, len, 0, 0, CAP, &mt, &err), 0);
	assert_memory_equal(mt.text.s,
	    "\xe3\x83\x86\xe3\x82\xb9\xe3\x83\x88\n"	/* テスト */
	    "\xea\xb0\x80\n"				/* 가 */
	    "ok \xc3\xa9 \xef\xbf\xbd\n"
	    "CRLF\nlines\n"
	    "nul\xef\xbf\xbd" "byte \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd "
	    "\xef\xbf\xbd\n"
	    "\xef\xbf\xbd\xe2\x80\x9cx\xe2\x80\x9d\n"
	    "Hi \xc3\xa9\xc3\xa9 Mom", mt.text.len);
	assert_true(utf8_valid(mt.text.s, mt.text.len));
	msgtext_free(&mt);
	assert_chunking(msg, len);
}

/* HTML: entities, comments, script and style, tags in odd places. */
static void
test_html(void **state)
{
	struct msgtext mt;

	(void)state;
	read_str("Content-Type: text/html\n\n"
	    "<!DOCTYPE html><html><head><title>T</title>"
	    "<script type=\"text/javascript\">var x = \"</p>FOUO\";</script>"
	    "<STYLE>p { color: red }</STYLE></head>\n"
	    "<body>F<b>OU</b>O &amp;&amp &lt;x&gt; &#70;&#x4f;&#X55;&#79; "
	    "For&nbspOfficial&nbsp;Use&#160;Only FO&shy;UO a < b "
	    "&unknown; &#xD800; &#99999999999;<!-- hidden NOFORN -->"
	    "&#70x; &ampx; &notanentity "
	    "<a href=\"x>y\" title='a>b'>link</a>"
	    "<table><tr><td>one</td><td>two</td></tr></table>"
	    "line<br>break</p></>&", &mt);
	assert_string_equal(mt.text.s, "T\nFOUO && <x> FOUO "
	    "For Official Use Only FOUO a < b &unknown; \xef\xbf\xbd "
	    "\xef\xbf\xbd" "Fx; &x; &notanentity link\none two\nline\nbreak\n&");
	msgtext_free(&mt);
}

/* Text stops at the cap, between characters. */
static void
test_textcap(void **state)
{
	static const char msg[] = "Subject: s\n\n\xc3\xa9\xc3\xa9\xc3\xa9";
	static const char late[] = "Content-Type: multipart/mixed; "
	    "boundary=b\n\n--b\n\n0123456789\n--b\nContent-Type: "
	    "text/plain; name=late.txt\n\nmore\n--b--\n";
	struct msgtext mt;
	struct buf b;
	char *err = NULL;
	size_t i, cap;

	(void)state;
	assert_int_equal(feed(msg, sizeof(msg) - 1, 0, 1, 5, &mt, &err), 0);
	assert_string_equal(mt.text.s, "\xc3\xa9\xc3\xa9");
	assert_true(mt.truncated);
	msgtext_free(&mt);
	assert_int_equal(feed(msg, sizeof(msg) - 1, 0, 0, 6, &mt, &err), 0);
	assert_string_equal(mt.text.s, "\xc3\xa9\xc3\xa9\xc3\xa9");
	assert_false(mt.truncated);
	msgtext_free(&mt);
	/* HTML comes in blocks that may end inside a character. */
	buf_init(&b);
	buf_adds(&b, "Content-Type: text/html; charset=utf-8\n\na");
	for (i = 0; i < 3000; i++)
		buf_adds(&b, "\xc3\xa9");
	for (cap = 4094; cap <= 4097; cap++) {
		assert_int_equal(feed(b.s, b.len, 0, 0, cap, &mt, &err), 0);
		assert_int_equal(mt.text.len, cap % 2 == 0 ? cap - 1 : cap);
		assert_true(utf8_valid(mt.text.s, mt.text.len));
		assert_true(mt.truncated);
		msgtext_free(&mt);
	}
	buf_free(&b);
	/* Names are still read after the text is full. */
	assert_int_equal(feed(late, strlen(late), 0, 0, 4, &mt, &err), 0);
	assert_string_equal(mt.text.s, "0123");
	assert_int_equal(mt.nnames, 1);
	assert_string_equal(mt.names[0], "late.txt");
	msgtext_free(&mt);
}

/* Broken MIME: read as well as can be, never a crash or an error. */
static void
test_malformed(void **state)
{
	struct msgtext mt;
	struct buf b;
	int i;

	(void)state;
	/* No close delimiter; an inner part cut short by the outer. */
	read_str("Content-Type: multipart/mixed; boundary=o\n\n--o\n"
	    "Content-Type: multipart/alternative; boundary=i\n\n--i\n\n"
	    "inner\n--o\n\nnext\n", &mt);
	assert_string_equal(mt.text.s, "inner\nnext\n");
	msgtext_free(&mt);
	/* A multipart without a boundary is text: nothing escapes. */
	read_str("Content-Type: multipart/mixed\n\nFOUO\n", &mt);
	assert_string_equal(mt.text.s, "FOUO\n");
	msgtext_free(&mt);
	/* Parts after the close delimiter are still read. */
	read_str("Content-Type: multipart/mixed; boundary=b\n\n--b\n\none\n"
	    "--b--\nepilogue\n--b\n\nhidden CUI\n--b--\n", &mt);
	assert_string_equal(mt.text.s, "one\nhidden CUI");
	msgtext_free(&mt);
	/* A header line that is no field starts the body. */
	read_str("From nobody Mon Jan  1 00:00:00 2025\nSubject: s\n"
	    "this is no header\nsecond\n", &mt);
	assert_string_equal(mt.subject, "s");
	assert_string_equal(mt.text.s, "this is no header\nsecond\n");
	msgtext_free(&mt);
	/* Empty RFC 2231 values (the fuzzer's first find). */
	read_str("Content-Type: application/pdf; name*0*=iso-8859-1''\n"
	    "Content-Disposition: attachment; filename*=utf-8''\n\nx", &mt);
	assert_int_equal(mt.nnames, 0);
	msgtext_free(&mt);
	/* A NUL in a header would hide what follows it. */
	assert_int_equal(feed("To: a@x.org\0, b@army.ml", 24, 0, 0, CAP, &mt,
	    NULL), 0);
	assert_string_equal(mt.to, "a@x.org , b@army.ml");
	msgtext_free(&mt);
	/* Invalid base64 and quoted-printable, boundaries in the body. */
	read_str("Content-Type: multipart/mixed; boundary=b\n\n--b\n"
	    "Content-Transfer-Encoding: base64\n\nRk9V*T0\n=x=Rk9VTw\n--b\n"
	    "Content-Transfer-Encoding: quoted-printable\n\na=zz=4=\n"
	    "--b-- trailing\n--bb\n--b--", &mt);
	assert_string_equal(mt.text.s, "FOUOFOUO\na=zz=4--b-- trailing\n"
	    "--bb");
	msgtext_free(&mt);
	/* Binary junk, NUL bytes and a lone boundary of every kind. */
	buf_init(&b);
	buf_adds(&b, "Content-Type: multipart/mixed; boundary=\"\"\n\n");
	for (i = 0; i < 4096; i++)
		buf_addc(&b, (char)(i * 7 + i / 13));
	assert_int_equal(feed(b.s, b.len, 0, 0, CAP, &mt, NULL), 0);
	assert_true(utf8_valid(mt.text.s, mt.text.len));
	msgtext_free(&mt);
	buf_free(&b);
}

/* Too deep: what is deeper is not entered, and truncated says so. */
static void
test_depth(void **state)
{
	struct msgtext mt;
	struct buf b;
	int i;

	(void)state;
	buf_init(&b);
	for (i = 0; i < 40; i++)
		buf_addf(&b, "Content-Type: multipart/mixed; boundary=b%d\n\n"
		    "--b%d\n", i, i);
	buf_adds(&b, "\ndeep\n");
	for (i = 39; i >= 0; i--)
		buf_addf(&b, "--b%d\n\nlevel %d\n", i, i);
	read_str(b.s, &mt);
	assert_true(mt.truncated);
	assert_non_null(strstr(mt.text.s, "level 0\n"));
	assert_non_null(strstr(mt.text.s, "level 30\n"));
	msgtext_free(&mt);
	buf_free(&b);
}

/*
 * Header limits: the message's own is an error (its recipients may be
 * lost); in a part's, a line that does not fit is dropped.
 */
static void
test_big_headers(void **state)
{
	struct msgtext mt;
	struct buf b;
	char *err = NULL;

	(void)state;
	buf_init(&b);
	buf_adds(&b, "To: a@army.mil\nX-Junk: ");
	while (b.len < MSGTEXT_HEADER_MAX + 10)
		buf_adds(&b, "0123456789abcdef");
	buf_adds(&b, "\nCc: hidden@army.ml\n\nbody\n");
	assert_int_equal(feed(b.s, b.len, 0, 0, CAP, &mt, &err), -1);
	assert_non_null(strstr(err, "header is too large"));
	assert_null(mt.to);
	free(err);
	err = NULL;
	/* Too many fields. */
	buf_reset(&b);
	while (b.len < 60000)
		buf_adds(&b, "X: 1\n");
	buf_adds(&b, "\nbody\n");
	assert_int_equal(feed(b.s, b.len, 0, 0, CAP, &mt, &err), -1);
	free(err);
	err = NULL;
	/* A part's: fields dropped, the rest read. */
	buf_reset(&b);
	buf_adds(&b, "To: a@army.mil\nContent-Type: multipart/mixed; "
	    "boundary=b\n\n--b\nX-Junk: ");
	while (b.len < 3 * MSGTEXT_HEADER_MAX)
		buf_adds(&b, "0123456789abcdef");
	buf_adds(&b, "\nContent-Type: text/plain; name=kept.txt\n\nstill "
	    "read\n--b\n\nnext\n--b--\n");
	assert_int_equal(feed(b.s, b.len, 0, 0, CAP, &mt, &err), 0);
	assert_string_equal(mt.to, "a@army.mil");
	assert_string_equal(mt.text.s, "still read\nnext");
	assert_int_equal(mt.nnames, 1);
	assert_string_equal(mt.names[0], "kept.txt");
	msgtext_free(&mt);
	buf_free(&b);
}

static void
test_read_error(void **state)
{
	struct msgtext mt;
	char *err = NULL;
	int fd;

	(void)state;
	assert_true((fd = open("/", O_RDONLY | O_DIRECTORY)) != -1);
	assert_int_equal(msgtext_read(fd, CAP, &mt, &err), -1);
	assert_non_null(strstr(err, "cannot read the message"));
	assert_null(mt.text.s);
	free(err);
	close(fd);
}

/* Writes a message with a 20 MB attachment between two text parts. */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_charsets),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_textcap),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_big_headers),
		cmocka_unit_test(test_read_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
