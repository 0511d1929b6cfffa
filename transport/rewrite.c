/* rewrite.c: one address changed or taken out of an address list, the rest kept as written. */
#include <string.h>
#include <strings.h>

#include "common.h"
#include "rewrite.h"

/* The addr-spec inside one element of an address list, as offsets. */
static int
rewrite_spec_span(const char *e, size_t n, size_t *a, size_t *b)
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
	} else {
		for (*a = 0; *a < n && (e[*a] == ' ' || e[*a] == '\t'); (*a)++)
			;
		for (*b = n; *b > *a && (e[*b - 1] == ' ' || e[*b - 1] == '\t');
		    (*b)--)
			;
	}
	return *b > *a ? 0 : -1;
}

int
rewrite_list(const char *value, const char *old, const char *new,
    struct buf *out)
{
	const char *p = value, *start = value;
	size_t a, b, n;
	int quote = 0, depth = 0, angle = 0, changed = 0, first = 1;

	for (;; p++) {
		if (*p == '\\' && (quote || depth) && p[1] != '\0') {
			p++;
			continue;
		}
		if (*p != '\0' && !(*p == ',' && !quote && !depth && !angle)) {
			if (*p == '"' && !depth)
				quote = !quote;
			else if (!quote && *p == '(')
				depth++;
			else if (!quote && *p == ')' && depth)
				depth--;
			else if (!quote && !depth && *p == '<')
				angle = 1;
			else if (!quote && !depth && *p == '>')
				angle = 0;
			continue;
		}
		n = (size_t)(p - start);
		while (n > 0 && (*start == ' ' || *start == '\t')) {
			start++;
			n--;
		}
		if (n > 0 && rewrite_spec_span(start, n, &a, &b) == 0 &&
		    b - a == strlen(old) && strncasecmp(start + a, old,
		    b - a) == 0) {
			changed++;
			if (new != NULL) {
				buf_adds(out, first ? "" : ", ");
				buf_add(out, start, a);
				buf_adds(out, new);
				buf_add(out, start + b, n - b);
				first = 0;
			}
		} else if (n > 0) {
			buf_adds(out, first ? "" : ", ");
			buf_add(out, start, n);
			first = 0;
		}
		if (*p == '\0')
			break;
		start = p + 1;
	}
	return changed;
}
