/* draft_helpers.h: shared helpers for the draft_build() unit tests. */
#ifndef SENDGUARD_DRAFT_HELPERS_H
#define SENDGUARD_DRAFT_HELPERS_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <cmocka.h>
#include <libetpan/libetpan.h>

#include "common.h"
#include "transport.h"

#define NOW	((time_t)1700000000)	/* Tue, 14 Nov 2023 22:13:20 UTC */

/*
 * The helpers are static inline: a test file that does not use every
 * one of them stays quiet under -Wunused-function.
 */

/* A file of the fixtures (tests/run.sh sets SENDGUARD_TOP). */
static inline char *
fixture(const char *name)
{
	const char *top = getenv("SENDGUARD_TOP");

	return xasprintf("%s/tests/unit/data/%s", top != NULL ? top : ".",
	    name);
}

/* A draft from one sender to two people, with a Bcc. */
static inline void
draft_sample(struct draft *d)
{
	draft_init(d);
	d->from = xstrdup("Me <me@x.org>");
	d->to = xstrdup("\"Doe, John\" <john@army.mil>, b@y.org");
	d->cc = xstrdup("c@z.org");
	d->bcc = xstrdup("secret@hidden.org");
	d->subject = xstrdup("Hello");
	d->body = xstrdup("Hi there.\n");
}

/* Adds an attachment (path, name and type copied; NULL allowed). */
static inline void
attach(struct draft *d, const char *path, const char *name, const char *type)
{
	struct draft_attachment *a;

	d->attachments = xreallocarray(d->attachments, d->nattachments + 1,
	    sizeof(*d->attachments));
	a = &d->attachments[d->nattachments++];
	a->path = xstrdup(path);
	a->name = name != NULL ? xstrdup(name) : NULL;
	a->type = type != NULL ? xstrdup(type) : NULL;
}

/* Asserts CRLF-only, 7-bit bytes with lines of at most 998 octets. */
static inline void
assert_clean(const char *s, size_t len)
{
	size_t i, col = 0;

	assert_true(len >= 2);
	assert_memory_equal(s + len - 2, "\r\n", 2);
	for (i = 0; i < len; i++) {
		assert_true(s[i] != '\0' && (unsigned char)s[i] < 0x80);
		if (s[i] == '\n')
			fail_msg("bare LF at byte %zu", i);
		if (s[i] == '\r') {
			if (i + 1 == len || s[i + 1] != '\n')
				fail_msg("bare CR at byte %zu", i);
			i++;
			col = 0;
		} else if (++col > 998)
			fail_msg("line over 998 octets at byte %zu", i);
	}
}

/* Builds d (which must succeed), checks the bytes, frees d. */
static inline char *
build(struct draft *d, size_t *lenp)
{
	char *out, *err = NULL;
	size_t len;

	if (draft_build(d, NOW, &out, &len, &err) == -1)
		fail_msg("draft_build: %s", err != NULL ? err : "(null)");
	assert_non_null(out);
	assert_int_equal(strlen(out), len);
	assert_clean(out, len);
	draft_free(d);
	if (lenp != NULL)
		*lenp = len;
	return out;
}

/* Builds d, which must fail with an errstr holding want; frees d. */
static inline void
refused(struct draft *d, const char *want)
{
	char *out = (char *)"x", *err = NULL;
	size_t len = 1;

	assert_int_equal(draft_build(d, NOW, &out, &len, &err), -1);
	assert_null(out);
	assert_int_equal(len, 0);
	assert_non_null(err);
	if (strstr(err, want) == NULL)
		fail_msg("errstr \"%s\" lacks \"%s\"", err, want);
	free(err);
	draft_free(d);
}

/* The unfolded value of a header of the message's top header, or NULL. */
static inline char *
header(const char *msg, const char *name)
{
	const char *p = msg, *end = strstr(msg, "\r\n\r\n");
	size_t n = strlen(name);
	struct buf b;

	for (; p != NULL && p < end; p = strstr(p, "\r\n") + 2) {
		if (strncasecmp(p, name, n) != 0 || p[n] != ':')
			continue;
		buf_init(&b);
		for (p += n + 1; *p == ' '; p++)
			;
		for (; !(p[0] == '\r' && p[1] == '\n' && p[2] != ' ' &&
		    p[2] != '\t'); p++)
			if (*p != '\r' && *p != '\n')
				buf_addc(&b, *p);
		return buf_take(&b);
	}
	return NULL;
}

/* Parses the whole message with libetpan. */
static inline struct mailmime *
parse(const char *msg, size_t len)
{
	struct mailmime *m = NULL;
	size_t i = 0;

	assert_int_equal(mailmime_parse(msg, len, &i, &m), MAILIMF_NO_ERROR);
	assert_int_equal(i, len);
	assert_int_equal(m->mm_type, MAILMIME_MESSAGE);
	return m;
}

/* Whether m is of the given MIME type and subtype. */
static inline int
is_type(struct mailmime *m, int type, const char *subtype)
{
	struct mailmime_type *t = m->mm_content_type->ct_type;

	if (strcasecmp(m->mm_content_type->ct_subtype, subtype) != 0)
		return 0;
	if (t->tp_type == MAILMIME_TYPE_DISCRETE_TYPE)
		return t->tp_data.tp_discrete_type->dt_type == type;
	return t->tp_data.tp_composite_type->ct_type == type;
}

#endif /* SENDGUARD_DRAFT_HELPERS_H */
