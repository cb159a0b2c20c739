/*
 * conn.c: the route to a TLS handshake (see conn.h).
 *
 * One place decides how a probe reaches a server's TLS: the direct TCP
 * connection now; the proxy and the STARTTLS steps join it here, so no
 * backend, the scanner or the chain fetch learns of them. The route is
 * written by conn_configure before workers start and only read after.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "conn.h"
#include "net.h"
#include "options.h"
#include "ratelimit.h"
#include "resolver.h"
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

/* The proxy's address: a literal, a --resolve entry, or the resolver. */
static enum status
resolve_proxy(const struct options *o, struct proxy_config *px, char *err,
    size_t errlen)
{
	struct resolver_opts ro;
	struct resolve_result rr;
	char why[RESULT_TEXT_MAX];
	enum status st;
	size_t i;

	if (px->host_is_literal)
		return ST_OK;
	for (i = 0; i < o->n_resolve; i++)
		if (strcasecmp(o->resolve[i].host, px->host) == 0 &&
		    o->resolve[i].port == px->port &&
		    o->resolve[i].n_addrs > 0) {
			px->addr = o->resolve[i].addrs[0];
			return ST_OK;
		}
	memset(&ro, 0, sizeof ro);
	ro.servers = o->n_dns > 0 ? o->dns : NULL;
	ro.n_servers = o->n_dns;
	ro.family = o->family;
	ro.timeout_ms = o->timeout_ms;
	memset(&rr, 0, sizeof rr);
	st = resolver_run(px->host, &ro, NULL, &rr, why, sizeof why);
	if (st == ST_OK && rr.n_addrs > 0)
		px->addr = rr.addrs[0].addr;
	else {
		snprintf(err, errlen, "--proxy: cannot resolve the proxy %.100s: "
		    "%.150s", px->host, why);
		if (st == ST_OK)
			st = ST_ENODATA;
	}
	resolve_result_cleanup(&rr);
	return st;
}

static const char *
env_get(const char *name)
{
	return getenv(name);
}

enum status
conn_setup(const struct options *o, char *err, size_t errlen)
{
	struct conn_config cfg;
	const char *url = o->proxy_url, *var = "--proxy";
	char why[RESULT_TEXT_MAX];
	enum status st;

	memset(&cfg, 0, sizeof cfg);
	cfg.starttls = o->starttls;
	if (url == NULL && o->proxy_env)
		url = proxy_from_env(o->target.host, env_get, &var);
	if (url != NULL) {
		if (proxy_parse(url, &cfg.proxy, why, sizeof why) != ST_OK) {
			/* why begins "--proxy: "; name the variable */
			snprintf(err, errlen, "%s: %s", var,
			    strncmp(why, "--proxy: ", 9) == 0 ? why + 9 : why);
			return ST_EINVAL;
		}
		st = resolve_proxy(o, &cfg.proxy, err, errlen);
		if (st != ST_OK)
			return st;
	}
	conn_configure(&cfg);
	return ST_OK;
}

void
conn_describe(char *buf, size_t len)
{
	proxy_describe(&route.proxy, buf, len);
}

/* A failure to reach the proxy is the proxy's, not the server's. */
static enum fail_reason
proxy_connect_reason(enum fail_reason r)
{
	switch (r) {
	case REASON_REFUSED:
	case REASON_UNREACHABLE:
	case REASON_RESET:
		return REASON_PROXY_UNREACHABLE;
	default:
		return r;	/* timeout, local */
	}
}

int
conn_open_plain(const struct netaddr *addr, uint16_t port,
    const struct deadline *dl, const atomic_bool *cancel,
    enum fail_reason *why, char *err, size_t errlen)
{
	const struct proxy_config *px = &route.proxy;
	char pe[RESULT_TEXT_MAX], where[96];
	int fd;

	if (px->kind == PROXY_NONE)
		return net_connect(addr, port, dl, cancel, why, err, errlen);
	fd = net_connect(&px->addr, px->port, dl, cancel, why, pe, sizeof pe);
	if (fd < 0) {
		*why = proxy_connect_reason(*why);
		snprintf(err, errlen, "proxy %.150s", pe);
		return -1;
	}
	if (!proxy_tunnel(px, fd, addr, port, dl, cancel, why, pe, sizeof pe)) {
		proxy_describe(px, where, sizeof where);
		snprintf(err, errlen, "%.180s (proxy %s)", pe, where);
		close(fd);
		return -1;
	}
	return fd;
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
	fd = conn_open_plain(addr, port, dl, cancel, why, err, errlen);
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
