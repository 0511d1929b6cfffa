/*
 * tui.h: the terminal screens: the composer, the resolve prompt, themes,
 * and the one way untrusted text reaches the terminal. Only tui/ includes
 * curses. The TUI never talks SMTP: sending goes through a callback that
 * cli/ supplies.
 */
#ifndef SENDGUARD_TUI_H
#define SENDGUARD_TUI_H

#include <stddef.h>

struct draft;
struct guard;
struct guard_report;
struct guard_verdict;
struct tui_contact;

/* ---- The composer ---- */

/* What a send did, for the screen to tell. */
struct tui_send_result {
	int	 exitcode;	/* 0: it left, or went to the outbox */
	char	*message;	/* where it went, or what failed (allocated) */
};

/* What the composer asks of its caller (cli/): it never sends itself. */
struct tui_ops {
	void	*arg;
	/*
	 * Delivers the draft; reports are the checks of its To, Cc and Bcc
	 * (nreports of them, in that order), every warning resolved, from
	 * which the caller makes the envelope. Fills res.
	 */
	void	(*send)(void *arg, const struct draft *,
		    const struct guard_report *reports, size_t nreports,
		    struct tui_send_result *res);
	/* Trusts a domain always ("t"); 0, or -1. */
	int	(*trust)(void *arg, const char *domain);
	/*
	 * The addresses Tab completes from (contacts first, then the history,
	 * most recent first), read once after the first screen is drawn;
	 * they stay the caller's until compose_run() returns. May be NULL.
	 */
	void	(*contacts)(void *arg, const struct tui_contact **,
		    size_t *n);
	/* Saves the draft; the path (allocated), or NULL with *errstr. */
	char	*(*save)(void *arg, const struct draft *, char **errstr);
};

/* An address the user knows, offered by Tab in a recipient field. */
struct tui_contact {
	const char	*name;		/* display name, or NULL */
	const char	*address;	/* addr-spec */
	const char	*alias;		/* mutt alias key or nick, or NULL */
	int		 sent;		/* from the history, not a contact */
};

struct compose_opts {
	const struct guard	*guard;
	const struct theme	*theme;
	const char		*trace;		/* SENDGUARD_TRACE, or NULL */
	int			 in_body;	/* start with the cursor there */
	const char		*notice;	/* said on the status line first */
	/* Contacts first, then the history, most recent first. */
	const struct tui_contact *contacts;
	size_t			 ncontacts;
	struct tui_ops		 ops;
};

/*
 * Runs the composer over a pre-filled draft on the terminal. Returns 0
 * when the mail was sent (the message saying where is in *said), or 75
 * when the user left with the draft saved (its path in *said).
 */
int	 compose_run(const struct compose_opts *, struct draft *,
	    char **said);

/* ---- The resolve prompt on mutt's terminal (sendmail mode) ---- */

enum tui_action {
	TUI_UNRESOLVED = 0,
	TUI_FIX,	/* to tui_suggestion() */
	TUI_REMOVE,
	TUI_ONCE,	/* send to it this time */
	TUI_TRUST	/* and trust its domain from now on */
};

/*
 * Asks on a terminal device (mutt's, which waits for us) about every
 * verdict that needs resolving; actions[i] gets the answer for
 * report->verdicts[i]. Returns 1 when all are resolved, 0 when the user
 * went back (nothing is sent), -1 with *errstr when the terminal cannot be
 * used. The terminal's modes are restored exactly.
 */
int	 resolve_run(const char *tty, const struct theme *, const char *trace,
	    const struct guard_report *, enum tui_action *actions,
	    char **errstr);
/* The domain a fix goes to, or NULL. */
const char *tui_suggestion(const struct guard_verdict *);
/*
 * For a signal handler (async-signal-safe): if the resolve prompt holds a
 * terminal, leaves its screen and puts its modes back as they were.
 */
void	 tui_signal_restore(void);

/* ---- Themes ---- */

/* The roles a theme gives colours and attributes to. */
enum theme_role {
	ROLE_FIELD_LABEL = 0,	/* "To:" */
	ROLE_FIELD_TEXT,	/* what is typed in a header field */
	ROLE_FIELD_ACTIVE,	/* the label of the field being edited */
	ROLE_ADDR_OK,
	ROLE_ADDR_NOTICE,
	ROLE_ADDR_WARN,
	ROLE_ADDR_BLOCK,
	ROLE_BODY,
	ROLE_PANE_TITLE,	/* the warnings pane's heading */
	ROLE_PANE_WARNING,	/* a line of the warnings pane */
	ROLE_PANE_BLOCK,	/* a blocked address's line */
	ROLE_STATUS,		/* the status line with key hints */
	ROLE_PROMPT,		/* the resolve prompt */
	ROLE_PROMPT_KEY,	/* a key in the prompt, "f" */
	ROLE_ESCAPED,		/* a control character shown as an escape */
	ROLE_ERROR,		/* a delivery failure on screen */
	ROLE_NROLES
};

/* A colour: -1 is the terminal's default, 0-255 an indexed colour. */
struct theme_style {
	short		 fg;
	short		 bg;
	unsigned	 attrs;		/* THEME_BOLD | ... */
};
#define THEME_BOLD	0x01
#define THEME_UNDERLINE	0x02
#define THEME_REVERSE	0x04
#define THEME_DIM	0x08
#define THEME_ITALIC	0x10

struct theme {
	char			*name;
	struct theme_style	 style[ROLE_NROLES];
};

/* The role names used in theme files ("addr.warn"), or NULL. */
const char *theme_role_name(enum theme_role);

/*
 * Loads a theme by name (a file NAME in dir, e.g. themes/ installed under
 * share/sendguard/themes; "default" and "mono" are built in when the file
 * is missing) or by path (containing a '/'). *out is always set, and the
 * caller frees it with theme_free(). Returns 0, or -1 with *errstr (if not
 * NULL; allocated, the caller's) naming the file and line; *out is then
 * the default theme, so the caller can say the error and carry on.
 */
int	 theme_load(const char *name_or_path, const char *dir,
	    struct theme **out, char **errstr);
/* The built-in default and mono themes (no file needed). */
struct theme *theme_default(void);
struct theme *theme_mono(void);
void	 theme_free(struct theme *);

#endif
