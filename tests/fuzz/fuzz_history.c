/* fuzz_history.c: libFuzzer target for the sent-history reader. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "contact.h"
#include "fuzz_contacts.h"
#include "history.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct contact_list l;
	size_t i;

	memset(&l, 0, sizeof(l));
	history_parse((const char *)data, len, &l);
	fuzz_contacts_check(&l);
	/* And fit to be written back: one line, its fields apart. */
	for (i = 0; i < l.n; i++)
		if (strchr(l.v[i].address, '@') == NULL ||
		    strpbrk(l.v[i].address, "\t\n") != NULL ||
		    !utf8_valid(l.v[i].address, strlen(l.v[i].address)) ||
		    (l.v[i].name != NULL && strpbrk(l.v[i].name, "\t\n")))
			abort();
	contact_list_free(&l);
	return 0;
}
