/* confirm.h: the Sendguard-Resolved header on what the client sends. */
#ifndef SENDGUARD_CONFIRM_H
#define SENDGUARD_CONFIRM_H

#include <stddef.h>
#include <time.h>

#include "config.h"

struct draft;
struct guard;
struct guard_report;
struct message;
struct setup;

/*
 * Call when a message is about to leave (after message_prepare(), with
 * everything resolved): drops any Sendguard-Resolved field it came with
 * and, when an organisation's milter would warn about some recipients'
 * domains (the guard of setup_guard_org()), adds one naming each with how
 * the user resolved it: trusted, a permit (allow --once), "send once"
 * (the user's own guard still warns: the prompt let it through), or known
 * (from the user's contacts or history). rcpts are the envelope
 * recipients; marked tells that the message carries a marking.
 */
void	 confirm_stamp(struct setup *, struct message *,
	    const char *const *rcpts, size_t n, int marked);
/* The permits (allow --once) one send took. */
struct confirm_claims {
	struct strlist	 domains;
	time_t		*until;		/* when each would have ended */
};

/*
 * Takes, each at once under the state lock, the permits this send relies
 * on (a recipient in their domain or under it), so that two sends at the
 * same moment never both use one. 0; or -1 with *errstr when another send
 * took one since this one read them and a recipient needs it (the user's
 * guard warns without it): then nothing may be sent, and the permits
 * taken are given back.
 */
int	 confirm_claim(struct setup *, const char *const *rcpts, size_t n,
	    int marked, struct confirm_claims *, char **errstr);
/* Frees the claims; give_back: the message did not leave, so the
 * permits are the user's again. */
void	 confirm_unclaim(struct confirm_claims *, int give_back);
/* Whether a report found a marking (a marking-external finding). */
int	 confirm_marked(const struct guard_report *);
/* Whether a draft's subject, text or file names carry a marking. */
int	 confirm_draft_marked(const struct guard *, const struct draft *);

#endif
