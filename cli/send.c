/* send.c: delivering a checked message, the same for every mode. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "guard.h"
#include "transport.h"
#include "account.h"
#include "exitcode.h"
#include "history.h"
#include "learn.h"
#include "paths.h"
#include "queue.h"
#include "rescue.h"
#include "confirm.h"
#include "send.h"
#include "sendlog.h"
#include "setup.h"
#include "state.h"

char *
send_keep(struct message *m, char **errstr)
{
	char *dir = paths_state("dead.letter"), *path = NULL;
	int rc;

	if (message_spool_path(m) != NULL)
		rc = maildir_commit(dir, message_spool_path(m), &path, errstr);
	else
		rc = maildir_store_message(dir, m, &path, errstr);
	free(dir);
	if (rc == 0)
		rescue_release();	/* kept */
	return rc == 0 ? path : NULL;
}

/* Failure: keep the message, say what happened and where it is. */
static void
send_failed(struct message *m, int code, char *why, struct send_outcome *o)
{
	char *err = NULL;

	o->exitcode = code;
	if ((o->kept = send_keep(m, &err)) != NULL)
		o->message = xasprintf("not sent: %s", why);
	else {
		o->message = xasprintf("not sent: %s; and it could not be "
		    "kept: %s", why, err);
		free(err);
	}
	free(why);
}

/* No account: the built-in outbox. */
static void
send_outbox(struct message *m, struct send_outcome *o)
{
	char *dir = paths_data("outbox"), *path = NULL, *err = NULL;

	if (maildir_store_message(dir, m, &path, &err) != 0) {
		send_failed(m, EX_CANTCREAT, xasprintf("cannot put it in the "
		    "outbox: %s", err), o);
		free(err);
	} else {
		rescue_release();	/* in the outbox: a stop keeps no copy */
		o->exitcode = 0;
		o->message = xasprintf("no account is configured (outbox = on), "
		    "so nothing was sent: the message is in the local outbox, "
		    "%s", path);
		if (message_spool_path(m) != NULL)
			unlink(message_spool_path(m));
	}
	free(path);
	free(dir);
}

/*
 * The history changed: compile what is known again now, not at the next
 * start, and in a detached process, so that mutt (which waits for us)
 * does not wait for it. The cache is replaced atomically; a start that
 * comes first finds it stale and builds its own.
 */
static void
send_refresh(const struct config *c)
{
	pid_t pid;

	if ((pid = fork()) == -1) {
		learn_refresh(c);
		return;
	}
	if (pid == 0) {
		if (fork() == 0) {
			setsid();
			stdio_null();
			learn_refresh(c);
		}
		_exit(0);
	}
	while (waitpid(pid, NULL, 0) == -1 && errno == EINTR)
		;
}

/*
 * The server took it: the recipients join the history. Failing to write
 * it loses nothing that matters, and the outcome says so.
 */
static void
send_learn(const struct config *c, struct send_outcome *o,
    const char *const *rcpts,
    const char *const *names, size_t n)
{
	char *err = NULL, *said;
	const char *now = getenv("SENDGUARD_NOW");

	if (history_record(rcpts, names, n, now != NULL ?
	    (time_t)strtoll(now, NULL, 10) : time(NULL), &err) == 0) {
		send_refresh(c);
		return;
	}
	said = xasprintf("%s (the history could not be updated: %s)",
	    o->message, err);
	free(err);
	free(o->message);
	o->message = said;
}

/* Logs what became of the message, with the server's last reply. */
static void
send_logline(const struct send_request *r, const struct deliver_result *res,
    const struct message *m, const struct send_outcome *o)
{
	struct sendlog_entry e;

	memset(&e, 0, sizeof(e));
	e.account = r->account;
	e.from = r->from;
	e.rcpts = r->rcpts;
	e.nrcpts = r->nrcpts;
	e.mailsize = (long)message_out_size(m);
	e.exitcode = o->exitcode;
	if (res != NULL) {
		e.smtpstatus = res->code;
		e.smtpmsg = res->reply;
		e.errormsg = res->error;
		if (res->status != DELIVER_OK)
			e.exitcode = exitcode_deliver(res->status);
	}
	e.guard = r->guard;
	e.kept = o->kept;
	sendlog_write(&e, r->account == NULL ? r->logfile : NULL);
}

/* The server took it: a stop from now on keeps no copy. */
static void
send_accepted(void *arg)
{
	(void)arg;
	rescue_release();
}

void
send_deliver(struct setup *s, const struct send_request *r,
    struct message *m, struct send_outcome *o)
{
	struct deliver_account da;
	struct deliver_result res;
	struct deliver_callbacks cb;
	struct confirm_claims claims;
	char *err = NULL, *path = NULL;
	int rc;

	memset(o, 0, sizeof(*o));
	if (r->account == NULL) {
		message_rewind(m);
		send_outbox(m, o);
		send_logline(r, NULL, m, o);
		return;
	}
	if ((rc = account_resolve(r->account, &da, &err)) != 0) {
		send_failed(m, exitcode_account(rc), err, o);
		account_clear(&da);
		return;
	}
	/* Its permits are this send's alone from now on. */
	if (confirm_claim(s, r->rcpts, r->nrcpts, r->marked, &claims,
	    &err) != 0) {
		send_failed(m, EX_NOPERM, err, o);
		send_logline(r, NULL, m, o);
		account_clear(&da);
		return;
	}
	/* -d's dialogue, and the moment the server took the message. */
	if (r->cb != NULL)
		cb = *r->cb;
	else
		memset(&cb, 0, sizeof(cb));
	cb.accepted = send_accepted;
	deliver_smtp(&da, m, r->from, r->rcpts, r->nrcpts, &cb, &res);
	account_clear(&da);
	if (res.status == DELIVER_OK) {
		o->exitcode = 0;
		o->sent = 1;
		o->message = xasprintf("sent to %zu recipient%s through %s",
		    r->nrcpts, r->nrcpts == 1 ? "" : "s", r->account->host !=
		    NULL ? r->account->host : r->account->socket);
		if (message_spool_path(m) != NULL)
			unlink(message_spool_path(m));
		send_learn(&s->config, o, r->rcpts, r->names, r->nrcpts);
	} else if (deliver_temporary(res.status) && r->account->queue &&
	    queue_put(m, r->account->name, r->from, r->rcpts, r->nrcpts,
	    &path, &err) == 0) {
		rescue_release();	/* queued */
		o->exitcode = 0;
		o->message = xasprintf("not sent yet (%s): queued in %s; "
		    "\"sendguard queue --flush\" sends it later", res.error,
		    path);
		if (message_spool_path(m) != NULL)
			unlink(message_spool_path(m));
		free(path);
	} else if (err != NULL) {
		send_failed(m, exitcode_deliver(res.status), xasprintf("%s; and "
		    "it could not be queued: %s", res.error, err), o);
		free(err);
	} else
		send_failed(m, exitcode_deliver(res.status), xstrdup(res.error),
		    o);
	/* Sent or queued, the permits are used; else they are given back. */
	confirm_unclaim(&claims, o->exitcode != 0);
	send_logline(r, &res, m, o);
	deliver_result_free(&res);
}

int
send_account(const struct config *c, const struct account_request *r,
    int sendmail, struct config_account *out, enum account_how *how,
    char **errstr)
{
	char *err = NULL;
	int rc;

	if ((rc = account_pick(c, r, out, how, errstr)) != ACCOUNT_OK)
		return rc;
	if (account_finish(out, sendmail, &err) == 0)
		return ACCOUNT_OK;
	*errstr = send_account_error(out, err);
	config_account_free(out);
	return ACCOUNT_ERROR;
}

char *
send_account_error(const struct config_account *a, char *err)
{
	char *why;

	/* A refused setting names its file and line already. */
	if (a->name == NULL || a->conffile == NULL || a->refused != NULL)
		return err;
	why = xasprintf("account %s from %s: %s", a->name, a->conffile, err);
	free(err);
	return why;
}

void
send_outcome_free(struct send_outcome *o)
{
	free(o->message);
	free(o->kept);
	memset(o, 0, sizeof(*o));
}

char *
send_first_address(const struct guard *g, const char *list)
{
	struct guard_report r;
	char *a = NULL;

	if (list == NULL)
		return NULL;
	guard_report_init(&r);
	guard_check(g, list, &r);
	if (r.nverdicts > 0 && r.verdicts[0].address != NULL)
		a = xstrdup(r.verdicts[0].address);
	guard_report_free(&r);
	return a;
}
