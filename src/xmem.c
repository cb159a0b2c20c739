/*
 * xmem.c: allocation wrappers that abort on exhaustion (see xmem.h).
 * Any thread. The abort path writes with write(2) because stdio may be
 * what failed to allocate.
 */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xmem.h"

static void __attribute__((noreturn))
xmem_die(void)
{
	static const char msg[] = "tlsmatrix: out of memory\n";

	if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0) {
		/* nothing more we can do */
	}
	abort();
}

void *
xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (p == NULL)
		xmem_die();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		xmem_die();
	return p;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	size_t total;
	void *q;

	if (size != 0 && n > SIZE_MAX / size)
		xmem_die();
	total = n * size;
	q = realloc(p, total != 0 ? total : 1);
	if (q == NULL)
		xmem_die();
	return q;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap, ap2;
	int len;
	char *p;

	va_start(ap, fmt);
	va_copy(ap2, ap);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0)
		xmem_die();
	p = xmalloc((size_t)len + 1);
	vsnprintf(p, (size_t)len + 1, fmt, ap2);
	va_end(ap2);
	return p;
}
