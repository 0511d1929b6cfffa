/* fuzz_msmtprc.c: libFuzzer target for the msmtprc parser, eval lines included. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "config.h"
#include "msmtprc.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* eval without a shell: "echo X" prints X, anything else nothing. */
static char *
fuzz_eval(void *arg, const char *cmd, char **errstr)
{
	(void)arg;
	if (strncmp(cmd, "echo ", 5) == 0)
		return xstrdup(cmd + 5);
	*errstr = xstrdup("cannot read output");
	return NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct config c;
	char *err = NULL;

	(void)msmtprc_is_msmtprc((const char *)data, len);
	config_init(&c);
	if (msmtprc_parse(&c, (const char *)data, len, "fuzz", fuzz_eval,
	    NULL, &err) != 0)
		free(err);
	config_free(&c);
	return 0;
}
