/* cmdout.c: the first line a shell command prints (eval, passwordeval). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "cmdout.h"

#define CMDOUT_MAX	65536

static char *
cmdout_fail(const char *cmd, const char *why, char **errstr)
{
	struct buf b;

	buf_init(&b);
	buf_adds(&b, "cannot read output of '");
	utf8_sanitize(&b, cmd, strlen(cmd));
	buf_adds(&b, "'");
	if (why != NULL)
		buf_addf(&b, ": %s", why);
	*errstr = buf_take(&b);
	return NULL;
}

char *
cmdout_first_line(const char *cmd, char **errstr)
{
	char chunk[4096], *nl;
	struct buf out;
	ssize_t n;
	pid_t pid;
	int fds[2], status, devnull;

	if (pipe(fds) != 0)
		return cmdout_fail(cmd, strerror(errno), errstr);
	if ((pid = fork()) == -1) {
		close(fds[0]);
		close(fds[1]);
		return cmdout_fail(cmd, strerror(errno), errstr);
	}
	if (pid == 0) {
		close(fds[0]);
		if ((devnull = open("/dev/null", O_RDONLY)) != -1) {
			dup2(devnull, STDIN_FILENO);
			if (devnull != STDIN_FILENO)
				close(devnull);
		}
		dup2(fds[1], STDOUT_FILENO);
		if (fds[1] != STDOUT_FILENO)
			close(fds[1]);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	buf_init(&out);
	while ((n = read(fds[0], chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		/* The rest is read and dropped, so the command is not cut off
		 * by a broken pipe before it ends. */
		if (out.len < CMDOUT_MAX)
			buf_add(&out, chunk, (size_t)n);
	}
	close(fds[0]);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	if (out.len == 0) {
		buf_free(&out);
		return cmdout_fail(cmd, NULL, errstr);
	}
	if ((nl = memchr(out.s, '\n', out.len)) != NULL) {
		*nl = '\0';
		out.len = (size_t)(nl - out.s);
	}
	if (out.len > 0 && out.s[out.len - 1] == '\r')
		out.s[--out.len] = '\0';
	if (memchr(out.s, '\0', out.len) != NULL) {
		buf_free(&out);
		return cmdout_fail(cmd, "it holds a NUL byte", errstr);
	}
	return buf_take(&out);
}
