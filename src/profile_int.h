/*
 * profile_int.h: what the parts of the profile parser share, seen only by
 * src/profile*.c: the key table, the parser's state, and the value
 * readers of profile_value.c that profile.c's key handling calls. Pure
 * code, any thread (one parser per call).
 */
#ifndef TLSMATRIX_PROFILE_INT_H
#define TLSMATRIX_PROFILE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "profile.h"
#include "status.h"

/* Longest physical line; a longer one is an error, not a truncation. */
#define PROFILE_MAX_LINE	(64 * 1024)
/* Longest id (it names a matrix column and a JSON key). */
#define PROFILE_MAX_ID		64
/* Largest key-size floor we accept for min_rsa_bits and min_dh_bits. */
#define PROFILE_MAX_BITS	16384

/* How often Chromium sends a GREASE extension (first and last). */
#define MAX_GREASE_EXTS		2

enum key_kind {
	KIND_TEXT,	/* free text; continuation lines join with a space */
	KIND_LIST,	/* whitespace or comma separated tokens */
};

enum key_id {
	KEY_ID,
	KEY_NAME,
	KEY_FAMILY,
	KEY_RUNTIME,
	KEY_LIBRARY,
	KEY_PLATFORM,
	KEY_VERSIONS,
	KEY_SUITES,
	KEY_GROUPS,
	KEY_KEY_SHARES,
	KEY_SIGALGS,
	KEY_EXTENSIONS,
	KEY_ALPN,
	KEY_SNI,
	KEY_RECORD_VERSION,
	KEY_LEGACY_VERSION,
	KEY_SESSION_ID_LEN,
	KEY_COMPRESSION,
	KEY_SIGALGS_CERT,
	KEY_EC_POINT_FORMATS,
	KEY_PSK_MODES,
	KEY_CERT_COMPRESSION,
	KEY_RECORD_SIZE_LIMIT,
	KEY_PADDING,
	KEY_GREASE,
	KEY_SHUFFLE_EXTENSIONS,
	KEY_ALPS,
	KEY_DELEGATED_CREDENTIALS,
	KEY_EXT_DATA,
	KEY_ECH_GREASE,
	KEY_DEFAULT,
	KEY_SECURITY_LEVEL,
	KEY_VERIFY_PEER,
	KEY_CHECK_HOSTNAME,
	KEY_MIN_RSA_BITS,
	KEY_MIN_DH_BITS,
	KEY_STRICT_X509,
	KEY_SHA1_CERTIFICATES,
	KEY_LEGACY_SIGNATURES,
	KEY_TRUST_STORE,
	KEY_TRUSTED_FIRST,
	KEY_AIA_FETCH,
	KEY_CHAIN_ORDER,
	KEY_CN_FALLBACK,
	KEY_WILDCARDS,
	KEY_IP_NAMES,
	KEY_EKU_CHECK,
	KEY_MAX_CERT_MESSAGE,
	KEY_SOURCE,
	KEY_NOTE,
	KEY_COUNT
};

/* One key of the format: its name, kind and whether a profile needs it. */
struct profile_key {
	const char	*name;
	enum key_kind	 kind;
	bool		 required;
};

extern const struct profile_key profile_keys[KEY_COUNT];

/* The state of one profile_parse call. */
struct parser {
	const char	*origin;
	char		*err;
	size_t		 errlen;
	struct profile	*p;

	unsigned	 line;		/* physical line, from 1 */
	int		 cur;		/* key being read, or -1 */
	unsigned	 seen[KEY_COUNT];	/* line of each key or 0 */

	char		*text;		/* value of a text key */
	size_t		 text_len;
	size_t		 text_cap;
	size_t		 list_cap;	/* capacity of the list */
};

/* "origin:line: " and the message into the parser's err; ST_EPARSE. */
enum status	profile_perr(struct parser *ps, unsigned line, const char *fmt,
		    ...) __attribute__((format(printf, 3, 4)));

/* --- profile_value.c: one value or token of a key --- */

/* Adds a value segment (one line's worth, trimmed) to the current key. */
enum status	profile_add_segment(struct parser *ps, char *seg, size_t len);
/*
 * Checks one physical line (without its newline): no control characters
 * but tab, and well-formed UTF-8 (no overlong forms, no surrogates), so
 * nothing from a profile can drive a terminal or break JSON output.
 * Returns NULL, or what is wrong.
 */
const char	*profile_check_bytes(const unsigned char *s, size_t len);
/* Whether a list key holds bytes, or names (ALPN), not 16-bit codes. */
bool		profile_is_list8(int key);
bool		profile_is_names(int key);
bool		profile_is_space(int c);
/* The array and count fields of a uint8 list key. */
void		profile_list8_fields(struct profile *p, int key, uint8_t ***v,
		    size_t **n);
/* The array and count fields of a uint16 list key. */
void		profile_list_fields(struct profile *p, int key, uint16_t ***v,
		    size_t **n);
/* yes/no, true/false. */
bool		profile_parse_bool(const char *s, bool *out);
/* Parses a decimal number in [0, max]; no sign, no spaces. */
bool		profile_parse_uint(const char *s, unsigned max, unsigned *out);
/* GREASE ECH: "kdf=... aead=... payload=..." (draft-ietf-tls-esni §6.2). */
enum status	profile_parse_ech_grease(struct parser *ps, unsigned line,
		    const char *v);
/* The certificate-decision keys with words for values (issue #14). */
enum status	profile_parse_trust_key(struct parser *ps, int key,
		    unsigned line, const char *v);
/* Checks an id: [a-z0-9._-]+, at most PROFILE_MAX_ID bytes. */
bool		profile_valid_id(const char *s);

#endif
