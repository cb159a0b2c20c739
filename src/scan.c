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

#include "cert.h"
#include "chain_fetch.h"
#include "clock.h"
#include "hello_io.h"
#include "hello_parse.h"
#include "profile.h"
#include "result.h"
#include "scan.h"
#include "server.h"
#include "tls_names.h"
#include "xmem.h"

/*
 * Suites per hello. testssl.sh and nmap keep to 128 and 64: some servers
 * and middleboxes fail on long suite lists, and an OpenSSL-based server
 * copes with any. 128 suites make a hello of about 600 bytes with our
 * extensions, padded past the 256..511 range F5 devices choke on.
 */
#define SCAN_CHUNK		128
#define SCAN_MAX_SUITES		512	/* the registry has about 350 */
#define SCAN_MAX_GROUPS		64

/* What one answer means for the enumeration. */
enum answer {
	ANS_PICK,		/* a ServerHello (or HRR) at the version asked */
	ANS_REFUSED,		/* nothing offered here is acceptable */
	ANS_VERSION_REFUSED,	/* protocol_version: no version <= ours */
	ANS_LOWER_VERSION,	/* it answered with a lower version */
	ANS_FATAL,		/* unreachable, not TLS, cancelled: stop */
};

struct scan_flag;

struct scanner {
	const struct scan_job	*job;
	struct scan_flag	*flag;		/* the scan's, or NULL */
	const atomic_bool	*cancel;
	struct server_info	*out;
	bool			 stop;		/* end the scan now */
	bool			 answered;	/* the server spoke TLS once */
	/* the most telling refusal so far (protocol error > reset >
	 * closed), for a server that never answered in TLS */
	enum fail_reason	 refusal;
	char			 refusal_detail[RESULT_TEXT_MAX];

	/* the hello we send, rebuilt for every exchange */
	struct profile		 prof;
	uint16_t		 versions[1];
	uint16_t		 suites[SCAN_MAX_SUITES];
	uint16_t		 groups[SCAN_MAX_GROUPS];
	uint16_t		 shares[1];
	uint16_t		 exts[16];

	/* groups found so far */
	uint16_t		 g12[SCAN_MAX_GROUPS], g13[SCAN_MAX_GROUPS];
	size_t			 n_g12, n_g13;
};

/* --- the scanner's own client profile ---------------------------------- */

static char empty_text[] = "";
static char scan_id[] = "tlsmatrix-scan";
static uint8_t null_compression[] = { 0 };
static uint8_t point_formats[] = { 0 };	/* uncompressed (RFC 8422 §5.1.2) */
static uint8_t psk_modes[] = { 1 };	/* psk_dhe_ke (RFC 8446 §4.2.9) */

/* Every signature scheme a server might need to sign its key exchange,
 * strongest first, SHA-1 last (RFC 8446 §4.2.3, RFC 5246 §7.4.1.4.1). */
static uint16_t scan_sigalgs[] = {
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
static const uint16_t groups13[] = {
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
static size_t
all_groups12(uint16_t *out)
{
	size_t n = 0, i;

	for (i = 0; i < sizeof curves12 / sizeof curves12[0]; i++)
		out[n++] = curves12[i];
	for (i = 0x0100; i <= 0x0104; i++)
		out[n++] = (uint16_t)i;
	return n;
}

static void
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
	p->n_sigalgs = sizeof scan_sigalgs / sizeof scan_sigalgs[0];
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
static void
offer_version(struct scanner *s, uint16_t v)
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

static bool
u16_in(const uint16_t *v, size_t n, uint16_t x)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] == x)
			return true;
	return false;
}

/* Removes x from v[0..*n), keeping the order; false if absent. */
static bool
u16_remove(uint16_t *v, size_t *n, uint16_t x)
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

static void
u16_add(uint16_t *v, size_t *n, size_t cap, uint16_t x)
{
	if (*n < cap && !u16_in(v, *n, x))
		v[(*n)++] = x;
}

static bool
canceled(const struct scanner *s)
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
static void
keep_refusal(enum fail_reason *have, char *detail, enum fail_reason why,
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

static void heard(struct scanner *s);

/*
 * Sends the current hello, counts the connection and says what the
 * answer means for an enumeration at version v. A failure to connect, a
 * non-TLS answer or silence before the server ever spoke TLS ends the
 * scan; after that, a dropped connection is the server's way to refuse.
 */
static enum answer
exchange(struct scanner *s, uint16_t v, struct hello_exchange *x)
{
	const struct server_flight *f = &x->flight;

	if (canceled(s)) {
		memset(x, 0, sizeof *x);
		scan_error(s, REASON_LOCAL, "cancelled");
		return ANS_FATAL;
	}
	hello_exchange_run(&s->job->addr, s->job->port, &s->prof, s->job->sni,
	    s->job->timeout_ms, s->cancel, x);
	s->out->connections++;
	s->out->connected = s->out->connected || x->connected;
	if (canceled(s)) {
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
		keep_refusal(&s->refusal, s->refusal_detail, x->reason,
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
		heard(s);
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
	heard(s);
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
			u16_add(s->g13, &s->n_g13, SCAN_MAX_GROUPS,
			    f->key_share_group);
		return;
	}
	if (f->have_ske && f->ske_kind == SKE_ECDHE && f->ske_group != 0)
		u16_add(s->g12, &s->n_g12, SCAN_MAX_GROUPS, f->ske_group);
	if (f->have_ske && f->ske_kind == SKE_DHE && s->out->dh_bits == 0)
		s->out->dh_bits = (int)f->dh_bits;
	take_certificate(s, x);
}

/* --- suites by elimination --------------------------------------------- */

/* The suites worth offering at version v, likely ones first. */
static size_t
suite_pool(uint16_t v, uint16_t *out, size_t cap)
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

/* The result for one version while it is being enumerated. */
struct enum_state {
	uint16_t	 accepted[SCAN_MAX_SUITES];
	size_t		 n_accepted;
	size_t		 chunk_of[SCAN_MAX_SUITES];	/* per accepted */
	/* the hello that gave the first pick, to read the order off it */
	uint16_t	 first_offer[SCAN_CHUNK];
	size_t		 n_first_offer;
};

/* How many chunks of at most SCAN_CHUNK, balanced, pool[] is cut into. */
static size_t
chunk_count(size_t n_pool)
{
	return (n_pool + SCAN_CHUNK - 1) / SCAN_CHUNK;
}

/*
 * Offers chunks [c_lo, c_hi) of pool[] and removes each pick, for version
 * v. Returns ANS_PICK if the version answered at all (picks may be none),
 * ANS_VERSION_REFUSED / ANS_LOWER_VERSION if the very first answers say
 * the version is not there, ANS_FATAL to stop.
 */
static enum answer
eliminate_suites(struct scanner *s, uint16_t v, const uint16_t *pool,
    size_t n_pool, size_t c_lo, size_t c_hi, struct enum_state *es)
{
	uint16_t offer[SCAN_CHUNK];
	size_t chunks, c, lo, hi, n_offer, per;
	struct hello_exchange x;
	enum answer a;
	bool any_answer = false;

	chunks = chunk_count(n_pool);
	per = chunks > 0 ? (n_pool + chunks - 1) / chunks : 0;
	for (c = c_lo; c < chunks && c < c_hi; c++) {
		lo = c * per;
		hi = lo + per < n_pool ? lo + per : n_pool;
		n_offer = hi - lo;
		memcpy(offer, pool + lo, n_offer * sizeof *offer);
		while (n_offer > 0) {
			memcpy(s->suites, offer, n_offer * sizeof *offer);
			s->prof.n_suites = n_offer;
			a = exchange(s, v, &x);
			if (a == ANS_PICK) {
				any_answer = true;
				take_flight(s, &x);
				if (es->n_accepted == 0) {
					memcpy(es->first_offer, offer,
					    n_offer * sizeof *offer);
					es->n_first_offer = n_offer;
				}
				if (!u16_remove(offer, &n_offer,
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

static size_t
index_of(const uint16_t *v, size_t n, uint16_t x)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] == x)
			return i;
	return n;
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
	a = exchange(s, v, &x);
	if (a == ANS_PICK && u16_in(list, n, x.flight.cipher)) {
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
static void
detect_preference(struct scanner *s, uint16_t v, const struct enum_state *es,
    struct server_protocol *sp)
{
	uint16_t a = es->accepted[0], b = es->accepted[1], two[2];
	size_t ia, ib;
	bool fatal;
	uint16_t pick;

	ia = index_of(es->first_offer, es->n_first_offer, a);
	ib = index_of(es->first_offer, es->n_first_offer, b);
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
static void
reorder_by_server(struct scanner *s, uint16_t v, struct enum_state *es)
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
		if (fatal || pick == 0 || !u16_remove(left, &n_left, pick))
			return;	/* keep the chunk order */
		order[n++] = pick;
	}
	order[n++] = left[0];
	memcpy(es->accepted, order, n * sizeof *order);
}

/* Enumerates one version into the next protocols[] entry. */
static enum answer
scan_version(struct scanner *s, uint16_t v)
{
	struct server_protocol *sp;
	struct enum_state *es;
	uint16_t pool[SCAN_MAX_SUITES];
	size_t n_pool;
	enum answer a;

	sp = &s->out->protocols[s->out->n_protocols++];
	sp->version = v;
	offer_version(s, v);
	n_pool = suite_pool(v, pool, SCAN_MAX_SUITES);
	es = xcalloc(1, sizeof *es);
	a = eliminate_suites(s, v, pool, n_pool, 0, SIZE_MAX, es);
	if (a == ANS_PICK && es->n_accepted > 0) {
		sp->accepted = true;
		if (es->n_accepted >= 2 && !s->stop)
			detect_preference(s, v, es, sp);
		if (sp->server_preference && !s->stop)
			reorder_by_server(s, v, es);
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

/* TLS <= 1.2 curves at version v: the ECDHE suites among suites[], one
 * curve list that shrinks by each curve the ServerKeyExchange names (RFC
 * 8422 §5.4), leaving out the curves already in s->g12. */
static void
scan_groups12(struct scanner *s, uint16_t v, const uint16_t *suites,
    size_t n_suites)
{
	uint16_t ecdhe[SCAN_CHUNK], left[SCAN_MAX_GROUPS];
	size_t n_ecdhe = 0, n_left = 0, i;
	const struct tls_suite *t;
	struct hello_exchange x;
	enum answer a;

	for (i = 0; i < n_suites && n_ecdhe < SCAN_CHUNK; i++) {
		t = tls_suite_by_code(suites[i]);
		if (t != NULL && t->kx == TLS_KX_ECDHE)
			ecdhe[n_ecdhe++] = suites[i];
	}
	if (n_ecdhe == 0)
		return;
	for (i = 0; i < sizeof curves12 / sizeof curves12[0]; i++)
		if (!u16_in(s->g12, s->n_g12, curves12[i]))
			left[n_left++] = curves12[i];
	offer_version(s, v);
	memcpy(s->suites, ecdhe, n_ecdhe * sizeof *ecdhe);
	s->prof.n_suites = n_ecdhe;
	s->prof.groups = s->groups;
	while (n_left > 0 && !s->stop) {
		memcpy(s->groups, left, n_left * sizeof *left);
		s->prof.n_groups = n_left;
		a = exchange(s, v, &x);
		if (a == ANS_PICK && x.flight.have_ske &&
		    x.flight.ske_kind == SKE_ECDHE &&
		    u16_remove(left, &n_left, x.flight.ske_group)) {
			take_flight(s, &x);
			hello_exchange_cleanup(&x);
			continue;
		}
		hello_exchange_cleanup(&x);
		break;
	}
}

/*
 * TLS 1.3 groups: an empty key_share (RFC 8446 §4.2.8 allows it) makes
 * every acceptable hello a HelloRetryRequest naming the group the server
 * wants among those offered; remove it and ask again.
 */
static void
scan_groups13(struct scanner *s, const struct server_protocol *sp)
{
	uint16_t left[SCAN_MAX_GROUPS];
	size_t n_left = 0, i, n_suites;
	struct hello_exchange x;
	enum answer a;

	for (i = 0; i < sizeof groups13 / sizeof groups13[0]; i++)
		if (!u16_in(s->g13, s->n_g13, groups13[i]))
			left[n_left++] = groups13[i];
	offer_version(s, TLS_VERSION_TLS13);
	n_suites = sp->n_suites < SCAN_CHUNK ? sp->n_suites : SCAN_CHUNK;
	memcpy(s->suites, sp->suites, n_suites * sizeof *sp->suites);
	s->prof.n_suites = n_suites;
	s->prof.n_key_shares = 0;
	while (n_left > 0 && !s->stop) {
		memcpy(s->groups, left, n_left * sizeof *left);
		s->prof.n_groups = n_left;
		a = exchange(s, TLS_VERSION_TLS13, &x);
		if (a == ANS_PICK && x.flight.key_share_group != 0 &&
		    u16_remove(left, &n_left, x.flight.key_share_group)) {
			take_flight(s, &x);
			hello_exchange_cleanup(&x);
			continue;
		}
		hello_exchange_cleanup(&x);
		break;
	}
}

/* The certificate of a server we only reached over TLS 1.3: one OpenSSL
 * handshake, since the chain is encrypted there. */
static void
fetch_certificate(struct scanner *s)
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

/*
 * Stage 1 runs five kinds of part at once: TLS 1.3, each TLS 1.2 chunk,
 * the older versions (one after another, since a protocol_version alert
 * ends that ladder), and the TLS 1.2 curves over every ECDHE suite of the
 * registry. Stage 2 needs stage 1's answers: the TLS 1.2 preference and
 * order across chunks, the TLS 1.3 groups, the curves of a server without
 * TLS 1.2, and the certificate of a TLS 1.3-only server.
 */
enum part_kind {
	PART_CHUNK12,		/* one TLS 1.2 chunk by elimination */
	PART_GROUPS12,		/* curves, at version, over suites[] */
	PART_TLS13,
	PART_LOWER,		/* TLS 1.1, 1.0, SSLv3 */
	PART_PREF12,		/* preference and order among es */
	PART_GROUPS13,		/* groups over suites[], known[] left out */
	PART_CERT,
	PART_SIGALGS,		/* signature schemes at version (#15) */
};

#define SCAN_MAX_CHUNKS		((SCAN_MAX_SUITES + SCAN_CHUNK - 1) / SCAN_CHUNK)

/*
 * Shared by a scan and its parts: set when the scan stops early (an error
 * before the server ever answered in TLS) or is abandoned, so the parts
 * still queued end without a connection instead of each waiting out its
 * timeout against a silent server. The one thing a part reads that it
 * does not own; freed with its last reference, on whichever thread.
 */
struct scan_flag {
	atomic_bool		 stop;
	atomic_bool		 answered;	/* a part got a TLS answer */
	atomic_uint		 refs;
};

static struct scan_flag *
flag_ref(struct scan_flag *f)
{
	atomic_fetch_add(&f->refs, 1);
	return f;
}

static void
flag_release(struct scan_flag *f)
{
	if (f != NULL && atomic_fetch_sub(&f->refs, 1) == 1)
		free(f);
}

/* The server answered in TLS: this part, and every part of the scan,
 * now takes silence as a refusal rather than a dead server. */
static void
heard(struct scanner *s)
{
	s->answered = true;
	if (s->flag != NULL)
		atomic_store(&s->flag->answered, true);
}

struct scan_part {
	enum part_kind		 kind;
	struct scan_flag	*flag;		/* the scan's: skip when set */
	bool			 skipped;	/* not run: the scan had stopped */
	struct scan_job		 job;		/* by value */
	uint32_t		 stage;
	size_t			 chunk;		/* PART_CHUNK12 */
	uint16_t		 version;	/* PART_GROUPS12, PART_SIGALGS */
	char			 key_type[16];	/* PART_SIGALGS: "" unknown */
	uint16_t		 suites[SCAN_MAX_SUITES];
	size_t			 n_suites;
	uint16_t		 known[SCAN_MAX_GROUPS];
	size_t			 n_known;
	/* answers */
	struct enum_state	*es;		/* PART_CHUNK12, PART_PREF12 */
	struct server_protocol	 pref;		/* PART_PREF12 */
	struct server_info	 out;
	bool			 answered;
	bool			 cancelled;
	bool			 answered_before;	/* stage 2 */
	enum fail_reason	 refusal;	/* as in struct scanner */
	char			 refusal_detail[RESULT_TEXT_MAX];
};

struct scan_work {
	struct scan_job		 job;
	struct scan_flag	*flag;
	uint32_t		 stage;		/* stages handed out */
	uint64_t		 t0;
	struct server_info	 out;		/* protocols[] filled last */
	bool			 answered, cancelled, stop;
	enum fail_reason	 refusal;	/* as in struct scanner */
	char			 refusal_detail[RESULT_TEXT_MAX];
	uint16_t		 g12[SCAN_MAX_GROUPS], g13[SCAN_MAX_GROUPS];
	size_t			 n_g12, n_g13;
	uint16_t		 g12_elim[SCAN_MAX_GROUPS];
	size_t			 n_g12_elim;

	bool			 have13;
	struct server_protocol	 p13;
	struct enum_state	*chunk_es[SCAN_MAX_CHUNKS];
	bool			 have12;
	struct server_protocol	 p12;
	struct enum_state	*es12;		/* the chunks merged */
	size_t			 parts_out;	/* handed out, not merged */
	size_t			 stage1_left, chunks_left;
	size_t			 suite_parts_left;	/* chunks, TLS 1.3,
							 * the older versions */
	bool			 suites_unclear;	/* in those parts */
	bool			 pref_planned;
	struct server_protocol	 lower[SERVER_MAX_PROTOCOLS];
	size_t			 n_lower;
};

static void
copy_groups(uint16_t **dst, size_t *n, const uint16_t *src, size_t len)
{
	*n = len;
	*dst = NULL;
	if (len == 0)
		return;
	*dst = xreallocarray(NULL, len, sizeof **dst);
	memcpy(*dst, src, len * sizeof **dst);
}

static void
scanner_init(struct scanner *s, const struct scan_job *job,
    const atomic_bool *cancel, struct server_info *out)
{
	s->job = job;
	s->cancel = cancel;
	s->out = out;
	scan_profile_init(s);
	s->prof.n_groups = all_groups12(s->groups);
	s->shares[0] = 0x001d;	/* x25519, as most clients */
}

/* Sets the hello's groups and key shares for version v. */
static void
groups_for(struct scanner *s, uint16_t v)
{
	if (v == TLS_VERSION_TLS13) {
		s->prof.n_groups = sizeof groups13 / sizeof groups13[0];
		memcpy(s->groups, groups13, sizeof groups13);
		s->prof.n_key_shares = 1;
	} else {
		s->prof.n_groups = all_groups12(s->groups);
		s->prof.n_key_shares = 0;
	}
}

static void
run_chunk12(struct scanner *s, struct scan_part *p)
{
	uint16_t pool[SCAN_MAX_SUITES];
	size_t n_pool;

	groups_for(s, TLS_VERSION_TLS12);
	offer_version(s, TLS_VERSION_TLS12);
	n_pool = suite_pool(TLS_VERSION_TLS12, pool, SCAN_MAX_SUITES);
	p->es = xcalloc(1, sizeof *p->es);
	(void)eliminate_suites(s, TLS_VERSION_TLS12, pool, n_pool, p->chunk,
	    p->chunk + 1, p->es);
}

/* TLS 1.1 down to SSLv3; a protocol_version alert to a hello of version w
 * says nothing at or below w is spoken (RFC 5246 §E.1): those versions
 * are recorded as refused without a connection. */
static void
run_lower(struct scanner *s)
{
	static const uint16_t order[] = {
		TLS_VERSION_TLS11, TLS_VERSION_TLS10, TLS_VERSION_SSL3,
	};
	bool below_refused = false;
	size_t i;

	for (i = 0; i < sizeof order / sizeof order[0] && !s->stop; i++) {
		if (below_refused) {
			s->out->protocols[s->out->n_protocols++].version =
			    order[i];
			continue;
		}
		groups_for(s, order[i]);
		if (scan_version(s, order[i]) == ANS_VERSION_REFUSED)
			below_refused = true;
	}
}

static void
run_pref12(struct scanner *s, struct scan_part *p)
{
	groups_for(s, TLS_VERSION_TLS12);
	offer_version(s, TLS_VERSION_TLS12);
	p->pref.version = TLS_VERSION_TLS12;
	detect_preference(s, TLS_VERSION_TLS12, p->es, &p->pref);
	if (p->pref.server_preference && !s->stop)
		reorder_by_server(s, TLS_VERSION_TLS12, p->es);
}

/*
 * Whether a signature scheme can sign a handshake at version v with a
 * key of key_type ("" unknown): TLS 1.3 takes no PKCS#1, SHA-1, SHA-224
 * or DSA (RFC 8446 §4.2.3); a scheme signs with one kind of key.
 */
static bool
sigalg_fits(uint16_t v, const char *key_type, uint16_t sa)
{
	uint8_t hash = (uint8_t)(sa >> 8), sig = (uint8_t)sa;
	bool rsa_pss_rsae = sa >= 0x0804 && sa <= 0x0806;
	bool rsa_pss_pss = sa >= 0x0809 && sa <= 0x080b;
	bool ed = sa == 0x0807 || sa == 0x0808;
	bool legacy = hash >= 1 && hash <= 6;	/* 0xHHSS, RFC 5246 */
	bool ecdsa = (legacy && sig == 3) || (sa >= 0x081a && sa <= 0x081c);

	if (v >= TLS_VERSION_TLS13 && legacy && (sig != 3 || hash < 4))
		return false;	/* only ecdsa_secpXXX_shaYYY stay */
	if (key_type[0] == '\0')
		return true;
	if (strcmp(key_type, "RSA") == 0)
		return rsa_pss_rsae || (legacy && sig == 1);
	if (strcmp(key_type, "RSA-PSS") == 0)
		return rsa_pss_pss;
	if (strcmp(key_type, "EC") == 0)
		return ecdsa;
	if (strcmp(key_type, "DSA") == 0)
		return legacy && sig == 2;
	if (strcmp(key_type, "Ed25519") == 0)
		return sa == 0x0807;
	if (strcmp(key_type, "Ed448") == 0)
		return sa == 0x0808;
	return ed || !legacy;
}

/*
 * The schemes the server signs with at version v, with the suites it
 * accepts there: offered all at once, the ServerKeyExchange (TLS 1.2,
 * ECDHE/DHE) names the one picked, which is then left out, until it
 * refuses; in TLS 1.3, where the pick is encrypted, each scheme that
 * fits the certificate's key is offered alone. A server without a scheme it can use
 * refuses the hello (handshake_failure), which is what a client with
 * none of them meets (RFC 8446 §4.4.2.2, RFC 5246 §7.4.1.4.1).
 */
static void
run_sigalgs(struct scanner *s, struct scan_part *p)
{
	uint16_t left[sizeof scan_sigalgs / sizeof scan_sigalgs[0]];
	uint16_t found[sizeof left / sizeof left[0]], one;
	size_t n_left = 0, n_found = 0, i, rounds;
	struct hello_exchange x;
	enum answer a;
	bool visible = true, ok = true;

	for (i = 0; i < sizeof scan_sigalgs / sizeof scan_sigalgs[0]; i++)
		if (sigalg_fits(p->version, p->key_type, scan_sigalgs[i]))
			left[n_left++] = scan_sigalgs[i];
	groups_for(s, p->version);
	offer_version(s, p->version);
	/* TLS 1.2: only the suites whose key exchange is signed, so that
	 * every pick shows in the ServerKeyExchange. */
	s->prof.n_suites = 0;
	for (i = 0; i < p->n_suites; i++) {
		const struct tls_suite *t = tls_suite_by_code(p->suites[i]);

		if (p->version >= TLS_VERSION_TLS13 || (t != NULL &&
		    (t->kx == TLS_KX_ECDHE || t->kx == TLS_KX_DHE)))
			s->suites[s->prof.n_suites++] = p->suites[i];
	}
	if (s->prof.n_suites == 0)
		return;		/* nothing signed: left unknown */
	for (rounds = 0; visible && n_left > 0 && rounds <=
	    sizeof left / sizeof left[0] && !s->stop; rounds++) {
		s->prof.sigalgs = left;
		s->prof.n_sigalgs = n_left;
		a = exchange(s, p->version, &x);
		if (a == ANS_PICK && p->version < TLS_VERSION_TLS13 &&
		    x.flight.have_ske && x.flight.ske_sigalg != 0 &&
		    u16_remove(left, &n_left, x.flight.ske_sigalg))
			found[n_found++] = x.flight.ske_sigalg;
		else if (a == ANS_PICK)
			visible = false;
		else if (a != ANS_REFUSED && a != ANS_VERSION_REFUSED)
			ok = false;
		else
			n_left = 0;	/* none of the rest will do */
		hello_exchange_cleanup(&x);
	}
	/* One scheme per connection costs as many connections as schemes
	 * fit: only where the certificate's key narrows them (TLS 1.3:
	 * three to six); a TLS 1.2 server that shows no pick (RSA key
	 * exchange only) is left unknown. */
	if (!visible && (p->version < TLS_VERSION_TLS13 ||
	    p->key_type[0] == '\0'))
		return;
	for (i = 0; !visible && i < n_left && !s->stop; i++) {
		one = left[i];
		s->prof.sigalgs = &one;
		s->prof.n_sigalgs = 1;
		a = exchange(s, p->version, &x);
		if (a == ANS_PICK)
			found[n_found++] = one;
		else if (a != ANS_REFUSED && a != ANS_VERSION_REFUSED)
			ok = false;
		hello_exchange_cleanup(&x);
	}
	s->prof.sigalgs = scan_sigalgs;
	s->prof.n_sigalgs = sizeof scan_sigalgs / sizeof scan_sigalgs[0];
	if (!ok || s->stop)
		return;
	if (p->version >= TLS_VERSION_TLS13) {
		copy_groups(&s->out->sigalgs13, &s->out->n_sigalgs13, found,
		    n_found);
		s->out->sigalgs13_known = true;
	} else {
		copy_groups(&s->out->sigalgs12, &s->out->n_sigalgs12, found,
		    n_found);
		s->out->sigalgs12_known = true;
	}
}

void
scan_part_run(struct scan_part *p, const atomic_bool *cancel)
{
	struct scanner *s;
	struct server_protocol sp;
	size_t i;

	/* The scan stopped while this part waited: merged as never run,
	 * as scan_run does with the parts after a stop. */
	if (p->flag != NULL && atomic_load(&p->flag->stop)) {
		p->skipped = true;
		return;
	}
	s = xcalloc(1, sizeof *s);
	scanner_init(s, &p->job, cancel, &p->out);
	s->flag = p->flag;
	/* After the server has answered once, silence is a refusal. */
	s->answered = p->answered_before;
	switch (p->kind) {
	case PART_CHUNK12:
		run_chunk12(s, p);
		break;
	case PART_GROUPS12:
		groups_for(s, p->version);
		for (i = 0; i < p->n_known; i++)
			u16_add(s->g12, &s->n_g12, SCAN_MAX_GROUPS,
			    p->known[i]);
		scan_groups12(s, p->version, p->suites, p->n_suites);
		break;
	case PART_TLS13:
		groups_for(s, TLS_VERSION_TLS13);
		(void)scan_version(s, TLS_VERSION_TLS13);
		break;
	case PART_LOWER:
		run_lower(s);
		break;
	case PART_PREF12:
		run_pref12(s, p);
		break;
	case PART_GROUPS13:
		for (i = 0; i < p->n_known; i++)
			u16_add(s->g13, &s->n_g13, SCAN_MAX_GROUPS,
			    p->known[i]);
		memset(&sp, 0, sizeof sp);
		sp.version = TLS_VERSION_TLS13;
		sp.suites = p->suites;
		sp.n_suites = p->n_suites;
		scan_groups13(s, &sp);
		break;
	case PART_CERT:
		fetch_certificate(s);
		break;
	case PART_SIGALGS:
		run_sigalgs(s, p);
		break;
	}
	p->answered = s->answered;
	/* Silent, unreachable or not TLS, and no part has heard the server
	 * yet: the parts still queued would only wait out the same timeout
	 * (the worker sets this before its slot frees for the next part). */
	if (p->out.error_reason != REASON_NONE && !s->answered &&
	    p->flag != NULL && !atomic_load(&p->flag->answered))
		atomic_store(&p->flag->stop, true);
	keep_refusal(&p->refusal, p->refusal_detail, s->refusal,
	    s->refusal_detail);
	p->cancelled = canceled(s);
	/* known[] was left out, not found here */
	for (i = 0; i < p->n_known; i++) {
		if (p->kind == PART_GROUPS12)
			(void)u16_remove(s->g12, &s->n_g12, p->known[i]);
		if (p->kind == PART_GROUPS13)
			(void)u16_remove(s->g13, &s->n_g13, p->known[i]);
	}
	copy_groups(&p->out.groups12, &p->out.n_groups12, s->g12, s->n_g12);
	copy_groups(&p->out.groups13, &p->out.n_groups13, s->g13, s->n_g13);
	free(s);
}

void
scan_part_free(struct scan_part *p)
{
	if (p == NULL)
		return;
	flag_release(p->flag);
	free(p->es);
	server_info_cleanup(&p->out);
	free(p);
}

struct scan_work *
scan_work_new(const struct scan_job *job)
{
	struct scan_work *st = xcalloc(1, sizeof *st);

	st->job = *job;
	st->flag = xcalloc(1, sizeof *st->flag);
	atomic_init(&st->flag->stop, false);
	atomic_init(&st->flag->refs, 1);
	st->t0 = clock_ms();
	server_info_init(&st->out);
	return st;
}

void
scan_work_free(struct scan_work *st)
{
	size_t i;

	if (st == NULL)
		return;
	/* Parts still queued are stale now: they need not connect. */
	atomic_store(&st->flag->stop, true);
	flag_release(st->flag);
	for (i = 0; i < SCAN_MAX_CHUNKS; i++)
		free(st->chunk_es[i]);
	free(st->es12);
	free(st->p13.suites);
	free(st->p12.suites);
	for (i = 0; i < st->n_lower; i++)
		free(st->lower[i].suites);
	server_info_cleanup(&st->out);
	free(st);
}

static struct scan_part *
new_part(const struct scan_work *st, enum part_kind kind)
{
	struct scan_part *p = xcalloc(1, sizeof *p);

	p->kind = kind;
	p->flag = flag_ref(st->flag);
	p->job = st->job;
	/* The preference is asked while stage 1 still runs, but it is
	 * not one of stage 1's parts. */
	p->stage = kind == PART_PREF12 ? 2 : st->stage;
	p->answered_before = p->stage > 1;
	server_info_init(&p->out);
	return p;
}

/*
 * Stage 1, longest chains first: the curves (over every ECDHE suite of
 * the registry, so they need not wait for the accepted ones; a typical
 * server has five), then the first chunk, which holds the suites servers
 * use, then TLS 1.3, the older versions and the other chunks.
 */
static size_t
plan_stage1(struct scan_work *st, struct scan_part **parts)
{
	uint16_t pool[SCAN_MAX_SUITES];
	size_t n_pool, chunks, c, n = 0;
	struct scan_part *p;

	n_pool = suite_pool(TLS_VERSION_TLS12, pool, SCAN_MAX_SUITES);
	chunks = chunk_count(n_pool);
	if (chunks > SCAN_MAX_CHUNKS)
		chunks = SCAN_MAX_CHUNKS;
	p = parts[n++] = new_part(st, PART_GROUPS12);
	p->version = TLS_VERSION_TLS12;
	memcpy(p->suites, pool, n_pool * sizeof *pool);
	p->n_suites = n_pool;
	st->chunks_left = chunks;
	st->suite_parts_left = chunks + 2;
	for (c = 0; c < chunks; c++) {
		parts[n] = new_part(st, PART_CHUNK12);
		parts[n++]->chunk = c;
		if (c == 0) {
			parts[n++] = new_part(st, PART_TLS13);
			parts[n++] = new_part(st, PART_LOWER);
		}
	}
	return n;
}

/* The TLS 1.2 chunks, merged in chunk order. */
static void
merge_chunks(struct scan_work *st)
{
	struct enum_state *es, *m;
	size_t c, i;

	m = st->es12 = xcalloc(1, sizeof *st->es12);
	for (c = 0; c < SCAN_MAX_CHUNKS; c++) {
		es = st->chunk_es[c];
		if (es == NULL || es->n_accepted == 0)
			continue;
		if (m->n_accepted == 0) {
			memcpy(m->first_offer, es->first_offer,
			    es->n_first_offer * sizeof *es->first_offer);
			m->n_first_offer = es->n_first_offer;
		}
		for (i = 0; i < es->n_accepted &&
		    m->n_accepted < SCAN_MAX_SUITES; i++) {
			m->chunk_of[m->n_accepted] = c;
			m->accepted[m->n_accepted++] = es->accepted[i];
		}
	}
	st->p12.version = TLS_VERSION_TLS12;
	st->have12 = true;
	if (m->n_accepted > 0) {
		st->p12.accepted = true;
		st->p12.n_suites = m->n_accepted;
		st->p12.suites = xreallocarray(NULL, m->n_accepted,
		    sizeof *st->p12.suites);
		memcpy(st->p12.suites, m->accepted,
		    m->n_accepted * sizeof *st->p12.suites);
	}
}

/* Once every TLS 1.2 chunk is in: the preference and the order. */
static size_t
plan_pref12(struct scan_work *st, struct scan_part **parts)
{
	struct scan_part *p;

	merge_chunks(st);
	if (st->es12->n_accepted < 2)
		return 0;
	p = parts[0] = new_part(st, PART_PREF12);
	p->es = xmalloc(sizeof *p->es);
	*p->es = *st->es12;
	return 1;
}

static size_t
plan_sigalgs(const struct scan_work *st, const struct server_protocol *sp,
    struct scan_part **parts)
{
	struct scan_part *p = parts[0] = new_part(st, PART_SIGALGS);

	p->version = sp->version;
	p->n_suites = sp->n_suites < SCAN_CHUNK ? sp->n_suites : SCAN_CHUNK;
	memcpy(p->suites, sp->suites, p->n_suites * sizeof *p->suites);
	if (st->out.have_cert)
		snprintf(p->key_type, sizeof p->key_type, "%s",
		    st->out.cert.key_type);
	return 1;
}

/* Once all of stage 1 is in: what needs the versions' answers. */
static size_t
plan_stage2(struct scan_work *st, struct scan_part **parts)
{
	const struct server_protocol *best12 = NULL;
	struct scan_part *p;
	size_t n = 0, i;

	if (st->have13 && st->p13.accepted) {
		p = parts[n++] = new_part(st, PART_GROUPS13);
		p->n_suites = st->p13.n_suites < SCAN_CHUNK ?
		    st->p13.n_suites : SCAN_CHUNK;
		memcpy(p->suites, st->p13.suites,
		    p->n_suites * sizeof *p->suites);
		memcpy(p->known, st->g13, st->n_g13 * sizeof *st->g13);
		p->n_known = st->n_g13;
		if (!st->out.have_cert)
			parts[n++] = new_part(st, PART_CERT);
	}
	/* The signature schemes of TLS 1.3 and 1.2, with their suites. */
	if (st->have13 && st->p13.accepted)
		n += plan_sigalgs(st, &st->p13, parts + n);
	if (st->have12 && st->p12.accepted)
		n += plan_sigalgs(st, &st->p12, parts + n);
	/* Without TLS 1.2, stage 1 found no curves: ask the best older
	 * version, with the suites it accepted. */
	if (!st->p12.accepted) {
		for (i = 0; i < st->n_lower && best12 == NULL; i++)
			if (st->lower[i].accepted)
				best12 = &st->lower[i];
		if (best12 != NULL) {
			p = parts[n++] = new_part(st, PART_GROUPS12);
			p->version = best12->version;
			p->n_suites = best12->n_suites < SCAN_MAX_SUITES ?
			    best12->n_suites : SCAN_MAX_SUITES;
			memcpy(p->suites, best12->suites,
			    p->n_suites * sizeof *p->suites);
			memcpy(p->known, st->g12, st->n_g12 * sizeof *st->g12);
			p->n_known = st->n_g12;
		}
	}
	return n;
}

struct scan_part **
scan_next_parts(struct scan_work *st, size_t *n)
{
	struct scan_part **parts;

	*n = 0;
	if (st->cancelled)
		return NULL;
	parts = xcalloc(SCAN_MAX_CHUNKS + 8, sizeof *parts);
	if (st->stage == 0) {
		st->stage = 1;
		*n = plan_stage1(st, parts);
		st->stage1_left = *n;
	}
	if (st->stage == 1 && st->chunks_left == 0 && !st->pref_planned) {
		st->pref_planned = true;
		*n += plan_pref12(st, parts + *n);
	}
	if (st->stage == 1 && st->stage1_left == 0) {
		st->stage = 2;
		/* An answer anywhere makes the other parts' silence a
		 * refusal, as in a scan one hello at a time. Not after a
		 * stop: the parts it skipped did not refuse anything. */
		if (st->answered && !st->stop) {
			st->out.error_reason = REASON_NONE;
			st->out.error[0] = '\0';
			*n += plan_stage2(st, parts + *n);
		}
	}
	st->parts_out += *n;
	if (*n == 0) {
		free(parts);
		return NULL;
	}
	return parts;
}

bool
scan_work_done(const struct scan_work *st)
{
	return st->parts_out == 0 && (st->stage == 2 || st->cancelled);
}

/* Moves sp (its suite list) into dst. */
static void
take_protocol(struct server_protocol *dst, struct server_protocol *sp)
{
	*dst = *sp;
	sp->suites = NULL;
	sp->n_suites = 0;
}

void
scan_merge(struct scan_work *st, struct scan_part *p)
{
	struct server_info *o = &p->out;
	size_t i;

	if (st->parts_out > 0)
		st->parts_out--;
	if (p->stage == 1 && st->stage1_left > 0)
		st->stage1_left--;
	if (p->kind == PART_CHUNK12 && st->chunks_left > 0)
		st->chunks_left--;
	if (p->stage == 1 && (p->kind == PART_CHUNK12 ||
	    p->kind == PART_TLS13 || p->kind == PART_LOWER)) {
		if (st->suite_parts_left > 0)
			st->suite_parts_left--;
		/* A part that failed or was cancelled leaves holes too. */
		st->suites_unclear = st->suites_unclear || o->suites_unclear ||
		    o->error_reason != REASON_NONE || p->cancelled;
	}
	st->out.connections += o->connections;
	st->answered = st->answered || p->answered;
	keep_refusal(&st->refusal, st->refusal_detail, p->refusal,
	    p->refusal_detail);
	st->cancelled = st->cancelled || p->cancelled;
	/* A skipped part refused nothing: the result cannot stand in for
	 * a whole enumeration, even if a straggler answers. */
	if (p->skipped)
		st->stop = true;
	if (o->error_reason != REASON_NONE) {
		if (st->out.error_reason == REASON_NONE) {
			st->out.error_reason = o->error_reason;
			memcpy(st->out.error, o->error, sizeof st->out.error);
		}
		/* Unreachable, silent or not TLS before any answer: the scan
		 * one hello at a time stops here too, and the parts still
		 * queued need not wait out their own timeouts. */
		if (!st->answered && !atomic_load(&st->flag->answered)) {
			st->stop = true;
			atomic_store(&st->flag->stop, true);
		}
	}
	st->out.hrr_seen = st->out.hrr_seen || o->hrr_seen;
	if (o->other_refusal && !st->out.other_refusal) {
		st->out.other_refusal = true;
		st->out.other_alert = o->other_alert;
	}
	st->out.connected = st->out.connected || o->connected;
	if (!st->out.have_cert && o->have_cert) {
		st->out.have_cert = true;
		st->out.cert = o->cert;
		st->out.chain_len = o->chain_len;
	}
	if (st->out.dh_bits == 0)
		st->out.dh_bits = o->dh_bits;
	for (i = 0; i < o->n_groups12; i++)
		u16_add(st->g12, &st->n_g12, SCAN_MAX_GROUPS, o->groups12[i]);
	for (i = 0; i < o->n_groups13; i++)
		u16_add(st->g13, &st->n_g13, SCAN_MAX_GROUPS, o->groups13[i]);
	switch (p->kind) {
	case PART_CHUNK12:
		if (p->chunk < SCAN_MAX_CHUNKS &&
		    st->chunk_es[p->chunk] == NULL) {
			st->chunk_es[p->chunk] = p->es;
			p->es = NULL;
		}
		break;
	case PART_TLS13:
		if (o->n_protocols > 0) {
			take_protocol(&st->p13, &o->protocols[0]);
			st->have13 = true;
		}
		break;
	case PART_LOWER:
		for (i = 0; i < o->n_protocols && st->n_lower <
		    SERVER_MAX_PROTOCOLS; i++)
			take_protocol(&st->lower[st->n_lower++],
			    &o->protocols[i]);
		break;
	case PART_PREF12:
		st->p12.server_preference = p->pref.server_preference;
		st->p12.preference_known = p->pref.preference_known;
		if (st->p12.suites != NULL &&
		    p->es->n_accepted == st->p12.n_suites)
			memcpy(st->p12.suites, p->es->accepted,
			    st->p12.n_suites * sizeof *st->p12.suites);
		break;
	case PART_GROUPS12:
		for (i = 0; i < o->n_groups12; i++)
			u16_add(st->g12_elim, &st->n_g12_elim,
			    SCAN_MAX_GROUPS, o->groups12[i]);
		break;
	case PART_SIGALGS:
		if (o->sigalgs12_known) {
			free(st->out.sigalgs12);
			st->out.sigalgs12 = o->sigalgs12;
			st->out.n_sigalgs12 = o->n_sigalgs12;
			st->out.sigalgs12_known = true;
			o->sigalgs12 = NULL;
		}
		if (o->sigalgs13_known) {
			free(st->out.sigalgs13);
			st->out.sigalgs13 = o->sigalgs13;
			st->out.n_sigalgs13 = o->n_sigalgs13;
			st->out.sigalgs13_known = true;
			o->sigalgs13 = NULL;
		}
		break;
	case PART_GROUPS13:
	case PART_CERT:
		break;
	}
	scan_part_free(p);
}

void
scan_finish(struct scan_work *st, struct server_info *out)
{
	size_t i;

	*out = st->out;
	server_info_init(&st->out);
	if (st->have13)
		take_protocol(&out->protocols[out->n_protocols++], &st->p13);
	if (st->have12)
		take_protocol(&out->protocols[out->n_protocols++], &st->p12);
	for (i = 0; i < st->n_lower &&
	    out->n_protocols < SERVER_MAX_PROTOCOLS; i++)
		take_protocol(&out->protocols[out->n_protocols++],
		    &st->lower[i]);
	if (!st->answered && out->error_reason == REASON_NONE &&
	    !st->cancelled && (st->refusal == REASON_PROTOCOL_ERROR ||
	    st->refusal == REASON_RESET)) {
		out->error_reason = st->refusal;
		snprintf(out->error, sizeof out->error, "no ClientHello got a "
		    "TLS answer: %.200s", st->refusal_detail);
	}
	if (!st->answered && out->error_reason == REASON_NONE &&
	    !st->cancelled) {
		out->error_reason = REASON_CLOSED;
		snprintf(out->error, sizeof out->error, "%s", "the server "
		    "closed every connection without answering a "
		    "ClientHello");
	}
	/* The curves in the order the elimination found them (the
	 * server's, if it has one), then any only a suite's flight showed. */
	for (i = 0; i < st->n_g12; i++)
		u16_add(st->g12_elim, &st->n_g12_elim, SCAN_MAX_GROUPS,
		    st->g12[i]);
	memcpy(st->g12, st->g12_elim, st->n_g12_elim * sizeof *st->g12);
	st->n_g12 = st->n_g12_elim;
	copy_groups(&out->groups12, &out->n_groups12, st->g12, st->n_g12);
	copy_groups(&out->groups13, &out->n_groups13, st->g13, st->n_g13);
	out->suites_unclear = st->suites_unclear;
	out->elapsed_ms = (uint32_t)(clock_ms() - st->t0);
	out->done = !st->cancelled;
	scan_work_free(st);
}

bool
scan_work_stopped(const struct scan_work *st)
{
	return st->stop;
}

bool
scan_work_suites_known(const struct scan_work *st)
{
	/* pref_planned: the chunks are merged into p12 by then */
	return st->stage >= 1 && st->suite_parts_left == 0 &&
	    st->pref_planned;
}

/* A copy of sp, its suite list included. */
static void
copy_protocol(struct server_protocol *dst, const struct server_protocol *sp)
{
	*dst = *sp;
	dst->suites = NULL;
	if (sp->n_suites > 0) {
		dst->suites = xreallocarray(NULL, sp->n_suites,
		    sizeof *dst->suites);
		memcpy(dst->suites, sp->suites,
		    sp->n_suites * sizeof *dst->suites);
	}
}

void
scan_work_peek(const struct scan_work *st, struct server_info *out)
{
	size_t i;

	server_info_init(out);
	if (st->have13)
		copy_protocol(&out->protocols[out->n_protocols++], &st->p13);
	if (st->have12)
		copy_protocol(&out->protocols[out->n_protocols++], &st->p12);
	for (i = 0; i < st->n_lower &&
	    out->n_protocols < SERVER_MAX_PROTOCOLS; i++)
		copy_protocol(&out->protocols[out->n_protocols++],
		    &st->lower[i]);
	out->suites_unclear = st->suites_unclear;
	out->other_refusal = st->out.other_refusal;
	out->other_alert = st->out.other_alert;
	out->connected = st->out.connected;
	out->connections = st->out.connections;
	out->error_reason = st->out.error_reason;
	memcpy(out->error, st->out.error, sizeof out->error);
	if (st->answered && !st->stop) {
		/* as at the end of stage 1: the others' silence refused */
		out->error_reason = REASON_NONE;
		out->error[0] = '\0';
	} else if (out->error_reason == REASON_NONE) {
		out->error_reason = REASON_CLOSED;
		snprintf(out->error, sizeof out->error, "%s", "no answer in "
		    "TLS yet");
	}
}

/* The same parts on this thread, one after another. */
void
scan_run(const struct scan_job *job, const atomic_bool *cancel,
    struct server_info *out)
{
	struct scan_work *st = scan_work_new(job);
	struct scan_part **parts;
	size_t n, i;
	int pass;

	while ((parts = scan_next_parts(st, &n)) != NULL) {
		/* TLS 1.3 first, as a client would: if the server does not
		 * answer it, the rest is not asked. */
		for (pass = 0; pass < 2; pass++) {
			for (i = 0; i < n; i++) {
				if (parts[i] == NULL ||
				    (parts[i]->kind == PART_TLS13) != (pass == 0))
					continue;
				if (st->stop || (cancel != NULL &&
				    atomic_load(cancel))) {
					st->cancelled = st->cancelled ||
					    (cancel != NULL &&
					    atomic_load(cancel));
					/* merged unrun, empty: the counts
					 * move on */
				} else
					scan_part_run(parts[i], cancel);
				scan_merge(st, parts[i]);
				parts[i] = NULL;
			}
		}
		free(parts);
	}
	scan_finish(st, out);
}
