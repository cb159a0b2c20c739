/*
 * status.c: texts for enum status. Pure; any thread.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "status.h"

const char *
status_str(enum status s)
{
	switch (s) {
	case ST_OK:		return "success";
	case ST_ENOMEM:		return "out of memory";
	case ST_EINVAL:		return "invalid argument";
	case ST_EPARSE:		return "malformed input";
	case ST_EIO:		return "input/output error";
	case ST_ENOENT:		return "not found";
	case ST_ETIMEDOUT:	return "timed out";
	case ST_ECANCELED:	return "cancelled";
	case ST_ERANGE:		return "out of range";
	case ST_EUNSUPPORTED:	return "not supported";
	case ST_ENODATA:	return "no data";
	}
	return "unknown status";
}

void
status_set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)status_vset_err(err, errlen, fmt, ap);
	va_end(ap);
}

size_t
status_vset_err(char *err, size_t errlen, const char *fmt, va_list ap)
{
	int n;

	if (err == NULL || errlen == 0)
		return 0;
	n = vsnprintf(err, errlen, fmt, ap);
	if (n < 0) {
		err[0] = '\0';
		return 0;
	}
	return (size_t)n < errlen ? (size_t)n : errlen - 1;
}
