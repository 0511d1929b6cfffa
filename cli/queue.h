/* queue.h: mail that waits for a server (queue = on), and "flush". */
#ifndef SENDGUARD_QUEUE_H
#define SENDGUARD_QUEUE_H

#include <stddef.h>

struct message;

/*
 * Puts a prepared message in the queue ($XDG_DATA_HOME/sendguard/queue, a
 * Maildir) with its envelope beside it. Returns 0 with *path, or -1.
 */
int	 queue_put(struct message *, const char *account, const char *from,
	    const char *const *rcpts, size_t nrcpts, char **path,
	    char **errstr);

/*
 * "sendguard queue [--list | --flush | --remove ID] [-C FILE]" and
 * "sendguard flush [-C FILE]" (argv[0] is the command): lists what waits
 * (mailq's format), delivers it, or takes one message out (into the dead
 * letters: it is kept). Returns the exit code.
 */
int	 queue_main(int argc, char **argv);

/* Lists the queue as mailq does (sendmail mode's -bp); the exit code. */
int	 queue_list(void);

#endif
