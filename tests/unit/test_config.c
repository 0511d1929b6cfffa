/* test_config.c: the configuration parser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common.h"
#include "config.h"

static int
parse(struct config *c, const char *text, char **err)
{
	config_init(c);
	*err = NULL;
	return config_parse(c, text, strlen(text), "cfg", err);
}

static void
test_guard_section(void **state)
{
	struct config c;
	char *err;

	(void)state;
	assert_int_equal(parse(&c, "# c\n[guard]\norg_domains = army.mil, "
	    "navy.mil\nblock = *.ml\nblock = *.cm\nwarn = example.org\n"
	    "allow = partner.ml\nmarkings = FOUO, Not Releasable\n"
	    "large_audience = 40\nknown_domains = /x/y\n", &err), 0);
	assert_int_equal(c.org_domains.n, 2);
	assert_string_equal(c.org_domains.v[1], "navy.mil");
	assert_int_equal(c.block.n, 2);
	assert_string_equal(c.block.v[1], "*.cm");
	assert_int_equal(c.markings.n, 2);
	assert_string_equal(c.markings.v[1], "Not Releasable");
	assert_int_equal(c.large_audience, 40);
	assert_string_equal(c.known_domains, "/x/y");
	config_free(&c);
}

/* The milter's keys: defaults, values, and what is refused. */
static void
test_milter_keys(void **state)
{
	struct config c;
	char *err = NULL;

	(void)state;
	assert_int_equal(parse(&c, "[guard]\norg_domains = army.mil\n", &err),
	    0);
	assert_int_equal(c.milter_action, CONFIG_MILTER_REJECT);
	assert_int_equal(c.milter_honour_resolved, 1);
	config_free(&c);
	assert_int_equal(parse(&c, "[guard]\nmilter_action = quarantine\n"
	    "milter_honour_resolved = no\nmilter_action = tag\n", &err), 0);
	assert_int_equal(c.milter_action, CONFIG_MILTER_TAG);
	assert_int_equal(c.milter_honour_resolved, 0);
	config_free(&c);
	assert_int_equal(parse(&c, "[guard]\nmilter_action = bounce\n", &err),
	    -1);
	assert_non_null(strstr(err, "cfg:2: milter_action must be reject, "
	    "quarantine or tag"));
	free(err);
	config_free(&c);
	assert_int_equal(parse(&c, "[guard]\nmilter_honour_resolved = maybe\n",
	    &err), -1);
	assert_non_null(strstr(err, "cfg:2: milter_honour_resolved"));
	free(err);
	config_free(&c);
}

static void
test_accounts(void **state)
{
	struct config c;
	char *err;

	(void)state;
	assert_int_equal(parse(&c, "[account work]\nhost = smtp.x.org\n"
	    "port = 465\ntls = tls\nuser = me\npasswordeval = \"pass x\"\n"
	    "queue = on\n[account home]\nhost = localhost\ntls = off\n"
	    "[ui]\ntheme = mono\n", &err), 0);
	assert_int_equal(c.naccounts, 2);
	assert_string_equal(c.accounts[0].name, "work");
	assert_int_equal(c.accounts[0].port, 465);
	assert_int_equal(c.accounts[0].tls, CONFIG_TLS_TLS);
	assert_string_equal(c.accounts[0].passwordeval, "pass x");
	assert_int_equal(c.accounts[0].queue, 1);
	assert_int_equal(c.accounts[1].tls, CONFIG_TLS_OFF);
	assert_string_equal(c.theme, "mono");
	config_free(&c);
}

/* Each broken text fails with the line it names. */
static void
test_errors(void **state)
{
	static const struct {
		const char *text;
		const char *msg;
	} cases[] = {
		{ "[guard]\nbogus = 1\n", "cfg:2: unknown key in [guard]" },
		{ "org_domains = a.b\n", "cfg:1: key outside a section" },
		{ "[nope]\n", "cfg:1: unknown section" },
		{ "[guard\n", "cfg:1: a section line must end with ]" },
		{ "[guard]\n\n\nblock = a*b\n", "cfg:4: bad domain pattern" },
		{ "[guard]\norg_domains = a..b\n", "cfg:2: \"a..b\" is not" },
		{ "[guard]\nlarge_audience = many\n", "cfg:2: large_audience" },
		{ "[account a]\nport = 0\n", "cfg:2: port must be" },
		{ "[account a]\ntls = maybe\n", "cfg:2: tls must be" },
		{ "[account a]\n[account a]\n", "cfg:2: this account is" },
		{ "[account]\n", "cfg:1: unknown section" },
		{ "[guard]\nx\n", "cfg:2: expected key = value" },
		{ "[guard]\n= x\n", "cfg:2: a key is missing" },
		{ "[guard]\norg_domains = \xff\n", "cfg:2: not valid UTF-8" },
	};
	struct config c;
	char *err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(parse(&c, cases[i].text, &err), -1);
		assert_non_null(err);
		if (strncmp(err, cases[i].msg, strlen(cases[i].msg)) != 0)
			fail_msg("case %zu: got \"%s\", want \"%s...\"", i,
			    err, cases[i].msg);
		free(err);
		config_free(&c);
	}
}

static void
test_nul_and_long_lines(void **state)
{
	struct config c;
	char *err, *big;

	(void)state;
	config_init(&c);
	assert_int_equal(config_parse(&c, "[guard]\n\0x\n", 11, "cfg", &err),
	    -1);
	assert_string_equal(err, "cfg:2: a NUL byte in the line");
	free(err);
	config_free(&c);
	big = xmalloc(20001);
	memset(big, 'x', 20000);
	big[20000] = '\0';
	assert_int_equal(parse(&c, big, &err), -1);
	assert_string_equal(err, "cfg:1: line too long");
	free(err);
	free(big);
	config_free(&c);
}

/* [account] takes msmtp's keys too, and [delivery] the outbox. */
static void
test_msmtp_keys_and_delivery(void **state)
{
	struct config c;
	char *err;

	(void)state;
	assert_int_equal(parse(&c, "[account work]\nhost = smtp.x.org\n"
	    "domain = client.x.org\ndsn_notify = failure,delay\n"
	    "auth = plain\nundisclosed_recipients = on\n"
	    "aliases = /etc/aliases\nsyslog = LOG_MAIL\n"
	    "[delivery]\noutbox = on\n", &err), 0);
	assert_string_equal(c.accounts[0].domain, "client.x.org");
	assert_string_equal(c.accounts[0].dsn_notify, "FAILURE,DELAY");
	assert_string_equal(c.accounts[0].auth_method, "plain");
	assert_int_equal(c.accounts[0].undisclosed_recipients, 1);
	assert_string_equal(c.accounts[0].syslog, "LOG_MAIL");
	assert_int_equal(c.accounts[0].msmtp, 0);
	assert_int_equal(c.accounts[0].tls, CONFIG_TLS_STARTTLS);
	assert_int_equal(c.outbox, 1);
	config_free(&c);

	assert_int_equal(parse(&c, "[account a]\ndsn_return = some\n", &err),
	    -1);
	assert_string_equal(err, "cfg:2: invalid argument some for command "
	    "dsn_return");
	free(err);
	config_free(&c);
	assert_int_equal(parse(&c, "[delivery]\noutbox = perhaps\n", &err),
	    -1);
	assert_string_equal(err, "cfg:2: outbox must be on or off");
	free(err);
	config_free(&c);
	assert_int_equal(parse(&c, "[account a]\nproxy_host = x\n", &err), 0);
	assert_non_null(strstr(c.accounts[0].refused, "cfg:2: proxy_host"));
	config_free(&c);
	/* Without the section, no outbox (-1: not said). */
	assert_int_equal(parse(&c, "[guard]\n", &err), 0);
	assert_int_equal(c.outbox, -1);
	config_free(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_msmtp_keys_and_delivery),
		cmocka_unit_test(test_guard_section),
		cmocka_unit_test(test_milter_keys),
		cmocka_unit_test(test_accounts),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_nul_and_long_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
