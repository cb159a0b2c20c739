/*
 * ratelimit.h: how fast connections start, for all of them and for each
 * address (--rate, --rate-per-address): token buckets that every
 * conn_open() takes a turn from, so probes, scans and chain fetches
 * count alike, whichever target or scheduler asked for them.
 *
 * Configured once by main before any worker starts; any thread then
 * waits for its turn. A bucket of rate r holds max(1, r) tokens: a
 * second's worth may go at once, then one every 1/r seconds.
 */
#ifndef TLSMATRIX_RATELIMIT_H
#define TLSMATRIX_RATELIMIT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "netaddr.h"

/* Connections a second in all and to each address; 0: no limit.
 * loopback: whether the per-address limit holds for 127.0.0.0/8 and ::1
 * too (the default limit spares the machine's own servers; a limit the
 * user gave holds everywhere). Main thread, before workers start (or
 * between runs, in the tests). */
void		ratelimit_configure(double all, double per_address,
		    bool loopback);
/*
 * Waits for addr's turn and takes it. Returns the milliseconds waited,
 * or -1 if *cancel was set first (cancel may be NULL). Any thread.
 */
int64_t		ratelimit_wait(const struct netaddr *addr,
		    const atomic_bool *cancel);
/*
 * Milliseconds the calling thread waited for turns since t0 (clock_ms()
 * of the same thread): what a probe's times leave out, so --rate slows a
 * fleet without making its servers look slow.
 */
uint64_t	ratelimit_waited_since(uint64_t t0);
/* Milliseconds since t0 (clock_ms() of the calling thread) less that
 * thread's waits for turns since then, capped at UINT32_MAX: a probe's
 * connect, handshake and total times. */
uint32_t	ratelimit_elapsed_ms(uint64_t t0);
/* Addresses with a bucket that is not full (idle ones are reclaimed). */
size_t		ratelimit_tracked(void);

#endif
