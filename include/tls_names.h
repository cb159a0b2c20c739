/*
 * tls_names.h: the IANA TLS registries as static tables.
 *
 * Code <-> name for protocol versions, cipher suites (with their OpenSSL
 * names and a classification used to explain failures), named groups,
 * signature schemes, extensions and alerts. Pure data; any thread.
 * Names returned are static strings and never NULL unless stated.
 */
#ifndef TLSMATRIX_TLS_NAMES_H
#define TLSMATRIX_TLS_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Protocol version codes as on the wire. */
#define TLS_VERSION_SSL3	0x0300
#define TLS_VERSION_TLS10	0x0301
#define TLS_VERSION_TLS11	0x0302
#define TLS_VERSION_TLS12	0x0303
#define TLS_VERSION_TLS13	0x0304

/* The renegotiation SCSV, a suite value (RFC 5746 §3.3). */
#define TLS_SUITE_SCSV_RENEGO		0x00ff

/* Record content types (RFC 8446 §B.1, RFC 6520). */
#define TLS_CT_CHANGE_CIPHER_SPEC	20
#define TLS_CT_ALERT			21
#define TLS_CT_HANDSHAKE		22
#define TLS_CT_APPLICATION_DATA		23
#define TLS_CT_HEARTBEAT		24

/* The largest record plaintext (RFC 8446 §5.1). */
#define TLS_MAX_PLAINTEXT		16384

/* Handshake message types (RFC 8446 §B.3, RFC 5246 §7.4, RFC 6066 §8). */
#define TLS_HS_HELLO_REQUEST		0
#define TLS_HS_CLIENT_HELLO		1
#define TLS_HS_SERVER_HELLO		2
#define TLS_HS_CERTIFICATE		11
#define TLS_HS_SERVER_KEY_EXCHANGE	12
#define TLS_HS_CERTIFICATE_REQUEST	13
#define TLS_HS_SERVER_HELLO_DONE	14
#define TLS_HS_CERTIFICATE_STATUS	22

/* Extension types (IANA "TLS ExtensionType Values"); the table below
 * names every one, these are the ones the wire code builds or reads. */
#define TLS_EXT_SERVER_NAME		0x0000
#define TLS_EXT_MAX_FRAGMENT_LENGTH	0x0001
#define TLS_EXT_STATUS_REQUEST		0x0005
#define TLS_EXT_SUPPORTED_GROUPS	0x000a
#define TLS_EXT_EC_POINT_FORMATS	0x000b
#define TLS_EXT_SIGALGS			0x000d
#define TLS_EXT_ALPN			0x0010
#define TLS_EXT_SCT			0x0012
#define TLS_EXT_PADDING			0x0015
#define TLS_EXT_ENCRYPT_THEN_MAC	0x0016
#define TLS_EXT_EMS			0x0017
#define TLS_EXT_COMPRESS_CERT		0x001b
#define TLS_EXT_RECORD_SIZE_LIMIT	0x001c
#define TLS_EXT_DELEGATED_CRED		0x0022
#define TLS_EXT_SESSION_TICKET		0x0023
#define TLS_EXT_PRE_SHARED_KEY		0x0029
#define TLS_EXT_EARLY_DATA		0x002a
#define TLS_EXT_SUPPORTED_VERSIONS	0x002b
#define TLS_EXT_COOKIE			0x002c
#define TLS_EXT_PSK_MODES		0x002d
#define TLS_EXT_POST_HS_AUTH		0x0031
#define TLS_EXT_SIGALGS_CERT		0x0032
#define TLS_EXT_KEY_SHARE		0x0033
#define TLS_EXT_GREASE			0x0a0a	/* how profiles mark GREASE */
#define TLS_EXT_ALPS_OLD		0x4469
#define TLS_EXT_ALPS			0x44cd
#define TLS_EXT_ECH			0xfe0d
#define TLS_EXT_RENEGOTIATION_INFO	0xff01

/* Named groups the wire code treats specially (IANA "TLS Supported
 * Groups"; X25519Kyber768 is draft-tls-westerbaan-xyber768d00). */
#define TLS_GROUP_SECP256R1		0x0017
#define TLS_GROUP_SECP384R1		0x0018
#define TLS_GROUP_SECP521R1		0x0019
#define TLS_GROUP_X25519		0x001d
#define TLS_GROUP_X448			0x001e
#define TLS_GROUP_FFDHE2048		0x0100
#define TLS_GROUP_FFDHE8192		0x0104
#define TLS_GROUP_X25519MLKEM768	0x11ec
#define TLS_GROUP_X25519KYBER768	0x6399

/* Alert descriptions the probes act on (RFC 8446 §6). */
#define TLS_ALERT_HANDSHAKE_FAILURE	40
#define TLS_ALERT_PROTOCOL_VERSION	70
#define TLS_ALERT_UNRECOGNIZED_NAME	112

/* Key exchange of a suite; TLS 1.3 suites use TLS_KX_ANY (RFC 8446 §B.4). */
enum tls_kx {
	TLS_KX_NONE = 0,	/* signalling values such as the SCSV */
	TLS_KX_RSA,
	TLS_KX_DHE,
	TLS_KX_ECDHE,
	TLS_KX_DH,		/* static DH */
	TLS_KX_ECDH,		/* static ECDH */
	TLS_KX_PSK,		/* PSK, DHE_PSK, ECDHE_PSK, RSA_PSK */
	TLS_KX_SRP,
	TLS_KX_ANON,		/* DH_anon, ECDH_anon */
	TLS_KX_ANY,		/* TLS 1.3: negotiated by key_share */
	TLS_KX_OTHER,		/* KRB5, GOST, ... */
};

/* Server authentication of a suite. */
enum tls_auth {
	TLS_AUTH_NONE = 0,
	TLS_AUTH_RSA,
	TLS_AUTH_ECDSA,
	TLS_AUTH_DSS,
	TLS_AUTH_PSK,
	TLS_AUTH_ANY,		/* TLS 1.3: by signature_algorithms */
	TLS_AUTH_OTHER,
};

/* MAC of a suite: AEAD suites carry none of their own. */
enum tls_mac {
	TLS_MAC_NONE = 0,
	TLS_MAC_AEAD,
	TLS_MAC_MD5,
	TLS_MAC_SHA1,
	TLS_MAC_SHA256,
	TLS_MAC_SHA384,
	TLS_MAC_OTHER,
};

struct tls_suite {
	uint16_t	 code;
	const char	*iana;		/* e.g. "TLS_RSA_WITH_AES_256_CBC_SHA" */
	const char	*openssl;	/* e.g. "AES256-SHA"; NULL if none */
	enum tls_kx	 kx;
	enum tls_auth	 auth;
	enum tls_mac	 mac;
	const char	*cipher;	/* bulk cipher, e.g. "AES_256_CBC" */
	bool		 tls13;		/* a TLS 1.3 suite (0x13xx) */
};

/* The whole suite table, in code order, and its length. */
const struct tls_suite	*tls_suites(size_t *n);
/* The entry for code, or NULL when the registry has none. */
const struct tls_suite	*tls_suite_by_code(uint16_t code);
/* Looks up an IANA name or an OpenSSL name (case-sensitive); NULL if none. */
const struct tls_suite	*tls_suite_by_name(const char *name);
/* The IANA name for code, or NULL. */
const char		*tls_suite_name(uint16_t code);
/* Parses "0x" and min_digits to four hex digits (either case) into out. */
bool		 tls_code_parse(const char *s, size_t min_digits, uint16_t *out);
/* True for the renegotiation SCSV, TLS_FALLBACK_SCSV and GREASE values. */
bool			 tls_suite_is_signal(uint16_t code);
/* True for the 16 GREASE values of RFC 8701 (0x0a0a ... 0xfafa). */
bool			 tls_is_grease(uint16_t code);

/* "TLSv1.2" style names (as OpenSSL prints them), "SSLv3"; NULL if unknown. */
const char	*tls_version_name(uint16_t version);
/* Accepts "TLSv1.2", "TLS1.2", "tls1.2", "1.2", "TLSv1", "TLSv1.0", "SSLv3"
 * and "0x0303"; false if unknown. */
bool		 tls_version_parse(const char *s, uint16_t *version);

/* Named groups (RFC 8446 §4.2.7, RFC 8422, RFC 7919): "x25519", "secp256r1",
 * "ffdhe2048", "X25519MLKEM768" ... NULL if unknown. */
const char	*tls_group_name(uint16_t group);
/* Accepts the IANA name and the OpenSSL aliases ("P-256", "prime256v1"). */
bool		 tls_group_parse(const char *s, uint16_t *group);

/* Signature schemes (RFC 8446 §4.2.3): "rsa_pss_rsae_sha256" ... */
const char	*tls_sigalg_name(uint16_t sigalg);
bool		 tls_sigalg_parse(const char *s, uint16_t *sigalg);

/* Extensions: "server_name", "supported_groups" ... NULL if unknown. */
const char	*tls_ext_name(uint16_t ext);
bool		 tls_ext_parse(const char *s, uint16_t *ext);

/* Alert descriptions (RFC 8446 §6): "handshake_failure" ... NULL if unknown. */
const char	*tls_alert_name(uint8_t alert);

/*
 * The group, sigalg and extension parsers ignore case and also accept a
 * code the table knows, written "0xHHHH". tls_names_check verifies that
 * every table is sorted by code without duplicate codes or names (for the
 * unit test); false with the first problem in err.
 */
bool		 tls_names_check(char *err, size_t errlen);

#endif
