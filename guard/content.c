/* content.c: message-level findings: audience, org mix, markings. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common.h"
#include "content.h"
#include "known.h"
#include "marking.h"
#include "report.h"

int
content_inside(const char *ascii, char *const *org, size_t norg)
{
	size_t i, n, len;

	if (ascii == NULL)
		return 0;
	len = strlen(ascii);
	for (i = 0; i < norg; i++) {
		n = strlen(org[i]);
		if (n == len && strcmp(ascii, org[i]) == 0)
			return 1;
		if (len > n && ascii[len - n - 1] == '.' &&
		    strcmp(ascii + len - n, org[i]) == 0)
			return 1;
	}
	return 0;
}

void
content_audience(struct guard_report *r, size_t limit)
{
	struct known *seen = known_new(r->nverdicts);
	size_t i, n = 0;

	for (i = 0; i < r->nverdicts; i++)
		if (r->verdicts[i].address != NULL &&
		    known_add(seen, known_address_key(r->verdicts[i].address)))
			n++;
	known_free(seen);
	if (n > limit)
		report_add_message(r, GUARD_LARGE_AUDIENCE, GUARD_NOTICE,
		    "%zu recipients (more than %zu): make sure every one of "
		    "them should read this", n, limit);
}

void
content_mix(struct guard_report *r, char *const *org, size_t norg)
{
	const struct guard_verdict *v;
	struct buf names;
	size_t i, in = 0, out = 0, listed = 0;

	if (norg == 0)
		return;
	buf_init(&names);
	for (i = 0; i < r->nverdicts; i++) {
		v = &r->verdicts[i];
		if (v->address == NULL || v->domain_ascii == NULL)
			continue;
		if (content_inside(v->domain_ascii, org, norg)) {
			in++;
			continue;
		}
		out++;
		if (listed < 3)
			buf_addf(&names, "%s%s", listed++ > 0 ? ", " : "",
			    v->address);
	}
	if (in > 0 && out > 0)
		report_add_message(r, GUARD_EXTERNAL_MIX, GUARD_NOTICE,
		    "%zu of %zu recipients are outside your organisation "
		    "(%s%s)", out, in + out, names.s, out > listed ? ", ..." :
		    "");
	buf_free(&names);
}

const char *
content_marking(const struct marking_set *ms, const struct guard_message *m,
    char **where)
{
	const char *found;
	size_t i;

	if (m == NULL || marking_count(ms) == 0)
		return NULL;
	if (m->subject != NULL &&
	    (found = marking_find(ms, m->subject, strlen(m->subject)))) {
		*where = xstrdup("the subject");
		return found;
	}
	if ((m->text != NULL && (found = marking_find(ms, m->text,
	    m->textlen)) != NULL) || (found = m->text_marking) != NULL) {
		*where = xstrdup("the text");
		return found;
	}
	for (i = 0; i < m->names.n; i++) {
		if ((found = marking_find(ms, m->names.v[i],
		    strlen(m->names.v[i]))) != NULL) {
			*where = xasprintf("the attachment name \"%s\"",
			    m->names.v[i]);
			return found;
		}
	}
	return NULL;
}
