/*
 * htmltext.c: the visible text of HTML, streamed through a small state
 * machine (tags, comments, raw script and style, entities).
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "htmltext.h"

#define HTMLTEXT_NAME	16	/* tag names kept (longer ones are cut) */
#define HTMLTEXT_ENTITY	32	/* longest entity looked up */
#define HTMLTEXT_OUT	4096

enum htmltext_state {
	HT_TEXT,
	HT_LT,			/* after "<" */
	HT_SLASH,		/* after "</" */
	HT_NAME,		/* in a tag name */
	HT_TAG,			/* in a tag's attributes */
	HT_BANG,		/* after "<!" and maybe dashes */
	HT_COMMENT,		/* in <!-- ... --> */
	HT_BOGUS,		/* <!DOCTYPE ...>, <?...>: up to ">" */
	HT_RAW,			/* in <script> or <style>: up to its end tag */
	HT_ENTITY		/* after "&" */
};

struct htmltext {
	enum htmltext_state	 state;
	void			(*out)(void *, const char *, size_t);
	void			*arg;
	char			 name[HTMLTEXT_NAME];
	size_t			 nname;
	int			 closing;	/* </name> */
	int			 eq;		/* after "=" in a tag */
	int			 quote;		/* in a quoted value */
	int			 dashes;
	char			 raw[HTMLTEXT_NAME];	/* "script", "style" */
	size_t			 nraw;		/* of "</raw" matched */
	char			 ent[HTMLTEXT_ENTITY + 1];
	size_t			 nent;
	int			 space;		/* blanks seen, not written */
	int			 bol;		/* at the start of a line */
	char			 ob[HTMLTEXT_OUT];
	size_t			 nob;
};

/* Elements that start a line of their own when shown. */
static const char *const htmltext_blocks[] = {
	"address", "article", "blockquote", "br", "center", "dd", "div",
	"dl", "dt", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
	"header", "hr", "li", "ol", "p", "pre", "section", "table", "title",
	"tr", "ul"
};

/* Named entities: the markup ones, spaces, and what Outlook writes. */
static const struct {
	const char	*name;
	const char	*text;
	int		 legacy;	/* also without the ";" */
} htmltext_entities[] = {
	{ "amp", "&", 1 }, { "lt", "<", 1 }, { "gt", ">", 1 },
	{ "quot", "\"", 1 }, { "AMP", "&", 1 }, { "LT", "<", 1 },
	{ "GT", ">", 1 }, { "QUOT", "\"", 1 }, { "apos", "'", 0 },
	{ "nbsp", " ", 1 }, { "ensp", " ", 0 }, { "emsp", " ", 0 },
	{ "thinsp", " ", 0 }, { "shy", "", 1 }, { "zwnj", "", 0 },
	{ "zwj", "", 0 }, { "ndash", "\xe2\x80\x93", 0 },
	{ "mdash", "\xe2\x80\x94", 0 }, { "lsquo", "\xe2\x80\x98", 0 },
	{ "rsquo", "\xe2\x80\x99", 0 }, { "ldquo", "\xe2\x80\x9c", 0 },
	{ "rdquo", "\xe2\x80\x9d", 0 }, { "hellip", "\xe2\x80\xa6", 0 },
	{ "bull", "\xe2\x80\xa2", 0 }, { "middot", "\xc2\xb7", 1 },
	{ "copy", "\xc2\xa9", 1 }, { "reg", "\xc2\xae", 1 },
	{ "trade", "\xe2\x84\xa2", 0 }, { "euro", "\xe2\x82\xac", 0 },
	{ "laquo", "\xc2\xab", 1 }, { "raquo", "\xc2\xbb", 1 },
};

static void
htmltext_flush(struct htmltext *h)
{
	if (h->nob > 0)
		h->out(h->arg, h->ob, h->nob);
	h->nob = 0;
}

static void
htmltext_put(struct htmltext *h, char c)
{
	if (h->nob == sizeof(h->ob))
		htmltext_flush(h);
	h->ob[h->nob++] = c;
}

/* Writes text: a space first if blanks came before it on the line. */
static void
htmltext_text(struct htmltext *h, const char *s, size_t n)
{
	if (n == 0)
		return;
	if (h->space && !h->bol)
		htmltext_put(h, ' ');
	h->space = h->bol = 0;
	while (n-- > 0)
		htmltext_put(h, *s++);
}

static void
htmltext_newline(struct htmltext *h)
{
	if (!h->bol)
		htmltext_put(h, '\n');
	h->bol = 1;
	h->space = 0;
}

/* Appends the UTF-8 of a code point from a numeric reference. */
static size_t
htmltext_utf8(unsigned long cp, char *s)
{
	if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
	    (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
	    cp == 0x7f) {
		memcpy(s, "\xef\xbf\xbd", 3);
		return 3;
	}
	if (cp == 0xa0 || cp == '\t' || cp == '\n' || cp == '\r')
		cp = ' ';
	if (cp < 0x80) {
		s[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		s[0] = (char)(0xc0 | cp >> 6);
		s[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		s[0] = (char)(0xe0 | cp >> 12);
		s[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		s[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	s[0] = (char)(0xf0 | cp >> 18);
	s[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	s[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	s[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/*
 * Writes the entity in h->ent; semi: it ended with ";". As browsers do, a
 * numeric one ends at its last digit, and a named one without its exact
 * name may start with a legacy name ("&nbspOfficial").
 */
static void
htmltext_entity(struct htmltext *h, int semi)
{
	const char *e = h->ent, *t = NULL;
	unsigned long cp = 0;
	char u[4];
	size_t i, n, len = 0;
	int hex, d;

	h->ent[h->nent] = '\0';
	if (e[0] == '#') {
		hex = e[1] == 'x' || e[1] == 'X';
		for (i = n = hex ? 2 : 1; e[i] != '\0'; i++) {
			if (e[i] >= '0' && e[i] <= '9')
				d = e[i] - '0';
			else if (hex && (e[i] | 0x20) >= 'a' &&
			    (e[i] | 0x20) <= 'f')
				d = (e[i] | 0x20) - 'a' + 10;
			else
				break;
			if (cp <= 0x10ffff)
				cp = cp * (hex ? 16 : 10) + (unsigned long)d;
		}
		if (i > n) {
			htmltext_text(h, u, htmltext_utf8(cp, u));
			len = i;
		}
	} else {
		for (i = 0; i < sizeof(htmltext_entities) /
		    sizeof(*htmltext_entities); i++) {
			n = strlen(htmltext_entities[i].name);
			if (semi && strcmp(e, htmltext_entities[i].name) == 0) {
				t = htmltext_entities[i].text;
				len = n;
				break;
			}
			if (htmltext_entities[i].legacy && n > len &&
			    strncmp(e, htmltext_entities[i].name, n) == 0) {
				t = htmltext_entities[i].text;
				len = n;
			}
		}
		/* A space from an entity is kept as it is. */
		if (t != NULL)
			htmltext_text(h, t, strlen(t));
	}
	if (len == 0)
		htmltext_text(h, "&", 1);
	htmltext_text(h, e + len, h->nent - len);
	if (semi && (len == 0 || len < h->nent))
		htmltext_text(h, ";", 1);
}

static int
htmltext_letter(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A tag has ended with ">". */
static void
htmltext_tag(struct htmltext *h)
{
	size_t i;

	h->state = HT_TEXT;
	h->name[h->nname] = '\0';
	if (!h->closing && (strcmp(h->name, "script") == 0 ||
	    strcmp(h->name, "style") == 0)) {
		memcpy(h->raw, h->name, h->nname + 1);
		h->nraw = 0;
		h->state = HT_RAW;
		return;
	}
	if (strcmp(h->name, "td") == 0 || strcmp(h->name, "th") == 0) {
		h->space = 1;
		return;
	}
	for (i = 0; i < sizeof(htmltext_blocks) / sizeof(*htmltext_blocks);
	    i++)
		if (strcmp(h->name, htmltext_blocks[i]) == 0) {
			htmltext_newline(h);
			return;
		}
}

/* Reads one byte; returns 0 if it must be read again in the new state. */
static int
htmltext_byte(struct htmltext *h, int c)
{
	switch (h->state) {
	case HT_TEXT:
		if (c == '<')
			h->state = HT_LT;
		else if (c == '&') {
			h->nent = 0;
			h->state = HT_ENTITY;
		} else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		    c == '\f')
			h->space = 1;
		else {
			char ch = (char)c;

			htmltext_text(h, &ch, 1);
		}
		return 1;
	case HT_LT:
	case HT_SLASH:
		h->nname = 0;
		h->eq = h->quote = 0;
		if (htmltext_letter(c)) {
			h->closing = h->state == HT_SLASH;
			h->state = HT_NAME;
			return 0;
		}
		if (h->state == HT_LT && c == '/') {
			h->state = HT_SLASH;
			return 1;
		}
		if (h->state == HT_LT && c == '!') {
			h->dashes = 0;
			h->state = HT_BANG;
			return 1;
		}
		if (c == '?') {
			h->state = HT_BOGUS;
			return 1;
		}
		if (h->state == HT_SLASH) {
			/* "</>" or "</ x>": nothing shown, up to ">". */
			h->state = HT_BOGUS;
			return 0;
		}
		/* "a < b": the "<" is text. */
		h->state = HT_TEXT;
		htmltext_text(h, "<", 1);
		return 0;
	case HT_NAME:
		if (htmltext_letter(c) || (c >= '0' && c <= '9')) {
			if (h->nname < sizeof(h->name) - 1)
				h->name[h->nname++] = (char)(c | 0x20);
			return 1;
		}
		h->state = HT_TAG;
		return 0;
	case HT_TAG:
		if (h->quote) {
			if (c == h->quote)
				h->quote = 0;
		} else if (c == '>')
			htmltext_tag(h);
		else if (c == '=')
			h->eq = 1;
		else if ((c == '"' || c == '\'') && h->eq)
			h->quote = c;
		else if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			h->eq = 0;
		return 1;
	case HT_BANG:
		if (c == '-' && h->dashes < 2) {
			if (++h->dashes == 2) {
				h->dashes = 0;
				h->state = HT_COMMENT;
			}
			return 1;
		}
		h->state = HT_BOGUS;
		return 0;
	case HT_COMMENT:
		if (c == '>' && h->dashes >= 2)
			h->state = HT_TEXT;
		h->dashes = c == '-' ? h->dashes + 1 : 0;
		return 1;
	case HT_BOGUS:
		if (c == '>')
			h->state = HT_TEXT;
		return 1;
	case HT_RAW:
		/* Looking for "</script" (or "</style"), any case. */
		if ((h->nraw == 0 && c == '<') || (h->nraw == 1 && c == '/') ||
		    (h->nraw >= 2 && (c | 0x20) == h->raw[h->nraw - 2]))
			h->nraw++;
		else
			h->nraw = c == '<' ? 1 : 0;
		if (h->nraw == strlen(h->raw) + 2) {
			h->nname = 0;
			h->closing = 1;
			h->eq = h->quote = 0;
			h->state = HT_TAG;
		}
		return 1;
	case HT_ENTITY:
		if (c == ';') {
			htmltext_entity(h, 1);
			h->state = HT_TEXT;
			return 1;
		}
		if (h->nent < HTMLTEXT_ENTITY && (htmltext_letter(c) ||
		    (c >= '0' && c <= '9') || (c == '#' && h->nent == 0))) {
			h->ent[h->nent++] = (char)c;
			return 1;
		}
		htmltext_entity(h, 0);
		h->state = HT_TEXT;
		return 0;
	}
	return 1;
}

struct htmltext *
htmltext_new(void (*out)(void *, const char *, size_t), void *arg)
{
	struct htmltext *h = xcalloc(1, sizeof(*h));

	h->out = out;
	h->arg = arg;
	h->bol = 1;
	return h;
}

void
htmltext_feed(struct htmltext *h, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		while (!htmltext_byte(h, (unsigned char)p[i]))
			;
	htmltext_flush(h);
}

void
htmltext_finish(struct htmltext *h)
{
	if (h->state == HT_ENTITY)
		htmltext_entity(h, 0);
	else if (h->state == HT_LT)
		htmltext_text(h, "<", 1);
	h->state = HT_TEXT;
	htmltext_flush(h);
}

void
htmltext_free(struct htmltext *h)
{
	free(h);
}
