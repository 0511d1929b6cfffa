/* test_smtpio.c: SMTP lines over a connection (smtpio_*), through a
 * socketpair: replies in pieces, the dialogue callback, masking, errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "common.h"
#include "smtpio.h"

static struct buf seen;

static void
dialogue(void *arg, char dir, const char *line, size_t len)
{
	(void)arg;
	buf_addf(&seen, "%c%.*s\n", dir, (int)len, line);
}

static const struct deliver_callbacks cb = { .dialogue = dialogue };

/* A connected io and the server's end. */
static void
pair(struct smtpio *io, int *server, long timeout)
{
	int sv[2];

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	smtpio_init(io, sv[0], timeout, &cb);
	*server = sv[1];
	buf_reset(&seen);
}

/* What the server end has received so far. */
static char *
received(int fd, size_t want)
{
	char *s = xcalloc(1, want + 1);
	size_t got = 0;
	ssize_t n;

	while (got < want && (n = read(fd, s + got, want - got)) > 0)
		got += (size_t)n;
	return s;
}

static void
test_commands_and_replies(void **state)
{
	struct smtp_reply r;
	struct smtpio io;
	int srv;
	char *got;

	(void)state;
	pair(&io, &srv, 5);
	smtpreply_init(&r);
	smtpio_cmd(&io, "EHLO localhost", -1);
	smtpio_cmd(&io, "AUTH PLAIN AHVzZXIAczNjcmV0", 11);
	smtpio_cmd(&io, "dXNlcg==", 0);
	/* A reply in pieces, a bare LF, then one more waiting. */
	assert_int_equal(write(srv, "250-mx\r\n250-SI", 14), 14);
	assert_int_equal(write(srv, "ZE 10\n250 HELP\r\n235 ok\r\n", 24), 24);
	assert_int_equal(smtpio_reply(&io, &r), 0);
	assert_int_equal(r.code, 250);
	assert_string_equal(r.text.s, "mx SIZE 10 HELP");
	assert_true(smtpio_pending(&io));
	got = received(srv, 16 + 29 + 10);
	assert_string_equal(got, "EHLO localhost\r\nAUTH PLAIN "
	    "AHVzZXIAczNjcmV0\r\ndXNlcg==\r\n");
	free(got);
	assert_int_equal(smtpio_reply(&io, &r), 0);
	assert_int_equal(r.code, 235);
	assert_false(smtpio_pending(&io));
	assert_string_equal(seen.s, ">EHLO localhost\n>AUTH PLAIN ********\n"
	    ">********\n<250-mx\n<250-SIZE 10\n<250 HELP\n<235 ok\n");
	smtpreply_free(&r);
	smtpio_close(&io);
	close(srv);
}

static void
test_errors(void **state)
{
	struct smtp_reply r;
	struct smtpio io;
	char big[SMTPREPLY_LINE_MAX + 10];
	int srv;

	(void)state;
	smtpreply_init(&r);
	/* Not a reply. */
	pair(&io, &srv, 5);
	assert_int_equal(write(srv, "hello\r\n", 7), 7);
	assert_int_equal(smtpio_reply(&io, &r), -1);
	assert_int_equal(io.err, SMTPIO_EPROTO);
	smtpio_close(&io);
	close(srv);
	/* A line longer than any reply line. */
	pair(&io, &srv, 5);
	memset(big, 'x', sizeof(big));
	memcpy(big, "250 ", 4);
	assert_int_equal(write(srv, big, sizeof(big)), (ssize_t)sizeof(big));
	assert_int_equal(smtpio_reply(&io, &r), -1);
	assert_int_equal(io.err, SMTPIO_EPROTO);
	smtpio_close(&io);
	close(srv);
	/* The server goes away in the middle of a reply. */
	pair(&io, &srv, 5);
	assert_int_equal(write(srv, "250-a\r\n", 7), 7);
	close(srv);
	assert_int_equal(smtpio_reply(&io, &r), -1);
	assert_int_equal(io.err, SMTPIO_EOF);
	assert_non_null(strstr(io.errstr, "closed the connection"));
	smtpio_close(&io);
	/* No reply at all: the timeout (one second). */
	pair(&io, &srv, 1);
	assert_int_equal(smtpio_reply(&io, &r), -1);
	assert_int_equal(io.err, SMTPIO_ETIMEOUT);
	smtpio_close(&io);
	close(srv);
	/* Writing to a server that has gone (no SIGPIPE). */
	pair(&io, &srv, 1);
	close(srv);
	smtpio_cmd(&io, "QUIT", -1);
	assert_int_equal(smtpio_flush(&io), -1);
	assert_int_equal(io.err, SMTPIO_EOF);
	smtpio_close(&io);
	smtpreply_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_commands_and_replies),
		cmocka_unit_test(test_errors),
	};
	int rc;

	buf_init(&seen);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	buf_free(&seen);
	return rc;
}
