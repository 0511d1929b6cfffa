/* netrc.c: passwords from ~/.netrc and SYSCONFDIR/netrc, as msmtp reads them. */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "netrc.h"
#include "subst.h"

enum netrc_token {
	TOK_NOTHING, TOK_ACCOUNT, TOK_LOGIN, TOK_MACDEF, TOK_MACHINE,
	TOK_PASSWORD
};

static int
netrc_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
	    c == '\f';
}

/* Keeps the entry being read if it has a login; starts a new one. */
static void
netrc_next(struct netrc *l, struct netrc_entry *cur, int *open)
{
	if (*open && cur->login != NULL) {
		l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
		l->v[l->n++] = *cur;
	} else {
		free(cur->host);
		free(cur->login);
		free(cur->password);
	}
	memset(cur, 0, sizeof(*cur));
	*open = 1;
}

/* Reads one token at p (quotes removed) into tok; returns where it ends. */
static char *
netrc_token(char *p, char **tok)
{
	char quote = 0, *out = p;

	*tok = p;
	while (*p != '\0' && (quote || !netrc_space(*p))) {
		if (quote && *p == quote)
			quote = 0;
		else if (!quote && (*p == '"' || *p == '\''))
			quote = *p;
		else
			*out++ = *p;
		p++;
	}
	if (*p != '\0')
		p++;
	*out = '\0';
	return p;
}

static void
netrc_value(struct netrc_entry *cur, int open, enum netrc_token last,
    const char *tok)
{
	char **field = NULL;

	if (!open)
		return;
	if (last == TOK_LOGIN)
		field = &cur->login;
	else if (last == TOK_PASSWORD)
		field = &cur->password;
	if (field != NULL) {
		free(*field);
		*field = xstrdup(tok);
	}
}

void
netrc_parse(const char *text, size_t len, struct netrc *l)
{
	struct netrc_entry cur;
	enum netrc_token last = TOK_NOTHING;
	const char *line = text, *end = text + len, *nl;
	char *buf, *p, *tok;
	size_t n;
	int open = 0;

	memset(l, 0, sizeof(*l));
	memset(&cur, 0, sizeof(cur));
	while (line < end) {
		nl = memchr(line, '\n', (size_t)(end - line));
		n = (size_t)((nl != NULL ? nl : end) - line);
		buf = xstrndup(line, n);
		/* A NUL byte ends the line, as it would for fgets(). */
		n = strlen(buf);
		while (n > 0 && netrc_space(buf[n - 1]))
			buf[--n] = '\0';
		if (n == 0 && last == TOK_MACDEF)
			last = TOK_NOTHING;
		for (p = buf; *p != '\0' && last != TOK_MACDEF;) {
			while (*p != '\0' && netrc_space(*p))
				p++;
			if (*p == '#' || *p == '\0')
				break;
			p = netrc_token(p, &tok);
			if (last == TOK_MACHINE) {
				netrc_next(l, &cur, &open);
				cur.host = xstrdup(tok);
			} else
				netrc_value(&cur, open, last, tok);
			if (last != TOK_NOTHING) {
				last = TOK_NOTHING;
				continue;
			}
			if (strcmp(tok, "default") == 0)
				netrc_next(l, &cur, &open);
			else if (strcmp(tok, "login") == 0 ||
			    strcmp(tok, "user") == 0)
				last = TOK_LOGIN;
			else if (strcmp(tok, "macdef") == 0)
				last = TOK_MACDEF;
			else if (strcmp(tok, "machine") == 0)
				last = TOK_MACHINE;
			else if (strcmp(tok, "password") == 0 ||
			    strcmp(tok, "passwd") == 0)
				last = TOK_PASSWORD;
			else if (strcmp(tok, "account") == 0)
				last = TOK_ACCOUNT;
		}
		free(buf);
		line = nl != NULL ? nl + 1 : end;
	}
	netrc_next(l, &cur, &open);
	free(cur.host);
	free(cur.login);
	free(cur.password);
}

void
netrc_free(struct netrc *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].host);
		free(l->v[i].login);
		if (l->v[i].password != NULL) {
			memset(l->v[i].password, 0, strlen(l->v[i].password));
			free(l->v[i].password);
		}
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

const char *
netrc_find(const struct netrc *l, const char *host, const char *login)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].host != NULL && strcmp(l->v[i].host, host) == 0 &&
		    strcmp(l->v[i].login, login) == 0)
			return l->v[i].password;
	return NULL;
}

/* The password from one file, or NULL. */
static char *
netrc_file(const char *path, const char *host, const char *login)
{
	struct netrc l;
	struct buf b;
	const char *pw;
	char *err = NULL, *found = NULL;

	buf_init(&b);
	if (file_read(path, &b, &err) != 0) {
		free(err);
		return NULL;
	}
	netrc_parse(b.s, b.len, &l);
	memset(b.s, 0, b.len);
	buf_free(&b);
	if ((pw = netrc_find(&l, host, login)) != NULL)
		found = xstrdup(pw);
	netrc_free(&l);
	return found;
}

char *
netrc_password(const char *host, const char *login)
{
	const char *home = getenv("HOME");
	char *path, *pw = NULL;

	if (host == NULL || login == NULL)
		return NULL;
	if (home != NULL) {
		path = xasprintf("%s/.netrc", home);
		pw = netrc_file(path, host, login);
		free(path);
	}
	if (pw == NULL) {
		path = xasprintf("%s/netrc", subst_sysconfdir());
		pw = netrc_file(path, host, login);
		free(path);
	}
	return pw;
}
