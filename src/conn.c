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
    const struct deadline *dl, const atomic_bool *cancel,
    enum fail_reason *why, char *err, size_t errlen)
{
	enum starttls_proto st;
	int fd;

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
