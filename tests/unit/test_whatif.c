/*
 * test_whatif.c: the fix preview engine (whatif.h, issue #16).
 *
 * Specs in nginx, Apache and HAProxy spelling (the same configuration
 * must parse to the same parts), cipher strings expanded by OpenSSL,
 * bad specs naming their part, and predictions on the incident: the
 * shipped python-3.12 and python-2.7 profiles against backend B (RSA key
 * exchange only) and B with ECDHE suites added, TLS 1.3 only, a curve
 * the client lacks, TLS 1.0 without @SECLEVEL=0, and server versus client
 * order. Directives not given keep what the enumeration found.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tls_names.h"
#include "whatif.h"
#include "xmem.h"
#include "../tap.h"

static uint16_t *
codes(const uint16_t *v, size_t n)
{
	uint16_t *p = xcalloc(n, sizeof *p);

	memcpy(p, v, n * sizeof *p);
	return p;
}

/* Backend B: TLS 1.2 only, AES256-SHA and AES128-SHA in its order, an
 * RSA certificate, no curve seen. */
static void
mk_b(struct server_info *si)
{
	static const uint16_t suites[] = { 0x0035, 0x002f };

	server_info_init(si);
	si->done = true;
	si->connected = true;
	si->n_protocols = 2;
	si->protocols[0].version = TLS_VERSION_TLS13;
	si->protocols[1].version = TLS_VERSION_TLS12;
	si->protocols[1].accepted = true;
	si->protocols[1].suites = codes(suites, 2);
	si->protocols[1].n_suites = 2;
	si->protocols[1].server_preference = true;
	si->protocols[1].preference_known = true;
	si->have_cert = true;
	snprintf(si->cert.key_type, sizeof si->cert.key_type, "RSA");
	si->cert.key_bits = 2048;
}

static enum status
parse(const char *text, struct whatif_spec *s, char *err, size_t errlen)
{
	return whatif_spec_parse(text, strlen(text), s, err, errlen);
}

/* The spec parses; err printed otherwise. */
static bool
parses(const char *text, struct whatif_spec *s)
{
	char err[512];

	if (parse(text, s, err, sizeof err) == ST_OK)
		return true;
	printf("#   %s\n", err);
	return false;
}

/* The spec is refused with an error holding want. */
static void
refused(const char *text, const char *want)
{
	struct whatif_spec *s = xcalloc(1, sizeof *s);
	char err[512] = "";
	enum status st = parse(text, s, err, sizeof err);

	ok(st != ST_OK && strstr(err, want) != NULL, "refused: %.*s",
	    (int)strcspn(text, "\n"), text);
	if (st == ST_OK || strstr(err, want) == NULL)
		printf("#   got \"%s\", want \"%s\"\n", err, want);
	free(s);
}

/* Predicts profile p on found under spec text: the result. */
static void
predict(const char *text, const struct server_info *found,
    const struct profile *p, const struct probe_result *measured,
    struct probe_result *out, char *unc, size_t len)
{
	struct whatif_spec *s = xcalloc(1, sizeof *s);
	struct server_info pred;
	struct whatif_row row;
	char notes[1024];

	row.profiles = &p;
	row.results = &measured;
	row.n = 1;
	if (!parses(text, s) || !whatif_apply(s, found, &pred, notes,
	    sizeof notes, &row.assumed)) {
		result_init(out);
		snprintf(out->detail, sizeof out->detail, "no prediction");
	} else
		whatif_predict(&pred, &row, 0, out, unc, len);

	server_info_cleanup(&pred);
	free(s);
}

static bool
same_spec(const struct whatif_spec *a, const struct whatif_spec *b)
{
	return a->n_versions == b->n_versions && memcmp(a->versions,
	    b->versions, a->n_versions * 2) == 0 &&
	    a->n_ciphers == b->n_ciphers && memcmp(a->ciphers, b->ciphers,
	    a->n_ciphers * 2) == 0 && a->server_preference ==
	    b->server_preference && a->n_groups == b->n_groups &&
	    memcmp(a->groups, b->groups, a->n_groups * 2) == 0 &&
	    a->seclevel == b->seclevel;
}

int
main(void)
{
	struct profile_set set = { NULL, 0 };
	const struct profile *py312, *py27;
	struct whatif_spec *n = xcalloc(1, sizeof *n),
	    *a = xcalloc(1, sizeof *a), *h = xcalloc(1, sizeof *h);
	struct server_info b, pred;
	struct probe_result measured, r;
	const char *top = getenv("TOP_SRCDIR");
	char dir[1024], err[512], unc[512], lines[4096];

	snprintf(dir, sizeof dir, "%s/data/profiles", top ? top : SRCDIR);
	if (profile_set_load_dir(dir, &set, err, sizeof err) != ST_OK) {
		printf("# %s\n", err);
		return tap_bail("profiles do not load");
	}
	py312 = profile_set_find(&set, "python-3.12");
	py27 = profile_set_find(&set, "python-2.7");
	if (!ok(py312 != NULL && py27 != NULL, "the python profiles load"))
		return tap_done();

	/* --- parsing: three spellings of one configuration --- */
	ok(parses("ssl_protocols TLSv1.2 TLSv1.3;\n"
	    "ssl_ciphers 'ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA';\n"
	    "ssl_prefer_server_ciphers on;\nssl_ecdh_curve X25519:prime256v1;\n",
	    n), "nginx lines parse");
	ok(parses("SSLProtocol -all +TLSv1.2 +TLSv1.3\n"
	    "SSLCipherSuite ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA\n"
	    "SSLHonorCipherOrder on\nSSLOpenSSLConfCmd Curves X25519:P-256\n",
	    a), "Apache lines parse");
	ok(parses("bind :443 ssl crt /x.pem ssl-min-ver TLSv1.2 ssl-max-ver "
	    "TLSv1.3 ciphers ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA curves "
	    "x25519:secp256r1\n", h), "a HAProxy bind line parses");
	is_int(n->n_versions, 2, "nginx: two versions");
	is_int(n->n_ciphers, 2, "nginx: OpenSSL expands two suites");
	ok(n->ciphers[0] == 0xc02f && n->ciphers[1] == 0x002f,
	    "nginx: in the string's order");
	ok(n->cipher_min[0] == TLS_VERSION_TLS12 &&
	    n->cipher_min[1] == TLS_VERSION_SSL3,
	    "GCM needs TLS 1.2, AES128-SHA does not");
	is_int(n->seclevel, 2, "the system's security level (Debian: 2)");
	ok(same_spec(n, a), "Apache spelling: the same parts");
	/* HAProxy's versions are a range applied over what was found */
	ok(h->min_version == TLS_VERSION_TLS12 &&
	    h->max_version == TLS_VERSION_TLS13 &&
	    h->n_ciphers == 2 && h->n_groups == 2 && h->cert_given,
	    "HAProxy: range, ciphers, curves, certificate noted");
	ok(parses("ssl_ciphers 'AES128-SHA:@SECLEVEL=0'", n) &&
	    n->seclevel == 0, "@SECLEVEL=0 is read by OpenSSL");
	ok(parses("ssl_ciphers HIGH:!aNULL:!MD5; ssl_conf_command "
	    "Ciphersuites TLS_AES_128_GCM_SHA256;", n) && n->n_ciphers > 10 &&
	    n->n_suites13 == 1, "nginx's default string expands; TLS 1.3 "
	    "suites by ssl_conf_command");
	ok(parses("SSLCipherSuite TLSv1.3 TLS_AES_256_GCM_SHA384", a) &&
	    a->has_suites13 && !a->has_ciphers, "Apache's TLSv1.3 form");
	ok(parses("ssl_dhparam /etc/nginx/dh1024.pem;", n) && n->dh_bits ==
	    1024, "ssl_dhparam: the size from the file name");
	ok(parses("server {\n  listen 443 ssl;  # a comment\n"
	    "  ssl_protocols TLSv1.3;\n}\n", n) && n->n_versions == 1,
	    "a pasted server block: braces, listen and comments pass");

	/* --- bad specs name their part --- */
	refused("ssl_bogus on;", "unknown directive \"ssl_bogus\"");
	refused("ssl_protocols TLSv1.2;\nssl_ciphers NOTHING;",
	    "line 2: ssl_ciphers \"NOTHING\"");
	refused("ssl_ciphers 'TLS_AES_128_GCM_SHA256';", "no cipher suite");
	refused("ssl_conf_command Ciphersuites TLS_FOO;",
	    "Ciphersuites \"TLS_FOO\": OpenSSL does not know");
	refused("ssl_conf_command Options ServerPreference;",
	    "Options: not understood");
	refused("ssl_ecdh_curve nosuch;", "ssl_ecdh_curve \"nosuch\"");
	refused("ssl_prefer_server_ciphers yes;", "takes on or off");
	refused("SSLProtocol -all", "leaves no protocol");
	refused("bind :443 ssl ssl-min-ver TLSv1.3 ssl-max-ver TLSv1.2",
	    "minimum protocol is above");
	refused("bind :443 ssl frobnicate", "unknown HAProxy keyword");
	refused("ssl_ciphers 'AES128-SHA;", "unterminated quote");
	refused("", "no TLS directive");
	refused("ssl_protocols TLSv1.2\x01;", "control character");
	{
		char big[WHATIF_SPEC_MAX + 2];

		memset(big, ' ', sizeof big);
		ok(whatif_spec_parse(big, sizeof big, n, err, sizeof err) ==
		    ST_ERANGE, "a spec over the limit is refused");
	}

	/* --- predictions on the incident's backend B --- */
	mk_b(&b);
	result_init(&measured);
	measured.outcome = PROBE_FAILED;
	measured.reason = REASON_SERVER_ALERT;
	measured.alert_received = 40;
	predict("ssl_protocols TLSv1.2;", &b, py312, &measured, &r, unc,
	    sizeof unc);
	ok(r.outcome == PROBE_FAILED && r.reason == REASON_NO_SHARED_CIPHER,
	    "B unchanged: python-3.12 still has no shared cipher");
	is_str(r.method, "what-if", "predicted cells carry method what-if");

	predict("ssl_ciphers 'ECDHE-RSA-AES128-GCM-SHA256:AES256-SHA';", &b,
	    py312, &measured, &r, unc, sizeof unc);
	ok(r.outcome == PROBE_OK && r.version == TLS_VERSION_TLS12 &&
	    r.cipher == 0xc02f, "B with ECDHE: python-3.12 gets "
	    "ECDHE-RSA-AES128-GCM-SHA256 at TLS 1.2");
	ok(r.group == 0x001d, "over x25519 (OpenSSL's default groups: "
	    "none were seen)");
	ok(strstr(unc, "certificate") != NULL, "the certificate it never "
	    "judged here is uncertain");
	{
		struct probe_result ok27;

		result_init(&ok27);
		ok27.outcome = PROBE_OK;
		ok27.have_cert = true;
		ok27.version = TLS_VERSION_TLS12;
		ok27.cipher = 0x0035;
		predict("ssl_ciphers 'ECDHE-RSA-AES128-GCM-SHA256';", &b, py27,
		    &ok27, &r, unc, sizeof unc);
		ok(r.outcome == PROBE_OK && r.cipher == 0xc02f &&
		    strstr(unc, "certificate") == NULL, "python-2.7 keeps "
		    "working with ECDHE (its certificate was judged)");
		ok(strstr(unc, "TLS 1.2 curves were not seen") != NULL,
		    "the curves B never showed make it uncertain");
		predict("ssl_ciphers 'ECDHE-RSA-AES128-GCM-SHA256'; "
		    "ssl_ecdh_curve X25519:P-256;", &b, py27, &ok27, &r, unc,
		    sizeof unc);
		ok(r.outcome == PROBE_OK && unc[0] == '\0', "with the curves "
		    "given, nothing is uncertain");
		predict("ssl_protocols TLSv1.3;", &b, py27, &ok27, &r, unc,
		    sizeof unc);
		ok(r.outcome == PROBE_OK && r.version == TLS_VERSION_TLS13,
		    "TLS 1.3 only: python-2.7 (OpenSSL 1.1.1) connects at "
		    "TLS 1.3");
		predict("ssl_protocols TLSv1.3;", &b, py312, &measured, &r,
		    unc, sizeof unc);
		ok(r.outcome == PROBE_OK && r.version == TLS_VERSION_TLS13,
		    "TLS 1.3 only fixes python-3.12 (OpenSSL's default "
		    "TLS 1.3 suites)");
		predict("ssl_protocols TLSv1.2; ssl_ciphers ECDHE+AESGCM; "
		    "ssl_ecdh_curve brainpoolP256r1;", &b, py27, &ok27, &r, unc,
		    sizeof unc);
		ok(r.outcome == PROBE_FAILED && r.reason ==
		    REASON_NO_SHARED_GROUP, "ECDHE on brainpoolP256r1 only: python-2.7 "
		    "has no shared group");
		predict("ssl_protocols TLSv1;", &b, py27, &ok27, &r, unc,
		    sizeof unc);
		ok(r.outcome == PROBE_FAILED && r.reason ==
		    REASON_NO_SHARED_PROTOCOL, "TLS 1.0 without @SECLEVEL=0: "
		    "OpenSSL 3.0 refuses it, nothing connects");
		predict("ssl_protocols TLSv1; ssl_ciphers "
		    "'ECDHE-RSA-AES128-SHA:@SECLEVEL=0';", &b, py27, &ok27, &r,
		    unc, sizeof unc);
		ok(r.outcome == PROBE_FAILED && r.reason ==
		    REASON_LEGACY_SIGNATURE, "TLS 1.0 ECDHE at level 0: "
		    "python-2.7 refuses the MD5+SHA-1 signature (policy.h)");
	}
	/* the order: server's or client's */
	predict("ssl_ciphers 'ECDHE-RSA-AES128-SHA256:ECDHE-RSA-AES256-GCM-SHA384';"
	    " ssl_prefer_server_ciphers on;", &b, py312, &measured, &r, unc,
	    sizeof unc);
	ok(r.outcome == PROBE_OK && r.cipher == 0xc027,
	    "server order: the server's first suite");
	predict("ssl_ciphers 'ECDHE-RSA-AES128-SHA256:ECDHE-RSA-AES256-GCM-SHA384';"
	    " ssl_prefer_server_ciphers off;", &b, py312, &measured, &r, unc,
	    sizeof unc);
	ok(r.outcome == PROBE_OK && r.cipher == 0xc030,
	    "client order: python-3.12's first suite");
	/* ECDSA suites do not run with an RSA certificate */
	predict("ssl_ciphers 'ECDHE-ECDSA-AES128-GCM-SHA256:AES128-SHA';", &b,
	    py312, &measured, &r, unc, sizeof unc);
	ok(r.outcome == PROBE_FAILED && r.reason == REASON_NO_SHARED_CIPHER,
	    "ECDSA suites with an RSA certificate: still no shared cipher");
	/* a failure the configuration does not decide is kept */
	{
		struct probe_result to;

		result_init(&to);
		to.outcome = PROBE_FAILED;
		to.reason = REASON_TIMEOUT;
		predict("ssl_protocols TLSv1.3;", &b, py312, &to, &r, unc,
		    sizeof unc);
		ok(r.reason == REASON_TIMEOUT && unc[0] != '\0',
		    "a timeout is kept, and marked uncertain");
	}
	/* what was found stays: a spec of versions only keeps B's suites */
	ok(parses("ssl_protocols TLSv1.2 TLSv1.3;", n) &&
	    whatif_apply(n, &b, &pred, NULL, 0, NULL), "apply versions only");
	ok(server_protocol(&pred, TLS_VERSION_TLS12) != NULL &&
	    server_protocol(&pred, TLS_VERSION_TLS12)->n_suites == 2,
	    "TLS 1.2 keeps the two suites found");
	server_info_cleanup(&pred);
	/* no enumeration: nothing is predicted */
	{
		struct server_info none;

		server_info_init(&none);
		ok(!whatif_apply(n, &none, &pred, NULL, 0, NULL),
		    "no enumeration: no prediction");
		server_info_cleanup(&pred);
	}
	/* the enumeration as nginx lines, parsed back */
	whatif_nginx_lines(&b, lines, sizeof lines);
	ok(strstr(lines, "ssl_protocols TLSv1.2;") != NULL &&
	    strstr(lines, "ssl_ciphers AES256-SHA:AES128-SHA;") != NULL &&
	    strstr(lines, "ssl_prefer_server_ciphers on;") != NULL,
	    "the enumeration written as nginx directives");
	ok(parses(lines, n) && n->n_ciphers == 2 && n->ciphers[0] == 0x0035,
	    "and they parse back to the same suites");

	server_info_cleanup(&b);
	free(n);
	free(a);
	free(h);
	profile_set_cleanup(&set);
	return tap_done();
}
