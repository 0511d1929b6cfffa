/* msgview.c: a message's text for the guard, a window at a time. */
#include <string.h>

#include "common.h"
#include "msgview.h"

/* Text held at once; a window overlaps the next by MSGVIEW_KEEP bytes. */
#define MSGVIEW_WINDOW	(1u << 20)
#define MSGVIEW_KEEP	4096

struct msgview_scan {
	const struct guard	*g;
	const char		*found;	/* the first marking, once found */
};

static void
msgview_window(void *arg, const char *text, size_t len)
{
	struct msgview_scan *s = arg;

	if (s->found == NULL)
		s->found = guard_marking(s->g, text, len);
}

int
msgview_read(int fd, const struct guard *g, struct msgview *mv,
    char **errstr)
{
	struct msgview_scan scan = { g, NULL };

	memset(mv, 0, sizeof(*mv));
	if (msgtext_read_window(fd, MSGVIEW_WINDOW, MSGVIEW_KEEP,
	    msgview_window, &scan, &mv->mt, errstr) != 0)
		return -1;
	mv->view.subject = mv->mt.subject;
	mv->view.text = mv->mt.text.s;
	mv->view.textlen = mv->mt.text.len;
	mv->view.names.v = (const char *const *)mv->mt.names;
	mv->view.names.n = mv->mt.nnames;
	mv->view.text_marking = scan.found;
	return 0;
}

void
msgview_free(struct msgview *mv)
{
	msgtext_free(&mv->mt);
	memset(mv, 0, sizeof(*mv));
}
