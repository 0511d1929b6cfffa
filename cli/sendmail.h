/* sendmail.h: sendmail mode, a drop-in for msmtp under mutt. */
#ifndef SENDGUARD_SENDMAIL_H
#define SENDGUARD_SENDMAIL_H

/* Runs sendmail mode with the full argv; returns the exit code. */
int	sendmail_main(int argc, char **argv);

#endif
