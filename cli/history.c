/* history.c: the addresses mail went to, learned after each delivery. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sysexits.h>
#include <unistd.h>

#include "common.h"
#include "fileio.h"
#include "history.h"
#include "paths.h"

/* One parsed line; pointers into the text, NUL-terminated in place. */
struct history_line {
	char		*addr;
	long long	 when;
	long long	 times;
	char		*name;
};

/* Splits a line at tabs; 0 if it is an entry. */
static int
history_split(char *p, struct history_line *l)
{
	char *f[4] = { NULL, NULL, NULL, NULL }, *tab;
	int i;

	if (*p == '\0' || *p == '#')
		return -1;
	for (i = 0; i < 4 && p != NULL; i++) {
		f[i] = p;
		if ((tab = strchr(p, '\t')) != NULL && i < 3)
			*tab++ = '\0';
		else
			tab = NULL;
		p = tab;
	}
	if ((tab = strrchr(f[0], '@')) == NULL || tab == f[0] ||
	    tab[1] == '\0')
		return -1;
	if (f[3] != NULL && (tab = strchr(f[3], '\t')) != NULL)
		*tab = '\0';	/* a hand-edited line with more fields */
	l->addr = f[0];
	l->when = f[1] != NULL ? strtoll(f[1], NULL, 10) : 0;
	l->times = f[2] != NULL ? strtoll(f[2], NULL, 10) : 1;
	l->name = f[3] != NULL && f[3][0] != '\0' ? f[3] : NULL;
	return 0;
}

static int	history_storable(const char *);

/* Walks the lines of a (writable, NUL-terminated) text. */
static char *
history_next(char **p, struct history_line *l)
{
	char *line, *nl;

	while (*p != NULL && **p != '\0') {
		line = *p;
		if ((nl = strchr(line, '\n')) != NULL) {
			*nl = '\0';
			*p = nl + 1;
		} else
			*p = NULL;
		if (nl != NULL && nl > line && nl[-1] == '\r')
			nl[-1] = '\0';
		if (history_split(line, l) == 0)
			return line;
	}
	return NULL;
}

void
history_parse(const char *text, size_t len, struct contact_list *out)
{
	struct history_line l;
	char *copy = xstrndup(text, len), *p = copy;

	while (history_next(&p, &l) != NULL) {
		if (!history_storable(l.addr) ||
		    !utf8_valid(l.addr, strlen(l.addr)))
			continue;
		contact_add_clean(out, l.name, l.addr, NULL);
		out->v[out->n - 1].when = l.when > 0 ? l.when : 0;
		out->v[out->n - 1].times = l.times <= 0 ? 1 : l.times >
		    1000000 ? 1000000 : (unsigned)l.times;
	}
	free(copy);
}

void
history_load(struct contact_list *out)
{
	struct buf b;
	char *path = paths_state("history"), *err = NULL;

	buf_init(&b);
	if (file_read(path, &b, &err) == 0)
		history_parse(b.s != NULL ? b.s : "", b.len, out);
	free(err);
	buf_free(&b);
	free(path);
}

/* A name fit for one field of a line: no tabs, no control characters. */
static void
history_field(struct buf *b, const char *s)
{
	if (s == NULL || !utf8_valid(s, strlen(s)))
		return;
	for (; *s != '\0'; s++)
		buf_addc(b, (unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s);
}

/* Appends one line of the file: address, when, times, name. */
static void
history_put(struct buf *b, const char *addr, long long when,
    long long times, const char *name)
{
	buf_addf(b, "%s\t%lld\t%lld\t", addr, when, times);
	history_field(b, name);
	buf_addc(b, '\n');
}

/* Whether an address can be a field of a line. */
static int
history_storable(const char *a)
{
	for (; *a != '\0'; a++)
		if ((unsigned char)*a < 0x21 || *a == 0x7f)
			return 0;
	return 1;
}

/* The addresses just sent to, hashed without regard to case. */
struct history_new {
	const char *const	*addrs;
	size_t			 n;
	uint64_t		*hash;	/* sorted, with the index below */
	size_t			*at;
};

static uint64_t
history_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)(*s >= 'A' && *s <= 'Z' ?
		    *s - 'A' + 'a' : *s)) * 0x100000001b3ULL;
	return h;
}

static void
history_new_init(struct history_new *hn, const char *const *addrs, size_t n)
{
	size_t i, j, at;
	uint64_t h;

	hn->addrs = addrs;
	hn->n = 0;
	hn->hash = xcalloc(n != 0 ? n : 1, sizeof(*hn->hash));
	hn->at = xcalloc(n != 0 ? n : 1, sizeof(*hn->at));
	for (i = 0; i < n; i++) {	/* insertion sort: n is small */
		if (addrs[i] == NULL)
			continue;
		h = history_hash(addrs[i]);
		at = i;
		for (j = hn->n; j > 0 && hn->hash[j - 1] > h; j--) {
			hn->hash[j] = hn->hash[j - 1];
			hn->at[j] = hn->at[j - 1];
		}
		hn->hash[j] = h;
		hn->at[j] = at;
		hn->n++;
	}
}

/* The index of the first new address equal to a, or -1. */
static long
history_new_find(const struct history_new *hn, const char *a)
{
	uint64_t h = history_hash(a);
	size_t lo = 0, hi = hn->n, mid;
	long best = -1;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (hn->hash[mid] < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < hn->n && hn->hash[lo] == h; lo++)
		if (strcasecmp(a, hn->addrs[hn->at[lo]]) == 0 &&
		    (best < 0 || (size_t)best > hn->at[lo]))
			best = (long)hn->at[lo];
	return best;
}

int
history_lock(int shared, char **errstr)
{
	char *lock = paths_state("history.lock");
	int fd = fileio_lock(lock, shared, errstr);

	free(lock);
	return fd;
}

int
history_record(const char *const *addrs, const char *const *names,
    size_t n, time_t now, char **errstr)
{
	struct history_line l;
	struct history_new hn;
	struct buf old, out;
	long long *times = xcalloc(n != 0 ? n : 1, sizeof(*times));
	char **oldname = xcalloc(n != 0 ? n : 1, sizeof(*oldname));
	char *path = paths_state("history"), *p, *copy, *err = NULL;
	size_t i, kept = 0;
	long at;
	int fd, rc = -1;

	/* Two sends at once must not lose each other's addresses. */
	if ((fd = history_lock(0, errstr)) == -1) {
		free(times);
		free(oldname);
		free(path);
		return -1;
	}
	history_new_init(&hn, addrs, n);
	buf_init(&old);
	buf_init(&out);
	if (file_read(path, &old, &err) != 0) {
		free(err);
		buf_reset(&old);
	}
	copy = xstrndup(old.s != NULL ? old.s : "", old.len);
	/* First pass: what the old lines add to the new ones' counts. */
	p = old.s;
	while (p != NULL && history_next(&p, &l) != NULL)
		if ((at = history_new_find(&hn, l.addr)) >= 0) {
			times[at] += l.times > 0 ? l.times : 1;
			/* A name learned before stays when none comes now. */
			if (oldname[at] == NULL && l.name != NULL)
				oldname[at] = xstrdup(l.name);
		}
	buf_adds(&out, "# sendguard history: address, last sent (seconds "
	    "since 1970), times, name\n");
	for (i = 0; i < n; i++) {
		if (addrs[i] == NULL || !history_storable(addrs[i]) ||
		    history_new_find(&hn, addrs[i]) != (long)i)
			continue;	/* a repeat of an earlier one */
		history_put(&out, addrs[i], (long long)now, times[i] + 1,
		    names != NULL && names[i] != NULL ? names[i] : oldname[i]);
		kept++;
	}
	/* Then the old lines not sent to now, in their order, to the cap. */
	p = copy;
	while (kept < HISTORY_MAX && p != NULL &&
	    history_next(&p, &l) != NULL) {
		if (history_new_find(&hn, l.addr) >= 0 ||
		    !history_storable(l.addr))
			continue;
		history_put(&out, l.addr, l.when, l.times, l.name);
		kept++;
	}
	rc = fileio_write_atomic(path, out.s, out.len, 0600, errstr);
	free(copy);
	free(hn.hash);
	free(hn.at);
	buf_free(&old);
	buf_free(&out);
	fileio_unlock(fd);
	for (i = 0; i < n; i++)
		free(oldname[i]);
	free(oldname);
	free(times);
	free(path);
	return rc;
}

/* Rewrites the history without the lines whose address is forget (or all). */
static int
history_forget(const char *forget, size_t *gone, char **errstr)
{
	struct history_line l;
	struct buf b, out;
	char *path = paths_state("history"), *p, *err = NULL;
	int rc, fd;

	buf_init(&b);
	buf_init(&out);
	*gone = 0;
	if ((fd = history_lock(0, errstr)) == -1) {
		free(path);
		return -1;
	}
	if (file_read(path, &b, &err) != 0) {
		free(err);
		free(path);
		fileio_unlock(fd);
		return 0;	/* nothing to forget */
	}
	p = b.s;
	while (p != NULL && history_next(&p, &l) != NULL) {
		if (forget == NULL || strcasecmp(l.addr, forget) == 0) {
			(*gone)++;
			continue;
		}
		history_put(&out, l.addr, l.when, l.times, l.name);
	}
	rc = fileio_write_atomic(path, out.s != NULL ? out.s : "", out.len,
	    0600, errstr);
	fileio_unlock(fd);
	buf_free(&b);
	buf_free(&out);
	free(path);
	return rc;
}

static const char history_usage[] =
    "usage: sendguard history [--list]\n"
    "       sendguard history --forget ADDRESS\n"
    "       sendguard history --clear\n";

int
history_main(int argc, char **argv)
{
	struct contact_list l = { NULL, 0, 0 };
	struct buf b;
	char *err = NULL;
	size_t i, gone;

	if (argc == 1 || (argc == 2 && strcmp(argv[1], "--list") == 0)) {
		history_load(&l);
		buf_init(&b);
		for (i = 0; i < l.n; i++) {
			utf8_sanitize(&b, l.v[i].address,
			    strlen(l.v[i].address));
			if (l.v[i].name != NULL) {
				buf_adds(&b, "\t");
				utf8_sanitize(&b, l.v[i].name,
				    strlen(l.v[i].name));
			}
			buf_addc(&b, '\n');
		}
		fwrite(b.s != NULL ? b.s : "", 1, b.len, stdout);
		buf_free(&b);
		contact_list_free(&l);
		return fflush(stdout) == 0 ? 0 : EX_IOERR;
	}
	if ((argc == 2 && strcmp(argv[1], "--clear") == 0) ||
	    (argc == 3 && strcmp(argv[1], "--forget") == 0)) {
		if (history_forget(argc == 3 ? argv[2] : NULL, &gone,
		    &err) != 0) {
			fprintf(stderr, "sendguard: %s\n", err);
			free(err);
			return EX_CANTCREAT;
		}
		if (argc == 3 && gone == 0) {
			fprintf(stderr, "sendguard: %s is not in the history\n",
			    argv[2]);
			return 1;
		}
		printf("forgot %zu address%s\n", gone, gone == 1 ? "" : "es");
		return 0;
	}
	fputs(history_usage, argc == 2 && strcmp(argv[1], "--help") == 0 ?
	    stdout : stderr);
	return argc == 2 && strcmp(argv[1], "--help") == 0 ? 0 : EX_USAGE;
}
