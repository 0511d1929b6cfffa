/* test_msgtext.c: the plain view of a message (msgtext_*), streamed. */
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

#define CAP	(1024 * 1024)

/* A message of tests/unit/data/msgtext (tests/run.sh sets SENDGUARD_TOP). */
static void
fixture(const char *name, struct buf *b)
{
	const char *top = getenv("SENDGUARD_TOP");
	char *path, *err = NULL;

	path = xasprintf("%s/tests/unit/data/msgtext/%s", top != NULL ? top :
	    ".", name);
	buf_init(b);
	if (file_read(path, b, &err) != 0)
		fail_msg("%s", err);
	free(path);
}

/*
 * Reads bytes as msgtext_read_chunked() sees them from a pipe, written
 * by a child wstep bytes at a time (0: all at once) and read chunk bytes
 * at a time.
 */
static int
feed(const char *p, size_t len, size_t wstep, size_t chunk, size_t cap,
    struct msgtext *mt, char **err)
{
	int fds[2], rc, status;
	size_t off, k;
	pid_t pid;

	assert_int_equal(pipe(fds), 0);
	if ((pid = fork()) == 0) {
		close(fds[0]);
		for (off = 0; off < len; off += k) {
			k = wstep == 0 || len - off < wstep ? len - off : wstep;
			if (file_write_all(fds[1], p + off, k) != 0)
				_exit(1);
		}
		_exit(0);
	}
	assert_true(pid > 0);
	close(fds[1]);
	rc = msgtext_read_chunked(fds[0], cap, chunk, mt, err);
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return rc;
}

static void
read_str(const char *s, struct msgtext *mt)
{
	char *err = NULL;

	assert_int_equal(feed(s, strlen(s), 0, 0, CAP, mt, &err), 0);
	assert_null(err);
}

static void
read_fixture(const char *name, struct msgtext *mt)
{
	struct buf b;
	char *err = NULL;

	fixture(name, &b);
	assert_int_equal(feed(b.s, b.len, 0, 0, CAP, mt, &err), 0);
	buf_free(&b);
}

static void
assert_str_or_null(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

static void
assert_same(const struct msgtext *a, const struct msgtext *b)
{
	size_t i;

	assert_str_or_null(a->to, b->to);
	assert_str_or_null(a->cc, b->cc);
	assert_str_or_null(a->bcc, b->bcc);
	assert_str_or_null(a->subject, b->subject);
	assert_int_equal(a->text.len, b->text.len);
	assert_memory_equal(a->text.s, b->text.s, a->text.len);
	assert_int_equal(a->nnames, b->nnames);
	for (i = 0; i < a->nnames; i++)
		assert_string_equal(a->names[i], b->names[i]);
	assert_int_equal(a->truncated, b->truncated);
}

/* The same bytes, however they are cut, give the same view. */
static void
assert_chunking(const char *p, size_t len)
{
	static const size_t steps[] = { 1, 2, 3, 7, 64, 4096 };
	struct msgtext whole, part;
	char *err = NULL;
	size_t i;

	assert_int_equal(feed(p, len, 0, 0, CAP, &whole, &err), 0);
	for (i = 0; i < sizeof(steps) / sizeof(*steps); i++) {
		assert_int_equal(feed(p, len, 0, steps[i], CAP, &part, &err),
		    0);
		assert_same(&whole, &part);
		msgtext_free(&part);
	}
	/* Written one byte at a time: reads return what has come. */
	assert_int_equal(feed(p, len, 1, 0, CAP, &part, &err), 0);
	assert_same(&whole, &part);
	msgtext_free(&part);
	msgtext_free(&whole);
}

/* LF line ends turned into CRLF, or CRLF into LF. */
static void
relines(const struct buf *in, int crlf, struct buf *out)
{
	size_t i;

	buf_init(out);
	for (i = 0; i < in->len; i++) {
		if (crlf && in->s[i] == '\n' && (i == 0 || in->s[i - 1] != '\r'))
			buf_addc(out, '\r');
		if (!crlf && in->s[i] == '\r' && i + 1 < in->len &&
		    in->s[i + 1] == '\n')
			continue;
		buf_addc(out, in->s[i]);
	}
}

/* Every fixture, cut every way, and with the other line ends. */
static void
test_chunks_and_line_ends(void **state)
{
	static const char *const names[] = {
		"mutt-mixed.eml", "outlook-alternative.eml",
		"forward-rfc822.eml", "subject-latin1.eml",
		"subject-utf8-split.eml", "nested-related.eml",
		"headers-only.eml"
	};
	struct msgtext a, b;
	struct buf m, other;
	char *err = NULL;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(*names); i++) {
		fixture(names[i], &m);
		assert_chunking(m.s, m.len);
		relines(&m, strcmp(names[i], "outlook-alternative.eml") != 0,
		    &other);
		assert_int_equal(feed(m.s, m.len, 0, 0, CAP, &a, &err), 0);
		assert_int_equal(feed(other.s, other.len, 0, 0, CAP, &b, &err),
		    0);
		assert_same(&a, &b);
		msgtext_free(&a);
		msgtext_free(&b);
		buf_free(&m);
		buf_free(&other);
	}
}

/* mutt: multipart/mixed, quoted-printable text, a PDF named RFC 2231. */
static void
test_mutt_mixed(void **state)
{
	struct msgtext mt;

	(void)state;
	read_fixture("mutt-mixed.eml", &mt);
	assert_string_equal(mt.to,
	    "John Smith <john@army.ml>,\tops@navy.mil");
	assert_string_equal(mt.cc, "\"Roe, Richard\" <rroe@example.com>");
	assert_string_equal(mt.bcc, "archive@example.org");
	assert_string_equal(mt.subject, "Travel plans \xe2\x80\x93 FOUO");
	/* Soft breaks join, "=20" stays, blanks at line ends go. */
	assert_string_equal(mt.text.s, "Hi John,\n\nthe itinerary is "
	    "attached. It is marked \xe2\x80\x9c" "For Official Use Only"
	    "\xe2\x80\x9d, do not forward.  \nTrailing blanks go:   \n"
	    "Caf\xc3\xa9 at 10:00.\n-- \nJane\n");
	assert_int_equal(mt.nnames, 1);
	assert_string_equal(mt.names[0], "Itiner\xc3\xa4r Washington "
	    "\xe2\x80\x93 For Official Use Only.pdf");
	assert_false(mt.truncated);
	msgtext_free(&mt);
}

/* Outlook: multipart/alternative in windows-1252, HTML with &nbsp;. */
static void
test_outlook_alternative(void **state)
{
	struct msgtext mt;

	(void)state;
	read_fixture("outlook-alternative.eml", &mt);
	assert_string_equal(mt.to, "\"Doe, Jane\" <jane.doe@example.com>");
	assert_string_equal(mt.cc, "team@example.com");
	assert_null(mt.bcc);
	assert_string_equal(mt.subject, "Slides");
	assert_string_equal(mt.text.s,
	    /* text/plain */
	    "Team,\n\nAttached are the slides. CUI//NOFORN\n\n"
	    "\xe2\x80\x9cThanks\xe2\x80\x9d \xe2\x80\x93 J.\n"
	    /* text/html: no style, no conditional comment */
	    "Team,\n \nFor Official Use Only \xe2\x80\x93 attached are the "
	    "slides & notes for <Tuesday>.\n"
	    "\xe2\x80\x9cThanks\xe2\x80\x9d \xe2\x80\x94 J.\n");
	assert_int_equal(mt.nnames, 0);
	msgtext_free(&mt);
}

/* A forward as message/rfc822: its subject and text are read too. */
static void
test_forward_rfc822(void **state)
{
	struct msgtext mt;

	(void)state;
	read_fixture("forward-rfc822.eml", &mt);
	assert_string_equal(mt.to, "ops@navy.mil");
	assert_string_equal(mt.subject, "Fwd: Budget");
	assert_string_equal(mt.text.s, "See below.\n"
	    "Budget \xe2\x80\x93 NOFORN\n"
	    "The numbers are final. Na\xc3\xafve.\n");
	assert_int_equal(mt.nnames, 1);
	assert_string_equal(mt.names[0], "Budget.eml");
	msgtext_free(&mt);
}

static void
test_subjects(void **state)
{
	struct msgtext mt;

	(void)state;
	read_fixture("subject-latin1.eml", &mt);
	assert_string_equal(mt.subject, "R\xc3\xa9union (FOUO) \xc3\xa0 10h");
	assert_string_equal(mt.text.s, "x\n");
	msgtext_free(&mt);
	/* Two base64 words on two lines: one subject, no space between. */
	read_fixture("subject-utf8-split.eml", &mt);
	assert_string_equal(mt.subject, "For Official Use Only \xe2\x80\x93 "
	    "R\xc3\xa9union du comit\xc3\xa9");
	msgtext_free(&mt);
	/* Raw 8-bit bytes that are not UTF-8. */
	read_str("Subject: caf\xe9 \xc3\xa9\n\n", &mt);
	assert_string_equal(mt.subject, "caf\xef\xbf\xbd \xc3\xa9");
	msgtext_free(&mt);
	/* What libetpan cannot read is kept. */
	read_str("Subject: =?utf-8?q?FOUO?= a=?\n\n", &mt);
	assert_string_equal(mt.subject, "FOUO a=?");
	msgtext_free(&mt);
}

/* Apple Mail: mixed > alternative > related > html + image. */
static void
test_nested_related(void **state)
{
	struct msgtext mt;

	(void)state;
	read_fixture("nested-related.eml", &mt);
	assert_string_equal(mt.to, "john@army.ml");
	assert_string_equal(mt.text.s, "Org chart below. NOFORN\n"
	    "Org chart below. NOFORN\n");
	assert_int_equal(mt.nnames, 2);
	assert_string_equal(mt.names[0], "chart.png");
	assert_string_equal(mt.names[1],
	    "Organigramm \xc3\x9c" "bersicht.docx");
	msgtext_free(&mt);
}

static void
test_headers_only(void **state)
{
	struct msgtext mt;

	(void)state;
	read_fixture("headers-only.eml", &mt);
	assert_string_equal(mt.to, "b@example.org");
	assert_null(mt.cc);
	assert_string_equal(mt.subject, "Only headers");
	assert_non_null(mt.text.s);
	assert_int_equal(mt.text.len, 0);
	msgtext_free(&mt);
	/* Nothing at all. */
	read_str("", &mt);
	assert_null(mt.to);
	assert_null(mt.subject);
	assert_string_equal(mt.text.s, "");
	msgtext_free(&mt);
}

/* A message attached base64-encoded (forbidden, and done). */
static void
test_encoded_rfc822(void **state)
{
	static const char inner[] = "Subject: =?utf-8?q?Inner_CUI?=\r\n"
	    "Content-Type: multipart/mixed; boundary=in\r\n\r\n--in\r\n"
	    "Content-Type: text/plain\r\n\r\nsecret text\r\n--in\r\n"
	    "Content-Type: application/zip; name=plans.zip\r\n\r\nPK\r\n"
	    "--in--\r\n";
	struct msgtext mt;
	struct buf b, enc;
	size_t i;

	(void)state;
	buf_init(&b);
	buf_init(&enc);
	for (i = 0; i < sizeof(inner) - 1; i += 54) {
		mime_base64(&enc, inner + i, sizeof(inner) - 1 - i < 54 ?
		    sizeof(inner) - 1 - i : 54);
		buf_addc(&enc, '\n');
	}
	buf_addf(&b, "Subject: outer\nContent-Type: multipart/mixed; "
	    "boundary=out\n\n--out\nContent-Type: text/plain\n\nouter text\n"
	    "--out\nContent-Type: message/rfc822\nContent-Transfer-Encoding: "
	    "base64\n\n%s--out--\n", enc.s);
	read_str(b.s, &mt);
	assert_string_equal(mt.subject, "outer");
	assert_string_equal(mt.text.s, "outer text\nInner CUI\nsecret text");
	assert_int_equal(mt.nnames, 1);
	assert_string_equal(mt.names[0], "plans.zip");
	assert_chunking(b.s, b.len);
	msgtext_free(&mt);
	buf_free(&b);
	buf_free(&enc);
}

/* In a digest, a part without Content-Type is a message. */
static void
test_digest(void **state)
{
	struct msgtext mt;

	(void)state;
	read_str("Subject: Digest\nContent-Type: multipart/digest; "
	    "boundary=d\n\n--d\n\nSubject: one\n\nfirst FOUO\n--d\n\n"
	    "Subject: two\n\nsecond\n--d--\n", &mt);
	assert_string_equal(mt.text.s, "one\nfirst FOUO\ntwo\nsecond");
	msgtext_free(&mt);
}

/* Charsets: iconv, libetpan's aliases, unknown ones, broken UTF-8. */
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
static void
write_big(int fd, int oneline)
{
	static const char head[] = "To: a@army.mil\r\nSubject: big\r\n"
	    "Content-Type: multipart/mixed; boundary=\"=_big\"\r\n\r\n"
	    "--=_big\r\nContent-Type: text/plain\r\n\r\nbefore: FOUO\r\n"
	    "--=_big\r\nContent-Type: application/octet-stream\r\n"
	    "Content-Disposition: attachment; filename=\"big.bin\"\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n";
	static const char tail[] = "\r\n--=_big\r\nContent-Type: text/plain"
	    "\r\n\r\nafter: NOFORN\r\n--=_big--\r\n";
	char line[78 * 64];
	size_t i, total;

	for (i = 0; i < sizeof(line); i++)
		line[i] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		    "0123456789+/-"[(i * 31 + i / 7) % 65];
	if (!oneline)
		for (i = 76; i < sizeof(line); i += 78) {
			line[i] = '\r';
			line[i + 1] = '\n';
		}
	if (file_write_all(fd, head, sizeof(head) - 1) != 0)
		_exit(1);
	for (total = 0; total < 20 * 1024 * 1024; total += sizeof(line))
		if (file_write_all(fd, line, sizeof(line)) != 0)
			_exit(1);
	if (file_write_all(fd, tail, sizeof(tail) - 1) != 0)
		_exit(1);
}

/* Through a pipe, the attachment costs no memory. */
static void
test_big_attachment(void **state)
{
	struct rusage before, after;
	struct msgtext mt;
	char *err = NULL;
	int fds[2], status, oneline;
	pid_t pid;

	(void)state;
	for (oneline = 0; oneline < 2; oneline++) {
		assert_int_equal(pipe(fds), 0);
		if ((pid = fork()) == 0) {
			close(fds[0]);
			write_big(fds[1], oneline);
			_exit(0);
		}
		close(fds[1]);
		assert_int_equal(getrusage(RUSAGE_SELF, &before), 0);
		assert_int_equal(msgtext_read(fds[0], CAP, &mt, &err), 0);
		assert_int_equal(getrusage(RUSAGE_SELF, &after), 0);
		close(fds[0]);
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
		assert_string_equal(mt.text.s, "before: FOUO\nafter: NOFORN");
		assert_int_equal(mt.nnames, 1);
		assert_string_equal(mt.names[0], "big.bin");
		/* The peak grew by less than a tenth of the attachment. */
		print_message("maxrss %ld KB -> %ld KB\n", before.ru_maxrss,
		    after.ru_maxrss);
		assert_true(after.ru_maxrss - before.ru_maxrss < 2048);
		msgtext_free(&mt);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		/* First: the peak memory is measured against a low one. */
		cmocka_unit_test(test_big_attachment),
		cmocka_unit_test(test_mutt_mixed),
		cmocka_unit_test(test_outlook_alternative),
		cmocka_unit_test(test_forward_rfc822),
		cmocka_unit_test(test_subjects),
		cmocka_unit_test(test_nested_related),
		cmocka_unit_test(test_headers_only),
		cmocka_unit_test(test_chunks_and_line_ends),
		cmocka_unit_test(test_encoded_rfc822),
		cmocka_unit_test(test_digest),
		cmocka_unit_test(test_charsets),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_textcap),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_big_headers),
		cmocka_unit_test(test_read_error),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
