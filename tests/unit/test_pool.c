/*
 * test_pool.c: the worker pool's cap, completion and cancellation.
 * Asserts that no key ever has more than `cap` jobs running at once, that
 * every job runs exactly once, and that cancel_all drops queued jobs
 * through their free function and stops running ones, and that keys with
 * nothing queued or running are freed. A TSan target.
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "clock.h"
#include "pool.h"
#include "xmem.h"
#include "../tap.h"

#define KEYS	5
#define PER_KEY	40
#define CAP	3
#define MANY_KEYS 5000

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static int running[KEYS], max_running[KEYS], ran[KEYS];
static atomic_int freed, finished_blocking, started_blocking;

struct job {
	int	key;
};

static void
nap_us(long us)
{
	struct timespec ts = { 0, us * 1000 };

	nanosleep(&ts, NULL);
}

static void
capped_job(void *arg, const atomic_bool *cancel)
{
	struct job *j = arg;

	pthread_mutex_lock(&mu);
	if (++running[j->key] > max_running[j->key])
		max_running[j->key] = running[j->key];
	pthread_mutex_unlock(&mu);
	nap_us(300);	/* long enough for overlap to be possible */
	pthread_mutex_lock(&mu);
	running[j->key]--;
	ran[j->key]++;
	pthread_mutex_unlock(&mu);
	free(j);
}

/* Runs until cancelled, polling the flag like a probe does; bounded. */
static void
blocking_job(void *arg, const atomic_bool *cancel)
{
	struct deadline d = deadline_in(10000);

	atomic_fetch_add(&started_blocking, 1);
	while (!atomic_load(cancel) && !deadline_expired(&d))
		nap_us(1000);
	if (atomic_load(cancel))
		atomic_fetch_add(&finished_blocking, 1);
	free(arg);
}

static atomic_int counted;

static void
count_job(void *arg, const atomic_bool *cancel)
{
	(void)arg;
	(void)cancel;
	atomic_fetch_add(&counted, 1);
}

static void
count_free(void *arg)
{
	atomic_fetch_add(&freed, 1);
	free(arg);
}

int
main(void)
{
	struct pool *p;
	char err[128];
	int k, i, all_ran = 1, capped = 1, overlapped = 0;
	struct deadline d;
	uint64_t t0;

	ok(pool_new(0, 1, &p, err, sizeof err) == ST_EINVAL,
	    "zero threads rejected");
	ok(pool_new(8, CAP, &p, err, sizeof err) == ST_OK, "pool_new 8x%d",
	    CAP);
	for (i = 0; i < PER_KEY; i++)
		for (k = 0; k < KEYS; k++) {
			struct job *j = xmalloc(sizeof *j);

			j->key = k;
			pool_submit(p, capped_job, j, free, (uint32_t)k);
		}
	d = deadline_in(20000);
	while (pool_pending(p) > 0 && !deadline_expired(&d))
		nap_us(1000);
	is_int(pool_pending(p), 0, "all jobs finished");
	for (k = 0; k < KEYS; k++) {
		if (ran[k] != PER_KEY)
			all_ran = 0;
		if (max_running[k] > CAP)
			capped = 0;
		if (max_running[k] > 1)
			overlapped = 1;
	}
	ok(all_ran, "each job ran exactly once");
	ok(capped, "never more than %d running per key", CAP);
	ok(overlapped, "jobs of one key do run concurrently");
	is_int(pool_key_count(p), 0, "idle keys are retired");
	/* --targets submits under ever new keys: none may stay behind. */
	for (k = 0; k < 5000; k++) {
		struct job *j = xmalloc(sizeof *j);

		j->key = 0;
		pool_submit(p, capped_job, j, free, (uint32_t)(1000 + k));
	}
	d = deadline_in(20000);
	while (pool_pending(p) > 0 && !deadline_expired(&d))
		nap_us(1000);
	is_int(pool_pending(p), 0, "5000 jobs under 5000 keys finished");
	is_int(pool_key_count(p), 0, "and left no key behind");
	pool_free(p);

	/* Cancellation: 2 threads busy, the rest queued. */
	ok(pool_new(2, 1, &p, err, sizeof err) == ST_OK, "pool_new 2x1");
	for (i = 0; i < 10; i++)
		pool_submit(p, blocking_job, xmalloc(1), count_free,
		    (uint32_t)i);
	/* pending counts queued jobs too: wait for the two to be running. */
	d = deadline_in(5000);
	while (atomic_load(&started_blocking) < 2 && !deadline_expired(&d))
		nap_us(1000);
	is_int(atomic_load(&started_blocking), 2, "two jobs running, 8 queued");
	t0 = clock_ms();
	pool_cancel_all(p);
	pool_free(p);
	ok(clock_ms() - t0 < 5000, "cancel + free returns promptly");
	is_int(atomic_load(&finished_blocking), 2,
	    "the running jobs saw the cancel flag and stopped");
	is_int(atomic_load(&freed), 8, "queued jobs dropped through free_fn");

	/* Keys come and go: thousands of addresses, each reclaimed once its
	 * last job ends, so the table holds only the keys in use. */
	ok(pool_new(4, 2, &p, err, sizeof err) == ST_OK, "pool_new 4x2");
	for (k = 0; k < MANY_KEYS; k++)
		pool_submit(p, count_job, NULL, NULL, (uint32_t)k * 7919u);
	d = deadline_in(20000);
	while (pool_pending(p) > 0 && !deadline_expired(&d))
		nap_us(1000);
	is_int(atomic_load(&counted), MANY_KEYS,
	    "a job on each of %d keys ran once", MANY_KEYS);
	is_int(pool_key_count(p), 0, "every idle key was reclaimed");
	pool_submit(p, count_job, NULL, NULL, 42);
	pool_submit(p, count_job, NULL, NULL, 42);
	d = deadline_in(5000);
	while (pool_pending(p) > 0 && !deadline_expired(&d))
		nap_us(1000);
	is_int(atomic_load(&counted), MANY_KEYS + 2,
	    "a reclaimed key takes jobs again");
	is_int(pool_key_count(p), 0, "and is reclaimed again");
	pool_free(p);
	return tap_done();
}
