/*
 * addrlist.c: editing an address list as text (a To or Cc value), keeping
 * every other element exactly as written.
 */
#include <string.h>
#include <strings.h>

#include "common.h"
#include "addrlist.h"

/* The addr-spec inside one element of an address list, as offsets. */
static int
addrlist_span(const char *e, size_t n, size_t *a, size_t *b)
{
	size_t i, lt = n, gt = n;
	int quote = 0, depth = 0;

	for (i = 0; i < n; i++) {
		if (e[i] == '\\' && (quote || depth) && i + 1 < n) {
			i++;
			continue;
		}
		if (e[i] == '"' && depth == 0)
			quote = !quote;
		else if (!quote && e[i] == '(')
			depth++;
		else if (!quote && e[i] == ')' && depth > 0)
			depth--;
		else if (!quote && depth == 0 && e[i] == '<')
			lt = i;
		else if (!quote && depth == 0 && e[i] == '>' && lt < n)
			gt = i;
	}
	if (lt < n && gt < n && gt > lt) {
		*a = lt + 1;
		*b = gt;
		return 0;
	}
	/* A bare addr-spec: what is outside white space and comments. */
	*a = *b = 0;
	quote = depth = 0;
	for (i = 0; i < n; i++) {
		if (e[i] == '\\' && (quote || depth) && i + 1 < n) {
			if (!depth) {
				*a = *b == 0 ? i : *a;
				*b = i + 2;
			}
			i++;
			continue;
		}
		if (quote || (!depth && e[i] == '"'))
			quote ^= e[i] == '"';
		else if (e[i] == '(' || (depth && e[i] == ')')) {
			depth += e[i] == '(' ? 1 : -1;
			continue;
		} else if (depth || e[i] == ' ' || e[i] == '\t')
			continue;
		*a = *b == 0 ? i : *a;
		*b = i + 1;
	}
	return *b > *a ? 0 : -1;
}

/*
 * One element of a list (between two delimiters), trimmed: kept, replaced
 * or left out. first says whether it is the first of its list (the top
 * level or a group); lead is written before a first element in a group.
 */
static int
addrlist_element(const char *start, size_t n, const char *old,
    const char *new, struct buf *out, int *first, const char *lead)
{
	size_t a, b;
	int hit;

	while (n > 0 && (*start == ' ' || *start == '\t' || *start == '\r' ||
	    *start == '\n')) {
		start++;
		n--;
	}
	while (n > 0 && (start[n - 1] == ' ' || start[n - 1] == '\t' ||
	    start[n - 1] == '\r' || start[n - 1] == '\n'))
		n--;
	if (n == 0)
		return 0;
	hit = addrlist_span(start, n, &a, &b) == 0 && b - a == strlen(old) &&
	    strncasecmp(start + a, old, b - a) == 0;
	if (hit && new == NULL)
		return 1;
	buf_adds(out, *first ? lead : ", ");
	*first = 0;
	if (hit) {
		buf_add(out, start, a);
		buf_adds(out, new);
		buf_add(out, start + b, n - b);
	} else
		buf_add(out, start, n);
	return hit;
}

/*
 * RFC 5322 address-list: mailboxes and groups ("Team: a@x, b@y;"), split
 * at the commas, colons and semicolons that are outside quotes, comments,
 * angle brackets and domain literals. A group keeps its name and its
 * delimiters, even when every member is left out ("Team:;").
 */
int
addrlist_rewrite(const char *value, const char *old, const char *new,
    struct buf *out)
{
	const char *p = value, *start = value;
	int quote = 0, depth = 0, angle = 0, literal = 0, changed = 0;
	int first = 1, gfirst = 1, group = 0;

	for (;; p++) {
		if (*p == '\\' && (quote || depth) && p[1] != '\0') {
			p++;
			continue;
		}
		if (*p == '\0' || (!quote && !depth && !angle && !literal &&
		    (*p == ',' || (*p == ':' && !group) ||
		    (*p == ';' && group)))) {
			if (*p == ':') {
				/* A group's display name, kept as written. */
				while (start < p && (*start == ' ' ||
				    *start == '\t'))
					start++;
				buf_adds(out, first ? "" : ", ");
				first = 0;
				buf_add(out, start, (size_t)(p - start));
				buf_addc(out, ':');
				group = 1;
				gfirst = 1;
			} else if (group) {
				changed += addrlist_element(start,
				    (size_t)(p - start), old, new, out, &gfirst,
				    " ");
				if (*p != ',') {
					buf_addc(out, ';');
					group = 0;
				}
			} else
				changed += addrlist_element(start,
				    (size_t)(p - start), old, new, out, &first,
				    "");
			if (*p == '\0')
				break;
			start = p + 1;
			continue;
		}
		if (*p == '"' && !depth)
			quote = !quote;
		else if (quote)
			continue;
		else if (*p == '(')
			depth++;
		else if (*p == ')' && depth)
			depth--;
		else if (depth)
			continue;
		else if (*p == '<')
			angle = 1;
		else if (*p == '>')
			angle = 0;
		else if (*p == '[')
			literal = 1;
		else if (*p == ']')
			literal = 0;
	}
	return changed;
}
