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

/*
 * Every shipped profile against the capture table of
 * shared/reference/client-hellos-raw/README.md: suites (GREASE not
 * listed), extensions (GREASE listed as 'grease'), record version,
 * padding and GREASE, and only the two verified Pythons in the default set.
 */
static const struct {
	const char	*id;
	size_t		 suites, exts;
	uint16_t	 record;
	bool		 padding, grease, in_default;
	size_t		 key_shares;
} shipped[] = {
	{ "python-2.7", 75, 11, 0, true, false, false, 1 },
	{ "python-3.6", 75, 11, 0, true, false, false, 1 },
	{ "python-3.7", 31, 11, 0, true, false, false, 1 },
	{ "python-3.8", 31, 11, 0, true, false, false, 1 },
	{ "python-3.9", 31, 11, 0, true, false, true, 1 },
	{ "python-3.10", 18, 11, 0, true, false, false, 1 },
	{ "python-3.11", 18, 11, 0, true, false, false, 1 },
	{ "python-3.12", 18, 11, 0, true, false, true, 1 },
	{ "python-3.13", 18, 11, 0, true, false, false, 1 },
	{ "node-16", 59, 10, 0, false, false, false, 1 },
	{ "node-18", 59, 10, 0, false, false, false, 1 },
	{ "node-20", 59, 10, 0, false, false, false, 1 },
	{ "node-22", 52, 11, 0, false, false, false, 2 },
	{ "java-17", 37, 12, 0x0303, false, false, false, 2 },
	{ "java-25", 31, 12, 0x0303, false, false, false, 2 },
	{ "curl-7.88", 31, 12, 0, true, false, false, 1 },
	{ "wget-1.21", 29, 13, 0, true, false, false, 2 },
	{ "gnutls-3.7", 29, 13, 0, false, false, false, 2 },
	{ "openssl-3.0", 31, 10, 0, false, false, false, 1 },
	{ "go-1.19", 19, 10, 0, false, false, false, 1 },
	{ "go-1.19-tls", 19, 9, 0, false, false, false, 1 },
	{ "chrome-156", 15, 19, 0, false, true, false, 2 },
	{ "firefox-153", 16, 17, 0, false, false, false, 3 },
};

static const struct profile *
find(const struct profile_set *set, const char *id)
{
	const struct profile *p = profile_set_find(set, id);

	if (p == NULL)
		ok(false, "%s is shipped", id);
	return p;
}

static void
test_shipped_set(void)
{
	struct profile_set set = { NULL, 0 };
	const struct profile *p;
	char dir[4200], err[512] = "";
	size_t i, defaults = 0, bad = 0;

	snprintf(dir, sizeof dir, "%s/data/profiles", top);
	if (profile_set_load_dir(dir, &set, err, sizeof err) != ST_OK) {
		ok(false, "data/profiles loads: %s", err);
		return;
	}
	/* Issue #4: at least 35 clients, each saying where it came from. */
	ok(set.n >= 35, "at least 35 profiles (%zu)", set.n);
	for (i = 0, bad = 0; i < set.n; i++) {
		const char *src = set.v[i]->source;

		if ((strncmp(src, "captured", 8) != 0 &&
		    strncmp(src, "documented", 10) != 0 &&
		    strncmp(src, "emulated", 8) != 0) ||
		    set.v[i]->note[0] == '\0') {
			ok(false, "%s: source says captured, documented or "
			    "emulated, and a note says why", set.v[i]->id);
			bad++;
		}
	}
	is_int(bad, 0, "every profile has its provenance and a note");
	bad = 0;
	for (i = 0; i < NELEM(shipped); i++) {
		if ((p = find(&set, shipped[i].id)) == NULL)
			continue;
		if (p->n_suites != shipped[i].suites ||
		    p->n_extensions != shipped[i].exts ||
		    (p->record_version != 0 ? p->record_version : 0x0301) !=
		    (shipped[i].record != 0 ? shipped[i].record : 0x0301) ||
		    (p->padding == PADDING_F5) != shipped[i].padding ||
		    p->grease != shipped[i].grease ||
		    p->in_default_set != shipped[i].in_default ||
		    p->n_key_shares != shipped[i].key_shares ||
		    p->source[0] == '\0' || p->note[0] == '\0' ||
		    strstr(p->source, "captured") == NULL) {
			ok(false, "%s matches its capture (%zu suites, %zu "
			    "exts)", p->id, p->n_suites, p->n_extensions);
			bad++;
		}
	}
	is_int(bad, 0, "suite, extension and key share counts, record "
	    "version, padding, GREASE, default set, source and note");
	for (i = 0; i < set.n; i++)
		defaults += set.v[i]->in_default_set;
	is_int(defaults, 2, "only python-3.9 and python-3.12 are defaults");

	/* OpenSSL clients send three point formats; the others one. */
	if ((p = find(&set, "curl-7.88")) != NULL)
		ok(p->n_ec_point_formats == 3 && p->n_alpn == 2 &&
		    strcmp(p->alpn[0], "h2") == 0, "curl: 3 point formats, "
		    "ALPN h2 first");
	if ((p = find(&set, "node-22")) != NULL)
		ok(p->extensions[0] == 0xff01 &&
		    p->suites[p->n_suites - 1] != 0x00ff &&
		    p->key_shares[0] == 0x11ec && p->security_level == 1,
		    "node-22: renegotiation_info first, no SCSV, MLKEM, "
		    "level 1");
	if ((p = find(&set, "java-17")) != NULL)
		ok(p->sni == SNI_DOTTED && p->n_sigalgs_cert == 21 &&
		    p->n_ext_data == 1 && p->ext_data[0].type == 0x0011 &&
		    p->ext_data[0].len == 9 && p->n_ec_point_formats == 1,
		    "java-17: dotted SNI, sigalgs_cert, status_request_v2");
	if ((p = find(&set, "java-25")) != NULL)
		ok(p->n_sigalgs == 18 && p->n_sigalgs_cert == 21,
		    "java-25: no SHA-1 in sigalgs, still in sigalgs_cert");
	if ((p = find(&set, "gnutls-3.7")) != NULL)
		ok(p->n_psk_modes == 2 && p->psk_modes[0] == 1 &&
		    p->psk_modes[1] == 0 && p->record_size_limit == 16385 &&
		    p->key_shares[0] == 0x0017, "gnutls: psk modes 1 0, "
		    "record_size_limit, P-256 share first");
	if ((p = find(&set, "chrome-156")) != NULL) {
		ok(p->shuffle_extensions && p->extensions[0] == 0x0a0a &&
		    p->extensions[p->n_extensions - 1] == 0x0a0a,
		    "chrome: shuffled, GREASE first and last");
		ok(p->n_alps == 1 && p->n_cert_compression == 1 &&
		    p->cert_compression[0] == 2 && p->n_ext_data == 1 &&
		    p->ext_data[0].type == 0xca34 &&
		    p->ext_data[0].len == 186, "chrome: ALPS, brotli, "
		    "trust_anchors");
		ok(p->ech_grease.kdf == 1 && p->ech_grease.aead == 1 &&
		    p->ech_grease.n_payload_lens == 4 &&
		    p->ech_grease.payload_lens[3] == 240, "chrome: ECH");
	}
	if ((p = find(&set, "firefox-153")) != NULL)
		ok(p->ech_grease.n_aeads == 2 &&
		    p->ech_grease.n_payload_lens == 1 &&
		    p->ech_grease.payload_lens[0] == 239 &&
		    p->n_delegated_credentials == 4 &&
		    p->n_cert_compression == 3 &&
		    p->record_size_limit == 16385, "firefox: ECH, delegated "
		    "credentials, zlib/brotli/zstd, record_size_limit");
	profile_set_cleanup(&set);
}

static void
test_good_samples(void)
{
	struct profile *p = NULL;
	char path[4200], err[512] = "";
	static const uint16_t suites[] = { 0x1301, 0x0035, 0xff85, 0x00ff };
	static const uint16_t groups[] = { 0x11ec, 0x001d, 0x0017 };
	static const uint16_t exts[] = { 0x0a0a, 0, 16, 0xff01, 0x1234, 28,
	    27, 0x44cd, 50, 34, 0xfe0d, 21, 11, 45, 0x0a0a };
	static const uint16_t vers[] = { 0x0304, 0x0303, 0x0302 };
	static const uint16_t cc[] = { 1, 2, 3, 0x4000 };
	static const uint8_t comp[] = { 1, 0 }, ecpf[] = { 0, 1, 2 };
	static const uint8_t psk[] = { 1, 0 }, alpn_body[] = { 0, 3, 2, 'h',
	    '2' };

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
	    "extensions by alias and unregistered hex, grease twice");
	is_int(p->record_version, 0x0303, "record_version");
	is_int(p->legacy_version, 0x0303, "legacy_version from hex");
	is_int(p->session_id_len, 0, "session_id_len 0");
	ok(p->n_compression == 2 && memcmp(p->compression, comp, 2) == 0,
	    "compression by name, in order");
	ok(p->n_sigalgs_cert == 2 && p->sigalgs_cert[0] == 0x0201 &&
	    p->sigalgs_cert[1] == 0x0203, "sigalgs_cert");
	ok(p->n_ec_point_formats == 3 &&
	    memcmp(p->ec_point_formats, ecpf, 3) == 0,
	    "ec_point_formats by name, hex and decimal");
	ok(p->n_psk_modes == 2 && memcmp(p->psk_modes, psk, 2) == 0,
	    "psk_modes");
	ok(same_list(p->cert_compression, p->n_cert_compression, cc,
	    NELEM(cc)), "cert_compression names (any case) and codes");
	is_int(p->record_size_limit, 16385, "record_size_limit");
	is_int(p->padding, PADDING_F5, "padding f5");
	ok(p->grease && p->shuffle_extensions, "grease, shuffle");
	ok(p->n_alps == 2 && strcmp(p->alps[0], "h2") == 0 &&
	    strcmp(p->alps[1], "h3") == 0, "alps across a continuation");
	ok(p->n_delegated_credentials == 2 &&
	    p->delegated_credentials[1] == 0x0203, "delegated_credentials");
	ok(p->n_ext_data == 3 && p->ext_data[0].type == 0x1234 &&
	    p->ext_data[0].len == 2 && p->ext_data[0].data[0] == 0x00 &&
	    p->ext_data[0].data[1] == 0xff, "ext_data 0x1234:00ff");
	ok(p->n_ext_data == 3 && p->ext_data[1].type == 0xff01 &&
	    p->ext_data[1].len == 0, "ext_data with an empty body");
	ok(p->n_ext_data == 3 && p->ext_data[2].type == 16 &&
	    p->ext_data[2].len == sizeof alpn_body &&
	    memcmp(p->ext_data[2].data, alpn_body, sizeof alpn_body) == 0,
	    "ext_data by extension alias");
	ok(p->ech_grease.kdf == 1 && p->ech_grease.aead == 1 &&
	    p->ech_grease.n_aeads == 2 && p->ech_grease.aeads[1] == 3,
	    "ech_grease kdf and aeads, items in any order");
	ok(p->ech_grease.n_payload_lens == 2 &&
	    p->ech_grease.payload_lens[0] == 144 &&
	    p->ech_grease.payload_lens[1] == 176, "ech_grease payloads");
	ok(!p->in_default_set, "default = no");
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
	ok(p->record_version == 0 && p->legacy_version == 0 &&
	    p->session_id_len == 32, "byte-level defaults: 0, 0, 32");
	ok(p->n_compression == 1 && p->compression[0] == 0 &&
	    p->n_ec_point_formats == 1 && p->ec_point_formats[0] == 0 &&
	    p->n_psk_modes == 1 && p->psk_modes[0] == 1,
	    "defaults: compression {0}, point formats {0}, psk_modes {1}");
	ok(p->padding == PADDING_NONE && !p->grease &&
	    !p->shuffle_extensions && p->record_size_limit == 0 &&
	    p->n_ext_data == 0 && p->n_alps == 0 &&
	    p->ech_grease.n_payload_lens == 0, "absent extras are off");
	ok(p->in_default_set, "absent default: in the default set");
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
	test_shipped_set();
	test_good_samples();
	test_bad_samples();
	test_limits();
	test_fuzzish();
	test_load_file_errors();
	test_load_dir();
	return tap_done();
}
