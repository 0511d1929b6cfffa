/*
 * channel.c: the noisy channel's figures: how likely each kind of slip
 * is, and how likely an unlisted domain is meant. The figures are tenths
 * of log10 and were set on the evaluation corpus (make eval): their order
 * matters more than their digits.
 */
#include <string.h>

#include "channel.h"
#include "domain.h"
#include "trap.h"
#include "variant.h"

/* Letters that look alike, in most fonts: one read as the other. */
static int
channel_visual(char a, char b)
{
	static const char *const pairs[] = {
		"il", "i1", "l1", "o0", "gq", "bd", "ce", "mn", "nr", "uv",
		"vy", "gy", "ao", "ea", "ec", "sz",
	};
	size_t i;

	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
		if ((pairs[i][0] == a && pairs[i][1] == b) ||
		    (pairs[i][0] == b && pairs[i][1] == a))
			return 1;
	return 0;
}

int
channel_edit(const struct variant *v, size_t namelen)
{
	int p;

	(void)namelen;
	switch (v->edit) {
	case VARIANT_SINGLED:		/* a double letter typed once */
		p = -20;
		break;
	case VARIANT_TRANSPOSITION:
	case VARIANT_OMISSION:
	case VARIANT_REPETITION:
		p = -25;
		break;
	case VARIANT_INSERTION:
		/* An extra key beside its neighbour; one at the end. */
		p = v->near ? -28 : v->last ? -35 : -45;
		break;
	case VARIANT_NEIGHBOUR:
		p = -30;
		break;
	case VARIANT_HYPHEN:
		/*
		 * A hyphen put into a name is how look-alikes are made
		 * (pay-pal); one left out of a name that has it is how people
		 * write it (cocacola.com), and its owner mostly holds both.
		 */
		p = v->typed[0] == '-' ? -40 : -70;
		break;
	case VARIANT_VOWEL:
	case VARIANT_SUBSTITUTION:
		/* A letter read as another is no slip of the finger. */
		if (channel_visual(v->typed[0], v->meant[0]))
			return -30;
		p = v->edit == VARIANT_VOWEL ? -40 : v->bitflip ? -50 : -55;
		break;
	default:
		return CHANNEL_NOWHERE;
	}
	/* The first letter is seldom the one that slips. */
	if (v->first && v->edit != VARIANT_TRANSPOSITION)
		p -= 10;
	return p;
}

int
channel_kind(enum channel_how how)
{
	switch (how) {
	case CHANNEL_FOLD:
		return -20;
	case CHANNEL_DOT:
		return -30;
	case CHANNEL_DOT_NAME:
		return -50;
	case CHANNEL_HYPHEN:
		return -40;
	case CHANNEL_HYPHEN_OUT:
		return -70;
	case CHANNEL_TWO:
		return -60;
	default:
		return CHANNEL_NOWHERE;
	}
}

/* Whether a TLD exists (is a public suffix of its own). */
static int
channel_tld_exists(const char *tld, size_t n)
{
	char tmp[64];

	if (n == 0 || n >= sizeof(tmp))
		return 0;
	memcpy(tmp, tld, n);
	tmp[n] = '\0';
	return domain_tld_exists(tmp);
}

/* Splits a suffix into at most 4 labels; their number, or 0. */
static size_t
channel_labels(const char *s, const char **l, size_t *n)
{
	size_t k = 0;
	const char *dot;

	while (k < 4) {
		l[k] = s;
		dot = strchr(s, '.');
		n[k] = dot != NULL ? (size_t)(dot - s) : strlen(s);
		k++;
		if (dot == NULL)
			return k;
		s = dot + 1;
	}
	return 0;
}

int
channel_tld(const char *typed, const char *meant, const struct trap **trap)
{
	const char *tl[4], *ml[4];
	size_t tn[4], mn[4], nt, nm, i, diff = 0, at = 0;
	const struct trap *t;
	enum variant_edit e;

	*trap = NULL;
	if (strcmp(typed, meant) == 0 ||
	    (nt = channel_labels(typed, tl, tn)) == 0 ||
	    (nm = channel_labels(meant, ml, mn)) == 0)
		return 1;
	if (nt + 1 == nm) {
		/* uol.com for uol.com.br; yahoo.jp for yahoo.co.jp. */
		if (strncmp(meant, typed, strlen(typed)) == 0 &&
		    meant[strlen(typed)] == '.')
			return -20;
		if (strcmp(typed, ml[nm - 1]) == 0 && nt == 1)
			return -25;
		return 1;
	}
	if (nt == nm + 1) {
		/* gmail.com.br for gmail.com: a country added. */
		return strncmp(typed, meant, strlen(meant)) == 0 &&
		    typed[strlen(meant)] == '.' ? -65 : 1;
	}
	if (nt != nm)
		return 1;
	for (i = 0; i < nt; i++)
		if (tn[i] != mn[i] || memcmp(tl[i], ml[i], tn[i]) != 0)
			diff++, at = i;
	if (diff != 1)
		return 1;
	if (at == nt - 1 && (t = trap_find(tl[at], tn[at], ml[at], mn[at])) !=
	    NULL) {
		*trap = t;
		return t->p;
	}
	e = variant_edit(tl[at], tn[at], ml[at], mn[at]);
	if (at < nt - 1)	/* com.br for co.br... */
		return e != VARIANT_FAR ? -30 : 1;
	if (!channel_tld_exists(tl[at], tn[at]))
		return e != VARIANT_FAR ? -30 : 1;
	/*
	 * A slip into a real TLD, or another real TLD altogether: a real
	 * domain more often than not (amazon.de is Amazon's), so only the
	 * names of the heaviest weigh enough to be called a slip.
	 */
	return e != VARIANT_FAR ? -50 : -80;
}

int
channel_prior(const char *ascii, const char *reg, size_t namelen)
{
	const char *tld = strrchr(ascii, '.');

	if (tld == NULL || !channel_tld_exists(tld + 1, strlen(tld + 1)))
		return CHANNEL_NOWHERE;
	/*
	 * .mil and its national twins (mil.br, mil.ng...) are listed almost
	 * whole: a domain there that nobody listed is hardly ever meant.
	 */
	if (strcmp(tld + 1, "mil") == 0 || (reg != NULL &&
	    strncmp(reg + namelen, ".mil.", 5) == 0))
		return -130;
	/*
	 * Any one domain nobody listed: a hundred times less likely than
	 * the lightest listed one. The broad list holds the real domains
	 * users write to; what it lacks is seldom meant.
	 */
	(void)namelen;
	return -100;
}
