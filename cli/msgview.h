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
};

/* Reads fd to its end; 0, or -1 with *errstr (allocated). */
int	 msgview_read(int fd, const struct guard *, struct msgview *,
	    char **errstr);
void	 msgview_free(struct msgview *);

#endif
