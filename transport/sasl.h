/*
 * sasl.h: the client side of the SMTP AUTH mechanisms (internal). Each
 * speaks the bytes msmtp 1.8.23 speaks: which mechanism sends an initial
 * response on the AUTH line, what each answer holds.
 */
#ifndef SENDGUARD_SASL_H
#define SENDGUARD_SASL_H

#include <stddef.h>

enum sasl_mech {
	SASL_PLAIN = 0,
	SASL_LOGIN,
	SASL_CRAM_MD5,
	SASL_SCRAM_SHA_1,
	SASL_SCRAM_SHA_256,
	SASL_EXTERNAL,
	SASL_OAUTHBEARER,
	SASL_XOAUTH2,
	SASL_GSSAPI,		/* known by name, not implemented */
	SASL_DIGEST_MD5,	/* known by name, not implemented */
	SASL_NTLM,		/* known by name, not implemented */
	SASL_NMECHS
};

/* The mechanism's name on the wire ("CRAM-MD5"). */
const char *sasl_name(enum sasl_mech);
/*
 * The mechanism of a name, as msmtp's "auth" key writes it or as a server
 * offers it, any case ("cram-md5"); -1 for a name no one knows.
 */
int	 sasl_lookup(const char *);
/* Whether sendguard speaks it (not GSSAPI, DIGEST-MD5, NTLM). */
int	 sasl_implemented(enum sasl_mech);
/*
 * msmtp's choice when the account says only "auth on": over TLS PLAIN,
 * SCRAM-SHA-256, SCRAM-SHA-1, CRAM-MD5, LOGIN; without TLS only SCRAM.
 * offered is a mask of 1u << mech. Returns the mechanism, or -1.
 */
int	 sasl_choose(unsigned int offered, int tls);

struct sasl;

/*
 * Starts an exchange. host and port go into OAUTHBEARER's message; the
 * password is the bearer token for OAUTHBEARER and XOAUTH2.
 */
struct sasl *sasl_new(enum sasl_mech, const char *user, const char *password,
	    const char *host, int port);
void	 sasl_free(struct sasl *);
/*
 * The initial response for the AUTH line (base64, allocated; "" for none
 * sent with it), or NULL when the mechanism waits for a 334 first.
 */
char	*sasl_initial(struct sasl *);
/*
 * The answer (base64, allocated; may be "") to a 334 challenge (its text,
 * base64). Returns NULL with *errstr when the challenge is bad (a SCRAM
 * server that cannot prove it knows the password, say).
 */
char	*sasl_step(struct sasl *, const char *challenge, char **errstr);

/* For tests (the RFCs' vectors): the nonce SCRAM uses instead of a random
 * one. */
void	 sasl_set_nonce(struct sasl *, const char *);

/*
 * Decodes base64 (no white space). Returns the allocated bytes (NUL-
 * terminated) with *len, or NULL if it is not base64.
 */
char	*sasl_unbase64(const char *, size_t *len);

#endif
