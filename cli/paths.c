/* paths.c: where sendguard keeps its files (XDG base directories). */
#include <pwd.h>
#include <stdlib.h>
#include <unistd.h>

#include "common.h"
#include "paths.h"

static const char *
paths_home(void)
{
	const char *home = getenv("HOME");
	struct passwd *pw;

	if (home != NULL && home[0] == '/')
		return home;
	if ((pw = getpwuid(getuid())) != NULL && pw->pw_dir != NULL)
		return pw->pw_dir;
	return "/";
}

/* $VAR/sendguard[/name], or $HOME/fallback/sendguard[/name]. */
static char *
paths_xdg(const char *var, const char *fallback, const char *name)
{
	const char *base = getenv(var);
	char *dir, *p;

	if (base != NULL && base[0] == '/')
		dir = xasprintf("%s/sendguard", base);
	else
		dir = xasprintf("%s/%s/sendguard", paths_home(), fallback);
	if (name == NULL)
		return dir;
	p = xasprintf("%s/%s", dir, name);
	free(dir);
	return p;
}

char *
paths_config(const char *name)
{
	return paths_xdg("XDG_CONFIG_HOME", ".config", name);
}

char *
paths_cache(const char *name)
{
	return paths_xdg("XDG_CACHE_HOME", ".cache", name);
}

char *
paths_state(const char *name)
{
	return paths_xdg("XDG_STATE_HOME", ".local/state", name);
}

char *
paths_data(const char *name)
{
	return paths_xdg("XDG_DATA_HOME", ".local/share", name);
}
