/* send.h: delivering a checked message, the same for every mode. */
#ifndef SENDGUARD_SEND_H
#define SENDGUARD_SEND_H

#include <stddef.h>

#include "account.h"

struct guard;
struct message;
struct setup;

struct deliver_callbacks;

/* What became of a message, in words for people. */
struct send_outcome {
	int	 exitcode;	/* 0: sent, or in the outbox or queue */
	int	 sent;		/* the server took it */
	char	*message;	/* one line (allocated) */
	char	*kept;		/* where the failed message is kept, or NULL */
};

/* A prepared message to deliver. */
struct send_request {
	const struct config_account	*account;  /* finished (account.h), or
						      NULL: the local outbox */
	const char			*from;	   /* envelope-from */
	const char *const		*rcpts;
	const char *const		*names;	   /* display names, or NULL */
	size_t				 nrcpts;
	const struct deliver_callbacks	*cb;	   /* -d, or NULL */
	const char			*logfile;  /* -X without an account */
	const char			*guard;	   /* findings, for the log */
	int				 marked;   /* it carries a marking */
};

/*
 * Delivers a prepared message with the account (or into the local outbox
 * without one), into the queue on a temporary failure with queue = on; on
 * any other failure the exact message is kept in the dead letters first
 * (its spool file committed, or its bytes stored). When the server
 * accepts it, the recipients (with their names) go into the history. The
 * account's logfile and syslog get msmtp's line. Never prints: the
 * outcome says it all.
 */
void	 send_deliver(struct setup *, const struct send_request *,
	    struct message *, struct send_outcome *);
void	 send_outcome_free(struct send_outcome *);

/*
 * The account for a request, chosen and finished (account.h), its errors
 * said as msmtp says them ("account NAME from FILE: what"): ACCOUNT_OK
 * with *out, ACCOUNT_NONE (no account anywhere), or ACCOUNT_ERROR with
 * *errstr (exit 78).
 */
int	 send_account(const struct config *, const struct account_request *,
	    int sendmail, struct config_account *out, enum account_how *how,
	    char **errstr);

/* An error of account_finish() as msmtp says it ("account NAME from
 * FILE: what"); takes err, returns an allocated string. */
char	*send_account_error(const struct config_account *, char *err);

/* Keeps a message in the dead letters; the path, or NULL with *errstr. */
char	*send_keep(struct message *, char **errstr);

/*
 * The addr-spec of the first address of a list (a From header, say), as
 * the guard parses it; NULL if there is none. Allocated.
 */
char	*send_first_address(const struct guard *, const char *list);

#endif
