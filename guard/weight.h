/*
 * weight.h: how likely it is that a user means a domain (internal to
 * guard/). Weights are tenths of log10 of that probability, so 0 is
 * certain, -40 is one in ten thousand, and adding two weights multiplies
 * the probabilities: the guard compares weight(meant) + P(typed | meant)
 * with the weight of what was typed (channel.h).
 */
#ifndef SENDGUARD_WEIGHT_H
#define SENDGUARD_WEIGHT_H

#include <stddef.h>
#include <stdint.h>

/* The lightest weight an index can hold. */
#define WEIGHT_MIN	(-255)

/* The weight of a domain known only from a source (guard_source bits):
 * the strongest source it comes from. */
int	 weight_source(unsigned src);
/*
 * The weight of each of n domains of a list given bare (the source's
 * weight, or for known_domains = FILE, lighter the longer the list: a
 * million domains are not each as likely as a hundred partners).
 */
int	 weight_list(unsigned src, size_t n);
/* A weight from log10 of a probability, rounded and clamped. */
int	 weight_log10(double);
/* Stored in an index as a byte: -weight. */
uint8_t	 weight_store(int);
/*
 * A domain of the sent history: mail went there count times, the last
 * days ago. Often and lately weigh more; never less than a domain the
 * user has only in the history once, a year ago.
 */
int	 weight_history(unsigned count, unsigned days);

#endif
