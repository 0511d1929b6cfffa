/* guard.c: the verdict for each recipient, from the rules and the indexes. */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "addr.h"
#include "content.h"
#include "domain.h"
#include "explain.h"
#include "homograph.h"
#include "index.h"
#include "known.h"
#include "lookalike.h"
#include "marking.h"
#include "near.h"
#include "policy.h"
#include "report.h"
#include "trap.h"
#include "weight.h"
#include "world.h"

struct guard {
	struct guard_index		*local;	 /* org, trusted, known list */
	const struct guard_index	*ix[4];	 /* local, world, shipped,
						    known_domains = FILE */
	struct lookalike_set		 set;
	struct homograph		*hg;
	struct policy			*policy;
	char				**permits; /* A-labels */
	size_t				 npermits;
	char				**org;	   /* A-labels */
	size_t				 norg;
	struct guard_world		*own;	   /* built from the lists */
	const struct guard_world	*world;	   /* contacts, history */
	struct near			*near;	   /* the user's domains */
	struct marking_set		*markings;
	size_t				 large_audience;
};

/* The sources that make up the user's own world of domains. */
#define GUARD_SRC_OWN	(GUARD_SRC_HISTORY | GUARD_SRC_CONTACT | \
	GUARD_SRC_TRUSTED | GUARD_SRC_ORG)
/* Shipped domains this heavy are looked at for two slips too. */
#define GUARD_NEAR_WEIGHT	(-35)

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
	if (src & GUARD_SRC_PROVIDER)
		return "is one of the large mail providers";
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
		if (index_build_weighted(b, &l->v[i], 1, src,
		    weight_list(src, l->n)) != 0 &&
		    what != NULL) {
			*errstr = xasprintf("%s \"%s\" is not a domain", what,
			    l->v[i]);
			return -1;
		}
	}
	return 0;
}

/* Org domains in A-label form, for telling inside from outside. */
static void
guard_org(struct guard *g, const struct guard_list *l)
{
	struct domain d;
	char *why;
	size_t i;

	g->org = xcalloc(l->n, sizeof(char *));
	for (i = 0; i < l->n; i++) {
		why = NULL;
		if (domain_normalize(l->v[i], &d, &why) != 0) {
			free(why);
			continue;
		}
		g->org[g->norg++] = xstrdup(d.ascii);
		domain_free(&d);
	}
}

int
guard_new(const struct guard_data *data, struct guard **out, char **errstr)
{
	struct guard *g = xcalloc(1, sizeof(*g));
	const struct guard_index *shipped;
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
	g->world = data->world;
	if (g->world == NULL && (data->contacts.n > 0 ||
	    data->history.n > 0)) {
		if (guard_world_build(&data->contacts, &data->history,
		    data->history_count, data->history_days, &g->own,
		    errstr) != 0)
			goto fail;
		g->world = g->own;
	}
	g->markings = marking_new(data->markings.v, data->markings.n);
	g->large_audience = data->large_audience != 0 ?
	    data->large_audience : GUARD_AUDIENCE_DEFAULT;
	guard_org(g, &data->org_domains);
	g->ix[0] = g->local;
	g->set.n = 1;
	if (g->world != NULL)
		g->ix[g->set.n++] = world_index(g->world);
	shipped = data->shipped;
	if (shipped == NULL && !data->no_builtin &&
	    (shipped = guard_shipped()) == NULL) {
		*errstr = xstrdup("the shipped list of domains is damaged");
		goto fail;
	}
	if (shipped != NULL)
		g->ix[g->set.n++] = shipped;
	/*
	 * Two slips: the user's own domains, and the heavy shipped ones (a
	 * known_domains file, any size and light, is left out).
	 */
	g->near = near_new();
	for (i = 0; i < g->set.n; i++)
		near_add(g->near, g->ix[i], GUARD_SRC_OWN, GUARD_NEAR_WEIGHT);
	near_seal(g->near);
	if (data->known_index != NULL)
		g->ix[g->set.n++] = data->known_index;
	g->set.ix = g->ix;
	g->set.hg = g->hg;
	g->set.near = g->near;
	g->set.maxweight = WEIGHT_MIN;
	for (i = 0; i < g->set.n; i++)
		if (index_max_weight(g->ix[i]) > g->set.maxweight)
			g->set.maxweight = index_max_weight(g->ix[i]);

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
	for (i = 0; i < g->norg; i++)
		free(g->org[i]);
	free(g->org);
	guard_world_free(g->own);
	near_free(g->near);
	marking_free(g->markings);
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
	    (index_find(g->local, d->reg, strlen(d->reg), NULL) &
	    GUARD_SRC_TRUSTED) != 0;
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

/* A slip of the TLD: a trap of the table, or a slip into nowhere. */
static void
guard_tld(const struct domain *d, const struct lookalike *m,
    struct guard_verdict *v)
{
	const struct trap *t = m->trap;

	if (t != NULL && t->what != NULL)
		report_add(v, GUARD_TLD_TRAP, GUARD_WARN, m->suggestion,
		    ".%s is %s, not .%s; %s %s", t->typed, t->what, t->meant,
		    m->known, guard_source_phrase(m->src));
	else
		report_add(v, GUARD_TLD_TRAP, GUARD_WARN, m->suggestion,
		    "%s: %s, a slip of the top-level domain; %s %s",
		    d->unicode, m->what, m->known, guard_source_phrase(m->src));
}

static void
guard_near(const struct guard *g, const struct domain *d, int known,
    struct guard_verdict *v)
{
	struct lookalike m;
	char *mixed = NULL;
	int found, fold;

	found = lookalike_find(&g->set, d, &m);
	fold = found && (m.how == CHANNEL_FOLD || m.how == CHANNEL_FOLD_EDIT);
	if (d->idn && !known)
		mixed = guard_mixed(g, d);
	if (found && m.how == CHANNEL_TLD) {
		guard_tld(d, &m, v);
	} else if (fold && d->idn) {
		report_add(v, GUARD_HOMOGRAPH, GUARD_WARN, m.suggestion,
		    "%s looks like %s: %s%s%s%s; %s %s", d->unicode, m.known,
		    m.what, mixed != NULL ? " (it mixes " : "",
		    mixed != NULL ? mixed : "", mixed != NULL ? " letters)" :
		    "", m.known, guard_source_phrase(m.src));
	} else if (found) {
		report_add(v, GUARD_LOOKALIKE, GUARD_WARN, m.suggestion,
		    "looks like %s: %s; %s %s", m.known, m.what, m.known,
		    guard_source_phrase(m.src));
	}
	if (mixed != NULL && !(fold && d->idn))
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
	known = d->reg != NULL ? lookalike_known(&g->set, d->reg, NULL) : 0;
	guard_near(g, d, known != 0, v);
}

/*
 * Never written to, and not in the address books: a notice, so the user
 * looks twice. Only once something is known (a fresh install would flag
 * everyone), and not on top of a warning, which says more.
 */
static void
guard_new_recipient(const struct guard *g, const struct domain *d,
    struct guard_verdict *v)
{
	const char *reg = d->reg != NULL ? d->reg : d->ascii;
	unsigned src;

	if (v->address == NULL || d->literal || v->severity >= GUARD_WARN ||
	    guard_world_count(g->world) == 0 ||
	    known_has(world_addresses(g->world),
	    known_address_key(v->address)))
		return;
	src = lookalike_known(&g->set, reg, NULL);
	if (src & (GUARD_SRC_CONTACT | GUARD_SRC_HISTORY))
		report_add(v, GUARD_NEW_RECIPIENT, GUARD_NOTICE, NULL,
		    "a new recipient: not in your contacts and never written "
		    "to (others at %s are)", d->reg_unicode != NULL ?
		    d->reg_unicode : d->unicode);
	else
		report_add(v, GUARD_NEW_RECIPIENT, GUARD_NOTICE, NULL,
		    "a new recipient at a new domain: nobody at %s is in "
		    "your contacts or was written to before",
		    d->reg_unicode != NULL ? d->reg_unicode : d->unicode);
}

/*
 * A character nobody sees, typed in a domain: dropped from what is
 * checked and sent, and said, since nothing that hides is an accident.
 */
static void
guard_invisible(const struct domain *d, struct guard_verdict *v)
{
	struct buf b;

	buf_init(&b);
	explain_char(&b, d->invisible);
	report_add(v, GUARD_HOMOGRAPH, GUARD_WARN, d->unicode,
	    "an invisible character, %s, is hidden in the domain; without "
	    "it the domain is %s", b.s, d->unicode);
	buf_free(&b);
}

/* Fills a verdict's domain fields and runs the rules. */
static void
guard_verdict_domain(const struct guard *g, const char *domain,
    struct guard_verdict *v)
{
	struct domain d;
	const char *at;
	char *why = NULL;

	if (domain_normalize(domain, &d, &why) != 0) {
		report_add(v, GUARD_SYNTAX, GUARD_BLOCK, NULL, "%s", why);
		free(why);
		return;
	}
	v->domain = xstrdup(d.unicode);
	v->domain_ascii = xstrdup(d.ascii);
	if (v->address != NULL && (at = strrchr(v->address, '@')) != NULL)
		v->address_ascii = xasprintf("%.*s@%s",
		    (int)(at - v->address), v->address, d.ascii);
	guard_domain(g, &d, v);
	if (d.invisible != 0)
		guard_invisible(&d, v);
	guard_new_recipient(g, &d, v);
	domain_free(&d);
}

/* Parses a field into verdicts; checks each address when g is set. */
static void
guard_field(const struct guard *g, const char *field,
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
			if (g != NULL)
				guard_verdict_domain(g, l.v[i].domain, v);
		}
		if (v->severity > r->severity)
			r->severity = v->severity;
	}
	addr_list_free(&l);
}

void
guard_check(const struct guard *g, const char *field,
    struct guard_report *r)
{
	guard_field(g, field, r);
}

void
guard_parse(const char *field, struct guard_report *r)
{
	guard_field(NULL, field, r);
}

/* Whether the user or the policy let this domain through. */
static int
guard_exempt(const struct guard *g, const char *ascii)
{
	struct domain d;
	char *why = NULL;
	int r;

	if (domain_normalize(ascii, &d, &why) != 0) {
		free(why);
		return 0;
	}
	r = policy_match(g->policy, d.ascii, NULL) == POLICY_ALLOW ||
	    guard_lifted(g, &d);
	domain_free(&d);
	return r;
}

const char *
guard_marking(const struct guard *g, const char *text, size_t len)
{
	return marking_find(g->markings, text, len);
}

void
guard_check_message(const struct guard *g, const struct guard_message *m,
    struct guard_report *r)
{
	struct guard_verdict *v;
	const char *marking;
	char *where = NULL;
	size_t i;

	content_audience(r, g->large_audience);
	content_mix(r, g->org, g->norg);
	if ((marking = content_marking(g->markings, m, &where)) == NULL)
		return;
	r->marked = 1;
	for (i = 0; i < r->nverdicts; i++) {
		v = &r->verdicts[i];
		if (v->address == NULL || v->domain_ascii == NULL ||
		    v->severity == GUARD_BLOCK ||
		    content_inside(v->domain_ascii, g->org, g->norg) ||
		    guard_exempt(g, v->domain_ascii))
			continue;
		report_add(v, GUARD_MARKING_EXTERNAL, GUARD_WARN, NULL,
		    "%s carries the marking \"%s\", and %s is outside %s",
		    where, marking, v->domain, g->norg > 0 ?
		    "your organisation" : "your organisation (no org_domains "
		    "are configured)");
		if (v->severity > r->severity)
			r->severity = v->severity;
	}
	free(where);
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
