/*
 * conn.c: the route to a TLS handshake (see conn.h).
 *
 * One place decides how a probe reaches a server's TLS: the direct TCP
 * connection now; the proxy and the STARTTLS steps join it here, so no
 * backend, the scanner or the chain fetch learns of them. The route is
 * written by conn_configure before workers start and only read after.
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "conn.h"
#include "net.h"
#include "ratelimit.h"
#include "status.h"

static struct conn_config route;

void
conn_configure(const struct conn_config *cfg)
{
	if (cfg == NULL)
		memset(&route, 0, sizeof route);
	else
		route = *cfg;
}

enum starttls_proto
conn_starttls(uint16_t port)
{
	return starttls_effective(route.starttls, port);
}

int
conn_open(const struct netaddr *addr, uint16_t port, const char *host,
    struct deadline *dl, const atomic_bool *cancel,
    enum fail_reason *why, char *err, size_t errlen)
{
	char where[NETADDR_TEXT_MAX + 8];
	enum starttls_proto st;
	int64_t waited;
	int fd;

	if ((waited = ratelimit_wait(addr, cancel)) < 0) {
		netaddr_format_port(addr, port, where, sizeof where);
		*why = REASON_LOCAL;
		status_set_err(err, errlen, "%s: cancelled", where);
		return -1;
	}
	dl->at_ms += (uint64_t)waited;
	fd = net_connect(addr, port, dl, cancel, why, err, errlen);
	if (fd < 0)
		return -1;
	/* STARTTLS: after the TCP connection (and a proxy's tunnel), before
	 * the ClientHello; --starttls, or the port's protocol */
	st = starttls_effective(route.starttls, port);
	if (!starttls_run(fd, st, host, dl, cancel, why, err, errlen)) {
		close(fd);
		return -1;
	}
	return fd;
}
