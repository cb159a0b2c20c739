/*
 * starttls_bin.c: the binary STARTTLS requests, over the session
 * primitives of starttls.c: LDAP's StartTLS ExtendedRequest (BER on the
 * bytes.h cursor), PostgreSQL's SSLRequest and MySQL's SSLRequest.
 * Answers are read by their own lengths, so nothing after them is taken.
 * Worker threads, called by starttls_run.
 *
 * Sources: LDAP RFC 4511 §4.12 and §4.14, RFC 4513 §3; PostgreSQL's
 * protocol-flow.html "SSL Session Encryption"; MySQL's
 * Protocol::HandshakeV10 and Protocol::SSLRequest (the request bytes are
 * those of OpenSSL's s_client -starttls mysql).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "starttls.h"
#include "starttls_int.h"
#include "xmem.h"

/*
 * LDAP (RFC 4511 §4.12, §4.14.1): the StartTLS ExtendedRequest, message
 * 1, a constant:
 *   30 1d                    LDAPMessage SEQUENCE, 29 bytes
 *     02 01 01               messageID 1
 *     77 18                  [APPLICATION 23] ExtendedRequest, 24 bytes
 *       80 16 "1.3.6.1.4.1.1466.20037"   requestName [0], 22 bytes
 */
static const uint8_t ldap_starttls[] = {
	0x30, 0x1d, 0x02, 0x01, 0x01, 0x77, 0x18, 0x80, 0x16,
	'1', '.', '3', '.', '6', '.', '1', '.', '4', '.', '1', '.',
	'1', '4', '6', '6', '.', '2', '0', '0', '3', '7',
};

#define LDAP_ANSWER_MAX	16384

/* One BER element of rd with tag; *c covers its contents. Definite
 * lengths of up to 4 bytes (RFC 4511 §5.1: LDAP uses no others). */
static bool
ber_get(struct rd *r, uint8_t tag, struct rd *c)
{
	uint8_t t, l, b;
	uint32_t len = 0;
	const uint8_t *p;
	unsigned i;

	if (!rd_u8(r, &t) || t != tag || !rd_u8(r, &l))
		return false;
	if (l < 0x80)
		len = l;
	else if (l == 0x80 || l > 0x84)
		return false;
	else
		for (i = 0; i < (unsigned)(l & 0x7f); i++) {
			if (!rd_u8(r, &b))
				return false;
			len = len << 8 | b;
		}
	if (!rd_bytes(r, &p, len))
		return false;
	rd_init(c, p, len);
	return true;
}

/* A BER INTEGER or ENUMERATED of at most 4 bytes, non-negative. */
static bool
ber_uint(struct rd *r, uint8_t tag, uint32_t *v)
{
	struct rd c;
	uint8_t b;

	*v = 0;
	if (!ber_get(r, tag, &c) || rd_left(&c) == 0 || rd_left(&c) > 4)
		return false;
	while (rd_u8(&c, &b))
		*v = *v << 8 | b;
	return true;
}

bool
st_run_ldap(struct sess *s)
{
	uint8_t hdr[6], *msg = NULL;
	struct rd r, m, op, dn, diag;
	uint32_t id, code, len = 0;
	size_t nlen, i, hl;
	char q[200];
	bool ok = false;

	if (!st_send_bytes(s, ldap_starttls, sizeof ldap_starttls))
		return false;
	s->step = "the StartTLS request";
	if (!st_read_exact(s, hdr, 2))
		return false;
	if (hdr[0] != 0x30)
		return st_fail(s, REASON_STARTTLS_PROTOCOL, "not an LDAP message "
		    "(first bytes %s)", st_quote(hdr, 2, q, sizeof q));
	if (hdr[1] < 0x80) {
		len = hdr[1];
		nlen = 0;
	} else if (hdr[1] == 0x80 || hdr[1] > 0x84) {
		return st_fail(s, REASON_STARTTLS_PROTOCOL, "an LDAP message "
		    "with a length form LDAP does not use (0x%02x)", hdr[1]);
	} else {
		nlen = hdr[1] & 0x7f;
		if (!st_read_exact(s, hdr + 2, nlen))
			return false;
		for (i = 0; i < nlen; i++)
			len = len << 8 | hdr[2 + i];
	}
	hl = 2 + nlen;
	if (len > LDAP_ANSWER_MAX)
		return st_fail(s, REASON_STARTTLS_PROTOCOL, "an LDAP answer of "
		    "%u bytes (more than %d)", (unsigned)len, LDAP_ANSWER_MAX);
	msg = xmalloc(hl + len + 1);
	memcpy(msg, hdr, hl);
	if (!st_read_exact(s, msg + hl, len))
		goto out;
	rd_init(&r, msg, hl + len);
	if (!ber_get(&r, 0x30, &m) || !ber_uint(&m, 0x02, &id) ||
	    !ber_get(&m, 0x78, &op) || !ber_uint(&op, 0x0a, &code) ||
	    !ber_get(&op, 0x04, &dn) || !ber_get(&op, 0x04, &diag)) {
		st_fail(s, REASON_STARTTLS_PROTOCOL, "not an LDAP "
		    "ExtendedResponse (%u bytes)", (unsigned)(hl + len));
		goto out;
	}
	st_quote(diag.p, rd_left(&diag), q, sizeof q);
	if (id == 0) {
		/* RFC 4511 §4.4.1: Notice of Disconnection */
		st_fail(s, REASON_STARTTLS_REFUSED, "the server disconnects "
		    "(result %u%s%s)", (unsigned)code, q[0] ? ": " : "", q);
		goto out;
	}
	if (id != 1) {
		st_fail(s, REASON_STARTTLS_PROTOCOL, "an answer to message %u, "
		    "not to the StartTLS request", (unsigned)id);
		goto out;
	}
	if (code == 0) {
		ok = true;
		goto out;
	}
	/* 2 protocolError: OpenLDAP's "unsupported extended operation";
	 * 52 unavailable: slapd and Active Directory without a server
	 * certificate ("Could not initialize TLS"). */
	st_fail(s, code == 2 || code == 52 ? REASON_STARTTLS_UNSUPPORTED :
	    REASON_STARTTLS_REFUSED, "StartTLS answered result %u%s%s",
	    (unsigned)code, q[0] ? ": " : "", q);
out:
	free(msg);
	return ok;
}

/* PostgreSQL's SSLRequest: length 8, code 80877103 (1234 << 16 | 5679).
 * The answer is one byte, 'S' or 'N'; nothing after it is read (the
 * lesson of CVE-2021-23214). */
bool
st_run_postgres(struct sess *s)
{
	static const uint8_t req[] = { 0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f };
	uint8_t c;
	char q[16];

	s->step = "SSLRequest";
	if (!st_send_bytes(s, req, sizeof req) || !st_read_exact(s, &c, 1))
		return false;
	if (c == 'S')
		return true;
	if (c == 'N')
		return st_fail(s, REASON_STARTTLS_UNSUPPORTED, "SSLRequest "
		    "answered 'N' (ssl = off)");
	if (c == 'E')
		return st_fail(s, REASON_STARTTLS_REFUSED, "SSLRequest answered "
		    "with an error message (a server that takes no "
		    "SSLRequest, or too many connections)");
	return st_fail(s, REASON_STARTTLS_PROTOCOL, "not PostgreSQL: "
	    "SSLRequest answered %s", st_quote(&c, 1, q, sizeof q));
}

#define MYSQL_CLIENT_SSL	0x0800
#define MYSQL_PACKET_MAX	16384

/* MySQL/MariaDB: the server's HandshakeV10 (packet 0) carries the
 * capability flags; CLIENT_SSL offers TLS; the client's SSLRequest
 * (packet 1, 32 bytes) then asks for it and TLS starts. */
bool
st_run_mysql(struct sess *s)
{
	/* OpenSSL s_client's request: CLIENT_SSL and the 4.1 protocol
	 * flags, max packet 16 MB, charset 33 (utf8), 23 zero bytes. */
	static const uint8_t req[36] = {
		0x20, 0x00, 0x00, 0x01,
		0x85, 0xae, 0x7f, 0x00, 0x00, 0x00, 0x00, 0x01, 0x21,
	};
	uint8_t hdr[4], *pkt = NULL;
	const uint8_t *p;
	struct rd r;
	uint32_t len;
	uint8_t proto;
	uint16_t caps;
	char q[200];
	bool ok = false;

	s->step = "the greeting";
	if (!st_read_exact(s, hdr, 4))
		return false;
	len = (uint32_t)hdr[0] | (uint32_t)hdr[1] << 8 |
	    (uint32_t)hdr[2] << 16;
	if (hdr[3] != 0 || len == 0 || len > MYSQL_PACKET_MAX)
		return st_fail(s, REASON_STARTTLS_PROTOCOL, "not a MySQL "
		    "handshake (first bytes %s)", st_quote(hdr, 4, q, sizeof q));
	pkt = xmalloc(len);
	if (!st_read_exact(s, pkt, len))
		goto out;
	rd_init(&r, pkt, len);
	(void)rd_u8(&r, &proto);
	if (proto == 0xff) {
		/* ERR_Packet: code, then "#" and the SQL state, message */
		size_t skip = len >= 9 && pkt[3] == '#' ? 9 : 3;

		st_fail(s, REASON_STARTTLS_REFUSED, "the server refuses the "
		    "connection: %s", len > skip ? st_quote(pkt + skip, len -
		    skip, q, sizeof q) : "");
		goto out;
	}
	if (proto != 10) {
		st_fail(s, REASON_STARTTLS_PROTOCOL, "not a MySQL handshake "
		    "(protocol %u)", proto);
		goto out;
	}
	/* server_version NUL-terminated, connection id, auth data 1,
	 * filler, capability flags (lower 16 bits, little-endian) */
	p = memchr(r.p, '\0', rd_left(&r));
	if (p == NULL || !rd_skip(&r, (size_t)(p - r.p) + 1 + 4 + 8 + 1) ||
	    !rd_bytes(&r, &p, 2)) {
		st_fail(s, REASON_STARTTLS_PROTOCOL, "a MySQL handshake cut short "
		    "(%u bytes)", (unsigned)len);
		goto out;
	}
	caps = (uint16_t)(p[0] | p[1] << 8);
	if (!(caps & MYSQL_CLIENT_SSL)) {
		st_fail(s, REASON_STARTTLS_UNSUPPORTED, "the handshake has no "
		    "CLIENT_SSL capability (TLS off)");
		goto out;
	}
	s->step = "the SSL request";
	ok = st_send_bytes(s, req, sizeof req);
out:
	free(pkt);
	return ok;
}
