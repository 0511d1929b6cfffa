/* options.c: the command line of sendmail mode, msmtp's (1.8.23) and sendguard's. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "acctset.h"
#include "options.h"

const char options_usage[] =
    "usage: sendguard [option...] [--] RECIPIENT... < message\n"
    "       sendguard [option...] -t [--] [RECIPIENT...] < message\n"
    "       sendguard [option...] --serverinfo | -P | -bp\n"
    "Options are msmtp's (see msmtp --help and sendguard(1)): -a ACCOUNT,\n"
    "-C FILE, -f ADDR, -F NAME, -t, --read-envelope-from, -N COND, -R RET,\n"
    "-X LOGFILE, -P, -d, -S, --host=, --port=, --tls=, --auth=, --user=,\n"
    "--passwordeval=, --domain=, --aliases=, ... and --tty PATH.\n";

/* Long options that set an account setting: the msmtp command behind. */
static const struct {
	const char	*name;
	int		 has_arg;
	const char	*cmd;
} options_acct[] = {
	{ "host", required_argument, "host" },
	{ "port", required_argument, "port" },
	{ "timeout", required_argument, "timeout" },
	{ "connect-timeout", required_argument, "timeout" },
	{ "protocol", required_argument, "protocol" },
	{ "domain", required_argument, "domain" },
	{ "auth", optional_argument, "auth" },
	{ "user", required_argument, "user" },
	{ "passwordeval", required_argument, "passwordeval" },
	{ "tls", optional_argument, "tls" },
	{ "tls-starttls", optional_argument, "tls_starttls" },
	{ "tls-trust-file", required_argument, "tls_trust_file" },
	{ "tls-crl-file", required_argument, "tls_crl_file" },
	{ "tls-fingerprint", required_argument, "tls_fingerprint" },
	{ "tls-key-file", required_argument, "tls_key_file" },
	{ "tls-cert-file", required_argument, "tls_cert_file" },
	{ "tls-certcheck", optional_argument, "tls_certcheck" },
	{ "tls-force-sslv3", optional_argument, "tls_force_sslv3" },
	{ "tls-min-dh-prime-bits", required_argument,
	    "tls_min_dh_prime_bits" },
	{ "tls-priorities", required_argument, "tls_priorities" },
	{ "tls-host-override", required_argument, "tls_host_override" },
	{ "dsn-notify", required_argument, "dsn_notify" },
	{ "dsn-return", required_argument, "dsn_return" },
	{ "logfile", required_argument, "logfile" },
	{ "logfile-time-format", required_argument, "logfile_time_format" },
	{ "syslog", optional_argument, "syslog" },
	{ "aliases", required_argument, "aliases" },
	{ "proxy-host", required_argument, "proxy_host" },
	{ "proxy-port", required_argument, "proxy_port" },
	{ "add-missing-from-header", optional_argument,
	    "add_missing_from_header" },
	{ "add-missing-date-header", optional_argument,
	    "add_missing_date_header" },
	{ "set-from-header", optional_argument, "set_from_header" },
	{ "set-date-header", optional_argument, "set_date_header" },
	{ "set-msgid-header", optional_argument, "set_msgid_header" },
	{ "remove-bcc-headers", optional_argument, "remove_bcc_headers" },
	{ "undisclosed-recipients", optional_argument,
	    "undisclosed_recipients" },
	{ "source-ip", required_argument, "source_ip" },
	{ "socket", required_argument, "socket" },
	{ "keepbcc", optional_argument, "keepbcc" },
	{ "auto-from", optional_argument, "auto_from" },
	{ "maildomain", required_argument, "maildomain" },
};
#define OPTIONS_NACCT	(sizeof(options_acct) / sizeof(options_acct[0]))

/* The other long options. */
enum {
	OPT_VERSION = 1, OPT_HELP, OPT_READ_FROM, OPT_TTY, OPT_CONFIGURE,
	OPT_RMQS, OPT_ACCT = 256
};
static const struct option options_other[] = {
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "pretend", no_argument, NULL, 'P' },
	{ "debug", optional_argument, NULL, 'd' },
	{ "serverinfo", no_argument, NULL, 'S' },
	{ "rmqs", required_argument, NULL, OPT_RMQS },
	{ "configure", required_argument, NULL, OPT_CONFIGURE },
	{ "file", required_argument, NULL, 'C' },
	{ "account", required_argument, NULL, 'a' },
	{ "from", required_argument, NULL, 'f' },
	{ "read-recipients", no_argument, NULL, 't' },
	{ "read-envelope-from", no_argument, NULL, OPT_READ_FROM },
	{ "tty", required_argument, NULL, OPT_TTY },
};
#define OPTIONS_NOTHER	(sizeof(options_other) / sizeof(options_other[0]))

/* Applies a setting; on error, says it for the option it came from. */
static char *
options_set(struct options *o, const char *cmd, const char *arg,
    const char *opt)
{
	char *why, *what;

	if ((why = acctset_apply(&o->cmdline, cmd, arg, opt)) == NULL)
		return NULL;
	if (strncmp(why, "invalid argument", 16) == 0)
		what = xasprintf("invalid argument %s for %s", arg, opt);
	else
		what = xasprintf("%s: %s", opt, why);
	free(why);
	return what;
}

/*
 * What getopt could not read, named as typed: GNU getopt has moved the
 * options it read before optind, so the last one is argv[optind - 1].
 */
static char *
options_bad(int c, int argc, char **argv)
{
	const char *arg = optind - 1 < argc ? argv[optind - 1] : "--?";
	int n = (int)strcspn(arg, "="), longopt;

	longopt = strncmp(arg, "--", 2) == 0 && (optopt == 0 || optopt > 127 ||
	    optopt < ' ' || strchr("CafPdSt", optopt) != NULL);
	if (longopt && c == ':')
		return xasprintf("option %.*s needs an argument", n, arg);
	if (longopt && optopt != 0 && arg[n] == '=')
		return xasprintf("option %.*s takes no argument", n, arg);
	if (longopt)
		return xasprintf("unknown option %.*s", n, arg);
	if (c == ':')
		return xasprintf("option -%c needs an argument", optopt);
	return xasprintf("unknown option -%c", optopt);
}

/* The short options of msmtp's sendmail mode, and the ignored ones. */
static char *
options_short(struct options *o, int c, const char *arg)
{
	switch (c) {
	case 'P':
		o->pretend = 1;
		break;
	case 'd':
	case 'v':
		o->debug = 1;
		if (arg != NULL && strcmp(arg, "0.1") == 0)
			o->version = 1;
		break;
	case 'S':
		o->serverinfo = 1;
		break;
	case 'C':
		o->config = arg;
		break;
	case 'a':
		if (o->host)
			return xstrdup("cannot use both --host and --account");
		o->account = arg;
		break;
	case 'f':
		if (o->read_envelope_from)
			return xstrdup("cannot use both --from and "
			    "--read-envelope-from");
		/* '<>' is the null sender, as in msmtp (Debian bug 612679). */
		free(o->cmdline.from);
		o->cmdline.from = xstrdup(strcmp(arg, "<>") == 0 ? "" : arg);
		o->cmdline.set |= ACCTSET_BIT(ACCTSET_FROM);
		break;
	case 'N':
		return options_set(o, "dsn_notify", arg, "--dsn-notify");
	case 'R':
		return options_set(o, "dsn_return", arg, "--dsn-return");
	case 'X':
		return options_set(o, "logfile", arg, "--logfile");
	case 'F':
		o->fullname = arg;
		break;
	case 't':
		o->read_recipients = 1;
		break;
	case 'b':
		if (strcmp(arg, "p") == 0)
			o->list_queue = 1;
		else if (strcmp(arg, "m") != 0)
			return xasprintf("unsupported operation mode b%s", arg);
		break;
	default:	/* -A -B -G -h -i -L -m -n -O -o: ignored, as msmtp */
		break;
	}
	return NULL;
}

static char *
options_long(struct options *o, int c, const char *arg, char **argv)
{
	const char *name;
	char *opt, *why;

	if (c >= OPT_ACCT) {
		name = options_acct[c - OPT_ACCT].name;
		if (strcmp(name, "host") == 0) {
			if (o->account != NULL)
				return xstrdup("cannot use both --host and "
				    "--account");
			o->host = 1;
		}
		opt = xasprintf("--%s", name);
		why = options_set(o, options_acct[c - OPT_ACCT].cmd,
		    arg != NULL ? arg : "", opt);
		free(opt);
		return why;
	}
	switch (c) {
	case OPT_VERSION:
		o->version = 1;
		break;
	case OPT_HELP:
		o->help = 1;
		break;
	case OPT_READ_FROM:
		if (o->cmdline.set & ACCTSET_BIT(ACCTSET_FROM))
			return xstrdup("cannot use both --from and "
			    "--read-envelope-from");
		o->read_envelope_from = 1;
		break;
	case OPT_TTY:
		o->tty = arg;
		break;
	case OPT_CONFIGURE:
	case OPT_RMQS:
		return xasprintf("%s is not supported (it asks the network "
		    "for what sendguard does not do)", argv[optind - 1]);
	}
	return NULL;
}

int
options_parse(int argc, char **argv, struct options *o, char **errstr)
{
	static const char shortopts[] =
	    ":Pd::SC:a:f:N:R:X:tA:B:b:F:Gh:iL:mnO:o:v";
	struct option longopts[OPTIONS_NACCT + OPTIONS_NOTHER + 1];
	size_t i;
	char *why = NULL;
	int c;

	memset(o, 0, sizeof(*o));
	config_account_init(&o->cmdline, 1);
	for (i = 0; i < OPTIONS_NACCT; i++) {
		longopts[i].name = options_acct[i].name;
		longopts[i].has_arg = options_acct[i].has_arg;
		longopts[i].flag = NULL;
		longopts[i].val = OPT_ACCT + (int)i;
	}
	for (i = 0; i < OPTIONS_NOTHER; i++)
		longopts[OPTIONS_NACCT + i] = options_other[i];
	memset(&longopts[OPTIONS_NACCT + OPTIONS_NOTHER], 0,
	    sizeof(longopts[0]));
	optind = 1;
	opterr = 0;
	while (why == NULL && (c = getopt_long(argc, argv, shortopts,
	    longopts, NULL)) != -1) {
		if (c == '?' || c == ':')
			why = options_bad(c, argc, argv);
		else if (c < 128 && c > OPT_RMQS)
			why = options_short(o, c, optarg);
		else
			why = options_long(o, c, optarg, argv);
	}
	if (why != NULL) {
		*errstr = why;
		options_free(o);
		return -1;
	}
	o->first = optind;
	return 0;
}

void
options_free(struct options *o)
{
	config_account_free(&o->cmdline);
}
