/*
 * queue.c: mail that waits for a server. A queued message is a Maildir
 * file in queue/new, and its envelope (account, sender, recipients) a file
 * of the same name in queue/env, written first so that no queued message
 * ever lacks one.
 */
#include <dirent.h>
#include <sys/stat.h>
#include <time.h>
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
#include "rescue.h"
#include "send.h"
#include "sendlog.h"
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

static int
queue_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
queue_env_free(struct queue_env *e)
{
	free(e->account);
	free(e->from);
	strlist_free(&e->rcpts);
}

/* Logs a flush as a send is logged. */
static void
queue_log(const struct config_account *a, const struct queue_env *e,
    const struct deliver_result *res, const struct message *m, int code)
{
	struct sendlog_entry le;

	memset(&le, 0, sizeof(le));
	le.account = a;
	le.from = e->from;
	le.rcpts = (const char *const *)e->rcpts.v;
	le.nrcpts = e->rcpts.n;
	le.mailsize = (long)message_out_size(m);
	le.smtpstatus = res->code;
	le.smtpmsg = res->reply;
	le.errormsg = res->error;
	le.exitcode = code;
	sendlog_write(&le, NULL);
}

/* Delivers one queued message; returns its exit code (0: sent). */
static int
queue_send(struct setup *s, const char *dir, const char *name)
{
	struct queue_env e;
	struct deliver_account da;
	struct deliver_result res;
	struct account_request req;
	struct config_account a;
	enum account_how how;
	struct message *m;
	char *msgpath, *envpath, *err = NULL, *kept = NULL, *dead;
	int rc;

	msgpath = xasprintf("%s/new/%s", dir, name);
	envpath = xasprintf("%s/env/%s", dir, name);
	rc = EX_DATAERR;
	if (queue_env_read(envpath, &e) != 0) {
		fprintf(stderr, "sendguard: flush: %s has no usable "
		    "envelope\n", msgpath);
		queue_env_free(&e);
		goto out;
	}
	memset(&req, 0, sizeof(req));
	req.name = e.account;
	if (send_account(&s->config, &req, 0, &a, &how, &err) !=
	    ACCOUNT_OK) {
		fprintf(stderr, "sendguard: flush: %s\n", err != NULL ? err :
		    "no account");
		free(err);
		queue_env_free(&e);
		rc = EX_CONFIG;
		goto out;
	}
	if ((rc = account_resolve(&a, &da, &err)) != 0) {
		fprintf(stderr, "sendguard: flush: %s\n", err);
		free(err);
		rc = exitcode_account(rc);
		account_clear(&da);
		config_account_free(&a);
		queue_env_free(&e);
		goto out;
	}
	if (message_open(msgpath, &m, &err) != 0) {
		fprintf(stderr, "sendguard: flush: %s\n", err);
		free(err);
		account_clear(&da);
		config_account_free(&a);
		queue_env_free(&e);
		rc = EX_DATAERR;
		goto out;
	}
	deliver_smtp(&da, m, e.from, (const char *const *)e.rcpts.v,
	    e.rcpts.n, NULL, &res);
	rc = exitcode_deliver(res.status);
	queue_log(&a, &e, &res, m, rc);
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
	config_account_free(&a);
	queue_env_free(&e);
out:
	free(msgpath);
	free(envpath);
	return rc;
}

/* The names of the queued messages, oldest first (Maildir names start
 * with the time). */
static void
queue_names(const char *dir, struct strlist *names)
{
	struct dirent *de;
	char *newdir = xasprintf("%s/new", dir);
	DIR *d;

	if ((d = opendir(newdir)) != NULL) {
		while ((de = readdir(d)) != NULL)
			if (de->d_name[0] != '.')
				strlist_add(names, de->d_name);
		closedir(d);
	}
	free(newdir);
	if (names->n > 1)
		qsort(names->v, names->n, sizeof(*names->v), queue_cmp);
}

int
queue_list(void)
{
	struct strlist names = { NULL, 0 };
	struct queue_env e;
	struct stat st;
	struct tm tm;
	char *dir = paths_data("queue"), *path, when[32];
	long long total = 0;
	size_t i, k;

	queue_names(dir, &names);
	if (names.n == 0)
		printf("Mail queue is empty\n");
	else
		printf("%-28s %8s %-20s  %s\n", "-Queue ID-", "--Size--",
		    "----Arrival Time----", "-Sender/Recipient-------");
	for (i = 0; i < names.n; i++) {
		path = xasprintf("%s/new/%s", dir, names.v[i]);
		if (stat(path, &st) != 0) {
			free(path);
			continue;
		}
		free(path);
		localtime_r(&st.st_mtime, &tm);
		strftime(when, sizeof(when), "%a %b %e %H:%M:%S", &tm);
		path = xasprintf("%s/env/%s", dir, names.v[i]);
		(void)queue_env_read(path, &e);	/* what it has, if broken */
		free(path);
		printf("%-28s %8lld %-20s  %s\n", names.v[i],
		    (long long)st.st_size, when, e.from != NULL &&
		    e.from[0] != '\0' ? e.from : "<>");
		for (k = 0; k < e.rcpts.n; k++)
			printf("%-59s  %s\n", "", e.rcpts.v[k]);
		printf("\n");
		total += st.st_size;
		queue_env_free(&e);
	}
	if (names.n > 0)
		printf("-- %lld Kbytes in %zu Request%s.\n", (total + 1023) /
		    1024, names.n, names.n == 1 ? "" : "s");
	strlist_free(&names);
	free(dir);
	return 0;
}

/* Takes one message out of the queue, into the dead letters (kept). */
static int
queue_remove(const char *id)
{
	struct strlist names = { NULL, 0 };
	char *dir = paths_data("queue"), *dead, *path, *env, *kept = NULL;
	char *err = NULL;
	const char *found = NULL;
	size_t i, n = 0;
	int rc = 0;

	queue_names(dir, &names);
	for (i = 0; i < names.n; i++)
		if (strncmp(names.v[i], id, strlen(id)) == 0) {
			found = names.v[i];
			n++;
			if (strcmp(names.v[i], id) == 0) {
				n = 1;
				break;
			}
		}
	if (n != 1) {
		fprintf(stderr, "sendguard: queue: %s %s\n", id, n == 0 ?
		    "is not in the queue (sendguard queue --list)" :
		    "names more than one queued message");
		strlist_free(&names);
		free(dir);
		return EX_USAGE;
	}
	path = xasprintf("%s/new/%s", dir, found);
	env = xasprintf("%s/env/%s", dir, found);
	dead = paths_state("dead.letter");
	if (maildir_commit(dead, path, &kept, &err) == 0) {
		unlink(env);
		printf("sendguard: queue: %s removed; the message is kept in "
		    "%s\n", found, kept);
	} else {
		fprintf(stderr, "sendguard: queue: %s\n", err);
		free(err);
		rc = EX_CANTCREAT;
	}
	free(kept);
	free(dead);
	free(path);
	free(env);
	strlist_free(&names);
	free(dir);
	return rc;
}

/* Delivers everything queued; the first failure's exit code. */
static int
queue_flush(const char *config)
{
	struct strlist names = { NULL, 0 };
	struct setup s;
	char *dir, *err = NULL;
	size_t i;
	int rc = 0, one;

	if ((one = setup_load(&s, config, SETUP_ACCOUNTS, &err)) != 0) {
		fprintf(stderr, "sendguard: %s\n", err);
		free(err);
		setup_free(&s);
		return exitcode_config(one);
	}
	dir = paths_data("queue");
	queue_names(dir, &names);
	for (i = 0; i < names.n; i++) {
		one = queue_send(&s, dir, names.v[i]);
		if (one != 0 && rc == 0)
			rc = one;
	}
	if (names.n == 0)
		printf("sendguard: flush: the queue is empty\n");
	strlist_free(&names);
	free(dir);
	setup_free(&s);
	return rc;
}

int
queue_main(int argc, char **argv)
{
	static const char usage[] =
	    "usage: sendguard queue [--list | --flush | --remove ID] "
	    "[-C FILE]\n"
	    "       sendguard flush [-C FILE]\n";
	const char *config = NULL, *remove = NULL;
	int i, flush = strcmp(argv[0], "flush") == 0, list = 0;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-C") == 0 && i + 1 < argc)
			config = argv[++i];
		else if (strcmp(argv[i], "--flush") == 0 && !flush)
			flush = 1;
		else if (strcmp(argv[i], "--list") == 0)
			list = 1;
		else if (strcmp(argv[i], "--remove") == 0 && i + 1 < argc)
			remove = argv[++i];
		else {
			fprintf(stderr, "sendguard: %s: unknown argument "
			    "%s\n%s", argv[0], argv[i], usage);
			return EX_USAGE;
		}
	}
	if (list + flush + (remove != NULL) > 1) {
		fprintf(stderr, "sendguard: queue: one of --list, --flush, "
		    "--remove\n%s", usage);
		return EX_USAGE;
	}
	/* What a killed sendmail run left behind is kept first. */
	rescue_orphans();
	if (flush)
		return queue_flush(config);
	if (remove != NULL)
		return queue_remove(remove);
	return queue_list();
}
