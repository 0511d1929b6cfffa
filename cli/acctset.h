/*
 * acctset.h: msmtp's account settings, one command at a time, with
 * msmtp's arguments and meaning (msmtp(1) 1.8.23, "Configuration file"):
 * the commands of an msmtprc, the same keys in sendguard's [account]
 * sections, and the command-line options that change an account.
 */
#ifndef SENDGUARD_ACCTSET_H
#define SENDGUARD_ACCTSET_H

#include <stdint.h>

#include "config.h"

/* One bit per setting, for config_account.set (msmtp's ACC_* mask). */
enum acctset_bit {
	ACCTSET_HOST, ACCTSET_PORT, ACCTSET_TIMEOUT, ACCTSET_PROTOCOL,
	ACCTSET_DOMAIN, ACCTSET_SOCKET, ACCTSET_SOURCE_IP, ACCTSET_TLS,
	ACCTSET_STARTTLS, ACCTSET_TRUST_FILE, ACCTSET_FINGERPRINT,
	ACCTSET_CERT_FILE, ACCTSET_KEY_FILE, ACCTSET_HOST_OVERRIDE,
	ACCTSET_AUTH, ACCTSET_USER, ACCTSET_PASSWORD, ACCTSET_PASSWORDEVAL,
	ACCTSET_FROM, ACCTSET_ALLOW_FROM_OVERRIDE, ACCTSET_AUTO_FROM,
	ACCTSET_MAILDOMAIN, ACCTSET_DSN_NOTIFY, ACCTSET_DSN_RETURN,
	ACCTSET_SET_FROM, ACCTSET_SET_DATE, ACCTSET_SET_MSGID,
	ACCTSET_REMOVE_BCC, ACCTSET_UNDISCLOSED, ACCTSET_ALIASES,
	ACCTSET_LOGFILE, ACCTSET_LOGFILE_TIME_FORMAT, ACCTSET_SYSLOG,
	ACCTSET_QUEUE, ACCTSET_REFUSED,
	ACCTSET_NBITS
};
#define ACCTSET_BIT(b)	((uint64_t)1 << (b))
#define ACCTSET_ALL	(ACCTSET_BIT(ACCTSET_NBITS) - 1)

/*
 * Applies one msmtp command with its argument (already unquoted; "" when
 * there is none) to an account, and marks it in a->set. Returns NULL, or
 * an allocated reason why the argument is wrong ("invalid argument X for
 * command Y", "command Y needs an argument") or the command unknown.
 *
 * A setting that sendguard cannot honour (proxy_host, tls_certcheck off,
 * tls_crl_file, tls_priorities, tls_min_dh_prime_bits, ntlmdomain) is not
 * an error here: it is noted in a->refused as "WHERE: why", and using the
 * account is refused (exit 78), so that an msmtprc whose other accounts
 * are fine keeps working for them.
 */
char	*acctset_apply(struct config_account *a, const char *cmd,
	    const char *arg, const char *where);

/* Whether cmd is one of msmtp's account commands. */
int	 acctset_known(const char *cmd);

/*
 * Copies the settings of src that mask names (ACCTSET_BIT()s) into dst,
 * and adds them to dst->set: msmtp's override_account().
 */
void	 acctset_override(struct config_account *dst,
	    const struct config_account *src, uint64_t mask);

/*
 * Makes the paths of an account (tls_trust_file, tls_cert_file,
 * tls_key_file, logfile, aliases) absolute: ~/ from $HOME, a relative one
 * from dir.
 */
void	 acctset_paths(struct config_account *, const char *dir);

#endif
