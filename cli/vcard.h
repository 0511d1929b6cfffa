/* vcard.h: vCard 2.1, 3.0 and 4.0 (phones, khard, vdirsyncer). */
#ifndef SENDGUARD_VCARD_H
#define SENDGUARD_VCARD_H

#include <stddef.h>

#include "contact.h"

/*
 * Parses vCard text (any number of cards, CRLF or LF, folded lines) and
 * appends one contact per EMAIL of each card to out, in order. The name
 * is FN, else N as "Given Family"; NICKNAME (its first value) is the
 * alias. Property groups ("item1.EMAIL") and parameters are understood;
 * values are unescaped (\, \; \n \\), vCard 2.1 QUOTED-PRINTABLE values
 * (with soft line breaks) decoded and CHARSET= converted to UTF-8. A name
 * that cannot be converted or is not valid UTF-8 is dropped. EMAIL values
 * that guard_parse() does not accept as exactly one address are left out,
 * and so is a card that has no END:VCARD (a truncated file). Never fails.
 */
void	vcard_parse(const char *text, size_t len, struct contact_list *out);

#endif
