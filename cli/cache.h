/* cache.h: the compiled index of known_domains, cached on disk. */
#ifndef SENDGUARD_CACHE_H
#define SENDGUARD_CACHE_H

#include <stddef.h>

struct guard_index;

struct cache_index {
	struct guard_index	*ix;
	void			*map;	/* the mapped cache file, or NULL */
	size_t			 maplen;
	int			 built;	/* 1: built now (cache was stale) */
	size_t			 skipped; /* invalid lines when built */
};

/*
 * Gives the index of a known_domains file (one domain a line, # comments):
 * mapped from $XDG_CACHE_HOME/sendguard/ when the cache was made from the
 * file as it is now (size, mtime, inode), else built and cached again. A
 * cache that cannot be written is no error. Returns 0, or -1 with *errstr
 * naming the file.
 */
int	 cache_known_index(const char *file, struct cache_index *,
	    char **errstr);
void	 cache_index_free(struct cache_index *);

#endif
