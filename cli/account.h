/* account.h: choosing the account to send with (msmtp's rules), and its password. */
#ifndef SENDGUARD_ACCOUNT_H
#define SENDGUARD_ACCOUNT_H

#include "config.h"
#include "transport.h"

/*
 * Whether an envelope-from matches an account's from, as msmtp 1.8.23
 * decides: without wildcards, equal ignoring case, also once a "+detail"
 * is taken out of the local part (user+tag@example.org matches
 * user@example.org); with wildcards (* ? [...], shell style, case
 * sensitive), a match in which * and ? never stand for a '+'.
 */
int	 account_from_matches(const char *pattern, const char *from);

/* What the command line asks for. */
struct account_request {
	const char			*name;	/* -a NAME, or NULL */
	const char			*from;	/* -f, or the From header with
						   --read-envelope-from */
	const struct config_account	*cmdline; /* settings given as options
						   (its set bits), or NULL */
	int				 host_only; /* --host: no file */
};

/* How the account was chosen (for -P and -d). */
enum account_how {
	ACCOUNT_BY_NAME,	/* -a */
	ACCOUNT_BY_FROM,	/* the envelope-from matched its from */
	ACCOUNT_DEFAULT,	/* "default" (sendguard's files: or the first) */
	ACCOUNT_BY_ENV,		/* $SMTPSERVER and $EMAIL */
	ACCOUNT_CMDLINE		/* --host */
};

/* account_pick()'s results. */
#define ACCOUNT_OK	0
#define ACCOUNT_ERROR	(-1)	/* *errstr: a configuration error (78) */
#define ACCOUNT_NONE	1	/* no account anywhere and none asked for */

/*
 * Chooses the account as msmtp does: -a NAME; else the first account
 * whose from matches the envelope-from; else "default" (for accounts of
 * sendguard's own file, else its first account); else $SMTPSERVER (with
 * $EMAIL or the envelope-from). Then the command-line settings override
 * it (the envelope-from only if allow_from_override is on). *out is a
 * copy (free it with config_account_free()). ACCOUNT_NONE when no file
 * has any account and nothing was asked for by name.
 */
int	 account_pick(const struct config *, const struct account_request *,
	    struct config_account *out, enum account_how *how,
	    char **errstr);

/* "account NAME not found in FILE" and the like, for a request. */
char	*account_not_found(const struct config *, const char *name);

/*
 * Completes an account as msmtp does before it sends: the port of its TLS
 * mode, auto_from, the %U %H %C %M patterns of from and %H %C %M of
 * domain (default: localhost for an msmtprc account, the domain of from
 * for sendguard's), and checks it: a host or socket, an envelope-from
 * when sendmail is set (not a pattern), the client certificate with its
 * key, TLS off only to this machine, nothing refused. 0, or -1 with
 * *errstr (a configuration error, exit 78).
 */
int	 account_finish(struct config_account *, int sendmail, char **errstr);

/* account_resolve()'s errors, mapped to exit codes in exitcode.c. */
#define ACCOUNT_ECONFIG		(-1)	/* passwordeval failed: 78 */
#define ACCOUNT_ENOPASS		(-2)	/* AUTH without a password: 69 */

/*
 * Fills the delivery settings of a finished account (borrowing its
 * strings): the password from password, else passwordeval, else ~/.netrc
 * or SYSCONFDIR/netrc (msmtp's order). Returns 0, or ACCOUNT_ECONFIG or
 * ACCOUNT_ENOPASS with *errstr. Free with account_clear().
 */
int	 account_resolve(const struct config_account *,
	    struct deliver_account *, char **errstr);
void	 account_clear(struct deliver_account *);

/* Whether the account authenticates. */
int	 account_auth(const struct config_account *);

#endif
