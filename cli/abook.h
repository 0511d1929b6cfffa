/* abook.h: abook's addressbook file (~/.abook/addressbook). */
#ifndef SENDGUARD_ABOOK_H
#define SENDGUARD_ABOOK_H

#include <stddef.h>

#include "contact.h"

/*
 * Parses an abook addressbook (abook 0.6: INI, a "[format]" section and
 * one numbered section "[0]", "[1]", ... per entry) and appends one
 * contact per address of each entry's "email=" list (comma-separated) to
 * out, with the entry's "name=" and "nick=" (as alias). Keys are matched
 * without regard to case; other keys, other sections and '#' comments
 * are ignored. Addresses that guard_parse() does not accept as exactly
 * one address are left out; names that are not valid UTF-8 are dropped.
 * Never fails.
 */
void	abook_parse(const char *text, size_t len, struct contact_list *out);

#endif
