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
#include "subst.h"

static struct guard_list
setup_list(const struct strlist *l)
{
	struct guard_list g;

	g.v = (const char *const *)l->v;
	g.n = l->n;
	return g;
}

/*
 * msmtp's files: SYSCONFDIR/msmtprc, then the user's (the file given, or
 * ~/.msmtprc, else $XDG_CONFIG_HOME/msmtp/config). An account of the
 * user's file hides one of the same name in the system file; the user's
 * come first, so that -f picks among them first (msmtp's merge).
 */
static int
setup_read_msmtprc(struct config *c, const char *given, char **errstr)
{
	struct config sys;
	struct stat st;
	const char *home = getenv("HOME"), *xdg = getenv("XDG_CONFIG_HOME");
	char *path;
	size_t i, k, first = c->naccounts;
	int rc;

	config_init(&sys);
	path = xasprintf("%s/msmtprc", subst_sysconfdir());
	if ((rc = msmtprc_load(&sys, path, 1, 0, errstr)) < 0) {
		free(path);
		config_free(&sys);
		return rc;
	}
	if (rc > 0)
		c->msmtp_system = xstrdup(path);
	free(path);
	if (given != NULL)
		path = xstrdup(given);
	else {
		path = xasprintf("%s/.msmtprc", home != NULL ? home : "");
		if (home == NULL || stat(path, &st) != 0) {
			free(path);
			if (xdg != NULL && xdg[0] == '/')
				path = xasprintf("%s/msmtp/config", xdg);
			else
				path = xasprintf("%s/.config/msmtp/config",
				    home != NULL ? home : "");
		}
	}
	if ((rc = msmtprc_load(c, path, given == NULL, 1, errstr)) < 0) {
		free(path);
		config_free(&sys);
		return rc;
	}
	if (rc > 0)
		c->msmtp_user = xstrdup(path);
	free(path);
	for (i = 0; i < sys.naccounts; i++) {
		for (k = first; k < c->naccounts; k++)
			if (strcmp(c->accounts[k].name, sys.accounts[i].name) ==
			    0)
				break;
		if (k < c->naccounts)
			continue;
		c->accounts = xreallocarray(c->accounts, c->naccounts + 1,
		    sizeof(*c->accounts));
		c->accounts[c->naccounts++] = sys.accounts[i];
		memset(&sys.accounts[i], 0, sizeof(sys.accounts[i]));
	}
	config_free(&sys);
	return 0;
}

/*
 * The configuration: sendguard's own file (the one given with -C, or
 * $XDG_CONFIG_HOME/sendguard/config), whose [guard], [ui] and [delivery]
 * always count. The accounts are its own if it has any; otherwise, and
 * always when -C names an msmtprc, msmtp's (setup_read_msmtprc), so that
 * adding a sendguard config of guard settings alone never turns an
 * msmtp user's accounts off.
 */
static int
setup_read(struct config *c, const char *path, int accounts, char **errstr)
{
	struct buf text;
	char *own;
	int rc, msmtp = 0;

	if (path != NULL) {
		buf_init(&text);
		if (file_read(path, &text, errstr) != 0)
			return CONFIG_EIO;
		msmtp = msmtprc_is_msmtprc(text.s, text.len);
		buf_free(&text);
	}
	if (path == NULL || msmtp) {
		own = paths_config("config");
		rc = config_load(c, own, 1, errstr);
		free(own);
		if (rc < 0)
			return rc;
		if (msmtp) {
			/* The accounts are the msmtprc's, not the INI's. */
			while (c->naccounts > 0)
				config_account_free(
				    &c->accounts[--c->naccounts]);
		}
	} else if ((rc = config_load(c, path, 0, errstr)) < 0)
		return rc;
	if (c->naccounts > 0 || !(accounts || msmtp))
		return 0;
	return setup_read_msmtprc(c, msmtp ? path : NULL, errstr);
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
	int rc;

	memset(s, 0, sizeof(*s));
	config_init(&s->config);
	if ((rc = config_load(&s->config, path, 0, errstr)) != 0)
		return rc;
	if (s->config.known_domains != NULL &&
	    cache_known_index(s->config.known_domains, &s->known,
	    errstr) != 0)
		return CONFIG_EPARSE;
	return setup_guard_org(&s->config, s->known.ix, &s->guard, errstr) !=
	    0 ? CONFIG_EPARSE : 0;
}

int
setup_load(struct setup *s, const char *path, int flags, char **errstr)
{
	int rc;

	memset(s, 0, sizeof(*s));
	config_init(&s->config);
	if ((rc = setup_read(&s->config, path, flags & SETUP_ACCOUNTS,
	    errstr)) != 0)
		return rc;
	if (s->config.known_domains != NULL &&
	    cache_known_index(s->config.known_domains, &s->known,
	    errstr) != 0)
		return CONFIG_EPARSE;

	state_trusted(&s->trusted);
	state_permits(&s->permits, time(NULL));
	learn_load(&s->learned, &s->config, flags & SETUP_ENTRIES);
	return setup_guard_user(s, &s->permits, &s->guard, errstr) != 0 ?
	    CONFIG_EPARSE : 0;
}

int
setup_guard_user(const struct setup *s, const struct strlist *permits,
    struct guard **g, char **errstr)
{
	struct guard_data data;

	setup_data(&s->config, s->known.ix, &data);
	data.trusted = setup_list(&s->trusted);
	data.permits = setup_list(permits);
	data.world = s->learned.world;
	return setup_guard(&s->config, &data, g, errstr);
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
