/*
 * smtp.h: one SMTP or LMTP session, shared by delivery and --serverinfo
 * (internal). Errors go into a struct deliver_result.
 */
#ifndef SENDGUARD_SMTP_H
#define SENDGUARD_SMTP_H

#include "smtpio.h"
#include "smtpreply.h"
#include "transport.h"

struct smtp_session {
	const struct deliver_account	*a;
	struct smtpio			 io;
	struct smtp_reply		 reply;	/* the last reply */
	struct smtp_caps		 caps;	/* of the last EHLO */
	struct smtp_caps		 caps_before; /* before STARTTLS */
	char				*greeting; /* the 220 line's text */
	char				*peer_name; /* reverse lookup (info) */
	char				*peer_address;
	int				 port;
	int				 tls;	/* the session is encrypted */
};

/* The port of an account: its own, else 465 (TLS), 25 (plain), 587. */
int	 smtp_port(const struct deliver_account *);

/*
 * Opens a session: the connection, TLS from the start (smtps) or after
 * STARTTLS, the greeting, EHLO (LHLO for LMTP; HELO when EHLO fails), and
 * EHLO again inside TLS. With peer set, looks the peer's name up. The
 * certificate is checked (or its pin) before anything else is sent inside
 * TLS. Returns 0, or -1 with r set (and the session closed).
 */
int	 smtp_open(struct smtp_session *, const struct deliver_account *,
	    const struct deliver_callbacks *, int peer,
	    struct deliver_result *);
/* Ends the session: QUIT first when quit is set. */
void	 smtp_close(struct smtp_session *, int quit);

/* Sets r's status and words (printf-like); returns -1. */
int	 smtp_fail(struct deliver_result *, enum deliver_status,
	    const char *, ...) __attribute__((format(printf, 3, 4)));
/* The same, with the server's last reply as r's code and reply. */
void	 smtp_fail_reply(struct smtp_session *, struct deliver_result *,
	    enum deliver_status, const char *, ...)
	    __attribute__((format(printf, 4, 5)));
/* r from a failed read or write: a timeout or a lost connection is
 * temporary, a reply that is not one a protocol error. */
void	 smtp_fail_io(struct smtp_session *, struct deliver_result *);
/* Sends a command and reads its reply: 0, or -1 with r set. */
int	 smtp_cmd(struct smtp_session *, struct deliver_result *,
	    const char *line, int mask_from);

#endif
