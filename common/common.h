/* common.h: allocation, growable buffers and UTF-8 helpers shared by every part. */
#ifndef SENDGUARD_COMMON_H
#define SENDGUARD_COMMON_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Allocation that never returns NULL. On exhaustion the hook set with
 * xmem_set_die() runs (the TUI restores the terminal there), then the
 * process exits with EX_OSERR.
 */
void	 xmem_set_die(void (*)(void));
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));
char	*xvasprintf(const char *, va_list) __attribute__((format(printf, 1, 0)));

/* A growable byte buffer, always NUL-terminated. */
struct buf {
	char	*s;
	size_t	 len;
	size_t	 cap;
};
void	 buf_init(struct buf *);
void	 buf_free(struct buf *);
void	 buf_reset(struct buf *);
void	 buf_add(struct buf *, const void *, size_t);
void	 buf_addc(struct buf *, char);
void	 buf_adds(struct buf *, const char *);
void	 buf_addf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* Hands the string to the caller (never NULL) and resets the buffer. */
char	*buf_take(struct buf *);

/*
 * UTF-8. utf8_valid() tells whether len bytes are well-formed UTF-8 (no
 * overlongs, no surrogates). utf8_decode() reads one code point at s (at
 * most len bytes) into *cp and returns its length, or 0 if malformed.
 */
int	 utf8_valid(const char *, size_t);
size_t	 utf8_decode(const char *, size_t, unsigned int *);

/*
 * What must not reach a terminal as itself: utf8_unsafe() is true for
 * control characters (C0, DEL, C1) and for the invisible and reordering
 * format characters (soft hyphen, zero-width spaces and joiners, bidi
 * marks, embeddings, overrides and isolates, line and paragraph
 * separators, word joiners, the BOM, tags...). utf8_escape() writes the
 * visible escape of such a code point into out, NUL-terminated: \e, \n,
 * \r, \t, \xNN below 0x80, \uNNNN (\u202e), \UNNNNNNNN; returns its
 * length.
 */
#define UTF8_ESCAPE_MAX	12
int	 utf8_unsafe(unsigned int);
size_t	 utf8_escape(unsigned int, char out[UTF8_ESCAPE_MAX]);

/*
 * Appends s to b so that it is safe to show on a terminal: what
 * utf8_unsafe() names becomes its utf8_escape(), malformed bytes become
 * \xNN, everything else is kept. The one sanitizer: the screen's drawing
 * (tui/screen.c) and every text printer use it.
 */
void	 utf8_sanitize(struct buf *, const char *, size_t);

/*
 * Appends s as a JSON string ("null" when s is NULL): quotes, backslashes
 * and control characters escaped, malformed UTF-8 replaced by U+FFFD, so
 * the output is always valid JSON in valid UTF-8.
 */
void	 json_string(struct buf *, const char *s);

/* Lowercases ASCII letters in place. */
void	 str_lower(char *);
/*
 * Reads a whole file into b. Returns 0, or -1 with *errstr set ("PATH:
 * reason") and errno kept from the failing call.
 */
int	 file_read(const char *path, struct buf *b, char **errstr);

/* Writes all of data, retrying short writes; 0, or -1 with errno. */
int	 file_write_all(int fd, const void *data, size_t len);

/* Points stdin, stdout and stderr at /dev/null (a detached process). */
void	 stdio_null(void);

/*
 * Writes one line on stderr: "sendguard: ", the text sanitized as
 * utf8_sanitize() does (it may come from a message), and a newline, in
 * one write, so that lines from threads never mix.
 */
void	 errline(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	 verrline(const char *fmt, va_list)
	    __attribute__((format(printf, 1, 0)));

/* Creates a directory and its parents (mode 0700): 0, or -1 with errno. */
int	 mkdirs(const char *);

/* Removes leading blanks and trailing blanks (and CR) in place. */
void	 str_trim(char *);
/* The value of a hexadecimal digit (either case), or -1. */
int	 str_hexval(int);

/*
 * SHA-256 (FIPS 180-4), fed in pieces: sha256_init, sha256_update as often
 * as needed, then sha256_final writes the 32-byte digest.
 */
struct sha256 {
	uint32_t	 h[8];
	unsigned char	 block[64];
	uint64_t	 len;		/* bytes fed so far */
};
void	 sha256_init(struct sha256 *);
void	 sha256_update(struct sha256 *, const void *, size_t);
void	 sha256_final(struct sha256 *, unsigned char digest[32]);

#endif
