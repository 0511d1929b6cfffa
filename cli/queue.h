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

/* "sendguard flush [-C FILE]": delivers what waits; the exit code. */
int	 queue_main(int argc, char **argv);

#endif
