/* pretend.h: what -P (msmtp's --pretend) and -d print: the settings that would be used. */
#ifndef SENDGUARD_PRETEND_H
#define SENDGUARD_PRETEND_H

#include <stdio.h>

#include "account.h"
#include "config.h"

/*
 * Prints, as msmtp 1.8.23 does, which configuration files were read, how
 * the account was chosen (from: the envelope-from it was chosen by), and
 * every setting of the account, the password as "*"; then sendguard's own
 * (queue, the guard's configuration file). read_recipients says where
 * recipients are read from.
 */
void	 pretend_print(FILE *, const struct config *,
	    const struct config_account *, enum account_how,
	    const char *from, int read_recipients);

#endif
