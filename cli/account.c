/* account.c: choosing the account to send with (msmtp's rules), and its password. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common.h"
#include "account.h"
#include "acctset.h"
#include "cmdout.h"
#include "netrc.h"
#include "subst.h"

/* A bracket expression at p ("[...]"): whether c is in it; *end after it. */
static int
account_bracket(const char *p, char c, const char **end)
{
	int neg = 0, in = 0;
	const char *q = p + 1;

	if (*q == '!' || *q == '^') {
		neg = 1;
		q++;
	}
	if (*q == ']') {		/* a leading ] is a member */
		in |= c == ']';
		q++;
	}
	for (; *q != '\0' && *q != ']'; q++) {
		if (q[1] == '-' && q[2] != '\0' && q[2] != ']') {
			in |= c >= q[0] && c <= q[2];
			q += 2;
		} else
			in |= c == *q;
	}
	if (*q != ']') {
		*end = NULL;		/* not a bracket: a literal '[' */
		return 0;
	}
	*end = q + 1;
	return neg ? !in : in;
}

/* Shell wildcards in which * and ? never match a '+'. */
static int
account_glob(const char *p, const char *s)
{
	const char *end;

	for (; *p != '\0'; p++, s++) {
		switch (*p) {
		case '*':
			while (p[1] == '*')
				p++;
			for (;; s++) {
				if (account_glob(p + 1, s))
					return 1;
				if (*s == '\0' || *s == '+')
					return 0;
			}
		case '?':
			if (*s == '\0' || *s == '+')
				return 0;
			break;
		case '[':
			if (*s == '\0')
				return 0;
			if (account_bracket(p, *s, &end)) {
				p = end - 1;
				break;
			}
			if (end != NULL)
				return 0;
			if (*s != '[')
				return 0;
			break;
		case '\\':
			if (p[1] != '\0')
				p++;
			/* FALLTHROUGH */
		default:
			if (*s != *p)
				return 0;
		}
	}
	return *s == '\0';
}

int
account_from_matches(const char *pattern, const char *from)
{
	const char *plus, *at;
	char *bare;
	int match;

	if (strpbrk(pattern, "*?[") != NULL)
		return account_glob(pattern, from);
	if (strcasecmp(pattern, from) == 0)
		return 1;
	/* user+detail@domain matches user@domain. */
	at = strrchr(from, '@');
	plus = strchr(from, '+');
	if (plus == NULL || at == NULL || plus > at)
		return 0;
	bare = xasprintf("%.*s%s", (int)(plus - from), from, at);
	match = strcasecmp(pattern, bare) == 0;
	free(bare);
	return match;
}

static const struct config_account *
account_named(const struct config *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->naccounts; i++)
		if (strcmp(c->accounts[i].name, name) == 0)
			return &c->accounts[i];
	return NULL;
}

char *
account_not_found(const struct config *c, const char *name)
{
	if (c->msmtp_system != NULL && c->msmtp_user != NULL)
		return xasprintf("account %s not found in %s and %s", name,
		    c->msmtp_system, c->msmtp_user);
	if (c->naccounts > 0 && c->accounts[0].conffile != NULL)
		return xasprintf("account %s not found in %s", name,
		    c->accounts[0].conffile);
	if (c->msmtp_user != NULL || c->msmtp_system != NULL)
		return xasprintf("account %s not found in %s", name,
		    c->msmtp_user != NULL ? c->msmtp_user : c->msmtp_system);
	return xasprintf("account %s not found: no configuration file "
	    "available", name);
}

/* $SMTPSERVER with $EMAIL (or the envelope-from), when msmtp uses them. */
static int
account_from_env(const struct account_request *r, struct config_account *out)
{
	const char *server = getenv("SMTPSERVER"), *email = getenv("EMAIL");

	if (server == NULL || server[0] == '\0' ||
	    (r->from == NULL && email == NULL))
		return -1;
	config_account_init(out, 1);
	out->host = xstrdup(server);
	if (email != NULL)
		out->from = xstrdup(email);
	return 0;
}

int
account_pick(const struct config *c, const struct account_request *r,
    struct config_account *out, enum account_how *how, char **errstr)
{
	const struct config_account *a = NULL;
	uint64_t mask;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (r->host_only) {
		config_account_init(out, 1);
		*how = ACCOUNT_CMDLINE;
	} else if (r->name != NULL) {
		if ((a = account_named(c, r->name)) == NULL) {
			*errstr = account_not_found(c, r->name);
			return ACCOUNT_ERROR;
		}
		*how = ACCOUNT_BY_NAME;
	} else {
		for (i = 0; r->from != NULL && i < c->naccounts; i++)
			if (c->accounts[i].from != NULL &&
			    account_from_matches(c->accounts[i].from,
			    r->from)) {
				a = &c->accounts[i];
				*how = ACCOUNT_BY_FROM;
				break;
			}
		if (a == NULL && (a = account_named(c, "default")) != NULL)
			*how = ACCOUNT_DEFAULT;
		if (a == NULL && c->naccounts > 0 && !c->accounts[0].msmtp) {
			a = &c->accounts[0];
			*how = ACCOUNT_DEFAULT;
		}
		if (a == NULL) {
			if (account_from_env(r, out) == 0)
				*how = ACCOUNT_BY_ENV;
			else if (c->naccounts == 0)
				return ACCOUNT_NONE;
			else {
				*errstr = account_not_found(c, "default");
				return ACCOUNT_ERROR;
			}
		}
	}
	if (a != NULL)
		config_account_copy(out, a);
	if (r->cmdline != NULL) {
		mask = r->cmdline->set;
		if (!out->allow_from_override)
			mask &= ~ACCTSET_BIT(ACCTSET_FROM);
		acctset_override(out, r->cmdline, mask);
	}
	return ACCOUNT_OK;
}

/* Whether a host name means this machine. */
static int
account_local(const char *host)
{
	return strcmp(host, "localhost") == 0 ||
	    strncmp(host, "127.", 4) == 0 || strcmp(host, "::1") == 0 ||
	    strcmp(host, "[::1]") == 0;
}

/* Expands the patterns of a setting in place; -1 with *errstr. */
static int
account_subst(char **field, const char *letters, char **errstr)
{
	char *v;

	if (*field == NULL)
		return 0;
	if ((v = subst_expand(*field, letters, subst_system, NULL,
	    errstr)) == NULL)
		return -1;
	free(*field);
	*field = v;
	return 0;
}

int
account_finish(struct config_account *a, int sendmail, char **errstr)
{
	const char *at;
	char *user;

	config_account_tls(a);
	if (a->msmtp && a->port == 0 && !a->lmtp)
		a->port = a->tls == CONFIG_TLS_TLS ? 465 : 25;
	if (a->auto_from) {
		user = subst_system(NULL, 'U', errstr);
		free(a->from);
		a->from = a->maildomain != NULL ? xasprintf("%s@%s", user,
		    a->maildomain) : xstrdup(user);
		free(user);
	}
	if (account_subst(&a->from, "UHCM", errstr) != 0)
		return -1;
	if (a->domain == NULL) {
		at = a->from != NULL ? strrchr(a->from, '@') : NULL;
		a->domain = xstrdup(!a->msmtp && at != NULL && at[1] != '\0' &&
		    strpbrk(at, "*?[") == NULL ? at + 1 : "localhost");
	} else if (account_subst(&a->domain, "HCM", errstr) != 0)
		return -1;
	if (a->refused != NULL)
		*errstr = xstrdup(a->refused);
	else if (a->host == NULL && a->socket == NULL)
		*errstr = xstrdup("host not set");
	else if (a->lmtp && a->port == 0 && a->socket == NULL)
		*errstr = xstrdup("port not set");
	else if (sendmail && a->from == NULL)
		*errstr = xstrdup("envelope-from address is missing");
	else if (sendmail && strpbrk(a->from, "*?[") != NULL)
		*errstr = xasprintf("the envelope-from address %s is a pattern: "
		    "give the address with -f or --read-envelope-from", a->from);
	else if (a->tls_key_file != NULL && a->tls_cert_file == NULL)
		*errstr = xstrdup("tls_key_file requires tls_cert_file");
	else if (a->tls_cert_file != NULL && a->tls_key_file == NULL)
		*errstr = xstrdup("tls_cert_file requires tls_key_file");
	else if (a->tls != CONFIG_TLS_OFF && a->tls_trust_file != NULL &&
	    a->tls_trust_file[0] == '\0' && a->tls_fingerprint == NULL)
		*errstr = xstrdup("tls requires either tls_trust_file or "
		    "tls_fingerprint (sendguard does not send with "
		    "tls_certcheck off)");
	else if (a->tls == CONFIG_TLS_OFF && a->socket == NULL &&
	    !account_local(a->host))
		*errstr = xasprintf("sending without TLS (tls off, or no tls "
		    "line in an msmtprc) is allowed only to localhost, not %s",
		    a->host);
	else
		return 0;
	return -1;
}

int
account_auth(const struct config_account *a)
{
	return a->auth == 1 || (a->auth == -1 && a->user != NULL);
}

/* Methods that need no password. */
static int
account_passwordless(const char *method)
{
	return method != NULL && (strcmp(method, "external") == 0 ||
	    strcmp(method, "gssapi") == 0);
}

int
account_resolve(const struct config_account *a, struct deliver_account *d,
    char **errstr)
{
	char *pw = NULL;

	memset(d, 0, sizeof(*d));
	d->host = a->host != NULL ? a->host : a->socket;
	d->port = a->port;
	d->tls = a->tls == CONFIG_TLS_TLS ? DELIVER_TLS :
	    a->tls == CONFIG_TLS_OFF ? DELIVER_PLAIN : DELIVER_STARTTLS;
	d->trust_file = a->tls_trust_file != NULL &&
	    a->tls_trust_file[0] != '\0' ? a->tls_trust_file : NULL;
	d->helo = xstrdup(a->domain != NULL ? a->domain : "localhost");
	d->connect_timeout = a->timeout > 0 && a->timeout < 30 ? a->timeout :
	    30;
	d->timeout = a->timeout > 0 ? a->timeout : 60;
	d->protocol = a->lmtp ? DELIVER_LMTP : DELIVER_SMTP;
	d->socket = a->socket;
	d->source_ip = a->source_ip;
	d->auth_method = a->auth_method;
	d->tls_cert_file = a->tls_cert_file;
	d->tls_key_file = a->tls_key_file;
	d->tls_host_override = a->tls_host_override;
	d->tls_fingerprint = a->tls_fingerprint;
	d->dsn_notify = a->dsn_notify;
	d->dsn_return = a->dsn_return;
	if (!account_auth(a))
		return 0;
	d->user = a->user != NULL ? a->user : "";
	if (account_passwordless(a->auth_method))
		return 0;
	if (a->user == NULL) {
		*errstr = xasprintf("authentication method %s needs a user "
		    "name", a->auth_method != NULL ? a->auth_method : "(any)");
		return ACCOUNT_ENOPASS;
	}
	if (a->password != NULL)
		pw = xstrdup(a->password);
	else if (a->passwordeval != NULL) {
		if ((pw = cmdout_first_line(a->passwordeval, errstr)) == NULL)
			return ACCOUNT_ECONFIG;
	} else if ((pw = netrc_password(a->host != NULL ? a->host : a->socket,
	    a->user)) == NULL) {
		*errstr = xasprintf("authentication needs a password for %s at "
		    "%s: none in password, passwordeval, ~/.netrc or %s/netrc "
		    "(sendguard asks no terminal and no key ring)", a->user,
		    a->host != NULL ? a->host : a->socket, subst_sysconfdir());
		return ACCOUNT_ENOPASS;
	}
	d->password = pw;
	return 0;
}

void
account_clear(struct deliver_account *d)
{
	if (d->password != NULL) {
		memset((char *)(uintptr_t)d->password, 0, strlen(d->password));
		free((char *)(uintptr_t)d->password);
	}
	free((char *)(uintptr_t)d->helo);
	memset(d, 0, sizeof(*d));
}
