/*
 * history.h: the addresses mail went to, in $XDG_STATE_HOME/sendguard/
 * history, one a line, most recent first:
 *	ADDRESS <TAB> LAST-SENT (epoch) <TAB> TIMES <TAB> NAME
 * Written only after a delivery the server accepted, atomically (temp
 * file, fsync, rename) under a lock, deduplicated without regard to case,
 * and bounded to HISTORY_MAX addresses (the oldest go).
 */
#ifndef SENDGUARD_HISTORY_H
#define SENDGUARD_HISTORY_H

#include <stddef.h>
#include <time.h>

#include "contact.h"

#define HISTORY_MAX	100000

/* Parses history text (pure): appends each entry, in file order. */
void	 history_parse(const char *text, size_t len, struct contact_list *);
/* Reads the history file (missing: nothing) into the list. */
void	 history_load(struct contact_list *);

/*
 * Records that mail went to n addresses (names[i] may be NULL, or names
 * NULL) at now. Returns 0, or -1 with *errstr set.
 */
int	 history_record(const char *const *addrs, const char *const *names,
	    size_t n, time_t now, char **errstr);

/*
 * Locks the history (history.lock beside it) against writers, or, shared,
 * against changes while it is read: the descriptor for fileio_unlock(),
 * or -1 with *errstr.
 */
int	 history_lock(int shared, char **errstr);

/* "sendguard history [--list | --clear]"; returns the exit code. */
int	 history_main(int argc, char **argv);

#endif
