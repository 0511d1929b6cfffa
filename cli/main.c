/* main.c: picks the mode and wires the parts together. */
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sysexits.h>

#include "check.h"
#include "composer.h"
#include "history.h"
#include "learn.h"
#include "milter.h"
#include "queue.h"
#include "sendmail.h"
#include "state.h"

#ifndef SENDGUARD_VERSION
#error "SENDGUARD_VERSION comes from the Makefile (git describe, or VERSION)"
#endif

static const char main_usage[] =
    "usage: sendguard [-s SUBJECT] [-c CC] [-b BCC] [-a FILE] [-C FILE] "
    "[ADDR...]\n"
    "       sendguard --resume DRAFT\n"
    "       sendguard [msmtp's options] [--tty PATH] [--] RECIPIENT... "
    "< message\n"
    "       sendguard [msmtp's options] -P | -S | -bp\n"
    "       sendguard check [--json] [-C FILE] [--] ADDRESS...\n"
    "       sendguard check -t [--json] [-C FILE] < message\n"
    "       sendguard trust DOMAIN | untrust DOMAIN | trust --list\n"
    "       sendguard allow --once DOMAIN\n"
    "       sendguard history [--list | --forget ADDRESS | --clear]\n"
    "       sendguard contacts [-C FILE]\n"
    "       sendguard queue [--list | --flush | --remove ID] [-C FILE]\n"
    "       sendguard flush [-C FILE]\n"
    "       sendguard milter [-C FILE] --socket SOCKET [--foreground]\n"
    "       sendguard --version | --help\n"
    "\n"
    "With a terminal on stdin, sendguard is a composer, where -a FILE\n"
    "attaches a file (as in mail(1)). With a message on stdin (or called\n"
    "as sendmail) it is msmtp, with msmtp's options, where -a ACCOUNT\n"
    "chooses the account (as in msmtp).\n"
    "\n"
    "Checks each recipient before mail leaves: typos and look-alikes of\n"
    "known domains (army.ml for army.mil, gmial.com), homographs, and the\n"
    "organisation's block/warn/allow policy. See sendguard(1).\n";

int
main(int argc, char **argv)
{
	const char *prog = argc > 0 ? basename(argv[0]) : "sendguard";
	int i;

	/* Called as sendmail, or with a message on stdin: sendmail mode. */
	if (strcmp(prog, "sendmail") == 0)
		return sendmail_main(argc, argv);
	if (argc >= 2 && strcmp(argv[1], "check") == 0)
		return check_main(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "contacts") == 0)
		return learn_main(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "history") == 0)
		return history_main(argc - 1, argv + 1);
	if (argc >= 2 && (strcmp(argv[1], "flush") == 0 ||
	    strcmp(argv[1], "queue") == 0))
		return queue_main(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "milter") == 0)
		return milter_main(argc - 1, argv + 1);
	if (argc >= 2 && (strcmp(argv[1], "trust") == 0 ||
	    strcmp(argv[1], "untrust") == 0 || strcmp(argv[1], "allow") == 0))
		return state_main(argc - 1, argv + 1);
	/* --version and --help count wherever they are, as in msmtp. */
	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "--version") == 0 || (i == 1 &&
		    strcmp(argv[i], "-V") == 0)) {
			printf("sendguard %s\n", SENDGUARD_VERSION);
			return 0;
		}
		if (strcmp(argv[i], "--help") == 0 || (i == 1 &&
		    strcmp(argv[i], "-h") == 0)) {
			fputs(main_usage, stdout);
			return 0;
		}
	}
	if (!isatty(STDIN_FILENO))
		return sendmail_main(argc, argv);
	/* A terminal on stdin: the composer. */
	return composer_main(argc, argv);
}
