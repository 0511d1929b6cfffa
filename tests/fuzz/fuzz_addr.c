/* fuzz_addr.c: libFuzzer target for address lists and the whole guard. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "addr.h"
#include "guard.h"

#define N(a)	(sizeof(a) / sizeof((a)[0]))
#define LIST(a)	((struct guard_list){ (a), N(a) })

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const org[] = { "army.mil" };
static const char *const known[] = { "gmail.com", "paypal.com", "af.mil" };
static const char *const trusted[] = { "gmial.com" };
static const char *const permits[] = { "gmal.com" };
static const char *const block[] = { "*.evil.example" };
static const char *const warn[] = { "example.org" };
static const char *const allow[] = { "partner.ml" };

/* One guard for every input: building it is the slow part. */
static struct guard *
fuzz_guard(void)
{
	static struct guard *g;
	struct guard_data d;
	char *error = NULL;

	if (g != NULL)
		return g;
	memset(&d, 0, sizeof(d));
	d.org_domains = LIST(org);
	d.known = LIST(known);
	d.trusted = LIST(trusted);
	d.permits = LIST(permits);
	d.block = LIST(block);
	d.warn = LIST(warn);
	d.allow = LIST(allow);
	d.no_builtin = 0;
	if (guard_new(&d, &g, &error) != 0)
		abort();
	return g;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	const struct guard *g = fuzz_guard();
	struct addr_list l;
	struct guard_report r;
	struct guard_verdict v;
	char *s;

	s = xmalloc(len + 1);
	memcpy(s, data, len);
	s[len] = '\0';

	addr_parse_list(s, &l);
	addr_list_free(&l);

	guard_report_init(&r);
	guard_check(g, s, &r);
	guard_report_free(&r);

	/* The domain rules alone, without the address parser's limits. */
	guard_check_domain(g, s, &v);
	guard_verdict_free(&v);

	free(s);
	return 0;
}
