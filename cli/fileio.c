/* fileio.c: whole-file reads, atomic writes, directories. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "common.h"
#include "config.h"
#include "fileio.h"

int
fileio_write_atomic(const char *path, const void *data, size_t len,
    mode_t mode, char **errstr)
{
	struct iovec iov;

	iov.iov_base = (void *)(uintptr_t)data;
	iov.iov_len = len;
	return fileio_write_atomicv(path, &iov, 1, mode, errstr);
}

int
fileio_write_atomicv(const char *path, const struct iovec *iov, int niov,
    mode_t mode, char **errstr)
{
	char *tmp, *dir;
	int fd, saved, i, bad = 0;

	dir = fileio_dirname(path);
	if (mkdirs(dir) != 0) {
		*errstr = xasprintf("%s: %s", dir, strerror(errno));
		free(dir);
		return -1;
	}
	tmp = xasprintf("%s.tmp.XXXXXX", path);
	if ((fd = mkstemp(tmp)) == -1) {
		*errstr = xasprintf("%s: %s", tmp, strerror(errno));
		free(tmp);
		free(dir);
		return -1;
	}
	bad = fchmod(fd, mode) != 0;
	for (i = 0; !bad && i < niov; i++)
		bad = file_write_all(fd, iov[i].iov_base, iov[i].iov_len) != 0;
	if (bad || fsync(fd) != 0) {
		saved = errno;
		close(fd);
		unlink(tmp);
		*errstr = xasprintf("%s: %s", path, strerror(saved));
		free(tmp);
		free(dir);
		errno = saved;
		return -1;
	}
	if (close(fd) != 0 || rename(tmp, path) != 0) {
		saved = errno;
		unlink(tmp);
		*errstr = xasprintf("%s: %s", path, strerror(saved));
		free(tmp);
		free(dir);
		errno = saved;
		return -1;
	}
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		fsync(fd);
		close(fd);
	}
	free(tmp);
	free(dir);
	return 0;
}

int
fileio_lock(const char *path, int shared, char **errstr)
{
	char *dir = fileio_dirname(path);
	int fd;

	/* A reader creates nothing: no lock file, no writer yet. */
	if ((!shared && mkdirs(dir) != 0) || (fd = open(path, shared ?
	    O_RDONLY | O_CLOEXEC : O_RDWR | O_CREAT | O_CLOEXEC, 0600)) == -1) {
		*errstr = xasprintf("%s: %s", path, strerror(errno));
		free(dir);
		return -1;
	}
	free(dir);
	while (flock(fd, shared ? LOCK_SH : LOCK_EX) == -1) {
		if (errno != EINTR) {
			*errstr = xasprintf("%s: %s", path, strerror(errno));
			close(fd);
			return -1;
		}
	}
	return fd;
}

void
fileio_unlock(int fd)
{
	if (fd != -1)
		close(fd);	/* the lock goes with it */
}

int
fileio_read_config(const char *path, int missing_ok, struct buf *b,
    char **errstr)
{
	if (file_read(path, b, errstr) == 0)
		return 1;
	if (missing_ok && errno == ENOENT) {
		free(*errstr);
		*errstr = NULL;
		return 0;
	}
	return CONFIG_EIO;
}

char *
fileio_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	return xstrndup(path, slash == path ? 1 : (size_t)(slash - path));
}

int
fileio_private(const char *path, char **errstr)
{
	struct stat st;

	if (stat(path, &st) == 0 && (st.st_mode & 077) == 0)
		return 0;
	*errstr = xasprintf("%s: holds a password but others may read it; "
	    "run chmod 600 %s", path, path);
	return -1;
}

/* Makes a path from a config file absolute: ~/x from $HOME, x from dir. */
void
fileio_absolute(char **path, const char *dir)
{
	const char *home = getenv("HOME");
	char *p;

	if (*path == NULL || (*path)[0] == '/')
		return;
	if (strncmp(*path, "~/", 2) == 0 && home != NULL)
		p = xasprintf("%s/%s", home, *path + 2);
	else
		p = xasprintf("%s/%s", dir, *path);
	free(*path);
	*path = p;
}
