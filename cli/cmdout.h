/* cmdout.h: the first line a shell command prints (eval, passwordeval). */
#ifndef SENDGUARD_CMDOUT_H
#define SENDGUARD_CMDOUT_H

/*
 * Runs cmd with /bin/sh -c, its standard input /dev/null, and returns the
 * first line of its standard output without the line end (allocated), as
 * msmtp's eval and passwordeval do: the exit status does not matter, but
 * a command that prints nothing is an error. NULL with *errstr ("cannot
 * read output of 'CMD'") then.
 */
char	*cmdout_first_line(const char *cmd, char **errstr);

#endif
