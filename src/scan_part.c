/*
 * scan_part.c: one part of a scan (scan.h), run on a worker thread: a TLS
 * 1.2 chunk, TLS 1.3, the older versions, the TLS 1.2 preference, the
 * groups, the certificate or the signature schemes, each with the
 * scanner's exchanges (scan.c), connections one after another. The part
 * owns everything it writes; only the scan's stop flag is shared.
 */
#include "config.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cert.h"
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

static void
scanner_init(struct scanner *s, const struct scan_job *job,
    const atomic_bool *cancel, struct server_info *out)
{
	s->job = job;
	s->cancel = cancel;
	s->out = out;
	scan_profile_init(s);
	s->prof.n_groups = scan_all_groups12(s->groups);
	s->shares[0] = 0x001d;	/* x25519, as most clients */
}

/* Sets the hello's groups and key shares for version v. */
static void
groups_for(struct scanner *s, uint16_t v)
{
	if (v == TLS_VERSION_TLS13) {
		s->prof.n_groups = SCAN_N_GROUPS13;
		memcpy(s->groups, scan_groups13_all, sizeof scan_groups13_all);
		s->prof.n_key_shares = 1;
	} else {
		s->prof.n_groups = scan_all_groups12(s->groups);
		s->prof.n_key_shares = 0;
	}
}

static void
run_chunk12(struct scanner *s, struct scan_part *p)
{
	uint16_t pool[SCAN_MAX_SUITES];
	size_t n_pool;

	groups_for(s, TLS_VERSION_TLS12);
	scan_offer_version(s, TLS_VERSION_TLS12);
	n_pool = scan_suite_pool(TLS_VERSION_TLS12, pool, SCAN_MAX_SUITES);
	p->es = xcalloc(1, sizeof *p->es);
	(void)scan_eliminate_suites(s, TLS_VERSION_TLS12, pool, n_pool, p->chunk,
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
	scan_offer_version(s, TLS_VERSION_TLS12);
	p->pref.version = TLS_VERSION_TLS12;
	scan_detect_preference(s, TLS_VERSION_TLS12, p->es, &p->pref);
	if (p->pref.server_preference && !s->stop)
		scan_reorder_by_server(s, TLS_VERSION_TLS12, p->es);
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
	uint16_t left[SCAN_N_SIGALGS];
	uint16_t found[sizeof left / sizeof left[0]], one;
	size_t n_left = 0, n_found = 0, i, rounds;
	struct hello_exchange x;
	enum answer a;
	bool visible = true, ok = true;

	for (i = 0; i < SCAN_N_SIGALGS; i++)
		if (sigalg_fits(p->version, p->key_type, scan_sigalgs[i]))
			left[n_left++] = scan_sigalgs[i];
	groups_for(s, p->version);
	scan_offer_version(s, p->version);
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
		a = scan_exchange(s, p->version, &x);
		if (a == ANS_PICK && p->version < TLS_VERSION_TLS13 &&
		    x.flight.have_ske && x.flight.ske_sigalg != 0 &&
		    scan_u16_remove(left, &n_left, x.flight.ske_sigalg))
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
		a = scan_exchange(s, p->version, &x);
		if (a == ANS_PICK)
			found[n_found++] = one;
		else if (a != ANS_REFUSED && a != ANS_VERSION_REFUSED)
			ok = false;
		hello_exchange_cleanup(&x);
	}
	s->prof.sigalgs = scan_sigalgs;
	s->prof.n_sigalgs = SCAN_N_SIGALGS;
	if (!ok || s->stop)
		return;
	if (p->version >= TLS_VERSION_TLS13) {
		scan_copy_groups(&s->out->sigalgs13, &s->out->n_sigalgs13, found,
		    n_found);
		s->out->sigalgs13_known = true;
	} else {
		scan_copy_groups(&s->out->sigalgs12, &s->out->n_sigalgs12, found,
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
			scan_u16_add(s->g12, &s->n_g12, SCAN_MAX_GROUPS,
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
			scan_u16_add(s->g13, &s->n_g13, SCAN_MAX_GROUPS,
			    p->known[i]);
		memset(&sp, 0, sizeof sp);
		sp.version = TLS_VERSION_TLS13;
		sp.suites = p->suites;
		sp.n_suites = p->n_suites;
		scan_groups13(s, &sp);
		break;
	case PART_CERT:
		scan_fetch_certificate(s);
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
	scan_keep_refusal(&p->refusal, p->refusal_detail, s->refusal,
	    s->refusal_detail);
	p->cancelled = scan_canceled(s);
	/* known[] was left out, not found here */
	for (i = 0; i < p->n_known; i++) {
		if (p->kind == PART_GROUPS12)
			(void)scan_u16_remove(s->g12, &s->n_g12, p->known[i]);
		if (p->kind == PART_GROUPS13)
			(void)scan_u16_remove(s->g13, &s->n_g13, p->known[i]);
	}
	scan_copy_groups(&p->out.groups12, &p->out.n_groups12, s->g12, s->n_g12);
	scan_copy_groups(&p->out.groups13, &p->out.n_groups13, s->g13, s->n_g13);
	free(s);
}
