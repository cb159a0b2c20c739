/*
 * whatif.c: the fix preview engine (whatif.h, issue #16).
 *
 * whatif_apply lays a spec (read by whatif_spec.c) over an enumeration:
 * what a directive does not give stays as found; whatif_predict.c then
 * decides each profile's cell on the result. Main thread; no network.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"
#include "tls_names.h"
#include "whatif.h"
#include "whatif_int.h"
#include "xmem.h"

/* --- the enumeration under the spec --------------------------------- */

bool
whatif_cert_is(const struct server_info *si, const char *type)
{
	return si->have_cert && strcmp(si->cert.key_type, type) == 0;
}

/* The suite's authentication fits the certificate found. */
static bool
auth_fits(const struct server_info *si, uint16_t code)
{
	const struct tls_suite *s = tls_suite_by_code(code);

	if (s == NULL)
		return false;
	if (!si->have_cert)
		return true;	/* unknown: keep it */
	switch (s->auth) {
	case TLS_AUTH_RSA:
		return whatif_cert_is(si, "RSA");
	case TLS_AUTH_ECDSA:
		return whatif_cert_is(si, "EC");
	case TLS_AUTH_ANY:
		return true;
	default:
		return false;
	}
}

static void
list_copy(uint16_t **dst, size_t *n, const uint16_t *src, size_t k)
{
	free(*dst);
	*dst = k > 0 ? xcalloc(k, sizeof **dst) : NULL;
	if (k > 0)
		memcpy(*dst, src, k * sizeof **dst);
	*n = k;
}

static bool
is_ec_group(uint16_t g)
{
	return g < 0x0100 || g == TLS_GROUP_X25519MLKEM768;
}

/* The signature schemes OpenSSL 3.0 signs with for the key found, when
 * the enumeration did not see the version (ssl/t1_lib.c defaults). */
static void
default_sigalgs(const struct server_info *si, uint16_t version,
    uint16_t *out, size_t *n)
{
	*n = 0;
	if (whatif_cert_is(si, "RSA")) {
		out[(*n)++] = 0x0804;
		out[(*n)++] = 0x0805;
		out[(*n)++] = 0x0806;
		if (version < TLS_VERSION_TLS13) {
			out[(*n)++] = 0x0401;
			out[(*n)++] = 0x0501;
			out[(*n)++] = 0x0601;
		}
	} else if (whatif_cert_is(si, "EC")) {
		uint16_t sized = si->cert.key_bits > 384 ? 0x0603 :
		    si->cert.key_bits > 256 ? 0x0503 : 0x0403;

		if (version < TLS_VERSION_TLS13) {
			out[(*n)++] = 0x0403;
			out[(*n)++] = 0x0503;
			out[(*n)++] = 0x0603;
		} else
			out[(*n)++] = sized;
	} else if (whatif_cert_is(si, "Ed25519"))
		out[(*n)++] = 0x0807;
}

/* Puts TLS 1.3 suites in OpenSSL's default order (AES-256-GCM,
 * ChaCha20, AES-128-GCM), any other after them as they were. */
static void
default_order13(uint16_t *v, size_t n)
{
	static const uint16_t order[] = { 0x1302, 0x1303, 0x1301 };
	uint16_t out[WHATIF_MAX_SUITES];
	size_t i, k = 0;

	for (i = 0; i < sizeof order / sizeof order[0]; i++)
		if (whatif_has(v, n, order[i]))
			out[k++] = order[i];
	for (i = 0; i < n && k < WHATIF_MAX_SUITES; i++)
		if (!whatif_has(order, sizeof order / sizeof order[0], v[i]))
			out[k++] = v[i];
	memcpy(v, out, k * sizeof v[0]);
}

/* The suites the spec's cipher list gives at version v, as OpenSSL's
 * server would use them with the certificate and parameters found. */
static size_t
spec_suites_at(const struct whatif_spec *s, const struct server_info *si,
    uint16_t v, int level, uint16_t *out)
{
	size_t i, n = 0;
	const struct tls_suite *ts;

	for (i = 0; i < s->n_ciphers; i++) {
		ts = tls_suite_by_code(s->ciphers[i]);
		if (ts == NULL || s->cipher_min[i] > v ||
		    !auth_fits(si, s->ciphers[i]))
			continue;
		/* level 3 and up: forward secrecy only (ssl/ssl_lib.c) */
		if (level >= 3 && ts->kx == TLS_KX_RSA)
			continue;
		out[n++] = s->ciphers[i];
	}
	return n;
}

/* What whatif_apply reads and writes while it lays a spec over an
 * enumeration: the inputs, the notes it leaves, and what it learnt
 * from the versions found. */
struct applying {
	const struct whatif_spec *s;
	const struct server_info *found;
	struct server_info	*out;
	char			*notes;
	size_t			 len;
	unsigned		*assumed;	/* WHATIF_ASSUMED_* */
	int			 level;		/* OpenSSL's security level */
	/* the first version found that showed whose order it picks by */
	bool			 any_pref;	/* there is one */
	bool			 pref;		/* it picks by the server's */
};

/* The lowest and highest versions found accepted (0: none), and the
 * order the first accepted version with a known preference picks by. */
static void
found_summary(struct applying *a, uint16_t *fmin, uint16_t *fmax)
{
	const struct server_protocol *fp;
	size_t i;

	*fmin = 0;
	*fmax = 0;
	for (i = 0; i < a->found->n_protocols; i++) {
		fp = &a->found->protocols[i];
		if (!fp->accepted)
			continue;
		*fmin = *fmin == 0 || fp->version < *fmin ? fp->version : *fmin;
		*fmax = fp->version > *fmax ? fp->version : *fmax;
		if (fp->preference_known && !a->any_pref) {
			a->any_pref = true;
			a->pref = fp->server_preference;
		}
	}
}

/* The versions the spec leaves on, highest first in what it edits:
 * its ssl_protocols (else those found), cut to its minimum and maximum,
 * then its additions and removals. Returns how many are in vers. */
static size_t
spec_versions(const struct whatif_spec *s, const struct server_info *found,
    uint16_t fmin, uint16_t fmax, uint16_t *vers)
{
	uint16_t v, lo, hi;
	size_t nv = 0, i;
	uint8_t bits = 0;

	if (s->has_versions) {
		memcpy(vers, s->versions, s->n_versions * sizeof vers[0]);
		nv = s->n_versions;
	} else {
		for (i = 0; i < found->n_protocols; i++)
			if (found->protocols[i].accepted)
				vers[nv++] = found->protocols[i].version;
	}
	if (s->min_version != 0 || s->max_version != 0) {
		lo = s->min_version != 0 ? s->min_version : fmin;
		hi = s->max_version != 0 ? s->max_version : fmax;
		if (s->min_version != 0 && s->max_version == 0 && hi < lo)
			hi = lo;
		nv = 0;
		for (v = TLS_VERSION_TLS13; v >= TLS_VERSION_SSL3 && lo != 0;
		    v--)
			if (v >= lo && v <= hi)
				vers[nv++] = v;
	}
	if (s->v_add != 0 || s->v_del != 0) {
		for (i = 0; i < nv; i++)
			bits |= (uint8_t)(1u << (vers[i] & 7));
		bits = (uint8_t)((bits | s->v_add) & ~s->v_del);
		nv = 0;
		for (v = TLS_VERSION_TLS13; v >= TLS_VERSION_SSL3; v--)
			if (bits & (1u << (v & 7)))
				vers[nv++] = v;
	}
	return nv;
}

/* The spec's groups: all of them at TLS 1.3, the elliptic curves
 * among them at TLS 1.2. */
static void
spec_groups(const struct whatif_spec *s, struct server_info *out)
{
	uint16_t buf[WHATIF_MAX_SUITES];
	size_t i, k = 0;

	for (i = 0; i < s->n_groups; i++)
		if (is_ec_group(s->groups[i]))
			buf[k++] = s->groups[i];
	list_copy(&out->groups12, &out->n_groups12, buf, k);
	list_copy(&out->groups13, &out->n_groups13, s->groups, s->n_groups);
}

/* The groups found, completed where the enumeration could not see them:
 * OpenSSL keeps one list for TLS 1.2 and 1.3, so either version's fills
 * in the other, and OpenSSL's default stands in when neither has any. */
static void
found_groups(struct applying *a)
{
	struct server_info *out = a->out;
	uint16_t buf[WHATIF_MAX_SUITES];
	size_t i, k;

	if (out->n_groups13 == 0 && out->n_groups12 > 0)
		/* one list in OpenSSL; X25519 and the FFDHE groups
		 * a TLS 1.2 scan cannot see may be in it too */
		list_copy(&out->groups13, &out->n_groups13,
		    out->groups12, out->n_groups12);
	if (out->n_groups12 == 0 && out->n_groups13 > 0) {
		/* no TLS 1.2 ECDHE was seen: its curves are those
		 * of TLS 1.3, or OpenSSL's when TLS 1.3 had none */
		k = 0;
		for (i = 0; i < out->n_groups13; i++)
			if (is_ec_group(out->groups13[i]))
				buf[k++] = out->groups13[i];
		/* (OpenSSL keeps one list for both: certain) */
		if (k == 0) {
			memcpy(buf, whatif_default_groups, 5 * sizeof buf[0]);
			k = 5;
			whatif_add_line(a->notes, a->len, "TLS 1.2 curves: not "
			    "seen, and TLS 1.3 had no elliptic curve; "
			    "OpenSSL's default curves are assumed");
			*a->assumed |= WHATIF_ASSUMED_GROUPS12;
		}
		list_copy(&out->groups12, &out->n_groups12, buf, k);
	}
	if (out->n_groups13 == 0) {
		list_copy(&out->groups13, &out->n_groups13,
		    whatif_default_groups, WHATIF_N_DEFAULT_GROUPS);
		list_copy(&out->groups12, &out->n_groups12,
		    whatif_default_groups, 5);
		*a->assumed |= WHATIF_ASSUMED_GROUPS12 |
		    WHATIF_ASSUMED_GROUPS13;
		whatif_add_line(a->notes, a->len, "groups: the enumeration saw "
		    "none; OpenSSL's default list is assumed (nginx's "
		    "\"ssl_ecdh_curve auto\")");
	}
}

/* False, with a note, for a version OpenSSL 3.0 would not serve: SSLv3
 * at all, TLS 1.0 and 1.1 above security level 0. */
static bool
version_servable(struct applying *a, uint16_t v)
{
	if (v == TLS_VERSION_SSL3) {
		whatif_add_line(a->notes, a->len, "SSLv3: the OpenSSL here "
		    "cannot speak it; left out");
		return false;
	}
	if (v < TLS_VERSION_TLS12 && a->level > 0) {
		whatif_add_line(a->notes, a->len, "%s: OpenSSL 3.0 refuses it "
		    "at security level %d (add @SECLEVEL=0 to the cipher "
		    "string)", tls_version_name(v), a->level);
		return false;
	}
	return true;
}

/* OpenSSL's default TLS 1.3 suites (ssl/ssl_ciphers.c
 * TLS_DEFAULT_CIPHERSUITES), as its own parser reads them. */
static size_t
default_suites13(uint16_t *buf)
{
	struct whatif_spec *d = xcalloc(1, sizeof *d);
	char why[64];
	size_t n = 0;

	if (whatif_expand(d, "TLS_AES_256_GCM_SHA384:"
	    "TLS_CHACHA20_POLY1305_SHA256:"
	    "TLS_AES_128_GCM_SHA256", true, why, sizeof why)) {
		memcpy(buf, d->suites13, d->n_suites13 * sizeof buf[0]);
		n = d->n_suites13;
	}
	free(d);
	return n;
}

/* The TLS 1.3 suites: the spec's, else those found at fp, else
 * OpenSSL's default. Returns how many are in buf. */
static size_t
suites13(struct applying *a, const struct server_protocol *fp,
    uint16_t *buf)
{
	const struct whatif_spec *s = a->s;
	size_t n;

	if (s->has_suites13) {
		memcpy(buf, s->suites13, s->n_suites13 * sizeof buf[0]);
		return s->n_suites13;
	}
	if (fp != NULL && fp->accepted) {
		memcpy(buf, fp->suites, fp->n_suites * sizeof buf[0]);
		n = fp->n_suites;
		/* a server that picks by the client's order shows none of
		 * its own: a server that sets no Ciphersuites has OpenSSL's
		 * (ssl/ssl_ciphers.c TLS_DEFAULT_CIPHERSUITES) */
		if (!(fp->preference_known && fp->server_preference)) {
			default_order13(buf, n);
			*a->assumed |= WHATIF_ASSUMED_ORDER13;
		}
		return n;
	}
	n = default_suites13(buf);
	whatif_add_line(a->notes, a->len, "TLSv1.3: not seen; OpenSSL's "
	    "default suites are assumed");
	*a->assumed |= WHATIF_ASSUMED_ORDER13;
	return n;
}

/* The TLS 1.2-or-older suites at v when the spec sets no cipher list:
 * those found at v, else at TLS 1.2, else at the first older version
 * found, less those v cannot run. Returns how many are in buf. */
static size_t
found_suites_at(struct applying *a, const struct server_protocol *fp,
    uint16_t v, uint16_t *buf)
{
	const struct server_info *found = a->found;
	const struct server_protocol *src = fp != NULL && fp->accepted ? fp :
	    server_protocol(found, TLS_VERSION_TLS12);
	size_t j, n = 0;

	if (src == NULL || !src->accepted)
		for (j = 0; j < found->n_protocols; j++)
			if (found->protocols[j].accepted &&
			    found->protocols[j].version < TLS_VERSION_TLS13) {
				src = &found->protocols[j];
				break;
			}
	for (j = 0; src != NULL && src->accepted && j < src->n_suites &&
	    n < WHATIF_MAX_SUITES; j++)
		if (whatif_suite_min_version(src->suites[j]) <= v)
			buf[n++] = src->suites[j];
	if (fp == NULL || !fp->accepted)
		whatif_add_line(a->notes, a->len, "%s: not seen; the suites of "
		    "%s are assumed", tls_version_name(v), src != NULL ?
		    tls_version_name(src->version) : "no version");
	return n;
}

/* Removes from buf the suites that cannot run at v on out: unknown
 * ones, DHE without DH parameters, ECDHE without a curve. Returns how
 * many are left. */
static size_t
drop_unrunnable(const struct server_info *out, uint16_t v, uint16_t *buf,
    size_t n)
{
	const struct tls_suite *ts;
	size_t k;
	bool drop;

	for (k = 0; k < n; ) {
		ts = tls_suite_by_code(buf[k]);
		drop = ts == NULL || (v < TLS_VERSION_TLS13 &&
		    ((ts->kx == TLS_KX_DHE && out->dh_bits == 0) ||
		    (ts->kx == TLS_KX_ECDHE && out->n_groups12 == 0)));
		if (drop) {
			memmove(buf + k, buf + k + 1,
			    (n - k - 1) * sizeof buf[0]);
			n--;
		} else
			k++;
	}
	return n;
}

/* Whose order op picks by: the spec's ssl_prefer_server_ciphers, else
 * as found at this version, else as found at any. */
static void
set_preference(const struct applying *a, struct server_protocol *op,
    const struct server_protocol *fp)
{
	if (a->s->has_preference) {
		op->server_preference = a->s->server_preference;
		op->preference_known = true;
	} else if (fp != NULL && fp->preference_known) {
		op->server_preference = fp->server_preference;
		op->preference_known = true;
	} else {
		op->server_preference = a->pref;
		op->preference_known = a->any_pref;
	}
}

/* out's protocols: one per version of vers OpenSSL would serve, with
 * the suites it would use there. */
static void
apply_protocols(struct applying *a, const uint16_t *vers, size_t nv)
{
	struct server_info *out = a->out;
	const struct server_protocol *fp;
	struct server_protocol *op;
	uint16_t buf[WHATIF_MAX_SUITES], v;
	size_t i, n;

	for (i = 0; i < out->n_protocols; i++)
		free(out->protocols[i].suites);
	memset(out->protocols, 0, sizeof out->protocols);
	out->n_protocols = 0;
	for (i = 0; i < nv; i++) {
		v = vers[i];
		if (!version_servable(a, v))
			continue;
		fp = server_protocol(a->found, v);
		if (v == TLS_VERSION_TLS13)
			n = suites13(a, fp, buf);
		else if (a->s->has_ciphers)
			n = spec_suites_at(a->s, a->found, v, a->level, buf);
		else
			n = found_suites_at(a, fp, v, buf);
		n = drop_unrunnable(out, v, buf, n);
		op = &out->protocols[out->n_protocols++];
		op->version = v;
		op->accepted = n > 0;
		list_copy(&op->suites, &op->n_suites, buf, n);
		set_preference(a, op, fp);
		if (out->n_protocols >= SERVER_MAX_PROTOCOLS)
			break;
	}
}

/* The schemes out signs with, where the enumeration did not see them:
 * OpenSSL's defaults for the key found. */
static void
fill_sigalgs(const struct server_info *found, struct server_info *out)
{
	uint16_t sg[8];
	size_t ns;

	if (!out->sigalgs12_known) {
		default_sigalgs(found, TLS_VERSION_TLS12, sg, &ns);
		list_copy(&out->sigalgs12, &out->n_sigalgs12, sg, ns);
	}
	if (!out->sigalgs13_known) {
		default_sigalgs(found, TLS_VERSION_TLS13, sg, &ns);
		list_copy(&out->sigalgs13, &out->n_sigalgs13, sg, ns);
	}
}

bool
whatif_apply(const struct whatif_spec *s, const struct server_info *found,
    struct server_info *out, char *notes, size_t len, unsigned *assumed)
{
	unsigned dummy;
	uint16_t vers[SERVER_MAX_PROTOCOLS], fmin, fmax;
	struct applying a;
	size_t nv;

	server_info_init(out);
	if (assumed == NULL)
		assumed = &dummy;
	*assumed = 0;
	if (notes != NULL && len > 0)
		notes[0] = '\0';
	if (found == NULL || !found->done ||
	    found->error_reason != REASON_NONE) {
		whatif_add_line(notes, len, "no usable enumeration of this address: "
		    "nothing is predicted");
		return false;
	}
	server_info_copy(out, found);
	a = (struct applying){ .s = s, .found = found, .out = out,
	    .notes = notes, .len = len, .assumed = assumed };
	found_summary(&a, &fmin, &fmax);
	/* the security level: the cipher string's, else what the found
	 * versions show (TLS 1.0/1.1 need level 0 on OpenSSL 3.0) */
	a.level = s->has_seclevel ? s->seclevel :
	    (fmin != 0 && fmin < TLS_VERSION_TLS12 ? 0 : 2);
	nv = spec_versions(s, found, fmin, fmax, vers);
	if (s->has_groups)
		spec_groups(s, out);
	else
		found_groups(&a);
	if (s->has_dh)
		out->dh_bits = s->dh_bits;
	apply_protocols(&a, vers, nv);
	if (s->has_dh && s->dh_bits > 0 && s->dh_bits <
	    (int)policy_level_dh_bits(a.level))
		whatif_add_line(notes, len, "ssl_dhparam %d: OpenSSL refuses a DH group "
		    "that small at security level %d", s->dh_bits, a.level);
	if (s->cert_given)
		whatif_add_line(notes, len, "certificate directives: the prediction "
		    "assumes the certificate found; another one makes every "
		    "certificate verdict uncertain");
	fill_sigalgs(found, out);
	return true;
}
