/*
 * contact_helpers.h: reading the address-book fixtures and checking a
 * parsed contact, for the tests of the alias, abook and vCard readers.
 * static inline: a file that does not use every helper stays quiet under
 * -Wunused-function.
 */
#ifndef SENDGUARD_CONTACT_HELPERS_H
#define SENDGUARD_CONTACT_HELPERS_H

/* A file of the fixtures (tests/run.sh sets SENDGUARD_TOP). */
static inline void
fixture(const char *name, struct buf *b)
{
	const char *top = getenv("SENDGUARD_TOP");
	char *path, *err = NULL;

	path = xasprintf("%s/tests/unit/data/contacts/%s",
	    top != NULL ? top : ".", name);
	buf_init(b);
	if (file_read(path, b, &err) != 0)
		fail_msg("%s", err);
	free(path);
}

/* Checks contact i: name and alias may be NULL. */
static inline void
is(const struct contact_list *l, size_t i, const char *name,
    const char *address, const char *alias)
{
	const struct contact *c;

	if (i >= l->n)
		fail_msg("contact %zu of %zu", i, l->n);
	c = &l->v[i];
	assert_string_equal(c->address, address);
	if (name == NULL && c->name != NULL)
		fail_msg("contact %zu: name \"%s\", want none", i, c->name);
	if (name != NULL && c->name == NULL)
		fail_msg("contact %zu: no name, want \"%s\"", i, name);
	if (name != NULL)
		assert_string_equal(c->name, name);
	if (alias == NULL)
		assert_null(c->alias);
	else {
		assert_non_null(c->alias);
		assert_string_equal(c->alias, alias);
	}
}

#endif
