/* fuzz_vcard.c: libFuzzer target for the vCard parser. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "contact.h"
#include "vcard.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct contact_list l;
	size_t i;

	memset(&l, 0, sizeof(l));
	vcard_parse((const char *)data, len, &l);
	for (i = 0; i < l.n; i++)
		if (l.v[i].address == NULL || l.v[i].address[0] == '\0' ||
		    (l.v[i].name != NULL &&
		    !utf8_valid(l.v[i].name, strlen(l.v[i].name))) ||
		    (l.v[i].alias != NULL &&
		    !utf8_valid(l.v[i].alias, strlen(l.v[i].alias))))
			abort();
	contact_list_free(&l);
	return 0;
}
