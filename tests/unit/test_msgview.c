/*
 * test_msgview.c: text of any length in bounded memory: msgtext's window
 * mode hands the text over a window at a time with an overlap, so that a
 * marking cut by a window boundary is whole in the next window.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "common.h"
#include "guard.h"
#include "msgtext.h"
#include "msgview.h"

/* A file holding text, rewound, as a descriptor. */
static int
text_fd(const char *text)
{
	FILE *f = tmpfile();
	int fd;

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	fflush(f);
	fd = dup(fileno(f));
	fclose(f);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	return fd;
}

struct windows {
	struct buf	 all;	/* the windows, one after the other */
	size_t		 n;
	size_t		 shortest;
};

static void
collect(void *arg, const char *s, size_t len)
{
	struct windows *w = arg;

	buf_add(&w->all, s, len);
	buf_addc(&w->all, '|');
	if (w->n++ == 0 || len < w->shortest)
		w->shortest = len;
}

static void
test_windows_overlap(void **state)
{
	struct windows w;
	struct msgtext mt;
	struct buf msg, joined;
	const char *p, *bar, *prev, *prevend = NULL;
	char *err = NULL, *body;
	size_t i;
	int fd;

	(void)state;
	buf_init(&msg);
	buf_adds(&msg, "To: a@b.example\nSubject: x\n\n");
	for (i = 0; i < 100; i++)
		buf_addf(&msg, "line %03zu\n", i);	/* 9 bytes each */
	body = strstr(msg.s, "\n\n") + 2;
	fd = text_fd(msg.s);
	memset(&w, 0, sizeof(w));
	buf_init(&w.all);
	assert_int_equal(msgtext_read_window(fd, 64, 16, collect, &w, &mt,
	    &err), 0);
	close(fd);
	assert_true(w.n >= 10);
	assert_true(w.shortest >= 64);
	assert_int_equal(mt.truncated, 0);
	assert_true(mt.text.len < 64);
	/*
	 * Each window (and the text left at the end) starts with the last
	 * 16 bytes of the one before; without them, they are the body.
	 */
	buf_init(&joined);
	prev = NULL;
	for (p = w.all.s; (bar = strchr(p, '|')) != NULL; p = bar + 1) {
		if (prev != NULL) {
			assert_memory_equal(p, prevend - 16, 16);
			buf_add(&joined, p + 16, (size_t)(bar - p) - 16);
		} else
			buf_add(&joined, p, (size_t)(bar - p));
		prev = p;
		prevend = bar;
	}
	assert_memory_equal(mt.text.s, prevend - 16, 16);
	buf_adds(&joined, mt.text.s + 16);
	assert_string_equal(joined.s, body);
	buf_free(&joined);
	msgtext_free(&mt);
	buf_free(&w.all);
	buf_free(&msg);
}

/* A guard that looks for the default markings. */
static struct guard *
markings_guard(void)
{
	struct guard_data d;
	struct guard *g = NULL;
	char *err = NULL;

	memset(&d, 0, sizeof(d));
	d.markings.v = guard_default_markings;
	d.markings.n = guard_default_markings_count;
	assert_int_equal(guard_new(&d, &g, &err), 0);
	return g;
}

/* A marking cut in two by a window boundary is found in the next one. */
static void
test_marking_across_windows(void **state)
{
	struct guard *g;
	struct guard_report r;
	struct msgview mv;
	struct buf msg;
	char *err = NULL;
	size_t i;
	int fd;

	(void)state;
	g = markings_guard();
	buf_init(&msg);
	buf_adds(&msg, "To: partner@gmail.com\nSubject: notes\n\n");
	/* 2 MB of words, the marking across the first 1 MB boundary. */
	for (i = 0; msg.len < (1u << 20) + 20; i++)
		buf_adds(&msg, "just some words ");
	buf_adds(&msg, "NOFORN ");
	while (msg.len < (2u << 20))
		buf_adds(&msg, "more words here ");
	fd = text_fd(msg.s);
	assert_int_equal(msgview_read(fd, g, &mv, &err), 0);
	close(fd);
	assert_string_equal(mv.view.text_marking, "NOFORN");
	assert_true(mv.view.textlen <= (1u << 20) + 65536);
	guard_report_init(&r);
	guard_check(g, mv.mt.to, &r);
	guard_check_message(g, &mv.view, &r);
	assert_int_equal(r.verdicts[0].nfindings, 1);
	assert_int_equal(r.verdicts[0].findings[0].code,
	    GUARD_MARKING_EXTERNAL);
	guard_report_free(&r);
	msgview_free(&mv);
	buf_free(&msg);
	guard_free(g);
}

/*
 * Fed in pieces as a milter gets them (each header field, the blank line,
 * body chunks), the view is the one msgview_read() gives; a header too
 * big is an error at the end, and a view abandoned half-way frees all.
 */
static void
test_stream(void **state)
{
	struct guard *g;
	struct msgview whole, part, big;
	struct guard_report r;
	struct buf msg;
	const char *body;
	char *err = NULL;
	size_t i, step;
	int fd;

	(void)state;
	g = markings_guard();
	buf_init(&msg);
	buf_adds(&msg, "To: partner@gmail.com\r\nSubject: =?UTF-8?Q?n=C3=B6tes?="
	    "\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
	    "Content-Type: text/plain\r\n\r\n");
	while (msg.len < (3u << 20) / 2)
		buf_adds(&msg, "just some words ");
	buf_adds(&msg, "NOFORN\r\n--b\r\nContent-Type: application/pdf; "
	    "name=\"plan.pdf\"\r\n\r\nxx\r\n--b--\r\n");
	fd = text_fd(msg.s);
	assert_int_equal(msgview_read(fd, g, &whole, &err), 0);
	close(fd);
	body = strstr(msg.s, "\r\n\r\n") + 4;
	for (step = 1000; step <= 65536; step *= 8) {
		msgview_start(&part, g);
		assert_int_equal(msgview_feed(&part, msg.s, 31), 0);
		assert_int_equal(msgview_feed(&part, msg.s + 31,
		    (size_t)(body - msg.s) - 31), 0);
		for (i = (size_t)(body - msg.s); i < msg.len; i += step)
			assert_int_equal(msgview_feed(&part, msg.s + i,
			    msg.len - i < step ? msg.len - i : step), 0);
		assert_int_equal(msgview_end(&part, &err), 0);
		assert_string_equal(part.view.subject, "n\xc3\xb6tes");
		assert_string_equal(part.mt.to, whole.mt.to);
		assert_int_equal(part.view.names.n, 1);
		assert_string_equal(part.view.names.v[0], "plan.pdf");
		/* Where the windows fall depends on the pieces: the marking
		 * is found in one or in what is left for the check. */
		guard_report_init(&r);
		guard_check(g, part.mt.to, &r);
		guard_check_message(g, &part.view, &r);
		assert_int_equal(r.verdicts[0].nfindings, 1);
		assert_non_null(strstr(r.verdicts[0].findings[0].reason,
		    "NOFORN"));
		guard_report_free(&r);
		msgview_free(&part);
	}
	msgview_free(&whole);
	/* Abandoned in the middle (a client gone). */
	msgview_start(&part, g);
	assert_int_equal(msgview_feed(&part, msg.s, msg.len / 2), 0);
	msgview_free(&part);
	/* A header of more than MSGTEXT_HEADER_MAX bytes. */
	msgview_start(&big, g);
	for (i = 0; i < 20000; i++)
		(void)msgview_feed(&big, "X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n", 72);
	(void)msgview_feed(&big, "\r\nbody\r\n", 8);
	assert_int_equal(msgview_feed(&big, "more\r\n", 6), -1);
	assert_int_equal(msgview_end(&big, &err), -1);
	assert_non_null(err);
	free(err);
	msgview_free(&big);
	buf_free(&msg);
	guard_free(g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_windows_overlap),
		cmocka_unit_test(test_marking_across_windows),
		cmocka_unit_test(test_stream),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
