/*
 * subst.c: msmtp's substitution patterns in "from" (%U %H %C %M) and
 * "domain" (%H %C %M).
 */
#include <errno.h>
#include <netdb.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "subst.h"

char *
subst_expand(const char *s, const char *letters, subst_fn value, void *arg,
    char **errstr)
{
	struct buf b;
	char *v;

	buf_init(&b);
	for (; *s != '\0'; s++) {
		if (s[0] != '%' || s[1] == '\0' || strchr(letters, s[1]) ==
		    NULL) {
			buf_addc(&b, *s);
			continue;
		}
		if ((v = value(arg, s[1], errstr)) == NULL) {
			buf_free(&b);
			return NULL;
		}
		buf_adds(&b, v);
		free(v);
		s++;
	}
	return buf_take(&b);
}

const char *
subst_sysconfdir(void)
{
	const char *d = getenv("SENDGUARD_SYSCONFDIR");

	return d != NULL && d[0] == '/' ? d : "/etc";
}

static char *
subst_user(void)
{
	const char *u;
	struct passwd *pw;

	if ((u = getenv("USER")) != NULL || (u = getenv("LOGNAME")) != NULL ||
	    (u = getlogin()) != NULL)
		return xstrdup(u);
	if ((pw = getpwuid(getuid())) != NULL && pw->pw_name != NULL)
		return xstrdup(pw->pw_name);
	return xstrdup("unknown");
}

static char *
subst_host(void)
{
	char name[256];
	const char *h;

	if ((h = getenv("HOSTNAME")) != NULL && h[0] != '\0')
		return xstrdup(h);
	if (gethostname(name, sizeof(name)) != 0)
		return xstrdup("localhost");
	name[sizeof(name) - 1] = '\0';
	return xstrdup(name);
}

/* The canonical name of the host, as msmtp asks the resolver for it. */
static char *
subst_canonical(void)
{
	struct addrinfo hints, *res = NULL;
	char *host = subst_host(), *c;

	memset(&hints, 0, sizeof(hints));
	hints.ai_flags = AI_CANONNAME;
	if (getaddrinfo(host, NULL, &hints, &res) != 0 || res == NULL ||
	    res->ai_canonname == NULL) {
		if (res != NULL)
			freeaddrinfo(res);
		return host;
	}
	c = xstrdup(res->ai_canonname);
	freeaddrinfo(res);
	free(host);
	return c;
}

static char *
subst_mailname(const char *dir, char **errstr)
{
	char line[1024], *path, *nl;
	FILE *f;

	path = xasprintf("%s/mailname", dir != NULL ? dir : subst_sysconfdir());
	if ((f = fopen(path, "r")) == NULL) {
		*errstr = xasprintf("%s: %s", path, strerror(errno));
		free(path);
		return NULL;
	}
	if (fgets(line, sizeof(line), f) == NULL)
		line[0] = '\0';
	fclose(f);
	if ((nl = strpbrk(line, "\r\n")) != NULL)
		*nl = '\0';
	if (line[0] == '\0') {
		*errstr = xasprintf("%s is empty", path);
		free(path);
		return NULL;
	}
	free(path);
	return xstrdup(line);
}

char *
subst_system(void *arg, char letter, char **errstr)
{
	switch (letter) {
	case 'U':
		return subst_user();
	case 'H':
		return subst_host();
	case 'C':
		return subst_canonical();
	case 'M':
		return subst_mailname(arg, errstr);
	}
	*errstr = xasprintf("unknown pattern %%%c", letter);
	return NULL;
}
