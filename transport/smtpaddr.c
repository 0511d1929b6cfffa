/*
 * smtpaddr.c: addresses as they go into MAIL FROM and RCPT TO: checked
 * byte by byte (nothing can end the command early), international domains
 * as A-labels, and whether the local part needs SMTPUTF8.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <idn2.h>

#include "common.h"
#include "smtpaddr.h"

/* Whether len bytes at s are all ASCII. */
static int
smtpaddr_ascii(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 0;
	return 1;
}

char *
smtpaddr_wire(const char *a, int *utf8, char **errstr)
{
	const unsigned char *p;
	const char *at;
	char *ace = NULL, *out;
	int rc;

	*utf8 = 0;
	if (a == NULL) {
		*errstr = xstrdup("no address");
		return NULL;
	}
	for (p = (const unsigned char *)a; *p != '\0'; p++) {
		if (*p <= 0x20 || *p == 0x7f || *p == '<' || *p == '>') {
			*errstr = xasprintf("the address holds a character that "
			    "cannot go into SMTP (0x%02x)", *p);
			return NULL;
		}
	}
	if (!utf8_valid(a, strlen(a))) {
		*errstr = xstrdup("the address is not valid UTF-8");
		return NULL;
	}
	at = strrchr(a, '@');
	*utf8 = !smtpaddr_ascii(a, at != NULL ? (size_t)(at - a) : strlen(a));
	if (at == NULL || at[1] == '[' || smtpaddr_ascii(at + 1, strlen(at + 1)))
		out = xstrdup(a);
	else {
		rc = idn2_lookup_u8((const uint8_t *)at + 1, (uint8_t **)&ace,
		    IDN2_NONTRANSITIONAL);
		if (rc != IDN2_OK) {
			*errstr = xasprintf("%s is not a valid international "
			    "domain (%s)", at + 1, idn2_strerror(rc));
			return NULL;
		}
		out = xasprintf("%.*s@%s", (int)(at - a), a, ace);
		idn2_free(ace);
	}
	if (strlen(out) > SMTPADDR_MAX) {
		*errstr = xasprintf("the address is longer than %d bytes",
		    SMTPADDR_MAX);
		free(out);
		return NULL;
	}
	return out;
}
