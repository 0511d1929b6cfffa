/* theme.c: themes: the roles' colours and attributes, and theme files. */
/* Pure parsing, no curses: tui/ maps the styles to curses attributes. */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "theme.h"
#include "tui.h"

#define THEME_MAX_LINE	4096		/* bytes in a line, without its \n */
#define THEME_MAX_FILE	(256 * 1024)	/* bytes in a theme file, 256 KiB */
#define THEME_MAX_QUOTE	64		/* bytes of a bad word in an error */
#define THEME_BLANKS	" \t\r\f\v"

/* The colours of theme_default(): the eight every colour terminal has. */
enum {
	DEF = -1, BLACK, RED, GREEN, YELLOW, BLUE, MAGENTA, CYAN, WHITE
};

static const char *const theme_role_names[ROLE_NROLES] = {
	[ROLE_FIELD_LABEL] = "field.label",
	[ROLE_FIELD_TEXT] = "field.text",
	[ROLE_FIELD_ACTIVE] = "field.active",
	[ROLE_ADDR_OK] = "addr.ok",
	[ROLE_ADDR_NOTICE] = "addr.notice",
	[ROLE_ADDR_WARN] = "addr.warn",
	[ROLE_ADDR_BLOCK] = "addr.block",
	[ROLE_BODY] = "body",
	[ROLE_PANE_TITLE] = "pane.title",
	[ROLE_PANE_WARNING] = "pane.warning",
	[ROLE_PANE_BLOCK] = "pane.block",
	[ROLE_STATUS] = "status",
	[ROLE_PROMPT] = "prompt",
	[ROLE_PROMPT_KEY] = "prompt.key",
	[ROLE_ESCAPED] = "escaped",
	[ROLE_ERROR] = "error",
};

/* Readable on 8 colours: warn stands out, block more, notice less. */
static const struct theme_style theme_default_styles[ROLE_NROLES] = {
	[ROLE_FIELD_LABEL] = { CYAN, DEF, THEME_BOLD },
	[ROLE_FIELD_TEXT] = { DEF, DEF, 0 },
	[ROLE_FIELD_ACTIVE] = { BLACK, CYAN, THEME_BOLD },
	[ROLE_ADDR_OK] = { DEF, DEF, 0 },
	[ROLE_ADDR_NOTICE] = { CYAN, DEF, 0 },
	[ROLE_ADDR_WARN] = { BLACK, YELLOW, THEME_BOLD },
	[ROLE_ADDR_BLOCK] = { WHITE, RED, THEME_BOLD },
	[ROLE_BODY] = { DEF, DEF, 0 },
	[ROLE_PANE_TITLE] = { DEF, DEF, THEME_BOLD | THEME_UNDERLINE },
	[ROLE_PANE_WARNING] = { YELLOW, DEF, THEME_BOLD },
	[ROLE_PANE_BLOCK] = { RED, DEF, THEME_BOLD },
	[ROLE_STATUS] = { BLACK, CYAN, 0 },
	[ROLE_PROMPT] = { WHITE, BLUE, THEME_BOLD },
	[ROLE_PROMPT_KEY] = { YELLOW, BLUE, THEME_BOLD | THEME_UNDERLINE },
	[ROLE_ESCAPED] = { MAGENTA, DEF, 0 },
	[ROLE_ERROR] = { RED, DEF, THEME_BOLD },
};

/* No colours: every role told apart by attributes alone. */
static const struct theme_style theme_mono_styles[ROLE_NROLES] = {
	[ROLE_FIELD_LABEL] = { DEF, DEF, THEME_BOLD },
	[ROLE_FIELD_TEXT] = { DEF, DEF, 0 },
	[ROLE_FIELD_ACTIVE] = { DEF, DEF, THEME_REVERSE },
	[ROLE_ADDR_OK] = { DEF, DEF, 0 },
	[ROLE_ADDR_NOTICE] = { DEF, DEF, THEME_UNDERLINE },
	[ROLE_ADDR_WARN] = { DEF, DEF, THEME_BOLD | THEME_UNDERLINE },
	[ROLE_ADDR_BLOCK] = { DEF, DEF, THEME_REVERSE | THEME_BOLD },
	[ROLE_BODY] = { DEF, DEF, 0 },
	[ROLE_PANE_TITLE] = { DEF, DEF, THEME_BOLD | THEME_UNDERLINE },
	[ROLE_PANE_WARNING] = { DEF, DEF, THEME_BOLD },
	[ROLE_PANE_BLOCK] = { DEF, DEF, THEME_REVERSE | THEME_BOLD },
	[ROLE_STATUS] = { DEF, DEF, THEME_REVERSE },
	[ROLE_PROMPT] = { DEF, DEF, THEME_REVERSE },
	[ROLE_PROMPT_KEY] = { DEF, DEF,
	    THEME_REVERSE | THEME_BOLD | THEME_UNDERLINE },
	[ROLE_ESCAPED] = { DEF, DEF, THEME_DIM },
	[ROLE_ERROR] = { DEF, DEF, THEME_REVERSE | THEME_BOLD },
};

/* Colour names: 0-7, then "bright-" and the same for 8-15. */
static const char *const theme_colours[] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"
};
#define THEME_NCOLOURS (sizeof(theme_colours) / sizeof(theme_colours[0]))

static const struct {
	const char	*name;
	unsigned	 attr;
} theme_attrs[] = {
	{ "bold", THEME_BOLD },
	{ "underline", THEME_UNDERLINE },
	{ "reverse", THEME_REVERSE },
	{ "dim", THEME_DIM },
	{ "italic", THEME_ITALIC },
};
#define THEME_NATTRS (sizeof(theme_attrs) / sizeof(theme_attrs[0]))

const char *
theme_role_name(enum theme_role role)
{
	if ((unsigned)role >= ROLE_NROLES)
		return NULL;
	return theme_role_names[role];
}

/* A new theme with a copy of a style table. */
static struct theme *
theme_new(const char *name, const struct theme_style *styles)
{
	struct theme *t;

	t = xcalloc(1, sizeof(*t));
	t->name = xstrdup(name);
	memcpy(t->style, styles, sizeof(t->style));
	return t;
}

struct theme *
theme_default(void)
{
	return theme_new("default", theme_default_styles);
}

struct theme *
theme_mono(void)
{
	return theme_new("mono", theme_mono_styles);
}

void
theme_free(struct theme *t)
{
	if (t == NULL)
		return;
	free(t->name);
	free(t);
}

/* A word from the file, safe to show and cut short, for an error. */
static char *
theme_quote(const char *s)
{
	struct buf b;
	size_t n = strlen(s);
	int cut = 0;

	if (n > THEME_MAX_QUOTE) {
		n = THEME_MAX_QUOTE;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		cut = 1;
	}
	buf_init(&b);
	buf_addc(&b, '"');
	utf8_sanitize(&b, s, n);
	buf_adds(&b, cut ? "...\"" : "\"");
	return buf_take(&b);
}

/* A colour by name or number; 0, or -1 if it is none. */
static int
theme_colour(const char *s, short *out)
{
	const char *name = s;
	size_t i;
	int n = 0;

	if (strcmp(s, "default") == 0) {
		*out = -1;
		return 0;
	}
	if (s[0] >= '0' && s[0] <= '9') {
		for (i = 0; s[i] >= '0' && s[i] <= '9' && i < 3; i++)
			n = n * 10 + (s[i] - '0');
		if (s[i] != '\0' || n > 255)
			return -1;
		*out = (short)n;
		return 0;
	}
	if (strncmp(s, "bright-", 7) == 0)
		name += 7;
	for (i = 0; i < THEME_NCOLOURS; i++) {
		if (strcmp(name, theme_colours[i]) == 0) {
			*out = (short)(i + (name != s ? THEME_NCOLOURS : 0));
			return 0;
		}
	}
	return -1;
}

/* Parses "role = fg bg [attr...]" into *role and *st; NULL or why not. */
static char *
theme_assign(char *s, int *role, struct theme_style *st)
{
	static const char expected[] =
	    "expected role = foreground background [attributes]";
	short *colour[2] = { &st->fg, &st->bg };
	char *eq, *word, *last = NULL, *q, *why;
	size_t i, n;
	const char *what = NULL;

	if ((eq = strchr(s, '=')) == NULL)
		return xstrdup(expected);
	*eq = '\0';
	n = strlen(s);
	while (n > 0 && strchr(THEME_BLANKS, s[n - 1]) != NULL)
		s[--n] = '\0';
	if (n == 0)
		return xstrdup(expected);
	for (*role = 0; *role < ROLE_NROLES; (*role)++)
		if (strcmp(s, theme_role_names[*role]) == 0)
			break;
	if (*role == ROLE_NROLES) {
		what = "role";
		word = s;
		goto bad;
	}
	for (i = 0; i < 2; i++) {
		word = strtok_r(i == 0 ? eq + 1 : NULL, THEME_BLANKS, &last);
		if (word == NULL)
			return xstrdup(expected);
		if (theme_colour(word, colour[i]) != 0) {
			what = "colour";
			goto bad;
		}
	}
	st->attrs = 0;
	while ((word = strtok_r(NULL, THEME_BLANKS, &last)) != NULL) {
		for (i = 0; i < THEME_NATTRS; i++)
			if (strcmp(word, theme_attrs[i].name) == 0)
				break;
		if (i == THEME_NATTRS) {
			what = "attribute";
			goto bad;
		}
		st->attrs |= theme_attrs[i].attr;
	}
	return NULL;

bad:
	q = theme_quote(word);
	why = xasprintf("unknown %s %s", what, q);
	free(q);
	return why;
}

/* Applies one line (n bytes, no \n) to t; NULL, or why not. */
static char *
theme_line(struct theme *t, const char *p, size_t n, int *seen, int line)
{
	struct theme_style st;
	char *s, *w, *why, *hash;
	int role = 0;

	if (n > THEME_MAX_LINE)
		return xasprintf("line longer than %d bytes", THEME_MAX_LINE);
	if (memchr(p, '\0', n) != NULL)
		return xstrdup("a NUL byte in the line");
	if (!utf8_valid(p, n))
		return xstrdup("not valid UTF-8");
	s = xstrndup(p, n);
	if ((hash = strchr(s, '#')) != NULL)
		*hash = '\0';
	w = s + strspn(s, THEME_BLANKS);
	if (*w == '\0') {
		free(s);
		return NULL;
	}
	why = theme_assign(w, &role, &st);
	free(s);
	if (why != NULL)
		return why;
	if (seen[role] != 0)
		return xasprintf("role \"%s\" set again (first on line %d)",
		    theme_role_names[role], seen[role]);
	seen[role] = line;
	t->style[role] = st;
	return NULL;
}

int
theme_parse(const char *text, size_t len, const char *name,
    struct theme *t, char **errstr)
{
	const char *p = text, *end = text + len, *nl;
	int seen[ROLE_NROLES] = { 0 }, line = 0;
	char *why = NULL;

	memcpy(t->style, theme_default_styles, sizeof(t->style));
	if (len == 0)
		return 0;
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;		/* a UTF-8 byte order mark */
	while (p < end && why == NULL) {
		line++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		why = theme_line(t, p, (size_t)(nl - p), seen, line);
		p = nl + 1;
	}
	if (why == NULL)
		return 0;
	memcpy(t->style, theme_default_styles, sizeof(t->style));
	if (errstr != NULL)
		*errstr = xasprintf("%s:%d: %s", name, line, why);
	free(why);
	return -1;
}

/* Reads a theme file into b: 0, or -1 with *why and errno set. */
static int
theme_read(const char *path, struct buf *b, char **why)
{
	char chunk[8192];
	struct stat st;
	const char *what = NULL;
	ssize_t n = -1;
	int fd, saved;

	/* O_NONBLOCK: a FIFO given as the theme must not hang the TUI. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd != -1 && fstat(fd, &st) == 0 && !S_ISREG(st.st_mode)) {
		what = "not a regular file";
		errno = EINVAL;
	} else if (fd != -1) {
		do {
			if ((n = read(fd, chunk, sizeof(chunk))) > 0)
				buf_add(b, chunk, (size_t)n);
		} while ((n > 0 || (n == -1 && errno == EINTR)) &&
		    b->len <= THEME_MAX_FILE);
		if (b->len > THEME_MAX_FILE) {
			what = "larger than 256 KiB";
			errno = EFBIG;
		}
	}
	saved = errno;
	if (fd != -1)
		close(fd);
	if (n == -1 && what == NULL)
		what = strerror(saved);
	if (what != NULL)
		*why = xasprintf("%s: %s", path, what);
	errno = saved;
	return what == NULL ? 0 : -1;
}

int
theme_load(const char *name_or_path, const char *dir, struct theme **out,
    char **errstr)
{
	struct theme *t = NULL;
	struct buf text;
	const char *base;
	char *path = NULL, *err = NULL, *q;
	int builtin;

	buf_init(&text);
	if (name_or_path == NULL || name_or_path[0] == '\0') {
		err = xstrdup("no theme name");
		goto fail;
	}
	builtin = strcmp(name_or_path, "default") == 0 ||
	    strcmp(name_or_path, "mono") == 0;
	if ((base = strrchr(name_or_path, '/')) != NULL) {
		path = xstrdup(name_or_path);
		base++;
	} else {
		base = name_or_path;
		if (dir == NULL && !builtin) {
			q = theme_quote(base);
			err = xasprintf("unknown theme %s (no theme directory;"
			    " built in: default, mono)", q);
			free(q);
			goto fail;
		}
		if (dir != NULL)
			path = xasprintf("%s/%s", dir, base);
	}
	/* A built-in name without its file is still that theme. */
	if (path == NULL || (theme_read(path, &text, &err) != 0 &&
	    errno == ENOENT && builtin)) {
		free(err);
		free(path);
		buf_free(&text);
		*out = strcmp(base, "mono") == 0 ? theme_mono() :
		    theme_default();
		return 0;
	}
	if (err != NULL)
		goto fail;
	t = xcalloc(1, sizeof(*t));
	t->name = xstrdup(base);
	if (theme_parse(text.s, text.len, path, t, &err) != 0)
		goto fail;
	free(path);
	buf_free(&text);
	*out = t;
	return 0;

fail:
	theme_free(t);
	free(path);
	buf_free(&text);
	*out = theme_default();
	if (errstr != NULL)
		*errstr = err;
	else
		free(err);
	return -1;
}
