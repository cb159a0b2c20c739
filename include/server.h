/*
 * server.h: what one backend accepts, as found by enumeration (scan.h).
 *
 * Plain data owned by the model once the scan job hands it over: the
 * protocol versions, the suites per version (in the server's order when it
 * enforces one), the groups, the certificate and the DH size, and how many
 * connections finding that out took. Pure; any thread.
 */
#ifndef TLSMATRIX_SERVER_H
#define TLSMATRIX_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "result.h"

#define SERVER_MAX_PROTOCOLS	5	/* SSLv3, TLS 1.0, 1.1, 1.2, 1.3 */

struct server_protocol {
	uint16_t	 version;
	bool		 accepted;
	uint16_t	*suites;	/* accepted; heap, n_suites entries */
	size_t		 n_suites;
	bool		 server_preference;	/* server picks by its order */
	bool		 preference_known;	/* needs 2+ suites to tell */
};

struct server_info {
	bool			 done;		/* the scan finished */
	struct server_protocol	 protocols[SERVER_MAX_PROTOCOLS];
	size_t			 n_protocols;	/* highest version first */
	uint16_t		*groups12;	/* ECDHE curves for TLS <= 1.2 */
	size_t			 n_groups12;
	uint16_t		*groups13;	/* TLS 1.3 key exchange groups */
	size_t			 n_groups13;
	bool			 hrr_seen;	/* it asked for another share */
	/* Signature schemes it can sign its handshake with, per version
	 * (#15): offered one by one, or read off the ServerKeyExchange;
	 * known only when the enumeration got that far. */
	uint16_t		*sigalgs12;
	size_t			 n_sigalgs12;
	bool			 sigalgs12_known;
	uint16_t		*sigalgs13;
	size_t			 n_sigalgs13;
	bool			 sigalgs13_known;
	/* A version or suite hello was refused by a close, a reset, a
	 * protocol error or silence instead of an alert: the lists may
	 * lack what that hello would have found. */
	bool			 suites_unclear;
	/* A hello was refused with an alert that proves no version or
	 * suite mismatch (not protocol_version, handshake_failure or
	 * insufficient_security): internal_error, unrecognized_name...
	 * The first such alert; the lists settle nothing then. */
	bool			 other_refusal;
	uint8_t			 other_alert;
	/* A TCP connection to the address completed at least once. */
	bool			 connected;
	bool			 have_cert;
	struct cert_summary	 cert;		/* leaf */
	size_t			 chain_len;	/* certificates sent */
	int			 dh_bits;	/* finite-field DHE, 0: none */
	unsigned		 connections;	/* TCP connections used */
	uint32_t		 elapsed_ms;
	enum fail_reason	 error_reason;	/* REASON_NONE if it answered */
	char			 error[RESULT_TEXT_MAX];
};

/* Zeroes s (no protocols, no groups). */
void	server_info_init(struct server_info *s);
/* Frees the suite and group lists; s is reusable after server_info_init. */
void	server_info_cleanup(struct server_info *s);
/* Deep copy of src into dst (dst uninitialised). */
void	server_info_copy(struct server_info *dst, const struct server_info *src);
/* The entry for version, or NULL. */
const struct server_protocol *server_protocol(const struct server_info *s,
	    uint16_t version);
/* True if the versions and suites of s are complete enough to settle a
 * cell without a probe: the server answered in TLS, accepted a version,
 * and refused every other version and suite hello with an alert that
 * proves a mismatch (server_alert_proves_mismatch). */
bool	server_info_settles(const struct server_info *s);
/* True if no TCP connection to the address ever completed and the scan
 * failed on it (refused, unreachable, connect timed out): no hello
 * reached the server, so no profile's hello can fare otherwise. */
bool	server_info_unreachable(const struct server_info *s);
/* True for the alerts that say "nothing offered here is acceptable":
 * handshake_failure (40), protocol_version (70), insufficient_security
 * (71) (RFC 8446 §6.2). Any other refusal says something else. */
bool	server_alert_proves_mismatch(int alert);
/* True if version v accepts suite. */
bool	server_accepts(const struct server_info *s, uint16_t version,
	    uint16_t suite);

#endif
