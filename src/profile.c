/*
 * profile.c: client profiles from text files (format: docs/PROFILES.md).
 *
 * Callers: main/cli load the profile directory once at start-up; the model,
 * the probes and the front ends then read the frozen profiles from any
 * thread. Parsing is pure and strict: profile files are input we did not
 * write, so every line is bounded, every byte checked (no NUL, no control
 * characters, valid UTF-8) and every name must be one the registries in
 * tls_names know. A bad file is an error with "origin:line: reason", never
 * a partly filled profile. This file holds the key table and the parser
 * (lines, keys, the finished profile); the values are profile_value.c's,
 * files and sets profile_set.c's.
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

const struct profile_key profile_keys[KEY_COUNT] = {
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


enum status
profile_perr(struct parser *ps, unsigned line, const char *fmt, ...)
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

/* The end of a list key: a list that must not be empty is not. */
static enum status
finish_list(struct parser *ps, int key, unsigned line, const char *name)
{
	struct profile *p = ps->p;
	size_t *n;
	uint16_t **arr;
	uint8_t **arr8;

	if (profile_is_names(key) || key == KEY_EXT_DATA)
		return ST_OK;
	if (profile_is_list8(key)) {
		/* RFC 5246 §7.4.1.2, RFC 8422 §5.1.2, RFC 8446 §4.2.9: these
		 * vectors hold at least one entry, so a given list may not
		 * be empty. */
		profile_list8_fields(p, key, &arr8, &n);
		if (*n == 0)
			return profile_perr(ps, line, "%s: empty list", name);
		return ST_OK;
	}
	profile_list_fields(p, key, &arr, &n);
	if (*n == 0 && profile_keys[key].required)
		return profile_perr(ps, line, "%s: empty list", name);
	return ST_OK;
}

/* The certificate-decision and policy keys of a text value v. */
static enum status
set_policy_key(struct parser *ps, int key, unsigned line, const char *v)
{
	struct profile *p = ps->p;
	const char *name = profile_keys[key].name;
	unsigned u;

	switch (key) {
	case KEY_SECURITY_LEVEL:
		if (!profile_parse_uint(v, 5, &u))
			return profile_perr(ps, line, "security_level: '%s' is not "
			    "a number from 0 to 5", v);
		p->security_level = (int)u;
		break;
	case KEY_VERIFY_PEER:
	case KEY_CHECK_HOSTNAME:
		if (!profile_parse_bool(v, key == KEY_VERIFY_PEER ?
		    &p->verify_peer : &p->check_hostname))
			return profile_perr(ps, line, "%s: '%s' is not yes or no",
			    name, v);
		break;
	case KEY_STRICT_X509:
	case KEY_SHA1_CERTIFICATES:
	case KEY_LEGACY_SIGNATURES:
		if (!profile_parse_bool(v, key == KEY_STRICT_X509 ? &p->strict_x509 :
		    key == KEY_SHA1_CERTIFICATES ? &p->sha1_certificates :
		    &p->legacy_signatures))
			return profile_perr(ps, line, "%s: '%s' is not yes or no",
			    name, v);
		break;
	case KEY_TRUST_STORE:
	case KEY_CHAIN_ORDER:
	case KEY_CN_FALLBACK:
	case KEY_WILDCARDS:
	case KEY_IP_NAMES:
	case KEY_EKU_CHECK:
		return profile_parse_trust_key(ps, key, line, v);
	case KEY_TRUSTED_FIRST:
	case KEY_AIA_FETCH:
		if (!profile_parse_bool(v, key == KEY_TRUSTED_FIRST ?
		    &p->trusted_first : &p->aia_fetch))
			return profile_perr(ps, line, "%s: '%s' is not yes or no",
			    name, v);
		break;
	case KEY_MAX_CERT_MESSAGE:
		/* A handshake message has a 24-bit length (RFC 8446 §4). */
		if (!profile_parse_uint(v, 0xffffff, &u))
			return profile_perr(ps, line, "max_cert_message: '%s' is not a "
			    "number of bytes from 0 (no limit) to 16777215", v);
		p->max_cert_message = u;
		break;
	case KEY_MIN_RSA_BITS:
	case KEY_MIN_DH_BITS:
		if (!profile_parse_uint(v, PROFILE_MAX_BITS, &u))
			return profile_perr(ps, line, "%s: '%s' is not a number from "
			    "0 to %d", name, v, PROFILE_MAX_BITS);
		if (key == KEY_MIN_RSA_BITS)
			p->min_rsa_bits = u;
		else
			p->min_dh_bits = u;
		break;
	}
	return ST_OK;
}

/* A text key's value v into the profile: the hello's keys here, the
 * policy's in set_policy_key. */
static enum status
set_text_key(struct parser *ps, int key, unsigned line, const char *v)
{
	struct profile *p = ps->p;
	const char *name = profile_keys[key].name;
	unsigned u;
	uint16_t code;
	bool b;

	switch (key) {
	case KEY_ID:
		if (!profile_valid_id(v))
			return profile_perr(ps, line, "id: '%s' is not [a-z0-9._-]+ "
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
			return profile_perr(ps, line, "sni: '%s' is not hostname, "
			    "dotted or never", v);
		break;
	case KEY_RECORD_VERSION:
	case KEY_LEGACY_VERSION:
		if (!tls_version_parse(v, &code))
			return profile_perr(ps, line, "%s: unknown version '%s'", name,
			    v);
		if (key == KEY_RECORD_VERSION)
			p->record_version = code;
		else
			p->legacy_version = code;
		break;
	case KEY_SESSION_ID_LEN:
		/* RFC 5246 §7.4.1.2: opaque SessionID<0..32> */
		if (!profile_parse_uint(v, 32, &u))
			return profile_perr(ps, line, "session_id_len: '%s' is not a "
			    "number from 0 to 32", v);
		p->session_id_len = (uint8_t)u;
		break;
	case KEY_RECORD_SIZE_LIMIT:
		/* RFC 8449 §4: at least 64, at most 2^14 + 1 (TLS 1.3). */
		if (!profile_parse_uint(v, 16385, &u) || u < 64)
			return profile_perr(ps, line, "record_size_limit: '%s' is not "
			    "a number from 64 to 16385", v);
		p->record_size_limit = (uint16_t)u;
		break;
	case KEY_PADDING:
		if (strcmp(v, "none") == 0)
			p->padding = PADDING_NONE;
		else if (strcmp(v, "f5") == 0)
			p->padding = PADDING_F5;
		else
			return profile_perr(ps, line, "padding: '%s' is not none or "
			    "f5", v);
		break;
	case KEY_GREASE:
	case KEY_SHUFFLE_EXTENSIONS:
	case KEY_DEFAULT:
		if (!profile_parse_bool(v, &b))
			return profile_perr(ps, line, "%s: '%s' is not yes or no",
			    name, v);
		if (key == KEY_GREASE)
			p->grease = b;
		else if (key == KEY_SHUFFLE_EXTENSIONS)
			p->shuffle_extensions = b;
		else
			p->in_default_set = b;
		break;
	case KEY_ECH_GREASE:
		return profile_parse_ech_grease(ps, line, v);
	default:
		return set_policy_key(ps, key, line, v);
	}
	return ST_OK;
}

static enum status
finish_key(struct parser *ps)
{
	const char *v, *name;
	unsigned line;
	int key = ps->cur;

	if (key < 0)
		return ST_OK;
	ps->cur = -1;
	line = ps->seen[key];
	name = profile_keys[key].name;
	if (profile_keys[key].kind == KIND_LIST) {
		ps->list_cap = 0;
		return finish_list(ps, key, line, name);
	}
	v = ps->text_len > 0 ? ps->text : "";
	ps->text_len = 0;
	if (v[0] == '\0' && profile_keys[key].required)
		return profile_perr(ps, line, "%s: empty value", name);
	return set_text_key(ps, key, line, v);
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
	while (i < len && profile_is_space(s[i]))
		i++;
	if (klen == 0 || i == len || s[i] != '=')
		return profile_perr(ps, ps->line, "expected 'key = value'");
	for (key = 0; key < KEY_COUNT; key++) {
		if (strlen(profile_keys[key].name) == klen &&
		    memcmp(profile_keys[key].name, s, klen) == 0)
			break;
	}
	if (key == KEY_COUNT)
		return profile_perr(ps, ps->line, "unknown key '%.*s'", (int)klen, s);
	if (ps->seen[key] != 0)
		return profile_perr(ps, ps->line, "duplicate key '%s' (first on line "
		    "%u)", profile_keys[key].name, ps->seen[key]);
	ps->seen[key] = ps->line;
	ps->cur = key;
	i++;
	while (i < len && profile_is_space(s[i]))
		i++;
	return profile_add_segment(ps, s + i, len - i);
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
	if ((why = profile_check_bytes((const unsigned char *)s, len)) != NULL)
		return profile_perr(ps, ps->line, "%s", why);
	/* '#' starts a comment at the start of a line or after blank. */
	for (i = 0; i < len; i++) {
		if (s[i] == '#' && (i == 0 || profile_is_space(s[i - 1]))) {
			len = i;
			break;
		}
	}
	while (len > 0 && profile_is_space(s[len - 1]))
		len--;
	s[len] = '\0';
	i = 0;
	while (i < len && profile_is_space(s[i]))
		i++;
	if (i == len)
		return ST_OK;		/* blank or comment */
	if (i > 0) {
		if (ps->cur < 0)
			return profile_perr(ps, ps->line, "continuation line without "
			    "a key");
		return profile_add_segment(ps, s + i, len - i);
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
			return profile_perr(ps, ps->seen[KEY_EXT_DATA], "ext_data: "
			    "0x%04x is not in extensions", p->ext_data[i].type);
	}
	if (p->shuffle_extensions && p->n_extensions < 2)
		return profile_perr(ps, ps->seen[KEY_SHUFFLE_EXTENSIONS],
		    "shuffle_extensions: extensions lists fewer than two");
	if (profile_has_extension(p, TLS_EXT_GREASE) && !p->grease)
		return profile_perr(ps, ps->seen[KEY_EXTENSIONS], "extensions: lists "
		    "'grease' but grease is not yes");
	if (p->n_extensions == 0)
		return ST_OK;
	for (i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
		listed = profile_has_extension(p, pairs[i].ext) ||
		    profile_has_extension(p, pairs[i].alt);
		en = tls_ext_name(pairs[i].ext);
		if (pairs[i].set && !listed)
			return profile_perr(ps, ps->seen[pairs[i].key], "%s is set but "
			    "extensions does not list %s",
			    profile_keys[pairs[i].key].name, en);
		if (!pairs[i].set && listed &&
		    !has_ext_data(p, pairs[i].ext) &&
		    !has_ext_data(p, pairs[i].alt)) {
			if (pairs[i].key == KEY_PADDING)
				return profile_perr(ps, ps->seen[KEY_EXTENSIONS],
				    "extensions lists padding but padding is "
				    "none");
			return profile_perr(ps, ps->seen[KEY_EXTENSIONS], "extensions "
			    "lists %s but %s is not set", en,
			    profile_keys[pairs[i].key].name);
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
		if (profile_keys[key].required && ps->seen[key] == 0)
			return profile_perr(ps, last, "missing required key '%s'",
			    profile_keys[key].name);
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
			return profile_perr(ps, ps->seen[KEY_KEY_SHARES], "key_shares: "
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
		return profile_perr(&ps, 1, "file larger than %d bytes",
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
			st = profile_perr(&ps, ps.line, "line longer than %d bytes",
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
