/*
 * ratelimit.c: token buckets for the start of connections (ratelimit.h).
 *
 * Each bucket is kept as GCRA's theoretical arrival time (tat): a turn at
 * time t is allowed from max(t, tat - tau) on, where T = 1/rate and tau =
 * (burst - 1) * T, and moves tat to max(tat, turn) + T. A connection
 * takes its turn from the global bucket and its address's bucket at once
 * (the later of the two), under one mutex held for the arithmetic only;
 * the wait itself sleeps outside it in short steps that watch *cancel.
 * The addresses' buckets live in an open-addressing table; a bucket whose
 * tat has passed is full again, the same as none, and is dropped when the
 * table grows. Any thread.
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "ratelimit.h"
#include "xmem.h"

#define RL_SLEEP_STEP_US	20000	/* cancel is looked at this often */
#define RL_TABLE_MIN		64
#define RL_WAITS_KEPT		16	/* a thread's last waits, for
					 * ratelimit_waited_since */

struct rl_bucket {
	struct netaddr	addr;
	uint64_t	tat_us;		/* 0: a free slot */
};

static pthread_mutex_t	 rl_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t		 all_t_us, all_tau_us, all_tat_us;
static uint64_t		 addr_t_us, addr_tau_us;
static bool		 addr_loopback;	/* the limit holds on loopback */
static struct rl_bucket	*table;
static size_t		 table_cap, table_n;

/* This thread's last waits: when each ended (clock_ms) and the sum of
 * all its waits until then. A wait never straddles a t0 the same thread
 * took, so the sum at t0 is the one of the last wait ended by then. */
static _Thread_local struct {
	uint64_t	end_ms, sum_ms;
}			 waits[RL_WAITS_KEPT];
static _Thread_local size_t	 n_waits;	/* ever, not only kept */
static _Thread_local uint64_t	 waited_ms;	/* the sum of all */

/* The interval and tolerance of a rate; 0, 0: no limit. */
static void
rate_params(double rate, uint64_t *t_us, uint64_t *tau_us)
{
	double burst = rate < 1 ? 1 : rate;

	*t_us = *tau_us = 0;
	if (rate <= 0)
		return;
	*t_us = (uint64_t)(1e6 / rate);
	if (*t_us == 0)
		*t_us = 1;
	*tau_us = (uint64_t)((burst - 1) * (double)*t_us);
}

void
ratelimit_configure(double all, double per_address, bool loopback)
{
	pthread_mutex_lock(&rl_lock);
	addr_loopback = loopback;
	rate_params(all, &all_t_us, &all_tau_us);
	rate_params(per_address, &addr_t_us, &addr_tau_us);
	all_tat_us = 0;
	free(table);
	table = NULL;
	table_cap = table_n = 0;
	pthread_mutex_unlock(&rl_lock);
}

static size_t
addr_hash(const struct netaddr *a)
{
	uint32_t	h = 2166136261u;	/* FNV-1a */
	size_t		i, n = a->family == NETADDR_V4 ? 4 : 16;

	h = (h ^ (uint32_t)a->family) * 16777619u;
	for (i = 0; i < n; i++)
		h = (h ^ a->bytes[i]) * 16777619u;
	return h;
}

static bool
same_addr(const struct netaddr *a, const struct netaddr *b)
{
	return a->family == b->family && memcmp(a->bytes, b->bytes,
	    a->family == NETADDR_V4 ? 4 : 16) == 0;
}

static struct rl_bucket *
slot_of(struct rl_bucket *t, size_t cap, const struct netaddr *a)
{
	size_t i = addr_hash(a) & (cap - 1);

	while (t[i].tat_us != 0 && !same_addr(&t[i].addr, a))
		i = (i + 1) & (cap - 1);
	return &t[i];
}

/* Rebuilds the table with the buckets not yet full again; grows it if
 * they still fill half. Under rl_lock. */
static void
rehash(uint64_t now)
{
	struct rl_bucket	*old = table, *b;
	size_t			 i, oldcap = table_cap, live = 0;

	for (i = 0; i < oldcap; i++)
		live += old[i].tat_us > now;
	table_cap = RL_TABLE_MIN;
	while (live * 2 >= table_cap)
		table_cap *= 2;
	table = xcalloc(table_cap, sizeof *table);
	table_n = 0;
	for (i = 0; i < oldcap; i++) {
		if (old[i].tat_us <= now)
			continue;
		b = slot_of(table, table_cap, &old[i].addr);
		*b = old[i];
		table_n++;
	}
	free(old);
}

/* The address's bucket, made if needed. Under rl_lock. */
static struct rl_bucket *
bucket_of(const struct netaddr *a, uint64_t now)
{
	struct rl_bucket *b;

	if (table == NULL || (table_n + 1) * 2 > table_cap)
		rehash(now);
	b = slot_of(table, table_cap, a);
	if (b->tat_us == 0) {
		b->addr = *a;
		b->tat_us = 1;		/* in use; a turn is due at once */
		table_n++;
	}
	return b;
}

/* When the next turn of a bucket is allowed. */
static uint64_t
allowed(uint64_t tat, uint64_t tau, uint64_t now)
{
	return tat > tau && tat - tau > now ? tat - tau : now;
}

static bool
is_loopback(const struct netaddr *a)
{
	static const uint8_t v6[16] = { [15] = 1 };

	if (a->family == NETADDR_V4)
		return a->bytes[0] == 127;
	return a->family == NETADDR_V6 && memcmp(a->bytes, v6, 16) == 0;
}

/* Takes a turn: the time it is due (microseconds). */
static uint64_t
take_turn(const struct netaddr *addr)
{
	struct rl_bucket	*b = NULL;
	uint64_t		 now = clock_us(), turn = now;

	pthread_mutex_lock(&rl_lock);
	if (all_t_us > 0)
		turn = allowed(all_tat_us, all_tau_us, now);
	if (addr_t_us > 0 && addr != NULL &&
	    (addr_loopback || !is_loopback(addr))) {
		b = bucket_of(addr, now);
		if (allowed(b->tat_us, addr_tau_us, now) > turn)
			turn = allowed(b->tat_us, addr_tau_us, now);
	}
	if (all_t_us > 0)
		all_tat_us = (all_tat_us > turn ? all_tat_us : turn) +
		    all_t_us;
	if (b != NULL)
		b->tat_us = (b->tat_us > turn ? b->tat_us : turn) + addr_t_us;
	pthread_mutex_unlock(&rl_lock);
	return turn;
}

int64_t
ratelimit_wait(const struct netaddr *addr, const atomic_bool *cancel)
{
	uint64_t	start = clock_us(), turn, now;
	struct timespec	ts;

	turn = take_turn(addr);
	while ((now = clock_us()) < turn) {
		if (cancel != NULL && atomic_load(cancel))
			return -1;
		ts.tv_sec = 0;
		ts.tv_nsec = (long)(turn - now < RL_SLEEP_STEP_US ?
		    turn - now : RL_SLEEP_STEP_US) * 1000;
		nanosleep(&ts, NULL);
	}
	if (cancel != NULL && atomic_load(cancel))
		return -1;
	now = clock_us();
	if (now - start >= 1000) {
		waited_ms += (now - start) / 1000;
		waits[n_waits % RL_WAITS_KEPT].end_ms = now / 1000;
		waits[n_waits % RL_WAITS_KEPT].sum_ms = waited_ms;
		n_waits++;
	}
	return (int64_t)((now - start) / 1000);
}

uint64_t
ratelimit_waited_since(uint64_t t0)
{
	size_t	i, kept = n_waits < RL_WAITS_KEPT ? n_waits : RL_WAITS_KEPT;

	/* the newest wait that ended by t0: all after it came since */
	for (i = 0; i < kept; i++) {
		size_t k = (n_waits - 1 - i) % RL_WAITS_KEPT;

		if (waits[k].end_ms <= t0)
			return waited_ms - waits[k].sum_ms;
	}
	/* every kept wait came after t0 (or none ever) */
	if (kept == 0)
		return 0;
	if (n_waits <= RL_WAITS_KEPT)
		return waited_ms;
	return waited_ms - waits[n_waits % RL_WAITS_KEPT].sum_ms;
}

size_t
ratelimit_tracked(void)
{
	size_t	i, n = 0;
	uint64_t now = clock_us();

	pthread_mutex_lock(&rl_lock);
	for (i = 0; i < table_cap; i++)
		n += table[i].tat_us > now;
	pthread_mutex_unlock(&rl_lock);
	return n;
}

uint32_t
ratelimit_elapsed_ms(uint64_t t0)
{
	uint64_t d = clock_ms() - t0;
	uint64_t w = ratelimit_waited_since(t0);

	d = d > w ? d - w : 0;
	return d > UINT32_MAX ? UINT32_MAX : (uint32_t)d;
}
