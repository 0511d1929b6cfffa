/* addr.c: RFC 5322 address lists through libetpan, then strict checks. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include <libetpan/libetpan.h>

#include "common.h"
#include "addr.h"

/* RFC 5322 atext, the characters of an unquoted local part. */
static int
addr_atext(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return 1;
	return c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL;
}

static int
addr_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Copies s[0..n) without the surrounding blanks. */
static char *
addr_trim(const char *s, size_t n)
{
	while (n > 0 && addr_space(*s)) {
		s++;
		n--;
	}
	while (n > 0 && addr_space(s[n - 1]))
		n--;
	return xstrndup(s, n);
}

/* Checks an address literal: [1.2.3.4] or [IPv6:...]. */
static int
addr_literal(const char *d)
{
	char tmp[64];
	unsigned char bin[16];
	size_t n = strlen(d);

	if (n < 3 || d[n - 1] != ']' || n - 2 >= sizeof(tmp))
		return -1;
	memcpy(tmp, d + 1, n - 2);
	tmp[n - 2] = '\0';
	if (strncasecmp(tmp, "IPv6:", 5) == 0)
		return inet_pton(AF_INET6, tmp + 5, bin) == 1 ? 0 : -1;
	return inet_pton(AF_INET, tmp, bin) == 1 ? 0 : -1;
}

/* Checks the local part; returns NULL or a static reason. */
static const char *
addr_check_local(const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return "nothing before the @";
	if (n > 64)
		return "the part before the @ is longer than 64 characters";
	if (!utf8_valid(s, n))
		return "the part before the @ is not valid UTF-8";
	if (s[0] == '"') {
		/* quoted-string: qtext or quoted-pair, nothing after it */
		for (i = 1; i < n - 1; i++) {
			unsigned char c = (unsigned char)s[i];
			if (c == '\\') {
				if (++i >= n - 1)
					return "a backslash ends the quoted "
					       "part";
				continue;
			}
			if (c == '"')
				return "a quote inside the quoted part";
			if (c < 0x20 || c == 0x7f)
				return "a control character before the @";
		}
		if (n < 2 || s[n - 1] != '"')
			return "an unterminated quote before the @";
		return NULL;
	}
	if (s[0] == '.' || s[n - 1] == '.')
		return "the part before the @ starts or ends with a dot";
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '.' && s[i + 1] == '.')
			return "two dots in a row before the @";
		/* UTF-8 is atext too (RFC 6531): the transport sends it with
		 * SMTPUTF8, or refuses before anything is sent. */
		if (c >= 0x80)
			continue;
		if (c != '.' && !addr_atext(c))
			return "a character that needs quoting before the @";
	}
	return NULL;
}

/* Tells whether an addr-spec has blanks outside its quoted part. */
static int
addr_has_space(const char *s)
{
	int quote = 0;

	for (; *s != '\0'; s++) {
		if (*s == '\\' && quote && s[1] != '\0')
			s++;
		else if (*s == '"')
			quote = !quote;
		else if (!quote && addr_space(*s))
			return 1;
	}
	return 0;
}

int
addr_parse_spec(const char *spec, char **local, char **domain, char **error)
{
	const char *at, *why, *p;
	size_t n = strlen(spec);

	*local = *domain = NULL;
	if (n == 0) {
		*error = xstrdup("empty address");
		return -1;
	}
	if (n > ADDR_MAX) {
		*error = xasprintf("address is longer than %d characters",
		    ADDR_MAX);
		return -1;
	}
	if (addr_has_space(spec)) {
		*error = xstrdup(strchr(spec, '@') != strrchr(spec, '@') ?
		    "two addresses without a comma between them" :
		    "contains a space");
		return -1;
	}
	/* Find the @ that ends the local part (quotes may hold an @). */
	if (spec[0] == '"') {
		for (p = spec + 1; *p != '\0' && *p != '"'; p++)
			if (*p == '\\' && p[1] != '\0')
				p++;
		at = *p == '"' ? strchr(p, '@') : NULL;
	} else
		at = strchr(spec, '@');
	if (at == NULL) {
		*error = xstrdup("no @domain");
		return -1;
	}
	if ((why = addr_check_local(spec, (size_t)(at - spec))) != NULL) {
		*error = xstrdup(why);
		return -1;
	}
	if (at[1] == '\0') {
		*error = xstrdup("nothing after the @");
		return -1;
	}
	if (strchr(at + 1, '@') != NULL) {
		*error = xstrdup("more than one @");
		return -1;
	}
	if (at[1] == '[' && addr_literal(at + 1) != 0) {
		*error = xstrdup("not a valid address literal after the @");
		return -1;
	}
	*local = xstrndup(spec, (size_t)(at - spec));
	*domain = xstrdup(at + 1);
	return 0;
}

/*
 * Finds the angle brackets of a mailbox at the top level (outside quotes
 * and comments): the first '<' and the first '>' after it. Either may be
 * NULL.
 */
static void
addr_angle(const char *s, const char **lt, const char **gt)
{
	const char *p;
	int quote = 0, depth = 0;

	*lt = *gt = NULL;
	for (p = s; *p != '\0'; p++) {
		if (*p == '\\' && (quote || depth) && p[1] != '\0') {
			p++;
			continue;
		}
		if (*p == '"' && depth == 0)
			quote = !quote;
		else if (!quote && *p == '(')
			depth++;
		else if (!quote && *p == ')' && depth > 0)
			depth--;
		else if (!quote && depth == 0 && *p == '<' && *lt == NULL)
			*lt = p;
		else if (!quote && depth == 0 && *p == '>' && *lt != NULL &&
		    *gt == NULL)
			*gt = p;
	}
}

/*
 * The addr-spec inside a mailbox as typed: between the angle brackets, or
 * the whole text less comments.
 */
static char *
addr_raw_spec(const char *s)
{
	struct buf b;
	const char *lt, *gt, *p;
	int quote = 0, depth = 0;

	addr_angle(s, &lt, &gt);
	if (lt != NULL && gt != NULL && gt > lt)
		return addr_trim(lt + 1, (size_t)(gt - lt - 1));

	buf_init(&b);
	quote = depth = 0;
	for (p = s; *p != '\0'; p++) {
		if (*p == '\\' && (quote || depth) && p[1] != '\0') {
			if (!depth)
				buf_add(&b, p, 2);
			p++;
			continue;
		}
		if (*p == '"' && depth == 0)
			quote = !quote;
		else if (!quote && *p == '(') {
			depth++;
			continue;
		} else if (!quote && *p == ')' && depth > 0) {
			depth--;
			continue;
		}
		if (depth == 0)
			buf_addc(&b, *p);
	}
	p = buf_take(&b);
	s = addr_trim(p, strlen(p));
	free((char *)p);
	return (char *)s;
}

/* Decodes RFC 2047 encoded words in a display name. */
static char *
addr_decode_name(const char *name)
{
	size_t i = 0, n = strlen(name);
	char *out = NULL, *s;

	/* Nothing encoded: no need for libetpan's charset conversion, which
	 * opens an iconv for each name (most of the cost of 10,000). */
	if (strstr(name, "=?") == NULL && utf8_valid(name, n))
		return xstrdup(name);
	if (mailmime_encoded_phrase_parse("utf-8", name, n, &i,
	    "utf-8", &out) != MAILIMF_NO_ERROR || out == NULL)
		return xstrdup(name);
	s = xstrdup(out);
	free(out);
	return s;
}

/*
 * libetpan's RFC 5322 gate: the text must parse as one mailbox to its end.
 * Takes the display name from it. Returns 1, or 0 with a->error unset.
 */
static int
addr_gate(struct addr *a, const char *text)
{
	struct mailimf_mailbox *mb = NULL;
	size_t i = 0, n = strlen(text);

	if (mailimf_mailbox_parse(text, n, &i, &mb) != MAILIMF_NO_ERROR)
		return 0;
	while (i < n && addr_space(text[i]))
		i++;
	if (i < n) {
		mailimf_mailbox_free(mb);
		return 0;
	}
	free(a->name);
	a->name = NULL;
	if (mb->mb_display_name != NULL && mb->mb_display_name[0] != '\0')
		a->name = addr_decode_name(mb->mb_display_name);
	mailimf_mailbox_free(mb);
	return 1;
}

/* Whether s holds only blanks and (nested) comments. */
static int
addr_blank(const char *s)
{
	int depth = 0;

	for (; *s != '\0'; s++) {
		if (*s == '\\' && depth > 0 && s[1] != '\0')
			s++;
		else if (*s == '(')
			depth++;
		else if (*s == ')' && depth > 0)
			depth--;
		else if (depth == 0 && !addr_space(*s))
			return 0;
	}
	return depth == 0;
}

/*
 * libetpan refuses some valid addr-specs (an IPv6 literal, a comma in a
 * quoted local part) and trailing comments. Then the display name goes
 * through libetpan with a stand-in address, and the addr-spec is left to
 * addr_parse_spec(). Returns 1, or 0 with a->error set.
 */
static int
addr_gate_angle(struct addr *a)
{
	const char *lt, *gt;
	char *text;
	int ok;

	addr_angle(a->raw, &lt, &gt);
	if (lt == NULL) {
		/* A bare addr-spec, perhaps with comments around it. */
		return 1;
	}
	if (gt == NULL || !addr_blank(gt + 1)) {
		a->error = xstrdup("unexpected text after the address");
		return 0;
	}
	text = xasprintf("%.*s<x@example.invalid>", (int)(lt - a->raw),
	    a->raw);
	ok = addr_gate(a, text);
	free(text);
	if (!ok)
		a->error = xstrdup("is not an email address");
	return ok;
}

/* Fills one address from its piece of the list. */
static void
addr_one(struct addr *a)
{
	const unsigned char *p;
	size_t n = strlen(a->raw);
	char *spec;

	for (p = (const unsigned char *)a->raw; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			a->error = xstrdup(*p == '\r' || *p == '\n' ?
			    "contains a line break" :
			    "contains a control character");
			return;
		}
	}
	if (!utf8_valid(a->raw, n)) {
		a->error = xstrdup("is not valid UTF-8");
		return;
	}
	if (n > 998) {
		a->error = xstrdup("is longer than a header line may be");
		return;
	}
	if (!addr_gate(a, a->raw) && !addr_gate_angle(a))
		return;
	spec = addr_raw_spec(a->raw);
	if (addr_parse_spec(spec, &a->local, &a->domain, &a->error) == 0)
		a->spec = spec;
	else
		free(spec);
}

/* Appends the piece s[0..n) to the list unless it is blank. */
static void
addr_push(struct addr_list *l, size_t *cap, const char *s, size_t n,
    const char *group, const char *error)
{
	struct addr *a;
	char *raw = addr_trim(s, n);

	if (raw[0] == '\0' && error == NULL) {
		free(raw);
		return;
	}
	if (l->n == *cap) {
		*cap = *cap == 0 ? 8 : *cap * 2;
		l->v = xreallocarray(l->v, *cap, sizeof(*l->v));
	}
	a = &l->v[l->n++];
	memset(a, 0, sizeof(*a));
	a->raw = raw;
	if (group != NULL)
		a->group = xstrdup(group);
	if (error != NULL)
		a->error = xstrdup(error);
	else
		addr_one(a);
}

/* Why a group's display name is not a phrase, or NULL. */
static const char *
addr_group_invalid(const char *name)
{
	const unsigned char *p;
	int quote = 0;

	for (p = (const unsigned char *)name; *p != '\0'; p++) {
		if (*p == '\r' || *p == '\n')
			return "contains a line break";
		if (*p < 0x20 || *p == 0x7f)
			return "contains a control character";
	}
	for (p = (const unsigned char *)name; *p != '\0'; p++) {
		if (*p == '\\' && quote && p[1] != '\0')
			p++;
		else if (*p == '"')
			quote = !quote;
		else if (!quote && (*p == '@' || *p == '<' || *p == '>'))
			return "a colon where none belongs (not a group name)";
	}
	if (!utf8_valid(name, strlen(name)))
		return "is not valid UTF-8";
	return NULL;
}

void
addr_parse_list(const char *s, struct addr_list *l)
{
	const char *start = s, *p;
	const char *why;
	char *group = NULL;
	size_t cap = 0;
	int quote = 0, depth = 0, angle = 0, bracket = 0, ingroup = 0;

	l->v = NULL;
	l->n = 0;
	for (p = s; *p != '\0'; p++) {
		if (*p == '\\' && (quote || depth) && p[1] != '\0') {
			p++;
			continue;
		}
		if (quote) {
			quote = *p != '"';
			continue;
		}
		if (depth > 0) {
			depth += *p == '(' ? 1 : *p == ')' ? -1 : 0;
			continue;
		}
		switch (*p) {
		case '"':
			quote = 1;
			break;
		case '(':
			depth = 1;
			break;
		case '<':
			angle++;
			break;
		case '>':
			angle -= angle > 0;
			break;
		case '[':
			bracket = 1;
			break;
		case ']':
			bracket = 0;
			break;
		case ',':
			if (angle || bracket)
				break;
			addr_push(l, &cap, start, (size_t)(p - start), group,
			    NULL);
			start = p + 1;
			break;
		case ':':
			if (angle || bracket || ingroup)
				break;
			/* "Name: a, b;" is a group; its name is no address. */
			ingroup = 1;
			group = addr_trim(start, (size_t)(p - start));
			if ((why = addr_group_invalid(group)) != NULL) {
				addr_push(l, &cap, start, (size_t)(p - start),
				    NULL, why);
				free(group);
				group = NULL;
			}
			if (group != NULL && group[0] == '"' &&
			    strlen(group) >= 2) {
				memmove(group, group + 1, strlen(group));
				group[strlen(group) - 1] = '\0';
			}
			start = p + 1;
			break;
		case ';':
			if (angle || bracket || !ingroup)
				break;
			addr_push(l, &cap, start, (size_t)(p - start), group,
			    NULL);
			free(group);
			group = NULL;
			ingroup = 0;
			start = p + 1;
			break;
		}
	}
	if (quote || depth || angle)
		addr_push(l, &cap, start, (size_t)(p - start), group,
		    quote ? "has an unterminated quote" :
		    depth ? "has an unterminated comment" :
		    "has an unterminated <");
	else
		addr_push(l, &cap, start, (size_t)(p - start), group, NULL);
	free(group);
}

void
addr_list_free(struct addr_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].raw);
		free(l->v[i].spec);
		free(l->v[i].local);
		free(l->v[i].domain);
		free(l->v[i].name);
		free(l->v[i].group);
		free(l->v[i].error);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}
