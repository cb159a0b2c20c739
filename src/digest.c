/*
 * digest.c: MD5 and SHA-256 through OpenSSL's EVP, for JA3 and JA4.
 *
 * Callers: capture.c, main.c (--list-profiles) and the tests, after
 * fingerprint.c has built the strings. A failure inside OpenSSL (only
 * conceivable when a provider is missing) gives a digest of zeros, which
 * cannot be mistaken for a real one in a report. Any thread.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "digest.h"

static void
hex_digest(const EVP_MD *md, const void *data, size_t len, char *out,
    size_t outlen)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned int n = 0, i;

	memset(out, '0', outlen - 1);
	out[outlen - 1] = '\0';
	if (md == NULL || EVP_Digest(data, len, d, &n, md, NULL) != 1)
		return;
	for (i = 0; i < n && 2 * i + 2 < outlen; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 0x0f];
	}
}

void
digest_md5_hex(const void *data, size_t len, char out[33])
{
	hex_digest(EVP_md5(), data, len, out, 33);
}

void
digest_sha256_hex(const void *data, size_t len, char out[65])
{
	hex_digest(EVP_sha256(), data, len, out, 65);
}

/* JA4's 12-digit truncated hash; empty input gives twelve zeros. */
static void
ja4_hash(const char *raw, char out[13])
{
	char full[65];

	if (raw == NULL || raw[0] == '\0') {
		memcpy(out, "000000000000", 13);
		return;
	}
	digest_sha256_hex(raw, strlen(raw), full);
	memcpy(out, full, 12);
	out[12] = '\0';
}

void
digest_fingerprint(struct fingerprint *fp)
{
	char b[13], c[13];

	digest_md5_hex(fp->ja3 != NULL ? fp->ja3 : "", fp->ja3 != NULL ?
	    strlen(fp->ja3) : 0, fp->ja3_hash);
	ja4_hash(fp->ja4_b_raw, b);
	ja4_hash(fp->ja4_c_raw, c);
	snprintf(fp->ja4, sizeof fp->ja4, "%s_%s_%s", fp->ja4_a, b, c);
}
