/* setup.c: loading the config and building the guard from it. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common.h"
#include "guard.h"
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

int
setup_load(struct setup *s, const char *path, char **errstr)
{
	struct guard_data data;
	char *def = NULL, *err = NULL;
	const char *where;

	memset(s, 0, sizeof(*s));
	config_init(&s->config);
	if (path == NULL)
		def = paths_config("config");
	if (config_load(&s->config, path != NULL ? path : def,
	    path == NULL, errstr) != 0) {
		free(def);
		return -1;
	}
	free(def);
	where = s->config.path != NULL ? s->config.path : "config";
	if (s->config.known_domains != NULL &&
	    cache_known_index(s->config.known_domains, &s->known,
	    errstr) != 0)
		return -1;

	memset(&data, 0, sizeof(data));
	data.org_domains = setup_list(&s->config.org_domains);
	data.block = setup_list(&s->config.block);
	data.warn = setup_list(&s->config.warn);
	data.allow = setup_list(&s->config.allow);
	data.known_index = s->known.ix;
	state_trusted(&s->trusted);
	state_permits(&s->permits, time(NULL));
	data.trusted = setup_list(&s->trusted);
	data.permits = setup_list(&s->permits);
	if (guard_new(&data, &s->guard, &err) != 0) {
		*errstr = xasprintf("%s: [guard]: %s", where,
		    err != NULL ? err : "cannot build the guard");
		free(err);
		return -1;
	}
	return 0;
}

void
setup_free(struct setup *s)
{
	guard_free(s->guard);
	cache_index_free(&s->known);
	strlist_free(&s->trusted);
	strlist_free(&s->permits);
	config_free(&s->config);
}
