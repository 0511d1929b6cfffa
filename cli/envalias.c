/*
 * envalias.c: msmtp's aliases file: local names replaced, in the envelope
 * only, by the addresses the file gives them.
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "envalias.h"

#define ENVALIAS_MAX_LINE	512	/* msmtp's MAXLINE, with the newline */

static int
envalias_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
	    c == '\f';
}

/* s[0..n) without surrounding blanks, allocated. */
static char *
envalias_trim(const char *s, size_t n)
{
	while (n > 0 && envalias_space(*s)) {
		s++;
		n--;
	}
	while (n > 0 && envalias_space(s[n - 1]))
		n--;
	return xstrndup(s, n);
}

static const struct envalias *
envalias_find(const struct envaliases *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].name, name) == 0)
			return &l->v[i];
	return NULL;
}

static char *
envalias_error(int line, const char *what, const char *s)
{
	struct buf b;

	buf_init(&b);
	buf_addf(&b, "line %d: %s", line, what);
	if (s != NULL) {
		buf_adds(&b, " '");
		utf8_sanitize(&b, s, strlen(s));
		buf_adds(&b, "'");
	}
	return buf_take(&b);
}

/* One line without its comment; NULL or an allocated error. */
static char *
envalias_line(struct envaliases *l, const char *s, size_t n, int line)
{
	const char *colon, *p, *comma;
	struct envalias *a;
	char *name, *addr;

	colon = memchr(s, ':', n);
	name = envalias_trim(s, colon != NULL ? (size_t)(colon - s) : n);
	if (colon == NULL && name[0] == '\0') {
		free(name);
		return NULL;		/* a blank line */
	}
	if (colon == NULL || memchr(colon + 1, ':', n - (size_t)(colon + 1 -
	    s)) != NULL) {
		free(name);
		return envalias_error(line, "single ':' delimiter expected",
		    NULL);
	}
	if (name[0] == '\0' || strchr(name, '@') != NULL) {
		addr = envalias_error(line, "invalid alias", name);
		free(name);
		return addr;
	}
	if (envalias_find(l, name) != NULL) {
		addr = envalias_error(line, "duplicate alias", name);
		free(name);
		return addr;
	}
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	a = &l->v[l->n++];
	memset(a, 0, sizeof(*a));
	a->name = name;
	for (p = colon + 1;; p = comma + 1) {
		comma = memchr(p, ',', (size_t)(s + n - p));
		addr = envalias_trim(p, (size_t)((comma != NULL ? comma :
		    s + n) - p));
		if (addr[0] == '\0' || strchr(addr, '@') == NULL) {
			name = envalias_error(line, "invalid address", addr);
			free(addr);
			return name;
		}
		strlist_add(&a->addrs, addr);
		free(addr);
		if (comma == NULL)
			break;
	}
	return NULL;
}

int
envalias_parse(const char *text, size_t len, struct envaliases *l,
    char **errstr)
{
	const char *p = text, *end = text + len, *nl, *hash;
	size_t n;
	char *why;
	int line = 0;

	memset(l, 0, sizeof(*l));
	while (p < end) {
		line++;
		nl = memchr(p, '\n', (size_t)(end - p));
		n = (size_t)((nl != NULL ? nl + 1 : end) - p);
		/* msmtp reads lines with fgets() into 512 bytes. */
		if (n >= ENVALIAS_MAX_LINE - 1) {
			*errstr = xasprintf("line %d: longer than %d "
			    "characters", line, ENVALIAS_MAX_LINE - 1);
			envalias_free(l);
			return -1;
		}
		if (memchr(p, '\0', n) != NULL)
			why = envalias_error(line, "a NUL byte", NULL);
		else {
			hash = memchr(p, '#', n);
			why = envalias_line(l, p, hash != NULL ?
			    (size_t)(hash - p) : n, line);
		}
		if (why != NULL) {
			*errstr = why;
			envalias_free(l);
			return -1;
		}
		p += n;
	}
	return 0;
}

void
envalias_free(struct envaliases *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].name);
		strlist_free(&l->v[i].addrs);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

int
envalias_is_local(const char *rcpt)
{
	return rcpt[0] != '\0' && strchr(rcpt, '@') == NULL;
}

size_t
envalias_expand(const struct envaliases *l, struct strlist *rcpts)
{
	struct strlist out = { NULL, 0 };
	const struct envalias *a;
	size_t i, k, done = 0;

	for (i = 0; i < rcpts->n; i++) {
		a = NULL;
		if (envalias_is_local(rcpts->v[i]) &&
		    (a = envalias_find(l, rcpts->v[i])) == NULL)
			a = envalias_find(l, "default");
		if (a == NULL) {
			strlist_add(&out, rcpts->v[i]);
			continue;
		}
		for (k = a->addrs.n; k > 0; k--)
			strlist_add(&out, a->addrs.v[k - 1]);
		done++;
	}
	strlist_free(rcpts);
	*rcpts = out;
	return done;
}

int
envalias_load(const char *path, struct envaliases *l, char **errstr)
{
	struct buf b;
	char *err = NULL;

	buf_init(&b);
	if (file_read(path, &b, &err) != 0) {
		*errstr = err;
		return -1;
	}
	if (envalias_parse(b.s, b.len, l, &err) != 0) {
		*errstr = xasprintf("%s: %s", path, err);
		free(err);
		buf_free(&b);
		return -1;
	}
	buf_free(&b);
	return 0;
}

int
envalias_apply(const char *path, struct strlist *rcpts, char **errstr)
{
	struct envaliases l;
	size_t i;

	for (i = 0; i < rcpts->n && !envalias_is_local(rcpts->v[i]); i++)
		;
	if (i == rcpts->n)
		return 0;
	if (envalias_load(path, &l, errstr) != 0)
		return -1;
	envalias_expand(&l, rcpts);
	envalias_free(&l);
	return 0;
}
