/*
 * probe_int.h: what the probe backends share, seen only by src/probe*.c
 * and the demo servers (src/demo.c).
 *
 * Each backend fills a struct probe_ops, the split curl uses between
 * vtls.c and its TLS backends; probe.c picks one and calls it. The trust
 * store lives in struct probe_env, built once and shared read-only.
 */
#ifndef TLSMATRIX_PROBE_INT_H
#define TLSMATRIX_PROBE_INT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "netaddr.h"
#include "probe.h"
#include "sockbio.h"
#include "result.h"
#include "trust.h"

/*
 * OpenSSL's own struct tags, so that this header needs no OpenSSL header
 * (check-layers.sh confines those to the .c files): X509_STORE, BIO and
 * BIO_METHOD in the files that include OpenSSL.
 */
struct x509_store_st;
struct x509_st;
struct bio_st;
struct bio_method_st;

struct probe_ops {
	const char	*name;		/* "openssl", "hello": result.method */
	/* Runs one probe into a result already set by result_init. */
	void		(*run)(const struct probe_job *, const atomic_bool *,
			    struct probe_result *);
	/* One exchange judged for n profiles (probe_run_shared), into n
	 * results set by result_init; NULL: the backend cannot share. */
	void		(*run_shared)(const struct probe_job *,
			    const struct profile *const *, size_t,
			    const atomic_bool *, struct probe_result *);
};

struct evp_pkey_st;

/* The store one profile verifies against (probe_env_build). */
struct probe_env_store {
	char			 profile_id[64];
	struct trust_store	*ts;		/* borrowed from env->owned;
						 * NULL: not installed */
	char			 label[RESULT_STORE_MAX];	/* "node-20" */
	char			 missing[RESULT_TEXT_MAX];	/* why ts is NULL */
};

struct aia_cache;

struct probe_env {
	struct x509_store_st *store;	/* X509_STORE of the default store;
					 * up-ref'd per SSL_CTX */
	struct trust_store *fallback;	/* profiles not in per: the system
					 * store, --ca-file or the demo CA */
	char		 fallback_label[RESULT_STORE_MAX];
	bool		 everyone;	/* --ca-file / demo: all use it */
	struct trust_store **owned;
	size_t		 n_owned;
	struct probe_env_store *per;
	size_t		 n_per;

	/* missing intermediates (probe_aia.c) */
	bool		 no_fetch;
	char		 fetchers[RESULT_TEXT_MAX];	/* profiles that fetch */
	struct resolve_entry *resolve;	/* copies of --resolve, --dns */
	size_t		 n_resolve;
	struct dns_server *dns;
	size_t		 n_dns;
	int		 family;	/* enum resolver_family */
	bool		 may_resolve;	/* names may go to the resolver */
	struct aia_cache *aia;

	/* --cert/--key: what every profile presents when asked; NULL: none */
	struct x509_st	*client_cert;
	struct evp_pkey_st *client_key;
	char		 client_subject[128];
};

/* The store and label job's profile verifies against; NULL with why in
 * missing when its store is not installed. */
const struct trust_store *probe_env_store_for(const struct probe_env *env,
	    const struct profile *p, const char **label, const char **missing);

extern const struct probe_ops probe_ossl_ops;
extern const struct probe_ops probe_raw_ops;

struct ssl_st;
struct ssl_ctx_st;

/* Ends one OpenSSL connection of probe_ossl.c or probe_clientauth.c:
 * frees the SSL, its BIO method and the context (each may be NULL),
 * closes fd (unless < 0) and drains this thread's OpenSSL error queue. */
void	probe_ossl_close(struct ssl_st *ssl, struct bio_method_st *meth,
	    int fd, struct ssl_ctx_st *ctx);

/* --- probe_classify.c: why an OpenSSL handshake failed --- */

/*
 * What probe_ossl.c's callbacks saw of one handshake, for the classifier.
 * Written and read on that probe's worker thread only.
 */
struct probe_ossl_seen {
	bool	sent_sni;
	/* alerts as the info callback saw them: -1 when none */
	int	alert_recv;
	int	alert_recv_level;	/* SSL3_AL_WARNING or SSL3_AL_FATAL */
	int	alert_sent;
	int	ske_dh_bits;		/* from ServerKeyExchange; 0 if none */
};

/*
 * Sets r's reason and detail for a failed SSL_connect (sslerr from
 * SSL_get_error) from the thread's OpenSSL error queue, which it drains:
 * call it on the thread that failed. bio is the sockbio on fd; the
 * security level only words the detail.
 */
void	probe_classify_fail(struct probe_result *r, struct bio_st *bio, int fd,
	    int sslerr, const struct probe_ossl_seen *seen, int security_level);
/* Appends " [notes]" (profile items OpenSSL could not offer) to r's
 * detail, if there are any and they fit. */
void	probe_classify_notes(struct probe_result *r, const char *notes);

/* --- probe_aia.c: missing intermediates from AIA URLs --- */

#define AIA_MAX_BODY		(64 * 1024)
#define AIA_MAX_REDIRECTS	3
#define AIA_MAX_CERTS		4
#define AIA_MAX_URLS		64	/* per run */

struct aia_cache *probe_aia_cache_new(void);
void	probe_aia_cache_free(struct aia_cache *c);
/*
 * The certificates at url (at most max, DER, heap copies into der/len),
 * fetched once per run through env's cache; note says what happened
 * ("fetched URL", "fetch of URL failed: why"). 0 on failure.
 */
size_t	probe_aia_fetch(const struct probe_env *env, const char *url,
	    const atomic_bool *cancel, int timeout_ms, unsigned char **der,
	    size_t *len, size_t max, char *note, size_t notelen);

/* --- probe_trust.c: the certificate decision of both backends --- */

/*
 * Judges the chain a server sent (DER, leaf first; n kept of n_sent;
 * msg_len the Certificate message's length field, 0 if unknown) as job's
 * profile would: its store, chain building (order, AIA), name rules,
 * EKU, message size, then the checks probe_verdict.c words, then the
 * profile's RSA key and DH group floors: the one verification policy both
 * backends apply. Fills r's trust_store, chain, sent, verify_code, leaf
 * summary; a failure sets r's outcome. Returns false when r failed.
 */
bool	probe_trust_judge(struct probe_result *r, const struct probe_job *job,
	    unsigned char *const *der, const size_t *len, size_t n,
	    size_t n_sent, size_t msg_len, const atomic_bool *cancel);

/* --- probe_clientauth.c: a server that asks for a client certificate --- */

/*
 * One OpenSSL handshake at version (0: any) with sni, presenting the
 * env's --cert certificate or none, then one GET / and its first answer:
 * what the server does with the client's certificate or its absence
 * (out->verdict), the CA names and signature schemes it asks for. Counts
 * its connection in *conns. Cannot fail: CLIENT_AUTH_UNKNOWN.
 */
void	probe_client_auth(const struct probe_job *job, const char *sni,
	    uint16_t version, const atomic_bool *cancel,
	    struct client_auth *out, unsigned *conns);
/* One line: what the server did, the alert, the CAs, the schemes. */
void	probe_client_auth_text(const struct client_auth *ca, char *buf,
	    size_t len);

/* --- probe_verdict.c: failure words shared by both backends --- */

/* Sets r's outcome (PROBE_FAILED, or PROBE_ERROR for REASON_LOCAL), its
 * reason and a one-line detail. */
void	probe_set_fail(struct probe_result *r, enum fail_reason why,
	    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Server bytes quoted from a non-TLS answer: the rest of the first line
 * is dropped. */
#define PROBE_ANSWER_MAX	64
/* Fails r as not-tls with "it answered \"...\"": the first line of buf
 * (to CR or LF, at most PROBE_ANSWER_MAX bytes), stored as received but
 * for NUL, shown as U+2400; the display escapes the rest. */
void	probe_fail_answered(struct probe_result *r, const unsigned char *buf,
	    size_t len);
/* True when cert (an X509) is signed with SHA-1, the digest the profile's
 * level may refuse. */
bool	probe_sha1_signed(struct x509_st *cert);
/* An OpenSSL verification error (X509_V_ERR_*) as a reason. */
enum fail_reason probe_verify_reason(long x509_err);
/* Fails r for verification error e, naming the certificate concerned
 * (err_cert, else r's leaf) at chain depth depth. */
void	probe_cert_fail(struct probe_result *r,
	    const struct cert_summary *err_cert, int depth,
	    const struct probe_job *job, long e);

#endif
