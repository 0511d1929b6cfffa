/*
 * mimescan.h: a streaming walker over an RFC 5322/MIME message. It finds
 * the header blocks and the bodies of the parts as the bytes come, in
 * chunks of any size, without holding the message: only one header block
 * and one line are ever buffered, so a 50 MB attachment costs nothing but
 * the time to look for its boundary. libetpan's mailmime_parse() would
 * need the whole message in memory; field values are parsed by libetpan.
 *
 * Malformed input is read as well as possible and never fails: a missing
 * Content-Type is text/plain (message/rfc822 in a multipart/digest), a
 * multipart without a usable boundary is read as text/plain (so that
 * nothing in it escapes a check), a boundary of an enclosing multipart
 * ends every part inside it, and input that ends early ends every part.
 */
#ifndef SENDGUARD_MIMESCAN_H
#define SENDGUARD_MIMESCAN_H

#include <stddef.h>

struct mailmime_content;

/* How deep multiparts and messages nest before they are not entered. */
#define MIMESCAN_DEPTH_MAX	32
/* The largest header block kept; the rest of its fields are dropped. */
#define MIMESCAN_HEADER_MAX	(1024 * 1024)
/* The most fields of a header block kept. */
#define MIMESCAN_FIELDS_MAX	10000
/* The longest boundary taken (RFC 2046 allows 70). */
#define MIMESCAN_BOUNDARY_MAX	200

enum mimescan_kind {
	MIMESCAN_LEAF,		/* a body, handed over if wanted */
	MIMESCAN_MULTIPART,	/* parts follow, each with its header */
	MIMESCAN_MESSAGE	/* message/rfc822: a message header follows */
};

struct mimescan_field {
	char	*name;		/* as written, trimmed, without the colon */
	char	*value;		/* unfolded and trimmed; NUL bytes are spaces */
};

/* A header block that has been read: the message's or a part's. */
struct mimescan_part {
	int			 depth;		/* 0: the message itself */
	int			 message;	/* a message's header (top or
						 * message/rfc822) */
	enum mimescan_kind	 kind;
	int			 encoding;	/* MAILMIME_MECHANISM_* */
	int			 toodeep;	/* a multipart or message not
						 * entered: nested too deep */
	int			 clipped;	/* the header passed
						 * MIMESCAN_HEADER_MAX or
						 * MIMESCAN_FIELDS_MAX */
	struct mailmime_content	*type;		/* never NULL */
	const struct mimescan_field *fields;	/* in order */
	size_t			 nfields;
};

struct mimescan_callbacks {
	/*
	 * A header block has been read (the part is borrowed for the call).
	 * For a leaf, returns whether its body is wanted.
	 */
	int	(*part)(void *arg, const struct mimescan_part *);
	/*
	 * Bytes of a wanted body: lines end in LF (a CR before it is
	 * dropped), and the line end before a boundary is left out.
	 */
	void	(*body)(void *arg, const char *, size_t);
	/* The wanted body has ended. */
	void	(*end)(void *arg);
	void	*arg;
};

struct mimescan;

/*
 * A walker for one message whose header starts now; depth is that of the
 * message (0, or deeper for a message found encoded inside another).
 */
struct mimescan *mimescan_new(const struct mimescan_callbacks *, int depth);
/* Reads the next bytes of the message. */
void	 mimescan_feed(struct mimescan *, const char *, size_t);
/* The message has ended: ends whatever is open. */
void	 mimescan_finish(struct mimescan *);
void	 mimescan_free(struct mimescan *);

/* The value of the first field of that name (case-insensitive), or NULL. */
const char *mimescan_field(const struct mimescan_part *, const char *name);
/* The value of a Content-Type parameter (case-insensitive), or NULL. */
const char *mimescan_param(const struct mailmime_content *,
	    const char *name);

#endif
