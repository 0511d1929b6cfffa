/*
 * net.c: the connection to the server, before any TLS: host and port (each
 * address the name resolves to, in order) or a local socket, an optional
 * source address, and time limits on connecting, reading and writing.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <netinet/in.h>

#include "common.h"
#include "net.h"

/* Waits for fd to become ready for events; 1, 0 on timeout, -1. */
static int
net_wait(int fd, short events, long timeout)
{
	struct pollfd p;
	int r;

	p.fd = fd;
	p.events = events;
	do
		r = poll(&p, 1, timeout > 0 ? (int)(timeout * 1000) : -1);
	while (r == -1 && errno == EINTR);
	return r;
}

/* Connects fd within timeout seconds: 0, or -1 with errno. */
static int
net_connect_fd(int fd, const struct sockaddr *sa, socklen_t len, long timeout)
{
	int flags = fcntl(fd, F_GETFL), err = 0, r;
	socklen_t elen = sizeof(err);

	if (flags == -1 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) == -1)
		return -1;
	if (connect(fd, sa, len) == -1) {
		if (errno != EINPROGRESS)
			return -1;
		if ((r = net_wait(fd, POLLOUT, timeout)) <= 0) {
			errno = r == 0 ? ETIMEDOUT : errno;
			return -1;
		}
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) == -1)
			return -1;
		if (err != 0) {
			errno = err;
			return -1;
		}
	}
	return fcntl(fd, F_SETFL, flags);
}

/* Writes do not wait longer than timeout seconds. */
static void
net_send_timeout(int fd, long timeout)
{
	struct timeval tv;

	if (timeout <= 0)
		return;
	tv.tv_sec = timeout;
	tv.tv_usec = 0;
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

static int
net_unix(const char *path, long timeout, int *fd, char **errstr)
{
	struct sockaddr_un sun;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		*errstr = xasprintf("the socket name %s is too long", path);
		return NET_ECONNECT;
	}
	strcpy(sun.sun_path, path);
	if ((*fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1 ||
	    net_connect_fd(*fd, (struct sockaddr *)&sun, sizeof(sun),
	    timeout) == -1) {
		*errstr = xasprintf("cannot connect to %s: %s", path,
		    strerror(errno));
		if (*fd != -1)
			close(*fd);
		*fd = -1;
		return errno == ETIMEDOUT ? NET_ETIMEOUT : NET_ECONNECT;
	}
	return NET_OK;
}

/* Binds fd to source (a numeric address of the same family). */
static int
net_bind(int fd, int family, const char *source, char **errstr)
{
	struct addrinfo hints, *ai;
	int rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = family;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST | AI_PASSIVE;
	if ((rc = getaddrinfo(source, NULL, &hints, &ai)) != 0) {
		*errstr = xasprintf("cannot use source address %s: %s", source,
		    gai_strerror(rc));
		return -1;
	}
	rc = bind(fd, ai->ai_addr, ai->ai_addrlen);
	freeaddrinfo(ai);
	if (rc == -1) {
		*errstr = xasprintf("cannot bind to source address %s: %s",
		    source, strerror(errno));
		return -1;
	}
	return 0;
}

int
net_connect(const char *host, int port, const char *socket_path,
    const char *source, long timeout, long io_timeout, int *fd,
    char **errstr)
{
	struct addrinfo hints, *res, *ai;
	char service[16], *why = NULL;
	int rc, err = NET_ECONNECT;

	*fd = -1;
	if (socket_path != NULL) {
		if ((rc = net_unix(socket_path, timeout, fd, errstr)) == NET_OK)
			net_send_timeout(*fd, io_timeout);
		return rc;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_ADDRCONFIG;
	snprintf(service, sizeof(service), "%d", port);
	if ((rc = getaddrinfo(host, service, &hints, &res)) != 0) {
		*errstr = xasprintf("cannot locate host %s: %s", host,
		    rc == EAI_SYSTEM ? strerror(errno) : gai_strerror(rc));
		return rc == EAI_NONAME || rc == EAI_FAIL
#ifdef EAI_NODATA
		    || rc == EAI_NODATA
#endif
		    ? NET_ENOHOST : NET_ECONNECT;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		free(why);
		why = NULL;
		if ((*fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
		    ai->ai_protocol)) == -1) {
			why = xstrdup(strerror(errno));
			continue;
		}
		if (source != NULL &&
		    net_bind(*fd, ai->ai_family, source, &why) == -1) {
			err = NET_ESOURCE;
			close(*fd);
			*fd = -1;
			continue;
		}
		if (net_connect_fd(*fd, ai->ai_addr, ai->ai_addrlen,
		    timeout) == 0)
			break;
		err = errno == ETIMEDOUT ? NET_ETIMEOUT : NET_ECONNECT;
		why = xstrdup(errno == ETIMEDOUT ? "the operation timed out" :
		    strerror(errno));
		close(*fd);
		*fd = -1;
	}
	freeaddrinfo(res);
	if (*fd == -1) {
		*errstr = err == NET_ESOURCE ? why : xasprintf("cannot connect "
		    "to %s, port %d: %s", host, port, why != NULL ? why :
		    "no address");
		if (err != NET_ESOURCE)
			free(why);
		return err;
	}
	free(why);
	net_send_timeout(*fd, io_timeout);
	return NET_OK;
}

void
net_peer(int fd, char **name, char **address)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char host[NI_MAXHOST];

	*name = *address = NULL;
	if (getpeername(fd, (struct sockaddr *)&ss, &len) == -1 ||
	    (ss.ss_family != AF_INET && ss.ss_family != AF_INET6))
		return;
	if (getnameinfo((struct sockaddr *)&ss, len, host, sizeof(host), NULL,
	    0, NI_NAMEREQD) == 0)
		*name = xstrdup(host);
	if (getnameinfo((struct sockaddr *)&ss, len, host, sizeof(host), NULL,
	    0, NI_NUMERICHOST) == 0)
		*address = xstrdup(host);
}

ssize_t
net_read(int fd, void *buf, size_t len, long timeout)
{
	ssize_t n;
	int r;

	if ((r = net_wait(fd, POLLIN, timeout)) <= 0) {
		if (r == 0)
			errno = ETIMEDOUT;
		return -1;
	}
	do
		n = recv(fd, buf, len, 0);
	while (n == -1 && errno == EINTR);
	return n;
}

int
net_write(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t n;

	while (len > 0) {
		n = send(fd, p, len, MSG_NOSIGNAL);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			errno = ETIMEDOUT;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}
