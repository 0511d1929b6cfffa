/* domain.c: domain normalization (libidn2) and registrable split (libpsl). */
#include <stdlib.h>
#include <string.h>

#include <idn2.h>
#include <libpsl.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "common.h"
#include "domain.h"

static int
domain_ldh(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

const char *
domain_check_ascii(const char *d, size_t n)
{
	size_t i, label = 0, start = 0;
	int digits = 1;

	if (n == 0)
		return "empty domain";
	if (n > DOMAIN_MAX)
		return "the domain is longer than 253 characters";
	if (d[n - 1] == '.')
		return "the domain ends with a dot";
	for (i = 0; i <= n; i++) {
		if (i == n || d[i] == '.') {
			if (label == 0)
				return i == 0 ? "the domain starts with a dot" :
				    "two dots in a row in the domain";
			if (label > 63)
				return "a part of the domain is longer than 63 "
				       "characters";
			if (d[start] == '-' || d[i - 1] == '-')
				return "a part of the domain starts or ends "
				       "with a hyphen";
			if (i < n) {
				label = 0;
				start = i + 1;
				digits = 1;
			}
			continue;
		}
		if (!domain_ldh((unsigned char)d[i])) {
			if (d[i] == '_')
				return "an underscore in the domain";
			if (d[i] == ' ' || d[i] == '\t')
				return "a space in the domain";
			return "a character that is not allowed in a domain";
		}
		if (d[i] < '0' || d[i] > '9')
			digits = 0;
		label++;
	}
	if (digits)
		return "the domain ends in a number (an IP address must be "
		       "written as [1.2.3.4])";
	return NULL;
}

const char *
domain_registrable(const char *ascii)
{
	return psl_registrable_domain(psl_builtin(), ascii);
}

int
domain_public_suffix(const char *ascii)
{
	return psl_is_public_suffix(psl_builtin(), ascii);
}

static int
domain_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int
domain_tld_exists(const char *tld)
{
	/* The TLDs most mail goes to, sorted: no libpsl call for them. */
	static const char *const common[] = {
		"ae", "ar", "at", "au", "be", "bg", "biz", "br", "by", "ca",
		"ch", "cl", "cn", "co", "com", "cz", "de", "dk", "edu", "ee",
		"es", "eu", "fi", "fr", "gov", "gr", "hk", "hr", "hu", "id",
		"ie", "il", "in", "info", "int", "io", "it", "jp", "kr", "kz",
		"lt", "lu", "lv", "me", "mil", "mx", "my", "net", "nl", "no",
		"nz", "org", "pe", "ph", "pl", "pt", "ro", "rs", "ru", "se",
		"sg", "si", "sk", "th", "tr", "tw", "ua", "uk", "us", "vn",
		"za",
	};

	if (bsearch(&tld, common, sizeof(common) / sizeof(common[0]),
	    sizeof(common[0]), domain_cmp) != NULL)
		return 1;
	return psl_is_public_suffix2(psl_builtin(), tld,
	    PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE);
}

const char *
domain_tld(const char *d)
{
	const char *dot = strrchr(d, '.');

	return dot != NULL ? dot + 1 : d;
}

char *
domain_to_unicode(const char *ascii)
{
	char *u = NULL, *s;

	if (strstr(ascii, "xn--") == NULL)
		return xstrdup(ascii);
	if (idn2_to_unicode_8z8z(ascii, &u, 0) != IDN2_OK || u == NULL)
		return xstrdup(ascii);
	s = xstrdup(u);
	idn2_free(u);
	return s;
}

/* Lowercases an ASCII domain, or maps a non-ASCII one through IDNA2008. */
static int
domain_to_ascii(const char *in, char **out, int *idn, char **error)
{
	const unsigned char *p;
	char *a = NULL;
	int rc;

	*idn = 0;
	for (p = (const unsigned char *)in; *p != '\0'; p++)
		if (*p >= 0x80)
			break;
	if (*p == '\0') {
		*out = xstrdup(in);
		str_lower(*out);
		return 0;
	}
	*idn = 1;
	if (!utf8_valid(in, strlen(in))) {
		*error = xstrdup("the domain is not valid UTF-8");
		return -1;
	}
	rc = idn2_lookup_u8((const uint8_t *)in, (uint8_t **)&a,
	    IDN2_NONTRANSITIONAL);
	if (rc != IDN2_OK) {
		*error = xasprintf("not a valid international domain (%s)",
		    idn2_strerror(rc));
		return -1;
	}
	*out = xstrdup(a);
	idn2_free(a);
	return 0;
}

/*
 * Whether the xn-- labels are real IDNA2008 A-labels: their U-labels map
 * back to exactly them (xn--a.de, which decodes to a C1 control, does not).
 */
static int
domain_alabels_valid(const struct domain *d)
{
	char *back = NULL;
	int ok;

	if (strcmp(d->unicode, d->ascii) == 0)
		return 0;
	if (idn2_lookup_u8((const uint8_t *)d->unicode, (uint8_t **)&back,
	    IDN2_NONTRANSITIONAL) != IDN2_OK || back == NULL)
		return 0;
	ok = strcmp(back, d->ascii) == 0;
	idn2_free(back);
	return ok;
}

/*
 * Copies UTF-8 text without its default-ignorable code points (zero-width
 * spaces and joiners, the soft hyphen, the BOM, bidi controls...) and
 * returns the first one, or 0. The text must be valid UTF-8.
 */
static int
domain_visible(const char *in, size_t n, char *out)
{
	int32_t i = 0, start;
	size_t k = 0;
	int first = 0;
	UChar32 c;

	while (i < (int32_t)n) {
		start = i;
		U8_NEXT(in, i, (int32_t)n, c);
		if (c > 0x7f &&
		    u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) {
			if (first == 0)
				first = (int)c;
			continue;
		}
		memcpy(out + k, in + start, (size_t)(i - start));
		k += (size_t)(i - start);
	}
	out[k] = '\0';
	return first;
}

static int domain_normalize_visible(const char *, struct domain *,
	    char **);

int
domain_normalize(const char *in, struct domain *d, char **error)
{
	size_t n = strlen(in);
	char *visible;
	size_t dot;
	int r, invisible;

	if (n == 0 || in[0] == '[' || n > 4 * DOMAIN_MAX ||
	    !utf8_valid(in, n))
		return domain_normalize_visible(in, d, error);
	visible = xmalloc(n + 1);
	invisible = domain_visible(in, n, visible);
	/* The root's dot: example.com. (or example.com。) is example.com. */
	n = strlen(visible);
	dot = n > 0 && visible[n - 1] == '.' ? 1 : n > 3 &&
	    (memcmp(visible + n - 3, "\xe3\x80\x82", 3) == 0 ||
	    memcmp(visible + n - 3, "\xef\xbc\x8e", 3) == 0 ||
	    memcmp(visible + n - 3, "\xef\xbd\xa1", 3) == 0) ? 3 : 0;
	if (dot > 0 && n > dot && visible[n - dot - 1] != '.')
		visible[n -= dot] = '\0';
	r = domain_normalize_visible(visible, d, error);
	free(visible);
	if (r == 0)
		d->invisible = invisible;
	return r;
}

/* domain_normalize() of a domain without invisible code points. */
static int
domain_normalize_visible(const char *in, struct domain *d, char **error)
{
	const char *why, *reg;
	size_t n = strlen(in), i;

	memset(d, 0, sizeof(*d));
	if (n > 0 && in[0] == '[') {
		d->ascii = xstrdup(in);
		d->unicode = xstrdup(in);
		d->literal = 1;
		return 0;
	}
	if (n > 4 * DOMAIN_MAX) {
		*error = xstrdup("the domain is longer than 253 characters");
		return -1;
	}
	/* Empty labels would be folded away by IDNA; refuse them first. */
	if ((why = n == 0 ? "empty domain" : in[0] == '.' ?
	    "the domain starts with a dot" : in[n - 1] == '.' ?
	    "the domain ends with a dot" : strstr(in, "..") != NULL ?
	    "two dots in a row in the domain" : NULL) != NULL) {
		*error = xstrdup(why);
		return -1;
	}
	if (domain_to_ascii(in, &d->ascii, &d->idn, error) != 0)
		return -1;
	if ((why = domain_check_ascii(d->ascii, strlen(d->ascii))) != NULL) {
		*error = xstrdup(why);
		domain_free(d);
		return -1;
	}
	/* Whether an international domain remains once normalized:
	 * "ｇｍａｉｌ.com" (full-width) is plain gmail.com. */
	d->idn = strncmp(d->ascii, "xn--", 4) == 0 ||
	    strstr(d->ascii, ".xn--") != NULL;
	d->unicode = domain_to_unicode(d->ascii);
	if (strstr(d->ascii, "xn--") != NULL && !domain_alabels_valid(d)) {
		*error = xstrdup("not a valid international domain");
		domain_free(d);
		return -1;
	}
	if ((reg = domain_registrable(d->ascii)) != NULL) {
		d->reg = xstrdup(reg);
		d->reg_unicode = domain_to_unicode(d->reg);
		for (i = 0; d->reg[i] != '\0' && d->reg[i] != '.'; i++)
			;
		d->namelen = i;
	}
	return 0;
}

void
domain_free(struct domain *d)
{
	free(d->ascii);
	free(d->unicode);
	free(d->reg);
	free(d->reg_unicode);
	memset(d, 0, sizeof(*d));
}
