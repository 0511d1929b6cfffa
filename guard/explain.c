/*
 * explain.c: a slip in plain words. The reason a user reads says what was
 * typed in place of what, so that the slip is seen, not just flagged.
 */
#include <ctype.h>
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

void
explain_fold(struct buf *b, const struct homograph *h, const char *typed,
    size_t len)
{
	struct buf f;
	size_t i = 0, start, said = 0, more = 0;
	UChar32 c;
	int32_t k;
	char a, d;

	buf_init(&f);
	while (i < len) {
		start = i;
		k = (int32_t)i;
		U8_NEXT(typed, k, (int32_t)len, c);
		i = (size_t)k;
		if (c < 0)
			continue;
		a = c < 0x80 ? (char)c : 0;
		d = i < len ? typed[i] : '\0';
		buf_reset(&f);
		if (a != 0 && ((a == 'r' && (d == 'n' || d == 'r')) ||
		    (a == 'n' && d == 'n') || (a == 'v' && d == 'v') ||
		    (a == 'c' && d == 'l'))) {
			if (said++ < 3)
				buf_addf(b, "%s\"%c%c\" for \"%c\"", said > 1 ?
				    ", " : "", a, d, a == 'v' ? 'w' :
				    a == 'c' ? 'd' : 'm');
			i++;
			continue;
		}
		if (a != 0 && a != '0' && a != '1' && a != '|')
			continue;
		homograph_fold(h, typed + start, i - start, &f);
		if (f.len == 0 || (f.len == i - start &&
		    memcmp(f.s, typed + start, f.len) == 0))
			continue;
		if (said++ >= 3) {
			more++;
			continue;
		}
		if (said > 1)
			buf_adds(b, ", ");
		if (a != 0) {
			buf_addf(b, "\"%c\" for \"%.*s\"", a, (int)f.len, f.s);
			continue;
		}
		buf_add(b, typed + start, i - start);
		buf_adds(b, " (");
		explain_name(b, c);
		buf_addf(b, ") instead of %.*s", (int)f.len, f.s);
	}
	if (more > 0)
		buf_addf(b, " and %zu more", more);
	buf_free(&f);
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
