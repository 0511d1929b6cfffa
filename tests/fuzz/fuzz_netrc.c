/* fuzz_netrc.c: libFuzzer target for the netrc parser. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "common.h"
#include "netrc.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct netrc l;
	size_t i;

	netrc_parse((const char *)data, len, &l);
	/* Every entry kept has a login, and finding it gives its password. */
	for (i = 0; i < l.n; i++) {
		if (l.v[i].login == NULL)
			__builtin_trap();
		if (l.v[i].host != NULL && netrc_find(&l, l.v[i].host,
		    l.v[i].login) == NULL && l.v[i].password != NULL) {
			/* An earlier entry for the same host and login wins. */
			size_t k;

			for (k = 0; k < i; k++)
				if (l.v[k].host != NULL &&
				    strcmp(l.v[k].host, l.v[i].host) == 0 &&
				    strcmp(l.v[k].login, l.v[i].login) == 0)
					break;
			if (k == i)
				__builtin_trap();
		}
	}
	netrc_free(&l);
	return 0;
}
