/*
 * hello_build.c: the ClientHello of a profile, byte for byte.
 *
 * Callers: hello_io (for the raw probe backend and server enumeration),
 * and the golden test, which rebuilds captured hellos of real clients from
 * their profiles and the per-connection values read back from the capture.
 * Pure: everything random comes in through struct hello_vars, which
 * hello_vars_fill draws from a caller's random source. Any thread.
 *
 * GREASE slots (vars->grease[], RFC 8701), as Chromium places them:
 *   0 HELLO_GREASE_CIPHER   first entry of cipher_suites
 *   1 HELLO_GREASE_GROUP    first entry of supported_groups, and the
 *                           1-byte GREASE share first in key_share
 *   2 HELLO_GREASE_EXT1     the 1st GREASE extension (empty body)
 *   3 HELLO_GREASE_EXT2     the 2nd GREASE extension (one 0x00 byte)
 *   4 HELLO_GREASE_VERSION  first entry of supported_versions
 *   5 HELLO_GREASE_SIGALG   first entry of signature_algorithms
 * A GREASE extension is any GREASE code in profile->extensions; the code
 * there only marks the place, the value on the wire comes from vars.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "hello_build.h"
#include "netaddr.h"
#include "tls_names.h"

/* OpenSSL's F5 workaround bounds (ssl/statem/extensions_clnt.c, RFC 7685). */
#define F5_MIN_MSG_LEN		0xff
#define F5_MAX_MSG_LEN		0x200

/* What one build needs while writing extensions. */
struct build {
	const struct profile	*p;
	const struct hello_vars	*v;
	const char		*sni;	/* NULL: no server_name */
	struct wr		*w;	/* the handshake message */
	size_t			 n_grease_ext;
	char			*err;
	size_t			 errlen;
};

/* True for extensions that keep their place when the order is shuffled. */
static bool
ext_pinned(uint16_t type)
{
	/* BoringSSL never moves GREASE; padding must stay last (RFC 7685). */
	return tls_is_grease(type) || type == TLS_EXT_PADDING;
}

/* Decides whether sni goes into server_name under the profile's policy. */
static const char *
sni_to_send(const struct profile *p, const char *sni)
{
	struct netaddr a;

	if (sni == NULL || sni[0] == '\0' || p->sni == SNI_NEVER)
		return NULL;
	/* RFC 6066 §3: "Literal IPv4 and IPv6 addresses are not permitted". */
	if (strchr(sni, ':') != NULL || netaddr_parse(sni, &a))
		return NULL;
	if (p->sni == SNI_DOTTED && strchr(sni, '.') == NULL)
		return NULL;
	return sni;
}

static void
wr_u16_list(struct wr *w, const uint16_t *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		wr_u16(w, v[i]);
}

/* Writes u8-prefixed names, as in ALPN and ALPS (RFC 7301 §3.1). */
static bool
wr_names(struct build *b, char *const *names, size_t n, const char *what)
{
	size_t i, len;

	if (n == 0) {
		status_set_err(b->err, b->errlen, "%s listed without names", what);
		return false;
	}
	for (i = 0; i < n; i++) {
		len = strlen(names[i]);
		if (len == 0 || len > 255) {
			status_set_err(b->err, b->errlen, "%s name %zu: length %zu",
			    what, i + 1, len);
			return false;
		}
		wr_u8(b->w, (uint8_t)len);
		wr_bytes(b->w, names[i], len);
	}
	return true;
}

/* The GREASE value of a slot, refusing one that is not GREASE. */
static bool
grease_value(struct build *b, enum hello_grease_slot slot, uint16_t *out)
{
	uint16_t g = b->v->grease[slot];

	if (!tls_is_grease(g)) {
		status_set_err(b->err, b->errlen, "GREASE slot %d holds 0x%04x",
		    (int)slot, g);
		return false;
	}
	*out = g;
	return true;
}

/* key_share (RFC 8446 §4.2.8): the shares in vars order. */
static bool
body_key_share(struct build *b)
{
	const struct profile *p = b->p;
	const struct hello_vars *v = b->v;
	size_t i, j;
	uint16_t g;

	if (v->n_shares > HELLO_MAX_SHARES) {
		status_set_err(b->err, b->errlen, "%zu key shares", v->n_shares);
		return false;
	}
	for (i = 0; i < p->n_key_shares; i++) {
		for (j = 0; j < v->n_shares; j++)
			if (v->shares[j].group == p->key_shares[i])
				break;
		if (j == v->n_shares) {
			status_set_err(b->err, b->errlen, "no key for the %s share",
			    tls_group_name(p->key_shares[i]) != NULL ?
			    tls_group_name(p->key_shares[i]) : "unknown");
			return false;
		}
	}
	wr_begin_u16(b->w);
	if (p->grease) {
		/* RFC 8701 §3.1: a GREASE group with a one-byte share. */
		if (!grease_value(b, HELLO_GREASE_GROUP, &g))
			return false;
		wr_u16(b->w, g);
		wr_u16(b->w, 1);
		wr_u8(b->w, 0);
	}
	for (i = 0; i < v->n_shares; i++) {
		if (v->shares[i].len == 0 || v->shares[i].len > HELLO_MAX_KEY) {
			status_set_err(b->err, b->errlen, "key share %zu: %zu bytes",
			    i + 1, v->shares[i].len);
			return false;
		}
		wr_u16(b->w, v->shares[i].group);
		wr_begin_u16(b->w);
		wr_bytes(b->w, v->shares[i].pub, v->shares[i].len);
		wr_end(b->w);
	}
	wr_end(b->w);
	return true;
}

/* GREASE encrypted_client_hello (draft-ietf-tls-esni-22 §5, §6.2). */
static bool
body_ech(struct build *b)
{
	const struct hello_vars *v = b->v;

	if (v->ech_payload_len > HELLO_MAX_ECH) {
		status_set_err(b->err, b->errlen, "ECH payload of %zu bytes",
		    v->ech_payload_len);
		return false;
	}
	wr_u8(b->w, 0);			/* ECHClientHelloType outer */
	wr_u16(b->w, b->p->ech_grease.kdf);
	wr_u16(b->w, v->ech_aead != 0 ? v->ech_aead :
	    b->p->ech_grease.aead);
	wr_u8(b->w, v->ech_config_id);
	wr_begin_u16(b->w);
	wr_bytes(b->w, v->ech_enc, sizeof v->ech_enc);
	wr_end(b->w);
	wr_begin_u16(b->w);
	wr_bytes(b->w, v->ech_payload, v->ech_payload_len);
	wr_end(b->w);
	return true;
}

/* A fixed body from the profile's ext_data, or NULL. */
static const struct profile_ext_data *
ext_data_for(const struct profile *p, uint16_t type)
{
	size_t i;

	for (i = 0; i < p->n_ext_data; i++)
		if (p->ext_data[i].type == type)
			return &p->ext_data[i];
	return NULL;
}

/* A u16 list (with a u8 length for supported_versions) with the slot's
 * GREASE value first when the profile sends GREASE. */
static bool
grease_list(struct build *b, bool len8, enum hello_grease_slot slot,
    const uint16_t *v, size_t n)
{
	uint16_t g;

	if (len8)
		wr_begin_u8(b->w);
	else
		wr_begin_u16(b->w);
	if (b->p->grease) {
		if (!grease_value(b, slot, &g))
			return false;
		wr_u16(b->w, g);
	}
	wr_u16_list(b->w, v, n);
	wr_end(b->w);
	return true;
}

/* A u8-length list of bytes: the profile's, or def when it has none. */
static void
bytes_or(struct wr *w, const uint8_t *v, size_t n, const uint8_t *def,
    size_t n_def)
{
	wr_begin_u8(w);
	if (n > 0)
		wr_bytes(w, v, n);
	else
		wr_bytes(w, def, n_def);
	wr_end(w);
}

static bool	ext_body_checked(struct build *b, uint16_t type);

/* Writes the body of extension type (the header is already open). */
static bool
ext_body(struct build *b, uint16_t type)
{
	static const uint8_t point_formats[] = { 0 };	/* uncompressed */
	static const uint8_t psk_modes[] = { 1 };	/* psk_dhe_ke */
	const struct profile *p = b->p;
	const struct profile_ext_data *d;
	struct wr *w = b->w;

	/* A fixed body in the profile wins over the built-in one. */
	if ((d = ext_data_for(p, type)) != NULL) {
		wr_bytes(w, d->data, d->len);
		return true;
	}
	switch (type) {
	case TLS_EXT_SERVER_NAME:
		/* RFC 6066 §3: a list holding one host_name(0). */
		wr_begin_u16(w);
		wr_u8(w, 0);
		wr_begin_u16(w);
		wr_bytes(w, b->sni, strlen(b->sni));
		wr_end(w);
		wr_end(w);
		return true;
	case TLS_EXT_SUPPORTED_GROUPS:
		return grease_list(b, false, HELLO_GREASE_GROUP, p->groups,
		    p->n_groups);
	case TLS_EXT_EC_POINT_FORMATS:
		/* RFC 8422 §5.1.2 */
		bytes_or(w, p->ec_point_formats, p->n_ec_point_formats,
		    point_formats, sizeof point_formats);
		return true;
	case TLS_EXT_SIGALGS:
		/* RFC 8446 §4.2.3 */
		return grease_list(b, false, HELLO_GREASE_SIGALG, p->sigalgs,
		    p->n_sigalgs);
	case TLS_EXT_SIGALGS_CERT:
		/* Without a list of its own: signature_algorithms. */
		wr_begin_u16(w);
		if (p->n_sigalgs_cert > 0)
			wr_u16_list(w, p->sigalgs_cert, p->n_sigalgs_cert);
		else
			wr_u16_list(w, p->sigalgs, p->n_sigalgs);
		wr_end(w);
		return true;
	case TLS_EXT_ALPN:
		wr_begin_u16(w);
		if (!wr_names(b, p->alpn, p->n_alpn, "ALPN"))
			return false;
		wr_end(w);
		return true;
	case TLS_EXT_ALPS:
	case TLS_EXT_ALPS_OLD:
		/* Chromium's ALPS: the protocols that carry settings. */
		wr_begin_u16(w);
		if (!wr_names(b, p->alps, p->n_alps, "application_settings"))
			return false;
		wr_end(w);
		return true;
	case TLS_EXT_STATUS_REQUEST:
		/* RFC 6066 §8: ocsp(1), no responder ids, no extensions. */
		wr_u8(w, 1);
		wr_u16(w, 0);
		wr_u16(w, 0);
		return true;
	case TLS_EXT_RENEGOTIATION_INFO:
		/* RFC 5746 §3.4: an empty renegotiated_connection. */
		wr_u8(w, 0);
		return true;
	case TLS_EXT_SUPPORTED_VERSIONS:
		/* RFC 8446 §4.2.1 */
		return grease_list(b, true, HELLO_GREASE_VERSION, p->versions,
		    p->n_versions);
	case TLS_EXT_PSK_MODES:
		/* RFC 8446 §4.2.9 */
		bytes_or(w, p->psk_modes, p->n_psk_modes, psk_modes,
		    sizeof psk_modes);
		return true;
	case TLS_EXT_KEY_SHARE:
		return body_key_share(b);
	default:
		return ext_body_checked(b, type);
	}
}

/* The bodies of extensions whose profile values are checked here; every
 * other extension without data is empty in a first hello. */
static bool
ext_body_checked(struct build *b, uint16_t type)
{
	const struct profile *p = b->p;
	struct wr *w = b->w;

	switch (type) {
	case TLS_EXT_RECORD_SIZE_LIMIT:
		/* RFC 8449 §4 */
		if (p->record_size_limit < 64) {
			status_set_err(b->err, b->errlen, "record_size_limit %u",
			    p->record_size_limit);
			return false;
		}
		wr_u16(w, p->record_size_limit);
		return true;
	case TLS_EXT_COMPRESS_CERT:
		/* RFC 8879 §3 */
		if (p->n_cert_compression == 0) {
			status_set_err(b->err, b->errlen,
			    "compress_certificate listed without algorithms");
			return false;
		}
		wr_begin_u8(w);
		wr_u16_list(w, p->cert_compression, p->n_cert_compression);
		wr_end(w);
		return true;
	case TLS_EXT_DELEGATED_CRED:
		/* RFC 9345 §4.1.1 */
		if (p->n_delegated_credentials == 0) {
			status_set_err(b->err, b->errlen,
			    "delegated_credential listed without sigalgs");
			return false;
		}
		wr_begin_u16(w);
		wr_u16_list(w, p->delegated_credentials,
		    p->n_delegated_credentials);
		wr_end(w);
		return true;
	case TLS_EXT_ECH:
		return body_ech(b);
	default:
		/*
		 * session_ticket, extended_master_secret, encrypt_then_mac,
		 * signed_certificate_timestamp, post_handshake_auth and any
		 * other extension without data are empty in a first hello.
		 */
		return true;
	}
}

/*
 * padding (RFC 7685) as OpenSSL writes it: when the handshake message so
 * far is 256..511 bytes, pad it to 512, with at least one byte of padding.
 * Returns false when no padding extension is due.
 */
static bool
padding_len(const struct build *b, size_t *len)
{
	size_t hlen = b->w->len;	/* handshake header included */

	if (b->p->padding != PADDING_F5)
		return false;
	if (hlen <= F5_MIN_MSG_LEN || hlen >= F5_MAX_MSG_LEN)
		return false;
	hlen = F5_MAX_MSG_LEN - hlen;
	*len = hlen > 4 ? hlen - 4 : 1;
	return true;
}

/* Writes one extension: its type, a u16 length and the body. */
static bool
write_ext(struct build *b, uint16_t type)
{
	size_t pad;
	uint16_t g;

	if (tls_is_grease(type)) {
		/* RFC 8701 §3.1; BoringSSL gives the second one a byte. */
		if (b->n_grease_ext >= 2) {
			status_set_err(b->err, b->errlen,
			    "more than two GREASE extensions");
			return false;
		}
		if (!grease_value(b, b->n_grease_ext == 0 ?
		    HELLO_GREASE_EXT1 : HELLO_GREASE_EXT2, &g))
			return false;
		wr_u16(b->w, g);
		if (b->n_grease_ext++ == 0)
			wr_u16(b->w, 0);
		else {
			wr_u16(b->w, 1);
			wr_u8(b->w, 0);
		}
		return true;
	}
	if (type == TLS_EXT_SERVER_NAME && b->sni == NULL)
		return true;
	if (type == TLS_EXT_PADDING && ext_data_for(b->p, type) == NULL) {
		if (!padding_len(b, &pad))
			return true;
		wr_u16(b->w, type);
		wr_u16(b->w, (uint16_t)pad);
		wr_zeros(b->w, pad);
		return true;
	}
	wr_u16(b->w, type);
	wr_begin_u16(b->w);
	if (!ext_body(b, type))
		return false;
	wr_end(b->w);
	return true;
}

/* Checks that vars->ext_order is a permutation of the extensions that move. */
static bool
check_order(struct build *b)
{
	const struct profile *p = b->p;
	const struct hello_vars *v = b->v;
	bool seen[HELLO_MAX_EXTS];
	size_t i, n_moving = 0;

	if (p->n_extensions > HELLO_MAX_EXTS) {
		status_set_err(b->err, b->errlen, "%zu extensions to shuffle",
		    p->n_extensions);
		return false;
	}
	for (i = 0; i < p->n_extensions; i++)
		if (!ext_pinned(p->extensions[i]))
			n_moving++;
	if (v->n_ext_order != n_moving) {
		status_set_err(b->err, b->errlen, "extension order has %zu entries, "
		    "the profile %zu", v->n_ext_order, n_moving);
		return false;
	}
	memset(seen, 0, sizeof seen);
	for (i = 0; i < v->n_ext_order; i++) {
		uint8_t k = v->ext_order[i];

		if (k >= p->n_extensions || ext_pinned(p->extensions[k]) ||
		    seen[k]) {
			status_set_err(b->err, b->errlen, "extension order entry %zu "
			    "(%u) is not a permutation", i + 1, k);
			return false;
		}
		seen[k] = true;
	}
	return true;
}

/* Writes the extensions block, in the profile's or the shuffled order. */
static bool
write_extensions(struct build *b)
{
	const struct profile *p = b->p;
	size_t i, next = 0;
	uint16_t type;

	if (p->shuffle_extensions && !check_order(b))
		return false;
	wr_begin_u16(b->w);
	for (i = 0; i < p->n_extensions; i++) {
		type = p->extensions[i];
		/* A shuffled hello fills each moving place from ext_order. */
		if (p->shuffle_extensions && !ext_pinned(type))
			type = p->extensions[b->v->ext_order[next++]];
		if (!write_ext(b, type))
			return false;
	}
	wr_end(b->w);
	return true;
}

/* Builds the handshake message (RFC 8446 §4.1.2) into b->w. */
static bool
write_client_hello(struct build *b)
{
	static const uint8_t null_compression[] = { 0 };
	const struct profile *p = b->p;
	struct wr *w = b->w;
	uint16_t legacy = p->legacy_version, g;

	if (legacy == 0) {
		/* RFC 8446 §4.1.2: TLS 1.3 clients say TLS 1.2 here. */
		legacy = p->max_version != 0 ? p->max_version :
		    TLS_VERSION_TLS12;
		if (legacy > TLS_VERSION_TLS12)
			legacy = TLS_VERSION_TLS12;
	}
	if (p->session_id_len > sizeof b->v->session_id) {
		status_set_err(b->err, b->errlen, "session id of %u bytes",
		    p->session_id_len);
		return false;
	}
	wr_u8(w, TLS_HS_CLIENT_HELLO);
	wr_begin_u24(w);
	wr_u16(w, legacy);
	wr_bytes(w, b->v->random, sizeof b->v->random);
	wr_begin_u8(w);
	wr_bytes(w, b->v->session_id, p->session_id_len);
	wr_end(w);
	wr_begin_u16(w);
	if (p->grease) {
		if (!grease_value(b, HELLO_GREASE_CIPHER, &g))
			return false;
		wr_u16(w, g);
	}
	wr_u16_list(w, p->suites, p->n_suites);
	wr_end(w);
	wr_begin_u8(w);
	if (p->n_compression > 0)
		wr_bytes(w, p->compression, p->n_compression);
	else
		wr_bytes(w, null_compression, sizeof null_compression);
	wr_end(w);
	/* RFC 5246 §7.4.1.2: a hello without extensions has no block. */
	if (p->n_extensions > 0 && !write_extensions(b))
		return false;
	wr_end(w);
	return true;
}

enum status
hello_build(const struct profile *p, const char *sni,
    const struct hello_vars *v, struct wr *out, char *err, size_t errlen)
{
	struct build b;
	struct wr hs;
	enum status st = ST_OK;
	uint16_t record_version;
	size_t off, n, n_records;

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	memset(&b, 0, sizeof b);
	b.p = p;
	b.v = v;
	b.sni = sni_to_send(p, sni);
	b.w = &hs;
	b.err = err;
	b.errlen = errlen;
	if (b.sni != NULL && strlen(b.sni) > 255) {
		status_set_err(err, errlen, "host name of %zu bytes", strlen(b.sni));
		return ST_EINVAL;
	}

	wr_init(&hs, HELLO_MAX_BYTES);
	if (!write_client_hello(&b)) {
		st = hs.failed ? ST_ERANGE : ST_EINVAL;
		if (st == ST_ERANGE)
			status_set_err(err, errlen, "hello longer than %d bytes",
			    HELLO_MAX_BYTES);
		goto out;
	}
	if (!wr_ok(&hs)) {
		st = ST_ERANGE;
		status_set_err(err, errlen, "hello longer than %d bytes",
		    HELLO_MAX_BYTES);
		goto out;
	}

	/* RFC 8446 §5.1: fragments of at most 2^14 bytes each. */
	n_records = (hs.len + TLS_MAX_PLAINTEXT - 1) / TLS_MAX_PLAINTEXT;
	if (hs.len + 5 * n_records > HELLO_MAX_BYTES) {
		st = ST_ERANGE;
		status_set_err(err, errlen, "hello longer than %d bytes",
		    HELLO_MAX_BYTES);
		goto out;
	}
	record_version = p->record_version != 0 ? p->record_version :
	    TLS_VERSION_TLS10;
	for (off = 0; off < hs.len; off += n) {
		n = hs.len - off < TLS_MAX_PLAINTEXT ? hs.len - off :
		    TLS_MAX_PLAINTEXT;
		wr_u8(out, TLS_CT_HANDSHAKE);
		wr_u16(out, record_version);
		wr_u16(out, (uint16_t)n);
		wr_bytes(out, hs.buf + off, n);
	}
	if (out->failed) {
		st = ST_ERANGE;
		status_set_err(err, errlen, "output buffer full (%zu bytes)",
		    out->max);
	}
out:
	wr_cleanup(&hs);
	return st;
}

/* A uniform number below n (n > 0) from rng, by rejection sampling. */
static uint32_t
rand_below(hello_rng_fn rng, void *ctx, uint32_t n)
{
	uint8_t b[4];
	uint32_t x, limit = UINT32_MAX - UINT32_MAX % n;
	int tries;

	/* Bounded: each draw is rejected with probability below 1/2. */
	for (tries = 0; tries < 64; tries++) {
		rng(ctx, b, sizeof b);
		x = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
		    (uint32_t)b[2] << 8 | b[3];
		if (x < limit)
			return x % n;
	}
	return x % n;
}

void
hello_vars_fill(struct hello_vars *v, const struct profile *p,
    hello_rng_fn rng, void *rng_ctx)
{
	uint8_t r[HELLO_MAX_GREASE];
	size_t i, n, len;
	uint8_t t;

	rng(rng_ctx, v->random, sizeof v->random);
	memset(v->session_id, 0, sizeof v->session_id);
	len = p->session_id_len < sizeof v->session_id ? p->session_id_len :
	    sizeof v->session_id;
	if (len > 0)
		rng(rng_ctx, v->session_id, len);

	/* RFC 8701 §2: 0x?A?A with both bytes equal. */
	rng(rng_ctx, r, sizeof r);
	for (i = 0; i < HELLO_MAX_GREASE; i++)
		v->grease[i] = (uint16_t)(((r[i] & 0xf0) | 0x0a) * 0x0101);
	/* Two extensions of one type are illegal (RFC 8446 §4.2). */
	if (v->grease[HELLO_GREASE_EXT2] == v->grease[HELLO_GREASE_EXT1])
		v->grease[HELLO_GREASE_EXT2] ^= 0x1010;

	/* The moving extensions, then a Fisher-Yates shuffle of them. */
	n = 0;
	for (i = 0; i < p->n_extensions && n < HELLO_MAX_EXTS; i++)
		if (!ext_pinned(p->extensions[i]) && i <= UINT8_MAX)
			v->ext_order[n++] = (uint8_t)i;
	v->n_ext_order = n;
	if (p->shuffle_extensions) {
		for (i = n; i > 1; i--) {
			size_t j = rand_below(rng, rng_ctx, (uint32_t)i);

			t = v->ext_order[i - 1];
			v->ext_order[i - 1] = v->ext_order[j];
			v->ext_order[j] = t;
		}
	}

	/* GREASE ECH: random AEAD, id, key and payload of a listed length. */
	n = p->ech_grease.n_aeads;
	if (n > PROFILE_ECH_MAX_CHOICES)
		n = PROFILE_ECH_MAX_CHOICES;
	v->ech_aead = n > 0 ? p->ech_grease.aeads[rand_below(rng, rng_ctx,
	    (uint32_t)n)] : p->ech_grease.aead;
	rng(rng_ctx, &v->ech_config_id, 1);
	rng(rng_ctx, v->ech_enc, sizeof v->ech_enc);
	len = 0;
	n = p->ech_grease.n_payload_lens;
	if (n > PROFILE_ECH_MAX_CHOICES)
		n = PROFILE_ECH_MAX_CHOICES;
	if (n > 0)
		len = p->ech_grease.payload_lens[rand_below(rng, rng_ctx,
		    (uint32_t)n)];
	if (len > HELLO_MAX_ECH)
		len = HELLO_MAX_ECH;
	v->ech_payload_len = len;
	memset(v->ech_payload, 0, sizeof v->ech_payload);
	if (len > 0)
		rng(rng_ctx, v->ech_payload, len);
}
