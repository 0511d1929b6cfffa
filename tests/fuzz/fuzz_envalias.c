/* fuzz_envalias.c: libFuzzer target for msmtp's aliases file. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "config.h"
#include "envalias.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct envaliases l;
	struct strlist r = { NULL, 0 };
	char *err = NULL;
	size_t i, k;

	if (envalias_parse((const char *)data, len, &l, &err) != 0) {
		if (err == NULL)
			__builtin_trap();
		free(err);
		return 0;
	}
	/* What parsed holds: names without '@', addresses with one. */
	for (i = 0; i < l.n; i++) {
		if (strchr(l.v[i].name, '@') != NULL || l.v[i].addrs.n == 0)
			__builtin_trap();
		for (k = 0; k < l.v[i].addrs.n; k++)
			if (strchr(l.v[i].addrs.v[k], '@') == NULL)
				__builtin_trap();
		strlist_add(&r, l.v[i].name);
	}
	strlist_add(&r, "root");
	strlist_add(&r, "a@b.c");
	envalias_expand(&l, &r);
	strlist_free(&r);
	envalias_free(&l);
	return 0;
}
