/*
 * fuzz_resolved.c: libFuzzer target for the Sendguard-Resolved value: the
 * parser takes anything, and a value built from any Message-ID, recipient
 * and domain parses back, verifies and names that domain.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "guard.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The next line of the input (NUL-terminated copy), or "". */
static char *
fuzz_line(const char **p, const char *end)
{
	const char *nl = memchr(*p, '\n', (size_t)(end - *p));
	char *s;

	if (nl == NULL)
		nl = end;
	s = xstrndup(*p, (size_t)(nl - *p));
	*p = nl < end ? nl + 1 : end;
	return s;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static const char *const rcpts[] = { "john@army.ml", "<Jane@Example.com>" };
	struct guard_resolution res;
	struct guard_resolved *r = NULL;
	const char *p = (const char *)data, *end = p + len;
	char *err = NULL, *msgid, *rcpt, *dom, *v;

	if (guard_resolved_parse((const char *)data, len, &r, &err) == 0) {
		(void)guard_resolved_verify(r, "<1@example.org>", rcpts, 2);
		(void)guard_resolved_lookup(r, "army.ml");
		(void)guard_resolved_lookup(r, "b\xc3\xbc" "cher.example");
		(void)guard_resolved_count(r);
		guard_resolved_free(r);
	} else if (err == NULL)
		abort();
	free(err);
	err = NULL;

	msgid = fuzz_line(&p, end);
	rcpt = fuzz_line(&p, end);
	dom = fuzz_line(&p, end);
	res.domain = dom;
	res.how = (enum guard_resolved_how)(len % GUARD_RESOLVED_NHOW);
	res.hidden = (int)(len & 4);
	v = guard_resolved_build(msgid, (const char *const *)&rcpt, 1, &res, 1);
	if (strpbrk(v, "\r\n") != NULL ||
	    guard_resolved_parse(v, strlen(v), &r, &err) != 0)
		abort();
	if (!guard_resolved_verify(r, msgid, (const char *const *)&rcpt, 1) ||
	    guard_resolved_lookup(r, dom) != (int)res.how ||
	    guard_resolved_count(r) != 1)
		abort();
	guard_resolved_free(r);
	free(v);
	free(msgid);
	free(rcpt);
	free(dom);
	return 0;
}
