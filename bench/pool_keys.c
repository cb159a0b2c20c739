/*
 * bench/pool_keys.c: the worker pool's cost per job as the number of keys
 * (addresses) grows. `--targets` meets one key per address of every
 * target; the pool must stay O(1) per job at any number of keys.
 * Prints one line per size: keys, milliseconds, microseconds per job.
 * Built by `make bench/pool_keys`; run by hand or by bench/run.sh.
 */
#include "config.h"

#include <stdio.h>
#include <time.h>

#include "clock.h"
#include "pool.h"

static void
nothing(void *arg, const atomic_bool *cancel)
{
	(void)arg;
	(void)cancel;
}

int
main(void)
{
	static const unsigned sizes[] = { 5000, 10000, 20000, 40000, 80000 };
	char err[128];
	size_t i;

	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		struct pool *p;
		struct timespec nap = { 0, 100000 };
		int64_t t0;
		unsigned k;

		if (pool_new(4, 2, &p, err, sizeof err) != ST_OK) {
			fprintf(stderr, "pool_keys: %s\n", err);
			return 1;
		}
		t0 = clock_ms();
		for (k = 0; k < sizes[i]; k++)
			pool_submit(p, nothing, NULL, NULL, k);
		while (pool_pending(p) > 0)
			nanosleep(&nap, NULL);
		printf("%6u keys  %5lld ms  %6.2f us/job\n", sizes[i],
		    (long long)(clock_ms() - t0),
		    (double)(clock_ms() - t0) * 1000.0 / sizes[i]);
		pool_free(p);
	}
	return 0;
}
