/*
 * client_hello.c: a captured ClientHello back into a profile.
 *
 * Callers: the capture server (capture.c), the fingerprints
 * (fingerprint.c) and the tests. Reads records and the ClientHello with
 * bytes.h cursors (RFC 8446 §5.1, §4.1.2, §4.2), fills a struct profile
 * and the per-connection values, then proves the result by rebuilding
 * the hello with hello_build: an extension whose body the builder would
 * write differently gets its captured body as ext_data, and whatever
 * still differs is named in ch->note. Pure; any thread.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "client_hello.h"
#include "tls_names.h"
#include "xmem.h"

/* One extension of the hello: where its body is. */
struct ext {
	uint16_t	 type;
	const uint8_t	*body;
	size_t		 len;
};

/* The state of one parse. */
struct parse {
	struct client_hello	*ch;
	struct profile		*p;
	uint8_t			*msg;		/* reassembled message */
	size_t			 msg_len;
	uint16_t		 record_version;
	bool			 mixed_versions;
	bool			 odd_split;	/* not 2^14-byte fragments */
	bool			 trailing;	/* bytes after the message */
	struct ext		*ext;
	size_t			 n_ext;
	size_t			 n_grease_ext;
	char			*err;
	size_t			 errlen;
};

static bool __attribute__((format(printf, 2, 3)))
fail(struct parse *ps, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)status_vset_err(ps->err, ps->errlen, fmt, ap);
	va_end(ap);
	return false;
}

/* Appends a reason to ch->note; the hello is then not exact. */
static void __attribute__((format(printf, 2, 3)))
note(struct parse *ps, const char *fmt, ...)
{
	struct client_hello *ch = ps->ch;
	size_t len = strlen(ch->note);
	va_list ap;

	ch->exact = false;
	if (len + 3 >= sizeof ch->note)
		return;
	if (len > 0) {
		memcpy(ch->note + len, "; ", 3);
		len += 2;
	}
	va_start(ap, fmt);
	vsnprintf(ch->note + len, sizeof ch->note - len, fmt, ap);
	va_end(ap);
}

/*
 * Walks the records at buf (RFC 8446 §5.1) until they hold one whole
 * handshake message. With msg != NULL, copies the message there (at most
 * CLIENT_HELLO_MAX_BYTES). Returns ST_OK with *used and *msg_len set,
 * ST_ENODATA when buf ends first, ST_EPARSE or ST_ERANGE with err.
 */
static enum status
walk_records(const uint8_t *buf, size_t len, struct parse *ps, uint8_t *msg,
    size_t *used, size_t *msg_len)
{
	struct rd r, rec, peek;
	uint8_t type, hdr[4];
	uint16_t version, rlen;
	size_t have = 0, want = 0, n, i, n_rec = 0;

	rd_init(&r, buf, len);
	for (;;) {
		if (rd_left(&r) == 0)
			return ST_ENODATA;
		if (!rd_u8(&r, &type))
			return ST_ENODATA;
		if (type != TLS_CT_HANDSHAKE) {
			if (type & 0x80)
				fail(ps, "an SSL 2.0 hello (first byte "
				    "0x%02x)", type);
			else
				fail(ps, "record type %u, not handshake",
				    type);
			return ST_EPARSE;
		}
		if (!rd_u16(&r, &version))
			return ST_ENODATA;
		if ((version >> 8) != 3) {
			fail(ps, "record version 0x%04x is not TLS", version);
			return ST_EPARSE;
		}
		peek = r;
		if (!rd_u16(&peek, &rlen))
			return ST_ENODATA;
		if (rlen == 0 || rlen > TLS_MAX_PLAINTEXT) {
			/* RFC 8446 §5.1: no empty handshake fragments, none
			 * over 2^14 bytes. */
			fail(ps, "handshake record of %u bytes", rlen);
			return ST_EPARSE;
		}
		if (!rd_prefixed_u16(&r, &rec))
			return ST_ENODATA;
		if (++n_rec == 1)
			ps->record_version = version;
		else if (version != ps->record_version)
			ps->mixed_versions = true;
		/* The 4-byte handshake header may itself be split. */
		for (i = 0; i < rd_left(&rec) && have + i < 4; i++)
			hdr[have + i] = rec.p[i];
		if (have < 4 && have + rd_left(&rec) >= 4) {
			if (hdr[0] != TLS_HS_CLIENT_HELLO) {
				fail(ps, "handshake type %u, not ClientHello",
				    hdr[0]);
				return ST_EPARSE;
			}
			want = 4 + ((size_t)hdr[1] << 16 |
			    (size_t)hdr[2] << 8 | hdr[3]);
			if (want > CLIENT_HELLO_MAX_BYTES) {
				fail(ps, "ClientHello of %zu bytes (limit %d)",
				    want, CLIENT_HELLO_MAX_BYTES);
				return ST_ERANGE;
			}
		} else if (have < 4 && hdr[0] != TLS_HS_CLIENT_HELLO) {
			fail(ps, "handshake type %u, not ClientHello", hdr[0]);
			return ST_EPARSE;
		}
		n = rd_left(&rec);
		if (want > 0 && have + n > want) {
			ps->trailing = true;
			n = want - have;
		}
		if (msg != NULL)
			memcpy(msg + have, rec.p, n);
		/* Every fragment but the last full, as hello_build splits. */
		if ((want == 0 || have + n < want) &&
		    rd_left(&rec) != TLS_MAX_PLAINTEXT)
			ps->odd_split = true;
		have += n;
		if ((size_t)(r.p - buf) > CLIENT_HELLO_MAX_BYTES) {
			fail(ps, "more than %d bytes of records",
			    CLIENT_HELLO_MAX_BYTES);
			return ST_ERANGE;
		}
		if (want > 0 && have == want) {
			*used = (size_t)(r.p - buf);
			*msg_len = have;
			ps->ch->n_records = n_rec;
			return ST_OK;
		}
	}
}

enum status
client_hello_complete(const uint8_t *buf, size_t len, size_t *used,
    char *err, size_t errlen)
{
	struct parse ps;
	struct client_hello ch;
	size_t msg_len;

	memset(&ps, 0, sizeof ps);
	ps.ch = &ch;
	ps.err = err;
	ps.errlen = errlen;
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	*used = 0;
	return walk_records(buf, len, &ps, NULL, used, &msg_len);
}

/* A list from the wire: every u16 of r (which must be even), kept as is. */
static bool
wire_list(struct rd *r, struct client_hello_list *l)
{
	size_t i, n;

	if (rd_left(r) % 2 != 0)
		return false;
	n = rd_left(r) / 2;
	free(l->v);
	l->v = xcalloc(n > 0 ? n : 1, sizeof *l->v);
	l->n = n;
	for (i = 0; i < n; i++)
		rd_u16(r, &l->v[i]);
	return true;
}

/*
 * The profile's version of a wire list: GREASE values and repeats left
 * out, at most PROFILE_MAX_LIST entries. True when nothing was left out
 * but a leading GREASE value.
 */
static bool
profile_list(const struct client_hello_list *l, uint16_t **v, size_t *n)
{
	size_t i, j;
	bool clean = true;

	free(*v);
	*v = xcalloc(l->n > 0 ? l->n : 1, sizeof **v);
	*n = 0;
	for (i = 0; i < l->n; i++) {
		if (tls_is_grease(l->v[i])) {
			clean = clean && i == 0;
			continue;
		}
		for (j = 0; j < *n; j++)
			if ((*v)[j] == l->v[i])
				break;
		if (j < *n || *n >= PROFILE_MAX_LIST) {
			clean = false;
			continue;
		}
		(*v)[(*n)++] = l->v[i];
	}
	return clean;
}

/* The same for a list of bytes. */
static void
profile_bytes(struct rd *r, uint8_t **v, size_t *n)
{
	size_t i, j;

	free(*v);
	*v = xmalloc(rd_left(r) > 0 ? rd_left(r) : 1);
	*n = 0;
	for (i = 0; i < r->len; i++) {
		for (j = 0; j < *n; j++)
			if ((*v)[j] == r->p[i])
				break;
		if (j == *n)
			(*v)[(*n)++] = r->p[i];
	}
}

/* True for extensions whose body depends on the connection: profiles
 * cannot carry them as fixed bytes (docs/PROFILES.md, ext_data). */
static bool
ext_computed(uint16_t type)
{
	return type == TLS_EXT_SERVER_NAME || type == TLS_EXT_PADDING ||
	    type == TLS_EXT_PRE_SHARED_KEY || type == TLS_EXT_KEY_SHARE ||
	    tls_is_grease(type);
}

/* Puts the captured body of e into the profile's ext_data. */
static void
set_ext_data(struct parse *ps, const struct ext *e)
{
	struct profile *p = ps->p;
	struct profile_ext_data *d = NULL;
	size_t i;

	if (ext_computed(e->type))
		return;
	for (i = 0; i < p->n_ext_data; i++)
		if (p->ext_data[i].type == e->type)
			d = &p->ext_data[i];
	if (d == NULL) {
		p->ext_data = xreallocarray(p->ext_data, p->n_ext_data + 1,
		    sizeof *p->ext_data);
		d = &p->ext_data[p->n_ext_data++];
	} else
		free(d->data);
	d->type = e->type;
	d->len = e->len;
	d->data = xmalloc(e->len > 0 ? e->len : 1);
	if (e->len > 0)
		memcpy(d->data, e->body, e->len);
}

/* A protocol name a profile file can hold as one list token. */
static bool
name_writable(const uint8_t *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] <= ' ' || s[i] >= 0x7f || s[i] == ',' || s[i] == '#')
			return false;
	return len > 0;
}

/*
 * ALPN or ALPS (RFC 7301 §3.1): a u16 list of u8-prefixed names. Keeps
 * the first ALPN name for JA4. Names a profile cannot write leave the
 * list empty, and the body goes to ext_data.
 */
static bool
decode_names(struct parse *ps, const struct ext *e, char ***out, size_t *n)
{
	struct rd r, list, name;
	size_t i, k, count = 0;
	bool writable = true;

	rd_init(&r, e->body, e->len);
	if (!rd_prefixed_u16(&r, &list) || rd_left(&r) != 0)
		return fail(ps, "extension 0x%04x: bad list", e->type);
	while (rd_left(&list) > 0) {
		if (!rd_prefixed_u8(&list, &name) || rd_left(&name) == 0)
			return fail(ps, "extension 0x%04x: bad protocol name",
			    e->type);
		if (e->type == TLS_EXT_ALPN && count == 0 &&
		    ps->ch->alpn_first == NULL) {
			/* Raw bytes, NUL-terminated for convenience. */
			ps->ch->alpn_first = xcalloc(1, rd_left(&name) + 1);
			memcpy(ps->ch->alpn_first, name.p, rd_left(&name));
			ps->ch->alpn_first_len = rd_left(&name);
		}
		writable = writable && name_writable(name.p, rd_left(&name));
		count++;
	}
	if (!writable || count == 0 || count > PROFILE_MAX_LIST) {
		set_ext_data(ps, e);
		return true;
	}
	rd_init(&r, e->body, e->len);
	rd_prefixed_u16(&r, &list);
	*out = xcalloc(count, sizeof **out);
	for (i = 0; i < count; i++) {
		rd_prefixed_u8(&list, &name);
		(*out)[i] = xstrndup((const char *)name.p, rd_left(&name));
		(*n)++;
		for (k = 0; k < i; k++)
			if (strcmp((*out)[i], (*out)[k]) == 0)
				writable = false;
	}
	/* A repeated name: the profile keeps it, ext_data the bytes. */
	if (!writable) {
		for (i = 0; i < *n; i++)
			free((*out)[i]);
		free(*out);
		*out = NULL;
		*n = 0;
		set_ext_data(ps, e);
	}
	return true;
}

/* server_name (RFC 6066 §3): the first host_name. */
static bool
decode_sni(struct parse *ps, const struct ext *e)
{
	struct rd r, list, name;
	uint8_t type;

	rd_init(&r, e->body, e->len);
	ps->ch->has_sni = true;
	if (e->len == 0)
		return true;	/* a server's empty echo; odd but harmless */
	if (!rd_prefixed_u16(&r, &list) || rd_left(&r) != 0 ||
	    !rd_u8(&list, &type) || !rd_prefixed_u16(&list, &name))
		return fail(ps, "server_name: bad list");
	if (type != 0 || rd_left(&name) == 0 || rd_left(&name) > 255 ||
	    memchr(name.p, '\0', rd_left(&name)) != NULL) {
		note(ps, "server_name holds no usable host_name");
		return true;
	}
	memcpy(ps->ch->sni, name.p, rd_left(&name));
	ps->ch->sni[rd_left(&name)] = '\0';
	return true;
}

/* key_share (RFC 8446 §4.2.8): the shares into vars, the groups into the
 * profile (those it also offers in supported_groups). */
static bool
decode_key_share(struct parse *ps, const struct ext *e)
{
	struct hello_vars *v = &ps->ch->vars;
	struct rd r, list, key;
	uint16_t group;
	size_t i;

	rd_init(&r, e->body, e->len);
	if (!rd_prefixed_u16(&r, &list) || rd_left(&r) != 0)
		return fail(ps, "key_share: bad list");
	while (rd_left(&list) > 0) {
		if (!rd_u16(&list, &group) || !rd_prefixed_u16(&list, &key))
			return fail(ps, "key_share: bad entry");
		if (tls_is_grease(group))
			continue;
		if (v->n_shares >= HELLO_MAX_SHARES ||
		    rd_left(&key) == 0 || rd_left(&key) > HELLO_MAX_KEY) {
			note(ps, "key_share: share for 0x%04x not kept "
			    "(%zu bytes)", group, rd_left(&key));
			continue;
		}
		for (i = 0; i < v->n_shares; i++)
			if (v->shares[i].group == group)
				return fail(ps, "key_share: 0x%04x twice",
				    group);
		v->shares[v->n_shares].group = group;
		v->shares[v->n_shares].len = rd_left(&key);
		memcpy(v->shares[v->n_shares].pub, key.p, rd_left(&key));
		v->n_shares++;
	}
	return true;
}

/* GREASE encrypted_client_hello (draft-ietf-tls-esni §6.2), or ext_data
 * for anything else (a real ECH). */
static void
decode_ech(struct parse *ps, const struct ext *e)
{
	struct profile_ech_grease *g = &ps->p->ech_grease;
	struct hello_vars *v = &ps->ch->vars;
	struct rd r, enc, payload;
	uint8_t type, id;
	uint16_t kdf, aead;

	rd_init(&r, e->body, e->len);
	if (!rd_u8(&r, &type) || type != 0 || !rd_u16(&r, &kdf) ||
	    !rd_u16(&r, &aead) || !rd_u8(&r, &id) ||
	    !rd_prefixed_u16(&r, &enc) || rd_left(&enc) != sizeof v->ech_enc ||
	    !rd_prefixed_u16(&r, &payload) || rd_left(&r) != 0 ||
	    rd_left(&payload) == 0 ||
	    rd_left(&payload) > PROFILE_ECH_MAX_PAYLOAD ||
	    rd_left(&payload) > HELLO_MAX_ECH) {
		set_ext_data(ps, e);
		return;
	}
	g->kdf = kdf;
	g->aead = g->aeads[0] = aead;
	g->n_aeads = 1;
	g->payload_lens[0] = (uint16_t)rd_left(&payload);
	g->n_payload_lens = 1;
	v->ech_aead = aead;
	v->ech_config_id = id;
	memcpy(v->ech_enc, enc.p, sizeof v->ech_enc);
	v->ech_payload_len = rd_left(&payload);
	memcpy(v->ech_payload, payload.p, rd_left(&payload));
}

/* A u16 list inside a u8 or u16 prefix, taking the whole body. */
static bool
body_list(const struct ext *e, bool u8_prefix, struct client_hello_list *l)
{
	struct rd r, list;

	rd_init(&r, e->body, e->len);
	if (u8_prefix ? !rd_prefixed_u8(&r, &list) :
	    !rd_prefixed_u16(&r, &list))
		return false;
	return rd_left(&r) == 0 && wire_list(&list, l);
}

/* supported_versions (RFC 8446 §4.2.1): known versions, highest first. */
static void
set_versions(struct parse *ps, const struct ext *e)
{
	const struct client_hello_list *l = &ps->ch->versions;
	struct profile *p = ps->p;
	size_t i;
	bool clean = true;

	free(p->versions);
	p->versions = xcalloc(l->n > 0 ? l->n : 1, sizeof *p->versions);
	p->n_versions = 0;
	for (i = 0; i < l->n; i++) {
		if (tls_is_grease(l->v[i])) {
			clean = clean && i == 0;
			continue;
		}
		/* Profiles list versions strictly descending, known ones. */
		if (tls_version_name(l->v[i]) == NULL || (p->n_versions > 0 &&
		    l->v[i] >= p->versions[p->n_versions - 1])) {
			clean = false;
			continue;
		}
		p->versions[p->n_versions++] = l->v[i];
	}
	if (!clean)
		set_ext_data(ps, e);
}

/* A list of the client's that leads with GREASE: the slot's value. */
static void
note_grease(struct client_hello *ch, const struct client_hello_list *l,
    enum hello_grease_slot slot)
{
	if (l->n > 0 && tls_is_grease(l->v[0]))
		ch->vars.grease[slot] = l->v[0];
}

/* A u16 list (len8: with a one-byte length) into the profile's v, n;
 * kept as fixed bytes when it is not one the builder would make again. */
static void
decode_list(struct parse *ps, const struct ext *e, bool len8, uint16_t **v,
    size_t *n)
{
	struct client_hello_list tmp = { NULL, 0 };

	if (!body_list(e, len8, &tmp) || !profile_list(&tmp, v, n) || *n == 0)
		set_ext_data(ps, e);
	free(tmp.v);
}

/* Decodes one extension body into the profile and the vars. */
static bool
decode_ext(struct parse *ps, const struct ext *e)
{
	struct client_hello *ch = ps->ch;
	struct profile *p = ps->p;
	struct rd r, list;
	uint16_t u16;

	rd_init(&r, e->body, e->len);
	if (tls_is_grease(e->type)) {
		if (ps->n_grease_ext < 2)
			ch->vars.grease[ps->n_grease_ext == 0 ?
			    HELLO_GREASE_EXT1 : HELLO_GREASE_EXT2] = e->type;
		ps->n_grease_ext++;
		return true;
	}
	switch (e->type) {
	case TLS_EXT_SERVER_NAME:
		return decode_sni(ps, e);
	case TLS_EXT_SUPPORTED_GROUPS:
		if (!body_list(e, false, &ch->groups))
			return fail(ps, "supported_groups: bad list");
		if (!profile_list(&ch->groups, &p->groups, &p->n_groups))
			set_ext_data(ps, e);
		note_grease(ch, &ch->groups, HELLO_GREASE_GROUP);
		return true;
	case TLS_EXT_EC_POINT_FORMATS:
		if (!rd_prefixed_u8(&r, &list) || rd_left(&r) != 0)
			return fail(ps, "ec_point_formats: bad list");
		free(ch->ec_point_formats);
		ch->ec_point_formats = xmalloc(rd_left(&list) + 1);
		memcpy(ch->ec_point_formats, list.p, rd_left(&list));
		ch->n_ec_point_formats = rd_left(&list);
		profile_bytes(&list, &p->ec_point_formats,
		    &p->n_ec_point_formats);
		return true;
	case TLS_EXT_SIGALGS:
		if (!body_list(e, false, &ch->sigalgs))
			return fail(ps, "signature_algorithms: bad list");
		if (!profile_list(&ch->sigalgs, &p->sigalgs, &p->n_sigalgs))
			set_ext_data(ps, e);
		note_grease(ch, &ch->sigalgs, HELLO_GREASE_SIGALG);
		return true;
	case TLS_EXT_SIGALGS_CERT:
		decode_list(ps, e, false, &p->sigalgs_cert, &p->n_sigalgs_cert);
		return true;
	case TLS_EXT_DELEGATED_CRED:
		decode_list(ps, e, false, &p->delegated_credentials, &p->n_delegated_credentials);
		return true;
	case TLS_EXT_COMPRESS_CERT:
		decode_list(ps, e, true, &p->cert_compression, &p->n_cert_compression);
		return true;
	case TLS_EXT_ALPN:
		return decode_names(ps, e, &p->alpn, &p->n_alpn);
	case TLS_EXT_ALPS:
	case TLS_EXT_ALPS_OLD:
		if (p->n_alps > 0) {
			set_ext_data(ps, e);
			return true;
		}
		return decode_names(ps, e, &p->alps, &p->n_alps);
	case TLS_EXT_SUPPORTED_VERSIONS:
		if (!body_list(e, true, &ch->versions))
			return fail(ps, "supported_versions: bad list");
		set_versions(ps, e);
		note_grease(ch, &ch->versions, HELLO_GREASE_VERSION);
		return true;
	case TLS_EXT_PSK_MODES:
		if (!rd_prefixed_u8(&r, &list) || rd_left(&r) != 0)
			return fail(ps, "psk_key_exchange_modes: bad list");
		profile_bytes(&list, &p->psk_modes, &p->n_psk_modes);
		return true;
	case TLS_EXT_RECORD_SIZE_LIMIT:
		/* RFC 8449 §4: 64 .. 2^14 + 1. */
		if (!rd_u16(&r, &u16) || rd_left(&r) != 0 || u16 < 64 ||
		    u16 > 16385)
			set_ext_data(ps, e);
		else
			p->record_size_limit = u16;
		return true;
	case TLS_EXT_PADDING:
		p->padding = PADDING_F5;
		return true;
	case TLS_EXT_KEY_SHARE:
		return decode_key_share(ps, e);
	case TLS_EXT_ECH:
		decode_ech(ps, e);
		return true;
	default:
		/* Built empty by hello_build; anything else is fixed bytes.
		 * The rebuild below catches bodies the builder makes. */
		if (e->len > 0)
			set_ext_data(ps, e);
		return true;
	}
}

/* Reads the extensions block into ps->ext and the profile's order. */
static bool
read_extensions(struct parse *ps, struct rd *exts)
{
	struct client_hello *ch = ps->ch;
	struct profile *p = ps->p;
	struct rd body;
	uint16_t type;
	size_t n = 0, i, cap = rd_left(exts) / 4 + 1;

	ps->ext = xcalloc(cap, sizeof *ps->ext);
	ch->exts.v = xcalloc(cap, sizeof *ch->exts.v);
	p->extensions = xcalloc(cap, sizeof *p->extensions);
	while (rd_left(exts) > 0) {
		if (!rd_u16(exts, &type) || !rd_prefixed_u16(exts, &body))
			return fail(ps, "extension %zu: truncated", n + 1);
		/* RFC 8446 §4.2: at most one extension of each type. */
		for (i = 0; i < n; i++)
			if (ps->ext[i].type == type)
				return fail(ps, "extension 0x%04x twice", type);
		ps->ext[n].type = type;
		ps->ext[n].body = body.p;
		ps->ext[n].len = rd_left(&body);
		ch->exts.v[n] = type;
		n++;
	}
	ps->n_ext = ch->exts.n = n;
	for (i = 0; i < n; i++) {
		type = ps->ext[i].type;
		if (type == TLS_EXT_PRE_SHARED_KEY) {
			/* A resumption: depends on a past session. */
			note(ps, "pre_shared_key left out (a resumption)");
			continue;
		}
		if (tls_is_grease(type)) {
			if (ps->n_grease_ext >= 2) {
				note(ps, "a third GREASE extension left out");
				ps->n_grease_ext++;
				continue;
			}
			type = TLS_EXT_GREASE;
		}
		if (p->n_extensions >= PROFILE_MAX_LIST) {
			note(ps, "more than %d extensions", PROFILE_MAX_LIST);
			break;
		}
		if (!decode_ext(ps, &ps->ext[i]))
			return false;
		p->extensions[p->n_extensions++] = type;
	}
	return true;
}

/* The legacy fields and lists before the extensions (RFC 8446 §4.1.2). */
static bool
read_hello(struct parse *ps)
{
	struct client_hello *ch = ps->ch;
	struct profile *p = ps->p;
	struct rd r, body, list, exts;
	const uint8_t *b;
	uint8_t type;

	rd_init(&r, ps->msg, ps->msg_len);
	if (!rd_u8(&r, &type) || !rd_prefixed_u24(&r, &body) ||
	    rd_left(&r) != 0)
		return fail(ps, "bad handshake header");
	if (!rd_u16(&body, &ch->legacy_version))
		return fail(ps, "no legacy_version");
	if (!rd_bytes(&body, &b, 32))
		return fail(ps, "no random");
	memcpy(ch->vars.random, b, 32);
	/* RFC 5246 §7.4.1.2: opaque SessionID<0..32>. */
	if (!rd_prefixed_u8(&body, &list) || rd_left(&list) > 32)
		return fail(ps, "bad legacy_session_id");
	p->session_id_len = (uint8_t)rd_left(&list);
	memcpy(ch->vars.session_id, list.p, rd_left(&list));
	/* CipherSuite cipher_suites<2..2^16-2>. */
	if (!rd_prefixed_u16(&body, &list) || rd_left(&list) < 2 ||
	    !wire_list(&list, &ch->suites))
		return fail(ps, "bad cipher_suites");
	if (!profile_list(&ch->suites, &p->suites, &p->n_suites))
		note(ps, "cipher_suites: GREASE out of first place or a "
		    "repeated suite");
	if (p->n_suites == 0)
		return fail(ps, "no cipher suite but GREASE");
	if (tls_is_grease(ch->suites.v[0]))
		ch->vars.grease[HELLO_GREASE_CIPHER] = ch->suites.v[0];
	/* opaque legacy_compression_methods<1..2^8-1>. */
	if (!rd_prefixed_u8(&body, &list) || rd_left(&list) == 0)
		return fail(ps, "bad legacy_compression_methods");
	profile_bytes(&list, &p->compression, &p->n_compression);
	if (p->n_compression != rd_left(&list))
		note(ps, "a repeated compression method");
	if (rd_left(&body) == 0)
		return true;
	if (!rd_prefixed_u16(&body, &exts))
		return fail(ps, "bad extensions block");
	if (rd_left(&body) != 0)
		return fail(ps, "%zu bytes after the extensions",
		    rd_left(&body));
	return read_extensions(ps, &exts);
}

/* What the profile needs besides the lists: versions, GREASE, order. */
static bool
finish_profile(struct parse *ps)
{
	struct client_hello *ch = ps->ch;
	struct profile *p = ps->p;
	struct hello_vars *v = &ch->vars;
	size_t i, j, n;
	bool grease;

	if (p->n_versions == 0) {
		if (tls_version_name(ch->legacy_version) == NULL)
			return fail(ps, "unknown legacy_version 0x%04x and no "
			    "supported_versions", ch->legacy_version);
		free(p->versions);
		p->versions = xmalloc(sizeof *p->versions);
		p->versions[0] = ch->legacy_version;
		p->n_versions = 1;
	}
	p->max_version = p->versions[0];
	p->min_version = p->versions[p->n_versions - 1];
	if (tls_version_name(ch->legacy_version) != NULL)
		p->legacy_version = ch->legacy_version;
	else
		note(ps, "unknown legacy_version 0x%04x", ch->legacy_version);
	if (tls_version_name(ps->record_version) != NULL)
		p->record_version = ps->record_version;
	else
		note(ps, "unknown record version 0x%04x", ps->record_version);
	if (ps->mixed_versions)
		note(ps, "records with different versions");
	if (ps->odd_split)
		note(ps, "records split other than at 2^14 bytes");
	if (ps->trailing)
		note(ps, "bytes after the ClientHello in its record");

	/* RFC 8701: GREASE anywhere makes a GREASE profile. */
	grease = tls_is_grease(ch->suites.v[0]) ||
	    profile_has_extension(p, TLS_EXT_GREASE);
	p->grease = grease;
	/* Slots the hello did not fill still need GREASE values. */
	for (i = 0; i < HELLO_MAX_GREASE; i++)
		if (!tls_is_grease(v->grease[i]))
			v->grease[i] = i == HELLO_GREASE_EXT2 ? 0x1a1a :
			    0x0a0a;
	/* Chromium: GREASE first and last, the rest shuffled each time. */
	p->shuffle_extensions = grease && p->n_extensions >= 3 &&
	    p->n_extensions <= HELLO_MAX_EXTS &&
	    p->extensions[0] == TLS_EXT_GREASE &&
	    p->extensions[p->n_extensions - 1] == TLS_EXT_GREASE;
	for (i = 0, n = 0; i < p->n_extensions && n < HELLO_MAX_EXTS; i++)
		if (!tls_is_grease(p->extensions[i]) &&
		    p->extensions[i] != TLS_EXT_PADDING && i <= UINT8_MAX)
			v->ext_order[n++] = (uint8_t)i;
	v->n_ext_order = n;

	/* key_shares: the shared groups also offered (RFC 8446 §4.2.8). */
	p->key_shares = xcalloc(v->n_shares + 1, sizeof *p->key_shares);
	for (i = 0; i < v->n_shares; i++) {
		for (j = 0; j < p->n_groups; j++)
			if (p->groups[j] == v->shares[i].group)
				break;
		if (j < p->n_groups)
			p->key_shares[p->n_key_shares++] = v->shares[i].group;
		else
			note(ps, "key share for 0x%04x, a group not in "
			    "supported_groups", v->shares[i].group);
	}
	if (ch->has_sni && ch->sni[0] == '\0')
		note(ps, "server_name without a host name");
	return true;
}

/* The extensions of a built hello: types and bodies, or false. */
static bool
split_built(const uint8_t *buf, size_t len, struct ext *out, size_t max,
    size_t *n)
{
	struct rd r, rec, body, list, exts, e;
	uint8_t *msg = xmalloc(len);
	size_t mlen = 0;
	uint8_t type;
	uint16_t u16;
	bool ok = false;

	rd_init(&r, buf, len);
	while (rd_left(&r) > 0) {
		if (!rd_u8(&r, &type) || !rd_u16(&r, &u16) ||
		    !rd_prefixed_u16(&r, &rec))
			goto out;
		memcpy(msg + mlen, rec.p, rd_left(&rec));
		mlen += rd_left(&rec);
	}
	rd_init(&r, msg, mlen);
	*n = 0;
	if (!rd_u8(&r, &type) || !rd_prefixed_u24(&r, &body) ||
	    !rd_skip(&body, 34) || !rd_prefixed_u8(&body, &list) ||
	    !rd_prefixed_u16(&body, &list) || !rd_prefixed_u8(&body, &list))
		goto out;
	ok = true;
	if (rd_left(&body) == 0 || !rd_prefixed_u16(&body, &exts))
		goto out;
	while (rd_left(&exts) > 0 && *n < max) {
		if (!rd_u16(&exts, &u16) || !rd_prefixed_u16(&exts, &e)) {
			ok = false;
			goto out;
		}
		out[*n].type = u16;
		/* offsets into msg would dangle; keep a copy instead */
		out[*n].body = xmalloc(rd_left(&e) + 1);
		memcpy((uint8_t *)(uintptr_t)out[*n].body, e.p, rd_left(&e));
		out[*n].len = rd_left(&e);
		(*n)++;
	}
out:
	free(msg);
	return ok;
}

static void
free_built(struct ext *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free((void *)(uintptr_t)v[i].body);
}

/* Builds the profile's hello; true when it equals the input's records. */
static bool
rebuild(struct parse *ps, const uint8_t *want, size_t want_len,
    struct wr *w, char *why, size_t whylen)
{
	const char *sni = ps->ch->sni[0] != '\0' ? ps->ch->sni : NULL;

	wr_init(w, HELLO_MAX_BYTES);
	if (hello_build(ps->p, sni, &ps->ch->vars, w, why, whylen) != ST_OK)
		return false;
	return w->len == want_len && memcmp(w->buf, want, want_len) == 0;
}

/*
 * Proves the profile: rebuilds the hello, gives every extension whose
 * body differs its captured bytes, and rebuilds once more. Whatever still
 * differs is noted.
 */
static void
verify(struct parse *ps, const uint8_t *buf)
{
	struct client_hello *ch = ps->ch;
	struct wr w;
	struct ext *built;
	char why[256] = "";
	size_t n_built = 0, i, j;
	bool same;

	if (ch->record_len > HELLO_MAX_BYTES) {
		note(ps, "longer than hello_build's %d bytes", HELLO_MAX_BYTES);
		return;
	}
	if (rebuild(ps, buf, ch->record_len, &w, why, sizeof why)) {
		wr_cleanup(&w);
		return;
	}
	built = xcalloc(ps->n_ext + 1, sizeof *built);
	if (why[0] == '\0' && split_built(w.buf, w.len, built, ps->n_ext + 1,
	    &n_built)) {
		for (i = 0; i < ps->n_ext; i++) {
			const struct ext *e = &ps->ext[i];

			if (ext_computed(e->type))
				continue;
			for (j = 0; j < n_built; j++)
				if (built[j].type == e->type)
					break;
			same = j < n_built && built[j].len == e->len &&
			    (e->len == 0 ||
			    memcmp(built[j].body, e->body, e->len) == 0);
			if (!same && profile_has_extension(ps->p, e->type))
				set_ext_data(ps, e);
		}
	}
	free_built(built, n_built);
	free(built);
	wr_cleanup(&w);
	why[0] = '\0';
	if (!rebuild(ps, buf, ch->record_len, &w, why, sizeof why))
		note(ps, "%s", why[0] != '\0' ? why :
		    "the rebuilt hello differs");
	wr_cleanup(&w);
}

void
client_hello_free(struct client_hello *ch)
{
	if (ch == NULL)
		return;
	profile_free(ch->profile);
	free(ch->suites.v);
	free(ch->exts.v);
	free(ch->groups.v);
	free(ch->sigalgs.v);
	free(ch->versions.v);
	free(ch->ec_point_formats);
	free(ch->alpn_first);
	free(ch);
}

enum status
client_hello_parse(const uint8_t *buf, size_t len, struct client_hello **out,
    char *err, size_t errlen)
{
	struct parse ps;
	struct client_hello *ch;
	struct profile *p;
	enum status st;
	size_t used = 0;

	*out = NULL;
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	memset(&ps, 0, sizeof ps);
	ch = xcalloc(1, sizeof *ch);
	p = xcalloc(1, sizeof *p);
	ch->profile = p;
	ch->exact = true;
	p->id = xstrdup("");
	p->name = xstrdup("");
	p->family = xstrdup("");
	p->runtime = xstrdup("");
	p->library = xstrdup("");
	p->platform = xstrdup("");
	p->source = xstrdup("");
	p->note = xstrdup("");
	p->sni = SNI_HOSTNAME;
	p->security_level = 1;
	p->verify_peer = p->check_hostname = true;
	ps.ch = ch;
	ps.p = p;
	ps.err = err;
	ps.errlen = errlen;

	ps.msg = xmalloc(CLIENT_HELLO_MAX_BYTES);
	st = walk_records(buf, len, &ps, ps.msg, &used, &ps.msg_len);
	if (st == ST_ENODATA)
		fail(&ps, "truncated: %zu bytes", len);
	if (st != ST_OK)
		goto out;
	ch->record_len = used;
	ch->msg_len = ps.msg_len;
	st = ST_EPARSE;
	if (!read_hello(&ps) || !finish_profile(&ps))
		goto out;
	verify(&ps, buf);
	st = ST_OK;
	*out = ch;
	ch = NULL;
out:
	free(ps.ext);
	free(ps.msg);
	client_hello_free(ch);
	return st;
}
