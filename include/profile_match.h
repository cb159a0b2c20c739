/*
 * profile_match.h: which known client library a ClientHello comes from.
 *
 * A captured hello (capture.h) says what a client sends but not what it
 * accepts. The library behind it does: its security level, key-size
 * floors and verification. profile_match scores the hello against every
 * shipped profile (how alike the extension order, signature algorithms,
 * groups, suites and the byte-level habits are), names the nearest
 * profile and its library, and how sure that is against the nearest
 * profile of another library; profile_match_inherit then writes that
 * library's policy into the captured profile. Pure; any thread.
 */
#ifndef TLSMATRIX_PROFILE_MATCH_H
#define TLSMATRIX_PROFILE_MATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "profile.h"

/* How sure a match is (profile_match). */
enum profile_match_conf {
	PROFILE_MATCH_NONE = 0,	/* nothing near enough: inherit nothing */
	PROFILE_MATCH_WEAK,	/* the nearest, but not by much */
	PROFILE_MATCH_LIKELY,
	PROFILE_MATCH_CERTAIN,
};

struct profile_match {
	const struct profile	*best;	/* nearest profile; NULL: none */
	double			 score;	/* 0..1, 1: the same hello */
	const struct profile	*rival;	/* nearest with another policy */
	double			 rival_score;
	enum profile_match_conf	 conf;
	size_t			 n_library;	/* profiles of best's library */
};

/*
 * How alike two profiles' hellos are, 0 to 1: a weighted sum of the
 * ordered similarity (2 * longest common subsequence / total length) of
 * extensions, signature algorithms, groups, suites and key shares, and of
 * the byte-level habits (point formats, PSK modes, padding, GREASE, record
 * version). Symmetric; GREASE values are left out.
 */
double		profile_similarity(const struct profile *a,
		    const struct profile *b);

/* One library: the library texts agree but for the patch release
 * ("OpenSSL 3.0.16 (bundled, static)", "OpenSSL 3.0.19 (bundled,
 * static)"). */
bool		profile_same_library(const struct profile *a,
		    const struct profile *b);

/*
 * The nearest of the n profiles in set to p (p itself, by pointer, is
 * skipped), the nearest whose inherited policy differs (the rival: a
 * library that would give p another policy), and the confidence: CERTAIN
 * from 0.90 with a lead of 0.05 over the rival, LIKELY from 0.75, WEAK
 * from 0.50, NONE below.
 */
void		profile_match(const struct profile *p,
		    const struct profile *const *set, size_t n,
		    struct profile_match *m);

/* "certain", "likely", "weak" or "none". */
const char	*profile_match_conf_name(enum profile_match_conf c);

/*
 * Writes the policy of m's library into p: security_level, min_rsa_bits,
 * min_dh_bits, sha1_certificates and legacy_signatures from the nearest
 * profile; verify_peer, check_hostname and strict_x509 as most profiles
 * of that library in set have them (applications, not libraries, turn
 * these off or on: s_client does not verify, Python 3.13 is strict).
 * Sets p->library from the nearest profile when p has none and the match
 * is at least LIKELY. Does nothing
 * for PROFILE_MATCH_NONE. Returns a sentence for the profile's note, which
 * the caller frees (NULL for NONE).
 */
char		*profile_match_inherit(struct profile *p,
		    const struct profile_match *m,
		    const struct profile *const *set, size_t n);

#endif
