/* pretend.c: what -P (msmtp's --pretend) and -d print: the settings that would be used. */
#include <stdio.h>
#include <string.h>

#include "common.h"
#include "account.h"
#include "config.h"
#include "pretend.h"

static const char *
pretend_str(const char *s)
{
	return s != NULL ? s : "(not set)";
}

static const char *
pretend_onoff(int on)
{
	return on ? "on" : "off";
}

static const char *
pretend_hdr(int v)
{
	return v == CONFIG_HDR_AUTO ? "auto" : v == CONFIG_HDR_ON ? "on" :
	    "off";
}

/* Which files were read (msmtp's first lines with -P and -d). */
static void
pretend_files(FILE *f, const struct config *c)
{
	if (c->msmtp_user == NULL && c->msmtp_system == NULL) {
		if (c->path == NULL)
			return;
		fprintf(f, "loaded configuration file %s\n", c->path);
		return;
	}
	if (c->msmtp_system != NULL)
		fprintf(f, "loaded system configuration file %s\n",
		    c->msmtp_system);
	if (c->msmtp_user != NULL)
		fprintf(f, "loaded user configuration file %s\n",
		    c->msmtp_user);
}

/* One "label = value" line each. */
struct pretend_line {
	const char	*label;
	const char	*value;
};

static void
pretend_lines(FILE *f, const struct pretend_line *l, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		fprintf(f, "%s = %s\n", l[i].label, l[i].value);
}

void
pretend_print(FILE *f, const struct config *c, const struct config_account *a,
    enum account_how how, const char *from, int read_recipients)
{
	char port[16], timeout[32];
	const struct pretend_line conn[] = {
		{ "host", pretend_str(a->host) },
		{ "port", port },
		{ "source ip", pretend_str(a->source_ip) },
		{ "proxy host", "(not set)" },
		{ "proxy port", "0" },
		{ "socket", pretend_str(a->socket) },
		{ "timeout", timeout },
		{ "protocol", a->lmtp ? "lmtp" : "smtp" },
		{ "domain", pretend_str(a->domain) },
		{ "auth", !account_auth(a) ? "none" : a->auth_method != NULL ?
		    a->auth_method : "choose" },
		{ "user", pretend_str(a->user) },
		{ "password", a->password != NULL ? "*" : "(not set)" },
		{ "passwordeval", pretend_str(a->passwordeval) },
		{ "ntlmdomain", "(not set)" },
		{ "tls", pretend_onoff(a->tls != CONFIG_TLS_OFF) },
		{ "tls_starttls", pretend_onoff(a->tls_starttls) },
		{ "tls_trust_file", a->tls_trust_file == NULL ? "system" :
		    a->tls_trust_file[0] == '\0' ? "(not set)" :
		    a->tls_trust_file },
		{ "tls_crl_file", "(not set)" },
		{ "tls_fingerprint", pretend_str(a->tls_fingerprint) },
		{ "tls_key_file", pretend_str(a->tls_key_file) },
		{ "tls_cert_file", pretend_str(a->tls_cert_file) },
		{ "tls_certcheck", "on" },
		{ "tls_min_dh_prime_bits", "(not set)" },
		{ "tls_priorities", "(not set)" },
		{ "tls_host_override", pretend_str(a->tls_host_override) },
	};
	const struct pretend_line mail[] = {
		{ "auto_from", pretend_onoff(a->auto_from) },
		{ "maildomain", pretend_str(a->maildomain) },
		{ "from", pretend_str(a->from) },
		{ "allow_from_override", pretend_onoff(a->allow_from_override) },
		{ "set_from_header", pretend_hdr(a->set_from_header) },
		{ "set_date_header", pretend_hdr(a->set_date_header) },
		{ "set_msgid_header", pretend_hdr(a->set_msgid_header) },
		{ "remove_bcc_headers", pretend_onoff(a->remove_bcc_headers) },
		{ "undisclosed_recipients",
		    pretend_onoff(a->undisclosed_recipients) },
		{ "dsn_notify", pretend_str(a->dsn_notify) },
		{ "dsn_return", pretend_str(a->dsn_return) },
		{ "logfile", pretend_str(a->logfile) },
		{ "logfile_time_format", pretend_str(a->logfile_time_format) },
		{ "syslog", pretend_str(a->syslog) },
		{ "aliases", pretend_str(a->aliases) },
		{ "queue", a->queue ? "on (sendguard)" : "off (sendguard)" },
	};

	snprintf(port, sizeof(port), "%d", a->port);
	if (a->timeout <= 0)
		snprintf(timeout, sizeof(timeout), "off");
	else
		snprintf(timeout, sizeof(timeout), "%d second%s", a->timeout,
		    a->timeout == 1 ? "" : "s");
	pretend_files(f, c);
	if (how == ACCOUNT_BY_FROM)
		fprintf(f, "account chosen by envelope from address %s: %s\n",
		    from, a->name);
	else if (how == ACCOUNT_DEFAULT)
		fprintf(f, "falling back to default account\n");
	else if (how == ACCOUNT_BY_ENV)
		fprintf(f, "using environment variables EMAIL and "
		    "SMTPSERVER\n");
	else if (how == ACCOUNT_CMDLINE)
		fprintf(f, "using account specified on command line\n");
	if (a->name != NULL && a->conffile != NULL)
		fprintf(f, "using account %s from %s\n", a->name, a->conffile);
	pretend_lines(f, conn, sizeof(conn) / sizeof(conn[0]));
	pretend_lines(f, mail, sizeof(mail) / sizeof(mail[0]));
	if (c->path != NULL && (c->msmtp_user == NULL ||
	    strcmp(c->path, c->msmtp_user) != 0) && (c->msmtp_system == NULL ||
	    strcmp(c->path, c->msmtp_system) != 0))
		fprintf(f, "guard configuration = %s (sendguard)\n", c->path);
	fprintf(f, "%s\n", read_recipients ? "reading recipients from the "
	    "command line and the mail" : "reading recipients from the "
	    "command line");
}
