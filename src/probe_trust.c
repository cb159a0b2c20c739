/*
 * probe_trust.c: the certificate decision, as each client makes it (issue
 * #14), for both probe backends.
 *
 * probe_raw.c hands over the chain it parsed (or fetched, for TLS 1.3),
 * probe_ossl.c the chain its handshake received; both get the same
 * verdict from the profile's policy: the size of the Certificate message,
 * the order of the chain, its store (probe_env_store_for), chain building
 * with X509_verify_cert (trusted-first or not, missing intermediates
 * fetched from AIA through probe_aia.c), EKU, and the name rules (CN
 * fallback, wildcards, IP literals) expressed as X509_check_host flags
 * and decided by OpenSSL's own parsers. The verdict names the rule: which
 * store lacked which root, which intermediate was missing and who would
 * have fetched it, which rule refused which name. Called on worker
 * threads; the env is only read (its AIA cache locks itself).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include "cert.h"
#include "policy.h"
#include "probe_int.h"
#include "profile.h"
#include "result.h"
#include "trust.h"
#include "xmem.h"

#define MAX_FETCH_ROUNDS	2	/* AIA hops: intermediate, its issuer */
#define URL_SHOWN		120

/* --- what the verification saw ------------------------------------------ */

struct chain_check {
	bool			 sha1_ok;	/* the profile takes SHA-1 certs */
	long			 err;		/* first error, X509_V_OK if none */
	int			 depth;
	long			 host_err;	/* first name mismatch */
	bool			 have_err_cert;
	struct cert_summary	 err_cert;
	X509			*err_x509;	/* up-ref'd */
};

/* Records the first error and the first name error; goes on, so the
 * verdict is made with everything in hand, as libssl's callback would. */
static int
check_cb(int preverify_ok, X509_STORE_CTX *xs)
{
	struct chain_check *cc = X509_STORE_CTX_get_app_data(xs);
	unsigned char *der = NULL;
	X509 *cur;
	int e, len;

	if (preverify_ok || cc == NULL)
		return 1;
	e = X509_STORE_CTX_get_error(xs);
	if ((e == X509_V_ERR_HOSTNAME_MISMATCH ||
	    e == X509_V_ERR_IP_ADDRESS_MISMATCH) && cc->host_err == X509_V_OK)
		cc->host_err = e;
	/* A client that takes SHA-1-signed certificates (Java under a
	 * private CA) is not bound by the level's digest rule. */
	if (e == X509_V_ERR_CA_MD_TOO_WEAK && cc->sha1_ok &&
	    probe_sha1_signed(X509_STORE_CTX_get_current_cert(xs)))
		return 1;
	if (cc->err != X509_V_OK)
		return 1;
	cc->err = e;
	cc->depth = X509_STORE_CTX_get_error_depth(xs);
	cur = X509_STORE_CTX_get_current_cert(xs);
	if (cur != NULL && (len = i2d_X509(cur, &der)) > 0)
		cc->have_err_cert = cert_summary_from_der(der, (size_t)len,
		    &cc->err_cert) == ST_OK;
	if (cur != NULL && X509_up_ref(cur) == 1)
		cc->err_x509 = cur;
	OPENSSL_free(der);
	return 1;
}

static void
check_reset(struct chain_check *cc, const struct profile *p)
{
	X509_free(cc->err_x509);
	memset(cc, 0, sizeof *cc);
	cc->err = cc->host_err = X509_V_OK;
	cc->sha1_ok = p->sha1_certificates;
}

/* --- names ----------------------------------------------------------------- */

struct names {
	bool	has_dns, has_ip;
	char	cn[128];
};

static void
leaf_names(X509 *leaf, struct names *nm)
{
	GENERAL_NAMES *gens = X509_get_ext_d2i(leaf, NID_subject_alt_name,
	    NULL, NULL);
	X509_NAME *subj = X509_get_subject_name(leaf);
	int i;

	memset(nm, 0, sizeof *nm);
	for (i = 0; gens != NULL && i < sk_GENERAL_NAME_num(gens); i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(gens, i);

		if (g->type == GEN_DNS)
			nm->has_dns = true;
		else if (g->type == GEN_IPADD)
			nm->has_ip = true;
	}
	GENERAL_NAMES_free(gens);
	if (subj != NULL && X509_NAME_get_text_by_NID(subj, NID_commonName,
	    nm->cn, sizeof nm->cn) < 0)
		nm->cn[0] = '\0';
}

/* True when the profile reads the CN of a certificate with these SANs. */
static bool
reads_cn(const struct profile *p, const struct names *nm)
{
	switch (p->cn_fallback) {
	case CN_NO_DNS_SAN:
		return !nm->has_dns;
	case CN_NO_SAN:
		return !nm->has_dns && !nm->has_ip;
	case CN_ALWAYS:
		return true;
	case CN_NEVER:
		break;
	}
	return false;
}

/* The X509_check_host flags of the profile's rules for this leaf. */
static unsigned
host_flags(const struct profile *p, const struct names *nm)
{
	unsigned f = 0;

	if (p->wildcards == WILDCARD_LABEL)
		f |= X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS;
	else if (p->wildcards == WILDCARD_NONE)
		f |= X509_CHECK_FLAG_NO_WILDCARDS;
	/* OpenSSL reads the CN exactly when no DNS SAN is there; a client
	 * that reads it beside the SANs asks for it always. */
	if (!reads_cn(p, nm))
		f |= X509_CHECK_FLAG_NEVER_CHECK_SUBJECT;
	else if (p->cn_fallback == CN_ALWAYS)
		f |= X509_CHECK_FLAG_ALWAYS_CHECK_SUBJECT;
	return f;
}

/* The name the client checks: the host without a trailing dot, or the
 * address when it was given none. */
static void
target_name(const struct probe_job *job, char *name, size_t len, bool *ip)
{
	size_t nl;

	name[0] = '\0';
	if (job->host != NULL)
		snprintf(name, len, "%s", job->host);
	nl = strlen(name);
	if (nl > 0 && name[nl - 1] == '.')
		name[--nl] = '\0';
	if (nl == 0)
		netaddr_format(&job->addr, name, len);
	*ip = netaddr_is_literal(name);
}

/* Sets the name to check on vp; false when none needs checking (an IP
 * literal the profile matches against the CN itself). */
static bool
set_host(X509_VERIFY_PARAM *vp, const struct profile *p, X509 *leaf,
    const char *name, bool ip)
{
	struct names nm;

	leaf_names(leaf, &nm);
	if (ip) {
		/* Python's match_hostname: an IP literal may match the CN
		 * of a certificate it reads the CN of. */
		if (p->ip_cn && X509_check_ip_asc(leaf, name, 0) != 1 &&
		    reads_cn(p, &nm) && strcmp(nm.cn, name) == 0)
			return false;
		X509_VERIFY_PARAM_set1_ip_asc(vp, name);
		return true;
	}
	X509_VERIFY_PARAM_set_hostflags(vp, host_flags(p, &nm));
	X509_VERIFY_PARAM_set1_host(vp, name, strlen(name));
	return true;
}

/* Why name was refused, in the words of the profile's rules. */
static void
name_detail(struct probe_result *r, const struct profile *p, X509 *leaf,
    const char *name, bool ip)
{
	const char *san = r->have_cert && r->cert.san[0] ? r->cert.san : "none";
	struct names nm;
	unsigned f;

	leaf_names(leaf, &nm);
	if (ip) {
		if (strcmp(nm.cn, name) == 0 && !p->ip_cn)
			probe_set_fail(r, REASON_CERT_HOSTNAME, "certificate does "
			    "not match %s: no IP SAN for it, and this client "
			    "does not read the CN for an IP (ip_names san; SAN "
			    "%.80s)", name, san);
		else
			probe_set_fail(r, REASON_CERT_HOSTNAME, "certificate does "
			    "not match %s: no IP SAN for it (SAN %.120s)", name,
			    san);
		return;
	}
	/* Would the name match with a rule the client does not apply? */
	f = host_flags(p, &nm) & X509_CHECK_FLAG_NEVER_CHECK_SUBJECT;
	if (p->wildcards != WILDCARD_PARTIAL &&
	    X509_check_host(leaf, name, strlen(name), f, NULL) == 1) {
		probe_set_fail(r, REASON_CERT_HOSTNAME, "certificate does not "
		    "match %s: only a %s wildcard names it, which this client "
		    "refuses (wildcards %s; SAN %.80s)", name,
		    p->wildcards == WILDCARD_NONE ? "" : "partial",
		    profile_wildcard_name(p->wildcards), san);
		return;
	}
	if (!reads_cn(p, &nm) && X509_check_host(leaf, name, strlen(name),
	    X509_CHECK_FLAG_ALWAYS_CHECK_SUBJECT |
	    X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS, NULL) == 1) {
		probe_set_fail(r, REASON_CERT_HOSTNAME, "certificate does not "
		    "match %s: only its CN names it, which this client %s "
		    "(cn_fallback %s; SAN %.80s)", name,
		    p->cn_fallback == CN_NEVER ? "never reads" :
		    p->cn_fallback == CN_NO_SAN ? "reads only without any SAN" :
		    "reads only without a DNS SAN",
		    profile_cn_fallback_name(p->cn_fallback), san);
		return;
	}
	{
		/* "*.example.com" against "a.b.example.com": one label. */
		const char *dot = strchr(name, '.');
		char star[NETADDR_HOST_MAX + 4];

		if (dot != NULL && strchr(dot + 1, '.') != NULL) {
			const char *rest = strchr(dot + 1, '.');

			snprintf(star, sizeof star, "*%s", rest);
			if (strstr(san, star) != NULL) {
				probe_set_fail(r, REASON_CERT_HOSTNAME,
				    "certificate does not match %s: the "
				    "wildcard %.60s covers one label only "
				    "(SAN %.80s)", name, star, san);
				return;
			}
		}
	}
	probe_set_fail(r, REASON_CERT_HOSTNAME, "certificate does not match %s "
	    "(SAN %.160s)", name, san);
}

/* --- the chain ------------------------------------------------------------- */

static X509 *
decode(const unsigned char *der, size_t len)
{
	const unsigned char *q = der;

	return d2i_X509(NULL, &q, (long)len);
}

/* The first caIssuers URL of x (an http:// one if there is one), or "". */
static void
aia_url(X509 *x, char *out, size_t len)
{
	AUTHORITY_INFO_ACCESS *aia = X509_get_ext_d2i(x, NID_info_access, NULL,
	    NULL);
	const ACCESS_DESCRIPTION *ad;
	const ASN1_IA5STRING *u;
	int i, k;
	bool ok;

	out[0] = '\0';
	for (i = 0; aia != NULL && i < sk_ACCESS_DESCRIPTION_num(aia); i++) {
		ad = sk_ACCESS_DESCRIPTION_value(aia, i);
		if (OBJ_obj2nid(ad->method) != NID_ad_ca_issuers ||
		    ad->location->type != GEN_URI)
			continue;
		u = ad->location->d.uniformResourceIdentifier;
		ok = u->length > 0 && (size_t)u->length < len;
		for (k = 0; ok && k < u->length; k++)
			ok = u->data[k] > 0x20 && u->data[k] < 0x7f;
		if (!ok)
			continue;
		if (out[0] != '\0' && strncmp(out, "http://", 7) == 0)
			break;
		memcpy(out, u->data, (size_t)u->length);
		out[u->length] = '\0';
	}
	AUTHORITY_INFO_ACCESS_free(aia);
}

/* "CN=x,O=y" of a certificate, in the result's form. */
static void
subject_of(X509 *x, char *out, size_t len, char *fp, size_t fplen)
{
	struct cert_summary cs;
	unsigned char *der = NULL;
	int dl = i2d_X509(x, &der);

	out[0] = '\0';
	if (fp != NULL)
		fp[0] = '\0';
	if (dl > 0 && cert_summary_from_der(der, (size_t)dl, &cs) == ST_OK) {
		size_t sl = strlen(cs.subject);

		if (sl < len)
			memcpy(out, cs.subject, sl + 1);
		else if (len > 4) {
			memcpy(out, cs.subject, len - 4);
			memcpy(out + len - 4, "...", 4);
		}
		if (fp != NULL)
			snprintf(fp, fplen, "%.16s", cs.sha256);
	}
	OPENSSL_free(der);
}

static bool
in_stack(STACK_OF(X509) *sk, X509 *x)
{
	int i;

	for (i = 0; sk != NULL && i < sk_X509_num(sk); i++)
		if (X509_cmp(sk_X509_value(sk, i), x) == 0)
			return true;
	return false;
}

/* The chain as built (leaf first) into r, and whether it is anchored. */
static void
keep_chain(struct probe_result *r, X509_STORE_CTX *xs,
    STACK_OF(X509) *fetched, X509 **top)
{
	STACK_OF(X509) *ch = X509_STORE_CTX_get0_chain(xs);
	int i, n = ch != NULL ? sk_X509_num(ch) : 0;
	int untrusted = X509_STORE_CTX_get_num_untrusted(xs);
	struct result_link *l;
	X509 *x;

	r->n_chain = 0;
	r->chain_anchored = n > 0 && untrusted < n;
	*top = n > 0 ? sk_X509_value(ch, n - 1) : NULL;
	for (i = 0; i < n && r->n_chain < RESULT_CHAIN_MAX; i++) {
		x = sk_X509_value(ch, i);
		l = &r->chain[r->n_chain++];
		subject_of(x, l->subject, sizeof l->subject, l->sha256,
		    sizeof l->sha256);
		snprintf(l->from, sizeof l->from, "%s", i >= untrusted ?
		    "store" : in_stack(fetched, x) ? "fetched" : "sent");
	}
}

/*
 * One X509_verify_cert of leaf + untrusted against store with the
 * profile's parameters. Fills cc and r's chain; *top is the last
 * certificate of the chain built (owned by xs: valid until it is freed).
 */
static X509_STORE_CTX *
verify_once(const struct probe_job *job, X509_STORE *store, X509 *leaf,
    STACK_OF(X509) *untrusted, STACK_OF(X509) *fetched,
    struct chain_check *cc, struct probe_result *r, X509 **top)
{
	const struct profile *p = job->profile;
	X509_STORE_CTX *xs = X509_STORE_CTX_new();
	X509_VERIFY_PARAM *vp;
	char name[NETADDR_HOST_MAX + 2];
	bool ip;

	*top = NULL;
	check_reset(cc, p);
	if (xs == NULL || X509_STORE_CTX_init(xs, store, leaf, untrusted)
	    != 1) {
		X509_STORE_CTX_free(xs);
		return NULL;
	}
	X509_STORE_CTX_set_default(xs, "ssl_server");
	vp = X509_STORE_CTX_get0_param(xs);
	X509_VERIFY_PARAM_set_auth_level(vp, p->security_level);
	/* Python 3.13's VERIFY_X509_STRICT (RFC 5280 rules such as keyUsage
	 * on a CA). */
	if (p->strict_x509)
		X509_VERIFY_PARAM_set_flags(vp, X509_V_FLAG_X509_STRICT);
	/* OpenSSL before 1.1.0 built from what the server sent first. */
	if (!p->trusted_first)
		X509_VERIFY_PARAM_clear_flags(vp, X509_V_FLAG_TRUSTED_FIRST);
	/* GnuTLS (wget) does not look at the EKU. */
	if (!p->eku_server_auth)
		X509_VERIFY_PARAM_set_purpose(vp, X509_PURPOSE_ANY);
	if (p->check_hostname) {
		target_name(job, name, sizeof name, &ip);
		(void)set_host(vp, p, leaf, name, ip);
	}
	X509_STORE_CTX_set_verify_cb(xs, check_cb);
	X509_STORE_CTX_set_app_data(xs, cc);
	if (X509_verify_cert(xs) != 1 && cc->err == X509_V_OK)
		cc->err = X509_STORE_CTX_get_error(xs);
	keep_chain(r, xs, fetched, top);
	return xs;
}

static bool
issuer_missing(long e)
{
	return e == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT ||
	    e == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY ||
	    e == X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE;
}

/* The sent chain out of order: certificate i does not certify i - 1. */
static size_t
unsorted_at(X509 *leaf, STACK_OF(X509) *rest)
{
	X509 *prev = leaf;
	int i;

	for (i = 0; i < sk_X509_num(rest); i++) {
		if (X509_check_issued(sk_X509_value(rest, i), prev) !=
		    X509_V_OK)
			return (size_t)i + 1;
		prev = sk_X509_value(rest, i);
	}
	return 0;
}

/* The EKU purposes of x as short names, "clientAuth, emailProtection". */
static void
eku_names(X509 *x, char *out, size_t len)
{
	EXTENDED_KEY_USAGE *eku = x != NULL ? X509_get_ext_d2i(x,
	    NID_ext_key_usage, NULL, NULL) : NULL;
	char one[64];
	size_t used = 0;
	int i;

	snprintf(out, len, "none");
	for (i = 0; eku != NULL && i < sk_ASN1_OBJECT_num(eku); i++) {
		/* the short names: "serverAuth", "clientAuth", or the OID */
		OBJ_obj2txt(one, sizeof one, sk_ASN1_OBJECT_value(eku, i), 1);
		if (OBJ_obj2nid(sk_ASN1_OBJECT_value(eku, i)) != NID_undef)
			snprintf(one, sizeof one, "%s", OBJ_nid2sn(OBJ_obj2nid(
			    sk_ASN1_OBJECT_value(eku, i))));
		if (used + strlen(one) + 3 >= len)
			break;
		used += (size_t)snprintf(out + used, len - used, "%s%s",
		    used > 0 ? ", " : "", one);
	}
	EXTENDED_KEY_USAGE_free(eku);
}

/* The failure of an untrusted chain, named: which store lacked which
 * root, or which intermediate was missing and who fetches it. */
static void
untrusted_detail(struct probe_result *r, const struct probe_job *job,
    X509 *top, long e, const char *store, const char *fetch_note)
{
	char subj[RESULT_LINK_MAX], url[URL_SHOWN + 8];
	const char *fetchers = job->env->fetchers;

	if (top == NULL) {
		probe_cert_fail(r, NULL, 0, job, e);
		return;
	}
	if (!issuer_missing(e) || X509_check_issued(top, top) == X509_V_OK) {
		struct cert_summary cs;
		unsigned char *der = NULL;
		int dl = i2d_X509(top, &der);

		if (dl <= 0 || cert_summary_from_der(der, (size_t)dl, &cs) !=
		    ST_OK)
			snprintf(cs.issuer, sizeof cs.issuer, "?");
		OPENSSL_free(der);
		probe_set_fail(r, REASON_CERT_UNTRUSTED, "certificate not "
		    "trusted: %s not in store %s (issuer %.120s)",
		    e == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT ?
		    "self-signed certificate" : "its root (self-signed) is",
		    store, cs.issuer);
		return;
	}
	X509_NAME_oneline(X509_get_issuer_name(top), subj, sizeof subj);
	aia_url(top, url, sizeof url);
	if (fetch_note != NULL && fetch_note[0] != '\0')
		probe_set_fail(r, REASON_CERT_UNTRUSTED, "intermediate %.70s "
		    "missing (not sent): %s", subj, fetch_note);
	else if (url[0] != '\0')
		probe_set_fail(r, REASON_CERT_UNTRUSTED, "intermediate %.70s "
		    "missing (not sent; AIA %.60s fetched by: %.60s)", subj,
		    url, fetchers[0] ? fetchers : "no profile here");
	else
		probe_set_fail(r, REASON_CERT_UNTRUSTED, "certificate not "
		    "trusted: no issuer %.80s in store %s (nor sent)", subj,
		    store);
}

/* Fetches the issuer of top from its AIA URL into untrusted/fetched;
 * note says what happened. False when nothing was added. */
static bool
fetch_issuer(const struct probe_job *job, X509 *top,
    STACK_OF(X509) *untrusted, STACK_OF(X509) *fetched,
    const atomic_bool *cancel, char *note, size_t notelen)
{
	unsigned char *der[AIA_MAX_CERTS];
	size_t len[AIA_MAX_CERTS], n, i;
	char url[512];
	X509 *x;
	bool added = false;

	aia_url(top, url, sizeof url);
	if (url[0] == '\0')
		return false;
	if (job->env->no_fetch) {
		snprintf(note, notelen, "would fetch %.*s (--no-fetch)",
		    URL_SHOWN, url);
		return false;
	}
	n = probe_aia_fetch(job->env, url, cancel, job->timeout_ms, der, len,
	    AIA_MAX_CERTS, note, notelen);
	for (i = 0; i < n; i++) {
		x = decode(der[i], len[i]);
		free(der[i]);
		if (x == NULL || in_stack(untrusted, x)) {
			X509_free(x);
			continue;
		}
		if (X509_up_ref(x) == 1 && sk_X509_push(fetched, x) <= 0)
			X509_free(x);
		if (sk_X509_push(untrusted, x) <= 0)
			X509_free(x);
		added = true;
	}
	return added;
}

static void
keep_sent(struct probe_result *r, unsigned char *const *der, const size_t *len,
    size_t n)
{
	X509 *x;
	size_t i;

	r->n_sent = 0;
	for (i = 0; i < n && r->n_sent < RESULT_CHAIN_MAX; i++) {
		x = decode(der[i], len[i]);
		if (x == NULL)
			snprintf(r->sent[r->n_sent], RESULT_LINK_MAX,
			    "(does not decode)");
		else
			subject_of(x, r->sent[r->n_sent], RESULT_LINK_MAX,
			    NULL, 0);
		X509_free(x);
		r->n_sent++;
	}
}

/* verify_once, and again after each missing intermediate fetched as the
 * client fetches them (AIA, at most MAX_FETCH_ROUNDS hops). */
static X509_STORE_CTX *
verify_fetching(const struct probe_job *job, const struct trust_store *ts,
    X509 *leaf, STACK_OF(X509) *rest, STACK_OF(X509) *fetched,
    struct chain_check *cc, struct probe_result *r, X509 **top,
    const atomic_bool *cancel, char *note, size_t notelen)
{
	const struct profile *p = job->profile;
	X509_STORE_CTX *xs;
	int round;

	xs = verify_once(job, trust_store_x509(ts), leaf, rest, fetched, cc,
	    r, top);
	for (round = 0; xs != NULL && p->verify_peer && p->aia_fetch &&
	    round < MAX_FETCH_ROUNDS && issuer_missing(cc->err) &&
	    *top != NULL; round++) {
		if (!fetch_issuer(job, *top, rest, fetched, cancel, note,
		    notelen))
			break;
		X509_STORE_CTX_free(xs);
		xs = verify_once(job, trust_store_x509(ts), leaf, rest, fetched,
		    cc, r, top);
	}
	return xs;
}

/* The verdict on a chain X509_verify_cert refused, in the words of the
 * rule that decided. */
static void
verify_failed(struct probe_result *r, const struct probe_job *job,
    const struct chain_check *cc, X509 *top, X509 *leaf, const char *label,
    const char *note)
{
	const struct profile *p = job->profile;
	char name[NETADDR_HOST_MAX + 2];
	bool ip;

	switch (probe_verify_reason(cc->err)) {
	case REASON_CERT_UNTRUSTED:
		untrusted_detail(r, job, top, cc->err, label, note);
		break;
	case REASON_CERT_HOSTNAME:
		target_name(job, name, sizeof name, &ip);
		name_detail(r, p, leaf, name, ip);
		break;
	case REASON_CERT_EKU: {
		char ekus[96];

		eku_names(cc->err_x509, ekus, sizeof ekus);
		probe_set_fail(r, REASON_CERT_EKU, "certificate at depth "
		    "%d is not for server authentication (extended key "
		    "usage: %s)", cc->depth, ekus);
		break;
	}
	default:
		probe_cert_fail(r, cc->have_err_cert ? &cc->err_cert :
		    NULL, cc->depth, job, cc->err);
		break;
	}
}

static bool
judge_certificate(struct probe_result *r, const struct probe_job *job,
    unsigned char *const *der, const size_t *len, size_t n, size_t n_sent,
    size_t msg_len, const atomic_bool *cancel)
{
	const struct profile *p = job->profile;
	const struct trust_store *ts;
	const char *label, *missing;
	STACK_OF(X509) *rest = NULL, *fetched = NULL;
	X509_STORE_CTX *xs = NULL;
	struct chain_check cc;
	X509 *leaf = NULL, *x, *top = NULL;
	char note[RESULT_TEXT_MAX] = "", name[NETADDR_HOST_MAX + 2];
	size_t i, at;
	bool ok = false, ip;

	memset(&cc, 0, sizeof cc);
	ts = probe_env_store_for(job->env, p, &label, &missing);
	snprintf(r->trust_store, sizeof r->trust_store, "%s", label);
	if (n == 0) {
		if (!p->verify_peer)
			return true;
		probe_set_fail(r, REASON_CERT_INVALID, "the server sent no "
		    "certificate");
		return false;
	}
	r->have_cert = cert_summary_from_der(der[0], len[0], &r->cert) ==
	    ST_OK;
	keep_sent(r, der, len, n);
	/* Java: jdk.tls.maxHandshakeMessageSize, checked as it reads. */
	if (p->max_cert_message > 0 && msg_len > p->max_cert_message) {
		probe_set_fail(r, REASON_MESSAGE_TOO_LARGE, "Certificate message "
		    "of %zu bytes (%zu certificates) is over this client's limit "
		    "of %u bytes", msg_len, n_sent, p->max_cert_message);
		return false;
	}
	leaf = decode(der[0], len[0]);
	if (leaf == NULL) {
		if (!p->verify_peer)
			return true;
		probe_set_fail(r, REASON_CERT_INVALID, "the server's "
		    "certificate does not decode");
		return false;
	}
	rest = sk_X509_new_null();
	fetched = sk_X509_new_null();
	for (i = 1; rest != NULL && i < n; i++) {
		x = decode(der[i], len[i]);
		if (x != NULL && sk_X509_push(rest, x) <= 0)
			X509_free(x);
	}
	if (ts == NULL) {
		/* Its store is not installed: nothing to verify against. */
		if (p->verify_peer)
			probe_set_fail(r, REASON_LOCAL, "%s", missing != NULL ?
			    missing : "no trust store");
		ok = !p->verify_peer;
		goto out;
	}
	if (p->verify_peer && p->chain_sorted &&
	    (at = unsorted_at(leaf, rest)) > 0) {
		probe_set_fail(r, REASON_CERT_INVALID, "certificate %zu of the "
		    "chain does not certify the one before it: this client "
		    "takes the chain only in order (chain_order sorted)", at);
		goto out;
	}
	if (rest == NULL || fetched == NULL)
		goto local;
	xs = verify_fetching(job, ts, leaf, rest, fetched, &cc, r, &top,
	    cancel, note, sizeof note);
	if (xs == NULL)
		goto local;
	r->verify_code = cc.err;
	if (p->verify_peer && cc.err != X509_V_OK) {
		verify_failed(r, job, &cc, top, leaf, label, note);
		goto out;
	}
	if (p->check_hostname && cc.host_err != X509_V_OK) {
		target_name(job, name, sizeof name, &ip);
		name_detail(r, p, leaf, name, ip);
		goto out;
	}
	if (note[0] != '\0' && strncmp(note, "fetched", 7) == 0)
		snprintf(r->detail, sizeof r->detail, "intermediate %s", note);
	ok = true;
	goto out;
local:
	probe_set_fail(r, REASON_LOCAL, "cannot set up the verification");
out:
	X509_free(cc.err_x509);
	X509_STORE_CTX_free(xs);
	sk_X509_pop_free(rest, X509_free);
	sk_X509_pop_free(fetched, X509_free);
	X509_free(leaf);
	ERR_clear_error();
	return ok;
}

bool
probe_trust_judge(struct probe_result *r, const struct probe_job *job,
    unsigned char *const *der, const size_t *len, size_t n, size_t n_sent,
    size_t msg_len, const atomic_bool *cancel)
{
	const struct profile *p = job->profile;
	struct policy_kx kx;
	enum fail_reason why;
	char text[RESULT_TEXT_MAX];

	if (!judge_certificate(r, job, der, len, n, n_sent, msg_len, cancel))
		return false;
	if (p->min_rsa_bits > 0 && r->have_cert &&
	    strcmp(r->cert.key_type, "RSA") == 0 &&
	    r->cert.key_bits < (int)p->min_rsa_bits) {
		probe_set_fail(r, REASON_KEY_TOO_SMALL, "server key too small: RSA "
		    "%d bits, profile needs %u", r->cert.key_bits,
		    p->min_rsa_bits);
		return false;
	}
	/* The DH floor as the what-if engine applies it (policy.h). */
	memset(&kx, 0, sizeof kx);
	kx.dh_bits = r->dh_bits;
	why = policy_after_chain(p, &kx, text, sizeof text);
	if (why != REASON_NONE) {
		probe_set_fail(r, why, "%s", text);
		return false;
	}
	return true;
}
