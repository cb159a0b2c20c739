/*
 * chain_fetch.h: the certificate chain a server sends, read with one plain
 * OpenSSL handshake that checks nothing (chain_fetch.c).
 *
 * Used where our own ClientHello cannot see the chain: TLS 1.3, where it is
 * encrypted (the "hello" probe backend, probe_raw.c), and the scanner
 * (scan.c). It judges nothing; the caller verifies what came with its own
 * policy (probe_trust.c). Any thread; each call owns its socket and SSL.
 */
#ifndef TLSMATRIX_CHAIN_FETCH_H
#define TLSMATRIX_CHAIN_FETCH_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "netaddr.h"
#include "result.h"

/* The certificates a server sent, as DER, leaf first. */
#define CHAIN_MAX	16

struct chain {
	size_t		 n;		/* certificates sent */
	size_t		 n_kept;	/* at most CHAIN_MAX */
	unsigned char	*der[CHAIN_MAX];	/* heap */
	size_t		 len[CHAIN_MAX];
	size_t		 msg_len;	/* the Certificate message's length
					 * (its header's 24-bit field); 0 if
					 * unknown */
	bool		 cert_requested;	/* a CertificateRequest came */
};

/*
 * One handshake to addr:port, only to read the chain. version 0 lets
 * OpenSSL pick (any version it has); otherwise exactly that one. sigalgs
 * (may be NULL) are offered as far as OpenSSL knows them, so the server
 * picks the certificate a given client would get. On failure, *why and
 * detail explain (REASON_LOCAL "cancelled" after *cancel); a chain that
 * came before the failure is kept. out is released with chain_cleanup
 * either way.
 */
void	chain_fetch(const struct netaddr *addr, uint16_t port, const char *sni,
	    uint16_t version, const uint16_t *sigalgs, size_t n_sigalgs,
	    int timeout_ms, const atomic_bool *cancel, struct chain *out,
	    enum fail_reason *why, char *detail, size_t detaillen);
/* Frees the kept certificates; c may be NULL. */
void	chain_cleanup(struct chain *c);

/*
 * The pieces other handshakes share: the client certificate probe
 * (probe_clientauth.c), which judges nothing either, and the OpenSSL
 * backend (probe_ossl.c). OpenSSL's struct tags, so that this header needs
 * no OpenSSL header: an SSL_CTX and an SSL.
 */
struct ssl_ctx_st;
struct ssl_st;
/* A client SSL_CTX that accepts anything: security level 0, every suite,
 * no verification, legacy renegotiation. NULL if OpenSSL cannot. */
struct ssl_ctx_st *chain_ctx_any(void);
/* Appends the chain ssl (an SSL) has received to out (set to zeros, or
 * kept so far), as far as CHAIN_MAX: the probe backend's complete
 * handshake (probe_ossl.c) reads its chain so too. */
void	chain_keep(struct ssl_st *ssl, struct chain *out);
/* The SNI to send for sni into host (RFC 6066 §3: no IP literal, no
 * trailing dot); false, host empty, for none. */
bool	chain_sni_name(const char *sni, char *host, size_t len);

#endif
