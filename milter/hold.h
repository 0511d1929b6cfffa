/*
 * hold.h: the guard the milter's threads share. It is built once, read
 * only by every session, and swapped for a new one when the config is
 * loaded again (SIGHUP); a message keeps the guard it started with, and
 * the old guard is freed when the last such message ends.
 */
#ifndef SENDGUARD_HOLD_H
#define SENDGUARD_HOLD_H

#include <stddef.h>

struct config;
struct guard;
struct hold;

/*
 * Reads the config at path (and its known_domains index) and makes the
 * guard built from it the current one. On failure (-1 with *errstr) the
 * current one stays.
 */
int	 hold_load(const char *path, char **errstr);
/* The current guard, with a reference for the caller (NULL before any). */
struct hold *hold_get(void);
/* Gives a reference back; the last one of a replaced guard frees it. */
void	 hold_put(struct hold *);
/* Lets the current guard go (at exit). */
void	 hold_end(void);

const struct guard *hold_guard(const struct hold *);
const struct config *hold_config(const struct hold *);
/* Domains in the known_domains index (0 without one). */
size_t	 hold_known(const struct hold *);

#endif
