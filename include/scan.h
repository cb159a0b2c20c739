/*
 * scan.h: server enumeration, the way sslscan and testssl.sh do it, with
 * fewer connections.
 *
 * For one address: which protocol versions it accepts, every suite it
 * accepts per version (from the whole IANA list, in chunks servers
 * tolerate, by elimination), whether it enforces its own order and that
 * order, the groups it accepts (TLS 1.2 curves and TLS 1.3 groups, HRR
 * noticed), the certificate chain (for TLS 1.3 through one real OpenSSL
 * handshake) and the DH size.
 *
 * A scan runs as independent parts, so that one address's versions and
 * chunks use its concurrency cap instead of one connection after another:
 * first TLS 1.3, each TLS 1.2 chunk, the older versions and the TLS 1.2
 * curves; then, from their merged answers, the TLS 1.2 preference and
 * order (as soon as the chunks are in), the TLS 1.3 groups and a TLS
 * 1.3-only server's certificate. The main thread owns a scan_work,
 * hands each part of a stage (a copy of everything it needs) to a worker
 * and merges the parts back; scan_run does the same on one thread.
 */
#ifndef TLSMATRIX_SCAN_H
#define TLSMATRIX_SCAN_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
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

/* Enumerates job->addr into out (initialised here), one part after
 * another on this thread. Cannot fail: an unreachable server is
 * out->error_reason with out->error. */
void	scan_run(const struct scan_job *job, const atomic_bool *cancel,
	    struct server_info *out);

struct scan_work;	/* main thread */
struct scan_part;	/* one worker's task, then its answer */

/* A scan of job (copied; its pointers must outlive the scan). */
struct scan_work *scan_work_new(const struct scan_job *job);
/* The parts ready to run now, a heap array of *n (free it, not the
 * parts), or NULL when none is. Call after scan_work_new and after every
 * scan_merge: a part is ready as soon as the parts it needs are merged.
 * Main thread. */
struct scan_part **scan_next_parts(struct scan_work *st, size_t *n);
/* True when every part was merged and none is left to run: time for
 * scan_finish. */
bool	scan_work_done(const struct scan_work *st);
/* True once the scan stopped early: a part failed (silent, unreachable,
 * not TLS) before the server ever answered in TLS, or was skipped after
 * that. Its result will be that error; the parts still out end without
 * connecting, or wait out the deadline they were already in. */
bool	scan_work_stopped(const struct scan_work *st);
/* True once every version's suites are merged (TLS 1.3, each TLS 1.2
 * chunk, the older versions): enough for scan_work_peek, while the
 * curves, the order, the groups and the certificate may still run. */
bool	scan_work_suites_known(const struct scan_work *st);
/* What is known so far (out initialised here; the caller cleans it up):
 * the protocols and their suites (TLS 1.2's in the chunks' order, not
 * yet the server's), suites_unclear, and error_reason when the server
 * has not answered in TLS. Not done. Main thread. */
void	scan_work_peek(const struct scan_work *st, struct server_info *out);
/* Runs one part. Worker thread; touches nothing but p. */
void	scan_part_run(struct scan_part *p, const atomic_bool *cancel);
/* Folds p's answers into st and frees p. Main thread. */
void	scan_merge(struct scan_work *st, struct scan_part *p);
/* A part never merged (dropped, stale). NULL is ok. */
void	scan_part_free(struct scan_part *p);
/* The result (out initialised here); frees st. */
void	scan_finish(struct scan_work *st, struct server_info *out);
/* Abandons a scan. NULL is ok. */
void	scan_work_free(struct scan_work *st);

#endif
