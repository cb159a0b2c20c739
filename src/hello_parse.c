/*
 * hello_parse.c: decodes what a server sent back to our ClientHello.
 *
 * Called by hello_io.c after every read with all the bytes so far, and
 * by the fuzz targets. Pure: records are walked with struct rd cursors,
 * handshake fragments are copied into one bounded buffer (a message may
 * span records, a record may pack several messages) and each complete
 * message is decoded. Nothing is trusted: every length is checked before
 * use, every loop advances by at least one header. Any thread.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "hello_parse.h"
#include "tls_names.h"
#include "xmem.h"

/* Record content types, handshake message types and the extensions we
 * decode in a ServerHello: tls_names.h. */

/* RFC 8446 §4.1.3: SHA-256 of "HelloRetryRequest". */
const uint8_t hello_hrr_random[32] = {
	0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11,
	0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
	0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e,
	0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
};

struct parser {
	struct server_flight	*out;
	uint8_t			*hs;		/* reassembled handshake bytes */
	size_t			 hs_len, hs_cap;
	size_t			 hs_done;	/* bytes decoded as messages */
	int			 last_rank;	/* order of the last message */
};

static enum hello_parse_state __attribute__((format(printf, 2, 3)))
malformed(struct server_flight *out, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(out->error, sizeof out->error, fmt, ap);
	va_end(ap);
	out->state = HELLO_MALFORMED;
	return HELLO_MALFORMED;
}

static bool
is_content_type(uint8_t t)
{
	return t >= TLS_CT_CHANGE_CIPHER_SPEC && t <= TLS_CT_HEARTBEAT;
}

static bool
is_printable(uint8_t c)
{
	return (c >= 0x20 && c < 0x7f) || c == '\t' || c == '\r' || c == '\n';
}

static const char *
hs_type_name(uint8_t t)
{
	switch (t) {
	case TLS_HS_HELLO_REQUEST:		return "HelloRequest";
	case 1:				return "ClientHello";
	case TLS_HS_SERVER_HELLO:		return "ServerHello";
	case 4:				return "NewSessionTicket";
	case 8:				return "EncryptedExtensions";
	case TLS_HS_CERTIFICATE:		return "Certificate";
	case TLS_HS_SERVER_KEY_EXCHANGE:	return "ServerKeyExchange";
	case TLS_HS_CERTIFICATE_REQUEST:	return "CertificateRequest";
	case TLS_HS_SERVER_HELLO_DONE:	return "ServerHelloDone";
	case 15:			return "CertificateVerify";
	case 16:			return "ClientKeyExchange";
	case 20:			return "Finished";
	case TLS_HS_CERTIFICATE_STATUS:	return "CertificateStatus";
	default:			return "unknown";
	}
}

/*
 * The longest message of each type a client accepts: OpenSSL's limits
 * (ssl/statem/statem_local.h and ossl_statem_client_max_message_size in
 * statem_clnt.c; SSL_MAX_CERT_LIST_DEFAULT, 100 KB, for the certificate
 * and the requests), which Python, curl and every libssl client apply:
 * a longer one is refused at its header ("excessive message size"), not
 * waited for. Other libraries are stricter still (Go: 64 KB per
 * message, Java: 32 KB). So a header claiming 16 MiB, or 900 KB, fails
 * as soon as its four bytes are in.
 */
static uint32_t
hs_max_len(uint8_t t)
{
	switch (t) {
	case TLS_HS_HELLO_REQUEST:		return 0;
	case TLS_HS_SERVER_HELLO:		return 20000;	/* and the HRR */
	case 8:				return 20000;	/* EncryptedExtensions */
	case TLS_HS_CERTIFICATE:		return 102400;
	case TLS_HS_SERVER_KEY_EXCHANGE:	return 102400;
	case TLS_HS_CERTIFICATE_REQUEST:	return 102400;
	case TLS_HS_SERVER_HELLO_DONE:	return 0;
	case TLS_HS_CERTIFICATE_STATUS:	return 16384;
	case 4:				return 16384;	/* NewSessionTicket */
	case 15:			return 16384;	/* CertificateVerify */
	case 20:			return 64;	/* Finished */
	default:			return HELLO_PARSE_MAX_HANDSHAKE;
	}
}

/* "Certificate of 983040 bytes is too long (limit 102400)". */
static enum hello_parse_state
too_long(struct server_flight *out, uint8_t type, uint32_t mlen)
{
	return malformed(out, "%s of %u bytes is too long (limit %u)",
	    hs_type_name(type), mlen, hs_max_len(type));
}

/*
 * The first byte is not a TLS content type: say what it is instead. Up to
 * five bytes are needed to tell "HTTP/" from other text; a byte that is
 * not printable settles it at once.
 */
static enum hello_parse_state
classify_not_tls(const uint8_t *buf, size_t len, struct server_flight *out)
{
	static const char http[] = "HTTP/";
	size_t	 i, n;

	if (buf[0] & 0x80) {
		/*
		 * SSLv2 two-byte header: 15-bit length, then SERVER-HELLO
		 * (type 4) with at least 10 more bytes of fixed fields.
		 */
		if (len < 3)
			return HELLO_INCOMPLETE;
		n = ((size_t)(buf[0] & 0x7f) << 8) | buf[1];
		out->not_tls = (buf[2] == 4 && n >= 11) ? NOT_TLS_SSLV2 :
		    NOT_TLS_BINARY;
		out->state = HELLO_NOT_TLS;
		return HELLO_NOT_TLS;
	}
	n = len < 5 ? len : 5;
	for (i = 0; i < n; i++) {
		if (!is_printable(buf[i])) {
			out->not_tls = NOT_TLS_BINARY;
			out->state = HELLO_NOT_TLS;
			return HELLO_NOT_TLS;
		}
	}
	if (len < 5)
		return HELLO_INCOMPLETE;
	out->not_tls = memcmp(buf, http, 5) == 0 ? NOT_TLS_HTTP : NOT_TLS_TEXT;
	out->state = HELLO_NOT_TLS;
	return HELLO_NOT_TLS;
}

/* RFC 7301 §3.1: one protocol name; kept printable for the front ends. */
static bool
parse_alpn(struct rd *ext, struct server_flight *out)
{
	struct rd	 list, name;
	const uint8_t	*p;
	size_t		 i, n;

	if (!rd_prefixed_u16(ext, &list) || rd_left(ext) != 0)
		return false;
	if (!rd_prefixed_u8(&list, &name) || rd_left(&list) != 0)
		return false;
	n = rd_left(&name);
	if (n == 0 || !rd_bytes(&name, &p, n))
		return false;
	if (n > sizeof out->alpn - 1)
		n = sizeof out->alpn - 1;
	for (i = 0; i < n; i++)
		out->alpn[i] = (p[i] >= 0x20 && p[i] < 0x7f) ? (char)p[i] : '?';
	out->alpn[n] = '\0';
	return true;
}

/* One ServerHello extension (RFC 8446 §4.2); false if its body is wrong. */
static bool
parse_sh_ext(uint16_t type, struct rd *ext, struct server_flight *out)
{
	struct rd	 child;
	uint16_t	 v;

	switch (type) {
	case TLS_EXT_SUPPORTED_VERSIONS:	/* §4.2.1: selected_version */
		if (!rd_u16(ext, &v) || rd_left(ext) != 0)
			return false;
		out->version = v;
		return true;
	case TLS_EXT_KEY_SHARE:
		/* §4.2.8: the HRR names a group; the SH carries a share. */
		if (!rd_u16(ext, &out->key_share_group))
			return false;
		if (out->is_hrr)
			return rd_left(ext) == 0;
		if (!rd_prefixed_u16(ext, &child) || rd_left(&child) == 0)
			return false;
		return rd_left(ext) == 0;
	case TLS_EXT_COOKIE:		/* §4.2.2 */
		if (!rd_prefixed_u16(ext, &child) || rd_left(&child) == 0 ||
		    rd_left(ext) != 0)
			return false;
		out->have_cookie = true;
		return true;
	case TLS_EXT_RENEGOTIATION_INFO:	/* RFC 5746 §3.2 */
		if (!rd_prefixed_u8(ext, &child) || rd_left(ext) != 0)
			return false;
		out->renegotiation_info = true;
		return true;
	case TLS_EXT_EMS:		/* RFC 7627 §5.1: empty */
		out->extended_master_secret = true;
		return rd_left(ext) == 0;
	case TLS_EXT_ENCRYPT_THEN_MAC:	/* RFC 7366 §2: empty */
		out->encrypt_then_mac = true;
		return rd_left(ext) == 0;
	case TLS_EXT_ALPN:
		return parse_alpn(ext, out);
	default:
		return true;
	}
}

/* ServerHello and HelloRetryRequest: RFC 5246 §7.4.1.3, RFC 8446 §4.1.3. */
static enum hello_parse_state
parse_server_hello(struct rd *m, struct server_flight *out)
{
	struct rd	 sid, exts, ext;
	const uint8_t	*random;
	uint16_t	 type;
	size_t		 i;

	if (!rd_u16(m, &out->legacy_version) ||
	    !rd_bytes(m, &random, 32) ||
	    !rd_prefixed_u8(m, &sid) ||
	    !rd_u16(m, &out->cipher) ||
	    !rd_u8(m, &out->compression))
		return malformed(out, "ServerHello too short");
	if ((out->legacy_version >> 8) != 3)
		return malformed(out, "ServerHello version 0x%04x",
		    out->legacy_version);
	if (rd_left(&sid) > 32)
		return malformed(out, "ServerHello session id of %zu bytes",
		    rd_left(&sid));
	out->session_id_len = (uint8_t)rd_left(&sid);
	out->have_server_hello = true;
	out->is_hrr = memcmp(random, hello_hrr_random, 32) == 0;
	out->version = out->legacy_version;

	/* Extensions may be absent altogether before TLS 1.3 (§7.4.1.3). */
	if (rd_left(m) == 0)
		return HELLO_INCOMPLETE;
	if (!rd_prefixed_u16(m, &exts) || rd_left(m) != 0)
		return malformed(out, "ServerHello extensions do not fit");
	while (rd_left(&exts) > 0) {
		if (!rd_u16(&exts, &type) || !rd_prefixed_u16(&exts, &ext))
			return malformed(out, "ServerHello extension truncated");
		if (out->n_exts == HELLO_PARSE_MAX_EXTS)
			return malformed(out, "ServerHello has more than %d "
			    "extensions", HELLO_PARSE_MAX_EXTS);
		/* §4.2: no two extensions of the same type. */
		for (i = 0; i < out->n_exts; i++) {
			if (out->exts[i] == type)
				return malformed(out, "ServerHello repeats "
				    "extension 0x%04x", type);
		}
		out->exts[out->n_exts++] = type;
		if (!parse_sh_ext(type, &ext, out))
			return malformed(out, "ServerHello extension 0x%04x "
			    "is malformed", type);
	}
	return HELLO_INCOMPLETE;
}

/* RFC 5246 §7.4.2: certificate_list<0..2^24-1> of ASN.1Cert<1..2^24-1>. */
static enum hello_parse_state
parse_certificate(struct rd *m, size_t body_off, const uint8_t *body_base,
    struct server_flight *out)
{
	struct rd	 list, cert;
	size_t		 n;

	if (!rd_prefixed_u24(m, &list) || rd_left(m) != 0)
		return malformed(out, "Certificate list does not fit");
	out->have_certificate = true;
	out->chain_bytes = rd_left(&list);
	while (rd_left(&list) > 0) {
		if (!rd_prefixed_u24(&list, &cert) || rd_left(&cert) == 0)
			return malformed(out, "Certificate entry %zu is "
			    "malformed", out->n_certs);
		n = out->n_certs++;
		if (n < HELLO_PARSE_MAX_CERTS) {
			/* mapped onto buf later, in map_cert_spans */
			out->certs[n].hs_off = body_off +
			    (size_t)(cert.p - body_base);
			out->certs[n].len = rd_left(&cert);
		}
	}
	return HELLO_INCOMPLETE;
}

/* Bits in a big-endian unsigned integer, leading zeros not counted. */
static unsigned
bignum_bits(const uint8_t *p, size_t n)
{
	unsigned	bits;
	uint8_t		top;

	while (n > 0 && *p == 0) {
		p++;
		n--;
	}
	if (n == 0)
		return 0;
	bits = (unsigned)(n - 1) * 8;
	for (top = *p; top != 0; top >>= 1)
		bits++;
	return bits;
}

/*
 * RFC 5246 §7.4.3 (DHE), RFC 8422 §5.4 (ECDHE). Which params follow is
 * set by the key exchange of the suite the ServerHello chose; TLS 1.2
 * adds a SignatureAndHashAlgorithm before the signature, TLS 1.0 and
 * 1.1 do not, anonymous suites sign nothing.
 */
static enum hello_parse_state
parse_ske(struct rd *m, struct server_flight *out)
{
	const struct tls_suite	*s = tls_suite_by_code(out->cipher);
	struct rd		 p, g, y, point, sig;
	uint8_t			 curve_type;
	bool			 ecdhe, signed_;

	out->have_ske = true;
	if (s == NULL || (s->kx != TLS_KX_DHE && s->kx != TLS_KX_ECDHE &&
	    s->kx != TLS_KX_ANON)) {
		/* PSK hints, export RSA, unknown suites: not decoded. */
		out->ske_kind = SKE_OTHER;
		return HELLO_INCOMPLETE;
	}
	ecdhe = s->kx == TLS_KX_ECDHE ||
	    (s->kx == TLS_KX_ANON && strstr(s->iana, "ECDH") != NULL);
	signed_ = s->kx != TLS_KX_ANON;

	if (ecdhe) {
		out->ske_kind = SKE_ECDHE;
		if (!rd_u8(m, &curve_type))
			return malformed(out, "ServerKeyExchange too short");
		if (curve_type != 3)	/* named_curve */
			return malformed(out, "ServerKeyExchange curve type %u "
			    "(explicit curves, deprecated by RFC 8422)",
			    curve_type);
		if (!rd_u16(m, &out->ske_group) ||
		    !rd_prefixed_u8(m, &point) || rd_left(&point) == 0)
			return malformed(out, "ServerKeyExchange ECDH params "
			    "are malformed");
	} else {
		out->ske_kind = SKE_DHE;
		if (!rd_prefixed_u16(m, &p) || rd_left(&p) == 0 ||
		    !rd_prefixed_u16(m, &g) || rd_left(&g) == 0 ||
		    !rd_prefixed_u16(m, &y) || rd_left(&y) == 0)
			return malformed(out, "ServerKeyExchange DH params "
			    "are malformed");
		out->dh_bits = bignum_bits(p.p, rd_left(&p));
	}
	if (!signed_)
		return rd_left(m) == 0 ? HELLO_INCOMPLETE :
		    malformed(out, "ServerKeyExchange has trailing bytes");
	if (out->version >= TLS_VERSION_TLS12 && !rd_u16(m, &out->ske_sigalg))
		return malformed(out, "ServerKeyExchange signature algorithm "
		    "missing");
	if (!rd_prefixed_u16(m, &sig) || rd_left(&sig) == 0 || rd_left(m) != 0)
		return malformed(out, "ServerKeyExchange signature is "
		    "malformed");
	return HELLO_INCOMPLETE;
}

/*
 * RFC 5246 §7.4.4 (RFC 4346 §7.4.4 before TLS 1.2, without the
 * signature algorithms): certificate_types<1..2^8-1>,
 * supported_signature_algorithms<2..2^16-2>, certificate_authorities
 * <0..2^16-1> of DistinguishedName<1..2^16-1>.
 */
static enum hello_parse_state
parse_certificate_request(struct rd *m, struct server_flight *out)
{
	struct rd	 types, algs, cas, dn;
	uint16_t	 alg;
	size_t		 n;
	bool		 full = false;

	out->have_certificate_request = true;
	if (!rd_prefixed_u8(m, &types) || rd_left(&types) == 0)
		return malformed(out, "CertificateRequest types are malformed");
	if (out->version >= TLS_VERSION_TLS12) {
		if (!rd_prefixed_u16(m, &algs) || rd_left(&algs) % 2 != 0)
			return malformed(out, "CertificateRequest signature "
			    "algorithms are malformed");
		while (rd_u16(&algs, &alg))
			if (out->n_cr_sigalgs < HELLO_PARSE_MAX_CR_SIGALGS)
				out->cr_sigalgs[out->n_cr_sigalgs++] = alg;
	}
	if (!rd_prefixed_u16(m, &cas) || rd_left(m) != 0)
		return malformed(out, "CertificateRequest authorities do not "
		    "fit");
	while (rd_left(&cas) > 0) {
		if (!rd_prefixed_u16(&cas, &dn) || rd_left(&dn) == 0)
			return malformed(out, "CertificateRequest authority %zu "
			    "is malformed", out->n_cr_cas);
		out->n_cr_cas++;
		n = rd_left(&dn);
		if (full || out->cr_cas_len + 2 + n > sizeof out->cr_cas) {
			full = true;	/* kept: the whole names before it */
			continue;
		}
		out->cr_cas[out->cr_cas_len++] = (uint8_t)(n >> 8);
		out->cr_cas[out->cr_cas_len++] = (uint8_t)n;
		memcpy(out->cr_cas + out->cr_cas_len, dn.p, n);
		out->cr_cas_len += n;
	}
	return HELLO_INCOMPLETE;
}

/* Where a message may come in a TLS <= 1.2 server flight (RFC 5246 §7.3). */
static int
flight_rank(uint8_t type)
{
	switch (type) {
	case TLS_HS_CERTIFICATE:		return 1;
	case TLS_HS_CERTIFICATE_STATUS:	return 2;	/* RFC 6066 §8 */
	case TLS_HS_SERVER_KEY_EXCHANGE:	return 3;
	case TLS_HS_CERTIFICATE_REQUEST:	return 4;
	case TLS_HS_SERVER_HELLO_DONE:	return 5;
	default:			return 0;
	}
}

/* One complete handshake message; body_off is its offset in p->hs. */
static enum hello_parse_state
handle_message(struct parser *ps, uint8_t type, struct rd *m, size_t body_off)
{
	struct server_flight	*out = ps->out;
	enum hello_parse_state	 st;
	int			 rank;

	if (!out->have_server_hello) {
		/* RFC 5246 §7.4.1.1: a HelloRequest may be ignored. */
		if (type == TLS_HS_HELLO_REQUEST)
			return rd_left(m) == 0 ? HELLO_INCOMPLETE :
			    malformed(out, "HelloRequest is not empty");
		if (type != TLS_HS_SERVER_HELLO)
			return malformed(out, "expected ServerHello, got %s "
			    "(%u)", hs_type_name(type), type);
		st = parse_server_hello(m, out);
		if (st != HELLO_INCOMPLETE)
			return st;
		/* TLS 1.3: all that follows is encrypted (§2). Below TLS 1.0
		 * (SSL 3.0 or nonsense) no profile offers the version: the
		 * ServerHello alone decides, so do not wait for the rest. */
		if (out->is_hrr || out->version >= TLS_VERSION_TLS13 ||
		    out->version < TLS_VERSION_TLS10) {
			out->state = HELLO_DONE;
			return HELLO_DONE;
		}
		return HELLO_INCOMPLETE;
	}

	rank = flight_rank(type);
	if (rank == 0)
		return malformed(out, "unexpected %s (%u) after ServerHello",
		    hs_type_name(type), type);
	if (rank <= ps->last_rank)
		return malformed(out, "%s out of order", hs_type_name(type));
	ps->last_rank = rank;

	switch (type) {
	case TLS_HS_CERTIFICATE:
		return parse_certificate(m, body_off, ps->hs + body_off, out);
	case TLS_HS_CERTIFICATE_STATUS:
		out->have_certificate_status = true;
		return HELLO_INCOMPLETE;
	case TLS_HS_SERVER_KEY_EXCHANGE:
		return parse_ske(m, out);
	case TLS_HS_CERTIFICATE_REQUEST:
		return parse_certificate_request(m, out);
	case TLS_HS_SERVER_HELLO_DONE:	/* §7.4.5: empty */
		if (rd_left(m) != 0)
			return malformed(out, "ServerHelloDone is not empty");
		out->have_server_hello_done = true;
		out->state = HELLO_DONE;
		return HELLO_DONE;
	default:
		return HELLO_INCOMPLETE;
	}
}

/* Appends a handshake fragment, then decodes every complete message. */
static enum hello_parse_state
handle_handshake(struct parser *ps, const uint8_t *frag, size_t n)
{
	struct server_flight	*out = ps->out;
	enum hello_parse_state	 st;
	struct rd		 m, body;
	uint8_t			 type;
	uint32_t		 mlen;
	size_t			 body_off;

	if (ps->hs_len + n > HELLO_PARSE_MAX_HANDSHAKE)
		return malformed(out, "handshake flight over %d bytes",
		    HELLO_PARSE_MAX_HANDSHAKE);
	if (ps->hs_len + n > ps->hs_cap) {
		size_t cap = ps->hs_cap ? ps->hs_cap : 4096;

		while (cap < ps->hs_len + n)
			cap *= 2;
		if (cap > HELLO_PARSE_MAX_HANDSHAKE)
			cap = HELLO_PARSE_MAX_HANDSHAKE;
		ps->hs = xreallocarray(ps->hs, cap, 1);
		ps->hs_cap = cap;
	}
	memcpy(ps->hs + ps->hs_len, frag, n);
	ps->hs_len += n;

	/* Each pass eats a 4-byte header at least, so this ends. */
	for (;;) {
		rd_init(&m, ps->hs + ps->hs_done, ps->hs_len - ps->hs_done);
		if (!rd_u8(&m, &type) || !rd_u24(&m, &mlen))
			return HELLO_INCOMPLETE;
		if (mlen > hs_max_len(type))
			return too_long(out, type, mlen);
		if (ps->hs_done + 4 + (size_t)mlen > HELLO_PARSE_MAX_HANDSHAKE)
			return malformed(out, "%s of %u bytes is too long",
			    hs_type_name(type), mlen);
		if (rd_left(&m) < mlen)
			return HELLO_INCOMPLETE;
		rd_init(&body, m.p, mlen);
		body_off = ps->hs_done + 4;
		ps->hs_done += 4 + (size_t)mlen;
		st = handle_message(ps, type, &body, body_off);
		if (st != HELLO_INCOMPLETE)
			return st;
	}
}

/*
 * Reads the header of the record at r (RFC 8446 §5.1). false with
 * *partial set when more bytes are needed; false with out->state set to
 * HELLO_MALFORMED when the header is impossible. A header is judged as
 * soon as its bytes arrive, so a huge length fails at once instead of
 * waiting for bytes that will never come.
 */
static bool
record_header(struct rd *r, uint8_t *type, uint16_t *version,
    struct rd *body, struct server_flight *out, size_t off)
{
	struct rd	 h = *r;
	const uint8_t	*p;
	uint16_t	 rlen;
	uint8_t		 major;

	if (!rd_u8(&h, type))
		return false;
	if (!is_content_type(*type)) {
		malformed(out, "record type %u at offset %zu", *type, off);
		return false;
	}
	if (!rd_u8(&h, &major))
		return false;
	if (major != 3) {
		malformed(out, "record version major %u at offset %zu", major,
		    off);
		return false;
	}
	if (!rd_skip(&h, 1) || !rd_u16(&h, &rlen))
		return false;
	*version = (uint16_t)(major << 8 | r->p[2]);
	if (rlen > HELLO_PARSE_MAX_RECORD) {
		malformed(out, "record of %u bytes at offset %zu (limit %d)",
		    rlen, off, HELLO_PARSE_MAX_RECORD);
		return false;
	}
	if (!rd_bytes(&h, &p, rlen))
		return false;
	rd_init(body, p, rlen);
	*r = h;
	return true;
}

/*
 * Turns the certificates' offsets in the handshake stream into offsets in
 * buf, by walking the (already validated) records once more.
 */
static void
map_cert_spans(const uint8_t *buf, size_t len, struct server_flight *out)
{
	struct server_flight	 scratch;
	struct rd		 r, body;
	struct hello_span	*s;
	size_t			 hs_pos = 0, i = 0, n, frag_off;
	uint16_t		 version;
	uint8_t			 type;

	n = out->n_certs < HELLO_PARSE_MAX_CERTS ? out->n_certs :
	    HELLO_PARSE_MAX_CERTS;
	memset(&scratch, 0, sizeof scratch);
	rd_init(&r, buf, len);
	while (i < n && record_header(&r, &type, &version, &body, &scratch,
	    0)) {
		if (type != TLS_CT_HANDSHAKE)
			continue;
		frag_off = (size_t)(body.p - buf);
		/* certificates are in hs_off order */
		while (i < n && out->certs[i].hs_off < hs_pos + rd_left(&body)) {
			s = &out->certs[i];
			s->off = frag_off + (s->hs_off - hs_pos);
			s->split = s->hs_off + s->len > hs_pos + rd_left(&body);
			i++;
		}
		hs_pos += rd_left(&body);
	}
}

/*
 * A handshake record still arriving whose first bytes start a message
 * (none is pending from earlier records) with a length no client takes:
 * judged now, not after the rest of the record, which a hostile server
 * may never send. p is the record, header included.
 */
static enum hello_parse_state
peek_partial(struct parser *ps, const uint8_t *p, size_t n)
{
	uint32_t	mlen;

	if (n < 9 || p[0] != TLS_CT_HANDSHAKE || ps->hs_done != ps->hs_len)
		return HELLO_INCOMPLETE;
	mlen = (uint32_t)p[6] << 16 | (uint32_t)p[7] << 8 | p[8];
	if (mlen > hs_max_len(p[5]))
		return too_long(ps->out, p[5], mlen);
	return HELLO_INCOMPLETE;
}

enum hello_parse_state
hello_parse(const uint8_t *buf, size_t len, struct server_flight *out)
{
	struct parser		 ps;
	struct rd		 r, body;
	enum hello_parse_state	 st = HELLO_INCOMPLETE;
	uint16_t		 version;
	uint8_t			 type, level;
	size_t			 off;
	bool			 first = true;

	memset(out, 0, sizeof *out);
	memset(&ps, 0, sizeof ps);
	ps.out = out;
	if (len == 0)
		return HELLO_INCOMPLETE;
	if (!is_content_type(buf[0]))
		return classify_not_tls(buf, len, out);
	if (len >= 2 && buf[1] != 3) {
		/* not a record header: garbage that starts like one */
		out->not_tls = NOT_TLS_BINARY;
		out->state = HELLO_NOT_TLS;
		return HELLO_NOT_TLS;
	}

	/* Each pass consumes one whole record of 5 bytes or more. */
	rd_init(&r, buf, len);
	while (st == HELLO_INCOMPLETE) {
		off = len - rd_left(&r);
		if (!record_header(&r, &type, &version, &body, out, off)) {
			st = out->state;
			if (st == HELLO_INCOMPLETE)
				st = peek_partial(&ps, r.p, rd_left(&r));
			break;
		}
		if (first)
			out->record_version = version;
		first = false;
		switch (type) {
		case TLS_CT_HANDSHAKE:
			/* §5.1: no zero-length handshake fragments */
			if (rd_left(&body) == 0)
				st = malformed(out, "empty handshake record "
				    "at offset %zu", off);
			else
				st = handle_handshake(&ps, body.p,
				    rd_left(&body));
			break;
		case TLS_CT_ALERT:
			/* §6: level and description, never fragmented */
			if (rd_left(&body) < 2) {
				st = malformed(out, "alert record of %zu "
				    "bytes", rd_left(&body));
				break;
			}
			(void)rd_u8(&body, &level);
			(void)rd_u8(&body, &out->alert_desc);
			out->alert_level = level;
			out->have_alert = true;
			out->state = st = HELLO_ALERT;
			break;
		case TLS_CT_CHANGE_CIPHER_SPEC:
			/* middlebox compatibility (§D.4): harmless */
			break;
		default:
			st = malformed(out, "%s record before the handshake "
			    "finished", type == TLS_CT_APPLICATION_DATA ?
			    "application data" : "heartbeat");
			break;
		}
		if (st != HELLO_MALFORMED)
			out->consumed = len - rd_left(&r);
	}
	if (out->n_certs > 0 && st != HELLO_MALFORMED)
		map_cert_spans(buf, len, out);
	free(ps.hs);
	out->state = st;
	return st;
}

uint8_t *
hello_parse_cert_der(const uint8_t *buf, size_t len,
    const struct server_flight *out, size_t i, size_t *der_len)
{
	const struct hello_span	*s;
	struct server_flight	 scratch;
	struct rd		 r, body;
	uint8_t			*der, type;
	uint16_t		 version;
	size_t			 hs_pos = 0, got = 0, from, n;

	*der_len = 0;
	if (i >= out->n_certs || i >= HELLO_PARSE_MAX_CERTS)
		return NULL;
	s = &out->certs[i];
	if (s->len == 0)
		return NULL;
	if (!s->split) {
		if (s->off > len || s->len > len - s->off)
			return NULL;
		der = xmalloc(s->len);
		memcpy(der, buf + s->off, s->len);
		*der_len = s->len;
		return der;
	}

	/* Gather [hs_off, hs_off + len) of the handshake stream. */
	der = xmalloc(s->len);
	memset(&scratch, 0, sizeof scratch);
	rd_init(&r, buf, len);
	while (got < s->len && record_header(&r, &type, &version, &body,
	    &scratch, 0)) {
		if (type != TLS_CT_HANDSHAKE)
			continue;
		n = rd_left(&body);
		if (s->hs_off + got < hs_pos + n) {
			from = s->hs_off + got - hs_pos;
			n -= from;
			if (n > s->len - got)
				n = s->len - got;
			memcpy(der + got, body.p + from, n);
			got += n;
		}
		hs_pos += rd_left(&body);
	}
	if (got != s->len) {
		free(der);
		return NULL;
	}
	*der_len = got;
	return der;
}

const char *
hello_parse_state_name(enum hello_parse_state s)
{
	switch (s) {
	case HELLO_INCOMPLETE:	return "incomplete";
	case HELLO_DONE:	return "done";
	case HELLO_ALERT:	return "alert";
	case HELLO_NOT_TLS:	return "not TLS";
	case HELLO_MALFORMED:	return "malformed";
	}
	return "?";
}

const char *
hello_not_tls_name(enum hello_not_tls k)
{
	switch (k) {
	case NOT_TLS_NONE:	return "";
	case NOT_TLS_SSLV2:	return "SSLv2";
	case NOT_TLS_HTTP:	return "HTTP";
	case NOT_TLS_TEXT:	return "text";
	case NOT_TLS_BINARY:	return "binary";
	}
	return "?";
}
