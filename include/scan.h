/*
 * scan.h: server enumeration, the way sslscan and testssl.sh do it, with
 * fewer connections.
 *
 * For one address: which protocol versions it accepts, every suite it
 * accepts per version (from the whole IANA list, in chunks servers
 * tolerate, by elimination), whether it enforces its own order and that
 * order, the groups it accepts (TLS 1.2 curves and TLS 1.3 groups, HRR
 * noticed), the certificate chain (for TLS 1.3 through one real OpenSSL
 * handshake) and the DH size. Runs on a worker thread as one pool job;
 * connections are sequential, so it holds one of the address's slots.
 */
#ifndef TLSMATRIX_SCAN_H
#define TLSMATRIX_SCAN_H

#include <stdatomic.h>
#include <stdint.h>

#include "netaddr.h"
#include "probe.h"
#include "server.h"

struct scan_job {
	struct netaddr		 addr;
	uint16_t		 port;
	const char		*sni;		/* NULL: none */
	int			 timeout_ms;	/* per connection */
	const struct probe_env	*env;		/* for the OpenSSL handshake */
};

/* Enumerates job->addr into out (initialised here). Cannot fail: an
 * unreachable server is out->error_reason with out->error. */
void	scan_run(const struct scan_job *job, const atomic_bool *cancel,
	    struct server_info *out);

#endif
