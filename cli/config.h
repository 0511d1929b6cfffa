/* config.h: sendguard's configuration file (INI-style). */
#ifndef SENDGUARD_CONFIG_H
#define SENDGUARD_CONFIG_H

#include <stddef.h>

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

struct config_account {
	char		*name;
	char		*host;
	int		 port;		/* 0: the default of the tls mode */
	enum config_tls	 tls;
	char		*tls_trust_file;
	char		*user;
	char		*passwordeval;
	char		*from;
	char		*password;	/* only in a file of mode 0600 */
	char		*logfile;	/* a line per message, or NULL */
	int		 queue;		/* queue temporary failures */
	int		 timeout;	/* seconds without progress; 0: 60 */
	int		 line;		/* where the section starts */
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
};

void	 config_init(struct config *);
/* Frees the strings of one account and clears it. */
void	 config_account_free(struct config_account *);
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
 * from $HOME. Returns 0, or -1 with *errstr set.
 */
int	 config_load(struct config *, const char *path, int missing_ok,
	    char **errstr);

#endif
