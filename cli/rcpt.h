/*
 * rcpt.h: the recipients of sendmail mode, found as msmtp finds them: the
 * arguments (each an address list), with -t the To, Cc and Bcc headers
 * (or those of the first Resent- block), then msmtp's aliases.
 */
#ifndef SENDGUARD_RCPT_H
#define SENDGUARD_RCPT_H

#include <stddef.h>

struct message;

struct rcpt {
	char	*field;		/* what the guard checks: the address as
				   written in its list, or the address an
				   alias gave */
	char	*address;	/* addr-spec (or a local name) */
	char	*name;		/* display name, or NULL */
};

struct rcpts {
	struct rcpt	*v;
	size_t		 n;
};

/*
 * Collects the recipients of the arguments and, with read_headers, of the
 * message: To, Cc and Bcc, or, if the message has Resent- fields, the
 * Resent-To, Resent-Cc and Resent-Bcc of its first Resent- block, which
 * any other field ends (msmtp's rule: then none of To, Cc, Bcc count). Empty groups ("undisclosed-recipients:;") give none. What the
 * guard cannot read as an address is kept, with address NULL, for the
 * guard to refuse.
 */
void	 rcpt_collect(char **args, int nargs, const struct message *,
	    int read_headers, struct rcpts *);

/*
 * The envelope-from --read-envelope-from reads: the address of the first
 * From field (msmtp 1.8.23 reads no Resent-From). Allocated, or NULL when
 * there is none.
 */
char	*rcpt_header_from(const struct message *);

/*
 * Replaces the local names (no '@') with the addresses msmtp's aliases
 * file gives them. 0, or -1 with *errstr ("FILE: line N: ...").
 */
int	 rcpt_aliases(struct rcpts *, const char *path, char **errstr);

void	 rcpt_free(struct rcpts *);

#endif
