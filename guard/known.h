/*
 * known.h: the addresses the user knows (contacts, sent history) as a set
 * of 64-bit keys, so a million of them cost 8 MB and no strings (internal
 * to guard/).
 */
#ifndef SENDGUARD_KNOWN_H
#define SENDGUARD_KNOWN_H

#include <stddef.h>
#include <stdint.h>

struct known;

struct known	*known_new(size_t hint);
void		 known_free(struct known *);
/*
 * A read-only set over a table of cap slots (a power of two; 0 is empty)
 * that known_table() gave, mapped back from a cache: borrowed, kept by the
 * caller until known_free().
 */
struct known	*known_map(const uint64_t *slot, size_t cap, size_t n);
/* Whether a mapped table can be probed safely (has an empty slot). */
int		 known_sane(const struct known *);
const uint64_t	*known_table(const struct known *, size_t *cap);
/* Adds a key; 1 if it was new, 0 if it was there. */
int		 known_add(struct known *, uint64_t);
int		 known_has(const struct known *, uint64_t);
size_t		 known_count(const struct known *);

/*
 * The key of an address: the local part with ASCII letters lowered, and
 * the domain in lowercase A-label form, so "Bob@Example.COM" and
 * "bob@example.com" are one address. 0 if it is no address.
 */
uint64_t	 known_address_key(const char *address);
/* The key of a domain as typed in an address (lowered, A-label). */
uint64_t	 known_domain_key(const char *domain, size_t len);

#endif
