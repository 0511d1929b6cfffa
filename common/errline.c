/* errline.c: one line on stderr, "sendguard: " first, safe to show. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

void
verrline(const char *fmt, va_list ap)
{
	struct buf b;
	char *s = xvasprintf(fmt, ap);

	buf_init(&b);
	buf_adds(&b, "sendguard: ");
	utf8_sanitize(&b, s, strlen(s));
	buf_addc(&b, '\n');
	(void)file_write_all(STDERR_FILENO, b.s, b.len);
	buf_free(&b);
	free(s);
}

void
errline(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verrline(fmt, ap);
	va_end(ap);
}
