/* mlog.c: the milter's log, to syslog or (in the foreground) stderr. */
#include <stdarg.h>
#include <stdlib.h>

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
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (mlog_stderr) {
		verrline(fmt, ap);
		va_end(ap);
		return;
	}
	s = xvasprintf(fmt, ap);
	va_end(ap);
	syslog(prio, "%s", s);
	free(s);
}
