/*
 * profile_match.c: the nearest shipped profile to a captured hello.
 *
 * Caller: capture.c (main thread), which gives a captured profile the
 * policy of the library it was recognised as; and the tests. A library
 * shows in what applications rarely change: the extension order, the
 * signature algorithms and groups it offers and its byte-level habits
 * (OpenSSL sends three point formats and pads to 512 bytes, Go one
 * format and no padding, Chromium GREASE). Suites weigh less: they are
 * the setting applications change most (PHP and urllib3 bring their own
 * lists to OpenSSL). Pure; any thread.
 */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile_match.h"
#include "tls_names.h"
#include "xmem.h"

/* Weights of the parts of profile_similarity; they sum to 1. */
#define W_EXTENSIONS	0.25
#define W_SIGALGS	0.25
#define W_GROUPS	0.15
#define W_SUITES	0.15
#define W_SHARES	0.05
#define W_HABIT		0.03	/* each of five byte-level habits */

#define CONF_CERTAIN	0.90
#define CONF_LEAD	0.05
#define CONF_LIKELY	0.75
#define CONF_WEAK	0.50

/* v without GREASE values, into a new array; *n_out its length. */
static uint16_t *
no_grease(const uint16_t *v, size_t n, size_t *n_out)
{
	uint16_t *o = xreallocarray(NULL, n > 0 ? n : 1, sizeof *o);
	size_t i;

	*n_out = 0;
	for (i = 0; i < n; i++)
		if (!tls_is_grease(v[i]))
			o[(*n_out)++] = v[i];
	return o;
}

/* 2 * LCS(a, b) / (na + nb); 1 when both are empty. */
static double
ordered_sim(const uint16_t *a0, size_t na0, const uint16_t *b0, size_t nb0)
{
	uint16_t *a, *b;
	unsigned *row;
	size_t na, nb, i, j;
	unsigned diag, up, lcs;

	a = no_grease(a0, na0, &na);
	b = no_grease(b0, nb0, &nb);
	if (na + nb == 0) {
		free(a);
		free(b);
		return 1.0;
	}
	/* One row of the LCS table (lists are at most PROFILE_MAX_LIST). */
	row = xreallocarray(NULL, nb + 1, sizeof *row);
	memset(row, 0, (nb + 1) * sizeof *row);
	for (i = 0; i < na; i++) {
		diag = 0;
		for (j = 0; j < nb; j++) {
			up = row[j + 1];
			if (a[i] == b[j])
				row[j + 1] = diag + 1;
			else if (row[j] > row[j + 1])
				row[j + 1] = row[j];
			diag = up;
		}
	}
	lcs = row[nb];
	free(row);
	free(a);
	free(b);
	return 2.0 * (double)lcs / (double)(na + nb);
}

/* 2 * |a ∩ b| / (|a| + |b|), order ignored (shuffled extensions). */
static double
set_sim(const uint16_t *a0, size_t na0, const uint16_t *b0, size_t nb0)
{
	uint16_t *a, *b;
	size_t na, nb, i, j, common = 0;

	a = no_grease(a0, na0, &na);
	b = no_grease(b0, nb0, &nb);
	for (i = 0; i < na; i++)
		for (j = 0; j < nb; j++)
			if (a[i] == b[j]) {
				common++;
				break;
			}
	free(a);
	free(b);
	return na + nb == 0 ? 1.0 : 2.0 * (double)common / (double)(na + nb);
}

static bool
bytes_eq(const uint8_t *a, size_t na, const uint8_t *b, size_t nb)
{
	return na == nb && (na == 0 || memcmp(a, b, na) == 0);
}

/* One habit in an extension body: alike when both send the extension
 * with the same body, or neither sends it (the profile then holds a
 * default, not something the client sent). */
static bool
habit_eq(const struct profile *a, const struct profile *b, uint16_t ext,
    const uint8_t *va, size_t na, const uint8_t *vb, size_t nb)
{
	bool ha = profile_has_extension(a, ext);
	bool hb = profile_has_extension(b, ext);

	if (ha != hb)
		return false;
	return !ha || bytes_eq(va, na, vb, nb);
}

static uint16_t
record_version(const struct profile *p)
{
	return p->record_version != 0 ? p->record_version : 0x0301;
}

double
profile_similarity(const struct profile *a, const struct profile *b)
{
	double s = 0;

	if (a->shuffle_extensions || b->shuffle_extensions)
		s += W_EXTENSIONS * set_sim(a->extensions, a->n_extensions,
		    b->extensions, b->n_extensions);
	else
		s += W_EXTENSIONS * ordered_sim(a->extensions,
		    a->n_extensions, b->extensions, b->n_extensions);
	s += W_SIGALGS * ordered_sim(a->sigalgs, a->n_sigalgs, b->sigalgs,
	    b->n_sigalgs);
	s += W_GROUPS * ordered_sim(a->groups, a->n_groups, b->groups,
	    b->n_groups);
	s += W_SUITES * ordered_sim(a->suites, a->n_suites, b->suites,
	    b->n_suites);
	s += W_SHARES * ordered_sim(a->key_shares, a->n_key_shares,
	    b->key_shares, b->n_key_shares);
	s += W_HABIT * habit_eq(a, b, TLS_EXT_EC_POINT_FORMATS,
	    a->ec_point_formats, a->n_ec_point_formats, b->ec_point_formats,
	    b->n_ec_point_formats);
	s += W_HABIT * habit_eq(a, b, TLS_EXT_PSK_MODES, a->psk_modes,
	    a->n_psk_modes, b->psk_modes, b->n_psk_modes);
	s += W_HABIT * (a->padding == b->padding);
	s += W_HABIT * (a->grease == b->grease);
	s += W_HABIT * (record_version(a) == record_version(b));
	return s;
}

/*
 * The library text without its patch release: "OpenSSL 3.0.16 (bundled,
 * static)" and "OpenSSL 3.0.19 (bundled, static)" are one library (Node
 * 18 and 20 send the same hello), "OpenSSL 3.0.19 (Debian 12 libssl3)"
 * another. The first "N.N.X" loses ".X" up to the next blank.
 */
static void
library_key(const char *lib, char *out, size_t len)
{
	const char *p = lib, *q;
	size_t n;

	while (*p != '\0' && !(*p >= '0' && *p <= '9'))
		p++;
	q = p;
	while (*q >= '0' && *q <= '9')
		q++;
	if (q > p && *q == '.' && q[1] >= '0' && q[1] <= '9') {
		q++;
		while (*q >= '0' && *q <= '9')
			q++;
		if (*q == '.') {
			n = (size_t)(q - lib);
			while (*q != '\0' && *q != ' ')
				q++;
			snprintf(out, len, "%.*s%s", (int)n, lib, q);
			return;
		}
	}
	snprintf(out, len, "%s", lib);
}

bool
profile_same_library(const struct profile *a, const struct profile *b)
{
	char ka[256], kb[256];

	library_key(a->library, ka, sizeof ka);
	library_key(b->library, kb, sizeof kb);
	return strcmp(ka, kb) == 0;
}

/* A minimum key size as applied: 0 means the security level's
 * (SSL_CTX_set_security_level(3): 80, 112, 128, 192, 256 bits of
 * security, so RSA and DH 1024, 2048, 3072, 7680, 15360). */
static unsigned
effective_bits(unsigned bits, int level)
{
	static const unsigned by_level[] = { 0, 1024, 2048, 3072, 7680,
	    15360 };

	if (bits != 0 || level < 0 || level > 5)
		return bits;
	return by_level[level];
}

/* The keys profile_match_inherit takes from the nearest profile agree. */
static bool
same_policy(const struct profile *a, const struct profile *b)
{
	return a->security_level == b->security_level &&
	    effective_bits(a->min_rsa_bits, a->security_level) ==
	    effective_bits(b->min_rsa_bits, b->security_level) &&
	    effective_bits(a->min_dh_bits, a->security_level) ==
	    effective_bits(b->min_dh_bits, b->security_level) &&
	    a->sha1_certificates == b->sha1_certificates &&
	    a->legacy_signatures == b->legacy_signatures;
}

void
profile_match(const struct profile *p, const struct profile *const *set,
    size_t n, struct profile_match *m)
{
	double *score;
	size_t i;

	memset(m, 0, sizeof *m);
	if (n == 0)
		return;
	score = xreallocarray(NULL, n, sizeof *score);
	for (i = 0; i < n; i++) {
		score[i] = set[i] == p ? -1 : profile_similarity(p, set[i]);
		/* Ties go to the first in set order (sorted by id). */
		if (score[i] >= 0 && (m->best == NULL || score[i] > m->score)) {
			m->best = set[i];
			m->score = score[i];
		}
	}
	if (m->best == NULL) {
		free(score);
		return;
	}
	for (i = 0; i < n; i++) {
		if (score[i] < 0)
			continue;
		if (profile_same_library(set[i], m->best))
			m->n_library++;
		if (!same_policy(set[i], m->best) &&
		    (m->rival == NULL || score[i] > m->rival_score)) {
			m->rival = set[i];
			m->rival_score = score[i];
		}
	}
	free(score);
	if (m->score >= CONF_CERTAIN &&
	    m->score - m->rival_score >= CONF_LEAD)
		m->conf = PROFILE_MATCH_CERTAIN;
	else if (m->score >= CONF_LIKELY)
		m->conf = PROFILE_MATCH_LIKELY;
	else if (m->score >= CONF_WEAK)
		m->conf = PROFILE_MATCH_WEAK;
	else
		m->conf = PROFILE_MATCH_NONE;
}

const char *
profile_match_conf_name(enum profile_match_conf c)
{
	switch (c) {
	case PROFILE_MATCH_CERTAIN:	return "certain";
	case PROFILE_MATCH_LIKELY:	return "likely";
	case PROFILE_MATCH_WEAK:	return "weak";
	case PROFILE_MATCH_NONE:	break;
	}
	return "none";
}

/* Majority of the library's profiles for one yes/no key; ties: dflt. */
static bool
vote(const struct profile_match *m, const struct profile *const *set,
    size_t n, size_t off, bool dflt, size_t *yes, size_t *all)
{
	bool v;
	size_t i;

	*yes = *all = 0;
	for (i = 0; i < n; i++) {
		if (!profile_same_library(set[i], m->best))
			continue;
		memcpy(&v, (const char *)set[i] + off, sizeof v);
		*yes += v;
		(*all)++;
	}
	if (2 * *yes == *all)
		return dflt;
	return 2 * *yes > *all;
}

/* A score as a whole percentage: no locale's decimal point in a note. */
static int
percent(double s)
{
	return (int)(s * 100 + 0.5);
}

char *
profile_match_inherit(struct profile *p, const struct profile_match *m,
    const struct profile *const *set, size_t n)
{
	const struct profile *b = m->best;
	size_t vy, va, hy, ha, sy, sa;
	char rival[256];

	if (m->conf == PROFILE_MATCH_NONE || b == NULL)
		return NULL;
	p->security_level = b->security_level;
	p->min_rsa_bits = b->min_rsa_bits;
	p->min_dh_bits = b->min_dh_bits;
	p->sha1_certificates = b->sha1_certificates;
	p->legacy_signatures = b->legacy_signatures;
	p->verify_peer = vote(m, set, n, offsetof(struct profile,
	    verify_peer), true, &vy, &va);
	p->check_hostname = vote(m, set, n, offsetof(struct profile,
	    check_hostname), true, &hy, &ha);
	p->strict_x509 = vote(m, set, n, offsetof(struct profile,
	    strict_x509), false, &sy, &sa);
	if (p->library[0] == '\0' && m->conf >= PROFILE_MATCH_LIKELY) {
		free(p->library);
		p->library = xstrdup(b->library);
	}
	if (m->rival != NULL)
		snprintf(rival, sizeof rival, "; the nearest with another "
		    "policy is %s (%s, level %d) at %d%%", m->rival->id,
		    m->rival->library, m->rival->security_level,
		    percent(m->rival_score));
	else
		rival[0] = '\0';
	return xasprintf("Library inferred from the hello: %s, %s: the "
	    "nearest shipped profile is %s at similarity %d%%%s. From %s: "
	    "security_level %d, min_rsa_bits %u, min_dh_bits %u, "
	    "sha1_certificates %s, legacy_signatures %s. As most of the %zu "
	    "profiles of that library: verify_peer %s (%zu of %zu), "
	    "check_hostname %s (%zu of %zu), strict_x509 %s (%zu of %zu).",
	    b->library, profile_match_conf_name(m->conf), b->id,
	    percent(m->score),
	    rival, b->id, p->security_level, p->min_rsa_bits, p->min_dh_bits,
	    p->sha1_certificates ? "yes" : "no",
	    p->legacy_signatures ? "yes" : "no", m->n_library,
	    p->verify_peer ? "yes" : "no", vy, va,
	    p->check_hostname ? "yes" : "no", hy, ha,
	    p->strict_x509 ? "yes" : "no", sy, sa);
}
