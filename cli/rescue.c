/*
 * rescue.c: a held message survives the process: SIGTERM, SIGINT and
 * SIGHUP keep it at once, and what SIGKILL leaves behind is kept by the
 * next run.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "common.h"
#include "tui.h"
#include "paths.h"
#include "rescue.h"

enum rescue_state {
	RESCUE_IDLE = 0,
	RESCUE_READING,		/* the input is being read */
	RESCUE_HELD,		/* read whole: a stop keeps it */
	RESCUE_SETTLED		/* sent, queued or kept */
};

static volatile sig_atomic_t rescue_state, rescue_stopped;
static pid_t	rescue_pid;
static char	rescue_src[PATH_MAX], rescue_dst[PATH_MAX];

/* write(2) of a string, in a signal handler. */
static void
rescue_say(const char *s)
{
	(void)!write(STDERR_FILENO, s, strlen(s));
}

/* Keeps the held message in the dead letters, says so, exits 75. */
static void
rescue_keep(int sig)
{
	tui_signal_restore();
	rescue_say(sig == SIGTERM ? "sendguard: stopped by SIGTERM" :
	    sig == SIGINT ? "sendguard: stopped by SIGINT" :
	    "sendguard: stopped by SIGHUP");
	if (rename(rescue_src, rescue_dst) == 0 ||
	    access(rescue_dst, F_OK) == 0) {
		rescue_say(" before the server confirmed the message: nothing "
		    "is sent from now on, and the message is kept in ");
		rescue_say(rescue_dst);
	} else {
		rescue_say(" before the server confirmed the message, which "
		    "could not be moved into the dead letters: it is in ");
		rescue_say(rescue_src);
	}
	rescue_say("\n");
	_exit(EX_TEMPFAIL);
}

static void
rescue_signal(int sig)
{
	int saved = errno;

	if (getpid() != rescue_pid || (rescue_state == RESCUE_READING &&
	    rescue_stopped)) {
		/* A child (the cache refresh), or a second stop while the
		 * input is read: the default action. */
		signal(sig, SIG_DFL);
		raise(sig);
	} else if (rescue_state == RESCUE_READING)
		rescue_stopped = sig;	/* read it whole, then keep it */
	else if (rescue_state == RESCUE_HELD)
		rescue_keep(sig);
	/* Settled: the run finishes what it does. */
	errno = saved;
}

void
rescue_begin(void)
{
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP };
	struct sigaction sa;
	size_t i;

	rescue_pid = getpid();
	rescue_stopped = 0;
	rescue_state = RESCUE_READING;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = rescue_signal;
	sa.sa_flags = SA_RESTART;
	sigfillset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

void
rescue_hold(const char *path)
{
	const char *base = strrchr(path, '/'), *tmp;
	sigset_t all, old;
	int n;

	/* The paths change under no handler. */
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	rescue_state = RESCUE_IDLE;
	/* The spool is DIR/tmp/NAME: a stop moves it to DIR/new/NAME. */
	for (tmp = base; tmp != NULL && tmp > path && tmp[-1] != '/'; tmp--)
		;
	n = snprintf(rescue_dst, sizeof(rescue_dst), "%.*snew%s",
	    (int)(tmp - path), path, base != NULL ? base : "");
	if (base != NULL && tmp != NULL && tmp != path &&
	    strncmp(tmp, "tmp/", 4) == 0 && strlen(path) < PATH_MAX &&
	    n > 0 && (size_t)n < sizeof(rescue_dst)) {
		memcpy(rescue_src, path, strlen(path) + 1);
		rescue_state = RESCUE_HELD;
		/* Stopped while the input was read: kept, now it is whole. */
		if (rescue_stopped)
			rescue_keep(rescue_stopped);
	} else {
		/* Not in a Maildir's tmp/: a stop is a stop. */
		signal(SIGTERM, SIG_DFL);
		signal(SIGINT, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		if (rescue_stopped)
			raise(rescue_stopped);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
}

void
rescue_release(void)
{
	if (rescue_state == RESCUE_HELD)
		rescue_state = RESCUE_SETTLED;
}

/* This host's name as maildir_create_tmp() writes it. */
static void
rescue_host(char *host, size_t len)
{
	char *p;

	if (gethostname(host, len) != 0)
		snprintf(host, len, "localhost");
	host[len - 1] = '\0';
	for (p = host; *p != '\0'; p++)
		if (*p == '/' || *p == ':')
			*p = '_';
}

/*
 * Whether a Maildir tmp/ name ("SECS.MUSECPPIDQN.HOST[,S=SIZE]") is one
 * of this host's whose process is gone; *size gets SIZE, or -1.
 */
static int
rescue_orphan(const char *name, const char *host, long long *size)
{
	const char *p = strchr(name, '.'), *q, *s;
	char *end;
	long pid;

	*size = -1;
	if (p == NULL || p[1] != 'M' || (p = strchr(p, 'P')) == NULL)
		return 0;
	pid = strtol(p + 1, &end, 10);
	if (end == p + 1 || *end != 'Q' || pid <= 0 ||
	    (q = strchr(end, '.')) == NULL)
		return 0;
	q++;
	s = strstr(q, ",S=");
	if (strlen(host) != (size_t)(s != NULL ? s - q : (long)strlen(q)) ||
	    strncmp(q, host, strlen(host)) != 0)
		return 0;	/* another host's, or not ours */
	if (kill((pid_t)pid, 0) == 0 || errno == EPERM)
		return 0;	/* its process still runs */
	if (s != NULL)
		*size = strtoll(s + 3, NULL, 10);
	return 1;
}

/* Keeps (or, for copies, removes) the orphans of one Maildir's tmp/. */
static size_t
rescue_dir(const char *dir, int keep, const char *host)
{
	struct dirent *de;
	struct stat st;
	char *tmpdir = xasprintf("%s/tmp", dir), *src, *dst;
	long long size;
	size_t kept = 0;
	DIR *d;

	if ((d = opendir(tmpdir)) == NULL) {
		free(tmpdir);
		return 0;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || !rescue_orphan(de->d_name, host,
		    &size))
			continue;
		src = xasprintf("%s/%s", tmpdir, de->d_name);
		if (!keep) {
			unlink(src);
			free(src);
			continue;
		}
		if (stat(src, &st) != 0) {
			free(src);
			continue;
		}
		dst = xasprintf("%s/new/%s%s", dir, de->d_name, size ==
		    (long long)st.st_size ? "" : ".partial");
		if (rename(src, dst) == 0) {
			kept++;
			if (size == (long long)st.st_size)
				errline("a run stopped earlier (killed) had not "
				    "sent its message: it is kept in %s", dst);
			else
				errline("a run stopped while it read its "
				    "message kept what it had read in %s (the "
				    "sender still has the message)", dst);
		}
		free(src);
		free(dst);
	}
	closedir(d);
	free(tmpdir);
	return kept;
}

size_t
rescue_orphans(void)
{
	char host[256], *dead = paths_state("dead.letter"),
	    *queue = paths_data("queue");
	size_t kept;

	rescue_host(host, sizeof(host));
	kept = rescue_dir(dead, 1, host);
	/* A copy being queued: its spool is what is kept. */
	rescue_dir(queue, 0, host);
	free(dead);
	free(queue);
	return kept;
}
