/*
 * msgtext_helpers.h: reading sample messages and comparing views, for
 * test_msgtext.c and test_msgtext_edge.c. The helpers are static inline:
 * a test file that does not use every one of them stays quiet under
 * -Wunused-function.
 */
#ifndef SENDGUARD_MSGTEXT_HELPERS_H
#define SENDGUARD_MSGTEXT_HELPERS_H

#define CAP	(1024 * 1024)

/* A message of tests/unit/data/msgtext (tests/run.sh sets SENDGUARD_TOP). */
static inline void
fixture(const char *name, struct buf *b)
{
	const char *top = getenv("SENDGUARD_TOP");
	char *path, *err = NULL;

	path = xasprintf("%s/tests/unit/data/msgtext/%s", top != NULL ? top :
	    ".", name);
	buf_init(b);
	if (file_read(path, b, &err) != 0)
		fail_msg("%s", err);
	free(path);
}

/*
 * Reads bytes as msgtext_read_chunked() sees them from a pipe, written
 * by a child wstep bytes at a time (0: all at once) and read chunk bytes
 * at a time.
 */
static inline int
feed(const char *p, size_t len, size_t wstep, size_t chunk, size_t cap,
    struct msgtext *mt, char **err)
{
	int fds[2], rc, status;
	size_t off, k;
	pid_t pid;

	assert_int_equal(pipe(fds), 0);
	if ((pid = fork()) == 0) {
		close(fds[0]);
		for (off = 0; off < len; off += k) {
			k = wstep == 0 || len - off < wstep ? len - off : wstep;
			if (file_write_all(fds[1], p + off, k) != 0)
				_exit(1);
		}
		_exit(0);
	}
	assert_true(pid > 0);
	close(fds[1]);
	rc = msgtext_read_chunked(fds[0], cap, chunk, mt, err);
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return rc;
}

static inline void
read_str(const char *s, struct msgtext *mt)
{
	char *err = NULL;

	assert_int_equal(feed(s, strlen(s), 0, 0, CAP, mt, &err), 0);
	assert_null(err);
}

static inline void
read_fixture(const char *name, struct msgtext *mt)
{
	struct buf b;
	char *err = NULL;

	fixture(name, &b);
	assert_int_equal(feed(b.s, b.len, 0, 0, CAP, mt, &err), 0);
	buf_free(&b);
}

static inline void
assert_str_or_null(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

static inline void
assert_same(const struct msgtext *a, const struct msgtext *b)
{
	size_t i;

	assert_str_or_null(a->to, b->to);
	assert_str_or_null(a->cc, b->cc);
	assert_str_or_null(a->bcc, b->bcc);
	assert_str_or_null(a->subject, b->subject);
	assert_int_equal(a->text.len, b->text.len);
	assert_memory_equal(a->text.s, b->text.s, a->text.len);
	assert_int_equal(a->nnames, b->nnames);
	for (i = 0; i < a->nnames; i++)
		assert_string_equal(a->names[i], b->names[i]);
	assert_int_equal(a->truncated, b->truncated);
}

/* The same bytes, however they are cut, give the same view. */
static inline void
assert_chunking(const char *p, size_t len)
{
	static const size_t steps[] = { 1, 2, 3, 7, 64, 4096 };
	struct msgtext whole, part;
	char *err = NULL;
	size_t i;

	assert_int_equal(feed(p, len, 0, 0, CAP, &whole, &err), 0);
	for (i = 0; i < sizeof(steps) / sizeof(*steps); i++) {
		assert_int_equal(feed(p, len, 0, steps[i], CAP, &part, &err),
		    0);
		assert_same(&whole, &part);
		msgtext_free(&part);
	}
	/* Written one byte at a time: reads return what has come. */
	assert_int_equal(feed(p, len, 1, 0, CAP, &part, &err), 0);
	assert_same(&whole, &part);
	msgtext_free(&part);
	msgtext_free(&whole);
}

/* LF line ends turned into CRLF, or CRLF into LF. */
static inline void
relines(const struct buf *in, int crlf, struct buf *out)
{
	size_t i;

	buf_init(out);
	for (i = 0; i < in->len; i++) {
		if (crlf && in->s[i] == '\n' && (i == 0 || in->s[i - 1] != '\r'))
			buf_addc(out, '\r');
		if (!crlf && in->s[i] == '\r' && i + 1 < in->len &&
		    in->s[i + 1] == '\n')
			continue;
		buf_addc(out, in->s[i]);
	}
}

/* Every fixture, cut every way, and with the other line ends. */
#endif
