/* alias.h: mutt alias files and muttrc files, read for their aliases. */
#ifndef SENDGUARD_ALIAS_H
#define SENDGUARD_ALIAS_H

#include <stddef.h>

#include "config.h"
#include "contact.h"

/*
 * Parses a mutt alias file or muttrc and appends one contact per address
 * of every "alias" line to out. Lines are read as mutt reads them: a
 * trailing backslash joins the next line, ';' separates commands, '#'
 * outside quotes starts a comment, and tokens follow mutt's
 * mutt_extract_token() (backslash escapes, "double" and 'single' quotes).
 *
 * "alias [-group NAME]... KEY ADDRESS-LIST [# comment]": each address of
 * the list that guard_parse() accepts becomes a contact with alias KEY and
 * the address's display name (or, without one, the text of a comment as
 * in "bob@x.com (Bob Smith)"). As in mutt, a list without any of the
 * characters "<>():;,\ is split on blanks. Lines whose key or list uses a
 * backtick command or a $variable are left out (their value is unknown);
 * a list that is not valid UTF-8 is read as Windows-1252 (mutt writes
 * aliases in $config_charset).
 *
 * "source PATH..." and "set alias_file=PATH" append PATH to includes
 * (when includes is not NULL) as written, dequoted but not expanded (~
 * and $VAR are left to the caller). Sources that are commands (ending in
 * '|' or holding a backtick) are left out: nothing is ever executed.
 * Every other command is ignored. Never fails.
 */
void	alias_parse(const char *text, size_t len, struct contact_list *out,
	    struct strlist *includes);

#endif
