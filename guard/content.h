/*
 * content.h: the message-level checks: who is inside the organisation,
 * how many recipients, and where a marking was found (internal to guard/).
 */
#ifndef SENDGUARD_CONTENT_H
#define SENDGUARD_CONTENT_H

#include <stddef.h>

#include "guard.h"

struct marking_set;

/* Whether an A-label domain is an org domain or under one. */
int	 content_inside(const char *ascii, char *const *org, size_t norg);

/* "large-audience" when more distinct recipients than limit. */
void	 content_audience(struct guard_report *, size_t limit);

/* "external-mix" when some recipients are inside and some outside. */
void	 content_mix(struct guard_report *, char *const *org, size_t norg);

/*
 * The first marking in the subject, the text, then the file names; *where
 * says which ("the subject", "the text", "the attachment name \"x\""),
 * allocated. NULL when there is none.
 */
const char *content_marking(const struct marking_set *,
	    const struct guard_message *, char **where);

#endif
