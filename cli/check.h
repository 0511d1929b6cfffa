/* check.h: "sendguard check", verdicts for scripts. */
#ifndef SENDGUARD_CHECK_H
#define SENDGUARD_CHECK_H

/* Runs "sendguard check [--json] [-C FILE] [--] ADDRESS..."; returns the
 * exit code (0 ok, 1 to resolve, 77 blocked, 64 usage, 78 config). */
int	check_main(int argc, char **argv);

#endif
