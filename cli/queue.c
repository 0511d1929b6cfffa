/*
 * queue.c: mail that waits for a server. A queued message is a Maildir
 * file in queue/new, and its envelope (account, sender, recipients) a file
 * of the same name in queue/env, written first so that no queued message
 * ever lacks one.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "common.h"
#include "transport.h"
#include "account.h"
#include "exitcode.h"
#include "fileio.h"
#include "paths.h"
#include "history.h"
#include "learn.h"
#include "queue.h"
#include "setup.h"

int
queue_put(struct message *m, const char *account, const char *from,
    const char *const *rcpts, size_t nrcpts, char **path, char **errstr)
{
	struct buf env;
	char *dir = paths_data("queue"), *envpath, *base;
	size_t i;
	int rc;

	if ((rc = maildir_store_message(dir, m, path, errstr)) != 0) {
		free(dir);
		return -1;
	}
	buf_init(&env);
	buf_addf(&env, "account %s\nfrom %s\n", account,
	    from != NULL ? from : "");
	for (i = 0; i < nrcpts; i++)
		buf_addf(&env, "rcpt %s\n", rcpts[i]);
	base = strrchr(*path, '/');
	envpath = xasprintf("%s/env/%s", dir, base + 1);
	if ((rc = fileio_write_atomic(envpath, env.s, env.len, 0600,
	    errstr)) != 0) {
		unlink(*path);
		free(*path);
		*path = NULL;
	}
	buf_free(&env);
	free(envpath);
	free(dir);
	return rc;
}

/* The envelope of a queued message. */
struct queue_env {
	char		*account;
	char		*from;
	struct strlist	 rcpts;
};

static int
queue_env_read(const char *path, struct queue_env *e)
{
	struct buf b;
	char *err = NULL, *p, *nl;

	memset(e, 0, sizeof(*e));
	buf_init(&b);
	if (file_read(path, &b, &err) != 0) {
		free(err);
		return -1;
	}
	for (p = b.s; *p != '\0'; p = nl) {
		if ((nl = strchr(p, '\n')) != NULL)
			*nl++ = '\0';
		else
			nl = p + strlen(p);
		if (strncmp(p, "account ", 8) == 0 && e->account == NULL)
			e->account = xstrdup(p + 8);
		else if (strncmp(p, "from ", 5) == 0 && e->from == NULL)
			e->from = xstrdup(p + 5);
		else if (strncmp(p, "rcpt ", 5) == 0)
			strlist_add(&e->rcpts, p + 5);
	}
	buf_free(&b);
	return e->account != NULL && e->rcpts.n > 0 ? 0 : -1;
}

static void
queue_env_free(struct queue_env *e)
{
	free(e->account);
	free(e->from);
	strlist_free(&e->rcpts);
}

/* Delivers one queued message; returns its exit code (0: sent). */
static int
queue_send(struct setup *s, const char *dir, const char *name)
{
	struct queue_env e;
	struct deliver_account da;
	struct deliver_result res;
	const struct config_account *a;
	struct message *m;
	char *msgpath, *envpath, *err = NULL, *kept = NULL, *dead;
	int rc;

	msgpath = xasprintf("%s/new/%s", dir, name);
	envpath = xasprintf("%s/env/%s", dir, name);
	rc = EX_DATAERR;
	if (queue_env_read(envpath, &e) != 0) {
		fprintf(stderr, "sendguard: flush: %s has no usable "
		    "envelope\n", msgpath);
		goto out;
	}
	if ((a = account_choose(&s->config, e.account, NULL, &err)) == NULL ||
	    account_resolve(a, e.from, &da, &err) != 0) {
		fprintf(stderr, "sendguard: flush: %s\n", err != NULL ? err :
		    "no account");
		free(err);
		rc = EX_CONFIG;
		queue_env_free(&e);
		goto out;
	}
	if (message_open(msgpath, &m, &err) != 0) {
		fprintf(stderr, "sendguard: flush: %s\n", err);
		free(err);
		account_clear(&da);
		queue_env_free(&e);
		goto out;
	}
	deliver_smtp(&da, m, e.from, (const char *const *)e.rcpts.v,
	    e.rcpts.n, NULL, &res);
	rc = exitcode_deliver(res.status);
	if (res.status == DELIVER_OK) {
		printf("sendguard: flush: sent %s\n", name);
		if (history_record((const char *const *)e.rcpts.v, NULL,
		    e.rcpts.n, time(NULL), &err) != 0) {
			fprintf(stderr, "sendguard: flush: the history could "
			    "not be updated: %s\n", err);
			free(err);
			err = NULL;
		} else
			learn_refresh(&s->config);
		unlink(msgpath);
		unlink(envpath);
	} else if (deliver_temporary(res.status)) {
		fprintf(stderr, "sendguard: flush: %s stays queued: %s\n",
		    name, res.error);
	} else {
		/* A permanent failure: out of the queue, into the dead
		 * letters, where it is kept. */
		dead = paths_state("dead.letter");
		if (maildir_store_message(dead, m, &kept, &err) == 0) {
			fprintf(stderr, "sendguard: flush: %s not sent: %s; "
			    "kept in %s\n", name, res.error, kept);
			unlink(msgpath);
			unlink(envpath);
			free(kept);
		} else {
			fprintf(stderr, "sendguard: flush: %s not sent: %s\n",
			    name, res.error);
			free(err);
		}
		free(dead);
	}
	deliver_result_free(&res);
	message_free(m);
	account_clear(&da);
	queue_env_free(&e);
out:
	free(msgpath);
	free(envpath);
	return rc;
}

int
queue_main(int argc, char **argv)
{
	struct setup s;
	struct dirent *de;
	DIR *d;
	char *dir, *newdir, *err = NULL;
	const char *config = NULL;
	int rc = 0, one, n = 0;

	if (argc == 3 && strcmp(argv[1], "-C") == 0)
		config = argv[2];
	else if (argc != 1) {
		fprintf(stderr, "usage: sendguard flush [-C FILE]\n");
		return EX_USAGE;
	}
	if (setup_load(&s, config, 0, &err) != 0) {
		fprintf(stderr, "sendguard: %s\n", err);
		free(err);
		setup_free(&s);
		return EX_CONFIG;
	}
	dir = paths_data("queue");
	newdir = xasprintf("%s/new", dir);
	if ((d = opendir(newdir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			n++;
			one = queue_send(&s, dir, de->d_name);
			if (one != 0 && rc == 0)
				rc = one;
		}
		closedir(d);
	}
	if (n == 0)
		printf("sendguard: flush: the queue is empty\n");
	free(newdir);
	free(dir);
	setup_free(&s);
	return rc;
}
