/* rewrite.h: one address changed or taken out of an address list, the rest kept as written. */
#ifndef SENDGUARD_REWRITE_H
#define SENDGUARD_REWRITE_H

#include "common.h"

/*
 * Appends the address list value to out with each element whose addr-spec
 * is old (compared without case) replaced by new, keeping its display
 * name, or, when new is NULL, left out. Returns how many elements
 * changed.
 */
int	 rewrite_list(const char *value, const char *old, const char *new,
	    struct buf *out);

#endif
