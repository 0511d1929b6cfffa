/* state.c: trusted domains and short permits, under XDG_STATE_HOME. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "common.h"
#include "guard.h"
#include "fileio.h"
#include "paths.h"
#include "state.h"

/* Reads a state file into lines (comments and blanks left out). */
static void
state_lines(const char *name, struct strlist *out)
{
	struct buf b;
	char *path = paths_state(name), *err = NULL, *p, *nl;

	buf_init(&b);
	if (file_read(path, &b, &err) != 0) {
		free(err);
		free(path);
		return;
	}
	for (p = b.s; p != NULL && *p != '\0'; p = nl) {
		if ((nl = strchr(p, '\n')) != NULL)
			*nl++ = '\0';
		str_trim(p);
		if (*p != '\0' && *p != '#')
			strlist_add(out, p);
	}
	buf_free(&b);
	free(path);
}

static int
state_write(const char *name, const struct strlist *l, char **errstr)
{
	struct buf b;
	char *path = paths_state(name);
	size_t i;
	int rc;

	buf_init(&b);
	for (i = 0; i < l->n; i++)
		buf_addf(&b, "%s\n", l->v[i]);
	rc = fileio_write_atomic(path, b.s != NULL ? b.s : "", b.len, 0600,
	    errstr);
	buf_free(&b);
	free(path);
	return rc;
}

void
state_trusted(struct strlist *out)
{
	state_lines("trusted", out);
}

void
state_permits(struct strlist *out, time_t now)
{
	struct strlist l = { NULL, 0 };
	char *sp;
	size_t i;

	state_lines("permits", &l);
	for (i = 0; i < l.n; i++) {
		/* "DOMAIN EXPIRES" */
		if ((sp = strchr(l.v[i], ' ')) == NULL)
			continue;
		*sp = '\0';
		if (strtoll(sp + 1, NULL, 10) > (long long)now)
			strlist_add(out, l.v[i]);
	}
	strlist_free(&l);
}

/*
 * Locks the trusted domains and the permits for a read-modify-write, so
 * that two commands at once never lose each other's change.
 */
static int
state_lock(char **errstr)
{
	char *path = paths_state("state.lock");
	int fd = fileio_lock(path, 0, errstr);

	free(path);
	return fd;
}

/* A domain as stored: lowercase, checked. */
static char *
state_domain(const char *d, char **errstr)
{
	char *s;

	if (guard_domain_valid(d, errstr) != 0)
		return NULL;
	s = xstrdup(d);
	str_lower(s);
	return s;
}

int
state_trust(const char *domain, int add, char **errstr)
{
	struct strlist l = { NULL, 0 }, out = { NULL, 0 };
	char *d;
	size_t i;
	int rc, fd, found = 0;

	if ((d = state_domain(domain, errstr)) == NULL)
		return -1;
	if ((fd = state_lock(errstr)) == -1) {
		free(d);
		return -1;
	}
	state_lines("trusted", &l);
	for (i = 0; i < l.n; i++) {
		if (strcmp(l.v[i], d) == 0) {
			found = 1;
			if (!add)
				continue;
		}
		strlist_add(&out, l.v[i]);
	}
	if (add && !found)
		strlist_add(&out, d);
	/* Nothing to change: nothing to write (a full disk is no error). */
	rc = add == found ? 0 : state_write("trusted", &out, errstr);
	fileio_unlock(fd);
	strlist_free(&l);
	strlist_free(&out);
	free(d);
	return rc;
}

/*
 * Rewrites the permits under the lock: drops expired ones and those of
 * skip (whose expiry, if one was there, goes to *had), and adds add until
 * until. Returns 1 if skip had a permit, 0 if not, -1 with *errstr.
 */
static int
state_permits_edit(const char *skip, const char *add, time_t until,
    time_t now, time_t *had, char **errstr)
{
	struct strlist l = { NULL, 0 }, out = { NULL, 0 };
	char *sp, *line;
	long long t;
	size_t i;
	int rc, fd, found = 0;

	if ((fd = state_lock(errstr)) == -1)
		return -1;
	state_lines("permits", &l);
	for (i = 0; i < l.n; i++) {
		line = xstrdup(l.v[i]);
		if ((sp = strchr(line, ' ')) != NULL) {
			*sp = '\0';
			t = strtoll(sp + 1, NULL, 10);
			if (t > (long long)now && skip != NULL &&
			    strcmp(line, skip) == 0) {
				found = 1;
				if (had != NULL)
					*had = (time_t)t;
			} else if (t > (long long)now)
				strlist_add(&out, l.v[i]);
		}
		free(line);
	}
	if (add != NULL && until > now) {
		line = xasprintf("%s %lld", add, (long long)until);
		strlist_add(&out, line);
		free(line);
	}
	rc = state_write("permits", &out, errstr);
	fileio_unlock(fd);
	strlist_free(&l);
	strlist_free(&out);
	return rc != 0 ? -1 : found;
}

int
state_permit(const char *domain, time_t now, char **errstr)
{
	char *d;
	int rc;

	if ((d = state_domain(domain, errstr)) == NULL)
		return -1;
	rc = state_permits_edit(d, d, now + STATE_PERMIT_SECONDS, now, NULL,
	    errstr);
	free(d);
	return rc < 0 ? -1 : 0;
}

int
state_permit_claim(const char *domain, time_t now, time_t *until,
    char **errstr)
{
	return state_permits_edit(domain, NULL, 0, now, until, errstr);
}

void
state_permit_restore(const char *domain, time_t until, time_t now)
{
	char *err = NULL;

	if (state_permits_edit(domain, domain, until, now, NULL, &err) < 0)
		free(err);
}

static const char state_usage[] =
    "usage: sendguard trust DOMAIN...\n"
    "       sendguard trust --list\n"
    "       sendguard untrust DOMAIN...\n"
    "       sendguard allow --once DOMAIN...\n";

int
state_main(int argc, char **argv)
{
	struct strlist l = { NULL, 0 };
	const char *cmd = argv[0];
	char *err = NULL;
	size_t i;
	int k, list = 0, once = 0;

	for (k = 1; k < argc && argv[k][0] == '-'; k++) {
		if (strcmp(argv[k], "--") == 0) {
			k++;
			break;
		}
		if (strcmp(argv[k], "--list") == 0 && strcmp(cmd, "trust") == 0)
			list = 1;
		else if (strcmp(argv[k], "--once") == 0 &&
		    strcmp(cmd, "allow") == 0)
			once = 1;
		else {
			fprintf(stderr, "sendguard: %s: unknown option %s\n%s",
			    cmd, argv[k], state_usage);
			return EX_USAGE;
		}
	}
	if (list) {
		state_trusted(&l);
		for (i = 0; i < l.n; i++)
			printf("%s\n", l.v[i]);
		strlist_free(&l);
		return 0;
	}
	if (k >= argc || (strcmp(cmd, "allow") == 0 && !once)) {
		fputs(state_usage, stderr);
		return EX_USAGE;
	}
	for (; k < argc; k++) {
		if ((strcmp(cmd, "allow") == 0 ?
		    state_permit(argv[k], time(NULL), &err) :
		    state_trust(argv[k], strcmp(cmd, "trust") == 0,
		    &err)) != 0) {
			fprintf(stderr, "sendguard: %s: %s\n", cmd,
			    err != NULL ? err : "failed");
			free(err);
			return guard_domain_valid(argv[k], &err) == 0 ?
			    EX_CANTCREAT : (free(err), EX_USAGE);
		}
		if (strcmp(cmd, "allow") == 0)
			printf("sendguard: %s may be sent to once in the next "
			    "%d minutes\n", argv[k], STATE_PERMIT_SECONDS / 60);
		else
			printf("sendguard: %s %s\n", argv[k],
			    strcmp(cmd, "trust") == 0 ? "is trusted" :
			    "is no longer trusted");
	}
	return 0;
}
