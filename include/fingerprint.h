/*
 * fingerprint.h: JA3 and JA4 fingerprints of a ClientHello.
 *
 * JA3 (Salesforce, 2017): "SSLVersion,Ciphers,Extensions,EllipticCurves,
 * EllipticCurvePointFormats", decimal values joined by '-', GREASE left
 * out, extensions in wire order; the fingerprint is its MD5 in hex.
 * JA4 (FoxIO, github.com/FoxIO-LLC/ja4, technical_details/JA4.md):
 * "t13d1516h2_<a>_<b>": protocol, version, SNI or not, cipher and
 * extension counts, ALPN's first and last character; then the first 12
 * hex digits of the SHA-256 of the sorted cipher list, and of the sorted
 * extensions (without SNI and ALPN) plus the signature algorithms in wire
 * order.
 *
 * This module is pure and builds the strings that get hashed; the hashes
 * need OpenSSL and are computed by digest_fingerprint (digest.h, I/O
 * layer), which fills ja3_hash and ja4. Any thread.
 */
#ifndef TLSMATRIX_FINGERPRINT_H
#define TLSMATRIX_FINGERPRINT_H

#include <stddef.h>

#include "client_hello.h"
#include "profile.h"
#include "status.h"

/* The server name fingerprint_from_profile sends. */
#define FINGERPRINT_SNI		"www.example.com"

struct fingerprint {
	char	*ja3;		/* "771,4865-4866-...,0-11-...,29-23,0-1-2" */
	char	 ja3_hash[33];	/* MD5 of ja3 in hex; "" until hashed */
	char	 ja4_a[11];	/* "t13d1516h2" */
	char	*ja4_b_raw;	/* "002f,0035,...": sorted suites, hex */
	char	*ja4_c_raw;	/* "0005,000a,..._0403,0804,...", or "" */
	char	 ja4[37];	/* "t13d1516h2_8daaf6152771_e5627efa2ab1";
				 * "" until hashed */
};

/* The JA3 string and the JA4 parts of a parsed hello; fp is zeroed
 * first, and freed with fingerprint_cleanup. */
void		fingerprint_from_hello(const struct client_hello *ch,
		    struct fingerprint *fp);

/*
 * The same for the hello a profile sends: built with hello_build (fixed
 * per-connection values, FINGERPRINT_SNI, the profile's own extension
 * order) and parsed back. ST_EINVAL with err when it cannot be built.
 */
enum status	fingerprint_from_profile(const struct profile *p,
		    struct fingerprint *fp, char *err, size_t errlen);

void		fingerprint_cleanup(struct fingerprint *fp);

/* The public key length of a key share for group (RFC 8446 §4.2.8.2;
 * 32 for groups it does not know), at most HELLO_MAX_KEY. */
size_t		fingerprint_share_len(uint16_t group);

#endif
