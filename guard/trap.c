/*
 * trap.c: top-level domains that catch mail meant for another TLD. A
 * curated table, not edit distance: two-letter ccTLDs sit one letter
 * from dozens of others, and only these pairs are the known traps.
 */
#include <string.h>

#include "trap.h"

/*
 * p is how likely the slip is, in tenths of log10: .ml for .mil is the
 * slip that put a decade of DoD mail in Mali, the likeliest of all.
 */

static const struct trap trap_table[] = {
	/* .mil: the decade of DoD mail delivered to Mali. */
	{ "ml",   "mil", "Mali's country domain", -15 },
	{ "il",   "mil", "Israel's country domain", -30 },
	{ "mi",   "mil", NULL, -25 },
	{ "mill", "mil", NULL, -25 },
	{ "mli",  "mil", NULL, -25 },
	{ "iml",  "mil", NULL, -25 },
	/* .com */
	{ "co",   "com", "Colombia's country domain", -20 },
	{ "cm",   "com", "Cameroon's country domain", -30 },
	{ "om",   "com", "Oman's country domain", -30 },
	{ "cam",  "com", "a separate generic domain", -30 },
	{ "con",  "com", NULL, -25 },
	{ "cpm",  "com", NULL, -25 },
	{ "cmo",  "com", NULL, -25 },
	{ "ocm",  "com", NULL, -25 },
	{ "vom",  "com", NULL, -25 },
	{ "xom",  "com", NULL, -25 },
	{ "comm", "com", NULL, -25 },
	{ "coom", "com", NULL, -25 },
	{ "cim",  "com", NULL, -25 },
	{ "clm",  "com", NULL, -25 },
	/* .net */
	{ "ne",   "net", "Niger's country domain", -30 },
	{ "et",   "net", "Ethiopia's country domain", -30 },
	{ "nt",   "net", NULL, -25 },
	{ "nte",  "net", NULL, -25 },
	{ "bet",  "net", "a separate generic domain", -30 },
	{ "met",  "net", NULL, -25 },
	/* .org */
	{ "or",   "org", NULL, -25 },
	{ "og",   "org", NULL, -25 },
	{ "ogr",  "org", NULL, -25 },
	{ "rog",  "org", NULL, -25 },
	/* .gov */
	{ "go",   "gov", NULL, -25 },
	{ "gv",   "gov", NULL, -25 },
	{ "gob",  "gov", NULL, -25 },
	{ "ov",   "gov", NULL, -25 },
	/* .de */
	{ "ed",   "de",  NULL, -25 },
	/* .edu */
	{ "ed",   "edu", NULL, -25 },
	{ "eud",  "edu", NULL, -25 },
};

const struct trap *
trap_find(const char *typed, size_t tlen, const char *meant, size_t mlen)
{
	const struct trap *t, *end = trap_table +
	    sizeof(trap_table) / sizeof(trap_table[0]);

	for (t = trap_table; t < end; t++)
		if (strlen(t->typed) == tlen && strlen(t->meant) == mlen &&
		    memcmp(t->typed, typed, tlen) == 0 &&
		    memcmp(t->meant, meant, mlen) == 0)
			return t;
	return NULL;
}

const struct trap *
trap_next(const char *tld, const struct trap *prev)
{
	const struct trap *t = prev == NULL ? trap_table : prev + 1;
	const struct trap *end = trap_table +
	    sizeof(trap_table) / sizeof(trap_table[0]);

	for (; t < end; t++)
		if (strcmp(t->typed, tld) == 0)
			return t;
	return NULL;
}
