/* explain.h: a slip in plain words, for reasons (internal to guard/). */
#ifndef SENDGUARD_EXPLAIN_H
#define SENDGUARD_EXPLAIN_H

#include <stddef.h>

struct buf;
struct homograph;
struct trap;
struct variant;

/* One slip in the name: "an extra \"a\" after gmail", "\"i\" and \"a\"
 * swapped". meant is the name (first label) meant. */
void	 explain_edit(struct buf *, const struct variant *, const char *meant,
	    size_t meantlen);
/* The look-alike letters of a typed label (UTF-8): "ı (dotless i) instead
 * of i", "\"rn\" for \"m\"". Appends nothing if it has none. */
void	 explain_fold(struct buf *, const struct homograph *,
	    const char *typed, size_t len);
/* A code point by number and name: "U+200B (zero width space)". */
void	 explain_char(struct buf *, int cp);
/* A slip of the suffix: ".ml (Mali's country domain) for .mil". */
void	 explain_tld(struct buf *, const char *typed, const char *meant,
	    const struct trap *);

#endif
