/*
 * explain.c: failure reasons and fixes from what each side offers (see
 * explain.h).
 *
 * Pure; called on the main thread by the front ends (fmt, export) each
 * time they show a cell, so the explanation always reflects the latest
 * enumeration of the server. The order of the checks follows the
 * handshake: a version must be shared (RFC 8446 §4.2.1, RFC 5246 §7.4.1.2)
 * before a suite can be (§4.1.3 / §7.4.1.3), and an ECDHE suite or TLS 1.3
 * then needs a group in common (RFC 8422 §5.1, RFC 8446 §4.2.7).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "bytes.h"
#include "explain.h"
#include "explain_int.h"
#include "tls_names.h"

/* Appends to a fixed buffer, truncating; buf stays terminated. */
void
explain_cat(char *buf, size_t len, const char *fmt, ...)
{
	size_t	used = strlen(buf);
	va_list	ap;

	if (used + 1 >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
}

const char *
explain_vname(uint16_t v)
{
	const char *n = tls_version_name(v);

	return n != NULL ? n : "?";
}

/* The short (OpenSSL) name of a suite, else its IANA name. */
const char *
explain_sname(uint16_t code)
{
	const struct tls_suite *s = tls_suite_by_code(code);

	if (s == NULL)
		return "unknown suite";
	return s->openssl != NULL ? s->openssl : s->iana;
}

bool
explain_offers_version(const struct profile *p, uint16_t v)
{
	size_t i;

	for (i = 0; i < p->n_versions; i++)
		if (p->versions[i] == v)
			return true;
	return false;
}

/*
 * Whether a suite can be negotiated at version v: TLS 1.3 suites only in
 * TLS 1.3 and the others only below it (RFC 8446 §B.4); AEAD and SHA-2
 * MAC suites need TLS 1.2 (RFC 5246 §1.2).
 */
static bool
suite_fits(uint16_t code, uint16_t v)
{
	const struct tls_suite *s = tls_suite_by_code(code);

	if (s == NULL || tls_suite_is_signal(code))
		return false;
	if (s->tls13)
		return v == TLS_VERSION_TLS13;
	if (v == TLS_VERSION_TLS13)
		return false;
	if (s->mac == TLS_MAC_AEAD || s->mac == TLS_MAC_SHA256 ||
	    s->mac == TLS_MAC_SHA384)
		return v >= TLS_VERSION_TLS12;
	return true;
}

bool
explain_offers_suite(const struct profile *p, uint16_t code)
{
	size_t i;

	for (i = 0; i < p->n_suites; i++)
		if (p->suites[i] == code)
			return true;
	return false;
}

/* A count of suites per key exchange, to describe a side in a phrase. */
struct kx_tally {
	unsigned	n[TLS_KX_OTHER + 1];
	unsigned	total;
};

static void
tally_add(struct kx_tally *t, uint16_t code)
{
	const struct tls_suite *s = tls_suite_by_code(code);

	if (s == NULL || tls_suite_is_signal(code))
		return;
	if ((unsigned)s->kx <= TLS_KX_OTHER)
		t->n[s->kx]++;
	t->total++;
}

static const char *
kx_words(enum tls_kx kx)
{
	switch (kx) {
	case TLS_KX_RSA:	return "RSA key exchange";
	case TLS_KX_DHE:	return "DHE";
	case TLS_KX_ECDHE:	return "ECDHE";
	case TLS_KX_DH:		return "static DH";
	case TLS_KX_ECDH:	return "static ECDH";
	case TLS_KX_PSK:	return "PSK";
	case TLS_KX_SRP:	return "SRP";
	case TLS_KX_ANON:	return "anonymous";
	case TLS_KX_ANY:	return "TLS 1.3";
	case TLS_KX_NONE:
	case TLS_KX_OTHER:	break;
	}
	return "other";
}

/* "17 suites, all ECDHE/DHE (forward secret)", "2 suites, RSA key
 * exchange only", "30 suites: 3 TLS 1.3, 14 ECDHE, 6 DHE, 6 RSA ..." */
static void
tally_describe(const struct kx_tally *t, char *buf, size_t len)
{
	unsigned legacy = t->total - t->n[TLS_KX_ANY];
	unsigned fs = t->n[TLS_KX_ECDHE] + t->n[TLS_KX_DHE];
	int k, kinds = 0;
	bool first = true;

	snprintf(buf, len, "%u suite%s", t->total, t->total == 1 ? "" : "s");
	for (k = 0; k <= TLS_KX_OTHER; k++)
		if (t->n[k] > 0 && k != TLS_KX_ANY)
			kinds++;
	if (legacy == 0) {
		if (t->total > 0)
			explain_cat(buf, len, ", TLS 1.3 only");
		return;
	}
	if (kinds == 1 && t->n[TLS_KX_RSA] > 0) {
		explain_cat(buf, len, ", RSA key exchange only (no forward secrecy)");
		return;
	}
	if (fs == legacy && t->n[TLS_KX_DHE] > 0 && t->n[TLS_KX_ECDHE] > 0) {
		explain_cat(buf, len, ", all ECDHE/DHE (forward secret)");
		return;
	}
	if (kinds == 1) {
		for (k = 0; k <= TLS_KX_OTHER; k++)
			if (t->n[k] > 0 && k != TLS_KX_ANY)
				explain_cat(buf, len, ", %s only", kx_words(k));
		return;
	}
	explain_cat(buf, len, ":");
	for (k = TLS_KX_OTHER; k >= 0; k--) {
		/* TLS 1.3 first, then by the enum's order reversed: ECDHE,
		 * DHE, RSA... reads from strongest to weakest */
		if (t->n[k] == 0)
			continue;
		explain_cat(buf, len, "%s %u %s", first ? "" : ",", t->n[k],
		    kx_words(k));
		first = false;
	}
}

/* "TLSv1.2-TLSv1.3" or "TLSv1.2" from a list of versions. */
static void
version_range(const uint16_t *v, size_t n, char *buf, size_t len)
{
	uint16_t lo = 0xffff, hi = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (v[i] < lo)
			lo = v[i];
		if (v[i] > hi)
			hi = v[i];
	}
	if (n == 0)
		snprintf(buf, len, "none");
	else if (lo == hi)
		snprintf(buf, len, "%s", explain_vname(lo));
	else
		snprintf(buf, len, "%s to %s", explain_vname(lo), explain_vname(hi));
}

/* The versions the server accepts, highest first. */
size_t
explain_server_versions(const struct server_info *si, uint16_t *out, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < si->n_protocols && n < max; i++)
		if (si->protocols[i].accepted)
			out[n++] = si->protocols[i].version;
	return n;
}

/* The auth a server's certificate allows (RSA or ECDSA), else ANY. */
static enum tls_auth
cert_auth(const struct server_info *si)
{
	if (!si->have_cert)
		return TLS_AUTH_ANY;
	if (strcasecmp(si->cert.key_type, "RSA") == 0 ||
	    strcasecmp(si->cert.key_type, "RSA-PSS") == 0)
		return TLS_AUTH_RSA;
	if (strcasecmp(si->cert.key_type, "EC") == 0)
		return TLS_AUTH_ECDSA;
	return TLS_AUTH_ANY;
}

/*
 * A suite the server could enable so that p shares it: the first in the
 * client's own order that fits a version both accept (or, failing that, a
 * version the server accepts), that the server's certificate can
 * authenticate, and that OpenSSL can name. 0 when there is none.
 */
uint16_t
explain_suite_to_enable(const struct profile *p, const struct server_info *si)
{
	enum tls_auth auth = cert_auth(si);
	uint16_t sv[SERVER_MAX_PROTOCOLS];
	size_t ns = explain_server_versions(si, sv, SERVER_MAX_PROTOCOLS), i, k;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < p->n_suites; i++) {
			const struct tls_suite *s = tls_suite_by_code(
			    p->suites[i]);

			if (s == NULL || s->openssl == NULL || s->tls13 ||
			    tls_suite_is_signal(s->code))
				continue;
			if (auth != TLS_AUTH_ANY && s->auth != auth)
				continue;
			/* prefer forward secrecy and AEAD on the first pass */
			if (pass == 0 && (s->kx != TLS_KX_ECDHE ||
			    s->mac != TLS_MAC_AEAD))
				continue;
			for (k = 0; k < ns; k++)
				if (explain_offers_version(p, sv[k]) &&
				    suite_fits(s->code, sv[k]))
					return s->code;
		}
	}
	return 0;
}

/* What adding this suite costs the client, in one line. */
static void
suite_warning(uint16_t code, char *buf, size_t len)
{
	const struct tls_suite *s = tls_suite_by_code(code);

	if (s == NULL)
		return;
	if (s->kx == TLS_KX_RSA)
		explain_cat(buf, len, "it adds RSA key exchange, which has no forward "
		    "secrecy: whoever gets the server's private key can "
		    "decrypt recorded traffic. ");
	if (s->mac == TLS_MAC_SHA1 || s->mac == TLS_MAC_MD5)
		explain_cat(buf, len, "It adds CBC with a %s MAC (padding-oracle "
		    "attacks such as Lucky Thirteen). ",
		    s->mac == TLS_MAC_MD5 ? "MD5" : "SHA-1");
	if (buf[0] != '\0')
		explain_cat(buf, len, "Prefer fixing the server.");
}

/* The runtime's own way to add one suite, by the profile's family. */
static void
client_suite_fix(const struct profile *p, uint16_t code, char *buf,
    size_t len)
{
	const struct tls_suite *s = tls_suite_by_code(code);
	const char *f = p->family;
	const char *on = s != NULL && s->openssl != NULL ? s->openssl : "?";
	const char *iana = s != NULL ? s->iana : "?";

	if (strcmp(f, "python") == 0) {
		/* 3.10+ excludes SHA-1 MACs with !SHA1, which would delete
		 * the added suite again, so the hint spells the whole list
		 * without it (bpo-43998 string otherwise). */
		snprintf(buf, len, "Python: ctx = ssl.create_default_context(); "
		    "ctx.set_ciphers(\"@SECLEVEL=2:ECDH+AESGCM:ECDH+CHACHA20:"
		    "ECDH+AES:DHE+AES:%s:!aNULL:!eNULL:!aDSS:!AESCCM\")", on);
	} else if (strcmp(f, "node") == 0) {
		snprintf(buf, len, "Node.js: tls.connect({ ciphers: "
		    "tls.DEFAULT_CIPHERS + ':%s', ... }) (https.Agent takes "
		    "the same option)", on);
	} else if (strcmp(f, "curl") == 0) {
		snprintf(buf, len, "curl: --ciphers 'DEFAULT:%s'", on);
	} else if (strcmp(f, "openssl") == 0) {
		snprintf(buf, len, "openssl s_client: -cipher 'DEFAULT:%s'", on);
	} else if (strcmp(f, "go") == 0) {
		snprintf(buf, len, "Go: tls.Config{CipherSuites: "
		    "[]uint16{tls.%s, ...}} (Go 1.22+ also needs "
		    "GODEBUG=tlsrsakex=1 for RSA key exchange)", iana);
	} else if (strcmp(f, "java") == 0) {
		snprintf(buf, len, "Java: allow %s: remove the entry that "
		    "disables it from jdk.tls.disabledAlgorithms "
		    "(conf/security/java.security, or "
		    "-Djava.security.properties=FILE) and list it in "
		    "-Djdk.tls.client.cipherSuites if that is set", iana);
	} else if (strcmp(f, "gnutls") == 0 || strcmp(f, "wget") == 0) {
		snprintf(buf, len, "GnuTLS: a priority string that adds it, "
		    "e.g. gnutls-cli --priority 'NORMAL:+RSA:+AES-256-CBC:"
		    "+SHA1' (wget: --ciphers with the same string)");
	} else {
		snprintf(buf, len, "this client (%s) does not let the "
		    "application add suites: fix the server", f);
	}
}

static void
client_version_fix(const struct profile *p, uint16_t v, char *buf,
    size_t len)
{
	const char *f = p->family;

	if (strcmp(f, "python") == 0)
		snprintf(buf, len, "Python: ctx.minimum_version = "
		    "ssl.TLSVersion.%s; ctx.set_ciphers(\"DEFAULT:@SECLEVEL=0\")",
		    v == TLS_VERSION_TLS10 ? "TLSv1" :
		    v == TLS_VERSION_TLS11 ? "TLSv1_1" : "TLSv1_2");
	else if (strcmp(f, "node") == 0)
		snprintf(buf, len, "Node.js: tls.connect({ minVersion: '%s' })",
		    explain_vname(v));
	else if (strcmp(f, "curl") == 0)
		snprintf(buf, len, "curl: --tlsv1.0 --ciphers "
		    "'DEFAULT:@SECLEVEL=0'");
	else if (strcmp(f, "java") == 0)
		snprintf(buf, len, "Java: remove %s from "
		    "jdk.tls.disabledAlgorithms (conf/security/java.security)",
		    explain_vname(v));
	else if (strcmp(f, "openssl") == 0)
		snprintf(buf, len, "openssl s_client: -%s -cipher "
		    "'DEFAULT:@SECLEVEL=0'", v == TLS_VERSION_TLS10 ? "tls1" :
		    v == TLS_VERSION_TLS11 ? "tls1_1" : "tls1_2");
	else
		snprintf(buf, len, "this client (%s) cannot be told to use "
		    "%s: fix the server", f, explain_vname(v));
}

/* Success: what was negotiated and why that suite won. */
static void
explain_ok(const struct profile *p, const struct server_info *si,
    const struct probe_result *r, struct explanation *out)
{
	const struct server_protocol *sp = si != NULL ?
	    server_protocol(si, r->version) : NULL;
	size_t i, rank = 0, shared = 0;

	out->side = SIDE_NONE;
	snprintf(out->summary, sizeof out->summary,
	    "completes: %s with %s", explain_vname(r->version), explain_sname(r->cipher));
	if (sp == NULL || !sp->accepted)
		return;
	for (i = 0; i < sp->n_suites; i++) {
		if (!explain_offers_suite(p, sp->suites[i]))
			continue;
		shared++;
		if (sp->suites[i] == r->cipher)
			rank = shared;
	}
	explain_cat(out->detail, sizeof out->detail, "shared suites at %s: %zu of "
	    "the server's %zu\n", explain_vname(r->version), shared, sp->n_suites);
	if (!sp->preference_known)
		return;
	if (sp->server_preference && rank == 1)
		explain_cat(out->detail, sizeof out->detail, "why this suite: the "
		    "server enforces its own order and this is its first "
		    "suite the client offers\n");
	else if (!sp->server_preference)
		explain_cat(out->detail, sizeof out->detail, "why this suite: the "
		    "server follows the client's order; this is the client's "
		    "first suite the server accepts\n");
}

/* "a, b, c" of scheme names into buf. */
static void
sigalg_list(const uint16_t *v, size_t n, char *buf, size_t len)
{
	const char *name;
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (tls_is_grease(v[i]))
			continue;
		name = tls_sigalg_name(v[i]);
		if (name != NULL)
			explain_cat(buf, len, "%s%s", buf[0] ? ", " : "", name);
		else
			explain_cat(buf, len, "%s0x%04x", buf[0] ? ", " : "", v[i]);
	}
	if (buf[0] == '\0')
		snprintf(buf, len, "none");
}

/*
 * The refusal is no-shared-sigalg when, at every version both speak
 * whose schemes the enumeration found, the server can sign with none of
 * those the profile offers (a profile without signature_algorithms
 * lets a TLS 1.2 server take its SHA-1 default: not judged). Names both
 * sides' lists.
 */
static bool
explain_sigalgs(const struct profile *p, const struct server_info *si,
    const uint16_t *common, size_t nc, struct explanation *out)
{
	const uint16_t *sv = NULL;
	char a[512], b[512];
	size_t i, j, n = 0, judged = 0;
	uint16_t at = 0;

	if (p->n_sigalgs == 0)
		return false;
	for (i = 0; i < nc; i++) {
		const uint16_t *v = common[i] >= TLS_VERSION_TLS13 ?
		    si->sigalgs13 : si->sigalgs12;
		size_t nv = common[i] >= TLS_VERSION_TLS13 ?
		    si->n_sigalgs13 : si->n_sigalgs12;
		bool known = common[i] >= TLS_VERSION_TLS13 ?
		    si->sigalgs13_known : common[i] == TLS_VERSION_TLS12 &&
		    si->sigalgs12_known;

		if (!known)
			continue;
		judged++;
		for (j = 0; j < nv; j++)
			if (u16_list_has(p->sigalgs, p->n_sigalgs, v[j]))
				return false;
		if (sv == NULL) {
			sv = v;
			n = nv;
			at = common[i];
		}
	}
	if (judged == 0 || judged < nc)
		return false;
	out->reason = REASON_NO_SHARED_SIGALG;
	sigalg_list(p->sigalgs, p->n_sigalgs, a, sizeof a);
	sigalg_list(sv, n, b, sizeof b);
	snprintf(out->detail, sizeof out->detail, "signature algorithms (at "
	    "%s)\nclient: %.400s\nserver: %.400s\noverlap: none\n", explain_vname(at),
	    a, b);
	snprintf(out->fix_server, sizeof out->fix_server, "let the server "
	    "sign with SHA-256 or better (OpenSSL/nginx: drop a "
	    "SignatureAlgorithms limit, e.g. ssl_conf_command "
	    "SignatureAlgorithms RSA+SHA256:RSA-PSS+SHA256;)");
	return true;
}

/* Fills side and summary from the probe alone. */
static void
explain_probe(const struct probe_result *r, struct explanation *out)
{
	switch (r->reason) {
	case REASON_SERVER_ALERT:
	case REASON_NO_SHARED_CIPHER:
	case REASON_NO_SHARED_PROTOCOL:
	case REASON_NO_SHARED_GROUP:
	case REASON_NO_SHARED_SIGALG:
	case REASON_SNI_REQUIRED:
	case REASON_SNI_REJECTED:
	case REASON_CLIENT_CERT_REQUIRED:
		out->side = r->alert_received >= 0 || r->by_enumeration ?
		    SIDE_SERVER : SIDE_CLIENT;
		break;
	case REASON_REFUSED:
	case REASON_TIMEOUT:
	case REASON_RESET:
	case REASON_CLOSED:
	case REASON_NOT_TLS:
	case REASON_UNREACHABLE:
	case REASON_PROXY_UNREACHABLE:
	case REASON_PROXY_REFUSED:
	case REASON_PROXY_AUTH:
	case REASON_PROXY_PROTOCOL:
	case REASON_STARTTLS_UNSUPPORTED:
	case REASON_STARTTLS_REFUSED:
	case REASON_STARTTLS_PROTOCOL:
		out->side = SIDE_NETWORK;
		break;
	case REASON_NONE:
	case REASON_LOCAL:
		out->side = SIDE_NONE;
		break;
	default:
		out->side = SIDE_CLIENT;
		break;
	}
	if (out->side == SIDE_SERVER && r->by_enumeration)
		snprintf(out->summary, sizeof out->summary,
		    "the server would refuse the handshake: %s (decided from "
		    "the enumeration, without a connection)",
		    result_reason_text(r->reason));
	else if (out->side == SIDE_SERVER)
		snprintf(out->summary, sizeof out->summary,
		    "the server refused the handshake (alert %s)",
		    r->alert_received >= 0 && r->alert_received <= 255 &&
		    tls_alert_name((uint8_t)r->alert_received) != NULL ?
		    tls_alert_name((uint8_t)r->alert_received) : "?");
	else if (out->side == SIDE_CLIENT)
		snprintf(out->summary, sizeof out->summary,
		    "the client refused the server's answer: %s",
		    result_reason_text(r->reason));
	else if (out->side == SIDE_NETWORK)
		snprintf(out->summary, sizeof out->summary,
		    "no TLS conversation: %s", result_reason_text(r->reason));
	else
		snprintf(out->summary, sizeof out->summary, "%s",
		    result_reason_text(r->reason));
}

/*
 * How this client is told to trust one more CA: its own knob for the store
 * it reads (r->trust_store), as each runtime documents it (issue #14).
 */
static void
client_trust_fix(const struct profile *p, const struct probe_result *r,
    char *buf, size_t len)
{
	const char *f = p->family, *st = r->trust_store;
	bool certifi = strcmp(st, "certifi") == 0;

	if (strstr(r->detail, "intermediate") != NULL) {
		snprintf(buf, len, "a missing intermediate is the server's to "
		    "send; this client (%s) does not fetch it", p->id);
		return;
	}
	if (strcmp(st, "ca-file") == 0)
		snprintf(buf, len, "add the issuing CA to the --ca-file bundle");
	else if (strncmp(st, "--trust", 7) == 0)
		snprintf(buf, len, "add the issuing CA to the --trust file of "
		    "%s", p->id);
	else if (strcmp(f, "node") == 0)
		snprintf(buf, len, "Node.js: NODE_EXTRA_CA_CERTS=/path/ca.pem "
		    "(added to its compiled-in roots), or node --use-openssl-ca "
		    "to read the system store instead");
	else if (strcmp(f, "java") == 0)
		snprintf(buf, len, "Java: keytool -importcert -cacerts -alias "
		    "myca -file ca.pem (this JDK's lib/security/cacerts, "
		    "password changeit), or -Djavax.net.ssl.trustStore=FILE");
	else if (certifi || strncmp(p->id, "urllib3", 7) == 0)
		snprintf(buf, len, "requests: REQUESTS_CA_BUNDLE=/path/bundle."
		    "pem; urllib3: PoolManager(ca_certs=...); or add the CA to "
		    "certifi's bundle (python -m certifi)");
	else if (strcmp(f, "python") == 0)
		snprintf(buf, len, "Python: SSL_CERT_FILE=/path/bundle.pem or "
		    "create_default_context(cafile=...); system-wide: "
		    "update-ca-certificates");
	else if (strcmp(f, "curl") == 0)
		snprintf(buf, len, "curl: --cacert FILE or CURL_CA_BUNDLE; "
		    "system-wide: update-ca-certificates");
	else if (strcmp(f, "openssl") == 0 || strcmp(f, "dotnet") == 0 ||
	    strcmp(f, "go") == 0)
		snprintf(buf, len, "SSL_CERT_FILE=/path/bundle.pem (OpenSSL, "
		    "Go and .NET on Linux read it); system-wide: copy to "
		    "/usr/local/share/ca-certificates/ and update-ca-certificates");
	else if (strcmp(f, "gnutls") == 0 || strcmp(f, "wget") == 0)
		snprintf(buf, len, "wget: --ca-certificate=FILE; gnutls-cli: "
		    "--x509cafile FILE; system-wide: update-ca-certificates");
	else if (strcmp(f, "schannel") == 0)
		snprintf(buf, len, "Windows: certutil -addstore Root ca.crt "
		    "(or Group Policy)");
	else if (strcmp(f, "firefox") == 0)
		snprintf(buf, len, "Firefox: import the CA in Settings > "
		    "Certificates, or security.enterprise_roots.enabled");
	else
		snprintf(buf, len, "add the issuing CA to this client's store "
		    "(%s)", st[0] != '\0' ? st : "system");
}

/* The server's fix for the failures a client's policy decides, and for
 * the few other reasons one sentence fixes. */
static const struct {
	enum fail_reason	 reason;
	const char		*fix;
} server_fixes[] = {
	{ REASON_CERT_EXPIRED, "install a certificate valid now (and check "
	    "the server's clock)" },
	{ REASON_CERT_NOT_YET_VALID, "install a certificate valid now (and "
	    "check the server's clock)" },
	{ REASON_CERT_HOSTNAME, "serve a certificate whose subjectAltName "
	    "names the host (or the right one for this SNI)" },
	{ REASON_CERT_UNTRUSTED, "send the whole chain up to a root the "
	    "clients trust (nginx: ssl_certificate with the intermediates)" },
	{ REASON_CERT_EKU, "serve a certificate whose extendedKeyUsage "
	    "includes serverAuth" },
	{ REASON_MESSAGE_TOO_LARGE, "send a smaller chain: no root, no extra "
	    "cross-signs, fewer names per certificate" },
	{ REASON_KEY_TOO_SMALL, "use a 2048-bit (or larger) RSA key, or an "
	    "ECDSA P-256 key" },
	{ REASON_DH_TOO_SMALL, "use a 2048-bit DH group (nginx: ssl_dhparam "
	    "with ffdhe2048) or prefer ECDHE suites" },
	{ REASON_CERT_WEAK_SIGNATURE, "use a certificate signed with SHA-256 "
	    "or better, and TLS 1.2 so the handshake signature can use "
	    "SHA-2" },
	{ REASON_LEGACY_SIGNATURE, "use a certificate signed with SHA-256 or "
	    "better, and TLS 1.2 so the handshake signature can use SHA-2" },
	{ REASON_SNI_REQUIRED, "serve a default certificate to clients "
	    "without SNI" },
	{ REASON_SNI_REJECTED, "serve this name (nginx: add it to a server "
	    "block's server_name with its certificate)" },
	{ REASON_ILLEGAL_PARAMETER, "the server (or a middlebox) picked what "
	    "the client never offered: fix or update its TLS stack" },
	{ REASON_REFUSED, "check that the service listens on this address "
	    "and port, and the firewall in between" },
	{ REASON_UNREACHABLE, "check that the service listens on this "
	    "address and port, and the firewall in between" },
	{ REASON_NOT_TLS, "this port does not speak TLS: check the port or "
	    "the listener's ssl setting" },
	{ REASON_STARTTLS_UNSUPPORTED, "enable TLS on this service (Postfix "
	    "smtpd_tls_security_level = may, Dovecot ssl = yes, PostgreSQL "
	    "ssl = on, MariaDB ssl_cert and ssl_key, slapd "
	    "olcTLSCertificateFile) with a certificate and key" },
	{ REASON_STARTTLS_REFUSED, "the service offers STARTTLS but refuses "
	    "it: check its TLS certificate and key (a file it cannot read) "
	    "and its log" },
};

/* The client's side of the fix where one sentence is the whole of it:
 * the route (--proxy, --starttls) and a name the server does not serve. */
static const struct {
	enum fail_reason	 reason;
	const char		*fix;
} client_fixes[] = {
	{ REASON_SNI_REJECTED, "connect with a name the server serves" },
	{ REASON_PROXY_UNREACHABLE, "check --proxy's host and port: nothing "
	    "answers there" },
	{ REASON_PROXY_REFUSED, "the proxy will not tunnel to this address "
	    "and port: ask its admins to allow it (squid: http_access and "
	    "SSL_ports; tinyproxy: ConnectPort; Dante: a socks pass rule)" },
	{ REASON_PROXY_AUTH, "give the proxy's credentials: --proxy "
	    "http://USER:PASS@HOST:PORT (or socks5://USER:PASS@...)" },
	{ REASON_PROXY_PROTOCOL, "--proxy points at something that is not an "
	    "HTTP or SOCKS5 proxy of that scheme: check the scheme and port" },
	{ REASON_STARTTLS_UNSUPPORTED, "if this port speaks TLS directly (465, "
	    "993, 995, 636), use --starttls none" },
	{ REASON_STARTTLS_PROTOCOL, "this port does not speak the protocol "
	    "chosen: give --starttls the service's protocol, or none for "
	    "direct TLS" },
};

/* Hints for the failures the client's policy decides. */
static void
explain_policy(const struct profile *p, const struct probe_result *r,
    struct explanation *out)
{
	size_t i;

	for (i = 0; i < sizeof server_fixes / sizeof server_fixes[0]; i++)
		if (server_fixes[i].reason == r->reason)
			snprintf(out->fix_server, sizeof out->fix_server, "%s",
			    server_fixes[i].fix);
	for (i = 0; i < sizeof client_fixes / sizeof client_fixes[0]; i++)
		if (client_fixes[i].reason == r->reason)
			snprintf(out->fix_client, sizeof out->fix_client, "%s",
			    client_fixes[i].fix);
	switch (r->reason) {
	case REASON_CERT_UNTRUSTED:
		if (strstr(r->detail, "intermediate") != NULL)
			snprintf(out->fix_server, sizeof out->fix_server,
			    "send the intermediate: ssl_certificate with the "
			    "leaf then its intermediates (nginx), "
			    "SSLCertificateFile with the chain (Apache)");
		client_trust_fix(p, r, out->fix_client,
		    sizeof out->fix_client);
		break;
	case REASON_MESSAGE_TOO_LARGE:
		if (strcmp(p->family, "java") == 0)
			snprintf(out->fix_client, sizeof out->fix_client,
			    "Java: -Djdk.tls.maxHandshakeMessageSize=65536");
		break;
	case REASON_KEY_TOO_SMALL:
		snprintf(out->fix_client_warning,
		    sizeof out->fix_client_warning, "lowering the client's "
		    "security level accepts keys that can be factored");
		break;
	default:
		break;
	}
}

/*
 * What both sides have in common, in the order a handshake meets it: the
 * versions both accept, then the suites the server accepts at those
 * versions that the client offers (the first four named), and how many
 * of those need a group. One computation for explain_cell and
 * explain_sides.
 */
struct isect {
	uint16_t	sv[SERVER_MAX_PROTOCOLS];	/* server, highest first */
	size_t		ns;
	uint16_t	common[SERVER_MAX_PROTOCOLS];
	size_t		nc;
	struct kx_tally	tc, ts;		/* client's and server's suites at
					 * the common versions */
	size_t		overlap, need_group;
	char		list[512];
};

static void
intersect(const struct profile *p, const struct server_info *si,
    struct isect *x)
{
	size_t i, j;

	memset(x, 0, sizeof *x);
	x->ns = explain_server_versions(si, x->sv, SERVER_MAX_PROTOCOLS);
	for (i = 0; i < x->ns; i++)
		if (explain_offers_version(p, x->sv[i]))
			x->common[x->nc++] = x->sv[i];
	for (i = 0; i < p->n_suites; i++) {
		for (j = 0; j < x->nc; j++)
			if (suite_fits(p->suites[i], x->common[j]))
				break;
		if (j < x->nc)
			tally_add(&x->tc, p->suites[i]);
	}
	for (j = 0; j < x->nc; j++) {
		const struct server_protocol *sp = server_protocol(si,
		    x->common[j]);

		for (i = 0; sp != NULL && i < sp->n_suites; i++) {
			const struct tls_suite *s;

			tally_add(&x->ts, sp->suites[i]);
			if (!explain_offers_suite(p, sp->suites[i]))
				continue;
			x->overlap++;
			s = tls_suite_by_code(sp->suites[i]);
			if (s != NULL && (s->kx == TLS_KX_ECDHE ||
			    s->kx == TLS_KX_ANY))
				x->need_group++;
			if (x->overlap <= 4)
				explain_cat(x->list, sizeof x->list, "%s%s",
				    x->overlap > 1 ? ", " : "",
				    explain_sname(sp->suites[i]));
		}
	}
}

/* Groups of p the server accepts (TLS 1.3 groups or TLS 1.2 curves). */
static size_t
common_groups(const struct profile *p, const struct server_info *si)
{
	size_t i, n = 0;

	for (i = 0; i < p->n_groups; i++)
		if (u16_list_has(si->groups12, si->n_groups12, p->groups[i]) ||
		    u16_list_has(si->groups13, si->n_groups13, p->groups[i]))
			n++;
	return n;
}

void
explain_sides(const struct profile *p, const struct server_info *si,
    struct explain_sides *out)
{
	struct isect x;
	struct kx_tally all;
	size_t i;

	memset(out, 0, sizeof *out);
	version_range(p->versions, p->n_versions, out->client_versions,
	    sizeof out->client_versions);
	memset(&all, 0, sizeof all);
	for (i = 0; i < p->n_suites; i++)
		tally_add(&all, p->suites[i]);
	tally_describe(&all, out->client_suites, sizeof out->client_suites);
	out->client_groups = p->n_groups;
	if (si == NULL || !si->done || si->error_reason != REASON_NONE)
		return;
	out->have_server = true;
	intersect(p, si, &x);
	version_range(x.sv, x.ns, out->server_versions,
	    sizeof out->server_versions);
	version_range(x.common, x.nc, out->common_versions,
	    sizeof out->common_versions);
	/* the server's whole list, not only at the shared versions */
	memset(&all, 0, sizeof all);
	for (i = 0; i < si->n_protocols; i++) {
		const struct server_protocol *sp = &si->protocols[i];
		size_t j, k, l;
		bool seen;

		for (j = 0; sp->accepted && j < sp->n_suites; j++) {
			/* once, though several versions accept it */
			for (seen = false, k = 0; k < i && !seen; k++)
				for (l = 0; si->protocols[k].accepted &&
				    l < si->protocols[k].n_suites; l++)
					if (si->protocols[k].suites[l] ==
					    sp->suites[j])
						seen = true;
			if (!seen)
				tally_add(&all, sp->suites[j]);
		}
	}
	tally_describe(&all, out->server_suites, sizeof out->server_suites);
	out->n_common_suites = x.overlap;
	snprintf(out->common_suites, sizeof out->common_suites, "%s",
	    x.overlap > 0 ? x.list : "none");
	if (x.overlap > 4)
		explain_cat(out->common_suites, sizeof out->common_suites, ", ...");
	out->server_groups13 = si->n_groups13;
	out->server_groups12 = si->n_groups12;
	out->common_groups = common_groups(p, si);
}

/* 1. No protocol version in common: a (the client's) and b (the
 * server's) in words. */
static void
no_version(const struct profile *p, const struct isect *x, const char *a,
    const char *b, struct explanation *out)
{
	out->reason = REASON_NO_SHARED_PROTOCOL;
	snprintf(out->detail, sizeof out->detail,
	    "protocol versions\nclient: %s\nserver: %s\noverlap: none\n",
	    a, b);
	if (p->max_version > 0 && x->ns > 0 && x->sv[0] < p->min_version) {
		snprintf(out->fix_server, sizeof out->fix_server,
		    "enable %s (nginx: ssl_protocols TLSv1.2 TLSv1.3;)",
		    explain_vname(p->min_version > TLS_VERSION_TLS12 ?
		    p->min_version : TLS_VERSION_TLS12));
		client_version_fix(p, x->sv[0], out->fix_client,
		    sizeof out->fix_client);
		snprintf(out->fix_client_warning,
		    sizeof out->fix_client_warning, "%s is deprecated "
		    "(RFC 8996) and needs security level 0 with "
		    "OpenSSL 3; prefer fixing the server", explain_vname(x->sv[0]));
	} else {
		snprintf(out->fix_server, sizeof out->fix_server,
		    "enable TLSv1.2 (nginx: ssl_protocols TLSv1.2 "
		    "TLSv1.3;)");
	}
}

/* 2. No cipher suite in common at the versions both accept: a and b
 * describe each side's suites. */
static void
no_suite(const struct profile *p, const struct server_info *si,
    const struct isect *x, const char *a, const char *b,
    struct explanation *out)
{
	char list[512];
	size_t j;
	uint16_t fix;

	out->reason = REASON_NO_SHARED_CIPHER;
	snprintf(out->detail, sizeof out->detail, "cipher suites "
	    "(at %s)\nclient: %s\nserver: %s\noverlap: none\n",
	    explain_vname(x->common[0]), a, b);
	if (p->note[0] != '\0')
		explain_cat(out->detail, sizeof out->detail, "why the client "
		    "offers these: %s\n", p->note);
	fix = explain_suite_to_enable(p, si);
	if (fix != 0) {
		explain_cipher_string(si, list, sizeof list);
		/* first, so a server that enforces its order
		 * gives forward secrecy to every client that can
		 * have it */
		snprintf(out->fix_server, sizeof out->fix_server,
		    "enable %s (%s), which this client offers: "
		    "OpenSSL/nginx: ssl_ciphers '%s%s%s';", explain_sname(fix),
		    tls_suite_name(fix), explain_sname(fix), list[0] ? ":" : "",
		    list);
	}
	/* the server's own first suite is what the client can add */
	for (j = 0; j < x->nc; j++) {
		const struct server_protocol *sp = server_protocol(si,
		    x->common[j]);

		if (sp != NULL && sp->n_suites > 0) {
			client_suite_fix(p, sp->suites[0],
			    out->fix_client, sizeof out->fix_client);
			suite_warning(sp->suites[0],
			    out->fix_client_warning,
			    sizeof out->fix_client_warning);
			break;
		}
	}
}

void
explain_cell(const struct profile *p, const struct server_info *si,
    const struct probe_result *r, struct explanation *out)
{
	struct isect x;
	char a[256], b[256];
	bool usable;

	memset(out, 0, sizeof *out);
	out->reason = r->reason;
	if (r->outcome == PROBE_OK) {
		explain_ok(p, si, r, out);
		return;
	}
	explain_probe(r, out);
	explain_policy(p, r, out);

	/* Set arithmetic needs the server's side and a refusal to explain. */
	usable = si != NULL && si->done && si->error_reason == REASON_NONE;
	if (!usable || (r->reason != REASON_SERVER_ALERT &&
	    r->reason != REASON_NO_SHARED_CIPHER &&
	    r->reason != REASON_NO_SHARED_PROTOCOL &&
	    r->reason != REASON_NO_SHARED_GROUP &&
	    r->reason != REASON_CLOSED))
		return;
	intersect(p, si, &x);

	/* Only a refusal that proves a mismatch is refined (#15): an
	 * internal_error or unrecognized_name says something else, and a
	 * server that accepted no hello at all gives nothing to compare. */
	if (r->reason == REASON_SERVER_ALERT && r->alert_received >= 0 &&
	    !server_alert_proves_mismatch(r->alert_received))
		return;
	/* 1. protocol versions */
	if (x.ns == 0)
		return;
	version_range(p->versions, p->n_versions, a, sizeof a);
	version_range(x.sv, x.ns, b, sizeof b);
	if (x.nc == 0) {
		no_version(p, &x, a, b, out);
		return;
	}

	/* 2. cipher suites, at the versions both accept */
	tally_describe(&x.tc, a, sizeof a);
	tally_describe(&x.ts, b, sizeof b);
	if (x.overlap == 0) {
		no_suite(p, si, &x, a, b, out);
		return;
	}

	/* 3. groups, when every shared suite needs one */
	if (x.need_group == x.overlap && (si->n_groups12 > 0 ||
	    si->n_groups13 > 0) && common_groups(p, si) == 0) {
		out->reason = REASON_NO_SHARED_GROUP;
		snprintf(out->detail, sizeof out->detail,
		    "key exchange groups\nclient: %zu groups\n"
		    "server: %zu TLS 1.3 groups, %zu TLS 1.2 curves\n"
		    "overlap: none\n", p->n_groups, si->n_groups13,
		    si->n_groups12);
		snprintf(out->fix_server, sizeof out->fix_server,
		    "enable x25519 and secp256r1 (nginx: "
		    "ssl_ecdh_curve X25519:prime256v1;)");
		return;
	}
	/* 4. signature schemes, at every version both speak (#15) */
	if (explain_sigalgs(p, si, x.common, x.nc, out))
		return;
	snprintf(out->detail, sizeof out->detail, "client and server share "
	    "%zu suite%s (%s) and a protocol version; the refusal has "
	    "another cause (signature algorithms, an extension, SNI)\n",
	    x.overlap, x.overlap == 1 ? "" : "s", x.list);
}
