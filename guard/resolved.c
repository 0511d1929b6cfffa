/*
 * resolved.c: the Sendguard-Resolved header value, built by the client and
 * read by the milter (the format is described in guard.h and the README).
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "domain.h"
#include "guard.h"

#define RESOLVED_TAG	"sendguard-resolved v1"
#define RESOLVED_HIDDEN	16	/* hex digits of a hidden domain */

struct resolved_entry {
	char			*key;	/* A-label domain, or hex of a hidden one */
	int			 hidden;
	enum guard_resolved_how	 how;
};

struct guard_resolved {
	char			 bind[65];
	struct resolved_entry	*v;
	size_t			 n;
};

static const char *const resolved_hows[GUARD_RESOLVED_NHOW] = {
	[GUARD_RESOLVED_ONCE] = "once",
	[GUARD_RESOLVED_TRUST] = "trust",
	[GUARD_RESOLVED_PERMIT] = "permit",
	[GUARD_RESOLVED_KNOWN] = "known",
};

const char *
guard_resolved_how_name(enum guard_resolved_how how)
{
	return how < GUARD_RESOLVED_NHOW ? resolved_hows[how] : "?";
}

static int
resolved_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* A domain as the header writes it: lowercase, IDN as A-labels. */
static char *
resolved_domain(const char *s, size_t n)
{
	struct domain d;
	char *in = xstrndup(s, n), *err = NULL, *out;
	const unsigned char *p;

	for (p = (const unsigned char *)in; *p != '\0' && *p < 0x80; p++)
		;
	if (*p != '\0' && domain_normalize(in, &d, &err) == 0) {
		out = xstrdup(d.ascii);
		domain_free(&d);
		free(in);
		return out;
	}
	free(err);
	str_lower(in);
	return in;
}

/* A recipient as the binding takes it: no blanks or <>, lowercase. */
static char *
resolved_rcpt(const char *s)
{
	size_t a = 0, b = strlen(s);
	const char *at;
	char *local, *dom, *out;

	while (a < b && resolved_blank((unsigned char)s[a]))
		a++;
	while (b > a && resolved_blank((unsigned char)s[b - 1]))
		b--;
	if (b - a >= 2 && s[a] == '<' && s[b - 1] == '>') {
		a++;
		b--;
	}
	for (at = s + b; at > s + a && at[-1] != '@'; at--)
		;
	if (at == s + a) {
		out = xstrndup(s + a, b - a);
		str_lower(out);
		return out;
	}
	local = xstrndup(s + a, (size_t)(at - (s + a)));
	str_lower(local);
	dom = resolved_domain(at, (size_t)(s + b - at));
	out = xasprintf("%s%s", local, dom);
	free(local);
	free(dom);
	return out;
}

static int
resolved_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
resolved_hex(const unsigned char *d, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[2 * n] = '\0';
}

/* The binding of a Message-ID and a set of recipients, as 64 hex digits. */
static void
resolved_bind(const char *msgid, const char *const *rcpts, size_t n,
    char out[65])
{
	struct sha256 c;
	unsigned char dig[32];
	const char *p;
	char **v = xcalloc(n + 1, sizeof(*v));
	size_t i;

	for (i = 0; i < n; i++)
		v[i] = resolved_rcpt(rcpts[i] != NULL ? rcpts[i] : "");
	qsort(v, n, sizeof(*v), resolved_cmp);
	sha256_init(&c);
	sha256_update(&c, RESOLVED_TAG "\n", sizeof(RESOLVED_TAG));
	for (p = msgid != NULL ? msgid : ""; *p != '\0'; p++)
		if (!resolved_blank((unsigned char)*p))
			sha256_update(&c, p, 1);
	sha256_update(&c, "\n", 1);
	for (i = 0; i < n; i++) {
		if (i == 0 || strcmp(v[i], v[i - 1]) != 0) {
			sha256_update(&c, v[i], strlen(v[i]));
			sha256_update(&c, "\n", 1);
		}
	}
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
	sha256_final(&c, dig);
	resolved_hex(dig, sizeof(dig), out);
}

/* The hidden form of an A-label domain under a binding. */
static void
resolved_token(const char *bind, const char *domain, char out[17])
{
	struct sha256 c;
	unsigned char dig[32];

	sha256_init(&c);
	sha256_update(&c, RESOLVED_TAG " domain\n", sizeof(RESOLVED_TAG) + 7);
	sha256_update(&c, bind, strlen(bind));
	sha256_update(&c, "\n", 1);
	sha256_update(&c, domain, strlen(domain));
	sha256_final(&c, dig);
	resolved_hex(dig, RESOLVED_HIDDEN / 2, out);
}

/*
 * Whether a domain can be written as it is: LDH labels and a dot at least
 * (so that it is never taken for "v" or "bind").
 */
static int
resolved_plain(const char *d)
{
	if (strchr(d, '.') == NULL)
		return 0;
	for (; *d != '\0'; d++)
		if (!((*d >= 'a' && *d <= 'z') || (*d >= '0' && *d <= '9') ||
		    *d == '-' || *d == '.'))
			return 0;
	return 1;
}

char *
guard_resolved_build(const char *message_id, const char *const *rcpts,
    size_t nrcpts, const struct guard_resolution *res, size_t n)
{
	struct buf b;
	char bind[65], tok[RESOLVED_HIDDEN + 1], **seen;
	size_t i, k;

	resolved_bind(message_id, rcpts, nrcpts, bind);
	buf_init(&b);
	buf_addf(&b, "v=1; bind=%s", bind);
	seen = xcalloc(n + 1, sizeof(*seen));
	for (i = 0; i < n; i++) {
		seen[i] = resolved_domain(res[i].domain, strlen(res[i].domain));
		for (k = 0; k < i; k++)
			if (seen[k] != NULL && strcmp(seen[k], seen[i]) == 0)
				break;
		if (k < i || res[i].how >= GUARD_RESOLVED_NHOW) {
			free(seen[i]);
			seen[i] = NULL;
			continue;
		}
		if (res[i].hidden || !resolved_plain(seen[i])) {
			resolved_token(bind, seen[i], tok);
			buf_addf(&b, "; #%s=%s", tok, resolved_hows[res[i].how]);
		} else
			buf_addf(&b, "; %s=%s", seen[i],
			    resolved_hows[res[i].how]);
	}
	for (i = 0; i < n; i++)
		free(seen[i]);
	free(seen);
	return buf_take(&b);
}

/* Whether s is n hex digits. */
static int
resolved_ishex(const char *s, size_t n)
{
	size_t i;

	if (strlen(s) != n)
		return 0;
	for (i = 0; i < n; i++)
		if (str_hexval((unsigned char)s[i]) == -1)
			return 0;
	return 1;
}

/* One "key=value" item; 0, or -1 with *errstr. */
static int
resolved_item(struct guard_resolved *r, char *key, char *val, int *version,
    char **errstr)
{
	struct resolved_entry *e;
	int how, hidden = key[0] == '#';

	str_lower(key);
	str_lower(val);
	if (strcmp(key, "v") == 0) {
		if (*version != 0 || strcmp(val, "1") != 0) {
			*errstr = xasprintf(*version != 0 ? "v= given twice" :
			    "version %.20s is not known", val);
			return -1;
		}
		*version = 1;
		return 0;
	}
	if (strcmp(key, "bind") == 0) {
		if (r->bind[0] != '\0' || !resolved_ishex(val, 64)) {
			*errstr = xstrdup(r->bind[0] != '\0' ?
			    "bind= given twice" : "bind= is not 64 hex digits");
			return -1;
		}
		memcpy(r->bind, val, 65);
		return 0;
	}
	for (how = 0; how < GUARD_RESOLVED_NHOW; how++)
		if (strcmp(val, resolved_hows[how]) == 0)
			break;
	/* What this version does not know is left for a newer one. */
	if (how == GUARD_RESOLVED_NHOW || (hidden ?
	    !resolved_ishex(key + 1, RESOLVED_HIDDEN) : !resolved_plain(key)))
		return 0;
	r->v = xreallocarray(r->v, r->n + 1, sizeof(*r->v));
	e = &r->v[r->n++];
	e->key = xstrdup(hidden ? key + 1 : key);
	e->hidden = hidden;
	e->how = (enum guard_resolved_how)how;
	return 0;
}

int
guard_resolved_parse(const char *value, size_t len,
    struct guard_resolved **out, char **errstr)
{
	struct guard_resolved *r;
	char *copy, *p, *q, *item, *eq, *w;
	int version = 0;

	if (memchr(value, '\0', len) != NULL) {
		*errstr = xstrdup("a NUL byte in the value");
		return -1;
	}
	r = xcalloc(1, sizeof(*r));
	copy = xstrndup(value, len);
	/* Blanks (folding included) mean nothing: drop them all. */
	for (p = q = copy; *p != '\0'; p++)
		if (!resolved_blank((unsigned char)*p))
			*q++ = *p;
	*q = '\0';
	for (item = copy; item != NULL; item = w) {
		if ((w = strchr(item, ';')) != NULL)
			*w++ = '\0';
		if (*item == '\0')
			continue;
		if ((eq = strchr(item, '=')) == NULL) {
			*errstr = xasprintf("\"%.40s\" is not key=value", item);
			goto fail;
		}
		*eq = '\0';
		if (resolved_item(r, item, eq + 1, &version, errstr) != 0)
			goto fail;
	}
	if (version == 0 || r->bind[0] == '\0') {
		*errstr = xstrdup(version == 0 ? "no v=1" : "no bind=");
		goto fail;
	}
	free(copy);
	*out = r;
	return 0;
fail:
	free(copy);
	guard_resolved_free(r);
	return -1;
}

int
guard_resolved_verify(const struct guard_resolved *r, const char *message_id,
    const char *const *rcpts, size_t nrcpts)
{
	char bind[65];

	resolved_bind(message_id, rcpts, nrcpts, bind);
	return strcmp(bind, r->bind) == 0;
}

int
guard_resolved_lookup(const struct guard_resolved *r, const char *domain)
{
	char *d = resolved_domain(domain, strlen(domain));
	char tok[RESOLVED_HIDDEN + 1];
	size_t i;
	int how = -1, hashed = 0;

	for (i = 0; i < r->n && how == -1; i++) {
		if (!r->v[i].hidden) {
			if (strcmp(r->v[i].key, d) == 0)
				how = (int)r->v[i].how;
			continue;
		}
		if (!hashed) {
			resolved_token(r->bind, d, tok);
			hashed = 1;
		}
		if (strcmp(r->v[i].key, tok) == 0)
			how = (int)r->v[i].how;
	}
	free(d);
	return how;
}

size_t
guard_resolved_count(const struct guard_resolved *r)
{
	return r->n;
}

void
guard_resolved_free(struct guard_resolved *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++)
		free(r->v[i].key);
	free(r->v);
	free(r);
}
