/* glyph.h: look-alike letters that NFKD and TR39 leave out (internal). */
#ifndef SENDGUARD_GLYPH_H
#define SENDGUARD_GLYPH_H

/* The ASCII letter or digit a code point imitates, or 0. */
char	 glyph_fold(unsigned cp);
/* How many the table holds (for the fold's fingerprint). */
unsigned glyph_count(void);

#endif
