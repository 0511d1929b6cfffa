/*
 * smtpio.c: SMTP lines over the connection, plain or TLS. Commands are
 * queued and written together (pipelining) when a reply is wanted; each
 * line is shown to the dialogue callback as it passes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net.h"
#include "smtpio.h"

void
smtpio_init(struct smtpio *io, int fd, long timeout,
    const struct deliver_callbacks *cb)
{
	memset(io, 0, sizeof(*io));
	io->fd = fd;
	io->timeout = timeout;
	io->cb = cb;
	buf_init(&io->out);
}

void
smtpio_close(struct smtpio *io)
{
	tls_free(io->tls, io->err == SMTPIO_OK);
	io->tls = NULL;
	if (io->fd != -1)
		close(io->fd);
	io->fd = -1;
	if (io->out.s != NULL)
		explicit_bzero(io->out.s, io->out.len);
	buf_free(&io->out);
	free(io->errstr);
	io->errstr = NULL;
}

static void
smtpio_show(struct smtpio *io, char dir, const char *line, size_t len)
{
	if (io->cb != NULL && io->cb->dialogue != NULL)
		io->cb->dialogue(io->cb->arg, dir, line, len);
}

void
smtpio_cmd(struct smtpio *io, const char *line, int mask_from)
{
	size_t n = strlen(line);
	struct buf shown;

	buf_add(&io->out, line, n);
	buf_add(&io->out, "\r\n", 2);
	if (mask_from < 0) {
		smtpio_show(io, '>', line, n);
		return;
	}
	buf_init(&shown);
	buf_add(&shown, line, (size_t)mask_from < n ? (size_t)mask_from : n);
	buf_adds(&shown, SMTPIO_MASK);
	smtpio_show(io, '>', shown.s, shown.len);
	buf_free(&shown);
}

void
smtpio_data(struct smtpio *io, const void *p, size_t len)
{
	buf_add(&io->out, p, len);
}

static void
smtpio_fail(struct smtpio *io, int err, const char *what)
{
	io->err = err;
	free(io->errstr);
	if (err == SMTPIO_ETIMEOUT)
		io->errstr = xasprintf("%s: the operation timed out (%ld s)",
		    what, io->timeout);
	else if (err == SMTPIO_EOF)
		io->errstr = xasprintf("%s: the server closed the connection",
		    what);
	else if (err == SMTPIO_EPROTO)
		io->errstr = xasprintf("the server sent an invalid reply");
	else
		io->errstr = xasprintf("%s: %s", what, strerror(errno));
}

int
smtpio_flush(struct smtpio *io)
{
	int rc;

	if (io->out.len == 0)
		return 0;
	rc = io->tls != NULL ? tls_write(io->tls, io->out.s, io->out.len) :
	    net_write(io->fd, io->out.s, io->out.len);
	explicit_bzero(io->out.s, io->out.len);
	buf_reset(&io->out);
	if (rc == -1) {
		smtpio_fail(io, errno == ETIMEDOUT ? SMTPIO_ETIMEOUT :
		    errno == EPIPE || errno == ECONNRESET ? SMTPIO_EOF :
		    SMTPIO_EIO, "cannot write to the server");
		return -1;
	}
	return 0;
}

/* Fills the input buffer: 0, or -1 with err set. */
static int
smtpio_fill(struct smtpio *io)
{
	ssize_t n;

	if (io->inpos > 0) {
		memmove(io->in, io->in + io->inpos, io->inlen - io->inpos);
		io->inlen -= io->inpos;
		io->inpos = 0;
	}
	if (io->inlen == sizeof(io->in)) {
		smtpio_fail(io, SMTPIO_EPROTO, "");
		return -1;
	}
	n = io->tls != NULL ?
	    tls_read(io->tls, io->in + io->inlen, sizeof(io->in) - io->inlen) :
	    net_read(io->fd, io->in + io->inlen, sizeof(io->in) - io->inlen,
	    io->timeout);
	if (n <= 0) {
		smtpio_fail(io, n == 0 || errno == ECONNRESET ? SMTPIO_EOF :
		    errno == ETIMEDOUT ? SMTPIO_ETIMEOUT : SMTPIO_EIO,
		    "cannot read from the server");
		return -1;
	}
	io->inlen += (size_t)n;
	return 0;
}

int
smtpio_reply(struct smtpio *io, struct smtp_reply *r)
{
	char *nl;
	size_t len;
	int rc;

	smtpreply_reset(r);
	if (smtpio_flush(io) == -1)
		return -1;
	for (;;) {
		while ((nl = memchr(io->in + io->inpos, '\n',
		    io->inlen - io->inpos)) == NULL)
			if (smtpio_fill(io) == -1)
				return -1;
		len = (size_t)(nl - (io->in + io->inpos));
		if (len > 0 && io->in[io->inpos + len - 1] == '\r')
			len--;
		smtpio_show(io, '<', io->in + io->inpos, len);
		rc = smtpreply_line(r, io->in + io->inpos, len);
		io->inpos = (size_t)(nl - io->in) + 1;
		if (rc == -1) {
			smtpio_fail(io, SMTPIO_EPROTO, "");
			return -1;
		}
		if (rc == 1)
			return 0;
	}
}

int
smtpio_pending(const struct smtpio *io)
{
	return io->inpos < io->inlen;
}

void
smtpio_tls(struct smtpio *io, struct tls *t)
{
	io->tls = t;
}
