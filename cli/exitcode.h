/* exitcode.h: every error of every part mapped to sysexits in one place. */
#ifndef SENDGUARD_EXITCODE_H
#define SENDGUARD_EXITCODE_H

#include "guard.h"
#include "transport.h"

/* sendguard check: 0 nothing to resolve, 1 something to, 77 blocked. */
int	exitcode_check(enum guard_severity);
/* Delivery: msmtp's mapping, so mutt behaves the same (never 126). */
int	exitcode_deliver(enum deliver_status);

/* A configuration that cannot be read (CONFIG_EIO): 74, as msmtp; any
 * other configuration error: 78. */
int	exitcode_config(int err);
/* account_resolve()'s errors: no password for AUTH 69 (msmtp's), 78. */
int	exitcode_account(int err);

#endif
