/*
 * sendlog.c: one line per message in the logfile and to syslog, with
 * msmtp's fields and sendguard's own.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "account.h"
#include "config.h"
#include "sendlog.h"

const char *
sendlog_exitname(int code)
{
	static const struct {
		int		 code;
		const char	*name;
	} names[] = {
		{ EX_OK, "EX_OK" }, { EX_USAGE, "EX_USAGE" },
		{ EX_DATAERR, "EX_DATAERR" }, { EX_NOINPUT, "EX_NOINPUT" },
		{ EX_NOUSER, "EX_NOUSER" }, { EX_NOHOST, "EX_NOHOST" },
		{ EX_UNAVAILABLE, "EX_UNAVAILABLE" },
		{ EX_SOFTWARE, "EX_SOFTWARE" }, { EX_OSERR, "EX_OSERR" },
		{ EX_OSFILE, "EX_OSFILE" }, { EX_CANTCREAT, "EX_CANTCREAT" },
		{ EX_IOERR, "EX_IOERR" }, { EX_TEMPFAIL, "EX_TEMPFAIL" },
		{ EX_PROTOCOL, "EX_PROTOCOL" }, { EX_NOPERM, "EX_NOPERM" },
		{ EX_CONFIG, "EX_CONFIG" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].code == code)
			return names[i].name;
	return "EX_UNKNOWN";
}

/* A quoted value: quotes become '?', the rest made safe to read. */
static void
sendlog_quoted(struct buf *b, const char *key, const char *v)
{
	struct buf safe;
	size_t i;

	buf_init(&safe);
	utf8_sanitize(&safe, v, strlen(v));
	for (i = 0; i < safe.len; i++)
		if (safe.s[i] == '\'')
			safe.s[i] = '?';
	buf_addf(b, "%s='%s' ", key, safe.s != NULL ? safe.s : "");
	buf_free(&safe);
}

/* An unquoted value: blanks would split it, so they become '_'. */
static void
sendlog_plain(struct buf *b, const char *v)
{
	struct buf safe;
	size_t i;

	buf_init(&safe);
	utf8_sanitize(&safe, v, strlen(v));
	for (i = 0; i < safe.len; i++)
		if (safe.s[i] == ' ')
			safe.s[i] = '_';
	buf_adds(b, safe.s != NULL ? safe.s : "");
	buf_free(&safe);
}

char *
sendlog_line(const struct sendlog_entry *e)
{
	const struct config_account *a = e->account;
	struct buf b;
	char *msg;
	size_t i;
	int auth = a != NULL && account_auth(a);

	buf_init(&b);
	if (a == NULL)
		buf_adds(&b, "host=(local-outbox) tls=off auth=off ");
	else {
		buf_adds(&b, a->host != NULL ? "host=" : "socket=");
		sendlog_plain(&b, a->host != NULL ? a->host :
		    a->socket != NULL ? a->socket : "");
		buf_addf(&b, " tls=%s auth=%s ", a->tls != CONFIG_TLS_OFF ?
		    "on" : "off", auth ? "on" : "off");
		if (auth && a->user != NULL) {
			buf_adds(&b, "user=");
			sendlog_plain(&b, a->user);
			buf_addc(&b, ' ');
		}
	}
	buf_adds(&b, "from=");
	sendlog_plain(&b, e->from != NULL ? e->from : "");
	buf_adds(&b, " recipients=");
	for (i = 0; i < e->nrcpts; i++) {
		if (i > 0)
			buf_addc(&b, ',');
		sendlog_plain(&b, e->rcpts[i] != NULL ? e->rcpts[i] : "?");
	}
	buf_addc(&b, ' ');
	if (e->exitcode == 0)
		buf_addf(&b, "mailsize=%ld ", e->mailsize);
	if (e->smtpstatus > 0) {
		buf_addf(&b, "smtpstatus=%d ", e->smtpstatus);
		msg = xasprintf("%d %s", e->smtpstatus, e->smtpmsg != NULL ?
		    e->smtpmsg : "");
		sendlog_quoted(&b, "smtpmsg", msg);
		free(msg);
	}
	if (e->exitcode != 0 && e->errormsg != NULL && e->errormsg[0] != '\0')
		sendlog_quoted(&b, "errormsg", e->errormsg);
	if (e->guard != NULL)
		sendlog_quoted(&b, "guard", e->guard);
	if (e->kept != NULL) {
		buf_adds(&b, "kept=");
		sendlog_plain(&b, e->kept);
		buf_addc(&b, ' ');
	}
	buf_addf(&b, "exitcode=%s", sendlog_exitname(e->exitcode));
	return buf_take(&b);
}

/* Appends the line to a file (or standard output), locked; -1 with why. */
static int
sendlog_file(const char *path, const char *fmt, const char *line,
    char **why)
{
	char stamp[128];
	struct flock lk;
	struct tm tm;
	time_t now = time(NULL);
	FILE *f;
	size_t n;
	int tries;

	localtime_r(&now, &tm);
	/* The user's format, as msmtp passes it to strftime(). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	n = strftime(stamp, sizeof(stamp), fmt != NULL ? fmt :
	    "%b %d %H:%M:%S", &tm);
#pragma GCC diagnostic pop
	if (n == 0 && (fmt == NULL || fmt[0] != '\0')) {
		*why = xstrdup("invalid logfile_time_format");
		return -1;
	}
	if (strcmp(path, "-") == 0) {
		printf("%s%s%s\n", stamp, stamp[0] != '\0' ? " " : "", line);
		fflush(stdout);
		return 0;
	}
	if ((f = fopen(path, "a")) == NULL) {
		*why = xasprintf("cannot open: %s", strerror(errno));
		return -1;
	}
	memset(&lk, 0, sizeof(lk));
	lk.l_type = F_WRLCK;
	lk.l_whence = SEEK_SET;
	for (tries = 0; fcntl(fileno(f), F_SETLK, &lk) == -1; tries++) {
		if ((errno != EACCES && errno != EAGAIN) || tries >= 100) {
			*why = xasprintf("cannot lock: %s", strerror(errno));
			fclose(f);
			return -1;
		}
		usleep(100000);
	}
	fprintf(f, "%s%s%s\n", stamp, stamp[0] != '\0' ? " " : "", line);
	if (fclose(f) != 0) {
		*why = xasprintf("output error: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* msmtp's facility names to syslog's numbers. */
static int
sendlog_facility(const char *name)
{
	if (strcmp(name, "LOG_MAIL") == 0)
		return 2 << 3;
	if (strncmp(name, "LOG_LOCAL", 9) == 0 && name[9] >= '0' &&
	    name[9] <= '7')
		return (16 + name[9] - '0') << 3;
	return 1 << 3;		/* LOG_USER */
}

/*
 * A syslog datagram ("<PRI>Mmm dd hh:mm:ss sendguard: line", as syslog(3)
 * writes it after openlog("sendguard", 0, facility)) to the log socket.
 */
static void
sendlog_syslog(const char *facility, const char *line, int error)
{
	const char *path = getenv("SENDGUARD_SYSLOG_SOCKET");
	struct sockaddr_un sun;
	char stamp[32], *msg;
	struct tm tm;
	time_t now = time(NULL);
	int fd, types[2] = { SOCK_DGRAM, SOCK_STREAM };
	size_t i;

	if (path == NULL || path[0] == '\0')
		path = "/dev/log";
	if (strlen(path) >= sizeof(sun.sun_path))
		return;
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, path, strlen(path) + 1);
	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%b %e %H:%M:%S", &tm);
	msg = xasprintf("<%d>%s sendguard: %s", sendlog_facility(facility) |
	    (error ? 3 : 6), stamp, line);
	for (i = 0; i < 2; i++) {
		if ((fd = socket(AF_UNIX, types[i] | SOCK_CLOEXEC, 0)) == -1)
			continue;
		if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0 &&
		    send(fd, msg, strlen(msg) + (types[i] == SOCK_STREAM),
		    MSG_NOSIGNAL) >= 0) {
			close(fd);
			break;
		}
		close(fd);
	}
	free(msg);
}

void
sendlog_write(const struct sendlog_entry *e, const char *logfile)
{
	const struct config_account *a = e->account;
	char *line, *why = NULL;

	if (logfile == NULL && a != NULL)
		logfile = a->logfile;
	if (logfile == NULL && (a == NULL || a->syslog == NULL))
		return;
	line = sendlog_line(e);
	if (logfile != NULL && sendlog_file(logfile, a != NULL ?
	    a->logfile_time_format : NULL, line, &why) != 0) {
		fprintf(stderr, "sendguard: cannot log to %s: %s\n", logfile,
		    why);
		fprintf(stderr, "sendguard: log info was: %s\n", line);
		free(why);
	}
	if (a != NULL && a->syslog != NULL)
		sendlog_syslog(a->syslog, line, e->exitcode != 0);
	free(line);
}
