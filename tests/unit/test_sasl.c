/* test_sasl.c: the AUTH mechanisms (sasl_*) against their RFCs' vectors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common.h"
#include "mime.h"
#include "sasl.h"

/* base64 of a string. */
static char *
b64(const char *s, size_t len)
{
	struct buf b;

	buf_init(&b);
	mime_base64(&b, s, len);
	return buf_take(&b);
}

/* The decoded answer to a challenge given in clear text. */
static char *
step(struct sasl *s, const char *challenge, size_t *len)
{
	char *c = b64(challenge, strlen(challenge)), *err = NULL, *r, *out;

	r = sasl_step(s, c, &err);
	free(c);
	if (r == NULL) {
		free(err);
		return NULL;
	}
	out = sasl_unbase64(r, len);
	free(r);
	assert_non_null(out);
	return out;
}

static void
test_names(void **state)
{
	(void)state;
	assert_int_equal(sasl_lookup("cram-md5"), SASL_CRAM_MD5);
	assert_int_equal(sasl_lookup("SCRAM-SHA-256"), SASL_SCRAM_SHA_256);
	assert_int_equal(sasl_lookup("xoauth2"), SASL_XOAUTH2);
	assert_int_equal(sasl_lookup("ntlm"), SASL_NTLM);
	assert_int_equal(sasl_lookup("on"), -1);
	assert_int_equal(sasl_lookup("plain2"), -1);
	assert_string_equal(sasl_name(SASL_OAUTHBEARER), "OAUTHBEARER");
	assert_true(sasl_implemented(SASL_EXTERNAL));
	assert_false(sasl_implemented(SASL_GSSAPI));
	assert_false(sasl_implemented(SASL_DIGEST_MD5));
}

/* msmtp 1.8.23's choice for "auth on", checked against msmtp itself. */
static void
test_choose(void **state)
{
	unsigned int all = 0;
	int i;

	(void)state;
	for (i = 0; i < SASL_NMECHS; i++)
		all |= 1u << i;
	assert_int_equal(sasl_choose(all, 1), SASL_PLAIN);
	assert_int_equal(sasl_choose(all & ~(1u << SASL_PLAIN), 1),
	    SASL_SCRAM_SHA_256);
	assert_int_equal(sasl_choose(1u << SASL_LOGIN | 1u << SASL_CRAM_MD5 |
	    1u << SASL_SCRAM_SHA_1, 1), SASL_SCRAM_SHA_1);
	assert_int_equal(sasl_choose(1u << SASL_LOGIN | 1u << SASL_CRAM_MD5, 1),
	    SASL_CRAM_MD5);
	assert_int_equal(sasl_choose(1u << SASL_LOGIN | 1u << SASL_EXTERNAL,
	    1), SASL_LOGIN);
	/* Never chosen by themselves: EXTERNAL, OAUTHBEARER, XOAUTH2. */
	assert_int_equal(sasl_choose(1u << SASL_EXTERNAL |
	    1u << SASL_XOAUTH2 | 1u << SASL_OAUTHBEARER, 1), -1);
	/* Without TLS only SCRAM: never a password in clear. */
	assert_int_equal(sasl_choose(all, 0), SASL_SCRAM_SHA_256);
	assert_int_equal(sasl_choose(1u << SASL_PLAIN | 1u << SASL_LOGIN |
	    1u << SASL_CRAM_MD5, 0), -1);
}

static void
test_plain_login(void **state)
{
	struct sasl *s;
	size_t len;
	char *ir, *out;

	(void)state;
	s = sasl_new(SASL_PLAIN, "user", "s3cret", "h", 25);
	ir = sasl_initial(s);
	assert_string_equal(ir, "AHVzZXIAczNjcmV0");
	free(ir);
	sasl_free(s);
	s = sasl_new(SASL_LOGIN, "user", "s3cret", "h", 25);
	assert_null(sasl_initial(s));
	out = step(s, "User Name", &len);
	assert_string_equal(out, "user");
	free(out);
	out = step(s, "Password", &len);
	assert_string_equal(out, "s3cret");
	free(out);
	assert_null(step(s, "More", &len));
	sasl_free(s);
}

/* RFC 2195's example. */
static void
test_cram_md5(void **state)
{
	struct sasl *s;
	size_t len;
	char *out;

	(void)state;
	s = sasl_new(SASL_CRAM_MD5, "tim", "tanstaaftanstaaf", "h", 25);
	assert_null(sasl_initial(s));
	out = step(s, "<1896.697170952@postoffice.reston.mci.net>", &len);
	assert_string_equal(out, "tim b913a602c7eda7a495b4e6e7334d3890");
	free(out);
	sasl_free(s);
}

/* SCRAM through its three 334s with the RFC's nonce; NULL for the proof
 * that is expected to fail. */
static void
scram(enum sasl_mech m, const char *nonce, const char *first,
    const char *final, const char *server_final, const char *bad_final)
{
	struct sasl *s;
	size_t len;
	char *out, *err = NULL, *c;

	s = sasl_new(m, "user", "pencil", "h", 25);
	sasl_set_nonce(s, nonce);
	assert_null(sasl_initial(s));
	out = step(s, "", &len);
	c = xasprintf("n,,n=user,r=%s", nonce);
	assert_string_equal(out, c);
	free(c);
	free(out);
	out = step(s, first, &len);
	assert_string_equal(out, final);
	free(out);
	if (bad_final != NULL) {
		c = b64(bad_final, strlen(bad_final));
		assert_null(sasl_step(s, c, &err));
		assert_non_null(strstr(err, "could not prove"));
		free(err);
		free(c);
	} else {
		out = step(s, server_final, &len);
		assert_int_equal(len, 0);
		free(out);
	}
	sasl_free(s);
}

static void
test_scram_sha1(void **state)
{
	(void)state;
	scram(SASL_SCRAM_SHA_1, "fyko+d2lbbFgONRv9qkxdawL",
	    "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,"
	    "i=4096",
	    "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,"
	    "p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=",
	    "v=rmF9pqV8S7suAoZWja4dJRkFsKQ=", NULL);
	scram(SASL_SCRAM_SHA_1, "fyko+d2lbbFgONRv9qkxdawL",
	    "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,"
	    "i=4096",
	    "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,"
	    "p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=", NULL,
	    "v=AAF9pqV8S7suAoZWja4dJRkFsKQ=");
}

/* RFC 7677's example. */
static void
test_scram_sha256(void **state)
{
	(void)state;
	scram(SASL_SCRAM_SHA_256, "rOprNGfwEbeRWgbNEkqO",
	    "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
	    "s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
	    "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
	    "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
	    "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=", NULL);
}

/* A server-first message that cannot be trusted is refused. */
static void
test_scram_bad_server(void **state)
{
	static const char *const bad[] = {
		"r=othernonce,s=QSXCR+Q6sek8bf92,i=4096",	/* not ours */
		"r=abc,s=QSXCR+Q6sek8bf92,i=4096",	/* nothing added */
		"r=abcdef,s=!!!!,i=4096",		/* salt not base64 */
		"r=abcdef,s=QSXCR+Q6sek8bf92,i=0",
		"r=abcdef,s=QSXCR+Q6sek8bf92,i=99999999",
		"r=abcdef,s=QSXCR+Q6sek8bf92",
		"e=other-error",
	};
	struct sasl *s;
	size_t i, len;
	char *out, *c, *err;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		s = sasl_new(SASL_SCRAM_SHA_1, "user", "pencil", "h", 25);
		sasl_set_nonce(s, "abc");
		free(step(s, "", &len));
		c = b64(bad[i], strlen(bad[i]));
		err = NULL;
		out = sasl_step(s, c, &err);
		assert_null(out);
		assert_non_null(err);
		free(err);
		free(c);
		sasl_free(s);
	}
}

/* The user name in SCRAM's n=: "," and "=" escaped. */
static void
test_scram_saslname(void **state)
{
	struct sasl *s;
	size_t len;
	char *out;

	(void)state;
	s = sasl_new(SASL_SCRAM_SHA_256, "a,b=c", "p", "h", 25);
	sasl_set_nonce(s, "N");
	out = step(s, "", &len);
	assert_string_equal(out, "n,,n=a=2Cb=3Dc,r=N");
	free(out);
	sasl_free(s);
}

/* msmtp's built-in OAUTHBEARER (initial response) and XOAUTH2 (after a
 * 334), and the empty answer to a server's error. */
static void
test_oauth(void **state)
{
	struct sasl *s;
	size_t len;
	char *ir, *out;

	(void)state;
	s = sasl_new(SASL_OAUTHBEARER, "user", "tok", "mail.example.org", 587);
	ir = sasl_initial(s);
	out = sasl_unbase64(ir, &len);
	assert_memory_equal(out, "n,a=user,\001host=mail.example.org\001"
	    "port=587\001auth=Bearer tok\001\001", len);
	free(out);
	free(ir);
	out = step(s, "{\"status\":\"invalid_token\"}", &len);
	assert_int_equal(len, 0);
	free(out);
	sasl_free(s);
	s = sasl_new(SASL_XOAUTH2, "user", "tok", "h", 25);
	assert_null(sasl_initial(s));
	out = step(s, "", &len);
	assert_memory_equal(out, "user=user\001auth=Bearer tok\001\001", len);
	free(out);
	out = step(s, "{\"status\":\"400\"}", &len);
	assert_int_equal(len, 0);
	free(out);
	sasl_free(s);
	s = sasl_new(SASL_EXTERNAL, "user", NULL, "h", 25);
	assert_null(sasl_initial(s));
	out = step(s, "", &len);
	assert_string_equal(out, "user");
	free(out);
	sasl_free(s);
}

static void
test_unbase64(void **state)
{
	size_t len;
	char *out;

	(void)state;
	out = sasl_unbase64("", &len);
	assert_int_equal(len, 0);
	free(out);
	out = sasl_unbase64("YQ==", &len);
	assert_int_equal(len, 1);
	assert_string_equal(out, "a");
	free(out);
	out = sasl_unbase64("YWI=", &len);
	assert_string_equal(out, "ab");
	free(out);
	assert_null(sasl_unbase64("YQ=", &len));
	assert_null(sasl_unbase64("Y===", &len));
	assert_null(sasl_unbase64("YQ==YQ==", &len));
	assert_null(sasl_unbase64("Y Q=", &len));
	assert_null(sasl_unbase64("=YQ=", &len));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_choose),
		cmocka_unit_test(test_plain_login),
		cmocka_unit_test(test_cram_md5),
		cmocka_unit_test(test_scram_sha1),
		cmocka_unit_test(test_scram_sha256),
		cmocka_unit_test(test_scram_bad_server),
		cmocka_unit_test(test_scram_saslname),
		cmocka_unit_test(test_oauth),
		cmocka_unit_test(test_unbase64),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
