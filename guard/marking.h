/*
 * marking.h: finding the configured markings ("FOUO", "For Official Use
 * Only", "NOFORN"...) in the decoded text of a message: ASCII letters
 * without regard to case, whole words only, any run of white space where
 * the marking has a space (internal to guard/).
 */
#ifndef SENDGUARD_MARKING_H
#define SENDGUARD_MARKING_H

#include <stddef.h>

struct marking_set;

/* Compiles the markings; empty ones are left out. */
struct marking_set	*marking_new(const char *const *, size_t);
void			 marking_free(struct marking_set *);
size_t			 marking_count(const struct marking_set *);

/*
 * The first marking found in text (the earliest in the text), as the
 * configured string, or NULL.
 */
const char		*marking_find(const struct marking_set *,
			    const char *text, size_t len);

#endif
