/* tty.c: finding the user's terminal when we have none (under mutt). */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"
#include "tty.h"

/* Reads the parent and the terminal device of a process from /proc. */
static int
tty_stat(pid_t pid, pid_t *ppid, unsigned long *ttynr)
{
	char path[64], buf[1024], *paren;
	long pp;
	int fd, tty;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	/* The command name may hold spaces and parentheses: skip to the
	 * last ')'. Then: state ppid pgrp session tty_nr. */
	if ((paren = strrchr(buf, ')')) == NULL ||
	    sscanf(paren + 1, " %*c %ld %*d %*d %d", &pp, &tty) != 2)
		return -1;
	*ppid = (pid_t)pp;
	*ttynr = (unsigned int)tty;
	return 0;
}

/* The device path of a process's terminal: one of its fds 0-2 on it. */
static char *
tty_path(pid_t pid, unsigned long ttynr)
{
	char link[64], target[PATH_MAX];
	struct stat st;
	ssize_t n;
	int fd;

	for (fd = 0; fd <= 2; fd++) {
		snprintf(link, sizeof(link), "/proc/%ld/fd/%d", (long)pid, fd);
		if ((n = readlink(link, target, sizeof(target) - 1)) <= 0)
			continue;
		target[n] = '\0';
		if (strncmp(target, "/dev/", 5) == 0 &&
		    stat(target, &st) == 0 && S_ISCHR(st.st_mode) &&
		    (unsigned long)st.st_rdev == ttynr)
			return xstrdup(target);
	}
	return NULL;
}

char *
tty_find(const char *given)
{
	const char *env = getenv("SENDGUARD_TTY");
	unsigned long ttynr;
	pid_t pid = getppid(), ppid;
	char *path;
	int depth;

	if (given != NULL)
		return xstrdup(given);
	if (env != NULL && *env != '\0')
		return strcmp(env, "none") == 0 ? NULL : xstrdup(env);
	for (depth = 0; depth < 64 && pid > 1; depth++) {
		if (tty_stat(pid, &ppid, &ttynr) != 0)
			return NULL;
		if (ttynr != 0 && (path = tty_path(pid, ttynr)) != NULL)
			return path;
		pid = ppid;
	}
	return NULL;
}
