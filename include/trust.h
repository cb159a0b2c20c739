/*
 * trust.h: trust stores as data (issue #14).
 *
 * A store is a PEM bundle of trust anchors: the operating system's
 * (/etc/ssl/certs/ca-certificates.crt, or --system-store FILE), a store
 * of data/trust/ ("node-20", "java-25", "certifi", ...), a --trust or
 * --ca-file file. The files of data/trust/ open with comment lines
 *
 *	# store: ID
 *	# source: where the certificates came from
 *	# version: of that source
 *	# date: YYYY-MM-DD
 *	# count: N
 *
 * then the certificates. Loading is strict: a missing, empty or non-PEM
 * file, a certificate that does not decode and a count that disagrees
 * with the certificates are errors that name the file (and the
 * certificate's position). Stores are built on the main thread before
 * workers start and only read afterwards: every anchor's extension cache
 * is filled at load (OpenSSL fills it lazily, racing between threads).
 */
#ifndef TLSMATRIX_TRUST_H
#define TLSMATRIX_TRUST_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

#define TRUST_MAX_FILE		(16 * 1024 * 1024)	/* bytes per store */
#define TRUST_MAX_CERTS		4096			/* anchors per store */
#define TRUST_ID_MAX		48

/* OpenSSL's tags, so that this header needs no OpenSSL header. */
struct x509_store_st;

struct trust_store;

/* What a store file's header says ("" when absent). */
struct trust_info {
	char	id[TRUST_ID_MAX];	/* the id it was loaded as */
	char	source[160];
	char	version[64];
	char	date[16];
	size_t	count;			/* certificates loaded */
	char	path[256];		/* "" for one built in memory */
};

/*
 * Loads the PEM bundle at path as store id. err: "FILE: reason" or
 * "FILE: certificate 3 (line 41): reason".
 */
enum status	trust_store_load(const char *path, const char *id,
		    struct trust_store **out, char *err, size_t errlen);
/* The same from PEM text in memory (origin names it in errors). */
enum status	trust_store_from_pem(const char *pem, size_t len,
		    const char *origin, const char *id,
		    struct trust_store **out, char *err, size_t errlen);
/*
 * The machine's own store: OpenSSL's default paths (SSL_CERT_FILE,
 * /usr/lib/ssl/cert.pem, the hashed directory). id "system".
 */
enum status	trust_store_default(struct trust_store **out, char *err,
		    size_t errlen);
/* A store holding every anchor of v[0..n) (a client reading several). */
struct trust_store *trust_store_union(struct trust_store *const *v, size_t n,
		    const char *id);
void		trust_store_free(struct trust_store *ts);

const struct trust_info *trust_store_info(const struct trust_store *ts);
/* The X509_STORE to verify against: borrowed, read-only. */
struct x509_store_st *trust_store_x509(const struct trust_store *ts);

#endif
