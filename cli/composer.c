/*
 * composer.c: the composer mode. Builds the draft from the command line
 * (or a saved draft), runs the screen, and supplies what it may not do
 * itself: sending (draft_build and the same delivery as sendmail mode),
 * trusting, and saving drafts.
 */
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "guard.h"
#include "transport.h"
#include "tui.h"
#include "account.h"
#include "composer.h"
#include "confirm.h"
#include "envelope.h"
#include "fileio.h"
#include "paths.h"
#include "send.h"
#include "exitcode.h"
#include "setup.h"
#include "state.h"

#ifndef SENDGUARD_THEMES
#define SENDGUARD_THEMES "/usr/local/share/sendguard/themes"
#endif

static const char composer_usage[] =
    "usage: sendguard [-s SUBJECT] [-c CC] [-b BCC] [-a FILE] [-C CONFIG] "
    "[ADDR...]\n"
    "       sendguard --resume DRAFT\n";

static time_t
composer_now(void)
{
	const char *e = getenv("SENDGUARD_NOW");

	return e != NULL ? (time_t)strtoll(e, NULL, 10) : time(NULL);
}

static void
composer_send(void *arg, const struct draft *d,
    const struct guard_report *reports, size_t nreports,
    struct tui_send_result *res)
{
	struct setup *s = arg;
	struct send_outcome out;
	struct send_request req;
	struct account_request ar;
	struct config_account acct;
	struct envelope env;
	enum account_how how;
	struct message *m;
	struct draft wire;
	char *bytes, *err = NULL, *from;
	size_t len, i;
	int rc, built;

	from = send_first_address(s->guard, d->from);
	memset(&ar, 0, sizeof(ar));
	ar.from = from;
	/* Without an account anywhere, the composer uses the outbox. */
	if ((rc = send_account(&s->config, &ar, 0, &acct, &how, &err)) ==
	    ACCOUNT_ERROR) {
		res->exitcode = EX_CONFIG;
		res->message = xasprintf("not sent: %s", err);
		free(err);
		free(from);
		return;
	}
	/* What was checked is sent: the envelope, and To/Cc saying it. */
	envelope_init(&env);
	for (i = 0; i < nreports; i++)
		envelope_add(&env, s->guard, &reports[i], NULL);
	wire = *d;
	envelope_draft(&env, d, &wire.to, &wire.cc);
	built = draft_build(&wire, composer_now(), &bytes, &len, &err);
	free(wire.to);
	free(wire.cc);
	if (built != 0) {
		res->exitcode = EX_DATAERR;
		res->message = xasprintf("not sent: %s", err);
		free(err);
		free(from);
		envelope_free(&env);
		if (rc == ACCOUNT_OK)
			config_account_free(&acct);
		return;
	}
	m = message_from_bytes(bytes, len);
	free(bytes);
	memset(&req, 0, sizeof(req));
	req.marked = confirm_draft_marked(s->guard, d);
	confirm_stamp(s, m, env.rcpts, env.n, req.marked);
	req.account = rc == ACCOUNT_OK ? &acct : NULL;
	req.from = from != NULL ? from : rc == ACCOUNT_OK ? acct.from : NULL;
	req.rcpts = env.rcpts;
	req.names = env.names;
	req.nrcpts = env.n;
	send_deliver(s, &req, m, &out);
	envelope_free(&env);
	res->exitcode = out.exitcode;
	if (out.kept != NULL)
		res->message = xasprintf("%s; the message is kept in %s",
		    out.message, out.kept);
	else
		res->message = xstrdup(out.message);
	send_outcome_free(&out);
	message_free(m);
	free(from);
	if (rc == ACCOUNT_OK)
		config_account_free(&acct);
}

static int
composer_trust(void *arg, const char *domain)
{
	char *err = NULL;

	(void)arg;
	if (state_trust(domain, 1, &err) != 0) {
		free(err);
		return -1;
	}
	return 0;
}

/* A draft file: its header fields as typed, a blank line, the body. */
static char *
composer_save(void *arg, const struct draft *d, char **errstr)
{
	struct buf b;
	char name[64], *path, *dir;
	size_t i;

	(void)arg;
	buf_init(&b);
	buf_addf(&b, "From: %s\nTo: %s\nCc: %s\nBcc: %s\nSubject: %s\n",
	    d->from ? d->from : "", d->to ? d->to : "", d->cc ? d->cc : "",
	    d->bcc ? d->bcc : "", d->subject ? d->subject : "");
	for (i = 0; i < d->nattachments; i++)
		buf_addf(&b, "Attach: %s\n", d->attachments[i].path);
	buf_addf(&b, "\n%s", d->body ? d->body : "");
	dir = paths_data("drafts");
	snprintf(name, sizeof(name), "%lld-%ld.draft",
	    (long long)composer_now(), (long)getpid());
	path = xasprintf("%s/%s", dir, name);
	free(dir);
	if (fileio_write_atomic(path, b.s, b.len, 0600, errstr) != 0) {
		free(path);
		path = NULL;
	}
	buf_free(&b);
	return path;
}

static void
composer_set(char **field, const char *v)
{
	free(*field);
	*field = xstrdup(v);
}

int
composer_read_draft(const char *text, struct draft *d)
{
	const char *p = text, *nl, *colon;
	char *line;
	size_t len;

	while (*p != '\0' && *p != '\n') {
		nl = strchr(p, '\n');
		len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		line = xstrndup(p, len);
		if ((colon = strchr(line, ':')) == NULL) {
			free(line);
			return -1;
		}
		colon++;
		while (*colon == ' ')
			colon++;
		if (strncasecmp(line, "From:", 5) == 0)
			composer_set(&d->from, colon);
		else if (strncasecmp(line, "To:", 3) == 0)
			composer_set(&d->to, colon);
		else if (strncasecmp(line, "Cc:", 3) == 0)
			composer_set(&d->cc, colon);
		else if (strncasecmp(line, "Bcc:", 4) == 0)
			composer_set(&d->bcc, colon);
		else if (strncasecmp(line, "Subject:", 8) == 0)
			composer_set(&d->subject, colon);
		else if (strncasecmp(line, "Attach:", 7) == 0) {
			d->attachments = xreallocarray(d->attachments,
			    d->nattachments + 1, sizeof(*d->attachments));
			memset(&d->attachments[d->nattachments], 0,
			    sizeof(*d->attachments));
			d->attachments[d->nattachments++].path =
			    xstrdup(colon);
		}
		free(line);
		if (nl == NULL)
			return 0;
		p = nl + 1;
	}
	composer_set(&d->body, *p == '\n' ? p + 1 : p);
	return 0;
}

/* The theme of the config, or the default; says why if it is broken. */
struct theme *
composer_theme(const struct config *c, char **notice)
{
	const char *dir = getenv("SENDGUARD_THEMES");
	char exe[4096], *slash, *err = NULL, *near = NULL;
	struct theme *t;
	ssize_t n;

	if (dir == NULL || access(dir, R_OK) != 0)
		dir = access(SENDGUARD_THEMES, R_OK) == 0 ?
		    SENDGUARD_THEMES : NULL;
	/* Not installed: the themes of the source tree, beside build/. */
	if (dir == NULL && (n = readlink("/proc/self/exe", exe,
	    sizeof(exe) - 1)) > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL)
			*slash = '\0';
		near = xasprintf("%s/../themes", exe);
		if (access(near, R_OK) == 0)
			dir = near;
	}
	if (theme_load(c->theme != NULL ? c->theme : "default", dir, &t,
	    &err) != 0) {
		*notice = xasprintf("theme: %s (using the default)",
		    err != NULL ? err : "?");
		free(err);
	}
	free(near);
	return t;
}

/* Without an account's from: user@host, as mail(1) does. */
static void
composer_default_from(struct draft *d)
{
	struct passwd *pw = getpwuid(getuid());
	const char *user = getenv("USER");
	char host[256];

	if (user == NULL || *user == '\0')
		user = pw != NULL ? pw->pw_name : "user";
	if (gethostname(host, sizeof(host)) != 0 || host[0] == '\0')
		strcpy(host, "localhost");
	host[sizeof(host) - 1] = '\0';
	free(d->from);
	d->from = xasprintf("%s@%s", user, host);
}

/*
 * What Tab completes from: the contacts, then the history. Asked for once
 * the first screen is up; the array stays in the setup until the end.
 */
static void
composer_contacts(void *arg, const struct tui_contact **out, size_t *n)
{
	struct setup *s = arg;
	const struct contact_list *from[2] = { &s->learned.contacts,
	    &s->learned.history };
	struct tui_contact *v;
	size_t i, k = 0;
	int l;

	learn_entries(&s->learned, &s->config);
	*n = s->learned.contacts.n + s->learned.history.n;
	*out = NULL;
	if (*n == 0)
		return;
	v = xcalloc(*n, sizeof(*v));
	for (l = 0; l < 2; l++)
		for (i = 0; i < from[l]->n; i++, k++) {
			v[k].name = from[l]->v[i].name;
			v[k].address = from[l]->v[i].address;
			v[k].alias = from[l]->v[i].alias;
			v[k].sent = l == 1;
		}
	free(s->completion);
	s->completion = v;
	*out = v;
}

/* Appends a list to a draft field ("a, b"). */
static void
composer_add(char **field, const char *v)
{
	char *s;

	if (*field == NULL || **field == '\0') {
		composer_set(field, v);
		return;
	}
	s = xasprintf("%s, %s", *field, v);
	free(*field);
	*field = s;
}

int
composer_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "resume", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct account_request req;
	struct config_account acct;
	enum account_how how;
	struct compose_opts co;
	struct draft d;
	struct setup s;
	struct buf text;
	struct theme *theme;
	const char *config = NULL, *resume = NULL;
	char *err = NULL, *said = NULL, *notice = NULL;
	int c, rc, i;

	draft_init(&d);
	optind = 1;
	while ((c = getopt_long(argc, argv, "s:c:b:a:C:h", longopts,
	    NULL)) != -1) {
		switch (c) {
		case 's':
			composer_set(&d.subject, optarg);
			break;
		case 'c':
			composer_add(&d.cc, optarg);
			break;
		case 'b':
			composer_add(&d.bcc, optarg);
			break;
		case 'a':
			d.attachments = xreallocarray(d.attachments,
			    d.nattachments + 1, sizeof(*d.attachments));
			memset(&d.attachments[d.nattachments], 0,
			    sizeof(*d.attachments));
			d.attachments[d.nattachments++].path = xstrdup(optarg);
			break;
		case 'C':
			config = optarg;
			break;
		case 'r':
			resume = optarg;
			break;
		case 'h':
			fputs(composer_usage, stdout);
			draft_free(&d);
			return 0;
		default:
			fputs(composer_usage, stderr);
			draft_free(&d);
			return EX_USAGE;
		}
	}
	for (i = optind; i < argc; i++)
		composer_add(&d.to, argv[i]);
	if (resume != NULL) {
		buf_init(&text);
		if (file_read(resume, &text, &err) != 0 ||
		    composer_read_draft(text.s, &d) != 0) {
			fprintf(stderr, "sendguard: cannot resume %s: %s\n",
			    resume, err != NULL ? err : "not a draft file");
			free(err);
			buf_free(&text);
			draft_free(&d);
			return EX_DATAERR;
		}
		buf_free(&text);
	}
	if (setup_load(&s, config, SETUP_ACCOUNTS, &err) != 0) {
		fprintf(stderr, "sendguard: %s\n", err);
		free(err);
		setup_free(&s);
		draft_free(&d);
		return EX_CONFIG;
	}
	memset(&req, 0, sizeof(req));
	if ((d.from == NULL || *d.from == '\0') && account_pick(&s.config,
	    &req, &acct, &how, &err) == ACCOUNT_OK) {
		if (account_finish(&acct, 0, &err) == 0 && acct.from != NULL &&
		    strpbrk(acct.from, "*?[") == NULL)
			composer_set(&d.from, acct.from);
		config_account_free(&acct);
	}
	free(err);
	err = NULL;
	if (d.from == NULL || *d.from == '\0')
		composer_default_from(&d);
	theme = composer_theme(&s.config, &notice);
	memset(&co, 0, sizeof(co));
	co.guard = s.guard;
	co.theme = theme;
	co.trace = getenv("SENDGUARD_TRACE");
	co.in_body = d.to != NULL && *d.to != '\0' && d.subject != NULL &&
	    *d.subject != '\0';
	co.notice = notice;
	co.ops.arg = &s;
	co.ops.contacts = composer_contacts;
	co.ops.send = composer_send;
	co.ops.trust = composer_trust;
	co.ops.save = composer_save;
	rc = compose_run(&co, &d, &said);
	if (said != NULL && rc == 0)
		printf("sendguard: %s\n", said);
	else if (said != NULL)
		errline("%s", said);	/* may quote the server */
	free(said);
	free(notice);
	theme_free(theme);
	setup_free(&s);
	draft_free(&d);
	return rc;
}
