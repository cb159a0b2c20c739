/*
 * whatif_int.h: what the fix preview's engine files share, seen by
 * src/whatif*.c alone: whatif_spec.c reads specs, whatif_expand.c has
 * OpenSSL expand their cipher strings and group lists, whatif_lines.c
 * writes specs back as lines, whatif.c applies them and predicts. Main
 * thread.
 */
#ifndef TLSMATRIX_WHATIF_INT_H
#define TLSMATRIX_WHATIF_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "whatif.h"

/* OpenSSL 3.0's groups when none are configured (ssl/t1_lib.c,
 * supported_groups_default): nginx's "ssl_ecdh_curve auto"; the first
 * five are the elliptic curves. */
#define WHATIF_N_DEFAULT_GROUPS	10
extern const uint16_t whatif_default_groups[WHATIF_N_DEFAULT_GROUPS];

/* Appends a line (and '\n') to buf, bounded; buf NULL: nothing. */
void	whatif_add_line(char *buf, size_t len, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* OpenSSL's own parser on a scratch server context: with tls13 the TLS
 * 1.3 suites of str into s->suites13, otherwise the TLS 1.2 and older
 * suites of the cipher string str into s->ciphers (and the security
 * level it sets). false with why when OpenSSL refuses it or it leaves
 * nothing. */
bool	whatif_expand(struct whatif_spec *s, const char *str, bool tls13,
	    char *why, size_t whylen);
/* A group list as OpenSSL takes it (SSL_CTX_set1_groups_list) into
 * s->groups, each name mapped to its code; "auto" is OpenSSL's default
 * list. false with why when OpenSSL or the registry refuses a name. */
bool	whatif_expand_groups(struct whatif_spec *s, const char *str,
	    char *why, size_t whylen);
/* The versions whose bits (1 << (v & 7)) are set, as an absolute list
 * into s->versions, newest first. */
void	whatif_versions_set(struct whatif_spec *s, uint8_t bits);
/* The lowest version a TLS 1.2-or-older suite runs at. */
uint16_t whatif_suite_min_version(uint16_t code);

/* whatif.c: the certificate found has key type type ("RSA", "EC"). */
bool	whatif_cert_is(const struct server_info *si, const char *type);

#endif
