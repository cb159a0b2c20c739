/*
 * whatif_predict.c: one profile's predicted cell (whatif.h, issue #16).
 *
 * whatif_predict decides the cell as OpenSSL's server code does
 * (ssl/statem: version first, then the suite by the server's or the
 * client's order, skipping ECDHE suites without a shared curve, DHE
 * without DH parameters and signed suites without a shared signature
 * scheme; then the group) on the enumeration whatif_apply (whatif.c)
 * made, and judges the result with the client's policy (policy.h, the
 * code the hello backend judges a measured flight with) and the
 * certificate decision the measured cells made. Main thread; no network.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "policy.h"
#include "tls_names.h"
#include "whatif.h"
#include "whatif_int.h"

/* --- one profile's cell ---------------------------------------------- */

static bool
cert_reason(enum fail_reason r)
{
	switch (r) {
	case REASON_CERT_UNTRUSTED:
	case REASON_CERT_EXPIRED:
	case REASON_CERT_NOT_YET_VALID:
	case REASON_CERT_HOSTNAME:
	case REASON_CERT_WEAK_SIGNATURE:
	case REASON_CERT_STRICT:
	case REASON_CERT_INVALID:
	case REASON_CERT_EKU:
	case REASON_KEY_TOO_SMALL:
	case REASON_MESSAGE_TOO_LARGE:
		return true;
	default:
		return false;
	}
}

/* Failures the TLS configuration does not decide: the network, the
 * server software, the name. The prediction keeps them. */
static bool
kept_reason(const struct probe_result *r)
{
	if (r->outcome == PROBE_OK)
		return false;
	switch (r->reason) {
	case REASON_REFUSED:
	case REASON_TIMEOUT:
	case REASON_RESET:
	case REASON_UNREACHABLE:
	case REASON_NOT_TLS:
	case REASON_LOCAL:
	case REASON_SNI_REQUIRED:
	case REASON_SNI_REJECTED:
	case REASON_PROTOCOL_ERROR:
	case REASON_ILLEGAL_PARAMETER:
	case REASON_CLIENT_CERT_REQUIRED:
		return true;
	case REASON_SERVER_ALERT:
		return r->alert_received >= 0 &&
		    !server_alert_proves_mismatch(r->alert_received);
	default:
		return false;
	}
}

/* The certificate decision belongs to the client's store and rules,
 * not to the server's TLS parameters: the same for two profiles whose
 * certificate policy is equal. */
static bool
same_cert_policy(const struct profile *a, const struct profile *b)
{
	size_t i;

	if (a->n_trust_store != b->n_trust_store)
		return false;
	for (i = 0; i < a->n_trust_store; i++)
		if (strcmp(a->trust_store[i], b->trust_store[i]) != 0)
			return false;
	return a->verify_peer == b->verify_peer &&
	    a->check_hostname == b->check_hostname &&
	    a->security_level == b->security_level &&
	    a->min_rsa_bits == b->min_rsa_bits &&
	    a->strict_x509 == b->strict_x509 &&
	    a->sha1_certificates == b->sha1_certificates &&
	    a->trusted_first == b->trusted_first &&
	    a->aia_fetch == b->aia_fetch &&
	    a->chain_sorted == b->chain_sorted &&
	    a->cn_fallback == b->cn_fallback &&
	    a->wildcards == b->wildcards && a->ip_cn == b->ip_cn &&
	    a->eku_server_auth == b->eku_server_auth &&
	    a->max_cert_message == b->max_cert_message &&
	    a->sni == b->sni;
}

/* A result whose certificate decision was made: it passed, or failed on
 * the certificate. */
static bool
cert_judged(const struct probe_result *r)
{
	return r != NULL && !r->by_enumeration &&
	    ((r->outcome == PROBE_OK) || (r->outcome == PROBE_FAILED &&
	    cert_reason(r->reason))) && r->have_cert;
}

/* Server-side refusal: an alert as the server would send it. */
static void
refuse(struct probe_result *r, enum fail_reason why, int alert,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void
refuse(struct probe_result *r, enum fail_reason why, int alert,
    const char *fmt, ...)
{
	char text[RESULT_TEXT_MAX - 16];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	r->outcome = PROBE_FAILED;
	r->reason = why;
	r->alert_received = alert;
	snprintf(r->detail, sizeof r->detail, "predicted: %s", text);
}

static bool
client_offers(const struct profile *p, uint16_t code)
{
	return whatif_has(p->suites, p->n_suites, code);
}

/* The first value both lists hold: in the server's order with server
 * preference, else in the client's (tls1_shared_group and the shared
 * signature schemes of ssl/t1_lib.c); 0 when none. */
static uint16_t
first_common(const uint16_t *cl, size_t ncl, const uint16_t *sv, size_t n,
    bool server_pref)
{
	size_t i;

	if (server_pref) {
		for (i = 0; i < n; i++)
			if (whatif_has(cl, ncl, sv[i]))
				return sv[i];
	} else {
		for (i = 0; i < ncl; i++)
			if (whatif_has(sv, n, cl[i]))
				return cl[i];
	}
	return 0;
}

/* The group of an ECDHE handshake, or 0. A client without
 * supported_groups takes any of the server's. */
static uint16_t
shared_group(const struct profile *p, const uint16_t *sv, size_t n,
    bool server_pref)
{
	if (p->n_groups == 0)
		return n > 0 ? sv[0] : 0;
	return first_common(p->groups, p->n_groups, sv, n, server_pref);
}

/* What a TLS 1.2 ServerKeyExchange is signed with, or 0. Without
 * signature_algorithms, RFC 5246 §7.4.1.4.1's default (SHA-1 with the
 * key's algorithm). */
static uint16_t
shared_sigalg(const struct profile *p, const uint16_t *sv, size_t n,
    bool server_pref, const struct server_info *si)
{
	if (p->n_sigalgs == 0)
		return whatif_cert_is(si, "EC") ? 0x0203 : 0x0201;
	return first_common(p->sigalgs, p->n_sigalgs, sv, n, server_pref);
}

/* The server's pick among the suites it accepts at sp->version that the
 * client offers and that can run for this client; why says what
 * stopped the others when none is left. */
static uint16_t
pick_suite(const struct profile *p, const struct server_info *si,
    const struct server_protocol *sp, uint16_t *group,
    enum fail_reason *why)
{
	uint16_t cand[WHATIF_MAX_SUITES], g = 0;
	size_t i, j, n = 0;
	bool shared = false, group_blocked = false, sig_blocked = false;
	bool sig_ok;

	sig_ok = sp->version < TLS_VERSION_TLS12 || p->n_sigalgs == 0 ||
	    shared_sigalg(p, si->sigalgs12, si->n_sigalgs12, false, si) != 0;
	for (i = 0; i < sp->n_suites && n < WHATIF_MAX_SUITES; i++) {
		const struct tls_suite *ts = tls_suite_by_code(sp->suites[i]);

		if (!client_offers(p, sp->suites[i]) || ts == NULL)
			continue;
		shared = true;
		if (sp->version < TLS_VERSION_TLS13 && ts->kx == TLS_KX_ECDHE &&
		    shared_group(p, si->groups12, si->n_groups12, true) == 0) {
			group_blocked = true;
			continue;
		}
		if (sp->version < TLS_VERSION_TLS13 && !sig_ok &&
		    (ts->kx == TLS_KX_ECDHE || ts->kx == TLS_KX_DHE)) {
			sig_blocked = true;
			continue;
		}
		cand[n++] = sp->suites[i];
	}
	*why = REASON_NONE;
	if (n == 0) {
		*why = !shared ? REASON_NO_SHARED_CIPHER : group_blocked ?
		    REASON_NO_SHARED_GROUP : sig_blocked ?
		    REASON_NO_SHARED_SIGALG : REASON_NO_SHARED_CIPHER;
		return 0;
	}
	/* server order: cand is in it; client order: the client's first */
	if (!sp->server_preference) {
		for (i = 0; i < p->n_suites; i++)
			for (j = 0; j < n; j++)
				if (cand[j] == p->suites[i]) {
					cand[0] = cand[j];
					goto picked;
				}
	}
picked:
	if (sp->version < TLS_VERSION_TLS13) {
		const struct tls_suite *ts = tls_suite_by_code(cand[0]);

		if (ts != NULL && ts->kx == TLS_KX_ECDHE)
			g = shared_group(p, si->groups12, si->n_groups12,
			    sp->server_preference);
	}
	*group = g;
	return cand[0];
}

/* The server's version for this hello (ssl_choose_server_version):
 * with supported_versions the highest both have; without, the highest
 * it has at or below the client's. 0: none. */
static uint16_t
pick_version(const struct profile *p, const struct server_info *si)
{
	uint16_t best = 0, v;
	bool sv = profile_offers_tls13(p) ||
	    profile_has_extension(p, TLS_EXT_SUPPORTED_VERSIONS);
	size_t i;

	for (i = 0; i < si->n_protocols; i++) {
		v = si->protocols[i].version;
		if (!si->protocols[i].accepted)
			continue;
		if (sv ? !whatif_has(p->versions, p->n_versions, v) :
		    v > p->max_version)
			continue;
		if (v > best)
			best = v;
	}
	return best;
}

/* A measured failure the TLS configuration does not decide, kept as the
 * prediction. */
static void
keep_measured(const struct probe_result *mine, struct probe_result *out,
    char *uncertain, size_t len)
{
	char text[RESULT_TEXT_MAX];

	*out = *mine;
	out->method = "what-if";
	snprintf(text, sizeof text, "%s", mine->detail);
	snprintf(out->detail, sizeof out->detail, "kept: %.200s", text);
	snprintf(uncertain, len, "it failed for a reason the TLS "
	    "configuration does not decide (%s)",
	    result_reason_name(mine->reason));
}

/* The version the server would choose for this client, or 0 with out
 * failed: none in common, or one the client does not offer. */
static uint16_t
predict_version(const struct profile *p, const struct server_info *pred,
    struct probe_result *out)
{
	uint16_t v = pick_version(p, pred);

	if (v == 0) {
		refuse(out, REASON_NO_SHARED_PROTOCOL, 70, "no protocol "
		    "version in common");
		return 0;
	}
	if (!whatif_has(p->versions, p->n_versions, v)) {
		out->outcome = PROBE_FAILED;
		out->reason = REASON_NO_SHARED_PROTOCOL;
		out->alert_sent = 70;
		out->version = v;
		snprintf(out->detail, sizeof out->detail, "predicted: the "
		    "server would choose %s, which the client does not "
		    "offer", tls_version_name(v));
		return 0;
	}
	return v;
}

/* TLS 1.3's key exchange group into *group and a shared signature
 * scheme; false with out refused when either is missing. */
static bool
agree_tls13(const struct profile *p, const struct server_info *pred,
    const struct server_protocol *sp, uint16_t *group,
    struct probe_result *out)
{
	size_t i;

	/* key share: the client's first share the server has, else a
	 * HelloRetryRequest for a group both have */
	for (i = 0; i < p->n_key_shares && *group == 0; i++)
		if (whatif_has(pred->groups13, pred->n_groups13,
		    p->key_shares[i]))
			*group = p->key_shares[i];
	if (*group == 0)
		*group = shared_group(p, pred->groups13, pred->n_groups13,
		    sp->server_preference);
	if (*group == 0) {
		refuse(out, REASON_NO_SHARED_GROUP, 40, "no key exchange "
		    "group in common at TLSv1.3");
		return false;
	}
	if (p->n_sigalgs > 0 && shared_sigalg(p, pred->sigalgs13,
	    pred->n_sigalgs13, false, pred) == 0) {
		refuse(out, REASON_NO_SHARED_SIGALG, 40, "no signature "
		    "algorithm in common at TLSv1.3");
		return false;
	}
	return true;
}

/* The suite (and group) the server would pick at sp->version, or 0
 * with out refused. */
static uint16_t
predict_suite(const struct profile *p, const struct server_info *pred,
    const struct server_protocol *sp, uint16_t *group,
    struct probe_result *out)
{
	enum fail_reason why;
	uint16_t suite = pick_suite(p, pred, sp, group, &why);

	if (suite == 0) {
		refuse(out, why, 40, "%s at %s", result_reason_text(why),
		    tls_version_name(sp->version));
		return 0;
	}
	if (sp->version == TLS_VERSION_TLS13 &&
	    !agree_tls13(p, pred, sp, group, out))
		return 0;
	return suite;
}

/* Why the cell may read otherwise: what whatif_apply assumed that this
 * handshake rests on, and an order it could not see. */
static void
note_assumed(const struct whatif_row *row, const struct server_protocol *sp,
    uint16_t group, char *uncertain, size_t len)
{
	uint16_t v = sp->version;

	if (v == TLS_VERSION_TLS13 && (row->assumed & WHATIF_ASSUMED_GROUPS13))
		whatif_add_line(uncertain, len, "the TLS 1.3 groups were not "
		    "seen (assumed)");
	if (v == TLS_VERSION_TLS13 && (row->assumed & WHATIF_ASSUMED_ORDER13)
	    && sp->server_preference && sp->n_suites > 1)
		whatif_add_line(uncertain, len, "the server's TLS 1.3 suites "
		    "or their order were not seen (OpenSSL's default "
		    "assumed)");
	if (v < TLS_VERSION_TLS13 && group != 0 &&
	    (row->assumed & WHATIF_ASSUMED_GROUPS12))
		whatif_add_line(uncertain, len, "the TLS 1.2 curves were not "
		    "seen (assumed)");
	if (!sp->preference_known && sp->n_suites > 1)
		whatif_add_line(uncertain, len, "whether the server picks by its "
		    "order or the client's is unknown (add "
		    "ssl_prefer_server_ciphers)");
}

/* out failed by the client's policy (policy.h), text saying why. */
static void
policy_failed(struct probe_result *out, enum fail_reason why,
    const char *text)
{
	out->outcome = PROBE_FAILED;
	out->reason = why;
	snprintf(out->detail, sizeof out->detail, "predicted: %.200s", text);
}

/* The key exchange of out's handshake into kx, judged by the client's
 * policy on the server's flight; false with out failed if it refuses. */
static bool
kx_accepted(const struct profile *p, const struct server_info *pred,
    const struct server_protocol *sp, struct probe_result *out,
    struct policy_kx *kx)
{
	const struct tls_suite *ts;
	char text[RESULT_TEXT_MAX];
	enum fail_reason why;

	memset(kx, 0, sizeof *kx);
	kx->version = out->version;
	if (out->version < TLS_VERSION_TLS13) {
		ts = tls_suite_by_code(out->cipher);
		kx->signed_kx = ts != NULL && (ts->kx == TLS_KX_DHE ||
		    ts->kx == TLS_KX_ECDHE);
		if (kx->signed_kx && out->version == TLS_VERSION_TLS12)
			kx->sigalg = shared_sigalg(p, pred->sigalgs12,
			    pred->n_sigalgs12, sp->server_preference, pred);
		if (ts != NULL && ts->kx == TLS_KX_DHE)
			kx->dh_bits = out->dh_bits = pred->dh_bits;
	}
	why = policy_flight_refusal(p, kx, &out->alert_sent, text,
	    sizeof text);
	if (why != REASON_NONE) {
		policy_failed(out, why, text);
		return false;
	}
	return true;
}

/* The measured result whose certificate decision this client's cell
 * takes: its own, else one of a client with the same certificate
 * policy (or a CA file with the same checks), else any, with a line in
 * uncertain; NULL when no client here reached the certificate. */
static const struct probe_result *
cert_donor(const struct profile *p, const struct whatif_row *row,
    const struct probe_result *mine, char *uncertain, size_t len)
{
	const struct probe_result *donor = NULL, *any = NULL, *o;
	const struct profile *q;
	size_t i;

	if (cert_judged(mine))
		donor = mine;
	for (i = 0; donor == NULL && i < row->n; i++) {
		o = row->results != NULL ? row->results[i] : NULL;
		q = row->profiles[i];
		if (!cert_judged(o))
			continue;
		if (any == NULL)
			any = o;
		if (same_cert_policy(p, q) ||
		    (strcmp(o->trust_store, "ca-file") == 0 &&
		    p->check_hostname == q->check_hostname &&
		    p->security_level == q->security_level &&
		    p->strict_x509 == q->strict_x509))
			donor = o;
	}
	if (donor == NULL) {
		donor = any;
		whatif_add_line(uncertain, len, "no client with this one's "
		    "certificate policy reached the certificate here");
	}
	return donor;
}

/* The certificate found, and the donor's chain and verdict on it; false
 * with out failed when the donor failed on the certificate. */
static bool
take_certificate(const struct server_info *pred,
    const struct probe_result *donor, struct probe_result *out)
{
	out->have_cert = pred->have_cert;
	out->cert = pred->cert;
	if (donor == NULL)
		return true;
	snprintf(out->trust_store, sizeof out->trust_store, "%s",
	    donor->trust_store);
	out->n_chain = donor->n_chain;
	out->chain_anchored = donor->chain_anchored;
	memcpy(out->chain, donor->chain, sizeof out->chain);
	out->verify_code = donor->verify_code;
	if (donor->outcome != PROBE_OK) {
		out->outcome = PROBE_FAILED;
		out->reason = donor->reason;
		snprintf(out->detail, sizeof out->detail, "predicted "
		    "(certificate as measured): %.200s", donor->detail);
		return false;
	}
	return true;
}

/* out connects: the detail names what was agreed and whose order
 * picked it. */
static void
predicted_ok(struct probe_result *out, const struct server_protocol *sp)
{
	const char *name = tls_suite_name(out->cipher);
	uint16_t group = out->group;

	out->outcome = PROBE_OK;
	out->reason = REASON_NONE;
	snprintf(out->detail, sizeof out->detail, "predicted: %s %s%s%s, by "
	    "the %s's order", tls_version_name(out->version),
	    name != NULL ? name : "?", group != 0 ? " over " : "",
	    group != 0 && tls_group_name(group) ? tls_group_name(group) : "",
	    sp->server_preference ? "server" : "client");
}

void
whatif_predict(const struct server_info *pred, const struct whatif_row *row,
    size_t col, struct probe_result *out, char *uncertain, size_t len)
{
	const struct profile *p = row->profiles[col];
	const struct probe_result *mine = row->results != NULL ?
	    row->results[col] : NULL;
	const struct server_protocol *sp;
	struct policy_kx kx;
	enum fail_reason why;
	uint16_t v, suite, group = 0;
	char text[RESULT_TEXT_MAX];

	result_init(out);
	out->method = "what-if";
	out->alert_received = -1;
	out->alert_sent = -1;
	if (uncertain != NULL && len > 0)
		uncertain[0] = '\0';
	if (mine != NULL && kept_reason(mine)) {
		keep_measured(mine, out, uncertain, len);
		return;
	}
	v = predict_version(p, pred, out);
	if (v == 0)
		return;
	sp = server_protocol(pred, v);
	suite = predict_suite(p, pred, sp, &group, out);
	if (suite == 0)
		return;
	out->version = v;
	out->cipher = suite;
	out->group = group;
	note_assumed(row, sp, group, uncertain, len);
	if (!kx_accepted(p, pred, sp, out, &kx))
		return;
	/* the certificate: as this client judged it here, else as a
	 * client with the same certificate policy did */
	if (!take_certificate(pred, cert_donor(p, row, mine, uncertain, len),
	    out))
		return;
	why = policy_after_chain(p, &kx, text, sizeof text);
	if (why != REASON_NONE) {
		policy_failed(out, why, text);
		return;
	}
	predicted_ok(out, sp);
}

