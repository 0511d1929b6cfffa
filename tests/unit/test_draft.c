/*
 * test_draft.c: draft_build(), asserted on the bytes it builds: headers,
 * Date, Message-ID, structure and refusals. Encodings: test_draft_mime.c.
 */
#include "draft_helpers.h"

/* strcasestr(), which is not POSIX. */
static const char *
find_ci(const char *s, const char *what)
{
	size_t n = strlen(what);

	for (; *s != '\0'; s++)
		if (strncasecmp(s, what, n) == 0)
			return s;
	return NULL;
}

static void
test_headers(void **state)
{
	struct mailimf_single_fields sf;
	struct mailimf_mailbox *mb;
	struct mailimf_address *a;
	struct mailmime *m;
	struct draft d;
	size_t len;
	char *out, *v;

	(void)state;
	draft_sample(&d);
	out = build(&d, &len);
	assert_non_null(strstr(out, "\r\nMIME-Version: 1.0\r\n"));
	assert_non_null(v = header(out, "To"));
	assert_string_equal(v, "\"Doe, John\" <john@army.mil>, b@y.org");
	free(v);
	assert_non_null(v = header(out, "Cc"));
	assert_string_equal(v, "c@z.org");
	free(v);
	assert_non_null(v = header(out, "Subject"));
	assert_string_equal(v, "Hello");
	free(v);
	/* Bcc is envelope only: not a header, not anywhere. */
	assert_null(find_ci(out, "bcc"));
	assert_null(strstr(out, "secret@hidden.org"));

	m = parse(out, len);
	mailimf_single_fields_init(&sf, m->mm_data.mm_message.mm_fields);
	assert_non_null(sf.fld_orig_date);
	assert_non_null(sf.fld_message_id);
	assert_non_null(sf.fld_from);
	assert_null(sf.fld_bcc);
	mb = clist_content(clist_begin(sf.fld_from->frm_mb_list->mb_list));
	assert_string_equal(mb->mb_display_name, "Me");
	assert_string_equal(mb->mb_addr_spec, "me@x.org");
	assert_int_equal(clist_count(sf.fld_to->to_addr_list->ad_list), 2);
	a = clist_content(clist_begin(sf.fld_to->to_addr_list->ad_list));
	assert_string_equal(a->ad_data.ad_mailbox->mb_display_name,
	    "Doe, John");
	assert_string_equal(a->ad_data.ad_mailbox->mb_addr_spec,
	    "john@army.mil");
	assert_int_equal(clist_count(sf.fld_cc->cc_addr_list->ad_list), 1);
	assert_string_equal(sf.fld_subject->sbj_value, "Hello");
	/* Without attachments: a single text/plain part, quoted-printable. */
	assert_non_null(m->mm_data.mm_message.mm_msg_mime);
	assert_int_equal(m->mm_data.mm_message.mm_msg_mime->mm_type,
	    MAILMIME_SINGLE);
	assert_true(is_type(m->mm_data.mm_message.mm_msg_mime,
	    MAILMIME_DISCRETE_TYPE_TEXT, "plain"));
	assert_non_null(strstr(out, "Content-Type: text/plain; "
	    "charset=\"UTF-8\"\r\nContent-Transfer-Encoding: "
	    "quoted-printable\r\n"));
	mailmime_free(m);
	free(out);
}

static void
test_no_cc_no_to(void **state)
{
	struct draft d;
	char *out, *v;

	(void)state;
	draft_sample(&d);
	free(d.cc);
	d.cc = xstrdup("  ");
	out = build(&d, NULL);
	assert_null(header(out, "Cc"));
	free(out);

	/* Bcc only: the To header says so rather than being empty. */
	draft_sample(&d);
	free(d.to);
	free(d.cc);
	d.to = NULL;
	d.cc = NULL;
	out = build(&d, NULL);
	assert_non_null(v = header(out, "To"));
	assert_string_equal(v, "undisclosed-recipients:;");
	free(v);
	assert_null(header(out, "Cc"));
	assert_null(find_ci(out, "bcc"));
	free(out);

	/* An empty group as typed. */
	draft_sample(&d);
	free(d.to);
	d.to = xstrdup("Team:;");
	out = build(&d, NULL);
	assert_non_null(v = header(out, "To"));
	assert_string_equal(v, "Team:;");
	free(v);
	free(out);
}

static void
test_idn_domain(void **state)
{
	struct draft d;
	char *out, *v;

	(void)state;
	draft_sample(&d);
	free(d.from);
	free(d.to);
	d.from = xstrdup("me@bücher.example");
	d.to = xstrdup("Ü <u@münchen.de>");
	out = build(&d, NULL);
	assert_non_null(v = header(out, "From"));
	assert_string_equal(v, "me@xn--bcher-kva.example");
	free(v);
	assert_non_null(v = header(out, "To"));
	assert_string_equal(v, "=?UTF-8?B?w5w=?= <u@xn--mnchen-3ya.de>");
	free(v);
	assert_non_null(v = header(out, "Message-ID"));
	assert_non_null(strstr(v, "@xn--bcher-kva.example>"));
	free(v);
	free(out);
}

static void
test_date(void **state)
{
	static const struct {
		const char	*tz;
		const char	*date;
		int		 zone;
	} t[] = {
		{ "Asia/Kolkata", "Wed, 15 Nov 2023 03:43:20 +0530", 530 },
		{ "UTC", "Tue, 14 Nov 2023 22:13:20 +0000", 0 },
		{ "America/St_Johns", "Tue, 14 Nov 2023 18:43:20 -0330", -330 },
	};
	struct mailimf_single_fields sf;
	struct mailmime *m;
	struct draft d;
	size_t i, len;
	char *out, *v, *old;

	(void)state;
	old = getenv("TZ") != NULL ? xstrdup(getenv("TZ")) : NULL;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		setenv("TZ", t[i].tz, 1);
		tzset();
		draft_sample(&d);
		out = build(&d, &len);
		assert_non_null(v = header(out, "Date"));
		assert_string_equal(v, t[i].date);
		free(v);
		m = parse(out, len);
		mailimf_single_fields_init(&sf,
		    m->mm_data.mm_message.mm_fields);
		assert_int_equal(sf.fld_orig_date->dt_date_time->dt_zone,
		    t[i].zone);
		mailmime_free(m);
		free(out);
	}
	if (old != NULL)
		setenv("TZ", old, 1);
	else
		unsetenv("TZ");
	tzset();
	free(old);
}

static void
test_message_id(void **state)
{
	struct draft d;
	size_t len1, len2;
	char *a, *b, *c, *v, *w, *path;

	(void)state;
	/* SENDGUARD_NOW: the same draft gives the same bytes. */
	setenv("SENDGUARD_NOW", "1700000000", 1);
	path = fixture("pixel.png");
	draft_sample(&d);
	attach(&d, path, NULL, NULL);
	a = build(&d, &len1);
	draft_sample(&d);
	attach(&d, path, NULL, NULL);
	b = build(&d, &len2);
	free(path);
	assert_int_equal(len1, len2);
	assert_memory_equal(a, b, len1);
	assert_non_null(v = header(a, "Message-ID"));
	assert_memory_equal(v, "<1700000000.", 12);
	assert_string_equal(v + strlen(v) - 7, "@x.org>");
	/* Another text, another id. */
	draft_sample(&d);
	free(d.body);
	d.body = xstrdup("Other text.\n");
	c = build(&d, NULL);
	assert_non_null(w = header(c, "Message-ID"));
	assert_string_not_equal(v, w);
	free(w);
	free(c);
	/* Without it, ids are random. */
	unsetenv("SENDGUARD_NOW");
	draft_sample(&d);
	c = build(&d, NULL);
	assert_non_null(w = header(c, "Message-ID"));
	assert_string_not_equal(v, w);
	assert_string_equal(w + strlen(w) - 7, "@x.org>");
	free(w);
	free(c);
	setenv("SENDGUARD_NOW", "1700000000", 1);
	free(v);
	free(a);
	free(b);
}

/* The field of a draft a case sets. */
enum field { FROM, TO, CC, SUBJECT, BODY };

static void
test_refused(void **state)
{
	static const struct {
		enum field	 field;
		const char	*value;
		const char	*err;
	} t[] = {
		/* Header injection, and what libetpan would let through. */
		{ SUBJECT, "Hello\r\nBcc: evil@x.org",
		    "the subject contains a line break (CR)" },
		{ SUBJECT, "Hello\nX-Evil: 1", "line break (LF)" },
		{ SUBJECT, "tab\there", "control character (U+0009)" },
		{ TO, "a@x.org\r\nBcc: evil@x.org", "To contains a line break" },
		{ FROM, "Me <me@x.org>\n", "From contains a line break" },
		{ CC, "\x1b[31mRed <r@x.org>",
		    "Cc contains a control character (U+001B)" },
		/* An encoded word that decodes to "A\r\nBcc: evil@x.org". */
		{ TO, "=?UTF-8?B?QQ0KQmNjOiBldmlsQHgub3Jn?= <a@x.org>",
		    "To contains a line break" },
		/* Not UTF-8. */
		{ SUBJECT, "caf\xe9", "the subject is not valid UTF-8 (byte 4)" },
		{ BODY, "ok\n\xc3\x28",
		    "the message text is not valid UTF-8 (byte 4)" },
		{ BODY, "overlong \xc0\xaf", "not valid UTF-8" },
		{ TO, "\xff <a@x.org>", "To is not valid UTF-8" },
		/* Addresses libetpan parses but are not. */
		{ TO, "john@army.ml jane@navy.mil", "more than one @" },
		{ TO, "john", "is not an address" },
		{ TO, "a..b@c.d", "is not a valid address" },
		{ TO, "x@y.org,, z@w.org", "cannot read the address list" },
		{ TO, "a@x.org (comment) b@y.org", "cannot read" },
		{ TO, "a@-x.org", "not a valid domain" },
		{ TO, "a@x_y.org", "not a valid domain" },
		{ TO, "jöhn@x.org", "SMTPUTF8" },
		{ TO, "\"john doe\"@x.org", "quoted local parts" },
		{ FROM, "a@x.org, b@y.org", "From must be a single address" },
		{ FROM, " ", "no From address" },
	};
	static const char *const errs[] = { "a\nb.png", "image/png\r\nX: 1",
	    "multipart/mixed" };
	struct draft d;
	char **f, *path, *out;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		draft_sample(&d);
		f = NULL;
		switch (t[i].field) {
		case FROM:	f = &d.from;	break;
		case TO:	f = &d.to;	break;
		case CC:	f = &d.cc;	break;
		case SUBJECT:	f = &d.subject;	break;
		case BODY:	f = &d.body;	break;
		}
		assert_non_null(f);
		free(*f);
		*f = xstrdup(t[i].value);
		refused(&d, t[i].err);
	}
	/* A bad name or type for an attachment. */
	path = fixture("pixel.png");
	for (i = 0; i < sizeof(errs) / sizeof(errs[0]); i++) {
		draft_sample(&d);
		attach(&d, path, i == 0 ? errs[i] : NULL, i > 0 ? errs[i] :
		    NULL);
		refused(&d, i == 0 ? "pixel.png contains a line break" :
		    "is not a MIME type");
	}
	free(path);

	/* errstr is optional. */
	draft_sample(&d);
	free(d.subject);
	d.subject = xstrdup("a\rb");
	assert_int_equal(draft_build(&d, NOW, &out, &i, NULL), -1);
	assert_null(out);
	draft_free(&d);

	/* A trailing comma is forgiven. */
	draft_sample(&d);
	free(d.to);
	d.to = xstrdup("a@x.org, ");
	out = build(&d, NULL);
	free(out);
}

static void
test_unreadable(void **state)
{
	struct draft d;
	char *data;

	(void)state;
	draft_sample(&d);
	attach(&d, "/nonexistent/sendguard/report.pdf", NULL, NULL);
	refused(&d, "cannot read attachment /nonexistent/sendguard/report.pdf: "
	    "No such file or directory");

	data = fixture("");
	draft_sample(&d);
	attach(&d, data, NULL, NULL);
	refused(&d, "not a regular file");
	free(data);
}

static void
test_draft_init_free(void **state)
{
	struct draft d;

	(void)state;
	draft_init(&d);
	draft_free(&d);
	draft_sample(&d);
	attach(&d, "a", "b", "c/d");
	attach(&d, "e", NULL, NULL);
	draft_free(&d);
	assert_null(d.from);
	assert_null(d.attachments);
	assert_int_equal(d.nattachments, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_headers),
		cmocka_unit_test(test_no_cc_no_to),
		cmocka_unit_test(test_idn_domain),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_message_id),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_unreadable),
		cmocka_unit_test(test_draft_init_free),
	};

	setenv("SENDGUARD_NOW", "1700000000", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
