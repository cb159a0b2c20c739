/*
 * whatif_expand.c: the fix preview's room for OpenSSL (whatif.h, issue
 * #16): every cipher string, suite list and group list of a spec
 * expanded by OpenSSL on a scratch SSL_CTX (the same library and system
 * configuration the servers run with here, so "HIGH:!aNULL" and
 * @SECLEVEL mean what they mean to nginx), and which suites and groups
 * OpenSSL here can run at all. Main thread; no network.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "tls_names.h"
#include "whatif.h"
#include "whatif_int.h"
#include "xmem.h"

/* OpenSSL 3.0's groups when none are configured (ssl/t1_lib.c,
 * supported_groups_default): nginx's "ssl_ecdh_curve auto". */
const uint16_t whatif_default_groups[WHATIF_N_DEFAULT_GROUPS] = {
	0x001d, 0x0017, 0x001e, 0x0019, 0x0018,
	0x0100, 0x0101, 0x0102, 0x0103, 0x0104,
};

static bool
is_group_char(int c)
{
	return isalnum(c) || c == '-' || c == '_' || c == ':' || c == '.';
}

/*
 * OpenSSL's own parser on a scratch server context: with tls13 the TLS
 * 1.3 suites of str (SSL_CTX_set_ciphersuites; "" turns them off),
 * otherwise the TLS 1.2 and older suites of the cipher string str
 * (SSL_CTX_set_cipher_list) in the server's order, each with the lowest
 * version it runs at, and the security level str sets.
 */
bool
whatif_expand(struct whatif_spec *s, const char *str, bool tls13, char *why,
    size_t whylen)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
	STACK_OF(SSL_CIPHER) *sk;
	const SSL_CIPHER *c;
	const char *v;
	bool ok = false;
	int i;

	if (ctx == NULL) {
		snprintf(why, whylen, "OpenSSL cannot make a context");
		return false;
	}
	if ((tls13 ? SSL_CTX_set_ciphersuites(ctx, str) :
	    SSL_CTX_set_cipher_list(ctx, str)) != 1) {
		snprintf(why, whylen, tls13 ? "OpenSSL does not know a suite "
		    "in it" : "OpenSSL selects no cipher suite from it");
		goto out;
	}
	if (tls13)
		s->n_suites13 = 0;
	else
		s->n_ciphers = 0;
	sk = SSL_CTX_get_ciphers(ctx);
	for (i = 0; i < sk_SSL_CIPHER_num(sk); i++) {
		c = sk_SSL_CIPHER_value(sk, i);
		v = SSL_CIPHER_get_version(c);
		if ((strcmp(v, "TLSv1.3") == 0) != tls13)
			continue;
		if (tls13 && s->n_suites13 < WHATIF_MAX_SUITES)
			s->suites13[s->n_suites13++] =
			    SSL_CIPHER_get_protocol_id(c);
		if (tls13 || s->n_ciphers >= WHATIF_MAX_SUITES)
			continue;
		s->ciphers[s->n_ciphers] = SSL_CIPHER_get_protocol_id(c);
		s->cipher_min[s->n_ciphers++] = strcmp(v, "TLSv1.2") == 0 ?
		    TLS_VERSION_TLS12 : TLS_VERSION_SSL3;
	}
	if (tls13) {
		s->has_suites13 = true;
	} else {
		s->has_ciphers = true;
		s->has_seclevel = true;
		s->seclevel = SSL_CTX_get_security_level(ctx);
	}
	ok = tls13 || s->n_ciphers > 0;
	if (!ok)
		snprintf(why, whylen, "it selects no TLS 1.2 or older suite");
out:
	SSL_CTX_free(ctx);
	ERR_clear_error();
	return ok;
}

/* A group list as OpenSSL takes it (SSL_CTX_set1_groups_list), each
 * name then mapped to its code; "auto" is OpenSSL's default list. */
bool
whatif_expand_groups(struct whatif_spec *s, const char *str, char *why,
    size_t whylen)
{
	SSL_CTX *ctx;
	char one[64], list[WHATIF_TEXT_MAX];
	const char *p = str, *e;
	uint16_t g;
	size_t n;

	s->n_groups = 0;
	s->has_groups = true;
	if (strcmp(str, "auto") == 0) {
		memcpy(s->groups, whatif_default_groups,
		    sizeof whatif_default_groups);
		s->n_groups = WHATIF_N_DEFAULT_GROUPS;
		return true;
	}
	for (p = str; *p != '\0'; p++)
		if (!is_group_char((unsigned char)*p)) {
			snprintf(why, whylen, "it is not a group list");
			return false;
		}
	/* a copy: the macro casts away const */
	if (strlen(str) >= sizeof list) {
		snprintf(why, whylen, "it is too long");
		return false;
	}
	snprintf(list, sizeof list, "%s", str);
	ctx = SSL_CTX_new(TLS_server_method());
	if (ctx == NULL || SSL_CTX_set1_groups_list(ctx, list) != 1) {
		snprintf(why, whylen, "OpenSSL rejects it");
		SSL_CTX_free(ctx);
		ERR_clear_error();
		return false;
	}
	SSL_CTX_free(ctx);
	ERR_clear_error();
	for (p = str; *p != '\0'; p = *e ? e + 1 : e) {
		e = strchr(p, ':');
		if (e == NULL)
			e = p + strlen(p);
		n = (size_t)(e - p);
		if (n == 0 || n >= sizeof one)
			continue;
		memcpy(one, p, n);
		one[n] = '\0';
		if (!tls_group_parse(one, &g)) {
			snprintf(why, whylen, "group %s has no IANA code here",
			    one);
			return false;
		}
		if (!whatif_has(s->groups, s->n_groups, g) &&
		    s->n_groups < WHATIF_MAX_GROUPS)
			s->groups[s->n_groups++] = g;
	}
	return true;
}

/* The lowest version a TLS 1.2-or-older suite runs at: AEAD and SHA-2
 * MAC suites need TLS 1.2 (RFC 5246 §1.2, RFC 5288). */
uint16_t
whatif_suite_min_version(uint16_t code)
{
	const struct tls_suite *s = tls_suite_by_code(code);

	if (s != NULL && (s->mac == TLS_MAC_AEAD || s->mac == TLS_MAC_SHA256 ||
	    s->mac == TLS_MAC_SHA384))
		return TLS_VERSION_TLS12;
	return TLS_VERSION_SSL3;
}

bool
whatif_suite_usable(uint16_t code)
{
	const struct tls_suite *ts = tls_suite_by_code(code);
	struct whatif_spec *s;
	char list[96], why[96];
	bool ok;

	if (ts == NULL || ts->openssl == NULL)
		return false;
	s = xcalloc(1, sizeof *s);
	snprintf(list, sizeof list, "%s%s", ts->openssl,
	    ts->tls13 ? "" : ":@SECLEVEL=0");
	ok = ts->tls13 ? whatif_expand(s, list, true, why, sizeof why) &&
	    s->n_suites13 == 1 : whatif_expand(s, list, false, why, sizeof why) &&
	    s->n_ciphers == 1;
	free(s);
	return ok;
}

bool
whatif_group_usable(uint16_t group)
{
	struct whatif_spec *s;
	const char *name = tls_group_name(group);
	char why[96];
	bool ok;

	if (name == NULL)
		return false;
	s = xcalloc(1, sizeof *s);
	ok = whatif_expand_groups(s, name, why, sizeof why);
	free(s);
	return ok;
}
