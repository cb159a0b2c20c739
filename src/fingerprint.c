/*
 * fingerprint.c: the JA3 string and the JA4 parts of a ClientHello.
 *
 * Callers: the capture server (capture.c), --list-profiles (main.c) and
 * the tests. The hashes are digest.c's (OpenSSL lives in the I/O layer);
 * everything here is string building over client_hello.h's wire view.
 * JA4 follows FoxIO's technical_details/JA4.md. Pure; any thread.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "fingerprint.h"
#include "hello_build.h"
#include "tls_names.h"
#include "xmem.h"

/* A growing string. */
struct sbuf {
	char	*s;
	size_t	 len, cap;
};

static void __attribute__((format(printf, 2, 3)))
sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->s != NULL ? b->s + b->len : NULL,
		    b->s != NULL ? b->cap - b->len : 0, fmt, ap);
		va_end(ap);
		if (n < 0)
			return;
		if (b->s != NULL && b->len + (size_t)n < b->cap) {
			b->len += (size_t)n;
			return;
		}
		b->cap = (b->cap + (size_t)n + 1) * 2;
		b->s = xreallocarray(b->s, b->cap, 1);
	}
}

/* An empty string when nothing was appended. */
static char *
sb_take(struct sbuf *b)
{
	if (b->s == NULL)
		return xstrdup("");
	return b->s;
}

/* JA3's "a-b-c" of a list, GREASE left out. */
static void
ja3_list(struct sbuf *b, const uint16_t *v, size_t n)
{
	size_t i;
	bool first = true;

	for (i = 0; i < n; i++) {
		if (tls_is_grease(v[i]))
			continue;
		sb_printf(b, "%s%u", first ? "" : "-", v[i]);
		first = false;
	}
}

static int
cmp_u16(const void *a, const void *b)
{
	uint16_t x = *(const uint16_t *)a, y = *(const uint16_t *)b;

	return x < y ? -1 : x > y;
}

/* JA4's "hhhh,hhhh": the list without GREASE (and without skip_a and
 * skip_b when skip is set), sorted or in wire order. Returns the count. */
static size_t
ja4_list(struct sbuf *b, const uint16_t *v, size_t n, bool sorted,
    bool skip, uint16_t skip_a, uint16_t skip_b)
{
	uint16_t *c = xcalloc(n + 1, sizeof *c);
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		if (tls_is_grease(v[i]) ||
		    (skip && (v[i] == skip_a || v[i] == skip_b)))
			continue;
		c[k++] = v[i];
	}
	if (sorted)
		qsort(c, k, sizeof *c, cmp_u16);
	for (i = 0; i < k; i++)
		sb_printf(b, "%s%04x", i > 0 ? "," : "", c[i]);
	free(c);
	return k;
}

static size_t
count_non_grease(const struct client_hello_list *l)
{
	size_t i, n = 0;

	for (i = 0; i < l->n; i++)
		if (!tls_is_grease(l->v[i]))
			n++;
	return n;
}

static bool
has(const struct client_hello_list *l, uint16_t x)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i] == x)
			return true;
	return false;
}

/* JA4's two version digits (JA4.md, "TLS Version"). */
static const char *
ja4_version(const struct client_hello *ch)
{
	uint16_t v = ch->legacy_version, x;
	size_t i;

	if (has(&ch->exts, TLS_EXT_SUPPORTED_VERSIONS)) {
		v = 0;
		for (i = 0; i < ch->versions.n; i++) {
			x = ch->versions.v[i];
			if (!tls_is_grease(x) && x > v)
				v = x;
		}
	}
	switch (v) {
	case 0x0304: return "13";
	case 0x0303: return "12";
	case 0x0302: return "11";
	case 0x0301: return "10";
	case 0x0300: return "s3";
	case 0x0002: return "s2";
	case 0xfeff: return "d1";
	case 0xfefd: return "d2";
	case 0xfefc: return "d3";
	default: return "00";
	}
}

static bool
is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
	    (c >= 'a' && c <= 'z');
}

/* JA4's ALPN characters: first and last of the first name; "00" without
 * ALPN; the first and last hex digit when either is not alphanumeric. */
static void
ja4_alpn(const struct client_hello *ch, char out[3])
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)ch->alpn_first;
	size_t n = ch->alpn_first_len;

	if (s == NULL || n == 0) {
		memcpy(out, "00", 3);
		return;
	}
	if (is_alnum(s[0]) && is_alnum(s[n - 1])) {
		out[0] = (char)s[0];
		out[1] = (char)s[n - 1];
	} else {
		out[0] = hex[s[0] >> 4];
		out[1] = hex[s[n - 1] & 0x0f];
	}
	out[2] = '\0';
}

void
fingerprint_from_hello(const struct client_hello *ch, struct fingerprint *fp)
{
	struct sbuf b = { NULL, 0, 0 };
	char alpn[3];
	size_t n_suites, n_exts;

	memset(fp, 0, sizeof *fp);

	/* JA3 */
	sb_printf(&b, "%u,", ch->legacy_version);
	ja3_list(&b, ch->suites.v, ch->suites.n);
	sb_printf(&b, ",");
	ja3_list(&b, ch->exts.v, ch->exts.n);
	sb_printf(&b, ",");
	ja3_list(&b, ch->groups.v, ch->groups.n);
	sb_printf(&b, ",");
	if (ch->ec_point_formats != NULL) {
		size_t i;

		for (i = 0; i < ch->n_ec_point_formats; i++)
			sb_printf(&b, "%s%u", i > 0 ? "-" : "",
			    ch->ec_point_formats[i]);
	}
	fp->ja3 = sb_take(&b);

	/* JA4 a: counts of two digits at most (99). */
	n_suites = count_non_grease(&ch->suites);
	n_exts = count_non_grease(&ch->exts);
	ja4_alpn(ch, alpn);
	snprintf(fp->ja4_a, sizeof fp->ja4_a, "t%s%c%02zu%02zu%s",
	    ja4_version(ch), ch->has_sni ? 'd' : 'i',
	    n_suites > 99 ? (size_t)99 : n_suites,
	    n_exts > 99 ? (size_t)99 : n_exts, alpn);

	/* JA4 b: the sorted suites. */
	memset(&b, 0, sizeof b);
	ja4_list(&b, ch->suites.v, ch->suites.n, true, false, 0, 0);
	fp->ja4_b_raw = sb_take(&b);

	/* JA4 c: sorted extensions without SNI and ALPN, "_", sigalgs. */
	memset(&b, 0, sizeof b);
	ja4_list(&b, ch->exts.v, ch->exts.n, true, true, TLS_EXT_SERVER_NAME,
	    TLS_EXT_ALPN);
	if (count_non_grease(&ch->sigalgs) > 0) {
		sb_printf(&b, "_");
		ja4_list(&b, ch->sigalgs.v, ch->sigalgs.n, false, false, 0, 0);
	}
	fp->ja4_c_raw = sb_take(&b);
}

size_t
fingerprint_share_len(uint16_t group)
{
	size_t n;

	switch (group) {
	case 0x0017: n = 65; break;	/* secp256r1, uncompressed point */
	case 0x0018: n = 97; break;	/* secp384r1 */
	case 0x0019: n = 133; break;	/* secp521r1 */
	case 0x001d: n = 32; break;	/* x25519 */
	case 0x001e: n = 56; break;	/* x448 */
	case 0x0100: n = 256; break;	/* ffdhe2048 (RFC 7919) */
	case 0x0101: n = 384; break;
	case 0x0102: n = 512; break;
	case 0x0103: n = 768; break;
	case 0x0104: n = 1024; break;
	case 0x0200: n = 800; break;	/* MLKEM512 */
	case 0x0201: n = 1184; break;	/* MLKEM768 */
	case 0x0202: n = 1568; break;	/* MLKEM1024 */
	case 0x11eb: n = 1249; break;	/* SecP256r1MLKEM768 */
	case 0x11ec: n = 1216; break;	/* X25519MLKEM768 */
	case 0x11ed: n = 1665; break;	/* SecP384r1MLKEM1024 */
	case 0x6399: n = 1216; break;	/* X25519Kyber768Draft00 */
	default: n = 32; break;
	}
	return n < HELLO_MAX_KEY ? n : HELLO_MAX_KEY;
}

/* A random source that gives zeros: fixed, reproducible hellos. */
static void
zero_rng(void *ctx, uint8_t *buf, size_t len)
{
	(void)ctx;
	memset(buf, 0, len);
}

enum status
fingerprint_from_profile(const struct profile *p, struct fingerprint *fp,
    char *err, size_t errlen)
{
	struct hello_vars *v = xcalloc(1, sizeof *v);
	struct client_hello *ch = NULL;
	struct wr w;
	enum status st;
	size_t i, n;

	memset(fp, 0, sizeof *fp);
	hello_vars_fill(v, p, zero_rng, NULL);
	/* The profile's own order, not a shuffle: JA3 follows it. */
	for (i = 0, n = 0; i < p->n_extensions && n < HELLO_MAX_EXTS; i++)
		if (!tls_is_grease(p->extensions[i]) &&
		    p->extensions[i] != 0x0015 && i <= UINT8_MAX)
			v->ext_order[n++] = (uint8_t)i;
	v->n_ext_order = n;
	for (i = 0; i < p->n_key_shares && i < HELLO_MAX_SHARES; i++) {
		v->shares[i].group = p->key_shares[i];
		v->shares[i].len = fingerprint_share_len(p->key_shares[i]);
		memset(v->shares[i].pub, 0, v->shares[i].len);
	}
	v->n_shares = i;

	wr_init(&w, HELLO_MAX_BYTES);
	st = hello_build(p, FINGERPRINT_SNI, v, &w, err, errlen);
	if (st == ST_OK)
		st = client_hello_parse(w.buf, w.len, &ch, err, errlen);
	if (st == ST_OK)
		fingerprint_from_hello(ch, fp);
	client_hello_free(ch);
	wr_cleanup(&w);
	free(v);
	return st;
}

void
fingerprint_cleanup(struct fingerprint *fp)
{
	if (fp == NULL)
		return;
	free(fp->ja3);
	free(fp->ja4_b_raw);
	free(fp->ja4_c_raw);
	memset(fp, 0, sizeof *fp);
}
