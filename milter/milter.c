/*
 * milter.c: "sendguard milter": options, the daemon, and the signals.
 *
 * libmilter runs the sessions and a thread of its own that takes SIGHUP,
 * SIGTERM and SIGINT with sigwait() and stops the milter on any of them,
 * after up to 5 seconds (its listener's select()). SIGHUP must reload
 * instead, so libmilter runs in a second thread and every thread blocks
 * every signal but the main one, which leaves those three open (with
 * SA_NODEFER: even inside their handler): Linux hands a signal sent to
 * the process to its main thread whenever that thread takes it, so
 * libmilter's signal thread never sees one. SIGTERM and SIGINT stop
 * libmilter: smfi_stop() in a thread of its own (it waits for the lock
 * the listener holds in select()), and connections to our own socket
 * until the listener wakes up and sees it must stop.
 */
#include <poll.h>
#include <netdb.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include <libmilter/mfapi.h>

#include "common.h"
#include "guard.h"
#include "hold.h"
#include "milter.h"
#include "mlog.h"
#include "session.h"

static const char milter_usage[] =
    "usage: sendguard milter [-C FILE] --socket inet:PORT@HOST | "
    "unix:PATH [--foreground]\n";

/*
 * The main thread's wake-up: 'h' reload, 't' stop, 'q' libmilter has
 * returned. Written by signal handlers, so a global.
 */
static int milter_pipe[2] = { -1, -1 };

static void
milter_signal(int sig)
{
	int saved = errno;

	(void)!write(milter_pipe[1], sig == SIGHUP ? "h" : "t", 1);
	errno = saved;
}

/* Connects to the milter's own socket, so that its listener wakes up. */
static void
milter_wake(const char *spec)
{
	struct sockaddr_un sun;
	struct addrinfo hints, *res = NULL;
	const char *p = strchr(spec, ':') + 1, *at;
	char *port;
	int fd = -1;

	if (strncmp(spec, "inet", 4) != 0) {
		memset(&sun, 0, sizeof(sun));
		sun.sun_family = AF_UNIX;
		if (strlen(p) < sizeof(sun.sun_path) &&
		    (fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) != -1) {
			memcpy(sun.sun_path, p, strlen(p));
			(void)connect(fd, (struct sockaddr *)&sun, sizeof(sun));
		}
	} else {
		memset(&hints, 0, sizeof(hints));
		hints.ai_socktype = SOCK_STREAM;
		at = strchr(p, '@');
		port = xstrndup(p, at != NULL ? (size_t)(at - p) : strlen(p));
		if (getaddrinfo(at != NULL ? at + 1 : NULL, port, &hints,
		    &res) == 0 && (fd = socket(res->ai_family,
		    res->ai_socktype | SOCK_CLOEXEC, 0)) != -1)
			(void)connect(fd, res->ai_addr, res->ai_addrlen);
		if (res != NULL)
			freeaddrinfo(res);
		free(port);
	}
	if (fd != -1)
		close(fd);
}

static void *
milter_stop(void *arg)
{
	(void)arg;
	smfi_stop();
	return NULL;
}

static void *
milter_run(void *arg)
{
	int *rc = arg;

	*rc = smfi_main();
	(void)!write(milter_pipe[1], "q", 1);
	return NULL;
}

/* Checks a socket as Postfix and libmilter write it. */
static int
milter_socket_ok(const char *spec)
{
	const char *at;

	if (strncmp(spec, "unix:", 5) == 0 || strncmp(spec, "local:", 6) == 0)
		return strchr(spec, ':')[1] == '/';
	if (strncmp(spec, "inet:", 5) != 0 && strncmp(spec, "inet6:", 6) != 0)
		return 0;
	spec = strchr(spec, ':') + 1;
	at = strchr(spec, '@');
	return spec[0] >= '0' && spec[0] <= '9' &&
	    strspn(spec, "0123456789") == (at != NULL ? (size_t)(at - spec) :
	    strlen(spec)) && (at == NULL || at[1] != '\0');
}

/* Detaches from the terminal: the parent returns, the child goes on. */
static int
milter_daemon(void)
{
	pid_t pid;

	if ((pid = fork()) == -1)
		return -1;
	if (pid != 0)
		_exit(0);
	setsid();
	if (chdir("/") != 0)
		return -1;
	stdio_null();
	return 0;
}

/* Reads the config again; a bad one leaves the running one in place. */
static void
milter_reload(const char *config)
{
	struct hold *h;
	char *err = NULL;

	if (hold_load(config, &err) != 0) {
		mlog(LOG_ERR, "reload failed, the previous config stays: %s",
		    err);
		free(err);
		return;
	}
	h = hold_get();
	mlog(LOG_INFO, "reloaded %s (%zu known domains in known_domains)",
	    config, hold_known(h));
	hold_put(h);
}

/* Starts libmilter's thread and serves signals until it returns. */
static int
milter_serve(const char *config, const char *sock)
{
	static const int sigs[] = { SIGHUP, SIGTERM, SIGINT };
	struct sigaction sa;
	struct pollfd pfd;
	sigset_t all, ours;
	size_t i;
	pthread_t t, stopper;
	char c;
	int rc = 0, stopping = 0;

	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	if (pipe(milter_pipe) != 0 ||
	    pthread_create(&t, NULL, milter_run, &rc) != 0) {
		mlog(LOG_ERR, "cannot start: %s", strerror(errno));
		return EX_OSERR;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = milter_signal;
	sa.sa_flags = SA_RESTART | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	sigemptyset(&ours);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		sigaction(sigs[i], &sa, NULL);
		sigaddset(&ours, sigs[i]);
	}
	pthread_sigmask(SIG_UNBLOCK, &ours, NULL);
	pfd.fd = milter_pipe[0];
	pfd.events = POLLIN;
	for (;;) {
		if (poll(&pfd, 1, stopping ? 50 : -1) == 0) {
			milter_wake(sock);
			continue;
		}
		if (read(milter_pipe[0], &c, 1) != 1) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			break;
		}
		if (c == 'q')
			break;
		if (c == 'h')
			milter_reload(config);
		else if (!stopping) {
			/* Its signals stay with this thread. */
			pthread_sigmask(SIG_BLOCK, &all, NULL);
			if (pthread_create(&stopper, NULL, milter_stop,
			    NULL) == 0) {
				pthread_detach(stopper);
				stopping = 1;
			}
			pthread_sigmask(SIG_UNBLOCK, &ours, NULL);
			milter_wake(sock);
		}
	}
	pthread_join(t, NULL);
	return rc == MI_SUCCESS ? 0 : EX_SOFTWARE;
}

int
milter_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'C' },
		{ "socket", required_argument, NULL, 's' },
		{ "foreground", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *config = MILTER_CONFIG;
	char *sock = NULL, *err = NULL;
	struct hold *h;
	int c, foreground = 0, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+C:s:fh", longopts, NULL)) != -1) {
		switch (c) {
		case 'C':
			config = optarg;
			break;
		case 's':
			sock = optarg;
			break;
		case 'f':
			foreground = 1;
			break;
		case 'h':
			fputs(milter_usage, stdout);
			return 0;
		default:
			fputs(milter_usage, stderr);
			return EX_USAGE;
		}
	}
	if (optind < argc || sock == NULL || !milter_socket_ok(sock)) {
		fprintf(stderr, "sendguard: milter: %s\n%s", sock == NULL ?
		    "--socket is required" : optind < argc ? "unexpected "
		    "argument" : "--socket must be inet:PORT@HOST or "
		    "unix:/PATH", milter_usage);
		return EX_USAGE;
	}
	/* A cache of the known_domains index: the system's, not a user's. */
	if (getenv("XDG_CACHE_HOME") == NULL && getuid() == 0)
		setenv("XDG_CACHE_HOME", "/var/cache", 1);
	if (hold_load(config, &err) != 0) {
		fprintf(stderr, "sendguard: milter: %s\n", err);
		free(err);
		return EX_CONFIG;
	}
	signal(SIGPIPE, SIG_IGN);
	if (smfi_register(*session_filter()) != MI_SUCCESS ||
	    smfi_setconn(sock) != MI_SUCCESS ||
	    smfi_opensocket(1) != MI_SUCCESS) {
		fprintf(stderr, "sendguard: milter: cannot listen on %s\n",
		    sock);
		hold_end();
		return EX_UNAVAILABLE;
	}
	if (!foreground && milter_daemon() != 0) {
		fprintf(stderr, "sendguard: milter: cannot become a daemon: "
		    "%s\n", strerror(errno));
		hold_end();
		return EX_OSERR;
	}
	mlog_open(foreground);
	h = hold_get();
	mlog(LOG_INFO, "listening on %s with %s (%zu known domains in "
	    "known_domains)", sock, config, hold_known(h));
	hold_put(h);
	rc = milter_serve(config, sock);
	mlog(LOG_INFO, "stopped");
	hold_end();
	return rc;
}
