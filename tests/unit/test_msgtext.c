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

#include "msgtext_helpers.h"

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
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
