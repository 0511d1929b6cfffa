/*
 * mime.c: user text as 7-bit header and body encodings: address lists
 * (checked, IDNA), RFC 2047 words, RFC 2231 parameters, base64 and
 * quoted-printable.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <idn2.h>
#include <libetpan/libetpan.h>

#include "common.h"
#include "mime.h"

#define MIME_ADDR_MAX	254	/* addr-spec: RFC 5321 path less <> */
#define MIME_LOCAL_MAX	64
#define MIME_FOLD	72	/* libetpan folds headers at this column */

/* Longest plain word mime_needs_words() lets through. */
#define MIME_PLAIN_WORD	70
/* Longest quoted-printable line, soft break "=" included (RFC 2045). */
#define MIME_QP_LINE	76
/* Longest RFC 2231 line, leading space and ";" included. */
#define MIME_PARAM_LINE	77

static const char mime_b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char mime_hex[] = "0123456789ABCDEF";

void
mime_base64(struct buf *b, const void *p, size_t len)
{
	const unsigned char *s = p;
	unsigned int v;
	char q[4];

	for (; len > 0; s += 3, len -= len < 3 ? len : 3) {
		v = (unsigned int)s[0] << 16;
		if (len > 1)
			v |= (unsigned int)s[1] << 8;
		if (len > 2)
			v |= s[2];
		q[0] = mime_b64[(v >> 18) & 0x3f];
		q[1] = mime_b64[(v >> 12) & 0x3f];
		q[2] = len > 1 ? mime_b64[(v >> 6) & 0x3f] : '=';
		q[3] = len > 2 ? mime_b64[v & 0x3f] : '=';
		buf_add(b, q, 4);
	}
}

int
mime_needs_words(const char *s)
{
	size_t word = 0;

	if (strstr(s, "=?") != NULL)
		return 1;
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s >= 0x80)
			return 1;
		word = *s == ' ' || *s == '\t' ? 0 : word + 1;
		if (word > MIME_PLAIN_WORD)
			return 1;
	}
	return 0;
}

void
mime_words(struct buf *b, const char *s, size_t len, size_t first,
    const char *sep)
{
	size_t max, room, n, k;
	unsigned int cp;
	int start = 1;

	max = first == 0 || first > MIME_WORD_MAX ? MIME_WORD_MAX : first;
	while (len > 0) {
		/* "=?UTF-8?B?" and "?=" take 12; base64 gives 4 for 3. */
		if (max < 20)
			max = 20;
		room = (max - 12) / 4 * 3;
		for (n = 0; n < len; n += k) {
			if ((k = utf8_decode(s + n, len - n, &cp)) == 0)
				k = 1;
			if (n + k > room)
				break;
		}
		if (!start)
			buf_adds(b, sep);
		buf_adds(b, "=?UTF-8?B?");
		mime_base64(b, s, n);
		buf_adds(b, "?=");
		s += n;
		len -= n;
		start = 0;
		max = MIME_WORD_MAX;
	}
}

/* RFC 5322 atext. */
static int
mime_atext(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c != '\0' &&
	    strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL);
}

void
mime_phrase(struct buf *b, const char *name, size_t first)
{
	const char *p;
	int atoms = 1;

	if (mime_needs_words(name)) {
		mime_words(b, name, strlen(name), first, " ");
		return;
	}
	for (p = name; *p != '\0'; p++)
		if (!mime_atext((unsigned char)*p) && !(*p == ' ' &&
		    p != name && p[-1] != ' ' && p[1] != '\0'))
			atoms = 0;
	if (atoms) {
		buf_adds(b, name);
		return;
	}
	buf_addc(b, '"');
	for (p = name; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			buf_addc(b, '\\');
		buf_addc(b, *p);
	}
	buf_addc(b, '"');
}

/* RFC 2231 attribute-char: what may stay as it is in an extended value. */
static int
mime_attr_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c != '\0' && strchr("!#$&+-.^_`|~",
	    c) != NULL);
}

/* Appends len bytes in RFC 2231 %XX form. */
static void
mime_pct(struct buf *b, const unsigned char *s, size_t len)
{
	for (; len > 0; s++, len--) {
		if (mime_attr_char(*s))
			buf_addc(b, (char)*s);
		else {
			buf_addc(b, '%');
			buf_addc(b, mime_hex[*s >> 4]);
			buf_addc(b, mime_hex[*s & 0xf]);
		}
	}
}

void
mime_param2231(struct buf *b, const char *name, const char *value)
{
	const unsigned char *s = (const unsigned char *)value;
	size_t len = strlen(value), n, k, w, width, col, seg;
	unsigned int cp;

	/* One line: " name*=UTF-8''value". */
	for (n = 0, width = 0; n < len; n++)
		width += mime_attr_char(s[n]) ? 1 : 3;
	if (1 + strlen(name) + 9 + width <= MIME_PARAM_LINE) {
		buf_addf(b, "%s*=UTF-8''", name);
		mime_pct(b, s, len);
		return;
	}
	/* Continuations " name*N*=[UTF-8'']...;", whole characters each. */
	for (seg = 0; len > 0; seg++) {
		if (seg > 0)
			buf_adds(b, ";\r\n ");
		col = (size_t)snprintf(NULL, 0, " %s*%zu*=%s;", name, seg,
		    seg == 0 ? "UTF-8''" : "");
		buf_addf(b, "%s*%zu*=%s", name, seg, seg == 0 ? "UTF-8''" : "");
		for (n = 0; n < len; n += k, col += w) {
			if ((k = utf8_decode((const char *)s + n, len - n,
			    &cp)) == 0)
				k = 1;
			for (w = 0, cp = 0; cp < k; cp++)
				w += mime_attr_char(s[n + cp]) ? 1 : 3;
			if (n > 0 && col + w > MIME_PARAM_LINE)
				break;
		}
		mime_pct(b, s, n);
		s += n;
		len -= n;
	}
}

/* Appends one line of text (no line end) as quoted-printable. */
static void
mime_qp_line(struct buf *b, const unsigned char *s, size_t n)
{
	size_t i, col = 0, limit, tl;
	int c, enc;

	for (i = 0; i < n; i++) {
		c = s[i];
		enc = !((c >= 33 && c <= 126 && c != '=') ||
		    ((c == ' ' || c == '\t') && i + 1 < n));
		tl = enc ? 3 : 1;
		/* The last character needs no room for a soft break. */
		limit = i + 1 == n ? MIME_QP_LINE : MIME_QP_LINE - 1;
		if (col + tl > limit) {
			buf_adds(b, "=\r\n");
			col = 0;
		}
		/* Lines that mbox files and SMTP servers would change. */
		if (col == 0 && (c == '.' || (c == 'F' && n - i >= 5 &&
		    memcmp(s + i, "From ", 5) == 0)))
			enc = 1;
		if (enc) {
			buf_addc(b, '=');
			buf_addc(b, mime_hex[c >> 4]);
			buf_addc(b, mime_hex[c & 0xf]);
			col += 3;
		} else {
			buf_addc(b, (char)c);
			col++;
		}
	}
}

void
mime_qp(struct buf *b, const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	const unsigned char *nl;
	size_t n;

	while (len > 0) {
		nl = memchr(s, '\n', len);
		n = nl != NULL ? (size_t)(nl - s) : len;
		/* CRLF ends a line as LF does; a lone CR is encoded. */
		mime_qp_line(b, s, n > 0 && nl != NULL && s[n - 1] == '\r' ?
		    n - 1 : n);
		buf_adds(b, "\r\n");
		if (nl == NULL)
			break;
		s += n + 1;
		len -= n + 1;
	}
}

int
mime_fail(char **errstr, const char *fmt, ...)
{
	va_list ap;

	if (errstr != NULL) {
		free(*errstr);
		va_start(ap, fmt);
		*errstr = xvasprintf(fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* Refuses text that is not UTF-8 or holds a control character. */
int
mime_check_text(const char *what, const char *s, char **errstr)
{
	size_t i, n, len = strlen(s);
	unsigned int cp;

	for (i = 0; i < len; i += n) {
		if ((n = utf8_decode(s + i, len - i, &cp)) == 0)
			return mime_fail(errstr, "%s is not valid UTF-8 (byte "
			    "%zu)", what, i + 1);
		if (cp == '\r' || cp == '\n')
			return mime_fail(errstr, "%s contains a line break "
			    "(%s): refused", what, cp == '\r' ? "CR" : "LF");
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
			return mime_fail(errstr, "%s contains a control "
			    "character (U+%04X): refused", what, cp);
	}
	return 0;
}

/* A host name of letters, digits and hyphens (RFC 1035/5321). */
static int
mime_domain_ok(const char *d)
{
	size_t label = 0, total = strlen(d);
	const char *p;

	if (total == 0 || total > 253)
		return 0;
	for (p = d; ; p++) {
		if (*p == '.' || *p == '\0') {
			if (label == 0 || label > 63 || p[-1] == '-')
				return 0;
			if (*p == '\0')
				return 1;
			label = 0;
			continue;
		}
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || (*p == '-' && label > 0)))
			return 0;
		label++;
	}
}

/* Checks an addr-spec; appends it with its domain as an A-label. */
static int
mime_spec(struct buf *out, const char *what, const char *spec,
    char **domain, char **errstr)
{
	const char *at, *p, *dom;
	char *ascii, *idn;
	size_t llen;
	int rc;

	if ((at = strrchr(spec, '@')) == NULL)
		return mime_fail(errstr, "%s: \"%s\" is not an address (no "
		    "@domain)", what, spec);
	llen = (size_t)(at - spec);
	if (memchr(spec, '@', llen) != NULL)
		return mime_fail(errstr, "%s: \"%s\" has more than one @ (a "
		    "missing comma?)", what, spec);
	if (spec[0] == '"')
		return mime_fail(errstr, "%s: \"%s\": quoted local parts are "
		    "not supported", what, spec);
	if (llen == 0 || llen > MIME_LOCAL_MAX)
		return mime_fail(errstr, "%s: \"%s\": the part before the @ "
		    "must have 1 to %d characters", what, spec,
		    MIME_LOCAL_MAX);
	for (p = spec; p < at; p++) {
		if ((unsigned char)*p >= 0x80)
			return mime_fail(errstr, "%s: \"%s\": a non-ASCII "
			    "local part needs SMTPUTF8, which is not "
			    "supported", what, spec);
		if (*p == '.' ? p == spec || p + 1 == at || p[1] == '.' :
		    !mime_atext((unsigned char)*p))
			return mime_fail(errstr, "%s: \"%s\" is not a valid "
			    "address", what, spec);
	}
	dom = at + 1;
	for (p = dom; *p != '\0' && (unsigned char)*p < 0x80; p++)
		;
	if (*p != '\0') {
		rc = idn2_lookup_u8((const uint8_t *)dom, (uint8_t **)&idn,
		    IDN2_NONTRANSITIONAL);
		if (rc != IDN2_OK)
			return mime_fail(errstr, "%s: \"%s\": bad "
			    "international domain name: %s", what, spec,
			    idn2_strerror(rc));
		ascii = xstrdup(idn);
		idn2_free(idn);
	} else
		ascii = xstrdup(dom);
	if (!mime_domain_ok(ascii) || llen + 1 + strlen(ascii) >
	    MIME_ADDR_MAX) {
		free(ascii);
		return mime_fail(errstr, "%s: \"%s\" is not a valid domain "
		    "address", what, spec);
	}
	buf_add(out, spec, llen + 1);
	buf_adds(out, ascii);
	if (domain != NULL && *domain == NULL)
		*domain = ascii;
	else
		free(ascii);
	return 0;
}

/*
 * A display name as UTF-8 (*name NULL if there is none): encoded words a
 * user pasted are decoded, so that they are encoded again properly.
 */
static int
mime_name(const char *what, const char *raw, char **name, char **errstr)
{
	char *dec = NULL;
	size_t i = 0, len;

	*name = NULL;
	if (raw == NULL)
		return 0;
	if (strstr(raw, "=?") != NULL && mailmime_encoded_phrase_parse("utf-8",
	    raw, strlen(raw), &i, "utf-8", &dec) == MAILIMF_NO_ERROR)
		raw = dec;
	while (*raw == ' ')
		raw++;
	for (len = strlen(raw); len > 0 && raw[len - 1] == ' '; len--)
		;
	if (len > 0) {
		*name = xstrndup(raw, len);
		if (mime_check_text(what, *name, errstr) == -1) {
			free(*name);
			*name = NULL;
			free(dec);
			return -1;
		}
	}
	free(dec);
	return 0;
}

/* Appends a mailbox: phrase <addr-spec>, or addr-spec alone. */
static int
mime_mailbox(struct buf *out, const char *what, struct mailimf_mailbox *mb,
    size_t first, char **domain, char **errstr)
{
	char *name;
	int rc;

	if (mime_name(what, mb->mb_display_name, &name, errstr) == -1)
		return -1;
	if (name != NULL) {
		mime_phrase(out, name, first);
		buf_adds(out, " <");
	}
	rc = mime_spec(out, what, mb->mb_addr_spec, domain, errstr);
	if (name != NULL)
		buf_addc(out, '>');
	free(name);
	return rc;
}

/* Appends the mailboxes of a list, comma-separated. */
static int
mime_mailboxes(struct buf *out, const char *what, clist *l, size_t first,
    char **domain, char **errstr)
{
	clistiter *it;

	for (it = clist_begin(l); it != NULL; it = clist_next(it)) {
		if (it != clist_begin(l))
			buf_adds(out, ", ");
		if (mime_mailbox(out, what, clist_content(it), first, domain,
		    errstr) == -1)
			return -1;
		first = 0;
	}
	return 0;
}

/*
 * Renders an address list as typed ("Doe, John" <j@x.org>, b@y.org) as a
 * 7-bit header value in *value (NULL if the list is empty). With single,
 * it must be exactly one mailbox (From). *domain gets the first domain.
 */
int
mime_addresses(const char *what, const char *text, int single, char **value,
    char **domain, char **errstr)
{
	struct mailimf_address_list *al = NULL;
	struct mailimf_mailbox_list *ml = NULL, *gl;
	struct mailimf_address *a;
	struct buf out;
	clistiter *it;
	size_t len, i = 0, first;
	char *name;
	int r, rc = -1;

	*value = NULL;
	if (text == NULL)
		return 0;
	if (mime_check_text(what, text, errstr) == -1)
		return -1;
	while (*text == ' ')
		text++;
	for (len = strlen(text); len > 0 && (text[len - 1] == ' ' ||
	    text[len - 1] == ','); len--)
		;
	if (len == 0)
		return 0;
	buf_init(&out);
	/* The first word fits after "Name: " without a fold. */
	first = MIME_FOLD - 1 - (strlen(what) + 2);
	if (single)
		r = mailimf_mailbox_list_parse(text, len, &i, &ml);
	else
		r = mailimf_address_list_parse(text, len, &i, &al);
	if (r != MAILIMF_NO_ERROR || i != len) {
		mime_fail(errstr, "%s: cannot read the address list near "
		    "\"%.*s\"", what, (int)(len - (i < len ? i : 0)),
		    text + (i < len ? i : 0));
		goto out;
	}
	if (single) {
		if (clist_count(ml->mb_list) != 1) {
			mime_fail(errstr, "%s must be a single address", what);
			goto out;
		}
		if (mime_mailboxes(&out, what, ml->mb_list, first, domain,
		    errstr) == -1)
			goto out;
	}
	for (it = al != NULL ? clist_begin(al->ad_list) : NULL; it != NULL;
	    it = clist_next(it)) {
		a = clist_content(it);
		if (it != clist_begin(al->ad_list))
			buf_adds(&out, ", ");
		if (a->ad_type == MAILIMF_ADDRESS_MAILBOX) {
			if (mime_mailbox(&out, what, a->ad_data.ad_mailbox,
			    first, domain, errstr) == -1)
				goto out;
			first = 0;
			continue;
		}
		if (mime_name(what, a->ad_data.ad_group->grp_display_name,
		    &name, errstr) == -1)
			goto out;
		mime_phrase(&out, name != NULL ? name :
		    "undisclosed-recipients", first);
		free(name);
		buf_addc(&out, ':');
		gl = a->ad_data.ad_group->grp_mb_list;
		if (gl != NULL && !clist_isempty(gl->mb_list)) {
			buf_addc(&out, ' ');
			if (mime_mailboxes(&out, what, gl->mb_list, 0, domain,
			    errstr) == -1)
				goto out;
		}
		buf_addc(&out, ';');
		first = 0;
	}
	*value = buf_take(&out);
	rc = 0;
out:
	buf_free(&out);
	if (al != NULL)
		mailimf_address_list_free(al);
	if (ml != NULL)
		mailimf_mailbox_list_free(ml);
	return rc;
}
