/*
 * mlog.h: the milter's log: syslog (facility mail, ident sendguard-milter,
 * as MTAs log), or stderr in the foreground. Safe from any thread.
 */
#ifndef SENDGUARD_MLOG_H
#define SENDGUARD_MLOG_H

#include <syslog.h>

/* Where the lines go from now on: stderr (foreground) or syslog. */
void	 mlog_open(int foreground);
/* One line at a priority (LOG_INFO, LOG_WARNING, LOG_ERR...). */
void	 mlog(int prio, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

#endif
