/*
 * transport.h: the message and its delivery. The transport never prints
 * and never asks: it reports through return values, errstr and callbacks,
 * and the caller decides what the user sees.
 *
 * Ownership: "const char *" arguments are borrowed; returned "char *" are
 * the caller's. On failure, functions with "char **errstr" set it to an
 * allocated message (or NULL).
 */
#ifndef SENDGUARD_TRANSPORT_H
#define SENDGUARD_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

/* ---- The draft: a message being written (the composer fills it). ---- */

struct draft_attachment {
	char	*path;		/* file to attach */
	char	*name;		/* file name shown (UTF-8), or NULL: basename */
	char	*type;		/* MIME type, or NULL: detected (libmagic) */
};

struct draft {
	char			*from;		/* "Name <addr>" or addr */
	char			*to;		/* address lists, as typed */
	char			*cc;
	char			*bcc;		/* envelope only, never a header */
	char			*subject;	/* UTF-8 */
	char			*body;		/* UTF-8 text, LF line ends */
	struct draft_attachment	*attachments;
	size_t			 nattachments;
};

void	 draft_init(struct draft *);
void	 draft_free(struct draft *);
/* The file name a reader sees for an attachment: its name, else the
 * last part of its path. */
const char *draft_attachment_name(const struct draft_attachment *);

/*
 * Builds the RFC 5322/MIME message of a draft with libetpan: text as
 * quoted-printable UTF-8, attachments base64 with their MIME type,
 * non-ASCII Subject and names as RFC 2047 (file names RFC 2231), a Date
 * with the local offset, a Message-ID on the sender's domain, CRLF line
 * ends, 7-bit clean, and no Bcc header. now is the Date (and the
 * Message-ID seed). Returns 0 with *out (allocated) and *len, or -1.
 */
int	 draft_build(const struct draft *, time_t now, char **out,
	    size_t *len, char **errstr);

/* ---- A message as it will be sent (sendmail mode: read from stdin). ---- */

struct message;

/*
 * Reads a message from fd into a spool file created in spooldir (a
 * Maildir's tmp/, so that keeping it is one rename), byte for byte,
 * without holding more than its header in memory. Fails (with the spool
 * file removed) only when it cannot be stored: a full disk, say. Once
 * read whole, the spool file's name ends in ",S=SIZE" (as Maildir's size
 * field), so that a file left by a process killed later is known whole.
 */
int	 message_spool(int fd, const char *spooldir, struct message **,
	    char **errstr);
/* Opens a message stored in a file (a queued one, say), as it is. */
int	 message_open(const char *path, struct message **, char **errstr);
/* Wraps bytes already built (by draft_build) as a message (copied). */
struct message *message_from_bytes(const char *, size_t);
/* Whether the message is sealed with a header at all (has a blank line
 * after its header fields or is all header). */
int	 message_has_header(const struct message *);
void	 message_free(struct message *);

/* The exact bytes as read: the spool file's path (NULL for bytes). */
const char *message_spool_path(const struct message *);
off_t	 message_size(const struct message *);

/*
 * The unfolded value of the first header of that name (case-insensitive),
 * or NULL. Values of To, Cc, Bcc and their Resent- forms may appear more
 * than once: message_header_all() joins them with ", ".
 */
const char *message_header(const struct message *, const char *name);
char	*message_header_all(const struct message *, const char *name);
/* The i-th header field in order (name and unfolded value, borrowed), or
 * -1 past the last. */
int	 message_field(const struct message *, size_t i, const char **name,
	    const char **value);

/* How the header is changed on the way out (msmtp's account settings). */
#define MESSAGE_HDR_OFF		0
#define MESSAGE_HDR_ON		1	/* set_from only: replace any From */
#define MESSAGE_HDR_AUTO	2	/* add when the message has none */

struct message_headers {
	int		 set_from;	/* msmtp's set_from_header */
	int		 set_date;	/* set_date_header (OFF or AUTO) */
	int		 set_msgid;	/* set_msgid_header (OFF or AUTO) */
	int		 remove_bcc;	/* drop Bcc and Resent-Bcc */
	int		 undisclosed;	/* To, Cc, Bcc replaced by "To:
					   undisclosed-recipients:;" */
	const char	*from;		/* the envelope-from (addr-spec) */
	const char	*from_name;	/* full name for an added From, or NULL */
};

/* The defaults: From, Date and Message-ID when missing, Bcc dropped. */
void	 message_prepare_default(struct message_headers *, const char *from);

/*
 * Sets what is added or changed on the way out, as msmtp does: fields
 * "From: NAME <from>" (set_from), "To: undisclosed-recipients:;", "Date:"
 * (now) and "Message-ID:" added in that order before the message's own,
 * of which From (set_from ON), To and Cc (undisclosed) and Bcc are left
 * out. Call it again to change it.
 */
void	 message_prepare(struct message *, time_t now,
	    const struct message_headers *);

/*
 * After message_rewind(): the size msmtp logs as mailsize (the outgoing
 * header with LF line ends, then the body as stored).
 */
off_t	 message_out_size(const struct message *);

/*
 * Sets a header field on the way out (after message_prepare(), which
 * starts the added fields afresh): the message's own fields of that name
 * are left out, and "name: value" goes out with the added fields, before
 * the message's own, folded at blanks; value
 * NULL only leaves them out. Returns -1 (and changes nothing) when value
 * holds a line end or name is not a field name.
 */
int	 message_set_header(struct message *, const char *name,
	    const char *value);

/*
 * Replaces an address (an addr-spec, compared without case) in the To and
 * Cc headers (and their Resent- forms): by new, or, when new is NULL,
 * removes it with its display name. Returns how many were changed.
 */
int	 message_rewrite_recipient(struct message *, const char *old,
	    const char *new);
/*
 * The same for an address list as text (a draft's To, say): an allocated
 * copy of list with old replaced by new (or left out); NULL for NULL.
 */
char	*message_rewrite_list(const char *list, const char *old,
	    const char *new);

/*
 * Streams the message as it goes out: prepared headers, then the rest,
 * LF turned into CRLF. Returns bytes written into buf (0 at the end), or
 * -1 on a read error.
 */
void	 message_rewind(struct message *);
ssize_t	 message_read(struct message *, char *buf, size_t len);

/* ---- Maildirs: the outbox, the dead letters, the queue. ---- */

/*
 * Delivers bytes into a Maildir (created if missing): tmp/, fsync, then a
 * rename into new/. Returns 0 with *path (allocated) or -1.
 */
int	 maildir_store(const char *dir, const void *, size_t, char **path,
	    char **errstr);
/* Stores a message's outgoing bytes (see message_read) the same way. */
int	 maildir_store_message(const char *dir, struct message *,
	    char **path, char **errstr);
/* Moves a spool file (in dir/tmp) into dir/new. */
int	 maildir_commit(const char *dir, const char *tmppath, char **path,
	    char **errstr);

/* ---- SMTP and LMTP delivery (GnuTLS for TLS), msmtp's dialogue. ---- */

enum deliver_tls {
	DELIVER_STARTTLS = 0,	/* required: never falls back to plaintext */
	DELIVER_TLS,		/* implicit TLS (smtps) */
	DELIVER_PLAIN		/* localhost only */
};

enum deliver_protocol {
	DELIVER_SMTP = 0,
	DELIVER_LMTP			/* msmtp's "protocol lmtp" */
};

struct deliver_account {
	const char		*host;
	int			 port;		/* 0: 587, 465 for TLS, 25
						   for plain */
	enum deliver_tls	 tls;
	const char		*trust_file;	/* CA file, or NULL: system */
	const char		*user;		/* AUTH user, or NULL: no AUTH */
	const char		*password;	/* from passwordeval; the
						   token for OAUTHBEARER and
						   XOAUTH2 */
	const char		*helo;		/* EHLO name; NULL: localhost */
	long			 connect_timeout; /* seconds */
	long			 timeout;	/* seconds without progress */
	/*
	 * The rest of msmtp's account settings; NULL or 0 when not set.
	 * Each has msmtp's meaning (msmtp(1), "Configuration file").
	 */
	enum deliver_protocol	 protocol;
	const char		*socket;	/* local socket, not host:port
						   (host may stay NULL) */
	const char		*source_ip;	/* bind to this address */
	const char		*auth_method;	/* msmtp's names, any case:
						   "plain", "login",
						   "cram-md5", "scram-sha-1",
						   "scram-sha-256",
						   "external", "oauthbearer",
						   "xoauth2" ("gssapi",
						   "digest-md5", "ntlm" are
						   known, not spoken); NULL:
						   msmtp's choice among those
						   offered (with a user) */
	const char		*tls_cert_file;	/* client certificate (PEM) */
	const char		*tls_key_file;	/* and its key */
	const char		*tls_host_override; /* name the certificate
						   is checked against */
	const char		*tls_fingerprint; /* pinned server cert, as
						   msmtp writes it: SHA256
						   (or SHA1, MD5) hex pairs
						   with ':'; replaces the
						   trust check */
	const char		*dsn_notify;	/* NOTIFY= of each RCPT:
						   "never" or a list of
						   "success", "failure",
						   "delay" */
	const char		*dsn_return;	/* RET= of MAIL FROM:
						   "headers" ("hdrs") or
						   "full" */
};

/*
 * What happened, for the caller to tell. The exit code of each (cli/
 * exitcode.c) is msmtp's where msmtp has one for the same event.
 */
enum deliver_status {
	DELIVER_OK = 0,
	DELIVER_REFUSED,	/* 5xx to MAIL, RCPT or DATA: permanent */
	DELIVER_TEMPFAIL,	/* connection refused, timeout, connection
				   lost: temporary */
	DELIVER_UNAVAILABLE,	/* STARTTLS, AUTH, an AUTH method or DSN not
				   offered, certificate not trusted or not
				   the pinned one, source_ip unusable */
	DELIVER_AUTH,		/* authentication failed */
	DELIVER_NOHOST,		/* host not found */
	DELIVER_PROTOCOL,	/* the server said something unexpected: no
				   greeting, a broken reply, a failed TLS
				   handshake */
	DELIVER_USAGE,		/* bad address, or one that needs SMTPUTF8
				   where it is not offered (nothing sent) */
	DELIVER_MAYBE,		/* dropped after the data: may have arrived */
	DELIVER_DEFERRED,	/* 4xx to MAIL, RCPT, DATA or after the data:
				   temporary */
	DELIVER_REJECTED,	/* 5xx after the data */
	DELIVER_NOINPUT,	/* a trust file, client certificate or key
				   cannot be read (nothing sent) */
	DELIVER_CONFIG		/* an account setting that cannot be used:
				   unknown AUTH method, malformed fingerprint
				   or DSN value */
};

/* Whether a status is temporary (worth queueing): TEMPFAIL, DEFERRED. */
int	 deliver_temporary(enum deliver_status);

struct deliver_callbacks {
	/*
	 * Each recipient's reply to RCPT TO, as it comes, and for LMTP once
	 * more with its reply after the data (may be NULL).
	 */
	void	(*rcpt)(void *arg, const char *rcpt, int code,
		    const char *reply);
	/*
	 * Each line of the dialogue as it passes, without its line end:
	 * dir is '>' for what is sent, '<' for what the server says. AUTH
	 * secrets are masked before this sees them. For -d (msmtp's
	 * --debug) and --serverinfo; may be NULL.
	 */
	void	(*dialogue)(void *arg, char dir, const char *line,
		    size_t len);
	/*
	 * The server took the message (every recipient), before QUIT is
	 * said: it is delivered from now on, whatever happens to the rest
	 * of the session (may be NULL).
	 */
	void	(*accepted)(void *arg);
	void	*arg;
};

struct deliver_result {
	enum deliver_status	 status;
	int			 code;		/* last SMTP reply code, or 0 */
	char			*reply;		/* the server's words, or NULL */
	char			*rcpt;		/* the refused recipient, or NULL */
	char			*error;		/* what went wrong, for people */
	int			 tls;		/* the session was encrypted */
	int			 auth;		/* it authenticated */
};

/*
 * Sends msg to every recipient in one transaction, with msmtp's commands:
 * if the server refuses any recipient, the session ends before DATA and
 * nobody gets it (LMTP: each recipient has its own reply after the data).
 * Addresses with control characters are refused before anything is sent;
 * domains go out as A-labels; a non-ASCII local part needs SMTPUTF8
 * (refused before MAIL FROM when the server does not offer it). The TLS
 * certificate (or its pin) is checked before AUTH. Returns the status
 * (also in result).
 */
enum deliver_status deliver_smtp(const struct deliver_account *,
	    struct message *, const char *from, const char *const *rcpts,
	    size_t nrcpts, const struct deliver_callbacks *,
	    struct deliver_result *);
void	 deliver_result_free(struct deliver_result *);

/* What "msmtp --serverinfo" tells of a server. */
struct deliver_serverinfo {
	int		 lmtp;
	char		*host;		/* the host, or the socket's path */
	char		*canonical;	/* the peer's name (reverse lookup) */
	char		*address;	/* its numeric address (NULL: socket) */
	int		 port;
	char		*greeting;	/* the 220 line, after "220 " */
	int		 tls;		/* a TLS session was set up */
	int		 starttls;	/* by STARTTLS (not smtps) */
	char		*tls_params;	/* "(TLS1.3)-(ECDHE-SECP256R1)-..." */
	char		*subject;	/* the certificate's DN */
	char		*issuer;
	time_t		 activation;
	time_t		 expiration;
	char		*sha256;	/* "D2:C2:..." */
	char		*sha1;
	int		 starttls_offered; /* STARTTLS among the caps */
	int		 size_offered;	/* SIZE among the capabilities */
	long		 size;		/* its value (0: unlimited) */
	int		 pipelining, etrn, dsn;
	char		*auth;		/* "PLAIN LOGIN " in msmtp's order, or
					   NULL: no AUTH */
	int		 caps;		/* any capability at all */
	char		*text;		/* all of it, as msmtp prints it */
};

/*
 * Connects as the account says (TLS, STARTTLS, socket, pin...), reads the
 * greeting and the capabilities (inside TLS when there is TLS), and says
 * QUIT; no AUTH. Fills info (free it with deliver_serverinfo_free) and
 * returns DELIVER_OK, or the failure (in result too).
 */
enum deliver_status deliver_serverinfo(const struct deliver_account *,
	    const struct deliver_callbacks *, struct deliver_serverinfo *,
	    struct deliver_result *);
void	 deliver_serverinfo_free(struct deliver_serverinfo *);

#endif
