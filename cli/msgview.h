/*
 * msgview.h: a message read from a file descriptor into the plain view the
 * guard's content checks take (struct guard_message), in bounded memory:
 * the text is looked through for markings a window at a time.
 */
#ifndef SENDGUARD_MSGVIEW_H
#define SENDGUARD_MSGVIEW_H

#include "guard.h"
#include "msgtext.h"

struct msgview {
	struct msgtext		 mt;	/* To, Cc, Bcc, subject, names */
	struct guard_message	 view;	/* borrows from mt */
	/* While it is read: */
	const struct guard	*g;
	const char		*found;	/* the first marking, once found */
	struct msgtext_stream	*st;	/* msgview_start() to msgview_end() */
};

/* Reads fd to its end; 0, or -1 with *errstr (allocated). */
int	 msgview_read(int fd, const struct guard *, struct msgview *,
	    char **errstr);
/*
 * The same for a message that arrives in pieces (a milter's): start, feed
 * each piece as it comes (it returns -1 once the header is unusable), and
 * end, which fills the view: 0, or -1 with *errstr. msgview_free() frees
 * a view whether it was ended or not.
 */
void	 msgview_start(struct msgview *, const struct guard *);
int	 msgview_feed(struct msgview *, const char *, size_t);
int	 msgview_end(struct msgview *, char **errstr);
void	 msgview_free(struct msgview *);

#endif
