/* ask.h: a one-line question on the status line (internal to tui/). */
#ifndef SENDGUARD_ASK_H
#define SENDGUARD_ASK_H

struct compose;

/*
 * Asks for a line of text on the last row; Enter answers, Esc cancels
 * (NULL). With files set, Tab completes a file path.
 */
char	*ask_line(struct compose *, const char *question, int files);

#endif
