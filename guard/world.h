/* world.h: the compiled contacts and history, inside guard/. */
#ifndef SENDGUARD_WORLD_H
#define SENDGUARD_WORLD_H

#include "guard.h"

struct known;

/* The address set and the domains' index of a world (borrowed). */
const struct known		*world_addresses(const struct guard_world *);
const struct guard_index	*world_index(const struct guard_world *);

#endif
