/*
 * smtpio.h: SMTP lines over the connection, plain or TLS, each shown to the
 * dialogue callback (AUTH secrets masked) (internal).
 */
#ifndef SENDGUARD_SMTPIO_H
#define SENDGUARD_SMTPIO_H

#include <stddef.h>

#include "common.h"
#include "smtpreply.h"
#include "tls.h"
#include "transport.h"

/* What the dialogue callback sees in place of an AUTH secret. */
#define SMTPIO_MASK	"********"

enum smtpio_err {
	SMTPIO_OK = 0,
	SMTPIO_EOF,		/* the server closed the connection */
	SMTPIO_ETIMEOUT,
	SMTPIO_EIO,
	SMTPIO_EPROTO		/* not a reply, or a line too long */
};

struct smtpio {
	int				 fd;
	struct tls			*tls;	/* NULL: plain */
	long				 timeout;
	const struct deliver_callbacks	*cb;
	char				 in[SMTPREPLY_LINE_MAX];
	size_t				 inpos;
	size_t				 inlen;
	struct buf			 out;	/* written at the next flush */
	int				 err;	/* the last smtpio_err */
	char				*errstr; /* its words */
};

void	 smtpio_init(struct smtpio *, int fd, long timeout,
	    const struct deliver_callbacks *);
/* Closes the connection (TLS first) and frees the buffers. */
void	 smtpio_close(struct smtpio *);

/*
 * Queues a command line (CRLF added); the dialogue sees it, or, for a
 * secret, the part of it before mask_from followed by SMTPIO_MASK
 * (mask_from 0: all of it masked; -1: nothing masked).
 */
void	 smtpio_cmd(struct smtpio *, const char *line, int mask_from);
/* Queues raw bytes (the message); the dialogue does not see them. */
void	 smtpio_data(struct smtpio *, const void *, size_t);
/* Writes what is queued: 0, or -1 with err set. */
int	 smtpio_flush(struct smtpio *);
/*
 * Flushes, then reads one whole reply (every line shown to the dialogue).
 * Returns 0, or -1 with err and errstr set.
 */
int	 smtpio_reply(struct smtpio *, struct smtp_reply *);
/* Whether bytes the server sent are waiting unread (STARTTLS check). */
int	 smtpio_pending(const struct smtpio *);
/* Starts TLS on the connection (tls is then the io's). */
void	 smtpio_tls(struct smtpio *, struct tls *);

#endif
