/*
 * mime.h: user text as 7-bit header and body encodings, inside transport/:
 * what libetpan lacks (RFC 2047 and RFC 2231 encoders, a quoted-printable
 * writer that keeps trailing white space) and the checks it does not make
 * (addresses, control characters). Errors as in transport.h.
 */
#ifndef SENDGUARD_MIME_H
#define SENDGUARD_MIME_H

#include <stddef.h>

struct buf;

/* Longest encoded word (RFC 2047 section 2). */
#define MIME_WORD_MAX	75

/*
 * Checks header text: valid UTF-8 without control characters (CR or LF
 * would start a new header field). Returns 0, or -1 with *errstr saying
 * what (what names the text: "the subject").
 */
/*
 * Sets *errstr (when errstr is not NULL; an earlier message is freed) to
 * the formatted reason and returns -1, for "return mime_fail(...)".
 */
int	 mime_fail(char **errstr, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

int	 mime_check_text(const char *what, const char *, char **errstr);

/*
 * Renders an address list as a user typed it ("Doe, John" <j@x.org>,
 * b@y.org, Team: c@z.org;) as the 7-bit value of the header field what
 * ("To"): parsed by libetpan, then every addr-spec checked (libetpan takes
 * "john", "a..b@c.d" and two addresses without a comma), domains as
 * A-labels, display names as phrases. *value (allocated) is NULL for an
 * empty list. With single, it must be one mailbox. *domain (may be NULL)
 * gets the first domain, as an A-label, if it is still NULL. Returns 0, or
 * -1 with *errstr.
 */
int	 mime_addresses(const char *what, const char *list, int single,
	    char **value, char **domain, char **errstr);

/* Appends the base64 of len bytes, without line breaks. */
void	 mime_base64(struct buf *, const void *, size_t);

/*
 * Whether header text must go out as encoded words: it is not ASCII,
 * holds "=?" (it would be taken for an encoded word), or has a word too
 * long to fold.
 */
int	 mime_needs_words(const char *);

/*
 * Appends UTF-8 text (valid: the caller checked) as "=?UTF-8?B?...?="
 * encoded words joined by sep, each at most MIME_WORD_MAX characters, the
 * first at most first (0: MIME_WORD_MAX), split between characters only.
 */
void	 mime_words(struct buf *, const char *, size_t, size_t first,
	    const char *sep);

/*
 * Appends a display name (UTF-8, no control characters) as an RFC 5322
 * phrase: atoms as they are, a quoted string, or encoded words (first as
 * for mime_words()).
 */
void	 mime_phrase(struct buf *, const char *, size_t first);

/*
 * Appends an RFC 2231 parameter, name*=UTF-8''%XX..., split into
 * name*0*=...;CRLF SP name*1*=... continuations so that each line stays
 * under 78 characters when it starts with a space.
 */
void	 mime_param2231(struct buf *, const char *name, const char *value);

/*
 * Appends UTF-8 text with LF (or CRLF) line ends as quoted-printable with
 * CRLF line ends and lines of at most 76 characters. Trailing white space,
 * "=", control and non-ASCII bytes are encoded, and so are a "From " and a
 * "." at the start of a line. The last line always ends with CRLF.
 */
void	 mime_qp(struct buf *, const char *, size_t);

#endif
