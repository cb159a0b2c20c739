/*
 * probe.h: one client profile against one address, one handshake.
 *
 * probe_run connects to the address and performs the handshake the profile
 * describes, then applies the profile's policy (chain, hostname, key and
 * DH sizes) to what the server answered. It cannot fail: every outcome,
 * including our own errors, is written into the result. Called on worker
 * threads; the job is a copy, the profile and the trust store are shared
 * read-only.
 *
 * Backends fill struct probe_ops (src/probe_int.h), the split curl uses for
 * its TLS backends; the walking skeleton has one, a real OpenSSL handshake.
 */
#ifndef TLSMATRIX_PROBE_H
#define TLSMATRIX_PROBE_H

#include <stdatomic.h>
#include <stdint.h>

#include "netaddr.h"
#include "profile.h"
#include "result.h"
#include "status.h"

/* Trust anchors and other state shared by every probe of a run. */
struct probe_env;

struct probe_job {
	struct netaddr		 addr;
	uint16_t		 port;
	const struct profile	*profile;	/* shared, immutable */
	const struct probe_env	*env;		/* shared, immutable */
	const char		*host;		/* target name: SNI, hostname check */
	int			 timeout_ms;	/* whole probe */
};

/*
 * Builds the shared state once, before workers start. ca_file (PEM) or
 * ca_pem (PEM text in memory) replaces the system's trust store; both NULL
 * means the system store. err explains a failure.
 */
enum status	probe_env_new(const char *ca_file, const char *ca_pem,
		    struct probe_env **out, char *err, size_t errlen);
void		probe_env_free(struct probe_env *env);

/* Runs one probe; *cancel ends it early with PROBE_CANCELED. */
void		probe_run(const struct probe_job *job, const atomic_bool *cancel,
		    struct probe_result *out);

#endif
