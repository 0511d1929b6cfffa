/* vcard.c: vCard 2.1, 3.0 and 4.0 (phones, khard, vdirsyncer). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libetpan/charconv.h>

#include "common.h"
#include "vcard.h"

/* The physical lines of the text. */
struct vcard_reader {
	const char	*p;
	const char	*end;
};

/* One property line, split; the pieces point into the line. */
struct vcard_prop {
	const char	*name;		/* without its group ("item1.") */
	size_t		 namelen;
	const char	*value;
	size_t		 valuelen;
	const char	*charset;	/* CHARSET=, or NULL */
	size_t		 charsetlen;
	int		 qp;		/* ENCODING=QUOTED-PRINTABLE */
	int		 b64;		/* ENCODING=B or BASE64 */
};

/* What one card holds so far; the buffers are reused from card to card. */
struct vcard_card {
	struct buf	 fn;
	struct buf	 n;		/* "Given Family" */
	struct buf	 nick;
	struct buf	 emails;	/* NUL-separated */
	size_t		 nemails;
	int		 agent;		/* the last line was "AGENT:" */
};

/* Scratch buffers for one value. */
struct vcard_tmp {
	struct buf	 raw;
	struct buf	 text;
	struct buf	 part;
};

static int
vcard_ieq(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && strncasecmp(s, word, n) == 0;
}

/* The next physical line without its CR LF or LF: 1, or 0 at the end. */
static int
vcard_physical(struct vcard_reader *r, const char **s, const char **e)
{
	const char *nl;

	if (r->p >= r->end)
		return 0;
	*s = r->p;
	if ((nl = memchr(r->p, '\n', (size_t)(r->end - r->p))) != NULL) {
		*e = nl;
		r->p = nl + 1;
	} else
		*e = r->p = r->end;
	if (*e > *s && (*e)[-1] == '\r')
		(*e)--;
	return 1;
}

/* One parameter ("TYPE=WORK", "CHARSET=ISO-8859-1", 2.1's bare "QP"). */
static void
vcard_param(struct vcard_prop *pr, const char *s, const char *e)
{
	const char *eq = memchr(s, '=', (size_t)(e - s)), *v;
	size_t n;

	if (eq == NULL) {
		if (vcard_ieq(s, (size_t)(e - s), "QUOTED-PRINTABLE"))
			pr->qp = 1;
		else if (vcard_ieq(s, (size_t)(e - s), "BASE64"))
			pr->b64 = 1;
		return;
	}
	v = eq + 1;
	n = (size_t)(e - v);
	if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
		v++;
		n -= 2;
	}
	if (vcard_ieq(s, (size_t)(eq - s), "ENCODING")) {
		if (vcard_ieq(v, n, "QUOTED-PRINTABLE"))
			pr->qp = 1;
		else if (vcard_ieq(v, n, "B") || vcard_ieq(v, n, "BASE64"))
			pr->b64 = 1;
	} else if (vcard_ieq(s, (size_t)(eq - s), "CHARSET")) {
		pr->charset = v;
		pr->charsetlen = n;
	}
}

/*
 * Splits "group.NAME;PARAM=V;...:value" (a colon inside a quoted
 * parameter value does not end the parameters). Returns 0, or -1 when
 * there is no colon.
 */
static int
vcard_prop(const char *s, size_t len, struct vcard_prop *pr)
{
	const char *end = s + len, *colon = NULL, *p, *start, *dot;
	int quote = 0;

	memset(pr, 0, sizeof(*pr));
	for (p = s; p < end; p++) {
		if (*p == '"')
			quote = !quote;
		else if (*p == ':' && !quote) {
			colon = p;
			break;
		}
	}
	if (colon == NULL)
		return -1;
	for (p = s; p < colon && *p != ';'; p++)
		;
	pr->name = s;
	for (dot = s; dot < p; dot++)
		if (*dot == '.')
			pr->name = dot + 1;
	pr->namelen = (size_t)(p - pr->name);
	while (p < colon) {
		start = ++p;
		for (quote = 0; p < colon && (quote || *p != ';'); p++)
			if (*p == '"')
				quote = !quote;
		vcard_param(pr, start, p);
	}
	pr->value = colon + 1;
	pr->valuelen = (size_t)(end - colon - 1);
	return 0;
}

/*
 * The next logical line into line: folded lines unfolded (the one blank
 * that starts a continuation removed), and the soft line breaks of a
 * quoted-printable value joined. 1, or 0 at the end of the text.
 */
static int
vcard_line(struct vcard_reader *r, struct buf *line)
{
	struct vcard_prop pr;
	const char *s, *e, *save;
	int qp = -1;	/* not known until the parameters are complete */

	buf_reset(line);
	if (!vcard_physical(r, &s, &e))
		return 0;
	buf_add(line, s, (size_t)(e - s));
	for (;;) {
		save = r->p;
		if (!vcard_physical(r, &s, &e))
			break;
		if (s < e && (*s == ' ' || *s == '\t')) {
			buf_add(line, s + 1, (size_t)(e - s - 1));
			continue;
		}
		/*
		 * "=" ending a quoted-printable line: the value goes on. The
		 * parameters are read once (what follows is all value).
		 */
		if (line->len > 0 && line->s[line->len - 1] == '=' &&
		    qp == -1 && vcard_prop(line->s, line->len, &pr) == 0)
			qp = pr.qp;
		if (line->len > 0 && line->s[line->len - 1] == '=' &&
		    qp == 1 && !vcard_ieq(s, (size_t)(e - s), "END:VCARD")) {
			line->len--;
			buf_add(line, s, (size_t)(e - s));
			continue;
		}
		r->p = save;
		break;
	}
	return 1;
}

/*
 * A property's value as UTF-8 in out, before unescaping: quoted-printable
 * decoded, CHARSET converted. 0, or -1 if it cannot be had (base64, an
 * unknown charset, invalid UTF-8, a NUL).
 */
static int
vcard_value(const struct vcard_prop *pr, struct buf *out)
{
	const char *v = pr->value;
	char cs[64], *conv = NULL;
	size_t i, n = pr->valuelen;
	int hi, lo, ascii = 1;

	buf_reset(out);
	buf_add(out, "", 0);
	if (pr->b64)
		return -1;
	if (pr->qp) {
		if (n > 0 && v[n - 1] == '=')
			n--;	/* a soft break with nothing after it */
		for (i = 0; i < n; i++) {
			if (v[i] == '=' && n - i > 2 &&
			    (hi = str_hexval(v[i + 1])) >= 0 &&
			    (lo = str_hexval(v[i + 2])) >= 0) {
				buf_addc(out, (char)(hi << 4 | lo));
				i += 2;
			} else
				buf_addc(out, v[i]);
		}
	} else
		buf_add(out, v, n);
	for (i = 0; i < out->len && ascii; i++)
		ascii = (unsigned char)out->s[i] < 0x80;
	if (!ascii && pr->charset != NULL &&
	    !vcard_ieq(pr->charset, pr->charsetlen, "UTF-8") &&
	    !vcard_ieq(pr->charset, pr->charsetlen, "UTF8")) {
		if (pr->charsetlen == 0 || pr->charsetlen >= sizeof(cs))
			return -1;
		memcpy(cs, pr->charset, pr->charsetlen);
		cs[pr->charsetlen] = '\0';
		if (charconv("utf-8", cs, out->s, out->len, &conv) !=
		    MAIL_CHARCONV_NO_ERROR || conv == NULL)
			return -1;
		buf_reset(out);
		buf_adds(out, conv);
		free(conv);
	}
	if (strlen(out->s) != out->len || !utf8_valid(out->s, out->len))
		return -1;
	return 0;
}

/* Appends s[0..n) to out with \, \; \: \\ and \n undone. */
static void
vcard_unescape(const char *s, size_t n, struct buf *out)
{
	const char *end = s + n, *bs;

	while (s < end) {
		if ((bs = memchr(s, '\\', (size_t)(end - s))) == NULL ||
		    bs + 1 == end) {
			buf_add(out, s, (size_t)(end - s));
			return;
		}
		buf_add(out, s, (size_t)(bs - s));
		switch (bs[1]) {
		case 'n':
		case 'N':
			buf_addc(out, '\n');
			break;
		case ',':
		case ';':
		case ':':
		case '\\':
			buf_addc(out, bs[1]);
			break;
		default:
			buf_add(out, bs, 2);
			break;
		}
		s = bs + 2;
	}
}

/* The end of the component starting at s: the next unescaped sep. */
static const char *
vcard_component(const char *s, const char *end, char sep)
{
	for (; s < end && *s != sep; s++)
		if (*s == '\\' && s + 1 < end)
			s++;
	return s;
}

static int
vcard_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Removes blanks (and the line breaks of \n) at both ends of b. */
static void
vcard_trim(struct buf *b)
{
	size_t i = 0;

	while (b->len > 0 && vcard_blank(b->s[b->len - 1]))
		b->s[--b->len] = '\0';
	while (i < b->len && vcard_blank(b->s[i]))
		i++;
	if (i > 0) {
		memmove(b->s, b->s + i, b->len - i + 1);
		b->len -= i;
	}
}

/* N: Family;Given;Additional;Prefix;Suffix, kept as "Given Family". */
static void
vcard_n(struct vcard_tmp *t, struct buf *out)
{
	const char *s = t->raw.s, *end = s + t->raw.len, *fam_end, *giv,
	    *giv_end;

	fam_end = vcard_component(s, end, ';');
	giv = fam_end < end ? fam_end + 1 : end;
	giv_end = vcard_component(giv, end, ';');
	buf_reset(out);
	buf_reset(&t->part);
	vcard_unescape(giv, (size_t)(giv_end - giv), &t->part);
	vcard_trim(&t->part);
	buf_add(out, t->part.s, t->part.len);
	buf_reset(&t->part);
	vcard_unescape(s, (size_t)(fam_end - s), &t->part);
	vcard_trim(&t->part);
	if (out->len > 0 && t->part.len > 0)
		buf_addc(out, ' ');
	buf_add(out, t->part.s, t->part.len);
}

/* One property of a card at its top level. */
static void
vcard_property(struct vcard_card *c, const struct vcard_prop *pr,
    struct vcard_tmp *t)
{
	const char *s, *e;

	if (vcard_ieq(pr->name, pr->namelen, "FN")) {
		if (c->fn.len > 0 || vcard_value(pr, &t->raw) == -1)
			return;
		buf_reset(&c->fn);
		vcard_unescape(t->raw.s, t->raw.len, &c->fn);
		vcard_trim(&c->fn);
	} else if (vcard_ieq(pr->name, pr->namelen, "N")) {
		if (c->n.len > 0 || vcard_value(pr, &t->raw) == -1)
			return;
		vcard_n(t, &c->n);
	} else if (vcard_ieq(pr->name, pr->namelen, "NICKNAME")) {
		if (c->nick.len > 0 || vcard_value(pr, &t->raw) == -1)
			return;
		/* NICKNAME:Jim,Jimmie: the first one that is not blank. */
		s = t->raw.s;
		do {
			e = vcard_component(s, t->raw.s + t->raw.len, ',');
			buf_reset(&c->nick);
			vcard_unescape(s, (size_t)(e - s), &c->nick);
			vcard_trim(&c->nick);
			s = e + 1;
		} while (c->nick.len == 0 && e < t->raw.s + t->raw.len);
	} else if (vcard_ieq(pr->name, pr->namelen, "EMAIL")) {
		if (vcard_value(pr, &t->raw) == -1)
			return;
		buf_reset(&t->text);
		buf_add(&t->text, "", 0);
		vcard_unescape(t->raw.s, t->raw.len, &t->text);
		vcard_trim(&t->text);
		s = t->text.s;
		if (strncasecmp(s, "mailto:", 7) == 0)
			s += 7;
		if (*s == '\0' || strlen(s) != t->text.len - (size_t)(s -
		    t->text.s))
			return;
		buf_add(&c->emails, s, strlen(s) + 1);
		c->nemails++;
	}
}

/* A card ended: one contact per address. */
static void
vcard_emit(struct vcard_card *c, struct contact_list *out)
{
	const char *name = NULL, *p;
	size_t i;

	if (c->fn.len > 0)
		name = c->fn.s;
	else if (c->n.len > 0)
		name = c->n.s;
	for (i = 0, p = c->emails.s; i < c->nemails; i++, p += strlen(p) + 1)
		(void)contact_add_one(out, name, p,
		    c->nick.len > 0 ? c->nick.s : NULL);
}

static void
vcard_reset(struct vcard_card *c)
{
	buf_reset(&c->fn);
	buf_reset(&c->n);
	buf_reset(&c->nick);
	buf_reset(&c->emails);
	c->nemails = 0;
	c->agent = 0;
}

void
vcard_parse(const char *text, size_t len, struct contact_list *out)
{
	struct vcard_reader r = { text, text + len };
	struct vcard_card c;
	struct vcard_tmp t;
	struct vcard_prop pr;
	struct buf line;
	int depth = 0, begin, end, agent;

	memset(&c, 0, sizeof(c));
	memset(&t, 0, sizeof(t));
	buf_init(&line);
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		r.p += 3;
	/* Blank lines before the first card would fold into it. */
	while (r.p < r.end && vcard_blank(*r.p))
		r.p++;
	while (vcard_line(&r, &line)) {
		if (strlen(line.s) != line.len ||
		    vcard_prop(line.s, line.len, &pr) == -1)
			continue;
		begin = vcard_ieq(pr.name, pr.namelen, "BEGIN");
		end = vcard_ieq(pr.name, pr.namelen, "END");
		if (begin || end) {
			buf_reset(&t.raw);
			buf_add(&t.raw, pr.value, pr.valuelen);
			vcard_trim(&t.raw);
			if (!vcard_ieq(t.raw.s, t.raw.len, "VCARD"))
				begin = end = 0;
		}
		agent = c.agent;
		c.agent = 0;
		if (begin) {
			/* 2.1 nests a card in "AGENT:"; else a card is new. */
			if (depth > 0 && agent)
				depth++;
			else {
				vcard_reset(&c);
				depth = 1;
			}
		} else if (end) {
			if (depth == 1)
				vcard_emit(&c, out);
			if (depth > 0)
				depth--;
		} else if (depth > 0) {
			c.agent = vcard_ieq(pr.name, pr.namelen, "AGENT") &&
			    pr.valuelen == 0;
			if (depth == 1)
				vcard_property(&c, &pr, &t);
		}
	}
	buf_free(&line);
	buf_free(&c.fn);
	buf_free(&c.n);
	buf_free(&c.nick);
	buf_free(&c.emails);
	buf_free(&t.raw);
	buf_free(&t.text);
	buf_free(&t.part);
}
