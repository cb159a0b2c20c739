/*
 * trace.c: the --trace milestone log (see trace.h). Main thread only.
 *
 * Each line is flushed as it is written: a benchmark reads the file while
 * the TUI is still running, and a crash must not lose the last events.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "trace.h"

static FILE	*trace_file;
static uint64_t	 trace_origin_us;

enum status
trace_open(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "w");

	if (f == NULL) {
		snprintf(err, errlen, "--trace: cannot write '%s': %s", path,
		    strerror(errno));
		return ST_EIO;
	}
	trace_close();
	trace_file = f;
	trace_origin_us = clock_us();
	trace_event("start");
	return ST_OK;
}

bool
trace_enabled(void)
{
	return trace_file != NULL;
}

void
trace_event(const char *fmt, ...)
{
	uint64_t now;
	va_list ap;

	if (trace_file == NULL)
		return;
	now = clock_us();
	fprintf(trace_file, "%llu %llu ", (unsigned long long)now,
	    (unsigned long long)(now - trace_origin_us));
	va_start(ap, fmt);
	vfprintf(trace_file, fmt, ap);
	va_end(ap);
	fputc('\n', trace_file);
	fflush(trace_file);
}

void
trace_close(void)
{
	if (trace_file == NULL)
		return;
	trace_event("end");
	fclose(trace_file);
	trace_file = NULL;
}
