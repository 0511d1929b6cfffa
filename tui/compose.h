/* compose.h: the composer's state, shared by its drawing, keys and prompt
 * (internal to tui/). */
#ifndef SENDGUARD_COMPOSE_H
#define SENDGUARD_COMPOSE_H

#include "guard.h"
#include "tui.h"
#include "body.h"
#include "field.h"
#include "pick.h"

enum compose_field {
	CF_FROM = 0,
	CF_TO,
	CF_CC,
	CF_BCC,
	CF_SUBJECT,
	CF_NHEADERS,
	CF_BODY = CF_NHEADERS
};

struct compose {
	const struct compose_opts *o;
	struct draft		*d;
	struct field		 hdr[CF_NHEADERS];
	struct guard_report	 rep[CF_NHEADERS];	/* To, Cc, Bcc */
	struct guard_report	 msg;	/* findings of the whole message */
	char			*msg_sig; /* what was last traced of it */
	struct body		 body;
	int			 focus;
	char			**ok;		/* domains resolved (o, t) */
	size_t			 nok;
	char			*status;	/* a message for the user */
	int			 status_role;
	int			 rows, cols;
	int			 bodyrows;	/* set by compose_draw */
	int			 done;		/* leave the loop */
	int			 pasting;	/* inside a bracketed paste */
	struct pick		 pick;		/* Tab completion (pick.c) */
	int			 exitcode;
	char			*said;
};

/* Whether a field holds recipients. */
#define COMPOSE_RCPT(f)	((f) == CF_TO || (f) == CF_CC || (f) == CF_BCC)

/* The label of a header field ("To:"), and its name in traces ("to"). */
const char *compose_label(int);
const char *compose_name(int);

/* Checks a recipient field again through the guard (and traces it). */
void	 compose_check(struct compose *, int);
/* Whether a verdict still needs resolving (warn not yet resolved, block). */
int	 compose_unresolved(const struct compose *,
	    const struct guard_verdict *);
/* Sets the status line (a copy of msg). */
void	 compose_say(struct compose *, int role, const char *msg);

/* Draws the whole screen (view.c). */
void	 compose_draw(struct compose *);
/* Shows the keys until a key is pressed (view.c). */
void	 compose_help(struct compose *);

/* An answer of the resolve prompt about one address. */
enum prompt_answer {
	PROMPT_FIX,
	PROMPT_REMOVE,
	PROMPT_ONCE,
	PROMPT_TRUST,
	PROMPT_BACK
};

/*
 * Asks about one verdict over whatever redraw() puts on the screen;
 * offers only the keys that apply (a block: r and back).
 */
enum prompt_answer prompt_ask(const struct guard_verdict *, int remaining,
	    void (*redraw)(void *), void *arg);
/* The suggestion the prompt offers for a verdict, or NULL. */
const char *prompt_suggestion(const struct guard_verdict *);

/*
 * The resolve prompt (prompt.c): asks about every unresolved address in
 * turn. Returns 1 when all are resolved, 0 when the user went back.
 */
int	 prompt_run(struct compose *);

#endif
