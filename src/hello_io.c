/*
 * hello_io.c: one ClientHello out, the server's first flight in.
 *
 * Generates real key pairs for the profile's key shares with OpenSSL's EVP
 * API, builds the hello with hello_build (random values from RAND_bytes),
 * sends it and reads until hello_parse has an answer, the server stops
 * talking, the deadline passes or HELLO_IO_MAX_READ bytes came. Callers:
 * the raw probe backend (probe_raw.c) and the scanner (scan.c), on worker
 * threads; everything here is per call.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "bytes.h"
#include "clock.h"
#include "conn.h"
#include "hello_build.h"
#include "hello_io.h"
#include "hello_parse.h"
#include "net.h"
#include "ratelimit.h"
#include "tls_names.h"
#include "xmem.h"

#define READ_CHUNK	16384	/* one TLS record's worth per recv */

#define MLKEM768_EK_LEN		1184	/* FIPS 203 §8: 384 * k + 32, k = 3 */
#define MLKEM_Q			3329

static void __attribute__((format(printf, 3, 4)))
set_reason(struct hello_exchange *x, enum fail_reason why, const char *fmt,
    ...)
{
	va_list ap;

	x->reason = why;
	va_start(ap, fmt);
	vsnprintf(x->detail, sizeof x->detail, fmt, ap);
	va_end(ap);
}

/* hello_rng_fn over OpenSSL's CSPRNG: random, session id, GREASE. */
static void
rng_openssl(void *ctx, uint8_t *buf, size_t len)
{
	(void)ctx;
	while (len > 0) {
		int n = len > 4096 ? 4096 : (int)len;

		/* Cannot fail once OpenSSL seeded itself; if it ever does,
		 * the hello is still well formed (nothing here is secret:
		 * no handshake is ever completed with these values). */
		if (RAND_bytes(buf, n) != 1)
			memset(buf, 0x5a, (size_t)n);
		buf += n;
		len -= (size_t)n;
	}
}

/* --- key shares -------------------------------------------------------- */

/* x25519 and x448: the raw public key (RFC 7748 §6, RFC 8446 §4.2.8.2). */
static bool
share_ecx(const char *alg, uint8_t *out, size_t cap, size_t *len)
{
	EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, alg);
	size_t n = cap;
	bool ok;

	if (k == NULL)
		return false;
	ok = EVP_PKEY_get_raw_public_key(k, out, &n) == 1;
	EVP_PKEY_free(k);
	*len = n;
	return ok;
}

/* NIST curves: the uncompressed point 04 || X || Y (RFC 8446 §4.2.8.2). */
static bool
share_ec(const char *curve, uint8_t *out, size_t cap, size_t *len)
{
	EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", curve);
	unsigned char *pt = NULL;
	size_t n;
	bool ok = false;

	if (k == NULL)
		return false;
	/* OpenSSL 3.0 encodes EC keys uncompressed unless told otherwise. */
	n = EVP_PKEY_get1_encoded_public_key(k, &pt);
	if (n > 0 && n <= cap && pt[0] == 0x04) {
		memcpy(out, pt, n);
		*len = n;
		ok = true;
	}
	OPENSSL_free(pt);
	EVP_PKEY_free(k);
	return ok;
}

/*
 * ffdhe*: Y = g^x mod p, left-padded with zeros to the size of p
 * (RFC 8446 §4.2.8.1, RFC 7919 §2).
 */
static bool
share_ffdhe(uint16_t group, uint8_t *out, size_t cap, size_t *len)
{
	static const char *const names[] = {
		"ffdhe2048", "ffdhe3072", "ffdhe4096", "ffdhe6144", "ffdhe8192",
	};
	static const size_t sizes[] = { 256, 384, 512, 768, 1024 };
	EVP_PKEY_CTX *pc;
	EVP_PKEY *k = NULL;
	BIGNUM *y = NULL;
	OSSL_PARAM params[2];
	size_t i = (size_t)(group - TLS_GROUP_FFDHE2048);
	bool ok = false;

	if (sizes[i] > cap)
		return false;
	pc = EVP_PKEY_CTX_new_from_name(NULL, "DH", NULL);
	params[0] = OSSL_PARAM_construct_utf8_string(
	    OSSL_PKEY_PARAM_GROUP_NAME, (char *)(uintptr_t)names[i], 0);
	params[1] = OSSL_PARAM_construct_end();
	if (pc == NULL || EVP_PKEY_keygen_init(pc) != 1 ||
	    EVP_PKEY_CTX_set_params(pc, params) != 1 ||
	    EVP_PKEY_keygen(pc, &k) != 1)
		goto out;
	if (EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_PUB_KEY, &y) != 1 ||
	    BN_bn2binpad(y, out, (int)sizes[i]) != (int)sizes[i])
		goto out;
	*len = sizes[i];
	ok = true;
out:
	BN_free(y);
	EVP_PKEY_free(k);
	EVP_PKEY_CTX_free(pc);
	return ok;
}

/*
 * An ML-KEM-768 encapsulation key (FIPS 203 §7.1: ByteEncode12 of t-hat,
 * 256 * 3 coefficients, then the 32-byte seed rho), with every 12-bit
 * coefficient reduced below q = 3329 so that the server's input check
 * (FIPS 203 §7.2, "modulus check") passes. OpenSSL 3.0 has no ML-KEM, so
 * the coefficients are random rather than a real key. That is enough for
 * what we read: the server encapsulates against any well-formed key and
 * answers with a ServerHello that names the group, the version and the
 * suite; only finishing the handshake would need the decapsulation key,
 * and we never finish it (the certificate of a TLS 1.3 server comes from a
 * separate OpenSSL handshake).
 */
static void
mlkem768_fake_ek(uint8_t *out)
{
	uint8_t rnd[4];
	uint16_t a, b;
	size_t i;

	for (i = 0; i < MLKEM768_EK_LEN - 32; i += 3) {
		rng_openssl(NULL, rnd, sizeof rnd);
		a = (uint16_t)(((rnd[0] | rnd[1] << 8) & 0xffff) % MLKEM_Q);
		b = (uint16_t)(((rnd[2] | rnd[3] << 8) & 0xffff) % MLKEM_Q);
		/* Two coefficients in three bytes, little-endian (§4.2.1). */
		out[i] = (uint8_t)(a & 0xff);
		out[i + 1] = (uint8_t)(a >> 8 | (b & 0x0f) << 4);
		out[i + 2] = (uint8_t)(b >> 4);
	}
	rng_openssl(NULL, out + MLKEM768_EK_LEN - 32, 32);
}

/*
 * One key share for group into s; false if we cannot make one. Hybrids:
 * X25519MLKEM768 is the ML-KEM key then the x25519 key
 * (draft-kwiatkowski-tls-ecdhe-mlkem §3); the older
 * X25519Kyber768Draft00 puts x25519 first, then a Kyber key of the same
 * encoding.
 */
static bool
make_share(uint16_t group, struct hello_key_share *s)
{
	size_t n = 0;

	s->group = group;
	s->len = 0;
	switch (group) {
	case TLS_GROUP_X25519:
		return share_ecx("X25519", s->pub, sizeof s->pub, &s->len);
	case TLS_GROUP_X448:
		return share_ecx("X448", s->pub, sizeof s->pub, &s->len);
	case TLS_GROUP_SECP256R1:
		return share_ec("P-256", s->pub, sizeof s->pub, &s->len);
	case TLS_GROUP_SECP384R1:
		return share_ec("P-384", s->pub, sizeof s->pub, &s->len);
	case TLS_GROUP_SECP521R1:
		return share_ec("P-521", s->pub, sizeof s->pub, &s->len);
	case TLS_GROUP_X25519MLKEM768:
		if (sizeof s->pub < MLKEM768_EK_LEN + 32)
			return false;
		mlkem768_fake_ek(s->pub);
		if (!share_ecx("X25519", s->pub + MLKEM768_EK_LEN, 32, &n) ||
		    n != 32)
			return false;
		s->len = MLKEM768_EK_LEN + 32;
		return true;
	case TLS_GROUP_X25519KYBER768:
		if (sizeof s->pub < MLKEM768_EK_LEN + 32)
			return false;
		if (!share_ecx("X25519", s->pub, 32, &n) || n != 32)
			return false;
		mlkem768_fake_ek(s->pub + 32);
		s->len = MLKEM768_EK_LEN + 32;
		return true;
	default:
		if (group >= TLS_GROUP_FFDHE2048 && group <= TLS_GROUP_FFDHE8192)
			return share_ffdhe(group, s->pub, sizeof s->pub,
			    &s->len);
		return false;
	}
}

/*
 * Key shares for every non-GREASE group of profile->key_shares (the
 * builder draws GREASE shares itself). A group we have no key for is left
 * out: hello_build then says which.
 */
static void
make_shares(const struct profile *p, struct hello_vars *v)
{
	size_t i;

	v->n_shares = 0;
	for (i = 0; i < p->n_key_shares && v->n_shares < HELLO_MAX_SHARES;
	    i++) {
		if (tls_is_grease(p->key_shares[i]))
			continue;
		if (make_share(p->key_shares[i], &v->shares[v->n_shares]))
			v->n_shares++;
	}
	ERR_clear_error();
}

/* --- the exchange ------------------------------------------------------ */

/* SNI as hello_build wants it: NULL for none or an IP literal. */
static const char *
sni_name(const char *sni, char *buf, size_t len)
{
	unsigned char a[16];
	size_t n;

	if (sni == NULL || *sni == '\0')
		return NULL;
	snprintf(buf, len, "%s", sni);
	n = strlen(buf);
	if (n > 0 && buf[n - 1] == '.')	/* RFC 6066 §3: no trailing dot */
		buf[--n] = '\0';
	if (n == 0 || inet_pton(AF_INET, buf, a) == 1 ||
	    inet_pton(AF_INET6, buf, a) == 1)
		return NULL;
	return buf;
}

/* Sends all of buf before the deadline; false with x->reason set if not. */
static bool
send_all(int fd, const uint8_t *buf, size_t len, const struct deadline *dl,
    const atomic_bool *cancel, struct hello_exchange *x)
{
	size_t off = 0;
	ssize_t n;
	int w;

	while (off < len) {
		n = send(fd, buf + off, len - off, MSG_NOSIGNAL);
		if (n > 0) {
			off += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			w = net_wait(fd, POLLOUT, dl, cancel);
			if (w == 1)
				continue;
			if (cancel != NULL && atomic_load(cancel))
				set_reason(x, REASON_LOCAL, "cancelled");
			else if (w == 0)
				set_reason(x, REASON_TIMEOUT, "could not send "
				    "the ClientHello before the deadline");
			else
				set_reason(x, REASON_LOCAL, "poll failed");
			return false;
		}
		if (n < 0 && (errno == ECONNRESET || errno == EPIPE))
			set_reason(x, REASON_RESET, "connection reset while "
			    "sending the ClientHello");
		else
			set_reason(x, REASON_LOCAL, "send failed: %s",
			    strerror(n < 0 ? errno : EIO));
		return false;
	}
	return true;
}

/* After a non-TLS verdict nothing else needs saying; after a broken one,
 * our parser's words only (they quote no server bytes), stored as they are:
 * the display escapes (fmt.h). */
static void
set_malformed(struct hello_exchange *x)
{
	set_reason(x, REASON_PROTOCOL_ERROR, "malformed answer after %zu "
	    "bytes: %s", x->len, x->flight.error[0] != '\0' ?
	    x->flight.error : "unparsable");
}

/* The end of the last complete TLS record in b[0..len) from offset from
 * (RFC 8446 §5.1: 5-byte header, 16-bit length). */
static size_t
records_end(const uint8_t *b, size_t len, size_t from)
{
	size_t rl;

	while (from + 5 <= len) {
		rl = (size_t)b[from + 3] << 8 | b[from + 4];
		if (from + 5 + rl > len)
			break;
		from += 5 + rl;
	}
	return from;
}

/* "TLS_AES_128_GCM_SHA256 (0x1301)", or the code alone. */
static void
code_text(const char *name, uint16_t code, char *buf, size_t len)
{
	if (name != NULL)
		snprintf(buf, len, "%s (0x%04x)", name, code);
	else
		snprintf(buf, len, "0x%04x", code);
}

/*
 * Extensions every TLS library knows (RFC 8446 §4.2, RFC 5246 §7.4.1.4,
 * RFC 6066, 6962, 7301, 7366, 7627, 5746, 5077): a client refuses one it
 * did not send. OpenSSL 3.0 ignores an unsolicited type it does not know
 * (measured with hostile_server.py unsolext: 0x0013 passes, 0x0012 is
 * "bad extension").
 */
static bool
known_extension(uint16_t t)
{
	static const uint16_t known[] = {
		TLS_EXT_SERVER_NAME, TLS_EXT_MAX_FRAGMENT_LENGTH,
		TLS_EXT_STATUS_REQUEST,
		TLS_EXT_SUPPORTED_GROUPS, TLS_EXT_EC_POINT_FORMATS,
		TLS_EXT_SIGALGS, TLS_EXT_ALPN, TLS_EXT_SCT, TLS_EXT_PADDING,
		TLS_EXT_ENCRYPT_THEN_MAC, TLS_EXT_EMS, TLS_EXT_SESSION_TICKET,
		TLS_EXT_PRE_SHARED_KEY, TLS_EXT_EARLY_DATA,
		TLS_EXT_SUPPORTED_VERSIONS,
		TLS_EXT_COOKIE, TLS_EXT_PSK_MODES, TLS_EXT_KEY_SHARE,
		TLS_EXT_RENEGOTIATION_INFO,
	};

	return u16_list_has(known, sizeof known / sizeof known[0], t);
}

/*
 * The ServerHello or HelloRetryRequest against what p offered, judged as
 * soon as it is in, as a client does before reading on, in OpenSSL's
 * order (extensions collected, version, suite, key share) (RFC 8446
 * §4.1.3, §4.1.4, §4.2, §4.2.8; RFC 5246 §7.4.1.3, §7.4.1.4): a suite,
 * a key share group or a version never offered is illegal_parameter;
 * an unsolicited extension is unsupported_extension (protocol-error). A
 * version below the ones offered is left to the caller (the scan reads
 * the version a server falls back to; a probe says no-shared-protocol).
 */
static enum fail_reason
judge_server_hello(const struct profile *p, const struct server_flight *f,
    char *why, size_t len)
{
	const char *what = f->is_hrr ? "HelloRetryRequest" : "ServerHello";
	uint16_t max = 0;
	char c[96];
	size_t i;

	for (i = 0; i < f->n_exts; i++) {
		uint16_t t = f->exts[i];

		if (u16_list_has(p->extensions, p->n_extensions, t) ||
		    !known_extension(t))
			continue;
		if (t == TLS_EXT_RENEGOTIATION_INFO && u16_list_has(p->suites, p->n_suites,
		    TLS_SUITE_SCSV_RENEGO))
			continue;
		if (t == TLS_EXT_COOKIE && f->is_hrr)
			continue;
		code_text(tls_ext_name(t), t, c, sizeof c);
		snprintf(why, len, "the %s carries extension %s, which the "
		    "client did not send (unsolicited)", what, c);
		return REASON_PROTOCOL_ERROR;
	}
	for (i = 0; i < p->n_versions; i++)
		if (!tls_is_grease(p->versions[i]) && p->versions[i] > max)
			max = p->versions[i];
	if (max != 0 && f->version > max) {
		code_text(tls_version_name(f->version), f->version, c,
		    sizeof c);
		snprintf(why, len, "the %s selected version %s, above any the "
		    "client offered", what, c);
		return REASON_ILLEGAL_PARAMETER;
	}
	if (!u16_list_has(p->suites, p->n_suites, f->cipher)) {
		code_text(tls_suite_name(f->cipher), f->cipher, c, sizeof c);
		snprintf(why, len, "the %s chose suite %s, which the client "
		    "did not offer", what, c);
		return REASON_ILLEGAL_PARAMETER;
	}
	if (f->version != TLS_VERSION_TLS13)
		return REASON_NONE;
	if (f->is_hrr && (!u16_list_has(p->groups, p->n_groups,
	    f->key_share_group) || u16_list_has(p->key_shares, p->n_key_shares,
	    f->key_share_group))) {
		code_text(tls_group_name(f->key_share_group),
		    f->key_share_group, c, sizeof c);
		snprintf(why, len, "the HelloRetryRequest asked for group %s, "
		    "which the client %s", c, u16_list_has(p->groups, p->n_groups,
		    f->key_share_group) ? "had already sent a share for" :
		    "did not offer");
		return REASON_ILLEGAL_PARAMETER;
	}
	if (!f->is_hrr && f->key_share_group != 0 &&
	    !u16_list_has(p->key_shares, p->n_key_shares, f->key_share_group)) {
		code_text(tls_group_name(f->key_share_group),
		    f->key_share_group, c, sizeof c);
		snprintf(why, len, "the ServerHello's key share is for group "
		    "%s, for which the client sent no share", c);
		return REASON_ILLEGAL_PARAMETER;
	}
	return REASON_NONE;
}

/* Runs the parser on everything so far; true when it has an answer: a
 * flight, an alert, a verdict that this is not TLS, a malformed answer,
 * or a ServerHello that p must refuse (judge_server_hello). */
static bool
parse_now(struct hello_exchange *x, const struct profile *p)
{
	enum hello_parse_state st;
	enum fail_reason why;
	char text[RESULT_TEXT_MAX - 32];

	st = hello_parse(x->buf, x->len, &x->flight);
	if ((st == HELLO_INCOMPLETE || st == HELLO_DONE) &&
	    x->flight.have_server_hello && (why = judge_server_hello(p,
	    &x->flight, text, sizeof text)) != REASON_NONE) {
		set_reason(x, why, "%s", text);
		return true;
	}
	if (st == HELLO_INCOMPLETE)
		return false;
	if (st == HELLO_MALFORMED)
		set_malformed(x);
	return true;	/* DONE, ALERT, NOT_TLS: reason none */
}

/*
 * Reads and parses until the parser has an answer; maps the socket's end
 * to a reason otherwise. x->buf grows up to HELLO_IO_MAX_READ. The parser
 * runs once the socket is drained and a record completed (or on the first
 * bytes, to tell a non-TLS server), and a server that drips tiny records
 * gets at most PARSE_BUDGET parses before the next one waits for the
 * buffer to double: the work stays linear in what we read.
 */
#define PARSE_BUDGET	256

static void
read_flight(int fd, const struct deadline *dl, const atomic_bool *cancel,
    int timeout_ms, const struct profile *p, struct hello_exchange *x)
{
	size_t cap = READ_CHUNK, rec_end = 0, parsed_at = 0, end;
	unsigned parses = 0;
	ssize_t n;
	int w, e;

	x->buf = xmalloc(cap);
	for (;;) {
		if (x->len == cap) {
			if (cap >= HELLO_IO_MAX_READ) {
				if (parse_now(x, p))
					return;
				set_reason(x, REASON_PROTOCOL_ERROR, "no "
				    "complete answer in %zu bytes (the cap on "
				    "bytes read per probe)", x->len);
				return;
			}
			cap = cap * 2 > HELLO_IO_MAX_READ ? HELLO_IO_MAX_READ :
			    cap * 2;
			x->buf = xreallocarray(x->buf, cap, 1);
		}
		n = recv(fd, x->buf + x->len, cap - x->len, MSG_DONTWAIT);
		e = n < 0 ? errno : 0;
		if (n > 0) {
			x->len += (size_t)n;
			continue;	/* drain first */
		}
		if (e == EINTR)
			continue;
		if (e == EAGAIN || e == EWOULDBLOCK) {
			end = records_end(x->buf, x->len, rec_end);
			if (x->len > parsed_at && (parsed_at == 0 ||
			    end > rec_end) && (parses < PARSE_BUDGET ||
			    x->len >= 2 * parsed_at)) {
				rec_end = end;
				parsed_at = x->len;
				parses++;
				if (parse_now(x, p))
					return;
			}
			w = net_wait(fd, POLLIN, dl, cancel);
			if (w == 1)
				continue;
			if (cancel != NULL && atomic_load(cancel)) {
				set_reason(x, REASON_LOCAL, "cancelled");
				return;
			}
			if (x->len > parsed_at && parse_now(x, p))
				return;
			if (w == 0 && x->len == 0)
				set_reason(x, REASON_TIMEOUT, "no answer within "
				    "%d ms (connected, server silent)",
				    timeout_ms);
			else if (w == 0)
				set_reason(x, REASON_TIMEOUT, "answer "
				    "incomplete after %zu bytes within %d ms",
				    x->len, timeout_ms);
			else
				set_reason(x, REASON_LOCAL, "poll failed");
			return;
		}
		/* The end of the stream: what came may still be an answer
		 * (an alert, then a close). */
		if (x->len > parsed_at && parse_now(x, p))
			return;
		if (n == 0 && x->len == 0)
			set_reason(x, REASON_CLOSED, "server closed the "
			    "connection without answering");
		else if (n == 0)
			set_reason(x, REASON_CLOSED, "server closed the "
			    "connection after %zu bytes of an incomplete "
			    "answer", x->len);
		else if ((e == ECONNRESET || e == EPIPE) && x->len == 0)
			set_reason(x, REASON_RESET, "connection reset by the "
			    "server after the ClientHello");
		else if (e == ECONNRESET || e == EPIPE)
			set_reason(x, REASON_RESET, "connection reset by the "
			    "server after %zu bytes", x->len);
		else
			set_reason(x, REASON_LOCAL, "recv failed: %s",
			    strerror(e));
		return;
	}
}

void
hello_exchange_run(const struct netaddr *addr, uint16_t port,
    const struct profile *p, const char *sni, int timeout_ms,
    const atomic_bool *cancel, struct hello_exchange *out)
{
	struct hello_vars *v;
	struct deadline dl;
	struct wr w;
	enum fail_reason why;
	char err[RESULT_TEXT_MAX], name[NETADDR_HOST_MAX + 2];
	const char *host;
	uint64_t t0 = clock_ms();
	int fd = -1;

	memset(out, 0, sizeof *out);
	out->reason = REASON_NONE;
	dl = deadline_in(timeout_ms > 0 ? (uint64_t)timeout_ms : 1);
	v = xcalloc(1, sizeof *v);
	wr_init(&w, HELLO_MAX_BYTES);

	/* The hello first: a profile we cannot express costs no I/O. */
	hello_vars_fill(v, p, rng_openssl, NULL);
	make_shares(p, v);
	host = sni_name(sni, name, sizeof name);
	err[0] = '\0';
	if (hello_build(p, host, v, &w, err, sizeof err) != ST_OK ||
	    !wr_ok(&w)) {
		set_reason(out, REASON_LOCAL, "cannot build the ClientHello: "
		    "%s", err[0] ? err : "builder failed");
		goto out;
	}
	if (cancel != NULL && atomic_load(cancel)) {
		set_reason(out, REASON_LOCAL, "cancelled");
		goto out;
	}

	fd = conn_open(addr, port, sni, &dl, cancel, &why, err, sizeof err);
	out->connect_ms = ratelimit_elapsed_ms(t0);
	if (fd < 0) {
		set_reason(out, why, "%s", err);
		goto out;
	}
	out->connected = true;
	if (!send_all(fd, w.buf, w.len, &dl, cancel, out))
		goto out;
	read_flight(fd, &dl, cancel, timeout_ms, p, out);
out:
	out->total_ms = ratelimit_elapsed_ms(t0);
	if (fd >= 0)
		close(fd);
	wr_cleanup(&w);
	/* The private keys are gone with the EVP_PKEYs; scrub the rest. */
	OPENSSL_cleanse(v, sizeof *v);
	free(v);
	ERR_clear_error();
}

/* --- the hello without its per-connection values ---------------------- */

/* The length of make_share's key for group; 0 when it makes none. */
static size_t
share_len(uint16_t group)
{
	static const size_t ffdhe_bytes[] = { 256, 384, 512, 768, 1024 };

	switch (group) {
	case TLS_GROUP_X25519:
		return 32;		/* RFC 7748 §6 */
	case TLS_GROUP_X448:
		return 56;
	case TLS_GROUP_SECP256R1:
		return 65;		/* 04 || X || Y, RFC 8446 §4.2.8.2 */
	case TLS_GROUP_SECP384R1:
		return 97;
	case TLS_GROUP_SECP521R1:
		return 133;
	case TLS_GROUP_X25519MLKEM768:
	case TLS_GROUP_X25519KYBER768:
		return MLKEM768_EK_LEN + 32;
	default:
		/* RFC 7919 §2: Y padded to the size of p. */
		if (group >= TLS_GROUP_FFDHE2048 && group <= TLS_GROUP_FFDHE8192)
			return ffdhe_bytes[group - TLS_GROUP_FFDHE2048];
		return 0;
	}
}

static bool
any_grease(const uint16_t *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (tls_is_grease(v[i]))
			return true;
	return false;
}

/* Whether hello_vars_fill draws anything but the random and the session
 * id for p: then two hellos of p differ in more than those. */
static bool
draws_more(const struct profile *p)
{
	size_t i;

	if (p->grease || p->shuffle_extensions ||
	    any_grease(p->suites, p->n_suites) ||
	    any_grease(p->groups, p->n_groups) ||
	    any_grease(p->key_shares, p->n_key_shares) ||
	    any_grease(p->sigalgs, p->n_sigalgs) ||
	    any_grease(p->versions, p->n_versions) ||
	    any_grease(p->extensions, p->n_extensions))
		return true;
	/* GREASE ECH is random per hello unless the profile fixes its body. */
	for (i = 0; i < p->n_extensions; i++) {
		size_t k;
		bool fixed = false;

		if (p->extensions[i] != TLS_EXT_ECH)
			continue;
		for (k = 0; k < p->n_ext_data; k++)
			if (p->ext_data[k].type == TLS_EXT_ECH)
				fixed = true;
		if (!fixed)
			return true;
	}
	return false;
}

bool
hello_template(const struct profile *p, const char *sni, struct wr *out)
{
	struct hello_vars *v;
	char name[NETADDR_HOST_MAX + 2];
	size_t i, len;
	bool ok = false;

	if (draws_more(p))
		return false;
	/* No shuffle, so the builder reads no ext_order. */
	v = xcalloc(1, sizeof *v);
	/* make_shares' shares, all zeros: the length is the group's. */
	for (i = 0; i < p->n_key_shares; i++) {
		if (v->n_shares == HELLO_MAX_SHARES)
			break;
		len = share_len(p->key_shares[i]);
		if (len == 0 || len > HELLO_MAX_KEY)
			goto out;
		v->shares[v->n_shares].group = p->key_shares[i];
		v->shares[v->n_shares].len = len;
		v->n_shares++;
	}
	ok = hello_build(p, sni_name(sni, name, sizeof name), v, out, NULL,
	    0) == ST_OK && wr_ok(out);
out:
	free(v);
	return ok;
}

void
hello_exchange_cleanup(struct hello_exchange *x)
{
	if (x == NULL)
		return;
	free(x->buf);
	x->buf = NULL;
	x->len = 0;
}
