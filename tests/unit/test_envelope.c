/*
 * test_envelope.c: what goes on the wire is what the guard checked: the
 * envelope from the verdicts and the answers, and the To/Cc rewrites, on
 * a message (sendmail mode) and on a draft (the composer).
 */
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
#include "guard.h"
#include "transport.h"
#include "envelope.h"

static struct guard *
guard(void)
{
	static const char *const org[] = { "army.mil" };
	struct guard_data d;
	struct guard *g;
	char *err = NULL;

	memset(&d, 0, sizeof(d));
	d.org_domains.v = org;
	d.org_domains.n = 1;
	assert_int_equal(guard_new(&d, &g, &err), 0);
	return g;
}

/* The envelope's addresses, joined by spaces. */
static char *
joined(const struct envelope *e)
{
	struct buf b;
	size_t i;

	buf_init(&b);
	for (i = 0; i < e->n; i++)
		buf_addf(&b, "%s%s", i > 0 ? " " : "", e->rcpts[i]);
	return buf_take(&b);
}

/*
 * The header as it goes out, up to the blank line, unfolded (a rewritten
 * list is folded, no line over 78 columns).
 */
static char *
header(struct message *m)
{
	struct message_headers h;
	char buf[4096], *end, *p, *q;
	ssize_t n;

	message_prepare_default(&h, "me@example.org");
	h.set_date = h.set_msgid = MESSAGE_HDR_OFF;
	message_prepare(m, 0, &h);
	message_rewind(m);
	n = message_read(m, buf, sizeof(buf) - 1);
	assert_true(n > 0);
	buf[n] = '\0';
	if ((end = strstr(buf, "\r\n\r\n")) != NULL)
		end[2] = '\0';
	for (p = buf; (q = strstr(p, "\r\n")) != NULL; p = q + 2)
		assert_true(q - p <= 78);
	while ((p = strstr(buf, "\r\n\t")) != NULL) {
		*p = ' ';
		memmove(p + 1, p + 3, strlen(p + 3) + 1);
	}
	return xstrdup(buf);
}

/* Every spelling of a domain goes out as the one A-label form. */
static void
test_normalized(void **state)
{
	/* Full-width letters, an ideographic full stop, a zero-width space,
	 * a root dot, capitals, a U-label. */
	const char *list = "Jane <jane@\xef\xbd\x85xample\xe3\x80\x82"
	    "org>, bob@gm\xe2\x80\x8b" "ail.com, Ann@EXAMPLE.NET., "
	    "joe@b\xc3\xbc" "cher.example, Kim@Example.COM";
	struct guard *g = guard();
	struct guard_report r;
	struct envelope e;
	struct message *m;
	char *s, *msg;

	(void)state;
	guard_report_init(&r);
	guard_check(g, list, &r);
	envelope_init(&e);
	envelope_add(&e, g, &r, NULL);
	s = joined(&e);
	assert_string_equal(s, "jane@example.org bob@gmail.com "
	    "Ann@example.net joe@xn--bcher-kva.example Kim@example.com");
	free(s);
	assert_string_equal(e.names[0], "Jane");
	assert_null(e.names[1]);
	/* The header says the same; capitals alone stay as written. */
	msg = xasprintf("To: %s\nSubject: x\n\nbody\n", list);
	m = message_from_bytes(msg, strlen(msg));
	envelope_message(&e, m);
	s = header(m);
	assert_non_null(strstr(s, "To: Jane <jane@example.org>, "
	    "bob@gmail.com, Ann@example.net, joe@xn--bcher-kva.example, "
	    "Kim@Example.COM\r\n"));
	free(s);
	message_free(m);
	free(msg);
	envelope_free(&e);
	guard_report_free(&r);
	guard_free(g);
}

/* A fix goes to the suggestion, a removal nowhere, the rest as checked. */
static void
test_answers(void **state)
{
	struct guard *g = guard();
	struct guard_report r;
	struct envelope e;
	enum tui_action act[3] = { TUI_FIX, TUI_REMOVE, TUI_ONCE };
	struct message *m;
	const char *msg = "To: John <john@army.ml>, x@gmial.com\n"
	    "Cc: y@\xef\xbd\x87mial.com\n\nbody\n";
	char *s;

	(void)state;
	guard_report_init(&r);
	guard_check(g, "John <john@army.ml>, x@gmial.com", &r);
	guard_check(g, "y@\xef\xbd\x87mial.com", &r);
	assert_int_equal(r.nverdicts, 3);
	envelope_init(&e);
	envelope_add(&e, g, &r, act);
	s = joined(&e);
	assert_string_equal(s, "john@army.mil y@gmial.com");
	free(s);
	assert_string_equal(e.names[0], "John");
	m = message_from_bytes(msg, strlen(msg));
	envelope_message(&e, m);
	s = header(m);
	assert_non_null(strstr(s, "To: John <john@army.mil>\r\n"));
	assert_non_null(strstr(s, "Cc: y@gmial.com\r\n"));
	free(s);
	message_free(m);
	envelope_free(&e);
	guard_report_free(&r);
	guard_free(g);
}

/* The composer's draft: To and Cc rewritten, the draft itself kept. */
static void
test_draft(void **state)
{
	struct guard *g = guard();
	struct guard_report r[3];
	struct envelope e;
	struct draft d;
	char *to, *cc, *s;
	int i;

	(void)state;
	draft_init(&d);
	d.to = xstrdup("\"Doe, J\" <j@army.mil.>, k@\xef\xbd\x87mail.com");
	d.cc = xstrdup("c@ex\xc2\xad" "ample.org");
	d.bcc = xstrdup("b@EXAMPLE.org.");
	envelope_init(&e);
	for (i = 0; i < 3; i++)
		guard_report_init(&r[i]);
	guard_check(g, d.to, &r[0]);
	guard_check(g, d.cc, &r[1]);
	guard_check(g, d.bcc, &r[2]);
	for (i = 0; i < 3; i++)
		envelope_add(&e, g, &r[i], NULL);
	s = joined(&e);
	assert_string_equal(s, "j@army.mil k@gmail.com c@example.org "
	    "b@example.org");
	free(s);
	envelope_draft(&e, &d, &to, &cc);
	assert_string_equal(to, "\"Doe, J\" <j@army.mil>, k@gmail.com");
	assert_string_equal(cc, "c@example.org");
	assert_string_equal(d.to, "\"Doe, J\" <j@army.mil.>, "
	    "k@\xef\xbd\x87mail.com");
	free(to);
	free(cc);
	envelope_free(&e);
	for (i = 0; i < 3; i++)
		guard_report_free(&r[i]);
	draft_free(&d);
	guard_free(g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normalized),
		cmocka_unit_test(test_answers),
		cmocka_unit_test(test_draft),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
