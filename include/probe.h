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
 * its TLS backends: a real OpenSSL handshake (probe_ossl.c) and the
 * profile's own ClientHello (probe_raw.c).
 */
#ifndef TLSMATRIX_PROBE_H
#define TLSMATRIX_PROBE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "netaddr.h"
#include "profile.h"
#include "result.h"
#include "status.h"

/* Trust anchors and other state shared by every probe of a run. */
struct probe_env;

/*
 * Which backend decides a cell. OpenSSL performs a real handshake with
 * what the local OpenSSL can offer; "hello" sends the profile's own
 * ClientHello byte for byte (hello_io.h) and judges the server's answer.
 */
enum probe_backend {
	PROBE_BACKEND_DEFAULT = 0,	/* "hello": it matches the real
					 * clients (tests/e2e/fidelity.sh) */
	PROBE_BACKEND_OPENSSL,
	PROBE_BACKEND_HELLO,
};

struct probe_job {
	struct netaddr		 addr;
	uint16_t		 port;
	const struct profile	*profile;	/* shared, immutable */
	const struct probe_env	*env;		/* shared, immutable */
	const char		*host;		/* target name: SNI, hostname check */
	int			 timeout_ms;	/* whole probe */
	enum probe_backend	 backend;	/* 0: the default */
};

/*
 * Builds the shared state once, before workers start. ca_file (PEM) or
 * ca_pem (PEM text in memory) replaces the system's trust store; both NULL
 * means the system store. err explains a failure.
 */
enum status	probe_env_new(const char *ca_file, const char *ca_pem,
		    struct probe_env **out, char *err, size_t errlen);
void		probe_env_free(struct probe_env *env);
/*
 * --cert FILE --key FILE (PEM; RSA, ECDSA or Ed25519): the certificate
 * every profile presents when a server asks for one. Main thread, before
 * workers start. ST_EIO / ST_EINVAL with err naming the file that does
 * not load or a key that does not match the certificate.
 */
enum status	probe_env_set_client_cert(struct probe_env *env,
		    const char *cert_file, const char *key_file, char *err,
		    size_t errlen);

/*
 * What decides each profile's trust store and the AIA fetches (issue
 * #14). With ca_file (--ca-file) or ca_pem (the demo) every profile
 * trusts exactly that. Otherwise a profile verifies against its
 * trust_store ids: "system" is system_store (--system-store FILE; NULL:
 * this machine's), any other id trust_dir/ID.pem, and an override
 * (--trust ID=FILE) replaces the whole list of the profile ID. A file
 * given on the command line that cannot be read is an error (err names
 * it); a store of trust_dir that is not installed fails only the cells
 * of the profiles that need it (a local error naming the file).
 */
struct probe_trust_override {
	char		 profile_id[64];
	const char	*file;
};

struct probe_env_config {
	const char	*ca_file;
	const char	*ca_pem;
	const char	*system_store;
	const char	*trust_dir;
	const struct probe_trust_override *overrides;
	size_t		 n_overrides;
	const struct profile *const *profiles;	/* every profile the run
						 * may probe */
	size_t		 n_profiles;
	bool		 no_fetch;		/* --no-fetch */
	const struct resolve_entry *resolve;	/* --resolve, for AIA hosts */
	size_t		 n_resolve;
	const struct dns_server *dns;		/* --dns */
	size_t		 n_dns;
	int		 family;		/* enum resolver_family */
	bool		 may_resolve;		/* AIA names may be resolved
						 * (else only literals and
						 * --resolve) */
};

enum status	probe_env_build(const struct probe_env_config *cfg,
		    struct probe_env **out, char *err, size_t errlen);
/* The label of p's store in env ("system", "node-20", "ca-file"). */
const char	*probe_env_store_label(const struct probe_env *env,
		    const struct profile *p);

/* Runs one probe; *cancel ends it early with PROBE_CANCELED. */
void		probe_run(const struct probe_job *job, const atomic_bool *cancel,
		    struct probe_result *out);

/*
 * Sharing one exchange among profiles that send the same ClientHello and
 * differ only in policy (issue #10).
 *
 * probe_share_key writes into key (cap bytes) what identifies p's hello
 * to host under the hello backend: its bytes as sent to host (the SNI
 * rule included), with the values drawn per connection zeroed (random,
 * session id, key share keys). Profiles with equal keys put the same
 * bytes on the wire but for those. false, with no key, for a hello that
 * draws more per connection (GREASE, a shuffled order, GREASE ECH) or
 * does not fit cap: such a profile is never shared. Pure; any thread.
 */
#define PROBE_SHARE_KEY_MAX	(32 * 1024)
bool		probe_share_key(const struct profile *p, const char *host,
		    uint8_t *key, size_t cap, size_t *len);

/*
 * One exchange with profiles[0]'s hello (and, as probe_run would, its
 * HelloRetryRequest retry and, for TLS 1.3, one certificate fetch),
 * judged once per profile: out[i] (n results) with profiles[i]'s
 * policy, as probe_run with job->profile = profiles[i] would judge that
 * answer. The profiles must have equal share keys. job->profile is
 * ignored. With n > 1 each detail names the profiles that shared. The
 * OpenSSL backend shares nothing: it runs n probes.
 */
void		probe_run_shared(const struct probe_job *job,
		    const struct profile *const *profiles, size_t n,
		    const atomic_bool *cancel, struct probe_result *out);

/* "openssl" or "hello"; NULL for an unknown value. */
const char	*probe_backend_name(enum probe_backend b);
/* Parses "openssl" or "hello"; false if neither. */
bool		 probe_backend_parse(const char *s, enum probe_backend *out);
/* Whether backend b can judge one exchange for several profiles that
 * send the same hello (probe_run_shared shares it). */
bool		 probe_backend_shares(enum probe_backend b);

/* The OpenSSL this process runs with ("OpenSSL 3.0.17 1 Jul 2025"):
 * OpenSSL_version at run time, for --version. Any thread. */
const char	*probe_tls_library_version(void);

#endif
