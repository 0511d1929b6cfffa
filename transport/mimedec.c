/*
 * mimedec.c: streaming body decoders: quoted-printable, base64, charset
 * to UTF-8 with iconv, UTF-8 repair and line ends, in that order.
 */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libetpan/libetpan.h>

#include "common.h"
#include "htmltext.h"
#include "mimedec.h"

#define MIMEDEC_OUT	4096	/* decoded bytes handed on at a time */
#define MIMEDEC_STAGE	1024	/* input staged for iconv */
#define MIMEDEC_BLANKS	64	/* blanks held by quoted-printable */

static const char mimedec_fffd[] = "\xef\xbf\xbd";

enum mimedec_qp {
	QP_TEXT,		/* plain text */
	QP_EQ,			/* after "=" */
	QP_HEX,			/* after "=" and one hex digit */
	QP_SOFT			/* after "=" and blanks: a soft break? */
};

struct mimedec {
	int		 enc;
	int		 text;
	mimedec_out	 out;
	void		*arg;
	/* Transfer decoding. */
	enum mimedec_qp	 qp;
	int		 hex;
	char		 blanks[MIMEDEC_BLANKS];
	size_t		 nblanks;
	unsigned int	 bits;
	int		 nbits;		/* base64 sextets in bits */
	char		 ob[MIMEDEC_OUT];
	size_t		 nob;
	/* Charset. */
	iconv_t		 cd;		/* or (iconv_t)-1: UTF-8 */
	char		 stage[MIMEDEC_STAGE];
	size_t		 nstage;	/* bytes staged for iconv */
	/* UTF-8 repair and line ends. */
	unsigned char	 u8[4];
	size_t		 nu8;
	int		 cr;
	int		 keepcr;	/* CRLF as it is */
	struct htmltext	*html;
};

/* Charsets that iconv does not know by the names mail uses. */
static const struct {
	const char	*name;
	const char	*iconv;		/* NULL: read as UTF-8 */
} mimedec_aliases[] = {
	{ "utf-8", NULL }, { "utf8", NULL }, { "us-ascii", NULL },
	{ "ascii", NULL }, { "unknown-8bit", NULL }, { "x-unknown", NULL },
	{ "default", NULL }, { "unicode-1-1-utf-8", NULL },
	/* As mail clients and browsers read them. */
	{ "iso-8859-1", "WINDOWS-1252" }, { "latin1", "WINDOWS-1252" },
	{ "ks_c_5601-1987", "CP949" }, { "gb2312", "GB18030" },
	{ "gbk", "GB18030" }, { "x-gbk", "GB18030" },
	{ "x-sjis", "SHIFT_JIS" }, { "unicode-1-1-utf-7", "UTF-7" },
};

static void mimedec_repair(struct mimedec *, const char *, size_t);

/* After the text stages: HTML, or line ends. */
static void
mimedec_lines(struct mimedec *d, const char *p, size_t n)
{
	size_t i, start = 0;

	if (n == 0)
		return;
	if (d->html != NULL) {
		htmltext_feed(d->html, p, n);
		return;
	}
	if (d->keepcr) {
		d->out(d->arg, p, n);
		return;
	}
	if (d->cr) {
		d->cr = 0;
		if (p[0] != '\n')
			d->out(d->arg, "\r", 1);
	}
	for (i = 0; i < n; i++) {
		if (p[i] != '\r')
			continue;
		if (i + 1 == n) {
			d->out(d->arg, p + start, i - start);
			d->cr = 1;
			return;
		}
		if (p[i + 1] == '\n') {
			d->out(d->arg, p + start, i - start);
			start = i + 1;
		}
	}
	if (n > start)
		d->out(d->arg, p + start, n - start);
}

/*
 * The length of the UTF-8 character at s (NUL is not one), 0 if s holds
 * only its beginning, -1 if it is malformed.
 */
static int
mimedec_char(const unsigned char *s, size_t len)
{
	size_t need, i;

	if (s[0] == 0)
		return -1;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		need = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		need = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		need = 4;
	else
		return -1;
	for (i = 1; i < need && i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		/* No overlongs, surrogates or code points past U+10FFFF. */
		if (i == 1 && ((s[0] == 0xe0 && s[1] < 0xa0) ||
		    (s[0] == 0xed && s[1] > 0x9f) ||
		    (s[0] == 0xf0 && s[1] < 0x90) ||
		    (s[0] == 0xf4 && s[1] > 0x8f)))
			return -1;
	}
	return len < need ? 0 : (int)need;
}

/* Passes valid UTF-8 on; U+FFFD for the rest. */
static void
mimedec_repair(struct mimedec *d, const char *p, size_t n)
{
	const unsigned char *s = (const unsigned char *)p;
	unsigned char held[4];
	size_t i, start, k;
	int r;

	/* Complete a character split by the last chunk. */
	while (d->nu8 > 0 && n > 0) {
		d->u8[d->nu8++] = *s++;
		n--;
		if ((r = mimedec_char(d->u8, d->nu8)) > 0) {
			mimedec_lines(d, (const char *)d->u8, d->nu8);
			d->nu8 = 0;
		} else if (r < 0) {
			mimedec_lines(d, mimedec_fffd, 3);
			k = d->nu8 - 1;
			memcpy(held, d->u8 + 1, k);
			d->nu8 = 0;
			mimedec_repair(d, (const char *)held, k);
		}
	}
	for (i = start = 0; i < n; ) {
		/* Eight ASCII bytes (none NUL) at a time: most text is. */
		while (i + 8 <= n) {
			uint64_t w;

			memcpy(&w, s + i, 8);
			if ((w & 0x8080808080808080ULL) != 0 ||
			    ((w - 0x0101010101010101ULL) & ~w &
			    0x8080808080808080ULL) != 0)
				break;
			i += 8;
		}
		if (i >= n)
			break;
		if (s[i] != 0 && s[i] < 0x80) {
			i++;
			continue;
		}
		if ((r = mimedec_char(s + i, n - i)) > 0) {
			i += (size_t)r;
			continue;
		}
		mimedec_lines(d, (const char *)s + start, i - start);
		if (r == 0) {
			d->nu8 = n - i;
			memcpy(d->u8, s + i, d->nu8);
			return;
		}
		mimedec_lines(d, mimedec_fffd, 3);
		start = ++i;
	}
	mimedec_lines(d, (const char *)s + start, n - start);
}

/*
 * Converts what is staged. Unless final, an incomplete character at the
 * end waits for more; iconv always gets whole stages, so that stateful
 * charsets (UTF-7, ISO-2022-JP) convert the same however the input was
 * cut.
 */
static void
mimedec_iconv_run(struct mimedec *d, int final)
{
	char out[MIMEDEC_OUT], *ip = d->stage, *op;
	size_t ilen = d->nstage, olen, r;

	while (ilen > 0) {
		op = out;
		olen = sizeof(out);
		r = iconv(d->cd, &ip, &ilen, &op, &olen);
		mimedec_repair(d, out, (size_t)(op - out));
		if (r != (size_t)-1 || errno == E2BIG)
			continue;
		if (errno == EINVAL && !final && ilen < 16)
			break;
		mimedec_repair(d, mimedec_fffd, 3);
		ip++;
		ilen--;
	}
	memmove(d->stage, ip, ilen);
	d->nstage = ilen;
}

/* Stages bytes for iconv, converting each time the stage is full. */
static void
mimedec_iconv(struct mimedec *d, const char *p, size_t n)
{
	size_t k;

	while (n > 0) {
		k = n < MIMEDEC_STAGE - d->nstage ? n : MIMEDEC_STAGE -
		    d->nstage;
		memcpy(d->stage + d->nstage, p, k);
		d->nstage += k;
		p += k;
		n -= k;
		if (d->nstage == MIMEDEC_STAGE)
			mimedec_iconv_run(d, 0);
	}
}

/* Bytes of the body, transfer decoding done. */
static void
mimedec_decoded(struct mimedec *d, const char *p, size_t n)
{
	if (!d->text)
		d->out(d->arg, p, n);
	else if (d->cd != (iconv_t)-1)
		mimedec_iconv(d, p, n);
	else
		mimedec_repair(d, p, n);
}

static void
mimedec_put(struct mimedec *d, char c)
{
	if (d->nob == sizeof(d->ob)) {
		mimedec_decoded(d, d->ob, d->nob);
		d->nob = 0;
	}
	d->ob[d->nob++] = c;
}

static void
mimedec_blanks(struct mimedec *d)
{
	size_t i;

	for (i = 0; i < d->nblanks; i++)
		mimedec_put(d, d->blanks[i]);
	d->nblanks = 0;
}

/*
 * Quoted-printable (RFC 2045 6.7): blanks at the end of a line are
 * dropped, "=" at the end of a line joins it to the next, and a "=" that
 * starts no escape is kept as it is.
 */
static void
mimedec_qp(struct mimedec *d, const char *p, size_t n)
{
	size_t i = 0;
	int c, v;

	while (i < n) {
		c = (unsigned char)p[i];
		switch (d->qp) {
		case QP_TEXT:
			if (c == ' ' || c == '\t') {
				if (d->nblanks == sizeof(d->blanks))
					mimedec_blanks(d);
				d->blanks[d->nblanks++] = (char)c;
			} else if (c == '\n') {
				d->nblanks = 0;
				mimedec_put(d, '\n');
			} else {
				mimedec_blanks(d);
				if (c == '=')
					d->qp = QP_EQ;
				else
					mimedec_put(d, (char)c);
			}
			i++;
			continue;
		case QP_EQ:
			if ((v = str_hexval(c)) != -1) {
				d->hex = v;
				d->qp = QP_HEX;
			} else if (c == '\n')
				d->qp = QP_TEXT;
			else if (c == ' ' || c == '\t') {
				d->blanks[0] = (char)c;
				d->nblanks = 1;
				d->qp = QP_SOFT;
			} else {
				mimedec_put(d, '=');
				d->qp = QP_TEXT;
				continue;	/* c again, as text */
			}
			i++;
			continue;
		case QP_HEX:
			d->qp = QP_TEXT;
			if ((v = str_hexval(c)) != -1) {
				mimedec_put(d, (char)(d->hex << 4 | v));
				i++;
			} else {
				mimedec_put(d, '=');
				mimedec_put(d, "0123456789ABCDEF"[d->hex]);
			}
			continue;
		case QP_SOFT:
			if ((c == ' ' || c == '\t') &&
			    d->nblanks < sizeof(d->blanks)) {
				d->blanks[d->nblanks++] = (char)c;
				i++;
				continue;
			}
			d->qp = QP_TEXT;
			if (c == '\n') {
				d->nblanks = 0;
				i++;
			} else
				mimedec_put(d, '=');
			continue;
		}
	}
}

static const signed char mimedec_b64[256] = {
	['A'] = 1, ['B'] = 2, ['C'] = 3, ['D'] = 4, ['E'] = 5, ['F'] = 6,
	['G'] = 7, ['H'] = 8, ['I'] = 9, ['J'] = 10, ['K'] = 11, ['L'] = 12,
	['M'] = 13, ['N'] = 14, ['O'] = 15, ['P'] = 16, ['Q'] = 17,
	['R'] = 18, ['S'] = 19, ['T'] = 20, ['U'] = 21, ['V'] = 22,
	['W'] = 23, ['X'] = 24, ['Y'] = 25, ['Z'] = 26, ['a'] = 27,
	['b'] = 28, ['c'] = 29, ['d'] = 30, ['e'] = 31, ['f'] = 32,
	['g'] = 33, ['h'] = 34, ['i'] = 35, ['j'] = 36, ['k'] = 37,
	['l'] = 38, ['m'] = 39, ['n'] = 40, ['o'] = 41, ['p'] = 42,
	['q'] = 43, ['r'] = 44, ['s'] = 45, ['t'] = 46, ['u'] = 47,
	['v'] = 48, ['w'] = 49, ['x'] = 50, ['y'] = 51, ['z'] = 52,
	['0'] = 53, ['1'] = 54, ['2'] = 55, ['3'] = 56, ['4'] = 57,
	['5'] = 58, ['6'] = 59, ['7'] = 60, ['8'] = 61, ['9'] = 62,
	['+'] = 63, ['/'] = 64,
};

/* The bytes of a quantum cut short by "=" or the end. */
static void
mimedec_b64_end(struct mimedec *d)
{
	if (d->nbits == 2)
		mimedec_put(d, (char)(d->bits >> 4));
	else if (d->nbits == 3) {
		mimedec_put(d, (char)(d->bits >> 10));
		mimedec_put(d, (char)(d->bits >> 2));
	}
	d->bits = 0;
	d->nbits = 0;
}

/* Base64: characters outside the alphabet are skipped. */
static void
mimedec_base64(struct mimedec *d, const char *p, size_t n)
{
	size_t i;
	int v;

	for (i = 0; i < n; i++) {
		if ((v = mimedec_b64[(unsigned char)p[i]]) > 0) {
			d->bits = (d->bits << 6 | (unsigned int)(v - 1)) &
			    0xffffff;
			if (++d->nbits == 4) {
				mimedec_put(d, (char)(d->bits >> 16));
				mimedec_put(d, (char)(d->bits >> 8));
				mimedec_put(d, (char)d->bits);
				d->bits = 0;
				d->nbits = 0;
			}
		} else if (p[i] == '=')
			mimedec_b64_end(d);
	}
}

struct mimedec *
mimedec_new(int enc, const char *charset, int html, mimedec_out out,
    void *arg)
{
	struct mimedec *d = xcalloc(1, sizeof(*d));
	const char *name;
	size_t i;

	d->enc = enc;
	d->out = out;
	d->arg = arg;
	d->cd = (iconv_t)-1;
	if (charset == NULL)
		return d;
	d->text = 1;
	name = charset;
	for (i = 0; i < sizeof(mimedec_aliases) / sizeof(*mimedec_aliases);
	    i++)
		if (strcasecmp(charset, mimedec_aliases[i].name) == 0) {
			name = mimedec_aliases[i].iconv;
			break;
		}
	if (name != NULL)
		d->cd = iconv_open("UTF-8", name);
	if (html)
		d->html = htmltext_new(out, arg);
	return d;
}

void
mimedec_feed(struct mimedec *d, const char *p, size_t n)
{
	if (n == 0)
		return;
	if (d->enc == MAILMIME_MECHANISM_QUOTED_PRINTABLE)
		mimedec_qp(d, p, n);
	else if (d->enc == MAILMIME_MECHANISM_BASE64)
		mimedec_base64(d, p, n);
	else {
		if (d->nob > 0)
			mimedec_decoded(d, d->ob, d->nob);
		d->nob = 0;
		mimedec_decoded(d, p, n);
		return;
	}
	if (d->nob > 0)
		mimedec_decoded(d, d->ob, d->nob);
	d->nob = 0;
}

void
mimedec_finish(struct mimedec *d)
{
	char out[64], *op = out;
	size_t olen = sizeof(out);

	/* Blanks at the end are at the end of a line: dropped. */
	if (d->qp == QP_HEX) {
		mimedec_put(d, '=');
		mimedec_put(d, "0123456789ABCDEF"[d->hex]);
	}
	d->qp = QP_TEXT;
	d->nblanks = 0;
	if (d->enc == MAILMIME_MECHANISM_BASE64)
		mimedec_b64_end(d);
	if (d->nob > 0)
		mimedec_decoded(d, d->ob, d->nob);
	d->nob = 0;
	if (d->cd != (iconv_t)-1) {
		mimedec_iconv_run(d, 1);
		iconv(d->cd, NULL, NULL, &op, &olen);
		mimedec_repair(d, out, (size_t)(op - out));
	}
	if (d->nu8 > 0)
		mimedec_lines(d, mimedec_fffd, 3);
	d->nu8 = 0;
	if (d->cr && d->html == NULL)
		d->out(d->arg, "\r", 1);
	d->cr = 0;
	if (d->html != NULL)
		htmltext_finish(d->html);
}

void
mimedec_free(struct mimedec *d)
{
	if (d == NULL)
		return;
	if (d->cd != (iconv_t)-1)
		iconv_close(d->cd);
	htmltext_free(d->html);
	free(d);
}

static void
mimedec_collect(void *arg, const char *p, size_t n)
{
	buf_add(arg, p, n);
}

char *
mimedec_utf8(const char *charset, const char *p, size_t n)
{
	struct mimedec *d;
	struct buf b;

	buf_init(&b);
	d = mimedec_new(MAILMIME_MECHANISM_BINARY, charset != NULL ?
	    charset : "utf-8", 0, mimedec_collect, &b);
	d->keepcr = 1;
	mimedec_feed(d, p, n);
	mimedec_finish(d);
	mimedec_free(d);
	return buf_take(&b);
}
