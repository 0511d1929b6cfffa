/* policy.c: the organisation's block / warn / allow rules. */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "domain.h"
#include "policy.h"

struct policy_rule {
	char			*written;	/* as in the config */
	char			*domain;	/* A-label; "" for "*" */
	int			 subonly;	/* "*.d": subdomains only */
	enum policy_action	 action;
};

struct policy {
	struct policy_rule	*v;
	size_t			 n;
};

/*
 * Compiles a pattern into its A-label domain ("" for "*") and whether it
 * matches subdomains only. Returns 0, or -1 with *error.
 */
int
policy_compile(const char *pat, char **domain, int *subonly, char **error)
{
	struct domain d;
	const char *dom = pat;
	char *why = NULL;

	*subonly = 0;
	if (strcmp(pat, "*") == 0) {
		*domain = xstrdup("");
		return 0;
	}
	if (strncmp(pat, "*.", 2) == 0) {
		dom = pat + 2;
		*subonly = 1;
	}
	if (strchr(dom, '*') != NULL || domain_normalize(dom, &d, &why) != 0) {
		*error = xasprintf("bad domain pattern \"%s\": %s", pat,
		    why != NULL ? why : "a * may only start it, as in "
		    "*.example.com");
		free(why);
		return -1;
	}
	if (d.literal) {
		domain_free(&d);
		*error = xasprintf("bad domain pattern \"%s\": an address "
		    "literal", pat);
		return -1;
	}
	*domain = xstrdup(d.ascii);
	domain_free(&d);
	return 0;
}

static int
policy_add(struct policy *p, const char *pat, enum policy_action action,
    char **error)
{
	struct policy_rule *r;

	p->v = xreallocarray(p->v, p->n + 1, sizeof(*p->v));
	r = &p->v[p->n];
	memset(r, 0, sizeof(*r));
	if (policy_compile(pat, &r->domain, &r->subonly, error) != 0)
		return -1;
	r->written = xstrdup(pat);
	r->action = action;
	p->n++;
	return 0;
}

struct policy *
policy_new(const char *const *block, size_t nblock, const char *const *warn,
    size_t nwarn, const char *const *allow, size_t nallow, char **error)
{
	struct policy *p = xcalloc(1, sizeof(*p));
	size_t i;
	int rc = 0;

	for (i = 0; rc == 0 && i < nblock; i++)
		rc = policy_add(p, block[i], POLICY_BLOCK, error);
	for (i = 0; rc == 0 && i < nwarn; i++)
		rc = policy_add(p, warn[i], POLICY_WARN, error);
	for (i = 0; rc == 0 && i < nallow; i++)
		rc = policy_add(p, allow[i], POLICY_ALLOW, error);
	if (rc != 0) {
		policy_free(p);
		return NULL;
	}
	return p;
}

void
policy_free(struct policy *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++) {
		free(p->v[i].written);
		free(p->v[i].domain);
	}
	free(p->v);
	free(p);
}

/* How specific a match of rule r on domain d is, or -1 if none. */
static int
policy_specificity(const struct policy_rule *r, const char *d, size_t n)
{
	size_t m = strlen(r->domain);

	if (m == 0)
		return 0;
	if (n == m && !r->subonly && memcmp(d, r->domain, n) == 0)
		return (int)(2 * m + 1);
	if (n > m && d[n - m - 1] == '.' && memcmp(d + n - m, r->domain,
	    m) == 0)
		return (int)(2 * m);
	return -1;
}

enum policy_action
policy_match(const struct policy *p, const char *domain, const char **pattern)
{
	enum policy_action best = POLICY_NONE;
	size_t i, n = strlen(domain);
	int spec, bestspec = -1;

	for (i = 0; i < p->n; i++) {
		spec = policy_specificity(&p->v[i], domain, n);
		if (spec < 0 || spec < bestspec ||
		    (spec == bestspec && p->v[i].action <= best))
			continue;
		best = p->v[i].action;
		bestspec = spec;
		if (pattern != NULL)
			*pattern = p->v[i].written;
	}
	return best;
}
