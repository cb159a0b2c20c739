/*
 * profile_value.c: the values of a profile file's keys (docs/PROFILES.md):
 * the bytes of a line, numbers, words, the tokens of a list (registry
 * names or 0xNNNN codes, checked against tls_names), ext_data, GREASE
 * ECH and the certificate-decision words. Called by profile.c's parser;
 * pure, any thread.
 */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "profile.h"
#include "profile_int.h"
#include "tls_names.h"
#include "xmem.h"

bool
profile_is_space(int c)
{
	return c == ' ' || c == '\t';
}

/*
 * Checks one physical line (without its newline): no control characters
 * but tab, and well-formed UTF-8 (no overlong forms, no surrogates), so
 * nothing from a profile can drive a terminal or break JSON output.
 */
const char *
profile_check_bytes(const unsigned char *s, size_t len)
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

/* Parses a decimal number in [0, max]; no sign, no spaces. */
bool
profile_parse_uint(const char *s, unsigned max, unsigned *out)
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

bool
profile_parse_bool(const char *s, bool *out)
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
void
profile_list_fields(struct profile *p, int key, uint16_t ***v, size_t **n)
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
void
profile_list8_fields(struct profile *p, int key, uint8_t ***v, size_t **n)
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

bool
profile_is_list8(int key)
{
	return key == KEY_COMPRESSION || key == KEY_EC_POINT_FORMATS ||
	    key == KEY_PSK_MODES;
}

bool
profile_is_names(int key)
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

	if (small_name(key, tok, &u) || profile_parse_uint(tok, 255, &u)) {
		*out = (uint8_t)u;
		return NULL;
	}
	if (tls_code_parse(tok, 1, &code)) {
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
	if (key != KEY_EXTENSIONS && tls_code_parse(tok, 1, code) &&
	    tls_is_grease(*code))
		return "GREASE value (write grease = yes instead)";
	switch (key) {
	case KEY_VERSIONS:
		return tls_version_parse(tok, code) ? NULL : "unknown version";
	case KEY_SUITES:
		/* A code may be one the registry lacks (private use). */
		if (tls_code_parse(tok, 1, code))
			return NULL;
		if ((s = tls_suite_by_name(tok)) == NULL)
			return "unknown cipher suite";
		*code = s->code;
		return NULL;
	case KEY_GROUPS:
	case KEY_KEY_SHARES:
		if (tls_code_parse(tok, 1, code) || tls_group_parse(tok, code))
			return NULL;
		return "unknown group";
	case KEY_SIGALGS:
	case KEY_SIGALGS_CERT:
	case KEY_DELEGATED_CREDENTIALS:
		if (tls_code_parse(tok, 1, code) || tls_sigalg_parse(tok, code))
			return NULL;
		return "unknown signature algorithm";
	case KEY_CERT_COMPRESSION:
		if (small_name(key, tok, &u)) {
			*code = (uint16_t)u;
			return NULL;
		}
		if (tls_code_parse(tok, 1, code))
			return NULL;
		return "unknown certificate compression algorithm";
	default:
		if (strcasecmp(tok, "grease") == 0) {
			*code = TLS_EXT_GREASE;
			return NULL;
		}
		if (tls_code_parse(tok, 1, code) || tls_ext_parse(tok, code)) {
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
		return profile_perr(ps, ps->line, "ext_data: '%s' is not TYPE:HEX",
		    tok);
	memcpy(name, tok, nlen);
	name[nlen] = '\0';
	if (!tls_code_parse(name, 1, &type) && !tls_ext_parse(name, &type))
		return profile_perr(ps, ps->line, "ext_data: unknown extension '%s'",
		    name);
	if (ext_body_is_computed(type))
		return profile_perr(ps, ps->line, "ext_data: the body of '%s' is "
		    "computed per connection", name);
	for (i = 0; i < p->n_ext_data; i++) {
		if (p->ext_data[i].type == type)
			return profile_perr(ps, ps->line, "ext_data: 0x%04x listed "
			    "twice", type);
	}
	hex = colon + 1;
	hlen = strlen(hex);
	if (hlen % 2 != 0)
		return profile_perr(ps, ps->line, "ext_data: odd number of hex digits "
		    "for 0x%04x", type);
	for (i = 0; i < hlen; i++) {
		if (hex_digit((unsigned char)hex[i]) < 0)
			return profile_perr(ps, ps->line, "ext_data: '%c' is not a hex "
			    "digit", hex[i]);
	}
	if (p->n_ext_data >= PROFILE_MAX_LIST)
		return profile_perr(ps, ps->line, "ext_data: more than %d entries",
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
	const char *key = profile_keys[ps->cur].name;
	char ***v;
	size_t *n, i;

	names_fields(ps->p, ps->cur, &v, &n);
	/* RFC 7301 §3.1: a protocol name is 1..255 bytes; ALPS reuses it. */
	if (strlen(tok) > 255)
		return profile_perr(ps, ps->line, "%s: protocol name longer than 255 "
		    "bytes", key);
	for (i = 0; i < *n; i++) {
		if (strcmp((*v)[i], tok) == 0)
			return profile_perr(ps, ps->line, "%s: '%s' listed twice",
			    key, tok);
	}
	if (*n >= PROFILE_MAX_LIST)
		return profile_perr(ps, ps->line, "%s: more than %d entries", key,
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

	profile_list8_fields(ps->p, ps->cur, &v, &n);
	if ((why = token_u8(ps->cur, tok, &code)) != NULL)
		return profile_perr(ps, ps->line, "%s: %s '%s'", profile_keys[ps->cur].name,
		    why, tok);
	for (i = 0; i < *n; i++) {
		if ((*v)[i] == code)
			return profile_perr(ps, ps->line, "%s: '%s' (%u) listed twice",
			    profile_keys[ps->cur].name, tok, code);
	}
	if (*n >= PROFILE_MAX_LIST)
		return profile_perr(ps, ps->line, "%s: more than %d entries",
		    profile_keys[ps->cur].name, PROFILE_MAX_LIST);
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

	if (profile_is_names(ps->cur))
		return add_name(ps, tok);
	if (profile_is_list8(ps->cur))
		return add_u8(ps, tok);
	if (ps->cur == KEY_EXT_DATA)
		return add_ext_data(ps, tok);

	profile_list_fields(p, ps->cur, &v, &n);
	if ((why = token_code(ps->cur, tok, &code)) != NULL)
		return profile_perr(ps, ps->line, "%s: %s '%s'", profile_keys[ps->cur].name,
		    why, tok);
	for (i = 0; i < *n; i++) {
		if ((*v)[i] != code)
			continue;
		/* RFC 8701 §3: Chromium sends two GREASE extensions. */
		if (code == TLS_EXT_GREASE && ps->cur == KEY_EXTENSIONS &&
		    ++greases < MAX_GREASE_EXTS)
			continue;
		if (code == TLS_EXT_GREASE && ps->cur == KEY_EXTENSIONS)
			return profile_perr(ps, ps->line, "extensions: 'grease' more "
			    "than %d times", MAX_GREASE_EXTS);
		return profile_perr(ps, ps->line, "%s: '%s' (0x%04x) listed "
		    "twice", profile_keys[ps->cur].name, tok, code);
	}
	/* Clients list supported_versions highest first (RFC 8446 §4.2.1);
	 * min and max are derived from that order. */
	if (ps->cur == KEY_VERSIONS && *n > 0 && code > (*v)[*n - 1])
		return profile_perr(ps, ps->line, "versions: '%s' must come before "
		    "%s (list the highest first)", tok,
		    tls_version_name((*v)[*n - 1]));
	if (*n >= PROFILE_MAX_LIST)
		return profile_perr(ps, ps->line, "%s: more than %d entries",
		    profile_keys[ps->cur].name, PROFILE_MAX_LIST);
	if (*n == ps->list_cap) {
		ps->list_cap = ps->list_cap ? ps->list_cap * 2 : 16;
		*v = xreallocarray(*v, ps->list_cap, sizeof **v);
	}
	(*v)[(*n)++] = code;
	return ST_OK;
}

/* Adds a value segment (one line's worth, trimmed) to the current key. */
enum status
profile_add_segment(struct parser *ps, char *seg, size_t len)
{
	enum status st;
	size_t i, start;

	if (profile_keys[ps->cur].kind == KIND_TEXT) {
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
		while (i < len && (profile_is_space(seg[i]) || seg[i] == ','))
			i++;
		if (i == len)
			break;
		start = i;
		while (i < len && !profile_is_space(seg[i]) && seg[i] != ',')
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
		if (hex && !tls_code_parse(tok, 1, &code))
			return profile_perr(ps, line, "ech_grease: %s '%s' is not "
			    "0xHHHH", item, tok);
		if (!hex) {
			if (!profile_parse_uint(tok, PROFILE_ECH_MAX_PAYLOAD, &u) ||
			    u == 0)
				return profile_perr(ps, line, "ech_grease: %s '%s' is "
				    "not a number from 1 to %d", item, tok,
				    PROFILE_ECH_MAX_PAYLOAD);
			code = (uint16_t)u;
		}
		for (i = 0; i < *n; i++) {
			if (out[i] == code)
				return profile_perr(ps, line, "ech_grease: %s '%s' "
				    "listed twice", item, tok);
		}
		if (*n >= PROFILE_ECH_MAX_CHOICES)
			return profile_perr(ps, line, "ech_grease: more than %d %s "
			    "values", PROFILE_ECH_MAX_CHOICES, item);
		out[(*n)++] = code;
	}
	if (*n == 0)
		return profile_perr(ps, line, "ech_grease: %s has no value", item);
	return ST_OK;
}

/*
 * "kdf=0x0001 aead=0x0001[,0x0003] payload=144,176,..." (GREASE ECH,
 * draft-ietf-tls-esni §6.2): the HPKE KDF and AEAD ids and the payload
 * lengths, one of which each hello picks. All three are required.
 */
enum status
profile_parse_ech_grease(struct parser *ps, unsigned line, const char *v)
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
			st = profile_perr(ps, line, "ech_grease: '%s' is not "
			    "name=value", tok);
			goto out;
		}
		*eq++ = '\0';
		for (item = 0; item < 3; item++) {
			if (strcmp(tok, items[item]) == 0)
				break;
		}
		if (item == 3) {
			st = profile_perr(ps, line, "ech_grease: unknown item '%s' "
			    "(kdf, aead or payload)", tok);
			goto out;
		}
		if (seen[item]) {
			st = profile_perr(ps, line, "ech_grease: %s given twice",
			    items[item]);
			goto out;
		}
		seen[item] = true;
		if (item == 0) {
			st = ech_values(ps, line, "kdf", eq, true, kdf,
			    &n_kdf);
			if (st == ST_OK && n_kdf > 1)
				st = profile_perr(ps, line, "ech_grease: one kdf "
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
			st = profile_perr(ps, line, "ech_grease: %s missing",
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
bool
profile_valid_id(const char *s)
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
enum status
profile_parse_trust_key(struct parser *ps, int key, unsigned line, const char *v)
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
			while (profile_is_space(*s))
				s++;
			if (*s == '\0')
				break;
			for (e = s; *e != '\0' && !profile_is_space(*e); e++)
				;
			n = (size_t)(e - s);
			if (p->n_trust_store == PROFILE_MAX_STORES)
				return profile_perr(ps, line, "trust_store: more than "
				    "%d stores", PROFILE_MAX_STORES);
			if (n >= PROFILE_STORE_ID_MAX)
				return profile_perr(ps, line, "trust_store: '%.*s' is "
				    "longer than %d characters", (int)n, s,
				    PROFILE_STORE_ID_MAX - 1);
			memcpy(p->trust_store[p->n_trust_store], s, n);
			p->trust_store[p->n_trust_store][n] = '\0';
			if (!profile_valid_store_id(
			    p->trust_store[p->n_trust_store]))
				return profile_perr(ps, line, "trust_store: '%.*s' is "
				    "not a store id ([a-z0-9._-]+)", (int)n, s);
			p->n_trust_store++;
			s = e;
		}
		if (p->n_trust_store == 0)
			return profile_perr(ps, line, "trust_store: empty value (system, "
			    "or store ids of data/trust/)");
		return ST_OK;
	case KEY_CHAIN_ORDER:
		if ((i = word_index(v, order)) < 0)
			return profile_perr(ps, line, "chain_order: '%s' is not any or "
			    "sorted", v);
		p->chain_sorted = i == 1;
		return ST_OK;
	case KEY_CN_FALLBACK:
		if ((i = word_index(v, cn_names)) < 0)
			return profile_perr(ps, line, "cn_fallback: '%s' is not "
			    "no-dns-san, no-san, never or always", v);
		p->cn_fallback = (enum cn_fallback)i;
		return ST_OK;
	case KEY_WILDCARDS:
		if ((i = word_index(v, wildcard_names)) < 0)
			return profile_perr(ps, line, "wildcards: '%s' is not label, "
			    "partial or none", v);
		p->wildcards = (enum wildcard_rule)i;
		return ST_OK;
	case KEY_IP_NAMES:
		if ((i = word_index(v, ipn)) < 0)
			return profile_perr(ps, line, "ip_names: '%s' is not san or "
			    "san-or-cn", v);
		p->ip_cn = i == 1;
		return ST_OK;
	case KEY_EKU_CHECK:
		if ((i = word_index(v, eku)) < 0)
			return profile_perr(ps, line, "eku_check: '%s' is not "
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
