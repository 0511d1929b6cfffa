/* draft.c: a draft as an RFC 5322/MIME message, built with libetpan. */
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <libetpan/libetpan.h>
#include <magic.h>

#include "common.h"
#include "mime.h"
#include "stamp.h"
#include "transport.h"

#define DRAFT_NAME_MAX	255	/* attachment name, bytes */
#define DRAFT_PLAIN_MAX	60	/* longer names go out as RFC 2231 */
#define DRAFT_FOLD	72	/* libetpan folds headers at this column */
#define DRAFT_LINE_MAX	998	/* RFC 5322 2.1.1 */

/* An attachment as read from disk. */
struct draft_file {
	char	*data;
	size_t	 len;
	char	*name;		/* UTF-8 */
	char	*type;		/* "type/subtype", checked */
};

/* What a build holds until the message is written. */
struct draft_ctx {
	char			*from;		/* header values, 7-bit */
	char			*to;
	char			*cc;		/* NULL: no Cc */
	char			*subject;
	char			*domain;	/* From's domain (A-label) */
	struct buf		 text;		/* body, quoted-printable */
	struct draft_file	*files;
	size_t			 nfiles;
	uint64_t		 seed;		/* hash of the content */
};

void
draft_init(struct draft *d)
{
	memset(d, 0, sizeof(*d));
}

const char *
draft_attachment_name(const struct draft_attachment *a)
{
	const char *slash;

	if (a->name != NULL)
		return a->name;
	return (slash = strrchr(a->path, '/')) != NULL ? slash + 1 : a->path;
}

void
draft_free(struct draft *d)
{
	size_t i;

	free(d->from);
	free(d->to);
	free(d->cc);
	free(d->bcc);
	free(d->subject);
	free(d->body);
	for (i = 0; i < d->nattachments; i++) {
		free(d->attachments[i].path);
		free(d->attachments[i].name);
		free(d->attachments[i].type);
	}
	free(d->attachments);
	draft_init(d);
}

/* FNV-1a over len bytes and a separator. */
static uint64_t
draft_hash(uint64_t h, const void *p, size_t len)
{
	const unsigned char *s = p;

	while (len-- > 0) {
		h ^= *s++;
		h *= 0x100000001b3ULL;
	}
	h ^= 0xff;
	return h * 0x100000001b3ULL;
}

/* The offset of the first byte that is not UTF-8, or SIZE_MAX. */
static size_t
draft_bad_utf8(const char *s, size_t len)
{
	unsigned int cp;
	size_t i, n;

	for (i = 0; i < len; i += n)
		if ((n = utf8_decode(s + i, len - i, &cp)) == 0)
			return i;
	return SIZE_MAX;
}

/* Whether a file name can go out as a plain quoted string. */
static int
draft_plain_name(const char *s)
{
	return strlen(s) <= DRAFT_PLAIN_MAX && !mime_needs_words(s);
}

/* Checks a MIME type "type/subtype[; params]" for a base64 part. */
static int
draft_type_ok(const char *t)
{
	struct mailmime_content *ct = NULL;
	const char *p;
	size_t i = 0;
	int ok;

	for (p = t; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f)
			return 0;
	if (mailmime_content_parse(t, strlen(t), &i, &ct) != MAILIMF_NO_ERROR)
		return 0;
	ok = i == strlen(t) && ct->ct_type->tp_type ==
	    MAILMIME_TYPE_DISCRETE_TYPE;
	mailmime_content_free(ct);
	return ok;
}

/* The MIME type of bytes, by libmagic (loaded on first use). */
static char *
draft_magic(magic_t *m, const void *data, size_t len)
{
	const char *t = NULL;

	if (*m == NULL && (*m = magic_open(MAGIC_MIME_TYPE)) != NULL &&
	    magic_load(*m, NULL) == -1) {
		magic_close(*m);
		*m = NULL;
	}
	if (*m != NULL)
		t = magic_buffer(*m, data, len);
	/* message/rfc822 and the like cannot be base64: send them as bytes. */
	if (t == NULL || strcmp(t, "application/x-empty") == 0 ||
	    !draft_type_ok(t))
		t = "application/octet-stream";
	return xstrdup(t);
}

/* Reads an attachment, its name and its type. */
static int
draft_read(const struct draft_attachment *a, magic_t *m,
    struct draft_file *f, char **errstr)
{
	struct buf b;
	struct stat st;
	const char *name;
	char chunk[65536], *what;
	ssize_t n;
	int fd, rc;

	if (a->path == NULL || *a->path == '\0')
		return mime_fail(errstr, "an attachment has no file name");
	if ((fd = open(a->path, O_RDONLY | O_CLOEXEC | O_NOCTTY |
	    O_NONBLOCK)) == -1)
		return mime_fail(errstr, "cannot read attachment %s: %s",
		    a->path, strerror(errno));
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		close(fd);
		return mime_fail(errstr, "cannot read attachment %s: not a "
		    "regular file", a->path);
	}
	buf_init(&b);
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		buf_add(&b, chunk, (size_t)n);
	}
	close(fd);
	if (n == -1) {
		buf_free(&b);
		return mime_fail(errstr, "cannot read attachment %s: %s",
		    a->path, strerror(errno));
	}
	f->len = b.len;
	f->data = buf_take(&b);
	name = draft_attachment_name(a);
	if (*name == '\0' || strlen(name) > DRAFT_NAME_MAX)
		return mime_fail(errstr, "attachment %s: the name must have "
		    "1 to %d bytes", a->path, DRAFT_NAME_MAX);
	what = xasprintf("the name of attachment %s", a->path);
	rc = mime_check_text(what, name, errstr);
	free(what);
	if (rc == -1)
		return -1;
	f->name = xstrdup(name);
	if (a->type != NULL && !draft_type_ok(a->type))
		return mime_fail(errstr, "attachment %s: \"%s\" is not a "
		    "MIME type that can be attached", a->path, a->type);
	f->type = a->type != NULL ? xstrdup(a->type) :
	    draft_magic(m, f->data, f->len);
	return 0;
}

/* Adds a header field libetpan writes as it is (folding at spaces). */
static int
draft_add_field(struct mailimf_fields *fields, const char *name,
    const char *value)
{
	struct mailimf_field *f;
	char *n = xstrdup(name), *v = xstrdup(value);

	if ((f = mailimf_field_new_custom(n, v)) == NULL) {
		free(n);
		free(v);
		return -1;
	}
	if (mailimf_fields_add(fields, f) != MAILIMF_NO_ERROR) {
		mailimf_field_free(f);
		return -1;
	}
	return 0;
}

/*
 * The header: Date (with the local offset, half-hour zones included),
 * From, To, Cc, Subject, Message-ID. Never a Bcc.
 */
static struct mailimf_fields *
draft_fields(const struct draft_ctx *c, time_t now, const char *msgid)
{
	struct mailimf_fields *fields;
	struct mailimf_date_time *dt;
	struct tm tm;
	long off, zone;
	char *s;

	if (localtime_r(&now, &tm) == NULL ||
	    (fields = mailimf_fields_new_empty()) == NULL)
		return NULL;
	/* libetpan writes the zone as a number: +0530 is 530. */
	off = tm.tm_gmtoff / 60;
	zone = (off < 0 ? -1 : 1) * (labs(off) / 60 * 100 + labs(off) % 60);
	dt = mailimf_date_time_new(tm.tm_mday, tm.tm_mon + 1,
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)zone);
	if (dt == NULL || mailimf_fields_add_data(fields, dt, NULL, NULL, NULL,
	    NULL, NULL, NULL, NULL, NULL, NULL, NULL) != MAILIMF_NO_ERROR) {
		if (dt != NULL)
			mailimf_date_time_free(dt);
		goto fail;
	}
	if (draft_add_field(fields, "From", c->from) == -1 ||
	    draft_add_field(fields, "To", c->to) == -1 ||
	    (c->cc != NULL && draft_add_field(fields, "Cc", c->cc) == -1))
		goto fail;
	s = xstrdup(c->subject);
	if (mailimf_fields_add_data(fields, NULL, NULL, NULL, NULL, NULL, NULL,
	    NULL, NULL, NULL, NULL, s) != MAILIMF_NO_ERROR) {
		free(s);
		goto fail;
	}
	s = xstrdup(msgid);
	if (mailimf_fields_add_data(fields, NULL, NULL, NULL, NULL, NULL, NULL,
	    NULL, s, NULL, NULL, NULL) != MAILIMF_NO_ERROR) {
		free(s);
		goto fail;
	}
	return fields;
fail:
	mailimf_fields_free(fields);
	return NULL;
}

/* A single part with bytes libetpan does not copy: keep them until freed. */
static struct mailmime *
draft_part(struct mailmime_content *ct, struct mailmime_fields *mf,
    char *data, size_t len, int encoded)
{
	struct mailmime *m;

	if (ct == NULL || mf == NULL || (m = mailmime_new_empty(ct, mf)) ==
	    NULL) {
		if (ct != NULL)
			mailmime_content_free(ct);
		if (mf != NULL)
			mailmime_fields_free(mf);
		return NULL;
	}
	if (mailmime_set_body_text(m, data, len) != MAILIMF_NO_ERROR) {
		mailmime_free(m);
		return NULL;
	}
	m->mm_data.mm_single->dt_encoded = encoded;
	return m;
}

/*
 * An attachment: base64 (libetpan's writer, 76-character lines), the name
 * in Content-Type (RFC 2047, as most mailers read it) and in
 * Content-Disposition (RFC 2231 when it is not plain ASCII: libetpan would
 * quote an extended value, so the parameters go in as written).
 */
static struct mailmime *
draft_file_part(struct draft_file *f)
{
	struct mailmime_content *ct;
	struct mailmime_disposition *dsp = NULL;
	struct mailmime_disposition_type *dt;
	struct mailmime_parameter *p = NULL;
	struct mailmime_mechanism *enc;
	struct mailmime_fields *mf = NULL;
	struct buf b;
	clist *l;

	if ((ct = mailmime_content_new_with_str(f->type)) == NULL)
		return NULL;
	buf_init(&b);
	if (draft_plain_name(f->name))
		buf_adds(&b, f->name);
	else
		mime_words(&b, f->name, strlen(f->name), 0, "\r\n ");
	if (ct->ct_parameters == NULL)
		ct->ct_parameters = clist_new();
	if (ct->ct_parameters == NULL || (p = mailmime_param_new_with_data(
	    (char *)"name", b.s)) == NULL || clist_append(ct->ct_parameters,
	    p) < 0)
		goto fail;
	p = NULL;
	buf_reset(&b);
	if (draft_plain_name(f->name))
		dsp = mailmime_disposition_new_filename(
		    MAILMIME_DISPOSITION_TYPE_ATTACHMENT, xstrdup(f->name));
	else {
		buf_adds(&b, "attachment;\r\n ");
		mime_param2231(&b, "filename", f->name);
		dt = mailmime_disposition_type_new(
		    MAILMIME_DISPOSITION_TYPE_EXTENSION, buf_take(&b));
		if (dt != NULL && (l = clist_new()) != NULL &&
		    (dsp = mailmime_disposition_new(dt, l)) == NULL)
			clist_free(l);
		if (dsp == NULL && dt != NULL)
			mailmime_disposition_type_free(dt);
	}
	if (dsp == NULL)
		goto fail;
	if ((enc = mailmime_mechanism_new(MAILMIME_MECHANISM_BASE64, NULL)) ==
	    NULL || (mf = mailmime_fields_new_with_data(enc, NULL, NULL, dsp,
	    NULL)) == NULL) {
		if (enc != NULL)
			mailmime_mechanism_free(enc);
		mailmime_disposition_free(dsp);
		goto fail;
	}
	buf_free(&b);
	return draft_part(ct, mf, f->data, f->len, 0);
fail:
	if (p != NULL)
		mailmime_parameter_free(p);
	buf_free(&b);
	mailmime_content_free(ct);
	return NULL;
}

/* Adds a part, freeing it if it cannot be added. */
static int
draft_add_part(struct mailmime *parent, struct mailmime *part)
{
	if (part == NULL)
		return -1;
	if (mailmime_smart_add_part(parent, part) != MAILIMF_NO_ERROR) {
		mailmime_free(part);
		return -1;
	}
	return 0;
}

/*
 * The message: the text alone, or multipart/mixed with the text first and
 * a boundary of ours ("=_" never occurs in base64 or quoted-printable).
 */
static int
draft_write(struct draft_ctx *c, time_t now, char **out, size_t *len)
{
	struct mailimf_fields *fields;
	struct mailmime *msg, *parent, *mp;
	struct mailmime_parameter *p;
	MMAPString *s;
	clistiter *it;
	char *id, *msgid, *boundary;
	size_t i;
	int col = 0, rc = -1;

	id = stamp_message_id(now, c->domain, c->seed);
	msgid = xstrndup(id + 1, strlen(id) - 2);
	boundary = xasprintf("=_%.*s", (int)strcspn(msgid, "@"), msgid);
	free(id);
	if ((fields = draft_fields(c, now, msgid)) == NULL)
		goto out;
	if ((msg = mailmime_new_message_data(NULL)) == NULL) {
		mailimf_fields_free(fields);
		goto out;
	}
	mailmime_set_imf_fields(msg, fields);
	parent = msg;
	if (c->nfiles > 0) {
		if ((mp = mailmime_multiple_new("multipart/mixed")) == NULL ||
		    draft_add_part(msg, mp) == -1)
			goto free;
		for (it = clist_begin(mp->mm_content_type->ct_parameters);
		    it != NULL; it = clist_next(it)) {
			p = clist_content(it);
			if (strcasecmp(p->pa_name, "boundary") == 0) {
				free(p->pa_value);
				p->pa_value = xstrdup(boundary);
			}
		}
		parent = mp;
	}
	if (draft_add_part(parent, draft_part(mailmime_content_new_with_str(
	    "text/plain; charset=UTF-8"), mailmime_fields_new_encoding(
	    MAILMIME_MECHANISM_QUOTED_PRINTABLE), c->text.s != NULL ?
	    c->text.s : (char *)"", c->text.len, 1)) == -1)
		goto free;
	for (i = 0; i < c->nfiles; i++)
		if (draft_add_part(parent, draft_file_part(&c->files[i])) == -1)
			goto free;
	if ((s = mmap_string_new("")) == NULL)
		goto free;
	if (mailmime_write_mem(s, &col, msg) == MAILIMF_NO_ERROR) {
		*len = s->len;
		*out = xmalloc(s->len + 1);
		memcpy(*out, s->str, s->len);
		(*out)[s->len] = '\0';
		rc = 0;
	}
	mmap_string_free(s);
free:
	mailmime_free(msg);
out:
	free(msgid);
	free(boundary);
	return rc;
}

/* Whether the bytes are 7-bit, CRLF-only, with lines of at most 998. */
static int
draft_clean(const char *s, size_t len)
{
	size_t i, col = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '\0' || (unsigned char)s[i] >= 0x80 || s[i] == '\n')
			return 0;
		if (s[i] == '\r') {
			if (i + 1 == len || s[++i] != '\n')
				return 0;
			col = 0;
		} else if (++col > DRAFT_LINE_MAX)
			return 0;
	}
	return 1;
}

/* The subject as it is, or as encoded words that fit "Subject: ". */
static char *
draft_subject(const char *s)
{
	struct buf b;
	size_t n;

	while (*s == ' ')
		s++;
	for (n = strlen(s); n > 0 && s[n - 1] == ' '; n--)
		;
	buf_init(&b);
	if (mime_needs_words(s))
		mime_words(&b, s, n, DRAFT_FOLD - 1 - strlen("Subject: "), " ");
	else
		buf_add(&b, s, n);
	return buf_take(&b);
}

/* The Message-ID's seed: output is repeatable under SENDGUARD_NOW. */
static uint64_t
draft_seed(const struct draft_ctx *c, const char *body)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	h = draft_hash(h, c->from, strlen(c->from));
	h = draft_hash(h, c->to, strlen(c->to));
	if (c->cc != NULL)
		h = draft_hash(h, c->cc, strlen(c->cc));
	h = draft_hash(h, c->subject, strlen(c->subject));
	h = draft_hash(h, body, strlen(body));
	for (i = 0; i < c->nfiles; i++) {
		h = draft_hash(h, c->files[i].name, strlen(c->files[i].name));
		h = draft_hash(h, c->files[i].data, c->files[i].len);
	}
	return h;
}

static void
draft_ctx_free(struct draft_ctx *c)
{
	size_t i;

	free(c->from);
	free(c->to);
	free(c->cc);
	free(c->subject);
	free(c->domain);
	buf_free(&c->text);
	for (i = 0; i < c->nfiles; i++) {
		free(c->files[i].data);
		free(c->files[i].name);
		free(c->files[i].type);
	}
	free(c->files);
}

int
draft_build(const struct draft *d, time_t now, char **out, size_t *len,
    char **errstr)
{
	struct draft_ctx c;
	magic_t m = NULL;
	const char *subject = d->subject != NULL ? d->subject : "";
	const char *body = d->body != NULL ? d->body : "";
	size_t i;
	int rc = -1;

	*out = NULL;
	*len = 0;
	if (errstr != NULL)
		*errstr = NULL;
	memset(&c, 0, sizeof(c));
	buf_init(&c.text);
	if (mime_addresses("From", d->from, 1, &c.from, &c.domain,
	    errstr) == -1 || mime_addresses("To", d->to, 0, &c.to, NULL,
	    errstr) == -1 || mime_addresses("Cc", d->cc, 0, &c.cc, NULL,
	    errstr) == -1 || mime_check_text("the subject", subject,
	    errstr) == -1)
		goto out;
	if (c.from == NULL) {
		mime_fail(errstr, "there is no From address");
		goto out;
	}
	if (c.to == NULL)
		c.to = xstrdup("undisclosed-recipients:;");
	if ((i = draft_bad_utf8(body, strlen(body))) != SIZE_MAX) {
		mime_fail(errstr, "the message text is not valid UTF-8 (byte "
		    "%zu): refused", i + 1);
		goto out;
	}
	c.subject = draft_subject(subject);
	mime_qp(&c.text, body, strlen(body));
	if (d->nattachments > 0)
		c.files = xcalloc(d->nattachments, sizeof(*c.files));
	for (i = 0; i < d->nattachments; i++, c.nfiles++)
		if (draft_read(&d->attachments[i], &m, &c.files[i],
		    errstr) == -1) {
			c.nfiles++;
			goto out;
		}
	c.seed = draft_seed(&c, body);
	if (draft_write(&c, now, out, len) == -1) {
		mime_fail(errstr, "cannot build the message (libetpan)");
		goto out;
	}
	if (!draft_clean(*out, *len)) {
		free(*out);
		*out = NULL;
		*len = 0;
		mime_fail(errstr, "the built message is not 7-bit clean");
		goto out;
	}
	rc = 0;
out:
	if (m != NULL)
		magic_close(m);
	draft_ctx_free(&c);
	return rc;
}
