/* maildir.c: atomic delivery into Maildirs (outbox, dead letters, queue). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "common.h"
#include "transport.h"
#include "maildir.h"

static int
maildir_prepare(const char *dir, char **errstr)
{
	static const char *const sub[] = { "tmp", "new", "cur" };
	char *p;
	size_t i;

	for (i = 0; i < 3; i++) {
		p = xasprintf("%s/%s", dir, sub[i]);
		if (mkdirs(p) != 0) {
			*errstr = xasprintf("cannot create %s: %s", p,
			    strerror(errno));
			free(p);
			return -1;
		}
		free(p);
	}
	return 0;
}

int
maildir_create_tmp(const char *dir, char **path, char **errstr)
{
	static unsigned long counter;
	struct timeval tv;
	char host[256];
	char *p;
	int fd, tries;

	if (maildir_prepare(dir, errstr) != 0)
		return -1;
	if (gethostname(host, sizeof(host)) != 0)
		strcpy(host, "localhost");
	host[sizeof(host) - 1] = '\0';
	for (p = host; *p != '\0'; p++)
		if (*p == '/' || *p == ':')
			*p = '_';
	for (tries = 0; tries < 100; tries++) {
		gettimeofday(&tv, NULL);
		p = xasprintf("%s/tmp/%lld.M%06ldP%ldQ%lu.%s", dir,
		    (long long)tv.tv_sec, (long)tv.tv_usec, (long)getpid(),
		    ++counter, host);
		fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd != -1) {
			*path = p;
			return fd;
		}
		free(p);
		if (errno != EEXIST)
			break;
	}
	*errstr = xasprintf("cannot create a file in %s/tmp: %s", dir,
	    strerror(errno));
	return -1;
}

/* fsyncs a directory so that a rename in it survives a crash. */
static void
maildir_sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd != -1) {
		fsync(fd);
		close(fd);
	}
}

int
maildir_commit(const char *dir, const char *tmppath, char **path,
    char **errstr)
{
	const char *base = strrchr(tmppath, '/');
	char *dst, *newdir;
	int fd;

	base = base != NULL ? base + 1 : tmppath;
	if (maildir_prepare(dir, errstr) != 0)
		return -1;
	if ((fd = open(tmppath, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fsync(fd) != 0) {
		*errstr = xasprintf("cannot sync %s: %s", tmppath,
		    strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	close(fd);
	dst = xasprintf("%s/new/%s", dir, base);
	if (rename(tmppath, dst) != 0) {
		*errstr = xasprintf("cannot move %s to %s: %s", tmppath, dst,
		    strerror(errno));
		free(dst);
		return -1;
	}
	newdir = xasprintf("%s/new", dir);
	maildir_sync_dir(newdir);
	free(newdir);
	if (path != NULL)
		*path = dst;
	else
		free(dst);
	return 0;
}

/* Finishes a tmp file: fsync, close, rename into new/. */
static int
maildir_finish(const char *dir, int fd, char *tmp, int failed, char **path,
    char **errstr)
{
	int saved;

	if (failed || fsync(fd) != 0) {
		saved = errno;
		close(fd);
		unlink(tmp);
		*errstr = xasprintf("cannot write %s: %s", tmp,
		    strerror(saved));
		free(tmp);
		return -1;
	}
	if (close(fd) != 0) {
		*errstr = xasprintf("cannot write %s: %s", tmp,
		    strerror(errno));
		unlink(tmp);
		free(tmp);
		return -1;
	}
	if (maildir_commit(dir, tmp, path, errstr) != 0) {
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}

int
maildir_store(const char *dir, const void *data, size_t len, char **path,
    char **errstr)
{
	char *tmp;
	int fd;

	if ((fd = maildir_create_tmp(dir, &tmp, errstr)) == -1)
		return -1;
	return maildir_finish(dir, fd, tmp,
	    file_write_all(fd, data, len) != 0, path, errstr);
}

int
maildir_store_message(const char *dir, struct message *msg, char **path,
    char **errstr)
{
	char buf[65536], *tmp;
	ssize_t n;
	int fd, failed = 0;

	if ((fd = maildir_create_tmp(dir, &tmp, errstr)) == -1)
		return -1;
	message_rewind(msg);
	while ((n = message_read(msg, buf, sizeof(buf))) > 0)
		if (file_write_all(fd, buf, (size_t)n) != 0) {
			failed = 1;
			break;
		}
	if (n < 0)
		failed = 1;
	return maildir_finish(dir, fd, tmp, failed, path, errstr);
}
