/*
 * cert.c: one DER certificate summarised as text (cert.h).
 *
 * The DER comes from a server, so it is decoded only through OpenSSL's
 * bounded d2i and every text field is cut to its buffer with a visible
 * "..." mark. Names are stored as the server sent them (in UTF-8, NUL
 * shown as U+2400) and escaped once, when displayed (fmt.h, export_json.c).
 * Called by the probe backends on worker threads and by the tests; no
 * shared state.
 */
#include "config.h"

#include <sys/socket.h>

#include <arpa/inet.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/asn1.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "cert.h"
#include "result.h"

/*
 * A text field being filled with server bytes, stored as received (the
 * display escapes them, fmt.h) but for NUL, which becomes U+2400
 * (RESULT_NUL_SHOWN, result.h). What does not fit is dropped and
 * field_end marks the cut with "...".
 */
struct field {
	char	*dst;
	size_t	 len;		/* the field's size, terminator included */
	size_t	 pos;
	bool	 cut;
};

static void
field_init(struct field *f, char *dst, size_t len)
{
	f->dst = dst;
	f->len = len;
	f->pos = 0;
	f->cut = false;
	if (len > 0)
		dst[0] = '\0';
}

static void
field_put(struct field *f, const void *src, size_t n)
{
	const char	*s = src;
	size_t		 i, k;

	for (i = 0; i < n && !f->cut; i++) {
		k = s[i] == '\0' ? RESULT_NUL_SHOWN_LEN : 1;
		if (f->pos + k >= f->len) {
			f->cut = true;
			break;
		}
		if (s[i] == '\0')
			memcpy(f->dst + f->pos, RESULT_NUL_SHOWN,
			    RESULT_NUL_SHOWN_LEN);
		else
			f->dst[f->pos] = s[i];
		f->pos += k;
	}
}

static void
field_puts(struct field *f, const char *s)
{
	field_put(f, s, strlen(s));
}

/* Terminates the field; a cut ends in "...", after a whole UTF-8
 * character where the bytes are UTF-8. */
static void
field_end(struct field *f)
{
	size_t	back = 0;

	if (f->len == 0)
		return;
	if (f->cut && f->len > 4) {
		if (f->pos > f->len - 4) {
			f->pos = f->len - 4;
			/* a UTF-8 continuation byte: back to its lead byte */
			while (f->pos > 0 && back < 3 &&
			    ((unsigned char)f->dst[f->pos] & 0xc0) == 0x80) {
				f->pos--;
				back++;
			}
		}
		memcpy(f->dst + f->pos, "...", 3);
		f->pos += 3;
	}
	f->dst[f->pos] = '\0';
}

/* Bytes of src once each NUL is shown as U+2400. */
static size_t
shown_len(const char *src, size_t n)
{
	size_t	i, len = n;

	for (i = 0; i < n; i++)
		if (src[i] == '\0')
			len += RESULT_NUL_SHOWN_LEN - 1;
	return len;
}

/*
 * One value of a name in UTF-8: ASN1_STRING_to_UTF8 converts BMPString,
 * UniversalString and T61String (read as Latin-1) and refuses a
 * UTF8String that is not UTF-8, whose bytes are then taken as they are.
 */
static void
value_put(struct field *f, const ASN1_STRING *v)
{
	unsigned char	*utf8 = NULL;
	int		 n;

	n = ASN1_STRING_to_UTF8(&utf8, v);
	if (n >= 0)
		field_put(f, utf8, (size_t)n);
	else if (ASN1_STRING_length(v) > 0)
		field_put(f, ASN1_STRING_get0_data(v),
		    (size_t)ASN1_STRING_length(v));
	OPENSSL_free(utf8);
}

/*
 * "CN=host,O=Example, Inc.": RDNs from the last to the first, as RFC 2253
 * §2.1 orders them, "+" inside a multi-valued RDN, each attribute by its
 * short name (else its dotted OID) and each value in UTF-8 as received.
 * Nothing is escaped here: X509_NAME_print_ex's escapes (\, \1B) would be
 * escaped again by the display.
 */
static void
name_text(const X509_NAME *name, char *dst, size_t dstlen)
{
	const X509_NAME_ENTRY	*e;
	const ASN1_OBJECT	*obj;
	const char		*sn;
	struct field		 f;
	char			 oid[128];
	int			 i, n, set, prev = -1, nid;

	field_init(&f, dst, dstlen);
	n = name != NULL ? X509_NAME_entry_count(name) : 0;
	for (i = n - 1; i >= 0 && !f.cut; i--) {
		e = X509_NAME_get_entry(name, i);
		set = X509_NAME_ENTRY_set(e);
		if (i < n - 1)
			field_puts(&f, set == prev ? "+" : ",");
		prev = set;
		obj = X509_NAME_ENTRY_get_object(e);
		nid = OBJ_obj2nid(obj);
		sn = nid != NID_undef ? OBJ_nid2sn(nid) : NULL;
		if (sn == NULL) {
			if (OBJ_obj2txt(oid, (int)sizeof oid, obj, 1) <= 0)
				snprintf(oid, sizeof oid, "?");
			sn = oid;
		}
		field_puts(&f, sn);
		field_puts(&f, "=");
		value_put(&f, X509_NAME_ENTRY_get_data(e));
	}
	field_end(&f);
}

/* Appends "sep kind item" to a bounded list, marking a cut with "...";
 * the item is stored as received but for NUL (struct field). */
static void
list_add(char *dst, size_t dstlen, const char *kind, const char *item,
    size_t itemlen)
{
	size_t		used = strlen(dst), need;
	struct field	f;

	if (used >= 3 && strcmp(dst + used - 3, "...") == 0)
		return;
	need = (used ? 2 : 0) + strlen(kind) + shown_len(item, itemlen);
	if (used + need + 1 > dstlen) {
		if (used + 4 <= dstlen)
			memcpy(dst + used, "...", 4);
		else if (dstlen > 4)
			memcpy(dst + dstlen - 4, "...", 4);
		return;
	}
	snprintf(dst + used, dstlen - used, "%s%s", used ? ", " : "", kind);
	used = strlen(dst);
	field_init(&f, dst + used, dstlen - used);
	field_put(&f, item, itemlen);
	field_end(&f);
}

/* "DNS:a, IP:192.0.2.1" from the subjectAltName extension (RFC 5280 §4.2.1.6). */
static void
san_text(X509 *x, char *dst, size_t dstlen)
{
	GENERAL_NAMES *names;
	const GENERAL_NAME *g;
	const ASN1_STRING *s;
	char ip[INET6_ADDRSTRLEN];
	int i, n, len;

	dst[0] = '\0';
	names = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
	if (names == NULL)
		return;
	n = sk_GENERAL_NAME_num(names);
	for (i = 0; i < n; i++) {
		g = sk_GENERAL_NAME_value(names, i);
		switch (g->type) {
		case GEN_DNS:
		case GEN_EMAIL:
		case GEN_URI:
			s = g->d.ia5;
			len = ASN1_STRING_length(s);
			if (len < 0)
				break;
			list_add(dst, dstlen, g->type == GEN_DNS ? "DNS:" :
			    g->type == GEN_EMAIL ? "email:" : "URI:",
			    (const char *)ASN1_STRING_get0_data(s), (size_t)len);
			break;
		case GEN_IPADD:
			s = g->d.iPAddress;
			len = ASN1_STRING_length(s);
			if ((len == 4 && inet_ntop(AF_INET,
			    ASN1_STRING_get0_data(s), ip, sizeof ip) != NULL) ||
			    (len == 16 && inet_ntop(AF_INET6,
			    ASN1_STRING_get0_data(s), ip, sizeof ip) != NULL))
				list_add(dst, dstlen, "IP:", ip, strlen(ip));
			else
				list_add(dst, dstlen, "IP:", "?", 1);
			break;
		default:
			break;
		}
	}
	GENERAL_NAMES_free(names);
}

/* "2026-11-28T10:00:00Z"; "" when the time does not decode. */
static void
time_text(const ASN1_TIME *t, char *dst, size_t dstlen)
{
	struct tm tm;
	char buf[80];
	int n;

	dst[0] = '\0';
	memset(&tm, 0, sizeof tm);
	if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1)
		return;
	/* ASN1_TIME_to_tm checks the ranges; GeneralizedTime stops at 9999. */
	n = snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec);
	if (n > 0 && (size_t)n < dstlen)
		memcpy(dst, buf, (size_t)n + 1);
}

static void
key_text(X509 *x, struct cert_summary *out)
{
	EVP_PKEY *pk = X509_get0_pubkey(x);
	const char *type;

	if (pk == NULL) {
		snprintf(out->key_type, sizeof out->key_type, "unknown");
		return;
	}
	switch (EVP_PKEY_get_base_id(pk)) {
	case EVP_PKEY_RSA:	type = "RSA"; break;
	case EVP_PKEY_RSA_PSS:	type = "RSA-PSS"; break;
	case EVP_PKEY_EC:	type = "EC"; break;
	case EVP_PKEY_DSA:	type = "DSA"; break;
	case EVP_PKEY_ED25519:	type = "Ed25519"; break;
	case EVP_PKEY_ED448:	type = "Ed448"; break;
	default:
		type = OBJ_nid2sn(EVP_PKEY_get_base_id(pk));
		if (type == NULL)
			type = "unknown";
		break;
	}
	snprintf(out->key_type, sizeof out->key_type, "%s", type);
	out->key_bits = EVP_PKEY_get_bits(pk);
}

static void
sigalg_text(const X509 *x, char *dst, size_t dstlen)
{
	const X509_ALGOR *alg = NULL;
	const ASN1_OBJECT *obj = NULL;
	int nid = X509_get_signature_nid(x);

	if (nid != NID_undef && OBJ_nid2ln(nid) != NULL) {
		snprintf(dst, dstlen, "%s", OBJ_nid2ln(nid));
		return;
	}
	/* An OID OpenSSL has no name for: show it dotted. */
	X509_get0_signature(NULL, &alg, x);
	if (alg != NULL)
		X509_ALGOR_get0(&obj, NULL, NULL, alg);
	if (obj == NULL || OBJ_obj2txt(dst, (int)dstlen, obj, 1) <= 0)
		snprintf(dst, dstlen, "unknown");
}

enum status
cert_summary_from_der(const uint8_t *der, size_t len, struct cert_summary *out)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = der;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0, i;
	X509 *x;

	memset(out, 0, sizeof *out);
	if (der == NULL || len == 0 || len > LONG_MAX)
		return ST_EPARSE;
	x = d2i_X509(NULL, &p, (long)len);
	/* Trailing bytes mean the length we were given was not the cert's. */
	if (x == NULL || p != der + len) {
		X509_free(x);
		return ST_EPARSE;
	}
	name_text(X509_get_subject_name(x), out->subject, sizeof out->subject);
	name_text(X509_get_issuer_name(x), out->issuer, sizeof out->issuer);
	san_text(x, out->san, sizeof out->san);
	time_text(X509_get0_notBefore(x), out->not_before,
	    sizeof out->not_before);
	time_text(X509_get0_notAfter(x), out->not_after, sizeof out->not_after);
	key_text(x, out);
	sigalg_text(x, out->signature_algorithm,
	    sizeof out->signature_algorithm);
	if (EVP_Digest(der, len, md, &mdlen, EVP_sha256(), NULL) == 1 &&
	    mdlen * 2 < sizeof out->sha256) {
		for (i = 0; i < mdlen; i++) {
			out->sha256[2 * i] = hex[md[i] >> 4];
			out->sha256[2 * i + 1] = hex[md[i] & 0xf];
		}
		out->sha256[2 * mdlen] = '\0';
	}
	X509_free(x);
	return ST_OK;
}

enum status
cert_name_from_der(const uint8_t *der, size_t len, char *buf, size_t buflen)
{
	const unsigned char *p = der;
	X509_NAME *name;

	if (buflen > 0)
		buf[0] = '\0';
	if (len > LONG_MAX || (name = d2i_X509_NAME(NULL, &p,
	    (long)len)) == NULL) {
		ERR_clear_error();
		return ST_EPARSE;
	}
	name_text(name, buf, buflen);
	X509_NAME_free(name);
	return ST_OK;
}
