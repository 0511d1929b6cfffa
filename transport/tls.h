/* tls.h: TLS with GnuTLS: trust, client certificates, pins (internal). */
#ifndef SENDGUARD_TLS_H
#define SENDGUARD_TLS_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

enum tls_err {
	TLS_OK = 0,
	TLS_EFILE,		/* a trust, certificate or key file is unusable */
	TLS_EHANDSHAKE,		/* the handshake failed */
	TLS_ECERT,		/* the server's certificate is not accepted */
	TLS_ETIMEOUT,
	TLS_EIO,
	TLS_ELIB		/* GnuTLS could not start */
};

/* Longest fingerprint (SHA-256). */
#define TLS_PIN_MAX	32

struct tls_conf {
	const char		*trust_file;	/* NULL: the system's */
	const char		*cert_file;	/* client certificate, or NULL */
	const char		*key_file;
	const char		*name;		/* the name to verify, or NULL */
	unsigned char		 pin[TLS_PIN_MAX]; /* the pinned fingerprint */
	size_t			 pinlen;	/* 32, 20, 16, or 0: no pin */
	long			 timeout;	/* seconds, for every read */
};

/* The server's certificate and the session, as msmtp shows them. */
struct tls_info {
	char	*params;	/* "(TLS1.3)-(ECDHE-SECP256R1)-..." */
	char	*subject;	/* RFC 4514: "CN=localhost" */
	char	*issuer;
	time_t	 activation;
	time_t	 expiration;
	char	 sha256[TLS_PIN_MAX * 3];	/* "D2:C2:..." */
	char	 sha1[20 * 3];
};

struct tls;

/*
 * Reads a fingerprint as msmtp writes it: SHA-256 (or SHA-1, MD5) of the
 * certificate, two hex digits per byte, separated by ':'. Returns 0 with
 * out and *len (32, 20 or 16), or -1.
 */
int	 tls_pin_parse(const char *, unsigned char out[TLS_PIN_MAX],
	    size_t *len);

/* Loads the credentials (no connection yet): TLS_OK or TLS_EFILE. */
int	 tls_new(const struct tls_conf *, struct tls **, char **errstr);
/*
 * The handshake on fd, then the server's certificate: with a pin, its
 * fingerprint must be the pin (and nothing else is checked, as msmtp);
 * otherwise it must be trusted and carry conf->name. Nothing is sent
 * over the session before this returns TLS_OK.
 */
int	 tls_handshake(struct tls *, int fd, char **errstr);
/* The session and certificate, after the handshake (free with the tls). */
const struct tls_info *tls_info(struct tls *);
/* Bytes read, 0 at the end, -1 with errno (ETIMEDOUT for the timeout). */
ssize_t	 tls_read(struct tls *, void *, size_t);
/* Writes everything: 0, or -1 with errno. */
int	 tls_write(struct tls *, const void *, size_t);
/* Ends the session (a close_notify when bye) and frees it. */
void	 tls_free(struct tls *, int bye);

#endif
