/*
 * tap.h: a minimal TAP producer for the C unit tests.
 *
 * Each check prints "ok N - name" or "not ok N - name" with a diagnostic;
 * tap_done() prints the plan and returns the exit status. automake's
 * tap-driver.sh reads the output. Header-only so each test stays one file.
 */
#ifndef TLSMATRIX_TAP_H
#define TLSMATRIX_TAP_H

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static int tap_count;
static int tap_failed;

static bool __attribute__((format(printf, 2, 3), unused))
tap_ok(bool cond, const char *fmt, ...)
{
	va_list ap;

	tap_count++;
	printf("%s %d - ", cond ? "ok" : "not ok", tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!cond)
		tap_failed++;
	fflush(stdout);
	return cond;
}

#define ok(cond, ...) \
	(tap_ok((cond), __VA_ARGS__) ? true : \
	 (printf("#   failed at %s:%d: %s\n", __FILE__, __LINE__, #cond), false))

#define is_int(got, want, ...) do { \
	long long tap_g_ = (long long)(got), tap_w_ = (long long)(want); \
	if (!tap_ok(tap_g_ == tap_w_, __VA_ARGS__)) \
		printf("#   %s:%d: got %lld, want %lld\n", __FILE__, __LINE__, \
		    tap_g_, tap_w_); \
} while (0)

#define is_str(got, want, ...) do { \
	const char *tap_g_ = (got), *tap_w_ = (want); \
	bool tap_eq_ = (tap_g_ == NULL && tap_w_ == NULL) || \
	    (tap_g_ != NULL && tap_w_ != NULL && strcmp(tap_g_, tap_w_) == 0); \
	if (!tap_ok(tap_eq_, __VA_ARGS__)) \
		printf("#   %s:%d: got \"%s\", want \"%s\"\n", __FILE__, \
		    __LINE__, tap_g_ ? tap_g_ : "(null)", \
		    tap_w_ ? tap_w_ : "(null)"); \
} while (0)

static void __attribute__((unused))
tap_diag(const char *msg)
{
	printf("# %s\n", msg);
}

/* Prints the plan; returns the exit status for main. */
static int __attribute__((unused))
tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}

/*
 * Stops the test program on a failure of our own code that leaves nothing
 * to test (a fixture that does not load or start): automake's TAP driver
 * counts "Bail out!" as an ERROR. Never a SKIP: that would pass CI.
 */
static int __attribute__((unused))
tap_bail(const char *why)
{
	printf("Bail out! %s\n", why);
	fflush(stdout);
	return 1;
}

/* Whole-program skip, for a missing external tool only (exit status 77 is
 * also a skip for automake). */
static int __attribute__((unused))
tap_skip_all(const char *why)
{
	printf("1..0 # SKIP %s\n", why);
	return 0;
}

#endif
