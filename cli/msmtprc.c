/* msmtprc.c: msmtp's configuration file (~/.msmtprc), read into a config. */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "acctset.h"
#include "cmdout.h"
#include "config.h"
#include "fileio.h"
#include "msmtprc.h"

#define MSMTPRC_MAX_LINE	8192

enum msmtprc_where {
	WHERE_NONE,		/* before the first defaults or account */
	WHERE_DEFAULTS,
	WHERE_ACCOUNT		/* the last account */
};

struct msmtprc_state {
	struct config_account	 defaults;
	struct config_account	*accts;
	size_t			 n;
	enum msmtprc_where	 where;
	int			 has_password;	/* a non-empty password line */
	const char		*name;		/* of the file, for messages */
	msmtprc_eval_fn		 eval;
	void			*eval_arg;
	int			 io_error;	/* an eval printed nothing */
};

static void
msmtprc_state_free(struct msmtprc_state *st)
{
	size_t i;

	config_account_free(&st->defaults);
	for (i = 0; i < st->n; i++)
		config_account_free(&st->accts[i]);
	free(st->accts);
	memset(st, 0, sizeof(*st));
}

static struct config_account *
msmtprc_find(struct msmtprc_state *st, const char *name)
{
	size_t i;

	for (i = 0; i < st->n; i++)
		if (strcmp(st->accts[i].name, name) == 0)
			return &st->accts[i];
	return NULL;
}

/*
 * Starts an account: the defaults in force, filled in as msmtp does (they
 * count as the account's own settings for no one: an account that inherits
 * from this one takes only what it set itself).
 */
static struct config_account *
msmtprc_new(struct msmtprc_state *st, const char *name, int line)
{
	struct config_account *acct;

	st->accts = xreallocarray(st->accts, st->n + 1, sizeof(*st->accts));
	acct = &st->accts[st->n++];
	config_account_copy(acct, &st->defaults);
	acct->set = 0;
	free(acct->name);
	acct->name = xstrdup(name);
	acct->line = line;
	st->where = WHERE_ACCOUNT;
	return acct;
}

/* An allocated message: before, then s (made safe), then after. */
static char *
msmtprc_why(const char *before, const char *s, const char *after)
{
	struct buf b;

	buf_init(&b);
	buf_adds(&b, before);
	utf8_sanitize(&b, s, strlen(s));
	buf_adds(&b, after);
	return buf_take(&b);
}

/* Removes surrounding blanks, then one pair of enclosing double quotes. */
static char *
msmtprc_unquote(char *s)
{
	size_t n;

	s += strspn(s, " \t");
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	s[n] = '\0';
	if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
		s[n - 1] = '\0';
		s++;
	}
	return s;
}

/* "account NAME [: PARENT[, PARENT...]]". */
static char *
msmtprc_account(struct msmtprc_state *st, char *arg, int line)
{
	struct config_account *acct, *parent;
	char *colon, *list = NULL, *comma, *item, *name, *why = NULL;
	size_t *parents = NULL, np = 0, i;

	if ((colon = strchr(arg, ':')) != NULL) {
		*colon = '\0';
		list = colon + 1;
	}
	name = msmtprc_unquote(arg);
	if (name[0] == '\0')
		return xstrdup("account without a name "
		    "(account NAME [: PARENT, ...])");
	if (strchr(name, ',') != NULL)
		return xstrdup("an account name must not contain colons or "
		    "commas");
	if (msmtprc_find(st, name) != NULL)
		return msmtprc_why("account ", name, " was already defined");
	while (list != NULL) {
		if ((comma = strchr(list, ',')) != NULL)
			*comma = '\0';
		item = msmtprc_unquote(list);
		if (item[0] == '\0') {
			why = xstrdup("an account to inherit from has no name");
			goto out;
		}
		if ((parent = msmtprc_find(st, item)) == NULL) {
			why = msmtprc_why("account ", item,
			    " to inherit from is not defined (yet)");
			goto out;
		}
		parents = xreallocarray(parents, np + 1, sizeof(*parents));
		parents[np++] = (size_t)(parent - st->accts);
		list = comma != NULL ? comma + 1 : NULL;
	}
	acct = msmtprc_new(st, name, line);
	for (i = 0; i < np; i++) {
		parent = &st->accts[parents[i]];
		/* What it could not honour (refused) travels with it. */
		acctset_override(acct, parent, parent->set);
	}
out:
	free(parents);
	return why;
}

static char *msmtprc_line(struct msmtprc_state *, char *, int, int);

/*
 * "eval CMD": the line is replaced by the first line CMD prints, as msmtp
 * does; that line may not be an eval itself.
 */
static char *
msmtprc_eval(struct msmtprc_state *st, const char *cmd, int line)
{
	char *out, *why = NULL;

	if (cmd[0] == '\0')
		return xstrdup("command eval needs an argument");
	if (st->eval == NULL)
		return xstrdup("eval is not allowed here");
	if ((out = st->eval(st->eval_arg, cmd, &why)) == NULL) {
		st->io_error = 1;
		return why != NULL ? why : xstrdup("eval failed");
	}
	why = msmtprc_line(st, out, line, 1);
	free(out);
	return why;
}

/* A setting of the current account or of the defaults. */
static char *
msmtprc_setting(struct msmtprc_state *st, struct config_account *acct,
    const char *cmd, const char *arg, int line)
{
	char *where, *why;

	where = xasprintf("%s:%d", st->name, line);
	why = acctset_apply(acct, cmd, arg, where);
	free(where);
	if (why == NULL && strcmp(cmd, "password") == 0 && arg[0] != '\0')
		st->has_password = 1;
	return why;
}

/* One line (without its newline); NULL, or an allocated reason. */
static char *
msmtprc_line(struct msmtprc_state *st, char *s, int line, int evaluated)
{
	struct config_account *acct;
	char *cmd, *arg;
	size_t n = strlen(s);

	if (n > 0 && s[n - 1] == '\r')
		s[n - 1] = '\0';
	cmd = s + strspn(s, " \t");
	if (cmd[0] == '\0' || cmd[0] == '#')
		return NULL;
	arg = cmd + strcspn(cmd, " \t");
	if (arg[0] != '\0')
		*arg++ = '\0';
	arg = msmtprc_unquote(arg);

	if (strcmp(cmd, "eval") == 0 && !evaluated)
		return msmtprc_eval(st, arg, line);
	if (strcmp(cmd, "defaults") == 0) {
		if (arg[0] != '\0')
			return xstrdup("defaults takes no argument");
		st->where = WHERE_DEFAULTS;
		return NULL;
	}
	if (strcmp(cmd, "account") == 0)
		return msmtprc_account(st, arg, line);
	if (!acctset_known(cmd))
		return msmtprc_why("unknown command ", cmd, "");
	/* As in msmtp: settings before any section make account "default". */
	if (st->where == WHERE_NONE)
		msmtprc_new(st, "default", line);
	acct = st->where == WHERE_DEFAULTS ? &st->defaults :
	    &st->accts[st->n - 1];
	return msmtprc_setting(st, acct, cmd, arg, line);
}

/* Moves the accounts to c (the port stays 0 when not given: msmtp fills
 * it in after the command line had its say, account_finish()). */
static void
msmtprc_finish(struct config *c, struct msmtprc_state *st)
{
	struct config_account *a;
	size_t i;

	if (st->n == 0)
		return;
	c->accounts = xreallocarray(c->accounts, c->naccounts + st->n,
	    sizeof(*c->accounts));
	for (i = 0; i < st->n; i++) {
		a = &c->accounts[c->naccounts++];
		*a = st->accts[i];
		memset(&st->accts[i], 0, sizeof(st->accts[i]));
		config_account_tls(a);
	}
}

static int
msmtprc_run(struct config *c, const char *text, size_t len,
    const char *name, msmtprc_eval_fn eval, void *arg, char **errstr,
    int *has_password)
{
	struct msmtprc_state st;
	const char *p = text, *end = text + len, *nl;
	char *s, *why;
	int line = 0, io;

	memset(&st, 0, sizeof(st));
	config_account_init(&st.defaults, 1);
	st.name = name;
	st.eval = eval;
	st.eval_arg = arg;
	while (p < end) {
		line++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (nl - p > MSMTPRC_MAX_LINE)
			why = xstrdup("line too long (over 8192 bytes)");
		else if (memchr(p, '\0', (size_t)(nl - p)) != NULL)
			why = xstrdup("a NUL byte in the line");
		else if (!utf8_valid(p, (size_t)(nl - p)))
			why = xstrdup("not valid UTF-8");
		else {
			s = xstrndup(p, (size_t)(nl - p));
			why = msmtprc_line(&st, s, line, 0);
			free(s);
		}
		if (why != NULL) {
			if (errstr != NULL)
				*errstr = xasprintf("%s:%d: %s", name, line,
				    why);
			free(why);
			io = st.io_error;
			msmtprc_state_free(&st);
			return io ? CONFIG_EIO : CONFIG_EPARSE;
		}
		if (nl == end)
			break;
		p = nl + 1;
	}
	msmtprc_finish(c, &st);
	*has_password = st.has_password;
	msmtprc_state_free(&st);
	return 0;
}

int
msmtprc_parse(struct config *c, const char *text, size_t len,
    const char *name, msmtprc_eval_fn eval, void *arg, char **errstr)
{
	int has_password;

	return msmtprc_run(c, text, len, name, eval, arg, errstr,
	    &has_password);
}

/* The real eval: a shell command's first line. */
static char *
msmtprc_shell(void *arg, const char *cmd, char **errstr)
{
	(void)arg;
	return cmdout_first_line(cmd, errstr);
}

int
msmtprc_load(struct config *c, const char *path, int missing_ok,
    int private, char **errstr)
{
	struct buf text;
	size_t first = c->naccounts, i;
	char *dir;
	int rc, has_password = 0;

	buf_init(&text);
	if ((rc = fileio_read_config(path, missing_ok, &text, errstr)) <= 0)
		return rc;
	rc = msmtprc_run(c, text.s, text.len, path, msmtprc_shell, NULL,
	    errstr, &has_password);
	buf_free(&text);
	if (rc != 0)
		return rc;
	if (has_password && private && fileio_private(path, errstr) != 0) {
		for (i = first; i < c->naccounts; i++)
			config_account_free(&c->accounts[i]);
		c->naccounts = first;
		return CONFIG_EPARSE;
	}
	if (c->path == NULL)
		c->path = xstrdup(path);
	dir = fileio_dirname(path);
	for (i = first; i < c->naccounts; i++) {
		acctset_paths(&c->accounts[i], dir);
		free(c->accounts[i].conffile);
		c->accounts[i].conffile = xstrdup(path);
	}
	free(dir);
	return 1;
}

int
msmtprc_is_msmtprc(const char *text, size_t len)
{
	const char *p = text, *end = text + len;

	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end) {
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
			p++;
			continue;
		}
		if (*p != '#' && *p != ';')
			return *p != '[';
		while (p < end && *p != '\n')
			p++;
	}
	return 0;
}
