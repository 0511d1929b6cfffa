/* path.c: files and directories: whole-file reads, directory trees. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "common.h"

int
mkdirs(const char *path)
{
	char *p = xstrdup(path), *s, c;
	int rc = 0;

	for (s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		c = *s;
		*s = '\0';
		if (mkdir(p, 0700) == -1 && errno != EEXIST) {
			rc = -1;
			break;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	free(p);
	return rc;
}

int
file_read(const char *path, struct buf *b, char **errstr)
{
	char chunk[65536];
	ssize_t n;
	int fd, saved;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		saved = errno;
		*errstr = xasprintf("%s: %s", path, strerror(saved));
		errno = saved;
		return -1;
	}
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		buf_add(b, chunk, (size_t)n);
	}
	saved = errno;
	close(fd);
	if (n < 0) {
		*errstr = xasprintf("%s: %s", path, strerror(saved));
		errno = saved;
		return -1;
	}
	if (b->s == NULL)
		buf_add(b, "", 0);
	return 0;
}

int
file_write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

void
stdio_null(void)
{
	int fd;

	if ((fd = open("/dev/null", O_RDWR)) == -1)
		return;
	dup2(fd, STDIN_FILENO);
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	if (fd > STDERR_FILENO)
		close(fd);
}
