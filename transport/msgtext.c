/*
 * msgtext.c: the plain view of a message for the content checks: the
 * walker (mimescan.c) finds the parts, the decoders (mimedec.c) turn text
 * parts into UTF-8, and this file keeps what the checks read.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libetpan/libetpan.h>

#include "common.h"
#include "mimedec.h"
#include "mimescan.h"
#include "msgtext.h"

#define MSGTEXT_CHUNK		65536
/* File names kept, and their bytes: a message of 100000 tiny parts
 * must not cost more than this. */
#define MSGTEXT_NAMES_MAX	1024
#define MSGTEXT_NAMES_BYTES	(1024 * 1024)
/* RFC 2231 continuations looked at (name*0 ... name*63). */
#define MSGTEXT_SECTIONS	64

_Static_assert(MSGTEXT_HEADER_MAX == MIMESCAN_HEADER_MAX,
    "msgtext.h and mimescan.h disagree on the header size");

/* What the whole read fills. */
struct msgtext_view {
	struct msgtext	*mt;
	size_t		 cap;
	size_t		 namebytes;
	int		 sep;		/* a part starts: "\n" before it */
	int		 full;		/* the text reached the cap */
	int		 fail;		/* the message header is unusable */
	/* Window mode: the text is handed over each time it reaches cap. */
	void		(*window)(void *, const char *, size_t);
	void		*warg;
	size_t		 keep;		/* bytes kept from one to the next */
};

/* One message being walked: the top one, or one encoded inside. */
struct msgtext_reader {
	struct msgtext_view	*v;
	struct mimescan		*sc;
	struct mimedec		*dec;	/* the wanted body's decoder */
	struct msgtext_reader	*child;	/* the message that body holds */
};

static struct msgtext_reader *msgtext_reader_new(struct msgtext_view *,
	    int);

/*
 * The text is full: a character cut at the end goes. Pieces may end
 * inside a character (HTML is handed over in blocks), so the cut is made
 * on the text, not on the piece.
 */
static void
msgtext_full(struct msgtext_view *v)
{
	struct buf *t = &v->mt->text;
	size_t i = t->len, need;
	unsigned char c;

	v->full = v->mt->truncated = 1;
	while (i > 0 && t->len - i < 4 &&
	    ((unsigned char)t->s[i - 1] & 0xc0) == 0x80)
		i--;
	if (i == 0 || t->len - i >= 4)
		return;
	c = (unsigned char)t->s[i - 1];
	need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
	if (t->len - (i - 1) < need) {
		t->len = i - 1;
		t->s[t->len] = '\0';
	}
}

/*
 * Window mode: append, and each time the text reaches the cap hand it
 * over and keep only its last bytes (from a character's start), so that
 * what a window cut in two is whole in the next one.
 */
static void
msgtext_slide(struct msgtext_view *v, const char *p, size_t n)
{
	struct buf *t = &v->mt->text;
	size_t from;

	if (v->sep && t->len > 0 && t->s[t->len - 1] != '\n')
		buf_addc(t, '\n');
	v->sep = 0;
	buf_add(t, p, n);
	if (t->len < v->cap)
		return;
	v->window(v->warg, t->s, t->len);
	from = t->len > v->keep ? t->len - v->keep : 0;
	while (from < t->len && ((unsigned char)t->s[from] & 0xc0) == 0x80)
		from++;
	memmove(t->s, t->s + from, t->len - from);
	t->len -= from;
	t->s[t->len] = '\0';
}

/* Appends text, up to the cap. */
static void
msgtext_sink(void *arg, const char *p, size_t n)
{
	struct msgtext_view *v = arg;
	struct buf *t = &v->mt->text;
	size_t room;

	if (n == 0 || v->full)
		return;
	if (v->window != NULL) {
		msgtext_slide(v, p, n);
		return;
	}
	if (v->sep && t->len > 0 && t->s[t->len - 1] != '\n') {
		if (t->len >= v->cap) {
			msgtext_full(v);
			return;
		}
		buf_addc(t, '\n');
	}
	v->sep = 0;
	room = v->cap - t->len;
	if (n > room) {
		buf_add(t, p, room);
		msgtext_full(v);
		return;
	}
	/* Filling it exactly is not truncating: more text will tell. */
	buf_add(t, p, n);
}

/* Header text as UTF-8: RFC 2047 encoded words decoded by libetpan. */
static char *
msgtext_words(const char *s)
{
	struct buf b;
	char *dec = NULL, *out;
	size_t i = 0, len = strlen(s);

	if (strstr(s, "=?") == NULL || mailmime_encoded_phrase_parse("utf-8",
	    s, len, &i, "utf-8", &dec) != MAILIMF_NO_ERROR)
		return mimedec_utf8(NULL, s, len);
	/* libetpan stops at what it cannot read: the rest is kept. */
	buf_init(&b);
	buf_adds(&b, dec);
	buf_add(&b, s + i, len - i);
	free(dec);
	out = mimedec_utf8(NULL, b.s, b.len);
	buf_free(&b);
	return out;
}

/* Decodes RFC 2231 %XX into b; a "%" that starts none is kept. */
static void
msgtext_pct(struct buf *b, const char *s)
{
	int hi, lo;

	for (; *s != '\0'; s++) {
		if (*s == '%' && (hi = str_hexval(s[1])) != -1 &&
		    (lo = str_hexval(s[2])) != -1) {
			buf_addc(b, (char)(hi << 4 | lo));
			s += 2;
		} else
			buf_addc(b, *s);
	}
}

/*
 * Section sec of the RFC 2231 parameter attr among n parameters:
 * "attr*" (sec 0 only), "attr*N" or "attr*N*"; *enc tells the "*" form.
 */
static const char *
msgtext_section(struct mailmime_parameter **ps, size_t n, const char *attr,
    int sec, int *enc)
{
	size_t i, alen = strlen(attr);
	const char *r;
	char *end;
	long num;

	for (i = 0; i < n; i++) {
		if (strncasecmp(ps[i]->pa_name, attr, alen) != 0 ||
		    ps[i]->pa_name[alen] != '*')
			continue;
		r = ps[i]->pa_name + alen + 1;
		if (*r == '\0') {
			if (sec != 0)
				continue;
			*enc = 1;
			return ps[i]->pa_value;
		}
		if (*r < '0' || *r > '9')
			continue;
		num = strtol(r, &end, 10);
		if (num != sec || (*end != '\0' && strcmp(end, "*") != 0))
			continue;
		*enc = *end == '*';
		return ps[i]->pa_value;
	}
	return NULL;
}

/*
 * The values of parameter attr: plain ("attr=", RFC 2047 words decoded)
 * and extended (RFC 2231 "attr*" or continuations "attr*0*", "attr*1"),
 * added to found (at most 2).
 */
static void
msgtext_param(struct mailmime_parameter **ps, size_t n, const char *attr,
    char **found, size_t *nfound)
{
	struct buf raw;
	const char *v, *q1, *q2;
	char *charset = NULL, *s;
	size_t i;
	int sec, enc;

	for (i = 0; i < n; i++)
		if (strcasecmp(ps[i]->pa_name, attr) == 0) {
			found[(*nfound)++] = msgtext_words(ps[i]->pa_value);
			break;
		}
	buf_init(&raw);
	for (sec = 0; sec < MSGTEXT_SECTIONS; sec++) {
		if ((v = msgtext_section(ps, n, attr, sec, &enc)) == NULL)
			break;
		/* The first says charset'language'. */
		if (sec == 0 && enc && (q1 = strchr(v, '\'')) != NULL &&
		    (q2 = strchr(q1 + 1, '\'')) != NULL) {
			charset = xstrndup(v, (size_t)(q1 - v));
			v = q2 + 1;
		}
		if (enc)
			msgtext_pct(&raw, v);
		else
			buf_adds(&raw, v);
	}
	if (sec > 0) {
		if (charset != NULL && charset[0] != '\0')
			s = mimedec_utf8(charset, raw.s != NULL ? raw.s : "",
			    raw.len);
		else {
			/* Encoded words in continuations (Outlook). */
			buf_addc(&raw, '\0');
			s = msgtext_words(raw.s);
		}
		found[(*nfound)++] = s;
	}
	free(charset);
	buf_free(&raw);
}

/* Keeps a file name, unless the budget is spent. */
static void
msgtext_name(struct msgtext_view *v, char *name)
{
	struct msgtext *mt = v->mt;
	size_t len = strlen(name);

	if (mt->nnames >= MSGTEXT_NAMES_MAX ||
	    v->namebytes + len > MSGTEXT_NAMES_BYTES) {
		mt->truncated = 1;
		free(name);
		return;
	}
	mt->names = xreallocarray(mt->names, mt->nnames + 1,
	    sizeof(*mt->names));
	mt->names[mt->nnames++] = name;
	v->namebytes += len;
}

/* The file names a part gives, and whether it is an attachment. */
static int
msgtext_names(struct msgtext_view *v, const struct mimescan_part *p)
{
	struct mailmime_disposition *dsp = NULL;
	struct mailmime_disposition_parm *dp;
	struct mailmime_parameter **ps = NULL, fake = { NULL, NULL };
	char fname[] = "filename", *found[4];
	const char *val;
	clist *l;
	clistiter *it;
	size_t n = 0, nfound = 0, i, j;
	int attachment = 0;

	i = 0;
	if ((val = mimescan_field(p, "Content-Disposition")) != NULL &&
	    mailmime_disposition_parse(val, strlen(val), &i, &dsp) ==
	    MAILIMF_NO_ERROR) {
		attachment = dsp->dsp_type->dsp_type ==
		    MAILMIME_DISPOSITION_TYPE_ATTACHMENT;
		l = dsp->dsp_parms;
		ps = xreallocarray(NULL, l != NULL ? (size_t)clist_count(l) +
		    1 : 1, sizeof(*ps));
		for (it = l != NULL ? clist_begin(l) : NULL; it != NULL;
		    it = clist_next(it)) {
			dp = clist_content(it);
			if (dp->pa_type == MAILMIME_DISPOSITION_PARM_FILENAME &&
			    fake.pa_name == NULL) {
				fake.pa_name = fname;
				fake.pa_value = dp->pa_data.pa_filename;
				ps[n++] = &fake;
			} else if (dp->pa_type ==
			    MAILMIME_DISPOSITION_PARM_PARAMETER)
				ps[n++] = dp->pa_data.pa_parameter;
		}
		msgtext_param(ps, n, "filename", found, &nfound);
	}
	n = 0;
	free(ps);
	l = p->type->ct_parameters;
	ps = xreallocarray(NULL, l != NULL ? (size_t)clist_count(l) + 1 : 1,
	    sizeof(*ps));
	for (it = l != NULL ? clist_begin(l) : NULL; it != NULL;
	    it = clist_next(it))
		ps[n++] = clist_content(it);
	msgtext_param(ps, n, "name", found, &nfound);
	/* The same name twice (filename and name, say) is one name. */
	for (i = 0; i < nfound; i++) {
		for (j = 0; j < i; j++)
			if (found[j] != NULL && strcmp(found[i], found[j]) == 0)
				break;
		if (j < i || found[i][0] == '\0') {
			free(found[i]);
			found[i] = NULL;
		}
	}
	for (i = 0; i < nfound; i++)
		if (found[i] != NULL)
			msgtext_name(v, found[i]);
	free(ps);
	if (dsp != NULL)
		mailmime_disposition_free(dsp);
	return attachment;
}

/* Joins every field of that name with ", " (NULL if none). */
static char *
msgtext_join(const struct mimescan_part *p, const char *name)
{
	struct buf b;
	size_t i;

	buf_init(&b);
	for (i = 0; i < p->nfields; i++) {
		if (strcasecmp(p->fields[i].name, name) != 0 ||
		    p->fields[i].value[0] == '\0')
			continue;
		if (b.len > 0)
			buf_adds(&b, ", ");
		buf_adds(&b, p->fields[i].value);
	}
	return b.len > 0 ? buf_take(&b) : NULL;
}

static void
msgtext_child_feed(void *arg, const char *p, size_t n)
{
	struct msgtext_reader *r = arg;

	mimescan_feed(r->sc, p, n);
}

/* A header block: the message's, a part's or a message's inside. */
static int
msgtext_part(void *arg, const struct mimescan_part *p)
{
	struct msgtext_reader *r = arg;
	struct msgtext_view *v = r->v;
	struct msgtext *mt = v->mt;
	const struct mailmime_type *t = p->type->ct_type;
	const char *s, *charset;
	char *subj;
	int attachment, text, html;

	if (p->message && p->depth == 0) {
		if (p->clipped) {
			v->fail = 1;
			return 0;
		}
		mt->to = msgtext_join(p, "To");
		mt->cc = msgtext_join(p, "Cc");
		mt->bcc = msgtext_join(p, "Bcc");
		if ((s = mimescan_field(p, "Subject")) != NULL)
			mt->subject = msgtext_words(s);
	} else if (p->message && (s = mimescan_field(p, "Subject")) != NULL) {
		/* A forwarded message's subject is its first line. */
		subj = msgtext_words(s);
		v->sep = 1;
		msgtext_sink(v, subj, strlen(subj));
		v->sep = 1;
		free(subj);
	}
	attachment = msgtext_names(v, p);
	if (p->toodeep)
		mt->truncated = 1;
	if (p->kind != MIMESCAN_LEAF)
		return 0;
	if (t->tp_type == MAILMIME_TYPE_COMPOSITE_TYPE &&
	    t->tp_data.tp_composite_type->ct_type ==
	    MAILMIME_COMPOSITE_TYPE_MESSAGE &&
	    (strcasecmp(p->type->ct_subtype, "rfc822") == 0 ||
	    strcasecmp(p->type->ct_subtype, "global") == 0)) {
		/* Encoded (which RFC 2046 forbids, and clients do). */
		if (p->depth + 1 >= MIMESCAN_DEPTH_MAX) {
			mt->truncated = 1;
			return 0;
		}
		r->child = msgtext_reader_new(v, p->depth + 1);
		r->dec = mimedec_new(p->encoding, NULL, 0, msgtext_child_feed,
		    r->child);
		return 1;
	}
	text = t->tp_type == MAILMIME_TYPE_DISCRETE_TYPE &&
	    t->tp_data.tp_discrete_type->dt_type == MAILMIME_DISCRETE_TYPE_TEXT;
	if (!text || attachment || v->full)
		return 0;
	html = strcasecmp(p->type->ct_subtype, "html") == 0;
	charset = mimescan_param(p->type, "charset");
	r->dec = mimedec_new(p->encoding, charset != NULL ? charset :
	    "us-ascii", html, msgtext_sink, v);
	v->sep = 1;
	return 1;
}

static void
msgtext_body(void *arg, const char *p, size_t n)
{
	struct msgtext_reader *r = arg;

	/* Text past the cap would be decoded for nothing. */
	if (r->child == NULL && r->v->full)
		return;
	mimedec_feed(r->dec, p, n);
}

static void msgtext_reader_free(struct msgtext_reader *);

static void
msgtext_end(void *arg)
{
	struct msgtext_reader *r = arg;

	mimedec_finish(r->dec);
	mimedec_free(r->dec);
	r->dec = NULL;
	if (r->child != NULL) {
		mimescan_finish(r->child->sc);
		msgtext_reader_free(r->child);
		r->child = NULL;
	}
	r->v->sep = 1;
}

static struct msgtext_reader *
msgtext_reader_new(struct msgtext_view *v, int depth)
{
	struct msgtext_reader *r = xcalloc(1, sizeof(*r));
	struct mimescan_callbacks cb = {
		msgtext_part, msgtext_body, msgtext_end, r
	};

	r->v = v;
	r->sc = mimescan_new(&cb, depth);
	return r;
}

static void
msgtext_reader_free(struct msgtext_reader *r)
{
	if (r == NULL)
		return;
	msgtext_reader_free(r->child);
	mimedec_free(r->dec);
	mimescan_free(r->sc);
	free(r);
}

struct msgtext_stream {
	struct msgtext_view	 v;
	struct msgtext_reader	*r;
};

struct msgtext_stream *
msgtext_stream_new(size_t window, size_t keep,
    void (*fn)(void *, const char *, size_t), void *arg, struct msgtext *mt)
{
	struct msgtext_stream *st = xcalloc(1, sizeof(*st));

	memset(mt, 0, sizeof(*mt));
	buf_init(&mt->text);
	buf_add(&mt->text, "", 0);
	st->v.mt = mt;
	st->v.cap = window;
	st->v.window = fn;
	st->v.warg = arg;
	st->v.keep = keep < window / 2 ? keep : window / 2;
	st->r = msgtext_reader_new(&st->v, 0);
	return st;
}

int
msgtext_stream_feed(struct msgtext_stream *st, const char *p, size_t n)
{
	if (!st->v.fail)
		mimescan_feed(st->r->sc, p, n);
	return st->v.fail ? -1 : 0;
}

void
msgtext_stream_free(struct msgtext_stream *st)
{
	if (st == NULL)
		return;
	msgtext_reader_free(st->r);
	free(st);
}

int
msgtext_stream_end(struct msgtext_stream *st, char **errstr)
{
	struct msgtext *mt = st->v.mt;
	int fail;

	if (!st->v.fail)
		mimescan_finish(st->r->sc);
	fail = st->v.fail;
	msgtext_stream_free(st);
	if (!fail)
		return 0;
	*errstr = xasprintf("the message header is too large (over %d bytes "
	    "or %d fields)", MSGTEXT_HEADER_MAX, MIMESCAN_FIELDS_MAX);
	msgtext_free(mt);
	return -1;
}

/* The read of every mode: the stream fed from fd. */
static int
msgtext_run(int fd, size_t chunk, struct msgtext_stream *st, char **errstr)
{
	struct msgtext *mt = st->v.mt;
	char *buf = xmalloc(chunk);
	ssize_t n;

	while ((n = read(fd, buf, chunk)) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 || msgtext_stream_feed(st, buf, (size_t)n) != 0)
			break;
	}
	if (n != -1) {
		free(buf);
		return msgtext_stream_end(st, errstr);
	}
	*errstr = xasprintf("cannot read the message: %s", strerror(errno));
	free(buf);
	msgtext_stream_free(st);
	msgtext_free(mt);
	return -1;
}

int
msgtext_read_chunked(int fd, size_t textcap, size_t chunk,
    struct msgtext *mt, char **errstr)
{
	return msgtext_run(fd, chunk != 0 ? chunk : MSGTEXT_CHUNK,
	    msgtext_stream_new(textcap, 0, NULL, NULL, mt), errstr);
}

int
msgtext_read(int fd, size_t textcap, struct msgtext *mt, char **errstr)
{
	return msgtext_read_chunked(fd, textcap, 0, mt, errstr);
}

int
msgtext_read_window(int fd, size_t window, size_t keep,
    void (*fn)(void *, const char *, size_t), void *arg, struct msgtext *mt,
    char **errstr)
{
	return msgtext_run(fd, MSGTEXT_CHUNK,
	    msgtext_stream_new(window, keep, fn, arg, mt), errstr);
}

void
msgtext_free(struct msgtext *mt)
{
	size_t i;

	free(mt->to);
	free(mt->cc);
	free(mt->bcc);
	free(mt->subject);
	buf_free(&mt->text);
	for (i = 0; i < mt->nnames; i++)
		free(mt->names[i]);
	free(mt->names);
	memset(mt, 0, sizeof(*mt));
}
