/*
 * policy.c: the client's refusals in the server's key exchange (policy.h),
 * shared by the hello backend's judgement of a measured flight
 * (probe_raw.c) and the what-if engine's of a predicted one (whatif.c).
 * Pure; any thread.
 */
#include "config.h"

#include <stdio.h>

#include "policy.h"
#include "tls_names.h"

static bool
u16_in(const uint16_t *v, size_t n, uint16_t x)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] == x)
			return true;
	return false;
}

/*
 * Smallest finite-field DH prime libssl accepts at a security level
 * (SSL_CTX_set_security_level(3): 80, 112, 128, 192, 256 bits of
 * security, as BN_security_bits counts them).
 */
unsigned
policy_level_dh_bits(int level)
{
	static const unsigned bits[] = { 0, 1024, 2048, 3072, 7680, 15360 };

	if (level <= 0)
		return 0;
	return bits[level > 5 ? 5 : level];
}

/*
 * A legacy ServerKeyExchange signature the client refuses. TLS 1.0/1.1
 * sign with MD5+SHA-1 (RFC 4346 §7.4.3): OpenSSL 3.0 refuses it from
 * level 1 on, GnuTLS takes it; the profile's legacy_signatures says. In
 * TLS 1.2 a SHA-1 scheme passes exactly when the profile offers it (RFC
 * 5246 §7.4.1.4.1: OpenSSL leaves what its level forbids out of the
 * hello), or, with no signature_algorithms sent, when legacy_signatures
 * allows SHA-1, the default the server then assumes.
 */
static bool
legacy_signature(const struct profile *p, const struct policy_kx *kx)
{
	bool sha1;

	if (!kx->signed_kx)
		return false;
	if (kx->version < TLS_VERSION_TLS12)
		return !p->legacy_signatures;
	sha1 = kx->sigalg == 0x0201 || kx->sigalg == 0x0202 ||
	    kx->sigalg == 0x0203;
	if (!sha1)
		return false;
	if (p->n_sigalgs == 0)
		return !p->legacy_signatures;
	return !u16_in(p->sigalgs, p->n_sigalgs, kx->sigalg);
}

enum fail_reason
policy_flight_refusal(const struct profile *p, const struct policy_kx *kx,
    int *alert_sent, char *detail, size_t len)
{
	unsigned min_dh;

	if (legacy_signature(p, kx)) {
		*alert_sent = 40;
		if (kx->version < TLS_VERSION_TLS12)
			snprintf(detail, len, "the server's TLS 1.0/1.1 "
			    "signature (MD5+SHA-1) is not allowed at security "
			    "level %d", p->security_level);
		else
			snprintf(detail, len, "the server signs with SHA-1, "
			    "which the profile does not offer (security level "
			    "%d)", p->security_level);
		return REASON_LEGACY_SIGNATURE;
	}
	min_dh = policy_level_dh_bits(p->security_level);
	if (kx->dh_bits > 0 && min_dh > 0 && kx->dh_bits < (int)min_dh) {
		*alert_sent = 40;
		snprintf(detail, len, "server DH group too small: %d bits at "
		    "security level %d", kx->dh_bits, p->security_level);
		return REASON_DH_TOO_SMALL;
	}
	return REASON_NONE;
}

enum fail_reason
policy_after_chain(const struct profile *p, const struct policy_kx *kx,
    char *detail, size_t len)
{
	if (p->min_dh_bits > 0 && kx->dh_bits > 0 &&
	    kx->dh_bits < (int)p->min_dh_bits) {
		snprintf(detail, len, "server DH group too small: %d bits, "
		    "profile needs %u", kx->dh_bits, p->min_dh_bits);
		return REASON_DH_TOO_SMALL;
	}
	return REASON_NONE;
}
