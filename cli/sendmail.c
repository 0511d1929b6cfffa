/*
 * sendmail.c: sendmail mode. Reads the message on stdin, takes the
 * recipients from the arguments (and the headers with -t), checks each
 * with the guard, and delivers only when nothing is left to resolve. The
 * message is spooled first, so whatever fails, it is kept.
 */
#include <fcntl.h>
#include <getopt.h>
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
#include "exitcode.h"
#include "paths.h"
#include "queue.h"
#include "composer.h"
#include "confirm.h"
#include "refuse.h"
#include "tty.h"
#include "tui.h"
#include "send.h"
#include "sendmail.h"
#include "setup.h"
#include "state.h"

struct sendmail_opts {
	const char	*from;		/* -f */
	const char	*fullname;	/* -F */
	const char	*account;	/* -a */
	const char	*config;	/* -C */
	const char	*logfile;	/* -X */
	const char	*tty;		/* --tty */
	int		 read_rcpts;	/* -t */
	int		 read_from;	/* --read-envelope-from */
};

static const char sendmail_usage[] =
    "usage: sendguard [-t] [-f ADDR] [-F NAME] [-a ACCOUNT] [-C FILE] "
    "[-X LOGFILE]\n"
    "                 [--read-envelope-from] [--tty PATH] [--] RECIPIENT... "
    "< message\n";

/* Parses the options mutt, msmtp and sendmail users pass. */
static int
sendmail_options(int argc, char **argv, struct sendmail_opts *o)
{
	static const struct option longopts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "account", required_argument, NULL, 'a' },
		{ "file", required_argument, NULL, 'C' },
		{ "logfile", required_argument, NULL, 'X' },
		{ "read-recipients", no_argument, NULL, 't' },
		{ "read-envelope-from", no_argument, NULL, 1 },
		{ "tty", required_argument, NULL, 2 },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(o, 0, sizeof(*o));
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv,
	    "+a:A:b:B:C:f:F:Gh:iL:mnN:o:O:R:tvX:", longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			o->account = optarg;
			break;
		case 'C':
			o->config = optarg;
			break;
		case 'f':
			o->from = optarg;
			break;
		case 'F':
			o->fullname = optarg;
			break;
		case 'X':
			o->logfile = optarg;
			break;
		case 't':
			o->read_rcpts = 1;
			break;
		case 1:
			o->read_from = 1;
			break;
		case 2:
			o->tty = optarg;
			break;
		case 'b':
			if (strcmp(optarg, "m") != 0) {
				fprintf(stderr, "sendguard: -b%s is not "
				    "supported (only -bm)\n", optarg);
				return -1;
			}
			break;
		case 'A': case 'B': case 'G': case 'h': case 'i': case 'L':
		case 'm': case 'n': case 'N': case 'o': case 'O': case 'R':
		case 'v':
			break;	/* accepted and ignored, as msmtp does */
		default:
			fprintf(stderr, "sendguard: unknown option -%c\n%s",
			    optopt != 0 ? optopt : '?', sendmail_usage);
			return -1;
		}
	}
	return optind;
}

/* Checks the recipients of the arguments and (with -t) the headers. */
static void
sendmail_recipients(const struct guard *g, char **args, int nargs,
    const struct message *m, int read_rcpts, struct guard_report *r)
{
	static const char *const hdrs[] = { "To", "Cc", "Bcc" };
	char *v;
	size_t i;
	int k;

	for (k = 0; k < nargs; k++)
		guard_check(g, args[k], r);
	if (!read_rcpts)
		return;
	for (i = 0; i < 3; i++) {
		if ((v = message_header_all(m, hdrs[i])) == NULL)
			continue;
		guard_check(g, v, r);
		free(v);
	}
}

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
 * Asks on the user's terminal about what needs resolving, and applies the
 * answers to the envelope and the To/Cc headers. Returns 1 when all is
 * resolved, 0 when the user went back, -1 when there is no terminal.
 */
static int
sendmail_resolve(struct setup *s, const struct sendmail_opts *o,
    struct message *m, const struct guard_report *r, const char **rcpts,
    struct strlist *fixed)
{
	enum tui_action *act;
	struct theme *theme;
	const struct guard_verdict *v;
	char *tty, *err = NULL, *notice = NULL, *addr;
	const char *at;
	size_t i;
	int rc;

	if ((tty = tty_find(o->tty)) == NULL)
		return -1;
	theme = composer_theme(&s->config, &notice);
	free(notice);
	act = xcalloc(r->nverdicts, sizeof(*act));
	rc = resolve_run(tty, theme, getenv("SENDGUARD_TRACE"), r, act, &err);
	theme_free(theme);
	if (rc < 0) {
		fprintf(stderr, "sendguard: cannot ask on %s: %s\n", tty,
		    err != NULL ? err : "?");
		free(err);
	}
	for (i = 0; rc == 1 && i < r->nverdicts; i++) {
		v = &r->verdicts[i];
		switch (act[i]) {
		case TUI_FIX:
			at = strrchr(v->address, '@');
			addr = xasprintf("%.*s%s", (int)(at - v->address + 1),
			    v->address, tui_suggestion(v));
			message_rewrite_recipient(m, v->address, addr);
			strlist_add(fixed, addr);
			rcpts[i] = fixed->v[fixed->n - 1];
			free(addr);
			break;
		case TUI_REMOVE:
			if (v->address != NULL)
				message_rewrite_recipient(m, v->address, NULL);
			rcpts[i] = NULL;
			break;
		case TUI_TRUST:
			if (state_trust(v->domain_ascii, 1, &err) != 0) {
				fprintf(stderr, "sendguard: %s\n", err);
				free(err);
				err = NULL;
			}
			break;
		case TUI_ONCE:
		case TUI_UNRESOLVED:
			break;
		}
	}
	free(act);
	free(tty);
	return rc;
}

/* Drops the removed (NULL) recipients; returns how many are left. */
static size_t
sendmail_compact(const char **v, const char **names, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (v[i] != NULL) {
			names[k] = names[i];
			v[k++] = v[i];
		}
	return k;
}

/* The addr-specs (or display names) of the verdicts, for the envelope. */
static const char **
sendmail_rcpts(const struct guard_report *r, int names)
{
	const char **v = xcalloc(r->nverdicts + 1, sizeof(*v));
	size_t i;

	for (i = 0; i < r->nverdicts; i++)
		v[i] = names ? r->verdicts[i].name : r->verdicts[i].address;
	return v;
}

int
sendmail_main(int argc, char **argv)
{
	struct sendmail_opts o;
	struct strlist fixed = { NULL, 0 };
	struct send_outcome out;
	size_t n;
	int asked = -1;
	struct guard_report r;
	const char **rcpts, **names;
	struct message *m = NULL;
	struct setup s;
	const char *hfrom;
	char *err = NULL, *deaddir, *from = NULL, *named = NULL;
	const char *nowenv = getenv("SENDGUARD_NOW");
	time_t now = nowenv != NULL ? (time_t)strtoll(nowenv, NULL, 10) :
	    time(NULL);
	int first, rc;

	if ((first = sendmail_options(argc, argv, &o)) < 0)
		return EX_USAGE;
	if (first >= argc && !o.read_rcpts) {
		fprintf(stderr, "sendguard: no recipients given\n%s",
		    sendmail_usage);
		return EX_USAGE;
	}
	/* Store the message before anything else can go wrong. */
	deaddir = paths_state("dead.letter");
	if (message_spool(STDIN_FILENO, deaddir, &m, &err) != 0) {
		fprintf(stderr, "sendguard: %s; nothing was sent\n", err);
		free(err);
		free(deaddir);
		return EX_TEMPFAIL;
	}
	if (setup_load(&s, o.config, 0, &err) != 0) {
		fprintf(stderr, "sendguard: %s\n", err);
		free(err);
		setup_free(&s);
		sendmail_keep(m);
		message_free(m);
		free(deaddir);
		return EX_CONFIG;
	}
	guard_report_init(&r);
	sendmail_recipients(s.guard, argv + first, argc - first, m,
	    o.read_rcpts, &r);
	sendmail_content(s.guard, m, &r);
	if (o.from != NULL)
		from = xstrdup(o.from);
	else if (o.read_from && (hfrom = message_header(m, "From")) != NULL)
		from = send_first_address(s.guard, hfrom);
	else {
		const struct config_account *a = account_choose(&s.config,
		    o.account, NULL, &err);
		free(err);
		err = NULL;
		if (a != NULL && a->from != NULL && strpbrk(a->from, "*?[") ==
		    NULL)
			from = xstrdup(a->from);
		else if ((hfrom = message_header(m, "From")) != NULL)
			from = send_first_address(s.guard, hfrom);
	}
	rcpts = sendmail_rcpts(&r, 0);
	names = sendmail_rcpts(&r, 1);
	if (r.nverdicts == 0) {
		fprintf(stderr, "sendguard: no recipients\n");
		rc = EX_USAGE;
		sendmail_keep(m);
	} else if (r.severity >= GUARD_WARN &&
	    (asked = sendmail_resolve(&s, &o, m, &r, rcpts, &fixed)) == 0) {
		fprintf(stderr, "sendguard: you went back: nothing was sent\n");
		send_log(o.logfile, from, rcpts, r.nverdicts, "refused");
		sendmail_keep(m);
		rc = EX_NOPERM;
	} else if (asked != 1 && (rc = refuse_report(&r)) != 0) {
		send_log(o.logfile, from, rcpts, r.nverdicts, "refused");
		sendmail_keep(m);
	} else if ((n = sendmail_compact(rcpts, names, r.nverdicts)) == 0) {
		fprintf(stderr, "sendguard: every recipient was removed: "
		    "nothing was sent\n");
		sendmail_keep(m);
		rc = EX_NOPERM;
	} else {
		if (o.fullname != NULL && from != NULL)
			named = xasprintf("%s <%s>", o.fullname, from);
		message_prepare(m, now, named != NULL ? named : from);
		confirm_stamp(&s, m, rcpts, n, confirm_marked(&r));
		send_deliver(&s, o.account, m, from, rcpts, names, n,
		    o.logfile, &out);
		fprintf(stderr, "sendguard: %s\n", out.message);
		if (out.kept != NULL)
			fprintf(stderr, "sendguard: the message is kept in "
			    "%s\n", out.kept);
		rc = out.exitcode;
		send_outcome_free(&out);
	}
	free(rcpts);
	free(names);
	strlist_free(&fixed);
	guard_report_free(&r);
	message_free(m);
	setup_free(&s);
	free(from);
	free(named);
	free(deaddir);
	return rc;
}
