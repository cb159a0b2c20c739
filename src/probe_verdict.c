/*
 * probe_verdict.c: the words both probe backends use for a failure.
 *
 * A certificate fails the same way whichever backend saw it, so the map
 * from OpenSSL's verification errors (x509_vfy.c codes) to our reasons and
 * the one-line detail for each live here once, with the two small checks
 * both backends make on names and certificates. Called on worker threads;
 * pure apart from OpenSSL's static error strings.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <openssl/obj_mac.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include "probe_int.h"

void
probe_set_fail(struct probe_result *r, enum fail_reason why, const char *fmt,
    ...)
{
	va_list ap;

	r->outcome = why == REASON_LOCAL ? PROBE_ERROR : PROBE_FAILED;
	r->reason = why;
	va_start(ap, fmt);
	vsnprintf(r->detail, sizeof r->detail, fmt, ap);
	va_end(ap);
}

/* Every byte but NUL (RESULT_NUL_SHOWN) stays as received; the display
 * escapes it once (fmt.h, export_json.c). */
void
probe_fail_answered(struct probe_result *r, const unsigned char *buf,
    size_t len)
{
	char	shown[PROBE_ANSWER_MAX * RESULT_NUL_SHOWN_LEN + 1];
	size_t	i, o = 0;

	for (i = 0; i < len && i < PROBE_ANSWER_MAX; i++) {
		if (buf[i] == '\r' || buf[i] == '\n')
			break;
		if (buf[i] == '\0') {
			memcpy(shown + o, RESULT_NUL_SHOWN,
			    RESULT_NUL_SHOWN_LEN);
			o += RESULT_NUL_SHOWN_LEN;
		} else
			shown[o++] = (char)buf[i];
	}
	shown[o] = '\0';
	probe_set_fail(r, REASON_NOT_TLS, "not a TLS server: it answered "
	    "\"%s\"", shown);
}

enum fail_reason
probe_verify_reason(long e)
{
	switch (e) {
	case X509_V_ERR_CERT_HAS_EXPIRED:
		return REASON_CERT_EXPIRED;
	case X509_V_ERR_CERT_NOT_YET_VALID:
		return REASON_CERT_NOT_YET_VALID;
	case X509_V_ERR_HOSTNAME_MISMATCH:
	case X509_V_ERR_IP_ADDRESS_MISMATCH:
		return REASON_CERT_HOSTNAME;
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
	case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
	case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
	case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
	case X509_V_ERR_CERT_UNTRUSTED:
	case X509_V_ERR_CERT_REJECTED:
		return REASON_CERT_UNTRUSTED;
	case X509_V_ERR_EE_KEY_TOO_SMALL:
	case X509_V_ERR_CA_KEY_TOO_SMALL:
		return REASON_KEY_TOO_SMALL;
	case X509_V_ERR_CA_MD_TOO_WEAK:
		return REASON_CERT_WEAK_SIGNATURE;
	case X509_V_ERR_INVALID_PURPOSE:
		return REASON_CERT_EKU;
	/* What X509_V_FLAG_X509_STRICT adds (RFC 5280 profile checks). */
	case X509_V_ERR_INVALID_CA:
	case X509_V_ERR_CA_BCONS_NOT_CRITICAL:
	case X509_V_ERR_CA_CERT_MISSING_KEY_USAGE:
	case X509_V_ERR_MISSING_AUTHORITY_KEY_IDENTIFIER:
	case X509_V_ERR_MISSING_SUBJECT_KEY_IDENTIFIER:
	case X509_V_ERR_EMPTY_SUBJECT_ALT_NAME:
	case X509_V_ERR_EMPTY_SUBJECT_SAN_NOT_CRITICAL:
	case X509_V_ERR_PATHLEN_INVALID_FOR_NON_CA:
	case X509_V_ERR_PATHLEN_WITHOUT_KU_KEY_CERT_SIGN:
	case X509_V_ERR_KU_KEY_CERT_SIGN_INVALID_FOR_NON_CA:
	case X509_V_ERR_ISSUER_NAME_EMPTY:
	case X509_V_ERR_SUBJECT_NAME_EMPTY:
	case X509_V_ERR_AUTHORITY_KEY_IDENTIFIER_CRITICAL:
	case X509_V_ERR_SUBJECT_KEY_IDENTIFIER_CRITICAL:
	case X509_V_ERR_EC_KEY_EXPLICIT_PARAMS:
	case X509_V_ERR_SIGNATURE_ALGORITHM_INCONSISTENCY:
	case X509_V_ERR_EXTENSIONS_REQUIRE_VERSION_3:
		return REASON_CERT_STRICT;
	default:
		return REASON_CERT_INVALID;
	}
}

void
probe_cert_fail(struct probe_result *r, const struct cert_summary *err_cert,
    int depth, const struct probe_job *job, long e)
{
	const struct cert_summary *c = err_cert != NULL ? err_cert :
	    (r->have_cert ? &r->cert : NULL);
	const char *text = X509_verify_cert_error_string(e);
	enum fail_reason why = probe_verify_reason(e);

	switch (why) {
	case REASON_CERT_EXPIRED:
		probe_set_fail(r, why, "certificate has expired (notAfter %s)",
		    c ? c->not_after : "?");
		break;
	case REASON_CERT_NOT_YET_VALID:
		probe_set_fail(r, why, "certificate is not yet valid "
		    "(notBefore %s)", c ? c->not_before : "?");
		break;
	case REASON_CERT_HOSTNAME:
		c = r->have_cert ? &r->cert : c;
		probe_set_fail(r, why, "certificate does not match %s (SAN %s)",
		    job->host != NULL && *job->host ? job->host : "the address",
		    c != NULL && c->san[0] ? c->san : "none");
		break;
	case REASON_CERT_UNTRUSTED:
		probe_set_fail(r, why, "certificate not trusted: %s (issuer %s)",
		    text, c ? c->issuer : "?");
		break;
	case REASON_KEY_TOO_SMALL:
		probe_set_fail(r, why, "%s key too small: %s %d bits at "
		    "security level %d", depth == 0 ? "server" : "CA",
		    c ? c->key_type : "?", c ? c->key_bits : 0,
		    job->profile->security_level);
		break;
	case REASON_CERT_WEAK_SIGNATURE:
		probe_set_fail(r, why, "certificate signature too weak: %s at "
		    "security level %d", c ? c->signature_algorithm : "?",
		    job->profile->security_level);
		break;
	default:
		probe_set_fail(r, why, "certificate rejected: %s (depth %d)",
		    text, depth);
		break;
	}
}

bool
probe_sha1_signed(X509 *cert)
{
	int mdnid = NID_undef;

	return cert != NULL && X509_get_signature_info(cert, &mdnid, NULL,
	    NULL, NULL) == 1 && mdnid == NID_sha1;
}
