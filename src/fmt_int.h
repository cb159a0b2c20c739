/*
 * fmt_int.h: what fmt.c and fmt_detail.c share, seen only by src/fmt*.c:
 * a bounded appender over a caller's buffer. Pure, any thread.
 */
#ifndef TLSMATRIX_FMT_INT_H
#define TLSMATRIX_FMT_INT_H

#include <stdbool.h>
#include <stddef.h>

/* A bounded appender over a caller's buffer: never overruns, always
 * terminated, and a full buffer just drops the rest. */
struct fmt_sbuf {
	char	*buf;
	size_t	 len;
	size_t	 pos;
};

void	fmt_sb_init(struct fmt_sbuf *sb, char *buf, size_t len);
void	fmt_sb_printf(struct fmt_sbuf *sb, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Appends src sanitized; a cut never splits an escape (fmt_sanitize). */
void	fmt_sb_safe(struct fmt_sbuf *sb, const char *src, bool utf8);

#endif
