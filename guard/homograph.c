/* homograph.c: confusable skeletons and mixed scripts (ICU spoof checker). */
#include <stdlib.h>
#include <string.h>

#include <unicode/uscript.h>
#include <unicode/uspoof.h>
#include <unicode/utf8.h>

#include "common.h"
#include "homograph.h"

struct homograph {
	USpoofChecker	*sc;
	char		 ascii[128][8];	/* skeleton of each ASCII byte */
	uint64_t	 fingerprint;
};

struct homograph *
homograph_new(char **error)
{
	struct homograph *h;
	UErrorCode e = U_ZERO_ERROR;
	uint64_t fp = 1469598103934665603ULL;
	char in[2], *p;
	int c, n;

	h = xcalloc(1, sizeof(*h));
	h->sc = uspoof_open(&e);
	if (U_FAILURE(e)) {
		*error = xasprintf("ICU spoof checker: %s", u_errorName(e));
		free(h);
		return NULL;
	}
	for (c = 1; c < 128; c++) {
		in[0] = (char)c;
		in[1] = '\0';
		e = U_ZERO_ERROR;
		n = uspoof_getSkeletonUTF8(h->sc, 0, in, 1, h->ascii[c],
		    sizeof(h->ascii[c]) - 1, &e);
		if (U_FAILURE(e) || n <= 0)
			n = 1, h->ascii[c][0] = (char)c;
		h->ascii[c][n] = '\0';
		for (p = h->ascii[c]; *p != '\0'; p++)
			fp = (fp ^ (unsigned char)*p) * 1099511628211ULL;
		fp = (fp ^ 0xff) * 1099511628211ULL;
	}
	h->fingerprint = fp;
	return h;
}

void
homograph_free(struct homograph *h)
{
	if (h == NULL)
		return;
	uspoof_close(h->sc);
	free(h);
}

uint64_t
homograph_fingerprint(const struct homograph *h)
{
	return h->fingerprint;
}

uint64_t
homograph_fingerprint_now(void)
{
	static uint64_t fp;
	struct homograph *h;
	char *err = NULL;

	if (fp == 0) {
		if ((h = homograph_new(&err)) == NULL) {
			free(err);
			return 0;
		}
		fp = h->fingerprint;
		homograph_free(h);
	}
	return fp;
}

size_t
homograph_fold_ascii(const struct homograph *h, const char *s, size_t n,
    char *out, size_t cap)
{
	const char *sk;
	size_t i, k = 0, j = 0;
	char c, d;

	for (i = 0; i < n; i++) {
		if ((unsigned char)s[i] >= 0x80 || s[i] == '\0')
			return (size_t)-1;
		for (sk = h->ascii[(unsigned char)s[i]]; *sk != '\0'; sk++) {
			if (k + 1 >= cap)
				return (size_t)-1;
			out[k++] = *sk;
		}
	}
	/* The gaps, in place: the output never outgrows the input. */
	for (i = 0; i < k; i++) {
		c = out[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		d = i + 1 < k ? out[i + 1] : '\0';
		if (d >= 'A' && d <= 'Z')
			d = (char)(d - 'A' + 'a');
		if ((c == 'r' && d == 'n') || (c == 'v' && d == 'v') ||
		    (c == 'c' && d == 'l')) {
			out[j++] = c == 'r' ? 'm' : c == 'v' ? 'w' : 'd';
			i++;
			continue;
		}
		out[j++] = c == '0' ? 'o' : (c == '1' || c == '|') ? 'l' : c;
	}
	out[j] = '\0';
	return j;
}

/* Lowercases and folds the ASCII look-alikes of a skeleton into out. */
static void
homograph_gaps(const char *s, size_t n, struct buf *out)
{
	size_t i;
	char c, d;

	for (i = 0; i < n; i++) {
		c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		d = i + 1 < n ? s[i + 1] : '\0';
		if (d >= 'A' && d <= 'Z')
			d = (char)(d - 'A' + 'a');
		if ((c == 'r' && d == 'n') || (c == 'v' && d == 'v') ||
		    (c == 'c' && d == 'l')) {
			buf_addc(out, c == 'r' ? 'm' : c == 'v' ? 'w' : 'd');
			i++;
			continue;
		}
		if (c == '0')
			c = 'o';
		else if (c == '1' || c == '|')
			c = 'l';
		buf_addc(out, c);
	}
}

void
homograph_fold(const struct homograph *h, const char *s, size_t n,
    struct buf *out)
{
	struct buf skel;
	UErrorCode e = U_ZERO_ERROR;
	size_t i;
	int32_t len;
	int ascii = 1;

	char tmp[512];

	if ((len = (int32_t)homograph_fold_ascii(h, s, n, tmp,
	    sizeof(tmp))) >= 0 && n < sizeof(tmp)) {
		buf_add(out, tmp, (size_t)len);
		return;
	}
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80 || s[i] == '\0')
			ascii = 0;
	buf_init(&skel);
	if (ascii) {
		for (i = 0; i < n; i++)
			buf_adds(&skel, h->ascii[(unsigned char)s[i]]);
	} else {
		len = uspoof_getSkeletonUTF8(h->sc, 0, s, (int32_t)n, NULL, 0,
		    &e);
		if (e == U_BUFFER_OVERFLOW_ERROR && len > 0) {
			e = U_ZERO_ERROR;
			skel.s = xmalloc((size_t)len + 1);
			skel.cap = (size_t)len + 1;
			len = uspoof_getSkeletonUTF8(h->sc, 0, s, (int32_t)n,
			    skel.s, len + 1, &e);
		}
		if (U_FAILURE(e) || len < 0)
			buf_reset(&skel), buf_add(&skel, s, n);
		else
			skel.len = (size_t)len;
	}
	homograph_gaps(skel.s != NULL ? skel.s : "", skel.len, out);
	buf_free(&skel);
}

/* Appends the names of the scripts a label uses (not Common/Inherited). */
static void
homograph_script_names(const char *s, size_t n, struct buf *out)
{
	UScriptCode seen[8];
	UErrorCode e;
	size_t nseen = 0, k;
	int32_t i = 0;
	UChar32 c;
	UScriptCode sc;

	while (i < (int32_t)n) {
		U8_NEXT(s, i, (int32_t)n, c);
		if (c < 0)
			continue;
		e = U_ZERO_ERROR;
		sc = uscript_getScript(c, &e);
		if (U_FAILURE(e) || sc == USCRIPT_COMMON ||
		    sc == USCRIPT_INHERITED)
			continue;
		for (k = 0; k < nseen && seen[k] != sc; k++)
			;
		if (k == nseen && nseen < 8)
			seen[nseen++] = sc;
	}
	for (k = 0; k < nseen; k++) {
		if (k > 0)
			buf_adds(out, k + 1 == nseen ? " and " : ", ");
		buf_adds(out, uscript_getName(seen[k]));
	}
}

int
homograph_mixed(const struct homograph *h, const char *s, size_t n,
    char **names)
{
	UErrorCode e = U_ZERO_ERROR;
	struct buf b;
	int32_t r;

	r = uspoof_check2UTF8(h->sc, s, (int32_t)n, NULL, &e);
	if (U_FAILURE(e))
		return 0;
	if ((r & (USPOOF_RESTRICTION_LEVEL | USPOOF_MIXED_SCRIPT_CONFUSABLE |
	    USPOOF_MIXED_NUMBERS | USPOOF_INVISIBLE)) == 0)
		return 0;
	if (names != NULL) {
		buf_init(&b);
		homograph_script_names(s, n, &b);
		*names = buf_take(&b);
	}
	return 1;
}
