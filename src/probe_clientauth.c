/*
 * probe_clientauth.c: what a server that asks for a client certificate
 * does with a client that has none, or with --cert's (issue #15).
 *
 * A CertificateRequest is in the clear before TLS 1.3 (hello_parse reads
 * it) and encrypted in TLS 1.3 (the chain fetch's handshake notes it).
 * Whether the server goes on without a certificate shows only after the
 * client's Certificate: a TLS 1.2 server refuses during the handshake, a
 * TLS 1.3 server after the client's Finished, with certificate_required
 * (116) (RFC 8446 §4.4.2.4), and nginx's "ssl_verify_client on"
 * finishes the handshake and answers the first HTTP request with 400 "No
 * required SSL certificate was sent" (measured on loopback with Python
 * 3.12 and curl, #15). So one OpenSSL handshake is made, presenting
 * --cert's certificate or none, then one "GET /" is sent and the first
 * answer read: an alert, a 400/403/495/496 that names a certificate, or
 * anything else. Called by probe_raw.c on worker threads, once per
 * exchange that met a CertificateRequest.
 */
#include "config.h"

#include <sys/types.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "cert.h"
#include "chain_fetch.h"
#include "clock.h"
#include "conn.h"
#include "net.h"
#include "probe.h"
#include "probe_int.h"
#include "result.h"
#include "tls_names.h"

#define HTTP_READ_MAX	4096	/* enough for a status line and a title */

struct auth_state {
	const struct probe_env	*env;
	bool			 requested;
	bool			 presented;
	int			 alert;		/* read from the server, -1 */
};

/* The server's alerts, as the handshake and the read meet them. */
static void
info_cb(const SSL *ssl, int where, int ret)
{
	struct auth_state *st = SSL_get_app_data(ssl);

	if (st != NULL && (where & SSL_CB_READ_ALERT) && st->alert < 0 &&
	    (ret >> 8) == SSL3_AL_FATAL)
		st->alert = ret & 0xff;
}

/* The CertificateRequest: present --cert's certificate, or none. */
static int
cert_cb(SSL *ssl, X509 **x509, EVP_PKEY **pkey)
{
	struct auth_state *st = SSL_get_app_data(ssl);

	if (st == NULL)
		return 0;
	st->requested = true;
	if (st->env == NULL || st->env->client_cert == NULL ||
	    st->env->client_key == NULL)
		return 0;
	if (X509_up_ref(st->env->client_cert) != 1)
		return 0;
	if (EVP_PKEY_up_ref(st->env->client_key) != 1) {
		X509_free(st->env->client_cert);
		return 0;
	}
	*x509 = st->env->client_cert;
	*pkey = st->env->client_key;
	st->presented = true;
	return 1;
}

/* The CA names and signature schemes the request carried. */
static void
take_request(SSL *ssl, struct client_auth *out)
{
	const STACK_OF(X509_NAME) *cas = SSL_get0_peer_CA_list(ssl);
	unsigned char *der, rsig, rhash;
	char one[RESULT_TEXT_MAX];
	size_t used = 0;
	int i, n, len;

	n = cas != NULL ? sk_X509_NAME_num(cas) : 0;
	for (i = 0; i < n; i++) {
		der = NULL;
		len = i2d_X509_NAME(sk_X509_NAME_value(cas, i), &der);
		if (len > 0 && cert_name_from_der(der, (size_t)len, one,
		    sizeof one) == ST_OK) {
			out->n_ca_names++;
			if (used + strlen(one) + 3 < sizeof out->ca_names)
				used += (size_t)snprintf(out->ca_names + used,
				    sizeof out->ca_names - used, "%s%s",
				    used ? "; " : "", one);
		}
		OPENSSL_free(der);
	}
	n = SSL_get_sigalgs(ssl, -1, NULL, NULL, NULL, NULL, NULL);
	for (i = 0; i < n && out->n_sigalgs < RESULT_MAX_CA_SIGALGS; i++) {
		if (SSL_get_sigalgs(ssl, i, NULL, NULL, NULL, &rsig,
		    &rhash) <= 0)
			continue;
		out->sigalgs[out->n_sigalgs++] = (uint16_t)(rhash << 8 | rsig);
	}
}

/*
 * Drives fn (SSL_connect, or one SSL_read into buf) until it is done or
 * fails or the deadline passes: 1 done, 0 failed, -1 timed out or
 * cancelled. *got is what SSL_read read.
 */
static int
drive(SSL *ssl, int fd, bool reading, char *buf, size_t cap, size_t *got,
    const struct deadline *dl, const atomic_bool *cancel)
{
	int rc, e, w;

	for (;;) {
		if (cancel != NULL && atomic_load(cancel))
			return -1;
		rc = reading ? SSL_read(ssl, buf, (int)cap) : SSL_connect(ssl);
		if (rc > 0) {
			if (reading)
				*got = (size_t)rc;
			return 1;
		}
		e = SSL_get_error(ssl, rc);
		if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE)
			return 0;
		w = net_wait(fd, e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT,
		    dl, cancel);
		if (w != 1)
			return -1;
	}
}

/* nginx's refusal of a missing or bad client certificate (400, or its
 * 495/496 codes); other servers refuse in TLS. */
static bool
http_refuses(const char *resp)
{
	int code;

	if (sscanf(resp, "HTTP/%*d.%*d %d", &code) != 1)
		return false;
	if (code != 400 && code != 403 && code != 495 && code != 496)
		return false;
	for (; *resp != '\0'; resp++)
		if (strncasecmp(resp, "certificate", 11) == 0)
			return true;
	return false;
}

void
probe_client_auth(const struct probe_job *job, const char *sni,
    uint16_t version, const atomic_bool *cancel, struct client_auth *out,
    unsigned *conns)
{
	struct deadline dl = deadline_in(job->timeout_ms > 0 ?
	    (uint64_t)job->timeout_ms : 1);
	struct auth_state st = { job->env, false, false, -1 };
	SSL_CTX *ctx = NULL;
	SSL *ssl = NULL;
	BIO_METHOD *meth = NULL;
	BIO *bio;
	enum fail_reason why;
	char err[RESULT_TEXT_MAX], req[600], resp[HTTP_READ_MAX + 1];
	char host[NETADDR_HOST_MAX + 2];
	size_t got = 0, sent = 0;
	int fd = -1, hs, rd = -1;

	memset(out, 0, sizeof *out);
	out->alert = -1;
	out->verdict = CLIENT_AUTH_UNKNOWN;
	if (job->env != NULL)
		snprintf(out->presented, sizeof out->presented, "%s",
		    job->env->client_cert != NULL ? job->env->client_subject :
		    "");
	ERR_clear_error();
	ctx = chain_ctx_any();
	meth = sockbio_method_new();
	if (ctx == NULL || meth == NULL)
		goto out;
	if (version != 0 && (SSL_CTX_set_min_proto_version(ctx, version) != 1 ||
	    SSL_CTX_set_max_proto_version(ctx, version) != 1))
		goto out;
	SSL_CTX_set_client_cert_cb(ctx, cert_cb);
	SSL_CTX_set_info_callback(ctx, info_cb);
	if ((ssl = SSL_new(ctx)) == NULL)
		goto out;
	SSL_set_app_data(ssl, &st);
	/* SNI as the probe sends it (RFC 6066 §3: no IP literal, no
	 * trailing dot); the Host header names the address without one. */
	if (chain_sni_name(sni, host, sizeof host))
		SSL_set_tlsext_host_name(ssl, host);
	else
		netaddr_format(&job->addr, host, sizeof host);
	fd = conn_open(&job->addr, job->port, sni, &dl, cancel, &why, err,
	    sizeof err);
	if (fd < 0)
		goto out;
	(*conns)++;
	if ((bio = sockbio_new(meth, fd)) == NULL)
		goto out;
	SSL_set_bio(ssl, bio, bio);
	hs = drive(ssl, fd, false, NULL, 0, NULL, &dl, cancel);
	if (hs == 1 && st.requested) {
		/* One request: an HTTP server that refuses without a
		 * certificate says so in its answer (nginx). */
		snprintf(req, sizeof req, "GET / HTTP/1.1\r\nHost: %s\r\n"
		    "User-Agent: tlsmatrix\r\nConnection: close\r\n\r\n", host);
		if (SSL_write(ssl, req, (int)strlen(req)) > 0)
			sent = 1;
		rd = drive(ssl, fd, true, resp, HTTP_READ_MAX, &got, &dl,
		    cancel);
		resp[got] = '\0';
	}
	if (!st.requested) {
		out->verdict = CLIENT_AUTH_NONE;
		goto out;
	}
	take_request(ssl, out);
	out->alert = st.alert;
	if (hs != 1 || st.alert >= 0 || (rd == 1 && http_refuses(resp))) {
		out->by_http = hs == 1 && st.alert < 0;
		out->verdict = st.presented ? CLIENT_AUTH_REJECTED :
		    CLIENT_AUTH_REQUIRED;
		/* A handshake that just stopped, without an alert, after
		 * our Certificate: most likely the refusal too. */
		if (hs == -1)
			out->verdict = CLIENT_AUTH_UNKNOWN;
	} else if (hs == 1 && (rd == 1 || sent)) {
		out->verdict = st.presented ? CLIENT_AUTH_ACCEPTED :
		    CLIENT_AUTH_OPTIONAL;
	}
out:
	probe_ossl_close(ssl, meth, fd, ctx);
}

void
probe_client_auth_text(const struct client_auth *ca, char *buf, size_t len)
{
	char algs[160];
	size_t i, used = 0;
	const char *what;

	algs[0] = '\0';
	for (i = 0; i < ca->n_sigalgs && used + 40 < sizeof algs; i++) {
		const char *n = tls_sigalg_name(ca->sigalgs[i]);

		if (n != NULL)
			used += (size_t)snprintf(algs + used, sizeof algs - used,
			    "%s%s", used ? "," : "", n);
		else
			used += (size_t)snprintf(algs + used, sizeof algs - used,
			    "%s0x%04x", used ? "," : "", ca->sigalgs[i]);
	}
	switch (ca->verdict) {
	case CLIENT_AUTH_REQUIRED:
		what = "requires a client certificate";
		break;
	case CLIENT_AUTH_REJECTED:
		what = "rejected the client certificate presented";
		break;
	case CLIENT_AUTH_ACCEPTED:
		what = "accepted the client certificate presented";
		break;
	case CLIENT_AUTH_OPTIONAL:
		what = "asks for a client certificate but goes on without one";
		break;
	default:
		what = "asks for a client certificate";
		break;
	}
	snprintf(buf, len, "the server %s%s%s%s%s; CAs: %s; signature "
	    "algorithms: %s", what, ca->alert >= 0 ? " (alert " : "",
	    ca->alert >= 0 && tls_alert_name((uint8_t)ca->alert) != NULL ?
	    tls_alert_name((uint8_t)ca->alert) : ca->alert >= 0 ? "?" : "",
	    ca->alert >= 0 ? ")" : "", ca->by_http ? " (in HTTP: its answer "
	    "to GET / names the certificate)" : "",
	    ca->n_ca_names > 0 ? ca->ca_names : "any",
	    algs[0] != '\0' ? algs : "not stated");
}
