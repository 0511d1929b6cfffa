/* test_addr.c: addr_parse_list() and addr_parse_spec(). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common.h"
#include "addr.h"

/* Parses s, which must give exactly one address, valid or not. */
static const struct addr *
parse_one(const char *s, struct addr_list *l)
{
	addr_parse_list(s, l);
	assert_int_equal(l->n, 1);
	return &l->v[0];
}

/* Asserts that s is exactly one valid address with the given parts. */
static void
assert_valid(const char *s, const char *spec, const char *local,
    const char *domain)
{
	struct addr_list l;
	const struct addr *a = parse_one(s, &l);

	if (a->error != NULL)
		fail_msg("\"%s\": unexpected error: %s", s, a->error);
	assert_string_equal(a->spec, spec);
	assert_string_equal(a->local, local);
	assert_string_equal(a->domain, domain);
	addr_list_free(&l);
}

/* Asserts that s is exactly one address, with an error and no spec. */
static void
assert_invalid(const char *s)
{
	struct addr_list l;
	const struct addr *a = parse_one(s, &l);

	if (a->error == NULL)
		fail_msg("\"%s\": accepted as \"%s\"", s,
		    a->spec != NULL ? a->spec : "(null)");
	assert_true(a->error[0] != '\0');
	assert_null(a->spec);
	assert_null(a->local);
	assert_null(a->domain);
	addr_list_free(&l);
}

static void
test_plain(void **state)
{
	struct addr_list l;
	const struct addr *a;

	(void)state;
	a = parse_one("  john@army.mil\t", &l);
	assert_null(a->error);
	assert_string_equal(a->raw, "john@army.mil");
	assert_string_equal(a->spec, "john@army.mil");
	assert_string_equal(a->local, "john");
	assert_string_equal(a->domain, "army.mil");
	assert_null(a->name);
	assert_null(a->group);
	addr_list_free(&l);
	assert_null(l.v);
	assert_int_equal(l.n, 0);

	/* The domain is kept as typed: normalizing it is domain.c's job. */
	assert_valid("John@Army.MIL", "John@Army.MIL", "John", "Army.MIL");
	assert_valid("<a@b.c>", "a@b.c", "a", "b.c");
	assert_valid("first.last+tag@x.org", "first.last+tag@x.org",
	    "first.last+tag", "x.org");
}

static void
test_display_name(void **state)
{
	struct addr_list l;
	const struct addr *a;

	(void)state;
	a = parse_one("John Doe <john@army.mil>", &l);
	assert_null(a->error);
	assert_string_equal(a->raw, "John Doe <john@army.mil>");
	assert_string_equal(a->name, "John Doe");
	assert_string_equal(a->spec, "john@army.mil");
	addr_list_free(&l);

	/* A comment inside the name is part of the name, not the address. */
	a = parse_one("John (c) <john@x.org>", &l);
	assert_null(a->error);
	assert_string_equal(a->spec, "john@x.org");
	addr_list_free(&l);
}

static void
test_quoted_name_comma(void **state)
{
	struct addr_list l;
	const struct addr *a;

	(void)state;
	a = parse_one("\"Doe, John\" <john@army.ml>", &l);
	assert_null(a->error);
	assert_string_equal(a->name, "Doe, John");
	assert_string_equal(a->spec, "john@army.ml");
	assert_string_equal(a->domain, "army.ml");
	addr_list_free(&l);

	addr_parse_list("a@x.org, \"B, C\" <b@y.org>, D <d@z.org>", &l);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[0].spec, "a@x.org");
	assert_null(l.v[0].name);
	assert_string_equal(l.v[1].spec, "b@y.org");
	assert_string_equal(l.v[1].name, "B, C");
	assert_string_equal(l.v[2].spec, "d@z.org");
	assert_string_equal(l.v[2].name, "D");
	addr_list_free(&l);
}

static void
test_group(void **state)
{
	struct addr_list l;

	(void)state;
	addr_parse_list("Team: a@x.org, B <b@y.org>;", &l);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].spec, "a@x.org");
	assert_string_equal(l.v[0].group, "Team");
	assert_null(l.v[0].error);
	assert_string_equal(l.v[1].spec, "b@y.org");
	assert_string_equal(l.v[1].name, "B");
	assert_string_equal(l.v[1].group, "Team");
	assert_null(l.v[1].error);
	addr_list_free(&l);

	/* The group ends at the semicolon. */
	addr_parse_list("x@w.org, Team: a@x.org;, c@z.org", &l);
	assert_int_equal(l.n, 3);
	assert_null(l.v[0].group);
	assert_string_equal(l.v[1].group, "Team");
	assert_string_equal(l.v[2].spec, "c@z.org");
	assert_null(l.v[2].group);
	addr_list_free(&l);

	/* A quoted group name loses its quotes. */
	addr_parse_list("\"My Team\": a@x.org;", &l);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].group, "My Team");
	addr_list_free(&l);
}

static void
test_empty_group(void **state)
{
	struct addr_list l;

	(void)state;
	addr_parse_list("Undisclosed recipients:;", &l);
	assert_int_equal(l.n, 0);
	addr_list_free(&l);

	addr_parse_list("Team:; c@z.org", &l);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].spec, "c@z.org");
	assert_null(l.v[0].group);
	assert_null(l.v[0].error);
	addr_list_free(&l);
}

static void
test_encoded_word(void **state)
{
	struct addr_list l;
	const struct addr *a;

	(void)state;
	a = parse_one("=?UTF-8?B?SsO2cmc=?= <j@x.de>", &l);
	assert_null(a->error);
	assert_string_equal(a->name, "J\xc3\xb6rg");
	assert_string_equal(a->spec, "j@x.de");
	addr_list_free(&l);

	/* Q encoding in another charset is converted to UTF-8. */
	a = parse_one("=?ISO-8859-1?Q?J=F6rg?= <j@x.de>", &l);
	assert_null(a->error);
	assert_string_equal(a->name, "J\xc3\xb6rg");
	addr_list_free(&l);
}

static void
test_bad_specs(void **state)
{
	(void)state;
	assert_invalid("john@@army.mil");
	assert_invalid("john");
	assert_invalid("a..b@c.d");
	assert_invalid(".a@b.c");
	assert_invalid("a.@b.c");
	assert_invalid("@army.mil");
	assert_invalid("john@");
	assert_invalid("a@b@c.d");
	assert_invalid("Jo <john@@army.mil>");
	assert_invalid("<john>");
}

static void
test_no_comma(void **state)
{
	struct addr_list l;
	const struct addr *a;

	(void)state;
	/* One error, not one address "john@army.mljane@navy.mil". */
	a = parse_one("john@army.ml jane@navy.mil", &l);
	assert_non_null(a->error);
	assert_non_null(strstr(a->error, "comma"));
	assert_null(a->spec);
	addr_list_free(&l);
}

static void
test_control_chars(void **state)
{
	(void)state;
	assert_invalid("a@b.c\r\n");
	assert_invalid("a@b.c\rx");
	assert_invalid("a\n@b.c");
	assert_invalid("john\x01@x.org");
	assert_invalid("Jo\x7fhn <j@x.org>");
	assert_invalid("j@x.org\x1b[2J");
	assert_invalid("\"a\r\nb\"@x.org");
}

/* CR/LF reaches the SMTP wire verbatim: a field with one must not pass. */
static void
test_crlf_injection(void **state)
{
	struct addr_list l;
	size_t i, errors = 0;

	(void)state;
	addr_parse_list("a@b.c\r\nRCPT TO:<x@y.z>", &l);
	for (i = 0; i < l.n; i++)
		if (l.v[i].error != NULL)
			errors++;
	assert_true(errors >= 1);
	addr_list_free(&l);
}

/* A group name that was refused is not attached to what follows it. */
static void
test_crlf_group(void **state)
{
	struct addr_list l;
	size_t i;

	(void)state;
	addr_parse_list("a@b.c\r\nRCPT TO:<x@y.z>", &l);
	for (i = 0; i < l.n; i++)
		if (l.v[i].group != NULL &&
		    strpbrk(l.v[i].group, "\r\n") != NULL)
			fail_msg("\"%s\" has a group with a line break",
			    l.v[i].raw);
	addr_list_free(&l);
}

static void
test_bad_utf8(void **state)
{
	(void)state;
	assert_invalid("J\xffrg <j@x.de>");
	assert_invalid("j@x\xc3.de");
	assert_invalid("j\xc0\xaf@x.de");		/* overlong */
	assert_invalid("\xed\xa0\x80 <j@x.de>");	/* surrogate */
	/* Valid UTF-8 in a name is fine. */
	assert_valid("J\xc3\xb6rg <j@x.de>", "j@x.de", "j", "x.de");
}

static void
test_unterminated(void **state)
{
	struct addr_list l;
	const struct addr *a;

	(void)state;
	a = parse_one("\"Doe, John <john@army.ml>", &l);
	assert_non_null(a->error);
	assert_non_null(strstr(a->error, "quote"));
	assert_null(a->spec);
	addr_list_free(&l);

	/* The open quote swallows the comma: still one entry. */
	a = parse_one("\"Doe, John <john@army.ml>, b@x.org", &l);
	assert_non_null(a->error);
	addr_list_free(&l);

	assert_invalid("John <john@army.ml");
	assert_invalid("john@army.ml (comment");
}

static void
test_lengths(void **state)
{
	char *s;
	size_t n = 10000;

	(void)state;
	s = malloc(n + 1);
	assert_non_null(s);
	memset(s, 'a', n);
	memcpy(s + n - 6, "@x.org", 6);
	s[n] = '\0';
	assert_invalid(s);
	free(s);

	/* 64 characters before the @ are the limit. */
	s = xasprintf("%064d@x.org", 0);
	assert_valid(s, s, "0000000000000000000000000000000000000000000000000"
	    "000000000000000", "x.org");
	free(s);
	s = xasprintf("%065d@x.org", 0);
	assert_invalid(s);
	free(s);

	/* 254 characters in all are the limit. */
	s = xasprintf("%064d@%0185d.org", 0, 0);
	assert_int_equal(strlen(s), ADDR_MAX);
	assert_valid(s, s, "0000000000000000000000000000000000000000000000000"
	    "000000000000000", s + 65);
	free(s);
	s = xasprintf("%064d@%0186d.org", 0, 0);
	assert_invalid(s);
	free(s);
}

static void
test_empty_elements(void **state)
{
	struct addr_list l;

	(void)state;
	addr_parse_list("a@b.c, , d@e.f,", &l);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].spec, "a@b.c");
	assert_string_equal(l.v[1].spec, "d@e.f");
	addr_list_free(&l);

	addr_parse_list(",,a@b.c,,", &l);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].spec, "a@b.c");
	addr_list_free(&l);

	addr_parse_list("", &l);
	assert_int_equal(l.n, 0);
	addr_list_free(&l);

	addr_parse_list(" , \t, ", &l);
	assert_int_equal(l.n, 0);
	addr_list_free(&l);
}

static void
test_literals(void **state)
{
	(void)state;
	assert_valid("a@[127.0.0.1]", "a@[127.0.0.1]", "a", "[127.0.0.1]");
	assert_invalid("a@[999.1.1.1]");
	assert_invalid("a@[1.2.3]");
	assert_invalid("a@[1.2.3.4");
	assert_invalid("a@[IPv6:zz::1]");
	assert_invalid("a@[]");
}

static void
test_literal_ipv6(void **state)
{
	(void)state;
	assert_valid("a@[IPv6:::1]", "a@[IPv6:::1]", "a", "[IPv6:::1]");
	assert_valid("<a@[IPv6:2001:db8::1]>", "a@[IPv6:2001:db8::1]", "a",
	    "[IPv6:2001:db8::1]");
}

static void
test_quoted_local(void **state)
{
	(void)state;
	assert_valid("\"a b\"@x.org", "\"a b\"@x.org", "\"a b\"", "x.org");
	assert_valid("\"a@b\"@x.org", "\"a@b\"@x.org", "\"a@b\"", "x.org");
	assert_valid("Jo <\"a b\"@x.org>", "\"a b\"@x.org", "\"a b\"",
	    "x.org");
	assert_invalid("\"a\"b@x.org");
	assert_invalid("a b@x.org");
}

static void
test_quoted_local_comma(void **state)
{
	struct addr_list l;

	(void)state;
	addr_parse_list("\"a,b\"@x.org, c@d.org", &l);
	assert_int_equal(l.n, 2);
	assert_null(l.v[0].error);
	assert_string_equal(l.v[0].spec, "\"a,b\"@x.org");
	assert_string_equal(l.v[1].spec, "c@d.org");
	addr_list_free(&l);
}

static void
test_trailing_comment(void **state)
{
	(void)state;
	assert_valid("john@x.org (John Doe)", "john@x.org", "john", "x.org");
}

static void
test_many(void **state)
{
	struct addr_list l;
	struct buf b;
	char want[32];
	size_t i, n = 10000;

	(void)state;
	buf_init(&b);
	for (i = 0; i < n; i++)
		buf_addf(&b, "%su%zu@x%zu.org", i > 0 ? ", " : "", i, i % 7);
	addr_parse_list(b.s, &l);
	assert_int_equal(l.n, n);
	for (i = 0; i < n; i++) {
		assert_null(l.v[i].error);
		snprintf(want, sizeof(want), "u%zu@x%zu.org", i, i % 7);
		assert_string_equal(l.v[i].spec, want);
	}
	addr_list_free(&l);
	buf_free(&b);
}

static void
test_spec(void **state)
{
	char *local, *domain, *error = NULL;

	(void)state;
	assert_int_equal(addr_parse_spec("john@army.mil", &local, &domain,
	    &error), 0);
	assert_null(error);
	assert_string_equal(local, "john");
	assert_string_equal(domain, "army.mil");
	free(local);
	free(domain);

	assert_int_equal(addr_parse_spec("\"a@b\"@x.org", &local, &domain,
	    &error), 0);
	assert_string_equal(local, "\"a@b\"");
	assert_string_equal(domain, "x.org");
	free(local);
	free(domain);
}

/* A UTF-8 local part is an address (RFC 6531): the transport sends it
 * with SMTPUTF8 or refuses it before anything is sent. */
static void
test_spec_utf8(void **state)
{
	char *local, *domain, *error = NULL;

	(void)state;
	assert_int_equal(addr_parse_spec("j\xc3\xb6rg@x.de", &local, &domain,
	    &error), 0);
	assert_string_equal(local, "j\xc3\xb6rg");
	assert_string_equal(domain, "x.de");
	free(local);
	free(domain);
}

static void
test_spec_errors(void **state)
{
	static const char *const bad[] = {
		"", "john", "john@", "@x.org", "a@b@c.d", "a b@c.d",
		"john@army.ml jane@navy.mil", "a..b@c.d", ".a@b.c",
		"\"a\"b@x.org", "\"ab@x.org", "a@[999.1.1.1]",
		"j\xc3@x.de",		/* UTF-8 cut short */
	};
	char *local, *domain, *error;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		error = NULL;
		local = domain = (char *)1;
		if (addr_parse_spec(bad[i], &local, &domain, &error) != -1)
			fail_msg("\"%s\" accepted", bad[i]);
		assert_non_null(error);
		assert_null(local);
		assert_null(domain);
		free(error);
	}
}

static void
test_spec_control(void **state)
{
	char *local = NULL, *domain = NULL, *error = NULL;
	int rc;

	(void)state;
	rc = addr_parse_spec("\"a\r\nb\"@x.org", &local, &domain, &error);
	free(local);
	free(domain);
	free(error);
	assert_int_equal(rc, -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_display_name),
		cmocka_unit_test(test_quoted_name_comma),
		cmocka_unit_test(test_group),
		cmocka_unit_test(test_empty_group),
		cmocka_unit_test(test_encoded_word),
		cmocka_unit_test(test_bad_specs),
		cmocka_unit_test(test_no_comma),
		cmocka_unit_test(test_control_chars),
		cmocka_unit_test(test_crlf_injection),
		cmocka_unit_test(test_crlf_group),
		cmocka_unit_test(test_bad_utf8),
		cmocka_unit_test(test_unterminated),
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_empty_elements),
		cmocka_unit_test(test_literals),
		cmocka_unit_test(test_literal_ipv6),
		cmocka_unit_test(test_quoted_local),
		cmocka_unit_test(test_quoted_local_comma),
		cmocka_unit_test(test_trailing_comment),
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_spec),
		cmocka_unit_test(test_spec_utf8),
		cmocka_unit_test(test_spec_errors),
		cmocka_unit_test(test_spec_control),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
