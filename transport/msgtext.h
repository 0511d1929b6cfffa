/*
 * msgtext.h: the plain view of a message that the content checks read:
 * its recipient headers, its decoded subject, the decoded text of its
 * text parts and the file names of its parts. Read as a stream, so that
 * a message of any size (a 50 MB attachment) costs a few hundred KB plus
 * the text kept; see mimescan.h for how malformed MIME is read.
 */
#ifndef SENDGUARD_MSGTEXT_H
#define SENDGUARD_MSGTEXT_H

#include <stddef.h>

#include "common.h"

/* The largest header of the message itself (mimescan.h). */
#define MSGTEXT_HEADER_MAX	(1024 * 1024)

struct msgtext {
	char	*to, *cc, *bcc;	/* unfolded raw header values (all To:
				 * joined with ", ", same for Cc, Bcc), or
				 * NULL */
	char	*subject;	/* decoded (RFC 2047) to UTF-8, or NULL */
	struct buf text;	/* decoded text of the text parts, UTF-8,
				 * parts separated by "\n" */
	char	**names;	/* attachment/part file names, decoded
				 * (RFC 2231 and RFC 2047), UTF-8 */
	size_t	nnames;
	int	truncated;	/* not all was read: text stopped at the
				 * cap, or parts nested too deep, or too
				 * many names */
};

/*
 * Reads a message (RFC 5322/MIME, LF or CRLF line ends) from fd up to its
 * end, in chunks, and fills *mt (its old contents are not freed).
 *
 * Only the message's own header fills to, cc, bcc and subject. text
 * holds, in order, the text of every part of a text type (text/plain,
 * text/html, text/anything) that is not "Content-Disposition:
 * attachment": quoted-printable or base64 decoded, converted from its
 * charset, CRLF as LF, HTML reduced to its text (htmltext.h). A message
 * inside (message/rfc822, even if encoded) adds its subject as a line of
 * its own, then its text. A "\n" goes between parts unless the text
 * before ends with one. The text stops at textcap bytes, on a character
 * boundary, with truncated set. text.s is never NULL, and text is valid
 * UTF-8 (NUL bytes and what cannot be converted are U+FFFD). names holds
 * the Content-Disposition filename and the Content-Type name of every
 * part in order, without empty ones or one repeated within a part.
 *
 * Returns 0, or -1 with *errstr (allocated) and *mt empty: when fd cannot
 * be read, or when the message's own header is larger than
 * MSGTEXT_HEADER_MAX or has more than 10000 fields (its recipients cannot
 * be known). Malformed MIME is never an error.
 */
int	 msgtext_read(int fd, size_t textcap, struct msgtext *mt,
	    char **errstr);
void	 msgtext_free(struct msgtext *);

/*
 * msgtext_read() for text of any length in bounded memory: each time the
 * text reaches window bytes, fn gets it, and only its last keep bytes
 * (from a character's start; at most window / 2) stay, so that something
 * cut in two by a window is whole in the next. mt->text holds the last
 * window when it returns (fn has not seen it); truncated is never set for
 * the text.
 */
int	 msgtext_read_window(int fd, size_t window, size_t keep,
	    void (*fn)(void *, const char *, size_t), void *arg,
	    struct msgtext *, char **errstr);

/* msgtext_read() reading at most chunk bytes at a time (for the tests). */
int	 msgtext_read_chunked(int fd, size_t textcap, size_t chunk,
	    struct msgtext *, char **errstr);

/*
 * The same read fed by the caller, for a message that arrives in pieces
 * (a milter's headers and body chunks). msgtext_stream_new() starts it:
 * with fn, as msgtext_read_window() (window and keep); without, as
 * msgtext_read() with textcap = window. msgtext_stream_feed() takes the
 * next bytes of the message; it returns -1 once the message header is
 * unusable (what follows is not read). msgtext_stream_end() finishes the
 * message and frees the stream: 0, or -1 with *errstr and *mt emptied,
 * as msgtext_read(). msgtext_stream_free() abandons it (*mt stays the
 * caller's to free).
 */
struct msgtext_stream;

struct msgtext_stream *msgtext_stream_new(size_t window, size_t keep,
	    void (*fn)(void *, const char *, size_t), void *arg,
	    struct msgtext *);
int	 msgtext_stream_feed(struct msgtext_stream *, const char *, size_t);
int	 msgtext_stream_end(struct msgtext_stream *, char **errstr);
void	 msgtext_stream_free(struct msgtext_stream *);

#endif
