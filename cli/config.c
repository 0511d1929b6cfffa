/* config.c: sendguard's configuration file (INI-style). */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common.h"
#include "guard.h"
#include "config.h"
#include "fileio.h"
#include "acctset.h"

#define CONFIG_MAX_LINE	8192

enum config_section {
	SECTION_NONE,
	SECTION_ACCOUNT,
	SECTION_GUARD,
	SECTION_UI,
	SECTION_DELIVERY
};

void
strlist_add(struct strlist *l, const char *s)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = xstrdup(s);
}

void
strlist_add_split(struct strlist *l, const char *s)
{
	const char *p = s, *q;

	for (;;) {
		while (*p == ',' || *p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			return;
		for (q = p; *q != '\0' && *q != ',' && *q != ' ' &&
		    *q != '\t'; q++)
			;
		l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
		l->v[l->n++] = xstrndup(p, (size_t)(q - p));
		p = q;
	}
}

void
strlist_free(struct strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

void
config_init(struct config *c)
{
	memset(c, 0, sizeof(*c));
	c->large_audience = 25;
	c->milter_honour_resolved = 1;
	c->outbox = -1;
}

void
config_account_init(struct config_account *a, int msmtp)
{
	memset(a, 0, sizeof(*a));
	a->msmtp = msmtp;
	a->tls_on = !msmtp;
	a->tls_starttls = 1;
	a->auth = msmtp ? 0 : -1;
	a->allow_from_override = 1;
	a->set_from_header = CONFIG_HDR_AUTO;
	a->set_date_header = CONFIG_HDR_AUTO;
	a->set_msgid_header = CONFIG_HDR_AUTO;
	a->remove_bcc_headers = 1;
	config_account_tls(a);
}

void
config_account_tls(struct config_account *a)
{
	a->tls = !a->tls_on ? CONFIG_TLS_OFF : a->tls_starttls ?
	    CONFIG_TLS_STARTTLS : CONFIG_TLS_TLS;
}

void
config_account_free(struct config_account *a)
{
	char **strs[] = { &a->name, &a->conffile, &a->refused, &a->host,
	    &a->socket, &a->source_ip, &a->domain, &a->tls_trust_file,
	    &a->tls_fingerprint, &a->tls_cert_file, &a->tls_key_file,
	    &a->tls_host_override, &a->auth_method, &a->user, &a->password,
	    &a->passwordeval, &a->from, &a->maildomain, &a->dsn_notify,
	    &a->dsn_return, &a->aliases, &a->logfile, &a->logfile_time_format,
	    &a->syslog };
	size_t i;

	for (i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		free(*strs[i]);
	memset(a, 0, sizeof(*a));
}

void
config_account_copy(struct config_account *dst,
    const struct config_account *src)
{
	config_account_init(dst, src->msmtp);
	acctset_override(dst, src, ACCTSET_ALL);
	dst->set = src->set;
	dst->name = src->name != NULL ? xstrdup(src->name) : NULL;
	dst->conffile = src->conffile != NULL ? xstrdup(src->conffile) : NULL;
	dst->line = src->line;
}

void
config_free(struct config *c)
{
	size_t i;

	for (i = 0; i < c->naccounts; i++)
		config_account_free(&c->accounts[i]);
	free(c->accounts);
	free(c->path);
	strlist_free(&c->org_domains);
	free(c->known_domains);
	strlist_free(&c->block);
	strlist_free(&c->warn);
	strlist_free(&c->allow);
	strlist_free(&c->markings);
	strlist_free(&c->contacts);
	free(c->theme);
	free(c->msmtp_system);
	free(c->msmtp_user);
	config_init(c);
}

/* Parses an integer in [min, max]; -1 if it is not one. */
static int
config_int(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static int
config_bool(const char *s, int *out)
{
	if (strcmp(s, "on") == 0 || strcmp(s, "yes") == 0 ||
	    strcmp(s, "true") == 0 || strcmp(s, "1") == 0)
		*out = 1;
	else if (strcmp(s, "off") == 0 || strcmp(s, "no") == 0 ||
	    strcmp(s, "false") == 0 || strcmp(s, "0") == 0)
		*out = 0;
	else
		return -1;
	return 0;
}

static void
config_set(char **field, const char *value)
{
	free(*field);
	*field = xstrdup(value);
}

/*
 * One key of an [account NAME] section: sendguard's own keys, then every
 * msmtp command with msmtp's arguments. NULL, or what is wrong (*why may
 * hold an allocated reason instead).
 */
static const char *
config_account_key(struct config_account *a, const char *key,
    const char *value, const char *where, char **why)
{
	long n;

	if (strcmp(key, "port") == 0) {
		if (config_int(value, 1, 65535, &n) != 0)
			return "port must be a number from 1 to 65535";
		a->port = (int)n;
		a->set |= ACCTSET_BIT(ACCTSET_PORT);
	} else if (strcmp(key, "tls") == 0) {
		if (strcmp(value, "starttls") == 0)
			a->tls_on = a->tls_starttls = 1;
		else if (strcmp(value, "tls") == 0) {
			a->tls_on = 1;
			a->tls_starttls = 0;
		} else if (strcmp(value, "off") == 0)
			a->tls_on = 0;
		else
			return "tls must be starttls, tls or off";
		a->set |= ACCTSET_BIT(ACCTSET_TLS) |
		    ACCTSET_BIT(ACCTSET_STARTTLS);
	} else if (strcmp(key, "queue") == 0) {
		if (config_bool(value, &a->queue) != 0)
			return "queue must be on or off";
		a->set |= ACCTSET_BIT(ACCTSET_QUEUE);
	} else if (strcmp(key, "timeout") == 0) {
		if (config_int(value, 1, 3600, &n) != 0)
			return "timeout must be a number of seconds (1-3600)";
		a->timeout = (int)n;
		a->set |= ACCTSET_BIT(ACCTSET_TIMEOUT);
	} else if (acctset_known(key))
		*why = acctset_apply(a, key, value, where);
	else
		return "unknown key in [account]";
	config_account_tls(a);
	return NULL;
}

/*
 * Appends the items of a list of domains or patterns, each checked the
 * way the guard will use it; *why is set on the first bad one.
 */
static void
config_domains(struct strlist *l, const char *value, int patterns,
    char **why)
{
	size_t i, first = l->n;

	strlist_add_split(l, value);
	for (i = first; i < l->n && *why == NULL; i++) {
		if (patterns)
			guard_pattern_valid(l->v[i], why);
		else
			guard_domain_valid(l->v[i], why);
	}
}

/* One key of the [guard] section. */
static const char *
config_guard_key(struct config *c, const char *key, const char *value,
    char **why)
{
	long n;

	if (strcmp(key, "org_domains") == 0)
		config_domains(&c->org_domains, value, 0, why);
	else if (strcmp(key, "known_domains") == 0)
		config_set(&c->known_domains, value);
	else if (strcmp(key, "block") == 0)
		config_domains(&c->block, value, 1, why);
	else if (strcmp(key, "warn") == 0)
		config_domains(&c->warn, value, 1, why);
	else if (strcmp(key, "allow") == 0)
		config_domains(&c->allow, value, 1, why);
	else if (strcmp(key, "markings") == 0) {
		/* Markings hold spaces ("Not Releasable"): split on commas. */
		c->markings_set = 1;
		const char *p = value, *q;
		char *item;

		for (;;) {
			q = strchr(p, ',');
			item = xstrndup(p, q != NULL ? (size_t)(q - p) :
			    strlen(p));
			str_trim(item);
			if (item[0] != '\0')
				strlist_add(&c->markings, item);
			free(item);
			if (q == NULL)
				break;
			p = q + 1;
		}
	} else if (strcmp(key, "contacts") == 0) {
		c->contacts_set = 1;
		strlist_add_split(&c->contacts, value);
	}
	else if (strcmp(key, "large_audience") == 0) {
		if (config_int(value, 1, 1000000, &n) != 0)
			return "large_audience must be a number from 1 up";
		c->large_audience = (int)n;
	} else if (strcmp(key, "milter_action") == 0) {
		if (strcmp(value, "reject") == 0)
			c->milter_action = CONFIG_MILTER_REJECT;
		else if (strcmp(value, "quarantine") == 0)
			c->milter_action = CONFIG_MILTER_QUARANTINE;
		else if (strcmp(value, "tag") == 0)
			c->milter_action = CONFIG_MILTER_TAG;
		else
			return "milter_action must be reject, quarantine or tag";
	} else if (strcmp(key, "milter_honour_resolved") == 0) {
		if (config_bool(value, &c->milter_honour_resolved) != 0)
			return "milter_honour_resolved must be yes or no";
	} else if (strcmp(key, "theme") == 0)
		config_set(&c->theme, value);
	else
		return "unknown key in [guard]";
	return NULL;
}

/* A "[name]" or "[account NAME]" line. */
static const char *
config_section(struct config *c, char *s, enum config_section *sec,
    int line)
{
	struct config_account *a;
	size_t n = strlen(s), i;
	char *name;

	if (s[n - 1] != ']')
		return "a section line must end with ]";
	s[n - 1] = '\0';
	s++;
	str_trim(s);
	if (strcmp(s, "guard") == 0)
		*sec = SECTION_GUARD;
	else if (strcmp(s, "ui") == 0)
		*sec = SECTION_UI;
	else if (strcmp(s, "delivery") == 0)
		*sec = SECTION_DELIVERY;
	else if (strncmp(s, "account", 7) == 0 && (s[7] == ' ' ||
	    s[7] == '\t')) {
		name = s + 8;
		str_trim(name);
		if (name[0] == '\0' || strpbrk(name, " \t[]") != NULL)
			return "an account name is one word: [account NAME]";
		for (i = 0; i < c->naccounts; i++)
			if (strcmp(c->accounts[i].name, name) == 0)
				return "this account is defined twice";
		c->accounts = xreallocarray(c->accounts, c->naccounts + 1,
		    sizeof(*c->accounts));
		a = &c->accounts[c->naccounts++];
		config_account_init(a, 0);
		a->name = xstrdup(name);
		a->line = line;
		*sec = SECTION_ACCOUNT;
	} else
		return "unknown section (known: [account NAME], [guard], [ui], "
		    "[delivery])";
	return NULL;
}

/* One "key = value" line; *why may hold an allocated reason instead. */
static const char *
config_line(struct config *c, char *s, enum config_section sec,
    const char *where, char **why)
{
	char *eq, *key, *value;
	size_t n;

	if ((eq = strchr(s, '=')) == NULL)
		return "expected key = value";
	*eq = '\0';
	key = s;
	value = eq + 1;
	str_trim(key);
	str_trim(value);
	n = strlen(value);
	if (n >= 2 && value[0] == '"' && value[n - 1] == '"') {
		value[n - 1] = '\0';
		value++;
	}
	if (key[0] == '\0')
		return "a key is missing before =";
	switch (sec) {
	case SECTION_NONE:
		return "key outside a section ([account NAME], [guard], [ui], "
		    "[delivery])";
	case SECTION_ACCOUNT:
		return config_account_key(&c->accounts[c->naccounts - 1], key,
		    value, where, why);
	case SECTION_GUARD:
		return config_guard_key(c, key, value, why);
	case SECTION_UI:
		if (strcmp(key, "theme") != 0)
			return "unknown key in [ui]";
		config_set(&c->theme, value);
		return NULL;
	case SECTION_DELIVERY:
		if (strcmp(key, "outbox") != 0)
			return "unknown key in [delivery] (known: outbox)";
		if (config_bool(value, &c->outbox) != 0)
			return "outbox must be on or off";
		return NULL;
	}
	return NULL;
}

int
config_parse(struct config *c, const char *text, size_t len,
    const char *name, char **errstr)
{
	enum config_section sec = SECTION_NONE;
	const char *p = text, *end = text + len, *nl, *why;
	char *s, *dyn = NULL, *where;
	int line = 0;

	while (p < end) {
		line++;
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		why = NULL;
		if (nl - p > CONFIG_MAX_LINE)
			why = "line too long";
		else if (memchr(p, '\0', (size_t)(nl - p)) != NULL)
			why = "a NUL byte in the line";
		else if (!utf8_valid(p, (size_t)(nl - p)))
			why = "not valid UTF-8";
		if (why == NULL) {
			s = xstrndup(p, (size_t)(nl - p));
			str_trim(s);
			if (s[0] == '[')
				why = config_section(c, s, &sec, line);
			else if (s[0] != '\0' && s[0] != '#' && s[0] != ';') {
				where = xasprintf("%s:%d", name, line);
				why = config_line(c, s, sec, where, &dyn);
				free(where);
			}
			free(s);
		}
		if (why != NULL || dyn != NULL) {
			*errstr = xasprintf("%s:%d: %s", name, line,
			    dyn != NULL ? dyn : why);
			free(dyn);
			return CONFIG_EPARSE;
		}
		p = nl + 1;
	}
	return 0;
}

/* Whether an account of the file holds a password. */
static int
config_has_password(const struct config *c)
{
	size_t i;

	for (i = 0; i < c->naccounts; i++)
		if (c->accounts[i].password != NULL)
			return 1;
	return 0;
}

int
config_load(struct config *c, const char *path, int missing_ok,
    char **errstr)
{
	struct buf text;
	char *dir;
	size_t i;
	int rc;

	buf_init(&text);
	if ((rc = fileio_read_config(path, missing_ok, &text, errstr)) <= 0)
		return rc;
	rc = config_parse(c, text.s, text.len, path, errstr);
	buf_free(&text);
	if (rc != 0)
		return CONFIG_EPARSE;
	if (config_has_password(c) && fileio_private(path, errstr) != 0)
		return CONFIG_EPARSE;
	c->path = xstrdup(path);
	dir = fileio_dirname(path);
	fileio_absolute(&c->known_domains, dir);
	for (i = 0; i < c->contacts.n; i++)
		fileio_absolute(&c->contacts.v[i], dir);
	for (i = 0; i < c->naccounts; i++) {
		acctset_paths(&c->accounts[i], dir);
		c->accounts[i].conffile = xstrdup(path);
	}
	free(dir);
	return 0;
}
