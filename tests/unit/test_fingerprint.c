/*
 * test_fingerprint.c: JA3 and JA4 (fingerprint.c, digest.c).
 *
 * The expected values were computed independently of this code by a
 * small Python reference written from the two specifications (Salesforce
 * JA3; FoxIO technical_details/JA4.md) over the raw bytes of the
 * captures, in outline:
 *
 *   G = {0x0a0a + 0x1010 * i for i in range(16)}          # GREASE
 *   ja3 = "%d,%s,%s,%s,%s" % (legacy_version, "-".join(suites - G),
 *         "-".join(exts - G), "-".join(groups - G), "-".join(point_fmts))
 *   a = "t" + ver(max(supported_versions - G)) + ("d" if SNI else "i")
 *       + "%02d%02d" % (len(suites - G), len(exts - G)) + alpn[0] + alpn[-1]
 *   b = sha256(",".join(sorted("%04x" % s)))[:12]
 *   c = sha256(",".join(sorted("%04x" % e, e not in (0, 0x10)))
 *       + "_" + ",".join("%04x" % sigalg in wire order))[:12]
 *
 * Chromium's suite hash 8daaf6152771 is also the published one for
 * Chrome (FoxIO's README example t13d1516h2_8daaf6152771_...). Also
 * checked: the JA3 string's shape, that the three Chromium connections
 * (shuffled extensions) share one JA4 but not one JA3, and that a
 * profile's fingerprint equals its capture's.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "capdata.h"
#include "client_hello.h"
#include "digest.h"
#include "fingerprint.h"
#include "profile.h"

static char dir[4096], pdir[4096];

static const struct {
	const char	*file, *ja3, *ja4;
} known[] = {
	{ "python-3.12.hex", "93c7d42c0df602fb91589311534831f5",
	    "t13d181100_85036bcba153_d41ae481755e" },
	{ "curl-7.88.hex", "0149f47eabf9a20d0893e2a44e5a6323",
	    "t13d3112h2_e8f1e7e78f70_b26ce05bbdd6" },
	{ "chromium-156-1.hex", "d2b01e79343222230678050ed52ba452",
	    "t13d1517h2_8daaf6152771_cb7bf5808d99" },
	{ "chromium-156-2.hex", "9aa663972283bba09d399623dc0d3c7b",
	    "t13d1517h2_8daaf6152771_cb7bf5808d99" },
	{ "chromium-156-3.hex", "b85164490383b5a50d9ad4fae88d415b",
	    "t13d1517h2_8daaf6152771_cb7bf5808d99" },
	{ "java-17.hex", "0a0d72200639a7a39887b9d81a247310",
	    "t13d371200_db35923f8641_7c76daad20ec" },
	{ "firefox-esr-153-1.hex", "6447ab086255d194909d4013b1a89e87",
	    "t13d1617h2_86a278354501_3cbfd9057e0d" },
	{ "go-1.19-tls.hex", "473cd7cb9faa642487833865d516e578",
	    "t13d190900_9dc949149365_97f8aa674fd9" },
};

static bool
fp_of(const char *file, struct fingerprint *fp, struct client_hello **out)
{
	struct client_hello *ch = NULL;
	uint8_t *raw;
	size_t len;
	char err[256];
	bool good;

	memset(fp, 0, sizeof *fp);
	if ((raw = cap_read(dir, file, &len)) == NULL)
		return false;
	good = client_hello_parse(raw, len, &ch, err, sizeof err) == ST_OK;
	if (good) {
		fingerprint_from_hello(ch, fp);
		digest_fingerprint(fp);
	}
	free(raw);
	if (out != NULL)
		*out = ch;
	else
		client_hello_free(ch);
	return good;
}

/* "N,a-b,c-d,e,f": five fields, digits and dashes only. */
static bool
ja3_shape(const char *s)
{
	size_t commas = 0;

	for (; *s != '\0'; s++) {
		if (*s == ',')
			commas++;
		else if (!(*s >= '0' && *s <= '9') && *s != '-')
			return false;
	}
	return commas == 4;
}

/* "t13d1517h2_" + 12 hex + "_" + 12 hex. */
static bool
ja4_shape(const char *s)
{
	size_t i;

	if (strlen(s) != 36 || s[0] != 't' || s[10] != '_' || s[23] != '_' ||
	    (s[3] != 'd' && s[3] != 'i'))
		return false;
	for (i = 11; i < 36; i++)
		if (i != 23 && !((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

static void
test_known(void)
{
	struct fingerprint fp;
	size_t i;

	for (i = 0; i < sizeof known / sizeof known[0]; i++) {
		if (!ok(fp_of(known[i].file, &fp, NULL), "%s parses",
		    known[i].file))
			continue;
		is_str(fp.ja3_hash, known[i].ja3, "%s: JA3", known[i].file);
		is_str(fp.ja4, known[i].ja4, "%s: JA4", known[i].file);
		fingerprint_cleanup(&fp);
	}
	fp_of("python-3.12.hex", &fp, NULL);
	is_str(fp.ja3, "771,4866-4867-4865-49196-49200-49195-49199-52393-"
	    "52392-49188-49192-49187-49191-159-158-107-103-255,"
	    "0-11-10-35-22-23-13-43-45-51-21,"
	    "29-23-30-25-24-256-257-258-259-260,0-1-2",
	    "python-3.12: the JA3 string");
	fingerprint_cleanup(&fp);
}

static void
test_all_captures(void)
{
	struct fingerprint fp, c1, c2;
	char **files;
	size_t n, i, bad = 0;

	files = cap_list(dir, &n);
	for (i = 0; i < n; i++) {
		if (!fp_of(files[i], &fp, NULL) || !ja3_shape(fp.ja3) ||
		    !ja4_shape(fp.ja4) || strlen(fp.ja3_hash) != 32) {
			printf("#   %s: '%s' '%s'\n", files[i],
			    fp.ja3 ? fp.ja3 : "", fp.ja4);
			bad++;
		}
		fingerprint_cleanup(&fp);
	}
	is_int(bad, 0, "%zu captures: JA3 and JA4 well formed", n);
	cap_list_free(files);

	/* Chromium shuffles: JA3 changes, JA4 (sorted) does not. */
	fp_of("chromium-156-1.hex", &c1, NULL);
	fp_of("chromium-156-2.hex", &c2, NULL);
	ok(strcmp(c1.ja3_hash, c2.ja3_hash) != 0 &&
	    strcmp(c1.ja4, c2.ja4) == 0,
	    "chromium 1 and 2: different JA3, same JA4");
	fingerprint_cleanup(&c1);
	fingerprint_cleanup(&c2);
}

/* A profile's fingerprint is the one of the hello it builds. */
static void
test_profiles(void)
{
	struct profile_set set = { NULL, 0 };
	struct fingerprint a, b;
	const struct profile *p;
	char err[256];
	size_t i, bad = 0;
	static const struct {
		const char *id, *file;
	} pairs[] = {
		{ "python-3.12", "python-3.12.hex" },
		{ "curl-7.88", "curl-7.88.hex" },
		{ "chrome-156", "chromium-156-1.hex" },
		{ "java-17", "java-17.hex" },
		{ "firefox-153", "firefox-esr-153-1.hex" },
	};

	if (!ok(profile_set_load_dir(pdir, &set, err, sizeof err) == ST_OK,
	    "profiles load"))
		return;
	for (i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
		p = profile_set_find(&set, pairs[i].id);
		if (p == NULL || fingerprint_from_profile(p, &a, err,
		    sizeof err) != ST_OK) {
			ok(false, "%s: fingerprint: %s", pairs[i].id, err);
			continue;
		}
		digest_fingerprint(&a);
		fp_of(pairs[i].file, &b, NULL);
		is_str(a.ja4, b.ja4, "%s: the profile's JA4 is the capture's",
		    pairs[i].id);
		fingerprint_cleanup(&a);
		fingerprint_cleanup(&b);
	}
	for (i = 0; i < set.n; i++) {
		if (fingerprint_from_profile(set.v[i], &a, err, sizeof err) !=
		    ST_OK) {
			printf("#   %s: %s\n", set.v[i]->id, err);
			bad++;
			continue;
		}
		digest_fingerprint(&a);
		if (!ja4_shape(a.ja4))
			bad++;
		fingerprint_cleanup(&a);
	}
	is_int(bad, 0, "all %zu shipped profiles have a fingerprint", set.n);
	profile_set_cleanup(&set);
}

static void
test_digest(void)
{
	char md5[33], sha[65];

	/* RFC 1321 §A.5 and FIPS 180-2 test vectors. */
	digest_md5_hex("abc", 3, md5);
	is_str(md5, "900150983cd24fb0d6963f7d28e17f72", "MD5(abc)");
	digest_sha256_hex("abc", 3, sha);
	is_str(sha, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61"
	    "f20015ad", "SHA-256(abc)");
}

int
main(void)
{
	const char *top = getenv("TOP_SRCDIR");

	if (top == NULL || top[0] == '\0')
		top = SRCDIR;
	snprintf(dir, sizeof dir, "%s/tests/data/hello", top);
	snprintf(pdir, sizeof pdir, "%s/data/profiles", top);
	test_digest();
	test_known();
	test_all_captures();
	test_profiles();
	return tap_done();
}
