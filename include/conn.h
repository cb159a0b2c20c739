/*
 * conn.h: the one door every probe and scan connection goes through.
 *
 * conn_open is net_connect plus what stands between a client and the TLS
 * handshake on some networks and services: a proxy (HTTP CONNECT,
 * SOCKS5) and a plaintext STARTTLS exchange. It returns a socket on which
 * the next byte written is the ClientHello. The route is the same for
 * every connection of a run: conn_configure sets it once, on the main
 * thread, before any worker starts; after that it is read-only, so
 * workers read it without a lock. Worker threads call conn_open.
 */
#ifndef TLSMATRIX_CONN_H
#define TLSMATRIX_CONN_H

#include <stdatomic.h>
#include <stdint.h>

#include "clock.h"
#include "netaddr.h"
#include "proxy.h"
#include "result.h"
#include "starttls.h"

struct conn_config {
	int	reserved;	/* the proxy and STARTTLS settings go here */
	struct proxy_config proxy;	/* --proxy; kind PROXY_NONE: direct */
	enum starttls_proto starttls;	/* --starttls; STARTTLS_AUTO: each
					 * connection by its port
					 * (starttls_effective) */
};

/* Sets the route of every later conn_open. Main thread, before workers
 * start; NULL restores direct connections. The struct is copied. */
void	conn_configure(const struct conn_config *cfg);

/*
 * Opens a connection to addr:port along the configured route and returns
 * a connected non-blocking close-on-exec socket ready for the
 * ClientHello (*why = REASON_NONE), or -1 with *why and err set as
 * net_connect sets them, or with a reason of the route's own step
 * (starttls_run's). host is the target's name (XMPP's stream to=), or
 * NULL. The connection first waits for its turn under --rate and
 * --rate-per-address (ratelimit.h), counted against addr; *dl moves
 * later by that wait, so a probe's timeout counts from its connection's
 * start.
 */
int	conn_open(const struct netaddr *addr, uint16_t port, const char *host,
	    struct deadline *dl, const atomic_bool *cancel,
	    enum fail_reason *why, char *err, size_t errlen);

struct options;

/* The route's proxy as snapshots may show it, credentials as three
 * asterisks each (proxy_describe), or "" when direct. */
void	conn_describe(char *buf, size_t len);

/*
 * The route of a run from its options: --proxy, or with --proxy-env the
 * environment's https_proxy/ALL_PROXY unless NO_PROXY covers the target;
 * a proxy named by host name is resolved here, once, with the run's
 * --resolve and --dns (resolver_global_init first). Then conn_configure.
 * ST_EINVAL for a bad URL in the environment (err names the variable),
 * another status when the proxy's name does not resolve. Main thread,
 * before workers start.
 */
enum status conn_setup(const struct options *o, char *err, size_t errlen);

/*
 * The route's proxy alone, without STARTTLS: a plain TCP stream to
 * addr:port for the AIA fetches, which go through --proxy as a client
 * behind that proxy would fetch them. Same contract as conn_open.
 */
int	conn_open_plain(const struct netaddr *addr, uint16_t port,
	    const struct deadline *dl, const atomic_bool *cancel,
	    enum fail_reason *why, char *err, size_t errlen);
/* The STARTTLS protocol conn_open runs on port (STARTTLS_NONE: direct
 * TLS). For the front ends. */
enum starttls_proto conn_starttls(uint16_t port);

#endif
