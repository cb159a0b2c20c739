/*
 * test_cert.c: cert_summary_from_der on certificates made here with
 * OpenSSL (every field checked), on every truncation of their DER and on
 * corrupted copies, which must come back as ST_EPARSE or ST_OK, never a
 * crash or an over-read (run it under valgrind or ASan to see the latter).
 * Names are stored as the server sent them, in UTF-8 with NUL shown as
 * U+2400, and escaped once by the display (fmt_sanitize).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "cert.h"
#include "fmt.h"
#include "result.h"
#include "../tap.h"

static bool
add_ext(X509 *x, int nid, const char *value)
{
	X509V3_CTX v3;
	X509_EXTENSION *ext;
	bool ok;

	X509V3_set_ctx(&v3, x, x, NULL, NULL, 0);
	ext = X509V3_EXT_nconf_nid(NULL, &v3, nid, value);
	if (ext == NULL)
		return false;
	ok = X509_add_ext(x, ext, -1) == 1;
	X509_EXTENSION_free(ext);
	return ok;
}

/* A self-signed certificate with fixed names and times; DER in *der. */
static int
make_der(EVP_PKEY *key, const EVP_MD *md, const char *cn, const char *san,
    unsigned char **der)
{
	X509 *x = X509_new();
	X509_NAME *name;
	int len = -1;

	if (x == NULL)
		return -1;
	X509_set_version(x, X509_VERSION_3);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 4242);
	name = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
	    (const unsigned char *)"Example, Inc.", -1, -1, 0);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
	    (const unsigned char *)cn, -1, -1, 0);
	X509_set_issuer_name(x, name);
	if (ASN1_TIME_set_string(X509_getm_notBefore(x), "20240102030405Z") != 1 ||
	    ASN1_TIME_set_string(X509_getm_notAfter(x), "20341231235959Z") != 1 ||
	    X509_set_pubkey(x, key) != 1)
		goto out;
	if (san != NULL && !add_ext(x, NID_subject_alt_name, san))
		goto out;
	if (X509_sign(x, key, md) <= 0)
		goto out;
	*der = NULL;
	len = i2d_X509(x, der);
out:
	X509_free(x);
	return len;
}

static void
sha256_hex(const unsigned char *der, size_t len, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[32];
	unsigned int mdlen = 0, i;

	EVP_Digest(der, len, md, &mdlen, EVP_sha256(), NULL);
	for (i = 0; i < mdlen && i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 0xf];
	}
	out[64] = '\0';
}

/* Every prefix must be refused or decoded; none may crash. */
static void
truncations(const unsigned char *der, size_t len, const char *what)
{
	struct cert_summary s;
	size_t n, bad = 0, okc = 0;
	enum status st;

	for (n = 0; n < len; n++) {
		/* A copy of exactly n bytes so an over-read is visible. */
		unsigned char *cut = malloc(n ? n : 1);

		memcpy(cut, der, n);
		st = cert_summary_from_der(cut, n, &s);
		if (st == ST_OK)
			okc++;
		else if (st != ST_EPARSE)
			bad++;
		free(cut);
	}
	is_int(bad, 0, "%s: every truncation is ST_EPARSE or ST_OK", what);
	is_int(okc, 0, "%s: no proper prefix decodes", what);
}

/* Flips each byte in turn: decoded or refused, never a crash. */
static void
corruptions(const unsigned char *der, size_t len, const char *what)
{
	struct cert_summary s;
	unsigned char *copy = malloc(len);
	size_t i, bad = 0;
	enum status st;

	for (i = 0; i < len; i++) {
		memcpy(copy, der, len);
		copy[i] ^= 0xff;
		st = cert_summary_from_der(copy, len, &s);
		if (st != ST_OK && st != ST_EPARSE)
			bad++;
		/* Whatever decoded must still be terminated text. */
		if (st == ST_OK && (memchr(s.subject, 0, sizeof s.subject) ==
		    NULL || memchr(s.san, 0, sizeof s.san) == NULL))
			bad++;
	}
	is_int(bad, 0, "%s: every one-byte corruption handled", what);
	free(copy);
}

/* Server bytes, NUL included, as an ASN1_STRING of the given type. */
static ASN1_STRING *
raw_string(int type, const char *bytes, size_t len)
{
	ASN1_STRING *a = ASN1_STRING_type_new(type);

	if (a != NULL && ASN1_STRING_set(a, bytes, (int)len) != 1) {
		ASN1_STRING_free(a);
		a = NULL;
	}
	return a;
}

/* An entry of raw bytes of type, in a new RDN (set 0) or the last one
 * (set -1). */
static bool
add_raw_entry(X509_NAME *name, const char *field, int type, const char *bytes,
    size_t len, int set)
{
	ASN1_OBJECT *obj = OBJ_txt2obj(field, 0);
	X509_NAME_ENTRY *ne = NULL;
	bool ok = false;

	if (obj != NULL)
		ne = X509_NAME_ENTRY_create_by_OBJ(NULL, obj, type,
		    (const unsigned char *)bytes, (int)len);
	if (ne != NULL)
		ok = X509_NAME_add_entry(name, ne, -1, set) == 1;
	X509_NAME_ENTRY_free(ne);
	ASN1_OBJECT_free(obj);
	return ok;
}

/* A self-signed certificate with subject and issuer name and, if
 * san_len > 0, one DNS SAN of raw bytes; DER in *der. */
static int
make_named_der(EVP_PKEY *key, const X509_NAME *name, const char *san,
    size_t san_len, unsigned char **der)
{
	X509 *x = X509_new();
	GENERAL_NAMES *gens = NULL;
	GENERAL_NAME *g = NULL;
	ASN1_IA5STRING *ia5;
	int len = -1;

	if (x == NULL)
		return -1;
	X509_set_version(x, X509_VERSION_3);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 4343);
	if (X509_set_subject_name(x, name) != 1 ||
	    X509_set_issuer_name(x, name) != 1 ||
	    ASN1_TIME_set_string(X509_getm_notBefore(x),
	    "20240102030405Z") != 1 ||
	    ASN1_TIME_set_string(X509_getm_notAfter(x),
	    "20341231235959Z") != 1 ||
	    X509_set_pubkey(x, key) != 1)
		goto out;
	if (san_len > 0) {
		gens = sk_GENERAL_NAME_new_null();
		g = GENERAL_NAME_new();
		ia5 = raw_string(V_ASN1_IA5STRING, san, san_len);
		if (gens == NULL || g == NULL || ia5 == NULL) {
			ASN1_STRING_free(ia5);
			goto out;
		}
		GENERAL_NAME_set0_value(g, GEN_DNS, ia5);
		if (sk_GENERAL_NAME_push(gens, g) <= 0)
			goto out;
		g = NULL;
		if (X509_add1_ext_i2d(x, NID_subject_alt_name, gens, 0, 0) != 1)
			goto out;
	}
	if (X509_sign(x, key, EVP_sha256()) <= 0)
		goto out;
	*der = NULL;
	len = i2d_X509(x, der);
out:
	GENERAL_NAME_free(g);
	GENERAL_NAMES_free(gens);
	X509_free(x);
	return len;
}

/* The summary of a certificate named name (and san), or a failed test. */
static bool
summary_of(EVP_PKEY *key, const X509_NAME *name, const char *san,
    size_t san_len, struct cert_summary *s, const char *what)
{
	unsigned char *der = NULL;
	int len = make_named_der(key, name, san, san_len, &der);
	bool ok;

	ok = len > 0 && cert_summary_from_der(der, (size_t)len, s) == ST_OK;
	tap_ok(ok, "%s: made and decoded", what);
	OPENSSL_free(der);
	return ok;
}

/* True if s holds no escape of ours or of RFC 2253 (a backslash). */
static bool
no_backslash(const char *s)
{
	return strchr(s, '\\') == NULL;
}

/*
 * Names stored as received: a comma and UTF-8 as they are, controls raw
 * (fmt_sanitize escapes them once), NUL as U+2400 in a name and a SAN,
 * multi-valued RDNs with "+", unknown attributes by OID, BMPString in
 * UTF-8, and a cut that keeps whole characters.
 */
static void
names_as_received(EVP_PKEY *key)
{
	static const char nul_host[] = "good.example\0.evil.example";
	struct cert_summary s;
	X509_NAME *name;
	char shown[4 * RESULT_TEXT_MAX];
	char longcn[200 * 2 + 1];
	size_t i;

	/* A comma in the CN, UTF-8 in O=. */
	name = X509_NAME_new();
	X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
	    (const unsigned char *)"M\xc3\xbcller GmbH", -1, -1, 0);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
	    (const unsigned char *)"shop, Inc.", -1, -1, 0);
	if (summary_of(key, name, NULL, 0, &s, "comma and UTF-8")) {
		is_str(s.subject, "CN=shop, Inc.,O=M\xc3\xbcller GmbH",
		    "CN with a comma as-is, O= kept in UTF-8");
		is_str(s.issuer, s.subject, "issuer the same form");
		fmt_sanitize(s.subject, shown, sizeof shown, true);
		is_str(shown, s.subject, "UTF-8 terminal: shown unchanged");
		fmt_sanitize(s.subject, shown, sizeof shown, false);
		is_str(shown, "CN=shop, Inc.,O=M\\xc3\\xbcller GmbH",
		    "ASCII output: the two bytes of u-umlaut escaped once");
	}
	X509_NAME_free(name);

	/* Control bytes: raw in the summary, escaped once when shown. */
	name = X509_NAME_new();
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
	    (const unsigned char *)"evil\x1b[2J\x1b]52;c;aGk=\x07x", -1, -1,
	    0);
	if (summary_of(key, name, NULL, 0, &s, "control bytes")) {
		is_str(s.subject, "CN=evil\x1b[2J\x1b]52;c;aGk=\x07x",
		    "control bytes kept raw in the stored subject");
		ok(no_backslash(s.subject), "stored subject has no escapes");
		fmt_sanitize(s.subject, shown, sizeof shown, true);
		is_str(shown, "CN=evil\\x1b[2J\\x1b]52;c;aGk=\\x07x",
		    "fmt_sanitize escapes them once");
		ok(strstr(shown, "x5c") == NULL, "nothing escaped twice");
	}
	X509_NAME_free(name);

	/* NUL in a name and in a SAN: U+2400, nothing after it lost. */
	name = X509_NAME_new();
	ok(add_raw_entry(name, "CN", V_ASN1_UTF8STRING, nul_host,
	    sizeof nul_host - 1, 0), "CN with a NUL added");
	if (summary_of(key, name, nul_host, sizeof nul_host - 1, &s,
	    "embedded NUL")) {
		is_str(s.subject, "CN=good.example\xe2\x90\x80.evil.example",
		    "NUL in the CN shown as U+2400, the suffix kept");
		is_str(s.san, "DNS:good.example\xe2\x90\x80.evil.example",
		    "NUL in a SAN shown as U+2400, the suffix kept");
		fmt_sanitize(s.san, shown, sizeof shown, false);
		is_str(shown, "DNS:good.example\\xe2\\x90\\x80.evil.example",
		    "ASCII output: U+2400 as its three bytes");
	}
	X509_NAME_free(name);

	/* A multi-valued RDN, an attribute OpenSSL has no name for, and a
	 * BMPString (UCS-2, big-endian). */
	name = X509_NAME_new();
	X509_NAME_add_entry_by_txt(name, "C", MBSTRING_ASC,
	    (const unsigned char *)"DE", -1, -1, 0);
	X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
	    (const unsigned char *)"Ops", -1, -1, 0);
	ok(add_raw_entry(name, "OU", V_ASN1_BMPSTRING, "\0Z\0o\0\xeb", 6,
	    -1), "OU joined to O's RDN");
	ok(add_raw_entry(name, "1.3.6.1.4.1.99999.1", V_ASN1_UTF8STRING,
	    "x", 1, 0), "unknown attribute added");
	if (summary_of(key, name, NULL, 0, &s, "multi-valued RDN")) {
		is_str(s.subject,
		    "1.3.6.1.4.1.99999.1=x,OU=Zo\xc3\xab+O=Ops,C=DE",
		    "reversed RDNs, '+' inside one, OID, BMPString in UTF-8");
	}
	X509_NAME_free(name);

	/* Longer than the field: cut after a whole UTF-8 character. */
	for (i = 0; i < 200; i++)
		memcpy(longcn + 2 * i, "\xc3\xa9", 2);	/* U+00E9 */
	longcn[400] = '\0';
	name = X509_NAME_new();
	/* raw: the string table would refuse a CN over 64 characters */
	ok(add_raw_entry(name, "CN", V_ASN1_UTF8STRING, longcn, 400, 0),
	    "400-byte CN added");
	if (summary_of(key, name, NULL, 0, &s, "long UTF-8 name")) {
		ok(strlen(s.subject) < sizeof s.subject &&
		    strlen(s.subject) > sizeof s.subject - 8,
		    "cut near the field's end (%zu bytes)", strlen(s.subject));
		ok(strlen(s.subject) >= 3 && strcmp(s.subject +
		    strlen(s.subject) - 3, "...") == 0, "cut marked with ...");
		fmt_sanitize(s.subject, shown, sizeof shown, true);
		is_str(shown, s.subject, "cut between whole characters");
	}
	X509_NAME_free(name);
}

int
main(void)
{
	struct cert_summary s;
	EVP_PKEY *ec, *rsa;
	unsigned char *der = NULL, *der2 = NULL, *der3 = NULL;
	unsigned char *padded;
	char want[65], longcn[80], longsan[4096];
	int len, len2, len3;
	size_t i;

	ec = EVP_EC_gen("P-256");
	rsa = EVP_RSA_gen(2048);
	if (ec == NULL || rsa == NULL)
		return tap_bail("cannot generate keys");

	/* 1. EC key, SANs of both kinds. */
	len = make_der(ec, EVP_sha256(), "test.example",
	    "DNS:test.example,DNS:www.test.example,IP:192.0.2.1,"
	    "IP:2001:db8::1,email:ops@test.example", &der);
	ok(len > 0, "made an EC certificate");
	is_int(cert_summary_from_der(der, (size_t)len, &s), ST_OK,
	    "EC certificate decodes");
	is_str(s.subject, "CN=test.example,O=Example, Inc.",
	    "subject: last RDN first, the comma in O= as received");
	is_str(s.issuer, s.subject, "self-signed: issuer is subject");
	is_str(s.san, "DNS:test.example, DNS:www.test.example, IP:192.0.2.1, "
	    "IP:2001:db8::1, email:ops@test.example", "SAN list");
	is_str(s.not_before, "2024-01-02T03:04:05Z", "notBefore");
	is_str(s.not_after, "2034-12-31T23:59:59Z", "notAfter");
	is_str(s.key_type, "EC", "key type EC");
	is_int(s.key_bits, 256, "EC key bits");
	is_str(s.signature_algorithm, "ecdsa-with-SHA256", "EC signature");
	sha256_hex(der, (size_t)len, want);
	is_str(s.sha256, want, "SHA-256 of the DER");
	is_int(strlen(s.sha256), 64, "SHA-256 is 64 hex digits");

	/* 2. RSA key, no SAN, SHA-384. */
	len2 = make_der(rsa, EVP_sha384(), "rsa.example", NULL, &der2);
	ok(len2 > 0, "made an RSA certificate");
	is_int(cert_summary_from_der(der2, (size_t)len2, &s), ST_OK,
	    "RSA certificate decodes");
	is_str(s.key_type, "RSA", "key type RSA");
	is_int(s.key_bits, 2048, "RSA key bits");
	is_str(s.signature_algorithm, "sha384WithRSAEncryption",
	    "RSA signature");
	is_str(s.san, "", "no SAN: empty");
	is_str(s.subject, "CN=rsa.example,O=Example, Inc.", "RSA subject");

	/* 3. Names longer than the fields: cut with a visible mark. */
	memset(longcn, 'a', 60);
	longcn[60] = '\0';
	strcpy(longsan, "DNS:x.example");
	for (i = 0; i < 20; i++) {
		strcat(longsan, ",DNS:");
		strcat(longsan, longcn);
		strcat(longsan, ".example");
	}
	len3 = make_der(ec, EVP_sha256(), longcn, longsan, &der3);
	ok(len3 > 0, "made a certificate with many long SANs");
	is_int(cert_summary_from_der(der3, (size_t)len3, &s), ST_OK,
	    "long-SAN certificate decodes");
	ok(strlen(s.san) < sizeof s.san, "SAN text fits its field");
	ok(strlen(s.san) >= 3 &&
	    strcmp(s.san + strlen(s.san) - 3, "...") == 0,
	    "cut SAN list ends in ...");
	ok(strncmp(s.san, "DNS:x.example, DNS:aaaa", 23) == 0,
	    "cut SAN list starts with the first names");

	/* 4. Names as the server sent them. */
	names_as_received(ec);

	/* 5. Bad input. */
	is_int(cert_summary_from_der(NULL, 0, &s), ST_EPARSE, "NULL");
	is_int(cert_summary_from_der(der, 0, &s), ST_EPARSE, "zero length");
	is_int(cert_summary_from_der((const uint8_t *)"hello", 5, &s),
	    ST_EPARSE, "not DER");
	padded = malloc((size_t)len + 1);
	memcpy(padded, der, (size_t)len);
	padded[len] = 0;
	is_int(cert_summary_from_der(padded, (size_t)len + 1, &s), ST_EPARSE,
	    "trailing byte after the certificate");
	free(padded);
	truncations(der, (size_t)len, "EC cert");
	truncations(der2, (size_t)len2, "RSA cert");
	corruptions(der, (size_t)len, "EC cert");

	OPENSSL_free(der);
	OPENSSL_free(der2);
	OPENSSL_free(der3);
	EVP_PKEY_free(ec);
	EVP_PKEY_free(rsa);
	return tap_done();
}
