/*
 * pool.h: a fixed pool of worker threads with a per-key concurrency cap.
 *
 * The main thread submits jobs; workers run them. A job with a key (an
 * address) waits while `cap` jobs with the same key are running, so one
 * backend is never hit by more than cap connections at once, whatever the
 * pool size. Workers block every signal. Cancellation sets an atomic flag
 * that running jobs poll and drops jobs not yet started (their free_fn is
 * called). Jobs report through evq, never through the pool.
 */
#ifndef TLSMATRIX_POOL_H
#define TLSMATRIX_POOL_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

#define POOL_NO_KEY	UINT32_MAX

/* A job: runs on a worker; must return promptly once *cancel is set. */
typedef void	(*pool_fn)(void *arg, const atomic_bool *cancel);

struct pool;

/* Starts nthreads workers (1..256); cap is the per-key limit (>= 1). */
enum status	pool_new(unsigned nthreads, unsigned cap, struct pool **out,
		    char *err, size_t errlen);
/*
 * Queues fn(arg). key groups jobs for the cap (POOL_NO_KEY: uncapped).
 * free_fn(arg) runs if the job is dropped unrun; a job that runs owns arg.
 * Main thread only.
 */
void		pool_submit(struct pool *p, pool_fn fn, void *arg,
		    void (*free_fn)(void *), uint32_t key);
/* Jobs queued or running. Main thread. */
size_t		pool_pending(struct pool *p);
/* Keys with a job queued or running (idle keys are freed at once). */
size_t		pool_key_count(struct pool *p);
/* Stops queued jobs, asks running ones to stop; returns at once. */
void		pool_cancel_all(struct pool *p);
/* Cancels, joins every worker and frees the pool. NULL is ok. */
void		pool_free(struct pool *p);

#endif
