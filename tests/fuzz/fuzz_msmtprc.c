/* fuzz_msmtprc.c: libFuzzer target for the msmtprc parser. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "common.h"
#include "config.h"
#include "msmtprc.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct config c;
	char *err = NULL;

	(void)msmtprc_is_msmtprc((const char *)data, len);
	config_init(&c);
	if (msmtprc_parse(&c, (const char *)data, len, "fuzz", NULL, NULL,
	    &err) != 0)
		free(err);
	config_free(&c);
	return 0;
}
