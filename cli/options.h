/* options.h: the command line of sendmail mode, msmtp's (1.8.23) and sendguard's. */
#ifndef SENDGUARD_OPTIONS_H
#define SENDGUARD_OPTIONS_H

#include "config.h"

struct options {
	/* Account settings given as options (msmtp's --host=, --port=,
	 * -N, -R, -X, -f ...): cmdline.set says which. */
	struct config_account	 cmdline;
	const char		*account;	/* -a */
	const char		*config;	/* -C */
	const char		*fullname;	/* -F */
	const char		*tty;		/* --tty (sendguard's) */
	int			 host;		/* --host: no configuration */
	int			 read_recipients;	/* -t */
	int			 read_envelope_from;
	int			 pretend;	/* -P */
	int			 debug;		/* -d, -v */
	int			 serverinfo;	/* -S */
	int			 version;	/* --version (or -d0.1) */
	int			 help;
	int			 list_queue;	/* -bp (sendguard's, for mailq
						   users) */
	int			 first;		/* argv index of the first
						   recipient */
};

/*
 * Parses the options of sendmail mode as msmtp does (GNU getopt, so
 * options may follow recipients unless "--" ends them). Accepted and
 * ignored as msmtp: -A -B -bm -G -h -i -L -m -n -O -o. Returns 0, or -1
 * with *errstr naming the option and what is wrong (a usage error: 64).
 * Free with options_free().
 */
int	 options_parse(int argc, char **argv, struct options *,
	    char **errstr);
void	 options_free(struct options *);

/* The usage lines for --help. */
extern const char options_usage[];

#endif
