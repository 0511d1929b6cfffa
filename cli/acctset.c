/* acctset.c: msmtp's account settings, one command at a time. */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "acctset.h"
#include "fileio.h"

#ifndef nitems
#define nitems(a)	(sizeof(a) / sizeof((a)[0]))
#endif

#define OFF(f)	offsetof(struct config_account, f)

/* The fields behind each bit, for overrides and copies. */
static const struct {
	enum acctset_bit bit;
	size_t		 off;
	int		 str;
} acctset_fields[] = {
	{ ACCTSET_HOST, OFF(host), 1 },
	{ ACCTSET_PORT, OFF(port), 0 },
	{ ACCTSET_TIMEOUT, OFF(timeout), 0 },
	{ ACCTSET_PROTOCOL, OFF(lmtp), 0 },
	{ ACCTSET_DOMAIN, OFF(domain), 1 },
	{ ACCTSET_SOCKET, OFF(socket), 1 },
	{ ACCTSET_SOURCE_IP, OFF(source_ip), 1 },
	{ ACCTSET_TLS, OFF(tls_on), 0 },
	{ ACCTSET_STARTTLS, OFF(tls_starttls), 0 },
	{ ACCTSET_TRUST_FILE, OFF(tls_trust_file), 1 },
	{ ACCTSET_FINGERPRINT, OFF(tls_fingerprint), 1 },
	{ ACCTSET_CERT_FILE, OFF(tls_cert_file), 1 },
	{ ACCTSET_KEY_FILE, OFF(tls_key_file), 1 },
	{ ACCTSET_HOST_OVERRIDE, OFF(tls_host_override), 1 },
	{ ACCTSET_AUTH, OFF(auth), 0 },
	{ ACCTSET_AUTH, OFF(auth_method), 1 },
	{ ACCTSET_USER, OFF(user), 1 },
	{ ACCTSET_PASSWORD, OFF(password), 1 },
	{ ACCTSET_PASSWORDEVAL, OFF(passwordeval), 1 },
	{ ACCTSET_FROM, OFF(from), 1 },
	{ ACCTSET_ALLOW_FROM_OVERRIDE, OFF(allow_from_override), 0 },
	{ ACCTSET_AUTO_FROM, OFF(auto_from), 0 },
	{ ACCTSET_MAILDOMAIN, OFF(maildomain), 1 },
	{ ACCTSET_DSN_NOTIFY, OFF(dsn_notify), 1 },
	{ ACCTSET_DSN_RETURN, OFF(dsn_return), 1 },
	{ ACCTSET_SET_FROM, OFF(set_from_header), 0 },
	{ ACCTSET_SET_DATE, OFF(set_date_header), 0 },
	{ ACCTSET_SET_MSGID, OFF(set_msgid_header), 0 },
	{ ACCTSET_REMOVE_BCC, OFF(remove_bcc_headers), 0 },
	{ ACCTSET_UNDISCLOSED, OFF(undisclosed_recipients), 0 },
	{ ACCTSET_ALIASES, OFF(aliases), 1 },
	{ ACCTSET_LOGFILE, OFF(logfile), 1 },
	{ ACCTSET_LOGFILE_TIME_FORMAT, OFF(logfile_time_format), 1 },
	{ ACCTSET_SYSLOG, OFF(syslog), 1 },
	{ ACCTSET_QUEUE, OFF(queue), 0 },
	{ ACCTSET_REFUSED, OFF(refused), 1 },
};

/* How a command reads its argument. */
enum acctset_kind {
	KIND_STR,	/* a string; empty unsets it */
	KIND_NEEDARG,	/* a string that must not be empty */
	KIND_PATH,	/* a file name; empty unsets it */
	KIND_BOOL,	/* on or off; empty is on */
	KIND_STRICT,	/* on or off, nothing else */
	KIND_NOT,	/* on or off, stored inverted */
	KIND_ADDHDR,	/* on (auto) or off: the add_missing_* commands */
	KIND_SPECIAL,	/* handled by name */
	KIND_REFUSE,	/* cannot be honoured when not empty */
	KIND_IGNORE	/* on or off, accepted and ignored, as msmtp does */
};

static const struct {
	const char		*name;
	enum acctset_bit	 bit;
	enum acctset_kind	 kind;
	size_t			 off;
} acctset_cmds[] = {
	{ "host", ACCTSET_HOST, KIND_NEEDARG, OFF(host) },
	{ "port", ACCTSET_PORT, KIND_SPECIAL, 0 },
	{ "timeout", ACCTSET_TIMEOUT, KIND_SPECIAL, 0 },
	{ "connect_timeout", ACCTSET_TIMEOUT, KIND_SPECIAL, 0 },
	{ "protocol", ACCTSET_PROTOCOL, KIND_SPECIAL, 0 },
	{ "domain", ACCTSET_DOMAIN, KIND_STR, OFF(domain) },
	{ "socket", ACCTSET_SOCKET, KIND_STR, OFF(socket) },
	{ "source_ip", ACCTSET_SOURCE_IP, KIND_STR, OFF(source_ip) },
	{ "tls", ACCTSET_TLS, KIND_BOOL, OFF(tls_on) },
	{ "tls_starttls", ACCTSET_STARTTLS, KIND_BOOL, OFF(tls_starttls) },
	{ "tls_nostarttls", ACCTSET_STARTTLS, KIND_SPECIAL, 0 },
	{ "tls_trust_file", ACCTSET_TRUST_FILE, KIND_SPECIAL, 0 },
	{ "tls_fingerprint", ACCTSET_FINGERPRINT, KIND_SPECIAL, 0 },
	{ "tls_cert_file", ACCTSET_CERT_FILE, KIND_PATH, OFF(tls_cert_file) },
	{ "tls_key_file", ACCTSET_KEY_FILE, KIND_PATH, OFF(tls_key_file) },
	{ "tls_host_override", ACCTSET_HOST_OVERRIDE, KIND_STR,
	    OFF(tls_host_override) },
	{ "tls_certcheck", ACCTSET_REFUSED, KIND_SPECIAL, 0 },
	{ "tls_nocertcheck", ACCTSET_REFUSED, KIND_SPECIAL, 0 },
	{ "tls_crl_file", ACCTSET_REFUSED, KIND_REFUSE, 0 },
	{ "tls_priorities", ACCTSET_REFUSED, KIND_REFUSE, 0 },
	{ "tls_min_dh_prime_bits", ACCTSET_REFUSED, KIND_REFUSE, 0 },
	{ "tls_force_sslv3", ACCTSET_REFUSED, KIND_IGNORE, 0 },
	{ "proxy_host", ACCTSET_REFUSED, KIND_REFUSE, 0 },
	{ "proxy_port", ACCTSET_REFUSED, KIND_SPECIAL, 0 },
	{ "ntlmdomain", ACCTSET_REFUSED, KIND_REFUSE, 0 },
	{ "auth", ACCTSET_AUTH, KIND_SPECIAL, 0 },
	{ "user", ACCTSET_USER, KIND_STR, OFF(user) },
	{ "password", ACCTSET_PASSWORD, KIND_STR, OFF(password) },
	{ "passwordeval", ACCTSET_PASSWORDEVAL, KIND_STR, OFF(passwordeval) },
	{ "from", ACCTSET_FROM, KIND_STR, OFF(from) },
	{ "allow_from_override", ACCTSET_ALLOW_FROM_OVERRIDE, KIND_STRICT,
	    OFF(allow_from_override) },
	{ "auto_from", ACCTSET_AUTO_FROM, KIND_BOOL, OFF(auto_from) },
	{ "maildomain", ACCTSET_MAILDOMAIN, KIND_STR, OFF(maildomain) },
	{ "dsn_notify", ACCTSET_DSN_NOTIFY, KIND_SPECIAL, 0 },
	{ "dsn_return", ACCTSET_DSN_RETURN, KIND_SPECIAL, 0 },
	{ "set_from_header", ACCTSET_SET_FROM, KIND_SPECIAL, 0 },
	{ "set_date_header", ACCTSET_SET_DATE, KIND_SPECIAL, 0 },
	{ "set_msgid_header", ACCTSET_SET_MSGID, KIND_SPECIAL, 0 },
	{ "add_missing_from_header", ACCTSET_SET_FROM, KIND_ADDHDR,
	    OFF(set_from_header) },
	{ "add_missing_date_header", ACCTSET_SET_DATE, KIND_ADDHDR,
	    OFF(set_date_header) },
	{ "remove_bcc_headers", ACCTSET_REMOVE_BCC, KIND_BOOL,
	    OFF(remove_bcc_headers) },
	{ "keepbcc", ACCTSET_REMOVE_BCC, KIND_NOT, OFF(remove_bcc_headers) },
	{ "undisclosed_recipients", ACCTSET_UNDISCLOSED, KIND_BOOL,
	    OFF(undisclosed_recipients) },
	{ "aliases", ACCTSET_ALIASES, KIND_PATH, OFF(aliases) },
	{ "logfile", ACCTSET_LOGFILE, KIND_SPECIAL, 0 },
	{ "logfile_time_format", ACCTSET_LOGFILE_TIME_FORMAT, KIND_STR,
	    OFF(logfile_time_format) },
	{ "syslog", ACCTSET_SYSLOG, KIND_SPECIAL, 0 },
};

/* The methods msmtp knows after auth. */
static const char *const acctset_methods[] = {
	"plain", "login", "cram-md5", "digest-md5", "scram-sha-1",
	"scram-sha-256", "gssapi", "external", "ntlm", "oauthbearer",
	"xoauth2"
};

static char **
acctset_str(struct config_account *a, size_t off)
{
	return (char **)(void *)((char *)a + off);
}

static int *
acctset_int(struct config_account *a, size_t off)
{
	return (int *)(void *)((char *)a + off);
}

/* Replaces a string field; NULL or "" unsets it. */
static void
acctset_setstr(char **f, const char *v)
{
	free(*f);
	*f = v != NULL && *v != '\0' ? xstrdup(v) : NULL;
}

static char *
acctset_invalid(const char *cmd, const char *arg)
{
	struct buf b;

	buf_init(&b);
	buf_adds(&b, "invalid argument ");
	utf8_sanitize(&b, arg, strlen(arg));
	buf_addf(&b, " for command %s", cmd);
	return buf_take(&b);
}

/* on, off, or empty (on). */
static int
acctset_bool(const char *s, int *out)
{
	if (s[0] == '\0' || strcmp(s, "on") == 0)
		*out = 1;
	else if (strcmp(s, "off") == 0)
		*out = 0;
	else
		return -1;
	return 0;
}

/* msmtp's get_pos_int: strtol with any base, 1 to max. */
static int
acctset_number(const char *s, long max, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 0);
	if (errno != 0 || end == s || *end != '\0' || v < 1 || v > max)
		return -1;
	*out = (int)v;
	return 0;
}

/* "failure,delay,success" in any order, or "never" (msmtp's check). */
static int
acctset_dsn_notify(const char *s)
{
	static const char *const words[] = { "failure", "delay", "success" };
	char *copy = xstrdup(s), *p, *tok;
	int seen[3] = { 0, 0, 0 }, ok = 1;
	size_t i;

	if (strcmp(s, "never") == 0) {
		free(copy);
		return 0;
	}
	if (s[0] == '\0' || s[strlen(s) - 1] == ',')
		ok = 0;
	for (p = copy; ok && (tok = strsep(&p, ",")) != NULL;) {
		for (i = 0; i < 3 && strcmp(tok, words[i]) != 0; i++)
			;
		if (i == 3 || seen[i]++)
			ok = 0;
	}
	free(copy);
	return ok ? 0 : -1;
}

/* msmtp's fingerprints: SHA256, SHA1 or MD5 as "01:23:...". */
static int
acctset_fingerprint(const char *s)
{
	size_t n = strlen(s), i;

	if (n != 32 * 3 - 1 && n != 20 * 3 - 1 && n != 16 * 3 - 1)
		return -1;
	for (i = 0; i < n; i++) {
		if (i % 3 == 2) {
			if (s[i] != ':' && s[i] != ' ')
				return -1;
		} else if (str_hexval((unsigned char)s[i]) < 0)
			return -1;
	}
	return 0;
}

static int
acctset_syslog(const char *s)
{
	return strcmp(s, "LOG_USER") == 0 || strcmp(s, "LOG_MAIL") == 0 ||
	    (strncmp(s, "LOG_LOCAL", 9) == 0 && s[9] >= '0' && s[9] <= '7' &&
	    s[10] == '\0') ? 0 : -1;
}

/* Notes a setting that cannot be honoured (the first one counts). */
static void
acctset_refuse(struct config_account *a, const char *where,
    const char *why)
{
	if (a->refused == NULL)
		a->refused = xasprintf("%s: %s", where, why);
	a->set |= ACCTSET_BIT(ACCTSET_REFUSED);
}

/* The commands with arguments of their own. */
static char *
acctset_special(struct config_account *a, const char *cmd, const char *arg,
    const char *where)
{
	char *up;
	size_t i;
	int on;

	if (strcmp(cmd, "port") == 0) {
		if (acctset_number(arg, 65535, &a->port) != 0)
			return acctset_invalid(cmd, arg);
	} else if (strcmp(cmd, "timeout") == 0 ||
	    strcmp(cmd, "connect_timeout") == 0) {
		if (strcmp(arg, "off") == 0)
			a->timeout = 0;
		else if (acctset_number(arg, INT_MAX, &a->timeout) != 0)
			return acctset_invalid(cmd, arg);
	} else if (strcmp(cmd, "protocol") == 0) {
		if (strcmp(arg, "smtp") != 0 && strcmp(arg, "lmtp") != 0)
			return acctset_invalid(cmd, arg);
		a->lmtp = strcmp(arg, "lmtp") == 0;
	} else if (strcmp(cmd, "tls_nostarttls") == 0)
		a->tls_starttls = 0;
	else if (strcmp(cmd, "tls_trust_file") == 0) {
		/* "system" is the default: NULL. Empty trusts no CA. */
		free(a->tls_trust_file);
		a->tls_trust_file = strcmp(arg, "system") == 0 ? NULL :
		    xstrdup(arg);
	} else if (strcmp(cmd, "tls_fingerprint") == 0) {
		if (arg[0] != '\0' && acctset_fingerprint(arg) != 0)
			return acctset_invalid(cmd, arg);
		acctset_setstr(&a->tls_fingerprint, arg);
	} else if (strcmp(cmd, "tls_certcheck") == 0 ||
	    strcmp(cmd, "tls_nocertcheck") == 0) {
		if (acctset_bool(arg, &on) != 0)
			return acctset_invalid(cmd, arg);
		if (on == (strcmp(cmd, "tls_certcheck") == 0))
			return NULL;
		acctset_refuse(a, where, "tls_certcheck off is refused: "
		    "sendguard always checks the server's certificate (pin a "
		    "self-signed one with tls_fingerprint)");
	} else if (strcmp(cmd, "proxy_port") == 0) {
		/* Without proxy_host (which is refused) it changes nothing. */
		if (arg[0] != '\0' && acctset_number(arg, 65535, &on) != 0)
			return acctset_invalid(cmd, arg);
	} else if (strcmp(cmd, "auth") == 0) {
		free(a->auth_method);
		a->auth_method = NULL;
		if (acctset_bool(arg, &a->auth) == 0)
			return NULL;
		for (i = 0; i < nitems(acctset_methods); i++)
			if (strcmp(arg, acctset_methods[i]) == 0)
				break;
		if (i == nitems(acctset_methods))
			return acctset_invalid(cmd, arg);
		a->auth = 1;
		a->auth_method = xstrdup(arg);
	} else if (strcmp(cmd, "dsn_notify") == 0) {
		if (strcmp(arg, "off") == 0)
			acctset_setstr(&a->dsn_notify, NULL);
		else if (acctset_dsn_notify(arg) == 0) {
			up = xstrdup(arg);
			for (i = 0; up[i] != '\0'; i++)
				up[i] = (char)(up[i] >= 'a' && up[i] <= 'z' ?
				    up[i] - 'a' + 'A' : up[i]);
			free(a->dsn_notify);
			a->dsn_notify = up;
		} else
			return acctset_invalid(cmd, arg);
	} else if (strcmp(cmd, "dsn_return") == 0) {
		if (strcmp(arg, "off") == 0)
			acctset_setstr(&a->dsn_return, NULL);
		else if (strcmp(arg, "headers") == 0 ||
		    strcmp(arg, "hdrs") == 0)
			acctset_setstr(&a->dsn_return, "HDRS");
		else if (strcmp(arg, "full") == 0)
			acctset_setstr(&a->dsn_return, "FULL");
		else
			return acctset_invalid(cmd, arg);
	} else if (strcmp(cmd, "set_from_header") == 0) {
		if (arg[0] == '\0' || strcmp(arg, "auto") == 0)
			a->set_from_header = CONFIG_HDR_AUTO;
		else if (acctset_bool(arg, &on) == 0)
			a->set_from_header = on ? CONFIG_HDR_ON : CONFIG_HDR_OFF;
		else
			return acctset_invalid(cmd, arg);
	} else if (strcmp(cmd, "set_date_header") == 0 ||
	    strcmp(cmd, "set_msgid_header") == 0) {
		if (arg[0] == '\0' || strcmp(arg, "auto") == 0)
			on = CONFIG_HDR_AUTO;
		else if (strcmp(arg, "off") == 0)
			on = CONFIG_HDR_OFF;
		else
			return acctset_invalid(cmd, arg);
		if (cmd[4] == 'd')
			a->set_date_header = on;
		else
			a->set_msgid_header = on;
	} else if (strcmp(cmd, "logfile") == 0) {
		/* "-" is msmtp's standard output, and stays "-". */
		acctset_setstr(&a->logfile, arg);
	} else if (strcmp(cmd, "syslog") == 0) {
		if (arg[0] == '\0' || strcmp(arg, "on") == 0)
			acctset_setstr(&a->syslog, "LOG_USER");
		else if (strcmp(arg, "off") == 0)
			acctset_setstr(&a->syslog, NULL);
		else if (acctset_syslog(arg) == 0)
			acctset_setstr(&a->syslog, arg);
		else
			return acctset_invalid(cmd, arg);
	}
	return NULL;
}

int
acctset_known(const char *cmd)
{
	size_t i;

	for (i = 0; i < nitems(acctset_cmds); i++)
		if (strcmp(cmd, acctset_cmds[i].name) == 0)
			return 1;
	return 0;
}

char *
acctset_apply(struct config_account *a, const char *cmd, const char *arg,
    const char *where)
{
	size_t i;
	int on;
	char *why;

	for (i = 0; i < nitems(acctset_cmds); i++)
		if (strcmp(cmd, acctset_cmds[i].name) == 0)
			break;
	if (i == nitems(acctset_cmds))
		return xasprintf("unknown command %s", cmd);
	switch (acctset_cmds[i].kind) {
	case KIND_NEEDARG:
		if (arg[0] == '\0')
			return xasprintf("command %s needs an argument", cmd);
		/* FALLTHROUGH */
	case KIND_STR:
	case KIND_PATH:
		acctset_setstr(acctset_str(a, acctset_cmds[i].off), arg);
		break;
	case KIND_BOOL:
	case KIND_NOT:
	case KIND_ADDHDR:
		if (acctset_bool(arg, &on) != 0)
			return acctset_invalid(cmd, arg);
		if (acctset_cmds[i].kind == KIND_NOT)
			on = !on;
		else if (acctset_cmds[i].kind == KIND_ADDHDR)
			on = on ? CONFIG_HDR_AUTO : CONFIG_HDR_OFF;
		*acctset_int(a, acctset_cmds[i].off) = on;
		break;
	case KIND_STRICT:
		if (strcmp(arg, "on") != 0 && strcmp(arg, "off") != 0)
			return acctset_invalid(cmd, arg);
		*acctset_int(a, acctset_cmds[i].off) = strcmp(arg, "on") == 0;
		break;
	case KIND_IGNORE:
		if (acctset_bool(arg, &on) != 0)
			return acctset_invalid(cmd, arg);
		return NULL;
	case KIND_REFUSE:
		if (arg[0] == '\0')
			return NULL;
		why = xasprintf("%s is not supported: sendguard cannot honour "
		    "it, and will not send as if it were not there", cmd);
		acctset_refuse(a, where, why);
		free(why);
		return NULL;
	case KIND_SPECIAL:
		if ((arg[0] == '\0') && (strcmp(cmd, "port") == 0 ||
		    strcmp(cmd, "timeout") == 0 ||
		    strcmp(cmd, "connect_timeout") == 0 ||
		    strcmp(cmd, "protocol") == 0 ||
		    strcmp(cmd, "dsn_notify") == 0 ||
		    strcmp(cmd, "dsn_return") == 0))
			return xasprintf("command %s needs an argument", cmd);
		if ((why = acctset_special(a, cmd, arg, where)) != NULL)
			return why;
		break;
	}
	if (acctset_cmds[i].bit != ACCTSET_REFUSED)
		a->set |= ACCTSET_BIT(acctset_cmds[i].bit);
	config_account_tls(a);
	return NULL;
}

void
acctset_override(struct config_account *dst,
    const struct config_account *src, uint64_t mask)
{
	size_t i;
	char **d;
	char *const *s;

	for (i = 0; i < nitems(acctset_fields); i++) {
		if (!(mask & ACCTSET_BIT(acctset_fields[i].bit)))
			continue;
		if (acctset_fields[i].str) {
			d = acctset_str(dst, acctset_fields[i].off);
			s = (char *const *)(const void *)((const char *)src +
			    acctset_fields[i].off);
			free(*d);
			*d = *s != NULL ? xstrdup(*s) : NULL;
		} else
			*acctset_int(dst, acctset_fields[i].off) =
			    *(const int *)(const void *)((const char *)src +
			    acctset_fields[i].off);
	}
	dst->set |= mask & src->set;
	config_account_tls(dst);
}

void
acctset_paths(struct config_account *a, const char *dir)
{
	if (a->tls_trust_file != NULL && a->tls_trust_file[0] != '\0')
		fileio_absolute(&a->tls_trust_file, dir);
	fileio_absolute(&a->tls_cert_file, dir);
	fileio_absolute(&a->tls_key_file, dir);
	if (a->logfile != NULL && strcmp(a->logfile, "-") != 0)
		fileio_absolute(&a->logfile, dir);
	fileio_absolute(&a->aliases, dir);
}
