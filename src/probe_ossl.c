/*
 * probe_ossl.c: the OpenSSL probe backend, one real handshake per probe.
 *
 * An SSL_CTX is built from the profile for each probe (versions, suites,
 * groups, signature algorithms, ALPN, security level), the handshake runs
 * on a non-blocking socket against one deadline and the cancel flag, and
 * the profile's policy is applied to what the server sent. Certificate
 * errors are recorded by the verify callback but do not stop the
 * handshake, so a failed cell still shows the negotiated parameters and
 * the certificate. The socket BIO is sockbio.c's, and a failed
 * handshake is explained by probe_classify.c from what the callbacks here
 * saw. Called by probe.c on worker threads; everything here is per probe,
 * apart from the trust store, which is only read.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "cert.h"
#include "chain_fetch.h"
#include "clock.h"
#include "conn.h"
#include "net.h"
#include "probe.h"
#include "probe_int.h"
#include "profile.h"
#include "ratelimit.h"
#include "result.h"
#include "tls_names.h"
#include "xmem.h"

#define NOTES_MAX	160	/* what OpenSSL could not offer, for detail */

/* Everything one probe learns along the way; the SSL's app data. */
struct ossl_probe {
	const struct profile	*profile;
	bool			 recording;	/* alerts, until we shut down */
	/* SNI sent, alerts, the DH size: read by collect and the classifier */
	struct probe_ossl_seen	 seen;

	size_t			 cert_msg_len;	/* the server's Certificate
						 * message's length field */

	char			 notes[NOTES_MAX];
};

static void
set_canceled(struct probe_result *r)
{
	r->outcome = PROBE_CANCELED;
	r->reason = REASON_NONE;
	snprintf(r->detail, sizeof r->detail, "cancelled");
}

/* Appends ", item" (or "item") to a bounded note; "..." once it is full. */
static void
note_add(char *buf, size_t len, const char *item)
{
	size_t used = strlen(buf);

	if (used + 4 >= len)
		return;
	if (used > 0 && strcmp(buf + used - 3, "...") == 0)
		return;
	if (used + strlen(item) + 2 + 4 >= len) {
		snprintf(buf + used, len - used, "%s...", used ? ", " : "");
		return;
	}
	snprintf(buf + used, len - used, "%s%s", used ? ", " : "", item);
}

/* Appends "; kind: list" to notes, keeping it bounded. */
static void
notes_section(struct ossl_probe *st, const char *kind, const char *list)
{
	size_t used = strlen(st->notes);

	if (*list == '\0')
		return;
	snprintf(st->notes + used, sizeof st->notes - used, "%s%s %s",
	    used ? "; " : "", kind, list);
}

/* IANA named-group code for an OpenSSL NID (RFC 8446 §4.2.7, RFC 7919). */
static uint16_t
group_from_nid(int nid)
{
	static const struct {
		int		nid;
		uint16_t	code;
	} map[] = {
		{ NID_secp256k1, 22 },
		{ NID_X9_62_prime256v1, 23 },
		{ NID_secp384r1, 24 },
		{ NID_secp521r1, 25 },
		{ NID_brainpoolP256r1, 26 },
		{ NID_brainpoolP384r1, 27 },
		{ NID_brainpoolP512r1, 28 },
		{ NID_X25519, 29 },
		{ NID_X448, 30 },
		{ NID_ffdhe2048, 256 },
		{ NID_ffdhe3072, 257 },
		{ NID_ffdhe4096, 258 },
		{ NID_ffdhe6144, 259 },
		{ NID_ffdhe8192, 260 },
	};
	const char *sn;
	uint16_t code;
	size_t i;

	if (nid == 0)
		return 0;
	/* tls1_group_id2nid marks groups it has no NID for this way. */
	if ((nid & TLSEXT_nid_unknown) != 0)
		return (uint16_t)(nid & 0xffff);
	for (i = 0; i < sizeof map / sizeof map[0]; i++) {
		if (map[i].nid == nid)
			return map[i].code;
	}
	sn = OBJ_nid2sn(nid);
	if (sn != NULL && tls_group_parse(sn, &code))
		return code;
	return 0;
}

/*
 * The name OpenSSL 3.0 takes in a sigalgs list for a code. Its table has
 * no names for the SHA-1, SHA-224 and DSA schemes, but it accepts them in
 * the older "SIG+HASH" form.
 */
static const char *
sigalg_ossl_name(uint16_t code)
{
	static const struct {
		uint16_t	 code;
		const char	*name;
	} map[] = {
		{ 0x0201, "RSA+SHA1" },
		{ 0x0202, "DSA+SHA1" },
		{ 0x0203, "ECDSA+SHA1" },
		{ 0x0301, "RSA+SHA224" },
		{ 0x0302, "DSA+SHA224" },
		{ 0x0303, "ECDSA+SHA224" },
		{ 0x0402, "DSA+SHA256" },
		{ 0x0502, "DSA+SHA384" },
		{ 0x0602, "DSA+SHA512" },
	};
	size_t i;

	for (i = 0; i < sizeof map / sizeof map[0]; i++) {
		if (map[i].code == code)
			return map[i].name;
	}
	return tls_sigalg_name(code);
}

/* --- callbacks --------------------------------------------------------- */

/*
 * Records alerts in both directions (RFC 8446 §6). val carries the level
 * in the high byte and the description in the low byte.
 */
static void
info_cb(const SSL *ssl, int where, int val)
{
	struct ossl_probe *st = SSL_get_app_data(ssl);
	int level = (val >> 8) & 0xff, desc = val & 0xff;

	if (st == NULL || !st->recording || (where & SSL_CB_ALERT) == 0)
		return;
	if ((where & SSL_CB_READ) != 0) {
		/* A fatal alert replaces an earlier warning. */
		if (st->seen.alert_recv < 0 || (level == SSL3_AL_FATAL &&
		    st->seen.alert_recv_level != SSL3_AL_FATAL)) {
			st->seen.alert_recv = desc;
			st->seen.alert_recv_level = level;
		}
	} else if ((where & SSL_CB_WRITE) != 0 && st->seen.alert_sent < 0) {
		st->seen.alert_sent = desc;
	}
}

/*
 * Reads the DH prime's size out of a ServerKeyExchange for DHE suites
 * (RFC 5246 §7.4.3: dh_p<1..2^16-1> comes first), because OpenSSL keeps
 * the server's key only once it has passed the security check.
 */
static void
msg_cb(int write_p, int version, int content_type, const void *buf,
    size_t len, SSL *ssl, void *arg)
{
	struct ossl_probe *st = SSL_get_app_data(ssl);
	const unsigned char *m = buf;
	const SSL_CIPHER *c;
	size_t plen, i;
	int bits;

	if (st != NULL && !write_p && content_type == SSL3_RT_HANDSHAKE &&
	    len >= 4 && m[0] == SSL3_MT_CERTIFICATE && st->cert_msg_len == 0)
		st->cert_msg_len = len - 4;	/* the length field */
	if (st == NULL || write_p || content_type != SSL3_RT_HANDSHAKE ||
	    len < 7 || m[0] != SSL3_MT_SERVER_KEY_EXCHANGE)
		return;
	c = SSL_get_pending_cipher(ssl);
	if (c == NULL || SSL_CIPHER_get_kx_nid(c) != NID_kx_dhe)
		return;
	plen = (size_t)m[4] << 8 | m[5];
	if (plen == 0 || 6 + plen > len)
		return;
	for (i = 0; i < plen && m[6 + i] == 0; i++)
		;
	if (i == plen)
		return;
	bits = (int)(plen - i - 1) * 8;
	for (unsigned v = m[6 + i]; v != 0; v >>= 1)
		bits++;
	st->seen.ske_dh_bits = bits;
}

/*
 * Lets the handshake go on whatever the chain: the verdict is made
 * afterwards, with everything the server sent in hand, by the profile's
 * certificate decision (probe_trust.c), the same for both backends.
 */
static int
verify_cb(int preverify_ok, X509_STORE_CTX *xs)
{
	(void)preverify_ok;
	(void)xs;
	return 1;
}

/* --- the SSL_CTX from the profile -------------------------------------- */

/*
 * TLS 1.2 and older suites by OpenSSL name, TLS 1.3 suites by their IANA
 * name (the form SSL_CTX_set_ciphersuites takes). Signalling values are
 * skipped: OpenSSL sends the renegotiation SCSV by itself (RFC 5746 §3.4).
 * Suites OpenSSL does not implement end up in st->notes.
 */
static bool
set_suites(SSL_CTX *ctx, const struct profile *p, struct ossl_probe *st,
    char *err, size_t errlen)
{
	char *l12, *l13, missing[NOTES_MAX] = "";
	size_t n12 = 0, n13 = 0, cap, i, j, used12 = 0, used13 = 0;
	STACK_OF(SSL_CIPHER) *have;
	const struct tls_suite *s;
	const char *name;
	bool ok = false, found;

	cap = 1;
	for (i = 0; i < p->n_suites; i++) {
		s = tls_suite_by_code(p->suites[i]);
		if (s != NULL)
			cap += strlen(s->iana) + (s->openssl ? strlen(s->openssl) : 0) + 2;
	}
	l12 = xcalloc(1, cap);
	l13 = xcalloc(1, cap);
	for (i = 0; i < p->n_suites; i++) {
		if (tls_suite_is_signal(p->suites[i]))
			continue;
		s = tls_suite_by_code(p->suites[i]);
		if (s == NULL) {
			char hex[8];

			snprintf(hex, sizeof hex, "0x%04x", p->suites[i]);
			note_add(missing, sizeof missing, hex);
			continue;
		}
		if (s->tls13) {
			name = s->openssl != NULL ? s->openssl : s->iana;
			used13 += (size_t)snprintf(l13 + used13, cap - used13,
			    "%s%s", n13++ ? ":" : "", name);
		} else if (s->openssl != NULL) {
			used12 += (size_t)snprintf(l12 + used12, cap - used12,
			    "%s%s", n12++ ? ":" : "", s->openssl);
		} else {
			note_add(missing, sizeof missing, s->iana);
		}
	}

	/*
	 * An empty TLS 1.2 list is refused with "no cipher match" but still
	 * installed, which is what a TLS 1.3-only profile wants.
	 */
	if (SSL_CTX_set_cipher_list(ctx, l12) != 1 && n12 > 0) {
		snprintf(err, errlen, "OpenSSL accepts none of the profile's "
		    "TLS 1.2 suites");
		goto out;
	}
	if (SSL_CTX_set_ciphersuites(ctx, l13) != 1) {
		snprintf(err, errlen, "OpenSSL rejects the TLS 1.3 suites %s",
		    l13);
		goto out;
	}
	ERR_clear_error();

	/* Which of the names OpenSSL knew is it really going to offer? */
	have = SSL_CTX_get_ciphers(ctx);
	for (i = 0; i < p->n_suites; i++) {
		s = tls_suite_by_code(p->suites[i]);
		if (s == NULL || tls_suite_is_signal(p->suites[i]) ||
		    (!s->tls13 && s->openssl == NULL))
			continue;
		found = false;
		for (j = 0; have != NULL &&
		    j < (size_t)sk_SSL_CIPHER_num(have); j++) {
			if (SSL_CIPHER_get_protocol_id(
			    sk_SSL_CIPHER_value(have, (int)j)) == s->code) {
				found = true;
				break;
			}
		}
		if (!found)
			note_add(missing, sizeof missing, s->iana);
	}
	notes_section(st, "suites OpenSSL cannot offer:", missing);
	ok = true;
out:
	free(l12);
	free(l13);
	return ok;
}

/*
 * Groups and signature algorithms by name, one at a time, so that a name
 * OpenSSL 3.0 does not know (a post-quantum group, a GREASE value) is
 * skipped and noted instead of failing the probe.
 */
static void
set_groups(SSL_CTX *ctx, const struct profile *p, struct ossl_probe *st)
{
	char *list, missing[NOTES_MAX] = "", hex[8], one[64];
	size_t cap = 1, used = 0, i, n = 0;
	const char *name;

	if (p->n_groups == 0)
		return;
	for (i = 0; i < p->n_groups; i++) {
		name = tls_group_name(p->groups[i]);
		cap += (name != NULL ? strlen(name) : 0) + 1;
	}
	list = xcalloc(1, cap);
	for (i = 0; i < p->n_groups; i++) {
		if (tls_is_grease(p->groups[i]))
			continue;
		name = tls_group_name(p->groups[i]);
		/* The macro casts to char *: hand it a buffer of ours. */
		if (name != NULL)
			snprintf(one, sizeof one, "%s", name);
		if (name == NULL || SSL_CTX_set1_groups_list(ctx, one) != 1) {
			if (name == NULL) {
				snprintf(hex, sizeof hex, "0x%04x",
				    p->groups[i]);
				name = hex;
			}
			note_add(missing, sizeof missing, name);
			continue;
		}
		used += (size_t)snprintf(list + used, cap - used, "%s%s",
		    n++ ? ":" : "", name);
	}
	/* Duplicates would fail the whole list; keep the default then. */
	if (n > 0 && SSL_CTX_set1_groups_list(ctx, list) != 1)
		note_add(missing, sizeof missing, "(list refused)");
	ERR_clear_error();
	notes_section(st, "groups skipped:", missing);
	free(list);
}

static void
set_sigalgs(SSL_CTX *ctx, const struct profile *p, struct ossl_probe *st)
{
	char *list, missing[NOTES_MAX] = "", hex[8], one[64];
	size_t cap = 1, used = 0, i, k, n = 0;
	const char *name;
	bool dup;

	if (p->n_sigalgs == 0)
		return;
	for (i = 0; i < p->n_sigalgs; i++) {
		name = sigalg_ossl_name(p->sigalgs[i]);
		cap += (name != NULL ? strlen(name) : 0) + 1;
	}
	list = xcalloc(1, cap);
	for (i = 0; i < p->n_sigalgs; i++) {
		if (tls_is_grease(p->sigalgs[i]))
			continue;
		for (dup = false, k = 0; k < i; k++)
			dup = dup || p->sigalgs[k] == p->sigalgs[i];
		if (dup)
			continue;
		name = sigalg_ossl_name(p->sigalgs[i]);
		if (name != NULL)
			snprintf(one, sizeof one, "%s", name);
		if (name == NULL || SSL_CTX_set1_sigalgs_list(ctx, one) != 1) {
			if (name == NULL) {
				snprintf(hex, sizeof hex, "0x%04x",
				    p->sigalgs[i]);
				name = hex;
			}
			note_add(missing, sizeof missing, name);
			continue;
		}
		used += (size_t)snprintf(list + used, cap - used, "%s%s",
		    n++ ? ":" : "", name);
	}
	if (n > 0 && SSL_CTX_set1_sigalgs_list(ctx, list) != 1)
		note_add(missing, sizeof missing, "(list refused)");
	ERR_clear_error();
	notes_section(st, "sigalgs skipped:", missing);
	free(list);
}

/* ALPN protocol list in wire form (RFC 7301 §3.1). */
static bool
set_alpn(SSL_CTX *ctx, const struct profile *p, char *err, size_t errlen)
{
	unsigned char *wire;
	size_t total = 0, i, len, off = 0;
	bool ok = true;

	if (p->n_alpn == 0)
		return true;
	for (i = 0; i < p->n_alpn; i++)
		total += 1 + strlen(p->alpn[i]);
	wire = xmalloc(total);
	for (i = 0; i < p->n_alpn; i++) {
		len = strlen(p->alpn[i]);
		if (len == 0 || len > 255) {
			snprintf(err, errlen, "ALPN name of bad length");
			ok = false;
			goto out;
		}
		wire[off++] = (unsigned char)len;
		memcpy(wire + off, p->alpn[i], len);
		off += len;
	}
	/* Unlike most of OpenSSL, this one returns 0 on success. */
	if (total > UINT32_MAX ||
	    SSL_CTX_set_alpn_protos(ctx, wire, (unsigned)total) != 0) {
		snprintf(err, errlen, "OpenSSL refused the ALPN list");
		ok = false;
	}
out:
	free(wire);
	return ok;
}

/* True when the profile lists its extensions and ext is not among them. */
static bool
ext_left_out(const struct profile *p, uint16_t ext)
{
	size_t i;

	if (p->n_extensions == 0)
		return false;
	for (i = 0; i < p->n_extensions; i++) {
		if (p->extensions[i] == ext)
			return false;
	}
	return true;
}

/*
 * SSL_OP_ALL as Python and curl set it, minus the optional extensions a
 * profile with an explicit extension list does not send: padding (RFC
 * 7685), session_ticket (RFC 5077), encrypt_then_mac (RFC 7366) and
 * extended_master_secret (RFC 7627). OpenSSL always sends the others.
 */
static uint64_t
profile_options(const struct profile *p)
{
	uint64_t op = SSL_OP_ALL | SSL_OP_NO_COMPRESSION;

	if (ext_left_out(p, 21))
		op &= ~(uint64_t)SSL_OP_TLSEXT_PADDING;
	if (ext_left_out(p, 35))
		op |= SSL_OP_NO_TICKET;
	if (ext_left_out(p, 22))
		op |= SSL_OP_NO_ENCRYPT_THEN_MAC;
	if (ext_left_out(p, 23))
		op |= SSL_OP_NO_EXTENDED_MASTER_SECRET;
	return op;
}

/* The client's SSL_CTX as the profile describes it; NULL and err if not. */
static SSL_CTX *
ctx_from_profile(const struct probe_job *job, struct ossl_probe *st,
    char *err, size_t errlen)
{
	const struct profile *p = job->profile;
	SSL_CTX *ctx;

	ctx = SSL_CTX_new(TLS_client_method());
	if (ctx == NULL) {
		snprintf(err, errlen, "SSL_CTX_new failed");
		return NULL;
	}
	SSL_CTX_clear_options(ctx, SSL_OP_TLSEXT_PADDING);
	SSL_CTX_set_options(ctx, profile_options(p));
	SSL_CTX_set_security_level(ctx, p->security_level);
	if ((p->min_version != 0 &&
	    SSL_CTX_set_min_proto_version(ctx, p->min_version) != 1) ||
	    (p->max_version != 0 &&
	    SSL_CTX_set_max_proto_version(ctx, p->max_version) != 1)) {
		snprintf(err, errlen, "OpenSSL cannot use versions %s..%s",
		    tls_version_name(p->min_version) ?
		    tls_version_name(p->min_version) : "?",
		    tls_version_name(p->max_version) ?
		    tls_version_name(p->max_version) : "?");
		goto fail;
	}
	if (!set_suites(ctx, p, st, err, errlen))
		goto fail;
	set_groups(ctx, p, st);
	set_sigalgs(ctx, p, st);
	if (!set_alpn(ctx, p, err, errlen))
		goto fail;
	/* Shared and read-only: the CTX takes its own reference. */
	{
		const char *label, *missing;
		const struct trust_store *ts = probe_env_store_for(job->env,
		    p, &label, &missing);

		SSL_CTX_set1_cert_store(ctx, ts != NULL ? trust_store_x509(ts) :
		    job->env->store);
	}
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, verify_cb);
	SSL_CTX_set_info_callback(ctx, info_cb);
	SSL_CTX_set_msg_callback(ctx, msg_cb);
	return ctx;
fail:
	SSL_CTX_free(ctx);
	return NULL;
}

/* SNI (RFC 6066 §3: a host name, never a literal, no trailing dot), per
 * the profile's policy. */
static bool
set_names(SSL *ssl, const struct probe_job *job, struct ossl_probe *st,
    char *err, size_t errlen)
{
	const struct profile *p = job->profile;
	char name[NETADDR_HOST_MAX + 2];
	size_t len;
	bool ip, sni;

	name[0] = '\0';
	if (job->host != NULL)
		snprintf(name, sizeof name, "%s", job->host);
	len = strlen(name);
	if (len > 0 && name[len - 1] == '.')
		name[--len] = '\0';
	ip = len > 0 && netaddr_is_literal(name);

	sni = false;
	if (len > 0 && !ip) {
		switch (p->sni) {
		case SNI_HOSTNAME:
			sni = true;
			break;
		case SNI_DOTTED:
			sni = strchr(name, '.') != NULL;
			break;
		case SNI_NEVER:
			break;
		}
	}
	if (sni && SSL_set_tlsext_host_name(ssl, name) != 1) {
		snprintf(err, errlen, "OpenSSL refused SNI name");
		return false;
	}
	st->seen.sent_sni = sni;

	/* The names and the rest of the certificate decision are
	 * probe_trust.c's, after the handshake. */
	return true;
}

/* --- the verdict ------------------------------------------------------- */

/*
 * After a complete handshake: the profile's certificate decision on the
 * chain received (probe_trust.c), then its key and DH floors.
 */
static void
verdict(SSL *ssl, struct probe_result *r, const struct ossl_probe *st,
    const struct probe_job *job, const atomic_bool *cancel)
{
	struct chain ch;
	bool ok;

	memset(&ch, 0, sizeof ch);
	chain_keep(ssl, &ch);
	ok = probe_trust_judge(r, job, ch.der, ch.len, ch.n_kept, ch.n,
	    st->cert_msg_len, cancel);
	chain_cleanup(&ch);
	if (!ok)
		return;
	r->outcome = PROBE_OK;
	r->reason = REASON_NONE;
	if (st->notes[0] != '\0' || r->detail[0] == '\0')
		snprintf(r->detail, sizeof r->detail, "%s", st->notes);
}

/* The negotiated parameters, as far as the handshake got. */
static void
collect(SSL *ssl, const struct ossl_probe *st, struct probe_result *r)
{
	const SSL_CIPHER *c;
	EVP_PKEY *tmp = NULL;
	X509 *leaf;
	unsigned char *der = NULL;
	char gname[64];
	long nid;
	int len, id;

	c = SSL_get_current_cipher(ssl);
	if (c == NULL)
		c = SSL_get_pending_cipher(ssl);
	if (c != NULL) {
		r->cipher = SSL_CIPHER_get_protocol_id(c);
		/* Before the ServerHello SSL_version is the method's. */
		if (SSL_version(ssl) >= SSL3_VERSION &&
		    SSL_version(ssl) <= TLS1_3_VERSION)
			r->version = (uint16_t)SSL_version(ssl);
	}
	if (c != NULL) {
		/* 3.0 reports the NID in TLS 1.3 and for TLS 1.2 ECDHE. */
		nid = SSL_get_negotiated_group(ssl);
		if (nid > 0)
			r->group = group_from_nid((int)nid);
		if (SSL_get_peer_tmp_key(ssl, &tmp) == 1 && tmp != NULL) {
			id = EVP_PKEY_get_base_id(tmp);
			if (id == EVP_PKEY_DH || id == EVP_PKEY_DHX)
				r->dh_bits = EVP_PKEY_get_bits(tmp);
			if (r->group == 0 && id == EVP_PKEY_X25519)
				r->group = 29;
			if (r->group == 0 && id == EVP_PKEY_X448)
				r->group = 30;
			if (r->group == 0 && id == EVP_PKEY_EC &&
			    EVP_PKEY_get_utf8_string_param(tmp,
			    OSSL_PKEY_PARAM_GROUP_NAME, gname, sizeof gname,
			    NULL) == 1)
				r->group = group_from_nid(OBJ_sn2nid(gname));
			EVP_PKEY_free(tmp);
		}
	}
	if (r->dh_bits == 0)
		r->dh_bits = st->seen.ske_dh_bits;
	leaf = SSL_get0_peer_certificate(ssl);
	if (leaf != NULL && (len = i2d_X509(leaf, &der)) > 0)
		r->have_cert = cert_summary_from_der(der, (size_t)len,
		    &r->cert) == ST_OK;
	OPENSSL_free(der);
	r->alert_received = st->seen.alert_recv;
	r->alert_sent = st->seen.alert_sent;
}

/* The SSL for job, its SSL_CTX and the socket BIO's method (the caller
 * frees all three); NULL with r failed when any cannot be made. */
static SSL *
ssl_for(const struct probe_job *job, struct ossl_probe *st, SSL_CTX **ctx,
    BIO_METHOD **meth, struct probe_result *r)
{
	char err[RESULT_TEXT_MAX] = "";
	SSL *ssl;

	*ctx = ctx_from_profile(job, st, err, sizeof err);
	if (*ctx == NULL) {
		probe_set_fail(r, REASON_LOCAL, "%s", err);
		return NULL;
	}
	ssl = SSL_new(*ctx);
	*meth = sockbio_method_new();
	if (ssl == NULL || *meth == NULL) {
		probe_set_fail(r, REASON_LOCAL, "cannot create the SSL object");
		SSL_free(ssl);
		return NULL;
	}
	SSL_set_app_data(ssl, st);
	if (!set_names(ssl, job, st, err, sizeof err)) {
		probe_set_fail(r, REASON_LOCAL, "%s", err);
		SSL_free(ssl);
		return NULL;
	}
	return ssl;
}

/* A wait for the socket that did not end ready (w: net_wait's 0 or -1). */
static void
wait_failed(struct probe_result *r, int w, BIO *bio,
    const struct probe_job *job, const atomic_bool *cancel)
{
	size_t got;

	if (atomic_load(cancel)) {
		set_canceled(r);
	} else if (w == 0) {
		got = sockbio_received(bio, NULL, 0, NULL);
		probe_set_fail(r, REASON_TIMEOUT, got == 0 ?
		    "no TLS answer within %d ms (connected, server silent)" :
		    "handshake not finished within %d ms", job->timeout_ms);
	} else {
		probe_set_fail(r, REASON_LOCAL, "poll failed: %s",
		    strerror(errno));
	}
}

/* --- the probe --------------------------------------------------------- */

static void
ossl_run(const struct probe_job *job, const atomic_bool *cancel_in,
    struct probe_result *r)
{
	static const atomic_bool never = false;
	const atomic_bool *cancel = cancel_in != NULL ? cancel_in : &never;
	struct ossl_probe *st;
	struct deadline dl;
	SSL_CTX *ctx = NULL;
	SSL *ssl = NULL;
	BIO_METHOD *meth = NULL;
	BIO *bio;
	enum fail_reason why;
	char err[RESULT_TEXT_MAX];
	uint64_t t0 = clock_ms();
	int fd = -1, rc, sslerr, w;

	st = xcalloc(1, sizeof *st);
	st->profile = job->profile;
	st->seen.alert_recv = st->seen.alert_sent = -1;
	dl = deadline_in((uint64_t)job->timeout_ms);
	err[0] = '\0';
	ERR_clear_error();

	/* Build everything before connecting: a bad profile costs no I/O. */
	if ((ssl = ssl_for(job, st, &ctx, &meth, r)) == NULL)
		goto out;

	fd = conn_open(&job->addr, job->port, job->host, &dl, cancel, &why,
	    err, sizeof err);
	r->connect_ms = ratelimit_elapsed_ms(t0);
	if (fd < 0) {
		if (atomic_load(cancel))
			set_canceled(r);
		else
			probe_set_fail(r, why, "%s", err);
		goto out;
	}
	bio = sockbio_new(meth, fd);
	if (bio == NULL) {
		probe_set_fail(r, REASON_LOCAL, "cannot create the socket BIO");
		goto out;
	}
	SSL_set_bio(ssl, bio, bio);	/* the SSL owns it now */
	st->recording = true;

	for (;;) {
		if (atomic_load(cancel)) {
			set_canceled(r);
			goto out;
		}
		rc = SSL_connect(ssl);
		if (rc == 1)
			break;
		sslerr = SSL_get_error(ssl, rc);
		if (sslerr == SSL_ERROR_WANT_READ ||
		    sslerr == SSL_ERROR_WANT_WRITE) {
			w = net_wait(fd, sslerr == SSL_ERROR_WANT_READ ?
			    POLLIN : POLLOUT, &dl, cancel);
			if (w == 1)
				continue;
			wait_failed(r, w, bio, job, cancel);
			r->handshake_ms = ratelimit_elapsed_ms(t0);
			collect(ssl, st, r);
			goto out;
		}
		/* Failed: handshake_ms still says when it ended. */
		r->handshake_ms = ratelimit_elapsed_ms(t0);
		st->recording = false;
		collect(ssl, st, r);
		probe_classify_fail(r, bio, fd, sslerr, &st->seen,
		    job->profile->security_level);
		probe_classify_notes(r, st->notes);
		goto out;
	}
	r->handshake_ms = ratelimit_elapsed_ms(t0);
	st->recording = false;
	collect(ssl, st, r);
	verdict(ssl, r, st, job, cancel);
	if (r->outcome != PROBE_OK)
		probe_classify_notes(r, st->notes);
	/* One close_notify, best effort: we do not wait for the server's. */
	SSL_shutdown(ssl);
out:
	probe_ossl_close(ssl, meth, fd, ctx);
	free(st);
}

void
probe_ossl_close(SSL *ssl, BIO_METHOD *meth, int fd, SSL_CTX *ctx)
{
	SSL_free(ssl);
	BIO_meth_free(meth);
	if (fd >= 0)
		close(fd);
	SSL_CTX_free(ctx);
	ERR_clear_error();
}

const struct probe_ops probe_ossl_ops = {
	.name = "openssl",
	.run = ossl_run,
};
