/*
 * scan.c: server enumeration with our own ClientHellos (scan.h).
 *
 * Per protocol version, the whole IANA suite list of that version is
 * offered in a few chunks; whatever the server picks is removed and the
 * rest offered again until it refuses, so a version costs one connection
 * per accepted suite plus one per chunk (sslscan and testssl.sh work the
 * same way; we differ in chunking, in skipping every version below one
 * the server refused with protocol_version, and in reading groups, DH
 * size and certificate off the same answers). Groups follow by
 * elimination as well: TLS 1.2 curves with ECDHE suites, TLS 1.3 groups
 * with an empty key_share so that each answer is a HelloRetryRequest
 * naming one group. The scan is cut into parts (scan.h) that run as pool
 * jobs on worker threads, each with its own connections one after
 * another; the main thread merges them (scan_merge, scan_finish).
 * scan_run runs the same parts on one thread.
 */
#include "config.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "cert.h"
#include "chain_fetch.h"
#include "clock.h"
#include "hello_io.h"
#include "hello_parse.h"
#include "profile.h"
#include "result.h"
#include "scan.h"
#include "scan_int.h"
#include "server.h"
#include "tls_names.h"
#include "xmem.h"

/* --- the scanner's own client profile ---------------------------------- */

static char empty_text[] = "";
static char scan_id[] = "tlsmatrix-scan";
static uint8_t null_compression[] = { 0 };
static uint8_t point_formats[] = { 0 };	/* uncompressed (RFC 8422 §5.1.2) */
static uint8_t psk_modes[] = { 1 };	/* psk_dhe_ke (RFC 8446 §4.2.9) */

/* Every signature scheme a server might need to sign its key exchange,
 * strongest first, SHA-1 last (RFC 8446 §4.2.3, RFC 5246 §7.4.1.4.1). */
uint16_t scan_sigalgs[SCAN_N_SIGALGS] = {
	0x0403, 0x0503, 0x0603,			/* ecdsa_secpXXX */
	0x0807, 0x0808,				/* ed25519, ed448 */
	0x081a, 0x081b, 0x081c,			/* ecdsa_brainpool tls13 */
	0x0804, 0x0805, 0x0806,			/* rsa_pss_rsae */
	0x0809, 0x080a, 0x080b,			/* rsa_pss_pss */
	0x0401, 0x0501, 0x0601,			/* rsa_pkcs1 */
	0x0402, 0x0502, 0x0602,			/* dsa (legacy) */
	0x0303, 0x0301, 0x0302,			/* SHA-224 */
	0x0203, 0x0201, 0x0202,			/* SHA-1 */
};

/* Curves for ECDHE in TLS <= 1.2 (RFC 8422 §5.1.1, RFC 7027, RFC 8446),
 * common ones first: a server that follows the client's order picks the
 * curve real clients get. */
static const uint16_t curves12[] = {
	0x001d, 0x0017, 0x0018, 0x0019, 0x001e,
	0x001a, 0x001b, 0x001c, 0x0016,
	0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0007, 0x0008,
	0x0009, 0x000a, 0x000b, 0x000c, 0x000d, 0x000e, 0x000f, 0x0010,
	0x0011, 0x0012, 0x0013, 0x0014, 0x0015,
};

/* Key exchange groups of TLS 1.3 (RFC 8446 §4.2.7, RFC 8734, RFC 7919,
 * draft-kwiatkowski-tls-ecdhe-mlkem, draft-tls-westerbaan-xyber768d00). */
const uint16_t scan_groups13_all[SCAN_N_GROUPS13] = {
	0x001d, 0x0017, 0x0018, 0x0019, 0x001e,
	0x11ec, 0x11eb, 0x11ed, 0x6399, 0x639a,
	0x0200, 0x0201, 0x0202,
	0x001f, 0x0020, 0x0021,
	0x0100, 0x0101, 0x0102, 0x0103, 0x0104,
	0x0022, 0x0023, 0x0024, 0x0025, 0x0026, 0x0027, 0x0028, 0x0029,
};

/* supported_groups while enumerating suites: every curve, then the
 * finite-field groups (RFC 7919), so that no suite is missed for want of
 * a group. */
size_t
scan_all_groups12(uint16_t *out)
{
	size_t n = 0, i;

	for (i = 0; i < sizeof curves12 / sizeof curves12[0]; i++)
		out[n++] = curves12[i];
	for (i = 0x0100; i <= 0x0104; i++)
		out[n++] = (uint16_t)i;
	return n;
}

void
scan_profile_init(struct scanner *s)
{
	struct profile *p = &s->prof;

	memset(p, 0, sizeof *p);
	p->id = scan_id;
	p->name = p->family = p->runtime = p->library = p->platform =
	    empty_text;
	p->source = p->note = empty_text;
	p->versions = s->versions;
	p->n_versions = 1;
	p->suites = s->suites;
	p->groups = s->groups;
	p->key_shares = s->shares;
	p->sigalgs = scan_sigalgs;
	p->n_sigalgs = SCAN_N_SIGALGS;
	p->extensions = s->exts;
	p->sni = SNI_HOSTNAME;
	p->session_id_len = 32;
	p->compression = null_compression;
	p->n_compression = 1;
	p->ec_point_formats = point_formats;
	p->n_ec_point_formats = 1;
	p->psk_modes = psk_modes;
	p->n_psk_modes = 1;
	p->padding = PADDING_F5;
	p->security_level = 0;
	p->verify_peer = false;
	p->check_hostname = false;
}

/*
 * Sets the hello's version and extensions: TLS 1.3 by supported_versions
 * with only 1.3 in it (RFC 8446 §4.2.1), older ones by legacy_version
 * alone; signature_algorithms only from TLS 1.2 on (RFC 5246 §7.4.1.4.1)
 * and no extensions at all in an SSLv3 hello.
 */
void
scan_offer_version(struct scanner *s, uint16_t v)
{
	struct profile *p = &s->prof;
	size_t n = 0;

	s->versions[0] = v;
	p->min_version = p->max_version = v;
	p->legacy_version = v >= TLS_VERSION_TLS13 ? TLS_VERSION_TLS12 : v;
	p->record_version = v == TLS_VERSION_SSL3 ? TLS_VERSION_SSL3 :
	    TLS_VERSION_TLS10;
	if (v == TLS_VERSION_SSL3) {
		p->n_extensions = 0;
		return;
	}
	s->exts[n++] = 0;	/* server_name */
	s->exts[n++] = 11;	/* ec_point_formats */
	s->exts[n++] = 10;	/* supported_groups */
	s->exts[n++] = 35;	/* session_ticket */
	if (v <= TLS_VERSION_TLS12)
		s->exts[n++] = 65281;	/* renegotiation_info */
	s->exts[n++] = 23;	/* extended_master_secret */
	if (v >= TLS_VERSION_TLS12)
		s->exts[n++] = 13;	/* signature_algorithms */
	if (v >= TLS_VERSION_TLS13) {
		s->exts[n++] = 43;	/* supported_versions */
		s->exts[n++] = 45;	/* psk_key_exchange_modes */
		s->exts[n++] = 51;	/* key_share */
	}
	s->exts[n++] = 21;	/* padding */
	p->n_extensions = n;
}

/* --- one exchange ------------------------------------------------------ */

/* Removes x from v[0..*n), keeping the order; false if absent. */
bool
scan_u16_remove(uint16_t *v, size_t *n, uint16_t x)
{
	size_t i;

	for (i = 0; i < *n; i++) {
		if (v[i] == x) {
			memmove(v + i, v + i + 1, (*n - i - 1) * sizeof *v);
			(*n)--;
			return true;
		}
	}
	return false;
}

void
scan_u16_add(uint16_t *v, size_t *n, size_t cap, uint16_t x)
{
	if (*n < cap && !u16_list_has(v, *n, x))
		v[(*n)++] = x;
}

bool
scan_canceled(const struct scanner *s)
{
	return s->cancel != NULL && atomic_load(s->cancel);
}

static void __attribute__((format(printf, 3, 4)))
scan_error(struct scanner *s, enum fail_reason why, const char *fmt, ...)
{
	va_list ap;

	s->stop = true;
	if (s->out->error_reason != REASON_NONE)
		return;
	s->out->error_reason = why;
	va_start(ap, fmt);
	vsnprintf(s->out->error, sizeof s->out->error, fmt, ap);
	va_end(ap);
}

/*
 * Keeps the most telling way a server refused a hello (a protocol error
 * says more than a reset, a reset more than a close), so that a server
 * that never answered in TLS is reported by what it did (issue #9).
 */
void
scan_keep_refusal(enum fail_reason *have, char *detail, enum fail_reason why,
    const char *why_detail)
{
	if (why == REASON_NONE || *have == REASON_PROTOCOL_ERROR ||
	    (*have == REASON_RESET && why != REASON_PROTOCOL_ERROR) ||
	    (*have == REASON_CLOSED && why == REASON_CLOSED))
		return;
	*have = why;
	snprintf(detail, RESULT_TEXT_MAX, "%s", why_detail);
}

/* What the leaf and the chain of a TLS <= 1.2 flight say, once. */
static void
take_certificate(struct scanner *s, const struct hello_exchange *x)
{
	const struct server_flight *f = &x->flight;
	uint8_t *der;
	size_t len;

	if (s->out->have_cert || !f->have_certificate || f->n_certs == 0)
		return;
	der = hello_parse_cert_der(x->buf, x->len, f, 0, &len);
	if (der == NULL)
		return;
	s->out->have_cert = cert_summary_from_der(der, len, &s->out->cert) ==
	    ST_OK;
	if (s->out->have_cert)
		s->out->chain_len = f->n_certs;
	free(der);
}


/*
 * Sends the current hello, counts the connection and says what the
 * answer means for an enumeration at version v. A failure to connect, a
 * non-TLS answer or silence before the server ever spoke TLS ends the
 * scan; after that, a dropped connection is the server's way to refuse.
 */
enum answer
scan_exchange(struct scanner *s, uint16_t v, struct hello_exchange *x)
{
	const struct server_flight *f = &x->flight;

	if (scan_canceled(s)) {
		memset(x, 0, sizeof *x);
		scan_error(s, REASON_LOCAL, "cancelled");
		return ANS_FATAL;
	}
	hello_exchange_run(&s->job->addr, s->job->port, &s->prof, s->job->sni,
	    s->job->timeout_ms, s->cancel, x);
	s->out->connections++;
	s->out->connected = s->out->connected || x->connected;
	if (scan_canceled(s)) {
		scan_error(s, REASON_LOCAL, "cancelled");
		return ANS_FATAL;
	}
	switch (x->reason) {
	case REASON_NONE:
		break;
	case REASON_CLOSED:
	case REASON_RESET:
	case REASON_PROTOCOL_ERROR:
	case REASON_ILLEGAL_PARAMETER:
		/* Even before it ever answered: a server that drops a TLS 1.3
		 * hello may still take another version. */
		scan_keep_refusal(&s->refusal, s->refusal_detail, x->reason,
		    x->detail);
		s->out->suites_unclear = true;
		return ANS_REFUSED;
	case REASON_TIMEOUT:
		if (s->answered) {
			s->out->suites_unclear = true;
			return ANS_REFUSED;
		}
		scan_error(s, x->reason, "%s", x->detail);
		return ANS_FATAL;
	default:
		scan_error(s, x->reason, "%s", x->detail);
		return ANS_FATAL;
	}
	switch (f->state) {
	case HELLO_ALERT:
		scan_heard(s);
		/* The SSLv3 hello carries no SNI, so a server that refuses
		 * unknown names (nginx ssl_reject_handshake) answers it with
		 * internal_error; no profile offers SSLv3 alone. */
		if (!server_alert_proves_mismatch(f->alert_desc) &&
		    v != TLS_VERSION_SSL3 && !s->out->other_refusal) {
			s->out->other_refusal = true;
			s->out->other_alert = f->alert_desc;
		}
		return f->alert_desc == TLS_ALERT_PROTOCOL_VERSION ?
		    ANS_VERSION_REFUSED : ANS_REFUSED;
	case HELLO_NOT_TLS:
		scan_error(s, REASON_NOT_TLS, "not a TLS server (%s answer)",
		    hello_not_tls_name(f->not_tls));
		return ANS_FATAL;
	case HELLO_DONE:
		break;
	default:
		s->out->suites_unclear = true;
		return ANS_REFUSED;
	}
	scan_heard(s);
	if (f->version == v)
		return ANS_PICK;
	if (f->version < v)
		return ANS_LOWER_VERSION;
	s->out->suites_unclear = true;
	return ANS_REFUSED;	/* a version we did not offer: broken */
}

/* Learns what a ServerHello flight shows besides the suite. */
static void
take_flight(struct scanner *s, const struct hello_exchange *x)
{
	const struct server_flight *f = &x->flight;

	if (f->version == TLS_VERSION_TLS13) {
		if (f->is_hrr && s->prof.n_key_shares > 0)
			s->out->hrr_seen = true;
		if (f->key_share_group != 0)
			scan_u16_add(s->g13, &s->n_g13, SCAN_MAX_GROUPS,
			    f->key_share_group);
		return;
	}
	if (f->have_ske && f->ske_kind == SKE_ECDHE && f->ske_group != 0)
		scan_u16_add(s->g12, &s->n_g12, SCAN_MAX_GROUPS, f->ske_group);
	if (f->have_ske && f->ske_kind == SKE_DHE && s->out->dh_bits == 0)
		s->out->dh_bits = (int)f->dh_bits;
	take_certificate(s, x);
}

/* --- suites by elimination --------------------------------------------- */

/* The suites worth offering at version v, likely ones first. */
size_t
scan_suite_pool(uint16_t v, uint16_t *out, size_t cap)
{
	const struct tls_suite *t;
	size_t n_all, i, n = 0;
	int pass;

	t = tls_suites(&n_all);
	/* Pass 0: what OpenSSL-era servers use (RSA, DHE, ECDHE key
	 * exchange with RSA or ECDSA keys); pass 1: every other suite the
	 * local OpenSSL knows; pass 2: the rest of the registry. */
	for (pass = 0; pass < 3; pass++) {
		for (i = 0; i < n_all && n < cap; i++) {
			const struct tls_suite *st = &t[i];
			bool common, named = st->openssl != NULL;
			int want;

			if (st->code == 0x0000 || tls_suite_is_signal(st->code))
				continue;
			if (v == TLS_VERSION_TLS13) {
				if (!st->tls13 || st->code >> 8 != 0x13)
					continue;
			} else {
				if (st->tls13)
					continue;
				/* AEAD and SHA-2 MACs came with TLS 1.2
				 * (RFC 5246 §A.5, RFC 5288). */
				if (v < TLS_VERSION_TLS12 &&
				    (st->mac == TLS_MAC_AEAD ||
				    st->mac == TLS_MAC_SHA256 ||
				    st->mac == TLS_MAC_SHA384))
					continue;
			}
			common = named && (st->kx == TLS_KX_RSA ||
			    st->kx == TLS_KX_DHE || st->kx == TLS_KX_ECDHE ||
			    st->kx == TLS_KX_ANY) &&
			    (st->auth == TLS_AUTH_RSA ||
			    st->auth == TLS_AUTH_ECDSA ||
			    st->auth == TLS_AUTH_ANY);
			want = common ? 0 : named ? 1 : 2;
			if (want == pass)
				out[n++] = st->code;
		}
	}
	return n;
}


/* How many chunks of at most SCAN_CHUNK, balanced, pool[] is cut into. */
size_t
scan_chunk_count(size_t n_pool)
{
	return (n_pool + SCAN_CHUNK - 1) / SCAN_CHUNK;
}

/*
 * Offers chunks [c_lo, c_hi) of pool[] and removes each pick, for version
 * v. Returns ANS_PICK if the version answered at all (picks may be none),
 * ANS_VERSION_REFUSED / ANS_LOWER_VERSION if the very first answers say
 * the version is not there, ANS_FATAL to stop.
 */
enum answer
scan_eliminate_suites(struct scanner *s, uint16_t v, const uint16_t *pool,
    size_t n_pool, size_t c_lo, size_t c_hi, struct enum_state *es)
{
	uint16_t offer[SCAN_CHUNK];
	size_t chunks, c, lo, hi, n_offer, per;
	struct hello_exchange x;
	enum answer a;
	bool any_answer = false;

	chunks = scan_chunk_count(n_pool);
	per = chunks > 0 ? (n_pool + chunks - 1) / chunks : 0;
	for (c = c_lo; c < chunks && c < c_hi; c++) {
		lo = c * per;
		hi = lo + per < n_pool ? lo + per : n_pool;
		n_offer = hi - lo;
		memcpy(offer, pool + lo, n_offer * sizeof *offer);
		while (n_offer > 0) {
			memcpy(s->suites, offer, n_offer * sizeof *offer);
			s->prof.n_suites = n_offer;
			a = scan_exchange(s, v, &x);
			if (a == ANS_PICK) {
				any_answer = true;
				take_flight(s, &x);
				if (es->n_accepted == 0) {
					memcpy(es->first_offer, offer,
					    n_offer * sizeof *offer);
					es->n_first_offer = n_offer;
				}
				if (!scan_u16_remove(offer, &n_offer,
				    x.flight.cipher)) {
					/* Not offered: a broken server; do not
					 * loop on it. */
					hello_exchange_cleanup(&x);
					break;
				}
				es->chunk_of[es->n_accepted] = c;
				es->accepted[es->n_accepted++] =
				    x.flight.cipher;
				hello_exchange_cleanup(&x);
				continue;
			}
			hello_exchange_cleanup(&x);
			if (a == ANS_FATAL)
				return ANS_FATAL;
			if ((a == ANS_VERSION_REFUSED ||
			    a == ANS_LOWER_VERSION) && es->n_accepted == 0)
				return a;
			if (a == ANS_REFUSED)
				any_answer = true;
			break;
		}
	}
	return any_answer || es->n_accepted > 0 ? ANS_PICK : ANS_REFUSED;
}

/*
 * Offers exactly list[] in its order and returns the pick, 0 if refused.
 * *fatal is set when the scan must stop.
 */
static uint16_t
pick_of(struct scanner *s, uint16_t v, const uint16_t *list, size_t n,
    bool *fatal)
{
	struct hello_exchange x;
	enum answer a;
	uint16_t pick = 0;

	memcpy(s->suites, list, n * sizeof *list);
	s->prof.n_suites = n;
	a = scan_exchange(s, v, &x);
	if (a == ANS_PICK && u16_list_has(list, n, x.flight.cipher)) {
		take_flight(s, &x);
		pick = x.flight.cipher;
	}
	*fatal = a == ANS_FATAL;
	hello_exchange_cleanup(&x);
	return pick;
}

/*
 * Does the server choose by its own order? The first pick a beat the
 * second, b, in a hello where both were offered, unless b lay in a later
 * chunk. If b came before a in that hello, a server that follows the
 * client would have taken b: proven at no cost. Otherwise offer b, a.
 */
void
scan_detect_preference(struct scanner *s, uint16_t v, const struct enum_state *es,
    struct server_protocol *sp)
{
	uint16_t a = es->accepted[0], b = es->accepted[1], two[2];
	size_t ia, ib;
	bool fatal;
	uint16_t pick;

	ia = u16_list_index(es->first_offer, es->n_first_offer, a);
	ib = u16_list_index(es->first_offer, es->n_first_offer, b);
	if (ib < ia) {
		sp->server_preference = true;
		sp->preference_known = true;
		return;
	}
	two[0] = b;
	two[1] = a;
	pick = pick_of(s, v, two, 2, &fatal);
	if (pick == 0)
		return;
	sp->server_preference = pick == a;
	sp->preference_known = true;
}

/*
 * With server preference, picks from one chunk are in the server's order
 * but chunks were asked one after another. If the accepted suites came
 * from more than one chunk, ask again among them only: |A| - 1 hellos.
 */
void
scan_reorder_by_server(struct scanner *s, uint16_t v, struct enum_state *es)
{
	uint16_t left[SCAN_CHUNK], order[SCAN_MAX_SUITES];
	size_t n_left, n = 0, i;
	bool multi = false, fatal;
	uint16_t pick;

	for (i = 1; i < es->n_accepted; i++)
		multi = multi || es->chunk_of[i] != es->chunk_of[0];
	if (!multi || es->n_accepted > SCAN_CHUNK)
		return;
	n_left = es->n_accepted;
	memcpy(left, es->accepted, n_left * sizeof *left);
	while (n_left > 1) {
		pick = pick_of(s, v, left, n_left, &fatal);
		if (fatal || pick == 0 || !scan_u16_remove(left, &n_left, pick))
			return;	/* keep the chunk order */
		order[n++] = pick;
	}
	order[n++] = left[0];
	memcpy(es->accepted, order, n * sizeof *order);
}

/* Enumerates one version into the next protocols[] entry. */
enum answer
scan_version(struct scanner *s, uint16_t v)
{
	struct server_protocol *sp;
	struct enum_state *es;
	uint16_t pool[SCAN_MAX_SUITES];
	size_t n_pool;
	enum answer a;

	sp = &s->out->protocols[s->out->n_protocols++];
	sp->version = v;
	scan_offer_version(s, v);
	n_pool = scan_suite_pool(v, pool, SCAN_MAX_SUITES);
	es = xcalloc(1, sizeof *es);
	a = scan_eliminate_suites(s, v, pool, n_pool, 0, SIZE_MAX, es);
	if (a == ANS_PICK && es->n_accepted > 0) {
		sp->accepted = true;
		if (es->n_accepted >= 2 && !s->stop)
			scan_detect_preference(s, v, es, sp);
		if (sp->server_preference && !s->stop)
			scan_reorder_by_server(s, v, es);
		sp->n_suites = es->n_accepted;
		sp->suites = xreallocarray(NULL, es->n_accepted,
		    sizeof *sp->suites);
		memcpy(sp->suites, es->accepted,
		    es->n_accepted * sizeof *sp->suites);
	}
	free(es);
	return a;
}

/* --- groups by elimination --------------------------------------------- */

/* Offers the groups left[] at version v and takes the group the server
 * picks off the list, each flight learnt from, until it picks none of
 * them or the scan stops. The pick is the key share's group (TLS 1.3,
 * key_share) or the ECDHE ServerKeyExchange's curve. */
static void
eliminate_groups(struct scanner *s, uint16_t v, bool key_share,
    uint16_t *left, size_t n_left)
{
	struct hello_exchange x;
	uint16_t g;

	while (n_left > 0 && !s->stop) {
		memcpy(s->groups, left, n_left * sizeof *left);
		s->prof.n_groups = n_left;
		if (scan_exchange(s, v, &x) != ANS_PICK)
			g = 0;
		else if (key_share)
			g = x.flight.key_share_group;
		else
			g = x.flight.have_ske && x.flight.ske_kind ==
			    SKE_ECDHE ? x.flight.ske_group : 0;
		if (g != 0 && scan_u16_remove(left, &n_left, g)) {
			take_flight(s, &x);
			hello_exchange_cleanup(&x);
			continue;
		}
		hello_exchange_cleanup(&x);
		break;
	}
}

/* TLS <= 1.2 curves at version v: the ECDHE suites among suites[], one
 * curve list that shrinks by each curve the ServerKeyExchange names (RFC
 * 8422 §5.4), leaving out the curves already in s->g12. */
void
scan_groups12(struct scanner *s, uint16_t v, const uint16_t *suites,
    size_t n_suites)
{
	uint16_t ecdhe[SCAN_CHUNK], left[SCAN_MAX_GROUPS];
	size_t n_ecdhe = 0, n_left = 0, i;
	const struct tls_suite *t;

	for (i = 0; i < n_suites && n_ecdhe < SCAN_CHUNK; i++) {
		t = tls_suite_by_code(suites[i]);
		if (t != NULL && t->kx == TLS_KX_ECDHE)
			ecdhe[n_ecdhe++] = suites[i];
	}
	if (n_ecdhe == 0)
		return;
	for (i = 0; i < sizeof curves12 / sizeof curves12[0]; i++)
		if (!u16_list_has(s->g12, s->n_g12, curves12[i]))
			left[n_left++] = curves12[i];
	scan_offer_version(s, v);
	memcpy(s->suites, ecdhe, n_ecdhe * sizeof *ecdhe);
	s->prof.n_suites = n_ecdhe;
	s->prof.groups = s->groups;
	eliminate_groups(s, v, false, left, n_left);
}

/*
 * TLS 1.3 groups: an empty key_share (RFC 8446 §4.2.8 allows it) makes
 * every acceptable hello a HelloRetryRequest naming the group the server
 * wants among those offered; remove it and ask again.
 */
void
scan_groups13(struct scanner *s, const struct server_protocol *sp)
{
	uint16_t left[SCAN_MAX_GROUPS];
	size_t n_left = 0, i, n_suites;

	for (i = 0; i < SCAN_N_GROUPS13; i++)
		if (!u16_list_has(s->g13, s->n_g13, scan_groups13_all[i]))
			left[n_left++] = scan_groups13_all[i];
	scan_offer_version(s, TLS_VERSION_TLS13);
	n_suites = sp->n_suites < SCAN_CHUNK ? sp->n_suites : SCAN_CHUNK;
	memcpy(s->suites, sp->suites, n_suites * sizeof *sp->suites);
	s->prof.n_suites = n_suites;
	s->prof.n_key_shares = 0;
	eliminate_groups(s, TLS_VERSION_TLS13, true, left, n_left);
}

/* The certificate of a server we only reached over TLS 1.3: one OpenSSL
 * handshake, since the chain is encrypted there. */
void
scan_fetch_certificate(struct scanner *s)
{
	struct chain ch;
	enum fail_reason why;
	char detail[RESULT_TEXT_MAX];

	chain_fetch(&s->job->addr, s->job->port, s->job->sni,
	    TLS_VERSION_TLS13, NULL, 0, s->job->timeout_ms, s->cancel, &ch,
	    &why, detail, sizeof detail);
	s->out->connections++;
	if (ch.n_kept > 0) {
		s->out->have_cert = cert_summary_from_der(ch.der[0], ch.len[0],
		    &s->out->cert) == ST_OK;
		s->out->chain_len = ch.n;
	}
	chain_cleanup(&ch);
}

/* --- the scan in parts ------------------------------------------------- */

struct scan_flag *
scan_flag_ref(struct scan_flag *f)
{
	atomic_fetch_add(&f->refs, 1);
	return f;
}

void
scan_flag_release(struct scan_flag *f)
{
	if (f != NULL && atomic_fetch_sub(&f->refs, 1) == 1)
		free(f);
}

/* The server answered in TLS: this part, and every part of the scan,
 * now takes silence as a refusal rather than a dead server. */
void
scan_heard(struct scanner *s)
{
	s->answered = true;
	if (s->flag != NULL)
		atomic_store(&s->flag->answered, true);
}


void
scan_copy_groups(uint16_t **dst, size_t *n, const uint16_t *src, size_t len)
{
	*n = len;
	*dst = NULL;
	if (len == 0)
		return;
	*dst = xreallocarray(NULL, len, sizeof **dst);
	memcpy(*dst, src, len * sizeof **dst);
}
