/*
 * serverinfo.c: what "msmtp --serverinfo" tells of a server: the greeting,
 * the TLS session and certificate, the capabilities, in msmtp 1.8.23's
 * words and order. The caller prints the text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common.h"
#include "sasl.h"
#include "smtp.h"

/* The AUTH mechanisms in the order msmtp 1.8.23 lists them. */
static const enum sasl_mech serverinfo_mechs[] = {
	SASL_PLAIN, SASL_SCRAM_SHA_1, SASL_SCRAM_SHA_256, SASL_EXTERNAL,
	SASL_GSSAPI, SASL_CRAM_MD5, SASL_DIGEST_MD5, SASL_LOGIN, SASL_NTLM,
	SASL_OAUTHBEARER, SASL_XOAUTH2,
};

/* A line from the server, printable (msmtp's sanitize_string: '?'). */
static void
serverinfo_clean(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++)
		buf_addc(b, (unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s);
}

/* A time as msmtp shows it: strftime's %c in the local time. */
static void
serverinfo_time(struct buf *b, const char *label, time_t t)
{
	char s[128];
	struct tm tm;

	/* msmtp shows %c, whose year has two digits in some locales. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-y2k"
	if (localtime_r(&t, &tm) == NULL ||
	    strftime(s, sizeof(s), "%c", &tm) == 0)
		s[0] = '\0';
#pragma GCC diagnostic pop
	buf_addf(b, "        %s: %s\n", label, s);
}

static void
serverinfo_tls(struct buf *b, const struct deliver_serverinfo *i)
{
	buf_addf(b, "TLS session parameters:\n    %s\n",
	    i->tls_params != NULL ? i->tls_params : "not available");
	buf_addf(b, "TLS certificate information:\n    Subject:\n        %s\n"
	    "    Issuer:\n        %s\n    Validity:\n",
	    i->subject != NULL ? i->subject : "(null)",
	    i->issuer != NULL ? i->issuer : "(null)");
	serverinfo_time(b, "Activation time", i->activation);
	serverinfo_time(b, "Expiration time", i->expiration);
	buf_addf(b, "    Fingerprints:\n        SHA256: %s\n",
	    i->sha256 != NULL ? i->sha256 : "");
	if (i->sha1 != NULL && *i->sha1 != '\0')
		buf_addf(b, "        SHA1 (deprecated): %s\n", i->sha1);
}

static void
serverinfo_caps(struct buf *b, const struct deliver_serverinfo *i)
{
	if (!i->caps && !i->starttls) {
		buf_adds(b, "No special capabilities.\n");
		return;
	}
	buf_adds(b, "Capabilities:\n");
	if (i->size_offered) {
		buf_addf(b, "    SIZE %ld:\n        Maximum message size is ",
		    i->size);
		if (i->size == 0)
			buf_adds(b, "unlimited\n");
		else {
			buf_addf(b, "%ld bytes", i->size);
			if (i->size > 1024 * 1024)
				buf_addf(b, " = %.2f MiB", (double)((float)i->size /
				    (float)(1024 * 1024)));
			else if (i->size > 1024)
				buf_addf(b, " = %.2f KiB", (double)((float)i->size /
				    1024.0f));
			buf_addc(b, '\n');
		}
	}
	if (i->pipelining)
		buf_adds(b, "    PIPELINING:\n        Support for command "
		    "grouping for faster transmission\n");
	if (i->etrn)
		buf_adds(b, "    ETRN:\n        Support for RMQS (Remote "
		    "Message Queue Starting)\n");
	if (i->dsn)
		buf_adds(b, "    DSN:\n        Support for Delivery Status "
		    "Notifications\n");
	if (i->starttls || i->starttls_offered)
		buf_adds(b, "    STARTTLS:\n        Support for TLS encryption "
		    "via the STARTTLS command\n");
	if (i->auth != NULL)
		buf_addf(b, "    AUTH:\n        Supported authentication "
		    "methods:\n        %s\n", i->auth);
	if (i->starttls_offered && !i->tls)
		buf_adds(b, "This server might advertise more or other "
		    "capabilities when TLS is active.\n");
}

/* The whole text, as msmtp prints it. */
static char *
serverinfo_text(const struct deliver_serverinfo *i)
{
	const char *proto = i->lmtp ? "LMTP" : "SMTP";
	struct buf b;

	buf_init(&b);
	if (i->canonical != NULL && i->address != NULL)
		buf_addf(&b, "%s server at %s (%s [%s]), port %d:\n", proto,
		    i->host, i->canonical, i->address, i->port);
	else if (i->canonical != NULL)
		buf_addf(&b, "%s server at %s (%s), port %d:\n", proto, i->host,
		    i->canonical, i->port);
	else if (i->address != NULL)
		buf_addf(&b, "%s server at %s ([%s]), port %d:\n", proto,
		    i->host, i->address, i->port);
	else
		buf_addf(&b, "%s server at %s, port %d:\n", proto, i->host,
		    i->port);
	if (i->greeting != NULL && *i->greeting != '\0') {
		buf_adds(&b, "    ");
		serverinfo_clean(&b, i->greeting);
		buf_addc(&b, '\n');
	}
	if (i->tls)
		serverinfo_tls(&b, i);
	serverinfo_caps(&b, i);
	return buf_take(&b);
}

/* Copies what the session learnt into info. */
static void
serverinfo_fill(struct smtp_session *s, struct deliver_serverinfo *i)
{
	const struct smtp_caps *c = &s->caps;
	const struct tls_info *t;
	struct buf auth;
	size_t n;

	i->lmtp = s->a->protocol == DELIVER_LMTP;
	i->host = xstrdup(s->a->host != NULL ? s->a->host : s->a->socket);
	i->canonical = s->peer_name;
	i->address = s->peer_address;
	s->peer_name = s->peer_address = NULL;
	i->port = s->port;
	i->greeting = xstrdup(s->greeting != NULL ? s->greeting : "");
	i->tls = s->tls;
	i->starttls = s->a->tls == DELIVER_STARTTLS;
	if (s->io.tls != NULL) {
		t = tls_info(s->io.tls);
		i->tls_params = t->params != NULL ? xstrdup(t->params) : NULL;
		i->subject = t->subject != NULL ? xstrdup(t->subject) : NULL;
		i->issuer = t->issuer != NULL ? xstrdup(t->issuer) : NULL;
		i->activation = t->activation;
		i->expiration = t->expiration;
		i->sha256 = xstrdup(t->sha256);
		i->sha1 = xstrdup(t->sha1);
	}
	i->starttls_offered = (c->flags & SMTPCAP_STARTTLS) != 0;
	i->size_offered = (c->flags & SMTPCAP_SIZE) != 0;
	i->size = c->size;
	i->pipelining = (c->flags & SMTPCAP_PIPELINING) != 0;
	i->etrn = (c->flags & SMTPCAP_ETRN) != 0;
	i->dsn = (c->flags & SMTPCAP_DSN) != 0;
	/* msmtp counts only the flags it shows (not SMTPUTF8, 8BITMIME). */
	i->caps = (c->flags & ~(SMTPCAP_SMTPUTF8 | SMTPCAP_8BITMIME)) != 0;
	if (c->flags & SMTPCAP_AUTH) {
		buf_init(&auth);
		for (n = 0; n < sizeof(serverinfo_mechs) /
		    sizeof(serverinfo_mechs[0]); n++)
			if (c->auth & (1u << serverinfo_mechs[n]))
				buf_addf(&auth, "%s ",
				    sasl_name(serverinfo_mechs[n]));
		i->auth = buf_take(&auth);
	}
	i->text = serverinfo_text(i);
}

enum deliver_status
deliver_serverinfo(const struct deliver_account *a,
    const struct deliver_callbacks *cb, struct deliver_serverinfo *info,
    struct deliver_result *r)
{
	struct smtp_session s;

	memset(r, 0, sizeof(*r));
	memset(info, 0, sizeof(*info));
	if (a->host == NULL && a->socket == NULL) {
		smtp_fail(r, DELIVER_CONFIG, "the account has no host");
		return r->status;
	}
	if (smtp_open(&s, a, cb, 1, r) == -1)
		return r->status;
	r->tls = s.tls;
	serverinfo_fill(&s, info);
	smtp_close(&s, 1);
	r->status = DELIVER_OK;
	return r->status;
}

void
deliver_serverinfo_free(struct deliver_serverinfo *i)
{
	free(i->host);
	free(i->canonical);
	free(i->address);
	free(i->greeting);
	free(i->tls_params);
	free(i->subject);
	free(i->issuer);
	free(i->sha256);
	free(i->sha1);
	free(i->auth);
	free(i->text);
	memset(i, 0, sizeof(*i));
}
