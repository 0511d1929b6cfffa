/*
 * fuzz_msgtext.c: libFuzzer target for the message reader (msgtext_read
 * and the MIME walker and decoders under it). The input is read through a
 * memfd twice, in big chunks and in small ones (the first byte picks the
 * size, and the text cap): both views must be the same, and must keep
 * their promises (valid UTF-8, the text within its cap).
 */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "common.h"
#include "msgtext.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int fuzz_fd = -1;

static int
fuzz_read(size_t chunk, size_t cap, struct msgtext *mt)
{
	char *err = NULL;
	int rc;

	if (lseek(fuzz_fd, 0, SEEK_SET) != 0)
		abort();
	rc = msgtext_read_chunked(fuzz_fd, cap, chunk, mt, &err);
	if ((rc == -1) != (err != NULL))
		abort();
	free(err);
	return rc;
}

static int
fuzz_streq(const char *a, const char *b)
{
	return a == NULL || b == NULL ? a == b : strcmp(a, b) == 0;
}

static void
fuzz_valid(const char *s)
{
	if (s != NULL && !utf8_valid(s, strlen(s)))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct msgtext a, b;
	size_t chunk, cap, i;
	int ra, rb;

	if (len == 0)
		return 0;
	chunk = (size_t)(data[0] % 16) + 1;
	cap = data[0] >> 4 == 0 ? 4096 : (size_t)(data[0] >> 4) * 37;
	data++;
	len--;
	if (fuzz_fd == -1 && (fuzz_fd = memfd_create("fuzz", 0)) == -1)
		abort();
	if (ftruncate(fuzz_fd, 0) != 0 || lseek(fuzz_fd, 0, SEEK_SET) != 0 ||
	    file_write_all(fuzz_fd, data, len) != 0)
		abort();
	ra = fuzz_read(0, cap, &a);
	rb = fuzz_read(chunk, cap, &b);
	if (ra != rb)
		abort();
	if (ra == 0) {
		if (a.text.s == NULL || a.text.len > cap ||
		    strlen(a.text.s) != a.text.len ||
		    !utf8_valid(a.text.s, a.text.len))
			abort();
		fuzz_valid(a.subject);
		for (i = 0; i < a.nnames; i++)
			fuzz_valid(a.names[i]);
		if (!fuzz_streq(a.to, b.to) || !fuzz_streq(a.cc, b.cc) ||
		    !fuzz_streq(a.bcc, b.bcc) ||
		    !fuzz_streq(a.subject, b.subject) ||
		    a.text.len != b.text.len ||
		    memcmp(a.text.s, b.text.s, a.text.len) != 0 ||
		    a.nnames != b.nnames || a.truncated != b.truncated)
			abort();
		for (i = 0; i < a.nnames; i++)
			if (strcmp(a.names[i], b.names[i]) != 0)
				abort();
		msgtext_free(&a);
		msgtext_free(&b);
	}
	return 0;
}
