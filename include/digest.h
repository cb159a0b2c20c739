/*
 * digest.h: MD5 and SHA-256 in hex, and the hashed fingerprints.
 *
 * The one place the fingerprints touch OpenSSL (EVP), so that
 * fingerprint.c stays pure and OpenSSL stays in the I/O layer. MD5 is
 * what JA3 is defined with, not a security choice. Any thread.
 */
#ifndef TLSMATRIX_DIGEST_H
#define TLSMATRIX_DIGEST_H

#include <stddef.h>

#include "fingerprint.h"

/* Lowercase hex digests; out is NUL-terminated. */
void	digest_md5_hex(const void *data, size_t len, char out[33]);
void	digest_sha256_hex(const void *data, size_t len, char out[65]);

/* Fills fp->ja3_hash (MD5 of fp->ja3) and fp->ja4 ("a_b_c", b and c the
 * first 12 hex digits of the SHA-256 of their raw strings, or
 * "000000000000" for an empty one, as FoxIO's reference does). */
void	digest_fingerprint(struct fingerprint *fp);

#endif
