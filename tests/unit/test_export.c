/*
 * test_export.c: the JSON, text and Markdown snapshots of a hand-built
 * model with hostile server strings, and export_to_file's atomic write and
 * failures.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "export.h"
#include "fmt.h"
#include "server.h"
#include "tls_names.h"
#include "xmem.h"
#include "../tap.h"

/* ESC [2J, an 8-bit CSI, C1 CSI in UTF-8, invalid UTF-8, quotes and
 * backslashes: what a hostile certificate or server may send */
#define HOSTILE	"CN=\x1b[2Jevil\x9b" "31m\xc2\x9b\xff\"q\"\\b\\"

static char	id1[] = "python-3.9", id2[] = "python-3.12";
static char	name1[] = "Python 3.9", name2[] = "Python 3.12 \"ssl\"";
static char	fam[] = "python", lib1[] = "OpenSSL 1.1.1n";
static char	lib2[] = "OpenSSL 3.0.19", src[] = "captured";

static struct probe_result *
mk_ok(void)
{
	struct probe_result *r = xmalloc(sizeof *r);

	result_init(r);
	r->outcome = PROBE_OK;
	r->reason = REASON_NONE;
	r->method = "openssl";
	r->version = TLS_VERSION_TLS12;
	r->cipher = 0xc028;
	r->group = 0x001d;
	r->have_cert = true;
	r->verify_code = 0;
	snprintf(r->cert.subject, sizeof r->cert.subject, "%s", HOSTILE);
	snprintf(r->cert.issuer, sizeof r->cert.issuer, "CN=Test CA");
	snprintf(r->cert.san, sizeof r->cert.san, "DNS:api.example.com");
	snprintf(r->cert.not_before, sizeof r->cert.not_before,
	    "2025-01-01T00:00:00Z");
	snprintf(r->cert.not_after, sizeof r->cert.not_after,
	    "2026-01-01T00:00:00Z");
	snprintf(r->cert.key_type, sizeof r->cert.key_type, "RSA");
	r->cert.key_bits = 2048;
	snprintf(r->cert.signature_algorithm,
	    sizeof r->cert.signature_algorithm, "sha256WithRSAEncryption");
	memset(r->cert.sha256, 'a', 64);
	r->connect_ms = 1;
	r->handshake_ms = 7;
	return r;
}

static struct probe_result *
mk_fail(void)
{
	struct probe_result *r = xmalloc(sizeof *r);

	result_init(r);
	r->outcome = PROBE_FAILED;
	r->reason = REASON_SERVER_ALERT;
	r->method = "openssl";
	r->version = TLS_VERSION_TLS12;
	r->alert_received = 40;
	snprintf(r->detail, sizeof r->detail, "alert from %s", HOSTILE);
	r->connect_ms = 2;
	r->handshake_ms = 3;
	return r;
}

static struct model *
build(struct profile *p1, struct profile *p2)
{
	struct model		*m;
	struct netaddr		 a, b;

	m = model_new("api.example.com", 443, NULL, "127.0.0.1:5353");
	netaddr_parse("192.0.2.10", &a);
	netaddr_parse("2001:db8::11", &b);
	model_add_column(m, p1);
	model_add_column(m, p2);
	model_add_row(m, &a, 300, "dns", NULL);
	model_add_row(m, &b, 60, "dns", "B \x1b[5m");
	model_set_resolved(m, RESOLVE_DONE, NULL, "lb.example.com");
	model_cell_finish(m, 0, 0, model_cell_begin(m, 0, 0), mk_ok());
	model_cell_finish(m, 0, 1, model_cell_begin(m, 0, 1), mk_ok());
	model_cell_finish(m, 1, 0, model_cell_begin(m, 1, 0), mk_ok());
	model_cell_finish(m, 1, 1, model_cell_begin(m, 1, 1), mk_fail());
	return m;
}

static char *
render(const struct model *m, enum output_format f, bool timings,
    size_t *len)
{
	struct export_opts	 eo;
	char			*buf = NULL;
	FILE			*out = open_memstream(&buf, len);

	export_opts_default(&eo);
	eo.generated = 0;
	eo.timings = timings;
	if (export_write_opts(m, f, &eo, out) != ST_OK)
		tap_diag("export_write_opts failed");
	fclose(out);
	return buf;
}

/* Valid UTF-8 and no control byte but '\n'. */
static bool
json_bytes_ok(const char *s, size_t n)
{
	size_t		i, k;
	uint32_t	cp;

	for (i = 0; i < n; i += k) {
		k = fmt_utf8_decode(s + i, n - i, &cp);
		if (k == 0 || (cp < 0x20 && cp != '\n') || cp == 0x7f ||
		    (cp >= 0x80 && cp <= 0x9f))
			return false;
	}
	return true;
}

static const char py_check[] =
"import json, sys\n"
"d = json.load(open(sys.argv[1], encoding='utf-8'))\n"
"assert list(d)[:4] == ['schema_version', 'tool', 'version', 'generated']\n"
"assert d['schema_version'] == 1 and d['tool'] == 'tlsmatrix'\n"
"assert d['generated'] == '1970-01-01T00:00:00Z'\n"
"assert d['target'] == {'host': 'api.example.com', 'port': 443,"
" 'sni': 'api.example.com', 'proxy': None, 'starttls': None,"
" 'cname_chain': []}\n"
"assert d['resolution']['errors'] == [] and"
" d['resolution']['per_resolver'] == []\n"
"assert d['addresses'][0]['sources'] == [] and"
" d['addresses'][0]['present'] is True\n"
"assert d['resolution']['state'] == 'done'\n"
"assert d['resolution']['error'] is None\n"
"assert d['resolution']['canonical'] == 'lb.example.com'\n"
"a = d['addresses']\n"
"assert [x['family'] for x in a] == ['ipv4', 'ipv6']\n"
"assert a[1]['label'] == 'B \\x1b[5m' and a[0]['ttl'] == 300\n"
"assert [p['id'] for p in d['profiles']] == ['python-3.9', 'python-3.12']\n"
"assert d['profiles'][1]['name'] == 'Python 3.12 \"ssl\"'\n"
"c = d['cells']\n"
"assert [(x['address'], x['profile']) for x in c] == [('192.0.2.10',"
" 'python-3.9'), ('192.0.2.10', 'python-3.12'), ('2001:db8::11',"
" 'python-3.9'), ('2001:db8::11', 'python-3.12')]\n"
"ok = c[0]\n"
"assert ok['verdict'] == 'ok' and ok['protocol'] == 'TLSv1.2'\n"
"assert ok['cipher'] == 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384'\n"
"assert ok['cipher_openssl'] == 'ECDHE-RSA-AES256-SHA384'\n"
"assert ok['group'] == 'x25519' and ok['reason'] is None\n"
"assert ok['dh_bits'] is None and ok['method'] == 'openssl'\n"
"s = ok['certificate']['subject']\n"
"assert s == 'CN=\\x1b[2Jevil\\x9b31m\\x9b\\xff\"q\"\\\\b\\\\', repr(s)\n"
"assert ok['certificate']['key_bits'] == 2048\n"
"assert ok['timings'] == {'connect_ms': 1, 'handshake_ms': 7}\n"
"f = c[3]\n"
"assert f['verdict'] == 'fail' and f['reason'] == 'server-alert'\n"
"assert f['alert'] == 'handshake_failure' and f['certificate'] is None\n"
"assert f['detail'].startswith('alert from CN=\\x1b[2J')\n"
"assert d['summary'] == {'cells': 4, 'ok': 3, 'failed': 1,"
" 'pending': 0}\n";

/* Parses the document with Python's json module and checks its fields. */
static void
check_with_python(const char *json, size_t n)
{
	char	 path[] = "/tmp/tlsmatrix-json.XXXXXX";
	char	 script[] = "/tmp/tlsmatrix-py.XXXXXX";
	char	*cmd;
	FILE	*f;
	int	 fd, st;

	if (system("python3 -c 'import json' >/dev/null 2>&1") != 0) {
		ok(true, "# SKIP python3 not available");
		return;
	}
	fd = mkstemp(path);
	f = fdopen(fd, "w");
	fwrite(json, 1, n, f);
	fclose(f);
	fd = mkstemp(script);
	f = fdopen(fd, "w");
	fputs(py_check, f);
	fclose(f);
	cmd = xasprintf("python3 %s %s 1>&2", script, path);
	st = system(cmd);
	ok(st == 0, "JSON parses with python3 and has the expected fields");
	free(cmd);
	unlink(path);
	unlink(script);
}

static size_t
count_temp_files(const char *dir, const char *prefix)
{
	DIR		*d = opendir(dir);
	struct dirent	*e;
	size_t		 n = 0;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
			n++;
	}
	closedir(d);
	return n;
}

static void
test_files(const struct model *m)
{
	char		 dir[] = "/tmp/tlsmatrix-export.XXXXXX";
	char		 err[256], *path, *bad, *want, *got;
	size_t		 wlen, glen;
	FILE		*f;
	struct stat	 sb;
	struct rlimit	 old, small;
	enum status	 st;
	mode_t		 mask;

	if (mkdtemp(dir) == NULL) {
		ok(false, "mkdtemp");
		return;
	}
	path = xasprintf("%s/snap.json", dir);
	mask = umask(022);
	is_int(export_to_file(m, OUTPUT_JSON, path, err, sizeof err), ST_OK,
	    "export_to_file succeeds");
	ok(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0644,
	    "file created with mode 0644 under umask 022");
	umask(mask);
	is_int(count_temp_files(dir, ".snap.json."), 0, "no temporary left");
	/* same bytes as export_write (the time may differ by a second, so
	 * compare only the length of the text version's tail) */
	want = render(m, OUTPUT_JSON, true, &wlen);
	f = fopen(path, "r");
	got = xcalloc(1, wlen + 64);
	glen = fread(got, 1, wlen + 63, f);
	fclose(f);
	ok(glen == wlen, "file has the length of export_write's output");
	free(want);
	free(got);

	bad = xasprintf("%s/missing/snap.json", dir);
	st = export_to_file(m, OUTPUT_TEXT, bad, err, sizeof err);
	is_int(st, ST_EIO, "missing directory fails");
	want = xasprintf("cannot write %s: No such file or directory", bad);
	is_str(err, want, "missing directory: clear message");
	free(want);
	free(bad);

	bad = xasprintf("%s/snap.json/x.txt", dir);
	st = export_to_file(m, OUTPUT_TEXT, bad, err, sizeof err);
	is_int(st, ST_EIO, "a file as directory fails");
	want = xasprintf("cannot write %s: Not a directory", bad);
	is_str(err, want, "not a directory: clear message");
	free(want);
	free(bad);

	if (geteuid() != 0) {
		bad = xasprintf("%s/ro", dir);
		mkdir(bad, 0500);
		free(bad);
		bad = xasprintf("%s/ro/x.json", dir);
		st = export_to_file(m, OUTPUT_JSON, bad, err, sizeof err);
		want = xasprintf("cannot write %s: Permission denied", bad);
		is_str(err, want, "read-only directory: Permission denied");
		free(want);
		free(bad);
	} else
		ok(true, "# SKIP root ignores directory permissions");

	/* a write that fails after the temporary file exists: a file size
	 * limit makes write(2) fail with EFBIG; the temporary must go */
	signal(SIGXFSZ, SIG_IGN);
	getrlimit(RLIMIT_FSIZE, &old);
	small = old;
	small.rlim_cur = 64;
	bad = xasprintf("%s/big.json", dir);
	if (setrlimit(RLIMIT_FSIZE, &small) == 0) {
		st = export_to_file(m, OUTPUT_JSON, bad, err, sizeof err);
		setrlimit(RLIMIT_FSIZE, &old);
		is_int(st, ST_EIO, "write failure reported");
		want = xasprintf("cannot write %s: File too large", bad);
		is_str(err, want, "write failure: clear message");
		free(want);
		is_int(count_temp_files(dir, ".big.json."), 0,
		    "temporary file removed after a failed write");
		ok(access(bad, F_OK) == -1, "no partial file at the path");
	} else
		ok(true, "# SKIP setrlimit");
	free(bad);

	/* not a regular file: written in place, not replaced */
	is_int(export_to_file(m, OUTPUT_TEXT, "/dev/null", err, sizeof err),
	    ST_OK, "/dev/null written in place");
	ok(stat("/dev/null", &sb) == 0 && S_ISCHR(sb.st_mode),
	    "/dev/null still a device");

	unlink(path);
	free(path);
	rmdir(dir);
}

static void
test_text(const struct model *m)
{
	char		*t, *line, *save, *copy;
	size_t		 n, i, wide = 0;
	bool		 clean = true, in_matrix = false;

	t = render(m, OUTPUT_TEXT, true, &n);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)t[i];

		if ((c < 0x20 && c != '\n') || c >= 0x7f)
			clean = false;
	}
	ok(clean, "text: only printable ASCII and newlines");
	ok(strstr(t, "tlsmatrix " PACKAGE_VERSION) != NULL, "text: version");
	ok(strstr(t, "generated:  1970-01-01T00:00:00Z\n") != NULL,
	    "text: generated time");
	ok(strstr(t, "target:     api.example.com:443\n") != NULL,
	    "text: target");
	ok(strstr(t, "resolvers:  127.0.0.1:5353\n") != NULL,
	    "text: resolvers");
	ok(strstr(t, "canonical:  lb.example.com\n") != NULL,
	    "text: canonical");
	ok(strstr(t, "| FAIL alert:handshake_failure") != NULL,
	    "text: failing cell in the matrix");
	ok(strstr(t, "| ok TLS1.2") != NULL, "text: ok cell in the matrix");
	ok(strstr(t, "Failures (1)\n  2001:db8::11 as python-3.12: "
	    "server-alert") != NULL, "text: failure listed");
	ok(strstr(t, "detail: alert from CN=\\x1b[2Jevil\\x9b31m\\xc2\\x9b"
	    "\\xff\"q\"\\x5cb\\x5c") != NULL, "text: detail escaped");
	ok(strstr(t, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384 "
	    "(ECDHE-RSA-AES256-SHA384)") != NULL, "text: success cipher");
	ok(strstr(t, "B \\x1b[5m") != NULL, "text: row label escaped");
	ok(strstr(t, "library: OpenSSL 3.0.19") != NULL, "text: legend");

	copy = xstrdup(t);
	for (line = strtok_r(copy, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "Matrix", 6) == 0)
			in_matrix = true;
		else if (strncmp(line, "Failures", 8) == 0)
			in_matrix = false;
		if (in_matrix && strlen(line) > 100)
			wide++;
	}
	is_int(wide, 0, "text: matrix lines fit 100 columns");
	free(copy);
	free(t);
}

/* Many profiles with long ids: the matrix wraps into blocks. */
static void
test_wrap(void)
{
	struct profile	 p[9];
	char		 ids[9][40], *t, *copy, *line, *save;
	struct model	*m = model_new("h.example", 443, NULL, "system");
	struct netaddr	 a;
	size_t		 i, n, wide = 0, headers = 0;
	bool		 in_matrix = false;

	netaddr_parse("2001:db8:ffff:ffff:ffff:ffff:ffff:fff1", &a);
	model_add_row(m, &a, 0, "--resolve", NULL);
	for (i = 0; i < 9; i++) {
		memset(&p[i], 0, sizeof p[i]);
		snprintf(ids[i], sizeof ids[i], "a-rather-long-profile-id-%zu",
		    i);
		p[i].id = ids[i];
		model_add_column(m, &p[i]);
	}
	for (i = 0; i < 9; i += 2)
		model_cell_finish(m, 0, i, model_cell_begin(m, 0, i),
		    mk_fail());
	t = render(m, OUTPUT_TEXT, false, &n);
	copy = xstrdup(t);
	for (line = strtok_r(copy, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "Matrix", 6) == 0)
			in_matrix = true;
		else if (strncmp(line, "Failures", 8) == 0)
			in_matrix = false;
		if (in_matrix && strlen(line) > 100)
			wide++;
		if (in_matrix && strncmp(line, "  ADDRESS", 9) == 0)
			headers++;
	}
	is_int(wide, 0, "wrapped matrix fits 100 columns");
	ok(headers >= 3, "nine long profiles wrap into several blocks (%zu)",
	    headers);
	ok(strstr(t, "a-rather-long-profile-id-8") != NULL,
	    "the last profile is shown");
	ok(strstr(t, "timings") == NULL, "no timings when disabled");
	free(copy);
	free(t);
	t = render(m, OUTPUT_JSON, false, &n);
	ok(strstr(t, "\"timings\": null") != NULL, "JSON timings null");
	ok(strstr(t, "\"verdict\": \"pending\"") != NULL,
	    "JSON pending cell");
	free(t);
	model_free(m);
}

static const char py_resolvers[] =
"import json, sys\n"
"d = json.load(open(sys.argv[1], encoding='utf-8'))\n"
"assert d['target']['cname_chain'] == ['b.example', 'c.example']\n"
"r = d['resolution']\n"
"assert r['samples'] == 2 and r['disagree'] is True, r\n"
"assert [x['resolver'] for x in r['per_resolver']] =="
" ['127.0.0.1:5301', '127.0.0.1:5302']\n"
"assert r['per_resolver'][1]['failures'] == 1\n"
"e = r['errors']\n"
"assert len(e) == 1 and e[0]['resolver'] == '127.0.0.1:5302', e\n"
"assert e[0]['reason'] == 'servfail' and 'SERVFAIL' in e[0]['error']\n"
"a = {x['address']: x for x in d['addresses']}\n"
"s = a['192.0.2.1']['sources']\n"
"assert s[0] == {'resolver': '127.0.0.1:5301', 'seen': 2, 'samples': 2,"
" 'ttl': 30, 'present': True}, s\n"
"assert s[1]['seen'] == 1 and s[1]['samples'] == 2\n"
"assert a['192.0.2.1']['disputed'] is False\n"
"assert a['192.0.2.2']['present'] is False\n"
"assert a['192.0.2.2']['sources'][1]['ttl'] is None\n"
"assert a['192.0.2.3']['disputed'] is True\n";

/* Two resolvers, two samples: sources, errors, cname_chain, the text. */
static void
test_resolvers(void)
{
	struct model	*m = model_new("a.example", 443, NULL, "two");
	struct netaddr	 x[3];
	uint32_t	 ttl[3] = { 30, 30, 30 };
	char		*chain[2], b[] = "b.example", c[] = "c.example";
	char		*t, path[] = "/tmp/tlsmatrix-json.XXXXXX";
	char		 script[] = "/tmp/tlsmatrix-py.XXXXXX", *cmd;
	size_t		 n, i;
	FILE		*f;
	int		 fd;

	chain[0] = b;
	chain[1] = c;
	netaddr_parse("192.0.2.1", &x[0]);
	netaddr_parse("192.0.2.2", &x[1]);
	netaddr_parse("192.0.2.3", &x[2]);
	model_add_resolver(m, "127.0.0.1:5301");
	model_add_resolver(m, "127.0.0.1:5302");
	for (i = 0; i < 3; i++)
		model_add_row(m, &x[i], 30, "dns", NULL);
	/* round 1: #1 says .1 .2, #2 says .1 .3; round 2: #1 .1, #2 fails */
	model_round_begin(m);
	model_resolver_answer(m, 0, x, ttl, 2, false);
	model_resolver_answer(m, 1, (struct netaddr[]){ x[0], x[2] }, ttl, 2,
	    false);
	model_round_end(m);
	model_round_begin(m);
	model_resolver_answer(m, 0, x, ttl, 1, false);
	model_resolver_failed(m, 1, "127.0.0.1:5302: a.example: SERVFAIL "
	    "(server failure)", "servfail");
	model_round_end(m);
	model_set_cname_chain(m, chain, 2);
	model_set_resolved(m, RESOLVE_DONE, NULL, "c.example");

	t = render(m, OUTPUT_JSON, false, &n);
	if (system("python3 -c 'import json' >/dev/null 2>&1") != 0) {
		ok(true, "# SKIP python3 not available");
	} else {
		fd = mkstemp(path);
		f = fdopen(fd, "w");
		fwrite(t, 1, n, f);
		fclose(f);
		fd = mkstemp(script);
		f = fdopen(fd, "w");
		fputs(py_resolvers, f);
		fclose(f);
		cmd = xasprintf("python3 %s %s 1>&2", script, path);
		ok(system(cmd) == 0, "JSON: sources, errors, cname_chain");
		free(cmd);
		unlink(path);
		unlink(script);
	}
	free(t);
	t = render(m, OUTPUT_TEXT, false, &n);
	ok(strstr(t, "cname chain: a.example -> b.example -> c.example") !=
	    NULL, "text: the CNAME chain");
	ok(strstr(t, "Resolvers (2, 2 samples; RESOLVERS DISAGREE)") != NULL,
	    "text: resolvers and their disagreement");
	ok(strstr(t, "#2 127.0.0.1:5302: 1 of 2 queries answered") != NULL,
	    "text: what each resolver answered");
	ok(strstr(t, "1 failed (servfail), latest: 127.0.0.1:5302: "
	    "a.example: SERVFAIL") != NULL, "text: the resolver's error");
	ok(strstr(t, "gone (in no latest answer)") != NULL,
	    "text: a vanished address is marked");
	ok(strstr(t, "not from every resolver") != NULL,
	    "text: an address only one resolver gave is marked");
	free(t);
	model_free(m);
}

/*
 * Markdown with server text that holds a newline and an escape, in a
 * failing cell (detail, certificate) and in an address's enumeration:
 * each shown escaped once (Markdown then adds its backslash), on one
 * table row, never as "\x5cx".
 */
static void
test_markdown(struct profile *p1)
{
	struct model		*m;
	struct probe_result	*r = mk_ok();
	struct server_info	*si = xmalloc(sizeof *si);
	struct netaddr		 a;
	char			*t, *row;
	size_t			 i, n;
	bool			 clean = true;

	m = model_new("md.example", 443, NULL, "system");
	netaddr_parse("192.0.2.20", &a);
	model_add_column(m, p1);
	model_add_row(m, &a, 60, "dns", NULL);
	r->outcome = PROBE_FAILED;
	r->reason = REASON_CERT_UNTRUSTED;
	snprintf(r->cert.subject, sizeof r->cert.subject,
	    "CN=a\nfix: b\x1b[2J");
	snprintf(r->detail, sizeof r->detail, "not trusted (issuer %.64s)",
	    r->cert.subject);
	model_cell_finish(m, 0, 0, model_cell_begin(m, 0, 0), r);
	server_info_init(si);
	si->done = true;
	si->have_cert = true;
	si->cert = r->cert;
	si->error_reason = REASON_PROTOCOL_ERROR;
	snprintf(si->error, sizeof si->error, "answered \"\x1b]52;c;x\x07\"");
	model_scan_finish(m, 0, model_scan_begin(m, 0), si);

	t = render(m, OUTPUT_MD, false, &n);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)t[i];

		if ((c < 0x20 && c != '\n') || c >= 0x7f)
			clean = false;
	}
	ok(clean, "md: only printable ASCII and newlines");
	ok(strstr(t, "x5cx") == NULL, "md: nothing escaped twice (no \\x5cx)");
	/* sanitized "\x1b[" reads "\\x1b\[" in Markdown's source */
	row = strstr(t, "| detail | ");
	ok(row != NULL && strncmp(row, "| detail | not trusted (issuer "
	    "CN=a\\\\x0afix: b\\\\x1b\\[2J) |\n", 51) == 0,
	    "md: the detail on one row, its newline escaped");
	ok(strstr(t, "| certificate | CN=a\\\\x0afix: b\\\\x1b\\[2J; issuer ")
	    != NULL, "md: the certificate on one row, escaped once");
	ok(strstr(t, "\\\\x1b\\]52;c;x\\\\x07") != NULL,
	    "md: the enumeration's error escaped once");
	ok(strstr(t, "| CN=a\\\\x0afix: b\\\\x1b\\[2J") != NULL,
	    "md: the enumeration's certificate escaped once");
	if (!clean || strstr(t, "x5cx") != NULL)
		tap_diag("md output has a raw byte or a double escape");
	free(t);
	model_free(m);
}

/* A cell with a second result: its history in every format, bounded,
 * with times only when timings are on. */
static void
test_history(struct profile *p1, struct profile *p2)
{
	struct model	*m = build(p1, p2);
	char		*t, *md, *j;
	size_t		 n, i;
	const char	*h, *end;

	t = render(m, OUTPUT_TEXT, false, &n);
	ok(strstr(t, "History") == NULL, "text: no History while every "
	    "cell has one result");
	free(t);
	j = render(m, OUTPUT_JSON, false, &n);
	ok(strstr(j, "\"history\": [{\"verdict\": \"ok\", \"outcome\": \"ok\", "
	    "\"protocol\": \"TLSv1.2\", \"cipher\": "
	    "\"TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384\", \"reason\": null, "
	    "\"alert\": null, \"at_ms\": null}],\n") != NULL,
	    "JSON: a history of one result, at_ms null without timings");
	free(j);

	/* B as python-3.12: failed, then ok: it flaps */
	model_cell_finish(m, 1, 1, model_cell_begin(m, 1, 1), mk_ok());
	t = render(m, OUTPUT_TEXT, false, &n);
	ok(strstr(t, "\nHistory (cells with more than one result, oldest "
	    "first, the last 32 kept)\n  2001:db8::11 as python-3.12: x+  1 ok "
	    "of 2, flapping\n") != NULL, "text: the History strip");
	free(t);
	t = render(m, OUTPUT_TEXT, true, &n);
	ok(strstr(t, "python-3.12: x+  1 ok of 2, flapping, +") != NULL,
	    "text: with timings, when the results came");
	free(t);
	md = render(m, OUTPUT_MD, false, &n);
	ok(strstr(md, "\n## History\n") != NULL && strstr(md, "| 2001:db8::11 "
	    "| python-3.12 | x+ | 1 of 2 | yes |\n") != NULL,
	    "Markdown: the History table");
	free(md);
	j = render(m, OUTPUT_JSON, true, &n);
	h = strstr(j, "\"history\": [{\"verdict\": \"fail\", \"outcome\": "
	    "\"failed\", \"protocol\": \"TLSv1.2\", \"cipher\": null, "
	    "\"reason\": \"server-alert\", \"alert\": 40, \"at_ms\": ");
	ok(h != NULL && strstr(h, "}, {\"verdict\": \"ok\"") != NULL &&
	    strstr(h, "}, {\"verdict\": \"ok\"") < strchr(h, '\n'),
	    "JSON: both results in order, at_ms with timings");
	free(j);

	/* bounded: 40 more results, the last 32 kept */
	for (i = 0; i < 40; i++)
		model_cell_finish(m, 1, 1, model_cell_begin(m, 1, 1),
		    mk_fail());
	j = render(m, OUTPUT_JSON, false, &n);
	h = strstr(j, "\"address\": \"2001:db8::11\",\n      \"port\": 443,\n"
	    "      \"profile\": \"python-3.12\"");
	h = h != NULL ? strstr(h, "\"history\": [") : NULL;
	end = h != NULL ? strchr(h, '\n') : NULL;
	for (i = 0; end != NULL && (h = strstr(h + 1, "\"at_ms\"")) != NULL &&
	    h < end; i++)
		continue;
	is_int(i, 32, "JSON: the history keeps the last 32 results");
	free(j);
	model_free(m);
}

int
main(void)
{
	struct profile	 p1 = { .id = id1, .name = name1, .family = fam,
			    .library = lib1, .source = src };
	struct profile	 p2 = { .id = id2, .name = name2, .family = fam,
			    .library = lib2, .source = src };
	struct model	*m = build(&p1, &p2);
	char		*j, *j2;
	size_t		 n, n2;

	j = render(m, OUTPUT_JSON, true, &n);
	ok(json_bytes_ok(j, n), "JSON: valid UTF-8, no raw control bytes");
	ok(memchr(j, 0x1b, n) == NULL, "JSON: no raw ESC");
	check_with_python(j, n);
	j2 = render(m, OUTPUT_JSON, true, &n2);
	ok(n == n2 && memcmp(j, j2, n) == 0, "JSON: deterministic");
	free(j);
	free(j2);

	test_text(m);
	test_wrap();
	test_resolvers();
	test_files(m);
	test_markdown(&p1);
	test_history(&p1, &p2);
	model_free(m);
	return tap_done();
}
