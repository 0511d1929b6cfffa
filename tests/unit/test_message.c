/* test_message.c: a message as it goes out (message_*), and stamp_*. */
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
#include "transport.h"
#include "stamp.h"

/* Reads the whole outgoing stream, in small reads to cross boundaries. */
static char *
drain(struct message *m, size_t step)
{
	struct buf b;
	char tmp[7];
	ssize_t n;

	buf_init(&b);
	message_rewind(m);
	while ((n = message_read(m, tmp, step < sizeof(tmp) ? step :
	    sizeof(tmp))) > 0)
		buf_add(&b, tmp, (size_t)n);
	assert_true(n == 0);
	return buf_take(&b);
}

static void
test_crlf_bcc_added(void **state)
{
	static const char in[] = "From: Me <me@example.org>\n"
	    "To: a@example.com,\n b@example.com\nBcc: hidden@example.com\n"
	    "Subject: x\n\nline one\r\nline two\n.\nend";
	struct message_headers h;
	struct message *m;
	char *out;

	(void)state;
	m = message_from_bytes(in, sizeof(in) - 1);
	assert_string_equal(message_header(m, "to"),
	    "a@example.com, b@example.com");
	assert_string_equal(message_header(m, "BCC"), "hidden@example.com");
	message_prepare_default(&h, "me@example.org");
	message_prepare(m, 1795000000, &h);
	out = drain(m, 3);
	assert_null(strstr(out, "hidden"));
	assert_null(strstr(out, "Bcc"));
	assert_non_null(strstr(out, "\r\nTo: a@example.com,\r\n "
	    "b@example.com\r\n"));
	assert_non_null(strstr(out, "Date: "));
	assert_non_null(strstr(out, "Message-ID: <1795000000."));
	assert_non_null(strstr(out, "@example.org>\r\n"));
	/* From was there: not added twice. */
	assert_null(strstr(strstr(out, "From: ") + 1, "From: Me"));
	assert_non_null(strstr(out, "\r\n\r\nline one\r\nline two\r\n.\r\n"
	    "end"));
	/* Every LF has its CR, and no CR was doubled. */
	for (char *p = out; (p = strchr(p, '\n')) != NULL; p++)
		assert_true(p > out && p[-1] == '\r');
	assert_null(strstr(out, "\r\r"));
	free(out);
	message_free(m);
}

static void
test_missing_from_added(void **state)
{
	static const char in[] = "Subject: x\n\nbody\n";
	struct message_headers h;
	struct message *m;
	char *out;
	size_t cr;

	(void)state;
	m = message_from_bytes(in, sizeof(in) - 1);
	message_prepare_default(&h, "me@example.org");
	h.from_name = "Me";
	message_prepare(m, 1795000000, &h);
	out = drain(m, 7);
	/* msmtp's order: From, Date, Message-ID, then the message's own. */
	assert_true(strncmp(out, "From: Me <me@example.org>\r\nDate: ", 33)
	    == 0);
	assert_non_null(strstr(out, "@example.org>\r\nSubject: x\r\n"));
	/* msmtp's mailsize: the header with LF line ends, and the body. */
	cr = 0;
	for (char *p = out; *p != '\0'; p++)
		cr += *p == '\r';
	assert_int_equal(message_out_size(m), strlen(out) - cr);
	free(out);
	message_free(m);

	/* A name with specials is quoted, one not in ASCII encoded. */
	m = message_from_bytes(in, sizeof(in) - 1);
	h.from_name = "Doe, John";
	message_prepare(m, 1795000000, &h);
	out = drain(m, 64);
	assert_non_null(strstr(out, "From: \"Doe, John\" <me@example.org>"));
	free(out);
	h.from_name = "J\xc3\xb6rg";
	message_prepare(m, 1795000000, &h);
	out = drain(m, 64);
	assert_non_null(strstr(out, "From: =?UTF-8?B?"));
	free(out);
	message_free(m);
}

/* msmtp's set_from_header, set_date_header, set_msgid_header,
 * remove_bcc_headers and undisclosed_recipients. */
static void
test_msmtp_header_settings(void **state)
{
	static const char in[] = "From: Other <o@x.org>\nTo: Jane "
	    "<jane@example.com>,\n  bob@example.net\nCc: c@x.org\n"
	    "Bcc: hid@example.com\nResent-Bcc: rb@x.org\nSubject: s\n"
	    "Date: Mon, 1 Jan 2024 00:00:00 +0000\n\nbody\n";
	struct message_headers h;
	struct message *m;
	char *out;

	(void)state;
	m = message_from_bytes(in, sizeof(in) - 1);
	message_prepare_default(&h, "me@example.org");
	h.set_from = MESSAGE_HDR_ON;
	h.set_msgid = MESSAGE_HDR_OFF;
	h.undisclosed = 1;
	message_prepare(m, 1795000000, &h);
	out = drain(m, 5);
	assert_string_equal(out, "From: me@example.org\r\n"
	    "To: undisclosed-recipients:;\r\nSubject: s\r\n"
	    "Date: Mon, 1 Jan 2024 00:00:00 +0000\r\n\r\nbody\r\n");
	free(out);

	/* Bcc kept when asked; Date and Message-ID only when missing. */
	message_prepare_default(&h, "me@example.org");
	h.remove_bcc = 0;
	message_prepare(m, 1795000000, &h);
	out = drain(m, 5);
	assert_non_null(strstr(out, "\r\nBcc: hid@example.com\r\n"));
	assert_non_null(strstr(out, "From: Other <o@x.org>\r\n"));
	assert_null(strstr(out, "me@example.org\r\n"));
	assert_true(strncmp(out, "Message-ID: <", 13) == 0);
	assert_non_null(strstr(out, "To: Jane <jane@example.com>,\r\n  bob"));
	free(out);

	/* Nothing added at all. */
	h.set_from = h.set_date = h.set_msgid = MESSAGE_HDR_OFF;
	h.remove_bcc = 1;
	message_prepare(m, 1795000000, &h);
	out = drain(m, 5);
	assert_true(strncmp(out, "From: Other", 11) == 0);
	assert_null(strstr(out, "hid@example.com"));
	assert_null(strstr(out, "rb@x.org"));
	free(out);
	message_free(m);
}

static void
test_spool_keeps_bytes(void **state)
{
	static const char in[] = "Subject: spooled\nX-Odd: \xff\xfe\n\nbody "
	    "without final newline";
	char tmpl[] = "/tmp/sgspool.XXXXXX", *err = NULL, *dir, *path;
	struct message *m;
	struct buf b;
	int fds[2];

	(void)state;
	dir = mkdtemp(tmpl);
	assert_non_null(dir);
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], in, sizeof(in) - 1),
	    (ssize_t)(sizeof(in) - 1));
	close(fds[1]);
	assert_int_equal(message_spool(fds[0], dir, &m, &err), 0);
	close(fds[0]);
	assert_int_equal(message_size(m), sizeof(in) - 1);
	assert_string_equal(message_header(m, "Subject"), "spooled");
	/* The spool holds exactly the input. */
	buf_init(&b);
	{
		FILE *f = fopen(message_spool_path(m), "rb");
		char chunk[256];
		size_t n;

		assert_non_null(f);
		while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
			buf_add(&b, chunk, n);
		fclose(f);
	}
	assert_int_equal(b.len, sizeof(in) - 1);
	assert_memory_equal(b.s, in, sizeof(in) - 1);
	buf_free(&b);
	/* Kept: it moves into new/ under the same name. */
	assert_int_equal(maildir_commit(dir, message_spool_path(m), &path,
	    &err), 0);
	assert_non_null(strstr(path, "/new/"));
	assert_int_equal(access(path, R_OK), 0);
	unlink(path);
	free(path);
	message_free(m);
	path = xasprintf("rm -rf %s", dir);
	assert_int_equal(system(path), 0);
	free(path);
}

static void
test_stamp_date_offsets(void **state)
{
	char buf[64];

	(void)state;
	setenv("TZ", "Asia/Kolkata", 1);
	tzset();
	stamp_date(1795000000, buf, sizeof(buf));
	assert_non_null(strstr(buf, " +0530"));
	setenv("TZ", "America/St_Johns", 1);
	tzset();
	stamp_date(1795000000, buf, sizeof(buf));
	assert_non_null(strstr(buf, " -0330"));
	setenv("TZ", "UTC", 1);
	tzset();
	stamp_date(0, buf, sizeof(buf));
	assert_string_equal(buf, "Thu, 01 Jan 1970 00:00:00 +0000");
}

static void
test_stamp_message_id(void **state)
{
	char *a, *b;

	(void)state;
	setenv("SENDGUARD_NOW", "1795000000", 1);
	a = stamp_message_id(1795000000, "example.org", 42);
	b = stamp_message_id(1795000000, "example.org", 42);
	assert_string_equal(a, b);
	assert_non_null(strstr(a, "@example.org>"));
	free(b);
	b = stamp_message_id(1795000000, "bad>domain", 42);
	assert_non_null(strstr(b, "@localhost>"));
	free(a);
	free(b);
	unsetenv("SENDGUARD_NOW");
	a = stamp_message_id(1795000000, "example.org", 42);
	b = stamp_message_id(1795000000, "example.org", 42);
	assert_string_not_equal(a, b);
	free(a);
	free(b);
}

static void
test_rewrite_recipient(void **state)
{
	static const char in[] = "From: me@example.org\n"
	    "To: \"Doe, John\" <john@army.ml>, jane@example.com\n"
	    "Cc: John@Army.ML, bob@example.net\nSubject: x\n\nbody\n";
	struct message *m;
	char *out;

	(void)state;
	m = message_from_bytes(in, sizeof(in) - 1);
	assert_int_equal(message_rewrite_recipient(m, "john@army.ml",
	    "john@army.mil"), 2);
	assert_string_equal(message_header(m, "To"),
	    "\"Doe, John\" <john@army.mil>, jane@example.com");
	assert_string_equal(message_header(m, "Cc"),
	    "john@army.mil, bob@example.net");
	assert_int_equal(message_rewrite_recipient(m, "jane@example.com",
	    NULL), 1);
	assert_string_equal(message_header(m, "To"),
	    "\"Doe, John\" <john@army.mil>");
	assert_int_equal(message_rewrite_recipient(m, "nobody@x.org", NULL),
	    0);
	out = drain(m, 5);
	assert_non_null(strstr(out, "\r\nTo: \"Doe, John\" "
	    "<john@army.mil>\r\n"));
	assert_null(strstr(out, "army.ml>"));
	free(out);
	message_free(m);
}

/* A field set on the way out replaces the message's own, folded. */
static void
test_set_header(void **state)
{
	static const char in[] = "From: me@example.org\nX-Old: 1\n"
	    "Sendguard-Resolved: stale\nTo: a@example.com\n\nbody\n";
	struct message_headers h;
	struct message *m;
	char *out, *val;

	(void)state;
	m = message_from_bytes(in, sizeof(in) - 1);
	message_prepare_default(&h, "me@example.org");
	message_prepare(m, 1795000000, &h);
	assert_non_null(message_header(m, "Message-ID"));
	val = xasprintf("v=1; bind=%064d; army.ml=once; gmial.com=trust; "
	    "example.net=permit", 0);
	assert_int_equal(message_set_header(m, "Sendguard-Resolved", val), 0);
	assert_string_equal(message_header(m, "sendguard-resolved"), val);
	assert_int_equal(message_set_header(m, "X-New", "a\nb"), -1);
	assert_int_equal(message_set_header(m, "X New", "a"), -1);
	assert_int_equal(message_set_header(m, "X-Old", NULL), 0);
	assert_null(message_header(m, "X-Old"));
	out = drain(m, 5);
	assert_null(strstr(out, "stale"));
	assert_null(strstr(out, "X-Old"));
	assert_non_null(strstr(out, "Sendguard-Resolved: v=1;\r\n\tbind=0000"));
	assert_non_null(strstr(out, "0000;\r\n\tarmy.ml=once; gmial.com=trust; "
	    "example.net=permit\r\nFrom: me@example.org\r\n"));
	assert_non_null(strstr(out, "\r\n\r\nbody\r\n"));
	free(out);
	/* Prepared again: the added fields start afresh. */
	message_prepare(m, 1795000000, &h);
	assert_non_null(message_header(m, "X-Old"));
	assert_string_equal(message_header(m, "Sendguard-Resolved"), "stale");
	free(val);
	message_free(m);
}

/*
 * msmtp's header settings and a field set on the way out together: the
 * set field follows msmtp's added ones, the message's own copy goes, and
 * mailsize counts it.
 */
static void
test_set_header_msmtp(void **state)
{
	static const char in[] = "From: Other <o@x.org>\nTo: j@example.com\n"
	    "Sendguard-Resolved: stale\nSubject: s\n\nbody\n";
	struct message_headers h;
	struct message *m;
	char *out;

	(void)state;
	m = message_from_bytes(in, sizeof(in) - 1);
	message_prepare_default(&h, "me@example.org");
	h.set_from = MESSAGE_HDR_ON;
	h.set_date = h.set_msgid = MESSAGE_HDR_OFF;
	h.undisclosed = 1;
	message_prepare(m, 1795000000, &h);
	assert_int_equal(message_set_header(m, "Sendguard-Resolved", "v=1"),
	    0);
	/* The message's own fields are still read (the guard's view). */
	assert_string_equal(message_header(m, "To"), "j@example.com");
	assert_string_equal(message_header(m, "Sendguard-Resolved"), "v=1");
	out = drain(m, 5);
	assert_string_equal(out, "From: me@example.org\r\n"
	    "To: undisclosed-recipients:;\r\nSendguard-Resolved: v=1\r\n"
	    "Subject: s\r\n\r\nbody\r\n");
	assert_int_equal(message_out_size(m), (off_t)strlen(out) - 6);
	free(out);
	message_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crlf_bcc_added),
		cmocka_unit_test(test_missing_from_added),
		cmocka_unit_test(test_spool_keeps_bytes),
		cmocka_unit_test(test_stamp_date_offsets),
		cmocka_unit_test(test_msmtp_header_settings),
		cmocka_unit_test(test_stamp_message_id),
		cmocka_unit_test(test_rewrite_recipient),
		cmocka_unit_test(test_set_header),
		cmocka_unit_test(test_set_header_msmtp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
