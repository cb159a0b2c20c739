/*
 * policy.h: what a client refuses in the server's key exchange, as a
 * pure function of the profile and the server's choice.
 *
 * The hello backend (probe_raw.c) applies it to a measured flight and the
 * what-if engine (whatif.h) to a predicted one, so a measured and a
 * predicted handshake are judged by the same rules in the same order:
 * the key exchange's signature (legacy MD5+SHA-1 or SHA-1), then the DH
 * group against the security level, then (after the certificate) the
 * profile's own DH floor. Pure; any thread.
 */
#ifndef TLSMATRIX_POLICY_H
#define TLSMATRIX_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "profile.h"
#include "result.h"

/* What the server's ServerKeyExchange (TLS 1.2 and older) carried. */
struct policy_kx {
	uint16_t	version;	/* the version the server chose */
	bool		signed_kx;	/* a DHE or ECDHE ServerKeyExchange */
	uint16_t	sigalg;		/* its scheme in TLS 1.2; 0 unknown */
	int		dh_bits;	/* finite-field DHE prime, 0: none */
};

/*
 * The refusal the client makes while reading the flight, before the
 * certificate: REASON_LEGACY_SIGNATURE or REASON_DH_TOO_SMALL with a
 * one-line detail (and *alert_sent, the alert it sends), REASON_NONE when
 * it reads on.
 */
enum fail_reason policy_flight_refusal(const struct profile *p,
	    const struct policy_kx *kx, int *alert_sent, char *detail,
	    size_t len);
/* The profile's own DH floor (min_dh_bits), checked after the chain:
 * REASON_DH_TOO_SMALL with detail, or REASON_NONE. */
enum fail_reason policy_after_chain(const struct profile *p,
	    const struct policy_kx *kx, char *detail, size_t len);
/* The smallest finite-field DH prime libssl accepts at a security level
 * (80, 112, 128, 192, 256 bits of security): 0 at level 0. */
unsigned	policy_level_dh_bits(int level);

#endif
