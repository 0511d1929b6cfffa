/*
 * milter.h: "sendguard milter", the guard inside an organisation's MTA
 * (Postfix or Sendmail) through libmilter: recipients refused or warned
 * about as the client would, for mail sent from anywhere.
 */
#ifndef SENDGUARD_MILTER_H
#define SENDGUARD_MILTER_H

/* The default config of the milter: the organisation's, not a user's. */
#define MILTER_CONFIG	"/etc/sendguard/config"

/*
 * "sendguard milter [-C FILE] --socket SPEC [--foreground]": runs until
 * SIGTERM; SIGHUP reads the config and known_domains again. Returns the
 * exit code (sysexits).
 */
int	 milter_main(int argc, char **argv);

#endif
