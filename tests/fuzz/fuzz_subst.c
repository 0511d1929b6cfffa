/*
 * fuzz_subst.c: libFuzzer target for msmtp's %U %H %C %M patterns and for
 * the envelope-from match (pattern and address split at the first NUL).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "account.h"
#include "subst.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char *
fuzz_value(void *arg, char letter, char **errstr)
{
	(void)arg;
	if (letter == 'M') {
		*errstr = xstrdup("no mailname");
		return NULL;
	}
	return xasprintf("[%c]", letter);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	char *s = xstrndup((const char *)data, len), *out, *err = NULL, *from;
	const char *nul = memchr(data, '\0', len);

	/* Without %M nothing can fail, and the text only grows. */
	if ((out = subst_expand(s, "UHC", fuzz_value, NULL, &err)) == NULL ||
	    strlen(out) < strlen(s))
		__builtin_trap();
	free(out);
	if ((out = subst_expand(s, "UHCM", fuzz_value, NULL, &err)) != NULL)
		free(out);
	else
		free(err);
	if (nul != NULL) {
		from = xstrndup(nul + 1, len - (size_t)(nul + 1 -
		    (const char *)data));
		(void)account_from_matches(s, from);
		free(from);
	} else
		(void)account_from_matches(s, s);
	free(s);
	return 0;
}
