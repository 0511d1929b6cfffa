/* field.h: one line of editable text (UTF-32 inside, UTF-8 outside). */
#ifndef SENDGUARD_FIELD_H
#define SENDGUARD_FIELD_H

#include <stddef.h>
#include <stdint.h>

struct field {
	uint32_t	*v;		/* code points */
	size_t		 n;		/* how many */
	size_t		 cap;
	size_t		 cur;		/* cursor: insert before v[cur] */
	size_t		 scroll;	/* first code point shown */
};

void	 field_init(struct field *);
void	 field_free(struct field *);
/* Replaces the text with UTF-8 s (malformed bytes become U+FFFD). */
void	 field_set(struct field *, const char *);
/* The text as UTF-8 (allocated). */
char	*field_get(const struct field *);

void	 field_insert(struct field *, uint32_t);
void	 field_insert_utf8(struct field *, const char *, size_t);
void	 field_backspace(struct field *);
void	 field_delete(struct field *);
void	 field_left(struct field *);
void	 field_right(struct field *);
void	 field_home(struct field *);
void	 field_end(struct field *);
void	 field_word_left(struct field *);
void	 field_word_right(struct field *);
void	 field_delete_word(struct field *);	/* before the cursor */
void	 field_kill_end(struct field *);
void	 field_kill_start(struct field *);

/* Columns a code point takes on the terminal (0 for combining marks). */
int	 field_width(uint32_t);
/*
 * Keeps the cursor inside a window of cols columns: adjusts scroll and
 * returns the cursor's column in the window.
 */
int	 field_view(struct field *, int cols);

#endif
