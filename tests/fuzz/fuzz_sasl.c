/* fuzz_sasl.c: libFuzzer target for what a server sends the SASL client
 * (base64 challenges, SCRAM's server messages) and for msmtp's
 * tls_fingerprint syntax. The first byte picks the mechanism. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "mime.h"
#include "sasl.h"
#include "tls.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* One step with the text given in clear (base64-encoded for the step). */
static int
step(struct sasl *s, const char *text, size_t len)
{
	struct buf b;
	char *out, *err = NULL;

	buf_init(&b);
	mime_base64(&b, text, len);
	out = sasl_step(s, b.s != NULL ? b.s : "", &err);
	buf_free(&b);
	if ((out == NULL) == (err == NULL))
		abort();
	free(out);
	free(err);
	return out != NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	unsigned char pin[TLS_PIN_MAX];
	const char *p, *sep;
	char *s, *dec, *err = NULL;
	struct sasl *sasl;
	size_t n, pinlen;

	if (len < 1)
		return 0;
	s = xstrndup((const char *)data + 1, len - 1);
	/* As a fingerprint and as base64: never past their buffers. */
	if (tls_pin_parse(s, pin, &pinlen) == 0 && pinlen != 32 &&
	    pinlen != 20 && pinlen != 16)
		abort();
	if ((dec = sasl_unbase64(s, &n)) != NULL && n > strlen(s))
		abort();
	free(dec);
	/* As a challenge: raw base64 to sasl_step, then SCRAM's messages
	 * (server-first, then server-final after a '|'). */
	sasl = sasl_new((enum sasl_mech)(data[0] % SASL_GSSAPI), "user",
	    "pencil", "h", 25);
	sasl_set_nonce(sasl, "abc");
	free(sasl_step(sasl, s, &err));
	free(err);
	sasl_free(sasl);
	sasl = sasl_new(data[0] & 1 ? SASL_SCRAM_SHA_1 : SASL_SCRAM_SHA_256,
	    "user", "pencil", "h", 25);
	sasl_set_nonce(sasl, "abc");
	p = s;
	sep = strchr(p, '|');
	n = sep != NULL ? (size_t)(sep - p) : strlen(p);
	if (step(sasl, "", 0) && step(sasl, p, n) && sep != NULL)
		(void)step(sasl, sep + 1, strlen(sep + 1));
	sasl_free(sasl);
	free(s);
	return 0;
}
