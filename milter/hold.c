/*
 * hold.c: the guard the milter's threads share, reference-counted so that
 * a reload never pulls it from under a message being checked.
 */
#include <pthread.h>
#include <stdlib.h>

#include "common.h"
#include "guard.h"
#include "hold.h"
#include "setup.h"

struct hold {
	struct setup	 s;
	unsigned long	 refs;	/* the current one holds one of its own */
};

/*
 * libmilter's callbacks take no argument of ours besides the session, so
 * the current guard is the one piece of state the threads share.
 */
static pthread_mutex_t hold_lock = PTHREAD_MUTEX_INITIALIZER;
static struct hold *hold_current;

static void
hold_free(struct hold *h)
{
	setup_free(&h->s);
	free(h);
}

int
hold_load(const char *path, char **errstr)
{
	struct hold *h = xcalloc(1, sizeof(*h)), *old;

	if (setup_load_org(&h->s, path, errstr) != 0) {
		hold_free(h);
		return -1;
	}
	h->refs = 1;
	pthread_mutex_lock(&hold_lock);
	old = hold_current;
	hold_current = h;
	pthread_mutex_unlock(&hold_lock);
	hold_put(old);
	return 0;
}

struct hold *
hold_get(void)
{
	struct hold *h;

	pthread_mutex_lock(&hold_lock);
	if ((h = hold_current) != NULL)
		h->refs++;
	pthread_mutex_unlock(&hold_lock);
	return h;
}

void
hold_put(struct hold *h)
{
	unsigned long left;

	if (h == NULL)
		return;
	pthread_mutex_lock(&hold_lock);
	left = --h->refs;
	pthread_mutex_unlock(&hold_lock);
	if (left == 0)
		hold_free(h);
}

void
hold_end(void)
{
	struct hold *h;

	pthread_mutex_lock(&hold_lock);
	h = hold_current;
	hold_current = NULL;
	pthread_mutex_unlock(&hold_lock);
	hold_put(h);
}

const struct guard *
hold_guard(const struct hold *h)
{
	return h->s.guard;
}

const struct config *
hold_config(const struct hold *h)
{
	return &h->s.config;
}

size_t
hold_known(const struct hold *h)
{
	return h->s.known.ix != NULL ? guard_index_count(h->s.known.ix) : 0;
}
