/* fuzz_theme.c: libFuzzer target for the theme file parser. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "common.h"
#include "theme.h"
#include "tui.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct theme t;
	char *err = NULL;
	int r;

	t.name = NULL;
	if (theme_parse((const char *)data, len, "fuzz", &t, &err) != 0) {
		if (err == NULL)
			abort();
		free(err);
	}
	/* Whatever the input, every style stays a colour the TUI can map. */
	for (r = 0; r < ROLE_NROLES; r++)
		if (t.style[r].fg < -1 || t.style[r].fg > 255 ||
		    t.style[r].bg < -1 || t.style[r].bg > 255 ||
		    t.style[r].attrs > 0x1f)
			abort();
	return 0;
}
