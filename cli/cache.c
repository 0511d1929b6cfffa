/* cache.c: the compiled index of known_domains, cached on disk. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "common.h"
#include "guard.h"
#include "cache.h"
#include "fileio.h"
#include "paths.h"

#define CACHE_MAGIC	"SGCACHE1"

/* What the cache was made from; 64 bytes before the index bytes. */
struct cache_header {
	char		magic[8];
	uint64_t	size;
	uint64_t	mtime_sec;
	uint64_t	mtime_nsec;
	uint64_t	ino;
	uint64_t	dev;
	uint64_t	pad[2];
};

static void
cache_header_of(const struct stat *st, struct cache_header *h)
{
	memset(h, 0, sizeof(*h));
	memcpy(h->magic, CACHE_MAGIC, 8);
	h->size = (uint64_t)st->st_size;
	h->mtime_sec = (uint64_t)st->st_mtim.tv_sec;
	h->mtime_nsec = (uint64_t)st->st_mtim.tv_nsec;
	h->ino = (uint64_t)st->st_ino;
	h->dev = (uint64_t)st->st_dev;
}

static char *
cache_path(const char *file)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	const char *p;
	char name[64];

	for (p = file; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
	snprintf(name, sizeof(name), "known-%016llx.idx",
	    (unsigned long long)h);
	return paths_cache(name);
}

/* Maps the cache if it was made from the file as it is now. */
static int
cache_map(const char *path, const struct cache_header *want,
    struct cache_index *c)
{
	struct stat st;
	void *map;
	char *err = NULL;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, &st) != 0 || st.st_size < (off_t)sizeof(*want)) {
		close(fd);
		return -1;
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return -1;
	if (memcmp(map, want, sizeof(*want)) != 0 ||
	    guard_index_from_bytes((char *)map + sizeof(*want),
	    (size_t)st.st_size - sizeof(*want), &c->ix, &err) != 0) {
		free(err);
		munmap(map, (size_t)st.st_size);
		return -1;
	}
	c->map = map;
	c->maplen = (size_t)st.st_size;
	return 0;
}

/* Splits the text into lines in place, leaving out comments and blanks. */
static char **
cache_lines(char *text, size_t len, size_t *n)
{
	char **v = NULL, *p = text, *end = text + len, *nl, *hash;
	size_t cap = 0;

	*n = 0;
	while (p < end) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		*nl = '\0';
		if ((hash = strchr(p, '#')) != NULL)
			*hash = '\0';
		str_trim(p);
		if (p[0] != '\0') {
			if (*n == cap) {
				cap = cap == 0 ? 4096 : cap * 2;
				v = xreallocarray(v, cap, sizeof(*v));
			}
			v[(*n)++] = p;
		}
		p = nl + 1;
	}
	return v;
}

int
cache_known_index(const char *file, struct cache_index *c, char **errstr)
{
	struct cache_header h;
	struct stat st;
	struct buf text;
	struct iovec iov[2];
	char **lines, *path, *err = NULL;
	void *bytes;
	size_t n, len;

	memset(c, 0, sizeof(*c));
	if (stat(file, &st) != 0) {
		*errstr = xasprintf("known_domains: %s: %s", file,
		    strerror(errno));
		return -1;
	}
	cache_header_of(&st, &h);
	path = cache_path(file);
	if (cache_map(path, &h, c) == 0) {
		free(path);
		return 0;
	}

	buf_init(&text);
	if (file_read(file, &text, errstr) != 0) {
		free(path);
		return -1;
	}
	lines = cache_lines(text.s, text.len, &n);
	if (guard_index_build((const char *const *)lines, n, GUARD_SRC_FILE,
	    &c->skipped, &c->ix, errstr) != 0) {
		free(lines);
		buf_free(&text);
		free(path);
		return -1;
	}
	free(lines);
	buf_free(&text);
	c->built = 1;

	guard_index_bytes(c->ix, &bytes, &len);
	iov[0].iov_base = &h;
	iov[0].iov_len = sizeof(h);
	iov[1].iov_base = bytes;
	iov[1].iov_len = len;
	/* A cache that cannot be written only costs time next run. */
	if (fileio_write_atomicv(path, iov, 2, 0600, &err) != 0)
		free(err);
	free(bytes);
	free(path);
	return 0;
}

void
cache_index_free(struct cache_index *c)
{
	guard_index_free(c->ix);
	if (c->map != NULL)
		munmap(c->map, c->maplen);
	memset(c, 0, sizeof(*c));
}
