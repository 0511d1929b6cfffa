/* json.c: writing JSON strings. */
#include <string.h>

#include "common.h"

void
json_string(struct buf *b, const char *s)
{
	unsigned int cp;
	size_t len, n;

	if (s == NULL) {
		buf_adds(b, "null");
		return;
	}
	len = strlen(s);
	buf_addc(b, '"');
	while (len > 0) {
		n = utf8_decode(s, len, &cp);
		if (n == 0) {
			buf_adds(b, "\\ufffd");
			n = 1;
		} else if (cp == '"' || cp == '\\')
			buf_addf(b, "\\%c", (char)cp);
		else if (cp == '\n')
			buf_adds(b, "\\n");
		else if (cp == '\r')
			buf_adds(b, "\\r");
		else if (cp == '\t')
			buf_adds(b, "\\t");
		else if (cp < 0x20 || cp == 0x7f || cp == 0x2028 ||
		    cp == 0x2029)
			buf_addf(b, "\\u%04x", cp);
		else
			buf_add(b, s, n);
		s += n;
		len -= n;
	}
	buf_addc(b, '"');
}
