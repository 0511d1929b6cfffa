/* msgview.c: a message's text for the guard, a window at a time. */
#include <string.h>

#include "common.h"
#include "msgview.h"

/* Text held at once; a window overlaps the next by MSGVIEW_KEEP bytes. */
#define MSGVIEW_WINDOW	(1u << 20)
#define MSGVIEW_KEEP	4096

static void
msgview_window(void *arg, const char *text, size_t len)
{
	struct msgview *mv = arg;

	if (mv->found == NULL)
		mv->found = guard_marking(mv->g, text, len);
}

/* Points the view at what was read. */
static void
msgview_fill(struct msgview *mv)
{
	mv->view.subject = mv->mt.subject;
	mv->view.text = mv->mt.text.s;
	mv->view.textlen = mv->mt.text.len;
	mv->view.names.v = (const char *const *)mv->mt.names;
	mv->view.names.n = mv->mt.nnames;
	mv->view.text_marking = mv->found;
}

int
msgview_read(int fd, const struct guard *g, struct msgview *mv,
    char **errstr)
{
	memset(mv, 0, sizeof(*mv));
	mv->g = g;
	if (msgtext_read_window(fd, MSGVIEW_WINDOW, MSGVIEW_KEEP,
	    msgview_window, mv, &mv->mt, errstr) != 0)
		return -1;
	msgview_fill(mv);
	return 0;
}

void
msgview_start(struct msgview *mv, const struct guard *g)
{
	memset(mv, 0, sizeof(*mv));
	mv->g = g;
	mv->st = msgtext_stream_new(MSGVIEW_WINDOW, MSGVIEW_KEEP,
	    msgview_window, mv, &mv->mt);
}

int
msgview_feed(struct msgview *mv, const char *p, size_t n)
{
	return msgtext_stream_feed(mv->st, p, n);
}

int
msgview_end(struct msgview *mv, char **errstr)
{
	struct msgtext_stream *st = mv->st;

	mv->st = NULL;
	if (msgtext_stream_end(st, errstr) != 0)
		return -1;
	msgview_fill(mv);
	return 0;
}

void
msgview_free(struct msgview *mv)
{
	msgtext_stream_free(mv->st);
	msgtext_free(&mv->mt);
	memset(mv, 0, sizeof(*mv));
}
