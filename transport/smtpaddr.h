/* smtpaddr.h: addresses as they go into MAIL FROM and RCPT TO (internal). */
#ifndef SENDGUARD_SMTPADDR_H
#define SENDGUARD_SMTPADDR_H

/* RFC 5321's limit on a path, less the angle brackets. */
#define SMTPADDR_MAX	254

/*
 * The wire form of an address: its domain as A-labels (IDNA2008, with
 * libidn2), its local part as given. Refuses what would break the command
 * or mislead the server: control characters, spaces, '<' and '>',
 * malformed UTF-8, a domain that is not a valid IDN, more than
 * SMTPADDR_MAX bytes. "" (the null sender) is kept. *utf8 is set when the
 * local part is not ASCII (only SMTPUTF8 can carry it). Returns the
 * allocated wire form, or NULL with *errstr.
 */
char	*smtpaddr_wire(const char *, int *utf8, char **errstr);

#endif
