/*
 * compose.c: the composer. Header fields, a body, live checks of every
 * recipient on every change, and a send that goes through the resolve
 * prompt until nothing is left to resolve.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <unistd.h>

#include <curses.h>

#include "common.h"
#include "transport.h"
#include "compose.h"
#include "msgcheck.h"
#include "screen.h"
#include "ask.h"
#include "editor.h"
#include "trace.h"

#define CTRL(c)	((c) & 0x1f)

static const char *const compose_labels[CF_NHEADERS] = {
	"From:", "To:", "Cc:", "Bcc:", "Subject:"
};
static const char *const compose_names[CF_NHEADERS] = {
	"from", "to", "cc", "bcc", "subject"
};

const char *
compose_label(int f)
{
	return f >= 0 && f < CF_NHEADERS ? compose_labels[f] : "";
}

const char *
compose_name(int f)
{
	return f >= 0 && f < CF_NHEADERS ? compose_names[f] : "body";
}

void
compose_say(struct compose *c, int role, const char *msg)
{
	free(c->status);
	c->status = msg != NULL ? xstrdup(msg) : NULL;
	c->status_role = role;
}

void
compose_check(struct compose *c, int f)
{
	char *text;

	if (!COMPOSE_RCPT(f))
		return;
	text = field_get(&c->hdr[f]);
	guard_report_free(&c->rep[f]);
	guard_report_init(&c->rep[f]);
	guard_check(c->o->guard, text, &c->rep[f]);
	trace_field(compose_name(f), text, &c->rep[f]);
	free(text);
	msgcheck_run(c);
}

int
compose_unresolved(const struct compose *c, const struct guard_verdict *v)
{
	size_t i;

	if (v->severity == GUARD_BLOCK)
		return 1;
	if (v->severity < GUARD_WARN)
		return 0;
	for (i = 0; i < c->nok; i++)
		if (v->domain_ascii != NULL &&
		    strcmp(c->ok[i], v->domain_ascii) == 0)
			return 0;
	return 1;
}

/* Copies the fields into the draft. */
static void
compose_fill(struct compose *c)
{
	char **dst[CF_NHEADERS] = { &c->d->from, &c->d->to, &c->d->cc,
	    &c->d->bcc, &c->d->subject };
	int i;

	for (i = 0; i < CF_NHEADERS; i++) {
		free(*dst[i]);
		*dst[i] = field_get(&c->hdr[i]);
	}
	free(c->d->body);
	c->d->body = body_get(&c->body);
}

/* Saves the draft through the caller; says where. */
static int
compose_save(struct compose *c)
{
	char *path, *err = NULL, *msg;

	compose_fill(c);
	if ((path = c->o->ops.save(c->o->ops.arg, c->d, &err)) == NULL) {
		msg = xasprintf("the draft could not be saved: %s",
		    err != NULL ? err : "?");
		compose_say(c, ROLE_ERROR, msg);
		free(msg);
		free(err);
		return -1;
	}
	trace_simple("draft", "path", path);
	free(c->said);
	c->said = xasprintf("the draft is saved in %s", path);
	free(path);
	return 0;
}

/* Asks a yes/no question on the status line. */
static int
compose_confirm(struct compose *c, const char *question)
{
	wint_t k;
	int r;

	compose_say(c, ROLE_PROMPT, question);
	compose_draw(c);
	do
		r = get_wch(&k);
	while (r == KEY_CODE_YES && k == KEY_RESIZE);
	compose_say(c, ROLE_STATUS, NULL);
	return r == OK && (k == 'y' || k == 'Y');
}

/* Sends, once every recipient is resolved. */
static void
compose_send(struct compose *c)
{
	struct tui_send_result res;
	size_t n = 0, i;
	int f;

	if (!prompt_run(c)) {
		compose_say(c, ROLE_STATUS, "not sent: back to editing");
		return;
	}
	for (f = CF_TO; f <= CF_BCC; f++)
		for (i = 0; i < c->rep[f].nverdicts; i++)
			n += c->rep[f].verdicts[i].address != NULL;
	if (n == 0) {
		compose_say(c, ROLE_ERROR, "not sent: there is no recipient");
		return;
	}
	compose_fill(c);
	compose_say(c, ROLE_STATUS, "sending...");
	compose_draw(c);
	trace_send((int)n);
	memset(&res, 0, sizeof(res));
	/* The caller makes the envelope from the verdicts (cli/envelope.c). */
	c->o->ops.send(c->o->ops.arg, c->d, &c->rep[CF_TO], CF_BCC - CF_TO + 1,
	    &res);
	trace_result(res.exitcode, res.message);
	if (res.exitcode == 0) {
		free(c->said);
		c->said = res.message;
		c->exitcode = 0;
		c->done = 1;
		return;
	}
	compose_say(c, ROLE_ERROR, res.message != NULL ? res.message :
	    "not sent");
	free(res.message);
}

/* Ctrl-T: asks for a file (Tab completes) and attaches it. */
static void
compose_attach(struct compose *c)
{
	struct draft_attachment *a;
	char *path, *msg;

	if ((path = ask_line(c, "Attach file: ", 1)) == NULL ||
	    *path == '\0') {
		free(path);
		compose_say(c, ROLE_STATUS, NULL);
		return;
	}
	if (access(path, R_OK) != 0) {
		msg = xasprintf("cannot attach %s: %s", path, strerror(errno));
		compose_say(c, ROLE_ERROR, msg);
		free(msg);
		free(path);
		return;
	}
	c->d->attachments = xreallocarray(c->d->attachments,
	    c->d->nattachments + 1, sizeof(*c->d->attachments));
	a = &c->d->attachments[c->d->nattachments++];
	memset(a, 0, sizeof(*a));
	a->path = path;
	trace_simple("attach", "path", path);
	compose_say(c, ROLE_STATUS, "attached");
}

/* Moves the focus to another field. */
static void
compose_focus(struct compose *c, int f)
{
	if (f < 0)
		f = 0;
	if (f > CF_BODY)
		f = CF_BODY;
	if (c->focus != f)
		trace_simple("focus", "field", compose_name(f));
	c->focus = f;
}

/* Edits the focused line with a key; returns 1 if the text changed. */
static int
compose_edit(struct field *fl, wint_t k, int code)
{
	if (!code) {
		switch (k) {
		case CTRL('A'):
			field_home(fl);
			return 0;
		case CTRL('K'):
			field_kill_end(fl);
			return 1;
		case CTRL('U'):
			field_kill_start(fl);
			return 1;
		case CTRL('W'):
			field_delete_word(fl);
			return 1;
		case CTRL('H'):
		case 0x7f:
			field_backspace(fl);
			return 1;
		case CTRL('B'):
			field_left(fl);
			return 0;
		case CTRL('F'):
			field_right(fl);
			return 0;
		}
		if (k >= 0x20 && k != 0x7f) {
			field_insert(fl, (uint32_t)k);
			return 1;
		}
		return 0;
	}
	switch (k) {
	case KEY_LEFT:
		field_left(fl);
		break;
	case KEY_RIGHT:
		field_right(fl);
		break;
	case KEY_HOME:
		field_home(fl);
		break;
	case KEY_END:
		field_end(fl);
		break;
	case KEY_SLEFT:
		field_word_left(fl);
		break;
	case KEY_SRIGHT:
		field_word_right(fl);
		break;
	case KEY_BACKSPACE:
		field_backspace(fl);
		return 1;
	case KEY_DC:
		field_delete(fl);
		return 1;
	}
	return 0;
}

/* A key in a header field. */
static void
compose_key_header(struct compose *c, wint_t k, int code)
{
	struct field *fl = &c->hdr[c->focus];

	/* Tab completes an address when it can, else moves on. */
	if (((!code && k == '\t') || (code && k == KEY_BTAB)) &&
	    pick_tab(c, code ? -1 : 1))
		return;
	if ((code && (k == KEY_DOWN || k == KEY_ENTER)) ||
	    (!code && (k == '\r' || k == '\n' || k == '\t'))) {
		compose_focus(c, c->focus + 1);
		return;
	}
	if ((code && (k == KEY_UP || k == KEY_BTAB))) {
		compose_focus(c, c->focus - 1);
		return;
	}
	if (compose_edit(fl, k, code))
		compose_check(c, c->focus);
}

/* A key in the body. */
static void
compose_key_body(struct compose *c, wint_t k, int code)
{
	if (code && k == KEY_UP) {
		if (!body_up(&c->body))
			compose_focus(c, CF_SUBJECT);
		return;
	}
	if (code && k == KEY_DOWN) {
		body_down(&c->body);
		return;
	}
	if (code && k == KEY_BTAB) {
		compose_focus(c, CF_SUBJECT);
		return;
	}
	if ((!code && (k == '\r' || k == '\n')) || (code && k == KEY_ENTER)) {
		body_newline(&c->body);
		return;
	}
	if ((code && k == KEY_BACKSPACE) || (!code && (k == 0x7f ||
	    k == CTRL('H')))) {
		body_backspace(&c->body);
		return;
	}
	if (code && k == KEY_DC) {
		body_delete(&c->body);
		return;
	}
	if (!code && k == '\t') {
		body_insert(&c->body, '\t');
		return;
	}
	compose_edit(body_line(&c->body), k, code);
}

/* Suspends (Ctrl-Z) with the terminal restored, and comes back. */
static void
compose_suspend(void)
{
	def_prog_mode();
	endwin();
	kill(getpid(), SIGTSTP);
	reset_prog_mode();
	refresh();
}

/*
 * Inside a bracketed paste everything is text: in a header field a line
 * break joins the lines (", " between addresses), in the body it is one.
 */
static void
compose_paste(struct compose *c, wint_t k, int code)
{
	struct field *fl;

	if (code && k == SCREEN_PASTE_END) {
		c->pasting = 0;
		if (c->focus != CF_BODY)
			compose_check(c, c->focus);
		trace_simple("paste", NULL, NULL);
		return;
	}
	if (code)
		return;
	if (c->focus == CF_BODY) {
		if (k == '\r' || k == '\n')
			body_newline(&c->body);
		else if (k == '\t' || k >= 0x20)
			body_insert(&c->body, (uint32_t)k);
		return;
	}
	fl = &c->hdr[c->focus];
	if (k == '\r' || k == '\n' || k == '\t') {
		/* One separator for a run of blanks and line breaks. */
		if (fl->cur > 0 && fl->v[fl->cur - 1] != ' ' &&
		    fl->v[fl->cur - 1] != ',') {
			if (COMPOSE_RCPT(c->focus))
				field_insert(fl, ',');
			field_insert(fl, ' ');
		}
	} else if (k >= 0x20)
		field_insert(fl, (uint32_t)k);
}

/* One key; the commands first, then editing. */
static void
compose_key(struct compose *c, wint_t k, int code)
{
	/* A message lasts until the next key. */
	if (!(code && k == KEY_RESIZE) && !c->pasting)
		compose_say(c, ROLE_STATUS, NULL);
	if (!c->pasting && pick_key(c, k, code) == PICK_HANDLED)
		return;
	if (c->pasting || (code && k == SCREEN_PASTE_BEGIN)) {
		c->pasting = 1;
		if (!(code && k == SCREEN_PASTE_BEGIN))
			compose_paste(c, k, code);
		return;
	}
	if (!code) {
		switch (k) {
		case CTRL('X'):
			trace_key("^X", "send");
			compose_send(c);
			return;
		case CTRL('E'):
			trace_key("^E", "editor");
			editor_run(c);
			return;
		case CTRL('T'):
			trace_key("^T", "attach");
			compose_attach(c);
			return;
		case CTRL('Q'):
			trace_key("^Q", "quit");
			if (compose_save(c) == 0) {
				c->exitcode = EX_TEMPFAIL;
				c->done = 1;
			}
			return;
		case CTRL('C'):
			trace_key("^C", "quit?");
			if (compose_confirm(c, "Leave? The draft will be saved. "
			    "(y/n)") && compose_save(c) == 0) {
				c->exitcode = EX_TEMPFAIL;
				c->done = 1;
			}
			return;
		case CTRL('L'):
			clearok(curscr, TRUE);
			return;
		case CTRL('Z'):
			compose_suspend();
			return;
		case '?':
			/* Help where a ? cannot be meant as text. */
			if (c->focus == CF_BODY ||
			    c->hdr[c->focus].n > 0)
				break;
			compose_help(c);
			return;
		}
	} else if (k == KEY_F(1)) {
		compose_help(c);
		return;
	} else if (k == KEY_RESIZE) {
		trace_simple("resize", NULL, NULL);
		return;
	}
	if (c->focus == CF_BODY)
		compose_key_body(c, k, code);
	else
		compose_key_header(c, k, code);
}

static void
compose_init(struct compose *c, const struct compose_opts *o,
    struct draft *d)
{
	const char *src[CF_NHEADERS] = { d->from, d->to, d->cc, d->bcc,
	    d->subject };
	int i;

	memset(c, 0, sizeof(*c));
	c->o = o;
	c->d = d;
	body_init(&c->body);
	body_set(&c->body, d->body != NULL ? d->body : "");
	guard_report_init(&c->msg);
	for (i = 0; i < CF_NHEADERS; i++) {
		field_init(&c->hdr[i]);
		field_set(&c->hdr[i], src[i] != NULL ? src[i] : "");
		guard_report_init(&c->rep[i]);
	}
	/* Each recipient field's check runs the message checks too. */
	for (i = 0; i < CF_NHEADERS; i++)
		compose_check(c, i);
	pick_init(&c->pick);
	c->focus = o->in_body ? CF_BODY : CF_TO;
	if (o->notice != NULL)
		compose_say(c, ROLE_ERROR, o->notice);
	c->exitcode = EX_TEMPFAIL;
}

static void
compose_done(struct compose *c)
{
	size_t i;

	for (i = 0; i < CF_NHEADERS; i++) {
		field_free(&c->hdr[i]);
		guard_report_free(&c->rep[i]);
	}
	guard_report_free(&c->msg);
	free(c->msg_sig);
	body_free(&c->body);
	pick_free(&c->pick);
	for (i = 0; i < c->nok; i++)
		free(c->ok[i]);
	free(c->ok);
	free(c->status);
}

int
compose_run(const struct compose_opts *o, struct draft *d, char **said)
{
	struct compose c;
	char *err = NULL;
	wint_t k;
	int r;

	*said = NULL;
	trace_open(o->trace);
	if (screen_open(NULL, o->theme, &err) != 0) {
		*said = err;
		trace_close();
		return EX_UNAVAILABLE;
	}
	compose_init(&c, o, d);
	trace_simple("ready", "focus", compose_name(c.focus));
	while (!c.done) {
		if (!c.pasting)
			compose_draw(&c);
		/* Once the screen shows, so that no Tab waits for it. */
		pick_prepare(&c);
		r = get_wch(&k);
		if (r == ERR)
			continue;
		compose_key(&c, k, r == KEY_CODE_YES);
		/* The subject, body or attachments may have changed. */
		if (!c.pasting && (c.focus == CF_SUBJECT ||
		    c.focus == CF_BODY || k == CTRL('T') || k == CTRL('E')))
			msgcheck_run(&c);
	}
	compose_fill(&c);
	screen_close();
	*said = c.said;
	r = c.exitcode;
	compose_done(&c);
	trace_close();
	return r;
}
