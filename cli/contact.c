/* contact.c: the list of contacts, and finding and reading address books. */
#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "common.h"
#include "guard.h"
#include "abook.h"
#include "alias.h"
#include "contact.h"
#include "fileio.h"
#include "vcard.h"

#define CONTACT_MAX_SIZE	(64 * 1024 * 1024)
#define CONTACT_MAX_DIR_DEPTH	4	/* folders below a named one */
#define CONTACT_MAX_INCLUDE	8	/* levels of "source" */

/* A file (or folder) met, and a set of them: each is read once. */
struct contact_file_id {
	dev_t	dev;
	ino_t	ino;
	int	used;
};
struct contact_seen {
	struct contact_file_id	*v;	/* open addressing */
	size_t			 n;
	size_t			 cap;	/* a power of two */
};

struct contact_loader {
	struct contact_list	*out;
	struct strlist		*warnings;
	struct contact_seen	 seen;
	struct strlist		*files;		/* every path read or looked for */
};

void
contact_add(struct contact_list *l, const char *name, const char *address,
    const char *alias)
{
	struct contact *c;

	if (l->n == l->cap) {
		l->cap = l->cap != 0 ? l->cap * 2 : 64;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	c = &l->v[l->n++];
	c->name = name != NULL && name[0] != '\0' ? xstrdup(name) : NULL;
	c->address = xstrdup(address);
	c->alias = alias != NULL && alias[0] != '\0' ? xstrdup(alias) : NULL;
	c->when = 0;
	c->times = 0;
}

void
contact_list_free(struct contact_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].address);
		free(l->v[i].alias);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* Whether code point cp is a control character (C0, DEL, C1). */
static int
contact_control(unsigned int cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
}

/*
 * A copy of s fit to show: NULL when s is not valid UTF-8 or is blank;
 * control characters (a folded "\\n" of a vCard) become spaces.
 */
static char *
contact_text(const char *s)
{
	struct buf b;
	unsigned int cp;
	size_t len, n, i;
	const char *p;
	char *out;

	if (s == NULL)
		return NULL;
	len = strlen(s);
	if (!utf8_valid(s, len))
		return NULL;
	while (len > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	for (i = 0; i < len && (unsigned char)s[i] >= 0x20 &&
	    (unsigned char)s[i] < 0x7f; i++)
		;
	if (i == len)
		return len > 0 ? xstrndup(s, len) : NULL;
	buf_init(&b);
	for (p = s; p < s + len; p += n) {
		n = utf8_decode(p, (size_t)(s + len - p), &cp);
		if (contact_control(cp))
			buf_addc(&b, ' ');
		else
			buf_add(&b, p, n);
	}
	out = buf_take(&b);
	str_trim(out);
	if (out[0] == '\0') {
		free(out);
		return NULL;
	}
	return out;
}

void
contact_add_clean(struct contact_list *l, const char *name,
    const char *address, const char *alias)
{
	char *n = contact_text(name), *a = contact_text(alias);

	contact_add(l, n, address, a);
	free(n);
	free(a);
}

int
contact_add_one(struct contact_list *l, const char *name, const char *text,
    const char *alias)
{
	struct guard_report r;
	const struct guard_verdict *v;
	int rc = -1;

	guard_report_init(&r);
	guard_parse(text, &r);
	v = r.nverdicts == 1 ? &r.verdicts[0] : NULL;
	if (v != NULL && v->address != NULL && v->nfindings == 0 &&
	    v->group == NULL) {
		contact_add_clean(l, name, v->address, alias);
		rc = 0;
	}
	guard_report_free(&r);
	return rc;
}

static size_t
contact_seen_hash(dev_t dev, ino_t ino)
{
	uint64_t h = ((uint64_t)dev * 0x9e3779b97f4a7c15ULL) ^ (uint64_t)ino;

	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return (size_t)h;
}

/* Marks a file as seen: 1 if it was new, 0 if it had been seen. */
static int
contact_seen_add(struct contact_seen *s, const struct stat *st)
{
	struct contact_file_id *old = s->v;
	size_t oldcap = s->cap, i, mask;

	if ((s->n + 1) * 2 > s->cap) {
		s->cap = s->cap != 0 ? s->cap * 2 : 64;
		s->v = xcalloc(s->cap, sizeof(*s->v));
		s->n = 0;
		for (i = 0; i < oldcap; i++)
			if (old[i].used)
				(void)contact_seen_add(s, &(struct stat){
				    .st_dev = old[i].dev,
				    .st_ino = old[i].ino });
		free(old);
	}
	mask = s->cap - 1;
	for (i = contact_seen_hash(st->st_dev, st->st_ino) & mask;
	    s->v[i].used; i = (i + 1) & mask)
		if (s->v[i].dev == st->st_dev && s->v[i].ino == st->st_ino)
			return 0;
	s->v[i].dev = st->st_dev;
	s->v[i].ino = st->st_ino;
	s->v[i].used = 1;
	s->n++;
	return 1;
}

static void
contact_warn(struct contact_loader *ld, const char *path, const char *why)
{
	char *line;

	if (ld->warnings == NULL)
		return;
	line = xasprintf("%s: %s", path, why);
	strlist_add(ld->warnings, line);
	free(line);
}

/*
 * Reads a regular file not read before into b: 0, or -1 (a warning added
 * when the file was named by the user, or is too large).
 */
static int
contact_read(struct contact_loader *ld, const char *path, int named,
    struct buf *b)
{
	struct stat st;
	char *err = NULL;

	if (ld->files != NULL)
		strlist_add(ld->files, path);
	if (stat(path, &st) == -1) {
		if (named)
			contact_warn(ld, path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		if (named)
			contact_warn(ld, path, "not a regular file");
		return -1;
	}
	if (!contact_seen_add(&ld->seen, &st))
		return -1;
	if (st.st_size > CONTACT_MAX_SIZE) {
		contact_warn(ld, path, "larger than 64 MB, skipped");
		return -1;
	}
	if (file_read(path, b, &err) == -1) {
		if (named && ld->warnings != NULL)
			strlist_add(ld->warnings, err);
		free(err);
		return -1;
	}
	if (b->len > CONTACT_MAX_SIZE) {
		contact_warn(ld, path, "larger than 64 MB, skipped");
		return -1;
	}
	return 0;
}

/*
 * Where an include of a muttrc points: ~/ and a leading $VAR or ${VAR}
 * from the environment, a relative path from dir. NULL when a variable
 * is not set.
 */
static char *
contact_include_path(const char *p, const char *dir)
{
	const char *v, *rest;
	char *name, *s;
	size_t n;

	if (p[0] == '~' && (p[1] == '/' || p[1] == '\0')) {
		if ((v = getenv("HOME")) == NULL || v[0] == '\0')
			return NULL;
		return xasprintf("%s%s", v, p + 1);
	}
	if (p[0] == '$') {
		if (p[1] == '{') {
			if ((rest = strchr(p, '}')) == NULL)
				return NULL;
			name = xstrndup(p + 2, (size_t)(rest - p - 2));
			rest++;
		} else {
			for (n = 1; isalnum((unsigned char)p[n]) || p[n] == '_';
			    n++)
				;
			name = xstrndup(p + 1, n - 1);
			rest = p + n;
		}
		v = getenv(name);
		free(name);
		if (v == NULL || v[0] == '\0')
			return NULL;
		s = xasprintf("%s%s", v, rest);
		if (s[0] != '/') {
			name = s;
			s = xasprintf("%s/%s", dir, name);
			free(name);
		}
		return s;
	}
	if (p[0] == '/')
		return xstrdup(p);
	return xasprintf("%s/%s", dir, p);
}

/* A mutt alias file or muttrc, then the files it includes. */
static void
contact_muttrc(struct contact_loader *ld, const char *path,
    const struct buf *text, int level)
{
	struct strlist inc = { NULL, 0 };
	struct buf b;
	char *dir, *p;
	size_t i;

	alias_parse(text->s, text->len, ld->out, &inc);
	if (inc.n == 0)
		return;
	dir = fileio_dirname(path);
	for (i = 0; i < inc.n && level < CONTACT_MAX_INCLUDE; i++) {
		if ((p = contact_include_path(inc.v[i], dir)) == NULL)
			continue;
		buf_init(&b);
		if (contact_read(ld, p, 0, &b) == 0)
			contact_muttrc(ld, p, &b, level + 1);
		buf_free(&b);
		free(p);
	}
	free(dir);
	strlist_free(&inc);
}

/* Whether text is an abook addressbook: told by its first section. */
static int
contact_is_abook(const char *s, size_t len)
{
	const char *end = s + len, *nl, *e;
	int first = 1;

	for (; s < end; s = nl != NULL ? nl + 1 : end) {
		nl = memchr(s, '\n', (size_t)(end - s));
		e = nl != NULL ? nl : end;
		while (s < e && isspace((unsigned char)*s))
			s++;
		while (e > s && isspace((unsigned char)e[-1]))
			e--;
		if (s == e || *s == '#')
			continue;
		if (first) {
			if (e - s == 8 && memcmp(s, "[format]", 8) == 0)
				return 1;
			if (e - s != 3 || memcmp(s, "[0]", 3) != 0)
				return 0;
			first = 0;
		} else if (*s == '[')
			return 0;
		else if (e - s >= 6 && strncasecmp(s, "email=", 6) == 0)
			return 1;
	}
	return 0;
}

/*
 * Reads a file named by the user or found in a folder: a vCard if vcf is
 * set (a *.vcf name), else told by its content.
 */
static void
contact_file(struct contact_loader *ld, const char *path, int named,
    int vcf)
{
	struct buf b;
	const char *s, *end;

	buf_init(&b);
	if (contact_read(ld, path, named, &b) == -1) {
		buf_free(&b);
		return;
	}
	s = b.s;
	end = b.s + b.len;
	if (end - s >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		s += 3;
	while (s < end && isspace((unsigned char)*s))
		s++;
	if (vcf || (end - s >= 11 && strncasecmp(s, "BEGIN:VCARD", 11) == 0))
		vcard_parse(b.s, b.len, ld->out);
	else if (contact_is_abook(s, (size_t)(end - s)))
		abook_parse(b.s, b.len, ld->out);
	else
		contact_muttrc(ld, path, &b, 0);
	buf_free(&b);
}

/* Whether a file name ends in ".vcf" (any case). */
static int
contact_vcf_name(const char *name)
{
	size_t n = strlen(name);

	return n > 4 && strcasecmp(name + n - 4, ".vcf") == 0;
}

static int
contact_namecmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every *.vcf file of a folder and its subfolders, in name order. */
static void
contact_dir(struct contact_loader *ld, const char *path, int depth)
{
	struct strlist names = { NULL, 0 };
	struct dirent *de;
	struct stat st;
	size_t i, cap = 0;
	char *p;
	DIR *d;

	if (ld->files != NULL)
		strlist_add(ld->files, path);
	if ((d = opendir(path)) == NULL) {
		if (depth == 0)
			contact_warn(ld, path, strerror(errno));
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (names.n == cap) {
			cap = cap != 0 ? cap * 2 : 32;
			names.v = xreallocarray(names.v, cap, sizeof(*names.v));
		}
		names.v[names.n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (names.n > 0)
		qsort(names.v, names.n, sizeof(*names.v), contact_namecmp);
	for (i = 0; i < names.n; i++) {
		p = xasprintf("%s/%s", path, names.v[i]);
		if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (depth < CONTACT_MAX_DIR_DEPTH &&
			    contact_seen_add(&ld->seen, &st))
				contact_dir(ld, p, depth + 1);
		} else if (contact_vcf_name(names.v[i]))
			contact_file(ld, p, 0, 1);
		free(p);
	}
	strlist_free(&names);
}

void
contact_load(struct contact_list *out, const struct strlist *paths,
    struct strlist *warnings)
{
	contact_load_files(out, paths, warnings, NULL);
}

void
contact_load_files(struct contact_list *out, const struct strlist *paths,
    struct strlist *warnings, struct strlist *files)
{
	struct contact_loader ld;
	struct stat st;
	const char *home = getenv("HOME");
	char *p;
	size_t i;

	memset(&ld, 0, sizeof(ld));
	ld.out = out;
	ld.warnings = warnings;
	ld.files = files;
	for (i = 0; i < paths->n; i++) {
		if (strncmp(paths->v[i], "~/", 2) == 0 && home != NULL)
			p = xasprintf("%s/%s", home, paths->v[i] + 2);
		else
			p = xstrdup(paths->v[i]);
		if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (contact_seen_add(&ld.seen, &st))
				contact_dir(&ld, p, 0);
		} else
			contact_file(&ld, p, 1, contact_vcf_name(p));
		free(p);
	}
	free(ld.seen.v);
}

void
contact_default_paths(struct strlist *out)
{
	static const char *const home_files[] = {
		".mutt/aliases", ".abook/addressbook", ".muttrc",
		".mutt/muttrc", NULL, ".neomuttrc", NULL
	};
	static const char *const xdg_files[] = {
		NULL, NULL, NULL, NULL, "mutt/muttrc", NULL, "neomutt/neomuttrc"
	};
	const char *home = getenv("HOME"), *xdg = getenv("XDG_CONFIG_HOME");
	char *config = NULL, *p;
	size_t i;

	if (home != NULL && home[0] == '\0')
		home = NULL;
	/* The XDG spec: a relative XDG_CONFIG_HOME is to be ignored. */
	if (xdg != NULL && xdg[0] == '/')
		config = xstrdup(xdg);
	else if (home != NULL)
		config = xasprintf("%s/.config", home);
	for (i = 0; i < sizeof(home_files) / sizeof(home_files[0]); i++) {
		if (home_files[i] != NULL && home != NULL)
			p = xasprintf("%s/%s", home, home_files[i]);
		else if (xdg_files[i] != NULL && config != NULL)
			p = xasprintf("%s/%s", config, xdg_files[i]);
		else
			continue;
		if (access(p, F_OK) == 0)
			strlist_add(out, p);
		free(p);
	}
	free(config);
}
