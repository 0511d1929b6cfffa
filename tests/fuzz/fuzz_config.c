/* fuzz_config.c: libFuzzer target for the configuration parser. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "common.h"
#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct config c;
	char *err = NULL;

	config_init(&c);
	if (config_parse(&c, (const char *)data, len, "fuzz", &err) != 0)
		free(err);
	config_free(&c);
	return 0;
}
