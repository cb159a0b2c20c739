/*
 * chain_fetch.c: the certificate chain a server sends, from one OpenSSL
 * handshake that accepts anything (security level 0, every suite, no
 * verification) and presents no client certificate. Callers: the hello
 * backend for TLS 1.3 servers (probe_raw.c) and the scanner (scan.c), on
 * worker threads; no shared state.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "chain_fetch.h"
#include "clock.h"
#include "conn.h"
#include "net.h"
#include "netaddr.h"
#include "sockbio.h"
#include "tls_names.h"
#include "xmem.h"

void
chain_cleanup(struct chain *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n_kept; i++)
		free(c->der[i]);
	memset(c, 0, sizeof *c);
}

/* Offers the sigalgs OpenSSL knows (each name tried on a scratch
 * context; unknown ones and GREASE are skipped), so that the server picks
 * the certificate this client would get. Keeps OpenSSL's defaults if
 * none is left. */
static void
fetch_sigalgs(SSL_CTX *ctx, const uint16_t *sigalgs, size_t n)
{
	SSL_CTX *scratch = SSL_CTX_new(TLS_client_method());
	char list[2048], one[64];
	size_t used = 0, i, k = 0;
	const char *name;

	if (scratch == NULL)
		return;
	list[0] = '\0';
	for (i = 0; i < n; i++) {
		name = tls_sigalg_name(sigalgs[i]);
		if (name == NULL || tls_is_grease(sigalgs[i]))
			continue;
		snprintf(one, sizeof one, "%s", name);
		if (SSL_CTX_set1_sigalgs_list(scratch, one) != 1 ||
		    used + strlen(one) + 2 >= sizeof list)
			continue;
		used += (size_t)snprintf(list + used, sizeof list - used,
		    "%s%s", k++ ? ":" : "", one);
	}
	if (k > 0)
		(void)SSL_CTX_set1_sigalgs_list(ctx, list);
	SSL_CTX_free(scratch);
	ERR_clear_error();
}

/* The length of the server's Certificate message (RFC 8446 §4.4.2), the
 * 24-bit length of its header, which is what clients limit. */
static void
fetch_msg_cb(int write_p, int version, int content_type, const void *buf,
    size_t len, SSL *ssl, void *arg)
{
	struct chain *out = arg;
	const unsigned char *m = buf;

	(void)version;
	(void)ssl;
	if (!write_p && content_type == SSL3_RT_HANDSHAKE && len >= 4 &&
	    m[0] == SSL3_MT_CERTIFICATE && out->msg_len == 0)
		out->msg_len = len - 4;
}

/* A CertificateRequest came (TLS 1.3: encrypted, so only a handshake
 * sees it): note it and present no certificate. */
static int
fetch_cert_cb(SSL *ssl, X509 **x509, EVP_PKEY **pkey)
{
	struct chain *out = SSL_get_app_data(ssl);

	(void)x509;
	(void)pkey;
	if (out != NULL)
		out->cert_requested = true;
	return 0;
}

void
chain_keep(struct ssl_st *ssl, struct chain *out)
{
	STACK_OF(X509) *sk = SSL_get_peer_cert_chain(ssl);
	unsigned char *der;
	int i, n, len;

	n = sk != NULL ? sk_X509_num(sk) : 0;
	out->n = n > 0 ? (size_t)n : 0;
	for (i = 0; i < n && out->n_kept < CHAIN_MAX; i++) {
		der = NULL;
		len = i2d_X509(sk_X509_value(sk, i), &der);
		if (len <= 0)
			break;
		out->der[out->n_kept] = xmalloc((size_t)len);
		memcpy(out->der[out->n_kept], der, (size_t)len);
		out->len[out->n_kept++] = (size_t)len;
		OPENSSL_free(der);
	}
}

/* An SSL_CTX that accepts anything: this handshake judges nothing. */
struct ssl_ctx_st *
chain_ctx_any(void)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());

	if (ctx == NULL)
		return NULL;
	SSL_CTX_set_security_level(ctx, 0);
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	SSL_CTX_set_options(ctx, SSL_OP_ALL | SSL_OP_NO_COMPRESSION |
	    SSL_OP_LEGACY_SERVER_CONNECT);
	if (SSL_CTX_set_cipher_list(ctx, "ALL:!aNULL:!eNULL:@SECLEVEL=0") != 1) {
		SSL_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

bool
chain_sni_name(const char *sni, char *host, size_t len)
{
	size_t nl;

	host[0] = '\0';
	if (sni == NULL || netaddr_is_literal(sni))
		return false;
	snprintf(host, len, "%s", sni);
	nl = strlen(host);
	while (nl > 0 && host[nl - 1] == '.')
		host[--nl] = '\0';
	return nl > 0;
}

/* The SSL for one fetch: exactly version (0: any), the client's sigalgs,
 * callbacks that fill out. NULL with *why and detail set on failure. */
static SSL *
fetch_ssl_new(const char *sni, uint16_t version, const uint16_t *sigalgs,
    size_t n_sigalgs, struct chain *out, enum fail_reason *why,
    char *detail, size_t detaillen)
{
	SSL_CTX *ctx = chain_ctx_any();
	SSL *ssl = NULL;
	char name[NETADDR_HOST_MAX + 2];

	*why = REASON_LOCAL;
	if (ctx == NULL)
		goto local;
	if (version != 0 && (SSL_CTX_set_min_proto_version(ctx, version) != 1 ||
	    SSL_CTX_set_max_proto_version(ctx, version) != 1)) {
		snprintf(detail, detaillen, "OpenSSL cannot speak %s",
		    tls_version_name(version) ? tls_version_name(version) :
		    "that version");
		goto out;
	}
	if (version == 0)
		SSL_CTX_set_min_proto_version(ctx, 0);
	if (sigalgs != NULL && n_sigalgs > 0)
		fetch_sigalgs(ctx, sigalgs, n_sigalgs);
	SSL_CTX_set_client_cert_cb(ctx, fetch_cert_cb);
	ssl = SSL_new(ctx);
	if (ssl == NULL)
		goto local;
	SSL_set_msg_callback(ssl, fetch_msg_cb);
	SSL_set_msg_callback_arg(ssl, out);
	SSL_set_app_data(ssl, out);
	if (chain_sni_name(sni, name, sizeof name))
		SSL_set_tlsext_host_name(ssl, name);
	*why = REASON_NONE;
	goto out;
local:
	snprintf(detail, detaillen, "cannot set up OpenSSL for the "
	    "certificate handshake");
out:
	SSL_CTX_free(ctx);
	return ssl;
}

/* The handshake on fd until it completes, fails, times out or is
 * cancelled; keeps the chain that came. */
static void
fetch_handshake(SSL *ssl, BIO *bio, int fd, struct deadline *dl,
    const atomic_bool *cancel, struct chain *out, enum fail_reason *why,
    char *detail, size_t detaillen)
{
	unsigned long e;
	char err[RESULT_TEXT_MAX];
	int rc, sslerr, w;

	for (;;) {
		if (cancel != NULL && atomic_load(cancel)) {
			*why = REASON_LOCAL;
			snprintf(detail, detaillen, "cancelled");
			return;
		}
		rc = SSL_connect(ssl);
		if (rc == 1)
			break;
		sslerr = SSL_get_error(ssl, rc);
		if (sslerr != SSL_ERROR_WANT_READ &&
		    sslerr != SSL_ERROR_WANT_WRITE) {
			e = ERR_peek_error();
			*why = sockbio_errno(bio) == ECONNRESET ?
			    REASON_RESET : REASON_PROTOCOL_ERROR;
			if (e != 0)
				ERR_error_string_n(e, err, sizeof err);
			snprintf(detail, detaillen, "OpenSSL handshake for the "
			    "certificate failed: %s", e != 0 ? err :
			    "connection closed");
			/* A chain that came before the failure still counts. */
			chain_keep(ssl, out);
			return;
		}
		w = net_wait(fd, sslerr == SSL_ERROR_WANT_READ ? POLLIN :
		    POLLOUT, dl, cancel);
		if (w == 1)
			continue;
		*why = w == 0 ? REASON_TIMEOUT : REASON_LOCAL;
		snprintf(detail, detaillen, w == 0 ? "OpenSSL handshake for the "
		    "certificate did not finish in time" : "cancelled");
		return;
	}
	chain_keep(ssl, out);
	SSL_shutdown(ssl);
}

void
chain_fetch(const struct netaddr *addr, uint16_t port, const char *sni,
    uint16_t version, const uint16_t *sigalgs, size_t n_sigalgs,
    int timeout_ms, const atomic_bool *cancel, struct chain *out,
    enum fail_reason *why, char *detail, size_t detaillen)
{
	struct deadline dl = deadline_in(timeout_ms > 0 ?
	    (uint64_t)timeout_ms : 1);
	SSL *ssl = NULL;
	BIO_METHOD *meth = NULL;
	BIO *bio;
	char err[RESULT_TEXT_MAX];
	int fd = -1;

	memset(out, 0, sizeof *out);
	*why = REASON_NONE;
	if (detaillen > 0)
		detail[0] = '\0';
	ERR_clear_error();
	meth = sockbio_method_new();
	if (meth == NULL)
		goto local;
	ssl = fetch_ssl_new(sni, version, sigalgs, n_sigalgs, out, why,
	    detail, detaillen);
	if (ssl == NULL)
		goto out;
	fd = conn_open(addr, port, sni, &dl, cancel, why, err, sizeof err);
	if (fd < 0) {
		snprintf(detail, detaillen, "%s", err);
		goto out;
	}
	bio = sockbio_new(meth, fd);
	if (bio == NULL)
		goto local;
	SSL_set_bio(ssl, bio, bio);
	fetch_handshake(ssl, bio, fd, &dl, cancel, out, why, detail,
	    detaillen);
	goto out;
local:
	*why = REASON_LOCAL;
	snprintf(detail, detaillen, "cannot set up OpenSSL for the "
	    "certificate handshake");
out:
	SSL_free(ssl);
	BIO_meth_free(meth);
	if (fd >= 0)
		close(fd);
	ERR_clear_error();
}
