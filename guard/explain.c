/*
 * explain.c: a slip in plain words. The reason a user reads says what was
 * typed in place of what, so that the slip is seen, not just flagged.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "common.h"
#include "explain.h"
#include "homograph.h"
#include "trap.h"
#include "variant.h"

/* Appends "\"c\"" for a letter, "a hyphen" for '-'. */
static void
explain_letter(struct buf *b, char c)
{
	if (c == '-')
		buf_adds(b, "a hyphen");
	else
		buf_addf(b, "\"%c\"", c);
}

void
explain_edit(struct buf *b, const struct variant *v, const char *meant,
    size_t meantlen)
{
	switch (v->edit) {
	case VARIANT_TRANSPOSITION:
		buf_addf(b, "\"%c\" and \"%c\" swapped", v->meant[0],
		    v->meant[1]);
		break;
	case VARIANT_OMISSION:
		explain_letter(b, v->meant[0]);
		buf_adds(b, " left out");
		break;
	case VARIANT_SINGLED:
		buf_addf(b, "\"%c%c\" typed as one \"%c\"", v->meant[0],
		    v->meant[0], v->meant[0]);
		break;
	case VARIANT_REPETITION:
		buf_addf(b, "\"%c\" typed twice", v->typed[0]);
		break;
	case VARIANT_INSERTION:
		buf_addf(b, "an extra \"%c\"", v->typed[0]);
		if (v->last)
			buf_addf(b, " after %.*s", (int)meantlen, meant);
		break;
	case VARIANT_HYPHEN:
		buf_adds(b, v->typed[0] == '-' ? "a hyphen added" :
		    "a hyphen left out");
		break;
	case VARIANT_NEIGHBOUR:
		buf_addf(b, "\"%c\" for \"%c\", the key next to it",
		    v->typed[0], v->meant[0]);
		break;
	case VARIANT_VOWEL:
	case VARIANT_SUBSTITUTION:
		buf_addf(b, "\"%c\" for \"%c\"", v->typed[0], v->meant[0]);
		break;
	default:
		buf_adds(b, variant_edit_phrase(v->edit));
		break;
	}
}

/*
 * A short name for a character: "dotless i" for LATIN SMALL LETTER
 * DOTLESS I, "Cyrillic a" for CYRILLIC SMALL LETTER A.
 */
static void
explain_name(struct buf *b, UChar32 c)
{
	char name[128], *p = name, *q;
	UErrorCode e = U_ZERO_ERROR;

	u_charName(c, U_UNICODE_CHAR_NAME, name, sizeof(name), &e);
	if (U_FAILURE(e) || name[0] == '\0') {
		buf_addf(b, "U+%04X", (unsigned)c);
		return;
	}
	if (strncmp(p, "LATIN SMALL LETTER ", 19) == 0)
		p += 19;
	else if (strncmp(p, "LATIN LETTER ", 13) == 0)
		p += 13;
	else if ((q = strstr(p, " SMALL LETTER ")) != NULL)
		memmove(q + 1, q + 14, strlen(q + 14) + 1);
	for (q = p; *q != '\0'; q++)
		*q = (char)tolower((unsigned char)*q);
	/* "Cyrillic a": a script's name keeps its capital. */
	if (strncmp(p, "cyrillic ", 9) == 0 || strncmp(p, "greek ", 6) == 0 ||
	    strncmp(p, "armenian ", 9) == 0)
		*p = (char)toupper((unsigned char)*p);
	buf_adds(b, p);
}

void
explain_char(struct buf *b, int cp)
{
	buf_addf(b, "U+%04X (", (unsigned)cp);
	explain_name(b, (UChar32)cp);
	buf_addc(b, ')');
}

/* One code point of a typed label and the plain letter it reads as. */
struct explain_cp {
	size_t	 start, end;	/* its bytes */
	int	 cp;
	char	 plain;		/* the ASCII letter it folds to, or 0 */
};

/* Two letters read as one: rn, rr and nn as m, vv as w, cl as d. */
static char
explain_pair(char a, char b)
{
	if ((a == 'r' && (b == 'n' || b == 'r')) || (a == 'n' && b == 'n'))
		return 'm';
	if (a == 'v' && b == 'v')
		return 'w';
	return a == 'c' && b == 'l' ? 'd' : 0;
}

/* Appends the names of the non-ASCII code points of v[i..j). */
static void
explain_names(struct buf *b, const struct explain_cp *v, size_t i, size_t j)
{
	size_t k;
	int any = 0;

	for (k = i; k < j; k++) {
		if (v[k].cp < 0x80 || (k > i && v[k].cp == v[k - 1].cp))
			continue;
		buf_adds(b, any++ ? ", " : " (");
		explain_name(b, v[k].cp);
	}
	if (any)
		buf_addc(b, ')');
}

void
explain_fold(struct buf *b, const struct homograph *h, const char *typed,
    size_t len)
{
	struct explain_cp *v;
	struct buf f, one;
	size_t n = 0, i, said = 0, more = 0, mark;
	int32_t k = 0;
	UChar32 c;
	char pair;

	v = xreallocarray(NULL, len + 1, sizeof(*v));
	buf_init(&f);
	while (k < (int32_t)len) {
		v[n].start = (size_t)k;
		U8_NEXT(typed, k, (int32_t)len, c);
		v[n].end = (size_t)k;
		v[n].cp = c < 0 ? 0xfffd : (int)c;
		buf_reset(&f);
		if (c < 0x80 && c > 0)
			v[n].plain = c == '0' ? 'o' : c == '1' || c == '|' ?
			    'l' : (char)c;
		else {
			homograph_fold(h, typed + v[n].start,
			    v[n].end - v[n].start, &f);
			v[n].plain = f.len == 1 ? f.s[0] : 0;
		}
		n++;
	}
	buf_init(&one);
	for (i = 0; i < n; i++) {
		buf_reset(&one);
		pair = i + 1 < n ? explain_pair(v[i].plain, v[i + 1].plain) : 0;
		if (pair != 0) {
			buf_addc(&one, '"');
			buf_add(&one, typed + v[i].start, v[i + 1].end -
			    v[i].start);
			buf_addf(&one, "\" for \"%c\"", pair);
			explain_names(&one, v, i, i + 2);
			i++;
		} else if (v[i].cp >= 0x80 && v[i].plain != 0) {
			buf_add(&one, typed + v[i].start, v[i].end -
			    v[i].start);
			buf_adds(&one, " (");
			explain_name(&one, v[i].cp);
			buf_addf(&one, ") instead of %c", v[i].plain);
		} else if (v[i].cp != v[i].plain && v[i].plain != 0 &&
		    v[i].cp < 0x80) {
			buf_addf(&one, "\"%c\" for \"%c\"", v[i].cp,
			    v[i].plain);
		} else
			continue;
		/* The same slip twice is said once. */
		mark = b->len;
		if (said > 0 && mark >= one.len && memcmp(b->s + mark -
		    one.len, one.s, one.len) == 0)
			continue;
		if (said++ >= 3) {
			more++;
			continue;
		}
		if (said > 1)
			buf_adds(b, ", ");
		buf_add(b, one.s, one.len);
	}
	if (more > 0)
		buf_addf(b, " and %zu more", more);
	buf_free(&one);
	buf_free(&f);
	free(v);
}

void
explain_tld(struct buf *b, const char *typed, const char *meant,
    const struct trap *t)
{
	buf_addf(b, ".%s", typed);
	if (t != NULL && t->what != NULL)
		buf_addf(b, " (%s)", t->what);
	buf_addf(b, " for .%s", meant);
}
