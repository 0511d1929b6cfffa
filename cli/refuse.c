/* refuse.c: why a message was not sent, and the commands that resolve it. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "common.h"
#include "guard.h"
#include "refuse.h"
#include "state.h"

/* Prints one line on stderr, sanitized: names come from the message. */
static void
refuse_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
refuse_line(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verrline(fmt, ap);
	va_end(ap);
}

static void
refuse_verdict(const struct guard_verdict *v, int *blocked, int *syntax)
{
	const struct guard_finding *f;
	const char *who = v->address != NULL ? v->address : v->raw;
	const char *at = v->address != NULL ? strrchr(v->address, '@') : NULL;
	size_t i;
	int warned = 0;

	for (i = 0; i < v->nfindings; i++) {
		f = &v->findings[i];
		if (f->severity < GUARD_WARN)
			continue;
		refuse_line("%s: %s: %s", who, guard_code_name(f->code),
		    f->reason);
		if (f->severity == GUARD_BLOCK) {
			if (f->code == GUARD_SYNTAX)
				*syntax = 1;
			else {
				*blocked = 1;
				refuse_line("  blocked: only a change of the "
				    "policy can unblock it");
			}
			continue;
		}
		warned = 1;
		if (f->suggestion != NULL && at != NULL)
			refuse_line("  did you mean %.*s%s?",
			    (int)(at - v->address + 1), v->address,
			    f->suggestion);
	}
	if (warned && v->domain_ascii != NULL) {
		refuse_line("  if %s is right, send again after one of:", who);
		refuse_line("    sendguard allow --once %s   (this once, "
		    "within %d minutes)", v->domain_ascii,
		    STATE_PERMIT_SECONDS / 60);
		refuse_line("    sendguard trust %s   (always)",
		    v->domain_ascii);
	}
}

int
refuse_report(const struct guard_report *r)
{
	size_t i;
	int blocked = 0, syntax = 0;

	if (r->severity < GUARD_WARN)
		return 0;
	for (i = 0; i < r->nverdicts; i++)
		if (r->verdicts[i].severity >= GUARD_WARN)
			refuse_verdict(&r->verdicts[i], &blocked, &syntax);
	refuse_line("nothing was sent: %s",
	    syntax && r->severity == GUARD_BLOCK && !blocked ?
	    "an address is not valid" : "a recipient needs your decision");
	if (syntax && !blocked && r->severity == GUARD_BLOCK) {
		/* Only malformed addresses: data error, as sendmail says. */
		for (i = 0; i < r->nverdicts; i++)
			if (r->verdicts[i].severity == GUARD_WARN)
				return EX_NOPERM;
		return EX_DATAERR;
	}
	return EX_NOPERM;
}
