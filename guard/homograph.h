/* homograph.h: confusable skeletons and mixed scripts (ICU spoof checker). */
#ifndef SENDGUARD_HOMOGRAPH_H
#define SENDGUARD_HOMOGRAPH_H

#include <stddef.h>
#include <stdint.h>

struct buf;
struct homograph;

/* Opens ICU's spoof checker; NULL with *error set if ICU fails. */
struct homograph *homograph_new(char **error);
void	 homograph_free(struct homograph *);

/*
 * Appends the folded skeleton of UTF-8 text: ICU's TR39 skeleton, then
 * lowercase and the ASCII look-alikes TR39 leaves out (0/o, 1/l, rn/m,
 * vv/w, cl/d), so that two strings with the same fold look alike. ASCII
 * text takes a table lookup per byte, not an ICU call.
 */
void	 homograph_fold(const struct homograph *, const char *, size_t,
	    struct buf *);

/*
 * The same for ASCII text into a caller's buffer, without allocating:
 * returns the length, or (size_t)-1 if s is not ASCII or out is too small
 * (then use homograph_fold()).
 */
size_t	 homograph_fold_ascii(const struct homograph *, const char *, size_t,
	    char *out, size_t cap);

/* Changes whenever the fold of some ASCII character changes (ICU data). */
uint64_t homograph_fingerprint(const struct homograph *);
/* The same without a checker at hand (computed once per process). */
uint64_t homograph_fingerprint_now(void);

/*
 * Tells whether a label mixes scripts in a way ICU's restriction level
 * refuses (Latin with Cyrillic, say). If so and names is not NULL, *names
 * is an allocated list such as "Latin and Cyrillic".
 */
int	 homograph_mixed(const struct homograph *, const char *, size_t,
	    char **names);

#endif
