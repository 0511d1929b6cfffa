/*
 * envelope.h: what goes on the wire is what the guard checked. The one
 * place where recipients go from verdicts to the envelope, for sendmail
 * mode and the composer alike: each address as the guard normalized it
 * (address_ascii: every spelling of a domain, full-width, with an
 * invisible character, a root dot or capitals, is the one A-label form),
 * a fix's local part @ the suggestion (checked and normalized the same
 * way), nothing for a removed one; and the To/Cc rewrites that make the
 * headers say what the envelope says.
 */
#ifndef SENDGUARD_ENVELOPE_H
#define SENDGUARD_ENVELOPE_H

#include <stddef.h>

#include "config.h"
#include "tui.h"

struct draft;
struct guard;
struct guard_report;
struct message;

/* A header change: the address spelled old becomes new (NULL: removed). */
struct envelope_rewrite {
	const char	*old;
	const char	*new;
};

struct envelope {
	const char		**rcpts;	/* addr-specs to send to */
	const char		**names;	/* their display names, or NULL */
	size_t			  n;
	struct envelope_rewrite	 *rw;
	size_t			  nrw;
	struct strlist		  own;		/* the strings made here */
};

void	 envelope_init(struct envelope *);
/*
 * Adds the verdicts of a report (one recipient field, or all of sendmail
 * mode's), with what the user answered for each (act[i] for
 * r->verdicts[i]; NULL: nothing was asked). Verdicts without an address
 * are left out. The report must outlive the envelope (names and old
 * spellings are borrowed from it).
 */
void	 envelope_add(struct envelope *, const struct guard *,
	    const struct guard_report *, const enum tui_action *act);
/* Makes the To and Cc headers of a message say what the envelope says. */
void	 envelope_message(const struct envelope *, struct message *);
/*
 * The same for a draft about to be built: its To and Cc (allocated
 * copies, the caller frees them) in *to and *cc.
 */
void	 envelope_draft(const struct envelope *, const struct draft *,
	    char **to, char **cc);
void	 envelope_free(struct envelope *);

#endif
