/*
 * explain_int.h: what explain.c and explain_server.c share, seen only by
 * src/explain*.c: small words and questions about each side. Pure.
 */
#ifndef TLSMATRIX_EXPLAIN_INT_H
#define TLSMATRIX_EXPLAIN_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "explain.h"

/* Appends to a fixed buffer, truncating; buf stays terminated. */
void	explain_cat(char *buf, size_t len, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
bool	explain_offers_suite(const struct profile *p, uint16_t code);
bool	explain_offers_version(const struct profile *p, uint16_t v);
/* "ECDHE-RSA-AES128-SHA:AES256-SHA" of what the server accepts at v. */
void	explain_cipher_string(const struct server_info *si, char *buf,
	    size_t len);
/* The versions the server accepts, highest first. */
size_t	explain_server_versions(const struct server_info *si, uint16_t *out,
	    size_t max);
/* The short (OpenSSL) name of a suite, else its IANA name. */
const char	*explain_sname(uint16_t code);
/*
 * A suite the server could enable so that p shares it: the first in the
 * client's own order that fits a version both accept (or, failing that, a
 * version the server accepts), that the server's certificate can
 * authenticate, and that OpenSSL can name. 0 when there is none.
 */
uint16_t	explain_suite_to_enable(const struct profile *p,
	    const struct server_info *si);
const char	*explain_vname(uint16_t v);

#endif
