/* variant.h: how two domain names differ by one edit, and the squash form. */
#ifndef SENDGUARD_VARIANT_H
#define SENDGUARD_VARIANT_H

#include <stddef.h>

enum variant_edit {
	VARIANT_NONE = 0,	/* equal */
	VARIANT_OMISSION,	/* a letter left out */
	VARIANT_SINGLED,	/* a doubled letter typed once */
	VARIANT_INSERTION,	/* an extra letter */
	VARIANT_REPETITION,	/* a letter typed twice */
	VARIANT_HYPHEN,		/* a hyphen added or left out */
	VARIANT_TRANSPOSITION,	/* two neighbouring letters swapped */
	VARIANT_NEIGHBOUR,	/* a key next to the right one */
	VARIANT_VOWEL,		/* one vowel for another */
	VARIANT_SUBSTITUTION,	/* some other letter */
	VARIANT_FAR		/* more than one edit apart */
};

/*
 * Classifies how typed (a) differs from meant (b): one optimal-string-
 * alignment edit, or VARIANT_FAR.
 */
enum variant_edit variant_edit(const char *a, size_t alen, const char *b,
	    size_t blen);

/* A short phrase for an edit, e.g. "two letters swapped". */
const char *variant_edit_phrase(enum variant_edit);

/*
 * Whether an edit is telling enough for a name of n characters: short
 * names sit close to many real ones, so they need a stronger signal.
 */
int	 variant_edit_allowed(enum variant_edit, size_t n);

/* Whether two keys are neighbours on a QWERTY (or QWERTZ) keyboard. */
int	 variant_neighbours(char, char);

/* Copies s without dots and hyphens into out (at least n+1 bytes). */
size_t	 variant_squash(const char *s, size_t n, char *out);

#endif
