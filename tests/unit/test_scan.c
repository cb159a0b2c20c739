/*
 * test_scan.c: the hello engine on the wire: exchanges, the "hello" probe
 * backend and server enumeration, against OpenSSL servers of known
 * configuration on loopback.
 *
 * The demo backends (demo.c) are incident A and B; small servers made
 * here add a client-preference server, a TLS 1.3-only server restricted
 * to P-384 (so every usual first hello gets a HelloRetryRequest), and
 * DHE servers with a 2048- and a 1024-bit group. The enumeration must
 * equal each configuration, in the server's order where it has one, and
 * the hello backend must reach the OpenSSL backend's verdicts. No DNS, no
 * sleeps: the servers are threads, every wait is bounded.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>

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
#include "explain.h"
#include "hello_io.h"
#include "net.h"
#include "netaddr.h"
#include "probe.h"
#include "profile.h"
#include "result.h"
#include "scan.h"
#include "server.h"
#include "tls_names.h"
#include "../tap.h"
#include "demo_fixture.h"
#include "tls_fixture.h"

#define TEST_HOST	"scan.lab.test"

static struct profile_set profiles;
static const struct profile *py39, *py312;
static struct probe_env *env_demo, *env_own;
static struct demo *demo;
static struct netaddr addr_a, addr_b, loop1;
static uint16_t demo_port_nr;

/* --- a TLS server that serves connections one after another ------------ */

static void
server_start(struct fx_server *s, SSL_CTX *ctx)
{
	fx_server_start(s, &loop1, FX_SRV_TLS, ctx, true);
}

static void
server_stop(struct fx_server *s)
{
	fx_server_stop(s);
	SSL_CTX_free(s->ctx);
}

/* A self-signed RSA-2048 certificate for TEST_HOST, and its PEM. */
static EVP_PKEY *own_key;
static X509 *own_cert;

static void
make_own_cert(void)
{
	char *pem, err[256];

	own_key = EVP_RSA_gen(2048);
	own_cert = fx_self_signed(own_key, TEST_HOST, 11, -3600, 86400L, &pem);
	if (probe_env_new(NULL, pem, &env_own, err, sizeof err) != ST_OK)
		abort();
	free(pem);
}

static SSL_CTX *
own_ctx(int min, int max, const char *ciphers, const char *suites13,
    bool server_pref)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());

	SSL_CTX_set_security_level(ctx, 0);
	SSL_CTX_set_min_proto_version(ctx, min);
	SSL_CTX_set_max_proto_version(ctx, max);
	if (ciphers != NULL)
		SSL_CTX_set_cipher_list(ctx, ciphers);
	if (suites13 != NULL)
		SSL_CTX_set_ciphersuites(ctx, suites13);
	if (server_pref)
		SSL_CTX_set_options(ctx, SSL_OP_CIPHER_SERVER_PREFERENCE);
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
	SSL_CTX_use_certificate(ctx, own_cert);
	SSL_CTX_use_PrivateKey(ctx, own_key);
	return ctx;
}

static EVP_PKEY *
dh_group(const char *name)
{
	EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new_from_name(NULL, "DH", NULL);
	EVP_PKEY *dh = NULL;
	OSSL_PARAM params[2];

	params[0] = OSSL_PARAM_construct_utf8_string(
	    OSSL_PKEY_PARAM_GROUP_NAME, (char *)(uintptr_t)name, 0);
	params[1] = OSSL_PARAM_construct_end();
	if (pctx == NULL || EVP_PKEY_paramgen_init(pctx) != 1 ||
	    EVP_PKEY_CTX_set_params(pctx, params) != 1 ||
	    EVP_PKEY_paramgen(pctx, &dh) != 1)
		abort();
	EVP_PKEY_CTX_free(pctx);
	return dh;
}

/* --- helpers ----------------------------------------------------------- */

static void
scan(const struct netaddr *a, uint16_t port, const char *sni,
    const atomic_bool *cancel, struct server_info *si)
{
	struct scan_job job;

	memset(&job, 0, sizeof job);
	job.addr = *a;
	job.port = port;
	job.sni = sni;
	job.timeout_ms = 5000;
	job.env = env_demo;
	scan_run(&job, cancel, si);
}

static void
show_scan(const char *what, const struct server_info *si)
{
	char line[2048];
	size_t i, j, used;

	printf("# %s: %u connections, %u ms, error %s %s\n", what,
	    si->connections, si->elapsed_ms,
	    result_reason_name(si->error_reason), si->error);
	for (i = 0; i < si->n_protocols; i++) {
		const struct server_protocol *sp = &si->protocols[i];

		used = (size_t)snprintf(line, sizeof line, "#   %s %s",
		    tls_version_name(sp->version), sp->accepted ? "yes" : "no");
		if (sp->accepted)
			used += (size_t)snprintf(line + used, sizeof line - used,
			    " pref %s:", !sp->preference_known ? "?" :
			    sp->server_preference ? "server" : "client");
		for (j = 0; j < sp->n_suites && used < sizeof line - 64; j++)
			used += (size_t)snprintf(line + used, sizeof line - used,
			    " %s", tls_suite_name(sp->suites[j]));
		printf("%s\n", line);
	}
	printf("#   groups12:");
	for (i = 0; i < si->n_groups12; i++)
		printf(" %s", tls_group_name(si->groups12[i]));
	printf("\n#   groups13:");
	for (i = 0; i < si->n_groups13; i++)
		printf(" %s", tls_group_name(si->groups13[i]));
	printf("\n#   hrr %d dh %d cert %d chain %zu subject %s\n", si->hrr_seen,
	    si->dh_bits, si->have_cert, si->chain_len, si->cert.subject);
}

/* True if the accepted suites of version v are exactly want[], in order
 * when ordered is set. */
static bool
suites_are(const struct server_info *si, uint16_t v, const uint16_t *want,
    size_t n, bool ordered)
{
	const struct server_protocol *sp = server_protocol(si, v);
	size_t i;

	if (sp == NULL || !sp->accepted || sp->n_suites != n)
		return false;
	for (i = 0; i < n; i++) {
		if (ordered && sp->suites[i] != want[i])
			return false;
		if (!ordered && !server_accepts(si, v, want[i]))
			return false;
	}
	return true;
}

static bool
set_is(const uint16_t *got, size_t n_got, const uint16_t *want, size_t n)
{
	size_t i, j;

	if (n_got != n)
		return false;
	for (i = 0; i < n; i++) {
		for (j = 0; j < n_got && got[j] != want[i]; j++)
			;
		if (j == n_got)
			return false;
	}
	return true;
}

/* Versions accepted, as a bit set: 1 << (version & 0xff). */
static unsigned
accepted_versions(const struct server_info *si)
{
	unsigned m = 0;
	size_t i;

	for (i = 0; i < si->n_protocols; i++)
		if (si->protocols[i].accepted)
			m |= 1u << (si->protocols[i].version & 0xff);
	return m;
}

static void
probe(const struct profile *p, enum probe_backend be,
    const struct netaddr *a, uint16_t port, const char *host,
    const struct probe_env *env, struct probe_result *r)
{
	struct probe_job job;

	memset(&job, 0, sizeof job);
	job.addr = *a;
	job.port = port;
	job.profile = p;
	job.env = env;
	job.host = host;
	job.timeout_ms = 5000;
	job.backend = be;
	probe_run(&job, NULL, r);
}

static void
show_probe(const char *what, const struct probe_result *r)
{
	printf("# %s [%s]: outcome %d reason %s version 0x%04x cipher 0x%04x "
	    "group %u dh %d alert %d: %s\n", what, r->method, r->outcome,
	    result_reason_name(r->reason), r->version, r->cipher, r->group,
	    r->dh_bits, r->alert_received, r->detail);
}

/* The hello backend reaches the OpenSSL backend's verdict. */
static void
same_verdict(const char *what, const struct profile *p,
    const struct netaddr *a, uint16_t port, const char *host,
    const struct probe_env *env)
{
	struct probe_result ro, rh;

	probe(p, PROBE_BACKEND_OPENSSL, a, port, host, env, &ro);
	probe(p, PROBE_BACKEND_HELLO, a, port, host, env, &rh);
	show_probe(what, &ro);
	show_probe(what, &rh);
	is_str(rh.method, "hello", "%s: method hello", what);
	ok(ro.outcome == rh.outcome && ro.reason == rh.reason,
	    "%s: same verdict (%s / %s)", what, result_reason_name(ro.reason),
	    result_reason_name(rh.reason));
	is_int(rh.version, ro.version, "%s: same version", what);
	is_int(rh.cipher, ro.cipher, "%s: same suite", what);
	is_int(rh.group, ro.group, "%s: same group", what);
	is_int(rh.dh_bits, ro.dh_bits, "%s: same DH size", what);
	is_int(rh.alert_received, ro.alert_received, "%s: same alert", what);
	ok(rh.have_cert == ro.have_cert && (!rh.have_cert ||
	    strcmp(rh.cert.sha256, ro.cert.sha256) == 0),
	    "%s: same certificate", what);
}

/* --- the tests --------------------------------------------------------- */

static void
test_exchange(void)
{
	struct hello_exchange x;
	uint16_t p;
	char err[256];
	int fd;

	/* A profile's hello to A: a TLS 1.2 flight to ServerHelloDone. */
	hello_exchange_run(&addr_a, demo_port_nr, py39, DEMO_HOST, 5000, NULL,
	    &x);
	is_int(x.reason, REASON_NONE, "exchange with A: answered (%s)",
	    x.detail);
	is_int(x.flight.state, HELLO_DONE, "exchange with A: flight complete");
	is_int(x.flight.version, TLS_VERSION_TLS12, "exchange with A: TLS 1.2");
	is_int(x.flight.cipher, 0xc013, "exchange with A: server's first "
	    "choice");
	ok(x.flight.have_server_hello_done && x.flight.n_certs == 2,
	    "exchange with A: up to ServerHelloDone, 2 certificates");
	hello_exchange_cleanup(&x);

	/* Listening, never accepting: connected, then silence. */
	fd = net_listen(&loop1, 0, &p, err, sizeof err);
	hello_exchange_run(&loop1, p, py312, NULL, 300, NULL, &x);
	is_int(x.reason, REASON_TIMEOUT, "silent server: timeout");
	ok(strstr(x.detail, "connected, server silent") != NULL,
	    "silent server: detail says connected (%s)", x.detail);
	hello_exchange_cleanup(&x);
	close(fd);

	/* Closed again: refused. */
	hello_exchange_run(&loop1, p, py312, NULL, 2000, NULL, &x);
	is_int(x.reason, REASON_REFUSED, "closed port: refused");
	hello_exchange_cleanup(&x);
}

static void
test_incident_scan(void)
{
	static const uint16_t want_a[] = { 0xc013, 0xc028, 0x0035, 0x002f };
	static const uint16_t want_b[] = { 0x0035, 0x002f };
	/* OpenSSL 3.0's default server groups (ssl/t1_lib.c). */
	static const uint16_t curves[] = { 29, 23, 30, 25, 24 };
	struct server_info si;
	const struct server_protocol *sp;

	scan(&addr_a, demo_port_nr, DEMO_HOST, NULL, &si);
	show_scan("A", &si);
	ok(si.done && si.error_reason == REASON_NONE, "A: scan done");
	is_int(accepted_versions(&si), 1u << 3, "A: TLS 1.2 only");
	ok(suites_are(&si, TLS_VERSION_TLS12, want_a, 4, true),
	    "A: exactly the 4 configured suites in the server's order");
	sp = server_protocol(&si, TLS_VERSION_TLS12);
	ok(sp != NULL && sp->preference_known && sp->server_preference,
	    "A: server preference");
	ok(set_is(si.groups12, si.n_groups12, curves, 5),
	    "A: the 5 default curves");
	is_int(si.n_groups13, 0, "A: no TLS 1.3 groups");
	ok(si.have_cert && strstr(si.cert.subject, DEMO_HOST) != NULL,
	    "A: certificate (%s)", si.cert.subject);
	is_int(si.chain_len, 2, "A: leaf and CA sent");
	is_int(si.dh_bits, 0, "A: no DHE");
	/* 16 for versions, suites, curves; 9 more for its 8 RSA
	 * signature schemes, one pick each (#15) */
	ok(si.connections <= 26, "A: at most 26 connections (%u)",
	    si.connections);
	server_info_cleanup(&si);

	scan(&addr_b, demo_port_nr, DEMO_HOST, NULL, &si);
	show_scan("B", &si);
	is_int(accepted_versions(&si), 1u << 3, "B: TLS 1.2 only");
	ok(suites_are(&si, TLS_VERSION_TLS12, want_b, 2, true),
	    "B: exactly AES256-SHA, AES128-SHA");
	sp = server_protocol(&si, TLS_VERSION_TLS12);
	ok(sp != NULL && sp->preference_known && sp->server_preference,
	    "B: server preference");
	is_int(si.n_groups12, 0, "B: no ECDHE, no curves");
	ok(si.have_cert, "B: certificate");
	ok(si.connections <= 10, "B: at most 10 connections (%u)",
	    si.connections);
	server_info_cleanup(&si);
}

static void
test_own_servers(void)
{
	static const uint16_t want_cp[] = { 0xc02f, 0xc030, 0x002f };
	static const uint16_t want13[] = { 0x1303, 0x1301, 0x1302 };
	static const uint16_t want_dhe[] = { 0x009f, 0x009e };
	static const uint16_t p384[] = { 24 };
	static char p384_name[] = "P-384";
	struct fx_server srv;
	struct server_info si;
	const struct server_protocol *sp;
	SSL_CTX *ctx;

	/* Client preference: it takes the first of ours it knows. */
	server_start(&srv, own_ctx(TLS1_2_VERSION, TLS1_2_VERSION,
	    "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:"
	    "AES128-SHA", NULL, false));
	scan(&loop1, srv.port, TEST_HOST, NULL, &si);
	show_scan("client preference", &si);
	ok(suites_are(&si, TLS_VERSION_TLS12, want_cp, 3, false),
	    "client preference: the 3 configured suites");
	sp = server_protocol(&si, TLS_VERSION_TLS12);
	ok(sp != NULL && sp->preference_known && !sp->server_preference,
	    "client preference: detected");
	is_int(si.connections, atomic_load(&srv.accepted), "client preference: connection "
	    "count is what the server saw (%u)", atomic_load(&srv.accepted));
	server_info_cleanup(&si);
	server_stop(&srv);

	/* TLS 1.3 only, P-384 only, its own order: HRR for x25519 shares. */
	ctx = own_ctx(TLS1_3_VERSION, TLS1_3_VERSION, NULL,
	    "TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256:"
	    "TLS_AES_256_GCM_SHA384", true);
	SSL_CTX_set1_groups_list(ctx, p384_name);	/* the macro casts */
	server_start(&srv, ctx);
	scan(&loop1, srv.port, TEST_HOST, NULL, &si);
	show_scan("TLS 1.3 P-384", &si);
	is_int(accepted_versions(&si), 1u << 4, "TLS 1.3 only: only 1.3");
	ok(suites_are(&si, TLS_VERSION_TLS13, want13, 3, true),
	    "TLS 1.3 only: 3 suites in the server's order");
	sp = server_protocol(&si, TLS_VERSION_TLS13);
	ok(sp != NULL && sp->preference_known && sp->server_preference,
	    "TLS 1.3 only: server preference");
	ok(si.hrr_seen, "TLS 1.3 only: HelloRetryRequest noticed");
	ok(set_is(si.groups13, si.n_groups13, p384, 1),
	    "TLS 1.3 only: groups13 == {secp384r1}");
	ok(si.have_cert && strstr(si.cert.subject, TEST_HOST) != NULL,
	    "TLS 1.3 only: certificate by an OpenSSL handshake (%s)",
	    si.cert.subject);
	is_int(si.chain_len, 1, "TLS 1.3 only: one certificate");
	is_int(si.connections, atomic_load(&srv.accepted), "TLS 1.3 only: connection count "
	    "is what the server saw (%u)", atomic_load(&srv.accepted));

	same_verdict("python-3.12 x TLS 1.3 P-384", py312, &loop1, srv.port,
	    TEST_HOST, env_own);
	server_info_cleanup(&si);
	server_stop(&srv);

	/* DHE with a 2048-bit group. */
	ctx = own_ctx(TLS1_2_VERSION, TLS1_2_VERSION,
	    "DHE-RSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256", NULL, true);
	SSL_CTX_set0_tmp_dh_pkey(ctx, dh_group("ffdhe2048"));
	server_start(&srv, ctx);
	scan(&loop1, srv.port, TEST_HOST, NULL, &si);
	show_scan("DHE 2048", &si);
	ok(suites_are(&si, TLS_VERSION_TLS12, want_dhe, 2, true),
	    "DHE 2048: the 2 suites in order");
	is_int(si.dh_bits, 2048, "DHE 2048: dh_bits");
	is_int(si.n_groups12, 0, "DHE 2048: no curves");
	same_verdict("python-3.12 x DHE 2048", py312, &loop1, srv.port,
	    TEST_HOST, env_own);
	server_info_cleanup(&si);
	server_stop(&srv);

	/* DHE with 1024 bits: too small at level 2 for both backends. */
	ctx = own_ctx(TLS1_2_VERSION, TLS1_2_VERSION,
	    "DHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0", NULL, true);
	SSL_CTX_set0_tmp_dh_pkey(ctx, dh_group("dh_1024_160"));
	server_start(&srv, ctx);
	same_verdict("python-3.12 x DHE 1024", py312, &loop1, srv.port,
	    TEST_HOST, env_own);
	scan(&loop1, srv.port, TEST_HOST, NULL, &si);
	is_int(si.dh_bits, 1024, "DHE 1024: dh_bits");
	server_info_cleanup(&si);
	server_stop(&srv);

	/* A wrong name: the hello backend checks it too. */
	server_start(&srv, own_ctx(TLS1_2_VERSION, TLS1_3_VERSION,
	    "ECDHE-RSA-AES128-GCM-SHA256", NULL, false));
	same_verdict("python-3.12 x wrong name", py312, &loop1, srv.port,
	    "other.lab.test", env_own);
	same_verdict("python-3.9 x untrusted", py39, &loop1, srv.port,
	    TEST_HOST, env_demo);
	server_stop(&srv);
}

static void
test_incident_probes(void)
{
	same_verdict("python-3.12 x A", py312, &addr_a, demo_port_nr,
	    DEMO_HOST, env_demo);
	same_verdict("python-3.12 x B", py312, &addr_b, demo_port_nr,
	    DEMO_HOST, env_demo);
	same_verdict("python-3.9 x A", py39, &addr_a, demo_port_nr, DEMO_HOST,
	    env_demo);
	same_verdict("python-3.9 x B", py39, &addr_b, demo_port_nr, DEMO_HOST,
	    env_demo);
}

/* Every installed profile: the hello backend can build its hello (GREASE,
 * post-quantum shares and all) and agrees with the OpenSSL backend. */
static void
agree_all(const char *what, const struct netaddr *a, uint16_t port,
    const char *host, const struct probe_env *env)
{
	struct probe_result ro, rh;
	size_t i, same = 0;

	for (i = 0; i < profiles.n; i++) {
		probe(profiles.v[i], PROBE_BACKEND_OPENSSL, a, port, host, env,
		    &ro);
		probe(profiles.v[i], PROBE_BACKEND_HELLO, a, port, host, env,
		    &rh);
		if (ro.outcome == rh.outcome && ro.reason == rh.reason &&
		    ro.version == rh.version && ro.cipher == rh.cipher) {
			same++;
			continue;
		}
		printf("# %s x %s differs:\n", profiles.v[i]->id, what);
		show_probe("  ", &ro);
		show_probe("  ", &rh);
	}
	is_int(same, profiles.n, "%s: all %zu profiles agree across backends",
	    what, profiles.n);
}

static void
test_all_profiles(void)
{
	struct fx_server srv;
	SSL_CTX *ctx;
	static char p384_name[] = "P-384";

	agree_all("A", &addr_a, demo_port_nr, DEMO_HOST, env_demo);
	agree_all("B", &addr_b, demo_port_nr, DEMO_HOST, env_demo);
	server_start(&srv, own_ctx(TLS1_VERSION, TLS1_3_VERSION,
	    "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-CHACHA20-POLY1305:"
	    "AES128-SHA:@SECLEVEL=0", NULL, true));
	agree_all("TLS 1.0-1.3", &loop1, srv.port, TEST_HOST, env_own);
	server_stop(&srv);
	ctx = own_ctx(TLS1_3_VERSION, TLS1_3_VERSION, NULL, NULL, false);
	SSL_CTX_set1_groups_list(ctx, p384_name);
	server_start(&srv, ctx);
	agree_all("TLS 1.3 P-384", &loop1, srv.port, TEST_HOST, env_own);
	server_stop(&srv);
}

static void
test_failures(void)
{
	struct server_info si;
	atomic_bool cancel;
	uint16_t p;
	char err[256];
	int fd;

	fd = net_listen(&loop1, 0, &p, err, sizeof err);
	close(fd);
	scan(&loop1, p, NULL, NULL, &si);
	show_scan("closed port", &si);
	is_int(si.error_reason, REASON_REFUSED, "scan of a closed port: "
	    "refused");
	is_int(si.connections, 1, "scan of a closed port: one attempt");
	ok(si.done, "scan of a closed port: done");
	server_info_cleanup(&si);

	atomic_init(&cancel, true);
	scan(&addr_a, demo_port_nr, DEMO_HOST, &cancel, &si);
	ok(!si.done, "cancelled scan: not done");
	is_int(si.connections, 0, "cancelled scan: no connection");
	server_info_cleanup(&si);
}

/*
 * The stages by hand, as app.c runs them: once scan_work_suites_known,
 * the peek holds every version's suites (as sets, the final order may
 * differ) and settles what the final result would: python-3.12 on B for
 * certain, nothing on A.
 */
static void
test_peek(void)
{
	const struct netaddr *addrs[2] = { &addr_a, &addr_b };
	struct scan_job job;
	struct scan_work *st;
	struct scan_part **parts, *q[64];
	struct server_info peek, fin;
	size_t n, n_q, i, k;
	bool peeked;

	for (k = 0; k < 2; k++) {
		memset(&job, 0, sizeof job);
		job.addr = *addrs[k];
		job.port = demo_port_nr;
		job.sni = DEMO_HOST;
		job.timeout_ms = 5000;
		job.env = env_demo;
		st = scan_work_new(&job);
		peeked = false;
		server_info_init(&peek);
		ok(!scan_work_suites_known(st), "peek %zu: nothing known "
		    "before the first part", k);
		/* A queue of ready parts, each run and merged in turn; after
		 * every merge, what it readied joins the queue. */
		n_q = 0;
		do {
			parts = scan_next_parts(st, &n);
			for (i = 0; i < n && n_q < sizeof q / sizeof q[0]; i++)
				q[n_q++] = parts[i];
			free(parts);
			if (!peeked && scan_work_suites_known(st)) {
				scan_work_peek(st, &peek);
				peeked = true;
				ok(n_q > 0 || !scan_work_done(st), "peek %zu: "
				    "before the last part", k);
			}
			if (n_q == 0)
				break;
			scan_part_run(q[0], NULL);
			scan_merge(st, q[0]);
			memmove(q, q + 1, --n_q * sizeof *q);
		} while (!scan_work_done(st) || n_q > 0);
		ok(peeked, "peek %zu: the suites were known before the end", k);
		scan_finish(st, &fin);
		show_scan(k == 0 ? "peek: A" : "peek: B", &fin);
		ok(!peek.done && server_info_settles(&peek) &&
		    !peek.suites_unclear, "peek %zu: answered, clear, not done",
		    k);
		ok(peek.n_protocols == fin.n_protocols, "peek %zu: every "
		    "version", k);
		for (i = 0; i < peek.n_protocols && i < fin.n_protocols; i++) {
			const struct server_protocol *pp = &peek.protocols[i];

			ok(pp->version == fin.protocols[i].version &&
			    pp->accepted == fin.protocols[i].accepted &&
			    (!pp->accepted || suites_are(&fin, pp->version,
			    pp->suites, pp->n_suites, false)),
			    "peek %zu: %s as in the final result", k,
			    tls_version_name(pp->version));
		}
		is_str(result_reason_name(explain_certain_refusal(py312,
		    &peek)), k == 0 ? "" : "no-shared-cipher",
		    "peek %zu: python-3.12 %s", k, k == 0 ? "needs a probe" :
		    "is refused for certain");
		ok(explain_certain_refusal(py312, &peek) ==
		    explain_certain_refusal(py312, &fin), "peek %zu: settles "
		    "as the final result would", k);
		server_info_cleanup(&peek);
		server_info_cleanup(&fin);
	}
}

int
main(void)
{
	struct demo_fixture fx;
	int rc;

	signal(SIGPIPE, SIG_IGN);
	if ((rc = demo_fixture_start(&fx)) != 0)
		return rc;
	profiles = fx.profiles;
	py39 = fx.py39;
	py312 = fx.py312;
	demo = fx.demo;
	addr_a = fx.addr_a;
	addr_b = fx.addr_b;
	loop1 = fx.loop1;
	demo_port_nr = fx.port;
	env_demo = fx.env;
	make_own_cert();

	test_exchange();
	test_incident_scan();
	test_peek();
	test_incident_probes();
	test_own_servers();
	test_all_profiles();
	test_failures();

	probe_env_free(env_own);
	X509_free(own_cert);
	EVP_PKEY_free(own_key);
	demo_fixture_stop(&fx);
	return tap_done();
}
