/*
 * trap.c: top-level domains that catch mail meant for another TLD. A
 * curated table, not edit distance: two-letter ccTLDs sit one letter
 * from dozens of others, and only these pairs are the known traps.
 */
#include <string.h>

#include "trap.h"

static const struct trap trap_table[] = {
	/* .mil: the decade of DoD mail delivered to Mali. */
	{ "ml",   "mil", "Mali's country domain" },
	{ "il",   "mil", "Israel's country domain" },
	{ "mi",   "mil", NULL },
	{ "mill", "mil", NULL },
	{ "mli",  "mil", NULL },
	{ "iml",  "mil", NULL },
	/* .com */
	{ "co",   "com", "Colombia's country domain" },
	{ "cm",   "com", "Cameroon's country domain" },
	{ "om",   "com", "Oman's country domain" },
	{ "cam",  "com", "a separate generic domain" },
	{ "con",  "com", NULL },
	{ "cpm",  "com", NULL },
	{ "cmo",  "com", NULL },
	{ "ocm",  "com", NULL },
	{ "vom",  "com", NULL },
	{ "xom",  "com", NULL },
	{ "comm", "com", NULL },
	{ "coom", "com", NULL },
	{ "cim",  "com", NULL },
	{ "clm",  "com", NULL },
	/* .net */
	{ "ne",   "net", "Niger's country domain" },
	{ "et",   "net", "Ethiopia's country domain" },
	{ "nt",   "net", NULL },
	{ "nte",  "net", NULL },
	{ "bet",  "net", "a separate generic domain" },
	{ "met",  "net", NULL },
	/* .org */
	{ "or",   "org", NULL },
	{ "og",   "org", NULL },
	{ "ogr",  "org", NULL },
	{ "rog",  "org", NULL },
	/* .gov */
	{ "go",   "gov", NULL },
	{ "gv",   "gov", NULL },
	{ "gob",  "gov", NULL },
	{ "ov",   "gov", NULL },
	/* .edu */
	{ "ed",   "edu", NULL },
	{ "eud",  "edu", NULL },
};

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
