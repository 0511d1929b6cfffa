/*
 * fuzz_contacts.h: what every reader of address books (and of the
 * history) must give, whatever the input: contacts with an address, and
 * names and aliases that are valid UTF-8. Aborts otherwise.
 */
#ifndef SENDGUARD_FUZZ_CONTACTS_H
#define SENDGUARD_FUZZ_CONTACTS_H

#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "contact.h"

static inline void
fuzz_contacts_check(const struct contact_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].address == NULL || l->v[i].address[0] == '\0' ||
		    (l->v[i].name != NULL &&
		    !utf8_valid(l->v[i].name, strlen(l->v[i].name))) ||
		    (l->v[i].alias != NULL &&
		    !utf8_valid(l->v[i].alias, strlen(l->v[i].alias))))
			abort();
}

#endif
