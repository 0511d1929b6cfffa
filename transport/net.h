/* net.h: the connection to the server, before any TLS (internal). */
#ifndef SENDGUARD_NET_H
#define SENDGUARD_NET_H

#include <stddef.h>
#include <sys/types.h>

enum net_err {
	NET_OK = 0,
	NET_ENOHOST,		/* the name does not resolve */
	NET_ECONNECT,		/* refused, unreachable, no socket */
	NET_ETIMEOUT,		/* no answer within the time */
	NET_ESOURCE,		/* source_ip cannot be used */
	NET_EIO			/* a read or write failed */
};

/*
 * Connects to host:port (any address it resolves to, in order), or to the
 * local socket path when socket is not NULL, from source_ip when given,
 * within timeout seconds. Sends and receives then wait at most io_timeout
 * seconds. Returns NET_OK with *fd, or an error with *errstr.
 */
int	 net_connect(const char *host, int port, const char *socket,
	    const char *source_ip, long timeout, long io_timeout, int *fd,
	    char **errstr);

/*
 * The peer's name by a reverse lookup (or NULL) and its numeric address
 * (NULL for a local socket), allocated. For msmtp's --serverinfo.
 */
void	 net_peer(int fd, char **name, char **address);

/*
 * Reads what is there (waiting at most timeout seconds): bytes read, 0 at
 * the end, -1 with errno (ETIMEDOUT for the timeout).
 */
ssize_t	 net_read(int fd, void *, size_t, long timeout);
/* Writes everything (never raising SIGPIPE): 0, or -1 with errno. */
int	 net_write(int fd, const void *, size_t);

#endif
