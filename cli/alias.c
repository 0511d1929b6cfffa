/* alias.c: mutt alias files and muttrc files, read for their aliases. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libetpan/libetpan.h>

#include "common.h"
#include "guard.h"
#include "alias.h"

/* Flags of alias_token(), after mutt's MUTT_TOKEN_*. */
#define TOK_QUOTE	0x01	/* quotes are kept as they are */
#define TOK_SPACE	0x02	/* blanks do not end the token */
#define TOK_SEMICOLON	0x04	/* ';' does not end the token */
#define TOK_EQUAL	0x08	/* '=' ends the token */

/* What alias_token() met, besides the text. */
#define TOK_COMMAND	0x01	/* a `backtick` command, run by mutt */
#define TOK_VARIABLE	0x02	/* a $variable, expanded by mutt */
#define TOK_BROKEN	0x04	/* a backslash at the very end */

/* The buffers are reused from line to line: no allocation per token. */
struct alias_ctx {
	struct contact_list	*out;
	struct strlist		*includes;
	struct buf		 line;
	struct buf		 tok;
	struct buf		 key;
	struct buf		 list;
};

/* mutt's ISSPACE(). */
static int
alias_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
	    c == '\r';
}

static const char *
alias_skipws(const char *p, const char *end)
{
	while (p < end && alias_space(*p))
		p++;
	return p;
}

/* mutt's MoreArgs(): something before the end, a ';' or a comment. */
static int
alias_more(const char *p, const char *end)
{
	return p < end && *p != ';' && *p != '#';
}

/*
 * mutt_extract_token(): reads one token at *pp into out and moves *pp past
 * it and the blanks that follow. With TOK_QUOTE (the address list of an
 * alias) mutt keeps quotes as they are and a '#' ends the token even
 * inside them; here a '#' inside an RFC 5322 quoted string of the result
 * is kept, so that a name such as "Team #2" survives. Returns TOK_*
 * findings; a command or variable is kept as text, never run or expanded.
 */
static int
alias_token(const char **pp, const char *end, int flags, struct buf *out)
{
	const char *p = alias_skipws(*pp, end);
	int found = 0, inq = 0, qpair = 0;
	char c, qc = 0, *o;

	/* The token is never longer than the rest of the line. */
	if (out->cap < (size_t)(end - p) + 1) {
		out->cap = (size_t)(end - p) + 1;
		out->s = xreallocarray(out->s, out->cap, 1);
	}
	o = out->s;
	while (p < end) {
		c = *p;
		if (qc == 0 && ((alias_space(c) && !(flags & TOK_SPACE)) ||
		    (c == '#' && !inq) ||
		    (c == '=' && (flags & TOK_EQUAL)) ||
		    (c == ';' && !(flags & TOK_SEMICOLON))))
			break;
		p++;
		if (c == qc) {
			qc = 0;
			continue;
		}
		if (qc == 0 && (c == '\'' || c == '"') &&
		    !(flags & TOK_QUOTE)) {
			qc = c;
			continue;
		}
		if (c == '\\' && qc != '\'') {
			if (p == end) {
				found |= TOK_BROKEN;
				break;
			}
			switch (c = *p++) {
			case 'c':
			case 'C':
				if (p == end) {
					found |= TOK_BROKEN;
					goto done;
				}
				c = (char)((toupper((unsigned char)*p++) -
				    '@') & 0x7f);
				break;
			case 'r':
				c = '\r';
				break;
			case 'n':
				c = '\n';
				break;
			case 't':
				c = '\t';
				break;
			case 'f':
				c = '\f';
				break;
			case 'e':
				c = '\033';
				break;
			default:
				/* \ooo: mutt takes any three digits. */
				if (isdigit((unsigned char)c) && end - p >= 2 &&
				    isdigit((unsigned char)p[0]) &&
				    isdigit((unsigned char)p[1])) {
					c = (char)((((c - '0') << 6) +
					    ((p[0] - '0') << 3) +
					    (p[1] - '0')) & 0xff);
					p += 2;
				}
				break;
			}
		} else if (c == '`' && qc != '\'')
			found |= TOK_COMMAND;
		else if (c == '$' && qc != '\'' && p < end &&
		    (*p == '{' || isalpha((unsigned char)*p)))
			found |= TOK_VARIABLE;
		if (flags & TOK_QUOTE) {
			/* Follows the RFC 5322 quoting of the result. */
			if (qpair)
				qpair = 0;
			else if (inq && c == '\\')
				qpair = 1;
			else if (c == '"')
				inq = !inq;
		}
		*o++ = c;
	}
done:
	*o = '\0';
	out->len = (size_t)(o - out->s);
	*pp = alias_skipws(p, end);
	return found;
}

/*
 * The text of the first comment of an address ("bob@x.com (Bob Smith)"),
 * which mutt takes as the name when there is no display name. Encoded
 * words are decoded. NULL if there is none.
 */
static char *
alias_comment_name(const char *raw)
{
	struct buf b;
	const char *p;
	char *out = NULL, *s;
	size_t i = 0;
	int quote = 0, depth = 0;

	buf_init(&b);
	for (p = raw; *p != '\0'; p++) {
		if (*p == '\\' && (quote || depth > 0) && p[1] != '\0') {
			if (depth > 0)
				buf_addc(&b, p[1]);
			p++;
		} else if (*p == '"' && depth == 0)
			quote = !quote;
		else if (*p == '(' && !quote) {
			if (depth++ > 0)
				buf_addc(&b, *p);
		} else if (*p == ')' && depth > 0) {
			if (--depth == 0)
				break;
			buf_addc(&b, *p);
		} else if (depth > 0)
			buf_addc(&b, *p);
	}
	if (b.s == NULL || depth != 0) {
		buf_free(&b);
		return NULL;
	}
	if (mailmime_encoded_phrase_parse("utf-8", b.s, b.len, &i, "utf-8",
	    &out) != MAILIMF_NO_ERROR || out == NULL)
		return buf_take(&b);
	s = xstrdup(out);
	free(out);
	buf_free(&b);
	return s;
}

/* Adds every address of one piece of an address list. */
static void
alias_field(struct alias_ctx *ctx, const char *field, const char *key)
{
	struct guard_report r;
	struct guard_verdict *v;
	char *comment;
	size_t i;

	guard_report_init(&r);
	guard_parse(field, &r);
	for (i = 0; i < r.nverdicts; i++) {
		v = &r.verdicts[i];
		if (v->address == NULL || v->nfindings > 0)
			continue;
		/*
		 * Without a display name, mutt takes the text of a comment;
		 * libetpan takes a lone comment before the address for the
		 * display name, parentheses and all.
		 */
		comment = NULL;
		if (v->name == NULL || (v->name[0] == '(' &&
		    v->name[strlen(v->name) - 1] == ')'))
			comment = alias_comment_name(v->raw);
		contact_add_clean(ctx->out, comment != NULL ? comment :
		    v->name, v->address, key);
		free(comment);
	}
	guard_report_free(&r);
}

/*
 * Text that is not UTF-8, read as Windows-1252 (a superset of Latin-1):
 * an allocated UTF-8 copy, or NULL.
 */
static char *
alias_recode(const char *s, size_t len)
{
	char *out = NULL;

	if (charconv("utf-8", "windows-1252", s, len, &out) !=
	    MAIL_CHARCONV_NO_ERROR)
		return NULL;
	return out;
}

/* Adds the contacts of "alias KEY LIST"; mutt_parse_adrlist()'s split. */
static void
alias_addresses(struct alias_ctx *ctx, const char *key, const char *list)
{
	char *tmp, *word, *save = NULL;

	if (strpbrk(list, "\"<>():;,\\") != NULL) {
		alias_field(ctx, list, key);
		return;
	}
	tmp = xstrdup(list);
	for (word = strtok_r(tmp, " \t", &save); word != NULL;
	    word = strtok_r(NULL, " \t", &save))
		alias_field(ctx, word, key);
	free(tmp);
}

/*
 * Some NeoMutt versions write an alias's tags without the '#' when it has
 * no comment ("alias k a@b.org tags:work"): the last word goes.
 */
static void
alias_drop_tags(struct buf *list)
{
	char *w;

	if ((w = strrchr(list->s, ' ')) == NULL ||
	    strncmp(w + 1, "tags:", 5) != 0 ||
	    strpbrk(w + 1, "\"<>@,;") != NULL)
		return;
	while (w > list->s && w[-1] == ' ')
		w--;
	*w = '\0';
	list->len = (size_t)(w - list->s);
}

/* alias [-group NAME]... KEY ADDRESS-LIST */
static void
alias_cmd_alias(struct alias_ctx *ctx, const char **pp, const char *end)
{
	char *key = NULL, *list = NULL;
	int found;

	if (!alias_more(*pp, end))
		return;
	found = alias_token(pp, end, 0, &ctx->key);
	while (strcasecmp(ctx->key.s, "-group") == 0) {
		if (!alias_more(*pp, end))
			return;
		found |= alias_token(pp, end, 0, &ctx->tok);
		if (!alias_more(*pp, end))
			return;
		found |= alias_token(pp, end, 0, &ctx->key);
	}
	if (!alias_more(*pp, end))
		return;
	found |= alias_token(pp, end, TOK_QUOTE | TOK_SPACE | TOK_SEMICOLON,
	    &ctx->list);
	if (found != 0)
		return;
	alias_drop_tags(&ctx->list);
	if (!utf8_valid(ctx->list.s, ctx->list.len) ||
	    !utf8_valid(ctx->key.s, ctx->key.len)) {
		key = alias_recode(ctx->key.s, ctx->key.len);
		list = alias_recode(ctx->list.s, ctx->list.len);
		if (key != NULL && list != NULL)
			alias_addresses(ctx, key, list);
		free(key);
		free(list);
		return;
	}
	alias_addresses(ctx, ctx->key.s, ctx->list.s);
}

/* Appends a file to read, unless it is a command. */
static void
alias_include(struct alias_ctx *ctx, int found, const struct buf *path)
{
	if (ctx->includes == NULL || (found & (TOK_COMMAND | TOK_BROKEN)) ||
	    path->len == 0 || strchr(path->s, '`') != NULL ||
	    path->s[path->len - 1] == '|' || strlen(path->s) != path->len)
		return;
	strlist_add(ctx->includes, path->s);
}

/* source PATH... */
static void
alias_cmd_source(struct alias_ctx *ctx, const char **pp, const char *end)
{
	int found;

	while (alias_more(*pp, end)) {
		found = alias_token(pp, end, 0, &ctx->tok);
		alias_include(ctx, found, &ctx->tok);
	}
}

/* set NAME[=VALUE]...: only alias_file matters. */
static void
alias_cmd_set(struct alias_ctx *ctx, const char **pp, const char *end)
{
	int found, is_alias_file;

	while (alias_more(*pp, end)) {
		alias_token(pp, end, TOK_EQUAL, &ctx->tok);
		is_alias_file = strcmp(ctx->tok.s, "alias_file") == 0;
		if (*pp >= end || **pp != '=') {
			if (ctx->tok.len == 0 && *pp < end && **pp != ';' &&
			    **pp != '#')
				(*pp)++;	/* a stray character */
			continue;
		}
		(*pp)++;
		found = alias_token(pp, end, 0, &ctx->tok);
		if (is_alias_file)
			alias_include(ctx, found, &ctx->tok);
	}
}

/* One line of commands, as mutt_parse_rc_line() reads it. */
static void
alias_line(struct alias_ctx *ctx, const char *p, const char *end)
{
	const char *nul;

	/* mutt reads lines as C strings: a NUL ends the line. */
	if ((nul = memchr(p, '\0', (size_t)(end - p))) != NULL)
		end = nul;
	p = alias_skipws(p, end);
	while (p < end) {
		if (*p == '#')
			break;
		if (*p == ';') {
			p = alias_skipws(p + 1, end);
			continue;
		}
		if (alias_token(&p, end, 0, &ctx->tok) != 0)
			break;
		if (strcmp(ctx->tok.s, "alias") == 0)
			alias_cmd_alias(ctx, &p, end);
		else if (strcmp(ctx->tok.s, "source") == 0)
			alias_cmd_source(ctx, &p, end);
		else if (strcmp(ctx->tok.s, "set") == 0)
			alias_cmd_set(ctx, &p, end);
		else if (ctx->tok.len == 0)
			break;
		else {
			/* Another command: its arguments up to ';'. */
			while (alias_more(p, end))
				alias_token(&p, end, 0, &ctx->tok);
		}
		/* What a command left (a comment, a ';') is seen above. */
		if (p < end && *p != ';' && *p != '#')
			break;
	}
}

void
alias_parse(const char *text, size_t len, struct contact_list *out,
    struct strlist *includes)
{
	struct alias_ctx ctx;
	const char *p = text, *end = text + len, *nl, *s, *e;
	int joined;

	memset(&ctx, 0, sizeof(ctx));
	ctx.out = out;
	ctx.includes = includes;
	buf_init(&ctx.line);
	buf_init(&ctx.tok);
	buf_init(&ctx.key);
	buf_init(&ctx.list);
	/* Keep every buffer a string even before its first use. */
	buf_add(&ctx.tok, "", 0);
	buf_add(&ctx.key, "", 0);
	buf_add(&ctx.list, "", 0);
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end) {
		/* mutt_read_line(): a backslash before the newline joins. */
		joined = 0;
		buf_reset(&ctx.line);
		for (;;) {
			nl = memchr(p, '\n', (size_t)(end - p));
			s = p;
			e = nl != NULL ? nl : end;
			p = nl != NULL ? nl + 1 : end;
			if (nl != NULL && e > s && e[-1] == '\r')
				e--;
			if (nl == NULL || e == s || e[-1] != '\\')
				break;
			buf_add(&ctx.line, s, (size_t)(e - 1 - s));
			joined = 1;
			if (p == end) {
				s = e = p;
				break;
			}
		}
		if (joined) {
			buf_add(&ctx.line, s, (size_t)(e - s));
			alias_line(&ctx, ctx.line.s, ctx.line.s + ctx.line.len);
		} else
			alias_line(&ctx, s, e);
	}
	buf_free(&ctx.line);
	buf_free(&ctx.tok);
	buf_free(&ctx.key);
	buf_free(&ctx.list);
}
