/* account.h: choosing the account to send with, and its password. */
#ifndef SENDGUARD_ACCOUNT_H
#define SENDGUARD_ACCOUNT_H

#include "config.h"
#include "transport.h"

/*
 * The account to use: the one named (-a NAME), else the one whose from
 * matches the envelope sender, else "default", else the first. NULL with
 * *errstr when a name was given and no such account exists, or NULL
 * without *errstr when there is no account at all (the outbox is used).
 */
const struct config_account *account_choose(const struct config *,
	    const char *name, const char *from, char **errstr);

/*
 * Fills the delivery settings of an account: checks that tls = off goes
 * only to localhost and runs passwordeval (its first output line is the
 * password). Returns 0, or -1 with *errstr (a configuration error). Free
 * with account_clear().
 */
int	 account_resolve(const struct config_account *, const char *from,
	    struct deliver_account *, char **errstr);
void	 account_clear(struct deliver_account *);

#endif
