/*
 * synth.h: deterministic synthetic registrable domains for the benchmarks.
 * Each benchmark is built from one source file, so this is included, not
 * linked. The same seed gives the same list on every machine: a xorshift
 * generator of our own, no rand(3).
 *
 * The list starts with real domains (the ones queries and the shipped list
 * are about), then names of 4 to 16 characters built from syllables and
 * short words, under a weighted mix of suffixes. Every name is a valid
 * LDH label; none sits under a TLD that the guard treats as a trap.
 */
#ifndef SENDGUARD_BENCH_SYNTH_H
#define SENDGUARD_BENCH_SYNTH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SYNTH_SEED	0x5e4d6a4d2d2b1e11ULL
#define SYNTH_NAMEMAX	16
#define SYNTH_NAMEMIN	4

struct synth_rng {
	uint64_t	s;
};

/* The list: v[i] points into block; set finds a name (or is freed). */
struct synth_list {
	char		**v;
	size_t		 n;
	char		*block;
	size_t		 blocklen, blockcap;
	uint32_t	*set;		/* index + 1, open addressing */
	size_t		 setmask;
	size_t		*off;		/* offsets while block grows */
	size_t		 cap;
};

static const char *const synth_real[] = {
	"gmail.com", "googlemail.com", "outlook.com", "hotmail.com",
	"live.com", "yahoo.com", "icloud.com", "protonmail.com", "aol.com",
	"gmx.de", "web.de", "t-online.de", "orange.fr", "free.fr",
	"laposte.net", "btinternet.com", "bbc.co.uk", "army.mil", "navy.mil",
	"paypal.com", "amazon.com", "apple.com", "microsoft.com", "google.com",
	"github.com", "linkedin.com", "dropbox.com", "salesforce.com",
	"docusign.com", "fedex.com", "wellsfargo.com", "chase.com",
	"bankofamerica.com", "barclays.co.uk", "example.org", "wikipedia.org",
	"mozilla.org", "debian.org", "mailchimp.com", "zoom.us",
};

/* Suffixes and their weights (percent-ish); no trap TLDs (.co, .ml...). */
static const struct {
	const char	*s;
	unsigned	 w;
} synth_suffixes[] = {
	{ "com", 40 }, { "net", 7 }, { "org", 7 }, { "de", 8 },
	{ "co.uk", 5 }, { "fr", 4 }, { "io", 3 }, { "nl", 3 }, { "it", 3 },
	{ "ru", 3 }, { "es", 2 }, { "pl", 2 }, { "ca", 2 }, { "com.au", 2 },
	{ "info", 2 }, { "biz", 1 }, { "ch", 1 }, { "se", 1 }, { "eu", 1 },
	{ "at", 1 }, { "be", 1 }, { "dk", 1 }, { "co.jp", 1 }, { "us", 1 },
};

static const char *const synth_words[] = {
	"net", "web", "soft", "tech", "mail", "shop", "data", "cloud",
	"media", "group", "bank", "care", "home", "link", "hub", "lab",
	"works", "point", "line", "star", "sun", "blue", "green", "north",
	"city", "store", "market", "trade", "law", "health", "med", "bio",
	"energy", "solar", "auto", "travel", "food", "farm", "wood", "stone",
	"bridge", "river", "lake", "hill", "port", "press", "news", "sport",
	"design", "studio", "photo", "print", "build", "house", "garden",
	"pixel", "smart", "fast", "global", "micro", "nova", "terra", "alpha",
	"prime", "first", "union", "capital", "invest", "legal", "dental",
	"clinic", "school", "music", "games", "logic", "systems", "mobile",
	"direct", "express", "craft", "brew", "coffee", "pet", "kids",
};

static const char synth_onsets[][3] = {
	"b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r",
	"s", "t", "v", "w", "z", "br", "ch", "cl", "dr", "fr", "gr", "kr",
	"pl", "pr", "sh", "st", "tr", "th", "sk", "sl", "sp",
};
static const char synth_vowels[][3] = {
	"a", "e", "i", "o", "u", "a", "e", "o", "ai", "ea", "io", "ou",
	"y", "ee", "oo",
};
static const char synth_codas[][3] = {
	"", "", "", "", "n", "r", "l", "s", "x", "m", "t", "nd", "rk",
	"st", "ng",
};

#define SYNTH_NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static uint64_t
synth_next(struct synth_rng *r)
{
	/* xorshift64* */
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 0x2545f4914f6cdd1dULL;
}

/* A number in [0, n). */
static uint32_t
synth_below(struct synth_rng *r, uint32_t n)
{
	return (uint32_t)((synth_next(r) >> 32) % n);
}

static void
synth_seed(struct synth_rng *r, uint64_t seed)
{
	r->s = seed != 0 ? seed : 1;
	synth_next(r);
}

static const char *
synth_suffix(struct synth_rng *r)
{
	unsigned total = 0, x;
	size_t i;

	for (i = 0; i < SYNTH_NELEM(synth_suffixes); i++)
		total += synth_suffixes[i].w;
	x = synth_below(r, total);
	for (i = 0; x >= synth_suffixes[i].w; i++)
		x -= synth_suffixes[i].w;
	return synth_suffixes[i].s;
}

static size_t
synth_cat(char *out, size_t n, const char *s)
{
	size_t k = strlen(s);

	if (n + k <= SYNTH_NAMEMAX + 8)
		memcpy(out + n, s, k);
	return n + k;
}

/* One syllable: onset, vowel, sometimes a coda. */
static size_t
synth_syllable(struct synth_rng *r, char *out, size_t n)
{
	if (synth_below(r, 5) != 0)
		n = synth_cat(out, n,
		    synth_onsets[synth_below(r, SYNTH_NELEM(synth_onsets))]);
	n = synth_cat(out, n,
	    synth_vowels[synth_below(r, SYNTH_NELEM(synth_vowels))]);
	return synth_cat(out, n,
	    synth_codas[synth_below(r, SYNTH_NELEM(synth_codas))]);
}

static const char *
synth_word(struct synth_rng *r)
{
	return synth_words[synth_below(r, SYNTH_NELEM(synth_words))];
}

/*
 * Writes one name of SYNTH_NAMEMIN..SYNTH_NAMEMAX characters to out (at
 * least SYNTH_NAMEMAX + 9 bytes) and returns its length.
 */
static size_t
synth_name(struct synth_rng *r, char *out)
{
	size_t n, k;
	uint32_t shape;

	do {
		n = 0;
		shape = synth_below(r, 100);
		if (shape < 30) {		/* blueriver */
			n = synth_cat(out, n, synth_word(r));
			n = synth_cat(out, n, synth_word(r));
		} else if (shape < 40) {	/* kalo-systems */
			n = synth_syllable(r, out, n);
			n = synth_syllable(r, out, n);
			n = synth_cat(out, n, synth_below(r, 2) ? "-" : "");
			n = synth_cat(out, n, synth_word(r));
		} else if (shape < 85) {	/* brastolen */
			k = 2 + synth_below(r, 3);
			while (k-- > 0)
				n = synth_syllable(r, out, n);
		} else if (shape < 93) {	/* zento24 */
			n = synth_syllable(r, out, n);
			n = synth_syllable(r, out, n);
			if (n < SYNTH_NAMEMAX)
				out[n++] = (char)('0' + synth_below(r, 10));
			if (n < SYNTH_NAMEMAX && synth_below(r, 2))
				out[n++] = (char)('0' + synth_below(r, 10));
		} else {			/* skrvelt: letters */
			k = SYNTH_NAMEMIN + synth_below(r, 7);
			for (n = 0; n < k; n++)
				out[n] = (char)('a' + synth_below(r, 26));
		}
	} while (n < SYNTH_NAMEMIN || n > SYNTH_NAMEMAX);
	out[n] = '\0';
	return n;
}

static uint64_t
synth_hash(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
	return h ^ (h >> 29);
}

/* Whether the list holds domain s (the set must not have been dropped). */
static int
synth_has(const struct synth_list *l, const char *s)
{
	size_t n = strlen(s), slot = synth_hash(s, n) & l->setmask;
	uint32_t id;

	while ((id = l->set[slot]) != 0) {
		if (strcmp(l->block + l->off[id - 1], s) == 0)
			return 1;
		slot = (slot + 1) & l->setmask;
	}
	return 0;
}

/* Adds s unless the list has it; returns 1 if added. */
static int
synth_add(struct synth_list *l, const char *s)
{
	size_t n = strlen(s), slot = synth_hash(s, n) & l->setmask;

	if (synth_has(l, s))
		return 0;
	while (l->set[slot] != 0)
		slot = (slot + 1) & l->setmask;
	while (l->blocklen + n + 1 > l->blockcap) {
		l->blockcap *= 2;
		if ((l->block = realloc(l->block, l->blockcap)) == NULL) {
			perror("synth");
			exit(2);
		}
	}
	memcpy(l->block + l->blocklen, s, n + 1);
	l->off[l->n++] = l->blocklen;
	l->blocklen += n + 1;
	l->set[slot] = (uint32_t)l->n;
	return 1;
}

/* Frees the membership set (synth_has() no longer works). */
static void
synth_drop_set(struct synth_list *l)
{
	free(l->set);
	l->set = NULL;
	free(l->off);
	l->off = NULL;
}

/*
 * Makes n distinct domains (n must be more than the real ones) from seed.
 * Exits on allocation failure: this is a benchmark.
 */
static void
synth_domains(size_t n, uint64_t seed, struct synth_list *l)
{
	struct synth_rng r;
	char name[SYNTH_NAMEMAX + 9], dom[SYNTH_NAMEMAX + 32];
	size_t i, setsize = 1024;

	memset(l, 0, sizeof(*l));
	while (setsize < n * 2)
		setsize *= 2;
	l->setmask = setsize - 1;
	l->set = calloc(setsize, sizeof(*l->set));
	l->off = calloc(n, sizeof(*l->off));
	l->blockcap = n * 14 + 64;
	l->block = malloc(l->blockcap);
	l->v = calloc(n, sizeof(*l->v));
	if (l->set == NULL || l->off == NULL || l->block == NULL ||
	    l->v == NULL) {
		perror("synth");
		exit(2);
	}
	l->cap = n;
	for (i = 0; i < SYNTH_NELEM(synth_real) && l->n < n; i++)
		synth_add(l, synth_real[i]);
	synth_seed(&r, seed);
	while (l->n < n) {
		synth_name(&r, name);
		snprintf(dom, sizeof(dom), "%s.%s", name, synth_suffix(&r));
		synth_add(l, dom);
	}
	for (i = 0; i < l->n; i++)
		l->v[i] = l->block + l->off[i];
}

static void
synth_list_free(struct synth_list *l)
{
	synth_drop_set(l);
	free(l->v);
	free(l->block);
	memset(l, 0, sizeof(*l));
}

#endif
