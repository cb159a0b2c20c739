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

#include "probe.h"
#include "result.h"

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

struct probe_env {
	struct x509_store_st *store;	/* X509_STORE; up-ref'd per SSL_CTX */
	/* --cert/--key: what every profile presents when asked; NULL: none */
	struct x509_st	*client_cert;
	struct evp_pkey_st *client_key;
	char		 client_subject[128];
};

extern const struct probe_ops probe_ossl_ops;
extern const struct probe_ops probe_raw_ops;

/* --- probe_bio.c: the socket BIO of both backends and the demo --- */

/*
 * A socket BIO whose writes use send(MSG_NOSIGNAL), so a peer that closed
 * cannot raise SIGPIPE whatever the calling thread's signal mask. The
 * method is per owner (no global state): create it, make BIOs on it, free
 * it after every BIO made from it is gone. The BIO does not close fd.
 */
struct bio_method_st *probe_sock_method_new(void);
struct bio_st	*probe_sock_bio_new(struct bio_method_st *meth, int fd);
/* errno of the last failed read or write, 0 if none. */
int		 probe_sock_bio_errno(struct bio_st *b);
/* Bytes received so far and a copy of the first (up to len) of them. */
size_t		 probe_sock_bio_received(struct bio_st *b, unsigned char *first,
		    size_t len, size_t *copied);
/* How many first bytes a BIO keeps (to explain NOT_TLS): len need be no
 * larger. */
#define PROBE_SOCK_FIRST_MAX	48

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
 * call it on the thread that failed. bio is the probe_sock_bio on fd; the
 * security level only words the detail.
 */
void	probe_classify_fail(struct probe_result *r, struct bio_st *bio, int fd,
	    int sslerr, const struct probe_ossl_seen *seen, int security_level);
/* Appends " [notes]" (profile items OpenSSL could not offer) to r's
 * detail, if there are any and they fit. */
void	probe_classify_notes(struct probe_result *r, const char *notes);

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
/* True if s is an IPv4 or IPv6 literal: no SNI for it (RFC 6066 §3),
 * and an IP SAN rather than a DNS name to match. */
bool	probe_is_ip_literal(const char *s);
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
