/*
 * status.h: the one error vocabulary of tlsmatrix.
 *
 * Fallible functions return an enum status and, where a reader needs the
 * detail, fill a caller's message buffer. Network and TLS outcomes are not
 * errors: they travel as data in struct probe_result (result.h).
 * Any thread.
 */
#ifndef TLSMATRIX_STATUS_H
#define TLSMATRIX_STATUS_H

#include <stdarg.h>
#include <stddef.h>

enum status {
	ST_OK = 0,
	ST_ENOMEM,		/* allocation failed */
	ST_EINVAL,		/* a caller or user gave a bad value */
	ST_EPARSE,		/* input text or bytes were malformed */
	ST_EIO,			/* a file or socket operation failed */
	ST_ENOENT,		/* a file, name or item does not exist */
	ST_ETIMEDOUT,		/* a deadline passed */
	ST_ECANCELED,		/* the operation was cancelled */
	ST_ERANGE,		/* a value or size was beyond a limit */
	ST_EUNSUPPORTED,	/* valid, but not something we can do */
	ST_ENODATA,		/* a name exists but has no usable records */
};

/* The size of a caller's message buffer that holds any of our messages. */
#define STATUS_ERR_MAX	512

/* A short English text for s; never NULL. */
const char *status_str(enum status s);
/* Formats a message into the caller's err[errlen]; NULL or 0 is ok. */
void	status_set_err(char *err, size_t errlen, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* The same with a va_list, for a module's own helper that adds to it;
 * returns the length written (0 for none). */
size_t	status_vset_err(char *err, size_t errlen, const char *fmt, va_list ap)
	    __attribute__((format(printf, 3, 0)));

#endif
