/*
 * test_trust.c: the certificate decision's inputs (issue #14): the profile
 * keys of the verification policy (their defaults, their values in the
 * shipped profiles, their errors with file:line) and trust stores read
 * strictly (trust.h: header, count, and an error naming the file and the
 * certificate for each kind of bad input). The decisions themselves run
 * against real servers in tests/e2e/trust_policy.sh.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe.h"
#include "profile.h"
#include "trust.h"

#include "../tap.h"

static char top[4096];

/* A minimal valid profile, then extra lines. */
static enum status
parse_with(const char *extra, struct profile **p, char *err, size_t errlen)
{
	char text[2048];

	snprintf(text, sizeof text, "id = t\nname = T\nfamily = t\n"
	    "versions = TLSv1.3\nsuites = TLS_AES_128_GCM_SHA256\n%s", extra);
	return profile_parse(text, strlen(text), "t.profile", p, err, errlen);
}

static void
test_keys(void)
{
	struct profile *p = NULL;
	char err[256];

	is_int(parse_with("", &p, err, sizeof err), ST_OK, "minimal profile");
	if (p != NULL) {
		ok(p->n_trust_store == 1 &&
		    strcmp(p->trust_store[0], "system") == 0,
		    "default store: system");
		ok(p->trusted_first && !p->aia_fetch && !p->chain_sorted &&
		    p->cn_fallback == CN_NO_DNS_SAN &&
		    p->wildcards == WILDCARD_LABEL && !p->ip_cn &&
		    p->eku_server_auth && p->max_cert_message == 0,
		    "defaults: OpenSSL's client");
		profile_free(p);
	}
	is_int(parse_with("trust_store = node-20 system\ntrusted_first = no\n"
	    "aia_fetch = yes\nchain_order = sorted\ncn_fallback = no-san\n"
	    "wildcards = partial\nip_names = san-or-cn\neku_check = none\n"
	    "max_cert_message = 32768\n", &p, err, sizeof err), ST_OK,
	    "every key set");
	if (p != NULL) {
		ok(p->n_trust_store == 2 &&
		    strcmp(p->trust_store[0], "node-20") == 0 &&
		    strcmp(p->trust_store[1], "system") == 0, "two stores");
		ok(!p->trusted_first && p->aia_fetch && p->chain_sorted &&
		    p->cn_fallback == CN_NO_SAN &&
		    p->wildcards == WILDCARD_PARTIAL && p->ip_cn &&
		    !p->eku_server_auth && p->max_cert_message == 32768,
		    "every value read");
		profile_free(p);
	}
	is_int(parse_with("cn_fallback = always\n", &p, err, sizeof err),
	    ST_OK, "cn_fallback = always parses");
	if (p != NULL) {
		ok(p->cn_fallback == CN_ALWAYS &&
		    strcmp(profile_cn_fallback_name(p->cn_fallback),
		    "always") == 0, "always: the CN beside the SANs too");
		profile_free(p);
		p = NULL;
	}
	is_int(parse_with("cn_fallback = never\nwildcards = none\n", &p, err,
	    sizeof err), ST_OK, "never, none");
	if (p != NULL) {
		ok(p->cn_fallback == CN_NEVER && p->wildcards == WILDCARD_NONE,
		    "never and none read");
		profile_free(p);
	}

	static const struct {
		const char *line, *want;
	} bad[] = {
		{ "cn_fallback = sometimes\n", "t.profile:6: cn_fallback: "
		    "'sometimes' is not no-dns-san, no-san, never or always" },
		{ "wildcards = deep\n", "t.profile:6: wildcards: 'deep'" },
		{ "ip_names = cn\n", "t.profile:6: ip_names: 'cn'" },
		{ "eku_check = client\n", "t.profile:6: eku_check: 'client'" },
		{ "chain_order = random\n", "t.profile:6: chain_order" },
		{ "aia_fetch = maybe\n", "t.profile:6: aia_fetch: 'maybe' is "
		    "not yes or no" },
		{ "trusted_first = 1\n", "t.profile:6: trusted_first" },
		{ "max_cert_message = 99999999\n", "t.profile:6: "
		    "max_cert_message: '99999999'" },
		{ "max_cert_message = -1\n", "t.profile:6: max_cert_message" },
		{ "trust_store = Node/20\n", "t.profile:6: trust_store: "
		    "'Node/20' is not a store id" },
		{ "trust_store = a b c d e\n", "t.profile:6: trust_store: more "
		    "than 4 stores" },
		{ "trust_store =\n", "t.profile:6: trust_store: empty value" },
		{ "trust_store = system\ntrust_store = certifi\n",
		    "t.profile:7: duplicate key 'trust_store'" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		p = NULL;
		err[0] = '\0';
		ok(parse_with(bad[i].line, &p, err, sizeof err) == ST_EPARSE &&
		    p == NULL && strncmp(err, bad[i].want,
		    strlen(bad[i].want)) == 0, "bad '%.*s': %s",
		    (int)strcspn(bad[i].line, "\n"), bad[i].line, err);
		profile_free(p);
	}
	ok(strcmp(profile_cn_fallback_name(CN_NO_SAN), "no-san") == 0 &&
	    strcmp(profile_wildcard_name(WILDCARD_PARTIAL), "partial") == 0,
	    "names of the rules");
}

/* The measured facts (tests/data/trust/FACTS.md of the trust lab) as the
 * shipped profiles say them. */
static void
test_shipped(void)
{
	struct profile_set set = { NULL, 0 };
	const struct profile *p;
	char dir[4200], err[512];

	snprintf(dir, sizeof dir, "%s/data/profiles", top);
	if (profile_set_load_dir(dir, &set, err, sizeof err) != ST_OK) {
		ok(false, "shipped profiles load: %s", err);
		return;
	}
	p = profile_set_find(&set, "go-1.19");
	ok(p != NULL && p->cn_fallback == CN_NEVER &&
	    p->max_cert_message == 65536, "go-1.19: no CN, 64 KiB");
	p = profile_set_find(&set, "wget-1.21");
	ok(p != NULL && !p->eku_server_auth && p->cn_fallback == CN_NO_SAN,
	    "wget: no EKU check, CN only without SAN");
	p = profile_set_find(&set, "gnutls-3.7");
	ok(p != NULL && p->eku_server_auth, "gnutls-cli checks the EKU");
	p = profile_set_find(&set, "curl-7.88");
	ok(p != NULL && p->cn_fallback == CN_NO_SAN, "curl: CN only without "
	    "SAN");
	p = profile_set_find(&set, "python-3.6");
	ok(p != NULL && p->cn_fallback == CN_NO_SAN, "python-3.6: CN only "
	    "without SAN");
	p = profile_set_find(&set, "python-3.12");
	ok(p != NULL && p->cn_fallback == CN_NO_DNS_SAN &&
	    strcmp(p->trust_store[0], "system") == 0,
	    "python-3.12: OpenSSL's rule, the system store");
	p = profile_set_find(&set, "node-20");
	ok(p != NULL && strcmp(p->trust_store[0], "node-20") == 0 &&
	    p->n_trust_store == 1, "node-20: its compiled-in roots only");
	p = profile_set_find(&set, "java-17");
	ok(p != NULL && p->max_cert_message == 32768, "java-17: 32 KiB");
	p = profile_set_find(&set, "java-25");
	ok(p != NULL && p->max_cert_message == 32768, "java-25: 32 KiB");
	p = profile_set_find(&set, "chrome-156");
	ok(p != NULL && p->aia_fetch && p->cn_fallback == CN_NEVER,
	    "chrome: fetches AIA, no CN");
	for (size_t i = 0; i < set.n; i++) {
		p = set.v[i];
		if (p->aia_fetch && strcmp(p->family, "chrome") != 0 &&
		    strcmp(p->family, "safari") != 0 &&
		    strcmp(p->family, "schannel") != 0 &&
		    strcmp(p->family, "dotnet") != 0)
			ok(false, "%s fetches AIA: no measured client does",
			    p->id);
		if (strstr(p->note, "Certificate decision") == NULL)
			ok(false, "%s: the note says where its certificate "
			    "decision comes from", p->id);
	}
	ok(true, "only browsers, Windows and .NET fetch AIA; every note "
	    "cites its source");
	profile_set_cleanup(&set);
}

static const char cert_a[] =
"-----BEGIN CERTIFICATE-----\n"
"MIIBfDCCASGgAwIBAgIUNwR5aYyCNKvBgsK4xJ2HN9Vlq2MwCgYIKoZIzj0EAwIw\n"
"EzERMA8GA1UEAwwIVGVzdCBPbmUwHhcNMjYwMTAxMDAwMDAwWhcNMzYwMTAxMDAw\n"
"MDAwWjATMREwDwYDVQQDDAhUZXN0IE9uZTBZMBMGByqGSM49AgEGCCqGSM49AwEH\n"
"A0IABO3Xdq0mZ2n1pE1eFw3K8q5d4o7gDkF4kqYh5l9cF6Yv0sE2u0f1m4m6A2sR\n"
"Q2p0wQp7C9p3h7o2o4rW3z2h2S2jUzBRMB0GA1UdDgQWBBQ2Yk3l8Rz0k1a5k9pW\n"
"3z2h2S2jUzAfBgNVHSMEGDAWgBQ2Yk3l8Rz0k1a5k9pW3z2h2S2jUzAPBgNVHRMB\n"
"Af8EBTADAQH/MAoGCCqGSM49BAMCA0kAMEYCIQDd\n"
"-----END CERTIFICATE-----\n";

static void
bad_store(const char *text, size_t len, const char *want, const char *name)
{
	struct trust_store *ts = NULL;
	char err[256] = "";

	ok(trust_store_from_pem(text, len, "f.pem", "x", &ts, err,
	    sizeof err) != ST_OK && ts == NULL && strstr(err, want) != NULL,
	    "%s: %s", name, err);
	trust_store_free(ts);
}

static void
test_stores(void)
{
	struct trust_store *ts = NULL, *u, *v[2];
	char path[4200], err[512], text[8192];
	const struct trust_info *ti;
	FILE *f;
	size_t len;

	/* A real certificate: the demo's is not at hand, so the fixture. */
	snprintf(path, sizeof path, "%s/tests/data/trust/two.pem", top);
	is_int(trust_store_load(path, "two", &ts, err, sizeof err), ST_OK,
	    "fixture store loads: %s", err);
	if (ts != NULL) {
		ti = trust_store_info(ts);
		is_int((int)ti->count, 2, "two certificates");
		is_str(ti->source, "tests/unit/test_trust.c fixture (openssl "
		    "req -x509)", "header: source");
		is_str(ti->version, "1", "header: version");
		is_str(ti->date, "2026-12-06", "header: date");
		is_str(ti->id, "two", "id as loaded");
		ok(trust_store_x509(ts) != NULL, "an X509_STORE");
		v[0] = ts;
		v[1] = ts;
		u = trust_store_union(v, 2, "two+two");
		is_int((int)trust_store_info(u)->count, 4, "union: every "
		    "anchor of both");
		trust_store_free(u);
		trust_store_free(ts);
	}

	bad_store("", 0, "f.pem: empty", "empty");
	bad_store("\n\n# comment\n", 12, "f.pem: not PEM", "comments only");
	bad_store("hello\n", 6, "f.pem: not PEM (no -----BEGIN", "text");
	bad_store("\x30\x82\x01\x00\0\0", 6, "f.pem: not PEM (binary data",
	    "DER");
	/* certificate 1 of the fixture, then a broken one at line N */
	f = fopen(path, "rb");
	len = f != NULL ? fread(text, 1, sizeof text - sizeof cert_a - 1, f) :
	    0;
	if (f != NULL)
		fclose(f);
	memcpy(text + len, cert_a, sizeof cert_a);
	bad_store(text, len + sizeof cert_a - 1, "f.pem: certificate 3 (line ",
	    "a broken third certificate: its position");
	bad_store("-----BEGIN CERTIFICATE-----\nMIIB\n", 33,
	    "certificate 1 (line 1): no END line", "no END line");
	{
		static const char key[] = "-----BEGIN PRIVATE KEY-----\nMIIB\n"
		    "-----END PRIVATE KEY-----\n";

		bad_store(key, sizeof key - 1, "line 1: -----BEGIN PRIVATE "
		    "KEY----- is not a certificate", "a key is not a "
		    "certificate");
	}
	len = f != NULL ? strlen(text) - sizeof cert_a + 1 : 0;
	{
		char *c = strstr(text, "# count: 2");

		if (c != NULL) {
			c[9] = '5';
			bad_store(text, len, "the header says count 5 but the "
			    "file holds 2", "count mismatch");
		} else
			ok(false, "fixture has a count line");
	}
	ts = NULL;
	ok(trust_store_load("/nonexistent/x.pem", "x", &ts, err,
	    sizeof err) == ST_EIO && strstr(err, "/nonexistent/x.pem: No such "
	    "file") != NULL, "missing file: %s", err);
	ok(trust_store_load("/", "x", &ts, err, sizeof err) != ST_OK &&
	    strstr(err, "not a regular file") != NULL, "a directory: %s", err);
}

/* A profile whose store is not installed fails its cells, not the run;
 * a --trust for an unknown profile is an error. */
static void
test_env(void)
{
	struct probe_env_config cfg;
	struct probe_env *env = NULL;
	struct profile *p = NULL;
	const struct profile *pv[1];
	struct probe_trust_override ov;
	char err[512], path[4200];

	if (parse_with("trust_store = nosuch-store\n", &p, err,
	    sizeof err) != ST_OK) {
		ok(false, "profile: %s", err);
		return;
	}
	pv[0] = p;
	snprintf(path, sizeof path, "%s/tests/data/trust/two.pem", top);
	memset(&cfg, 0, sizeof cfg);
	cfg.system_store = path;
	cfg.trust_dir = "/nonexistent";
	cfg.profiles = pv;
	cfg.n_profiles = 1;
	is_int(probe_env_build(&cfg, &env, err, sizeof err), ST_OK,
	    "a store not installed is not an error of the run: %s", err);
	if (env != NULL)
		is_str(probe_env_store_label(env, p), "nosuch-store",
		    "the label is the store's id");
	probe_env_free(env);
	env = NULL;
	memset(&ov, 0, sizeof ov);
	snprintf(ov.profile_id, sizeof ov.profile_id, "t");
	ov.file = path;
	cfg.overrides = &ov;
	cfg.n_overrides = 1;
	is_int(probe_env_build(&cfg, &env, err, sizeof err), ST_OK,
	    "--trust t=FILE");
	if (env != NULL)
		is_str(probe_env_store_label(env, p), "--trust t",
		    "the label says --trust");
	probe_env_free(env);
	env = NULL;
	snprintf(ov.profile_id, sizeof ov.profile_id, "other");
	ok(probe_env_build(&cfg, &env, err, sizeof err) != ST_OK &&
	    env == NULL && strstr(err, "no profile other") != NULL,
	    "--trust for an unknown profile: %s", err);
	profile_free(p);
}

int
main(void)
{
	const char *env = getenv("TOP_SRCDIR");

	snprintf(top, sizeof top, "%s", env != NULL && env[0] != '\0' ?
	    env : SRCDIR);
	test_keys();
	test_shipped();
	test_stores();
	test_env();
	return tap_done();
}
