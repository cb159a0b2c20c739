/*
 * test_profile.c: the profile file format (profile.c, docs/PROFILES.md).
 *
 * Loads the two shipped profiles and checks them against the captured
 * ClientHellos, runs every sample in tests/data/profiles/bad/ (each names
 * its expected line and message in a first "# expect N: text" line), cuts
 * good files at every length and mutates them byte by byte (a crash or an
 * ASan report fails the run), and checks directory loading.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tap.h"
#include "profile.h"
#include "tls_names.h"

#define NELEM(a) (sizeof (a) / sizeof (a)[0])

static char top[4096];

/* Wire order of the captures py3.12.1_7.json and py3.9.18_4.json. */
static const uint16_t py312_suites[] = {
	0x1302, 0x1303, 0x1301, 0xc02c, 0xc030, 0xc02b, 0xc02f, 0xcca9,
	0xcca8, 0xc024, 0xc028, 0xc023, 0xc027, 0x009f, 0x009e, 0x006b,
	0x0067, 0x00ff,
};
static const uint16_t py39_suites[] = {
	0x1302, 0x1303, 0x1301, 0xc02c, 0xc030, 0x009f, 0xcca9, 0xcca8,
	0xccaa, 0xc02b, 0xc02f, 0x009e, 0xc024, 0xc028, 0x006b, 0xc023,
	0xc027, 0x0067, 0xc00a, 0xc014, 0x0039, 0xc009, 0xc013, 0x0033,
	0x009d, 0x009c, 0x003d, 0x003c, 0x0035, 0x002f, 0x00ff,
};
static const uint16_t py_groups[] = {
	0x001d, 0x0017, 0x001e, 0x0019, 0x0018, 0x0100, 0x0101, 0x0102,
	0x0103, 0x0104,
};
static const uint16_t py_sigalgs[] = {
	0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x0809, 0x080a, 0x080b,
	0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0303, 0x0301,
	0x0302, 0x0402, 0x0502, 0x0602,
};
static const uint16_t py_exts[] = {
	0, 11, 10, 35, 22, 23, 13, 43, 45, 51, 21,
};

/* Reads a whole file into a new buffer; NULL on failure. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		return NULL;
	}
	buf = malloc((size_t)n + 1);
	if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		fclose(f);
		return NULL;
	}
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static bool
same_list(const uint16_t *got, size_t n, const uint16_t *want, size_t wn)
{
	return n == wn && memcmp(got, want, n * sizeof *got) == 0;
}

static bool
starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static void
test_shipped(void)
{
	struct profile *p = NULL, *q = NULL;
	char path[4200], err[512] = "";
	size_t i, rsa_kx = 0, sha1 = 0;
	const struct tls_suite *s;

	snprintf(path, sizeof path, "%s/data/profiles/python-3.12.profile",
	    top);
	is_int(profile_load_file(path, &p, err, sizeof err), ST_OK,
	    "python-3.12 loads");
	if (p == NULL) {
		tap_diag(err);
		return;
	}
	is_str(p->id, "python-3.12", "3.12 id");
	is_str(p->family, "python", "3.12 family");
	is_str(p->runtime, "CPython 3.12.1", "3.12 runtime");
	is_str(p->path, path, "3.12 path recorded");
	is_int(p->n_suites, 18, "3.12: 3 + 14 + SCSV suites");
	ok(same_list(p->suites, p->n_suites, py312_suites,
	    NELEM(py312_suites)), "3.12 suites in captured order");
	for (i = 0; i < p->n_suites; i++) {
		s = tls_suite_by_code(p->suites[i]);
		if (s != NULL && s->kx == TLS_KX_RSA)
			rsa_kx++;
		if (s != NULL && s->mac == TLS_MAC_SHA1)
			sha1++;
	}
	is_int(rsa_kx, 0, "3.12 offers no RSA key exchange");
	is_int(sha1, 0, "3.12 offers no SHA-1 MAC");
	is_int(p->n_versions, 2, "3.12 two versions");
	is_int(p->max_version, TLS_VERSION_TLS13, "3.12 max TLS 1.3");
	is_int(p->min_version, TLS_VERSION_TLS12, "3.12 min TLS 1.2");
	ok(same_list(p->groups, p->n_groups, py_groups, NELEM(py_groups)),
	    "3.12 groups");
	ok(p->n_key_shares == 1 && p->key_shares[0] == 0x001d,
	    "3.12 key share x25519");
	ok(same_list(p->sigalgs, p->n_sigalgs, py_sigalgs, NELEM(py_sigalgs)),
	    "3.12 sigalgs");
	ok(same_list(p->extensions, p->n_extensions, py_exts, NELEM(py_exts)),
	    "3.12 extension order");
	is_int(p->n_alpn, 0, "3.12 no ALPN");
	is_int(p->sni, SNI_HOSTNAME, "3.12 sni hostname");
	is_int(p->security_level, 2, "3.12 security level 2");
	ok(p->verify_peer && p->check_hostname, "3.12 verifies");
	ok(p->min_rsa_bits == 2048 && p->min_dh_bits == 2048,
	    "3.12 2048-bit floors");
	ok(strstr(p->note, "bpo-43998") != NULL, "3.12 note cites bpo-43998");
	ok(strstr(p->source, "python-3.12.hex") != NULL,
	    "3.12 source names the capture");
	ok(profile_offers_tls13(p), "3.12 offers TLS 1.3");

	snprintf(path, sizeof path, "%s/data/profiles/python-3.9.profile",
	    top);
	is_int(profile_load_file(path, &q, err, sizeof err), ST_OK,
	    "python-3.9 loads");
	if (q == NULL) {
		tap_diag(err);
		profile_free(p);
		return;
	}
	is_str(q->id, "python-3.9", "3.9 id");
	is_int(q->n_suites, 31, "3.9: 3 + 27 + SCSV suites");
	ok(same_list(q->suites, q->n_suites, py39_suites,
	    NELEM(py39_suites)), "3.9 suites in captured order");
	ok(q->suites[28] == 0x0035 && q->suites[29] == 0x002f,
	    "3.9 ends with AES256-SHA, AES128-SHA before the SCSV");
	is_int(q->n_versions, 4, "3.9 four versions");
	is_int(q->max_version, TLS_VERSION_TLS13, "3.9 max TLS 1.3");
	is_int(q->min_version, TLS_VERSION_TLS10, "3.9 min TLS 1.0");
	ok(same_list(q->groups, q->n_groups, py_groups, NELEM(py_groups)),
	    "3.9 groups");
	ok(same_list(q->sigalgs, q->n_sigalgs, py_sigalgs, NELEM(py_sigalgs)),
	    "3.9 sigalgs");
	ok(same_list(q->extensions, q->n_extensions, py_exts, NELEM(py_exts)),
	    "3.9 extension order");
	is_int(q->security_level, 2, "3.9 security level 2 (Debian)");
	ok(strstr(q->source, "python-3.9.hex") != NULL,
	    "3.9 source names the capture");
	ok(profile_offers_tls13(q), "3.9 offers TLS 1.3");
	profile_free(p);
	profile_free(q);
}

static void
test_good_samples(void)
{
	struct profile *p = NULL;
	char path[4200], err[512] = "";
	static const uint16_t suites[] = { 0x1301, 0x0035, 0x0a0a, 0x00ff };
	static const uint16_t groups[] = { 0x2a2a, 0x001d, 0x0017 };
	static const uint16_t exts[] = { 0x0a0a, 0, 16, 0xff01, 0x1234 };
	static const uint16_t vers[] = { 0x0304, 0x0303, 0x0302 };

	snprintf(path, sizeof path, "%s/tests/data/profiles/good/full.profile",
	    top);
	is_int(profile_load_file(path, &p, err, sizeof err), ST_OK,
	    "full.profile (CRLF, hex, aliases) loads");
	if (p == NULL) {
		tap_diag(err);
		return;
	}
	is_str(p->id, "full_1.0-x", "id with . _ -");
	is_str(p->name, "Full  profile   (CRLF) \xc3\xa9",
	    "inner spaces and UTF-8 kept, trailing space and CR gone");
	ok(same_list(p->versions, p->n_versions, vers, NELEM(vers)),
	    "versions from hex and TLS1.1");
	ok(p->min_version == 0x0302 && p->max_version == 0x0304, "min/max");
	ok(same_list(p->suites, p->n_suites, suites, NELEM(suites)),
	    "suites from hex, OpenSSL name, GREASE, commas, continuation");
	ok(same_list(p->groups, p->n_groups, groups, NELEM(groups)),
	    "groups with GREASE and OpenSSL aliases");
	ok(p->n_key_shares == 2 && p->key_shares[1] == 0x001d, "key shares");
	ok(p->n_sigalgs == 2 && p->sigalgs[1] == 0x0904, "sigalgs");
	ok(same_list(p->extensions, p->n_extensions, exts, NELEM(exts)),
	    "extensions by alias and unregistered hex");
	ok(p->n_alpn == 2 && strcmp(p->alpn[0], "h2") == 0 &&
	    strcmp(p->alpn[1], "http/1.1") == 0, "alpn h2 http/1.1");
	is_int(p->sni, SNI_DOTTED, "sni dotted");
	is_int(p->security_level, 0, "security level 0");
	ok(!p->verify_peer && !p->check_hostname, "no/false booleans");
	ok(p->min_rsa_bits == 1024 && p->min_dh_bits == 0, "bit floors");
	is_str(p->source, "a#b is not a comment", "# inside a word is text");
	is_str(p->note, "one two three",
	    "continuation joins across blank and comment lines");
	ok(profile_offers_tls13(p), "offers TLS 1.3");
	profile_free(p);

	snprintf(path, sizeof path,
	    "%s/tests/data/profiles/good/minimal.profile", top);
	p = NULL;
	is_int(profile_load_file(path, &p, err, sizeof err), ST_OK,
	    "minimal.profile loads");
	if (p == NULL) {
		tap_diag(err);
		return;
	}
	ok(p->runtime != NULL && p->library != NULL && p->platform != NULL &&
	    p->source != NULL && p->note != NULL && p->runtime[0] == '\0',
	    "absent text keys are empty strings, not NULL");
	ok(p->security_level == 1 && p->verify_peer && p->check_hostname &&
	    p->sni == SNI_HOSTNAME, "defaults: level 1, verify, hostname SNI");
	ok(p->n_groups == 0 && p->n_alpn == 0 && p->n_extensions == 0,
	    "absent lists are empty");
	ok(p->min_version == 0x0303 && p->max_version == 0x0303,
	    "single version is min and max");
	ok(!profile_offers_tls13(p), "TLS 1.2 only: no TLS 1.3");
	profile_free(p);
}

/* Runs one bad sample: it must fail at the line its header names. */
static void
run_bad(const char *dir, const char *name)
{
	char path[8400], want[8500], err[512] = "", msg[256];
	struct profile *p = NULL;
	enum status st;
	unsigned line;
	size_t len;
	char *text;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if ((text = slurp(path, &len)) == NULL ||
	    sscanf(text, "# expect %u: %255[^\n]", &line, msg) != 2) {
		ok(false, "%s: has a '# expect N: text' header", name);
		free(text);
		return;
	}
	st = profile_load_file(path, &p, err, sizeof err);
	snprintf(want, sizeof want, "%s:%u: ", path, line);
	ok(st == ST_EPARSE && p == NULL && starts_with(err, want) &&
	    strstr(err, msg) != NULL, "%s fails at line %u", name, line);
	if (!starts_with(err, want) || strstr(err, msg) == NULL)
		printf("#   got \"%s\"\n#   want \"%s%s\"\n", err, want, msg);
	profile_free(p);

	/* The same bytes through profile_parse, with another origin. */
	p = NULL;
	st = profile_parse(text, len, "mem", &p, err, sizeof err);
	snprintf(want, sizeof want, "mem:%u: ", line);
	ok(st == ST_EPARSE && p == NULL && starts_with(err, want),
	    "%s fails the same way from memory", name);
	free(text);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
test_bad_samples(void)
{
	char dir[4200], *names[256];
	struct dirent *de;
	size_t n = 0, i;
	DIR *d;

	snprintf(dir, sizeof dir, "%s/tests/data/profiles/bad", top);
	if ((d = opendir(dir)) == NULL) {
		ok(false, "open %s: %s", dir, strerror(errno));
		return;
	}
	while ((de = readdir(d)) != NULL && n < NELEM(names)) {
		if (strstr(de->d_name, ".profile") != NULL)
			names[n++] = strdup(de->d_name);
	}
	closedir(d);
	ok(n >= 35, "%zu bad samples found", n);
	qsort(names, n, sizeof *names, cmp_str);
	for (i = 0; i < n; i++) {
		run_bad(dir, names[i]);
		free(names[i]);
	}
}

/* Limits that would make a sample file too big to ship. */
static void
test_limits(void)
{
	static const char head[] = "id = big\nname = B\nfamily = t\n"
	    "versions = TLSv1.2\nsuites = AES128-SHA\nnote = ";
	struct profile *p = NULL;
	char err[512] = "";
	size_t len;
	char *buf;

	/* A line of exactly 64 KiB is fine; one byte more is not. */
	len = sizeof head - 1 + (64 * 1024 - (sizeof "note = " - 1));
	buf = malloc(PROFILE_MAX_FILE + 2);
	memcpy(buf, head, sizeof head - 1);
	memset(buf + sizeof head - 1, 'x', len - (sizeof head - 1));
	is_int(profile_parse(buf, len, "max", &p, err, sizeof err), ST_OK,
	    "a 64 KiB line is accepted");
	ok(p != NULL && strlen(p->note) == 64 * 1024 - 7, "note kept whole");
	profile_free(p);
	p = NULL;
	buf[len] = 'x';
	is_int(profile_parse(buf, len + 1, "long", &p, err, sizeof err),
	    ST_EPARSE, "a longer line is rejected");
	ok(starts_with(err, "long:6: line longer than"), "line 6: %s", err);

	memset(buf, '#', PROFILE_MAX_FILE + 1);
	is_int(profile_parse(buf, PROFILE_MAX_FILE + 1, "huge", &p, err,
	    sizeof err), ST_EPARSE, "a file over PROFILE_MAX_FILE fails");
	ok(starts_with(err, "huge:1: file larger than"), "%s", err);
	ok(p == NULL, "no profile on failure");
	free(buf);

	/* A tiny error buffer is truncated, never overrun. */
	memset(err, 'Z', sizeof err);
	profile_parse("x", 1, "origin", &p, err, 8);
	ok(strlen(err) == 7 && err[8] == 'Z', "error buffer respected");
	ok(profile_parse("x", 1, "origin", &p, NULL, 0) == ST_EPARSE,
	    "NULL error buffer");
}

/* Every prefix and many one-byte mutations of good files must parse or
 * fail cleanly; under ASan an over-read or leak fails the test. */
static void
test_fuzzish(void)
{
	static const char *files[] = {
		"data/profiles/python-3.12.profile",
		"data/profiles/python-3.9.profile",
		"tests/data/profiles/good/full.profile",
	};
	static const char subst[] = { '\0', '\n', ' ', '#', '=', '\xff' };
	char path[4200], err[256];
	struct profile *p;
	size_t f, len, cut, pos, k, okays, fails, weird;
	enum status st;
	char *text, *copy, saved;

	for (f = 0; f < NELEM(files); f++) {
		snprintf(path, sizeof path, "%s/%s", top, files[f]);
		if ((text = slurp(path, &len)) == NULL) {
			ok(false, "read %s", path);
			continue;
		}
		okays = fails = weird = 0;
		for (cut = 0; cut <= len; cut++) {
			/* an exact-size copy, so ASan sees any over-read */
			copy = malloc(cut ? cut : 1);
			memcpy(copy, text, cut);
			p = NULL;
			err[0] = '\0';
			st = profile_parse(copy, cut, "cut", &p, err,
			    sizeof err);
			if (st == ST_OK && p != NULL)
				okays++;
			else if (st == ST_EPARSE && p == NULL &&
			    starts_with(err, "cut:"))
				fails++;
			else
				weird++;
			profile_free(p);
			free(copy);
		}
		is_int(weird, 0, "%s: %zu truncations (%zu parse, %zu fail)",
		    files[f], len + 1, okays, fails);
		ok(okays >= 1 && fails >= 1, "both outcomes seen");

		weird = 0;
		for (pos = 0; pos < len; pos++) {
			saved = text[pos];
			for (k = 0; k < sizeof subst; k++) {
				text[pos] = subst[k];
				p = NULL;
				st = profile_parse(text, len, "mut", &p, err,
				    sizeof err);
				if (!((st == ST_OK && p != NULL) ||
				    (st == ST_EPARSE && p == NULL)))
					weird++;
				profile_free(p);
			}
			text[pos] = saved;
		}
		is_int(weird, 0, "%s: %zu one-byte mutations", files[f],
		    len * sizeof subst);
		free(text);
	}
}

static void
test_load_file_errors(void)
{
	char tmpl[] = "/tmp/test_profile.XXXXXX", path[256], err[512];
	struct profile *p = NULL;
	char *dir;
	FILE *f;
	size_t i;

	is_int(profile_load_file("/nonexistent/x.profile", &p, err,
	    sizeof err), ST_ENOENT, "missing file: ST_ENOENT");
	ok(starts_with(err, "/nonexistent/x.profile: "), "%s", err);
	if ((dir = mkdtemp(tmpl)) == NULL) {
		ok(false, "mkdtemp: %s", strerror(errno));
		return;
	}
	is_int(profile_load_file(dir, &p, err, sizeof err), ST_EINVAL,
	    "a directory is not a profile");

	snprintf(path, sizeof path, "%s/fifo.profile", dir);
	if (mkfifo(path, 0600) == 0) {
		/* would block forever in a naive open()+read() */
		is_int(profile_load_file(path, &p, err, sizeof err),
		    ST_EINVAL, "a FIFO is refused without blocking");
		unlink(path);
	}

	snprintf(path, sizeof path, "%s/big.profile", dir);
	if ((f = fopen(path, "w")) != NULL) {
		for (i = 0; i <= PROFILE_MAX_FILE; i++)
			fputc('#', f);
		fclose(f);
		is_int(profile_load_file(path, &p, err, sizeof err),
		    ST_ERANGE, "an oversized file: ST_ERANGE");
		ok(p == NULL, "no profile for an oversized file");
		unlink(path);
	}

	/* An empty directory has no profiles to offer. */
	{
		struct profile_set set = { NULL, 0 };

		is_int(profile_set_load_dir(dir, &set, err, sizeof err),
		    ST_ENOENT, "empty directory: ST_ENOENT");
		ok(strstr(err, "no *.profile files") != NULL, "%s", err);
	}
	rmdir(dir);
}

static void
test_load_dir(void)
{
	struct profile_set set = { NULL, 0 };
	char dir[4200], err[512] = "";
	enum status st;

	snprintf(dir, sizeof dir, "%s/data/profiles", top);
	is_int(profile_set_load_dir(dir, &set, err, sizeof err), ST_OK,
	    "data/profiles loads");
	if (err[0] != '\0')
		tap_diag(err);
	ok(set.n >= 2, "at least the two python profiles");
	ok(profile_set_find(&set, "python-3.9") != NULL &&
	    profile_set_find(&set, "python-3.12") != NULL &&
	    profile_set_find(&set, "python-2") == NULL, "find by id");
	ok(set.n >= 2 && profile_id_cmp(set.v[0]->id, set.v[1]->id) < 0,
	    "sorted by id");
	ok(profile_id_cmp("python-3.9", "python-3.12") < 0 &&
	    profile_id_cmp("python-3.12", "python-3.9") > 0 &&
	    profile_id_cmp("java-8", "java-17") < 0 &&
	    profile_id_cmp("node-20", "node-20") == 0 &&
	    profile_id_cmp("a", "ab") < 0 && profile_id_cmp("go1.9", "go1.19") < 0,
	    "ids sort by version, not by character");
	profile_set_cleanup(&set);
	ok(set.n == 0 && set.v == NULL, "cleanup empties the set");

	snprintf(dir, sizeof dir, "%s/tests/data/profiles/dir-sort", top);
	is_int(profile_set_load_dir(dir, &set, err, sizeof err), ST_OK,
	    "dir-sort loads");
	is_int(set.n, 3, "hidden and non-.profile files ignored");
	if (set.n == 3) {
		is_str(set.v[0]->id, "alpha", "first by id");
		is_str(set.v[1]->id, "mid", "second by id");
		is_str(set.v[2]->id, "zeta", "third by id");
		ok(strstr(set.v[0]->path, "/b.profile") != NULL,
		    "alpha came from b.profile");
	}
	profile_set_cleanup(&set);

	snprintf(dir, sizeof dir, "%s/tests/data/profiles/dir-dup", top);
	st = profile_set_load_dir(dir, &set, err, sizeof err);
	is_int(st, ST_EINVAL, "duplicate ids rejected");
	ok(strstr(err, "duplicate id 'zeta'") != NULL &&
	    strstr(err, "one.profile") != NULL &&
	    strstr(err, "two.profile") != NULL, "%s", err);
	ok(set.n == 0 && set.v == NULL, "set empty after failure");

	snprintf(dir, sizeof dir, "%s/tests/data/profiles/dir-bad", top);
	st = profile_set_load_dir(dir, &set, err, sizeof err);
	is_int(st, ST_EPARSE, "a bad file fails the whole load");
	ok(strstr(err, "b-bad.profile:5: suites: unknown cipher suite "
	    "'NOPE'") != NULL, "%s", err);
	ok(set.n == 0, "nothing loaded");

	st = profile_set_load_dir("/nonexistent-dir", &set, err, sizeof err);
	is_int(st, ST_ENOENT, "missing directory");
	is_str(profile_sni_name(SNI_DOTTED), "dotted", "sni name");
}

int
main(void)
{
	const char *env = getenv("TOP_SRCDIR");

	snprintf(top, sizeof top, "%s", env != NULL && env[0] != '\0' ?
	    env : SRCDIR);
	test_shipped();
	test_good_samples();
	test_bad_samples();
	test_limits();
	test_fuzzish();
	test_load_file_errors();
	test_load_dir();
	return tap_done();
}
