/*
 * test_profile_match.c: recognising the library behind a hello
 * (profile_match.c).
 *
 * The scorer against the shipped profiles and the captured hellos of
 * tests/data/hello: a profile is identical to itself and alike both ways;
 * every capture's nearest profile is its own (score 1 where the profile
 * rebuilds it); with its own profile left out, a capture whose library
 * has other profiles is still recognised as that library; the Ruby, PHP
 * and Perl hellos (their own profiles left out) are Debian's OpenSSL 3.0
 * at level 2, and inherit its policy (verification by the library's
 * majority, not by s_client, which does not verify); a hello like no
 * client inherits nothing.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "capdata.h"
#include "client_hello.h"
#include "profile.h"
#include "profile_match.h"

#define DEBIAN_OPENSSL	"OpenSSL 3.0.19 (Debian 12 libssl3)"

static char dir[4096], pdir[4096];
static struct profile_set set;

/* The shipped profiles but the one with id skip (NULL: none). */
static const struct profile **
known_but(const char *skip, size_t *n)
{
	const struct profile **v = calloc(set.n + 1, sizeof *v);
	size_t i;

	*n = 0;
	for (i = 0; i < set.n; i++)
		if (skip == NULL || strcmp(set.v[i]->id, skip) != 0)
			v[(*n)++] = set.v[i];
	return v;
}

static struct client_hello *
hello_of(const char *file)
{
	struct client_hello *ch = NULL;
	uint8_t *raw;
	size_t len;
	char err[256];

	if ((raw = cap_read(dir, file, &len)) == NULL)
		return NULL;
	if (client_hello_parse(raw, len, &ch, err, sizeof err) != ST_OK) {
		printf("# %s: %s\n", file, err);
		ch = NULL;
	}
	free(raw);
	return ch;
}

static size_t
library_count(const struct profile *p)
{
	size_t i, n = 0;

	for (i = 0; i < set.n; i++)
		n += profile_same_library(set.v[i], p);
	return n;
}

static void
test_similarity(void)
{
	const struct profile *a = profile_set_find(&set, "python-3.12");
	const struct profile *b = profile_set_find(&set, "go-1.19");
	const struct profile *c = profile_set_find(&set, "python-3.11");
	double ab, ba;

	if (!ok(a != NULL && b != NULL && c != NULL, "profiles found"))
		return;
	ok(profile_similarity(a, a) > 0.9999, "a profile is its own twin");
	ab = profile_similarity(a, b);
	ba = profile_similarity(b, a);
	ok(ab == ba, "symmetric (%.4f, %.4f)", ab, ba);
	ok(ab >= 0 && ab < 0.75, "Python and Go are not alike (%.2f)", ab);
	ok(profile_similarity(a, c) > 0.9,
	    "Python 3.12 and 3.11 are (%.2f)", profile_similarity(a, c));
}

/* Every capture: its own profile is the nearest; left out, its library
 * is still recognised when it has other profiles. */
static void
test_captures(void)
{
	struct profile_match m;
	struct client_hello *ch;
	const struct profile **v, *own;
	char **files, id[256];
	size_t n_files, i, n;

	files = cap_list(dir, &n_files);
	ok(n_files >= 27, "%zu captures", n_files);
	for (i = 0; i < n_files; i++) {
		cap_profile_id(files[i], id, sizeof id);
		own = profile_set_find(&set, id);
		if ((ch = hello_of(files[i])) == NULL || own == NULL) {
			ok(0, "%s: parses and has a profile (%s)", files[i], id);
			client_hello_free(ch);
			continue;
		}
		v = known_but(NULL, &n);
		profile_match(ch->profile, v, n, &m);
		ok(m.best != NULL && profile_same_library(m.best, own),
		    "%s: recognised as %s (nearest %s, %.2f, %s)", files[i],
		    own->library, m.best ? m.best->id : "-", m.score,
		    profile_match_conf_name(m.conf));
		/* Several profiles may send one hello (Python 3.10 to 3.12):
		 * the first by id wins the tie. */
		if (ch->exact && !own->shuffle_extensions && !own->grease)
			ok(m.score > 0.9999 &&
			    profile_similarity(ch->profile, own) > 0.9999,
			    "%s: its own profile is a nearest, score 1",
			    files[i]);
		free(v);
		/* Left out, the nearest may be another release of the
		 * library (go-1.19 without it: go-1.21), never another. */
		if (library_count(own) > 1) {
			v = known_but(id, &n);
			profile_match(ch->profile, v, n, &m);
			ok(m.best != NULL &&
			    strncmp(m.best->library, own->library,
			    strcspn(own->library, " ")) == 0 &&
			    m.conf >= PROFILE_MATCH_LIKELY,
			    "%s without %s: still %s (nearest %s, %.2f, %s)",
			    files[i], id, own->library,
			    m.best ? m.best->id : "-", m.score,
			    profile_match_conf_name(m.conf));
			free(v);
		}
		client_hello_free(ch);
	}
	cap_list_free(files);
}

/* Ruby, PHP and Perl (Debian 12): OpenSSL 3.0 at level 2. */
static void
test_openssl_clients(void)
{
	static const char *const ids[] = { "ruby-3.1", "php-8.2",
	    "perl-io-socket-ssl" };
	struct profile_match m;
	struct client_hello *ch;
	const struct profile **v;
	char file[128], *note;
	size_t i, n;

	for (i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		snprintf(file, sizeof file, "%s.hex", ids[i]);
		if (!ok((ch = hello_of(file)) != NULL, "%s parses", file))
			continue;
		v = known_but(ids[i], &n);
		profile_match(ch->profile, v, n, &m);
		ok(m.best != NULL && strcmp(m.best->library, DEBIAN_OPENSSL)
		    == 0 && m.conf >= PROFILE_MATCH_LIKELY,
		    "%s: Debian's OpenSSL 3.0 (nearest %s, %.2f, %s; rival %s "
		    "%.2f)", ids[i], m.best ? m.best->id : "-", m.score,
		    profile_match_conf_name(m.conf),
		    m.rival ? m.rival->id : "-", m.rival_score);
		ch->profile->security_level = 1;
		ch->profile->verify_peer = false;
		note = profile_match_inherit(ch->profile, &m, v, n);
		ok(note != NULL, "%s: a note", ids[i]);
		is_int(ch->profile->security_level, 2, "%s: level 2", ids[i]);
		is_int((long)ch->profile->min_rsa_bits, 2048,
		    "%s: min_rsa_bits 2048", ids[i]);
		ok(ch->profile->verify_peer && ch->profile->check_hostname &&
		    !ch->profile->strict_x509 &&
		    !ch->profile->sha1_certificates &&
		    !ch->profile->legacy_signatures,
		    "%s: verifies the chain and the name, not strict, "
		    "no SHA-1", ids[i]);
		is_str(ch->profile->library, DEBIAN_OPENSSL,
		    "%s: library set", ids[i]);
		ok(note != NULL && strstr(note, m.best->id) != NULL &&
		    strstr(note, DEBIAN_OPENSSL) != NULL &&
		    strstr(note, profile_match_conf_name(m.conf)) != NULL,
		    "%s: the note names the profile, library and confidence",
		    ids[i]);
		if (note != NULL)
			printf("# %s\n", note);
		free(note);
		free(v);
		client_hello_free(ch);
	}
}

/* A hello like no client: nothing is inherited. */
static void
test_stranger(void)
{
	static const char text[] = "id = stranger\nname = x\nfamily = x\n"
	    "versions = TLSv1.2\nsuites = 0x1301 0x00ff\n"
	    "groups = 0x0300\nsigalgs = 0x0999\n"
	    "extensions = 0x7777\next_data = 0x7777:\n"
	    "ec_point_formats = 7\npsk_modes = psk_ke\n"
	    "record_version = TLSv1.2\nsecurity_level = 0\n";
	struct profile *p = NULL;
	struct profile_match m;
	const struct profile **v;
	char err[256], *note;
	size_t n;

	if (!ok(profile_parse(text, sizeof text - 1, "stranger", &p, err,
	    sizeof err) == ST_OK, "a stranger parses (%s)", err))
		return;
	v = known_but(NULL, &n);
	profile_match(p, v, n, &m);
	is_int(m.conf, PROFILE_MATCH_NONE, "a stranger: no library (%.2f)",
	    m.score);
	note = profile_match_inherit(p, &m, v, n);
	ok(note == NULL && p->security_level == 0, "nothing inherited");
	profile_match(p, NULL, 0, &m);
	ok(m.best == NULL && m.conf == PROFILE_MATCH_NONE,
	    "no known profiles: no match");
	free(v);
	profile_free(p);
}

int
main(void)
{
	const char *top = getenv("TOP_SRCDIR");
	char err[512];

	if (top == NULL || top[0] == '\0')
		top = SRCDIR;
	snprintf(dir, sizeof dir, "%s/tests/data/hello", top);
	snprintf(pdir, sizeof pdir, "%s/data/profiles", top);
	if (profile_set_load_dir(pdir, &set, err, sizeof err) != ST_OK) {
		ok(0, "load %s: %s", pdir, err);
		return tap_done();
	}
	test_similarity();
	test_captures();
	test_openssl_clients();
	test_stranger();
	profile_set_cleanup(&set);
	return tap_done();
}
