/*
 * test_explain.c: reasons and fixes from set arithmetic, on the incident.
 *
 * The shipped python-3.9 and python-3.12 profiles against enumerations of
 * the incident's backends (A: ECDHE-RSA and RSA suites in server order;
 * B: RSA key exchange only), a TLS 1.0-only server and a server with no
 * curve in common: each failing cell must name the empty dimension, show
 * both sides, and offer fixes that would actually close the gap.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "tls_names.h"
#include "xmem.h"
#include "../tap.h"

static uint16_t *
codes(const uint16_t *v, size_t n)
{
	uint16_t *p = xcalloc(n, sizeof *p);

	memcpy(p, v, n * sizeof *p);
	return p;
}

/* A server that accepts these suites at one version, RSA certificate. */
static void
mk_server(struct server_info *si, uint16_t version, const uint16_t *suites,
    size_t n, bool pref)
{
	static const uint16_t curves[] = { 0x001d, 0x0017 };

	server_info_init(si);
	si->done = true;
	si->n_protocols = 2;
	si->protocols[0].version = TLS_VERSION_TLS13;
	si->protocols[0].accepted = version == TLS_VERSION_TLS13;
	si->protocols[1].version = version == TLS_VERSION_TLS13 ?
	    TLS_VERSION_TLS12 : version;
	si->protocols[1].accepted = version != TLS_VERSION_TLS13;
	if (version == TLS_VERSION_TLS13) {
		si->protocols[0].suites = codes(suites, n);
		si->protocols[0].n_suites = n;
	} else {
		si->protocols[1].suites = codes(suites, n);
		si->protocols[1].n_suites = n;
		si->protocols[1].server_preference = pref;
		si->protocols[1].preference_known = n > 1;
	}
	si->groups12 = codes(curves, 2);
	si->n_groups12 = 2;
	si->have_cert = true;
	snprintf(si->cert.key_type, sizeof si->cert.key_type, "RSA");
	si->cert.key_bits = 2048;
	snprintf(si->cert.sha256, sizeof si->cert.sha256, "aa");
}

static void
alert_result(struct probe_result *r, int alert)
{
	result_init(r);
	r->outcome = PROBE_FAILED;
	r->reason = REASON_SERVER_ALERT;
	r->alert_received = alert;
}

static bool
has(const char *hay, const char *needle)
{
	bool yes = strstr(hay, needle) != NULL;

	if (!yes)
		printf("#   \"%s\" not in:\n#   %s\n", needle, hay);
	return yes;
}

int
main(void)
{
	static const uint16_t suites_a[] = { 0xc013, 0xc028, 0x0035, 0x002f };
	static const uint16_t suites_b[] = { 0x0035, 0x002f };
	static const uint16_t suites_old[] = { 0xc013, 0x002f };
	struct profile_set set = { NULL, 0 };
	const struct profile *py39, *py312, *both[2];
	struct server_info a, b, old, nocurve;
	struct probe_result r;
	struct explanation e;
	const char *top = getenv("TOP_SRCDIR");
	char dir[1024], err[512], buf[1024], sig_a[16], sig_b[16], sig_a2[16];

	snprintf(dir, sizeof dir, "%s/data/profiles", top ? top : SRCDIR);
	if (profile_set_load_dir(dir, &set, err, sizeof err) != ST_OK) {
		printf("# %s\n", err);
		return tap_bail("profiles do not load");
	}
	py39 = profile_set_find(&set, "python-3.9");
	py312 = profile_set_find(&set, "python-3.12");
	if (!ok(py39 != NULL && py312 != NULL, "the python profiles load"))
		return tap_done();
	mk_server(&a, TLS_VERSION_TLS12, suites_a, 4, true);
	mk_server(&b, TLS_VERSION_TLS12, suites_b, 2, true);

	/* The incident: python-3.12 against B. */
	alert_result(&r, 40);
	explain_cell(py312, &b, &r, &e);
	is_str(result_reason_name(e.reason), "no-shared-cipher",
	    "3.12 on B: the alert is explained as no shared cipher");
	ok(e.side == SIDE_SERVER, "3.12 on B: the server refused");
	ok(has(e.detail, "client: 14 suites, all ECDHE/DHE (forward secret)"),
	    "client side: 14 TLS 1.2 suites, all forward secret");
	ok(has(e.detail, "server: 2 suites, RSA key exchange only"),
	    "server side: RSA key exchange only");
	ok(has(e.detail, "overlap: none"), "overlap: none");
	ok(has(e.detail, "bpo-43998"), "cites the Python change");
	ok(has(e.fix_server, "enable ECDHE-RSA-AES256-GCM-SHA384") &&
	    has(e.fix_server, "ssl_ciphers 'ECDHE-RSA-AES256-GCM-SHA384:"
	    "AES256-SHA:AES128-SHA'"),
	    "server fix: the client's first RSA-authenticated ECDHE AEAD "
	    "suite, first in B's list");
	ok(has(e.fix_client, "set_ciphers(") && has(e.fix_client,
	    ":AES256-SHA:") && strstr(e.fix_client, "!SHA1") == NULL,
	    "client fix: Python set_ciphers adding B's first suite, "
	    "without !SHA1 deleting it again");
	ok(has(e.fix_client_warning, "forward secrecy") &&
	    has(e.fix_client_warning, "SHA-1"),
	    "the client fix warns about what it weakens");

	/* Success explains the choice: A enforces its order. */
	result_init(&r);
	r.outcome = PROBE_OK;
	r.reason = REASON_NONE;
	r.version = TLS_VERSION_TLS12;
	r.cipher = 0xc013;
	explain_cell(py39, &a, &r, &e);
	ok(e.side == SIDE_NONE && e.reason == REASON_NONE, "3.9 on A: ok");
	ok(has(e.detail, "shared suites at TLSv1.2: 4 of the server's 4"),
	    "3.9 on A shares all 4 suites");
	ok(has(e.detail, "the server enforces its own order"),
	    "3.9 on A: the server's order chose ECDHE-RSA-AES128-SHA");

	/* Without an enumeration nothing is refined. */
	alert_result(&r, 40);
	explain_cell(py312, NULL, &r, &e);
	ok(e.reason == REASON_SERVER_ALERT && e.detail[0] == '\0',
	    "no enumeration: the reason stays server-alert");

	/* No shared protocol: a TLS 1.0-only server and python-3.12. */
	mk_server(&old, TLS_VERSION_TLS10, suites_old, 2, true);
	alert_result(&r, 70);
	explain_cell(py312, &old, &r, &e);
	is_str(result_reason_name(e.reason), "no-shared-protocol",
	    "3.12 on a TLS 1.0 server: no shared protocol");
	ok(has(e.detail, "client: TLSv1.2 to TLSv1.3") &&
	    has(e.detail, "server: TLSv1"), "both version ranges shown");
	ok(has(e.fix_client, "minimum_version = ssl.TLSVersion.TLSv1"),
	    "client fix lowers Python's minimum version");
	ok(has(e.fix_client_warning, "RFC 8996"), "and warns it is deprecated");

	/* No shared group: ECDHE suites in common, no curve in common. */
	mk_server(&nocurve, TLS_VERSION_TLS12, (const uint16_t[]){ 0xc02f }, 1,
	    true);
	nocurve.groups12[0] = 0x0019;	/* secp521r1 only ... */
	nocurve.n_groups12 = 1;
	{
		struct profile p = *py312;
		uint16_t g[] = { 0x001d };

		p.groups = g;	/* a client with x25519 only */
		p.n_groups = 1;
		alert_result(&r, 40);
		explain_cell(&p, &nocurve, &r, &e);
		is_str(result_reason_name(e.reason), "no-shared-group",
		    "ECDHE shared, curves not: no shared group");
	}

	/* A certificate failure is the client's refusal, with its fixes. */
	result_init(&r);
	r.outcome = PROBE_FAILED;
	r.reason = REASON_CERT_EXPIRED;
	explain_cell(py312, &a, &r, &e);
	ok(e.side == SIDE_CLIENT && e.reason == REASON_CERT_EXPIRED &&
	    has(e.fix_server, "valid now"), "expired: client side, renew");

	/*
	 * Cells the enumeration settles (issue #10): only an empty version
	 * or suite overlap is certain; anything the server shares with the
	 * profile needs a probe, even where a probe would fail.
	 */
	ok(server_info_settles(&b), "B's enumeration can settle cells");
	is_str(result_reason_name(explain_certain_refusal(py312, &b)),
	    "no-shared-cipher", "3.12 on B: certain, no shared cipher");
	ok(explain_certain_refusal(py39, &b) == REASON_NONE,
	    "3.9 on B: shares RSA suites, so it is probed");
	ok(explain_certain_refusal(py312, &a) == REASON_NONE,
	    "3.12 on A: shares ECDHE suites, so it is probed");
	is_str(result_reason_name(explain_certain_refusal(py312, &old)),
	    "no-shared-protocol", "3.12 on a TLS 1.0 server: certain");
	ok(explain_certain_refusal(py39, &old) == REASON_NONE,
	    "3.9 on a TLS 1.0 server: offers TLS 1.0, so it is probed");
	ok(explain_certain_refusal(py312, &nocurve) == REASON_NONE,
	    "no curve in common is left to the probe (the server may "
	    "fall back)");
	{
		/* A suite shared only at a version the server also offers
		 * below its best: still shared, still probed. */
		struct server_info two;
		static const uint16_t s13[] = { 0x1302 };

		mk_server(&two, TLS_VERSION_TLS13, s13, 1, true);
		two.protocols[1].accepted = true;
		two.protocols[1].suites = codes(suites_b, 2);
		two.protocols[1].n_suites = 2;
		ok(explain_certain_refusal(py39, &two) == REASON_NONE,
		    "a suite shared at TLS 1.2 under a TLS 1.3 server: probed");
		two.suites_unclear = true;
		ok(!server_info_settles(&two), "a refusal by a close or "
		    "silence: the lists cannot settle anything");
		two.suites_unclear = false;
		two.error_reason = REASON_TIMEOUT;
		ok(!server_info_settles(&two), "an enumeration that failed "
		    "settles nothing");
		server_info_cleanup(&two);
		server_info_init(&two);
		ok(!server_info_settles(&two) &&
		    explain_certain_refusal(py312, &two) == REASON_NONE,
		    "no version known: nothing is certain");
		/* No TCP connection ever: certain for every profile, as no
		 * hello reached the server; once one connected, not. */
		two.error_reason = REASON_TIMEOUT;
		ok(server_info_unreachable(&two), "connect timed out, never "
		    "connected: unreachable for every profile");
		two.error_reason = REASON_REFUSED;
		ok(server_info_unreachable(&two), "refused: unreachable");
		two.connected = true;
		ok(!server_info_unreachable(&two), "a connection completed "
		    "once: a failure depends on the hello, not certain");
		two.connected = false;
		two.error_reason = REASON_NOT_TLS;
		ok(!server_info_unreachable(&two), "not TLS: answered, so "
		    "not unreachable");
	}
	/* A settled cell is explained as the server's refusal. */
	result_init(&r);
	r.outcome = PROBE_FAILED;
	r.reason = REASON_NO_SHARED_CIPHER;
	r.by_enumeration = true;
	r.method = "enumeration";
	explain_cell(py312, &b, &r, &e);
	ok(e.side == SIDE_SERVER && e.reason == REASON_NO_SHARED_CIPHER &&
	    has(e.summary, "without a connection") &&
	    has(e.detail, "overlap: none"),
	    "settled cell: the server's side, both lists and the overlap");

	/* The server fix for both profiles on B: one suite covers 3.12,
	 * 3.9 already works. */
	both[0] = py39;
	both[1] = py312;
	explain_server_fix(both, 2, &b, buf, sizeof buf);
	ok(has(buf, "enable ECDHE-RSA-AES256-GCM-SHA384: OpenSSL/nginx: "
	    "ssl_ciphers 'ECDHE-RSA-AES256-GCM-SHA384:AES256-SHA:"
	    "AES128-SHA';"),
	    "server fix for every profile on B: one ECDHE suite, first");
	explain_server_fix(both, 2, &a, buf, sizeof buf);
	is_str(buf, "", "A needs no change");

	/* Signatures and differences between siblings. */
	explain_server_signature(&a, sig_a, sizeof sig_a);
	explain_server_signature(&b, sig_b, sizeof sig_b);
	explain_server_signature(&a, sig_a2, sizeof sig_a2);
	ok(strlen(sig_a) == 8 && strcmp(sig_a, sig_b) != 0 &&
	    strcmp(sig_a, sig_a2) == 0, "signatures: stable, and A != B");
	explain_server_diff(&b, &a, buf, sizeof buf);
	ok(has(buf, "TLSv1.2: lacks ECDHE-RSA-AES128-SHA") &&
	    has(buf, "TLSv1.2: lacks ECDHE-RSA-AES256-SHA384") &&
	    !strstr(buf, "adds"), "B against A: lacks the two ECDHE suites");
	explain_server_diff(&a, &a, buf, sizeof buf);
	is_str(buf, "", "a server does not differ from itself");

	/* Both sides for the compare view, by the same arithmetic. */
	{
		struct explain_sides sd;

		explain_sides(py312, &b, &sd);
		ok(sd.have_server, "sides: B is enumerated");
		is_str(sd.server_versions, "TLSv1.2", "sides: B's versions");
		is_str(sd.common_versions, "TLSv1.2", "sides: the overlap of "
		    "versions");
		ok(has(sd.server_suites, "2 suites, RSA key exchange only"),
		    "sides: B's suites in a phrase");
		ok(sd.n_common_suites == 0 && has(sd.common_suites, "none"),
		    "sides: 3.12 and B share no suite");
		explain_sides(py39, &b, &sd);
		ok(sd.n_common_suites == 2 && has(sd.common_suites,
		    "AES256-SHA, AES128-SHA"), "sides: 3.9 and B share "
		    "both RSA suites, named");
		explain_sides(py312, &a, &sd);
		ok(sd.n_common_suites == 1 && has(sd.common_suites,
		    "ECDHE-RSA-AES256-SHA384") && has(sd.server_suites,
		    "4 suites"), "sides: of A's four suites 3.12 shares one "
		    "(it offers no SHA-1 suite)");
		explain_sides(py312, NULL, &sd);
		ok(!sd.have_server && has(sd.client_versions, "TLSv1.2") &&
		    sd.client_suites[0] != '\0', "sides: without an "
		    "enumeration, only the client's side");
	}

	server_info_cleanup(&a);
	server_info_cleanup(&b);
	server_info_cleanup(&old);
	server_info_cleanup(&nocurve);
	profile_set_cleanup(&set);
	return tap_done();
}
