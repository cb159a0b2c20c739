/*
 * resolver.h: a name to every address it has, with c-ares.
 *
 * One blocking call per resolution, run on a worker thread; each call
 * creates and destroys its own c-ares channel (c-ares 1.18 channels are not
 * meant to be shared across threads). Asks for A and AAAA, keeps every
 * address de-duplicated with the TTL of each: IPv4 first, then IPv6, each
 * in the order first seen (the A and AAAA replies race, so a plain arrival
 * order would change from run to run). Uses the system's resolvers and
 * hosts file unless servers are given; with servers, only those, for the
 * exact name (no hosts file, no search list).
 * No c-ares type appears here.
 */
#ifndef TLSMATRIX_RESOLVER_H
#define TLSMATRIX_RESOLVER_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "netaddr.h"
#include "status.h"

#define RESOLVER_MAX_ADDRS	256	/* addresses kept per name */
#define RESOLVER_MAX_CNAMES	16	/* CNAME hops kept per name */

enum resolver_family {
	RESOLVER_ANY = 0,	/* A and AAAA */
	RESOLVER_V4,		/* -4 */
	RESOLVER_V6,		/* -6 */
};

struct resolver_opts {
	const struct dns_server	*servers;	/* NULL: the system's */
	size_t			 n_servers;
	enum resolver_family	 family;
	int			 timeout_ms;	/* whole resolution */
};

struct resolved_addr {
	struct netaddr	addr;
	uint32_t	ttl;		/* seconds; 0 when unknown */
};

struct resolve_result {
	struct resolved_addr	*addrs;		/* owned; n_addrs entries */
	size_t			 n_addrs;
	bool			 truncated;	/* RESOLVER_MAX_ADDRS hit: the
						 * answer had more, dropped */
	char			*canonical;	/* end of the CNAME chain, or NULL */
	/* The CNAME chain in order, without the name asked: for a -> b -> c,
	 * { "b", "c" }; the last is canonical. Owned strings. */
	char			**cname_chain;
	size_t			 n_cname;
	/* Set on failure (also when out is otherwise empty): a stable name
	 * for the cause, see resolver_run. NULL on success. Static. */
	const char		*reason;
};

/*
 * Resolves name. On ST_OK, out has at least one address. Otherwise err is
 * one line naming the resolver and the cause (NXDOMAIN, SERVFAIL, timeout,
 * no A/AAAA records ...): ST_ENOENT, ST_ENODATA, ST_ETIMEDOUT, ST_EIO, and
 * out->reason names it: "nxdomain", "nodata", "servfail", "refused",
 * "notimp", "formerr", "timeout", "malformed", "truncated" (TC set and the
 * TCP retry failed), "cname-loop", "unreachable", "bad-name", "cancelled",
 * "error". A set *cancel ends it early with ST_ECANCELED. The caller frees
 * out with resolve_result_cleanup in every case.
 */
enum status	resolver_run(const char *name, const struct resolver_opts *opts,
		    const atomic_bool *cancel, struct resolve_result *out,
		    char *err, size_t errlen);
void		resolve_result_cleanup(struct resolve_result *r);

/* Once per process, before any thread calls resolver_run. */
enum status	resolver_global_init(char *err, size_t errlen);
void		resolver_global_cleanup(void);

/* The c-ares this process runs with ("1.18.1"): ares_version at run
 * time, for --version. Any thread. */
const char	*resolver_library_version(void);

#endif
