/* fuzz_abook.c: libFuzzer target for the abook addressbook parser. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "abook.h"
#include "contact.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct contact_list l;
	size_t i;

	memset(&l, 0, sizeof(l));
	abook_parse((const char *)data, len, &l);
	for (i = 0; i < l.n; i++)
		if (l.v[i].address == NULL || l.v[i].address[0] == '\0' ||
		    (l.v[i].name != NULL &&
		    !utf8_valid(l.v[i].name, strlen(l.v[i].name))))
			abort();
	contact_list_free(&l);
	return 0;
}
