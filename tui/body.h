/* body.h: the message body, lines of editable text. */
#ifndef SENDGUARD_BODY_H
#define SENDGUARD_BODY_H

#include <stddef.h>
#include <stdint.h>

#include "field.h"

struct body {
	struct field	*lines;
	size_t		 n;
	size_t		 row;		/* the cursor's line */
	size_t		 top;		/* first line shown */
};

void	 body_init(struct body *);
void	 body_free(struct body *);
/* Replaces the text (LF or CRLF line ends). */
void	 body_set(struct body *, const char *);
/* The text with LF line ends (allocated). */
char	*body_get(const struct body *);
void	 body_insert(struct body *, uint32_t);
void	 body_newline(struct body *);
void	 body_backspace(struct body *);
void	 body_delete(struct body *);
/* Up and down keep the cursor's column as well as they can; return 0 if
 * the cursor could not move (already on the first or last line). */
int	 body_up(struct body *);
int	 body_down(struct body *);
/* Keeps the cursor's line inside a window of rows lines. */
void	 body_view(struct body *, int rows);
/* The field of the cursor's line. */
struct field *body_line(struct body *);

#endif
