/* variant.c: how two domain names differ by one edit, and the squash form. */
#include <string.h>

#include "variant.h"

/* QWERTY rows; a key's neighbours are beside, above and below it. */
static const char *const variant_rows[] = {
	"1234567890-",
	"qwertyuiop",
	"asdfghjkl",
	"zxcvbnm",
};

static int
variant_pos(char c, int *row, int *col)
{
	const char *p;
	int r;

	for (r = 0; r < 4; r++) {
		if ((p = strchr(variant_rows[r], c)) != NULL && c != '\0') {
			*row = r;
			*col = (int)(p - variant_rows[r]);
			return 0;
		}
	}
	return -1;
}

int
variant_neighbours(char a, char b)
{
	int ra, ca, rb, cb, d;

	if (a == b)
		return 0;
	/* QWERTZ keyboards swap y and z. */
	if ((a == 'y' && b == 'z') || (a == 'z' && b == 'y'))
		return 1;
	if (variant_pos(a, &ra, &ca) != 0 || variant_pos(b, &rb, &cb) != 0)
		return 0;
	if (ra == rb)
		return ca - cb == 1 || cb - ca == 1;
	if (ra - rb != 1 && rb - ra != 1)
		return 0;
	/* Each row sits about half a key right of the one above it. */
	d = ra < rb ? ca - cb : cb - ca;
	return d == 0 || d == 1;
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

int
variant_edit_allowed(enum variant_edit e, size_t n)
{
	if (e == VARIANT_NONE || e == VARIANT_FAR)
		return 0;
	if (n >= 6)
		return 1;
	if (n >= 4) {
		/*
		 * Four or five letters: the typing slips, not any letter
		 * (mall.com is not a typo of mail.com).
		 */
		return e != VARIANT_SUBSTITUTION && e != VARIANT_INSERTION &&
		    e != VARIANT_VOWEL;
	}
	if (n == 3)
		return e == VARIANT_TRANSPOSITION || e == VARIANT_REPETITION;
	return 0;
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
