/* msmtprc.h: msmtp's configuration file (~/.msmtprc), read into a config. */
#ifndef SENDGUARD_MSMTPRC_H
#define SENDGUARD_MSMTPRC_H

#include <stddef.h>

#include "config.h"

/*
 * The format is msmtp's (as of msmtp 1.8): a command and its argument per
 * line, "defaults" and "account NAME [: PARENT[,...]]" sections, settings
 * before the first section going to an account named "default". Accounts
 * are appended to c->accounts in file order, mapped as follows:
 *
 * - tls off (msmtp's default): CONFIG_TLS_OFF; tls on with tls_starttls on
 *   (its default): CONFIG_TLS_STARTTLS; tls on, tls_starttls off:
 *   CONFIG_TLS_TLS. Without a port line the port is msmtp's default (465
 *   for CONFIG_TLS_TLS, else 25), never sendguard's own (587).
 * - Without "auth on" (or a method), msmtp does not authenticate: user is
 *   left NULL so that sendguard does not either.
 * - tls_trust_file "system" (or empty) is NULL: the system store.
 *   logfile "-" (msmtp's standard output) is NULL: no log.
 * - timeout off is 0 (sendguard's default timeout).
 * - Commands sendguard has no use for are accepted and ignored, among
 *   them tls_certcheck (sendguard always verifies), tls_fingerprint and
 *   eval. proxy_host with an argument is an error, since sending without
 *   the proxy would not be what the user asked for.
 *
 * An argument is the rest of the line without surrounding blanks; one
 * pair of enclosing double quotes is removed and what they hold is kept
 * as it is (msmtp has no escapes inside them).
 */

/*
 * Parses msmtprc text; name is used in messages. Returns 0, or -1 with
 * *errstr (if errstr is not NULL) set to an allocated "NAME:LINE: what is
 * wrong"; on error c is left as it was.
 */
int	 msmtprc_parse(struct config *c, const char *text, size_t len,
	    const char *name, char **errstr);

/*
 * Reads an msmtprc file. A missing file is no error when missing_ok is
 * set. A file with a non-empty password line (in any account or in the
 * defaults) must not be readable by group or others (as msmtp demands). Relative tls_trust_file and logfile paths are
 * taken from the file's directory, and ~/ from $HOME. c->path is set to
 * path if it was NULL. Returns 0, or -1 with *errstr (errstr must not be
 * NULL) set; on error no account of the file is left in c.
 */
int	 msmtprc_load(struct config *c, const char *path, int missing_ok,
	    char **errstr);

/*
 * Whether text looks like an msmtprc rather than sendguard's INI file:
 * its first line that is not blank or a comment (# or ;) does not start
 * with '['. 0 for text without such a line.
 */
int	 msmtprc_is_msmtprc(const char *text, size_t len);

#endif
