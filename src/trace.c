/*
 * trace.c: the --trace milestone log (see trace.h). Main thread only.
 *
 * Each line is flushed as it is written: a benchmark reads the file while
 * the TUI is still running, and a crash must not lose the last events.
 * The first write that fails is remembered (and the log stops there):
 * trace_open fails at once on a file that takes nothing (/dev/full), and
 * trace_close reports a failure later on, so main can exit 3 naming it.
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
static char	 trace_path[512];
static int	 trace_errno;		/* the first write error, 0 if none */

/* The first failure as "--trace 'PATH': cannot write: WHY". */
static enum status
trace_error(char *err, size_t errlen)
{
	snprintf(err, errlen, "--trace: cannot write '%s': %s", trace_path,
	    strerror(trace_errno));
	return ST_EIO;
}

enum status
trace_open(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "w");

	if (f == NULL) {
		snprintf(err, errlen, "--trace: cannot write '%s': %s", path,
		    strerror(errno));
		return ST_EIO;
	}
	trace_close(NULL, 0);
	trace_file = f;
	snprintf(trace_path, sizeof trace_path, "%s", path);
	trace_errno = 0;
	trace_origin_us = clock_us();
	trace_event("start");
	if (trace_errno != 0) {
		trace_error(err, errlen);
		fclose(trace_file);
		trace_file = NULL;
		return ST_EIO;
	}
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

	if (trace_file == NULL || trace_errno != 0)
		return;
	now = clock_us();
	fprintf(trace_file, "%llu %llu ", (unsigned long long)now,
	    (unsigned long long)(now - trace_origin_us));
	va_start(ap, fmt);
	vfprintf(trace_file, fmt, ap);
	va_end(ap);
	fputc('\n', trace_file);
	if (fflush(trace_file) != 0 || ferror(trace_file))
		trace_errno = errno != 0 ? errno : EIO;
}

enum status
trace_close(char *err, size_t errlen)
{
	enum status	st = ST_OK;

	if (trace_file == NULL)
		return ST_OK;
	trace_event("end");
	if (fclose(trace_file) != 0 && trace_errno == 0)
		trace_errno = errno != 0 ? errno : EIO;
	trace_file = NULL;
	if (trace_errno != 0) {
		if (err != NULL)
			trace_error(err, errlen);
		st = ST_EIO;
	}
	trace_errno = 0;
	return st;
}
