/* guard.c: the verdict for each recipient, from the rules and the indexes. */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "addr.h"
#include "domain.h"
#include "homograph.h"
#include "index.h"
#include "lookalike.h"
#include "policy.h"
#include "report.h"
#include "trap.h"

struct guard {
	struct guard_index		*local;	 /* built-in, org, trusted... */
	const struct guard_index	*ix[2];	 /* local, then the big one */
	struct lookalike_set		 set;
	struct homograph		*hg;
	struct policy			*policy;
	char				**permits; /* A-labels */
	size_t				 npermits;
};

/* Says where a known domain comes from, for a reason line. */
static const char *
guard_source_phrase(unsigned src)
{
	if (src & GUARD_SRC_ORG)
		return "is your organisation's domain";
	if (src & GUARD_SRC_TRUSTED)
		return "is a domain you trust";
	if (src & GUARD_SRC_CONTACT)
		return "is in your contacts";
	if (src & GUARD_SRC_HISTORY)
		return "is a domain you have sent to";
	if (src & GUARD_SRC_BUILTIN)
		return "is a well-known domain";
	return "is a known domain";
}

static int
guard_add_list(struct index_build *b, const struct guard_list *l,
    unsigned src, const char *what, char **errstr)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (index_build_add(b, &l->v[i], 1, src) != 0 &&
		    what != NULL) {
			*errstr = xasprintf("%s \"%s\" is not a domain", what,
			    l->v[i]);
			return -1;
		}
	}
	return 0;
}

int
guard_new(const struct guard_data *data, struct guard **out, char **errstr)
{
	struct guard *g = xcalloc(1, sizeof(*g));
	struct index_build *b;
	struct domain d;
	char *why;
	size_t i;

	g->policy = policy_new(data->block.v, data->block.n, data->warn.v,
	    data->warn.n, data->allow.v, data->allow.n, errstr);
	if (g->policy == NULL)
		goto fail;
	if ((g->hg = homograph_new(errstr)) == NULL)
		goto fail;
	if ((b = index_build_new(1024, errstr)) == NULL)
		goto fail;
	if (!data->no_builtin)
		index_build_add(b, builtin_domains, builtin_domains_count,
		    GUARD_SRC_BUILTIN);
	if (guard_add_list(b, &data->org_domains, GUARD_SRC_ORG,
	    "org domain", errstr) != 0 ||
	    guard_add_list(b, &data->known, GUARD_SRC_FILE, NULL,
	    errstr) != 0 ||
	    guard_add_list(b, &data->trusted, GUARD_SRC_TRUSTED, NULL,
	    errstr) != 0) {
		guard_index_free(index_build_end(b));
		goto fail;
	}
	g->local = index_build_end(b);
	g->ix[0] = g->local;
	g->set.n = 1;
	if (data->known_index != NULL)
		g->ix[g->set.n++] = data->known_index;
	g->set.ix = g->ix;
	g->set.hg = g->hg;

	g->permits = xcalloc(data->permits.n, sizeof(char *));
	for (i = 0; i < data->permits.n; i++) {
		why = NULL;
		if (domain_normalize(data->permits.v[i], &d, &why) != 0) {
			free(why);
			continue;
		}
		g->permits[g->npermits++] = xstrdup(d.ascii);
		domain_free(&d);
	}
	*out = g;
	return 0;
fail:
	guard_free(g);
	return -1;
}

void
guard_free(struct guard *g)
{
	size_t i;

	if (g == NULL)
		return;
	guard_index_free(g->local);
	homograph_free(g->hg);
	policy_free(g->policy);
	for (i = 0; i < g->npermits; i++)
		free(g->permits[i]);
	free(g->permits);
	free(g);
}

/* Whether the user lifted the warnings for this domain (trust, permit). */
static int
guard_lifted(const struct guard *g, const struct domain *d)
{
	size_t i;

	for (i = 0; i < g->npermits; i++)
		if (strcmp(g->permits[i], d->ascii) == 0 ||
		    (d->reg != NULL && strcmp(g->permits[i], d->reg) == 0))
			return 1;
	return d->reg != NULL &&
	    (index_find(g->local, d->reg, strlen(d->reg)) &
	    GUARD_SRC_TRUSTED) != 0;
}

/* .ml for .mil and its kin: the same name under the meant TLD is known. */
static int
guard_trap(const struct guard *g, const struct domain *d,
    struct guard_verdict *v)
{
	const struct trap *t = NULL;
	const char *tld = domain_tld(d->ascii), *reg;
	char *meant, *shown;
	size_t keep = (size_t)(tld - d->ascii);
	unsigned src;

	if (tld == d->ascii)
		return 0;
	while ((t = trap_next(tld, t)) != NULL) {
		meant = xasprintf("%.*s%s", (int)keep, d->ascii, t->meant);
		reg = domain_registrable(meant);
		src = lookalike_known(&g->set, reg != NULL ? reg : meant);
		if (src != 0) {
			shown = domain_to_unicode(meant);
			report_add(v, GUARD_TLD_TRAP, GUARD_WARN, shown,
			    ".%s is %s%s.%s; %s %s", t->typed,
			    t->what != NULL ? t->what : "not a real top-level "
			    "domain", t->what != NULL ? ", not " : " (meant ",
			    t->meant, reg != NULL ? reg : meant,
			    guard_source_phrase(src));
			free(shown);
			free(meant);
			return 1;
		}
		free(meant);
	}
	return 0;
}

/* Mixed scripts in any label of an international domain. */
static char *
guard_mixed(const struct guard *g, const struct domain *d)
{
	const char *p = d->unicode, *dot;
	char *names = NULL;
	size_t n;

	for (;;) {
		dot = strchr(p, '.');
		n = dot != NULL ? (size_t)(dot - p) : strlen(p);
		if (homograph_mixed(g->hg, p, n, &names))
			return names;
		if (dot == NULL)
			return NULL;
		p = dot + 1;
	}
}

static void
guard_near(const struct guard *g, const struct domain *d, int known,
    struct guard_verdict *v)
{
	struct lookalike m;
	char *mixed = NULL;
	int found;

	found = lookalike_find(&g->set, d, &m);
	if (d->idn && !known)
		mixed = guard_mixed(g, d);
	if (found && m.how == LOOKALIKE_FOLD && d->idn) {
		report_add(v, GUARD_HOMOGRAPH, GUARD_WARN, m.suggestion,
		    "%s %s%s%slooks like %s, which %s", d->unicode,
		    mixed != NULL ? "mixes " : "", mixed != NULL ? mixed : "",
		    mixed != NULL ? " letters and " : "", m.known,
		    guard_source_phrase(m.src));
	} else if (found) {
		report_add(v, GUARD_LOOKALIKE, GUARD_WARN, m.suggestion,
		    "looks like %s with %s; %s %s", m.known,
		    m.how == LOOKALIKE_FOLD ? "letters that look alike "
		    "(rn/m, 0/o, 1/l, vv/w, cl/d)" :
		    m.how == LOOKALIKE_DOT ? "a dot or hyphen added or "
		    "left out" : variant_edit_phrase(m.edit), m.known,
		    guard_source_phrase(m.src));
	}
	if (mixed != NULL && !(found && m.how == LOOKALIKE_FOLD))
		report_add(v, GUARD_HOMOGRAPH, GUARD_WARN, NULL,
		    "%s mixes %s letters, a way to imitate another domain",
		    d->unicode, mixed);
	if (found)
		lookalike_free(&m);
	free(mixed);
}

/* Runs the rules on one normalized domain. */
static void
guard_domain(const struct guard *g, const struct domain *d,
    struct guard_verdict *v)
{
	enum policy_action pol;
	const char *pattern = NULL;
	unsigned known;

	if (d->literal)
		return;
	pol = policy_match(g->policy, d->ascii, &pattern);
	if (pol == POLICY_BLOCK) {
		report_add(v, GUARD_POLICY_BLOCK, GUARD_BLOCK, NULL,
		    "blocked by the policy rule \"%s\"", pattern);
		return;
	}
	if (pol == POLICY_ALLOW || guard_lifted(g, d))
		return;
	if (pol == POLICY_WARN)
		report_add(v, GUARD_POLICY_WARN, GUARD_WARN, NULL,
		    "matches the policy's warn rule \"%s\"", pattern);
	known = d->reg != NULL ? lookalike_known(&g->set, d->reg) : 0;
	if (!known && guard_trap(g, d, v))
		return;
	guard_near(g, d, known != 0, v);
}

/* Fills a verdict's domain fields and runs the rules. */
static void
guard_verdict_domain(const struct guard *g, const char *domain,
    struct guard_verdict *v)
{
	struct domain d;
	char *why = NULL;

	if (domain_normalize(domain, &d, &why) != 0) {
		report_add(v, GUARD_SYNTAX, GUARD_BLOCK, NULL, "%s", why);
		free(why);
		return;
	}
	v->domain = xstrdup(d.unicode);
	v->domain_ascii = xstrdup(d.ascii);
	guard_domain(g, &d, v);
	domain_free(&d);
}

void
guard_check(const struct guard *g, const char *field,
    struct guard_report *r)
{
	struct addr_list l;
	struct guard_verdict *v;
	size_t i;

	addr_parse_list(field, &l);
	for (i = 0; i < l.n; i++) {
		v = report_verdict(r);
		v->raw = l.v[i].raw;
		v->name = l.v[i].name;
		v->group = l.v[i].group;
		l.v[i].raw = l.v[i].name = l.v[i].group = NULL;
		if (l.v[i].error != NULL) {
			report_add(v, GUARD_SYNTAX, GUARD_BLOCK, NULL, "%s",
			    l.v[i].error);
		} else {
			v->address = l.v[i].spec;
			l.v[i].spec = NULL;
			guard_verdict_domain(g, l.v[i].domain, v);
		}
		if (v->severity > r->severity)
			r->severity = v->severity;
	}
	addr_list_free(&l);
}

void
guard_check_domain(const struct guard *g, const char *domain,
    struct guard_verdict *v)
{
	memset(v, 0, sizeof(*v));
	v->raw = xstrdup(domain);
	guard_verdict_domain(g, domain, v);
}

int
guard_pattern_valid(const char *pattern, char **errstr)
{
	char *domain;
	int subonly;

	if (policy_compile(pattern, &domain, &subonly, errstr) != 0)
		return -1;
	free(domain);
	return 0;
}

int
guard_domain_valid(const char *domain, char **errstr)
{
	struct domain d;
	char *why = NULL;

	if (domain_normalize(domain, &d, &why) != 0 || d.literal) {
		*errstr = xasprintf("\"%s\" is not a domain%s%s", domain,
		    why != NULL ? ": " : "", why != NULL ? why : "");
		free(why);
		if (why == NULL)
			domain_free(&d);
		return -1;
	}
	domain_free(&d);
	return 0;
}
