/*
 * test_draft_mime.c: draft_build()'s encodings: RFC 2047 names and
 * subjects, quoted-printable text, base64 attachments, RFC 2231 file names.
 */
#include "draft_helpers.h"

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_encoded),
		cmocka_unit_test(test_subject_roundtrip),
		cmocka_unit_test(test_subject_long),
		cmocka_unit_test(test_body_qp),
		cmocka_unit_test(test_attachment),
		cmocka_unit_test(test_attachment_name),
	};

	setenv("SENDGUARD_NOW", "1700000000", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
