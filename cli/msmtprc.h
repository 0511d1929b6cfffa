/* msmtprc.h: msmtp's configuration file (~/.msmtprc), read into a config. */
#ifndef SENDGUARD_MSMTPRC_H
#define SENDGUARD_MSMTPRC_H

#include <stddef.h>

#include "config.h"

/*
 * The format is msmtp's (1.8.23): a command and its argument per line,
 * "defaults" and "account NAME [: PARENT[,...]]" sections, settings before
 * the first section going to an account named "default". Every command is
 * applied with acctset_apply(), so each has msmtp's arguments and meaning;
 * accounts are appended to c->accounts in file order with msmtp = 1 (port
 * 0 when none is given: account_finish() gives msmtp's default, 465 for TLS
 * without STARTTLS, else 25, once the command line had its say).
 *
 * An account starts with the defaults in force where it starts; "account
 * x : p, q" then takes what p, then q, set themselves (msmtp's masks).
 *
 * "eval CMD" is replaced by the first line CMD prints (the eval callback
 * runs it); that line may not be an eval itself. A command that prints
 * nothing is an I/O error (CONFIG_EIO: exit 74, as msmtp).
 *
 * An argument is the rest of the line without surrounding blanks; one
 * pair of enclosing double quotes is removed and what they hold is kept
 * as it is (msmtp has no escapes inside them).
 */

/* Runs an eval command: its first output line (allocated), or NULL with
 * *errstr. */
typedef char *(*msmtprc_eval_fn)(void *arg, const char *cmd,
	    char **errstr);

/*
 * Parses msmtprc text; name is used in messages. eval may be NULL (eval
 * lines are then errors). Returns 0, or CONFIG_EPARSE or CONFIG_EIO with
 * *errstr (if errstr is not NULL) set to an allocated "NAME:LINE: what is
 * wrong"; on error c is left as it was.
 */
int	 msmtprc_parse(struct config *c, const char *text, size_t len,
	    const char *name, msmtprc_eval_fn eval, void *arg,
	    char **errstr);

/*
 * Reads an msmtprc file, running its eval lines with /bin/sh. Returns 1
 * when it was read, 0 when it is missing and missing_ok is set, or
 * CONFIG_EPARSE or CONFIG_EIO with *errstr (errstr must not be NULL); on
 * error no account of the file is left in c. With private, a file with a
 * non-empty password line must not be readable by group or others (msmtp
 * demands it of the user's file, not of the system's). Relative paths (tls_trust_file, tls_cert_file, tls_key_file,
 * logfile, aliases) are taken from the file's directory, and ~/ from
 * $HOME; each account's conffile is path. c->path is set to path if it
 * was NULL.
 */
int	 msmtprc_load(struct config *c, const char *path, int missing_ok,
	    int private, char **errstr);

/*
 * Whether text looks like an msmtprc rather than sendguard's INI file:
 * its first line that is not blank or a comment (# or ;) does not start
 * with '['. 0 for text without such a line.
 */
int	 msmtprc_is_msmtprc(const char *text, size_t len);

#endif
