/* fuzz_vcard.c: libFuzzer target for the vCard parser. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "contact.h"
#include "fuzz_contacts.h"
#include "vcard.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct contact_list l;

	memset(&l, 0, sizeof(l));
	vcard_parse((const char *)data, len, &l);
	/* What comes out is always usable: addresses, valid UTF-8. */
	fuzz_contacts_check(&l);
	contact_list_free(&l);
	return 0;
}
