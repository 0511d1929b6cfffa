/* test_draft.c: draft_build(), asserted on the bytes it builds. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <cmocka.h>
#include <libetpan/libetpan.h>

#include "common.h"
#include "transport.h"

#define NOW	((time_t)1700000000)	/* Tue, 14 Nov 2023 22:13:20 UTC */

/* A file of the fixtures (tests/run.sh sets SENDGUARD_TOP). */
static char *
fixture(const char *name)
{
	const char *top = getenv("SENDGUARD_TOP");

	return xasprintf("%s/tests/unit/data/%s", top != NULL ? top : ".",
	    name);
}

/* A draft from one sender to two people, with a Bcc. */
static void
draft_sample(struct draft *d)
{
	draft_init(d);
	d->from = xstrdup("Me <me@x.org>");
	d->to = xstrdup("\"Doe, John\" <john@army.mil>, b@y.org");
	d->cc = xstrdup("c@z.org");
	d->bcc = xstrdup("secret@hidden.org");
	d->subject = xstrdup("Hello");
	d->body = xstrdup("Hi there.\n");
}

/* Adds an attachment (path, name and type copied; NULL allowed). */
static void
attach(struct draft *d, const char *path, const char *name, const char *type)
{
	struct draft_attachment *a;

	d->attachments = xreallocarray(d->attachments, d->nattachments + 1,
	    sizeof(*d->attachments));
	a = &d->attachments[d->nattachments++];
	a->path = xstrdup(path);
	a->name = name != NULL ? xstrdup(name) : NULL;
	a->type = type != NULL ? xstrdup(type) : NULL;
}

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

/* Asserts CRLF-only, 7-bit bytes with lines of at most 998 octets. */
static void
assert_clean(const char *s, size_t len)
{
	size_t i, col = 0;

	assert_true(len >= 2);
	assert_memory_equal(s + len - 2, "\r\n", 2);
	for (i = 0; i < len; i++) {
		assert_true(s[i] != '\0' && (unsigned char)s[i] < 0x80);
		if (s[i] == '\n')
			fail_msg("bare LF at byte %zu", i);
		if (s[i] == '\r') {
			if (i + 1 == len || s[i + 1] != '\n')
				fail_msg("bare CR at byte %zu", i);
			i++;
			col = 0;
		} else if (++col > 998)
			fail_msg("line over 998 octets at byte %zu", i);
	}
}

/* Builds d (which must succeed), checks the bytes, frees d. */
static char *
build(struct draft *d, size_t *lenp)
{
	char *out, *err = NULL;
	size_t len;

	if (draft_build(d, NOW, &out, &len, &err) == -1)
		fail_msg("draft_build: %s", err != NULL ? err : "(null)");
	assert_non_null(out);
	assert_int_equal(strlen(out), len);
	assert_clean(out, len);
	draft_free(d);
	if (lenp != NULL)
		*lenp = len;
	return out;
}

/* Builds d, which must fail with an errstr holding want; frees d. */
static void
refused(struct draft *d, const char *want)
{
	char *out = (char *)"x", *err = NULL;
	size_t len = 1;

	assert_int_equal(draft_build(d, NOW, &out, &len, &err), -1);
	assert_null(out);
	assert_int_equal(len, 0);
	assert_non_null(err);
	if (strstr(err, want) == NULL)
		fail_msg("errstr \"%s\" lacks \"%s\"", err, want);
	free(err);
	draft_free(d);
}

/* The unfolded value of a header of the message's top header, or NULL. */
static char *
header(const char *msg, const char *name)
{
	const char *p = msg, *end = strstr(msg, "\r\n\r\n");
	size_t n = strlen(name);
	struct buf b;

	for (; p != NULL && p < end; p = strstr(p, "\r\n") + 2) {
		if (strncasecmp(p, name, n) != 0 || p[n] != ':')
			continue;
		buf_init(&b);
		for (p += n + 1; *p == ' '; p++)
			;
		for (; !(p[0] == '\r' && p[1] == '\n' && p[2] != ' ' &&
		    p[2] != '\t'); p++)
			if (*p != '\r' && *p != '\n')
				buf_addc(&b, *p);
		return buf_take(&b);
	}
	return NULL;
}

/* Decodes a header value with libetpan's RFC 2047 decoder. */
static char *
decode(const char *s)
{
	char *r = NULL, *copy;
	size_t i = 0;

	assert_int_equal(mailmime_encoded_phrase_parse("utf-8", s, strlen(s),
	    &i, "utf-8", &r), MAILIMF_NO_ERROR);
	copy = xstrdup(r);
	free(r);
	return copy;
}

/* Parses the whole message with libetpan. */
static struct mailmime *
parse(const char *msg, size_t len)
{
	struct mailmime *m = NULL;
	size_t i = 0;

	assert_int_equal(mailmime_parse(msg, len, &i, &m), MAILIMF_NO_ERROR);
	assert_int_equal(i, len);
	assert_int_equal(m->mm_type, MAILMIME_MESSAGE);
	return m;
}

/* The decoded body of a single part. */
static char *
body_of(struct mailmime *part, size_t *len)
{
	struct mailmime_data *d = part->mm_body;
	char *r, *copy;
	size_t i = 0;

	assert_non_null(d);
	assert_int_equal(mailmime_part_parse(d->dt_data.dt_text.dt_data,
	    d->dt_data.dt_text.dt_length, &i, d->dt_encoding, &r, len),
	    MAILIMF_NO_ERROR);
	copy = xmalloc(*len + 1);
	memcpy(copy, r, *len);
	copy[*len] = '\0';
	mailmime_decoded_part_free(r);
	return copy;
}

static int
is_type(struct mailmime *m, int type, const char *subtype)
{
	struct mailmime_type *t = m->mm_content_type->ct_type;

	if (strcasecmp(m->mm_content_type->ct_subtype, subtype) != 0)
		return 0;
	if (t->tp_type == MAILMIME_TYPE_DISCRETE_TYPE)
		return t->tp_data.tp_discrete_type->dt_type == type;
	return t->tp_data.tp_composite_type->ct_type == type;
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
test_names_encoded(void **state)
{
	struct mailimf_single_fields sf;
	struct mailimf_address *a;
	struct mailmime *m;
	struct draft d;
	clistiter *it;
	size_t len, i;
	char *out, *v;
	static const char *const names[] = { "Zoë Ångström", "Doe, John",
	    "Очень Длинное Имя Получателя Письма С Кириллицей", NULL };

	(void)state;
	draft_sample(&d);
	free(d.from);
	free(d.to);
	d.from = xstrdup("Jöhn Dœ <john@x.org>");
	d.to = xstrdup("Zoë Ångström <z@q.org>, \"Doe, John\" <j@x.org>, "
	    "Очень Длинное Имя Получателя Письма С Кириллицей <l@e.com>, "
	    "n@e.com, =?UTF-8?B?UGFzdGVk?= <p@e.com>, Team: t@e.com;");
	out = build(&d, &len);
	assert_non_null(v = header(out, "From"));
	assert_string_equal(v, "=?UTF-8?B?SsO2aG4gRMWT?= <john@x.org>");
	free(v);

	/* libetpan reads the names back; its decoder gives the UTF-8. */
	m = parse(out, len);
	mailimf_single_fields_init(&sf, m->mm_data.mm_message.mm_fields);
	assert_int_equal(clist_count(sf.fld_to->to_addr_list->ad_list), 6);
	for (it = clist_begin(sf.fld_to->to_addr_list->ad_list), i = 0;
	    names[i] != NULL; it = clist_next(it), i++) {
		a = clist_content(it);
		assert_int_equal(a->ad_type, MAILIMF_ADDRESS_MAILBOX);
		v = decode(a->ad_data.ad_mailbox->mb_display_name);
		assert_string_equal(v, names[i]);
		free(v);
	}
	a = clist_content(it);
	assert_null(a->ad_data.ad_mailbox->mb_display_name);
	a = clist_content(clist_next(it));
	v = decode(a->ad_data.ad_mailbox->mb_display_name);
	assert_string_equal(v, "Pasted");
	free(v);
	a = clist_content(clist_next(clist_next(it)));
	assert_int_equal(a->ad_type, MAILIMF_ADDRESS_GROUP);
	assert_string_equal(a->ad_data.ad_group->grp_display_name, "Team");
	mailmime_free(m);
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
test_subject_roundtrip(void **state)
{
	static const char *const subjects[] = { "Grüße aus Köln",
	    "Re: [x] =?not an encoded word?=", "日本語の件名", NULL };
	struct draft d;
	char *out, *v, *dec;
	size_t i;

	(void)state;
	for (i = 0; subjects[i] != NULL; i++) {
		draft_sample(&d);
		free(d.subject);
		d.subject = xstrdup(subjects[i]);
		out = build(&d, NULL);
		assert_non_null(v = header(out, "Subject"));
		assert_non_null(strstr(v, "=?UTF-8?B?"));
		dec = decode(v);
		assert_string_equal(dec, subjects[i]);
		free(dec);
		free(v);
		free(out);
	}
}

static void
test_subject_long(void **state)
{
	struct draft d;
	struct buf b;
	const char *p, *w, *end;
	char *subject, *out, *v, *dec, *r;
	size_t i, n, words = 0;

	(void)state;
	/* 200 characters of 1 to 4 bytes, in groups of 7 that words cut. */
	buf_init(&b);
	for (i = 0; i < 28; i++)
		buf_adds(&b, "a€😀éж 日");
	buf_adds(&b, "a€😀é");
	subject = buf_take(&b);
	draft_sample(&d);
	free(d.subject);
	d.subject = xstrdup(subject);
	out = build(&d, NULL);
	/* Every header line under 78 characters. */
	end = strstr(out, "\r\n\r\n");
	for (p = out; p < end; p = strstr(p, "\r\n") + 2)
		assert_true((size_t)(strstr(p, "\r\n") - p) < 78);
	assert_non_null(v = header(out, "Subject"));
	/* Words of at most 75, each whole characters (valid UTF-8 alone). */
	for (w = strstr(v, "=?"); w != NULL; w = strstr(w + 2, "=?")) {
		n = (size_t)(strstr(w, "?=") + 2 - w);
		assert_true(n <= 75);
		assert_memory_equal(w, "=?UTF-8?B?", 10);
		i = 0;
		assert_int_equal(mailmime_part_parse(w + 10, n - 12, &i,
		    MAILMIME_MECHANISM_BASE64, &r, &i), MAILIMF_NO_ERROR);
		assert_true(utf8_valid(r, i));
		mailmime_decoded_part_free(r);
		w += n - 2;
		words++;
	}
	assert_true(words >= 8);
	dec = decode(v);
	assert_string_equal(dec, subject);
	free(dec);
	free(v);
	free(out);
	free(subject);
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

static void
test_body_qp(void **state)
{
	struct mailmime *m;
	struct draft d;
	struct buf want, line;
	const char *p, *q, *end;
	size_t i, len, blen;
	char *out, *body;

	(void)state;
	buf_init(&line);
	for (i = 0; i < 300; i++)
		buf_addc(&line, (char)('a' + i % 26));
	draft_sample(&d);
	free(d.body);
	d.body = xasprintf("Hello = world\nFrom here\n.\n-- \nsig\ttab\t\n"
	    "crlf\r\nлиния\n%s\nend", line.s);
	buf_init(&want);
	buf_addf(&want, "Hello = world\r\nFrom here\r\n.\r\n-- \r\nsig\ttab\t"
	    "\r\ncrlf\r\nлиния\r\n%s\r\nend\r\n", line.s);
	out = build(&d, &len);
	assert_non_null(strstr(out, "\r\n=46rom here\r\n"));
	assert_non_null(strstr(out, "\r\n--=20\r\n"));
	assert_non_null(strstr(out, "\r\nsig\ttab=09\r\n"));
	/* Quoted-printable lines of at most 76. */
	p = strstr(out, "\r\n\r\n") + 4;
	end = out + len;
	for (; p < end; p = q + 2) {
		q = strstr(p, "\r\n");
		assert_true(q - p <= 76);
	}
	m = parse(out, len);
	body = body_of(m->mm_data.mm_message.mm_msg_mime, &blen);
	assert_int_equal(blen, want.len);
	assert_string_equal(body, want.s);
	free(body);
	mailmime_free(m);
	buf_free(&want);
	buf_free(&line);
	free(out);
}

static void
test_attachment(void **state)
{
	struct mailmime_single_fields sf;
	struct mailmime *m, *mp, *text, *png;
	struct draft d;
	FILE *fp;
	char file[256], *out, *path, *data;
	size_t flen, len, dlen;
	const char *p;

	(void)state;
	path = fixture("pixel.png");
	assert_non_null(fp = fopen(path, "rb"));
	flen = fread(file, 1, sizeof(file), fp);
	fclose(fp);
	assert_true(flen > 8 && flen < sizeof(file));
	draft_sample(&d);
	attach(&d, path, NULL, NULL);
	out = build(&d, &len);
	assert_non_null(strstr(out, "Content-Type: multipart/mixed; "));
	assert_non_null(strstr(out, "Content-Disposition: attachment; "
	    "filename=\"pixel.png\"\r\n"));
	/* base64 lines of at most 76. */
	p = strstr(out, "Content-Transfer-Encoding: base64\r\n");
	assert_non_null(p);
	for (p = strstr(p, "\r\n\r\n") + 4; *p != '\r'; p = strstr(p, "\r\n") +
	    2)
		assert_true(strstr(p, "\r\n") - p <= 76);

	m = parse(out, len);
	mp = m->mm_data.mm_message.mm_msg_mime;
	assert_int_equal(mp->mm_type, MAILMIME_MULTIPLE);
	assert_true(is_type(mp, MAILMIME_COMPOSITE_TYPE_MULTIPART, "mixed"));
	assert_int_equal(clist_count(mp->mm_data.mm_multipart.mm_mp_list), 2);
	text = clist_content(clist_begin(mp->mm_data.mm_multipart.mm_mp_list));
	png = clist_content(clist_next(clist_begin(
	    mp->mm_data.mm_multipart.mm_mp_list)));
	assert_true(is_type(text, MAILMIME_DISCRETE_TYPE_TEXT, "plain"));
	assert_true(is_type(png, MAILMIME_DISCRETE_TYPE_IMAGE, "png"));
	mailmime_single_fields_init(&sf, png->mm_mime_fields,
	    png->mm_content_type);
	assert_int_equal(sf.fld_encoding->enc_type, MAILMIME_MECHANISM_BASE64);
	assert_string_equal(sf.fld_disposition_filename, "pixel.png");
	assert_string_equal(sf.fld_content_name, "pixel.png");
	data = body_of(png, &dlen);
	assert_int_equal(dlen, flen);
	assert_memory_equal(data, file, flen);
	free(data);
	data = body_of(text, &dlen);
	assert_string_equal(data, "Hi there.\r\n");
	free(data);
	mailmime_free(m);
	free(out);

	/* A type given is used as it is. */
	draft_sample(&d);
	attach(&d, path, "scan.pdf", "application/pdf");
	out = build(&d, NULL);
	assert_non_null(strstr(out, "Content-Type: application/pdf; "
	    "name=\"scan.pdf\"\r\n"));
	free(out);
	free(path);
}

/* Joins the RFC 2231 sections of filename* and %-decodes them. */
static char *
filename2231(const char *msg)
{
	const char *p = strstr(msg, "filename*"), *v;
	struct buf b;
	unsigned int x;

	buf_init(&b);
	for (; p != NULL; p = strstr(p, "filename*")) {
		v = strchr(p, '=') + 1;
		if (strncmp(v, "UTF-8''", 7) == 0)
			v += 7;
		for (; *v != ';' && *v != '\r'; v++) {
			if (*v == '%' && sscanf(v + 1, "%2x", &x) == 1) {
				buf_addc(&b, (char)x);
				v += 2;
			} else
				buf_addc(&b, *v);
		}
		p = v;
	}
	return buf_take(&b);
}

/* The name= of the second part, as libetpan reads it (static). */
static const char *
part_name(const char *msg)
{
	static char name[512];
	struct mailmime_single_fields sf;
	struct mailmime *m, *mp, *part;

	m = parse(msg, strlen(msg));
	mp = m->mm_data.mm_message.mm_msg_mime;
	part = clist_content(clist_next(clist_begin(
	    mp->mm_data.mm_multipart.mm_mp_list)));
	mailmime_single_fields_init(&sf, part->mm_mime_fields,
	    part->mm_content_type);
	assert_non_null(sf.fld_content_name);
	assert_true(strlen(sf.fld_content_name) < sizeof(name));
	strcpy(name, sf.fld_content_name);
	mailmime_free(m);
	return name;
}

static void
test_attachment_name(void **state)
{
	static const char longname[] = "отчёт за второй квартал две тысячи "
	    "двадцать четвёртого года.png";
	struct draft d;
	const char *p, *end;
	char *out, *path, *name;

	(void)state;
	path = fixture("pixel.png");
	draft_sample(&d);
	attach(&d, path, "résumé 1.png", NULL);
	out = build(&d, NULL);
	assert_non_null(strstr(out, "Content-Disposition: attachment;\r\n "
	    "filename*=UTF-8''r%C3%A9sum%C3%A9%201.png\r\n"));
	assert_null(strstr(out, "filename=\""));
	name = filename2231(out);
	assert_string_equal(name, "résumé 1.png");
	free(name);
	assert_string_equal(part_name(out), "résumé 1.png");
	free(out);

	/* A long name in sections, each line under 78. */
	draft_sample(&d);
	attach(&d, path, longname, NULL);
	out = build(&d, NULL);
	assert_non_null(strstr(out, "filename*0*=UTF-8''"));
	assert_non_null(strstr(out, "filename*1*="));
	name = filename2231(out);
	assert_string_equal(name, longname);
	free(name);
	/* libetpan reads RFC 2231 raw, but decodes the RFC 2047 name=. */
	assert_string_equal(part_name(out), longname);
	p = strstr(out, "Content-Disposition: attachment;\r\n");
	assert_non_null(p);
	end = strstr(p, "\r\n\r\n");
	for (; p < end; p = strstr(p, "\r\n") + 2)
		assert_true(strstr(p, "\r\n") - p < 78);
	free(out);
	free(path);
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
		cmocka_unit_test(test_names_encoded),
		cmocka_unit_test(test_idn_domain),
		cmocka_unit_test(test_subject_roundtrip),
		cmocka_unit_test(test_subject_long),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_message_id),
		cmocka_unit_test(test_body_qp),
		cmocka_unit_test(test_attachment),
		cmocka_unit_test(test_attachment_name),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_unreadable),
		cmocka_unit_test(test_draft_init_free),
	};

	setenv("SENDGUARD_NOW", "1700000000", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
