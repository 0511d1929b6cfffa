/*
 * mimescan.c: a streaming walker over the MIME structure of a message:
 * header blocks, multipart boundaries and bodies, fed in chunks.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libetpan/libetpan.h>

#include "common.h"
#include "mimescan.h"

/* A line is held only while it may still be a boundary line. */
#define MIMESCAN_LINE_MAX	(2 + MIMESCAN_BOUNDARY_MAX + 2 + 64)

enum mimescan_state {
	MIMESCAN_HEADER,	/* reading a header block */
	MIMESCAN_BODY,		/* in the body of a leaf */
	MIMESCAN_SKIP		/* in a preamble or an epilogue */
};

struct mimescan_level {
	char	*boundary;
	size_t	 len;
	int	 depth;		/* of the multipart */
	int	 digest;	/* multipart/digest: parts are messages */
};

struct mimescan {
	struct mimescan_callbacks cb;
	enum mimescan_state	 state;
	int			 depth;		/* of the entity being read */
	int			 message;	/* its header is a message's */
	int			 digest;	/* its parent is a digest */
	int			 want;		/* its body goes to cb.body */
	int			 top;		/* the first line of the top */
	struct mimescan_level	 levels[MIMESCAN_DEPTH_MAX];
	int			 nlevels;
	struct buf		 line;		/* a header or boundary line */
	int			 longline;	/* a header line too long */
	int			 midline;	/* in a line that is no boundary */
	int			 pendnl;	/* a line end not handed yet */
	int			 pendcr;	/* a CR at the end of a chunk */
	struct buf		 hdr;		/* the header block, LF lines */
	int			 clipped;
};

static void mimescan_header_line(struct mimescan *, const char *, size_t,
    int);

struct mimescan *
mimescan_new(const struct mimescan_callbacks *cb, int depth)
{
	struct mimescan *sc = xcalloc(1, sizeof(*sc));

	sc->cb = *cb;
	sc->state = MIMESCAN_HEADER;
	sc->depth = depth;
	sc->message = 1;
	sc->top = 1;
	buf_init(&sc->line);
	buf_init(&sc->hdr);
	return sc;
}

void
mimescan_free(struct mimescan *sc)
{
	int i;

	if (sc == NULL)
		return;
	for (i = 0; i < sc->nlevels; i++)
		free(sc->levels[i].boundary);
	buf_free(&sc->line);
	buf_free(&sc->hdr);
	free(sc);
}

const char *
mimescan_field(const struct mimescan_part *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->nfields; i++)
		if (strcasecmp(p->fields[i].name, name) == 0)
			return p->fields[i].value;
	return NULL;
}

const char *
mimescan_param(const struct mailmime_content *ct, const char *name)
{
	struct mailmime_parameter *pa;
	clistiter *it;

	if (ct->ct_parameters == NULL)
		return NULL;
	for (it = clist_begin(ct->ct_parameters); it != NULL;
	    it = clist_next(it)) {
		pa = clist_content(it);
		if (strcasecmp(pa->pa_name, name) == 0)
			return pa->pa_value;
	}
	return NULL;
}

/* Hands body bytes over: first the line end still held. */
static void
mimescan_data(struct mimescan *sc, const char *p, size_t n)
{
	if (n == 0 || sc->state != MIMESCAN_BODY || !sc->want)
		return;
	if (sc->pendnl)
		sc->cb.body(sc->cb.arg, "\n", 1);
	if (sc->pendcr)
		sc->cb.body(sc->cb.arg, "\r", 1);
	sc->pendnl = sc->pendcr = 0;
	/* A CR at the end may be the first half of a CRLF. */
	if (p[n - 1] == '\r') {
		sc->pendcr = 1;
		n--;
	}
	if (n > 0)
		sc->cb.body(sc->cb.arg, p, n);
}

/* A line ended: its line end is held, it may belong to a boundary. */
static void
mimescan_eol(struct mimescan *sc)
{
	if (sc->pendnl && sc->state == MIMESCAN_BODY && sc->want)
		sc->cb.body(sc->cb.arg, "\n", 1);
	sc->pendnl = 1;
	sc->pendcr = 0;
}

/*
 * Which open multipart a line is a boundary of (the innermost that
 * matches), or -1; *close tells a close delimiter ("--b--").
 */
static int
mimescan_boundary(const struct mimescan *sc, const char *s, size_t n,
    int *close)
{
	const struct mimescan_level *l;
	size_t i;
	int k;

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\r'))
		n--;
	if (n < 2 || s[0] != '-' || s[1] != '-')
		return -1;
	for (k = sc->nlevels - 1; k >= 0; k--) {
		l = &sc->levels[k];
		if (n < 2 + l->len || memcmp(s + 2, l->boundary, l->len) != 0)
			continue;
		i = 2 + l->len;
		if (i == n || (i + 2 == n && s[i] == '-' && s[i + 1] == '-')) {
			*close = i != n;
			return k;
		}
	}
	return -1;
}

/* A boundary of level k: ends what is open inside it. */
static void
mimescan_hit(struct mimescan *sc, int k, int close)
{
	if (sc->state == MIMESCAN_BODY && sc->want)
		sc->cb.end(sc->cb.arg);
	sc->want = sc->pendnl = sc->pendcr = 0;
	while (sc->nlevels > k + 1)
		free(sc->levels[--sc->nlevels].boundary);
	buf_reset(&sc->hdr);
	sc->clipped = 0;
	/* Parts after a close delimiter are read too: clients show them. */
	if (close) {
		sc->state = MIMESCAN_SKIP;
		return;
	}
	sc->state = MIMESCAN_HEADER;
	sc->depth = sc->levels[k].depth + 1;
	sc->message = 0;
	sc->digest = sc->levels[k].digest;
}

/*
 * Splits the header block into unfolded fields, in place: names and
 * values are cut out of sc->hdr (continuations joined without their line
 * breaks), so that a header of many tiny fields costs one array.
 */
static size_t
mimescan_fields(struct mimescan *sc, struct mimescan_field **out)
{
	struct mimescan_field *f;
	char *r = sc->hdr.s, *end, *w, *nl, *colon;
	size_t n = 0, max = 0, len;

	*out = NULL;
	if (sc->hdr.len == 0)
		return 0;
	end = r + sc->hdr.len;
	for (nl = r; nl < end; nl++)
		if (*nl == '\n' && nl + 1 < end && nl[1] != ' ' &&
		    nl[1] != '\t')
			max++;
	if (++max > MIMESCAN_FIELDS_MAX) {
		max = MIMESCAN_FIELDS_MAX;
		sc->clipped = 1;
	}
	f = xreallocarray(NULL, max, sizeof(*f));
	/* Each line gives up its LF: room for the NULs written. */
	for (w = r; r < end; r = nl + 1) {
		nl = memchr(r, '\n', (size_t)(end - r));
		len = (size_t)(nl - r);
		if (r[0] == ' ' || r[0] == '\t') {
			memmove(w, r, len);
			w += len;
			continue;
		}
		if (n == max)
			break;
		if (n > 0)
			*w++ = '\0';
		colon = memchr(r, ':', len);
		f[n].name = w;
		memmove(w, r, (size_t)(colon - r));
		w += colon - r;
		*w++ = '\0';
		f[n].value = w;
		memmove(w, colon + 1, len - (size_t)(colon + 1 - r));
		w += len - (size_t)(colon + 1 - r);
		n++;
	}
	*w = '\0';
	for (len = 0; len < n; len++) {
		str_trim(f[len].name);
		str_trim(f[len].value);
	}
	*out = f;
	return n;
}

/* Whether a line is "name: value" (RFC 5322 ftext, obsolete blanks). */
static int
mimescan_is_field(const char *s, size_t n)
{
	const char *colon = memchr(s, ':', n);
	size_t i, len;

	if (colon == NULL)
		return 0;
	len = (size_t)(colon - s);
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 33 || (unsigned char)s[i] > 126)
			return 0;
	return len > 0;
}

/* The header block is complete: tells it, then reads what follows. */
static void
mimescan_header_end(struct mimescan *sc)
{
	struct mimescan_part p;
	struct mimescan_field *f;
	struct mimescan_level *l;
	struct mailmime_mechanism *mech = NULL;
	struct mailmime_content *ct = NULL;
	const char *v;
	const char *bd = NULL;
	size_t i = 0, n;
	int comp = 0;

	memset(&p, 0, sizeof(p));
	n = mimescan_fields(sc, &f);
	p.fields = f;
	p.nfields = n;
	p.depth = sc->depth;
	p.message = sc->message;
	p.clipped = sc->clipped;
	p.encoding = MAILMIME_MECHANISM_7BIT;
	if ((v = mimescan_field(&p, "Content-Transfer-Encoding")) != NULL &&
	    mailmime_encoding_parse(v, strlen(v), &i, &mech) ==
	    MAILIMF_NO_ERROR) {
		p.encoding = mech->enc_type;
		mailmime_mechanism_free(mech);
	}
	i = 0;
	if ((v = mimescan_field(&p, "Content-Type")) == NULL ||
	    mailmime_content_parse(v, strlen(v), &i, &ct) != MAILIMF_NO_ERROR) {
		v = sc->digest ? "message/rfc822" : "text/plain";
		i = 0;
		mailmime_content_parse(v, strlen(v), &i, &ct);
	}
	if (ct->ct_type->tp_type == MAILMIME_TYPE_COMPOSITE_TYPE)
		comp = ct->ct_type->tp_data.tp_composite_type->ct_type;
	p.kind = MIMESCAN_LEAF;
	if (comp == MAILMIME_COMPOSITE_TYPE_MULTIPART) {
		bd = mimescan_param(ct, "boundary");
		if (bd != NULL && bd[0] != '\0' &&
		    strlen(bd) <= MIMESCAN_BOUNDARY_MAX)
			p.kind = MIMESCAN_MULTIPART;
		else {
			/* No way to split it: all of it is text. */
			mailmime_content_free(ct);
			i = 0;
			mailmime_content_parse("text/plain", 10, &i, &ct);
		}
	} else if (comp == MAILMIME_COMPOSITE_TYPE_MESSAGE &&
	    (strcasecmp(ct->ct_subtype, "rfc822") == 0 ||
	    strcasecmp(ct->ct_subtype, "global") == 0) &&
	    p.encoding != MAILMIME_MECHANISM_BASE64 &&
	    p.encoding != MAILMIME_MECHANISM_QUOTED_PRINTABLE)
		p.kind = MIMESCAN_MESSAGE;
	if (p.kind != MIMESCAN_LEAF && sc->depth + 1 >= MIMESCAN_DEPTH_MAX) {
		p.kind = MIMESCAN_LEAF;
		p.toodeep = 1;
	}
	p.type = ct;
	sc->want = sc->cb.part(sc->cb.arg, &p) && p.kind == MIMESCAN_LEAF;
	buf_reset(&sc->hdr);
	sc->clipped = 0;
	sc->pendnl = sc->pendcr = 0;
	if (p.kind == MIMESCAN_MULTIPART) {
		l = &sc->levels[sc->nlevels++];
		l->boundary = xstrdup(bd);
		l->len = strlen(bd);
		l->depth = sc->depth;
		l->digest = strcasecmp(ct->ct_subtype, "digest") == 0;
		sc->state = MIMESCAN_SKIP;
	} else if (p.kind == MIMESCAN_MESSAGE) {
		sc->depth++;
		sc->message = 1;
		sc->digest = 0;
		sc->state = MIMESCAN_HEADER;
	} else
		sc->state = MIMESCAN_BODY;
	free(f);
	mailmime_content_free(ct);
}

/* A line of a header block is complete (eol: it had its LF). */
static void
mimescan_header_line(struct mimescan *sc, const char *s, size_t n, int eol)
{
	char *copy;
	int k, close, top = sc->top, longline = sc->longline;

	sc->top = sc->longline = 0;
	if (n > 0 && s[n - 1] == '\r')
		n--;
	if ((k = mimescan_boundary(sc, s, n, &close)) != -1) {
		/* A part without a body. */
		mimescan_header_end(sc);
		mimescan_hit(sc, k, close);
		return;
	}
	if (n == 0) {
		mimescan_header_end(sc);
		return;
	}
	/* An mbox "From " line before the message. */
	if (top && sc->depth == 0 && n >= 5 && memcmp(s, "From ", 5) == 0)
		return;
	if (longline) {
		/* It does not fit: dropped, the header goes on. */
		sc->clipped = 1;
		return;
	}
	if (s[0] == ' ' || s[0] == '\t') {
		if (sc->hdr.len > 0) {
			buf_add(&sc->hdr, s, n);
			buf_addc(&sc->hdr, '\n');
		}
		return;
	}
	if (!mimescan_is_field(s, n)) {
		/* Not a header field: the body starts here, without a
		 * blank line (as most readers take it). */
		copy = xstrndup(s, n);
		mimescan_header_end(sc);
		mimescan_feed(sc, copy, n);
		if (eol)
			mimescan_feed(sc, "\n", 1);
		free(copy);
		return;
	}
	buf_add(&sc->hdr, s, n);
	buf_addc(&sc->hdr, '\n');
}

/* Whether a held line may still turn out to be a boundary. */
static int
mimescan_maybe_boundary(const struct buf *l)
{
	return l->len <= MIMESCAN_LINE_MAX && l->s[0] == '-' &&
	    (l->len < 2 || l->s[1] == '-');
}

/* A held body line is complete (without its LF). */
static void
mimescan_body_line(struct mimescan *sc)
{
	int k, close;

	if ((k = mimescan_boundary(sc, sc->line.s, sc->line.len,
	    &close)) != -1)
		mimescan_hit(sc, k, close);
	else {
		mimescan_data(sc, sc->line.s, sc->line.len);
		mimescan_eol(sc);
	}
	buf_reset(&sc->line);
}

/*
 * Hands the held header line over. NUL bytes become spaces: they would
 * cut a value short (and hide what follows). The handler may feed again,
 * so it gets a fresh line.
 */
static void
mimescan_header_take(struct mimescan *sc, int eol)
{
	struct buf l = sc->line;
	size_t i;

	buf_init(&sc->line);
	for (i = 0; i < l.len; i++)
		if (l.s[i] == '\0')
			l.s[i] = ' ';
	mimescan_header_line(sc, l.s != NULL ? l.s : "", l.len, eol);
	buf_free(&l);
}

/* Reads a header block's bytes up to the end of a line. */
static size_t
mimescan_feed_header(struct mimescan *sc, const char *p, size_t n)
{
	const char *nl = memchr(p, '\n', n);
	size_t k = nl != NULL ? (size_t)(nl - p) : n, room, keep;

	room = sc->hdr.len < MIMESCAN_HEADER_MAX ?
	    MIMESCAN_HEADER_MAX - sc->hdr.len : 0;
	if (sc->line.len + k > room)
		sc->longline = 1;
	/* Enough of a line that does not fit to tell a boundary. */
	keep = room > MIMESCAN_LINE_MAX + 1 ? room : MIMESCAN_LINE_MAX + 1;
	if (sc->line.len < keep)
		buf_add(&sc->line, p, k < keep - sc->line.len ? k :
		    keep - sc->line.len);
	if (nl == NULL)
		return k;
	mimescan_header_take(sc, 1);
	return k + 1;
}

void
mimescan_feed(struct mimescan *sc, const char *p, size_t n)
{
	const char *nl;
	size_t k;

	while (n > 0) {
		if (sc->state == MIMESCAN_HEADER) {
			k = mimescan_feed_header(sc, p, n);
		} else if (sc->midline) {
			nl = memchr(p, '\n', n);
			k = nl != NULL ? (size_t)(nl - p) : n;
			mimescan_data(sc, p, k);
			if (nl != NULL) {
				mimescan_eol(sc);
				sc->midline = 0;
				k++;
			}
		} else if (*p == '\n' && sc->line.len > 0) {
			mimescan_body_line(sc);
			k = 1;
		} else if (sc->line.len == 0 && (sc->nlevels == 0 ||
		    *p != '-')) {
			/* No boundary can start here. */
			sc->midline = 1;
			k = 0;
		} else {
			buf_addc(&sc->line, *p);
			k = 1;
			if (!mimescan_maybe_boundary(&sc->line)) {
				mimescan_data(sc, sc->line.s, sc->line.len);
				buf_reset(&sc->line);
				sc->midline = 1;
			}
		}
		p += k;
		n -= k;
	}
}

void
mimescan_finish(struct mimescan *sc)
{
	int k, close;

	if (sc->state == MIMESCAN_HEADER && sc->line.len > 0)
		mimescan_header_take(sc, 0);
	/* A last line without its LF: "--b--" often is. */
	if (sc->state != MIMESCAN_HEADER && sc->line.len > 0) {
		if ((k = mimescan_boundary(sc, sc->line.s, sc->line.len,
		    &close)) != -1)
			mimescan_hit(sc, k, close);
		else
			mimescan_data(sc, sc->line.s, sc->line.len);
	}
	buf_reset(&sc->line);
	if (sc->state == MIMESCAN_HEADER && (sc->hdr.len > 0 ||
	    (sc->depth == 0 && sc->message)))
		mimescan_header_end(sc);
	if (sc->state == MIMESCAN_BODY && sc->want) {
		/* What was held belongs to the body: no boundary came. */
		if (sc->pendnl)
			sc->cb.body(sc->cb.arg, "\n", 1);
		if (sc->pendcr)
			sc->cb.body(sc->cb.arg, "\r", 1);
		sc->cb.end(sc->cb.arg);
	}
	sc->state = MIMESCAN_SKIP;
	sc->want = sc->pendnl = sc->pendcr = 0;
}
