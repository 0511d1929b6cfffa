/* setup.c: loading the config and building the guard from it. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "common.h"
#include "fileio.h"
#include "msmtprc.h"
#include "guard.h"
#include "learn.h"
#include "paths.h"
#include "setup.h"
#include "state.h"

static struct guard_list
setup_list(const struct strlist *l)
{
	struct guard_list g;

	g.v = (const char *const *)l->v;
	g.n = l->n;
	return g;
}

/* Reads a file given with -C: sendguard's INI format or an msmtprc. */
static int
setup_read_given(struct config *c, const char *path, char **errstr)
{
	struct buf text;
	int msmtp;

	buf_init(&text);
	if (file_read(path, &text, errstr) != 0)
		return -1;
	msmtp = msmtprc_is_msmtprc(text.s, text.len);
	buf_free(&text);
	return msmtp ? msmtprc_load(c, path, 0, errstr) :
	    config_load(c, path, 0, errstr);
}

/*
 * Without -C: sendguard's own config; without one, the accounts of an
 * msmtp user's ~/.msmtprc (or $XDG_CONFIG_HOME/msmtp/config), so that
 * switching mutt to sendguard changes nothing else.
 */
static int
setup_read_default(struct config *c, char **errstr)
{
	struct stat st;
	const char *home = getenv("HOME"), *xdg = getenv("XDG_CONFIG_HOME");
	char *own = paths_config("config"), *rc;
	int r;

	if (stat(own, &st) == 0) {
		r = config_load(c, own, 0, errstr);
		free(own);
		return r;
	}
	free(own);
	rc = xasprintf("%s/.msmtprc", home != NULL ? home : "");
	if (home == NULL || stat(rc, &st) != 0) {
		free(rc);
		if (xdg != NULL && xdg[0] == '/')
			rc = xasprintf("%s/msmtp/config", xdg);
		else
			rc = xasprintf("%s/.config/msmtp/config",
			    home != NULL ? home : "");
	}
	r = msmtprc_load(c, rc, 1, errstr);
	free(rc);
	return r;
}

/* What the config's [guard] section gives the guard. */
static void
setup_data(const struct config *c, const struct guard_index *known,
    struct guard_data *data)
{
	memset(data, 0, sizeof(*data));
	data->org_domains = setup_list(&c->org_domains);
	data->block = setup_list(&c->block);
	data->warn = setup_list(&c->warn);
	data->allow = setup_list(&c->allow);
	data->known_index = known;
	if (c->markings_set)
		data->markings = setup_list(&c->markings);
	else {
		data->markings.v = guard_default_markings;
		data->markings.n = guard_default_markings_count;
	}
	data->large_audience = (size_t)c->large_audience;
}

static int
setup_guard(const struct config *c, const struct guard_data *data,
    struct guard **g, char **errstr)
{
	char *err = NULL;

	if (guard_new(data, g, &err) == 0)
		return 0;
	*errstr = xasprintf("%s: [guard]: %s", c->path != NULL ? c->path :
	    "config", err != NULL ? err : "cannot build the guard");
	free(err);
	return -1;
}

int
setup_guard_org(const struct config *c, const struct guard_index *known,
    struct guard **g, char **errstr)
{
	struct guard_data data;

	setup_data(c, known, &data);
	return setup_guard(c, &data, g, errstr);
}

int
setup_load_org(struct setup *s, const char *path, char **errstr)
{
	memset(s, 0, sizeof(*s));
	config_init(&s->config);
	if (config_load(&s->config, path, 0, errstr) != 0)
		return -1;
	if (s->config.known_domains != NULL &&
	    cache_known_index(s->config.known_domains, &s->known,
	    errstr) != 0)
		return -1;
	return setup_guard_org(&s->config, s->known.ix, &s->guard, errstr);
}

int
setup_load(struct setup *s, const char *path, int entries, char **errstr)
{
	struct guard_data data;

	memset(s, 0, sizeof(*s));
	config_init(&s->config);
	if ((path != NULL ? setup_read_given(&s->config, path, errstr) :
	    setup_read_default(&s->config, errstr)) != 0)
		return -1;
	if (s->config.known_domains != NULL &&
	    cache_known_index(s->config.known_domains, &s->known,
	    errstr) != 0)
		return -1;

	setup_data(&s->config, s->known.ix, &data);
	state_trusted(&s->trusted);
	state_permits(&s->permits, time(NULL));
	data.trusted = setup_list(&s->trusted);
	data.permits = setup_list(&s->permits);
	learn_load(&s->learned, &s->config, entries);
	data.world = s->learned.world;
	return setup_guard(&s->config, &data, &s->guard, errstr);
}

void
setup_free(struct setup *s)
{
	guard_free(s->guard);
	cache_index_free(&s->known);
	strlist_free(&s->trusted);
	strlist_free(&s->permits);
	learn_free(&s->learned);
	free(s->completion);
	config_free(&s->config);
}
