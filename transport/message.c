/*
 * message.c: a message as it will be sent. Read from stdin into a spool
 * file byte for byte (only the header is kept in memory), then streamed
 * out with LF turned into CRLF and the header changed as msmtp changes it
 * (message_prepare: From, Date, Message-ID added, Bcc dropped...).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"
#include "transport.h"
#include "addrlist.h"
#include "maildir.h"
#include "mime.h"
#include "msghead.h"
#include "stamp.h"

#define MESSAGE_MAX_HEADER	(1024 * 1024)

struct message {
	char			*path;		/* spool file, or NULL */
	int			 fd;		/* open on it, or -1 */
	char			*mem;		/* or the bytes themselves */
	off_t			 size;
	off_t			 body;		/* where the body starts */
	int			 sealed;	/* a blank line ends the header */
	struct msghead		 fields;	/* the header, and what is
						   added and left out */
	off_t			 outsize;	/* msmtp's mailsize */
	/* Streaming state. */
	struct buf		 head;		/* header as it goes out */
	size_t			 headpos;
	off_t			 pos;		/* in the body */
	int			 lastcr;
	char			 pending;	/* the LF after an inserted CR */
	char			 chunk[65536];
	size_t			 chunklen, chunkpos;
};

/* Finds where the header ends: the offset just past the blank line. */
static off_t
message_header_end(const char *p, size_t n, int *sealed)
{
	size_t i;

	*sealed = 0;
	if (n > 0 && p[0] == '\n') {
		*sealed = 1;
		return 1;
	}
	if (n > 1 && p[0] == '\r' && p[1] == '\n') {
		*sealed = 1;
		return 2;
	}
	for (i = 0; i + 1 < n; i++) {
		if (p[i] != '\n')
			continue;
		if (p[i + 1] == '\n') {
			*sealed = 1;
			return (off_t)i + 2;
		}
		if (p[i + 1] == '\r' && i + 2 < n && p[i + 2] == '\n') {
			*sealed = 1;
			return (off_t)i + 3;
		}
	}
	return (off_t)n;
}

static struct message *
message_new(void)
{
	struct message *m = xcalloc(1, sizeof(*m));

	m->fd = -1;
	buf_init(&m->head);
	return m;
}

int
message_spool(int fd, const char *spooldir, struct message **out,
    char **errstr)
{
	struct message *m = message_new();
	struct buf head;
	char buf[65536], *whole;
	ssize_t n, w;
	size_t off;
	int out_fd, saved, done = 0;

	buf_init(&head);
	if ((out_fd = maildir_create_tmp(spooldir, &m->path, errstr)) == -1) {
		message_free(m);
		return -1;
	}
	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			saved = errno;
			*errstr = xasprintf("cannot read the message: %s",
			    strerror(saved));
			goto fail;
		}
		if (n == 0)
			break;
		for (off = 0; off < (size_t)n; off += (size_t)w) {
			w = write(out_fd, buf + off, (size_t)n - off);
			if (w == -1 && errno == EINTR) {
				w = 0;
				continue;
			}
			if (w <= 0) {
				saved = errno;
				*errstr = xasprintf("cannot store the message "
				    "in %s: %s", m->path, strerror(saved));
				goto fail;
			}
		}
		if (!done && head.len < MESSAGE_MAX_HEADER) {
			buf_add(&head, buf, (size_t)n);
			m->body = message_header_end(head.s, head.len,
			    &m->sealed);
			done = m->sealed;
		}
		m->size += n;
	}
	/* No fsync: the caller still holds the message until we succeed,
	 * and maildir_commit() syncs it before keeping it. */
	if (close(out_fd) != 0) {
		out_fd = -1;
		*errstr = xasprintf("cannot store the message in %s: %s",
		    m->path, strerror(errno));
		goto fail;
	}
	out_fd = -1;
	/*
	 * Read whole: the name says so (and its size, as Maildir's ",S="),
	 * so that what a run stopped by SIGKILL leaves in tmp/ is known to
	 * be the whole message (cli/rescue.c keeps it).
	 */
	whole = xasprintf("%s,S=%lld", m->path, (long long)m->size);
	if (rename(m->path, whole) == 0) {
		free(m->path);
		m->path = whole;
	} else
		free(whole);
	if (!m->sealed && m->body > MESSAGE_MAX_HEADER)
		m->body = 0;	/* no header to speak of: all body */
	msghead_parse(&m->fields, head.s != NULL ? head.s : "",
	    (size_t)m->body);
	buf_free(&head);
	if ((m->fd = open(m->path, O_RDONLY | O_CLOEXEC)) == -1) {
		*errstr = xasprintf("cannot reopen %s: %s", m->path,
		    strerror(errno));
		goto fail;
	}
	*out = m;
	return 0;
fail:
	if (out_fd != -1)
		close(out_fd);
	unlink(m->path);
	buf_free(&head);
	message_free(m);
	return -1;
}

int
message_open(const char *path, struct message **out, char **errstr)
{
	struct message *m;
	struct stat st;
	struct buf head;
	char buf[65536];
	ssize_t n;

	m = message_new();
	if ((m->fd = open(path, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(m->fd, &st) != 0) {
		*errstr = xasprintf("cannot open %s: %s", path,
		    strerror(errno));
		message_free(m);
		return -1;
	}
	m->path = xstrdup(path);
	m->size = st.st_size;
	buf_init(&head);
	while (!m->sealed && head.len < MESSAGE_MAX_HEADER &&
	    (n = read(m->fd, buf, sizeof(buf))) > 0) {
		buf_add(&head, buf, (size_t)n);
		m->body = message_header_end(head.s, head.len, &m->sealed);
	}
	if (!m->sealed && m->body > MESSAGE_MAX_HEADER)
		m->body = 0;
	msghead_parse(&m->fields, head.s != NULL ? head.s : "",
	    (size_t)m->body);
	buf_free(&head);
	*out = m;
	return 0;
}

struct message *
message_from_bytes(const char *p, size_t n)
{
	struct message *m = message_new();

	m->mem = xmalloc(n + 1);
	memcpy(m->mem, p, n);
	m->mem[n] = '\0';
	m->size = (off_t)n;
	m->body = message_header_end(p, n, &m->sealed);
	msghead_parse(&m->fields, p, (size_t)m->body);
	return m;
}

void
message_free(struct message *m)
{
	if (m == NULL)
		return;
	if (m->fd != -1)
		close(m->fd);
	msghead_free(&m->fields);
	free(m->path);
	free(m->mem);
	buf_free(&m->head);
	free(m);
}

const char *
message_spool_path(const struct message *m)
{
	return m->path;
}

off_t
message_size(const struct message *m)
{
	return m->size;
}

int
message_has_header(const struct message *m)
{
	return m->fields.nfields > 0;
}

const char *
message_header(const struct message *m, const char *name)
{
	return msghead_get(&m->fields, name);
}

char *
message_header_all(const struct message *m, const char *name)
{
	return msghead_get_all(&m->fields, name);
}

int
message_field(const struct message *m, size_t i, const char **name,
    const char **value)
{
	if (i >= m->fields.nfields)
		return -1;
	*name = m->fields.fields[i].name;
	*value = m->fields.fields[i].value;
	return 0;
}

void
message_prepare(struct message *m, time_t now,
    const struct message_headers *h)
{
	struct msghead *mh = &m->fields;
	char date[64], *id, *dom;
	const char *at, *from = h->from;
	struct buf v;

	msghead_reset(mh);
	mh->drop_bcc = h->remove_bcc || h->undisclosed;
	mh->drop_tocc = h->undisclosed;
	/* msmtp's order: From, To, Date, Message-ID, then the mail's. */
	if (from != NULL && from[0] != '\0' && strpbrk(from, "\r\n") == NULL &&
	    (h->set_from == MESSAGE_HDR_ON || (h->set_from ==
	    MESSAGE_HDR_AUTO && msghead_get(mh, "From") == NULL))) {
		buf_init(&v);
		if (h->from_name != NULL && h->from_name[0] != '\0' &&
		    utf8_valid(h->from_name, strlen(h->from_name)) &&
		    strpbrk(h->from_name, "\r\n") == NULL) {
			mime_phrase(&v, h->from_name, 0);
			buf_addf(&v, " <%s>", from);
		} else
			buf_adds(&v, from);
		msghead_add(mh, "From", v.s, 0);
		buf_free(&v);
		mh->drop_from = h->set_from == MESSAGE_HDR_ON;
	}
	if (h->undisclosed)
		msghead_add(mh, "To", "undisclosed-recipients:;", 0);
	if (h->set_date == MESSAGE_HDR_AUTO &&
	    msghead_get(mh, "Date") == NULL) {
		stamp_date(now, date, sizeof(date));
		msghead_add(mh, "Date", date, 0);
	}
	if (h->set_msgid == MESSAGE_HDR_AUTO &&
	    msghead_get(mh, "Message-ID") == NULL) {
		at = from != NULL ? strrchr(from, '@') : NULL;
		dom = at != NULL ? xstrndup(at + 1, strcspn(at + 1, ">")) :
		    NULL;
		id = stamp_message_id(now, dom, (uint64_t)m->size);
		free(dom);
		msghead_add(mh, "Message-ID", id, 0);
		free(id);
	}
}

void
message_prepare_default(struct message_headers *h, const char *from)
{
	memset(h, 0, sizeof(*h));
	h->set_from = h->set_date = h->set_msgid = MESSAGE_HDR_AUTO;
	h->remove_bcc = 1;
	h->from = from;
}

int
message_set_header(struct message *m, const char *name, const char *value)
{
	return msghead_set(&m->fields, name, value);
}

int
message_rewrite_recipient(struct message *m, const char *old,
    const char *new)
{
	return msghead_rewrite(&m->fields, old, new);
}

char *
message_rewrite_list(const char *list, const char *old, const char *new)
{
	struct buf b;

	if (list == NULL)
		return NULL;
	buf_init(&b);
	if (addrlist_rewrite(list, old, new, &b) == 0) {
		buf_free(&b);
		return xstrdup(list);
	}
	return buf_take(&b);
}

off_t
message_out_size(const struct message *m)
{
	return m->outsize;
}

void
message_rewind(struct message *m)
{
	size_t i;

	buf_reset(&m->head);
	msghead_write(&m->fields, &m->head);
	/* msmtp's mailsize: the header with LF line ends, then the body. */
	m->outsize = m->size - m->body;
	for (i = 0; i < m->head.len; i++)
		m->outsize += m->head.s[i] != '\r';
	m->headpos = 0;
	m->pos = m->body;
	/* The body starts after the blank line we have just written. */
	if (m->fields.nfields == 0 && m->fields.nall > 0 && m->body == 0)
		m->pos = 0;
	m->lastcr = 0;
	m->pending = 0;
	m->chunklen = m->chunkpos = 0;
	if (m->fd != -1)
		lseek(m->fd, m->pos, SEEK_SET);
}

/* Fills the chunk from the body; 0 at the end, -1 on error. */
static ssize_t
message_fill(struct message *m)
{
	ssize_t n;
	size_t left;

	if (m->mem != NULL) {
		left = (size_t)(m->size - m->pos);
		n = (ssize_t)(left < sizeof(m->chunk) ? left :
		    sizeof(m->chunk));
		memcpy(m->chunk, m->mem + m->pos, (size_t)n);
	} else {
		do
			n = read(m->fd, m->chunk, sizeof(m->chunk));
		while (n == -1 && errno == EINTR);
		if (n < 0)
			return -1;
	}
	m->pos += n;
	m->chunklen = (size_t)n;
	m->chunkpos = 0;
	return n;
}

ssize_t
message_read(struct message *m, char *out, size_t len)
{
	size_t k = 0, n;
	char c;

	if (m->headpos < m->head.len) {
		n = m->head.len - m->headpos;
		n = n < len ? n : len;
		memcpy(out, m->head.s + m->headpos, n);
		m->headpos += n;
		return (ssize_t)n;
	}
	while (k < len) {
		if (m->pending) {
			out[k++] = m->pending;
			m->pending = 0;
			continue;
		}
		if (m->chunkpos == m->chunklen) {
			if (m->pos >= m->size)
				break;
			if (message_fill(m) < 0)
				return -1;
			if (m->chunklen == 0)
				break;
		}
		c = m->chunk[m->chunkpos++];
		if (c == '\n' && !m->lastcr) {
			out[k++] = '\r';
			m->pending = '\n';
			m->lastcr = 0;
			continue;
		}
		m->lastcr = c == '\r';
		out[k++] = c;
	}
	return (ssize_t)k;
}
