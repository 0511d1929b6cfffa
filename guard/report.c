/* report.c: verdicts and findings, and their names. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "report.h"

static const char *const report_codes[GUARD_NCODES] = {
	[GUARD_SYNTAX] = "syntax",
	[GUARD_POLICY_BLOCK] = "policy-block",
	[GUARD_POLICY_WARN] = "policy-warn",
	[GUARD_TLD_TRAP] = "tld-trap",
	[GUARD_LOOKALIKE] = "lookalike",
	[GUARD_HOMOGRAPH] = "homograph",
	[GUARD_MARKING_EXTERNAL] = "marking-external",
	[GUARD_NEW_RECIPIENT] = "new-recipient",
	[GUARD_EXTERNAL_MIX] = "external-mix",
	[GUARD_LARGE_AUDIENCE] = "large-audience",
};

static const char *const report_severities[] = {
	[GUARD_OK] = "ok",
	[GUARD_NOTICE] = "notice",
	[GUARD_WARN] = "warn",
	[GUARD_BLOCK] = "block",
};

const char *
guard_code_name(enum guard_code c)
{
	return (unsigned)c < GUARD_NCODES ? report_codes[c] : "unknown";
}

const char *
guard_severity_name(enum guard_severity s)
{
	return (unsigned)s <= GUARD_BLOCK ? report_severities[s] : "unknown";
}

void
report_add(struct guard_verdict *v, enum guard_code code,
    enum guard_severity sev, const char *suggestion, const char *fmt, ...)
{
	struct guard_finding *f;
	va_list ap;

	v->findings = xreallocarray(v->findings, v->nfindings + 1,
	    sizeof(*v->findings));
	f = &v->findings[v->nfindings++];
	f->code = code;
	f->severity = sev;
	va_start(ap, fmt);
	f->reason = xvasprintf(fmt, ap);
	va_end(ap);
	f->suggestion = suggestion != NULL ? xstrdup(suggestion) : NULL;
	if (sev > v->severity)
		v->severity = sev;
}

void
report_add_message(struct guard_report *r, enum guard_code code,
    enum guard_severity sev, const char *fmt, ...)
{
	struct guard_finding *f;
	va_list ap;

	r->findings = xreallocarray(r->findings, r->nfindings + 1,
	    sizeof(*r->findings));
	f = &r->findings[r->nfindings++];
	f->code = code;
	f->severity = sev;
	va_start(ap, fmt);
	f->reason = xvasprintf(fmt, ap);
	va_end(ap);
	f->suggestion = NULL;
	if (sev > r->severity)
		r->severity = sev;
}

void
guard_report_init(struct guard_report *r)
{
	memset(r, 0, sizeof(*r));
}

struct guard_verdict *
report_verdict(struct guard_report *r)
{
	struct guard_verdict *v;

	r->verdicts = xreallocarray(r->verdicts, r->nverdicts + 1,
	    sizeof(*r->verdicts));
	v = &r->verdicts[r->nverdicts++];
	memset(v, 0, sizeof(*v));
	return v;
}

void
guard_verdict_free(struct guard_verdict *v)
{
	size_t i;

	for (i = 0; i < v->nfindings; i++) {
		free(v->findings[i].reason);
		free(v->findings[i].suggestion);
	}
	free(v->findings);
	free(v->raw);
	free(v->address);
	free(v->name);
	free(v->group);
	free(v->domain);
	free(v->domain_ascii);
	free(v->address_ascii);
	memset(v, 0, sizeof(*v));
}

void
guard_report_free(struct guard_report *r)
{
	size_t i;

	for (i = 0; i < r->nverdicts; i++)
		guard_verdict_free(&r->verdicts[i]);
	free(r->verdicts);
	for (i = 0; i < r->nfindings; i++) {
		free(r->findings[i].reason);
		free(r->findings[i].suggestion);
	}
	free(r->findings);
	memset(r, 0, sizeof(*r));
}
