/*
 * net.c: non-blocking TCP connect, waits and listeners (see net.h).
 *
 * Callers: the probe backends (net_connect, net_wait) on worker threads,
 * and the demo and tests (net_listen). Each socket has one owner thread.
 * Every wait is a poll() of at most NET_SLICE_MS so that a cancel flag set
 * by the main thread is seen within one slice; no call blocks beyond the
 * caller's deadline.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "net.h"
#include "ratelimit.h"

/* strerror_r in its XSI form (we build with _POSIX_C_SOURCE, no GNU). */
static const char *
errtext(int e, char *buf, size_t len)
{
	if (strerror_r(e, buf, len) != 0)
		snprintf(buf, len, "error %d", e);
	return buf;
}

/* Fills a sockaddr for addr:port; returns its length, 0 if unusable. */
static socklen_t
to_sockaddr(const struct netaddr *a, uint16_t port,
    struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof *ss);
	if (a->family == NETADDR_V4) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		memcpy(&sin->sin_addr, a->bytes, 4);
		return sizeof *sin;
	}
	if (a->family == NETADDR_V6) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		memcpy(&sin6->sin6_addr, a->bytes, 16);
		/* A link-local address means nothing without its interface. */
		sin6->sin6_scope_id = a->scope_id;
		return sizeof *sin6;
	}
	return 0;
}

/* A TCP socket that is close-on-exec and, if asked, non-blocking. */
static int
tcp_socket(int family, bool nonblock)
{
	int fd, fl;

#if defined(SOCK_CLOEXEC) && defined(SOCK_NONBLOCK)
	fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC |
	    (nonblock ? SOCK_NONBLOCK : 0), 0);
	if (fd >= 0 || errno != EINVAL)
		return fd;
#endif
	/* Kernels without the type flags: set them afterwards. */
	fd = socket(family, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	if (fcntl(fd, F_SETFD, FD_CLOEXEC) == -1)
		goto fail;
	if (nonblock && ((fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl | O_NONBLOCK) == -1))
		goto fail;
	return fd;
fail:
	close(fd);
	return -1;
}

/* Maps a connect(2) errno to the reason a cell shows. */
static enum fail_reason
connect_reason(int e)
{
	switch (e) {
	case ECONNREFUSED:
		return REASON_REFUSED;
	case ETIMEDOUT:
		return REASON_TIMEOUT;
	case ENETUNREACH:
	case EHOSTUNREACH:
	case EADDRNOTAVAIL:
	case ENETDOWN:
		return REASON_UNREACHABLE;
	case ECONNRESET:
		return REASON_RESET;
	default:
		return REASON_LOCAL;
	}
}

int
net_wait(int fd, short events, const struct deadline *dl,
    const atomic_bool *cancel)
{
	struct pollfd pfd;
	int left, slice, r;

	for (;;) {
		if (cancel != NULL && atomic_load(cancel))
			return -1;
		if (dl != NULL) {
			left = deadline_left_ms(dl);
			if (left == 0)
				return 0;
			slice = left < NET_SLICE_MS ? left : NET_SLICE_MS;
		} else
			slice = NET_SLICE_MS;
		pfd.fd = fd;
		pfd.events = events;
		pfd.revents = 0;
		r = poll(&pfd, 1, slice);
		if (r > 0) {
			/*
			 * POLLERR and POLLHUP count as ready: the caller's next
			 * read, write or SO_ERROR tells it what happened.
			 */
			return 1;
		}
		if (r < 0 && errno != EINTR)
			return -1;
	}
}

int
net_connect(const struct netaddr *addr, uint16_t port,
    struct deadline *dl, const atomic_bool *cancel,
    enum fail_reason *why, char *err, size_t errlen)
{
	struct sockaddr_storage ss;
	char where[NETADDR_TEXT_MAX + 8], ebuf[128];
	socklen_t sslen, elen;
	int fd, e = 0, r;
	int64_t waited;

	netaddr_format_port(addr, port, where, sizeof where);
	*why = REASON_LOCAL;
	if ((waited = ratelimit_wait(addr, cancel)) < 0) {
		status_set_err(err, errlen, "%s: cancelled", where);
		return -1;
	}
	dl->at_ms += (uint64_t)waited;
	sslen = to_sockaddr(addr, port, &ss);
	if (sslen == 0) {
		status_set_err(err, errlen, "%s: not an IPv4 or IPv6 address", where);
		return -1;
	}
	/* RFC 4007 §6: without a zone the kernel cannot pick a link. */
	if (addr->family == NETADDR_V6 && addr->bytes[0] == 0xfe &&
	    (addr->bytes[1] & 0xc0) == 0x80 && addr->scope_id == 0) {
		status_set_err(err, errlen, "%s: a link-local address needs a zone "
		    "(e.g. fe80::1%%eth0)", where);
		return -1;
	}
	fd = tcp_socket(ss.ss_family, true);
	if (fd < 0) {
		e = errno;
		/* No IPv6 in this kernel or namespace: unreachable. */
		if (e == EAFNOSUPPORT)
			*why = REASON_UNREACHABLE;
		status_set_err(err, errlen, "%s: socket: %s", where,
		    errtext(e, ebuf, sizeof ebuf));
		return -1;
	}

	if (connect(fd, (struct sockaddr *)&ss, sslen) == 0) {
		*why = REASON_NONE;
		return fd;
	}
	/* EINTR leaves the connection in progress, like EINPROGRESS. */
	if (errno != EINPROGRESS && errno != EINTR) {
		e = errno;
		goto fail;
	}

	r = net_wait(fd, POLLOUT, dl, cancel);
	if (r == 0) {
		*why = REASON_TIMEOUT;
		status_set_err(err, errlen, "%s: connect timed out", where);
		goto out;
	}
	if (r < 0) {
		*why = REASON_LOCAL;
		if (cancel != NULL && atomic_load(cancel))
			status_set_err(err, errlen, "%s: cancelled", where);
		else
			status_set_err(err, errlen, "%s: poll: %s", where,
			    errtext(errno, ebuf, sizeof ebuf));
		goto out;
	}
	/* Writable: SO_ERROR holds the outcome of the handshake. */
	elen = sizeof e;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &elen) == -1)
		e = errno;
	if (e == 0) {
		*why = REASON_NONE;
		return fd;
	}
fail:
	*why = connect_reason(e);
	switch (*why) {
	case REASON_REFUSED:
		status_set_err(err, errlen, "%s: connection refused", where);
		break;
	case REASON_TIMEOUT:
		status_set_err(err, errlen, "%s: connect timed out", where);
		break;
	default:
		status_set_err(err, errlen, "%s: connect: %s", where,
		    errtext(e, ebuf, sizeof ebuf));
		break;
	}
out:
	close(fd);
	return -1;
}

int
net_listen(const struct netaddr *addr, uint16_t port, uint16_t *bound_port,
    char *err, size_t errlen)
{
	struct sockaddr_storage ss;
	char where[NETADDR_TEXT_MAX + 8], ebuf[128];
	socklen_t sslen;
	int fd, on = 1;

	netaddr_format_port(addr, port, where, sizeof where);
	sslen = to_sockaddr(addr, port, &ss);
	if (sslen == 0) {
		status_set_err(err, errlen, "%s: not an IPv4 or IPv6 address", where);
		return -1;
	}
	fd = tcp_socket(ss.ss_family, false);
	if (fd < 0) {
		status_set_err(err, errlen, "%s: socket: %s", where,
		    errtext(errno, ebuf, sizeof ebuf));
		return -1;
	}
	/* Restarted tests and demos must not wait out TIME_WAIT. */
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) == -1 ||
	    bind(fd, (struct sockaddr *)&ss, sslen) == -1) {
		status_set_err(err, errlen, "%s: bind: %s", where,
		    errtext(errno, ebuf, sizeof ebuf));
		goto fail;
	}
	if (listen(fd, 128) == -1) {
		status_set_err(err, errlen, "%s: listen: %s", where,
		    errtext(errno, ebuf, sizeof ebuf));
		goto fail;
	}
	if (bound_port != NULL) {
		sslen = sizeof ss;
		if (getsockname(fd, (struct sockaddr *)&ss, &sslen) == -1) {
			status_set_err(err, errlen, "%s: getsockname: %s", where,
			    errtext(errno, ebuf, sizeof ebuf));
			goto fail;
		}
		*bound_port = ntohs(ss.ss_family == AF_INET6 ?
		    ((struct sockaddr_in6 *)&ss)->sin6_port :
		    ((struct sockaddr_in *)&ss)->sin_port);
	}
	return fd;
fail:
	close(fd);
	return -1;
}
