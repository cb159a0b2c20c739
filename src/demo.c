/*
 * demo.c: the incident (README.md) as two TLS servers on loopback.
 *
 * demo_start makes a CA and a server certificate in memory, then runs
 * backend A (127.0.0.2: ECDHE-RSA and RSA suites, as sslscan showed it)
 * and backend B (127.0.0.3: RSA key exchange only) on one port, each on
 * its own thread with every signal blocked. A backend thread is a small
 * poll() loop over its listener, a stop pipe and up to DEMO_CONNS
 * handshakes in flight, so concurrent probes do not queue behind a slow
 * one. Called from main (`--demo`) and the tests; demo_stop joins.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/socket.h>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "clock.h"
#include "demo.h"
#include "net.h"
#include "netaddr.h"
#include "sockbio.h"
#include "xmem.h"

#define DEMO_CONNS		32	/* handshakes in flight per backend */
#define DEMO_CONN_MS		3000	/* per connection, accept to close */
#define DEMO_BIND_TRIES		8
#define DEMO_VALID_SECS		(365L * 24 * 3600)

struct conn {
	int		 fd;
	SSL		*ssl;
	bool		 handshaken;
	size_t		 sent;
	short		 want;		/* POLLIN or POLLOUT */
	uint64_t	 deadline;	/* clock_ms() */
};

struct backend {
	const char	*label;
	const char	*ciphers;	/* TLS 1.2 list, server's order */
	const char	*body;		/* which backend answered */
	struct netaddr	 addr;
	int		 lfd;
	SSL_CTX		*ctx;
	pthread_t	 thread;
	bool		 running;
	int		 stop_fd;	/* read end of the demo's stop pipe */
	char		 response[256];
	size_t		 response_len;
	struct conn	 conns[DEMO_CONNS];
	size_t		 n_conns;
};

struct demo {
	struct backend	 b[2];
	size_t		 n;
	uint16_t	 port;
	int		 stop[2];
	EVP_PKEY	*ca_key, *leaf_key;
	X509		*ca, *leaf;
	char		*ca_pem;
};

static void __attribute__((format(printf, 3, 4)))
set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	unsigned long e = ERR_peek_last_error();
	size_t used;

	va_start(ap, fmt);
	used = status_vset_err(err, errlen, fmt, ap);
	va_end(ap);
	if (e != 0 && used + 3 < errlen) {
		snprintf(err + used, errlen - used, ": ");
		ERR_error_string_n(e, err + used + 2, errlen - used - 2);
	}
	ERR_clear_error();
}

/* --- certificates ------------------------------------------------------ */

/* Adds one extension in openssl.cnf syntax (x509v3_config(5)). */
static bool
add_ext(X509 *x, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX v3;
	X509_EXTENSION *ext;
	bool ok;

	X509V3_set_ctx(&v3, issuer, x, NULL, NULL, 0);
	ext = X509V3_EXT_nconf_nid(NULL, &v3, nid, value);
	if (ext == NULL)
		return false;
	ok = X509_add_ext(x, ext, -1) == 1;
	X509_EXTENSION_free(ext);
	return ok;
}

/*
 * A v3 certificate for key, signed by signer (issuer NULL: self-signed),
 * valid from an hour ago (clock skew) for a year, random 63-bit serial.
 */
static X509 *
make_cert(EVP_PKEY *key, EVP_PKEY *signer, X509 *issuer, const char *cn,
    const char *const *exts, const int *nids)
{
	unsigned char rnd[8];
	X509 *x;
	X509_NAME *name;
	BIGNUM *bn = NULL;
	size_t i;

	x = X509_new();
	if (x == NULL || X509_set_version(x, X509_VERSION_3) != 1 ||
	    RAND_bytes(rnd, sizeof rnd) != 1)
		goto fail;
	rnd[0] &= 0x7f;		/* positive (RFC 5280 §4.1.2.2) */
	rnd[0] |= 0x01;
	bn = BN_bin2bn(rnd, sizeof rnd, NULL);
	if (bn == NULL || BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x)) ==
	    NULL)
		goto fail;
	name = X509_get_subject_name(x);
	if (X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
	    (const unsigned char *)"tlsmatrix demo", -1, -1, 0) != 1 ||
	    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
	    (const unsigned char *)cn, -1, -1, 0) != 1)
		goto fail;
	if (X509_set_issuer_name(x, issuer != NULL ?
	    X509_get_subject_name(issuer) : name) != 1 ||
	    X509_gmtime_adj(X509_getm_notBefore(x), -3600) == NULL ||
	    X509_gmtime_adj(X509_getm_notAfter(x), DEMO_VALID_SECS) == NULL ||
	    X509_set_pubkey(x, key) != 1)
		goto fail;
	for (i = 0; exts[i] != NULL; i++) {
		if (!add_ext(x, issuer != NULL ? issuer : x, nids[i], exts[i]))
			goto fail;
	}
	if (X509_sign(x, signer, EVP_sha256()) <= 0)
		goto fail;
	BN_free(bn);
	return x;
fail:
	BN_free(bn);
	X509_free(x);
	return NULL;
}

/*
 * An EC P-256 CA and an RSA-2048 leaf for DEMO_HOST. The extensions are
 * the ones strict verifiers (X509_V_FLAG_X509_STRICT, Python 3.13) want:
 * a critical CA basicConstraints and keyUsage, SKID and AKID.
 */
static enum status
make_pki(struct demo *d, char *err, size_t errlen)
{
	static const char *const ca_exts[] = {
		"critical,CA:TRUE", "critical,keyCertSign,cRLSign", "hash",
		NULL,
	};
	static const int ca_nids[] = {
		NID_basic_constraints, NID_key_usage,
		NID_subject_key_identifier,
	};
	static const char *const leaf_exts[] = {
		"critical,CA:FALSE",
		"critical,digitalSignature,keyEncipherment", "serverAuth",
		"DNS:" DEMO_HOST, "hash", "keyid:always", NULL,
	};
	static const int leaf_nids[] = {
		NID_basic_constraints, NID_key_usage, NID_ext_key_usage,
		NID_subject_alt_name, NID_subject_key_identifier,
		NID_authority_key_identifier,
	};
	BIO *bio;
	char *pem;
	long n;

	d->ca_key = EVP_EC_gen("P-256");
	d->leaf_key = EVP_RSA_gen(2048);
	if (d->ca_key == NULL || d->leaf_key == NULL) {
		set_err(err, errlen, "demo: key generation failed");
		return ST_EIO;
	}
	d->ca = make_cert(d->ca_key, d->ca_key, NULL, "tlsmatrix demo CA",
	    ca_exts, ca_nids);
	if (d->ca == NULL) {
		set_err(err, errlen, "demo: cannot make the CA certificate");
		return ST_EIO;
	}
	d->leaf = make_cert(d->leaf_key, d->ca_key, d->ca, DEMO_HOST,
	    leaf_exts, leaf_nids);
	if (d->leaf == NULL) {
		set_err(err, errlen, "demo: cannot make the server certificate");
		return ST_EIO;
	}
	bio = BIO_new(BIO_s_mem());
	if (bio == NULL || PEM_write_bio_X509(bio, d->ca) != 1 ||
	    (n = BIO_get_mem_data(bio, &pem)) <= 0) {
		BIO_free(bio);
		set_err(err, errlen, "demo: cannot write the CA as PEM");
		return ST_EIO;
	}
	d->ca_pem = xstrndup(pem, (size_t)n);
	BIO_free(bio);
	return ST_OK;
}

/* The server side of one backend: TLS 1.2 only, its suites, its order. */
static SSL_CTX *
server_ctx(const struct demo *d, const struct backend *b, char *err,
    size_t errlen)
{
	SSL_CTX *ctx;

	ctx = SSL_CTX_new(TLS_server_method());
	if (ctx == NULL) {
		set_err(err, errlen, "demo: SSL_CTX_new");
		return NULL;
	}
	SSL_CTX_set_options(ctx, SSL_OP_CIPHER_SERVER_PREFERENCE);
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
	if (SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1 ||
	    SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION) != 1 ||
	    SSL_CTX_set_cipher_list(ctx, b->ciphers) != 1 ||
	    SSL_CTX_use_certificate(ctx, d->leaf) != 1 ||
	    SSL_CTX_use_PrivateKey(ctx, d->leaf_key) != 1 ||
	    SSL_CTX_check_private_key(ctx) != 1 ||
	    SSL_CTX_add1_chain_cert(ctx, d->ca) != 1) {
		set_err(err, errlen, "demo: cannot configure backend %s",
		    b->label);
		SSL_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

/* --- the server loop --------------------------------------------------- */

static void
conn_close(struct backend *b, size_t i)
{
	struct conn *c = &b->conns[i];

	SSL_free(c->ssl);
	close(c->fd);
	b->conns[i] = b->conns[--b->n_conns];
}

/*
 * Advances one connection: handshake, then the canned HTTP answer, then a
 * close_notify and close (we do not wait for the client's). Returns false
 * when the connection is finished, either way.
 */
static bool
conn_step(struct backend *b, struct conn *c)
{
	size_t n;
	int rc, e;

	if (!c->handshaken) {
		rc = SSL_accept(c->ssl);
		if (rc != 1)
			goto again;
		c->handshaken = true;
	}
	while (c->sent < b->response_len) {
		rc = SSL_write_ex(c->ssl, b->response + c->sent,
		    b->response_len - c->sent, &n);
		if (rc != 1)
			goto again;
		c->sent += n;
	}
	SSL_shutdown(c->ssl);
	return false;
again:
	e = SSL_get_error(c->ssl, rc);
	if (e == SSL_ERROR_WANT_READ) {
		c->want = POLLIN;
		return true;
	}
	if (e == SSL_ERROR_WANT_WRITE) {
		c->want = POLLOUT;
		return true;
	}
	/* A refused client (backend B's point) or a vanished one. */
	ERR_clear_error();
	return false;
}

/* Takes every pending connection while there is room. */
static void
accept_all(struct backend *b, BIO_METHOD *meth)
{
	struct conn *c;
	BIO *bio;
	int fd;

	while (b->n_conns < DEMO_CONNS) {
		fd = accept(b->lfd, NULL, NULL);
		if (fd < 0)
			return;		/* EAGAIN, or an aborted client */
		if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0) {
			close(fd);
			continue;
		}
		c = &b->conns[b->n_conns];
		memset(c, 0, sizeof *c);
		c->fd = fd;
		c->deadline = clock_ms() + DEMO_CONN_MS;
		c->ssl = SSL_new(b->ctx);
		bio = sockbio_new(meth, fd);
		if (c->ssl == NULL || bio == NULL) {
			BIO_free(bio);
			SSL_free(c->ssl);
			close(fd);
			continue;
		}
		SSL_set_bio(c->ssl, bio, bio);
		b->n_conns++;
		if (!conn_step(b, c))
			conn_close(b, b->n_conns - 1);
	}
}

static void *
backend_main(void *arg)
{
	struct backend *b = arg;
	struct pollfd pfd[2 + DEMO_CONNS];
	BIO_METHOD *meth;
	uint64_t now, next;
	size_t i, base;
	int timeout;

	meth = sockbio_method_new();
	if (meth == NULL)
		return NULL;
	for (;;) {
		pfd[0].fd = b->stop_fd;
		pfd[0].events = POLLIN;
		/* A full table leaves clients in the listen backlog. */
		pfd[1].fd = b->n_conns < DEMO_CONNS ? b->lfd : -1;
		pfd[1].events = POLLIN;
		base = 2;
		now = clock_ms();
		next = UINT64_MAX;
		for (i = 0; i < b->n_conns; i++) {
			pfd[base + i].fd = b->conns[i].fd;
			pfd[base + i].events = b->conns[i].want;
			pfd[base + i].revents = 0;
			if (b->conns[i].deadline < next)
				next = b->conns[i].deadline;
		}
		timeout = next == UINT64_MAX ? -1 : next <= now ? 0 :
		    (int)(next - now);
		if (poll(pfd, base + b->n_conns, timeout) < 0 &&
		    errno != EINTR)
			break;
		if (pfd[0].revents != 0)
			break;
		/* Walk backwards: conn_close moves the last entry into i. */
		now = clock_ms();
		for (i = b->n_conns; i-- > 0;) {
			if (pfd[base + i].revents != 0) {
				if (!conn_step(b, &b->conns[i]))
					conn_close(b, i);
			} else if (b->conns[i].deadline <= now) {
				conn_close(b, i);
			}
		}
		if (pfd[1].fd >= 0 && (pfd[1].revents & POLLIN) != 0)
			accept_all(b, meth);
	}
	while (b->n_conns > 0)
		conn_close(b, b->n_conns - 1);
	BIO_meth_free(meth);
	return NULL;
}

/* --- the public part --------------------------------------------------- */

/* Binds A on a free port and B on the same one, retrying a few ports. */
static enum status
bind_both(struct demo *d, char *err, size_t errlen)
{
	uint16_t port = 0, port_b = 0;
	int tries, fl;
	size_t i;

	for (tries = 0; tries < DEMO_BIND_TRIES; tries++) {
		d->b[0].lfd = net_listen(&d->b[0].addr, 0, &port, err, errlen);
		if (d->b[0].lfd < 0)
			return ST_EIO;
		d->b[1].lfd = net_listen(&d->b[1].addr, port, &port_b, err,
		    errlen);
		if (d->b[1].lfd >= 0)
			break;
		close(d->b[0].lfd);
		d->b[0].lfd = -1;
	}
	if (d->b[1].lfd < 0)
		return ST_EIO;
	d->port = port;
	for (i = 0; i < d->n; i++) {
		fl = fcntl(d->b[i].lfd, F_GETFL);
		if (fl < 0 || fcntl(d->b[i].lfd, F_SETFL, fl | O_NONBLOCK) < 0) {
			snprintf(err, errlen, "demo: fcntl: %s",
			    strerror(errno));
			return ST_EIO;
		}
	}
	return ST_OK;
}

enum status
demo_start(struct demo **out, char *err, size_t errlen)
{
	struct demo *d;
	struct backend *b;
	sigset_t all, old;
	enum status st;
	size_t i;
	int rc;

	*out = NULL;
	ERR_clear_error();
	d = xcalloc(1, sizeof *d);
	d->stop[0] = d->stop[1] = -1;
	d->n = 2;
	for (i = 0; i < d->n; i++) {
		b = &d->b[i];
		b->lfd = -1;
		b->addr.family = NETADDR_V4;
		b->addr.bytes[0] = 127;
		b->addr.bytes[3] = (uint8_t)(2 + i);
	}
	/* As sslscan listed them in the incident (README.md). */
	d->b[0].label = "A: ECDHE-RSA + RSA suites";
	d->b[0].ciphers = "ECDHE-RSA-AES128-SHA:ECDHE-RSA-AES256-SHA384:"
	    "AES256-SHA:AES128-SHA";
	d->b[0].body = "backend A\n";
	d->b[1].label = "B: RSA key exchange only";
	d->b[1].ciphers = "AES256-SHA:AES128-SHA";
	d->b[1].body = "backend B\n";
	/* TLSMATRIX_DEMO_FIXED=1: B after the fix, configured like A, so
	 * that `tlsmatrix --diff` has a before and an after (tests). */
	{
		const char *fixed = getenv("TLSMATRIX_DEMO_FIXED");

		if (fixed != NULL && strcmp(fixed, "1") == 0) {
			d->b[1].label = "B: fixed, configured like A";
			d->b[1].ciphers = d->b[0].ciphers;
		}
	}

	if ((st = make_pki(d, err, errlen)) != ST_OK)
		goto fail;
	for (i = 0; i < d->n; i++) {
		b = &d->b[i];
		b->ctx = server_ctx(d, b, err, errlen);
		if (b->ctx == NULL) {
			st = ST_EIO;
			goto fail;
		}
		b->response_len = (size_t)snprintf(b->response,
		    sizeof b->response, "HTTP/1.1 200 OK\r\n"
		    "Content-Type: text/plain\r\nContent-Length: %zu\r\n"
		    "Connection: close\r\n\r\n%s", strlen(b->body), b->body);
	}
	if ((st = bind_both(d, err, errlen)) != ST_OK)
		goto fail;
	if (pipe(d->stop) != 0) {
		snprintf(err, errlen, "demo: pipe: %s", strerror(errno));
		st = ST_EIO;
		goto fail;
	}

	/* The threads inherit a mask with every signal blocked. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (i = 0; i < d->n; i++) {
		b = &d->b[i];
		b->stop_fd = d->stop[0];
		rc = pthread_create(&b->thread, NULL, backend_main, b);
		if (rc != 0) {
			snprintf(err, errlen, "demo: pthread_create: %s",
			    strerror(rc));
			st = ST_EIO;
			break;
		}
		b->running = true;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (st != ST_OK)
		goto fail;
	*out = d;
	return ST_OK;
fail:
	demo_stop(d);
	return st;
}

uint16_t
demo_port(const struct demo *d)
{
	return d->port;
}

size_t
demo_backends(const struct demo *d, struct demo_backend_info *out,
    size_t max)
{
	size_t i;

	for (i = 0; i < d->n && i < max; i++) {
		out[i].addr = d->b[i].addr;
		out[i].label = d->b[i].label;
	}
	return d->n;
}

const char *
demo_ca_pem(const struct demo *d)
{
	return d->ca_pem;
}

void
demo_stop(struct demo *d)
{
	size_t i;
	ssize_t n;

	if (d == NULL)
		return;
	/* One byte wakes every backend: none of them reads it. */
	if (d->stop[1] >= 0) {
		do
			n = write(d->stop[1], "x", 1);
		while (n < 0 && errno == EINTR);
	}
	for (i = 0; i < d->n; i++) {
		if (d->b[i].running)
			pthread_join(d->b[i].thread, NULL);
		if (d->b[i].lfd >= 0)
			close(d->b[i].lfd);
		SSL_CTX_free(d->b[i].ctx);
	}
	if (d->stop[0] >= 0)
		close(d->stop[0]);
	if (d->stop[1] >= 0)
		close(d->stop[1]);
	X509_free(d->ca);
	X509_free(d->leaf);
	EVP_PKEY_free(d->ca_key);
	EVP_PKEY_free(d->leaf_key);
	free(d->ca_pem);
	free(d);
}
