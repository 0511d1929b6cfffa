/*
 * pty_env.h: a pty test's own home (config, state, data directories, a
 * trace, maybe an SMTP server) and waiting for the screen, shared by the
 * pty test files. static inline: a file that does not use every helper
 * stays quiet under -Wunused-function.
 */
#ifndef SENDGUARD_PTY_ENV_H
#define SENDGUARD_PTY_ENV_H

#include <signal.h>
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
