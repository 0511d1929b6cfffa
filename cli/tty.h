/* tty.h: finding the user's terminal when we have none (under mutt). */
#ifndef SENDGUARD_TTY_H
#define SENDGUARD_TTY_H

/*
 * The terminal to ask on: given (--tty PATH), else $SENDGUARD_TTY, else
 * the terminal of the nearest ancestor process that has one (Linux /proc:
 * mutt's, since mutt runs $sendmail in a new session without one). NULL
 * when there is none, or when SENDGUARD_TTY is "none". Allocated.
 */
char	*tty_find(const char *given);

#endif
