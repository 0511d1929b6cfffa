/*
 * confirm.c: the Sendguard-Resolved header on what the client sends. It
 * names each recipient domain that an organisation's milter (which knows
 * only the config's [guard] data) would warn about, with how the user
 * resolved it, bound to the message (guard.h, README).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "common.h"
#include "guard.h"
#include "transport.h"
#include "confirm.h"
#include "setup.h"
#include "state.h"

/* Whether a domain is one of a list, or under one. */
static int
confirm_listed(const struct strlist *l, const char *domain)
{
	size_t i, dl = strlen(domain), el;

	for (i = 0; i < l->n; i++) {
		el = strlen(l->v[i]);
		if (strcasecmp(domain, l->v[i]) == 0 || (dl > el &&
		    domain[dl - el - 1] == '.' &&
		    strcasecmp(domain + dl - el, l->v[i]) == 0))
			return 1;
	}
	return 0;
}

/* The worst severity a guard gives one recipient, the marking included. */
static enum guard_severity
confirm_check(const struct guard *g, const char *rcpt, int marked,
    char **domain)
{
	struct guard_message gm;
	struct guard_report r;
	enum guard_severity worst;

	memset(&gm, 0, sizeof(gm));
	gm.text_marking = "marking";
	guard_report_init(&r);
	guard_check(g, rcpt, &r);
	guard_check_message(g, marked ? &gm : NULL, &r);
	worst = GUARD_OK;
	if (r.nverdicts == 1) {
		worst = r.verdicts[0].severity;
		if (domain != NULL && r.verdicts[0].domain_ascii != NULL)
			*domain = xstrdup(r.verdicts[0].domain_ascii);
	}
	guard_report_free(&r);
	return worst;
}

/* Whether a domain shows in the To or Cc header (not only in Bcc). */
static int
confirm_visible(const struct message *m, const char *domain)
{
	static const char *const hdrs[] = { "To", "Cc" };
	struct guard_report r;
	const char *at;
	char *v;
	size_t i, k;
	int found = 0;

	for (k = 0; k < 2 && !found; k++) {
		if ((v = message_header_all(m, hdrs[k])) == NULL)
			continue;
		guard_report_init(&r);
		guard_parse(v, &r);
		for (i = 0; i < r.nverdicts && !found; i++)
			found = r.verdicts[i].address != NULL &&
			    (at = strrchr(r.verdicts[i].address, '@')) &&
			    strcasecmp(at + 1, domain) == 0;
		guard_report_free(&r);
		free(v);
	}
	return found;
}

void
confirm_stamp(struct setup *s, struct message *m, const char *const *rcpts,
    size_t n, int marked)
{
	struct guard_resolution *res;
	struct strlist trusted = { NULL, 0 }, doms = { NULL, 0 };
	struct guard *org;
	char *dom, *value, *err = NULL;
	size_t i, k = 0;

	/* A header the message came with says nothing of this send. */
	message_set_header(m, "Sendguard-Resolved", NULL);
	if (setup_guard_org(&s->config, s->known.ix, &org, &err) != 0) {
		free(err);
		return;
	}
	state_trusted(&trusted);
	res = xcalloc(n + 1, sizeof(*res));
	for (i = 0; i < n; i++) {
		dom = NULL;
		if (confirm_check(org, rcpts[i], marked, &dom) != GUARD_WARN ||
		    dom == NULL) {
			free(dom);
			continue;
		}
		strlist_add(&doms, dom);
		free(dom);
		dom = doms.v[doms.n - 1];
		res[k].domain = dom;
		res[k].hidden = !confirm_visible(m, dom);
		if (confirm_listed(&trusted, dom))
			res[k].how = GUARD_RESOLVED_TRUST;
		else if (confirm_listed(&s->permits, dom))
			res[k].how = GUARD_RESOLVED_PERMIT;
		else if (confirm_check(s->guard, rcpts[i], marked, NULL) ==
		    GUARD_WARN)
			res[k].how = GUARD_RESOLVED_ONCE;
		else
			res[k].how = GUARD_RESOLVED_KNOWN;
		k++;
	}
	if (k > 0) {
		value = guard_resolved_build(message_header(m, "Message-ID"),
		    rcpts, n, res, k);
		message_set_header(m, "Sendguard-Resolved", value);
		free(value);
	}
	free(res);
	strlist_free(&doms);
	strlist_free(&trusted);
	guard_free(org);
}

int
confirm_marked(const struct guard_report *r)
{
	size_t i, k;

	if (r->marked)
		return 1;

	for (i = 0; i < r->nverdicts; i++)
		for (k = 0; k < r->verdicts[i].nfindings; k++)
			if (r->verdicts[i].findings[k].code ==
			    GUARD_MARKING_EXTERNAL)
				return 1;
	return 0;
}

int
confirm_draft_marked(const struct guard *g, const struct draft *d)
{
	size_t i;
	const char *name;

	if ((d->subject != NULL && guard_marking(g, d->subject,
	    strlen(d->subject)) != NULL) || (d->body != NULL &&
	    guard_marking(g, d->body, strlen(d->body)) != NULL))
		return 1;
	for (i = 0; i < d->nattachments; i++) {
		name = draft_attachment_name(&d->attachments[i]);
		if (guard_marking(g, name, strlen(name)) != NULL)
			return 1;
	}
	return 0;
}

/* A permit's domain as recipients' domains are written: the A-label. */
static char *
confirm_ascii(const struct guard *g, const char *domain)
{
	struct guard_verdict v;
	char *d;

	guard_check_domain(g, domain, &v);
	d = xstrdup(v.domain_ascii != NULL ? v.domain_ascii : domain);
	guard_verdict_free(&v);
	return d;
}

/* The first recipient in a domain or under it, or NULL. */
static const char *
confirm_in(const char *domain, const char *const *rcpts, size_t n)
{
	struct strlist one = { NULL, 0 };
	const char *at, *hit = NULL;
	size_t i;

	strlist_add(&one, domain);
	for (i = 0; i < n && hit == NULL; i++)
		if ((at = strrchr(rcpts[i], '@')) != NULL &&
		    confirm_listed(&one, at + 1))
			hit = rcpts[i];
	strlist_free(&one);
	return hit;
}

/*
 * Another send took some permits since this one read them: a recipient in
 * their domains that the user's guard warns about without them needs a
 * decision. 0, or -1 with *errstr saying which.
 */
static int
confirm_lost(struct setup *s, const struct strlist *kept,
    const struct strlist *lost, const char *const *rcpts, size_t n,
    int marked, char **errstr)
{
	struct guard *g;
	const char *at;
	size_t i;
	int rc = 0;

	if (setup_guard_user(s, kept, &g, errstr) != 0)
		return -1;
	for (i = 0; i < n && rc == 0; i++) {
		if ((at = strrchr(rcpts[i], '@')) == NULL ||
		    !confirm_listed(lost, at + 1) ||
		    confirm_check(g, rcpts[i], marked, NULL) < GUARD_WARN)
			continue;
		*errstr = xasprintf("the permit (allow --once) for %s was "
		    "used by another send at the same time, so %s needs a "
		    "decision again", at + 1, rcpts[i]);
		rc = -1;
	}
	guard_free(g);
	return rc;
}

int
confirm_claim(struct setup *s, const char *const *rcpts, size_t n,
    int marked, struct confirm_claims *c, char **errstr)
{
	struct strlist kept = { NULL, 0 }, lost = { NULL, 0 };
	time_t now = time(NULL), until = 0;
	char *d, *err = NULL;
	size_t i;
	int rc = 0;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < s->permits.n; i++) {
		d = confirm_ascii(s->guard, s->permits.v[i]);
		if (confirm_in(d, rcpts, n) == NULL) {
			strlist_add(&kept, s->permits.v[i]);
			free(d);
			continue;
		}
		free(d);
		switch (state_permit_claim(s->permits.v[i], now, &until,
		    &err)) {
		case 1:
			strlist_add(&c->domains, s->permits.v[i]);
			c->until = xreallocarray(c->until, c->domains.n,
			    sizeof(*c->until));
			c->until[c->domains.n - 1] = until;
			break;
		case 0:
			strlist_add(&lost, s->permits.v[i]);
			continue;
		default:
			/* Not writable: it stays, as it did before. */
			free(err);
			err = NULL;
			break;
		}
		strlist_add(&kept, s->permits.v[i]);
	}
	if (lost.n > 0 && (rc = confirm_lost(s, &kept, &lost, rcpts, n,
	    marked, errstr)) != 0)
		confirm_unclaim(c, 1);
	strlist_free(&kept);
	strlist_free(&lost);
	return rc;
}

void
confirm_unclaim(struct confirm_claims *c, int give_back)
{
	time_t now = time(NULL);
	size_t i;

	for (i = 0; give_back && i < c->domains.n; i++)
		state_permit_restore(c->domains.v[i], c->until[i], now);
	strlist_free(&c->domains);
	free(c->until);
	memset(c, 0, sizeof(*c));
}
