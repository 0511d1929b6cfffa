/* addrlist.h: editing an address list as text (a To or Cc value). */
#ifndef SENDGUARD_ADDRLIST_H
#define SENDGUARD_ADDRLIST_H

#include "common.h"

/*
 * Appends to out the address list value with every element whose addr-spec
 * is old (compared without case) replaced by new, or left out when new is
 * NULL; the other elements stay as written. Returns how many changed.
 */
int	 addrlist_rewrite(const char *value, const char *old, const char *new,
	    struct buf *out);

#endif
