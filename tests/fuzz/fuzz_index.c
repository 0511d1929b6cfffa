/* fuzz_index.c: libFuzzer target for mapping a serialized index. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "guard.h"
#include "fuzz_guard.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Queries near the seed index's domains (gmail.com, army.mil, ...). */
static const char *const fields[] = {
	"a@gmail.com, a@gmial.com, a@gmal.com, a@g.mail.com",
	"john@army.ml, x@mail.army.mil, a@armymil.com",
	"a@p\xd0\xb0ypal.com, a@paypa1.com, a@rnicrosoft.com",
	"a@smtp.gmaail.com, a@gmail.co, a@exa\xcc\x88mple.de",
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct guard_index *ix = NULL;
	struct guard_data d;
	void *buf;
	char *error = NULL;

	/* malloc's alignment is what an mmap'ed cache file would give. */
	buf = xmalloc(len);
	memcpy(buf, data, len);
	if (guard_index_from_bytes(buf, len, &ix, &error) != 0) {
		free(error);
		free(buf);
		return 0;
	}
	(void)guard_index_count(ix);

	memset(&d, 0, sizeof(d));
	d.no_builtin = 1;
	d.known_index = ix;
	fuzz_guard_check(&d, fields, sizeof(fields) / sizeof(fields[0]));
	guard_index_free(ix);
	free(buf);
	return 0;
}
