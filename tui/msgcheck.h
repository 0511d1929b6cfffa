/*
 * msgcheck.h: the checks of the whole message in the composer: markings
 * in the subject, body or attachment names sent outside the organisation,
 * internal and external recipients mixed, a large audience (internal to
 * tui/).
 */
#ifndef SENDGUARD_MSGCHECK_H
#define SENDGUARD_MSGCHECK_H

struct compose;

/*
 * Runs the message-level checks over the current fields, body and
 * attachments: marking-external findings go onto the recipients' verdicts
 * (replacing those of the previous run), the rest into c->msg.
 */
void	msgcheck_run(struct compose *);

#endif
