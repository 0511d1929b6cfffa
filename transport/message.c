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
#include "maildir.h"
#include "stamp.h"
#include "mime.h"
#include "rewrite.h"

#define MESSAGE_MAX_HEADER	(1024 * 1024)

struct message_field {
	char	*name;		/* as written */
	char	*raw;		/* the whole field, folded, no final newline */
	char	*value;		/* unfolded, trimmed */
};

struct message {
	char			*path;		/* spool file, or NULL */
	int			 fd;		/* open on it, or -1 */
	char			*mem;		/* or the bytes themselves */
	off_t			 size;
	off_t			 body;		/* where the body starts */
	int			 sealed;	/* a blank line ends the header */
	struct message_field	*fields;
	size_t			 nfields;
	struct buf		 added;		/* fields added on the way out */
	int			 drop_from;	/* set_from_header on */
	int			 drop_tocc;	/* undisclosed_recipients */
	int			 drop_bcc;	/* remove_bcc_headers */
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

/* Splits the header into fields; continuation lines join the previous. */
static void
message_parse_fields(struct message *m, const char *p, size_t n)
{
	struct message_field *f;
	const char *line = p, *end = p + n, *nl, *colon;
	struct buf v;
	size_t len;

	while (line < end) {
		nl = memchr(line, '\n', (size_t)(end - line));
		len = (size_t)((nl != NULL ? nl : end) - line);
		if (len > 0 && line[len - 1] == '\r')
			len--;
		if (len == 0)
			break;
		if ((line[0] == ' ' || line[0] == '\t') && m->nfields > 0) {
			f = &m->fields[m->nfields - 1];
			buf_init(&v);
			buf_adds(&v, f->raw);
			buf_adds(&v, "\n");
			buf_add(&v, line, len);
			free(f->raw);
			f->raw = buf_take(&v);
			buf_init(&v);
			buf_adds(&v, f->value);
			buf_add(&v, line, len);
			free(f->value);
			f->value = buf_take(&v);
		} else {
			/* A line without a colon is kept, with no name. */
			colon = memchr(line, ':', len);
			m->fields = xreallocarray(m->fields, m->nfields + 1,
			    sizeof(*m->fields));
			f = &m->fields[m->nfields++];
			f->name = colon != NULL ? xstrndup(line,
			    (size_t)(colon - line)) : xstrdup("");
			str_trim(f->name);
			f->raw = xstrndup(line, len);
			f->value = colon != NULL ? xstrndup(colon + 1, len -
			    (size_t)(colon + 1 - line)) : xstrdup("");
		}
		line = nl != NULL ? nl + 1 : end;
	}
	for (len = 0; len < m->nfields; len++)
		str_trim(m->fields[len].value);
}

static struct message *
message_new(void)
{
	struct message *m = xcalloc(1, sizeof(*m));

	m->fd = -1;
	buf_init(&m->added);
	buf_init(&m->head);
	return m;
}

int
message_spool(int fd, const char *spooldir, struct message **out,
    char **errstr)
{
	struct message *m = message_new();
	struct buf head;
	char buf[65536];
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
	if (!m->sealed && m->body > MESSAGE_MAX_HEADER)
		m->body = 0;	/* no header to speak of: all body */
	message_parse_fields(m, head.s != NULL ? head.s : "",
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
	message_parse_fields(m, head.s != NULL ? head.s : "",
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
	message_parse_fields(m, p, (size_t)m->body);
	return m;
}

void
message_free(struct message *m)
{
	size_t i;

	if (m == NULL)
		return;
	if (m->fd != -1)
		close(m->fd);
	for (i = 0; i < m->nfields; i++) {
		free(m->fields[i].name);
		free(m->fields[i].raw);
		free(m->fields[i].value);
	}
	free(m->fields);
	free(m->path);
	free(m->mem);
	buf_free(&m->added);
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
	return m->nfields > 0;
}

const char *
message_header(const struct message *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->nfields; i++)
		if (strcasecmp(m->fields[i].name, name) == 0)
			return m->fields[i].value;
	return NULL;
}

char *
message_header_all(const struct message *m, const char *name)
{
	struct buf b;
	size_t i;

	buf_init(&b);
	for (i = 0; i < m->nfields; i++) {
		if (strcasecmp(m->fields[i].name, name) != 0)
			continue;
		if (b.len > 0)
			buf_adds(&b, ", ");
		buf_adds(&b, m->fields[i].value);
	}
	return b.len > 0 ? buf_take(&b) : NULL;
}

int
message_field(const struct message *m, size_t i, const char **name,
    const char **value)
{
	if (i >= m->nfields)
		return -1;
	*name = m->fields[i].name;
	*value = m->fields[i].value;
	return 0;
}

void
message_prepare(struct message *m, time_t now,
    const struct message_headers *h)
{
	char date[64], *id, *dom;
	const char *at, *from = h->from;

	buf_reset(&m->added);
	m->drop_bcc = h->remove_bcc || h->undisclosed;
	m->drop_tocc = h->undisclosed;
	m->drop_from = 0;
	/* msmtp's order: From, To, Date, Message-ID, then the mail's. */
	if (from != NULL && from[0] != '\0' && strpbrk(from, "\r\n") == NULL &&
	    (h->set_from == MESSAGE_HDR_ON || (h->set_from ==
	    MESSAGE_HDR_AUTO && message_header(m, "From") == NULL))) {
		buf_adds(&m->added, "From: ");
		if (h->from_name != NULL && h->from_name[0] != '\0' &&
		    utf8_valid(h->from_name, strlen(h->from_name)) &&
		    strpbrk(h->from_name, "\r\n") == NULL) {
			mime_phrase(&m->added, h->from_name, 0);
			buf_addf(&m->added, " <%s>\r\n", from);
		} else
			buf_addf(&m->added, "%s\r\n", from);
		m->drop_from = h->set_from == MESSAGE_HDR_ON;
	}
	if (h->undisclosed)
		buf_adds(&m->added, "To: undisclosed-recipients:;\r\n");
	if (h->set_date == MESSAGE_HDR_AUTO &&
	    message_header(m, "Date") == NULL) {
		stamp_date(now, date, sizeof(date));
		buf_addf(&m->added, "Date: %s\r\n", date);
	}
	if (h->set_msgid == MESSAGE_HDR_AUTO &&
	    message_header(m, "Message-ID") == NULL) {
		at = from != NULL ? strrchr(from, '@') : NULL;
		dom = at != NULL ? xstrndup(at + 1, strcspn(at + 1, ">")) :
		    NULL;
		id = stamp_message_id(now, dom, (uint64_t)m->size);
		free(dom);
		buf_addf(&m->added, "Message-ID: %s\r\n", id);
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

/* Whether a field is left out on the way out. */
static int
message_dropped(const struct message *m, const char *name)
{
	if (strcasecmp(name, "Bcc") == 0 || strcasecmp(name, "Resent-Bcc") ==
	    0)
		return m->drop_bcc;
	if (strcasecmp(name, "To") == 0 || strcasecmp(name, "Cc") == 0)
		return m->drop_tocc;
	if (strcasecmp(name, "From") == 0)
		return m->drop_from;
	return 0;
}

off_t
message_out_size(const struct message *m)
{
	return m->outsize;
}

/* Appends text with every bare LF made CRLF. */
static void
message_add_crlf(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\n' && (b->len == 0 || b->s[b->len - 1] != '\r'))
			buf_addc(b, '\r');
		buf_addc(b, *s);
	}
}

void
message_rewind(struct message *m)
{
	size_t i;

	buf_reset(&m->head);
	buf_add(&m->head, m->added.s != NULL ? m->added.s : "",
	    m->added.len);
	for (i = 0; i < m->nfields; i++) {
		if (message_dropped(m, m->fields[i].name))
			continue;
		message_add_crlf(&m->head, m->fields[i].raw);
		buf_adds(&m->head, "\r\n");
	}
	if (m->nfields > 0 || m->added.len > 0)
		buf_adds(&m->head, "\r\n");
	/* msmtp's mailsize: the header with LF line ends, then the body. */
	m->outsize = m->size - m->body;
	for (i = 0; i < m->head.len; i++)
		m->outsize += m->head.s[i] != '\r';
	m->headpos = 0;
	m->pos = m->body;
	/* The body starts after the blank line we have just written. */
	if (m->nfields == 0 && m->added.len > 0 && m->body == 0)
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

int
message_rewrite_recipient(struct message *m, const char *old,
    const char *new)
{
	static const char *const names[] = { "To", "Cc", "Resent-To",
	    "Resent-Cc" };
	struct message_field *f;
	struct buf v;
	size_t i, k;
	int n, total = 0;

	for (i = 0; i < m->nfields; i++) {
		f = &m->fields[i];
		for (k = 0; k < 4 && strcasecmp(f->name, names[k]) != 0; k++)
			;
		if (k == 4)
			continue;
		buf_init(&v);
		if ((n = rewrite_list(f->value, old, new, &v)) == 0) {
			buf_free(&v);
			continue;
		}
		total += n;
		free(f->value);
		f->value = buf_take(&v);
		free(f->raw);
		f->raw = xasprintf("%s: %s", f->name, f->value);
	}
	return total;
}
