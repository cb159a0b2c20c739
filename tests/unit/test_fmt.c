/*
 * test_fmt.c: the sanitizer at every buffer length, cell labels, glyphs
 * and the detail lines of hostile cells.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "tls_names.h"
#include "xmem.h"
#include "../tap.h"

#define CANARY	0x5a

static char p_id[] = "python-3.12";
static char p_name[] = "Python 3.12 (ssl, Debian 12)";
static char p_note[] = "drops RSA key exchange\x1b[31m";
static char p_source[] = "captured 2024";

static const char *
san(const char *in, bool utf8)
{
	static char	buf[512];

	fmt_sanitize(in, buf, sizeof buf, utf8);
	return buf;
}

/* True when no byte is a control, DEL or (for ascii) >= 0x80. */
static bool
clean(const char *s, bool ascii, bool allow_nl)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\n' && allow_nl)
			continue;
		if (c < 0x20 || c == 0x7f || (ascii && c >= 0x80))
			return false;
	}
	return true;
}

static void
test_sanitize(void)
{
	is_str(san("api.example.com", false), "api.example.com", "plain kept");
	is_str(san("\x1b[2J", false), "\\x1b[2J", "ESC escaped");
	is_str(san("a\x1b]0;pwned\x07z", true), "a\\x1b]0;pwned\\x07z",
	    "OSC title sequence escaped");
	is_str(san("\x9b" "31m", true), "\\x9b31m",
	    "bare 8-bit CSI is invalid UTF-8: escaped");
	is_str(san("\xc2\x9b" "31m", true), "\\xc2\\x9b31m",
	    "C1 CSI as UTF-8 escaped in utf8 mode");
	is_str(san("\xc2\x85", true), "\\xc2\\x85", "NEL (C1) escaped");
	is_str(san("caf\xc3\xa9", true), "caf\xc3\xa9", "UTF-8 kept");
	is_str(san("caf\xc3\xa9", false), "caf\\xc3\\xa9",
	    "UTF-8 escaped in ASCII mode");
	is_str(san("\xf0\x9f\x94\x92", true), "\xf0\x9f\x94\x92",
	    "4-byte UTF-8 kept");
	is_str(san("\xc0\xaf", true), "\\xc0\\xaf", "overlong '/' escaped");
	is_str(san("\xe0\x80\xaf", true), "\\xe0\\x80\\xaf",
	    "3-byte overlong escaped");
	is_str(san("\xed\xa0\x80", true), "\\xed\\xa0\\x80",
	    "surrogate escaped");
	is_str(san("\xf4\x90\x80\x80", true), "\\xf4\\x90\\x80\\x80",
	    "past U+10FFFF escaped");
	is_str(san("ab\xe2\x82", true), "ab\\xe2\\x82",
	    "truncated sequence at the end escaped");
	is_str(san("\xff\xfe", true), "\\xff\\xfe", "0xff 0xfe escaped");
	is_str(san("a\\b", true), "a\\x5cb", "backslash escaped");
	is_str(san("\x7f", true), "\\x7f", "DEL escaped");
	is_str(san("a\tb\nc\r", true), "a\\x09b\\x0ac\\x0d",
	    "tab, newline, CR escaped");
	is_str(san("evil\xe2\x80\xaegpj.exe", true),
	    "evil\\xe2\\x80\\xaegpj.exe", "RLO bidi override escaped");
	is_str(san("\"quoted\"", true), "\"quoted\"", "quotes kept");
	is_str(san(NULL, true), "", "NULL gives empty");
}

/*
 * Offsets in a sanitized string where a cut is allowed: before an escape,
 * before a plain byte, before the first byte of a UTF-8 character.
 */
static bool
boundary(const char *full, size_t at)
{
	size_t	i = 0;

	while (full[i] != '\0' && i < at) {
		if (full[i] == '\\')
			i += 4;
		else if ((unsigned char)full[i] >= 0xf0)
			i += 4;
		else if ((unsigned char)full[i] >= 0xe0)
			i += 3;
		else if ((unsigned char)full[i] >= 0xc0)
			i += 2;
		else
			i++;
	}
	return i == at;
}

static void
test_truncation(void)
{
	static const char *inputs[] = {
		"\x1b[2J\x9b\xc2\x9b caf\xc3\xa9 \xff\\\xf0\x9f\x94\x92x",
		"\xe2\x80\xae\xe2\x80\xae\xe2\x82",
		"plain ascii text only",
	};
	char	full[256], buf[256];
	size_t	in, len, n, flen;
	int	u;
	bool	all_ok;

	for (in = 0; in < sizeof inputs / sizeof inputs[0]; in++) {
		for (u = 0; u < 2; u++) {
			fmt_sanitize(inputs[in], full, sizeof full, u);
			flen = strlen(full);
			all_ok = true;
			for (len = 0; len <= flen + 2; len++) {
				memset(buf, CANARY, sizeof buf);
				fmt_sanitize(inputs[in], buf, len, u);
				if (buf[len] != CANARY) {
					all_ok = false;
					tap_diag("canary overwritten");
					break;
				}
				if (len == 0)
					continue;
				n = strnlen(buf, len);
				if (n == len || strncmp(buf, full, n) != 0 ||
				    !boundary(full, n) ||
				    (len > flen && n != flen)) {
					all_ok = false;
					printf("# input %zu utf8 %d len %zu: "
					    "n %zu\n", in, u, len, n);
					break;
				}
			}
			ok(all_ok, "input %zu, utf8 %d: every length from 0 "
			    "to %zu stays in bounds, terminated, cut on a "
			    "boundary", in, u, flen + 2);
		}
	}
}

static struct probe_result *
mk_ok(uint16_t version, uint16_t cipher)
{
	struct probe_result *r = xmalloc(sizeof *r);

	result_init(r);
	r->outcome = PROBE_OK;
	r->reason = REASON_NONE;
	r->method = "openssl";
	r->version = version;
	r->cipher = cipher;
	r->group = 0x001d;
	r->connect_ms = 3;
	r->handshake_ms = 12;
	return r;
}

static struct probe_result *
mk_fail(enum fail_reason why, int alert)
{
	struct probe_result *r = xmalloc(sizeof *r);

	result_init(r);
	r->outcome = PROBE_FAILED;
	r->reason = why;
	r->method = "openssl";
	r->alert_received = alert;
	snprintf(r->detail, sizeof r->detail,
	    "server said \x1b[2J\x9b" "6n \xff\xfe bye");
	r->have_cert = true;
	snprintf(r->cert.subject, sizeof r->cert.subject,
	    "CN=evil\x1b]0;title\x07\xc2\x9b" "1m");
	snprintf(r->cert.issuer, sizeof r->cert.issuer, "CN=Test CA");
	snprintf(r->cert.not_after, sizeof r->cert.not_after,
	    "2030-01-01T00:00:00Z");
	r->cert.key_bits = 2048;
	snprintf(r->cert.key_type, sizeof r->cert.key_type, "RSA");
	return r;
}

static void
test_labels_and_detail(void)
{
	struct profile		 p = { .id = p_id, .name = p_name,
				    .note = p_note, .source = p_source };
	struct netaddr		 a, b;
	struct model		*m;
	struct probe_result	*r;
	char			 buf[2048], small[2048];
	size_t			 len;
	bool			 all_ok = true;

	m = model_new("api.example.com", 443, NULL, "system");
	ok(netaddr_parse("192.0.2.1", &a) && netaddr_parse("192.0.2.2", &b),
	    "addresses parse");
	model_add_column(m, &p);
	model_add_row(m, &a, 60, "dns", NULL);
	model_add_row(m, &b, 60, "dns", "backend \x1b[1mB");
	(void)model_cell_begin(m, 0, 0);

	fmt_cell_label(model_cell(m, 0, 0), buf, sizeof buf);
	is_str(buf, "...", "pending label (ASCII)");
	fmt_cell_label_mode(model_cell(m, 0, 0), true, buf, sizeof buf);
	is_str(buf, "\xe2\x80\xa6", "pending label (UTF-8)");
	is_int(fmt_cell_class(model_cell(m, 0, 0)), CLASS_PENDING,
	    "pending class");
	is_int(fmt_cell_class(NULL), CLASS_PENDING, "NULL cell is pending");

	model_cell_finish(m, 0, 0, model_cell_begin(m, 0, 0),
	    mk_ok(TLS_VERSION_TLS12, 0xc028));
	fmt_cell_label(model_cell(m, 0, 0), buf, sizeof buf);
	is_str(buf, "TLS1.2 ECDHE-RSA-AES256-SHA384", "ok label");
	is_int(fmt_cell_class(model_cell(m, 0, 0)), CLASS_OK, "ok class");

	model_cell_finish(m, 1, 0, model_cell_begin(m, 1, 0),
	    mk_fail(REASON_SERVER_ALERT, 40));
	fmt_cell_label(model_cell(m, 1, 0), buf, sizeof buf);
	is_str(buf, "alert:handshake_failure", "server alert label");
	is_int(fmt_cell_class(model_cell(m, 1, 0)), CLASS_FAIL, "fail class");

	fmt_cell_detail(m, 1, 0, buf, sizeof buf);
	ok(strstr(buf, "address: 192.0.2.2") != NULL, "detail: address");
	ok(strstr(buf, "profile: python-3.12 (Python 3.12") != NULL,
	    "detail: profile id and name");
	ok(strstr(buf, "verdict: FAIL") != NULL, "detail: verdict");
	ok(strstr(buf, "alert received: handshake_failure (40)") != NULL,
	    "detail: alert name");
	ok(strstr(buf, "reason: server-alert: the server refused") != NULL,
	    "detail: reason and its text");
	ok(strstr(buf, "detail: server said \\x1b[2J\\x9b6n \\xff\\xfe bye")
	    != NULL, "detail: server text escaped");
	ok(strstr(buf, "certificate subject: CN=evil\\x1b]0;title\\x07"
	    "\\xc2\\x9b1m") != NULL, "detail: hostile subject escaped");
	ok(strstr(buf, "backend \\x1b[1mB") != NULL, "detail: label escaped");
	ok(strstr(buf, "note: drops RSA key exchange\\x1b[31m") != NULL,
	    "detail: profile note escaped");
	ok(strstr(buf, "source: captured 2024") != NULL, "detail: source");
	ok(clean(buf, true, true), "detail: ASCII, no controls but newlines");

	fmt_cell_detail(m, 0, 0, buf, sizeof buf);
	ok(strstr(buf, "protocol: TLSv1.2") != NULL, "ok detail: protocol");
	ok(strstr(buf, "cipher: TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384 "
	    "(ECDHE-RSA-AES256-SHA384)") != NULL, "ok detail: both names");
	ok(strstr(buf, "group: x25519") != NULL, "ok detail: group");
	ok(strstr(buf, "timings: connect 3 ms, handshake 12 ms") != NULL,
	    "ok detail: timings");

	/* every buffer length: the canary survives, the text terminates */
	fmt_cell_detail(m, 1, 0, buf, sizeof buf);
	for (len = 0; len <= strlen(buf) + 1 && all_ok; len++) {
		memset(small, CANARY, sizeof small);
		fmt_cell_detail(m, 1, 0, small, len);
		if (small[len] != CANARY ||
		    (len > 0 && strnlen(small, len) == len))
			all_ok = false;
	}
	ok(all_ok, "detail: every buffer length stays in bounds");
	fmt_cell_detail(m, 5, 5, buf, sizeof buf);
	is_str(buf, "", "detail of a missing cell is empty");

	/* labels of other failures, and in a tiny buffer */
	r = mk_fail(REASON_NO_SHARED_CIPHER, -1);
	model_cell_finish(m, 1, 0, model_cell_begin(m, 1, 0), r);
	fmt_cell_label(model_cell(m, 1, 0), buf, sizeof buf);
	is_str(buf, "no-shared-cipher", "reason label");
	memset(small, CANARY, sizeof small);
	fmt_cell_label(model_cell(m, 1, 0), small, 4);
	ok(strcmp(small, "no-") == 0 && small[4] == CANARY,
	    "label cut to its buffer");
	r = mk_fail(REASON_SERVER_ALERT, 200);
	model_cell_finish(m, 1, 0, model_cell_begin(m, 1, 0), r);
	fmt_cell_label(model_cell(m, 1, 0), buf, sizeof buf);
	is_str(buf, "alert:200", "unknown alert label");
	r = mk_fail(REASON_LOCAL, -1);
	r->outcome = PROBE_ERROR;
	model_cell_finish(m, 1, 0, model_cell_begin(m, 1, 0), r);
	is_int(fmt_cell_class(model_cell(m, 1, 0)), CLASS_ERROR,
	    "probe error class");
	fmt_cell_label(model_cell(m, 1, 0), buf, sizeof buf);
	is_str(buf, "local-error", "probe error label");
	r = mk_fail(REASON_NONE, -1);
	r->outcome = PROBE_CANCELED;
	model_cell_finish(m, 1, 0, model_cell_begin(m, 1, 0), r);
	fmt_cell_label(model_cell(m, 1, 0), buf, sizeof buf);
	is_str(buf, "canceled", "canceled label");

	model_free(m);
}

/* Compact codes, and a cell's history as a strip and as lines. */
static void
test_codes_and_history(void)
{
	struct profile		 p = { .id = p_id, .name = p_name,
				    .note = p_note, .source = p_source };
	struct netaddr		 a;
	struct model		*m;
	const struct model_cell	*c;
	char			 buf[4096];
	const char		*code, *seen[REASON_COUNT];
	int			 r, k;
	bool			 short_ok = true, distinct = true;

	for (r = REASON_NONE; r < REASON_COUNT; r++) {
		code = fmt_reason_code((enum fail_reason)r);
		if (strlen(code) > FMT_CODE_MAX || strcmp(code, "?") == 0)
			short_ok = false;
		for (k = 0; k < r; k++)
			if (strcmp(seen[k], code) == 0)
				distinct = false;
		seen[r] = code;
	}
	ok(short_ok, "every reason has a code of at most %d characters",
	    FMT_CODE_MAX);
	ok(distinct, "no two reasons share a code");
	is_str(fmt_reason_code(REASON_NO_SHARED_CIPHER), "ciph",
	    "no-shared-cipher: ciph");

	m = model_new("api.example.com", 443, NULL, "system");
	netaddr_parse("192.0.2.1", &a);
	model_add_column(m, &p);
	model_add_row(m, &a, 60, "dns", NULL);
	c = model_cell(m, 0, 0);
	(void)model_cell_begin(m, 0, 0);
	fmt_cell_code_at(m, 0, 0, buf, sizeof buf);
	is_str(buf, "", "code: pending is empty");
	model_cell_finish(m, 0, 0, model_cell_begin(m, 0, 0),
	    mk_ok(TLS_VERSION_TLS13, 0x1301));
	fmt_cell_code_at(m, 0, 0, buf, sizeof buf);
	is_str(buf, "1.3", "code: ok is the protocol");
	fmt_cell_history(c, false, true, buf, sizeof buf);
	is_str(buf, "", "history: nothing to show for one result");
	ok(!fmt_hist_flaps(c), "one result does not flap");

	model_cell_finish(m, 0, 0, model_cell_begin(m, 0, 0),
	    mk_fail(REASON_SERVER_ALERT, 40));
	fmt_cell_code_at(m, 0, 0, buf, sizeof buf);
	is_str(buf, "alert", "code: a server alert without an enumeration");
	model_cell_finish(m, 0, 0, model_cell_begin(m, 0, 0),
	    mk_ok(TLS_VERSION_TLS13, 0x1301));
	fmt_hist_strip(c, false, buf, sizeof buf);
	is_str(buf, "+x+", "strip: ok, fail, ok (ASCII)");
	fmt_hist_strip(c, true, buf, sizeof buf);
	is_str(buf, "\xe2\x9c\x94\xe2\x9c\x98\xe2\x9c\x94",
	    "strip: ok, fail, ok (UTF-8)");
	ok(fmt_hist_flaps(c), "ok, fail, ok flaps");
	is_int(fmt_hist_ok(c), 2, "two of three ok");
	fmt_cell_history(c, false, false, buf, sizeof buf);
	ok(strncmp(buf, "history: +x+  2 ok of 3, FLAPPING\n", 34) == 0,
	    "history: the strip line");
	ok(strstr(buf, "\n   2  fail alert:handshake_failure\n") != NULL,
	    "history: each result in words, without times");
	fmt_cell_history(c, false, true, buf, sizeof buf);
	ok(strstr(buf, "\n   1  +") != NULL && strstr(buf, "s  ok TLS1.3 "
	    "TLS_AES_128_GCM_SHA256\n") != NULL, "history: with times");
	fmt_cell_detail(m, 0, 0, buf, sizeof buf);
	ok(strstr(buf, "verdict: ok\nhistory: +x+  2 ok of 3, FLAPPING\n") !=
	    NULL, "detail: the strip under the verdict");
	ok(strstr(buf, "results, oldest first (time since the start):\n   1"
	    "  +") != NULL, "detail: the results listed at the end");

	/* the same failure, settled then probed: steady */
	model_free(m);
	m = model_new("api.example.com", 443, NULL, "system");
	model_add_column(m, &p);
	model_add_row(m, &a, 60, "dns", NULL);
	c = model_cell(m, 0, 0);
	model_cell_finish(m, 0, 0, model_cell_begin(m, 0, 0),
	    mk_fail(REASON_NO_SHARED_CIPHER, -1));
	model_cell_finish(m, 0, 0, model_cell_begin(m, 0, 0),
	    mk_fail(REASON_SERVER_ALERT, 40));
	ok(!fmt_hist_flaps(c), "two failures, two reasons: not flapping");
	model_cell_finish(m, 0, 0, model_cell_begin(m, 0, 0),
	    mk_ok(TLS_VERSION_TLS12, 0xc02f));
	model_cell_finish(m, 0, 0, model_cell_begin(m, 0, 0),
	    mk_ok(TLS_VERSION_TLS13, 0x1301));
	ok(fmt_hist_flaps(c), "successes with different protocols flap");
	model_free(m);
}

/* A result that built chain[0..n) (subject, fingerprint, from), anchored
 * or not, against store. */
static struct probe_result *
mk_chain(const char *store, bool anchored, size_t n, const char *const *subj,
    const char *const *from)
{
	struct probe_result *r = anchored ? mk_ok(TLS_VERSION_TLS13, 0x1301) :
	    mk_fail(REASON_CERT_UNTRUSTED, -1);
	size_t i;

	snprintf(r->trust_store, sizeof r->trust_store, "%s", store);
	r->chain_anchored = anchored;
	r->n_chain = (uint8_t)n;
	for (i = 0; i < n; i++) {
		snprintf(r->chain[i].subject, sizeof r->chain[i].subject, "%s",
		    subj[i]);
		snprintf(r->chain[i].sha256, sizeof r->chain[i].sha256,
		    "%016zx", i + 1);
		snprintf(r->chain[i].from, sizeof r->chain[i].from, "%s",
		    from[i]);
	}
	r->n_sent = 1;
	snprintf(r->sent[0], sizeof r->sent[0], "CN=www\x1b[2J");
	return r;
}

/* The address detail's chains (issue #14): the chain as sent, each chain
 * built with the profiles that built it, the anchor and who lacks it. */
static void
test_chain_detail(void)
{
	static char id2[] = "node-20", fam1[] = "python", fam2[] = "node";
	struct profile p1 = { .id = p_id, .name = p_name, .note = p_note,
	    .source = p_source, .family = fam1 };
	struct profile p2 = { .id = id2, .name = id2, .note = p_note,
	    .source = p_source, .family = fam2 };
	static const char *const subj[] = { "CN=www", "CN=Int", "CN=Root" };
	static const char *const from[] = { "sent", "sent", "store" };
	struct netaddr a;
	struct model *m;
	char buf[4096];

	m = model_new("api.example.com", 443, NULL, "system");
	(void)netaddr_parse("192.0.2.1", &a);
	model_add_column(m, &p1);
	model_add_column(m, &p2);
	model_add_row(m, &a, 60, "dns", NULL);
	fmt_chain_detail(m, 0, false, buf, sizeof buf);
	is_str(buf, "", "no chain before any cell finished");
	model_cell_finish(m, 0, 0, model_cell_begin(m, 0, 0),
	    mk_chain("system", true, 3, subj, from));
	model_cell_finish(m, 0, 1, model_cell_begin(m, 0, 1),
	    mk_chain("node-20", false, 2, subj, from));
	fmt_chain_detail(m, 0, false, buf, sizeof buf);
	ok(strstr(buf, "chain as sent:\n  0 CN=www\\x1b[2J") != NULL,
	    "the chain as sent, escaped");
	ok(strstr(buf, "python (python-3.12; store system): CN=www > CN=Int > "
	    "CN=Root (anchor)") != NULL, "python's chain to its anchor");
	ok(strstr(buf, "node (node-20; store node-20): CN=www > CN=Int "
	    "(broken: cert-untrusted)") != NULL, "node's chain, broken");
	ok(strstr(buf, "anchor CN=Root is in the stores of: python-3.12; not "
	    "reached by: node-20 (node-20)") != NULL,
	    "which stores hold the anchor");
	ok(strstr(buf, "client certificate") == NULL,
	    "no client-certificate line when none was asked for");
	{
		struct probe_result *r = mk_fail(REASON_CLIENT_CERT_REQUIRED,
		    -1);

		r->client_auth.verdict = CLIENT_AUTH_REQUIRED;
		snprintf(r->client_auth.ca_names,
		    sizeof r->client_auth.ca_names, "CN=Corp \x1b[2J CA");
		r->client_auth.n_ca_names = 1;
		r->client_auth.sigalgs[0] = 0x0804;	/* rsa_pss_rsae_sha256 */
		r->client_auth.sigalgs[1] = 0x0403;
		r->client_auth.n_sigalgs = 2;
		model_cell_finish(m, 0, 1, model_cell_begin(m, 0, 1), r);
	}
	fmt_chain_detail(m, 0, false, buf, sizeof buf);
	ok(strncmp(buf, "client certificate: required (clients without one "
	    "fail)\n  CAs: CN=Corp \\x1b[2J CA\n  signature algorithms: "
	    "rsa_pss_rsae_sha256 ecdsa_secp256r1_sha256\n", 110) == 0,
	    "the address detail says the server requires a client "
	    "certificate, its CAs (escaped) and signature algorithms");
	model_free(m);
}

int
main(void)
{
	test_sanitize();
	test_chain_detail();
	test_truncation();
	test_labels_and_detail();
	test_codes_and_history();

	is_str(fmt_version_short(TLS_VERSION_TLS13), "TLS1.3", "TLS1.3");
	is_str(fmt_version_short(0), "-", "no version");
	is_str(fmt_version_short(0x7f1c), "?", "unknown version");
	is_str(fmt_cell_glyph_ascii(CLASS_OK), "+", "ok glyph");
	is_str(fmt_cell_glyph_ascii(CLASS_FAIL), "x", "fail glyph");
	is_str(fmt_cell_glyph_utf8(CLASS_FAIL), "\xe2\x9c\x98",
	    "UTF-8 fail glyph");
	is_str(fmt_cell_glyph_ascii(CLASS_ERROR), "!", "error glyph");
	return tap_done();
}
