/*
 * pty_env.h: a pty test's own home (config, state, data directories, a
 * trace, maybe an SMTP server) and waiting for the screen, shared by the
 * pty test files. static inline: a file that does not use every helper
 * stays quiet under -Wunused-function.
 */
#ifndef SENDGUARD_PTY_ENV_H
#define SENDGUARD_PTY_ENV_H

#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "harness.h"

#ifndef WAIT
#define WAIT	8000
#endif

/* A test's own home: config, state and data directories, a trace. */
struct env {
	char	 dir[64];
	char	*vars[12];
	size_t	 n;
	pid_t	 server;
	int	 port;
};

static inline char *
env_path(struct env *e, const char *name)
{
	static char buf[PATH_MAX];

	snprintf(buf, sizeof(buf), "%s/%s", e->dir, name);
	return buf;
}

static inline void
env_add(struct env *e, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	assert_true(vasprintf(&s, fmt, ap) > 0);
	va_end(ap);
	e->vars[e->n++] = s;
	e->vars[e->n] = NULL;
}

static inline void
env_file(struct env *e, const char *name, const char *text, mode_t mode)
{
	FILE *f = fopen(env_path(e, name), "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	chmod(env_path(e, name), mode);
}

/* A fresh home: e->dir under /tmp, with config/sendguard/ and home/. */
static inline void
env_mkdirs(struct env *e)
{
	char *cmd;

	memset(e, 0, sizeof(*e));
	strcpy(e->dir, "/tmp/sgpty.XXXXXX");
	assert_non_null(mkdtemp(e->dir));
	assert_true(asprintf(&cmd, "mkdir -p %s/config/sendguard %s/home",
	    e->dir, e->dir) > 0);
	assert_int_equal(system(cmd), 0);
	free(cmd);
}

/*
 * The environment of a test's home: its XDG directories and trace under
 * e->dir, the themes of the source tree top, no NO_COLOR, no
 * SENDGUARD_TTY.
 */
static inline void
env_homes(struct env *e, const char *top)
{
	env_add(e, "HOME=%s/home", e->dir);
	env_add(e, "XDG_CONFIG_HOME=%s/config", e->dir);
	env_add(e, "XDG_STATE_HOME=%s/state", e->dir);
	env_add(e, "XDG_DATA_HOME=%s/data", e->dir);
	env_add(e, "XDG_CACHE_HOME=%s/cache", e->dir);
	env_add(e, "SENDGUARD_TRACE=%s/trace", e->dir);
	env_add(e, "SENDGUARD_THEMES=%s/themes", top);
	env_add(e, "NO_COLOR");
	env_add(e, "SENDGUARD_TTY");
}

static inline void
env_free(struct env *e)
{
	char *cmd;
	size_t i;

	if (e->server > 0) {
		kill(e->server, SIGTERM);
		waitpid(e->server, NULL, 0);
	}
	for (i = 0; i < e->n; i++)
		free(e->vars[i]);
	assert_true(asprintf(&cmd, "rm -rf %s", e->dir) > 0);
	if (system(cmd) != 0)
		print_error("could not remove %s\n", e->dir);
	free(cmd);
}

static inline void
must_see(struct pty *p, const char *text)
{
	char *d;

	if (pty_wait_text(p, text, WAIT) == 0)
		return;
	d = pty_dump(p);
	print_error("\"%s\" never showed; screen:\n%s\n", text, d);
	free(d);
	fail();
}

/* Starts the test SMTP server (aiosmtpd, top's tests/smtp) on 127.0.0.1. */
static inline void
env_server(struct env *e, const char *top)
{
	char script[PATH_MAX + 64], *port = env_path(e, "port"), portf[PATH_MAX];
	char spool[PATH_MAX];
	FILE *f;
	int i;

	snprintf(script, sizeof(script), "%s/tests/smtp/server.py", top);
	snprintf(portf, sizeof(portf), "%s", port);
	snprintf(spool, sizeof(spool), "%s/spool", e->dir);
	mkdir(spool, 0700);
	if ((e->server = fork()) == 0) {
		freopen("/dev/null", "w", stdout);
		freopen("/dev/null", "w", stderr);
		execl("/usr/bin/python3", "python3", script, "--port-file",
		    portf, "--spool", spool, "--exit-with-parent", (char *)NULL);
		_exit(127);
	}
	for (i = 0; i < 1000 && access(portf, R_OK) != 0; i++)
		usleep(10000);
	assert_non_null(f = fopen(portf, "r"));
	assert_int_equal(fscanf(f, "%d", &e->port), 1);
	fclose(f);
}

/* Reads a file of the test's home into a string (allocated). */
static inline char *
env_read(struct env *e, const char *name)
{
	FILE *f = fopen(env_path(e, name), "r");
	char *s = calloc(1, 1 << 20);

	if (f == NULL) {
		free(s);
		return NULL;
	}
	if (fread(s, 1, (1 << 20) - 1, f) == 0)
		s[0] = '\0';
	fclose(f);
	return s;
}

/*
 * The binary under test (BUILD/sendguard, next to this test's BUILD/pty/)
 * and the source tree (SENDGUARD_TOP, else ".").
 */
static inline void
env_locate(char *bin, size_t binlen, char *top, size_t toplen)
{
	char self[PATH_MAX - 64], *slash;
	const char *t = getenv("SENDGUARD_TOP");
	ssize_t n;

	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	self[n > 0 ? n : 0] = '\0';
	if ((slash = strrchr(self, '/')) != NULL)
		*slash = '\0';
	snprintf(bin, binlen, "%s/../sendguard", self);
	snprintf(top, toplen, "%s", t != NULL ? t : ".");
}

#endif
