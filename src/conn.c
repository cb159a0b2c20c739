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

int
conn_open(const struct netaddr *addr, uint16_t port,
    const struct deadline *dl, const atomic_bool *cancel,
    enum fail_reason *why, char *err, size_t errlen)
{
	return net_connect(addr, port, dl, cancel, why, err, errlen);
}
