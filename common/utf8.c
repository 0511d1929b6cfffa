/* utf8.c: UTF-8 validation, decoding and sanitizing for the terminal. */
#include <stdio.h>
#include <string.h>

#include "common.h"

size_t
utf8_decode(const char *p, size_t len, unsigned int *cp)
{
	const unsigned char *s = (const unsigned char *)p;
	unsigned int c, min;
	size_t n, i;

	if (len == 0)
		return 0;
	c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		c &= 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		c &= 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		c &= 0x07;
		min = 0x10000;
	} else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

int
utf8_valid(const char *s, size_t len)
{
	unsigned int cp;
	size_t n;

	while (len > 0) {
		if ((n = utf8_decode(s, len, &cp)) == 0)
			return 0;
		s += n;
		len -= n;
	}
	return 1;
}

/* Invisible or reordering format characters (beyond C0, DEL and C1). */
static const struct {
	unsigned int	lo, hi;
} utf8_hidden[] = {
	{ 0x00ad, 0x00ad },	/* soft hyphen */
	{ 0x034f, 0x034f },	/* combining grapheme joiner */
	{ 0x061c, 0x061c },	/* Arabic letter mark */
	{ 0x115f, 0x1160 },	/* Hangul fillers */
	{ 0x17b4, 0x17b5 },	/* Khmer inherent vowels */
	{ 0x180b, 0x180f },	/* Mongolian selectors, vowel separator */
	{ 0x200b, 0x200f },	/* zero-width space, joiners, LRM, RLM */
	{ 0x2028, 0x202e },	/* separators, bidi embeddings, overrides */
	{ 0x2060, 0x206f },	/* word joiner, invisible operators, isolates */
	{ 0x3164, 0x3164 },	/* Hangul filler */
	{ 0xfeff, 0xfeff },	/* byte order mark, zero-width no-break */
	{ 0xffa0, 0xffa0 },	/* half-width Hangul filler */
	{ 0xfff9, 0xfffb },	/* interlinear annotation */
	{ 0x1d173, 0x1d17a },	/* musical format characters */
	{ 0xe0000, 0xe007f },	/* tags: invisible ASCII */
};

int
utf8_unsafe(unsigned int cp)
{
	size_t i;

	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return 1;
	if (cp < 0xad)
		return 0;
	for (i = 0; i < sizeof(utf8_hidden) / sizeof(utf8_hidden[0]); i++)
		if (cp >= utf8_hidden[i].lo && cp <= utf8_hidden[i].hi)
			return 1;
	return 0;
}

size_t
utf8_escape(unsigned int cp, char out[UTF8_ESCAPE_MAX])
{
	int n;

	switch (cp) {
	case 0x1b:
		n = snprintf(out, UTF8_ESCAPE_MAX, "\\e");
		break;
	case '\n':
		n = snprintf(out, UTF8_ESCAPE_MAX, "\\n");
		break;
	case '\r':
		n = snprintf(out, UTF8_ESCAPE_MAX, "\\r");
		break;
	case '\t':
		n = snprintf(out, UTF8_ESCAPE_MAX, "\\t");
		break;
	default:
		n = snprintf(out, UTF8_ESCAPE_MAX, cp < 0x80 ? "\\x%02X" :
		    cp <= 0xffff ? "\\u%04x" : "\\U%08x", cp);
		break;
	}
	return n > 0 ? (size_t)n : 0;
}

void
utf8_sanitize(struct buf *b, const char *s, size_t len)
{
	char esc[UTF8_ESCAPE_MAX];
	unsigned int cp;
	size_t n;

	while (len > 0) {
		n = utf8_decode(s, len, &cp);
		if (n == 0) {
			buf_addf(b, "\\x%02X", (unsigned char)*s);
			n = 1;
		} else if (utf8_unsafe(cp))
			buf_add(b, esc, utf8_escape(cp, esc));
		else
			buf_add(b, s, n);
		s += n;
		len -= n;
	}
}

void
str_lower(char *s)
{
	for (; *s != '\0'; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

int
str_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

void
str_trim(char *s)
{
	size_t n = strlen(s), i = 0;

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\r'))
		n--;
	s[n] = '\0';
	while (s[i] == ' ' || s[i] == '\t')
		i++;
	if (i > 0)
		memmove(s, s + i, n - i + 1);
}
