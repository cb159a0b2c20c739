/*
 * profile.c: client profiles from text files (format: docs/PROFILES.md).
 *
 * Callers: main/cli load the profile directory once at start-up; the model,
 * the probes and the front ends then read the frozen profiles from any
 * thread. Parsing is pure and strict: profile files are input we did not
 * write, so every line is bounded, every byte checked (no NUL, no control
 * characters, valid UTF-8) and every name must be one the registries in
 * tls_names know. A bad file is an error with "origin:line: reason", never
 * a partly filled profile.
 */
#include "config.h"

#include <ctype.h>

#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "profile.h"
#include "tls_names.h"
#include "xmem.h"

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

static const struct {
	const char	*name;
	enum key_kind	 kind;
	bool		 required;
} keys[KEY_COUNT] = {
	/* designated initialisers keep the names next to the enum */
	[KEY_ID] = { "id", KIND_TEXT, true },
	[KEY_NAME] = { "name", KIND_TEXT, true },
	[KEY_FAMILY] = { "family", KIND_TEXT, true },
	[KEY_RUNTIME] = { "runtime", KIND_TEXT, false },
	[KEY_LIBRARY] = { "library", KIND_TEXT, false },
	[KEY_PLATFORM] = { "platform", KIND_TEXT, false },
	[KEY_VERSIONS] = { "versions", KIND_LIST, true },
	[KEY_SUITES] = { "suites", KIND_LIST, true },
	[KEY_GROUPS] = { "groups", KIND_LIST, false },
	[KEY_KEY_SHARES] = { "key_shares", KIND_LIST, false },
	[KEY_SIGALGS] = { "sigalgs", KIND_LIST, false },
	[KEY_EXTENSIONS] = { "extensions", KIND_LIST, false },
	[KEY_ALPN] = { "alpn", KIND_LIST, false },
	[KEY_SNI] = { "sni", KIND_TEXT, false },
	[KEY_RECORD_VERSION] = { "record_version", KIND_TEXT, false },
	[KEY_LEGACY_VERSION] = { "legacy_version", KIND_TEXT, false },
	[KEY_SESSION_ID_LEN] = { "session_id_len", KIND_TEXT, false },
	[KEY_COMPRESSION] = { "compression", KIND_LIST, false },
	[KEY_SIGALGS_CERT] = { "sigalgs_cert", KIND_LIST, false },
	[KEY_EC_POINT_FORMATS] = { "ec_point_formats", KIND_LIST, false },
	[KEY_PSK_MODES] = { "psk_modes", KIND_LIST, false },
	[KEY_CERT_COMPRESSION] = { "cert_compression", KIND_LIST, false },
	[KEY_RECORD_SIZE_LIMIT] = { "record_size_limit", KIND_TEXT, false },
	[KEY_PADDING] = { "padding", KIND_TEXT, false },
	[KEY_GREASE] = { "grease", KIND_TEXT, false },
	[KEY_SHUFFLE_EXTENSIONS] = { "shuffle_extensions", KIND_TEXT, false },
	[KEY_ALPS] = { "alps", KIND_LIST, false },
	[KEY_DELEGATED_CREDENTIALS] = { "delegated_credentials", KIND_LIST,
	    false },
	[KEY_EXT_DATA] = { "ext_data", KIND_LIST, false },
	[KEY_ECH_GREASE] = { "ech_grease", KIND_TEXT, false },
	[KEY_DEFAULT] = { "default", KIND_TEXT, false },
	[KEY_SECURITY_LEVEL] = { "security_level", KIND_TEXT, false },
	[KEY_VERIFY_PEER] = { "verify_peer", KIND_TEXT, false },
	[KEY_CHECK_HOSTNAME] = { "check_hostname", KIND_TEXT, false },
	[KEY_MIN_RSA_BITS] = { "min_rsa_bits", KIND_TEXT, false },
	[KEY_MIN_DH_BITS] = { "min_dh_bits", KIND_TEXT, false },
	[KEY_STRICT_X509] = { "strict_x509", KIND_TEXT, false },
	[KEY_SHA1_CERTIFICATES] = { "sha1_certificates", KIND_TEXT, false },
	[KEY_LEGACY_SIGNATURES] = { "legacy_signatures", KIND_TEXT, false },
	[KEY_TRUST_STORE] = { "trust_store", KIND_TEXT, false },
	[KEY_TRUSTED_FIRST] = { "trusted_first", KIND_TEXT, false },
	[KEY_AIA_FETCH] = { "aia_fetch", KIND_TEXT, false },
	[KEY_CHAIN_ORDER] = { "chain_order", KIND_TEXT, false },
	[KEY_CN_FALLBACK] = { "cn_fallback", KIND_TEXT, false },
	[KEY_WILDCARDS] = { "wildcards", KIND_TEXT, false },
	[KEY_IP_NAMES] = { "ip_names", KIND_TEXT, false },
	[KEY_EKU_CHECK] = { "eku_check", KIND_TEXT, false },
	[KEY_MAX_CERT_MESSAGE] = { "max_cert_message", KIND_TEXT, false },
	[KEY_SOURCE] = { "source", KIND_TEXT, false },
	[KEY_NOTE] = { "note", KIND_TEXT, false },
};

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

static enum status __attribute__((format(printf, 3, 4)))
perr(struct parser *ps, unsigned line, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (ps->err == NULL || ps->errlen == 0)
		return ST_EPARSE;
	n = snprintf(ps->err, ps->errlen, "%s:%u: ", ps->origin, line);
	if (n >= 0 && (size_t)n < ps->errlen) {
		va_start(ap, fmt);
		(void)status_vset_err(ps->err + n, ps->errlen - (size_t)n,
		    fmt, ap);
		va_end(ap);
	}
	return ST_EPARSE;
}

static bool
is_space(int c)
{
	return c == ' ' || c == '\t';
}

/*
 * Checks one physical line (without its newline): no control characters
 * but tab, and well-formed UTF-8 (no overlong forms, no surrogates), so
 * nothing from a profile can drive a terminal or break JSON output.
 */
static const char *
check_bytes(const unsigned char *s, size_t len)
{
	size_t i = 0, need, k;
	unsigned c, cp, min;

	while (i < len) {
		c = s[i];
		if (c == '\0')
			return "NUL byte";
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return "control character";
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			need = 1;
			cp = c & 0x1f;
			min = 0x80;
		} else if (c >= 0xe0 && c <= 0xef) {
			need = 2;
			cp = c & 0x0f;
			min = 0x800;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3;
			cp = c & 0x07;
			min = 0x10000;
		} else
			return "invalid UTF-8";
		if (len - i - 1 < need)
			return "invalid UTF-8";
		for (k = 1; k <= need; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return "invalid UTF-8";
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return "invalid UTF-8";
		if (cp >= 0x80 && cp < 0xa0)
			return "control character";
		i += need + 1;
	}
	return NULL;
}

/* Parses 0x followed by one to four hex digits. */
static bool
parse_code(const char *s, uint16_t *out)
{
	unsigned v = 0;
	size_t i;
	int c;

	if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X') || s[2] == '\0')
		return false;
	for (i = 2; s[i] != '\0'; i++) {
		if (i >= 6)
			return false;
		c = (unsigned char)s[i];
		if (c >= '0' && c <= '9')
			v = v * 16 + (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v = v * 16 + (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v = v * 16 + (unsigned)(c - 'A' + 10);
		else
			return false;
	}
	*out = (uint16_t)v;
	return true;
}

/* Parses a decimal number in [0, max]; no sign, no spaces. */
static bool
parse_uint(const char *s, unsigned max, unsigned *out)
{
	unsigned long v = 0;
	size_t i;

	if (s[0] == '\0')
		return false;
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9' || i >= 9)
			return false;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (v > max)
		return false;
	*out = (unsigned)v;
	return true;
}

static bool
parse_bool(const char *s, bool *out)
{
	if (strcmp(s, "yes") == 0 || strcmp(s, "true") == 0) {
		*out = true;
		return true;
	}
	if (strcmp(s, "no") == 0 || strcmp(s, "false") == 0) {
		*out = false;
		return true;
	}
	return false;
}

/* The array and count fields of a uint16 list key. */
static void
list_fields(struct profile *p, int key, uint16_t ***v, size_t **n)
{
	switch (key) {
	case KEY_VERSIONS:
		*v = &p->versions;
		*n = &p->n_versions;
		break;
	case KEY_SUITES:
		*v = &p->suites;
		*n = &p->n_suites;
		break;
	case KEY_GROUPS:
		*v = &p->groups;
		*n = &p->n_groups;
		break;
	case KEY_KEY_SHARES:
		*v = &p->key_shares;
		*n = &p->n_key_shares;
		break;
	case KEY_SIGALGS:
		*v = &p->sigalgs;
		*n = &p->n_sigalgs;
		break;
	case KEY_SIGALGS_CERT:
		*v = &p->sigalgs_cert;
		*n = &p->n_sigalgs_cert;
		break;
	case KEY_CERT_COMPRESSION:
		*v = &p->cert_compression;
		*n = &p->n_cert_compression;
		break;
	case KEY_DELEGATED_CREDENTIALS:
		*v = &p->delegated_credentials;
		*n = &p->n_delegated_credentials;
		break;
	default:
		*v = &p->extensions;
		*n = &p->n_extensions;
		break;
	}
}

/* The array and count fields of a uint8 list key. */
static void
list8_fields(struct profile *p, int key, uint8_t ***v, size_t **n)
{
	switch (key) {
	case KEY_COMPRESSION:
		*v = &p->compression;
		*n = &p->n_compression;
		break;
	case KEY_EC_POINT_FORMATS:
		*v = &p->ec_point_formats;
		*n = &p->n_ec_point_formats;
		break;
	default:
		*v = &p->psk_modes;
		*n = &p->n_psk_modes;
		break;
	}
}

/* The array and count fields of a protocol-name list key. */
static void
names_fields(struct profile *p, int key, char ****v, size_t **n)
{
	if (key == KEY_ALPN) {
		*v = &p->alpn;
		*n = &p->n_alpn;
	} else {
		*v = &p->alps;
		*n = &p->n_alps;
	}
}

static bool
is_list8(int key)
{
	return key == KEY_COMPRESSION || key == KEY_EC_POINT_FORMATS ||
	    key == KEY_PSK_MODES;
}

static bool
is_names(int key)
{
	return key == KEY_ALPN || key == KEY_ALPS;
}

/* Names of small code points, per uint8 list key and for cert_compression. */
static const struct {
	int		 key;
	const char	*name;
	unsigned	 code;
} small_names[] = {
	{ KEY_COMPRESSION, "null", 0 },		/* RFC 5246 §7.4.1.2 */
	{ KEY_COMPRESSION, "deflate", 1 },	/* RFC 3749 */
	{ KEY_EC_POINT_FORMATS, "uncompressed", 0 },	/* RFC 8422 §5.1.2 */
	{ KEY_EC_POINT_FORMATS, "ansiX962_compressed_prime", 1 },
	{ KEY_EC_POINT_FORMATS, "ansiX962_compressed_char2", 2 },
	{ KEY_PSK_MODES, "psk_ke", 0 },		/* RFC 8446 §4.2.9 */
	{ KEY_PSK_MODES, "psk_dhe_ke", 1 },
	{ KEY_CERT_COMPRESSION, "zlib", 1 },	/* RFC 8879 §3 */
	{ KEY_CERT_COMPRESSION, "brotli", 2 },
	{ KEY_CERT_COMPRESSION, "zstd", 3 },
};

static bool
small_name(int key, const char *tok, unsigned *code)
{
	size_t i;

	for (i = 0; i < sizeof small_names / sizeof small_names[0]; i++) {
		if (small_names[i].key == key &&
		    strcasecmp(small_names[i].name, tok) == 0) {
			*code = small_names[i].code;
			return true;
		}
	}
	return false;
}

/* A uint8 list token: a name, a decimal number or 0xHH, at most 255. */
static const char *
token_u8(int key, const char *tok, uint8_t *out)
{
	uint16_t code;
	unsigned u;

	if (small_name(key, tok, &u) || parse_uint(tok, 255, &u)) {
		*out = (uint8_t)u;
		return NULL;
	}
	if (parse_code(tok, &code)) {
		if (code > 0xff)
			return "value larger than 0xff";
		*out = (uint8_t)code;
		return NULL;
	}
	switch (key) {
	case KEY_COMPRESSION:
		return "unknown compression method";
	case KEY_EC_POINT_FORMATS:
		return "unknown point format";
	default:
		return "unknown PSK mode";
	}
}

/* Turns one list token into a code; NULL or the reason it is bad. */
static const char *
token_code(int key, const char *tok, uint16_t *code)
{
	const struct tls_suite *s;
	unsigned u;

	/* RFC 8701: GREASE values are chosen per connection, so a list
	 * never names one; "grease = yes" puts them in. */
	if (key != KEY_EXTENSIONS && parse_code(tok, code) &&
	    tls_is_grease(*code))
		return "GREASE value (write grease = yes instead)";
	switch (key) {
	case KEY_VERSIONS:
		return tls_version_parse(tok, code) ? NULL : "unknown version";
	case KEY_SUITES:
		/* A code may be one the registry lacks (private use). */
		if (parse_code(tok, code))
			return NULL;
		if ((s = tls_suite_by_name(tok)) == NULL)
			return "unknown cipher suite";
		*code = s->code;
		return NULL;
	case KEY_GROUPS:
	case KEY_KEY_SHARES:
		if (parse_code(tok, code) || tls_group_parse(tok, code))
			return NULL;
		return "unknown group";
	case KEY_SIGALGS:
	case KEY_SIGALGS_CERT:
	case KEY_DELEGATED_CREDENTIALS:
		if (parse_code(tok, code) || tls_sigalg_parse(tok, code))
			return NULL;
		return "unknown signature algorithm";
	case KEY_CERT_COMPRESSION:
		if (small_name(key, tok, &u)) {
			*code = (uint16_t)u;
			return NULL;
		}
		if (parse_code(tok, code))
			return NULL;
		return "unknown certificate compression algorithm";
	default:
		if (strcasecmp(tok, "grease") == 0) {
			*code = TLS_EXT_GREASE;
			return NULL;
		}
		if (parse_code(tok, code) || tls_ext_parse(tok, code)) {
			if (tls_is_grease(*code) && *code != TLS_EXT_GREASE)
				return "GREASE value (write 'grease')";
			return NULL;
		}
		return "unknown extension";
	}
}

static int
hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Extensions whose body depends on the connection (the host name, the
 * key pairs, the length of the rest of the hello), so fixed bytes could
 * only be wrong.
 */
static bool
ext_body_is_computed(uint16_t type)
{
	return type == 0 || type == 21 || type == 41 || type == 51 ||
	    type == TLS_EXT_GREASE;
}

/* Adds one "TYPE:HEX" entry of ext_data. */
static enum status
add_ext_data(struct parser *ps, const char *tok)
{
	struct profile *p = ps->p;
	struct profile_ext_data *e;
	const char *colon, *hex;
	char name[64];
	uint16_t type;
	size_t i, nlen, hlen;
	int hi, lo;

	if ((colon = strchr(tok, ':')) == NULL ||
	    (nlen = (size_t)(colon - tok)) == 0 || nlen >= sizeof name)
		return perr(ps, ps->line, "ext_data: '%s' is not TYPE:HEX",
		    tok);
	memcpy(name, tok, nlen);
	name[nlen] = '\0';
	if (!parse_code(name, &type) && !tls_ext_parse(name, &type))
		return perr(ps, ps->line, "ext_data: unknown extension '%s'",
		    name);
	if (ext_body_is_computed(type))
		return perr(ps, ps->line, "ext_data: the body of '%s' is "
		    "computed per connection", name);
	for (i = 0; i < p->n_ext_data; i++) {
		if (p->ext_data[i].type == type)
			return perr(ps, ps->line, "ext_data: 0x%04x listed "
			    "twice", type);
	}
	hex = colon + 1;
	hlen = strlen(hex);
	if (hlen % 2 != 0)
		return perr(ps, ps->line, "ext_data: odd number of hex digits "
		    "for 0x%04x", type);
	for (i = 0; i < hlen; i++) {
		if (hex_digit((unsigned char)hex[i]) < 0)
			return perr(ps, ps->line, "ext_data: '%c' is not a hex "
			    "digit", hex[i]);
	}
	if (p->n_ext_data >= PROFILE_MAX_LIST)
		return perr(ps, ps->line, "ext_data: more than %d entries",
		    PROFILE_MAX_LIST);
	if (p->n_ext_data == ps->list_cap) {
		ps->list_cap = ps->list_cap ? ps->list_cap * 2 : 4;
		p->ext_data = xreallocarray(p->ext_data, ps->list_cap,
		    sizeof *p->ext_data);
	}
	e = &p->ext_data[p->n_ext_data++];
	e->type = type;
	e->len = hlen / 2;
	/* a line is at most 64 KiB, so a body fits the u16 length prefix */
	e->data = xmalloc(e->len > 0 ? e->len : 1);
	for (i = 0; i < e->len; i++) {
		hi = hex_digit((unsigned char)hex[2 * i]);
		lo = hex_digit((unsigned char)hex[2 * i + 1]);
		e->data[i] = (uint8_t)(hi << 4 | lo);
	}
	return ST_OK;
}

/* Adds a protocol name to alpn or alps. */
static enum status
add_name(struct parser *ps, const char *tok)
{
	const char *key = keys[ps->cur].name;
	char ***v;
	size_t *n, i;

	names_fields(ps->p, ps->cur, &v, &n);
	/* RFC 7301 §3.1: a protocol name is 1..255 bytes; ALPS reuses it. */
	if (strlen(tok) > 255)
		return perr(ps, ps->line, "%s: protocol name longer than 255 "
		    "bytes", key);
	for (i = 0; i < *n; i++) {
		if (strcmp((*v)[i], tok) == 0)
			return perr(ps, ps->line, "%s: '%s' listed twice",
			    key, tok);
	}
	if (*n >= PROFILE_MAX_LIST)
		return perr(ps, ps->line, "%s: more than %d entries", key,
		    PROFILE_MAX_LIST);
	if (*n == ps->list_cap) {
		ps->list_cap = ps->list_cap ? ps->list_cap * 2 : 8;
		*v = xreallocarray(*v, ps->list_cap, sizeof **v);
	}
	(*v)[(*n)++] = xstrdup(tok);
	return ST_OK;
}

/* Adds one byte-sized code to compression, ec_point_formats or psk_modes. */
static enum status
add_u8(struct parser *ps, const char *tok)
{
	const char *why;
	uint8_t **v, code;
	size_t *n, i;

	list8_fields(ps->p, ps->cur, &v, &n);
	if ((why = token_u8(ps->cur, tok, &code)) != NULL)
		return perr(ps, ps->line, "%s: %s '%s'", keys[ps->cur].name,
		    why, tok);
	for (i = 0; i < *n; i++) {
		if ((*v)[i] == code)
			return perr(ps, ps->line, "%s: '%s' (%u) listed twice",
			    keys[ps->cur].name, tok, code);
	}
	if (*n >= PROFILE_MAX_LIST)
		return perr(ps, ps->line, "%s: more than %d entries",
		    keys[ps->cur].name, PROFILE_MAX_LIST);
	if (*n == ps->list_cap) {
		ps->list_cap = ps->list_cap ? ps->list_cap * 2 : 4;
		*v = xreallocarray(*v, ps->list_cap, sizeof **v);
	}
	(*v)[(*n)++] = code;
	return ST_OK;
}

/* Adds one token of a list value, read on the current line. */
static enum status
add_token(struct parser *ps, const char *tok)
{
	struct profile *p = ps->p;
	uint16_t **v, code;
	size_t *n, i, greases = 0;
	const char *why;

	if (is_names(ps->cur))
		return add_name(ps, tok);
	if (is_list8(ps->cur))
		return add_u8(ps, tok);
	if (ps->cur == KEY_EXT_DATA)
		return add_ext_data(ps, tok);

	list_fields(p, ps->cur, &v, &n);
	if ((why = token_code(ps->cur, tok, &code)) != NULL)
		return perr(ps, ps->line, "%s: %s '%s'", keys[ps->cur].name,
		    why, tok);
	for (i = 0; i < *n; i++) {
		if ((*v)[i] != code)
			continue;
		/* RFC 8701 §3: Chromium sends two GREASE extensions. */
		if (code == TLS_EXT_GREASE && ps->cur == KEY_EXTENSIONS &&
		    ++greases < MAX_GREASE_EXTS)
			continue;
		if (code == TLS_EXT_GREASE && ps->cur == KEY_EXTENSIONS)
			return perr(ps, ps->line, "extensions: 'grease' more "
			    "than %d times", MAX_GREASE_EXTS);
		return perr(ps, ps->line, "%s: '%s' (0x%04x) listed "
		    "twice", keys[ps->cur].name, tok, code);
	}
	/* Clients list supported_versions highest first (RFC 8446 §4.2.1);
	 * min and max are derived from that order. */
	if (ps->cur == KEY_VERSIONS && *n > 0 && code > (*v)[*n - 1])
		return perr(ps, ps->line, "versions: '%s' must come before "
		    "%s (list the highest first)", tok,
		    tls_version_name((*v)[*n - 1]));
	if (*n >= PROFILE_MAX_LIST)
		return perr(ps, ps->line, "%s: more than %d entries",
		    keys[ps->cur].name, PROFILE_MAX_LIST);
	if (*n == ps->list_cap) {
		ps->list_cap = ps->list_cap ? ps->list_cap * 2 : 16;
		*v = xreallocarray(*v, ps->list_cap, sizeof **v);
	}
	(*v)[(*n)++] = code;
	return ST_OK;
}

/* Adds a value segment (one line's worth, trimmed) to the current key. */
static enum status
add_segment(struct parser *ps, char *seg, size_t len)
{
	enum status st;
	size_t i, start;

	if (keys[ps->cur].kind == KIND_TEXT) {
		if (len == 0)
			return ST_OK;
		if (ps->text_len + len + 2 > ps->text_cap) {
			ps->text_cap = ps->text_len + len + 64;
			ps->text = xreallocarray(ps->text, ps->text_cap, 1);
		}
		if (ps->text_len > 0)
			ps->text[ps->text_len++] = ' ';
		memcpy(ps->text + ps->text_len, seg, len);
		ps->text_len += len;
		ps->text[ps->text_len] = '\0';
		return ST_OK;
	}
	i = 0;
	while (i < len) {
		while (i < len && (is_space(seg[i]) || seg[i] == ','))
			i++;
		if (i == len)
			break;
		start = i;
		while (i < len && !is_space(seg[i]) && seg[i] != ',')
			i++;
		seg[i] = '\0';	/* seg is our own copy of the line */
		if ((st = add_token(ps, seg + start)) != ST_OK)
			return st;
		i++;
	}
	return ST_OK;
}

/*
 * Reads one comma-separated list of an ech_grease item into out[], at most
 * PROFILE_ECH_MAX_CHOICES entries, each a code (hex = true) or a payload
 * length from 1 to PROFILE_ECH_MAX_PAYLOAD.
 */
static enum status
ech_values(struct parser *ps, unsigned line, const char *item, char *s,
    bool hex, uint16_t *out, size_t *n)
{
	char *tok, *save = NULL;
	uint16_t code;
	unsigned u;
	size_t i;

	*n = 0;
	for (tok = strtok_r(s, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		if (hex && !parse_code(tok, &code))
			return perr(ps, line, "ech_grease: %s '%s' is not "
			    "0xHHHH", item, tok);
		if (!hex) {
			if (!parse_uint(tok, PROFILE_ECH_MAX_PAYLOAD, &u) ||
			    u == 0)
				return perr(ps, line, "ech_grease: %s '%s' is "
				    "not a number from 1 to %d", item, tok,
				    PROFILE_ECH_MAX_PAYLOAD);
			code = (uint16_t)u;
		}
		for (i = 0; i < *n; i++) {
			if (out[i] == code)
				return perr(ps, line, "ech_grease: %s '%s' "
				    "listed twice", item, tok);
		}
		if (*n >= PROFILE_ECH_MAX_CHOICES)
			return perr(ps, line, "ech_grease: more than %d %s "
			    "values", PROFILE_ECH_MAX_CHOICES, item);
		out[(*n)++] = code;
	}
	if (*n == 0)
		return perr(ps, line, "ech_grease: %s has no value", item);
	return ST_OK;
}

/*
 * "kdf=0x0001 aead=0x0001[,0x0003] payload=144,176,..." (GREASE ECH,
 * draft-ietf-tls-esni §6.2): the HPKE KDF and AEAD ids and the payload
 * lengths, one of which each hello picks. All three are required.
 */
static enum status
parse_ech_grease(struct parser *ps, unsigned line, const char *v)
{
	struct profile_ech_grease *e = &ps->p->ech_grease;
	char *copy, *tok, *save = NULL, *eq;
	uint16_t kdf[PROFILE_ECH_MAX_CHOICES];
	size_t n_kdf = 0;
	bool seen[3] = { false, false, false };
	enum status st = ST_OK;
	int item;

	static const char *items[3] = { "kdf", "aead", "payload" };

	copy = xstrdup(v);
	for (tok = strtok_r(copy, " \t", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t", &save)) {
		if ((eq = strchr(tok, '=')) == NULL) {
			st = perr(ps, line, "ech_grease: '%s' is not "
			    "name=value", tok);
			goto out;
		}
		*eq++ = '\0';
		for (item = 0; item < 3; item++) {
			if (strcmp(tok, items[item]) == 0)
				break;
		}
		if (item == 3) {
			st = perr(ps, line, "ech_grease: unknown item '%s' "
			    "(kdf, aead or payload)", tok);
			goto out;
		}
		if (seen[item]) {
			st = perr(ps, line, "ech_grease: %s given twice",
			    items[item]);
			goto out;
		}
		seen[item] = true;
		if (item == 0) {
			st = ech_values(ps, line, "kdf", eq, true, kdf,
			    &n_kdf);
			if (st == ST_OK && n_kdf > 1)
				st = perr(ps, line, "ech_grease: one kdf "
				    "only");
			e->kdf = kdf[0];
		} else if (item == 1)
			st = ech_values(ps, line, "aead", eq, true, e->aeads,
			    &e->n_aeads);
		else
			st = ech_values(ps, line, "payload", eq, false,
			    e->payload_lens, &e->n_payload_lens);
		if (st != ST_OK)
			goto out;
	}
	for (item = 0; item < 3; item++) {
		if (!seen[item]) {
			st = perr(ps, line, "ech_grease: %s missing",
			    items[item]);
			goto out;
		}
	}
	e->aead = e->aeads[0];
out:
	free(copy);
	if (st != ST_OK)
		memset(e, 0, sizeof *e);
	return st;
}

/* Checks an id: [a-z0-9._-]+, at most PROFILE_MAX_ID bytes. */
static bool
valid_id(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '.' || s[i] == '_' || s[i] == '-'))
			return false;
	}
	return i > 0 && i <= PROFILE_MAX_ID;
}

bool
profile_valid_store_id(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' &&
		    s[i] <= '9') || s[i] == '.' || s[i] == '_' || s[i] == '-'))
			return false;
	}
	return i > 0 && i < PROFILE_STORE_ID_MAX;
}

/* One of the words in names (NULL-terminated): its index, or -1. */
static int
word_index(const char *v, const char *const *names)
{
	int i;

	for (i = 0; names[i] != NULL; i++)
		if (strcmp(v, names[i]) == 0)
			return i;
	return -1;
}

static const char *const cn_names[] = { "no-dns-san", "no-san", "never",
    "always", NULL };
static const char *const wildcard_names[] = { "label", "partial", "none",
    NULL };

/* The certificate-decision keys with words for values (issue #14). */
static enum status
parse_trust_key(struct parser *ps, int key, unsigned line, const char *v)
{
	static const char *const order[] = { "any", "sorted", NULL };
	static const char *const ipn[] = { "san", "san-or-cn", NULL };
	static const char *const eku[] = { "server-auth", "none", NULL };
	struct profile *p = ps->p;
	const char *s = v, *e;
	size_t n;
	int i;

	switch (key) {
	case KEY_TRUST_STORE:
		p->n_trust_store = 0;
		for (;;) {
			while (is_space(*s))
				s++;
			if (*s == '\0')
				break;
			for (e = s; *e != '\0' && !is_space(*e); e++)
				;
			n = (size_t)(e - s);
			if (p->n_trust_store == PROFILE_MAX_STORES)
				return perr(ps, line, "trust_store: more than "
				    "%d stores", PROFILE_MAX_STORES);
			if (n >= PROFILE_STORE_ID_MAX)
				return perr(ps, line, "trust_store: '%.*s' is "
				    "longer than %d characters", (int)n, s,
				    PROFILE_STORE_ID_MAX - 1);
			memcpy(p->trust_store[p->n_trust_store], s, n);
			p->trust_store[p->n_trust_store][n] = '\0';
			if (!profile_valid_store_id(
			    p->trust_store[p->n_trust_store]))
				return perr(ps, line, "trust_store: '%.*s' is "
				    "not a store id ([a-z0-9._-]+)", (int)n, s);
			p->n_trust_store++;
			s = e;
		}
		if (p->n_trust_store == 0)
			return perr(ps, line, "trust_store: empty value (system, "
			    "or store ids of data/trust/)");
		return ST_OK;
	case KEY_CHAIN_ORDER:
		if ((i = word_index(v, order)) < 0)
			return perr(ps, line, "chain_order: '%s' is not any or "
			    "sorted", v);
		p->chain_sorted = i == 1;
		return ST_OK;
	case KEY_CN_FALLBACK:
		if ((i = word_index(v, cn_names)) < 0)
			return perr(ps, line, "cn_fallback: '%s' is not "
			    "no-dns-san, no-san, never or always", v);
		p->cn_fallback = (enum cn_fallback)i;
		return ST_OK;
	case KEY_WILDCARDS:
		if ((i = word_index(v, wildcard_names)) < 0)
			return perr(ps, line, "wildcards: '%s' is not label, "
			    "partial or none", v);
		p->wildcards = (enum wildcard_rule)i;
		return ST_OK;
	case KEY_IP_NAMES:
		if ((i = word_index(v, ipn)) < 0)
			return perr(ps, line, "ip_names: '%s' is not san or "
			    "san-or-cn", v);
		p->ip_cn = i == 1;
		return ST_OK;
	case KEY_EKU_CHECK:
		if ((i = word_index(v, eku)) < 0)
			return perr(ps, line, "eku_check: '%s' is not "
			    "server-auth or none", v);
		p->eku_server_auth = i == 0;
		return ST_OK;
	}
	return ST_OK;
}

const char *
profile_cn_fallback_name(enum cn_fallback c)
{
	return (unsigned)c < 4 ? cn_names[c] : "?";
}

const char *
profile_wildcard_name(enum wildcard_rule w)
{
	return (unsigned)w < 3 ? wildcard_names[w] : "?";
}

/* Finishes the current key: stores and checks a text value. */
static enum status
finish_key(struct parser *ps)
{
	struct profile *p = ps->p;
	unsigned line, u;
	const char *v, *name;
	size_t *n;
	uint16_t **arr, code;
	uint8_t **arr8;
	bool b;
	int key = ps->cur;

	if (key < 0)
		return ST_OK;
	ps->cur = -1;
	line = ps->seen[key];
	name = keys[key].name;

	if (keys[key].kind == KIND_LIST) {
		ps->list_cap = 0;
		if (is_names(key) || key == KEY_EXT_DATA)
			return ST_OK;
		if (is_list8(key)) {
			/* RFC 5246 §7.4.1.2, RFC 8422 §5.1.2, RFC 8446
			 * §4.2.9: these vectors hold at least one entry,
			 * so a given list may not be empty. */
			list8_fields(p, key, &arr8, &n);
			if (*n == 0)
				return perr(ps, line, "%s: empty list", name);
			return ST_OK;
		}
		list_fields(p, key, &arr, &n);
		if (*n == 0 && keys[key].required)
			return perr(ps, line, "%s: empty list", name);
		return ST_OK;
	}

	v = ps->text_len > 0 ? ps->text : "";
	ps->text_len = 0;
	if (v[0] == '\0' && keys[key].required)
		return perr(ps, line, "%s: empty value", name);

	switch (key) {
	case KEY_ID:
		if (!valid_id(v))
			return perr(ps, line, "id: '%s' is not [a-z0-9._-]+ "
			    "of at most %d characters", v, PROFILE_MAX_ID);
		p->id = xstrdup(v);
		break;
	case KEY_NAME:
		p->name = xstrdup(v);
		break;
	case KEY_FAMILY:
		p->family = xstrdup(v);
		break;
	case KEY_RUNTIME:
		p->runtime = xstrdup(v);
		break;
	case KEY_LIBRARY:
		p->library = xstrdup(v);
		break;
	case KEY_PLATFORM:
		p->platform = xstrdup(v);
		break;
	case KEY_SOURCE:
		p->source = xstrdup(v);
		break;
	case KEY_NOTE:
		p->note = xstrdup(v);
		break;
	case KEY_SNI:
		if (strcmp(v, "hostname") == 0)
			p->sni = SNI_HOSTNAME;
		else if (strcmp(v, "dotted") == 0)
			p->sni = SNI_DOTTED;
		else if (strcmp(v, "never") == 0)
			p->sni = SNI_NEVER;
		else
			return perr(ps, line, "sni: '%s' is not hostname, "
			    "dotted or never", v);
		break;
	case KEY_RECORD_VERSION:
	case KEY_LEGACY_VERSION:
		if (!tls_version_parse(v, &code))
			return perr(ps, line, "%s: unknown version '%s'", name,
			    v);
		if (key == KEY_RECORD_VERSION)
			p->record_version = code;
		else
			p->legacy_version = code;
		break;
	case KEY_SESSION_ID_LEN:
		/* RFC 5246 §7.4.1.2: opaque SessionID<0..32> */
		if (!parse_uint(v, 32, &u))
			return perr(ps, line, "session_id_len: '%s' is not a "
			    "number from 0 to 32", v);
		p->session_id_len = (uint8_t)u;
		break;
	case KEY_RECORD_SIZE_LIMIT:
		/* RFC 8449 §4: at least 64, at most 2^14 + 1 (TLS 1.3). */
		if (!parse_uint(v, 16385, &u) || u < 64)
			return perr(ps, line, "record_size_limit: '%s' is not "
			    "a number from 64 to 16385", v);
		p->record_size_limit = (uint16_t)u;
		break;
	case KEY_PADDING:
		if (strcmp(v, "none") == 0)
			p->padding = PADDING_NONE;
		else if (strcmp(v, "f5") == 0)
			p->padding = PADDING_F5;
		else
			return perr(ps, line, "padding: '%s' is not none or "
			    "f5", v);
		break;
	case KEY_GREASE:
	case KEY_SHUFFLE_EXTENSIONS:
	case KEY_DEFAULT:
		if (!parse_bool(v, &b))
			return perr(ps, line, "%s: '%s' is not yes or no",
			    name, v);
		if (key == KEY_GREASE)
			p->grease = b;
		else if (key == KEY_SHUFFLE_EXTENSIONS)
			p->shuffle_extensions = b;
		else
			p->in_default_set = b;
		break;
	case KEY_ECH_GREASE:
		return parse_ech_grease(ps, line, v);
	case KEY_SECURITY_LEVEL:
		if (!parse_uint(v, 5, &u))
			return perr(ps, line, "security_level: '%s' is not "
			    "a number from 0 to 5", v);
		p->security_level = (int)u;
		break;
	case KEY_VERIFY_PEER:
	case KEY_CHECK_HOSTNAME:
		if (!parse_bool(v, key == KEY_VERIFY_PEER ?
		    &p->verify_peer : &p->check_hostname))
			return perr(ps, line, "%s: '%s' is not yes or no",
			    name, v);
		break;
	case KEY_STRICT_X509:
	case KEY_SHA1_CERTIFICATES:
	case KEY_LEGACY_SIGNATURES:
		if (!parse_bool(v, key == KEY_STRICT_X509 ? &p->strict_x509 :
		    key == KEY_SHA1_CERTIFICATES ? &p->sha1_certificates :
		    &p->legacy_signatures))
			return perr(ps, line, "%s: '%s' is not yes or no",
			    name, v);
		break;
	case KEY_TRUST_STORE:
	case KEY_CHAIN_ORDER:
	case KEY_CN_FALLBACK:
	case KEY_WILDCARDS:
	case KEY_IP_NAMES:
	case KEY_EKU_CHECK:
		return parse_trust_key(ps, key, line, v);
	case KEY_TRUSTED_FIRST:
	case KEY_AIA_FETCH:
		if (!parse_bool(v, key == KEY_TRUSTED_FIRST ?
		    &p->trusted_first : &p->aia_fetch))
			return perr(ps, line, "%s: '%s' is not yes or no",
			    name, v);
		break;
	case KEY_MAX_CERT_MESSAGE:
		/* A handshake message has a 24-bit length (RFC 8446 §4). */
		if (!parse_uint(v, 0xffffff, &u))
			return perr(ps, line, "max_cert_message: '%s' is not a "
			    "number of bytes from 0 (no limit) to 16777215", v);
		p->max_cert_message = u;
		break;
	case KEY_MIN_RSA_BITS:
	case KEY_MIN_DH_BITS:
		if (!parse_uint(v, PROFILE_MAX_BITS, &u))
			return perr(ps, line, "%s: '%s' is not a number from "
			    "0 to %d", name, v, PROFILE_MAX_BITS);
		if (key == KEY_MIN_RSA_BITS)
			p->min_rsa_bits = u;
		else
			p->min_dh_bits = u;
		break;
	}
	return ST_OK;
}

/* Handles a "key = value" line. */
static enum status
key_line(struct parser *ps, char *s, size_t len)
{
	size_t i = 0, klen;
	int key;

	while (i < len && ((s[i] >= 'a' && s[i] <= 'z') || s[i] == '_' ||
	    (s[i] >= '0' && s[i] <= '9')))
		i++;
	klen = i;
	while (i < len && is_space(s[i]))
		i++;
	if (klen == 0 || i == len || s[i] != '=')
		return perr(ps, ps->line, "expected 'key = value'");
	for (key = 0; key < KEY_COUNT; key++) {
		if (strlen(keys[key].name) == klen &&
		    memcmp(keys[key].name, s, klen) == 0)
			break;
	}
	if (key == KEY_COUNT)
		return perr(ps, ps->line, "unknown key '%.*s'", (int)klen, s);
	if (ps->seen[key] != 0)
		return perr(ps, ps->line, "duplicate key '%s' (first on line "
		    "%u)", keys[key].name, ps->seen[key]);
	ps->seen[key] = ps->line;
	ps->cur = key;
	i++;
	while (i < len && is_space(s[i]))
		i++;
	return add_segment(ps, s + i, len - i);
}

/* Handles one physical line; buf is a writable copy of it. */
static enum status
do_line(struct parser *ps, char *s, size_t len)
{
	const char *why;
	enum status st;
	size_t i;

	if (len > 0 && s[len - 1] == '\r')
		len--;
	if ((why = check_bytes((const unsigned char *)s, len)) != NULL)
		return perr(ps, ps->line, "%s", why);
	/* '#' starts a comment at the start of a line or after blank. */
	for (i = 0; i < len; i++) {
		if (s[i] == '#' && (i == 0 || is_space(s[i - 1]))) {
			len = i;
			break;
		}
	}
	while (len > 0 && is_space(s[len - 1]))
		len--;
	s[len] = '\0';
	i = 0;
	while (i < len && is_space(s[i]))
		i++;
	if (i == len)
		return ST_OK;		/* blank or comment */
	if (i > 0) {
		if (ps->cur < 0)
			return perr(ps, ps->line, "continuation line without "
			    "a key");
		return add_segment(ps, s + i, len - i);
	}
	if ((st = finish_key(ps)) != ST_OK)
		return st;
	return key_line(ps, s, len);
}

bool
profile_has_extension(const struct profile *p, uint16_t type)
{
	size_t i;

	for (i = 0; i < p->n_extensions; i++) {
		if (p->extensions[i] == type)
			return true;
	}
	return false;
}

static bool
has_ext_data(const struct profile *p, uint16_t type)
{
	size_t i;

	for (i = 0; i < p->n_ext_data; i++) {
		if (p->ext_data[i].type == type)
			return true;
	}
	return false;
}

/*
 * The byte-level keys against the extension list: a value whose extension
 * is not sent, or an extension without the value its body needs (and no
 * fixed body in ext_data), is a mistake in the profile, not something the
 * hello engine should guess about. Only checked when extensions is given.
 */
static enum status
check_extensions(struct parser *ps)
{
	const struct profile *p = ps->p;
	struct {
		int		 key;
		bool		 set;
		uint16_t	 ext, alt;
	} pairs[] = {
		{ KEY_ALPN, p->n_alpn > 0, 16, 16 },
		{ KEY_ALPS, p->n_alps > 0, 0x44cd, 0x4469 },
		{ KEY_SIGALGS_CERT, p->n_sigalgs_cert > 0, 50, 50 },
		{ KEY_CERT_COMPRESSION, p->n_cert_compression > 0, 27, 27 },
		{ KEY_DELEGATED_CREDENTIALS, p->n_delegated_credentials > 0,
		    34, 34 },
		{ KEY_RECORD_SIZE_LIMIT, p->record_size_limit != 0, 28, 28 },
		{ KEY_ECH_GREASE, p->ech_grease.n_payload_lens > 0, 0xfe0d,
		    0xfe0d },
		{ KEY_PADDING, p->padding != PADDING_NONE, 21, 21 },
	};
	const char *en;
	bool listed;
	size_t i;

	for (i = 0; i < p->n_ext_data; i++) {
		if (!profile_has_extension(p, p->ext_data[i].type))
			return perr(ps, ps->seen[KEY_EXT_DATA], "ext_data: "
			    "0x%04x is not in extensions", p->ext_data[i].type);
	}
	if (p->shuffle_extensions && p->n_extensions < 2)
		return perr(ps, ps->seen[KEY_SHUFFLE_EXTENSIONS],
		    "shuffle_extensions: extensions lists fewer than two");
	if (profile_has_extension(p, TLS_EXT_GREASE) && !p->grease)
		return perr(ps, ps->seen[KEY_EXTENSIONS], "extensions: lists "
		    "'grease' but grease is not yes");
	if (p->n_extensions == 0)
		return ST_OK;
	for (i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
		listed = profile_has_extension(p, pairs[i].ext) ||
		    profile_has_extension(p, pairs[i].alt);
		en = tls_ext_name(pairs[i].ext);
		if (pairs[i].set && !listed)
			return perr(ps, ps->seen[pairs[i].key], "%s is set but "
			    "extensions does not list %s",
			    keys[pairs[i].key].name, en);
		if (!pairs[i].set && listed &&
		    !has_ext_data(p, pairs[i].ext) &&
		    !has_ext_data(p, pairs[i].alt)) {
			if (pairs[i].key == KEY_PADDING)
				return perr(ps, ps->seen[KEY_EXTENSIONS],
				    "extensions lists padding but padding is "
				    "none");
			return perr(ps, ps->seen[KEY_EXTENSIONS], "extensions "
			    "lists %s but %s is not set", en,
			    keys[pairs[i].key].name);
		}
	}
	return ST_OK;
}

/* Checks that belong to the whole profile once every key is read. */
static enum status
finish_profile(struct parser *ps, unsigned last)
{
	struct profile *p = ps->p;
	enum status st;
	size_t i, j;
	int key;

	for (key = 0; key < KEY_COUNT; key++) {
		if (keys[key].required && ps->seen[key] == 0)
			return perr(ps, last, "missing required key '%s'",
			    keys[key].name);
	}
	/* Absent: as OpenSSL 3.0 at this level, which refuses SHA-1 in
	 * certificates and handshake signatures from level 1 on. */
	if (ps->seen[KEY_SHA1_CERTIFICATES] == 0)
		p->sha1_certificates = p->security_level == 0;
	if (ps->seen[KEY_LEGACY_SIGNATURES] == 0)
		p->legacy_signatures = p->security_level == 0;
	/* RFC 8446 §4.2.8: each key share must be for an offered group. */
	for (i = 0; i < p->n_key_shares; i++) {
		for (j = 0; j < p->n_groups; j++) {
			if (p->key_shares[i] == p->groups[j])
				break;
		}
		if (j == p->n_groups)
			return perr(ps, ps->seen[KEY_KEY_SHARES], "key_shares: "
			    "0x%04x is not in groups", p->key_shares[i]);
	}
	if ((st = check_extensions(ps)) != ST_OK)
		return st;
	p->max_version = p->versions[0];
	p->min_version = p->versions[p->n_versions - 1];
	/* OpenSSL's client: null compression only (RFC 8446 §4.1.2),
	 * uncompressed points (RFC 8422 §5.1.2), psk_dhe_ke. */
	if (p->n_compression == 0) {
		p->compression = xcalloc(1, 1);
		p->n_compression = 1;
	}
	if (p->n_ec_point_formats == 0) {
		p->ec_point_formats = xcalloc(1, 1);
		p->n_ec_point_formats = 1;
	}
	if (p->n_psk_modes == 0) {
		p->psk_modes = xcalloc(1, 1);
		p->psk_modes[0] = 1;
		p->n_psk_modes = 1;
	}
	if (p->runtime == NULL)
		p->runtime = xstrdup("");
	if (p->library == NULL)
		p->library = xstrdup("");
	if (p->platform == NULL)
		p->platform = xstrdup("");
	if (p->source == NULL)
		p->source = xstrdup("");
	if (p->note == NULL)
		p->note = xstrdup("");
	return ST_OK;
}

enum status
profile_parse(const char *text, size_t len, const char *origin,
    struct profile **out, char *err, size_t errlen)
{
	struct parser ps;
	enum status st = ST_OK;
	const char *nl;
	char *buf = NULL;
	size_t off = 0, ll;

	*out = NULL;
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	memset(&ps, 0, sizeof ps);
	ps.origin = origin != NULL ? origin : "(profile)";
	ps.err = err;
	ps.errlen = errlen;
	ps.cur = -1;
	if (len > PROFILE_MAX_FILE)
		return perr(&ps, 1, "file larger than %d bytes",
		    PROFILE_MAX_FILE);

	ps.p = xcalloc(1, sizeof *ps.p);
	ps.p->security_level = 1;	/* OpenSSL's compiled-in default */
	ps.p->verify_peer = true;
	ps.p->check_hostname = true;
	ps.p->sni = SNI_HOSTNAME;
	ps.p->session_id_len = 32;	/* RFC 8446 §D.4 middlebox mode */
	ps.p->in_default_set = true;
	/* The certificate decision of OpenSSL's client, the most common. */
	memcpy(ps.p->trust_store[0], "system", sizeof "system");
	ps.p->n_trust_store = 1;
	ps.p->trusted_first = true;
	ps.p->eku_server_auth = true;

	/* a line never needs more than the text or the line limit */
	buf = xmalloc((len < PROFILE_MAX_LINE ? len : PROFILE_MAX_LINE) + 1);
	while (off < len) {
		ps.line++;
		nl = memchr(text + off, '\n', len - off);
		ll = (nl != NULL ? (size_t)(nl - text) : len) - off;
		if (ll > PROFILE_MAX_LINE) {
			st = perr(&ps, ps.line, "line longer than %d bytes",
			    PROFILE_MAX_LINE);
			goto out;
		}
		memcpy(buf, text + off, ll);
		buf[ll] = '\0';
		if ((st = do_line(&ps, buf, ll)) != ST_OK)
			goto out;
		off += ll + (nl != NULL ? 1 : 0);
	}
	if ((st = finish_key(&ps)) != ST_OK)
		goto out;
	st = finish_profile(&ps, ps.line > 0 ? ps.line : 1);
out:
	free(buf);
	free(ps.text);
	if (st != ST_OK) {
		profile_free(ps.p);
		return st;
	}
	*out = ps.p;
	return ST_OK;
}

enum status
profile_load_file(const char *path, struct profile **out, char *err,
    size_t errlen)
{
	struct stat sb;
	enum status st;
	char *buf = NULL;
	size_t total = 0;
	ssize_t n;
	int fd;

	*out = NULL;
	/* O_NONBLOCK: opening a FIFO left in the directory must not hang. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return errno == ENOENT ? ST_ENOENT : ST_EIO;
	}
	if (fstat(fd, &sb) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		st = ST_EIO;
		goto out;
	}
	if (!S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		st = ST_EINVAL;
		goto out;
	}
	if (sb.st_size > PROFILE_MAX_FILE) {
		snprintf(err, errlen, "%s: file larger than %d bytes", path,
		    PROFILE_MAX_FILE);
		st = ST_ERANGE;
		goto out;
	}
	/* Read one byte past the limit so a growing file is still caught. */
	buf = xmalloc(PROFILE_MAX_FILE + 1);
	while (total <= PROFILE_MAX_FILE) {
		n = read(fd, buf + total, PROFILE_MAX_FILE + 1 - total);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			snprintf(err, errlen, "%s: %s", path,
			    strerror(errno));
			st = ST_EIO;
			goto out;
		}
		if (n == 0)
			break;
		total += (size_t)n;
	}
	if (total > PROFILE_MAX_FILE) {
		snprintf(err, errlen, "%s: file larger than %d bytes", path,
		    PROFILE_MAX_FILE);
		st = ST_ERANGE;
		goto out;
	}
	st = profile_parse(buf, total, path, out, err, errlen);
	if (st == ST_OK)
		(*out)->path = xstrdup(path);
out:
	free(buf);
	close(fd);
	return st;
}

void
profile_free(struct profile *p)
{
	size_t i;

	if (p == NULL)
		return;
	free(p->id);
	free(p->name);
	free(p->family);
	free(p->runtime);
	free(p->library);
	free(p->platform);
	free(p->versions);
	free(p->suites);
	free(p->groups);
	free(p->key_shares);
	free(p->sigalgs);
	free(p->extensions);
	for (i = 0; i < p->n_alpn; i++)
		free(p->alpn[i]);
	free(p->alpn);
	free(p->compression);
	free(p->sigalgs_cert);
	free(p->ec_point_formats);
	free(p->psk_modes);
	free(p->cert_compression);
	for (i = 0; i < p->n_alps; i++)
		free(p->alps[i]);
	free(p->alps);
	free(p->delegated_credentials);
	for (i = 0; i < p->n_ext_data; i++)
		free(p->ext_data[i].data);
	free(p->ext_data);
	free(p->source);
	free(p->note);
	free(p->path);
	free(p);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
profile_id_cmp(const char *a, const char *b)
{
	while (*a != '\0' && *b != '\0') {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			const char *ea = a, *eb = b;
			size_t la, lb;
			int c;

			/* Compare digit runs as numbers: skip zeros, then
			 * the longer run is larger, then digit by digit. */
			while (*a == '0')
				a++;
			while (*b == '0')
				b++;
			for (ea = a; isdigit((unsigned char)*ea); ea++)
				continue;
			for (eb = b; isdigit((unsigned char)*eb); eb++)
				continue;
			la = (size_t)(ea - a);
			lb = (size_t)(eb - b);
			if (la != lb)
				return la < lb ? -1 : 1;
			if ((c = memcmp(a, b, la)) != 0)
				return c;
			a = ea;
			b = eb;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

static int
cmp_profile_id(const void *a, const void *b)
{
	const struct profile *pa = *(const struct profile *const *)a;
	const struct profile *pb = *(const struct profile *const *)b;
	int c = profile_id_cmp(pa->id, pb->id);

	/* "x-01" and "x-1" are equal numerically; keep the order total. */
	return c != 0 ? c : strcmp(pa->id, pb->id);
}

/* True for "x.profile" names that are not hidden files. */
static bool
is_profile_name(const char *name)
{
	static const char ext[] = ".profile";
	size_t len = strlen(name);

	return name[0] != '.' && len > sizeof ext - 1 &&
	    strcmp(name + len - (sizeof ext - 1), ext) == 0;
}

enum status
profile_set_load_dir(const char *dir, struct profile_set *set, char *err,
    size_t errlen)
{
	struct dirent *de;
	enum status st = ST_OK;
	char **names = NULL, *path;
	size_t n = 0, cap = 0, i;
	DIR *d;

	set->v = NULL;
	set->n = 0;
	if ((d = opendir(dir)) == NULL) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return errno == ENOENT ? ST_ENOENT : ST_EIO;
	}
	while ((de = readdir(d)) != NULL) {
		if (!is_profile_name(de->d_name))
			continue;
		if (n >= PROFILE_MAX_COUNT) {
			snprintf(err, errlen, "%s: more than %d profiles", dir,
			    PROFILE_MAX_COUNT);
			st = ST_ERANGE;
			goto out;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			names = xreallocarray(names, cap, sizeof *names);
		}
		names[n++] = xstrdup(de->d_name);
	}
	if (n == 0) {
		snprintf(err, errlen, "%s: no *.profile files", dir);
		st = ST_ENOENT;
		goto out;
	}
	/* Load in name order so that the first error is always the same. */
	qsort(names, n, sizeof *names, cmp_str);
	set->v = xcalloc(n, sizeof *set->v);
	for (i = 0; i < n; i++) {
		path = xasprintf("%s/%s", dir, names[i]);
		st = profile_load_file(path, &set->v[set->n], err, errlen);
		free(path);
		if (st != ST_OK)
			goto out;
		set->n++;
	}
	qsort(set->v, set->n, sizeof *set->v, cmp_profile_id);
	for (i = 1; i < set->n; i++) {
		if (strcmp(set->v[i - 1]->id, set->v[i]->id) == 0) {
			snprintf(err, errlen, "%s: duplicate id '%s' (also in "
			    "%s)", set->v[i]->path, set->v[i]->id,
			    set->v[i - 1]->path);
			st = ST_EINVAL;
			goto out;
		}
	}
out:
	closedir(d);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (st != ST_OK)
		profile_set_cleanup(set);
	return st;
}

const struct profile *
profile_set_find(const struct profile_set *set, const char *id)
{
	size_t i;

	if (set == NULL || id == NULL)
		return NULL;
	for (i = 0; i < set->n; i++) {
		if (strcmp(set->v[i]->id, id) == 0)
			return set->v[i];
	}
	return NULL;
}

const struct profile *const *
profile_set_list(const struct profile_set *set)
{
	return (const struct profile *const *)set->v;
}

void
profile_set_cleanup(struct profile_set *set)
{
	size_t i;

	if (set == NULL)
		return;
	for (i = 0; i < set->n; i++)
		profile_free(set->v[i]);
	free(set->v);
	set->v = NULL;
	set->n = 0;
}

bool
profile_offers_tls13(const struct profile *p)
{
	const struct tls_suite *s;
	size_t i;

	if (p->max_version < TLS_VERSION_TLS13)
		return false;
	for (i = 0; i < p->n_suites; i++) {
		s = tls_suite_by_code(p->suites[i]);
		if (s != NULL && s->tls13)
			return true;
	}
	return false;
}

const char *
profile_sni_name(enum sni_policy sni)
{
	switch (sni) {
	case SNI_HOSTNAME:
		return "hostname";
	case SNI_DOTTED:
		return "dotted";
	case SNI_NEVER:
		return "never";
	}
	return "?";
}
