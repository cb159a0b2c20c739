/*
 * profile_write.c: a profile back into the text profile_parse reads.
 *
 * Callers: capture.c, which saves the hello of every client it sees, and
 * the tests, which check the round trip on every shipped profile. Names
 * come from tls_names.c so the file reads like a hand-written one; long
 * lists continue on tab-indented lines (docs/PROFILES.md, "Syntax").
 * Pure; any thread.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile_write.h"
#include "tls_names.h"
#include "xmem.h"

#define WRAP		72	/* columns before a list continues */
#define MAX_LINE	(64 * 1024)	/* profile.c's line limit */

struct out {
	char	*s;
	size_t	 len, cap;
	size_t	 col;		/* column on the current line */
	bool	 too_long;	/* a line past MAX_LINE */
};

static void __attribute__((format(printf, 2, 3)))
put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;
	const char *nl;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(o->s != NULL ? o->s + o->len : NULL,
		    o->s != NULL ? o->cap - o->len : 0, fmt, ap);
		va_end(ap);
		if (n < 0)
			return;
		if (o->s != NULL && o->len + (size_t)n < o->cap)
			break;
		o->cap = (o->cap + (size_t)n + 1) * 2;
		o->s = xreallocarray(o->s, o->cap, 1);
	}
	for (nl = o->s + o->len + n; nl > o->s + o->len; nl--)
		if (nl[-1] == '\n')
			break;
	o->col = nl > o->s + o->len ? (size_t)(o->s + o->len + n - nl) :
	    o->col + (size_t)n;
	if (o->col >= MAX_LINE)
		o->too_long = true;
	o->len += (size_t)n;
}

/* One list token, continuing on a new line past WRAP columns. */
static void
token(struct out *o, bool *first, const char *tok)
{
	if (!*first && o->col + 1 + strlen(tok) > WRAP)
		put(o, "\n\t%s", tok);
	else
		put(o, "%s%s", *first ? "" : " ", tok);
	*first = false;
}

typedef const char *(*name_fn)(uint16_t);

/* "key = w0 w1 ...", wrapped, when there are n > 0 words; word gives word
 * i (buf, 16 bytes, may hold it). */
static void
list_of(struct out *o, const char *key, size_t n,
    const char *(*word)(const void *ctx, size_t i, char *buf), const void *ctx)
{
	char buf[16];
	bool first = true;
	size_t i;

	if (n == 0)
		return;
	put(o, "%s = ", key);
	for (i = 0; i < n; i++)
		token(o, &first, word(ctx, i, buf));
	put(o, "\n");
}

struct codes16 {
	const uint16_t	*v;
	name_fn		 name;
};

/* A 16-bit code by its registry name, else 0xNNNN. */
static const char *
word16(const void *ctx, size_t i, char *buf)
{
	const struct codes16 *c = ctx;
	const char *s = c->name != NULL ? c->name(c->v[i]) : NULL;

	if (s == NULL) {
		snprintf(buf, 16, "0x%04x", c->v[i]);
		s = buf;
	}
	return s;
}

static void
list16(struct out *o, const char *key, const uint16_t *v, size_t n,
    name_fn name)
{
	const struct codes16 c = { v, name };

	list_of(o, key, n, word16, &c);
}

struct codes8 {
	const uint8_t		 *v;
	const char *const	 *names;
	size_t			  n_names;
};

/* A byte code: names[code] when there is one, else decimal. */
static const char *
word8(const void *ctx, size_t i, char *buf)
{
	const struct codes8 *c = ctx;

	if (c->v[i] < c->n_names && c->names[c->v[i]] != NULL)
		return c->names[c->v[i]];
	snprintf(buf, 16, "%u", c->v[i]);
	return buf;
}

/* A list of byte codes; names[code] when there is one. */
static void
list8(struct out *o, const char *key, const uint8_t *v, size_t n,
    const char *const *names, size_t n_names)
{
	const struct codes8 c = { v, names, n_names };

	list_of(o, key, n, word8, &c);
}

static const char *
ext_name(uint16_t code)
{
	if (code == TLS_EXT_GREASE || tls_is_grease(code))
		return "grease";
	return tls_ext_name(code);
}

static const char *
cert_comp_name(uint16_t code)
{
	/* RFC 8879 §7.3 */
	static const char *const names[] = { NULL, "zlib", "brotli", "zstd" };

	return code < 4 ? names[code] : NULL;
}

/* A protocol name that stays one token: printable ASCII, no separators. */
static bool
name_ok(const char *s)
{
	if (*s == '\0' || strlen(s) > 255)
		return false;
	for (; *s != '\0'; s++)
		if ((unsigned char)*s <= ' ' || (unsigned char)*s >= 0x7f ||
		    *s == ',' || *s == '#')
			return false;
	return true;
}

static bool
names(struct out *o, const char *key, char *const *v, size_t n)
{
	bool first = true;
	size_t i;

	if (n == 0)
		return true;
	put(o, "%s = ", key);
	for (i = 0; i < n; i++) {
		if (!name_ok(v[i]))
			return false;
		token(o, &first, v[i]);
	}
	put(o, "\n");
	return true;
}

/* Text stays one logical value: no control character, no '#' where it
 * would start a comment (at the start or after a blank). */
static bool
text_ok(const char *s)
{
	const char *p;

	for (p = s; *p != '\0'; p++) {
		if ((unsigned char)*p < ' ' || *p == 0x7f)
			return false;
		if (*p == '#' && (p == s || p[-1] == ' '))
			return false;
	}
	return true;
}

/* A text value, wrapped at single blanks onto continuation lines (the
 * parser joins them with one blank, so a double blank never breaks). */
static void
text(struct out *o, const char *key, const char *s)
{
	const char *p = s, *q, *best;
	size_t room;

	while (*p == ' ')
		p++;
	if (*p == '\0')
		return;
	put(o, "%s = ", key);
	for (;;) {
		room = o->col < WRAP ? WRAP - o->col : 0;
		if (strlen(p) <= room)
			break;
		best = NULL;
		for (q = p + 1; *q != '\0'; q++) {
			if (*q != ' ' || q[-1] == ' ' || q[1] == ' ' ||
			    q[1] == '\0')
				continue;
			if ((size_t)(q - p) <= room)
				best = q;
			else {
				if (best == NULL)
					best = q;
				break;
			}
		}
		if (best == NULL)
			break;
		put(o, "%.*s\n\t", (int)(best - p), p);
		p = best + 1;
	}
	put(o, "%s\n", p);
}

static void
ext_data(struct out *o, const struct profile *p)
{
	char buf[16];
	const char *n;
	size_t i, j;

	if (p->n_ext_data == 0)
		return;
	put(o, "ext_data =");
	for (i = 0; i < p->n_ext_data; i++) {
		n = tls_ext_name(p->ext_data[i].type);
		if (n == NULL) {
			snprintf(buf, sizeof buf, "0x%04x",
			    p->ext_data[i].type);
			n = buf;
		}
		put(o, "%s%s:", i == 0 ? " " : "\n\t", n);
		for (j = 0; j < p->ext_data[i].len; j++)
			put(o, "%02x", p->ext_data[i].data[j]);
	}
	put(o, "\n");
}

static void
ech(struct out *o, const struct profile *p)
{
	const struct profile_ech_grease *e = &p->ech_grease;
	size_t i, n;

	if (e->n_payload_lens == 0)
		return;
	put(o, "ech_grease = kdf=0x%04x aead=", e->kdf);
	n = e->n_aeads < PROFILE_ECH_MAX_CHOICES ? e->n_aeads :
	    PROFILE_ECH_MAX_CHOICES;
	if (n == 0)
		put(o, "0x%04x", e->aead);
	for (i = 0; i < n; i++)
		put(o, "%s0x%04x", i > 0 ? "," : "", e->aeads[i]);
	put(o, " payload=");
	n = e->n_payload_lens < PROFILE_ECH_MAX_CHOICES ? e->n_payload_lens :
	    PROFILE_ECH_MAX_CHOICES;
	for (i = 0; i < n; i++)
		put(o, "%s%u", i > 0 ? "," : "", e->payload_lens[i]);
	put(o, "\n");
}

static void
version_key(struct out *o, const char *key, uint16_t v)
{
	const char *n;

	if (v == 0)
		return;
	n = tls_version_name(v);
	if (n != NULL)
		put(o, "%s = %s\n", key, n);
	else
		put(o, "%s = 0x%04x\n", key, v);
}

/* The policy keys: what the client does with the answer. */
static void
policy(struct out *o, const struct profile *p)
{
	put(o, "\n# --- the policy applied to the answer ---\n");
	put(o, "security_level = %d\n", p->security_level);
	put(o, "verify_peer = %s\n", p->verify_peer ? "yes" : "no");
	put(o, "check_hostname = %s\n", p->check_hostname ? "yes" : "no");
	put(o, "min_rsa_bits = %u\n", p->min_rsa_bits);
	put(o, "min_dh_bits = %u\n", p->min_dh_bits);
	put(o, "strict_x509 = %s\n", p->strict_x509 ? "yes" : "no");
	put(o, "sha1_certificates = %s\n",
	    p->sha1_certificates ? "yes" : "no");
	put(o, "legacy_signatures = %s\n\n",
	    p->legacy_signatures ? "yes" : "no");
}

enum status
profile_write(const struct profile *p, const char *comment, char **out,
    size_t *len, char *err, size_t errlen)
{
	static const char *const comp[] = { "null", "deflate" };
	static const char *const ecpf[] = { "uncompressed",
	    "ansiX962_compressed_prime", "ansiX962_compressed_char2" };
	static const char *const psk[] = { "psk_ke", "psk_dhe_ke" };
	const char *texts[][2] = {
		{ "id", p->id }, { "name", p->name }, { "family", p->family },
		{ "runtime", p->runtime }, { "library", p->library },
		{ "platform", p->platform }, { "source", p->source },
		{ "note", p->note },
	};
	struct out o = { NULL, 0, 0, 0, false };
	const char *c, *nl;
	size_t i;

	*out = NULL;
	*len = 0;
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		if (texts[i][1] == NULL || !text_ok(texts[i][1])) {
			snprintf(err, errlen, "%s: a control character or a "
			    "'#' that would start a comment", texts[i][0]);
			return ST_EINVAL;
		}
	}
	if (p->id[0] == '\0' || p->name[0] == '\0' || p->family[0] == '\0' ||
	    p->n_versions == 0 || p->n_suites == 0) {
		snprintf(err, errlen, "id, name, family, versions and suites "
		    "are required");
		return ST_EINVAL;
	}

	for (c = comment; c != NULL && *c != '\0'; c = nl + 1) {
		nl = strchr(c, '\n');
		if (nl == NULL)
			nl = c + strlen(c);
		put(&o, "# %.*s\n", (int)(nl - c), c);
		if (*nl == '\0')
			break;
	}
	if (o.len > 0)
		put(&o, "\n");
	for (i = 0; i < 6; i++)
		text(&o, texts[i][0], texts[i][1]);
	put(&o, "default = %s\n\n", p->in_default_set ? "yes" : "no");

	put(&o, "# --- the ClientHello ---\n");
	list16(&o, "versions", p->versions, p->n_versions, tls_version_name);
	list16(&o, "suites", p->suites, p->n_suites, tls_suite_name);
	list16(&o, "groups", p->groups, p->n_groups, tls_group_name);
	list16(&o, "key_shares", p->key_shares, p->n_key_shares,
	    tls_group_name);
	list16(&o, "sigalgs", p->sigalgs, p->n_sigalgs, tls_sigalg_name);
	list16(&o, "extensions", p->extensions, p->n_extensions, ext_name);
	if (!names(&o, "alpn", p->alpn, p->n_alpn) ||
	    !names(&o, "alps", p->alps, p->n_alps)) {
		snprintf(err, errlen, "a protocol name with a blank, a comma, "
		    "a '#' or a byte outside printable ASCII");
		free(o.s);
		return ST_EINVAL;
	}
	put(&o, "sni = %s\n", profile_sni_name(p->sni));
	version_key(&o, "record_version", p->record_version);
	version_key(&o, "legacy_version", p->legacy_version);
	put(&o, "session_id_len = %u\n", p->session_id_len);
	list8(&o, "compression", p->compression, p->n_compression, comp, 2);
	list16(&o, "sigalgs_cert", p->sigalgs_cert, p->n_sigalgs_cert,
	    tls_sigalg_name);
	list8(&o, "ec_point_formats", p->ec_point_formats,
	    p->n_ec_point_formats, ecpf, 3);
	list8(&o, "psk_modes", p->psk_modes, p->n_psk_modes, psk, 2);
	list16(&o, "cert_compression", p->cert_compression,
	    p->n_cert_compression, cert_comp_name);
	if (p->record_size_limit != 0)
		put(&o, "record_size_limit = %u\n", p->record_size_limit);
	put(&o, "padding = %s\n", p->padding == PADDING_F5 ? "f5" : "none");
	put(&o, "grease = %s\n", p->grease ? "yes" : "no");
	put(&o, "shuffle_extensions = %s\n",
	    p->shuffle_extensions ? "yes" : "no");
	list16(&o, "delegated_credentials", p->delegated_credentials,
	    p->n_delegated_credentials, tls_sigalg_name);
	ext_data(&o, p);
	ech(&o, p);

	policy(&o, p);
	text(&o, "source", p->source);
	text(&o, "note", p->note);

	if (o.too_long || o.len > PROFILE_MAX_FILE) {
		snprintf(err, errlen, "%s", o.too_long ? "a line longer than "
		    "64 KiB (an ext_data body)" : "longer than the 256 KiB a "
		    "profile file may have");
		free(o.s);
		return ST_ERANGE;
	}
	*out = o.s;
	*len = o.len;
	return ST_OK;
}
