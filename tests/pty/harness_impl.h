/*
 * harness_impl.h: what harness.c (the program, its input and waits) and
 * harness_screen.c (reading the screen) share; private to the harness.
 */
#ifndef SENDGUARD_PTY_HARNESS_IMPL_H
#define SENDGUARD_PTY_HARNESS_IMPL_H

#include <sys/types.h>

#include <stddef.h>

#include <vterm.h>

#include "harness.h"

struct pty {
	int		 fd;		/* master side, non-blocking */
	pid_t		 pid;
	int		 reaped;	/* waitpid() done; status is valid */
	int		 status;
	int		 closed;	/* the child side is gone (EIO) */
	int		 rows, cols;
	VTerm		*vt;
	VTermScreen	*screen;
	VTermState	*state;
	char		*out;		/* input not yet written */
	size_t		 outlen, outcap;
	int		 outerr;	/* out could not grow: input was lost */
	char		*raw;		/* every byte the program wrote */
	size_t		 rawlen, rawcap;
};

#endif
