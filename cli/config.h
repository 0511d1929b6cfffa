/* config.h: sendguard's configuration file (INI-style). */
#ifndef SENDGUARD_CONFIG_H
#define SENDGUARD_CONFIG_H

#include <stddef.h>
#include <stdint.h>

/* A growable list of allocated strings. */
struct strlist {
	char	**v;
	size_t	  n;
};
void	strlist_add(struct strlist *, const char *);
void	strlist_free(struct strlist *);
/* Splits a value on commas and blanks and appends each item. */
void	strlist_add_split(struct strlist *, const char *);

enum config_tls {
	CONFIG_TLS_STARTTLS = 0,	/* required STARTTLS (default) */
	CONFIG_TLS_TLS,			/* implicit TLS */
	CONFIG_TLS_OFF			/* plaintext, localhost only */
};

/* What the milter does with a message it warns about. */
enum config_milter_action {
	CONFIG_MILTER_REJECT = 0,	/* 550 5.7.1 with the reasons */
	CONFIG_MILTER_QUARANTINE,	/* held by the MTA */
	CONFIG_MILTER_TAG		/* X-Sendguard header, delivered */
};

/* msmtp's set_from_header, set_date_header, set_msgid_header values. */
#define CONFIG_HDR_OFF	0
#define CONFIG_HDR_ON	1	/* set_from_header only: always replace */
#define CONFIG_HDR_AUTO	2	/* add the header when the mail lacks it */

/*
 * An account: one of sendguard's [account NAME] sections or of an
 * msmtprc's accounts, with every msmtp setting (msmtp(1), "Configuration
 * file"; acctset.h applies them). Strings are allocated or NULL.
 */
struct config_account {
	char		*name;
	char		*conffile;	/* the file it came from, or NULL */
	int		 line;		/* where the section starts */
	int		 msmtp;		/* msmtp's defaults (port 25, EHLO
					   localhost, AUTH only with auth on) */
	uint64_t	 set;		/* ACCTSET_* bits: settings given */
	char		*refused;	/* "FILE:LINE: a setting sendguard
					   cannot honour", refused when used */
	/* Where and how to connect. */
	char		*host;
	int		 port;		/* 0: the default of the tls mode */
	char		*socket;	/* a unix socket instead of host:port */
	char		*source_ip;
	int		 timeout;	/* seconds without progress; 0: 60 */
	int		 lmtp;		/* protocol lmtp */
	char		*domain;	/* EHLO name; %H %C %M expanded later */
	int		 tls_on;	/* msmtp's tls */
	int		 tls_starttls;	/* msmtp's tls_starttls (default on) */
	enum config_tls	 tls;		/* both, as sendguard uses them */
	char		*tls_trust_file; /* NULL: the system store */
	char		*tls_fingerprint;
	char		*tls_cert_file;
	char		*tls_key_file;
	char		*tls_host_override;
	/* Authentication. */
	int		 auth;		/* -1 unset (sendguard's files: AUTH
					   when there is a user), 0 off, 1 on */
	char		*auth_method;	/* "plain", ...; NULL: the best */
	char		*user;
	char		*password;	/* only in a file of mode 0600 */
	char		*passwordeval;
	/* The envelope and the headers. */
	char		*from;		/* may hold wildcards, %U %H %C %M */
	int		 allow_from_override;
	int		 auto_from;	/* obsolete: from = %U@maildomain */
	char		*maildomain;
	char		*dsn_notify;	/* NOTIFY= (upper case), or NULL */
	char		*dsn_return;	/* RET= (HDRS or FULL), or NULL */
	int		 set_from_header;	/* CONFIG_HDR_* */
	int		 set_date_header;
	int		 set_msgid_header;
	int		 remove_bcc_headers;
	int		 undisclosed_recipients;
	char		*aliases;	/* msmtp's aliases file, or NULL */
	/* What is written down. */
	char		*logfile;	/* a line per message, or NULL */
	char		*logfile_time_format;
	char		*syslog;	/* facility (LOG_USER...), or NULL */
	/* sendguard's own. */
	int		 queue;		/* queue temporary failures */
};

struct config {
	char			*path;		/* file read, or NULL */
	struct config_account	*accounts;
	size_t			 naccounts;
	/* [guard] */
	struct strlist		 org_domains;
	char			*known_domains;	/* path, or NULL */
	struct strlist		 block;
	struct strlist		 warn;
	struct strlist		 allow;
	struct strlist		 markings;
	int			 markings_set;	/* given, even if empty */
	struct strlist		 contacts;
	int			 contacts_set;	/* given: no defaults */
	int			 large_audience;
	/* [guard], read by "sendguard milter" only */
	enum config_milter_action milter_action;
	int			 milter_honour_resolved; /* default 1 */
	/* [ui] */
	char			*theme;
	/* [delivery] */
	int			 outbox;	/* outbox = on: no account, mail
						   goes to the local outbox */
	/* The msmtprc files the accounts came from (for messages), or NULL. */
	char			*msmtp_system;
	char			*msmtp_user;
};

/* Errors of config_load() and msmtprc_load(), for exitcode_config(). */
#define CONFIG_EPARSE	(-1)	/* a bad file: exit 78 */
#define CONFIG_EIO	(-2)	/* a file that cannot be read: exit 74 */

void	 config_init(struct config *);
/* An account with the defaults of sendguard's files (msmtp = 0) or of an
 * msmtprc (msmtp = 1). */
void	 config_account_init(struct config_account *, int msmtp);
/* Frees the strings of one account and clears it. */
void	 config_account_free(struct config_account *);
/* A deep copy. */
void	 config_account_copy(struct config_account *dst,
	    const struct config_account *src);
/* Sets a->tls from tls_on and tls_starttls. */
void	 config_account_tls(struct config_account *);
void	 config_free(struct config *);

/*
 * Parses configuration text; name is used in messages. Returns 0, or -1
 * with *errstr set to "NAME:LINE: what is wrong".
 */
int	 config_parse(struct config *, const char *text, size_t len,
	    const char *name, char **errstr);

/*
 * Reads a configuration file. A missing file is no error when
 * missing_ok is set (the defaults stand). Relative paths inside it
 * (known_domains, contacts) are taken from the file's directory, and ~/
 * from $HOME. Returns 0, or CONFIG_EPARSE or CONFIG_EIO with *errstr.
 */
int	 config_load(struct config *, const char *path, int missing_ok,
	    char **errstr);

#endif
