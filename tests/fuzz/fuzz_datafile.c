/*
 * fuzz_datafile.c: libFuzzer target for the data files of guard/data/
 * (domains, "#@weight" and "#@mailboxes" lines, counts and weights in a
 * second column), built into an index and queried.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "guard.h"
#include "fuzz_guard.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const fields[] = {
	"a@gmail.com, a@gmial.com, a@gmx.ed, a@g.mail.com, a@uol.com",
	"john@army.ml, x@mail.army.mil, a@armymil.com, a@hmrc.gov.k",
	"a@p\xd0\xb0ypal.com, a@gm\xc3\xa1il.com, a@rnicrosoft.com",
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct guard_text t[2];
	struct guard_index *ix = NULL;
	struct guard_data d;
	char *error = NULL, *text;
	size_t skipped, half = len / 2;

	text = xmalloc(len + 1);
	memcpy(text, data, len);
	text[len] = '\0';
	/* Two files, as the shipped data is several: directives stop at
	 * the end of their file. */
	t[0] = (struct guard_text){ "a", text, half, GUARD_SRC_PROVIDER };
	t[1] = (struct guard_text){ "b", text + half, len - half,
	    GUARD_SRC_LIST };
	if (guard_index_build_texts(t, 2, NULL, NULL, &skipped, &ix,
	    &error) != 0)
		abort();
	memset(&d, 0, sizeof(d));
	d.shipped = ix;
	fuzz_guard_check(&d, fields, sizeof(fields) / sizeof(fields[0]));
	guard_index_free(ix);
	free(text);
	return 0;
}
