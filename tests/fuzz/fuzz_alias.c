/* fuzz_alias.c: libFuzzer target for the mutt alias file and muttrc parser. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "alias.h"
#include "config.h"
#include "contact.h"

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
	for (i = 0; i < l.n; i++) {
		if (l.v[i].address == NULL || l.v[i].address[0] == '\0' ||
		    (l.v[i].name != NULL &&
		    !utf8_valid(l.v[i].name, strlen(l.v[i].name))) ||
		    (l.v[i].alias != NULL &&
		    !utf8_valid(l.v[i].alias, strlen(l.v[i].alias))))
			abort();
	}
	for (i = 0; i < inc.n; i++)
		if (inc.v[i][0] == '\0' || strchr(inc.v[i], '`') != NULL)
			abort();
	strlist_free(&inc);
	contact_list_free(&l);
	return 0;
}
