/*
 * sendlog.h: one line per message in the logfile and to syslog, with
 * msmtp's fields (so the tools that read msmtp's logs keep working) and
 * sendguard's own.
 */
#ifndef SENDGUARD_SENDLOG_H
#define SENDGUARD_SENDLOG_H

#include <stddef.h>

struct config_account;

struct sendlog_entry {
	const struct config_account *account;	/* host, tls, auth, user; or
						   NULL: the local outbox */
	const char		*from;		/* envelope-from */
	const char *const	*rcpts;
	size_t			 nrcpts;
	long			 mailsize;	/* logged when exitcode is 0 */
	int			 smtpstatus;	/* last reply code, or 0 */
	const char		*smtpmsg;	/* its text (after the code) */
	const char		*errormsg;	/* what went wrong, or NULL */
	int			 exitcode;	/* sysexits */
	const char		*guard;		/* sendguard's findings and
						   what became of each, or
						   NULL: nothing to say */
	const char		*kept;		/* where the message is kept */
};

/*
 * msmtp's log line without its time: "host=H tls=on|off auth=on|off
 * [user=U] from=F recipients=A,B [mailsize=N] [smtpstatus=C
 * smtpmsg='...'] [errormsg='...'] [guard='...'] [kept=PATH]
 * exitcode=EX_...". Quotes in the quoted values become '?', control
 * characters are made visible. Allocated.
 */
char	*sendlog_line(const struct sendlog_entry *);

/* "EX_OK", "EX_TEMPFAIL"... as msmtp writes exit codes. */
const char *sendlog_exitname(int);

/*
 * Writes the line: to logfile (NULL: the account's; "-": standard
 * output), after the time in the account's logfile_time_format (default
 * "%b %d %H:%M:%S"), the file locked for the write; and to syslog when
 * the account asks for it (its facility, ident "sendguard", LOG_INFO or
 * LOG_ERR), through $SENDGUARD_SYSLOG_SOCKET (for tests) or /dev/log.
 * A log that cannot be written is said on stderr with the line.
 */
void	 sendlog_write(const struct sendlog_entry *, const char *logfile);

#endif
