/*
 * tls_fixture.h: the small TLS servers and certificates the probe and scan
 * tests (test_probe.c, test_scan.c) run against on 127.0.0.1. A server is
 * a thread over one listener that closes, resets or runs a TLS handshake
 * with a given SSL_CTX, for one connection or for each until stopped.
 * Every wait is bounded (100 ms slices, 10 s for the one connection, 5 s
 * socket timeouts). Header-only (static functions); include once per test.
 */
#ifndef TLSMATRIX_TLS_FIXTURE_H
#define TLSMATRIX_TLS_FIXTURE_H

#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/socket.h>
#include <sys/time.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "net.h"
#include "netaddr.h"

enum fx_srv_mode {
	FX_SRV_CLOSE,		/* read the hello, close */
	FX_SRV_RESET,		/* read the hello, reset (linger 0) */
	FX_SRV_TLS,		/* SSL_accept with ctx, then close_notify */
};

struct fx_server {
	enum fx_srv_mode	 mode;
	SSL_CTX			*ctx;		/* borrowed */
	bool			 many;		/* every connection until stopped */
	int			 lfd;
	uint16_t		 port;
	atomic_bool		 stop;
	atomic_uint		 accepted;
	pthread_t		 thread;
};

static void
fx_serve_one(struct fx_server *s, int fd)
{
	struct linger lg = { 1, 0 };
	struct timeval tv = { 5, 0 };
	char buf[4096];
	SSL *ssl;

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	switch (s->mode) {
	case FX_SRV_CLOSE:
	case FX_SRV_RESET:
		(void)recv(fd, buf, sizeof buf, 0);
		/* Linger 0 turns close into a RST (RFC 793 abort). */
		if (s->mode == FX_SRV_RESET)
			setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
		break;
	case FX_SRV_TLS:
		ssl = SSL_new(s->ctx);
		SSL_set_fd(ssl, fd);
		if (SSL_accept(ssl) == 1)
			SSL_shutdown(ssl);
		SSL_free(ssl);
		break;
	}
	close(fd);
}

static void *
fx_server_main(void *arg)
{
	struct fx_server *s = arg;
	struct pollfd pfd = { .fd = s->lfd, .events = POLLIN };
	int fd, slices = 0;

	/* One connection: at most 10 s for it (100 slices). */
	while (!atomic_load(&s->stop) && (s->many || slices++ < 100)) {
		if (poll(&pfd, 1, 100) != 1)
			continue;
		if ((fd = accept(s->lfd, NULL, NULL)) < 0)
			continue;
		atomic_fetch_add(&s->accepted, 1);
		fx_serve_one(s, fd);
		if (!s->many)
			break;
	}
	return NULL;
}

/* Listens on at (port 0: any) and serves in a thread; aborts the test
 * program if it cannot (our own harness failing). */
static void
fx_server_start(struct fx_server *s, const struct netaddr *at,
    enum fx_srv_mode mode, SSL_CTX *ctx, bool many)
{
	char err[256];

	memset(s, 0, sizeof *s);
	s->mode = mode;
	s->ctx = ctx;
	s->many = many;
	atomic_init(&s->stop, false);
	atomic_init(&s->accepted, 0);
	s->lfd = net_listen(at, 0, &s->port, err, sizeof err);
	if (s->lfd < 0 ||
	    pthread_create(&s->thread, NULL, fx_server_main, s) != 0)
		abort();
}

/* A one-connection server ends by itself; a "many" one is told to. The
 * SSL_CTX stays the caller's. */
static void
fx_server_stop(struct fx_server *s)
{
	if (s->many)
		atomic_store(&s->stop, true);
	pthread_join(s->thread, NULL);
	close(s->lfd);
}

/* A self-signed certificate for host (CN and DNS SAN) on key, valid in
 * [from, to) seconds from now, SHA-256; its PEM in *pem (free it). */
static X509 *
fx_self_signed(EVP_PKEY *key, const char *host, long serial, long from,
    long to, char **pem)
{
	X509 *x = X509_new();
	X509_NAME *name = X509_get_subject_name(x);
	X509V3_CTX v3;
	X509_EXTENSION *ext;
	BIO *bio;
	char *data, san[300];
	long n;

	X509_set_version(x, X509_VERSION_3);
	ASN1_INTEGER_set(X509_get_serialNumber(x), serial);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
	    (const unsigned char *)host, -1, -1, 0);
	X509_set_issuer_name(x, name);
	X509_gmtime_adj(X509_getm_notBefore(x), from);
	X509_gmtime_adj(X509_getm_notAfter(x), to);
	X509_set_pubkey(x, key);
	X509V3_set_ctx(&v3, x, x, NULL, NULL, 0);
	snprintf(san, sizeof san, "DNS:%s", host);
	ext = X509V3_EXT_nconf_nid(NULL, &v3, NID_subject_alt_name, san);
	X509_add_ext(x, ext, -1);
	X509_EXTENSION_free(ext);
	X509_sign(x, key, EVP_sha256());
	bio = BIO_new(BIO_s_mem());
	PEM_write_bio_X509(bio, x);
	n = BIO_get_mem_data(bio, &data);
	*pem = strndup(data, (size_t)n);
	BIO_free(bio);
	return x;
}

#endif
