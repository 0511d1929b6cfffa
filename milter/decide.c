/* decide.c: what the milter does with a report, and the words it uses. */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "decide.h"

/* The longest reason kept in a reply line (SMTP allows 512 a line). */
#define DECIDE_REASON_MAX	300

static void
decide_add(struct decide_item **list, size_t *n,
    const struct guard_verdict *v, const struct guard_finding *f, int how)
{
	*list = xreallocarray(*list, *n + 1, sizeof(**list));
	(*list)[*n].verdict = v;
	(*list)[*n].finding = f;
	(*list)[(*n)++].how = how;
}

void
decide(const struct guard_report *r, const struct guard_resolved *res,
    struct decision *d)
{
	const struct guard_verdict *v;
	struct decide_item **list;
	size_t i, k, *n;
	int how;

	memset(d, 0, sizeof(*d));
	for (i = 0; i < r->nverdicts; i++) {
		v = &r->verdicts[i];
		how = res != NULL && v->domain_ascii != NULL ?
		    guard_resolved_lookup(res, v->domain_ascii) : -1;
		list = how == -1 ? &d->items : &d->waived_items;
		n = how == -1 ? &d->n : &d->waived;
		for (k = 0; k < v->nfindings; k++) {
			if (v->findings[k].severity < GUARD_WARN)
				continue;
			if (v->findings[k].severity == GUARD_BLOCK) {
				decide_add(&d->items, &d->n, v, &v->findings[k],
				    -1);
				d->blocks++;
			} else
				decide_add(list, n, v, &v->findings[k], how);
		}
	}
}

void
decide_free(struct decision *d)
{
	free(d->items);
	free(d->waived_items);
	memset(d, 0, sizeof(*d));
}

/*
 * Appends text for an SMTP reply or a header: printable ASCII only (other
 * bytes become '?'), '%' doubled for libmilter when percent is set, and
 * at most max bytes of the text.
 */
static void
decide_text(struct buf *b, const char *s, size_t max, int percent)
{
	size_t i;

	for (i = 0; s[i] != '\0' && i < max; i++) {
		if (s[i] == '%' && percent)
			buf_adds(b, "%%");
		else
			buf_addc(b, s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?');
	}
	if (s[i] != '\0')
		buf_adds(b, "...");
}

static const char *
decide_who(const struct guard_verdict *v)
{
	return v->address != NULL ? v->address : v->raw != NULL ? v->raw :
	    "(the message)";
}

/* What was probably meant: the suggestion, with the local part. */
static char *
decide_meant(const struct guard_verdict *v, const char *suggestion)
{
	const char *at;

	if (strchr(suggestion, '@') == NULL && v->address != NULL &&
	    (at = strrchr(v->address, '@')) != NULL)
		return xasprintf("%.*s%s", (int)(at - v->address + 1),
		    v->address, suggestion);
	return xstrdup(suggestion);
}

/* "sendguard: ADDR: REASON[; did you mean X?]" for a reply. */
static char *
decide_line(const struct guard_verdict *v, const struct guard_finding *f)
{
	struct buf b;
	char *meant;

	buf_init(&b);
	buf_adds(&b, "sendguard: ");
	decide_text(&b, decide_who(v), DECIDE_REASON_MAX, 1);
	buf_adds(&b, ": ");
	decide_text(&b, f->reason != NULL ? f->reason :
	    guard_code_name(f->code), DECIDE_REASON_MAX, 1);
	if (f->suggestion != NULL) {
		meant = decide_meant(v, f->suggestion);
		buf_adds(&b, "; did you mean ");
		decide_text(&b, meant, DECIDE_REASON_MAX, 1);
		buf_adds(&b, "?");
		free(meant);
	}
	return buf_take(&b);
}

char *
decide_refusal(const struct guard_verdict *v)
{
	const struct guard_finding *worst = NULL;
	size_t i;

	for (i = 0; i < v->nfindings; i++)
		if (worst == NULL || v->findings[i].severity > worst->severity)
			worst = &v->findings[i];
	if (worst == NULL)
		return xstrdup("sendguard: refused");
	return decide_line(v, worst);
}

char **
decide_reply(const struct decision *d, size_t *n)
{
	char **lines = xcalloc(DECIDE_LINES + 1, sizeof(*lines));
	size_t i, k = 0;

	for (i = 0; i < d->n && k < DECIDE_LINES; i++) {
		if (k == DECIDE_LINES - 1 && d->n > DECIDE_LINES) {
			lines[k++] = xasprintf("sendguard: and %zu more "
			    "warnings", d->n - i);
			break;
		}
		lines[k++] = decide_line(d->items[i].verdict,
		    d->items[i].finding);
	}
	*n = k;
	return lines;
}

void
decide_lines_free(char **lines, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

char *
decide_tag(const struct decide_item *it)
{
	struct buf b;

	buf_init(&b);
	buf_adds(&b, "warn; ");
	decide_text(&b, decide_who(it->verdict), DECIDE_REASON_MAX, 0);
	buf_addf(&b, "; %s", guard_code_name(it->finding->code));
	if (it->finding->suggestion != NULL) {
		buf_adds(&b, "; ");
		decide_text(&b, it->finding->suggestion, DECIDE_REASON_MAX, 0);
	}
	return buf_take(&b);
}

char *
decide_log(const struct decide_item *it)
{
	const struct guard_finding *f = it->finding;
	struct buf b;
	char *meant;

	buf_init(&b);
	buf_addf(&b, "%s: %s: %s", decide_who(it->verdict),
	    guard_code_name(f->code), f->reason);
	if (f->suggestion != NULL) {
		meant = decide_meant(it->verdict, f->suggestion);
		buf_addf(&b, " (did you mean %s?)", meant);
		free(meant);
	}
	if (it->how != -1)
		buf_addf(&b, ", waived: resolved by the sender (%s)",
		    guard_resolved_how_name((enum guard_resolved_how)it->how));
	return buf_take(&b);
}
