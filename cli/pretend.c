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

void
pretend_print(FILE *f, const struct config *c, const struct config_account *a,
    enum account_how how, const char *from, int read_recipients)
{
	const char *auth;

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
	fprintf(f, "host = %s\n", pretend_str(a->host));
	fprintf(f, "port = %d\n", a->port);
	fprintf(f, "source ip = %s\n", pretend_str(a->source_ip));
	fprintf(f, "proxy host = (not set)\nproxy port = 0\n");
	fprintf(f, "socket = %s\n", pretend_str(a->socket));
	if (a->timeout <= 0)
		fprintf(f, "timeout = off\n");
	else
		fprintf(f, "timeout = %d second%s\n", a->timeout,
		    a->timeout == 1 ? "" : "s");
	fprintf(f, "protocol = %s\n", a->lmtp ? "lmtp" : "smtp");
	fprintf(f, "domain = %s\n", pretend_str(a->domain));
	auth = !account_auth(a) ? "none" : a->auth_method != NULL ?
	    a->auth_method : "choose";
	fprintf(f, "auth = %s\n", auth);
	fprintf(f, "user = %s\n", pretend_str(a->user));
	fprintf(f, "password = %s\n", a->password != NULL ? "*" : "(not set)");
	fprintf(f, "passwordeval = %s\n", pretend_str(a->passwordeval));
	fprintf(f, "ntlmdomain = (not set)\n");
	fprintf(f, "tls = %s\n", pretend_onoff(a->tls != CONFIG_TLS_OFF));
	fprintf(f, "tls_starttls = %s\n", pretend_onoff(a->tls_starttls));
	fprintf(f, "tls_trust_file = %s\n", a->tls_trust_file == NULL ?
	    "system" : a->tls_trust_file[0] == '\0' ? "(not set)" :
	    a->tls_trust_file);
	fprintf(f, "tls_crl_file = (not set)\n");
	fprintf(f, "tls_fingerprint = %s\n", pretend_str(a->tls_fingerprint));
	fprintf(f, "tls_key_file = %s\n", pretend_str(a->tls_key_file));
	fprintf(f, "tls_cert_file = %s\n", pretend_str(a->tls_cert_file));
	fprintf(f, "tls_certcheck = on\n");
	fprintf(f, "tls_min_dh_prime_bits = (not set)\n");
	fprintf(f, "tls_priorities = (not set)\n");
	fprintf(f, "tls_host_override = %s\n",
	    pretend_str(a->tls_host_override));
	fprintf(f, "auto_from = %s\n", pretend_onoff(a->auto_from));
	fprintf(f, "maildomain = %s\n", pretend_str(a->maildomain));
	fprintf(f, "from = %s\n", pretend_str(a->from));
	fprintf(f, "allow_from_override = %s\n",
	    pretend_onoff(a->allow_from_override));
	fprintf(f, "set_from_header = %s\n", pretend_hdr(a->set_from_header));
	fprintf(f, "set_date_header = %s\n", pretend_hdr(a->set_date_header));
	fprintf(f, "set_msgid_header = %s\n",
	    pretend_hdr(a->set_msgid_header));
	fprintf(f, "remove_bcc_headers = %s\n",
	    pretend_onoff(a->remove_bcc_headers));
	fprintf(f, "undisclosed_recipients = %s\n",
	    pretend_onoff(a->undisclosed_recipients));
	fprintf(f, "dsn_notify = %s\n", pretend_str(a->dsn_notify));
	fprintf(f, "dsn_return = %s\n", pretend_str(a->dsn_return));
	fprintf(f, "logfile = %s\n", pretend_str(a->logfile));
	fprintf(f, "logfile_time_format = %s\n",
	    pretend_str(a->logfile_time_format));
	fprintf(f, "syslog = %s\n", pretend_str(a->syslog));
	fprintf(f, "aliases = %s\n", pretend_str(a->aliases));
	fprintf(f, "queue = %s (sendguard)\n", pretend_onoff(a->queue));
	if (c->path != NULL && (c->msmtp_user == NULL ||
	    strcmp(c->path, c->msmtp_user) != 0) && (c->msmtp_system == NULL ||
	    strcmp(c->path, c->msmtp_system) != 0))
		fprintf(f, "guard configuration = %s (sendguard)\n", c->path);
	fprintf(f, "%s\n", read_recipients ? "reading recipients from the "
	    "command line and the mail" : "reading recipients from the "
	    "command line");
}
