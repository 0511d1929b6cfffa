/*
 * complete.h: completing the address being typed in a recipient field
 * from contacts and history (internal to tui/; no curses here, so the
 * matcher is tested on its own).
 */
#ifndef SENDGUARD_COMPLETE_H
#define SENDGUARD_COMPLETE_H

#include <stddef.h>

#include "tui.h"

/* The most candidates a completion lists. */
#define COMPLETE_MAX	200

/* A matcher over the entries (borrowed: they must outlive it). */
struct complete;

/* One candidate: the first entry with its address. */
struct complete_cand {
	const struct tui_contact *entry;
	size_t			 index;		/* in the entries */
	int			 exact;		/* alias == what was typed */
};

/*
 * Prepares a matcher over n entries, contacts first, then the history
 * (most recent first). An address given twice (compared without regard to
 * case) stands for its first entry: a later entry with another name still
 * matches under that name, and is listed as the first. Free with
 * complete_free().
 */
struct complete *complete_new(const struct tui_contact *, size_t n);
void	 complete_free(struct complete *);

/*
 * Finds the entries whose alias, address, display name or any word of the
 * display name starts with prefix (UTF-8, case folded for ASCII, Latin,
 * Greek and Cyrillic letters; other bytes compare as they are). Leading
 * blanks and a '"' of prefix are skipped. Fills out (room for max) with one
 * candidate per address: an exact alias first, then in the order of the
 * entries. Returns how many; *more (may be NULL) is set when some were
 * left out for want of room. An empty prefix finds nothing.
 */
size_t	 complete_find(struct complete *, const char *prefix,
	    struct complete_cand *out, size_t max, int *more);

/*
 * The byte offset where the address being typed starts in text, the cursor
 * at byte offset cur: after the last comma (or group ':' ';') that is
 * outside quotes, comments, angle and square brackets, blanks skipped.
 */
size_t	 complete_token(const char *text, size_t cur);

/*
 * The text a candidate completes to (allocated): "Name <address>", the name
 * as an RFC 5322 quoted string when it holds specials ("Doe, Jane"), or the
 * bare address when there is no name, or one with control characters (an
 * escape sequence from a tampered file is never put in a header). Nothing
 * follows it: the cursor stays
 * after it, as after mutt's alias completion, and "," starts the next one.
 */
char	*complete_text(const struct tui_contact *);

#endif
