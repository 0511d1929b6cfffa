/*
 * contact.h: the user's address books (mutt aliases, abook, vCard), read
 * into one list of known addresses. The parsers (alias.c, abook.c,
 * vcard.c) are pure: text in, contacts out; contact.c finds and reads the
 * files.
 */
#ifndef SENDGUARD_CONTACT_H
#define SENDGUARD_CONTACT_H

#include <stddef.h>

#include "config.h"

struct contact {
	char		*name;		/* display name, UTF-8, or NULL */
	char		*address;	/* addr-spec (local@domain) */
	char		*alias;		/* mutt alias key or abook/vCard nick,
					   or NULL */
	long long	 when;		/* history: last sent (epoch), else 0 */
	unsigned	 times;		/* history: how often, else 0 */
};

struct contact_list {
	struct contact	*v;
	size_t		 n;
	size_t		 cap;
};

/* Appends a copy of the strings (name and alias may be NULL). */
void	contact_add(struct contact_list *, const char *name,
	    const char *address, const char *alias);
void	contact_list_free(struct contact_list *);

/*
 * For the parsers of address books. contact_add_clean() is contact_add()
 * with name and alias made fit to show: each is dropped when it is not
 * valid UTF-8 or is blank, control characters become spaces and outer
 * blanks go. contact_add_one() adds text only if guard_parse() finds
 * exactly one valid address in it (no group); 0 if added, else -1.
 */
void	contact_add_clean(struct contact_list *, const char *name,
	    const char *address, const char *alias);
int	contact_add_one(struct contact_list *, const char *name,
	    const char *text, const char *alias);

/*
 * Reads the address books named in paths (absolute, or ~/ from $HOME) and
 * appends their contacts to out; duplicates are kept. A directory gives
 * every *.vcf file in it and in its subdirectories (4 levels down; names
 * starting with '.' are skipped), as vdirsyncer stores them. A file is
 * told by its content: a vCard (starts with BEGIN:VCARD, or is named
 * *.vcf), an abook addressbook ([format], or [0] with email=), else a
 * mutt alias file or
 * muttrc, whose "source" and "set alias_file" includes are followed (~/
 * and a leading $VAR from the environment, relative paths from the
 * including file's directory; 8 levels at most; missing ones skipped).
 * Each file is read once (by device and inode). Nothing is fatal: a path
 * of paths that is missing or unreadable, and any file larger than 64 MB,
 * add a line "PATH: why" to warnings (unless warnings is NULL).
 */
void	contact_load(struct contact_list *out, const struct strlist *paths,
	    struct strlist *warnings);
/*
 * contact_load() that also lists in files every file and folder it read
 * or looked for (so a cache of what was learned can tell when any of
 * them changes).
 */
void	contact_load_files(struct contact_list *out,
	    const struct strlist *paths, struct strlist *warnings,
	    struct strlist *files);

/*
 * The address books to read when none are configured: those of
 * ~/.mutt/aliases, ~/.abook/addressbook and the mutt and neomutt muttrc
 * files (~/.muttrc, ~/.mutt/muttrc, $XDG_CONFIG_HOME/mutt/muttrc,
 * ~/.neomuttrc, $XDG_CONFIG_HOME/neomutt/neomuttrc; XDG_CONFIG_HOME
 * defaults to ~/.config) that exist, appended to out.
 */
void	contact_default_paths(struct strlist *out);

#endif
