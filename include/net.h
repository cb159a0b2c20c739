/*
 * net.h: TCP sockets against a deadline and a cancel flag.
 *
 * Every socket is non-blocking; every wait is a poll() in slices of at most
 * NET_SLICE_MS so that cancellation is noticed promptly. Sends use
 * MSG_NOSIGNAL. Called by worker threads; each socket has one owner.
 */
#ifndef TLSMATRIX_NET_H
#define TLSMATRIX_NET_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "clock.h"
#include "netaddr.h"
#include "result.h"

#define NET_SLICE_MS	200

/*
 * Opens a TCP connection to addr:port. Returns a connected non-blocking
 * close-on-exec socket (*why = REASON_NONE), or -1 with *why set to
 * REASON_REFUSED, REASON_TIMEOUT, REASON_UNREACHABLE, REASON_RESET or
 * REASON_LOCAL and err filled ("127.0.0.1:443: connection refused").
 * A set *cancel ends the wait early (*why = REASON_LOCAL, "cancelled").
 * cancel may be NULL. The connection first waits for its turn under
 * --rate and --rate-per-address (ratelimit.h); *dl moves later by that
 * wait, so a probe's timeout counts from its connection's start.
 */
int	net_connect(const struct netaddr *addr, uint16_t port,
	    struct deadline *dl, const atomic_bool *cancel,
	    enum fail_reason *why, char *err, size_t errlen);

/*
 * Waits until fd is ready for events (POLLIN/POLLOUT). Returns 1 when ready,
 * 0 at the deadline, -1 when cancelled or poll failed.
 */
int	net_wait(int fd, short events, const struct deadline *dl,
	    const atomic_bool *cancel);

/* Creates a listening TCP socket on addr:port (port 0: any); -1 on error.
 * *bound_port receives the port. Used by the demo and the tests. The
 * socket is blocking, close-on-exec, SO_REUSEADDR, backlog 128. */
int	net_listen(const struct netaddr *addr, uint16_t port,
	    uint16_t *bound_port, char *err, size_t errlen);

#endif
