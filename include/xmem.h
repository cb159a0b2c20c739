/*
 * xmem.h: allocation that cannot fail.
 *
 * Running out of memory is not an outcome tlsmatrix can report usefully,
 * so these abort with a message instead of returning NULL. They are the
 * only callers of malloc and friends. Any thread.
 */
#ifndef TLSMATRIX_XMEM_H
#define TLSMATRIX_XMEM_H

#include <stddef.h>

void	*xmalloc(size_t size);
void	*xcalloc(size_t n, size_t size);
/* realloc of n elements of size bytes, with an overflow check. */
void	*xreallocarray(void *p, size_t n, size_t size);
char	*xstrdup(const char *s);
/* Copies at most n bytes of s and terminates the copy. */
char	*xstrndup(const char *s, size_t n);
/* A newly allocated formatted string; the caller frees it. */
char	*xasprintf(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));

#endif
