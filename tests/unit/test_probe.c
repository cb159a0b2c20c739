/*
 * test_probe.c: the OpenSSL probe against real servers on loopback.
 *
 * The demo backends (demo.c) reproduce the incident: python-3.12 fails on
 * B with handshake_failure and works on A with 0xc028; python-3.9 works on
 * both. Small servers made here cover a closed port, a silent listener, a
 * plain-HTTP answer, a close and a reset after the hello, an expired
 * certificate, a small DH group, a wrong name, an unknown CA and
 * cancellation. No DNS, no sleeps: every wait is a poll() with a bound.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "clock.h"
#include "demo.h"
#include "fmt.h"
#include "hello_build.h"
#include "net.h"
#include "netaddr.h"
#include "probe.h"
#include "profile.h"
#include "result.h"
#include "../tap.h"
#include "demo_fixture.h"
#include "tls_fixture.h"

static struct profile_set profiles;
static const struct profile *py39, *py312;
static struct probe_env *env_demo;
static struct demo *demo;
static struct netaddr addr_a, addr_b, loop1;
static uint16_t port;

/* One probe of p against a:pt with backend b. */
static void
run_with(enum probe_backend b, const struct profile *p,
    const struct netaddr *a, uint16_t pt, const char *host,
    const struct probe_env *env, int timeout_ms, const atomic_bool *cancel,
    struct probe_result *r)
{
	struct probe_job job;

	memset(&job, 0, sizeof job);
	job.addr = *a;
	job.port = pt;
	job.profile = p;
	job.env = env;
	job.host = host;
	job.timeout_ms = timeout_ms;
	job.backend = b;
	probe_run(&job, cancel, r);
}

static void
run(const struct profile *p, const struct netaddr *a, uint16_t pt,
    const char *host, const struct probe_env *env, int timeout_ms,
    const atomic_bool *cancel, struct probe_result *r)
{
	run_with(PROBE_BACKEND_DEFAULT, p, a, pt, host, env, timeout_ms, cancel,
	    r);
}

/* run() against the demo with a given backend. */
static void
run_backend(enum probe_backend b, const struct profile *p,
    const struct netaddr *a, uint16_t pt, int timeout_ms,
    struct probe_result *r)
{
	run_with(b, p, a, pt, DEMO_HOST, env_demo, timeout_ms, NULL, r);
}

/* The detail holds server bytes as received: escaped for the log. */
static void
show(const char *what, const struct probe_result *r)
{
	char detail[4 * sizeof r->detail];

	fmt_sanitize(r->detail, detail, sizeof detail, false);
	printf("# %s: outcome %d reason %s version 0x%04x cipher 0x%04x "
	    "group %u alert %d/%d: %s\n", what, r->outcome,
	    result_reason_name(r->reason), r->version, r->cipher, r->group,
	    r->alert_received, r->alert_sent, detail);
}

/* --- a server that answers a TLS hello with plain HTTP ----------------- */

struct http_server {
	int		 lfd;
	pthread_t	 thread;
	const char	*resp;		/* NULL: a plain 400 */
	size_t		 resp_len;
};

static void *
http_main(void *arg)
{
	static const char plain[] = "HTTP/1.1 400 Bad Request\r\n\r\n";
	struct http_server *s = arg;
	const char *resp = s->resp != NULL ? s->resp : plain;
	size_t resp_len = s->resp != NULL ? s->resp_len : sizeof plain - 1;
	struct pollfd pfd = { .fd = s->lfd, .events = POLLIN };
	char buf[4096];
	ssize_t n;
	int fd, i;

	if (poll(&pfd, 1, 10000) != 1 || (fd = accept(s->lfd, NULL, NULL)) < 0)
		return NULL;
	/* Read the ClientHello first, as nginx does, then answer, then wait
	 * for the client's close so no RST overtakes the answer. */
	pfd.fd = fd;
	if (poll(&pfd, 1, 5000) == 1)
		(void)recv(fd, buf, sizeof buf, 0);
	(void)send(fd, resp, resp_len, MSG_NOSIGNAL);
	shutdown(fd, SHUT_WR);
	for (i = 0; i < 100 && poll(&pfd, 1, 5000) == 1; i++) {
		n = recv(fd, buf, sizeof buf, 0);
		if (n <= 0)
			break;
	}
	close(fd);
	return NULL;
}

static SSL_CTX *
server_ctx(X509 *cert, EVP_PKEY *key, int version, const char *ciphers)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());

	/* Level 0 first, so weak keys and old versions load at all. */
	SSL_CTX_set_security_level(ctx, 0);
	SSL_CTX_set_min_proto_version(ctx, version);
	SSL_CTX_set_max_proto_version(ctx, version);
	SSL_CTX_set_cipher_list(ctx, ciphers);
	SSL_CTX_use_certificate(ctx, cert);
	SSL_CTX_use_PrivateKey(ctx, key);
	return ctx;
}

static void
test_more_servers(void)
{
	struct fx_server s;
	struct probe_result r;
	struct probe_env *env = NULL;
	EVP_PKEY *key, *dh = NULL;
	EVP_PKEY_CTX *pctx;
	OSSL_PARAM params[2];
	X509 *x;
	SSL_CTX *ctx;
	char *pem, err[256];

	fx_server_start(&s, &loop1, FX_SRV_CLOSE, NULL, false);
	run(py312, &loop1, s.port, DEMO_HOST, env_demo, 5000, NULL, &r);
	fx_server_stop(&s);
	show("close after hello", &r);
	is_int(r.reason, REASON_CLOSED, "close after hello: closed");

	fx_server_start(&s, &loop1, FX_SRV_RESET, NULL, false);
	run(py312, &loop1, s.port, DEMO_HOST, env_demo, 5000, NULL, &r);
	fx_server_stop(&s);
	show("reset after hello", &r);
	is_int(r.reason, REASON_RESET, "reset after hello: reset");

	/* Expired a day ago; trusted itself, so expiry is the only fault. */
	key = EVP_RSA_gen(2048);
	x = fx_self_signed(key, DEMO_HOST, 7, -10 * 86400L, -86400L, &pem);
	probe_env_new(NULL, pem, &env, err, sizeof err);
	ctx = server_ctx(x, key, TLS1_2_VERSION, "ECDHE-RSA-AES128-GCM-SHA256");
	fx_server_start(&s, &loop1, FX_SRV_TLS, ctx, false);
	run(py312, &loop1, s.port, DEMO_HOST, env, 5000, NULL, &r);
	fx_server_stop(&s);
	show("expired", &r);
	is_int(r.reason, REASON_CERT_EXPIRED, "expired certificate: expired");
	is_int(r.verify_code, X509_V_ERR_CERT_HAS_EXPIRED,
	    "expired certificate: verify code");
	ok(strncmp(r.detail, "certificate has expired (notAfter 20", 36) == 0,
	    "expired certificate: detail gives notAfter (%s)", r.detail);
	is_int(r.cipher, 0xc02f, "expired certificate: suite still reported");
	SSL_CTX_free(ctx);

	/* DHE with the 1536-bit MODP group (RFC 3526): below level 2. */
	pctx = EVP_PKEY_CTX_new_from_name(NULL, "DH", NULL);
	params[0] = OSSL_PARAM_construct_utf8_string(
	    OSSL_PKEY_PARAM_GROUP_NAME, (char *)(uintptr_t)"modp_1536", 0);
	params[1] = OSSL_PARAM_construct_end();
	if (pctx == NULL || EVP_PKEY_paramgen_init(pctx) != 1 ||
	    EVP_PKEY_CTX_set_params(pctx, params) != 1 ||
	    EVP_PKEY_paramgen(pctx, &dh) != 1)
		ok(0, "cannot make DH parameters");
	EVP_PKEY_CTX_free(pctx);
	ctx = server_ctx(x, key, TLS1_2_VERSION,
	    "DHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0");
	SSL_CTX_set0_tmp_dh_pkey(ctx, dh);
	fx_server_start(&s, &loop1, FX_SRV_TLS, ctx, false);
	run(py312, &loop1, s.port, DEMO_HOST, env, 5000, NULL, &r);
	fx_server_stop(&s);
	show("dh 1536", &r);
	is_int(r.reason, REASON_DH_TOO_SMALL, "DH 1536: dh-too-small");
	is_int(r.dh_bits, 1536, "DH 1536: size read from ServerKeyExchange");
	is_int(r.cipher, 0x009e, "DH 1536: DHE suite reported");
	is_int(r.alert_sent, 40, "DH 1536: we sent handshake_failure");
	SSL_CTX_free(ctx);

	/* TLS 1.0 only: python-3.12 has no version in common; python-3.9
	 * offers 1.0 but refuses its MD5+SHA-1 ServerKeyExchange signature. */
	ctx = server_ctx(x, key, TLS1_VERSION, "ECDHE-RSA-AES128-SHA:@SECLEVEL=0");
	fx_server_start(&s, &loop1, FX_SRV_TLS, ctx, false);
	run(py312, &loop1, s.port, DEMO_HOST, env, 5000, NULL, &r);
	fx_server_stop(&s);
	show("tls1.0 py312", &r);
	is_int(r.reason, REASON_NO_SHARED_PROTOCOL,
	    "TLS 1.0 server x python-3.12: no-shared-protocol");
	is_int(r.alert_received, 70, "TLS 1.0 server: protocol_version alert");
	fx_server_start(&s, &loop1, FX_SRV_TLS, ctx, false);
	run(py39, &loop1, s.port, DEMO_HOST, env, 5000, NULL, &r);
	fx_server_stop(&s);
	show("tls1.0 py39", &r);
	is_int(r.reason, REASON_LEGACY_SIGNATURE,
	    "TLS 1.0 ECDHE server x python-3.9: legacy-signature");
	is_int(r.version, 0x0301, "TLS 1.0 ECDHE server: version reported");
	SSL_CTX_free(ctx);
	probe_env_free(env);
	free(pem);
	X509_free(x);
	EVP_PKEY_free(key);

	/* An RSA-1024 certificate, trusted: too small at level 2. */
	key = EVP_RSA_gen(1024);
	x = fx_self_signed(key, DEMO_HOST, 7, -3600, 86400L, &pem);
	env = NULL;
	probe_env_new(NULL, pem, &env, err, sizeof err);
	ctx = server_ctx(x, key, TLS1_2_VERSION, "ECDHE-RSA-AES128-GCM-SHA256");
	fx_server_start(&s, &loop1, FX_SRV_TLS, ctx, false);
	run(py312, &loop1, s.port, DEMO_HOST, env, 5000, NULL, &r);
	fx_server_stop(&s);
	show("rsa1024", &r);
	is_int(r.reason, REASON_KEY_TOO_SMALL, "RSA-1024: key-too-small");
	is_int(r.cert.key_bits, 1024, "RSA-1024: key size in the summary");
	SSL_CTX_free(ctx);
	probe_env_free(env);
	free(pem);
	X509_free(x);
	EVP_PKEY_free(key);
}

/* --- a probe on its own thread, for cancellation and concurrency ------- */

struct bg_probe {
	const struct profile	*profile;
	const struct netaddr	*addr;
	uint16_t		 port;
	const char		*host;
	int			 timeout_ms;
	atomic_bool		 cancel;
	struct probe_result	 r;
	uint64_t		 done_at;
	pthread_t		 thread;
};

static void *
bg_main(void *arg)
{
	struct bg_probe *b = arg;

	run(b->profile, b->addr, b->port, b->host, env_demo, b->timeout_ms,
	    &b->cancel, &b->r);
	b->done_at = clock_ms();
	return NULL;
}

static void
bg_start(struct bg_probe *b, const struct profile *p,
    const struct netaddr *a, uint16_t pt, int timeout_ms)
{
	memset(b, 0, sizeof *b);
	b->profile = p;
	b->addr = a;
	b->port = pt;
	b->host = DEMO_HOST;
	b->timeout_ms = timeout_ms;
	atomic_init(&b->cancel, false);
	if (pthread_create(&b->thread, NULL, bg_main, b) != 0)
		abort();
}

/* --- the tests --------------------------------------------------------- */

static void
test_env(void)
{
	struct probe_env *e = NULL;
	char err[256];

	is_int(probe_env_new("/nonexistent/ca.pem", NULL, &e, err, sizeof err),
	    ST_EIO, "env: missing CA file is ST_EIO");
	ok(e == NULL && strstr(err, "/nonexistent/ca.pem") != NULL,
	    "env: error names the file (%s)", err);
	is_int(probe_env_new(NULL, "not a certificate", &e, err, sizeof err),
	    ST_EPARSE, "env: CA text without PEM is ST_EPARSE");
	probe_env_free(NULL);
}

static void
test_incident(void)
{
	struct probe_result r;

	run(py312, &addr_a, port, DEMO_HOST, env_demo, 5000, NULL, &r);
	show("python-3.12 x A", &r);
	is_int(r.outcome, PROBE_OK, "python-3.12 x A: ok");
	is_int(r.version, 0x0303, "python-3.12 x A: TLS 1.2");
	is_int(r.cipher, 0xc028,
	    "python-3.12 x A: TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384");
	is_int(r.group, 29, "python-3.12 x A: x25519");
	is_int(r.dh_bits, 0, "python-3.12 x A: no DH");
	is_str(r.method, "hello", "method is hello, the default");
	ok(r.have_cert, "python-3.12 x A: certificate kept");
	ok(strstr(r.cert.subject, DEMO_HOST) != NULL,
	    "cert subject names %s (%s)", DEMO_HOST, r.cert.subject);
	is_str(r.cert.san, "DNS:" DEMO_HOST, "cert SAN");
	is_str(r.cert.key_type, "RSA", "cert key RSA");
	is_int(r.cert.key_bits, 2048, "cert key 2048 bits");
	is_str(r.cert.signature_algorithm, "ecdsa-with-SHA256",
	    "cert signed by the EC CA");
	is_int(r.verify_code, 0, "verify code X509_V_OK");
	is_int(r.alert_received, -1, "no alert received");
	ok(r.handshake_ms >= r.connect_ms, "handshake ends after connect");
	is_int(r.reason, REASON_NONE, "reason none on success");

	run(py312, &addr_b, port, DEMO_HOST, env_demo, 5000, NULL, &r);
	show("python-3.12 x B", &r);
	is_int(r.outcome, PROBE_FAILED, "python-3.12 x B: failed");
	is_int(r.reason, REASON_SERVER_ALERT, "python-3.12 x B: server alert");
	is_int(r.alert_received, 40, "python-3.12 x B: handshake_failure (40)");
	is_str(r.detail, "server sent fatal alert handshake_failure (40)",
	    "python-3.12 x B: detail");
	is_int(r.cipher, 0, "python-3.12 x B: nothing negotiated");
	ok(!r.have_cert, "python-3.12 x B: no certificate");

	run(py39, &addr_a, port, DEMO_HOST, env_demo, 5000, NULL, &r);
	show("python-3.9 x A", &r);
	is_int(r.outcome, PROBE_OK, "python-3.9 x A: ok");
	is_int(r.version, 0x0303, "python-3.9 x A: TLS 1.2");
	is_int(r.cipher, 0xc013,
	    "python-3.9 x A: server preference picks ECDHE-RSA-AES128-SHA");

	run(py39, &addr_b, port, DEMO_HOST, env_demo, 5000, NULL, &r);
	show("python-3.9 x B", &r);
	is_int(r.outcome, PROBE_OK, "python-3.9 x B: ok");
	is_int(r.cipher, 0x0035, "python-3.9 x B: TLS_RSA_WITH_AES_256_CBC_SHA");
	is_int(r.group, 0, "python-3.9 x B: no key exchange group");
	ok(strstr(r.cert.subject, DEMO_HOST) != NULL, "python-3.9 x B: cert");
}

static void
test_certs(void)
{
	struct probe_result r;
	struct probe_env *sys = NULL;
	char err[256];

	run(py312, &addr_a, port, "wrong.test", env_demo, 5000, NULL, &r);
	show("wrong host", &r);
	is_int(r.outcome, PROBE_FAILED, "wrong host: failed");
	is_int(r.reason, REASON_CERT_HOSTNAME, "wrong host: cert-hostname");
	is_int(r.verify_code, 62, "wrong host: X509_V_ERR_HOSTNAME_MISMATCH");
	is_int(r.cipher, 0xc028, "wrong host: parameters still reported");
	ok(strstr(r.detail, "wrong.test") != NULL &&
	    strstr(r.detail, "DNS:" DEMO_HOST) != NULL,
	    "wrong host: detail names both (%s)", r.detail);

	if (probe_env_new(NULL, NULL, &sys, err, sizeof err) != ST_OK) {
		ok(0, "system trust store: %s", err);
		return;
	}
	run(py312, &addr_a, port, DEMO_HOST, sys, 5000, NULL, &r);
	show("unknown CA", &r);
	is_int(r.outcome, PROBE_FAILED, "unknown CA: failed");
	is_int(r.reason, REASON_CERT_UNTRUSTED, "unknown CA: cert-untrusted");
	ok(r.have_cert, "unknown CA: certificate still reported");
	ok(strstr(r.detail, "tlsmatrix demo CA") != NULL,
	    "unknown CA: detail names the issuer (%s)", r.detail);
	probe_env_free(sys);
}

/*
 * An answer whose first line carries ESC, a quote, a backslash and a NUL:
 * the detail keeps it as received (the display escapes it once), but for
 * the NUL, shown as U+2400 so that nothing after it is hidden.
 */
static void
hostile_answer(enum probe_backend b, const char *name)
{
	static const char resp[] = "HTTP/1.1 400 \x1b[2J\"q\" a\\b \0tail\r\n"
	    "Content-Length: 0\r\n\r\n";
	static const char want[] = "not a TLS server: it answered "
	    "\"HTTP/1.1 400 \x1b[2J\"q\" a\\b \xe2\x90\x80tail\"";
	struct probe_result r;
	struct http_server hs;
	char err[256];
	uint16_t p;

	memset(&hs, 0, sizeof hs);
	hs.resp = resp;
	hs.resp_len = sizeof resp - 1;
	hs.lfd = net_listen(&loop1, 0, &p, err, sizeof err);
	if (hs.lfd < 0 || pthread_create(&hs.thread, NULL, http_main, &hs) != 0)
		abort();
	run_backend(b, py312, &loop1, p, 5000, &r);
	pthread_join(hs.thread, NULL);
	close(hs.lfd);
	show(name, &r);
	is_int(r.reason, REASON_NOT_TLS, "%s, hostile HTTP: not-tls", name);
	is_str(r.detail, want, "%s, hostile HTTP: first line as received, "
	    "NUL as U+2400", name);
}

static void
test_network(void)
{
	struct probe_result r;
	struct http_server hs;
	uint16_t p;
	uint64_t t0, took;
	char err[256];
	int fd;

	/* A port that was just free and is closed again. */
	fd = net_listen(&loop1, 0, &p, err, sizeof err);
	ok(fd >= 0, "closed port: found a port (%s)", fd < 0 ? err : "");
	close(fd);
	t0 = clock_ms();
	run(py312, &loop1, p, DEMO_HOST, env_demo, 5000, NULL, &r);
	took = clock_ms() - t0;
	show("closed port", &r);
	is_int(r.outcome, PROBE_FAILED, "closed port: failed");
	is_int(r.reason, REASON_REFUSED, "closed port: refused");
	ok(took < 1000, "closed port: quick (%llu ms)",
	    (unsigned long long)took);

	/* Listening, never accepting: the kernel completes TCP, nobody
	 * answers the hello. */
	fd = net_listen(&loop1, 0, &p, err, sizeof err);
	t0 = clock_ms();
	run(py312, &loop1, p, DEMO_HOST, env_demo, 600, NULL, &r);
	took = clock_ms() - t0;
	show("silent", &r);
	is_int(r.reason, REASON_TIMEOUT, "silent server: timeout");
	ok(took >= 550 && took < 600 + 3000, "silent server: ends at the "
	    "deadline (%llu ms)", (unsigned long long)took);
	close(fd);

	/* Plain HTTP on the port. */
	memset(&hs, 0, sizeof hs);
	hs.lfd = net_listen(&loop1, 0, &p, err, sizeof err);
	if (pthread_create(&hs.thread, NULL, http_main, &hs) != 0)
		abort();
	run(py312, &loop1, p, DEMO_HOST, env_demo, 5000, NULL, &r);
	pthread_join(hs.thread, NULL);
	close(hs.lfd);
	show("http", &r);
	is_int(r.reason, REASON_NOT_TLS, "HTTP server: not-tls");
	ok(strstr(r.detail, "HTTP/1.1 400 Bad Request") != NULL,
	    "HTTP server: detail quotes the answer (%s)", r.detail);
	hostile_answer(PROBE_BACKEND_HELLO, "hello");
	hostile_answer(PROBE_BACKEND_OPENSSL, "openssl");
}

static void
test_cancel(void)
{
	struct probe_result r;
	struct bg_probe bg;
	struct pollfd pfd;
	atomic_bool cancel;
	uint64_t t0;
	char err[256];
	uint16_t p;
	int lfd, fd = -1;

	atomic_init(&cancel, true);
	run(py312, &addr_a, port, DEMO_HOST, env_demo, 5000, &cancel, &r);
	is_int(r.outcome, PROBE_CANCELED, "cancel set before: canceled");

	/* Cancel while the probe waits for a server that never answers. */
	lfd = net_listen(&loop1, 0, &p, err, sizeof err);
	bg_start(&bg, py312, &loop1, p, 20000);
	pfd.fd = lfd;
	pfd.events = POLLIN;
	if (poll(&pfd, 1, 5000) == 1)
		fd = accept(lfd, NULL, NULL);
	ok(fd >= 0, "cancel: the probe connected");
	t0 = clock_ms();
	atomic_store(&bg.cancel, true);
	pthread_join(bg.thread, NULL);
	show("cancel", &bg.r);
	is_int(bg.r.outcome, PROBE_CANCELED, "cancel mid-handshake: canceled");
	ok(bg.done_at - t0 < 1000, "cancel: promptly (%llu ms)",
	    (unsigned long long)(bg.done_at - t0));
	if (fd >= 0)
		close(fd);
	close(lfd);
}

/* Four probes per address at once, as the pool runs them. */
static void
test_concurrent(void)
{
	struct bg_probe bg[8];
	size_t i, good = 0;

	for (i = 0; i < 8; i++)
		bg_start(&bg[i], i % 2 ? py39 : py312, i < 4 ? &addr_a :
		    &addr_b, port, 10000);
	for (i = 0; i < 8; i++) {
		pthread_join(bg[i].thread, NULL);
		if (i < 4 || i % 2)
			good += bg[i].r.outcome == PROBE_OK;
		else
			good += bg[i].r.reason == REASON_SERVER_ALERT &&
			    bg[i].r.alert_received == 40;
	}
	is_int(good, 8, "8 concurrent probes: all as expected");
}

/* --- one exchange judged for several profiles -------------------------- */

static bool
key_of(const struct profile *p, const char *host, uint8_t *key, size_t *len)
{
	return probe_share_key(p, host, key, PROBE_SHARE_KEY_MAX, len);
}

static bool
same_key(const struct profile *a, const struct profile *b, const char *host)
{
	static uint8_t ka[PROBE_SHARE_KEY_MAX], kb[PROBE_SHARE_KEY_MAX];
	size_t la, lb;

	return key_of(a, host, ka, &la) && key_of(b, host, kb, &lb) &&
	    la == lb && memcmp(ka, kb, la) == 0;
}

/* A fixed random source: the same values for every profile. */
static void
fixed_rng(void *ctx, uint8_t *buf, size_t len)
{
	unsigned *n = ctx;
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (uint8_t)(*n * 131u + i * 7u + 1u);
	(*n)++;
}

/*
 * The hellos of a and b built with the same per-connection values (a
 * fixed random, session id and share bytes): byte for byte equal is what
 * sharing promises, checked without the share key.
 */
static bool
same_bytes(const struct profile *a, const struct profile *b,
    const char *host)
{
	struct hello_vars *v = calloc(1, sizeof *v);
	struct wr wa, wb;
	unsigned n = 0;
	size_t i;
	bool same = false;

	if (v == NULL)
		return false;
	hello_vars_fill(v, a, fixed_rng, &n);
	for (i = 0; i < a->n_key_shares && i < HELLO_MAX_SHARES; i++) {
		v->shares[i].group = a->key_shares[i];
		v->shares[i].len = a->key_shares[i] == 0x11ec ? 1216 :
		    a->key_shares[i] == 0x0017 ? 65 : 32;
		/* Any bytes do, the same for both: the builder only
		 * copies them. */
		memset(v->shares[i].pub, 0x40 + (int)i, v->shares[i].len);
	}
	v->n_shares = i;
	wr_init(&wa, HELLO_MAX_BYTES);
	wr_init(&wb, HELLO_MAX_BYTES);
	if (hello_build(a, host, v, &wa, NULL, 0) == ST_OK &&
	    hello_build(b, host, v, &wb, NULL, 0) == ST_OK)
		same = wa.len == wb.len && wa.len > 0 &&
		    memcmp(wa.buf, wb.buf, wa.len) == 0;
	wr_cleanup(&wa);
	wr_cleanup(&wb);
	free(v);
	return same;
}

/* Prints the groups of shipped profiles with equal keys for host. */
static size_t
list_share_groups(const char *host)
{
	static uint8_t key[PROBE_SHARE_KEY_MAX];
	size_t len[PROFILE_MAX_COUNT], i, j, n_groups = 0;
	bool have[PROFILE_MAX_COUNT], used[PROFILE_MAX_COUNT];
	char line[1024];

	for (i = 0; i < profiles.n && i < PROFILE_MAX_COUNT; i++) {
		have[i] = key_of(profiles.v[i], host, key, &len[i]);
		used[i] = false;
	}
	for (i = 0; i < profiles.n && i < PROFILE_MAX_COUNT; i++) {
		size_t members = 1;

		if (!have[i] || used[i])
			continue;
		snprintf(line, sizeof line, "%s", profiles.v[i]->id);
		for (j = i + 1; j < profiles.n && j < PROFILE_MAX_COUNT; j++) {
			if (!have[j] || used[j] || len[j] != len[i] ||
			    !same_key(profiles.v[i], profiles.v[j], host))
				continue;
			used[j] = true;
			members++;
			snprintf(line + strlen(line), sizeof line - strlen(line),
			    ", %s%s", profiles.v[j]->id,
			    same_bytes(profiles.v[i], profiles.v[j], host) ?
			    "" : " (BYTES DIFFER)");
		}
		if (members > 1) {
			printf("# share group for %s: %s\n", host, line);
			n_groups++;
		}
	}
	return n_groups;
}

static void
test_share_keys(void)
{
	const struct profile *py310 = profile_set_find(&profiles,
	    "python-3.10");
	const struct profile *chrome = profile_set_find(&profiles,
	    "chrome-156");
	static uint8_t key[PROBE_SHARE_KEY_MAX];
	uint16_t list[PROFILE_MAX_LIST];
	struct profile q;
	size_t len, i, n_no_key = 0;

	if (py310 == NULL || chrome == NULL) {
		ok(0, "python-3.10 and chrome-156 are shipped");
		return;
	}
	ok(same_bytes(py310, py312, DEMO_HOST),
	    "python-3.10 and 3.12 send the same bytes");
	ok(same_key(py310, py312, DEMO_HOST),
	    "python-3.10 and 3.12: equal share keys");
	ok(!same_bytes(py39, py312, DEMO_HOST) &&
	    !same_key(py39, py312, DEMO_HOST),
	    "python-3.9 and 3.12: different bytes, different keys");
	ok(key_of(py312, DEMO_HOST, key, &len) && len > 0,
	    "python-3.12 has a key (%zu bytes)", len);
	ok(same_key(py312, py312, DEMO_HOST), "a key equals itself");
	{
		static uint8_t other[PROBE_SHARE_KEY_MAX];
		size_t olen;

		ok(key_of(py312, "other.test", other, &olen) &&
		    (olen != len || memcmp(other, key, len) != 0),
		    "another server name: another key");
	}
	ok(!key_of(chrome, DEMO_HOST, key, &len) && len == 0,
	    "chrome-156 (GREASE, shuffled): no key");
	ok(!probe_share_key(py312, DEMO_HOST, key, 16, &len),
	    "a key longer than cap: none");

	/* One list changed at a time: the key must see each. */
	q = *py312;
	memcpy(list, py312->suites, py312->n_suites * sizeof *list);
	list[0] ^= 0x0001;
	q.suites = list;
	ok(!same_key(&q, py312, DEMO_HOST), "different suites: other key");
	q = *py312;
	memcpy(list, py312->groups, py312->n_groups * sizeof *list);
	q.groups = list;
	q.n_groups = py312->n_groups - 1;
	ok(!same_key(&q, py312, DEMO_HOST), "different groups: other key");
	q = *py312;
	memcpy(list, py312->sigalgs, py312->n_sigalgs * sizeof *list);
	list[0] = list[1];
	list[1] = py312->sigalgs[0];
	q.sigalgs = list;
	ok(!same_key(&q, py312, DEMO_HOST),
	    "sigalgs in another order: other key");
	q = *py312;
	q.n_extensions = py312->n_extensions - 1;
	ok(!same_key(&q, py312, DEMO_HOST),
	    "one extension fewer: other key");
	q = *py312;
	q.security_level = 0;
	q.check_hostname = !py312->check_hostname;
	q.strict_x509 = !py312->strict_x509;
	ok(same_key(&q, py312, DEMO_HOST), "policy alone: the same key");
	q = *py312;
	q.grease = true;
	ok(!key_of(&q, DEMO_HOST, key, &len), "GREASE: no key");

	for (i = 0; i < profiles.n; i++)
		if (!key_of(profiles.v[i], DEMO_HOST, key, &len))
			n_no_key++;
	printf("# %zu of %zu shipped profiles draw more than random, "
	    "session id and shares: never shared\n", n_no_key, profiles.n);
	ok(list_share_groups(DEMO_HOST) > 0,
	    "some shipped profiles share a hello");
	(void)list_share_groups("127.0.0.1");
}

static bool
same_outcome(const struct probe_result *a, const struct probe_result *b)
{
	return a->outcome == b->outcome && a->reason == b->reason &&
	    a->version == b->version && a->cipher == b->cipher &&
	    a->group == b->group && a->have_cert == b->have_cert &&
	    (!a->have_cert || strcmp(a->cert.sha256, b->cert.sha256) == 0) &&
	    a->verify_code == b->verify_code &&
	    a->alert_received == b->alert_received &&
	    a->alert_sent == b->alert_sent && a->dh_bits == b->dh_bits &&
	    strcmp(a->method, b->method) == 0;
}

/* probe_run_shared for ids against a:pt as host equals one probe_run
 * per profile. */
static void
shared_vs_single(const char *what, const struct netaddr *a, uint16_t pt,
    const char *host, enum probe_backend b)
{
	static const char *const ids[] = {
		"python-3.10", "python-3.12", "python-3.13",
	};
	const struct profile *ps[3];
	struct probe_result shared[3], single;
	struct probe_job job;
	size_t i;

	for (i = 0; i < 3; i++)
		if ((ps[i] = profile_set_find(&profiles, ids[i])) == NULL) {
			ok(0, "%s is shipped", ids[i]);
			return;
		}
	memset(&job, 0, sizeof job);
	job.addr = *a;
	job.port = pt;
	job.env = env_demo;
	job.host = host;
	job.timeout_ms = 5000;
	job.backend = b;
	probe_run_shared(&job, ps, 3, NULL, shared);
	for (i = 0; i < 3; i++) {
		run_with(b, ps[i], a, pt, host, env_demo, 5000, NULL,
		    &single);
		show(ids[i], &shared[i]);
		ok(same_outcome(&shared[i], &single),
		    "%s, %s: shared as alone (outcome %d/%d, reason %s/%s, "
		    "cipher %04x/%04x, verify %ld/%ld)", what, ids[i],
		    shared[i].outcome, single.outcome,
		    result_reason_name(shared[i].reason),
		    result_reason_name(single.reason), shared[i].cipher,
		    single.cipher, shared[i].verify_code, single.verify_code);
		if (b == PROBE_BACKEND_OPENSSL) {
			is_int(shared[i].shared_by, 0, "%s, %s: openssl "
			    "shares nothing", what, ids[i]);
			continue;
		}
		is_int(shared[i].shared_by, 3, "%s, %s: shared by 3", what,
		    ids[i]);
		ok(strstr(shared[i].detail, "one handshake shared by "
		    "python-3.10, python-3.12, python-3.13 (the same "
		    "ClientHello)") != NULL, "%s, %s: the detail says so",
		    what, ids[i]);
		is_int(single.shared_by, 0, "%s, %s: alone, not shared", what,
		    ids[i]);
	}
}

static void
test_shared(void)
{
	shared_vs_single("A", &addr_a, port, DEMO_HOST, PROBE_BACKEND_HELLO);
	shared_vs_single("B", &addr_b, port, DEMO_HOST, PROBE_BACKEND_HELLO);
	shared_vs_single("A, wrong name", &addr_a, port, "wrong.test",
	    PROBE_BACKEND_HELLO);
	shared_vs_single("A by IP", &addr_a, port, NULL, PROBE_BACKEND_HELLO);
	shared_vs_single("A, openssl", &addr_a, port, DEMO_HOST,
	    PROBE_BACKEND_OPENSSL);
}

int
main(void)
{
	struct demo_fixture fx;
	int rc;

	/* As main does: our own blocking test servers write with write(2). */
	signal(SIGPIPE, SIG_IGN);
	if ((rc = demo_fixture_start(&fx)) != 0)
		return rc;
	profiles = fx.profiles;
	py39 = fx.py39;
	py312 = fx.py312;
	demo = fx.demo;
	loop1 = fx.loop1;
	is_int(fx.n_backends, 2, "demo: two backends");
	addr_a = fx.addr_a;
	addr_b = fx.addr_b;
	port = fx.port;
	ok(port != 0, "demo: port %u", port);
	is_str(fx.info[0].label, "A: ECDHE-RSA + RSA suites", "demo: label A");
	is_str(fx.info[1].label, "B: RSA key exchange only", "demo: label B");
	ok(strncmp(demo_ca_pem(demo), "-----BEGIN CERTIFICATE-----", 27) == 0,
	    "demo: CA in PEM");
	env_demo = fx.env;
	ok(env_demo != NULL, "env from the demo CA");

	test_env();
	test_incident();
	test_certs();
	test_network();
	test_more_servers();
	test_cancel();
	test_concurrent();
	test_share_keys();
	test_shared();

	demo_fixture_stop(&fx);
	return tap_done();
}
