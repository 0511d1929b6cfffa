/*
 * complete.c: completing an address from contacts and history. A linear
 * scan with case folding, one candidate per address.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "complete.h"

struct complete {
	const struct tui_contact *v;
	size_t		 n;
	uint32_t	*first;		/* first entry with v[i]'s address */
	uint32_t	*seen;		/* == gen: listed by this search */
	uint32_t	 gen;
};

/* What a byte that is not well-formed UTF-8 compares as (never a letter). */
#define COMPLETE_RAW	0x110000u

/* Simple case folding: ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic. */
static uint32_t
complete_fold(uint32_t c)
{
	if (c < 0x80)
		return c >= 'A' && c <= 'Z' ? c + 32 : c;
	if (c >= 0xc0 && c <= 0xde && c != 0xd7)
		return c + 32;
	if ((c >= 0x100 && c <= 0x12f) || (c >= 0x132 && c <= 0x137) ||
	    (c >= 0x14a && c <= 0x177))
		return c | 1;
	if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e))
		return (c & 1) ? c + 1 : c;
	if (c == 0x178)
		return 0xff;
	if (c == 0x17f)
		return 's';
	if (c == 0x386)
		return 0x3ac;
	if (c >= 0x388 && c <= 0x38a)
		return c + 37;
	if (c == 0x38c)
		return 0x3cc;
	if (c == 0x38e || c == 0x38f)
		return c + 63;
	if (c >= 0x391 && c <= 0x3a9 && c != 0x3a2)
		return c + 32;
	if (c == 0x3c2)
		return 0x3c3;
	if (c >= 0x410 && c <= 0x42f)
		return c + 32;
	if (c >= 0x400 && c <= 0x40f)
		return c + 80;
	return c;
}

/* Reads one code point of NUL-terminated s; returns its length (>= 1). */
static size_t
complete_decode(const char *s, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len, i;
	uint32_t c;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] >= 0xc2 && u[0] <= 0xdf) {
		len = 2;
		c = u[0] & 0x1f;
	} else if (u[0] >= 0xe0 && u[0] <= 0xef) {
		len = 3;
		c = u[0] & 0x0f;
	} else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
		len = 4;
		c = u[0] & 0x07;
	} else
		goto raw;
	/* A NUL is not a continuation byte: this stops at the end. */
	for (i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80)
			goto raw;
		c = (c << 6) | (u[i] & 0x3f);
	}
	if ((len == 3 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))) ||
	    (len == 4 && (c < 0x10000 || c > 0x10ffff)))
		goto raw;
	*cp = c;
	return len;
raw:
	*cp = COMPLETE_RAW + u[0];
	return 1;
}

/*
 * Whether s starts with the folded code points key[0..nkey): 1, or 2 when
 * s is exactly that; 0 if not.
 */
static int
complete_prefix(const char *s, const uint32_t *key, size_t nkey)
{
	unsigned char b;
	uint32_t c;
	size_t i;

	for (i = 0; i < nkey; i++) {
		b = (unsigned char)*s;
		if (b < 0x80) {
			if (b == '\0' || (b >= 'A' && b <= 'Z' ? b + 32u : b) !=
			    key[i])
				return 0;
			s++;
			continue;
		}
		s += complete_decode(s, &c);
		if (complete_fold(c) != key[i])
			return 0;
	}
	return *s == '\0' ? 2 : 1;
}

/* A byte that separates the words of a name: ASCII, not a letter or digit. */
static int
complete_sep(unsigned char b)
{
	return b < 0x80 && !((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') ||
	    (b >= '0' && b <= '9'));
}

/* Whether the name, or any word of it, starts with the key. */
static int
complete_words(const char *name, const uint32_t *key, size_t nkey)
{
	const unsigned char *u = (const unsigned char *)name;
	size_t i;

	for (i = 0; u[i] != '\0'; i++)
		if ((i == 0 || complete_sep(u[i - 1])) && !complete_sep(u[i]) &&
		    complete_prefix(name + i, key, nkey))
			return 1;
	return 0;
}

/* ASCII case-insensitive hash and comparison of addresses. */
static uint32_t
complete_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;
	unsigned char b;

	for (; *s != '\0'; s++) {
		b = (unsigned char)*s;
		h ^= b >= 'A' && b <= 'Z' ? b + 32u : b;
		h *= 0x100000001b3ull;
	}
	/* FNV's low bits are poor: mix the high ones in (splitmix64). */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return (uint32_t)h;
}

static int
complete_same(const char *a, const char *b)
{
	unsigned char x, y;

	for (;; a++, b++) {
		x = (unsigned char)*a;
		y = (unsigned char)*b;
		if (x >= 'A' && x <= 'Z')
			x += 32;
		if (y >= 'A' && y <= 'Z')
			y += 32;
		if (x != y)
			return 0;
		if (x == '\0')
			return 1;
	}
}

struct complete *
complete_new(const struct tui_contact *v, size_t n)
{
	struct complete *m = xcalloc(1, sizeof(*m));
	uint32_t *slot, *hash;
	size_t size = 16, i, h, k;

	m->v = v;
	m->n = n;
	m->first = xcalloc(n + 1, sizeof(*m->first));
	m->seen = xcalloc(n + 1, sizeof(*m->seen));
	while (size < n + n / 2)
		size *= 2;
	/* Open addressing: a slot holds an entry's index + 1 (0: free). */
	slot = xcalloc(size, sizeof(*slot));
	hash = xreallocarray(NULL, n + 1, sizeof(*hash));
	for (i = 0; i < n; i++) {
		m->first[i] = (uint32_t)i;
		if (v[i].address == NULL)
			continue;
		hash[i] = complete_hash(v[i].address);
		for (h = hash[i] & (size - 1); slot[h] != 0;
		    h = (h + 1) & (size - 1)) {
			k = slot[h] - 1;
			if (hash[k] == hash[i] &&
			    complete_same(v[k].address, v[i].address)) {
				m->first[i] = (uint32_t)k;
				break;
			}
		}
		if (slot[h] == 0)
			slot[h] = (uint32_t)(i + 1);
	}
	free(hash);
	free(slot);
	return m;
}

void
complete_free(struct complete *m)
{
	if (m == NULL)
		return;
	free(m->first);
	free(m->seen);
	free(m);
}

/* Makes room in a full list for an exact alias: drops the last other one. */
static int
complete_evict(struct complete_cand *out, size_t *count)
{
	size_t j = *count;

	while (j > 0 && out[j - 1].exact)
		j--;
	if (j == 0)
		return 0;
	memmove(out + j - 1, out + j, (*count - j) * sizeof(*out));
	(*count)--;
	return 1;
}

/* Exact aliases first, then in the order of the entries. */
static void
complete_sort(struct complete_cand *out, size_t count)
{
	struct complete_cand t;
	size_t i, j;

	for (i = 1; i < count; i++) {
		t = out[i];
		for (j = i; j > 0 && (out[j - 1].exact < t.exact ||
		    (out[j - 1].exact == t.exact &&
		    out[j - 1].index > t.index)); j--)
			out[j] = out[j - 1];
		out[j] = t;
	}
}

size_t
complete_find(struct complete *m, const char *prefix,
    struct complete_cand *out, size_t max, int *more)
{
	const struct tui_contact *e;
	uint32_t *key;
	size_t nkey = 0, count = 0, i, j, rep;
	int r, hit, exact, left = 0;

	while (*prefix == ' ' || *prefix == '\t')
		prefix++;
	if (*prefix == '"')
		prefix++;
	if (more != NULL)
		*more = 0;
	if (*prefix == '\0' || max == 0)
		return 0;
	key = xreallocarray(NULL, strlen(prefix), sizeof(*key));
	while (*prefix != '\0') {
		prefix += complete_decode(prefix, &key[nkey]);
		key[nkey] = complete_fold(key[nkey]);
		nkey++;
	}
	if (++m->gen == 0) {
		memset(m->seen, 0, (m->n + 1) * sizeof(*m->seen));
		m->gen = 1;
	}
	for (i = 0; i < m->n; i++) {
		e = &m->v[i];
		if (e->address == NULL)
			continue;
		hit = exact = 0;
		if (e->alias != NULL &&
		    (r = complete_prefix(e->alias, key, nkey)) != 0) {
			hit = 1;
			exact = r == 2;
		}
		if (!hit)
			hit = complete_prefix(e->address, key, nkey) ||
			    (e->name != NULL &&
			    complete_words(e->name, key, nkey));
		if (!hit)
			continue;
		rep = m->first[i];
		if (m->seen[rep] == m->gen) {
			for (j = 0; exact && j < count; j++)
				if (out[j].index == rep)
					out[j].exact = 1;
			continue;
		}
		if (count == max) {
			left = 1;
			if (!exact || !complete_evict(out, &count))
				continue;
		}
		m->seen[rep] = m->gen;
		out[count].entry = &m->v[rep];
		out[count].index = rep;
		out[count++].exact = exact;
	}
	free(key);
	complete_sort(out, count);
	if (more != NULL)
		*more = left;
	return count;
}

size_t
complete_token(const char *text, size_t cur)
{
	size_t i, start = 0;
	int quoted = 0, paren = 0, angle = 0, square = 0;

	for (i = 0; i < cur && text[i] != '\0'; i++) {
		if (quoted || paren > 0) {
			if (text[i] == '\\' && i + 1 < cur &&
			    text[i + 1] != '\0')
				i++;
			else if (quoted && text[i] == '"')
				quoted = 0;
			else if (!quoted && text[i] == '(')
				paren++;
			else if (!quoted && text[i] == ')')
				paren--;
			continue;
		}
		switch (text[i]) {
		case '"':
			quoted = 1;
			break;
		case '(':
			paren = 1;
			break;
		case '<':
			angle = 1;
			break;
		case '>':
			angle = 0;
			break;
		case '[':
			square = 1;
			break;
		case ']':
			square = 0;
			break;
		case ',':
		case ';':
		case ':':
			if (!angle && !square)
				start = i + 1;
			break;
		}
	}
	while (start < cur && (text[start] == ' ' || text[start] == '\t'))
		start++;
	return start;
}

/* Whether a display name must be a quoted string (RFC 5322 specials). */
static int
complete_needs_quotes(const char *name)
{
	size_t len = strlen(name);

	return strpbrk(name, "()<>[]:;@\\,.\"") != NULL || len == 0 ||
	    name[0] == ' ' || name[len - 1] == ' ';
}

/* Whether a name holds a control character (C0, DEL or C1). */
static int
complete_controls(const char *name)
{
	const unsigned char *u = (const unsigned char *)name;

	for (; *u != '\0'; u++)
		if (*u < 0x20 || *u == 0x7f || (u[0] == 0xc2 && u[1] >= 0x80 &&
		    u[1] <= 0x9f))
			return 1;
	return 0;
}

char *
complete_text(const struct tui_contact *e)
{
	struct buf b;
	const char *p;

	if (e->name == NULL || *e->name == '\0' ||
	    complete_same(e->name, e->address) || complete_controls(e->name))
		return xstrdup(e->address);
	buf_init(&b);
	if (complete_needs_quotes(e->name)) {
		buf_addc(&b, '"');
		for (p = e->name; *p != '\0'; p++) {
			if (*p == '"' || *p == '\\')
				buf_addc(&b, '\\');
			buf_addc(&b, *p);
		}
		buf_addc(&b, '"');
	} else
		buf_adds(&b, e->name);
	buf_addf(&b, " <%s>", e->address);
	return buf_take(&b);
}
