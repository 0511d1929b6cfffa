/* test_tls.c: pinned fingerprints and credentials (tls_*); the handshake
 * itself is tested against the real server (tests/cli/wire.sh). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common.h"
#include "tls.h"

static void
test_pin_parse(void **state)
{
	unsigned char pin[TLS_PIN_MAX];
	size_t len;

	(void)state;
	assert_int_equal(tls_pin_parse("D2:C2:5C:7E:47:32:19:A1:85:01:E5:25:"
	    "E7:91:69:C4:3B:72:DA:9D:47:DC:1D:4A:E9:39:85:E0:BF:A3:D5:F0", pin,
	    &len), 0);
	assert_int_equal(len, 32);
	assert_int_equal(pin[0], 0xd2);
	assert_int_equal(pin[31], 0xf0);
	assert_int_equal(tls_pin_parse("80:25:2e:29:cc:55:68:82:b7:02:6f:7b:"
	    "0c:a9:fc:db:71:6b:40:c2", pin, &len), 0);
	assert_int_equal(len, 20);
	assert_int_equal(pin[2], 0x2e);
	assert_int_equal(tls_pin_parse("00:11:22:33:44:55:66:77:88:99:aa:bb:"
	    "cc:dd:ee:ff", pin, &len), 0);
	assert_int_equal(len, 16);
	assert_int_equal(tls_pin_parse("", pin, &len), -1);
	assert_int_equal(tls_pin_parse("00:11", pin, &len), -1);
	/* SHA-1 length, but dashes, a bad digit, a missing colon. */
	assert_int_equal(tls_pin_parse("80-25:2e:29:cc:55:68:82:b7:02:6f:7b:"
	    "0c:a9:fc:db:71:6b:40:c2", pin, &len), -1);
	assert_int_equal(tls_pin_parse("8g:25:2e:29:cc:55:68:82:b7:02:6f:7b:"
	    "0c:a9:fc:db:71:6b:40:c2", pin, &len), -1);
	assert_int_equal(tls_pin_parse("80:252e:29:cc:55:68:82:b7:02:6f:7b:"
	    "0c:a9:fc:db:71:6b:40:c2:", pin, &len), -1);
}

static void
test_files(void **state)
{
	struct tls_conf c;
	struct tls *t;
	char *err = NULL;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.trust_file = "/nonexistent/trust.pem";
	assert_int_equal(tls_new(&c, &t, &err), TLS_EFILE);
	assert_null(t);
	assert_non_null(strstr(err, "/nonexistent/trust.pem"));
	free(err);
	err = NULL;
	c.trust_file = NULL;
	c.cert_file = "/nonexistent/cert.pem";
	assert_int_equal(tls_new(&c, &t, &err), TLS_EFILE);
	assert_non_null(strstr(err, "tls_key_file"));
	free(err);
	err = NULL;
	c.key_file = "/nonexistent/key.pem";
	assert_int_equal(tls_new(&c, &t, &err), TLS_EFILE);
	free(err);
	err = NULL;
	/* A pin needs no trust file at all. */
	memset(&c, 0, sizeof(c));
	c.trust_file = "/nonexistent/trust.pem";
	c.pinlen = 32;
	assert_int_equal(tls_new(&c, &t, &err), TLS_OK);
	tls_free(t, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pin_parse),
		cmocka_unit_test(test_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
