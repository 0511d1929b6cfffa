/*
 * msghead.h: a message's header as a list of fields: the message's own,
 * as read, then those added on the way out; what is left out when it is
 * written (message.c's header, msmtp's header settings).
 */
#ifndef SENDGUARD_MSGHEAD_H
#define SENDGUARD_MSGHEAD_H

#include <stddef.h>

#include "common.h"

struct msghead_field {
	char	*name;		/* as written */
	char	*raw;		/* the whole field, folded, no final newline */
	char	*value;		/* unfolded, trimmed */
	int	 added;		/* added on the way out: written first */
	int	 drop;		/* replaced by msghead_set() */
};

struct msghead {
	struct msghead_field	*fields;	/* then the added ones */
	size_t			 nfields;	/* of the message itself */
	size_t			 nall;		/* with the added ones */
	/* The message's own fields left out when written (but still found
	 * by msghead_get()), as msmtp's account settings say. */
	int			 drop_from;	/* set_from_header on */
	int			 drop_tocc;	/* undisclosed_recipients */
	int			 drop_bcc;	/* remove_bcc_headers */
};

/* Splits the header text p (n bytes, up to the blank line) into fields;
 * continuation lines join the previous one. */
void	 msghead_parse(struct msghead *, const char *p, size_t n);
void	 msghead_free(struct msghead *);

/* The value of the first field of that name (case-insensitive) that was
 * not replaced, added ones included, or NULL; all of them joined with
 * ", " (allocated), or NULL. */
const char *msghead_get(const struct msghead *, const char *name);
char	*msghead_get_all(const struct msghead *, const char *name);

/* Takes the added fields away and the message's own back in. */
void	 msghead_reset(struct msghead *);
/* Adds a field on the way out; with fold, folded at blanks before column
 * 78. */
void	 msghead_add(struct msghead *, const char *name, const char *value,
	    int fold);
/* message_set_header() (transport.h). */
int	 msghead_set(struct msghead *, const char *name, const char *value);
/* message_rewrite_recipient() (transport.h). */
int	 msghead_rewrite(struct msghead *, const char *old, const char *new);

/* Appends the header as it goes out, CRLF line ends and the blank line
 * included (nothing at all for a header without fields): the added
 * fields first, then the message's own that are not left out. */
void	 msghead_write(const struct msghead *, struct buf *);

#endif
