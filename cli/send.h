/* send.h: delivering a checked message, the same for every mode. */
#ifndef SENDGUARD_SEND_H
#define SENDGUARD_SEND_H

#include <stddef.h>

struct guard;
struct message;
struct setup;

/* What became of a message, in words for people. */
struct send_outcome {
	int	 exitcode;	/* 0: sent, or in the outbox or queue */
	char	*message;	/* one line (allocated) */
	char	*kept;		/* where the failed message is kept, or NULL */
};

/*
 * Delivers a prepared message with the account named (or chosen from
 * from), to the outbox when there is no account, into the queue on a
 * temporary failure with queue = on; on any other failure the exact
 * message is kept in the dead letters first (its spool file committed, or
 * its bytes stored). When the server accepts it, the recipients (with
 * names[i], if names is not NULL) go into the history. Never prints: the
 * outcome says it all.
 */
void	 send_deliver(struct setup *, const char *account, struct message *,
	    const char *from, const char *const *rcpts,
	    const char *const *names, size_t nrcpts, const char *logfile,
	    struct send_outcome *);
void	 send_outcome_free(struct send_outcome *);

/* Keeps a message in the dead letters; the path, or NULL with *errstr. */
char	*send_keep(struct message *, char **errstr);

/*
 * The addr-spec of the first address of a list (a From header, say), as
 * the guard parses it; NULL if there is none. Allocated.
 */
char	*send_first_address(const struct guard *, const char *list);

/* Appends one line about a message to a log file (if not NULL). */
void	 send_log(const char *logfile, const char *from,
	    const char *const *rcpts, size_t nrcpts, const char *what);

#endif
