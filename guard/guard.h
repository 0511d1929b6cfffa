/*
 * guard.h: the recipient guard, a pure library. The caller loads every file
 * and hands the guard plain arrays; the guard returns findings as data. It
 * does no I/O of its own: no files, no terminal, no network.
 *
 * Ownership: a "const char *" argument is borrowed for the duration of the
 * call (or, where said, for the lifetime of the object); a returned
 * "char *" and every report belong to the caller. Functions that take
 * "char **errstr" set it, on failure, to an allocated message (or NULL) and
 * leave it untouched on success.
 */
#ifndef SENDGUARD_GUARD_H
#define SENDGUARD_GUARD_H

#include <stddef.h>

/* Severity of a finding, and of a verdict (the worst of its findings). */
enum guard_severity {
	GUARD_OK = 0,
	GUARD_NOTICE,	/* shown, nothing to resolve */
	GUARD_WARN,	/* must be resolved before sending */
	GUARD_BLOCK	/* cannot be sent; only removing the recipient helps */
};

/* What a finding says; the string forms are in DESIGN.md and --json. */
enum guard_code {
	GUARD_SYNTAX = 0,
	GUARD_POLICY_BLOCK,
	GUARD_POLICY_WARN,
	GUARD_TLD_TRAP,
	GUARD_LOOKALIKE,
	GUARD_HOMOGRAPH,
	GUARD_MARKING_EXTERNAL,
	GUARD_NEW_RECIPIENT,
	GUARD_EXTERNAL_MIX,
	GUARD_LARGE_AUDIENCE,
	GUARD_NCODES
};

struct guard_finding {
	enum guard_code		 code;
	enum guard_severity	 severity;
	char			*reason;	/* one line, for people */
	char			*suggestion;	/* domain probably meant, or NULL */
};

/* The result for one address of a recipient field. */
struct guard_verdict {
	char			*raw;		/* the text as given, trimmed */
	char			*address;	/* addr-spec as typed, or NULL */
	char			*name;		/* decoded display name, or NULL */
	char			*group;		/* group display name, or NULL */
	char			*domain;	/* normalized (U-label), or NULL */
	char			*domain_ascii;	/* normalized (A-label), or NULL */
	/*
	 * The address as it must be sent: the local part, @, domain_ascii
	 * (every spelling of a domain normalized to one), or NULL.
	 */
	char			*address_ascii;
	enum guard_severity	 severity;
	struct guard_finding	*findings;
	size_t			 nfindings;
};

struct guard_report {
	struct guard_verdict	*verdicts;	/* in input order */
	size_t			 nverdicts;
	struct guard_finding	*findings;	/* message-level findings */
	size_t			 nfindings;
	enum guard_severity	 severity;	/* worst of everything */
	/*
	 * guard_check_message() found a marking, whether or not any
	 * recipient is outside (trusted and permitted ones are exempt).
	 */
	int			 marked;
};

/* Where a known domain comes from (each also weighs: README). */
enum guard_source {
	GUARD_SRC_FILE = 1,	/* known_domains = FILE */
	GUARD_SRC_BUILTIN = 2,	/* the curated list shipped with sendguard */
	GUARD_SRC_HISTORY = 4,	/* sent before */
	GUARD_SRC_CONTACT = 8,	/* the user's contacts */
	GUARD_SRC_TRUSTED = 16,	/* trusted with "sendguard trust" */
	GUARD_SRC_ORG = 32,	/* the organisation's own domains */
	GUARD_SRC_PROVIDER = 64, /* the large mail providers (shipped) */
	GUARD_SRC_LIST = 128	/* the broad list of real domains (shipped) */
};

/* A borrowed array of strings. */
struct guard_list {
	const char *const	*v;
	size_t			 n;
};

/*
 * A near-match index over a list of known domains. Build it once, or map
 * it from bytes that guard_index_bytes() produced (the caller caches them).
 */
struct guard_index;

/*
 * Builds an index over n domains, each reduced to its registrable domain.
 * Entries that are not valid domains are skipped and counted in *skipped
 * (may be NULL). Returns 0, or -1 with *errstr set.
 */
int	 guard_index_build(const char *const *domains, size_t n,
	    enum guard_source, size_t *skipped, struct guard_index **,
	    char **errstr);
/* Number of distinct domains in the index. */
size_t	 guard_index_count(const struct guard_index *);
/*
 * Serializes the index into one allocated buffer (the caller frees it).
 */
void	 guard_index_bytes(const struct guard_index *, void **buf,
	    size_t *len);
/*
 * Maps an index from bytes (borrowed for the index's lifetime: keep them,
 * e.g. mmap'ed, until guard_index_free()). Validates the header and sizes;
 * returns -1 with *errstr set if the bytes are not a usable index of this
 * version (the caller rebuilds it).
 */
int	 guard_index_from_bytes(const void *buf, size_t len,
	    struct guard_index **, char **errstr);
void	 guard_index_free(struct guard_index *);

/*
 * A data file in the format of guard/data/: one domain a line, '#'
 * comments, "#@weight W" lines setting the weight (log10 of how likely a
 * user means one of the domains that follow), "#@mailboxes TOTAL" making
 * a second column a count of mailboxes (README, "How sendguard decides").
 */
struct guard_text {
	const char		*name;
	const char		*text;
	size_t			 len;
	enum guard_source	 src;
};

/* The data files shipped with sendguard, embedded in it. */
size_t	 guard_shipped_texts(const struct guard_text **);
/*
 * Builds an index from data files. keep (may be NULL) is asked about each
 * domain, and may leave some out (a held-out set, for evaluation).
 * Invalid lines are counted in *skipped (may be NULL).
 */
int	 guard_index_build_texts(const struct guard_text *, size_t n,
	    int (*keep)(const char *, void *), void *arg, size_t *skipped,
	    struct guard_index **, char **errstr);
/*
 * The index of the shipped data, compiled when sendguard was built and
 * mapped from the program itself (built from the texts, once, if this
 * ICU differs from the build's). Never freed; NULL only if it cannot be
 * had at all.
 */
const struct guard_index *guard_shipped(void);

/*
 * What the user's contacts and history teach the guard (their addresses
 * and domains), compiled once; like the index, it can be written to bytes
 * and mapped back, so a start-up need not read 100,000 addresses again.
 * contacts and history are addr-specs.
 */
struct guard_world;

int	 guard_world_build(const struct guard_list *contacts,
	    const struct guard_list *history, const unsigned *history_count,
	    const unsigned *history_days, struct guard_world **,
	    char **errstr);
/* Number of distinct addresses. */
size_t	 guard_world_count(const struct guard_world *);
void	 guard_world_bytes(const struct guard_world *, void **buf,
	    size_t *len);
/* The bytes are borrowed (and must be 8-byte aligned, as mmap's are). */
int	 guard_world_from_bytes(const void *buf, size_t len,
	    struct guard_world **, char **errstr);
void	 guard_world_free(struct guard_world *);

/* Everything the guard knows; the caller fills it from files. */
struct guard_data {
	struct guard_list	 org_domains;	/* the organisation's own */
	struct guard_list	 known;		/* extra known domains */
	const struct guard_index *known_index;	/* big list, borrowed */
	struct guard_list	 trusted;	/* trusted always */
	struct guard_list	 permits;	/* allowed once (for now) */
	struct guard_list	 block;		/* policy patterns: "d", "*.d", "*" */
	struct guard_list	 warn;
	struct guard_list	 allow;
	int			 no_builtin;	/* 1: leave out the shipped data */
	/* The shipped data to use instead of guard_shipped() (borrowed). */
	const struct guard_index *shipped;
	/*
	 * What the user knows: addr-specs from the address books and from
	 * the sent history. Their domains become known domains; an address
	 * in neither is a new recipient (once there is anything to know).
	 */
	struct guard_list	 contacts;
	struct guard_list	 history;
	/*
	 * For each history entry (or NULL): how many times mail went there,
	 * and how many days ago the last one left. Often and lately weigh
	 * more.
	 */
	const unsigned		*history_count;
	const unsigned		*history_days;
	/* Or the same compiled (borrowed): then the two lists are unused. */
	const struct guard_world *world;
	/* Markings to look for (guard_default_markings, or configured). */
	struct guard_list	 markings;
	size_t			 large_audience; /* 0: the default, 25 */
};

/* The markings looked for when none are configured. */
extern const char *const guard_default_markings[];
extern const size_t guard_default_markings_count;
#define GUARD_AUDIENCE_DEFAULT	25

struct guard;

/*
 * Builds a guard from data (copied; the known_index stays borrowed).
 * Fails with -1 and *errstr naming the bad value when a policy pattern or
 * org domain is not a valid domain.
 */
int	 guard_new(const struct guard_data *, struct guard **, char **errstr);
void	 guard_free(struct guard *);

/*
 * Parses a recipient field (an RFC 5322 address list: display names,
 * quoted names with commas, groups, encoded words) and appends one verdict
 * per address to the report. Never fails: what cannot be parsed becomes a
 * verdict with a "syntax" finding.
 */
void	 guard_check(const struct guard *, const char *field,
	    struct guard_report *);
/*
 * Parses a recipient field as guard_check() does, without checking the
 * domains: each verdict has raw, address, name and group, or a "syntax"
 * finding. For readers of address books.
 */
void	 guard_parse(const char *field, struct guard_report *);
/*
 * The plain view of a message that the content checks read; the caller
 * decodes the message (the guard never sees MIME).
 */
struct guard_message {
	const char		*subject;	/* decoded, UTF-8, or NULL */
	const char		*text;		/* decoded body text, UTF-8 */
	size_t			 textlen;
	struct guard_list	 names;		/* attachments' file names */
	/*
	 * A marking the caller already found with guard_marking() in text
	 * too long to hold at once (read in windows), or NULL.
	 */
	const char		*text_marking;
};

/*
 * The first configured marking in text (the earliest), as configured,
 * or NULL. The string lives as long as the guard.
 */
const char *guard_marking(const struct guard *, const char *text,
	    size_t len);

/*
 * Adds the message-level findings to a report whose verdicts are all the
 * recipients (from guard_check): "large-audience" and "external-mix" as
 * findings of the report, and "marking-external" on each recipient
 * outside the org domains when the subject, text or a file name carries
 * a marking. Call it once per report (it does not remove what an earlier
 * call added). msg may be NULL: recipients only.
 */
void	 guard_check_message(const struct guard *,
	    const struct guard_message *msg, struct guard_report *);

/* Checks one domain only (no local part), as guard_check() would. */
void	 guard_check_domain(const struct guard *, const char *domain,
	    struct guard_verdict *);

void	 guard_report_init(struct guard_report *);
void	 guard_report_free(struct guard_report *);
void	 guard_verdict_free(struct guard_verdict *);

/*
 * Validates a policy pattern ("example.com", "*.ml", "*") or a plain
 * domain, as guard_new() would: 0, or -1 with *errstr saying why.
 */
int	 guard_pattern_valid(const char *pattern, char **errstr);
int	 guard_domain_valid(const char *domain, char **errstr);

/* Names for output: "syntax", "tld-trap", ...; "ok", "notice", ... */
const char *guard_code_name(enum guard_code);
const char *guard_severity_name(enum guard_severity);

/*
 * ---- Sendguard-Resolved: what the sender's user already resolved ----
 *
 * sendguard's client adds a "Sendguard-Resolved:" header field naming each
 * recipient domain whose warnings the user resolved and how, bound to the
 * message by a SHA-256 of its Message-ID and envelope recipients, so that
 * an organisation's milter does not refuse what the user confirmed. The
 * value (README, "The Sendguard-Resolved header"):
 *
 *   v=1; bind=HEX64; army.ml=once; example.org=trust; #HEX16=permit
 *
 * bind is SHA-256 of "sendguard-resolved v1\n", the Message-ID (without
 * blanks), "\n", then each distinct recipient (lowercase, domain as an
 * A-label, without <>) in byte order, each followed by "\n". A domain is
 * written as an A-label, or, when it is not in the To or Cc header (a Bcc
 * recipient's), as "#" and the first 16 hex digits of SHA-256 of
 * "sendguard-resolved v1 domain\n" bind "\n" domain, so that readers of
 * the message do not learn it. The binding is not a signature: it keeps a
 * header from being carried over to another message, not from being
 * written by hand (which is resolving on purpose). These functions do no
 * I/O.
 */
enum guard_resolved_how {
	GUARD_RESOLVED_ONCE = 0,	/* "send once" at the prompt */
	GUARD_RESOLVED_TRUST,		/* trusted always */
	GUARD_RESOLVED_PERMIT,		/* sendguard allow --once */
	GUARD_RESOLVED_KNOWN,		/* in the user's contacts or history */
	GUARD_RESOLVED_NHOW
};

struct guard_resolution {
	const char		*domain;	/* any form (U- or A-labels) */
	enum guard_resolved_how	 how;
	int			 hidden;	/* write it as a hash */
};

/*
 * The header field's value (allocated, one line) for a message with that
 * Message-ID and envelope recipients (addr-specs, with or without <>),
 * naming the n resolutions in order; a domain given twice is written once.
 */
char	*guard_resolved_build(const char *message_id,
	    const char *const *rcpts, size_t nrcpts,
	    const struct guard_resolution *, size_t n);

struct guard_resolved;

/*
 * Parses a header value (folded or not). Returns 0, or -1 with *errstr
 * when it is not a version 1 value with one bind (items it does not know,
 * such as a new way of resolving, are skipped).
 */
int	 guard_resolved_parse(const char *value, size_t len,
	    struct guard_resolved **, char **errstr);
/* 1 when the binding matches this Message-ID and these recipients. */
int	 guard_resolved_verify(const struct guard_resolved *,
	    const char *message_id, const char *const *rcpts, size_t nrcpts);
/*
 * How the header resolved a domain (any form), or -1. It does not check
 * the binding: call guard_resolved_verify() first.
 */
int	 guard_resolved_lookup(const struct guard_resolved *,
	    const char *domain);
/* Number of domains the header names. */
size_t	 guard_resolved_count(const struct guard_resolved *);
void	 guard_resolved_free(struct guard_resolved *);
/* "once", "trust", "permit", "known". */
const char *guard_resolved_how_name(enum guard_resolved_how);

#endif
