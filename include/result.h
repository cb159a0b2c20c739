/*
 * result.h: what one probe found, as plain data.
 *
 * A worker fills a struct probe_result and hands it to the main thread.
 * Every network and TLS outcome, failures included, is data here; nothing
 * in it points elsewhere, so it can be copied, queued and freed alone.
 * Strings that came from the server (certificate names, alert details) are
 * stored as received and escaped only when displayed (fmt.h).
 */
#ifndef TLSMATRIX_RESULT_H
#define TLSMATRIX_RESULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* How the probe ended. */
enum probe_outcome {
	PROBE_OK = 0,		/* handshake complete and policy satisfied */
	PROBE_FAILED,		/* a TLS-level failure: see reason */
	PROBE_ERROR,		/* tlsmatrix itself could not run the probe */
	PROBE_CANCELED,
};

/*
 * Why a cell failed: the machine-readable `reason` of the JSON output.
 * The taxonomy is documented in docs/ARCHITECTURE.md and grows with #6.
 */
enum fail_reason {
	REASON_NONE = 0,
	REASON_NO_SHARED_CIPHER,
	REASON_NO_SHARED_PROTOCOL,
	REASON_NO_SHARED_GROUP,
	REASON_NO_SHARED_SIGALG,
	REASON_LEGACY_SIGNATURE,
	REASON_DH_TOO_SMALL,
	REASON_KEY_TOO_SMALL,
	REASON_CERT_UNTRUSTED,
	REASON_CERT_EXPIRED,
	REASON_CERT_NOT_YET_VALID,
	REASON_CERT_HOSTNAME,
	REASON_CERT_WEAK_SIGNATURE,
	REASON_CERT_STRICT,
	REASON_CERT_INVALID,	/* other verification failures */
	REASON_SNI_REQUIRED,
	REASON_SERVER_ALERT,	/* the server refused: see alert */
	REASON_REFUSED,		/* TCP connection refused */
	REASON_TIMEOUT,
	REASON_RESET,		/* TCP reset */
	REASON_CLOSED,		/* the server closed without an alert */
	REASON_NOT_TLS,		/* garbage, HTTP, SSLv2 */
	REASON_UNREACHABLE,	/* no route, network down */
	REASON_PROTOCOL_ERROR,	/* the server broke the protocol */
	REASON_LOCAL,		/* our side could not run the probe */
	REASON_CERT_EKU,	/* not valid for server authentication */
	REASON_MESSAGE_TOO_LARGE,	/* a handshake message over the
					 * client's limit */
	REASON_SNI_REJECTED,	/* unrecognized_name for the name sent */
	REASON_ILLEGAL_PARAMETER, /* the server picked what was not offered */
	REASON_CLIENT_CERT_REQUIRED, /* it requires a client certificate */
	REASON_PROXY_UNREACHABLE, /* --proxy: the proxy cannot be reached */
	REASON_PROXY_REFUSED,	/* --proxy: it refused the tunnel */
	REASON_PROXY_AUTH,	/* --proxy: it wants (other) credentials */
	REASON_PROXY_PROTOCOL,	/* --proxy: it answered garbage */
	REASON_STARTTLS_UNSUPPORTED, /* the service does not offer STARTTLS */
	REASON_STARTTLS_REFUSED, /* it offers STARTTLS but refuses it */
	REASON_STARTTLS_PROTOCOL, /* not that protocol, or over a bound */
};

/* How many reasons there are: keep it after the last one. */
#define REASON_COUNT	(REASON_STARTTLS_PROTOCOL + 1)

#define RESULT_TEXT_MAX	256
#define RESULT_STORE_MAX	48	/* a trust store's label */
#define RESULT_CHAIN_MAX	8	/* links of a chain kept */
#define RESULT_LINK_MAX		96	/* a link's subject, cut with "..." */

/*
 * What stands for a NUL byte in server text: U+2400 SYMBOL FOR NULL. A NUL
 * would end the C string early and could hide what follows it
 * ("good.example\0.evil.example"); every other byte is stored as received.
 */
#define RESULT_NUL_SHOWN	"\xe2\x90\x80"
#define RESULT_NUL_SHOWN_LEN	(sizeof RESULT_NUL_SHOWN - 1)

/*
 * Names are one line, "CN=host,O=Example, Inc.": attributes from the last
 * RDN to the first (RFC 2253's order), "SN=value" (short name, else the
 * dotted OID), '+' inside a multi-valued RDN, ',' between RDNs. Values
 * are UTF-8 as the certificate has them, unescaped, but for NUL
 * (RESULT_NUL_SHOWN). A cut ends in "...".
 */
struct cert_summary {
	char	subject[RESULT_TEXT_MAX];
	char	issuer[RESULT_TEXT_MAX];
	char	san[RESULT_TEXT_MAX];		/* "DNS:a, DNS:b, IP:..." */
	char	not_before[24];			/* "2026-11-28T10:00:00Z" */
	char	not_after[24];
	char	key_type[16];			/* "RSA", "EC", "Ed25519" */
	int	key_bits;
	char	signature_algorithm[48];	/* "sha256WithRSAEncryption" */
	char	sha256[65];			/* lowercase hex of the DER */
};

/* What a server that asks for a client certificate did with ours. */
enum client_auth_verdict {
	CLIENT_AUTH_NONE = 0,	/* no CertificateRequest seen */
	CLIENT_AUTH_UNKNOWN,	/* asked; what it does without one unknown */
	CLIENT_AUTH_OPTIONAL,	/* asked, went on without a certificate */
	CLIENT_AUTH_REQUIRED,	/* refused to go on without one */
	CLIENT_AUTH_ACCEPTED,	/* took the --cert certificate */
	CLIENT_AUTH_REJECTED,	/* refused the --cert certificate */
};

#define RESULT_MAX_CA_SIGALGS	16

/* A CertificateRequest and its outcome (RFC 8446 §4.3.2, RFC 5246
 * §7.4.4), found by an OpenSSL handshake (probe_client_auth). */
struct client_auth {
	enum client_auth_verdict verdict;
	int		alert;		/* the alert that refused, -1 none */
	bool		by_http;	/* refused in HTTP (nginx: 400 "No
					 * required SSL certificate") */
	char		ca_names[RESULT_TEXT_MAX];	/* "CN=A; CN=B" */
	size_t		n_ca_names;
	uint16_t	sigalgs[RESULT_MAX_CA_SIGALGS];	/* it asks for */
	size_t		n_sigalgs;
	char		presented[128];	/* --cert's subject, or "" */
};

struct probe_result {
	enum probe_outcome outcome;
	enum fail_reason reason;	/* REASON_NONE when ok */
	const char	*method;	/* "hello", "openssl", "enumeration"
					 * (static strings) */
	bool		 by_enumeration;	/* decided from the server's
					 * enumeration, without a connection
					 * (explain_certain_refusal) */
	uint16_t	 shared_by;	/* profiles judged on this one
					 * exchange, this one included
					 * (probe_run_shared); 0: its own */
	uint8_t		 connections;	/* TCP connections tried for it; a
					 * shared exchange counts them on
					 * its first profile only (--trace) */

	/* negotiated, when the handshake got that far (0 when not) */
	uint16_t	version;
	uint16_t	cipher;		/* IANA code */
	uint16_t	group;		/* key exchange group, 0 if unknown */
	int		dh_bits;	/* finite-field DHE only, else 0 */

	/* alerts: -1 when none */
	int		alert_received;	/* sent by the server */
	int		alert_sent;	/* sent by our client */

	/* the server's leaf certificate, if it sent one */
	bool		have_cert;
	struct cert_summary cert;
	long		verify_code;	/* X509_V_OK (0) or an X509_V_ERR_* */

	/*
	 * The certificate decision as this client makes it (issue #14): the
	 * store it verified against and the chain it built, leaf first, up
	 * to its anchor or to where it broke; for the detail pane, the
	 * chain as the server sent it too.
	 */
	char		trust_store[RESULT_STORE_MAX];	/* "system", "node-20",
							 * "ca-file"; "" if
							 * not verified */
	uint8_t		n_chain;
	bool		chain_anchored;	/* the last link is a trust anchor */
	struct result_link {
		char	subject[RESULT_LINK_MAX];
		char	sha256[17];	/* the first 16 hex digits */
		char	from[8];	/* "sent", "store", "fetched" */
	}		chain[RESULT_CHAIN_MAX];
	uint8_t		n_sent;		/* certificates sent (capped) */
	char		sent[RESULT_CHAIN_MAX][RESULT_LINK_MAX];	/* subjects */

	/* timings in milliseconds, from the start of the probe */
	uint32_t	connect_ms;
	uint32_t	handshake_ms;

	/* one line for humans: what failed and where it came from */
	char		detail[RESULT_TEXT_MAX];

	/* the server asked for a client certificate (#15) */
	struct client_auth client_auth;
};

/* Machine name of a reason: "no-shared-cipher", ...; "" for REASON_NONE. */
const char	*result_reason_name(enum fail_reason r);
/* A short phrase for a reason: "no cipher suite in common". */
const char	*result_reason_text(enum fail_reason r);
/* Sets r to a blank result: outcome error, alerts -1, method static. */
void		 result_init(struct probe_result *r);

#endif
