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
