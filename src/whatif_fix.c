/*
 * whatif_fix.c: --suggest-fix (whatif_view.h, issue #16): the smallest
 * change to an address's TLS configuration that lets every selected
 * profile connect: the versions a profile lacks, then suites chosen
 * greedily to cover the most failing profiles (forward-secret and AEAD
 * first), then a group or DH parameters, each round checked with the
 * same prediction the preview shows (whatif_view_predict). Main thread.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "tls_names.h"
#include "whatif_view.h"
#include "xmem.h"

/* --- the smallest fix ----------------------------------------------- */

/* Fixable by the server's TLS parameters. */
static bool
fixable(enum fail_reason r)
{
	return r == REASON_NO_SHARED_PROTOCOL || r == REASON_NO_SHARED_CIPHER ||
	    r == REASON_NO_SHARED_GROUP || r == REASON_NO_SHARED_SIGALG ||
	    r == REASON_DH_TOO_SMALL || r == REASON_LEGACY_SIGNATURE;
}

/* How good a suite is to add: forward secrecy first, then AEAD. */
static int
suite_rank(const struct tls_suite *ts)
{
	int k = ts->kx == TLS_KX_ECDHE || ts->kx == TLS_KX_ANY ? 3 :
	    ts->kx == TLS_KX_DHE ? 2 : 1;

	return k * 2 + (ts->mac == TLS_MAC_AEAD);
}

static bool
auth_ok(const struct server_info *si, const struct tls_suite *ts)
{
	if (ts->tls13)
		return true;
	if (!si->have_cert)
		return ts->auth == TLS_AUTH_RSA;
	if (strcmp(si->cert.key_type, "RSA") == 0)
		return ts->auth == TLS_AUTH_RSA;
	if (strcmp(si->cert.key_type, "EC") == 0)
		return ts->auth == TLS_AUTH_ECDSA;
	return false;
}

/* The version the profile would use on the server with versions of s:
 * its highest in both, else 0. */
static uint16_t
common_version(const struct profile *p, const struct whatif_spec *s)
{
	size_t i;

	for (i = 0; i < s->n_versions; i++)
		if (whatif_has(p->versions, p->n_versions, s->versions[i]))
			return s->versions[i];
	return 0;
}

static void
add_version(struct whatif_spec *s, uint16_t v)
{
	size_t i;

	if (whatif_has(s->versions, s->n_versions, v) ||
	    s->n_versions >= SERVER_MAX_PROTOCOLS)
		return;
	for (i = s->n_versions; i > 0 && s->versions[i - 1] < v; i--)
		s->versions[i] = s->versions[i - 1];
	s->versions[i] = v;
	s->n_versions++;
	s->has_versions = true;
	if (v < TLS_VERSION_TLS12) {	/* OpenSSL 3.0: level 0 only */
		s->has_seclevel = true;
		s->seclevel = 0;
	}
}

/* Versions: each profile failing for want of one gets its highest that
 * OpenSSL here speaks. */
static bool
add_versions(const struct model *m, struct whatif_spec *s,
    const struct probe_result *pred, const bool *failing)
{
	size_t nc = model_cols(m), c, i;
	bool grew = false;

	for (c = 0; c < nc; c++) {
		const struct profile *p = model_col(m, c);
		uint16_t v = 0;

		if (!failing[c] || pred[c].reason != REASON_NO_SHARED_PROTOCOL ||
		    common_version(p, s) != 0)
			continue;
		for (i = 0; i < p->n_versions; i++)
			if (p->versions[i] >= TLS_VERSION_TLS10 &&
			    p->versions[i] <= TLS_VERSION_TLS13 &&
			    p->versions[i] > v)
				v = p->versions[i];
		if (v != 0) {
			add_version(s, v);
			grew = true;
		}
	}
	return grew;
}

/* A MAC that came with TLS 1.2: the suite needs TLS 1.2 or later. */
static bool
tls12_mac(const struct tls_suite *ts)
{
	return ts->mac == TLS_MAC_AEAD || ts->mac == TLS_MAC_SHA256 ||
	    ts->mac == TLS_MAC_SHA384;
}

/* A suite a fix may propose: one OpenSSL names, fitting the
 * certificate found, with a certificate-based key exchange. */
static bool
proposable(const struct server_info *si, const struct tls_suite *ts)
{
	return ts->openssl != NULL && auth_ok(si, ts) &&
	    !tls_suite_is_signal(ts->code) && ts->kx != TLS_KX_PSK &&
	    ts->kx != TLS_KX_SRP && ts->kx != TLS_KX_ANON &&
	    ts->kx != TLS_KX_NONE;
}

/* How many of the profiles in need would connect with ts: they offer
 * it, at the version they would use with s, and can run it there. */
static int
suite_covers(const struct model *m, const struct whatif_spec *s,
    const struct tls_suite *ts, const bool *need)
{
	size_t nc = model_cols(m), c;
	int covered = 0;

	for (c = 0; c < nc && c < 256; c++) {
		const struct profile *p = model_col(m, c);
		uint16_t v = common_version(p, s);

		if (!need[c] || !whatif_has(p->suites, p->n_suites,
		    ts->code) || (ts->tls13 != (v == TLS_VERSION_TLS13)))
			continue;
		/* a TLS 1.0 client with ECDHE/DHE and no
		 * legacy signatures needs RSA kx */
		if (v < TLS_VERSION_TLS12 && !p->legacy_signatures &&
		    ts->kx != TLS_KX_RSA)
			continue;
		if (tls12_mac(ts) && !ts->tls13 && v < TLS_VERSION_TLS12)
			continue;
		covered++;
	}
	return covered;
}

/* The usable suite most profiles in need offer, forward-secret and
 * AEAD ones first; NULL when none helps. */
static const struct tls_suite *
best_suite(const struct model *m, const struct server_info *si,
    const struct whatif_spec *s, const bool *need)
{
	size_t nt, i;
	const struct tls_suite *all = tls_suites(&nt), *best = NULL;
	int covered, score, best_score = 0;

	for (i = 0; i < nt; i++) {
		if (!proposable(si, &all[i]))
			continue;
		covered = suite_covers(m, s, &all[i], need);
		if (covered == 0)
			continue;
		score = covered * 100 + suite_rank(&all[i]);
		if (score > best_score && whatif_suite_usable(all[i].code)) {
			best = &all[i];
			best_score = score;
		}
	}
	return best;
}

/* Puts a TLS 1.2-or-older suite into s's cipher list: a forward-secret
 * one before the first without, so the clients that have it get it
 * under the server's order too; DHE brings a 2048-bit DH group. */
static void
add_cipher(struct whatif_spec *s, const struct tls_suite *ts)
{
	const struct tls_suite *o;
	size_t at = s->n_ciphers, j;

	if (whatif_has(s->ciphers, s->n_ciphers, ts->code) ||
	    s->n_ciphers >= WHATIF_MAX_SUITES)
		return;
	if (ts->kx == TLS_KX_ECDHE || ts->kx == TLS_KX_DHE)
		for (j = 0; j < s->n_ciphers; j++) {
			o = tls_suite_by_code(s->ciphers[j]);
			if (o != NULL && o->kx == TLS_KX_RSA) {
				at = j;
				break;
			}
		}
	memmove(s->ciphers + at + 1, s->ciphers + at,
	    (s->n_ciphers - at) * sizeof s->ciphers[0]);
	memmove(s->cipher_min + at + 1, s->cipher_min + at,
	    (s->n_ciphers - at) * sizeof s->cipher_min[0]);
	s->cipher_min[at] = tls12_mac(ts) ? TLS_VERSION_TLS12 :
	    TLS_VERSION_SSL3;
	s->ciphers[at] = ts->code;
	s->n_ciphers++;
	s->has_ciphers = true;
	if (ts->kx == TLS_KX_DHE && !s->has_dh) {
		s->has_dh = true;
		s->dh_bits = 2048;
	}
}

/* Suites, greedily: up to eight rounds of the best suite for the
 * profiles that lack one, until none is left in need. */
static bool
add_suites(const struct model *m, const struct server_info *si,
    struct whatif_spec *s, const struct probe_result *pred,
    const bool *failing)
{
	size_t nc = model_cols(m), c, k;
	const struct tls_suite *best;
	bool grew = false, need[256];

	for (c = 0; c < nc && c < 256; c++)
		need[c] = failing[c] && (pred[c].reason ==
		    REASON_NO_SHARED_CIPHER || pred[c].reason ==
		    REASON_NO_SHARED_SIGALG || pred[c].reason ==
		    REASON_LEGACY_SIGNATURE);
	for (k = 0; k < 8; k++) {
		best = best_suite(m, si, s, need);
		if (best == NULL)
			break;
		if (best->tls13) {
			if (!whatif_has(s->suites13, s->n_suites13, best->code) &&
			    s->n_suites13 < WHATIF_MAX_SUITES)
				s->suites13[s->n_suites13++] = best->code;
			s->has_suites13 = true;
		} else
			add_cipher(s, best);
		grew = true;
		for (c = 0; c < nc && c < 256; c++)
			if (need[c] && whatif_has(model_col(m, c)->suites,
			    model_col(m, c)->n_suites, best->code))
				need[c] = false;
	}
	return grew;
}

/* Groups: each profile failing for want of one gets its first that
 * OpenSSL here has, after OpenSSL's default curves when the spec had
 * none and none were seen. */
static bool
add_groups(const struct model *m, const struct server_info *si,
    struct whatif_spec *s, const struct probe_result *pred,
    const bool *failing)
{
	/* OpenSSL's default curves, assumed where none were seen */
	static const uint16_t def[] = { 0x001d, 0x0017, 0x001e, 0x0019,
	    0x0018 };
	size_t nc = model_cols(m), c, i;
	bool grew = false;

	for (c = 0; c < nc; c++) {
		const struct profile *p = model_col(m, c);

		if (!failing[c] || pred[c].reason != REASON_NO_SHARED_GROUP)
			continue;
		if (!s->has_groups && si->n_groups13 + si->n_groups12 == 0) {
			memcpy(s->groups, def, sizeof def);
			s->n_groups = sizeof def / sizeof def[0];
		}
		for (i = 0; i < p->n_groups; i++) {
			if (whatif_has(s->groups, s->n_groups, p->groups[i]))
				break;
			if (!tls_is_grease(p->groups[i]) &&
			    whatif_group_usable(p->groups[i]) &&
			    s->n_groups < WHATIF_MAX_GROUPS) {
				s->groups[s->n_groups++] = p->groups[i];
				s->has_groups = true;
				grew = true;
				break;
			}
		}
	}
	return grew;
}

/* DH: a 2048-bit group, which every profile's level takes, when one
 * failed on a smaller one. */
static bool
add_dh(const struct model *m, struct whatif_spec *s,
    const struct probe_result *pred, const bool *failing)
{
	size_t nc = model_cols(m), c;
	bool grew = false;

	for (c = 0; c < nc; c++)
		if (failing[c] && pred[c].reason == REASON_DH_TOO_SMALL &&
		    s->dh_bits < 2048) {
			s->has_dh = true;
			s->dh_bits = 2048;
			grew = true;
		}
	return grew;
}

/* One round: what the failing profiles need, added to s. Versions
 * first, alone: the others depend on the version each profile gets. */
static bool
fix_round(const struct model *m, size_t r, struct whatif_spec *s,
    const struct probe_result *pred, const bool *failing)
{
	const struct server_info *si = model_row(m, r)->server;
	bool grew;

	if (add_versions(m, s, pred, failing))
		return true;
	grew = add_suites(m, si, s, pred, failing);
	if (add_groups(m, si, s, pred, failing))
		grew = true;
	if (add_dh(m, s, pred, failing))
		grew = true;
	return grew;
}

/* Which parts of s differ from the found spec f: the others are
 * cleared, so only the changed directives are written. */
static void
only_changes(struct whatif_spec *s, const struct whatif_spec *f)
{
	if (s->n_versions == f->n_versions && memcmp(s->versions,
	    f->versions, s->n_versions * sizeof s->versions[0]) == 0)
		s->has_versions = false;
	if (s->n_ciphers == f->n_ciphers && memcmp(s->ciphers, f->ciphers,
	    s->n_ciphers * sizeof s->ciphers[0]) == 0 &&
	    s->seclevel == f->seclevel)
		s->has_ciphers = false;
	if (s->n_suites13 == f->n_suites13 && memcmp(s->suites13,
	    f->suites13, s->n_suites13 * sizeof s->suites13[0]) == 0)
		s->has_suites13 = false;
	if (s->n_groups == f->n_groups && memcmp(s->groups, f->groups,
	    s->n_groups * sizeof s->groups[0]) == 0)
		s->has_groups = false;
	if (s->dh_bits == f->dh_bits)
		s->has_dh = false;
	s->has_preference = false;
}

bool
whatif_view_suggest(const struct model *m, size_t r, struct whatif_spec *out,
    char **lines)
{
	const struct model_row *rw = model_row(m, r);
	size_t nc = model_cols(m), c, round;
	struct whatif_spec *found = xcalloc(1, sizeof *found), *shown;
	struct probe_result *pred = xcalloc(nc + 1, sizeof *pred);
	const struct profile **profs = xcalloc(nc + 1, sizeof *profs);
	const struct probe_result **res = xcalloc(nc + 1, sizeof *res);
	bool *failing = xcalloc(nc + 1, sizeof *failing), any, ok = false;
	struct server_info si;
	struct whatif_row wr;
	char unc[WHATIF_TEXT_MAX], buf[3][4096];

	*lines = NULL;
	if (rw->server == NULL || !rw->server->done ||
	    rw->server->error_reason != REASON_NONE) {
		*lines = xstrdup("no usable enumeration of this address: no "
		    "fix can be computed\n");
		goto out;
	}
	whatif_spec_from(rw->server, found);
	*out = *found;
	for (c = 0; c < nc; c++) {
		const struct model_cell *cell = model_cell(m, r, c);

		profs[c] = model_col(m, c);
		res[c] = cell->state == CELL_DONE ? cell->result : NULL;
	}
	wr.profiles = profs;
	wr.results = res;
	wr.n = nc;
	for (round = 0; round < 6; round++) {
		if (!whatif_apply(out, rw->server, &si, NULL, 0,
		    &wr.assumed)) {
			server_info_cleanup(&si);
			break;
		}
		any = false;
		for (c = 0; c < nc; c++) {
			whatif_predict(&si, &wr, c, &pred[c], unc, sizeof unc);
			failing[c] = pred[c].outcome != PROBE_OK &&
			    fixable(pred[c].reason);
			any |= failing[c];
		}
		server_info_cleanup(&si);
		if (!any) {
			ok = true;
			break;
		}
		if (!fix_round(m, r, out, pred, failing))
			break;
	}
	shown = xmalloc(sizeof *shown);
	*shown = *out;
	only_changes(shown, found);
	if (!shown->has_versions && !shown->has_ciphers &&
	    !shown->has_suites13 && !shown->has_groups && !shown->has_dh) {
		*lines = xstrdup(ok ? "nothing to change: every profile "
		    "connects as far as the TLS parameters go\n" : "no change "
		    "of versions, suites or groups lets every profile "
		    "connect\n");
		free(shown);
		ok = false;
		goto out;
	}
	whatif_spec_lines(shown, WHATIF_NGINX, buf[0], sizeof buf[0]);
	whatif_spec_lines(shown, WHATIF_APACHE, buf[1], sizeof buf[1]);
	whatif_spec_lines(shown, WHATIF_HAPROXY, buf[2], sizeof buf[2]);
	*lines = xasprintf("%s# nginx\n%s# Apache\n%s# HAProxy (bind line "
	    "options)\n%s", ok ? "" : "# only a partial fix: some profiles "
	    "still fail\n", buf[0], buf[1], buf[2]);
	free(shown);
	ok = true;
out:
	free(found);
	free(pred);
	free(profs);
	free(res);
	free(failing);
	return ok;
}
