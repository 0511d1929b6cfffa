/* fuzz_alias.c: libFuzzer target for the mutt alias file and muttrc parser. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "alias.h"
#include "config.h"
#include "contact.h"
#include "fuzz_contacts.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct contact_list l;
	struct strlist inc = { NULL, 0 };
	size_t i;

	memset(&l, 0, sizeof(l));
	alias_parse((const char *)data, len, &l, &inc);
	/* What comes out is always usable: addresses, valid UTF-8. */
	fuzz_contacts_check(&l);
	for (i = 0; i < inc.n; i++)
		if (inc.v[i][0] == '\0' || strchr(inc.v[i], '`') != NULL)
			abort();
	strlist_free(&inc);
	contact_list_free(&l);
	return 0;
}
