/* smtpreply.c: SMTP replies and EHLO capabilities, parsed. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "smtpreply.h"

/* The AUTH mechanism names msmtp 1.8.23 looks for in an AUTH line. */
static const char *const smtpreply_mechs[] = {
	"PLAIN", "SCRAM-SHA-1", "SCRAM-SHA-256", "EXTERNAL", "GSSAPI",
	"CRAM-MD5", "DIGEST-MD5", "LOGIN", "NTLM", "OAUTHBEARER", "XOAUTH2",
};

void
smtpreply_init(struct smtp_reply *r)
{
	memset(r, 0, sizeof(*r));
	buf_init(&r->text);
	buf_init(&r->lines);
}

void
smtpreply_free(struct smtp_reply *r)
{
	buf_free(&r->text);
	buf_free(&r->lines);
	memset(r, 0, sizeof(*r));
}

void
smtpreply_reset(struct smtp_reply *r)
{
	r->code = 0;
	r->nlines = 0;
	buf_reset(&r->text);
	buf_reset(&r->lines);
}

int
smtpreply_line(struct smtp_reply *r, const char *s, size_t n)
{
	int code;

	if (n < 3 || !isdigit((unsigned char)s[0]) ||
	    !isdigit((unsigned char)s[1]) || !isdigit((unsigned char)s[2]) ||
	    (n > 3 && s[3] != ' ' && s[3] != '-'))
		return -1;
	code = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
	if ((r->nlines > 0 && code != r->code) ||
	    r->nlines >= SMTPREPLY_LINES_MAX || memchr(s, '\0', n) != NULL)
		return -1;
	r->code = code;
	if (r->nlines > 0)
		buf_addc(&r->text, ' ');
	if (n > 4) {
		buf_add(&r->text, s + 4, n - 4);
		buf_add(&r->lines, s + 4, n - 4);
	}
	buf_addc(&r->lines, '\n');
	r->nlines++;
	return n > 3 && s[3] == '-' ? 0 : 1;
}

/* Whether the upper-cased line starts with the keyword word. */
static int
smtpreply_is(const char *line, const char *word)
{
	return strncmp(line, word, strlen(word)) == 0;
}

void
smtpreply_caps(const struct smtp_reply *r, struct smtp_caps *c,
    int (*mech_of)(const char *))
{
	const char *p = r->lines.s, *nl;
	char *line, *end;
	size_t i, n;
	long v;
	int bit;

	memset(c, 0, sizeof(*c));
	/* The first line is the server's name, the rest keywords. */
	for (i = 0; p != NULL && (nl = strchr(p, '\n')) != NULL;
	    p = nl + 1, i++) {
		if (i == 0)
			continue;
		line = xstrndup(p, (size_t)(nl - p));
		for (n = 0; line[n] != '\0'; n++)
			line[n] = (char)toupper((unsigned char)line[n]);
		if (smtpreply_is(line, "STARTTLS"))
			c->flags |= SMTPCAP_STARTTLS;
		else if (smtpreply_is(line, "DSN"))
			c->flags |= SMTPCAP_DSN;
		else if (smtpreply_is(line, "PIPELINING"))
			c->flags |= SMTPCAP_PIPELINING;
		else if (smtpreply_is(line, "SMTPUTF8"))
			c->flags |= SMTPCAP_SMTPUTF8;
		else if (smtpreply_is(line, "8BITMIME"))
			c->flags |= SMTPCAP_8BITMIME;
		else if (smtpreply_is(line, "ETRN"))
			c->flags |= SMTPCAP_ETRN;
		else if (smtpreply_is(line, "SIZE")) {
			/* No number, or a bad one: as if SIZE were absent. */
			errno = 0;
			v = strtol(line + 4, &end, 10);
			if (line[4] == ' ' && line[5] != '\0' && *end == '\0' &&
			    v >= 0 && !(v == LONG_MAX && errno == ERANGE)) {
				c->flags |= SMTPCAP_SIZE;
				c->size = v;
			}
		} else if (smtpreply_is(line, "AUTH") &&
		    (line[4] == ' ' || line[4] == '=')) {
			c->flags |= SMTPCAP_AUTH;
			for (n = 0; mech_of != NULL && n < sizeof(smtpreply_mechs) /
			    sizeof(smtpreply_mechs[0]); n++)
				if (strstr(line + 5, smtpreply_mechs[n]) != NULL &&
				    (bit = mech_of(smtpreply_mechs[n])) >= 0)
					c->auth |= 1u << bit;
		}
		free(line);
	}
}
