/* fuzz_smtpreply.c: libFuzzer target for SMTP replies and EHLO
 * capabilities (smtpreply_line, smtpreply_caps), one reply per line group. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "sasl.h"
#include "smtpreply.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
mech(const char *name)
{
	return sasl_lookup(name);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	const char *p = (const char *)data, *end = p + len, *nl;
	struct smtp_caps caps;
	struct smtp_reply r;
	size_t n;
	int rc;

	smtpreply_init(&r);
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		rc = smtpreply_line(&r, p, n);
		if (rc != 0) {
			if (rc == 1) {
				smtpreply_caps(&r, &caps, mech);
				if (caps.flags & SMTPCAP_SIZE && caps.size < 0)
					abort();
			}
			smtpreply_reset(&r);
		}
		p = nl != NULL ? nl + 1 : end;
	}
	smtpreply_free(&r);
	return 0;
}
