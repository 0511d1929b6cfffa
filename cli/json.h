/* json.h: writing JSON strings. */
#ifndef SENDGUARD_JSON_H
#define SENDGUARD_JSON_H

struct buf;

/*
 * Appends s as a JSON string ("null" when s is NULL): quotes, backslashes
 * and control characters escaped, malformed UTF-8 replaced by U+FFFD, so
 * the output is always valid JSON in valid UTF-8.
 */
void	json_string(struct buf *, const char *s);

#endif
