/*
 * trace.h: timestamped milestones of one run (--trace FILE).
 *
 * For benchmarks and bug reports: when each resolver answered, when each
 * cell and scan finished and how, and when the first finished cell
 * reached the screen. One line per event:
 *
 *	<CLOCK_MONOTONIC microseconds> <microseconds since trace_open> <event> [key=value ...]
 *
 * The absolute stamp lets a benchmark line the events up with another
 * process's (Python's time.monotonic() reads the same clock). Values come
 * from our own model, never raw from a server. Off unless trace_open
 * succeeded; every call is then a cheap no-op. Main thread only: the
 * scheduler and the TUI both run there, workers never trace.
 */
#ifndef TLSMATRIX_TRACE_H
#define TLSMATRIX_TRACE_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

/* Opens (truncates) path and writes the "start" event; ST_EIO, with err
 * naming the file, if it cannot be opened or that first line cannot be
 * written (a full disk, /dev/full). */
enum status	trace_open(const char *path, char *err, size_t errlen);
bool		trace_enabled(void);
/* One event: fmt is "<event> [key=value ...]", without the newline. */
void		trace_event(const char *fmt, ...)
		    __attribute__((format(printf, 1, 2)));
/* Writes the "end" event and closes the file. ST_EIO, with err (may be
 * NULL) naming the file, if any write or the close failed. ST_OK when
 * off. */
enum status	trace_close(char *err, size_t errlen);

#endif
