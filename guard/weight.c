/* weight.c: how likely it is that a user means a domain. */
#include <math.h>

#include "guard.h"
#include "weight.h"

/*
 * The strongest first: the user's own world, then what sendguard ships.
 * The large providers and the broad list carry weights of their own
 * (guard/data/providers.tsv, broad.txt); these are for lists given bare.
 */
int
weight_source(unsigned src)
{
	if (src & GUARD_SRC_ORG)
		return -3;
	if (src & GUARD_SRC_TRUSTED)
		return -5;
	if (src & GUARD_SRC_CONTACT)
		return -10;
	if (src & GUARD_SRC_HISTORY)
		return -15;
	if (src & GUARD_SRC_BUILTIN)
		return -30;
	return -50;	/* known_domains = FILE: the organisation's list */
}

int
weight_list(unsigned src, size_t n)
{
	int w = weight_source(src);

	if (src == GUARD_SRC_FILE && n > 1000)
		w -= (int)floor(10.0 * log10((double)n / 1000.0) + 0.5);
	return w < WEIGHT_MIN ? WEIGHT_MIN : w;
}

int
weight_log10(double l)
{
	double t = floor(l * 10.0 + 0.5);

	if (!(t <= 0))		/* also NaN */
		return 0;
	if (t < WEIGHT_MIN)
		return WEIGHT_MIN;
	return (int)t;
}

uint8_t
weight_store(int w)
{
	if (w > 0)
		w = 0;
	if (w < WEIGHT_MIN)
		w = WEIGHT_MIN;
	return (uint8_t)-w;
}

int
weight_history(unsigned count, unsigned days)
{
	double w = -15.0;

	/* Ten times as often: half an order of magnitude more likely. */
	if (count > 1)
		w += 5.0 * log10((double)count);
	/* A year without mail there: half an order less, for two years. */
	w -= 5.0 * (days > 730 ? 2.0 : (double)days / 365.0);
	if (w > -8.0)
		w = -8.0;
	return (int)floor(w + 0.5);
}
