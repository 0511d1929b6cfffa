/* refuse.h: why a message was not sent, and the commands that resolve it. */
#ifndef SENDGUARD_REFUSE_H
#define SENDGUARD_REFUSE_H

struct guard_report;

/*
 * Tells on stderr each finding that must be resolved, its suggestion and
 * the exact commands that resolve it (sendguard allow --once DOMAIN,
 * sendguard trust DOMAIN; nothing for a block but the policy). Returns 0
 * when nothing needs resolving, else the exit code: 65 when only
 * malformed addresses stand in the way, 77 otherwise.
 */
int	refuse_report(const struct guard_report *);

#endif
