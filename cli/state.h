/* state.h: the files under $XDG_STATE_HOME/sendguard/ that the user's
 * decisions live in: trusted domains and short permits. */
#ifndef SENDGUARD_STATE_H
#define SENDGUARD_STATE_H

#include <time.h>

#include "config.h"

/* How long "sendguard allow --once" lasts. */
#define STATE_PERMIT_SECONDS	600

/* Appends the trusted domains (one a line in "trusted"). */
void	 state_trusted(struct strlist *);
/* Appends the domains with a permit still valid at now. */
void	 state_permits(struct strlist *, time_t now);

/* Adds or removes a trusted domain; 0, or -1 with *errstr. */
int	 state_trust(const char *domain, int add, char **errstr);
/* Grants a permit until now + STATE_PERMIT_SECONDS. */
int	 state_permit(const char *domain, time_t now, char **errstr);
/*
 * Takes the permit of a domain for one send, atomically: 1 if it was
 * there (it is gone now, *until says when it would have ended), 0 if it
 * was not (another send took it, or it ended), -1 with *errstr.
 */
int	 state_permit_claim(const char *domain, time_t now, time_t *until,
	    char **errstr);
/* Gives a claimed permit back (the send did not happen), until until. */
void	 state_permit_restore(const char *domain, time_t until, time_t now);

/* "sendguard trust|untrust|allow ..."; returns the exit code. */
int	 state_main(int argc, char **argv);

#endif
