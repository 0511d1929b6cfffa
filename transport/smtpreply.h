/* smtpreply.h: SMTP replies and EHLO capabilities, parsed (internal). */
#ifndef SENDGUARD_SMTPREPLY_H
#define SENDGUARD_SMTPREPLY_H

#include <stddef.h>

#include "common.h"

/* Longest reply line accepted, CRLF included (RFC 5321 says 512). */
#define SMTPREPLY_LINE_MAX	4096
/* Most lines in one reply (msmtp's limit: an EHLO reply is the longest). */
#define SMTPREPLY_LINES_MAX	50

/* One whole reply: "250-a", "250 b" is code 250, text "a b". */
struct smtp_reply {
	int		 code;
	struct buf	 text;		/* the lines' texts joined by ' ' */
	struct buf	 lines;		/* the texts, each ended by '\n' */
	size_t		 nlines;
};

void	 smtpreply_init(struct smtp_reply *);
void	 smtpreply_free(struct smtp_reply *);
void	 smtpreply_reset(struct smtp_reply *);

/*
 * Adds one line (without its CRLF) to the reply being read. Returns 1
 * when the reply is complete (a line "NNN " or "NNN"), 0 when more lines
 * follow ("NNN-"), -1 when the line is not a reply line (no three digits,
 * another code than the lines before, too many lines).
 */
int	 smtpreply_line(struct smtp_reply *, const char *, size_t);

/* What an EHLO (or LHLO) reply offers, read as msmtp reads it. */
#define SMTPCAP_STARTTLS	0x0001u
#define SMTPCAP_DSN		0x0002u
#define SMTPCAP_PIPELINING	0x0004u
#define SMTPCAP_SIZE		0x0008u
#define SMTPCAP_AUTH		0x0010u
#define SMTPCAP_ETRN		0x0020u
#define SMTPCAP_SMTPUTF8	0x0040u
#define SMTPCAP_8BITMIME	0x0080u

struct smtp_caps {
	unsigned int	 flags;		/* SMTPCAP_* */
	long		 size;		/* SIZE's value (0: no limit) */
	unsigned int	 auth;		/* SASL mechanisms offered: 1u << mech */
};

/*
 * Reads the capabilities from an EHLO reply's lines (the first names the
 * server). AUTH mechanisms are found as msmtp finds them (a substring of
 * the AUTH line, "AUTH=" accepted too); mech_of maps a name to its bit
 * number, or -1.
 */
void	 smtpreply_caps(const struct smtp_reply *, struct smtp_caps *,
	    int (*mech_of)(const char *name));

#endif
