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

/* One edit, where it is and which letters it took. */
struct variant {
	enum variant_edit	 edit;
	size_t			 pos;		/* in the typed name */
	char			 typed[2];	/* what was typed there */
	char			 meant[2];	/* what was meant */
	int			 first;		/* at the first letter */
	int			 last;		/* at the last letter */
	int			 near;		/* an extra letter is a key next
						   to a letter beside it */
	int			 bitflip;	/* a letter one bit from meant */
};

/* Like variant_edit(), and says where and which letters. */
void	 variant_describe(const char *a, size_t alen, const char *b,
	    size_t blen, struct variant *);
/* Whether two keys are neighbours on a QWERTY (or QWERTZ) keyboard. */
int	 variant_neighbours(char, char);

/* Copies s without dots and hyphens into out (at least n+1 bytes). */
size_t	 variant_squash(const char *s, size_t n, char *out);

#endif
