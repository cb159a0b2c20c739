/*
 * clock.c: CLOCK_MONOTONIC milliseconds, microseconds and deadlines (see clock.h).
 * Any thread.
 */
#include "config.h"

#include <stdint.h>
#include <time.h>

#include "clock.h"

uint64_t
clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

uint64_t
clock_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

struct deadline
deadline_in(uint64_t ms)
{
	struct deadline d = { clock_ms() + ms };

	return d;
}

int
deadline_left_ms(const struct deadline *d)
{
	uint64_t now = clock_ms();

	if (now >= d->at_ms)
		return 0;
	if (d->at_ms - now > INT32_MAX)
		return INT32_MAX;
	return (int)(d->at_ms - now);
}

bool
deadline_expired(const struct deadline *d)
{
	return clock_ms() >= d->at_ms;
}
