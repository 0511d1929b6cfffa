/* known.c: a set of address keys (open addressing, no strings kept). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "domain.h"
#include "index.h"
#include "known.h"

struct known {
	uint64_t	*slot;	/* 0: empty */
	size_t		 mask;
	size_t		 n;
	int		 borrowed;	/* slot is mapped, not ours */
};

struct known *
known_new(size_t hint)
{
	struct known *k = xcalloc(1, sizeof(*k));
	size_t cap = 64;

	while (cap < hint * 2)
		cap *= 2;
	k->slot = xcalloc(cap, sizeof(*k->slot));
	k->mask = cap - 1;
	return k;
}

void
known_free(struct known *k)
{
	if (k == NULL)
		return;
	if (!k->borrowed)
		free(k->slot);
	free(k);
}

static void
known_grow(struct known *k)
{
	uint64_t *old = k->slot;
	size_t i, j, oldcap = k->mask + 1;

	k->slot = xcalloc(oldcap * 2, sizeof(*k->slot));
	k->mask = oldcap * 2 - 1;
	for (i = 0; i < oldcap; i++) {
		if (old[i] == 0)
			continue;
		for (j = (size_t)old[i] & k->mask; k->slot[j] != 0;
		    j = (j + 1) & k->mask)
			;
		k->slot[j] = old[i];
	}
	free(old);
}

struct known *
known_map(const uint64_t *slot, size_t cap, size_t n)
{
	struct known *k = xcalloc(1, sizeof(*k));

	k->slot = (uint64_t *)(uintptr_t)slot;
	k->mask = cap - 1;
	k->n = n;
	k->borrowed = 1;
	return k;
}

int
known_sane(const struct known *k)
{
	size_t i, used = 0, empty = 0;

	for (i = 0; i <= k->mask; i++) {
		if (k->slot[i] == 0)
			empty++;
		else
			used++;
	}
	return empty > 0 && used == k->n;
}

const uint64_t *
known_table(const struct known *k, size_t *cap)
{
	*cap = k->mask + 1;
	return k->slot;
}

int
known_add(struct known *k, uint64_t key)
{
	size_t j;

	if (key == 0 || k->borrowed)
		return 0;
	if ((k->n + 1) * 2 > k->mask + 1)
		known_grow(k);
	for (j = (size_t)key & k->mask; k->slot[j] != 0;
	    j = (j + 1) & k->mask)
		if (k->slot[j] == key)
			return 0;
	k->slot[j] = key;
	k->n++;
	return 1;
}

int
known_has(const struct known *k, uint64_t key)
{
	size_t j;

	if (k == NULL || key == 0)
		return 0;
	for (j = (size_t)key & k->mask; k->slot[j] != 0;
	    j = (j + 1) & k->mask)
		if (k->slot[j] == key)
			return 1;
	return 0;
}

size_t
known_count(const struct known *k)
{
	return k != NULL ? k->n : 0;
}

/* Hashes the domain's canonical form onto h. */
static uint64_t
known_domain_hash(uint64_t h, const char *s, size_t len)
{
	struct domain d;
	char lower[DOMAIN_MAX + 2] = "", *why = NULL, *tmp;
	size_t i;

	if (len > 0 && s[len - 1] == '.')
		len--;
	for (i = 0; i < len && i <= DOMAIN_MAX; i++) {
		if ((unsigned char)s[i] >= 0x80)
			break;
		lower[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ?
		    s[i] - 'A' + 'a' : s[i]);
	}
	lower[i] = '\0';
	if (i == len && strncmp(lower, "xn--", 4) != 0 &&
	    strstr(lower, ".xn--") == NULL)
		return index_fnv(h, lower, len);
	/* International: as the guard sees it, in A-labels. */
	tmp = xstrndup(s, len);
	if (domain_normalize(tmp, &d, &why) != 0) {
		free(why);
		h = index_fnv(h, tmp, len);
	} else {
		h = index_fnv(h, d.ascii, strlen(d.ascii));
		domain_free(&d);
	}
	free(tmp);
	return h;
}

static uint64_t
known_finish(uint64_t h)
{
	h = index_mix(h);
	return h != 0 ? h : 1;
}

uint64_t
known_domain_key(const char *domain, size_t len)
{
	return known_finish(known_domain_hash(INDEX_FNV_BASIS ^ 0x64,
	    domain, len));
}

uint64_t
known_address_key(const char *a)
{
	const char *at = strrchr(a, '@');
	uint64_t h = INDEX_FNV_BASIS;
	char c;
	size_t i;

	if (at == NULL || at == a || at[1] == '\0')
		return 0;
	for (i = 0; a + i < at; i++) {
		c = a[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		h = (h ^ (unsigned char)c) * INDEX_FNV_PRIME;
	}
	h = (h ^ '@') * INDEX_FNV_PRIME;
	return known_finish(known_domain_hash(h, at + 1, strlen(at + 1)));
}
