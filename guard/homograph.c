/* homograph.c: confusable skeletons and mixed scripts (ICU spoof checker). */
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "common.h"
#include "glyph.h"
#include "homograph.h"

/* Bumped whenever the fold changes in a way the ICU data does not show. */
#define HOMOGRAPH_FOLD_VERSION	3

struct homograph {
	USpoofChecker		*sc;
	const UNormalizer2	*nfkd;
	char			 ascii[128][8];	/* skeleton of each byte */
	uint64_t		 fingerprint;
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
	if (U_SUCCESS(e))
		h->nfkd = unorm2_getNFKDInstance(&e);
	if (U_FAILURE(e)) {
		*error = xasprintf("ICU spoof checker: %s", u_errorName(e));
		if (h->sc != NULL)
			uspoof_close(h->sc);
		free(h);
		return NULL;
	}
	fp = (fp ^ HOMOGRAPH_FOLD_VERSION) * 1099511628211ULL;
	fp = (fp ^ glyph_count()) * 1099511628211ULL;
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

/* Two letters read as one: rn, rr and nn as m, vv as w, cl as d. */
static int
homograph_pair(char c, char d)
{
	return (c == 'r' && (d == 'n' || d == 'r')) || (c == 'n' && d == 'n') ||
	    (c == 'v' && d == 'v') || (c == 'c' && d == 'l');
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
		if (homograph_pair(c, d)) {
			out[j++] = c == 'v' ? 'w' : c == 'c' ? 'd' : 'm';
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
		if (homograph_pair(c, d)) {
			buf_addc(out, c == 'v' ? 'w' : c == 'c' ? 'd' : 'm');
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

/* Whether a code point only decorates the letter before it. */
static int
homograph_mark(UChar32 c)
{
	int8_t t = u_charType(c);

	return t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK ||
	    t == U_COMBINING_SPACING_MARK || c == 0x00B7 ||
	    u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
}

/*
 * The plain letters of UTF-8 text: NFKD (compatibility forms and
 * decomposed accents), without combining marks, and with the look-alikes
 * of glyph.c turned into the ASCII they imitate: "gmáil" and "gɱail" give
 * "gmail". Into out as UTF-16; -1 if ICU fails.
 */
static int
homograph_plain(const struct homograph *h, const char *s, size_t n,
    UChar **out, int32_t *outlen)
{
	UErrorCode e = U_ZERO_ERROR;
	UChar *u, *d;
	UChar32 c;
	int32_t ulen, dlen, i, k;
	char a;

	u = xreallocarray(NULL, n + 1, sizeof(UChar));
	u_strFromUTF8WithSub(u, (int32_t)n + 1, &ulen, s, (int32_t)n,
	    0xFFFD, NULL, &e);
	if (U_FAILURE(e)) {
		free(u);
		return -1;
	}
	/* NFKD grows a string at most 18-fold (U+FDFA). */
	d = xreallocarray(NULL, (size_t)ulen * 18 + 1, sizeof(UChar));
	dlen = unorm2_normalize(h->nfkd, u, ulen, d, ulen * 18 + 1, &e);
	free(u);
	if (U_FAILURE(e)) {
		free(d);
		return -1;
	}
	for (i = 0, k = 0; i < dlen;) {
		U16_NEXT(d, i, dlen, c);
		if (homograph_mark(c))
			continue;
		if ((a = glyph_fold((unsigned)c)) != 0)
			c = (unsigned char)a;
		U16_APPEND_UNSAFE(d, k, c);	/* never passes i */
	}
	*out = d;
	*outlen = k;
	return 0;
}

/* ICU's skeleton of UTF-16 text, as UTF-8 into skel; -1 on failure. */
static int
homograph_skeleton(const struct homograph *h, const UChar *u, int32_t n,
    struct buf *skel)
{
	UErrorCode e = U_ZERO_ERROR;
	UChar *sk;
	char *u8;
	int32_t len, u8len;

	len = uspoof_getSkeleton(h->sc, 0, u, n, NULL, 0, &e);
	if (e != U_BUFFER_OVERFLOW_ERROR || len <= 0)
		return U_FAILURE(e) && e != U_BUFFER_OVERFLOW_ERROR ? -1 : 0;
	e = U_ZERO_ERROR;
	sk = xreallocarray(NULL, (size_t)len + 1, sizeof(UChar));
	len = uspoof_getSkeleton(h->sc, 0, u, n, sk, len + 1, &e);
	if (U_SUCCESS(e)) {
		u_strToUTF8(NULL, 0, &u8len, sk, len, &e);
		if (e == U_BUFFER_OVERFLOW_ERROR) {
			e = U_ZERO_ERROR;
			u8 = xmalloc((size_t)u8len + 1);
			u_strToUTF8(u8, u8len + 1, NULL, sk, len, &e);
			if (U_SUCCESS(e))
				buf_add(skel, u8, (size_t)u8len);
			free(u8);
		}
	}
	free(sk);
	return U_FAILURE(e) ? -1 : 0;
}

void
homograph_fold(const struct homograph *h, const char *s, size_t n,
    struct buf *out)
{
	struct buf skel;
	UChar *u = NULL;
	int32_t len, i;
	char tmp[512];

	if ((len = (int32_t)homograph_fold_ascii(h, s, n, tmp,
	    sizeof(tmp))) >= 0 && n < sizeof(tmp)) {
		buf_add(out, tmp, (size_t)len);
		return;
	}
	buf_init(&skel);
	if (homograph_plain(h, s, n, &u, &len) != 0) {
		buf_add(&skel, s, n);
	} else {
		for (i = 0; i < len && u[i] < 0x80; i++)
			;
		if (i == len) {
			/* Plain ASCII now: fold it as an ASCII domain. */
			for (i = 0; i < len; i++)
				buf_adds(&skel, h->ascii[u[i]]);
		} else if (homograph_skeleton(h, u, len, &skel) != 0) {
			buf_reset(&skel);
			buf_add(&skel, s, n);
		}
		free(u);
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
