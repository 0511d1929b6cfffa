/*
 * mimedec.h: streaming decoders for the body of a part: the transfer
 * encoding (quoted-printable, base64), the charset to UTF-8 (iconv), HTML
 * to its text, and repair of whatever is still not UTF-8. They take
 * chunks of any size (a quoted-printable "=" and its digits, a base64
 * quantum or a UTF-8 character may be split anywhere) and hold only a few
 * bytes between them. Nothing here fails: bad input becomes U+FFFD.
 */
#ifndef SENDGUARD_MIMEDEC_H
#define SENDGUARD_MIMEDEC_H

#include <stddef.h>

/* Where decoded bytes go. */
typedef void	(*mimedec_out)(void *arg, const char *, size_t);

struct mimedec;

/*
 * A decoder for a body in the transfer encoding enc (MAILMIME_MECHANISM_*;
 * anything else is taken as it is). With charset NULL, out gets the
 * decoded bytes. Otherwise it gets text: converted from charset (unknown
 * ones are read as UTF-8), valid UTF-8 with U+FFFD for what cannot be
 * converted and for NUL bytes, CRLF as LF; with html, only the text of
 * the HTML (see htmltext.h).
 */
struct mimedec *mimedec_new(int enc, const char *charset, int html,
	    mimedec_out, void *arg);
void	 mimedec_feed(struct mimedec *, const char *, size_t);
/* The body has ended: hands over what was held. */
void	 mimedec_finish(struct mimedec *);
void	 mimedec_free(struct mimedec *);

/*
 * Converts len bytes from charset (NULL: UTF-8) into valid UTF-8, as
 * mimedec_new() does for text, but keeping CRLF. Returns an allocated
 * string (NUL bytes became U+FFFD).
 */
char	*mimedec_utf8(const char *charset, const char *, size_t);

#endif
