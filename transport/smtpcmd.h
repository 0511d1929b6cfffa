/* smtpcmd.h: AUTH, the envelope and the data of one session (internal). */
#ifndef SENDGUARD_SMTPCMD_H
#define SENDGUARD_SMTPCMD_H

#include "smtp.h"

/* One address of the envelope, in its wire form. */
struct smtpcmd_addr {
	char	*wire;		/* A-labels (smtpaddr_wire) */
	char	*given;		/* as the caller gave it (for callbacks) */
	int	 utf8;		/* the local part needs SMTPUTF8 */
	int	 code;		/* the RCPT reply */
};

/* What goes on MAIL FROM and each RCPT TO. */
struct smtpcmd_envelope {
	struct smtpcmd_addr	 from;
	struct smtpcmd_addr	*rcpts;
	size_t			 nrcpts;
	const char		*ret;		/* RET= value, or NULL */
	const char		*notify;	/* NOTIFY= value, or NULL */
	int			 smtputf8;	/* add SMTPUTF8 to MAIL FROM */
};

/*
 * AUTH as the account asks: its auth_method, or msmtp's choice among
 * what the server offers. Returns 0 (also when the account has no user),
 * or -1 with r set.
 */
int	 smtpcmd_auth(struct smtp_session *, struct deliver_result *);
/*
 * MAIL FROM, RCPT TO (pipelined when the server offers PIPELINING),
 * DATA, the message dot-stuffed, and the final reply (one per recipient
 * for LMTP). Returns 0 when the server took the message, or -1 with r set.
 */
int	 smtpcmd_send(struct smtp_session *, struct smtpcmd_envelope *,
	    struct message *, const struct deliver_callbacks *,
	    struct deliver_result *);

#endif
