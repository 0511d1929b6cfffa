/* abook.c: abook's addressbook file (~/.abook/addressbook). */
#include <string.h>
#include <strings.h>

#include "common.h"
#include "abook.h"

/* One entry: pieces of the text, borrowed until the entry ends. */
struct abook_entry {
	const char	*name, *email, *nick;
	size_t		 namelen, emaillen, nicklen;
	int		 open;		/* inside a numbered section */
};

static int
abook_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Adds a contact per address of the entry, then forgets it. */
static void
abook_flush(struct abook_entry *e, struct contact_list *out)
{
	struct buf name, nick, addr;
	const char *p, *end, *comma, *s, *t;

	if (e->open && e->email != NULL) {
		buf_init(&name);
		buf_init(&nick);
		buf_init(&addr);
		if (e->name != NULL)
			buf_add(&name, e->name, e->namelen);
		if (e->nick != NULL)
			buf_add(&nick, e->nick, e->nicklen);
		end = e->email + e->emaillen;
		for (p = e->email; p < end; p = comma + 1) {
			if ((comma = memchr(p, ',', (size_t)(end - p))) == NULL)
				comma = end;
			for (s = p; s < comma && abook_blank(*s); s++)
				;
			for (t = comma; t > s && abook_blank(t[-1]); t--)
				;
			if (s == t)
				continue;
			buf_reset(&addr);
			buf_add(&addr, s, (size_t)(t - s));
			/* A NUL would cut the address short: refuse it. */
			if (strlen(addr.s) == addr.len)
				(void)contact_add_one(out, name.s, addr.s,
				    nick.s);
		}
		buf_free(&name);
		buf_free(&nick);
		buf_free(&addr);
	}
	memset(e, 0, sizeof(*e));
}

/* Whether [s, e) is a numbered section name. */
static int
abook_number(const char *s, const char *e)
{
	if (s == e)
		return 0;
	for (; s < e; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

void
abook_parse(const char *text, size_t len, struct contact_list *out)
{
	struct abook_entry e;
	const char *p = text, *end = text + len, *nl, *s, *t, *eq, *k;
	size_t klen;

	memset(&e, 0, sizeof(e));
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	for (; p < end; p = nl != NULL ? nl + 1 : end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		s = p;
		t = nl != NULL ? nl : end;
		while (s < t && abook_blank(*s))
			s++;
		while (t > s && abook_blank(t[-1]))
			t--;
		if (s == t || *s == '#')
			continue;
		if (*s == '[') {
			/* A new section ends the entry; a broken one too. */
			abook_flush(&e, out);
			if ((k = memchr(s, ']', (size_t)(t - s))) != NULL)
				e.open = abook_number(s + 1, k);
			continue;
		}
		if (!e.open || (eq = memchr(s, '=', (size_t)(t - s))) == NULL)
			continue;
		for (k = eq; k > s && abook_blank(k[-1]); k--)
			;
		klen = (size_t)(k - s);
		for (eq++; eq < t && abook_blank(*eq); eq++)
			;
		if (klen == 4 && strncasecmp(s, "name", 4) == 0) {
			e.name = eq;
			e.namelen = (size_t)(t - eq);
		} else if (klen == 5 && strncasecmp(s, "email", 5) == 0) {
			e.email = eq;
			e.emaillen = (size_t)(t - eq);
		} else if (klen == 4 && strncasecmp(s, "nick", 4) == 0) {
			e.nick = eq;
			e.nicklen = (size_t)(t - eq);
		}
	}
	abook_flush(&e, out);
}
