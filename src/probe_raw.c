/*
 * probe_raw.c: the "hello" probe backend: a cell decided by the profile's
 * own ClientHello, byte for byte (hello_io.h), not by what the local
 * OpenSSL can offer.
 *
 * TLS 1.2 and older: the server's flight up to ServerHelloDone carries the
 * version, suite, key exchange group or DH size and the certificate chain,
 * which is verified here against the run's trust store with the profile's
 * policy, as libssl would. TLS 1.3: the ServerHello gives version, suite
 * and group; the certificate is encrypted, so one plain OpenSSL handshake
 * fetches it (chain_fetch.c, also used by the scanner). Profiles
 * that send the same hello (probe_share_key) share one exchange, fetch
 * and retry, and each judges the answer with its own policy
 * (raw_run_shared; a lone probe is the case n = 1). Called by probe.c on
 * worker threads; the trust store is shared read-only.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/socket.h>

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
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include "bytes.h"
#include "cert.h"
#include "chain_fetch.h"
#include "clock.h"
#include "hello_build.h"
#include "hello_io.h"
#include "hello_parse.h"
#include "net.h"
#include "policy.h"
#include "probe.h"
#include "probe_int.h"
#include "profile.h"
#include "ratelimit.h"
#include "result.h"
#include "tls_names.h"
#include "xmem.h"

/* Appends "; text" to r->detail, bounded. */
static void
detail_add(struct probe_result *r, const char *text)
{
	size_t used = strlen(r->detail);

	if (*text == '\0' || used + 4 >= sizeof r->detail)
		return;
	snprintf(r->detail + used, sizeof r->detail - used, "%s%s",
	    used ? "; " : "", text);
}

/* The name we send as SNI under the profile's policy (RFC 6066 §3), or
 * NULL; hello_build drops IP literals and the trailing dot itself. */
static const char *
sni_of(const struct profile *p, const char *h)
{
	if (h == NULL || *h == '\0' || netaddr_is_literal(h))
		return NULL;
	switch (p->sni) {
	case SNI_HOSTNAME:
		return h;
	case SNI_DOTTED:
		/* "name." has a dot only as the root: not dotted. */
		return strchr(h, '.') != NULL &&
		    strchr(h, '.') != h + strlen(h) - 1 ? h : NULL;
	case SNI_NEVER:
		break;
	}
	return NULL;
}

static const char *
sni_for(const struct probe_job *job)
{
	return sni_of(job->profile, job->host);
}

/* --- the probe --------------------------------------------------------- */

/* "server sent fatal alert handshake_failure (40)" and its reason. */
static void
alert_fail(struct probe_result *r, const struct server_flight *f,
    const char *sni)
{
	const char *name = tls_alert_name(f->alert_desc);
	char what[96];

	r->alert_received = f->alert_desc;
	snprintf(what, sizeof what, "server sent %s alert %s (%d)",
	    f->alert_level == 1 ? "warning" : "fatal",
	    name != NULL ? name : "unknown", f->alert_desc);
	if (f->alert_desc == TLS_ALERT_PROTOCOL_VERSION)
		probe_set_fail(r, REASON_NO_SHARED_PROTOCOL, "%s: no protocol "
		    "version in common", what);
	else if (f->alert_desc == TLS_ALERT_UNRECOGNIZED_NAME && sni == NULL)
		probe_set_fail(r, REASON_SNI_REQUIRED, "%s: the server needs SNI",
		    what);
	else if (f->alert_desc == TLS_ALERT_UNRECOGNIZED_NAME)
		probe_set_fail(r, REASON_SNI_REJECTED, "%s: the server does not "
		    "recognise the name sent (%s)", what, sni);
	else
		probe_set_fail(r, REASON_SERVER_ALERT, "%s", what);
}

/* What a server that is not TLS said: the parser's kind, and for text
 * its first line as received (probe_fail_answered). */
static void
not_tls_fail(struct probe_result *r, const struct hello_exchange *x)
{
	if (x->flight.not_tls == NOT_TLS_HTTP ||
	    x->flight.not_tls == NOT_TLS_TEXT) {
		probe_fail_answered(r, x->buf, x->len);
		return;
	}
	if (x->len >= 4)
		probe_set_fail(r, REASON_NOT_TLS, "not a TLS server (%s answer; "
		    "first bytes %02x %02x %02x %02x)",
		    hello_not_tls_name(x->flight.not_tls), x->buf[0],
		    x->buf[1], x->buf[2], x->buf[3]);
	else
		probe_set_fail(r, REASON_NOT_TLS, "not a TLS server (%s answer)",
		    hello_not_tls_name(x->flight.not_tls));
}

/* The exchange failed before an answer: its reason, or cancelled. */
static void
exchange_fail(struct probe_result *r, const struct hello_exchange *x,
    const atomic_bool *cancel)
{
	if (cancel != NULL && atomic_load(cancel)) {
		r->outcome = PROBE_CANCELED;
		r->reason = REASON_NONE;
		snprintf(r->detail, sizeof r->detail, "cancelled");
		return;
	}
	probe_set_fail(r, x->reason, "%s", x->detail);
}

/* Checks that the ServerHello picked a version we offered (RFC 8446
 * §4.1.3, RFC 5246 §7.4.1.3); a client aborts otherwise. */
static bool
sane_server_hello(struct probe_result *r, const struct profile *p,
    const struct server_flight *f)
{
	if (!u16_list_has(p->versions, p->n_versions, f->version)) {
		/* Below the client's versions, OpenSSL says "unsupported
		 * protocol" (alert protocol_version): hostile_server.py
		 * oldversion against Python 3.12, #15. */
		probe_set_fail(r, p->min_version != 0 && f->version <
		    p->min_version ? REASON_NO_SHARED_PROTOCOL :
		    REASON_PROTOCOL_ERROR, "server chose version 0x%04x, which "
		    "the profile does not offer", f->version);
		r->alert_sent = 70;
		return false;
	}
	/* The suite, key share and extensions: hello_io judged them as
	 * the ServerHello came in. */
	return true;
}

/* TLS 1.2 and older: everything is in the flight. */
static void
judge_tls12(struct probe_result *r, const struct probe_job *job,
    const struct hello_exchange *x, const atomic_bool *cancel)
{
	const struct profile *p = job->profile;
	const struct server_flight *f = &x->flight;
	unsigned char *der[HELLO_PARSE_MAX_CERTS];
	size_t len[HELLO_PARSE_MAX_CERTS], n = 0, i;
	struct policy_kx kx;
	enum fail_reason why;
	char text[RESULT_TEXT_MAX];

	if (f->have_ske && f->ske_kind == SKE_ECDHE)
		r->group = f->ske_group;
	if (f->have_ske && f->ske_kind == SKE_DHE)
		r->dh_bits = (int)f->dh_bits;
	for (i = 0; f->have_certificate && i < f->n_certs &&
	    i < HELLO_PARSE_MAX_CERTS; i++) {
		der[n] = hello_parse_cert_der(x->buf, x->len, f, i, &len[n]);
		if (der[n] == NULL)
			break;
		n++;
	}
	if (n > 0)
		r->have_cert = cert_summary_from_der(der[0], len[0],
		    &r->cert) == ST_OK;

	/* What the client refuses while reading the flight comes first
	 * (policy.h: the what-if engine judges a predicted flight with it). */
	kx.version = f->version;
	kx.signed_kx = f->have_ske && (f->ske_kind == SKE_DHE ||
	    f->ske_kind == SKE_ECDHE);
	kx.sigalg = f->ske_sigalg;
	kx.dh_bits = r->dh_bits;
	why = policy_flight_refusal(p, &kx, &r->alert_sent, text, sizeof text);
	if (why != REASON_NONE) {
		probe_set_fail(r, why, "%s", text);
		goto out;
	}
	/* RFC 5246 §7.4.2: the body is the list with its 3-byte length. */
	/* The certificate, then the key and DH floors (probe_trust.c). */
	if (!probe_trust_judge(r, job, der, len, n, f->n_certs,
	    f->have_certificate ? 3 + f->chain_bytes : 0, cancel))
		goto out;
	r->outcome = PROBE_OK;
	r->reason = REASON_NONE;
out:
	for (i = 0; i < n; i++)
		free(der[i]);
}

/*
 * One exchange's answer and the TLS 1.3 certificate fetched for it: what
 * every profile sharing the exchange is judged on (raw_run_shared).
 */
struct answer {
	struct hello_exchange	 x;
	bool			 fetched;	/* ch, why, detail are set */
	struct chain	 ch;
	enum fail_reason	 why;
	char			 detail[RESULT_TEXT_MAX];
	bool			 auth_done;	/* auth is set */
	struct client_auth	 auth;
};

/*
 * A server that asked for a client certificate (the TLS 1.2 flight's
 * CertificateRequest, or the TLS 1.3 chain fetch's): what it does with
 * this client's certificate or its absence decides a cell the client
 * would otherwise complete (#15). One check per exchange.
 */
static void
judge_client_auth(struct probe_result *r, const struct probe_job *job,
    struct answer *a, const atomic_bool *cancel, unsigned *conns)
{
	const struct server_flight *f = &a->x.flight;
	char text[RESULT_TEXT_MAX];

	if (r->outcome != PROBE_OK || !(f->version < TLS_VERSION_TLS13 ?
	    f->have_certificate_request : a->fetched && a->ch.cert_requested))
		return;
	if (!a->auth_done) {
		probe_client_auth(job, sni_for(job), f->version, cancel,
		    &a->auth, conns);
		a->auth_done = true;
	}
	r->client_auth = a->auth;
	probe_client_auth_text(&a->auth, text, sizeof text);
	if (a->auth.verdict == CLIENT_AUTH_REQUIRED ||
	    a->auth.verdict == CLIENT_AUTH_REJECTED) {
		probe_set_fail(r, REASON_CLIENT_CERT_REQUIRED, "%s", text);
		r->alert_received = a->auth.alert;
	} else {
		detail_add(r, text);
	}
}

/*
 * TLS 1.3: the ServerHello decided; the certificate needs a handshake,
 * made once for all the profiles judged on a: they offer the same
 * signature algorithms and server name, so the server would pick the
 * same certificate for each.
 */
static void
judge_tls13(struct probe_result *r, const struct probe_job *job,
    struct answer *a, const atomic_bool *cancel)
{
	const struct profile *p = job->profile;
	char note[RESULT_TEXT_MAX + 48];

	r->group = a->x.flight.key_share_group;
	if (!a->fetched) {
		chain_fetch(&job->addr, job->port, sni_for(job),
		    TLS_VERSION_TLS13, p->sigalgs, p->n_sigalgs,
		    job->timeout_ms, cancel, &a->ch, &a->why, a->detail,
		    sizeof a->detail);
		a->fetched = true;
	}
	if (cancel != NULL && atomic_load(cancel)) {
		r->outcome = PROBE_CANCELED;
		r->reason = REASON_NONE;
		snprintf(r->detail, sizeof r->detail, "cancelled");
		return;
	}
	if (a->ch.n_kept == 0) {
		/* The hello was answered: no certificate is a gap in what we
		 * know, not a failure the client would see. */
		r->outcome = PROBE_OK;
		r->reason = REASON_NONE;
		snprintf(note, sizeof note, "certificate not checked: %s",
		    a->detail[0] ? a->detail : "none received");
		detail_add(r, note);
		return;
	}
	if (!probe_trust_judge(r, job, a->ch.der, a->ch.len, a->ch.n_kept,
	    a->ch.n, a->ch.msg_len, cancel))
		return;
	r->outcome = PROBE_OK;
	r->reason = REASON_NONE;
}

/*
 * After a HelloRetryRequest a real client sends a second hello with a
 * share for the group asked for (RFC 8446 §4.1.4). We send it on a new
 * connection with the same profile and only that share: the server
 * decides the same way, and nothing in it depends on the first
 * connection. A request for a group we did not offer, or already shared,
 * is the server's error, as the client would see it.
 */
static bool
retry_after_hrr(struct probe_result *r, const struct probe_job *job,
    struct hello_exchange *x, const atomic_bool *cancel, unsigned *conns)
{
	const struct profile *p = job->profile;
	struct profile p2;
	uint16_t group = x->flight.key_share_group;
	const char *gname = tls_group_name(group);
	char note[64];

	snprintf(note, sizeof note, "HelloRetryRequest for %s",
	    gname != NULL ? gname : "an unknown group");
	if (!u16_list_has(p->groups, p->n_groups, group) ||
	    u16_list_has(p->key_shares, p->n_key_shares, group)) {
		probe_set_fail(r, REASON_ILLEGAL_PARAMETER, "%s, which the "
		    "profile %s", note, u16_list_has(p->groups, p->n_groups, group) ?
		    "had already sent a share for" : "does not offer");
		return false;
	}
	p2 = *p;
	p2.key_shares = &group;
	p2.n_key_shares = 1;
	hello_exchange_cleanup(x);
	hello_exchange_run(&job->addr, job->port, &p2, sni_for(job),
	    job->timeout_ms, cancel, x);
	if (x->reason != REASON_LOCAL)
		(*conns)++;
	detail_add(r, note);
	/* Another HelloRetryRequest, whatever it asks: the client would see
	 * it on the same connection and abort (RFC 8446 §4.1.4). */
	if (x->flight.have_server_hello && x->flight.is_hrr) {
		probe_set_fail(r, REASON_PROTOCOL_ERROR, "second "
		    "HelloRetryRequest (%s)", note);
		return false;
	}
	if (x->reason != REASON_NONE) {
		char keep[RESULT_TEXT_MAX];

		snprintf(keep, sizeof keep, "%s", r->detail);
		exchange_fail(r, x, cancel);
		detail_add(r, keep);
		return false;
	}
	return true;
}

/* The answer to a hello that was answered, judged with job->profile's
 * policy. */
static void
judge_answer(struct probe_result *r, const struct probe_job *job,
    struct answer *a, const atomic_bool *cancel)
{
	const struct server_flight *f = &a->x.flight;

	switch (f->state) {
	case HELLO_ALERT:
		alert_fail(r, f, sni_for(job));
		return;
	case HELLO_NOT_TLS:
		not_tls_fail(r, &a->x);
		return;
	case HELLO_DONE:
		break;
	default:
		probe_set_fail(r, REASON_PROTOCOL_ERROR, "unexpected answer (%s)",
		    hello_parse_state_name(f->state));
		return;
	}
	r->version = f->version;
	r->cipher = f->cipher;
	if (!sane_server_hello(r, job->profile, f))
		return;
	if (f->version == TLS_VERSION_TLS13)
		judge_tls13(r, job, a, cancel);
	else
		judge_tls12(r, job, &a->x, cancel);
}

/*
 * probe_run_shared for this backend, and probe_run with n = 1. The
 * exchange, its retry after a HelloRetryRequest and their failures
 * depend on the hello alone, which every profile here sends alike
 * (probe_share_key): decided once, on out[0], and copied. Then each
 * profile judges the answer with its own policy.
 */
static void
raw_run_shared(const struct probe_job *job,
    const struct profile *const *profiles, size_t n,
    const atomic_bool *cancel, struct probe_result *out)
{
	struct probe_job one = *job;
	struct answer *a = xcalloc(1, sizeof *a);
	const struct server_flight *f = &a->x.flight;
	uint64_t t0 = clock_ms();
	bool decided = false;
	unsigned conns;
	size_t i;

	one.profile = profiles[0];
	hello_exchange_run(&one.addr, one.port, profiles[0], sni_for(&one),
	    one.timeout_ms, cancel, &a->x);
	/* REASON_LOCAL: no hello, or cancelled, before connecting (mostly). */
	conns = a->x.reason != REASON_LOCAL;
	out[0].connect_ms = a->x.connect_ms;
	if (a->x.reason == REASON_NONE && f->state == HELLO_DONE &&
	    f->is_hrr && !retry_after_hrr(&out[0], &one, &a->x, cancel,
	    &conns))
		decided = true;
	else if (a->x.reason != REASON_NONE) {
		/* A ServerHello that came before the end is judged first, as
		 * the client reads it before anything else (#15). */
		if (!f->have_server_hello || sane_server_hello(&out[0],
		    profiles[0], f))
			exchange_fail(&out[0], &a->x, cancel);
		decided = true;
	}
	for (i = 1; i < n; i++)
		out[i] = out[0];
	for (i = 0; !decided && i < n; i++) {
		one.profile = profiles[i];
		judge_answer(&out[i], &one, a, cancel);
		judge_client_auth(&out[i], &one, a, cancel, &conns);
	}
	if (a->fetched && a->why != REASON_LOCAL)
		conns++;
	for (i = 0; i < n; i++) {
		out[i].handshake_ms = ratelimit_elapsed_ms(t0);
		out[i].connections = 0;
	}
	out[0].connections = conns > UINT8_MAX ? UINT8_MAX : (uint8_t)conns;
	hello_exchange_cleanup(&a->x);
	chain_cleanup(&a->ch);
	free(a);
	ERR_clear_error();
}

static void
raw_run(const struct probe_job *job, const atomic_bool *cancel,
    struct probe_result *r)
{
	raw_run_shared(job, &job->profile, 1, cancel, r);
}

bool
probe_share_key(const struct profile *p, const char *host, uint8_t *key,
    size_t cap, size_t *len)
{
	struct wr w;
	bool ok;

	*len = 0;
	wr_init(&w, HELLO_MAX_BYTES);
	/* The SNI rule of a real probe, then hello_exchange_run's. */
	ok = hello_template(p, sni_of(p, host), &w) && w.len <= cap;
	if (ok) {
		memcpy(key, w.buf, w.len);
		*len = w.len;
	}
	wr_cleanup(&w);
	return ok;
}

const struct probe_ops probe_raw_ops = {
	.name = "hello",
	.run = raw_run,
	.run_shared = raw_run_shared,
};
