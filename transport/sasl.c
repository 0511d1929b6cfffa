/*
 * sasl.c: the client side of the SMTP AUTH mechanisms: PLAIN, LOGIN,
 * CRAM-MD5 (RFC 2195), SCRAM-SHA-1 and SCRAM-SHA-256 (RFC 5802, 7677),
 * EXTERNAL, OAUTHBEARER (RFC 7628) and XOAUTH2, with GnuTLS's hashes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include "common.h"
#include "mime.h"
#include "sasl.h"

/* A SCRAM server asking for more rounds than this is refused. */
#define SASL_SCRAM_MAX_ITER	1000000

static const char *const sasl_names[SASL_NMECHS] = {
	[SASL_PLAIN] = "PLAIN", [SASL_LOGIN] = "LOGIN",
	[SASL_CRAM_MD5] = "CRAM-MD5", [SASL_SCRAM_SHA_1] = "SCRAM-SHA-1",
	[SASL_SCRAM_SHA_256] = "SCRAM-SHA-256", [SASL_EXTERNAL] = "EXTERNAL",
	[SASL_OAUTHBEARER] = "OAUTHBEARER", [SASL_XOAUTH2] = "XOAUTH2",
	[SASL_GSSAPI] = "GSSAPI", [SASL_DIGEST_MD5] = "DIGEST-MD5",
	[SASL_NTLM] = "NTLM",
};

struct sasl {
	enum sasl_mech	 mech;
	char		*user;
	char		*password;
	char		*host;
	int		 port;
	int		 step;		/* 334s answered so far */
	char		*nonce;		/* SCRAM: the client's nonce */
	char		*first_bare;	/* SCRAM: client-first-message-bare */
	unsigned char	 server_sig[32]; /* SCRAM: the expected v= */
	size_t		 hlen;		/* SCRAM: the hash's length */
};

const char *
sasl_name(enum sasl_mech m)
{
	return m < SASL_NMECHS ? sasl_names[m] : "?";
}

int
sasl_lookup(const char *name)
{
	int i;

	for (i = 0; i < SASL_NMECHS; i++)
		if (strcasecmp(name, sasl_names[i]) == 0)
			return i;
	return -1;
}

int
sasl_implemented(enum sasl_mech m)
{
	return m < SASL_GSSAPI;
}

int
sasl_choose(unsigned int offered, int tls)
{
	static const enum sasl_mech tls_order[] = {
		SASL_PLAIN, SASL_SCRAM_SHA_256, SASL_SCRAM_SHA_1, SASL_CRAM_MD5,
		SASL_LOGIN,
	};
	static const enum sasl_mech plain_order[] = {
		SASL_SCRAM_SHA_256, SASL_SCRAM_SHA_1,
	};
	const enum sasl_mech *order = tls ? tls_order : plain_order;
	size_t i, n = tls ? sizeof(tls_order) / sizeof(tls_order[0]) :
	    sizeof(plain_order) / sizeof(plain_order[0]);

	for (i = 0; i < n; i++)
		if (offered & (1u << order[i]))
			return (int)order[i];
	return -1;
}

struct sasl *
sasl_new(enum sasl_mech m, const char *user, const char *password,
    const char *host, int port)
{
	struct sasl *s = xcalloc(1, sizeof(*s));

	s->mech = m;
	s->user = xstrdup(user != NULL ? user : "");
	s->password = xstrdup(password != NULL ? password : "");
	s->host = xstrdup(host != NULL ? host : "");
	s->port = port;
	return s;
}

void
sasl_free(struct sasl *s)
{
	if (s == NULL)
		return;
	/* Do not leave the secrets in freed memory. */
	explicit_bzero(s->password, strlen(s->password));
	free(s->password);
	free(s->user);
	free(s->host);
	free(s->nonce);
	free(s->first_bare);
	explicit_bzero(s, sizeof(*s));
	free(s);
}

/* base64 of len bytes, allocated. */
static char *
sasl_b64(const void *p, size_t len)
{
	struct buf b;

	buf_init(&b);
	mime_base64(&b, p, len);
	return buf_take(&b);
}

/* base64 of a string, allocated, and the string wiped. */
static char *
sasl_b64_wipe(struct buf *b)
{
	char *out = sasl_b64(b->s != NULL ? b->s : "", b->len);

	if (b->s != NULL)
		explicit_bzero(b->s, b->len);
	buf_free(b);
	return out;
}

static int
sasl_b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	return c == '+' ? 62 : c == '/' ? 63 : -1;
}

char *
sasl_unbase64(const char *s, size_t *len)
{
	size_t n = strlen(s), i, o = 0;
	unsigned int v = 0;
	char *out;
	int d, bits = 0, pad = 0;

	if (n % 4 != 0)
		return NULL;
	out = xmalloc(n / 4 * 3 + 1);
	for (i = 0; i < n; i++) {
		if (s[i] == '=' && i + 2 >= n && (i + 1 == n || s[i + 1] == '=')) {
			pad++;
			continue;
		}
		if (pad > 0 || (d = sasl_b64val((unsigned char)s[i])) < 0) {
			free(out);
			return NULL;
		}
		v = (v << 6) | (unsigned int)d;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (char)((v >> bits) & 0xff);
		}
	}
	out[o] = '\0';
	*len = o;
	return out;
}

/* "user" for SCRAM's n=: "," and "=" written as "=2C" and "=3D". */
static void
sasl_saslname(struct buf *b, const char *u)
{
	for (; *u != '\0'; u++) {
		if (*u == ',')
			buf_adds(b, "=2C");
		else if (*u == '=')
			buf_adds(b, "=3D");
		else
			buf_addc(b, *u);
	}
}

void
sasl_set_nonce(struct sasl *s, const char *nonce)
{
	free(s->nonce);
	s->nonce = xstrdup(nonce);
}

/* SCRAM's client-first message. */
static char *
sasl_scram_first(struct sasl *s)
{
	unsigned char rnd[18];
	struct buf b;

	if (s->nonce == NULL) {
		if (gnutls_rnd(GNUTLS_RND_NONCE, rnd, sizeof(rnd)) != 0)
			return NULL;
		s->nonce = sasl_b64(rnd, sizeof(rnd));
	}
	buf_init(&b);
	buf_adds(&b, "n=");
	sasl_saslname(&b, s->user);
	buf_addf(&b, ",r=%s", s->nonce);
	s->first_bare = xstrdup(b.s);
	buf_free(&b);
	buf_init(&b);
	buf_addf(&b, "n,,%s", s->first_bare);
	return sasl_b64_wipe(&b);
}

/* The value of attribute a ("r", "s", "i") in a SCRAM message, or NULL. */
static char *
sasl_attr(const char *msg, char a)
{
	const char *p = msg, *end;

	while (p != NULL && *p != '\0') {
		end = strchr(p, ',');
		if (p[0] == a && p[1] == '=')
			return xstrndup(p + 2, end != NULL ? (size_t)(end - p - 2) :
			    strlen(p + 2));
		p = end != NULL ? end + 1 : NULL;
	}
	return NULL;
}

/* SCRAM's client-final message from the server-first message. */
static char *
sasl_scram_final(struct sasl *s, const char *first, char **errstr)
{
	gnutls_mac_algorithm_t mac = s->mech == SASL_SCRAM_SHA_1 ?
	    GNUTLS_MAC_SHA1 : GNUTLS_MAC_SHA256;
	gnutls_digest_algorithm_t dig = s->mech == SASL_SCRAM_SHA_1 ?
	    GNUTLS_DIG_SHA1 : GNUTLS_DIG_SHA256;
	unsigned char salted[32], ckey[32], stored[32], sig[32], skey[32];
	char *nonce = sasl_attr(first, 'r'), *salt64 = sasl_attr(first, 's');
	char *iter = sasl_attr(first, 'i'), *salt = NULL, *out = NULL;
	char *end = NULL;
	gnutls_datum_t key, saltd;
	struct buf msg, fin;
	size_t saltlen, i;
	long n;

	s->hlen = s->mech == SASL_SCRAM_SHA_1 ? 20 : 32;
	buf_init(&msg);
	buf_init(&fin);
	n = iter != NULL ? strtol(iter, &end, 10) : 0;
	if (nonce == NULL || salt64 == NULL || iter == NULL || *end != '\0' ||
	    n < 1 || n > SASL_SCRAM_MAX_ITER ||
	    strncmp(nonce, s->nonce, strlen(s->nonce)) != 0 ||
	    strlen(nonce) == strlen(s->nonce) || strchr(nonce, ',') != NULL ||
	    (salt = sasl_unbase64(salt64, &saltlen)) == NULL) {
		*errstr = xasprintf("%s: the server's first message is not "
		    "valid", sasl_name(s->mech));
		goto done;
	}
	key.data = (unsigned char *)s->password;
	key.size = (unsigned int)strlen(s->password);
	saltd.data = (unsigned char *)salt;
	saltd.size = (unsigned int)saltlen;
	buf_addf(&fin, "c=biws,r=%s", nonce);
	buf_addf(&msg, "%s,%s,%s", s->first_bare, first, fin.s);
	if (gnutls_pbkdf2(mac, &key, &saltd, (unsigned int)n, salted,
	    s->hlen) != 0 ||
	    gnutls_hmac_fast(mac, salted, s->hlen, "Client Key", 10, ckey) != 0 ||
	    gnutls_hash_fast(dig, ckey, s->hlen, stored) != 0 ||
	    gnutls_hmac_fast(mac, stored, s->hlen, msg.s, msg.len, sig) != 0 ||
	    gnutls_hmac_fast(mac, salted, s->hlen, "Server Key", 10, skey) != 0 ||
	    gnutls_hmac_fast(mac, skey, s->hlen, msg.s, msg.len,
	    s->server_sig) != 0) {
		*errstr = xasprintf("%s: the hash functions failed",
		    sasl_name(s->mech));
		goto done;
	}
	for (i = 0; i < s->hlen; i++)
		ckey[i] ^= sig[i];
	buf_adds(&fin, ",p=");
	mime_base64(&fin, ckey, s->hlen);
	out = sasl_b64_wipe(&fin);
done:
	explicit_bzero(salted, sizeof(salted));
	explicit_bzero(ckey, sizeof(ckey));
	free(nonce);
	free(salt64);
	free(iter);
	free(salt);
	buf_free(&msg);
	buf_free(&fin);
	return out;
}

/* Checks SCRAM's server-final message (its proof of the password). */
static char *
sasl_scram_check(struct sasl *s, const char *final, char **errstr)
{
	char *v = sasl_attr(final, 'v'), *sig = NULL, *e;
	size_t len = 0;
	int ok;

	if (v != NULL)
		sig = sasl_unbase64(v, &len);
	ok = sig != NULL && len == s->hlen &&
	    memcmp(sig, s->server_sig, len) == 0;
	free(v);
	free(sig);
	if (ok)
		return xstrdup("");
	if ((e = sasl_attr(final, 'e')) != NULL) {
		*errstr = xasprintf("%s: the server says %s", sasl_name(s->mech),
		    e);
		free(e);
	} else
		*errstr = xasprintf("%s: the server could not prove that it "
		    "knows the password", sasl_name(s->mech));
	return NULL;
}

char *
sasl_initial(struct sasl *s)
{
	struct buf b;

	buf_init(&b);
	switch (s->mech) {
	case SASL_PLAIN:
		buf_addc(&b, '\0');
		buf_adds(&b, s->user);
		buf_addc(&b, '\0');
		buf_adds(&b, s->password);
		return sasl_b64_wipe(&b);
	case SASL_OAUTHBEARER:
		buf_addf(&b, "n,a=%s,\001host=%s\001port=%d\001auth=Bearer %s"
		    "\001\001", s->user, s->host, s->port, s->password);
		return sasl_b64_wipe(&b);
	default:
		buf_free(&b);
		return NULL;
	}
}

char *
sasl_step(struct sasl *s, const char *challenge, char **errstr)
{
	unsigned char digest[16];
	char *chal, *out = NULL;
	size_t len, i;
	struct buf b;
	int step = s->step++;

	if ((chal = sasl_unbase64(challenge, &len)) == NULL) {
		*errstr = xasprintf("%s: the server's challenge is not base64",
		    sasl_name(s->mech));
		return NULL;
	}
	buf_init(&b);
	switch (s->mech) {
	case SASL_LOGIN:
		if (step > 1)
			goto unexpected;
		buf_adds(&b, step == 0 ? s->user : s->password);
		out = sasl_b64_wipe(&b);
		break;
	case SASL_CRAM_MD5:
		if (step > 0)
			goto unexpected;
		if (gnutls_hmac_fast(GNUTLS_MAC_MD5, s->password,
		    strlen(s->password), chal, len, digest) != 0) {
			*errstr = xstrdup("CRAM-MD5: HMAC-MD5 is not available");
			break;
		}
		buf_addf(&b, "%s ", s->user);
		for (i = 0; i < sizeof(digest); i++)
			buf_addf(&b, "%02x", digest[i]);
		out = sasl_b64_wipe(&b);
		break;
	case SASL_SCRAM_SHA_1:
	case SASL_SCRAM_SHA_256:
		if (step == 0)
			out = sasl_scram_first(s);
		else if (step == 1)
			out = sasl_scram_final(s, chal, errstr);
		else if (step == 2)
			out = sasl_scram_check(s, chal, errstr);
		else
			goto unexpected;
		if (out == NULL && *errstr == NULL)
			*errstr = xasprintf("%s: no random numbers",
			    sasl_name(s->mech));
		break;
	case SASL_EXTERNAL:
		if (step > 0)
			goto unexpected;
		buf_adds(&b, s->user);
		out = sasl_b64_wipe(&b);
		break;
	case SASL_XOAUTH2:
		/* A second 334 carries the server's error (JSON): answer it
		 * with nothing and the server says 535. */
		if (step == 0) {
			buf_addf(&b, "user=%s\001auth=Bearer %s\001\001", s->user,
			    s->password);
			out = sasl_b64_wipe(&b);
		} else
			out = xstrdup("");
		break;
	case SASL_OAUTHBEARER:
		out = xstrdup("");	/* the error, as for XOAUTH2 */
		break;
	default:
	unexpected:
		*errstr = xasprintf("%s: the server asked for more than the "
		    "mechanism has to say", sasl_name(s->mech));
		break;
	}
	buf_free(&b);
	explicit_bzero(chal, len);
	free(chal);
	return out;
}
