/* marking.c: whole-word, case-blind search for markings in text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "guard.h"
#include "marking.h"

const char *const guard_default_markings[] = {
	"FOUO", "For Official Use Only", "CUI", "Controlled Unclassified",
	"NOFORN", "Not Releasable", "Confidential",
};
const size_t guard_default_markings_count =
    sizeof(guard_default_markings) / sizeof(guard_default_markings[0]);

/* ASCII letters and digits, and every byte of a non-ASCII character. */
#define MARKING_WORD(c)	((c) >= 0x80 || (unsigned)(((c) | 0x20) - 'a') < 26u || \
	(unsigned)((c) - '0') < 10u)

struct marking {
	const char	*shown;		/* as configured (owned) */
	char		*pat;		/* lowered; ' ' stands for any blanks */
	size_t		 len;
};

struct marking_set {
	struct marking	*v;
	size_t		 n;
	unsigned char	 first[256];	/* 1: some pattern starts so */
};

static unsigned char
marking_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

static int
marking_blank(const unsigned char *s, size_t len, size_t i, size_t *skip)
{
	if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n' ||
	    s[i] == '\f' || s[i] == '\v') {
		*skip = 1;
		return 1;
	}
	if (s[i] == 0xc2 && i + 1 < len && s[i + 1] == 0xa0) {	/* NBSP */
		*skip = 2;
		return 1;
	}
	return 0;
}

/*
 * A letter, digit, or part of a non-ASCII character: markings are words,
 * so "CUI" is not found in "circuit" nor "confidential" in
 * "confidentialité". A no-break space is a blank, not a letter.
 */
static inline int
marking_wordc(const unsigned char *s, size_t len, size_t i)
{
	/* Either byte of a no-break space. */
	if ((s[i] == 0xc2 && i + 1 < len && s[i + 1] == 0xa0) ||
	    (s[i] == 0xa0 && i > 0 && s[i - 1] == 0xc2))
		return 0;
	return MARKING_WORD(s[i]);
}

struct marking_set *
marking_new(const char *const *v, size_t n)
{
	struct marking_set *ms = xcalloc(1, sizeof(*ms));
	struct marking *m;
	const unsigned char *s;
	size_t i, j, k, skip, len;

	ms->v = xcalloc(n != 0 ? n : 1, sizeof(*ms->v));
	for (i = 0; i < n; i++) {
		s = (const unsigned char *)v[i];
		len = strlen(v[i]);
		m = &ms->v[ms->n];
		m->pat = xmalloc(len + 1);
		for (j = 0, k = 0; j < len; ) {
			if (marking_blank(s, len, j, &skip)) {
				if (k > 0 && m->pat[k - 1] != ' ')
					m->pat[k++] = ' ';
				j += skip;
				continue;
			}
			m->pat[k++] = (char)marking_lower(s[j++]);
		}
		while (k > 0 && m->pat[k - 1] == ' ')
			k--;
		m->pat[k] = '\0';
		if (k == 0) {
			free(m->pat);
			continue;
		}
		m->len = k;
		m->shown = xstrdup(v[i]);
		/* Both cases, so the scan needs no lowering per byte. */
		ms->first[(unsigned char)m->pat[0]] = 1;
		if (m->pat[0] >= 'a' && m->pat[0] <= 'z')
			ms->first[(unsigned char)m->pat[0] - 'a' + 'A'] = 1;
		ms->n++;
	}
	return ms;
}

void
marking_free(struct marking_set *ms)
{
	size_t i;

	if (ms == NULL)
		return;
	for (i = 0; i < ms->n; i++) {
		free(ms->v[i].pat);
		free((char *)(uintptr_t)ms->v[i].shown);
	}
	free(ms->v);
	free(ms);
}

size_t
marking_count(const struct marking_set *ms)
{
	return ms != NULL ? ms->n : 0;
}

/* Whether m matches at s[i] up to a word end. */
static int
marking_at(const struct marking *m, const unsigned char *s, size_t len,
    size_t i)
{
	size_t k, skip;

	for (k = 0; k < m->len; k++) {
		if (i >= len)
			return 0;
		if (m->pat[k] == ' ') {
			if (!marking_blank(s, len, i, &skip))
				return 0;
			while (i < len && marking_blank(s, len, i, &skip))
				i += skip;
			continue;
		}
		if (marking_lower(s[i]) != (unsigned char)m->pat[k])
			return 0;
		i++;
	}
	return i >= len || !marking_wordc(s, len, i);
}

const char *
marking_find(const struct marking_set *ms, const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i, j;

	if (ms == NULL || ms->n == 0 || text == NULL)
		return NULL;
	for (i = 0; i < len; i++) {
		if (!ms->first[s[i]])
			continue;
		if (i > 0 && marking_wordc(s, len, i - 1) &&
		    marking_wordc(s, len, i))
			continue;
		for (j = 0; j < ms->n; j++)
			if (marking_lower(s[i]) ==
			    (unsigned char)ms->v[j].pat[0] &&
			    marking_at(&ms->v[j], s, len, i))
				return ms->v[j].shown;
	}
	return NULL;
}
