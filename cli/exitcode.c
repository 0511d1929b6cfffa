/* exitcode.c: every error of every part mapped to sysexits in one place. */
#include <sysexits.h>

#include "account.h"
#include "config.h"
#include "exitcode.h"

int
exitcode_check(enum guard_severity s)
{
	switch (s) {
	case GUARD_OK:
	case GUARD_NOTICE:
		return 0;
	case GUARD_WARN:
		return 1;
	case GUARD_BLOCK:
		break;
	}
	return EX_NOPERM;
}

int
exitcode_deliver(enum deliver_status s)
{
	switch (s) {
	case DELIVER_OK:
		return 0;
	case DELIVER_REFUSED:
		return EX_DATAERR;
	case DELIVER_TEMPFAIL:
	case DELIVER_MAYBE:
		/* msmtp: 74 for a timeout, 76 for a lost connection; both
		 * are temporary (README, "Exit codes"). */
		return EX_TEMPFAIL;
	case DELIVER_UNAVAILABLE:
	case DELIVER_DEFERRED:	/* msmtp: a 4xx reply is 69 */
	case DELIVER_REJECTED:	/* msmtp: a refusal after the data is 69 */
		return EX_UNAVAILABLE;
	case DELIVER_NOINPUT:
		return EX_NOINPUT;
	case DELIVER_CONFIG:
		return EX_CONFIG;
	case DELIVER_AUTH:
		return EX_NOPERM;
	case DELIVER_NOHOST:
		return EX_NOHOST;
	case DELIVER_PROTOCOL:
		return EX_PROTOCOL;
	case DELIVER_USAGE:
		return EX_DATAERR;
	}
	return EX_SOFTWARE;
}

int
exitcode_config(int err)
{
	return err == CONFIG_EIO ? EX_IOERR : EX_CONFIG;
}

int
exitcode_account(int err)
{
	return err == ACCOUNT_ENOPASS ? EX_UNAVAILABLE : EX_CONFIG;
}
