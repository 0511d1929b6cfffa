/* learn.c: the user's world for the guard, cached under XDG_CACHE_HOME. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "guard.h"
#include "fileio.h"
#include "history.h"
#include "learn.h"
#include "paths.h"
#include "setup.h"

#define LEARN_MAGIC	"SGWORLD\n"

/*
 * The cache file: the magic, the stamp's length (8 bytes, little or big
 * as this machine has it: a cache is never shared), the stamp (text, one
 * "STATE PATH" line per file read or looked for, padded with newlines to
 * 8 bytes), then the world's bytes.
 */

/* One stamp line: what a path is now ("-" when it is missing). */
static void
learn_stamp_path(struct buf *b, const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0)
		buf_addf(b, "- %s\n", path);
	else
		buf_addf(b, "%llu:%llu:%lld:%lld.%09ld %s\n",
		    (unsigned long long)st.st_dev,
		    (unsigned long long)st.st_ino, (long long)st.st_size,
		    (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec, path);
}

/* The first line of a stamp: which address books were asked for. */
static void
learn_stamp_books(struct buf *b, const struct strlist *books)
{
	size_t i;

	buf_adds(b, "=");
	for (i = 0; i < books->n; i++)
		buf_addf(b, " %s", books->v[i]);
	buf_addc(b, '\n');
}

/* The stamp of a list of paths, padded to 8 bytes. */
static void
learn_stamp(struct buf *b, const struct strlist *books,
    const struct strlist *paths)
{
	size_t i;

	buf_init(b);
	learn_stamp_books(b, books);
	for (i = 0; i < paths->n; i++)
		learn_stamp_path(b, paths->v[i]);
	while (b->len % 8 != 0)
		buf_addc(b, '\n');
}

/*
 * Whether a stored stamp still holds: the same address books asked for,
 * and every path as it was.
 */
static int
learn_stamp_holds(const char *s, size_t len, const struct strlist *books)
{
	struct buf now;
	const char *p = s, *end = s + len, *nl, *sp;
	char *path;
	int ok = 1;

	buf_init(&now);
	learn_stamp_books(&now, books);
	if (now.len > len || memcmp(now.s, s, now.len) != 0) {
		buf_free(&now);
		return 0;
	}
	p += now.len;
	while (ok && p < end && *p != '\n') {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL ||
		    (sp = memchr(p, ' ', (size_t)(nl - p))) == NULL)
			return 0;
		path = xstrndup(sp + 1, (size_t)(nl - sp - 1));
		buf_reset(&now);
		learn_stamp_path(&now, path);
		ok = now.len == (size_t)(nl - p + 1) &&
		    memcmp(now.s, p, now.len) == 0;
		free(path);
		p = nl + 1;
	}
	buf_free(&now);
	return ok;
}

/* Maps the cache if its stamp holds. */
static int
learn_map(const char *path, const struct strlist *books, struct learned *l)
{
	struct stat st;
	uint64_t slen;
	char *map, *err = NULL;
	size_t off;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, &st) != 0 || st.st_size < 16) {
		close(fd);
		return -1;
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return -1;
	memcpy(&slen, map + 8, 8);
	off = 16 + (size_t)slen;
	if (memcmp(map, LEARN_MAGIC, 8) != 0 || slen % 8 != 0 ||
	    slen > (uint64_t)st.st_size - 16 ||
	    !learn_stamp_holds(map + 16, (size_t)slen, books) ||
	    guard_world_from_bytes(map + off, (size_t)st.st_size - off,
	    &l->world, &err) != 0) {
		free(err);
		munmap(map, (size_t)st.st_size);
		return -1;
	}
	l->map = map;
	l->maplen = (size_t)st.st_size;
	return 0;
}

/* The address books to read: configured, or the defaults. */
static void
learn_books(const struct config *c, struct strlist *books)
{
	size_t i;

	if (c->contacts_set)
		for (i = 0; i < c->contacts.n; i++)
			strlist_add(books, c->contacts.v[i]);
	else
		contact_default_paths(books);
}

/* Reads the address books and the history; files lists what was read. */
static void
learn_read(struct learned *l, const struct config *c,
    const struct strlist *books, struct strlist *files)
{
	size_t i;

	l->read = 1;
	contact_load_files(&l->contacts, books, c->contacts_set ?
	    &l->warnings : NULL, files);
	/* A configured book that is missing now may appear later. */
	for (i = 0; i < books->n; i++)
		strlist_add(files, books->v[i]);
	history_load(&l->history);
}

/* The addr-specs of a list, borrowed. */
static const char **
learn_addresses(const struct contact_list *cl, struct guard_list *g)
{
	const char **v = xcalloc(cl->n + 1, sizeof(*v));
	size_t i;

	for (i = 0; i < cl->n; i++)
		v[i] = cl->v[i].address;
	g->v = v;
	g->n = cl->n;
	return v;
}

/*
 * Builds the world from the lists and writes the cache with the stamp of
 * the files as they were read.
 */
static void
learn_build(struct learned *l, struct buf *stamp, const char *path)
{
	struct guard_list cg, hg;
	const char **cv, **hv;
	unsigned *count, *days;
	long long now, age;
	size_t i;
	struct iovec iov[3];
	char head[16], *err = NULL;
	uint64_t slen;
	void *bytes;
	size_t len;

	cv = learn_addresses(&l->contacts, &cg);
	hv = learn_addresses(&l->history, &hg);
	count = xcalloc(hg.n + 1, sizeof(*count));
	days = xcalloc(hg.n + 1, sizeof(*days));
	now = time(NULL);
	for (i = 0; i < hg.n; i++) {
		count[i] = l->history.v[i].times;
		age = now - l->history.v[i].when;
		days[i] = l->history.v[i].when <= 0 || age < 0 ? 0 :
		    age / 86400 > 100000 ? 100000 : (unsigned)(age / 86400);
	}
	if (guard_world_build(&cg, &hg, count, days, &l->world, &err) != 0) {
		free(err);
		l->world = NULL;
	}
	free(count);
	free(days);
	free(cv);
	free(hv);
	if (l->world == NULL)
		return;
	l->built = 1;
	slen = stamp->len;
	memcpy(head, LEARN_MAGIC, 8);
	memcpy(head + 8, &slen, 8);
	guard_world_bytes(l->world, &bytes, &len);
	iov[0].iov_base = head;
	iov[0].iov_len = 16;
	iov[1].iov_base = stamp->s != NULL ? stamp->s : head;
	iov[1].iov_len = stamp->len;
	iov[2].iov_base = bytes;
	iov[2].iov_len = len;
	/* A cache that cannot be written only costs time at the next start. */
	if (fileio_write_atomicv(path, iov, 3, 0600, &err) != 0)
		free(err);
	free(bytes);
}

/* From the cache: a configured address book that is not there is said. */
static void
learn_missing(struct learned *l, const struct config *c)
{
	char *line;
	size_t i;

	for (i = 0; c->contacts_set && i < c->contacts.n; i++) {
		if (access(c->contacts.v[i], R_OK) == 0)
			continue;
		line = xasprintf("%s: %s", c->contacts.v[i], strerror(errno));
		strlist_add(&l->warnings, line);
		free(line);
	}
}

void
learn_load(struct learned *l, const struct config *c, int entries)
{
	struct strlist files = { NULL, 0 }, books = { NULL, 0 };
	struct buf stamp;
	char *path = paths_cache("world.cache"), *err = NULL;
	int lock;

	memset(l, 0, sizeof(*l));
	learn_books(c, &books);
	if (learn_map(path, &books, l) == 0)
		learn_missing(l, c);
	else {
		files.v = xcalloc(1, sizeof(*files.v));
		files.v[files.n++] = paths_state("history");
		/*
		 * The history cannot change between its reading and its
		 * stamp (a send at the same time waits), so the cache never
		 * claims a history it does not hold.
		 */
		if ((lock = history_lock(1, &err)) == -1)
			free(err);
		learn_read(l, c, &books, &files);
		learn_stamp(&stamp, &books, &files);
		fileio_unlock(lock);
		learn_build(l, &stamp, path);
		buf_free(&stamp);
	}
	if (entries)
		learn_entries(l, c);
	strlist_free(&books);
	strlist_free(&files);
	free(path);
}

void
learn_entries(struct learned *l, const struct config *c)
{
	struct strlist books = { NULL, 0 }, files = { NULL, 0 }, warn;

	if (l->read)
		return;
	/* Said already, when the cache was mapped. */
	warn = l->warnings;
	memset(&l->warnings, 0, sizeof(l->warnings));
	learn_books(c, &books);
	learn_read(l, c, &books, &files);
	strlist_free(&l->warnings);
	l->warnings = warn;
	strlist_free(&books);
	strlist_free(&files);
}

void
learn_free(struct learned *l)
{
	guard_world_free(l->world);
	if (l->map != NULL)
		munmap(l->map, l->maplen);
	contact_list_free(&l->contacts);
	contact_list_free(&l->history);
	strlist_free(&l->warnings);
	memset(l, 0, sizeof(*l));
}

void
learn_refresh(const struct config *c)
{
	struct learned l;

	learn_load(&l, c, 0);
	learn_free(&l);
}

static const char learn_usage[] = "usage: sendguard contacts [-C FILE]\n";

int
learn_main(int argc, char **argv)
{
	struct setup s;
	struct buf b;
	const struct contact *ct;
	const char *config = NULL;
	char *err = NULL;
	size_t i;

	if (argc == 3 && strcmp(argv[1], "-C") == 0)
		config = argv[2];
	else if (argc != 1) {
		fputs(learn_usage, argc == 2 && strcmp(argv[1], "--help") ==
		    0 ? stdout : stderr);
		return argc == 2 && strcmp(argv[1], "--help") == 0 ? 0 :
		    EX_USAGE;
	}
	if (setup_load(&s, config, SETUP_ENTRIES, &err) != 0) {
		fprintf(stderr, "sendguard: %s\n", err);
		free(err);
		setup_free(&s);
		return EX_CONFIG;
	}
	for (i = 0; i < s.learned.warnings.n; i++)
		fprintf(stderr, "sendguard: contacts: %s\n",
		    s.learned.warnings.v[i]);
	buf_init(&b);
	/* Untrusted text from files: shown with escapes, one a line. */
	for (i = 0; i < s.learned.contacts.n; i++) {
		ct = &s.learned.contacts.v[i];
		utf8_sanitize(&b, ct->address, strlen(ct->address));
		buf_addc(&b, '\t');
		if (ct->name != NULL)
			utf8_sanitize(&b, ct->name, strlen(ct->name));
		buf_addc(&b, '\t');
		if (ct->alias != NULL)
			utf8_sanitize(&b, ct->alias, strlen(ct->alias));
		buf_addc(&b, '\n');
	}
	fwrite(b.s != NULL ? b.s : "", 1, b.len, stdout);
	buf_free(&b);
	setup_free(&s);
	return fflush(stdout) == 0 ? 0 : EX_IOERR;
}
