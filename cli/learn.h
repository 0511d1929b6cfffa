/*
 * learn.h: what sendguard knows of the user's world: the address books
 * and the sent history, compiled for the guard (struct guard_world) and
 * cached in $XDG_CACHE_HOME/sendguard/world.cache, stamped with every
 * file it was made from (size, mtime, inode), so that a start-up maps it
 * instead of reading 100,000 addresses again.
 */
#ifndef SENDGUARD_LEARN_H
#define SENDGUARD_LEARN_H

#include <stddef.h>

#include "config.h"
#include "contact.h"

struct guard_world;

struct learned {
	struct guard_world	*world;		/* NULL: nothing known */
	void			*map;		/* the mapped cache, or NULL */
	size_t			 maplen;
	int			 built;		/* 1: made now (cache stale) */
	int			 read;		/* the lists below are loaded */
	struct contact_list	 contacts;	/* loaded when asked or built */
	struct contact_list	 history;
	struct strlist		 warnings;	/* address books not read */
};

/*
 * Loads the world of a config (its contacts = ..., or the mutt and abook
 * defaults, and the history): mapped from the cache when it was made from
 * the same files as they are now, else read, built and cached again.
 * With entries set, the contacts and history lists are loaded too (the
 * composer completes from them). Never fails: what cannot be read is
 * left out (and said in warnings for configured address books).
 */
void	 learn_load(struct learned *, const struct config *, int entries);
void	 learn_free(struct learned *);
/* Loads the contacts and history lists, if not loaded yet. */
void	 learn_entries(struct learned *, const struct config *);

/* Rebuilds the cache now (after the history changed), if it is used. */
void	 learn_refresh(const struct config *);

/* "sendguard contacts [-C FILE]": what was read; returns the exit code. */
int	 learn_main(int argc, char **argv);

#endif
