/* mlog.c: the milter's log, to syslog or (in the foreground) stderr. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "mlog.h"

/* Set once at start-up, before any thread; read-only afterwards. */
static int mlog_stderr = 1;

void
mlog_open(int foreground)
{
	mlog_stderr = foreground;
	if (!foreground)
		openlog("sendguard-milter", LOG_PID | LOG_NDELAY, LOG_MAIL);
}

void
mlog(int prio, const char *fmt, ...)
{
	struct buf b;
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	if (!mlog_stderr) {
		syslog(prio, "%s", s);
		free(s);
		return;
	}
	/* One write a line, so that threads do not mix their lines. */
	buf_init(&b);
	buf_adds(&b, "sendguard: ");
	utf8_sanitize(&b, s, strlen(s));
	buf_addc(&b, '\n');
	(void)file_write_all(STDERR_FILENO, b.s, b.len);
	buf_free(&b);
	free(s);
}
