/* setup.h: loading the config and building the guard from it. */
#ifndef SENDGUARD_SETUP_H
#define SENDGUARD_SETUP_H

#include "cache.h"
#include "config.h"
#include "learn.h"

struct guard;
struct tui_contact;

/* What a mode needs: the config and a guard built from it. */
struct setup {
	struct config		 config;
	struct strlist		 trusted;	/* from the state files */
	struct strlist		 permits;
	struct learned		 learned;	/* contacts, history */
	struct tui_contact	*completion;	/* the composer's, from them */
	struct cache_index	 known;
	struct guard		*guard;
};

/* setup_load() flags. */
#define SETUP_ENTRIES	0x1	/* the contacts and history lists too */
#define SETUP_ACCOUNTS	0x2	/* msmtp's accounts when the config has none */

/*
 * Reads the config (the file given, or $XDG_CONFIG_HOME/sendguard/config
 * when path is NULL; an msmtprc given is msmtp's user file), with
 * SETUP_ACCOUNTS msmtp's accounts when sendguard's file has none
 * (SYSCONFDIR/msmtprc and ~/.msmtprc or $XDG_CONFIG_HOME/msmtp/config,
 * merged as msmtp does), then the known_domains index (cached), and builds
 * the guard, with the user's world (learn.h; with SETUP_ENTRIES, the
 * contacts and history lists too, for completion). Returns 0, or
 * CONFIG_EPARSE or CONFIG_EIO with *errstr naming the file (and line):
 * exitcode_config() gives the exit code.
 */
int	 setup_load(struct setup *, const char *path, int flags,
	    char **errstr);
/*
 * For an organisation's milter: reads the config file at path (sendguard's
 * format; it must exist), its known_domains index (cached), and builds the
 * guard from the [guard] section alone: no trust store, permits, contacts
 * or history, which belong to a user. Errors as setup_load().
 */
int	 setup_load_org(struct setup *, const char *path, char **errstr);
/*
 * The guard such a milter builds from a config already read (known is its
 * known_domains index, or NULL); the client uses it to foresee what the
 * milter will say. 0, or -1 with *errstr.
 */
int	 setup_guard_org(const struct config *, const struct guard_index *known,
	    struct guard **, char **errstr);
/*
 * The user's guard as setup_load() built it (the same config, trusted
 * domains and world) but with these permits: a send that lost a permit
 * to another one asks it whether the permit was needed. 0, or -1.
 */
int	 setup_guard_user(const struct setup *, const struct strlist *permits,
	    struct guard **, char **errstr);
void	 setup_free(struct setup *);

#endif
