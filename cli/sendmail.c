/*
 * sendmail.c: sendmail mode, a drop-in for msmtp. Reads the message on
 * stdin, finds the recipients as msmtp does (arguments, -t headers,
 * aliases), chooses the account as msmtp does, checks each recipient with
 * the guard, and delivers only when nothing is left to resolve; silent on
 * success, as msmtp. The message is spooled first, so whatever fails, it
 * is kept.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "guard.h"
#include "transport.h"
#include "msgview.h"
#include "account.h"
#include "acctset.h"
#include "exitcode.h"
#include "options.h"
#include "paths.h"
#include "pretend.h"
#include "queue.h"
#include "composer.h"
#include "confirm.h"
#include "envelope.h"
#include "rcpt.h"
#include "refuse.h"
#include "rescue.h"
#include "tty.h"
#include "tui.h"
#include "send.h"
#include "sendlog.h"
#include "sendmail.h"
#include "setup.h"
#include "state.h"

#ifndef SENDGUARD_VERSION
#define SENDGUARD_VERSION "0.1"
#endif

/* Everything one run holds, freed in one place. */
struct sendmail_run {
	struct options		 o;
	struct setup		 s;
	int			 loaded;	/* s needs setup_free() */
	struct message		*m;
	struct rcpts		 rc;
	struct config_account	 acct;
	int			 has_acct;	/* else the local outbox */
	struct guard_report	 r;
	enum tui_action		*act;
	struct envelope		 env;		/* what goes on the wire */
	char			*guard;		/* for the log */
	char			*from;		/* envelope-from */
};

/*
 * What the message says (subject, text, file names), for the markings,
 * and the recipients as a whole. A message that cannot be read back from
 * its spool is checked on its recipients alone, and said so.
 */
static void
sendmail_content(const struct guard *g, const struct message *m,
    struct guard_report *r)
{
	struct msgview mv;
	const char *path = message_spool_path(m);
	char *err = NULL;
	int fd;

	if (path == NULL || (fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		guard_check_message(g, NULL, r);
		return;
	}
	if (msgview_read(fd, g, &mv, &err) != 0) {
		fprintf(stderr, "sendguard: the text of the message could not "
		    "be checked for markings: %s\n", err);
		free(err);
		close(fd);
		guard_check_message(g, NULL, r);
		return;
	}
	close(fd);
	guard_check_message(g, &mv.view, r);
	msgview_free(&mv);
}

/* Keeps the message in the dead letters and says where. */
static void
sendmail_keep(struct message *m)
{
	char *path, *err = NULL;

	if ((path = send_keep(m, &err)) != NULL)
		fprintf(stderr, "sendguard: the message is kept in %s\n",
		    path);
	else {
		fprintf(stderr, "sendguard: the message could not be kept: "
		    "%s (it is still in %s)\n", err, message_spool_path(m));
		free(err);
	}
	free(path);
}

/*
 * Asks on the user's terminal about what needs resolving (a trust is kept
 * at once; fixes and removals go into the envelope). Returns 1 when all
 * is resolved, 0 when the user went back, -1 when there is no terminal.
 */
static int
sendmail_resolve(struct setup *s, const char *ttyname,
    const struct guard_report *r, enum tui_action *act)
{
	struct theme *theme;
	char *tty, *err = NULL, *notice = NULL;
	size_t i;
	int rc;

	if ((tty = tty_find(ttyname)) == NULL)
		return -1;
	theme = composer_theme(&s->config, &notice);
	free(notice);
	rc = resolve_run(tty, theme, getenv("SENDGUARD_TRACE"), r, act, &err);
	theme_free(theme);
	if (rc < 0) {
		errline("cannot ask on %s: %s", tty, err != NULL ? err : "?");
		free(err);
	}
	for (i = 0; rc == 1 && i < r->nverdicts; i++)
		if (act[i] == TUI_TRUST && state_trust(r->verdicts[i].domain_ascii,
		    1, &err) != 0) {
			errline("%s", err);
			free(err);
			err = NULL;
		}
	free(tty);
	return rc;
}

/* The dialogue on standard output, as msmtp -d shows it. */
static void
sendmail_dialogue(void *arg, char dir, const char *line, size_t len)
{
	(void)arg;
	printf("%s %.*s\n", dir == '>' ? "-->" : "<--", (int)len, line);
}

/* What the guard found, and what became of each, for the log line. */
static char *
sendmail_guard_summary(const struct guard_report *r,
    const enum tui_action *act, int asked)
{
	static const char *const said[] = {
		[TUI_UNRESOLVED] = "unresolved", [TUI_FIX] = "fixed",
		[TUI_REMOVE] = "removed", [TUI_ONCE] = "once",
		[TUI_TRUST] = "trusted",
	};
	const struct guard_verdict *v;
	struct buf b;
	size_t i, k;

	buf_init(&b);
	for (i = 0; i < r->nverdicts; i++) {
		v = &r->verdicts[i];
		if (v->nfindings == 0)
			continue;
		buf_addf(&b, "%s%s:", b.len > 0 ? ", " : "", v->address !=
		    NULL ? v->address : v->raw);
		for (k = 0; k < v->nfindings; k++)
			buf_addf(&b, "%s%s", k > 0 ? "+" : "",
			    guard_code_name(v->findings[k].code));
		buf_addf(&b, ":%s", v->severity < GUARD_WARN ? "notice" :
		    v->severity == GUARD_BLOCK && !asked ? "blocked" : asked ?
		    said[act[i]] : "refused");
	}
	for (k = 0; k < r->nfindings; k++)
		buf_addf(&b, "%s(message):%s", b.len > 0 ? ", " : "",
		    guard_code_name(r->findings[k].code));
	return b.len > 0 ? buf_take(&b) : NULL;
}

/* Logs a message that was not sent because of the guard. */
static void
sendmail_log_refused(struct sendmail_run *x, int code, const char *why)
{
	struct sendlog_entry e;

	memset(&e, 0, sizeof(e));
	e.account = x->has_acct ? &x->acct : NULL;
	e.from = x->from;
	e.rcpts = x->env.rcpts;
	e.nrcpts = x->env.n;
	e.errormsg = why;
	e.exitcode = code;
	e.guard = x->guard;
	sendlog_write(&e, x->has_acct ? NULL : x->o.cmdline.logfile);
}

/* A usage error or the like before anything was checked: kept, said. */
static int
sendmail_fail(struct sendmail_run *x, int code, char *why)
{
	fprintf(stderr, "sendguard: %s\n", why);
	free(why);
	if (x->m != NULL)
		sendmail_keep(x->m);
	return code;
}

/*
 * The account, as msmtp chooses it; without one anywhere, the local
 * outbox only if the configuration asks for it. 0, or an exit code.
 */
static int
sendmail_account(struct sendmail_run *x, enum account_how *how)
{
	struct account_request req;
	char *err = NULL, *hfrom;
	int rc;

	memset(&req, 0, sizeof(req));
	req.name = x->o.account;
	req.cmdline = &x->o.cmdline;
	req.host_only = x->o.host;
	if (x->o.cmdline.set & ACCTSET_BIT(ACCTSET_FROM))
		req.from = x->o.cmdline.from;
	rc = account_pick(&x->s.config, &req, &x->acct, how, &err);
	if (rc == ACCOUNT_NONE) {
		if (x->s.config.outbox == 1)
			return 0;
		return sendmail_fail(x, EX_CONFIG, xasprintf("account default "
		    "not found: no configuration file available (no account "
		    "in ~/.msmtprc, $XDG_CONFIG_HOME/msmtp/config, %s/msmtprc "
		    "or sendguard's config; \"outbox = on\" in its "
		    "[delivery] keeps mail in a local outbox instead)",
		    getenv("SENDGUARD_SYSCONFDIR") != NULL ?
		    getenv("SENDGUARD_SYSCONFDIR") : "/etc"));
	}
	if (rc == ACCOUNT_ERROR)
		return sendmail_fail(x, EX_CONFIG, err);
	x->has_acct = 1;
	/* sendguard's own accounts may leave the sender to the message. */
	if (!x->acct.msmtp && x->m != NULL && (x->acct.from == NULL ||
	    strpbrk(x->acct.from, "*?[") != NULL) &&
	    (hfrom = rcpt_header_from(x->m)) != NULL) {
		free(x->acct.from);
		x->acct.from = hfrom;
	}
	if (account_finish(&x->acct, !x->o.pretend, &err) != 0)
		return sendmail_fail(x, EX_CONFIG, send_account_error(&x->acct,
		    err));
	return 0;
}

/* Reads the message and finds its recipients and sender. 0 or a code. */
static int
sendmail_read(struct sendmail_run *x, int argc, char **argv)
{
	char *err = NULL, *deaddir, *hfrom;

	/* What a run killed earlier left behind is kept first. */
	rescue_orphans();
	rescue_begin();
	/* Store the message before anything else can go wrong. */
	deaddir = paths_state("dead.letter");
	if (message_spool(STDIN_FILENO, deaddir, &x->m, &err) != 0) {
		errline("%s; nothing was sent, and nothing was kept", err);
		free(err);
		free(deaddir);
		return EX_TEMPFAIL;
	}
	free(deaddir);
	/* From now on a stop (SIGTERM, SIGINT, SIGHUP) keeps it. */
	rescue_hold(message_spool_path(x->m));
	rcpt_collect(argv + x->o.first, argc - x->o.first, x->m,
	    x->o.read_recipients, &x->rc);
	if (x->o.read_envelope_from) {
		/* As msmtp 1.8.23: without a From, no sender (78 later). */
		hfrom = rcpt_header_from(x->m);
		free(x->o.cmdline.from);
		x->o.cmdline.from = hfrom;
		x->o.cmdline.set |= ACCTSET_BIT(ACCTSET_FROM);
	}
	if (x->rc.n == 0 && !x->o.pretend)
		return sendmail_fail(x, EX_USAGE, xstrdup("no recipients "
		    "found"));
	return 0;
}

/*
 * The guard's verdicts, asked about on the user's terminal if need be,
 * and the envelope they make (envelope.c: what was checked is sent).
 */
static int
sendmail_check(struct sendmail_run *x)
{
	size_t i;
	int rc, asked = -1;

	guard_report_init(&x->r);
	for (i = 0; i < x->rc.n; i++)
		guard_check(x->s.guard, x->rc.v[i].field, &x->r);
	sendmail_content(x->s.guard, x->m, &x->r);
	x->act = xcalloc(x->r.nverdicts + 1, sizeof(*x->act));
	if (x->r.severity >= GUARD_WARN)
		asked = sendmail_resolve(&x->s, x->o.tty, &x->r, x->act);
	x->guard = sendmail_guard_summary(&x->r, x->act, asked == 1);
	envelope_add(&x->env, x->s.guard, &x->r, asked == 1 ? x->act : NULL);
	if (asked == 0) {
		errline("you went back: nothing was sent");
		sendmail_log_refused(x, EX_NOPERM, "you went back");
		sendmail_keep(x->m);
		return EX_NOPERM;
	}
	if (asked != 1 && (rc = refuse_report(&x->r)) != 0) {
		sendmail_log_refused(x, rc, "a recipient needs your decision");
		sendmail_keep(x->m);
		return rc;
	}
	return 0;
}

/* Delivers, and says what happened unless it simply went. */
static int
sendmail_deliver(struct sendmail_run *x)
{
	struct message_headers h;
	struct deliver_callbacks cb;
	struct send_request req;
	struct send_outcome out;
	const char *nowenv = getenv("SENDGUARD_NOW");
	time_t now = nowenv != NULL ? (time_t)strtoll(nowenv, NULL, 10) :
	    time(NULL);
	int rc;

	message_prepare_default(&h, x->from);
	if (x->has_acct) {
		h.set_from = x->acct.set_from_header;
		h.set_date = x->acct.set_date_header;
		h.set_msgid = x->acct.set_msgid_header;
		h.remove_bcc = x->acct.remove_bcc_headers;
		h.undisclosed = x->acct.undisclosed_recipients;
	}
	h.from_name = x->o.fullname;
	message_prepare(x->m, now, &h);
	envelope_message(&x->env, x->m);
	confirm_stamp(&x->s, x->m, x->env.rcpts, x->env.n,
	    confirm_marked(&x->r));
	memset(&cb, 0, sizeof(cb));
	cb.dialogue = sendmail_dialogue;
	memset(&req, 0, sizeof(req));
	req.account = x->has_acct ? &x->acct : NULL;
	req.from = x->from;
	req.rcpts = x->env.rcpts;
	req.names = x->env.names;
	req.nrcpts = x->env.n;
	req.cb = x->o.debug ? &cb : NULL;
	req.logfile = x->o.cmdline.logfile;
	req.guard = x->guard;
	req.marked = confirm_marked(&x->r);
	send_deliver(&x->s, &req, x->m, &out);
	fflush(stdout);
	/* Silent when it went, as msmtp; the outbox and the queue are said. */
	if (!out.sent)
		errline("%s", out.message);	/* may quote the server */
	if (out.kept != NULL)
		errline("the message is kept in %s", out.kept);
	rc = out.exitcode;
	send_outcome_free(&out);
	return rc;
}

/*
 * --serverinfo: what msmtp prints of the account's server (no AUTH, so no
 * password is looked for).
 */
static int
sendmail_serverinfo(struct sendmail_run *x, int argc)
{
	struct deliver_serverinfo info;
	struct deliver_result res;
	struct deliver_callbacks cb;
	struct deliver_account da;
	enum account_how how = ACCOUNT_DEFAULT;
	char *err = NULL;
	int rc;

	if (argc > x->o.first) {
		fprintf(stderr, "sendguard: too many arguments\n");
		return EX_USAGE;
	}
	if ((rc = setup_load(&x->s, x->o.config, x->o.host ? 0 :
	    SETUP_ACCOUNTS, &err)) != 0) {
		x->loaded = 1;
		return sendmail_fail(x, exitcode_config(rc), err);
	}
	x->loaded = 1;
	x->o.pretend = 1;	/* no sender needed */
	if ((rc = sendmail_account(x, &how)) != 0)
		return rc;
	if (!x->has_acct)
		return sendmail_fail(x, EX_CONFIG, xstrdup("no account: "
		    "nothing to ask about"));
	if (x->o.debug)
		pretend_print(stdout, &x->s.config, &x->acct, how,
		    x->o.cmdline.from, 0);
	x->acct.auth = 0;
	if ((rc = account_resolve(&x->acct, &da, &err)) != 0) {
		account_clear(&da);
		return sendmail_fail(x, exitcode_account(rc), err);
	}
	memset(&cb, 0, sizeof(cb));
	cb.dialogue = sendmail_dialogue;
	memset(&info, 0, sizeof(info));
	deliver_serverinfo(&da, x->o.debug ? &cb : NULL, &info, &res);
	account_clear(&da);
	rc = exitcode_deliver(res.status);
	if (res.status == DELIVER_OK)
		fputs(info.text != NULL ? info.text : "", stdout);
	else
		fprintf(stderr, "sendguard: %s\n", res.error != NULL ?
		    res.error : "cannot reach the server");
	deliver_serverinfo_free(&info);
	deliver_result_free(&res);
	return rc;
}

static void
sendmail_free(struct sendmail_run *x)
{
	envelope_free(&x->env);
	guard_report_free(&x->r);
	free(x->act);
	free(x->guard);
	free(x->from);
	rcpt_free(&x->rc);
	if (x->has_acct)
		config_account_free(&x->acct);
	message_free(x->m);
	if (x->loaded)
		setup_free(&x->s);
	options_free(&x->o);
}

int
sendmail_main(int argc, char **argv)
{
	struct sendmail_run x;
	enum account_how how = ACCOUNT_DEFAULT;
	char *err = NULL;
	int rc;

	memset(&x, 0, sizeof(x));
	envelope_init(&x.env);
	if (options_parse(argc, argv, &x.o, &err) != 0) {
		fprintf(stderr, "sendguard: %s (sendguard --help lists the "
		    "options)\n", err);
		free(err);
		return EX_USAGE;
	}
	if (x.o.version)
		printf("sendguard %s\n", SENDGUARD_VERSION);
	if (x.o.help)
		fputs(options_usage, stdout);
	if (x.o.version || x.o.help) {
		sendmail_free(&x);
		return 0;
	}
	if (x.o.list_queue) {
		sendmail_free(&x);
		return queue_list();
	}
	if (x.o.serverinfo) {
		rc = sendmail_serverinfo(&x, argc);
		sendmail_free(&x);
		return rc;
	}
	if ((rc = sendmail_read(&x, argc, argv)) != 0)
		goto out;
	if ((rc = setup_load(&x.s, x.o.config, x.o.host ? 0 : SETUP_ACCOUNTS,
	    &err)) != 0) {
		x.loaded = 1;
		rc = sendmail_fail(&x, exitcode_config(rc), err);
		goto out;
	}
	x.loaded = 1;
	if ((rc = sendmail_account(&x, &how)) != 0)
		goto out;
	x.from = xstrdup(x.has_acct ? x.acct.from : (x.o.cmdline.set &
	    ACCTSET_BIT(ACCTSET_FROM)) && x.o.cmdline.from != NULL ?
	    x.o.cmdline.from : "");
	if (x.from[0] == '\0' && !x.has_acct) {
		free(x.from);
		if ((x.from = rcpt_header_from(x.m)) == NULL)
			x.from = xstrdup("");
	}
	if ((x.o.pretend || x.o.debug) && x.has_acct)
		pretend_print(stdout, &x.s.config, &x.acct, how,
		    x.o.cmdline.from, x.o.read_recipients);
	if (x.o.pretend) {
		/* Nothing is sent, by request: the spooled copy goes. */
		rescue_release();
		if (message_spool_path(x.m) != NULL)
			unlink(message_spool_path(x.m));
		rc = 0;
		goto out;
	}
	if (x.has_acct && x.acct.aliases != NULL &&
	    rcpt_aliases(&x.rc, x.acct.aliases, &err) != 0) {
		rc = sendmail_fail(&x, EX_CONFIG, err);
		goto out;
	}
	if ((rc = sendmail_check(&x)) != 0)
		goto out;
	if (x.env.n == 0) {
		errline("every recipient was removed: nothing was sent");
		sendmail_keep(x.m);
		rc = EX_NOPERM;
		goto out;
	}
	rc = sendmail_deliver(&x);
out:
	sendmail_free(&x);
	return rc;
}
