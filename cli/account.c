/* account.c: choosing the account to send with, and its password. */
#include <errno.h>
#include <fnmatch.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "account.h"

const struct config_account *
account_choose(const struct config *c, const char *name, const char *from,
    char **errstr)
{
	size_t i;

	if (name != NULL) {
		for (i = 0; i < c->naccounts; i++)
			if (strcmp(c->accounts[i].name, name) == 0)
				return &c->accounts[i];
		*errstr = xasprintf("no account named \"%s\" in %s", name,
		    c->path != NULL ? c->path : "the configuration");
		return NULL;
	}
	if (from != NULL) {
		/* msmtp's rule: the account whose from matches (wildcards). */
		char *lfrom = xstrdup(from), *pat;
		int match;

		str_lower(lfrom);
		for (i = 0; i < c->naccounts; i++) {
			if (c->accounts[i].from == NULL)
				continue;
			pat = xstrdup(c->accounts[i].from);
			str_lower(pat);
			match = fnmatch(pat, lfrom, 0) == 0;
			free(pat);
			if (match) {
				free(lfrom);
				return &c->accounts[i];
			}
		}
		free(lfrom);
	}
	for (i = 0; i < c->naccounts; i++)
		if (strcmp(c->accounts[i].name, "default") == 0)
			return &c->accounts[i];
	return c->naccounts > 0 ? &c->accounts[0] : NULL;
}

/* Whether a host name means this machine. */
static int
account_local(const char *host)
{
	return strcmp(host, "localhost") == 0 ||
	    strncmp(host, "127.", 4) == 0 || strcmp(host, "::1") == 0 ||
	    strcmp(host, "[::1]") == 0;
}

/* Runs a command with sh -c and returns the first line it prints. */
static char *
account_passwordeval(const char *cmd, char **errstr)
{
	char buf[4096];
	struct buf out;
	ssize_t n;
	pid_t pid;
	int fds[2], status;
	char *nl;

	if (pipe(fds) != 0) {
		*errstr = xasprintf("passwordeval: %s", strerror(errno));
		return NULL;
	}
	if ((pid = fork()) == -1) {
		*errstr = xasprintf("passwordeval: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return NULL;
	}
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], STDOUT_FILENO);
		close(fds[1]);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	buf_init(&out);
	while ((n = read(fds[0], buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (out.len < 65536)
			buf_add(&out, buf, (size_t)n);
	}
	close(fds[0]);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		*errstr = xasprintf("passwordeval \"%s\" failed (exit %d)",
		    cmd, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		buf_free(&out);
		return NULL;
	}
	if (out.s == NULL || (nl = strchr(out.s, '\n')) == out.s) {
		*errstr = xasprintf("passwordeval \"%s\" printed no password",
		    cmd);
		buf_free(&out);
		return NULL;
	}
	if (nl != NULL)
		*nl = '\0';
	if (nl != NULL && nl > out.s && nl[-1] == '\r')
		nl[-1] = '\0';
	return buf_take(&out);
}

int
account_resolve(const struct config_account *a, const char *from,
    struct deliver_account *d, char **errstr)
{
	const char *at;

	memset(d, 0, sizeof(*d));
	if (a->host == NULL) {
		*errstr = xasprintf("account \"%s\" has no host", a->name);
		return -1;
	}
	if (a->tls == CONFIG_TLS_OFF && !account_local(a->host)) {
		*errstr = xasprintf("account \"%s\": sending without TLS "
		    "(tls = off; in an msmtprc, tls off or no tls line) is "
		    "allowed only to localhost, not %s", a->name, a->host);
		return -1;
	}
	d->host = a->host;
	d->port = a->port;
	d->tls = a->tls == CONFIG_TLS_TLS ? DELIVER_TLS :
	    a->tls == CONFIG_TLS_OFF ? DELIVER_PLAIN : DELIVER_STARTTLS;
	d->trust_file = a->tls_trust_file;
	d->user = a->user;
	if (a->user != NULL && a->password != NULL)
		d->password = xstrdup(a->password);
	else if (a->user != NULL && a->passwordeval != NULL &&
	    (d->password = account_passwordeval(a->passwordeval,
	    errstr)) == NULL)
		return -1;
	at = from != NULL ? strrchr(from, '@') : NULL;
	d->helo = xstrdup(at != NULL && at[1] != '\0' ? at + 1 : "localhost");
	d->connect_timeout = 30;
	d->timeout = a->timeout > 0 ? a->timeout : 60;
	return 0;
}

void
account_clear(struct deliver_account *d)
{
	free((char *)(uintptr_t)d->password);
	free((char *)(uintptr_t)d->helo);
	memset(d, 0, sizeof(*d));
}
