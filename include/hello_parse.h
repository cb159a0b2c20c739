/*
 * hello_parse.h: what a server answered to a ClientHello, from raw bytes.
 *
 * Pure and bounded. hello_parse takes every byte received so far (from
 * the first one) and reports what it can: records are reassembled into
 * handshake messages whether a message spans records or a record packs
 * several (RFC 8446 §5.1); ServerHello or HelloRetryRequest (told apart by
 * the special random, RFC 8446 §4.1.3), alerts, Certificate,
 * ServerKeyExchange and ServerHelloDone (RFC 5246 §7.4) are decoded. For
 * TLS 1.3 everything after the ServerHello is encrypted, so parsing ends
 * there. An SSLv2 answer or plain text (an HTTP server on a TLS port) is
 * recognised as such. Truncated input is HELLO_INCOMPLETE, never an error
 * and never an over-read. Any thread.
 */
#ifndef TLSMATRIX_HELLO_PARSE_H
#define TLSMATRIX_HELLO_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HELLO_PARSE_MAX_CERTS	16	/* chain entries whose spans we keep */
#define HELLO_PARSE_MAX_EXTS	32
#define HELLO_PARSE_MAX_CR_SIGALGS	32	/* CertificateRequest */
#define HELLO_PARSE_MAX_CR_CAS	1024	/* bytes of CA names kept */
/* Handshake bytes reassembled at most; a longer flight is malformed. */
#define HELLO_PARSE_MAX_HANDSHAKE	(1024 * 1024)
/* Largest record length accepted (RFC 5246 §6.2.3, RFC 8446 §5.2). */
#define HELLO_PARSE_MAX_RECORD	(16384 + 2048)

enum hello_parse_state {
	HELLO_INCOMPLETE = 0,	/* need more bytes */
	HELLO_DONE,		/* the flight we wait for is complete */
	HELLO_ALERT,		/* the server sent an alert (see alert_*) */
	HELLO_NOT_TLS,		/* not a TLS server: see not_tls */
	HELLO_MALFORMED,	/* TLS, but broken: see error */
};

enum hello_not_tls {
	NOT_TLS_NONE = 0,
	NOT_TLS_SSLV2,		/* an SSLv2 record (RFC 6101 §E.1 style) */
	NOT_TLS_HTTP,		/* "HTTP/" */
	NOT_TLS_TEXT,		/* other printable text (SMTP, SSH banner...) */
	NOT_TLS_BINARY,		/* anything else */
};

/*
 * A byte range inside the caller's buffer: valid while it is. A DER
 * certificate that straddles a record boundary is not contiguous in buf:
 * then split is set, off is where it starts, and hello_parse_cert_der
 * gathers it. hs_off is its offset in the reassembled handshake stream.
 */
struct hello_span {
	size_t	off, len;
	size_t	hs_off;
	bool	split;
};

struct server_flight {
	enum hello_parse_state state;

	/* ServerHello or HelloRetryRequest */
	bool		have_server_hello;
	bool		is_hrr;
	uint16_t	legacy_version;
	uint16_t	version;	/* supported_versions, else legacy */
	uint16_t	cipher;
	uint8_t		compression;
	uint8_t		session_id_len;
	uint16_t	key_share_group;	/* SH key_share / HRR group */
	bool		have_cookie;		/* HRR asked for a cookie */
	uint16_t	exts[HELLO_PARSE_MAX_EXTS];	/* in the SH, in order */
	size_t		n_exts;
	bool		renegotiation_info;	/* RFC 5746 */
	bool		extended_master_secret;
	bool		encrypt_then_mac;
	char		alpn[32];

	/* Certificate (TLS <= 1.2 only: encrypted in TLS 1.3) */
	bool		have_certificate;
	size_t		n_certs;		/* may exceed the spans kept */
	struct hello_span certs[HELLO_PARSE_MAX_CERTS];	/* DER, leaf first */
	size_t		chain_bytes;

	/* ServerKeyExchange */
	bool		have_ske;
	enum { SKE_NONE = 0, SKE_DHE, SKE_ECDHE, SKE_OTHER } ske_kind;
	unsigned	dh_bits;		/* bits of the DH prime p */
	uint16_t	ske_group;		/* named curve of ECDHE */
	uint16_t	ske_sigalg;		/* TLS 1.2 SignatureScheme, or 0 */

	bool		have_server_hello_done;
	bool		have_certificate_request;
	/* CertificateRequest (RFC 5246 §7.4.4): the signature schemes it
	 * names (TLS 1.2; the first HELLO_PARSE_MAX_CR_SIGALGS), and its
	 * certificate_authorities as on the wire, each DistinguishedName
	 * with its 2-byte length, cut after the last whole one that fits. */
	uint16_t	cr_sigalgs[HELLO_PARSE_MAX_CR_SIGALGS];
	size_t		n_cr_sigalgs;
	uint8_t		cr_cas[HELLO_PARSE_MAX_CR_CAS];
	size_t		cr_cas_len;
	size_t		n_cr_cas;		/* names sent, kept or not */
	bool		have_certificate_status;	/* OCSP stapled */

	/* Alert */
	bool		have_alert;
	uint8_t		alert_level;		/* 1 warning, 2 fatal */
	uint8_t		alert_desc;

	enum hello_not_tls not_tls;
	uint16_t	record_version;		/* of the first record */
	size_t		consumed;		/* bytes understood so far */
	char		error[128];		/* for HELLO_MALFORMED */
};

/*
 * Parses buf[0..len) from the first byte. HELLO_DONE means: a TLS 1.3
 * ServerHello or a HelloRetryRequest (the rest is encrypted or needs a
 * second hello), or a TLS <= 1.2 flight up to ServerHelloDone. Spans in
 * out point into buf.
 */
enum hello_parse_state hello_parse(const uint8_t *buf, size_t len,
		    struct server_flight *out);

/*
 * Copies certificate i of out (which hello_parse filled from the same
 * buf/len) into a new buffer, split across records or not. NULL if i is
 * out of range; the caller frees the result.
 */
uint8_t	*hello_parse_cert_der(const uint8_t *buf, size_t len,
	    const struct server_flight *out, size_t i, size_t *der_len);

/* "incomplete", "done", "alert", "not TLS", "malformed". */
const char	*hello_parse_state_name(enum hello_parse_state s);
/* "SSLv2", "HTTP", "text", "binary"; "" for NOT_TLS_NONE. */
const char	*hello_not_tls_name(enum hello_not_tls k);

/* HelloRetryRequest's fixed random (RFC 8446 §4.1.3). */
extern const uint8_t hello_hrr_random[32];

#endif
