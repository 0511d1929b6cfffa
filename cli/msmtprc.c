/* msmtprc.c: msmtp's configuration file (~/.msmtprc), read into a config. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common.h"
#include "config.h"
#include "fileio.h"
#include "msmtprc.h"

#define MSMTPRC_MAX_LINE	8192

/* Which settings an account (or the defaults) set itself. */
#define SET_HOST	0x0001
#define SET_PORT	0x0002
#define SET_TIMEOUT	0x0004
#define SET_FROM	0x0008
#define SET_USER	0x0010
#define SET_PASSWORD	0x0020
#define SET_PASSWORDEVAL 0x0040
#define SET_LOGFILE	0x0080
#define SET_TRUST	0x0100
#define SET_TLS		0x0200
#define SET_STARTTLS	0x0400
#define SET_AUTH	0x0800
#define SET_ALL		0x0fff

/* An account as msmtp sees it, before it is mapped to sendguard's. */
struct msmtprc_acct {
	struct config_account	 a;		/* strings, port, timeout */
	int			 tls;		/* msmtp's tls (default off) */
	int			 starttls;	/* tls_starttls (default on) */
	int			 auth;		/* auth on or a method */
	unsigned int		 mask;		/* SET_*: set here */
};

enum msmtprc_where {
	WHERE_NONE,		/* before the first defaults or account */
	WHERE_DEFAULTS,
	WHERE_ACCOUNT		/* the last account */
};

struct msmtprc_state {
	struct msmtprc_acct	 defaults;
	struct msmtprc_acct	*accts;
	size_t			 n;
	enum msmtprc_where	 where;
	int			 has_password;	/* a non-empty password line */
};

/* Commands accepted and ignored, whatever their argument. */
static const char *const msmtprc_ignored[] = {
	"aliases", "domain", "dsn_notify", "dsn_return", "envelope_from",
	"logfile_time_format", "maildomain", "ntlmdomain", "protocol",
	"proxy_port", "set_date_header", "set_from_header", "set_msgid_header",
	"socket", "source_ip", "syslog", "tls_cert_file", "tls_crl_file",
	"tls_fingerprint", "tls_host_override", "tls_key_file",
	"tls_min_dh_prime_bits", "tls_nocertcheck", "tls_priorities"
};

/* Commands accepted and ignored whose argument must be on or off. */
static const char *const msmtprc_ignored_bool[] = {
	"add_missing_date_header", "add_missing_from_header",
	"allow_from_override", "auto_from", "keepbcc", "remove_bcc_headers",
	"tls_certcheck",	/* sendguard always verifies */
	"tls_force_sslv3", "undisclosed_recipients"
};

/* The methods msmtp accepts after auth. */
static const char *const msmtprc_auth_methods[] = {
	"plain", "login", "cram-md5", "digest-md5", "scram-sha-1",
	"scram-sha-256", "gssapi", "external", "ntlm", "oauthbearer",
	"xoauth2"
};

#ifndef nitems
#define nitems(a)	(sizeof(a) / sizeof((a)[0]))
#endif

static void
msmtprc_state_free(struct msmtprc_state *st)
{
	size_t i;

	config_account_free(&st->defaults.a);
	for (i = 0; i < st->n; i++)
		config_account_free(&st->accts[i].a);
	free(st->accts);
	memset(st, 0, sizeof(*st));
}

/* Replaces a string setting; an empty or NULL value unsets it. */
static void
msmtprc_set(char **field, const char *value)
{
	free(*field);
	*field = value != NULL && value[0] != '\0' ? xstrdup(value) : NULL;
}

/* Copies the settings of src named in mask into dst. */
static void
msmtprc_override(struct msmtprc_acct *dst, const struct msmtprc_acct *src,
    unsigned int mask)
{
	if (mask & SET_HOST)
		msmtprc_set(&dst->a.host, src->a.host);
	if (mask & SET_PORT)
		dst->a.port = src->a.port;
	if (mask & SET_TIMEOUT)
		dst->a.timeout = src->a.timeout;
	if (mask & SET_FROM)
		msmtprc_set(&dst->a.from, src->a.from);
	if (mask & SET_USER)
		msmtprc_set(&dst->a.user, src->a.user);
	if (mask & SET_PASSWORD)
		msmtprc_set(&dst->a.password, src->a.password);
	if (mask & SET_PASSWORDEVAL)
		msmtprc_set(&dst->a.passwordeval, src->a.passwordeval);
	if (mask & SET_LOGFILE)
		msmtprc_set(&dst->a.logfile, src->a.logfile);
	if (mask & SET_TRUST)
		msmtprc_set(&dst->a.tls_trust_file, src->a.tls_trust_file);
	if (mask & SET_TLS)
		dst->tls = src->tls;
	if (mask & SET_STARTTLS)
		dst->starttls = src->starttls;
	if (mask & SET_AUTH)
		dst->auth = src->auth;
}

static struct msmtprc_acct *
msmtprc_find(struct msmtprc_state *st, const char *name)
{
	size_t i;

	for (i = 0; i < st->n; i++)
		if (strcmp(st->accts[i].a.name, name) == 0)
			return &st->accts[i];
	return NULL;
}

/* Starts an account: the current defaults, filled in as msmtp does. */
static struct msmtprc_acct *
msmtprc_new(struct msmtprc_state *st, const char *name, int line)
{
	struct msmtprc_acct *acct;

	st->accts = xreallocarray(st->accts, st->n + 1, sizeof(*st->accts));
	acct = &st->accts[st->n++];
	memset(acct, 0, sizeof(*acct));
	msmtprc_override(acct, &st->defaults, SET_ALL);
	acct->mask = 0;
	acct->a.name = xstrdup(name);
	acct->a.line = line;
	st->where = WHERE_ACCOUNT;
	return acct;
}

/* A copy of s that is safe to show on a terminal. */
static char *
msmtprc_safe(const char *s)
{
	struct buf b;

	buf_init(&b);
	utf8_sanitize(&b, s, strlen(s));
	return buf_take(&b);
}

/* An allocated message: before, then s (made safe), then after. */
static char *
msmtprc_why(const char *before, const char *s, const char *after)
{
	char *safe = msmtprc_safe(s), *why;

	why = xasprintf("%s%s%s", before, safe, after);
	free(safe);
	return why;
}

/* Removes surrounding blanks, then one pair of enclosing double quotes. */
static char *
msmtprc_unquote(char *s)
{
	size_t n;

	s += strspn(s, " \t");
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	s[n] = '\0';
	if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
		s[n - 1] = '\0';
		s++;
	}
	return s;
}

/* msmtp's numbers: strtol with any base, from 1 to max. */
static int
msmtprc_number(const char *s, long max, int *out)
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

/* on, off, or empty (meaning on). */
static int
msmtprc_bool(const char *s, int *out)
{
	if (s[0] == '\0' || strcmp(s, "on") == 0)
		*out = 1;
	else if (strcmp(s, "off") == 0)
		*out = 0;
	else
		return -1;
	return 0;
}

/* "account NAME [: PARENT[, PARENT...]]". */
static char *
msmtprc_account(struct msmtprc_state *st, char *arg, int line)
{
	struct msmtprc_acct *acct, *parent;
	char *colon, *list = NULL, *comma, *item, *name, *why = NULL;
	size_t *parents = NULL, np = 0, i;

	if ((colon = strchr(arg, ':')) != NULL) {
		*colon = '\0';
		list = colon + 1;
	}
	name = msmtprc_unquote(arg);
	if (name[0] == '\0')
		return xstrdup("account without a name "
		    "(account NAME [: PARENT, ...])");
	if (strchr(name, ',') != NULL)
		return xstrdup("an account name must not contain colons or "
		    "commas");
	if (msmtprc_find(st, name) != NULL)
		return msmtprc_why("account ", name, " was already defined");
	while (list != NULL) {
		if ((comma = strchr(list, ',')) != NULL)
			*comma = '\0';
		item = msmtprc_unquote(list);
		if (item[0] == '\0') {
			why = xstrdup("an account to inherit from has no name");
			goto out;
		}
		if ((parent = msmtprc_find(st, item)) == NULL) {
			why = msmtprc_why("account ", item,
			    " to inherit from is not defined (yet)");
			goto out;
		}
		parents = xreallocarray(parents, np + 1, sizeof(*parents));
		parents[np++] = (size_t)(parent - st->accts);
		list = comma != NULL ? comma + 1 : NULL;
	}
	acct = msmtprc_new(st, name, line);
	for (i = 0; i < np; i++) {
		parent = &st->accts[parents[i]];
		msmtprc_override(acct, parent, parent->mask);
		acct->mask |= parent->mask;
	}
out:
	free(parents);
	return why;
}

/* A command that is accepted and ignored; -1 if cmd is not one. */
static int
msmtprc_ignore(const char *cmd, const char *arg, char **why)
{
	size_t i;
	int on;

	for (i = 0; i < nitems(msmtprc_ignored); i++)
		if (strcmp(cmd, msmtprc_ignored[i]) == 0)
			return 0;
	for (i = 0; i < nitems(msmtprc_ignored_bool); i++)
		if (strcmp(cmd, msmtprc_ignored_bool[i]) == 0) {
			if (msmtprc_bool(arg, &on) != 0)
				*why = msmtprc_why("", cmd,
				    " must be on or off");
			return 0;
		}
	return -1;
}

static char *
msmtprc_auth(struct msmtprc_acct *acct, const char *arg)
{
	size_t i;

	acct->mask |= SET_AUTH;
	if (msmtprc_bool(arg, &acct->auth) == 0)
		return NULL;
	for (i = 0; i < nitems(msmtprc_auth_methods); i++)
		if (strcmp(arg, msmtprc_auth_methods[i]) == 0) {
			acct->auth = 1;
			return NULL;
		}
	return msmtprc_why("unknown auth method ", arg,
	    " (use on, off, plain, login, ...)");
}

/* A setting of the current account or of the defaults. */
static char *
msmtprc_setting(struct msmtprc_state *st, struct msmtprc_acct *acct,
    const char *cmd, const char *arg)
{
	char *why = NULL;

	if (strcmp(cmd, "host") == 0 || strcmp(cmd, "port") == 0 ||
	    strcmp(cmd, "timeout") == 0 || strcmp(cmd, "connect_timeout") == 0) {
		if (arg[0] == '\0')
			return msmtprc_why("", cmd, " needs an argument");
	}
	if (strcmp(cmd, "host") == 0) {
		acct->mask |= SET_HOST;
		msmtprc_set(&acct->a.host, arg);
	} else if (strcmp(cmd, "port") == 0) {
		acct->mask |= SET_PORT;
		if (msmtprc_number(arg, 65535, &acct->a.port) != 0)
			return xstrdup("port must be a number from 1 to 65535");
	} else if (strcmp(cmd, "timeout") == 0 ||
	    strcmp(cmd, "connect_timeout") == 0) {
		acct->mask |= SET_TIMEOUT;
		if (strcmp(arg, "off") == 0)
			acct->a.timeout = 0;
		else if (msmtprc_number(arg, INT_MAX, &acct->a.timeout) != 0)
			return xstrdup("timeout must be off or a number of "
			    "seconds");
	} else if (strcmp(cmd, "from") == 0) {
		acct->mask |= SET_FROM;
		msmtprc_set(&acct->a.from, arg);
	} else if (strcmp(cmd, "user") == 0) {
		acct->mask |= SET_USER;
		msmtprc_set(&acct->a.user, arg);
	} else if (strcmp(cmd, "password") == 0) {
		acct->mask |= SET_PASSWORD;
		msmtprc_set(&acct->a.password, arg);
		if (arg[0] != '\0')
			st->has_password = 1;
	} else if (strcmp(cmd, "passwordeval") == 0) {
		acct->mask |= SET_PASSWORDEVAL;
		msmtprc_set(&acct->a.passwordeval, arg);
	} else if (strcmp(cmd, "logfile") == 0) {
		acct->mask |= SET_LOGFILE;
		msmtprc_set(&acct->a.logfile, strcmp(arg, "-") == 0 ? NULL :
		    arg);
	} else if (strcmp(cmd, "tls_trust_file") == 0) {
		acct->mask |= SET_TRUST;
		msmtprc_set(&acct->a.tls_trust_file,
		    strcmp(arg, "system") == 0 ? NULL : arg);
	} else if (strcmp(cmd, "tls") == 0) {
		acct->mask |= SET_TLS;
		if (msmtprc_bool(arg, &acct->tls) != 0)
			return xstrdup("tls must be on or off");
	} else if (strcmp(cmd, "tls_starttls") == 0) {
		acct->mask |= SET_STARTTLS;
		if (msmtprc_bool(arg, &acct->starttls) != 0)
			return xstrdup("tls_starttls must be on or off");
	} else if (strcmp(cmd, "tls_nostarttls") == 0) {
		acct->mask |= SET_STARTTLS;
		acct->starttls = 0;
	} else if (strcmp(cmd, "auth") == 0)
		return msmtprc_auth(acct, arg);
	else if (strcmp(cmd, "proxy_host") == 0) {
		if (arg[0] != '\0')
			return xstrdup("proxy_host is not supported: sendguard "
			    "would connect without the proxy");
	} else if (strcmp(cmd, "eval") == 0)
		return xstrdup("eval is not supported: write the setting it "
		    "produces, or use passwordeval for a password");
	else if (msmtprc_ignore(cmd, arg, &why) != 0)
		return msmtprc_why("unknown command ", cmd, "");
	return why;
}

/* One line (without its newline); NULL, or an allocated reason. */
static char *
msmtprc_line(struct msmtprc_state *st, char *s, int line)
{
	struct msmtprc_acct *acct;
	char *cmd, *arg;
	size_t n = strlen(s);

	if (n > 0 && s[n - 1] == '\r')
		s[n - 1] = '\0';
	cmd = s + strspn(s, " \t");
	if (cmd[0] == '\0' || cmd[0] == '#')
		return NULL;
	arg = cmd + strcspn(cmd, " \t");
	if (arg[0] != '\0')
		*arg++ = '\0';
	arg = msmtprc_unquote(arg);

	if (strcmp(cmd, "defaults") == 0) {
		if (arg[0] != '\0')
			return xstrdup("defaults takes no argument");
		st->where = WHERE_DEFAULTS;
		return NULL;
	}
	if (strcmp(cmd, "account") == 0)
		return msmtprc_account(st, arg, line);
	/* As in msmtp: settings before any section make account "default". */
	if (st->where == WHERE_NONE)
		msmtprc_new(st, "default", line);
	acct = st->where == WHERE_DEFAULTS ? &st->defaults :
	    &st->accts[st->n - 1];
	return msmtprc_setting(st, acct, cmd, arg);
}

/* Maps the accounts to sendguard's and moves them to c. */
static void
msmtprc_finish(struct config *c, struct msmtprc_state *st)
{
	struct config_account *a;
	struct msmtprc_acct *m;
	size_t i;

	if (st->n == 0)
		return;
	c->accounts = xreallocarray(c->accounts, c->naccounts + st->n,
	    sizeof(*c->accounts));
	for (i = 0; i < st->n; i++) {
		m = &st->accts[i];
		a = &c->accounts[c->naccounts++];
		*a = m->a;
		memset(&m->a, 0, sizeof(m->a));
		a->tls = !m->tls ? CONFIG_TLS_OFF : m->starttls ?
		    CONFIG_TLS_STARTTLS : CONFIG_TLS_TLS;
		if (a->port == 0)
			a->port = a->tls == CONFIG_TLS_TLS ? 465 : 25;
		if (!m->auth) {
			free(a->user);
			a->user = NULL;
		}
	}
}

static int
msmtprc_run(struct config *c, const char *text, size_t len,
    const char *name, char **errstr, int *has_password)
{
	struct msmtprc_state st;
	const char *p = text, *end = text + len, *nl;
	char *s, *why;
	int line = 0;

	memset(&st, 0, sizeof(st));
	st.defaults.starttls = 1;
	while (p < end) {
		line++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (nl - p > MSMTPRC_MAX_LINE)
			why = xstrdup("line too long (over 8192 bytes)");
		else if (memchr(p, '\0', (size_t)(nl - p)) != NULL)
			why = xstrdup("a NUL byte in the line");
		else if (!utf8_valid(p, (size_t)(nl - p)))
			why = xstrdup("not valid UTF-8");
		else {
			s = xstrndup(p, (size_t)(nl - p));
			why = msmtprc_line(&st, s, line);
			free(s);
		}
		if (why != NULL) {
			if (errstr != NULL)
				*errstr = xasprintf("%s:%d: %s", name, line,
				    why);
			free(why);
			msmtprc_state_free(&st);
			return -1;
		}
		if (nl == end)
			break;
		p = nl + 1;
	}
	msmtprc_finish(c, &st);
	*has_password = st.has_password;
	msmtprc_state_free(&st);
	return 0;
}

int
msmtprc_parse(struct config *c, const char *text, size_t len,
    const char *name, char **errstr)
{
	int has_password;

	return msmtprc_run(c, text, len, name, errstr, &has_password);
}

int
msmtprc_load(struct config *c, const char *path, int missing_ok,
    char **errstr)
{
	struct buf text;
	size_t first = c->naccounts, i;
	char *dir;
	int rc, has_password = 0;

	buf_init(&text);
	if ((rc = fileio_read_config(path, missing_ok, &text, errstr)) <= 0)
		return rc;
	rc = msmtprc_run(c, text.s, text.len, path, errstr, &has_password);
	buf_free(&text);
	if (rc != 0)
		return -1;
	if (has_password && fileio_private(path, errstr) != 0) {
		for (i = first; i < c->naccounts; i++)
			config_account_free(&c->accounts[i]);
		c->naccounts = first;
		return -1;
	}
	if (c->path == NULL)
		c->path = xstrdup(path);
	dir = fileio_dirname(path);
	for (i = first; i < c->naccounts; i++) {
		fileio_absolute(&c->accounts[i].tls_trust_file, dir);
		fileio_absolute(&c->accounts[i].logfile, dir);
	}
	free(dir);
	return 0;
}

int
msmtprc_is_msmtprc(const char *text, size_t len)
{
	const char *p = text, *end = text + len;

	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end) {
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
			p++;
			continue;
		}
		if (*p != '#' && *p != ';')
			return *p != '[';
		while (p < end && *p != '\n')
			p++;
	}
	return 0;
}
