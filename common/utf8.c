/* utf8.c: UTF-8 validation, decoding and sanitizing for the terminal. */
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

void
utf8_sanitize(struct buf *b, const char *s, size_t len)
{
	unsigned int cp;
	size_t n;

	while (len > 0) {
		n = utf8_decode(s, len, &cp);
		if (n == 0) {
			buf_addf(b, "\\x%02X", (unsigned char)*s);
			n = 1;
		} else if (cp == 0x1b)
			buf_adds(b, "\\e");
		else if (cp == '\n')
			buf_adds(b, "\\n");
		else if (cp == '\r')
			buf_adds(b, "\\r");
		else if (cp == '\t')
			buf_adds(b, "\\t");
		else if (cp < 0x20 || cp == 0x7f)
			buf_addf(b, "\\x%02X", cp);
		else if (cp >= 0x80 && cp < 0xa0)
			buf_addf(b, "\\u{%02X}", cp);
		else if (cp == 0x2028 || cp == 0x2029 ||
		    (cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069))
			/* Line separators and bidi overrides reorder text. */
			buf_addf(b, "\\u{%04X}", cp);
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
