/*
 * tls.c: TLS with GnuTLS, as msmtp uses it: the system's trust or a trust
 * file, a client certificate, the server's name checked (or the name given
 * by tls_host_override), or a pinned certificate fingerprint instead; and
 * what --serverinfo shows of the session.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "common.h"
#include "tls.h"

struct tls {
	struct tls_conf				 conf;
	gnutls_certificate_credentials_t	 cred;
	gnutls_session_t			 session;
	int					 fd;
	struct tls_info				 info;
};

int
tls_pin_parse(const char *s, unsigned char out[TLS_PIN_MAX], size_t *len)
{
	size_t n = strlen(s), i;
	int hi, lo;

	if (n != 32 * 3 - 1 && n != 20 * 3 - 1 && n != 16 * 3 - 1)
		return -1;
	for (i = 0; i * 3 < n; i++) {
		hi = str_hexval((unsigned char)s[i * 3]);
		lo = str_hexval((unsigned char)s[i * 3 + 1]);
		if (hi < 0 || lo < 0 || (i * 3 + 2 < n && s[i * 3 + 2] != ':'))
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	*len = (n + 1) / 3;
	return 0;
}

int
tls_new(const struct tls_conf *conf, struct tls **out, char **errstr)
{
	struct tls *t;
	int rc;

	*out = NULL;
	t = xcalloc(1, sizeof(*t));
	t->conf = *conf;
	t->fd = -1;
	if ((rc = gnutls_certificate_allocate_credentials(&t->cred)) < 0) {
		*errstr = xasprintf("cannot start TLS: %s", gnutls_strerror(rc));
		free(t);
		return TLS_ELIB;
	}
	if ((conf->cert_file == NULL) != (conf->key_file == NULL)) {
		*errstr = xstrdup("a client certificate needs both "
		    "tls_cert_file and tls_key_file");
		tls_free(t, 0);
		return TLS_EFILE;
	}
	if (conf->cert_file != NULL && (rc =
	    gnutls_certificate_set_x509_key_file(t->cred, conf->cert_file,
	    conf->key_file, GNUTLS_X509_FMT_PEM)) < 0) {
		*errstr = xasprintf("cannot use the client certificate %s with "
		    "the key %s: %s", conf->cert_file, conf->key_file,
		    gnutls_strerror(rc));
		tls_free(t, 0);
		return TLS_EFILE;
	}
	if (conf->pinlen > 0)
		;	/* the pin replaces the trust, as in msmtp */
	else if (conf->trust_file == NULL ||
	    strcmp(conf->trust_file, "system") == 0) {
		if ((rc = gnutls_certificate_set_x509_system_trust(t->cred)) <
		    0) {
			*errstr = xasprintf("cannot read the system's trusted "
			    "certificates: %s", gnutls_strerror(rc));
			tls_free(t, 0);
			return TLS_EFILE;
		}
	} else if ((rc = gnutls_certificate_set_x509_trust_file(t->cred,
	    conf->trust_file, GNUTLS_X509_FMT_PEM)) <= 0) {
		*errstr = xasprintf("cannot read trusted certificates from %s: "
		    "%s", conf->trust_file, rc == 0 ? "no certificate in it" :
		    gnutls_strerror(rc));
		tls_free(t, 0);
		return TLS_EFILE;
	}
	*out = t;
	return TLS_OK;
}

/* GnuTLS's writes, without SIGPIPE when the server has gone. */
static ssize_t
tls_push(gnutls_transport_ptr_t p, const void *data, size_t len)
{
	struct tls *t = p;

	return send(t->fd, data, len, MSG_NOSIGNAL);
}

static ssize_t
tls_pull(gnutls_transport_ptr_t p, void *data, size_t len)
{
	struct tls *t = p;

	return recv(t->fd, data, len, 0);
}

static int
tls_pull_timeout(gnutls_transport_ptr_t p, unsigned int ms)
{
	struct tls *t = p;

	return gnutls_system_recv_timeout((gnutls_transport_ptr_t)(intptr_t)
	    t->fd, ms);
}

/* "AB:CD:..." of len bytes into out. */
static void
tls_hex(char *out, const unsigned char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		snprintf(out + i * 3, 4, "%02X%s", p[i], i + 1 < len ? ":" : "");
}

/* An allocated DN of the certificate (subject, or issuer), or NULL. */
static char *
tls_dn(gnutls_x509_crt_t crt, int issuer)
{
	gnutls_datum_t d;
	char *s;

	/* The certificate's own order, as msmtp's gnutls_x509_crt_get_dn. */
	if ((issuer ? gnutls_x509_crt_get_issuer_dn3(crt, &d,
	    GNUTLS_X509_DN_FLAG_COMPAT) : gnutls_x509_crt_get_dn3(crt, &d,
	    GNUTLS_X509_DN_FLAG_COMPAT)) < 0)
		return NULL;
	s = xstrndup((const char *)d.data, d.size);
	gnutls_free(d.data);
	return s;
}

/* Reads the certificate, checks the pin (if any). */
static int
tls_certificate(struct tls *t, char **errstr)
{
	const gnutls_datum_t *peers;
	unsigned char fp[TLS_PIN_MAX], pin[TLS_PIN_MAX];
	unsigned int npeers = 0;
	gnutls_x509_crt_t crt;
	size_t len;
	char *s;

	if ((peers = gnutls_certificate_get_peers(t->session, &npeers)) == NULL ||
	    npeers == 0 || gnutls_x509_crt_init(&crt) < 0) {
		*errstr = xstrdup("TLS certificate verification failed: no "
		    "certificate was found");
		return TLS_ECERT;
	}
	if (gnutls_x509_crt_import(crt, &peers[0], GNUTLS_X509_FMT_DER) < 0) {
		gnutls_x509_crt_deinit(crt);
		*errstr = xstrdup("TLS certificate verification failed: the "
		    "certificate cannot be read");
		return TLS_ECERT;
	}
	len = sizeof(fp);
	if (gnutls_x509_crt_get_fingerprint(crt, GNUTLS_DIG_SHA256, fp,
	    &len) == 0)
		tls_hex(t->info.sha256, fp, len);
	len = sizeof(fp);
	if (gnutls_x509_crt_get_fingerprint(crt, GNUTLS_DIG_SHA1, fp, &len) == 0)
		tls_hex(t->info.sha1, fp, len);
	t->info.activation = gnutls_x509_crt_get_activation_time(crt);
	t->info.expiration = gnutls_x509_crt_get_expiration_time(crt);
	t->info.subject = tls_dn(crt, 0);
	t->info.issuer = tls_dn(crt, 1);
	if ((s = gnutls_session_get_desc(t->session)) != NULL) {
		t->info.params = xstrdup(s);
		gnutls_free(s);
	}
	len = t->conf.pinlen;
	if (len > 0 && (gnutls_x509_crt_get_fingerprint(crt, len == 32 ?
	    GNUTLS_DIG_SHA256 : len == 20 ? GNUTLS_DIG_SHA1 : GNUTLS_DIG_MD5,
	    pin, &len) != 0 || len != t->conf.pinlen ||
	    memcmp(pin, t->conf.pin, len) != 0)) {
		gnutls_x509_crt_deinit(crt);
		*errstr = xstrdup("TLS certificate verification failed: the "
		    "certificate fingerprint does not match");
		return TLS_ECERT;
	}
	gnutls_x509_crt_deinit(crt);
	return TLS_OK;
}

/* Verifies the chain and the name (no pin). */
static int
tls_verify(struct tls *t, char **errstr)
{
	unsigned int status = 0;
	gnutls_datum_t txt;
	size_t n;
	int rc;

	if ((rc = gnutls_certificate_verify_peers3(t->session, t->conf.name,
	    &status)) < 0) {
		*errstr = xasprintf("TLS certificate verification failed: %s",
		    gnutls_strerror(rc));
		return TLS_ECERT;
	}
	if (status == 0)
		return TLS_OK;
	if (gnutls_certificate_verification_status_print(status,
	    GNUTLS_CRT_X509, &txt, 0) < 0) {
		*errstr = xstrdup("TLS certificate verification failed");
		return TLS_ECERT;
	}
	n = txt.size;
	while (n > 0 && txt.data[n - 1] == ' ')
		n--;
	*errstr = xasprintf("TLS certificate verification failed: %.*s",
	    (int)n, (const char *)txt.data);
	gnutls_free(txt.data);
	return TLS_ECERT;
}

/* Whether s is a numeric IPv4 or IPv6 address (no SNI for those). */
static int
tls_is_ip(const char *s)
{
	unsigned char a[16];

	return inet_pton(AF_INET, s, a) == 1 || inet_pton(AF_INET6, s, a) == 1;
}

int
tls_handshake(struct tls *t, int fd, char **errstr)
{
	unsigned int ms = t->conf.timeout > 0 ?
	    (unsigned int)t->conf.timeout * 1000 : GNUTLS_INDEFINITE_TIMEOUT;
	int rc;

	t->fd = fd;
	if ((rc = gnutls_init(&t->session, GNUTLS_CLIENT)) < 0 ||
	    (rc = gnutls_set_default_priority(t->session)) < 0 ||
	    (rc = gnutls_credentials_set(t->session, GNUTLS_CRD_CERTIFICATE,
	    t->cred)) < 0) {
		*errstr = xasprintf("cannot start TLS: %s", gnutls_strerror(rc));
		return TLS_ELIB;
	}
	if (t->conf.name != NULL && !tls_is_ip(t->conf.name))
		(void)gnutls_server_name_set(t->session, GNUTLS_NAME_DNS,
		    t->conf.name, strlen(t->conf.name));
	gnutls_transport_set_ptr(t->session, t);
	gnutls_transport_set_push_function(t->session, tls_push);
	gnutls_transport_set_pull_function(t->session, tls_pull);
	gnutls_transport_set_pull_timeout_function(t->session,
	    tls_pull_timeout);
	gnutls_handshake_set_timeout(t->session, ms);
	gnutls_record_set_timeout(t->session, ms);
	do
		rc = gnutls_handshake(t->session);
	while (rc < 0 && !gnutls_error_is_fatal(rc) && rc != GNUTLS_E_TIMEDOUT);
	if (rc < 0) {
		*errstr = xasprintf("TLS handshake failed: %s",
		    gnutls_strerror(rc));
		return rc == GNUTLS_E_TIMEDOUT ? TLS_ETIMEOUT : TLS_EHANDSHAKE;
	}
	if ((rc = tls_certificate(t, errstr)) != TLS_OK)
		return rc;
	return t->conf.pinlen > 0 ? TLS_OK : tls_verify(t, errstr);
}

const struct tls_info *
tls_info(struct tls *t)
{
	return &t->info;
}

ssize_t
tls_read(struct tls *t, void *buf, size_t len)
{
	ssize_t n;

	do
		n = gnutls_record_recv(t->session, buf, len);
	while (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED);
	if (n == GNUTLS_E_PREMATURE_TERMINATION)
		return 0;
	if (n < 0) {
		errno = n == GNUTLS_E_TIMEDOUT ? ETIMEDOUT : EIO;
		return -1;
	}
	return n;
}

int
tls_write(struct tls *t, const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t n;

	while (len > 0) {
		n = gnutls_record_send(t->session, p, len);
		if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED)
			continue;
		if (n < 0) {
			errno = EIO;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

void
tls_free(struct tls *t, int bye)
{
	if (t == NULL)
		return;
	if (t->session != NULL) {
		if (bye)
			(void)gnutls_bye(t->session, GNUTLS_SHUT_WR);
		gnutls_deinit(t->session);
	}
	if (t->cred != NULL)
		gnutls_certificate_free_credentials(t->cred);
	free(t->info.params);
	free(t->info.subject);
	free(t->info.issuer);
	free(t);
}
