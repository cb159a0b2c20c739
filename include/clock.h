/*
 * clock.h: monotonic time and deadlines.
 *
 * Everything that waits in tlsmatrix waits against a struct deadline on
 * CLOCK_MONOTONIC, so a wall-clock jump can neither hang nor cut a probe.
 * Any thread.
 */
#ifndef TLSMATRIX_CLOCK_H
#define TLSMATRIX_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

struct deadline {
	uint64_t	at_ms;		/* CLOCK_MONOTONIC milliseconds */
};

/* Milliseconds on CLOCK_MONOTONIC since an arbitrary origin. */
uint64_t	clock_ms(void);
/* The same clock in microseconds (--trace, benchmarks). */
uint64_t	clock_us(void);
/* A deadline ms milliseconds from now. */
struct deadline	deadline_in(uint64_t ms);
/* Milliseconds left before d, 0 once it has passed; capped at INT32_MAX. */
int		deadline_left_ms(const struct deadline *d);
bool		deadline_expired(const struct deadline *d);

#endif
