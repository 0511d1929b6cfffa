/* variant.c: how two domain names differ by one edit, and the squash form. */
#include <string.h>

#include "variant.h"

/*
 * Keyboard rows, QWERTY and AZERTY (QWERTZ is QWERTY with y and z
 * swapped); a key's neighbours are beside, above and below it.
 */
static const char *const variant_layouts[2][4] = {
	{ "1234567890-", "qwertyuiop", "asdfghjkl", "zxcvbnm" },
	{ "1234567890-", "azertyuiop", "qsdfghjklm", "wxcvbn" },
};

static int
variant_pos(const char *const *rows, char c, int *row, int *col)
{
	const char *p;
	int r;

	for (r = 0; r < 4; r++) {
		if (c != '\0' && (p = strchr(rows[r], c)) != NULL) {
			*row = r;
			*col = (int)(p - rows[r]);
			return 0;
		}
	}
	return -1;
}

/* Whether a and b are neighbours on one layout. */
static int
variant_adjacent(const char *const *rows, char a, char b)
{
	int ra, ca, rb, cb, d;

	if (variant_pos(rows, a, &ra, &ca) != 0 ||
	    variant_pos(rows, b, &rb, &cb) != 0)
		return 0;
	if (ra == rb)
		return ca - cb == 1 || cb - ca == 1;
	if (ra - rb != 1 && rb - ra != 1)
		return 0;
	/* Each row sits about half a key right of the one above it. */
	d = ra < rb ? ca - cb : cb - ca;
	return d == 0 || d == 1;
}

int
variant_neighbours(char a, char b)
{
	if (a == b)
		return 0;
	/* QWERTZ keyboards swap y and z. */
	if ((a == 'y' && b == 'z') || (a == 'z' && b == 'y'))
		return 1;
	return variant_adjacent(variant_layouts[0], a, b) ||
	    variant_adjacent(variant_layouts[1], a, b);
}

static int
variant_vowel(char c)
{
	return c != '\0' && strchr("aeiouy", c) != NULL;
}

enum variant_edit
variant_edit(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i = 0, j;

	/* Skip the common prefix; the edit starts at i. */
	while (i < alen && i < blen && a[i] == b[i])
		i++;
	if (alen == blen) {
		if (i == alen)
			return VARIANT_NONE;
		if (i + 1 < alen && a[i] == b[i + 1] && a[i + 1] == b[i] &&
		    memcmp(a + i + 2, b + i + 2, alen - i - 2) == 0)
			return VARIANT_TRANSPOSITION;
		if (memcmp(a + i + 1, b + i + 1, alen - i - 1) != 0)
			return VARIANT_FAR;
		if (variant_neighbours(a[i], b[i]))
			return VARIANT_NEIGHBOUR;
		if (variant_vowel(a[i]) && variant_vowel(b[i]))
			return VARIANT_VOWEL;
		return VARIANT_SUBSTITUTION;
	}
	if (alen + 1 == blen) {
		/* a lacks b[i] */
		if (memcmp(a + i, b + i + 1, alen - i) != 0)
			return VARIANT_FAR;
		if (b[i] == '-')
			return VARIANT_HYPHEN;
		if ((i > 0 && b[i - 1] == b[i]) ||
		    (i + 1 < blen && b[i + 1] == b[i]))
			return VARIANT_SINGLED;
		return VARIANT_OMISSION;
	}
	if (blen + 1 == alen) {
		/* a has an extra a[i] */
		j = i;
		if (memcmp(a + j + 1, b + j, blen - j) != 0)
			return VARIANT_FAR;
		if (a[j] == '-')
			return VARIANT_HYPHEN;
		if ((j > 0 && a[j - 1] == a[j]) ||
		    (j + 1 < alen && a[j + 1] == a[j]))
			return VARIANT_REPETITION;
		return VARIANT_INSERTION;
	}
	return VARIANT_FAR;
}

const char *
variant_edit_phrase(enum variant_edit e)
{
	switch (e) {
	case VARIANT_NONE:
		return "the same";
	case VARIANT_OMISSION:
		return "a letter left out";
	case VARIANT_SINGLED:
		return "a double letter typed once";
	case VARIANT_INSERTION:
		return "an extra letter";
	case VARIANT_REPETITION:
		return "a letter typed twice";
	case VARIANT_HYPHEN:
		return "a hyphen added or left out";
	case VARIANT_TRANSPOSITION:
		return "two letters swapped";
	case VARIANT_NEIGHBOUR:
		return "a neighbouring key";
	case VARIANT_VOWEL:
		return "one vowel for another";
	case VARIANT_SUBSTITUTION:
		return "one letter changed";
	case VARIANT_FAR:
		break;
	}
	return "more than one letter changed";
}

void
variant_describe(const char *a, size_t alen, const char *b, size_t blen,
    struct variant *v)
{
	size_t i = 0;
	unsigned x;

	memset(v, 0, sizeof(*v));
	v->edit = variant_edit(a, alen, b, blen);
	if (v->edit == VARIANT_NONE || v->edit == VARIANT_FAR)
		return;
	while (i < alen && i < blen && a[i] == b[i])
		i++;
	v->pos = i;
	v->first = i == 0;
	switch (v->edit) {
	case VARIANT_TRANSPOSITION:
		v->typed[0] = a[i];
		v->typed[1] = a[i + 1];
		v->meant[0] = b[i];
		v->meant[1] = b[i + 1];
		v->last = i + 2 == blen;
		break;
	case VARIANT_NEIGHBOUR:
	case VARIANT_VOWEL:
	case VARIANT_SUBSTITUTION:
		v->typed[0] = a[i];
		v->meant[0] = b[i];
		v->last = i + 1 == blen;
		x = (unsigned char)a[i] ^ (unsigned char)b[i];
		v->bitflip = x != 0 && (x & (x - 1)) == 0;
		break;
	case VARIANT_OMISSION:
	case VARIANT_SINGLED:
		v->meant[0] = b[i];
		v->last = i + 1 == blen;
		break;
	case VARIANT_HYPHEN:
		if (alen > blen)
			v->typed[0] = '-';
		else
			v->meant[0] = '-';
		v->last = i + 1 >= blen;
		break;
	default:	/* an extra letter: insertion, repetition */
		v->typed[0] = a[i];
		v->last = i + 1 == alen;
		v->near = (i > 0 && variant_neighbours(a[i], a[i - 1])) ||
		    (i + 1 < alen && variant_neighbours(a[i], a[i + 1]));
		break;
	}
}

size_t
variant_squash(const char *s, size_t n, char *out)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (s[i] != '.' && s[i] != '-')
			out[k++] = s[i];
	out[k] = '\0';
	return k;
}
