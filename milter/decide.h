/*
 * decide.h: what the milter does with a report, and the words it uses:
 * the SMTP reply lines, the X-Sendguard values, the log lines. No
 * libmilter here: the session (session.c) carries it out.
 */
#ifndef SENDGUARD_DECIDE_H
#define SENDGUARD_DECIDE_H

#include <stddef.h>

#include "guard.h"

/* One warning (borrowed from the report). */
struct decide_item {
	const struct guard_verdict	*verdict;
	const struct guard_finding	*finding;
	int				 how;	/* waived: a guard_resolved_how */
};

struct decision {
	struct decide_item	*items;		/* acted on, in report order */
	size_t			 n;
	size_t			 blocks;	/* of them: blocks (refuse) */
	struct decide_item	*waived_items;	/* resolved by the sender */
	size_t			 waived;
};

/* Most reply lines a refusal gives (libmilter takes 32 at most). */
#define DECIDE_LINES	30

/*
 * The findings of a report's recipients the milter acts on: every finding
 * of severity warn (tld-trap, lookalike, homograph, policy-warn,
 * marking-external) on a recipient whose domain res does not resolve,
 * and every block (syntax, policy-block: those of mail that could not be
 * refused at RCPT TO), which nothing waives. res is a Sendguard-Resolved
 * header whose binding was verified, or NULL. Notices never count.
 */
void	 decide(const struct guard_report *, const struct guard_resolved *res,
	    struct decision *);
void	 decide_free(struct decision *);

/*
 * The reply text for a recipient's worst block (refused at RCPT TO):
 * "sendguard: ADDR: REASON". Printable ASCII, '%' doubled, as
 * smfi_setreply() takes it. Allocated.
 */
char	*decide_refusal(const struct guard_verdict *);
/*
 * The reply lines of a refused message (at most DECIDE_LINES, the last
 * saying how many more there were): "sendguard: ADDR: REASON; did you
 * mean ADDR?". Same form as decide_refusal(); *n gets the count.
 */
char	**decide_reply(const struct decision *, size_t *n);
void	 decide_lines_free(char **, size_t);
/* The X-Sendguard value of an item: "warn; ADDR; CODE; SUGGESTION". */
char	*decide_tag(const struct decide_item *);
/*
 * A log line's text for an item: "ADDR: CODE: REASON (did you mean X?)",
 * and for a waived one ", waived: resolved by the sender (once)".
 */
char	*decide_log(const struct decide_item *);

#endif
