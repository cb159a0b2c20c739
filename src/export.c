/*
 * export.c: the text and JSON snapshots of a model (docs/JSON.md).
 *
 * Called on the main thread by main (--batch, --export) and by the TUI's
 * export key. Reads the model through its const accessors only. Every
 * string that came from a server or a profile file goes through fmt's
 * sanitizer (text: ASCII only) or the JSON escaper below (valid UTF-8, no
 * raw control characters), so a hostile certificate cannot reach the
 * reader's terminal or break the document.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "export.h"
#include "explain.h"
#include "findings.h"
#include "fmt.h"
#include "resolver.h"
#include "tls_names.h"
#include "xmem.h"

#define TEXT_WIDTH	100	/* the matrix fits a ticket or a terminal */
#define ADDR_WIDTH_MAX	46	/* an IPv6 address with a zone */

struct tally {
	size_t	cells, ok, failed, pending;
};

static struct tally
tally(const struct model *m)
{
	struct tally	t = { 0, 0, 0, 0 };
	size_t		r, c;

	for (r = 0; r < model_rows(m); r++) {
		for (c = 0; c < model_cols(m); c++) {
			t.cells++;
			switch (fmt_cell_class(model_cell(m, r, c))) {
			case CLASS_PENDING:
				t.pending++;
				break;
			case CLASS_OK:
				t.ok++;
				break;
			case CLASS_FAIL:
			case CLASS_ERROR:
				t.failed++;
				break;
			}
		}
	}
	return t;
}

void
export_opts_default(struct export_opts *eo)
{
	eo->timings = true;
	eo->generated = (time_t)-1;
}

/* The snapshot time: reproducible builds' SOURCE_DATE_EPOCH lets tests and
 * diffs pin it (reproducible-builds.org/specs/source-date-epoch). */
static void
generated_text(const struct export_opts *eo, char *buf, size_t len)
{
	const char	*env;
	char		*end;
	time_t		 t = eo->generated;
	long long	 v;
	struct tm	 tm;

	if (t == (time_t)-1) {
		t = time(NULL);
		env = getenv("SOURCE_DATE_EPOCH");
		if (env != NULL && *env >= '0' && *env <= '9') {
			errno = 0;
			v = strtoll(env, &end, 10);
			if (errno == 0 && *end == '\0')
				t = (time_t)v;
		}
	}
	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, len, "1970-01-01T00:00:00Z");
}

static const char *
resolve_state_name(enum resolve_state st)
{
	switch (st) {
	case RESOLVE_DONE:
		return "done";
	case RESOLVE_FAILED:
		return "failed";
	case RESOLVE_PENDING:
		break;
	}
	return "pending";
}

static const char *
family_name(const struct netaddr *a)
{
	return a->family == NETADDR_V6 ? "ipv6" : "ipv4";
}

/* --- JSON ------------------------------------------------------------ */

/*
 * A JSON string (RFC 8259 §7). Valid UTF-8 passes through unless fmt calls
 * the code point unsafe (controls, C1, bidi overrides), which becomes
 * \uXXXX. JSON cannot carry invalid bytes, so each becomes the code point
 * of the same value (\u0080..\u00ff), as ISO 8859-1 would read it.
 */
static void
json_str(FILE *f, const char *s)
{
	static const char	 hex[] = "0123456789abcdef";
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 n, i, k;
	uint32_t		 cp;

	if (s == NULL) {
		fputs("null", f);
		return;
	}
	n = strlen(s);
	putc('"', f);
	for (i = 0; i < n; i += k) {
		k = 1;
		if (u[i] == '"' || u[i] == '\\') {
			putc('\\', f);
			putc(u[i], f);
			continue;
		}
		if (u[i] >= 0x20 && u[i] < 0x7f) {
			putc(u[i], f);
			continue;
		}
		switch (u[i]) {
		case '\n':
			fputs("\\n", f);
			continue;
		case '\t':
			fputs("\\t", f);
			continue;
		case '\r':
			fputs("\\r", f);
			continue;
		}
		cp = u[i];
		if (u[i] >= 0x80) {
			k = fmt_utf8_decode(s + i, n - i, &cp);
			if (k == 0) {
				k = 1;
				cp = u[i];
			} else if (!fmt_codepoint_unsafe(cp)) {
				fwrite(s + i, 1, k, f);
				continue;
			}
		}
		/* every unsafe code point is in the BMP */
		fprintf(f, "\\u%c%c%c%c", hex[(cp >> 12) & 0xf],
		    hex[(cp >> 8) & 0xf], hex[(cp >> 4) & 0xf], hex[cp & 0xf]);
	}
	putc('"', f);
}

/* "key": "value", with indentation and the separator of a member. */
static void
json_kv_str(FILE *f, const char *indent, const char *key, const char *val,
    bool last)
{
	fprintf(f, "%s\"%s\": ", indent, key);
	json_str(f, val);
	fputs(last ? "\n" : ",\n", f);
}

static void
json_kv_int(FILE *f, const char *indent, const char *key, long long val,
    bool last)
{
	fprintf(f, "%s\"%s\": %lld%s\n", indent, key, val, last ? "" : ",");
}

static void
json_kv_null(FILE *f, const char *indent, const char *key, bool last)
{
	fprintf(f, "%s\"%s\": null%s\n", indent, key, last ? "" : ",");
}

/* A code's name from a table, "0x1234" when the table has none, null
 * for 0 (nothing negotiated). */
static void
json_kv_code(FILE *f, const char *indent, const char *key, unsigned code,
    const char *name, bool last)
{
	char	hexbuf[8];

	if (code == 0) {
		json_kv_null(f, indent, key, last);
		return;
	}
	if (name == NULL) {
		snprintf(hexbuf, sizeof hexbuf, "0x%04X", code & 0xffff);
		name = hexbuf;
	}
	json_kv_str(f, indent, key, name, last);
}

static void
json_kv_alert(FILE *f, const char *indent, const char *key, int alert,
    bool last)
{
	const char	*name = NULL;
	char		 tmp[24];

	if (alert < 0) {
		json_kv_null(f, indent, key, last);
		return;
	}
	if (alert <= 255)
		name = tls_alert_name((uint8_t)alert);
	if (name == NULL) {
		snprintf(tmp, sizeof tmp, "unknown_%d", alert);
		name = tmp;
	}
	json_kv_str(f, indent, key, name, last);
}

static const char *
outcome_name(enum probe_outcome o)
{
	switch (o) {
	case PROBE_OK:
		return "ok";
	case PROBE_FAILED:
		return "failed";
	case PROBE_CANCELED:
		return "canceled";
	case PROBE_ERROR:
		break;
	}
	return "error";
}

/* "certificate": {...} at indent ind (members one level deeper). */
static void
json_cert_at(FILE *f, const char *ind, const struct cert_summary *c,
    bool last)
{
	char	in[16];

	snprintf(in, sizeof in, "%s  ", ind);
	fprintf(f, "%s\"certificate\": {\n", ind);
	json_kv_str(f, in, "subject", c->subject, false);
	json_kv_str(f, in, "issuer", c->issuer, false);
	json_kv_str(f, in, "san", c->san, false);
	json_kv_str(f, in, "not_before", c->not_before, false);
	json_kv_str(f, in, "not_after", c->not_after, false);
	json_kv_str(f, in, "key_type", c->key_type, false);
	json_kv_int(f, in, "key_bits", c->key_bits, false);
	json_kv_str(f, in, "signature_algorithm", c->signature_algorithm,
	    false);
	json_kv_str(f, in, "sha256", c->sha256, true);
	fprintf(f, "%s}%s\n", ind, last ? "" : ",");
}

static void
json_cert(FILE *f, const struct cert_summary *c)
{
	json_cert_at(f, "      ", c, false);
}

/* A JSON array of names from a code list ("0x1234" for unknown codes). */
static void
json_code_list(FILE *f, const uint16_t *v, size_t n,
    const char *(*name)(uint16_t))
{
	char	hexbuf[8];
	size_t	i;

	putc('[', f);
	for (i = 0; i < n; i++) {
		const char *s = name(v[i]);

		if (s == NULL) {
			snprintf(hexbuf, sizeof hexbuf, "0x%04X", v[i]);
			s = hexbuf;
		}
		if (i > 0)
			fputs(", ", f);
		json_str(f, s);
	}
	putc(']', f);
}

static const char *
scan_state_name(enum scan_state st)
{
	switch (st) {
	case SCAN_OFF:
		return "off";
	case SCAN_PENDING:
		return "pending";
	case SCAN_DONE:
		break;
	}
	return "done";
}

/* One "servers" entry: what the enumeration found for a row. */
static void
json_server(FILE *f, const struct model_row *rw,
    const struct export_opts *eo, bool last)
{
	const struct server_info *si = rw->server;
	const char	*in = "      ";
	uint16_t	 groups[128];
	size_t		 i, j, ng = 0;

	fputs("    {\n", f);
	json_kv_str(f, in, "address", rw->text, false);
	json_kv_str(f, in, "state", scan_state_name(rw->scan_state),
	    si == NULL);
	if (si == NULL) {
		fprintf(f, "    }%s\n", last ? "" : ",");
		return;
	}
	fputs("      \"protocols\": [", f);
	for (i = 0, j = 0; i < si->n_protocols; i++) {
		const struct server_protocol *sp = &si->protocols[i];
		const char *vn = tls_version_name(sp->version);

		if (!sp->accepted)
			continue;
		fputs(j++ == 0 ? "\n" : ",\n", f);
		fputs("        {\"version\": ", f);
		json_str(f, vn != NULL ? vn : "unknown");
		fputs(", \"ciphers\": ", f);
		json_code_list(f, sp->suites, sp->n_suites, tls_suite_name);
		fprintf(f, ", \"server_preference\": %s}",
		    !sp->preference_known ? "null" :
		    sp->server_preference ? "true" : "false");
	}
	fputs(j > 0 ? "\n      ],\n" : "],\n", f);

	/* groups: TLS 1.3 ones first, then TLS 1.2 curves not listed yet */
	for (i = 0; i < si->n_groups13 && ng < 128; i++)
		groups[ng++] = si->groups13[i];
	for (i = 0; i < si->n_groups12 && ng < 128; i++) {
		for (j = 0; j < ng && groups[j] != si->groups12[i]; j++)
			continue;
		if (j == ng)
			groups[ng++] = si->groups12[i];
	}
	fputs("      \"groups\": ", f);
	json_code_list(f, groups, ng, tls_group_name);
	fputs(",\n      \"groups_tls12\": ", f);
	json_code_list(f, si->groups12, si->n_groups12, tls_group_name);
	fputs(",\n      \"groups_tls13\": ", f);
	json_code_list(f, si->groups13, si->n_groups13, tls_group_name);
	fprintf(f, ",\n      \"hello_retry_request\": %s,\n",
	    si->hrr_seen ? "true" : "false");
	if (si->have_cert)
		json_cert_at(f, in, &si->cert, false);
	else
		json_kv_null(f, in, "certificate", false);
	json_kv_int(f, in, "chain_length", (long long)si->chain_len, false);
	if (si->dh_bits > 0)
		json_kv_int(f, in, "dh_bits", si->dh_bits, false);
	else
		json_kv_null(f, in, "dh_bits", false);
	json_kv_int(f, in, "connections", si->connections, false);
	if (eo->timings)
		json_kv_int(f, in, "elapsed_ms", si->elapsed_ms, false);
	if (si->error_reason != REASON_NONE) {
		json_kv_str(f, in, "error_reason",
		    result_reason_name(si->error_reason), false);
		json_kv_str(f, in, "error", si->error, true);
	} else {
		json_kv_null(f, in, "error_reason", false);
		json_kv_null(f, in, "error", true);
	}
	fprintf(f, "    }%s\n", last ? "" : ",");
}

/* "key": "text" or "key": null for an empty text. */
static void
json_kv_opt(FILE *f, const char *indent, const char *key, const char *val,
    bool last)
{
	if (val == NULL || val[0] == '\0')
		json_kv_null(f, indent, key, last);
	else
		json_kv_str(f, indent, key, val, last);
}

/* "explanation" and "fixes" of a finished cell (explain.h). */
static void
json_explanation(FILE *f, const char *in, const struct explanation *e)
{
	static const char *const side[] = { "none", "server", "client",
	    "network" };
	char in2[16];

	if (e == NULL) {
		json_kv_null(f, in, "explanation", false);
		json_kv_null(f, in, "fixes", false);
		return;
	}
	snprintf(in2, sizeof in2, "%s  ", in);
	fprintf(f, "%s\"explanation\": {\n", in);
	json_kv_str(f, in2, "side", side[e->side], false);
	json_kv_str(f, in2, "summary", e->summary, false);
	json_kv_str(f, in2, "detail", e->detail, true);
	fprintf(f, "%s},\n", in);
	fprintf(f, "%s\"fixes\": {\n", in);
	json_kv_opt(f, in2, "server", e->fix_server, false);
	json_kv_opt(f, in2, "client", e->fix_client, false);
	json_kv_opt(f, in2, "client_warning", e->fix_client_warning, true);
	fprintf(f, "%s},\n", in);
}

/* "consistency": what depends on the address (findings.h). */
static void
json_consistency(FILE *f, const struct model *m)
{
	const char *in = "      ";
	const struct profile **cols;
	struct findings fd;
	char buf[EXPLAIN_TEXT_MAX];
	size_t r, c, nr = model_rows(m), nc = model_cols(m);

	findings_compute(m, &fd);
	fputs("  \"consistency\": {\n", f);
	if (fd.have_ref)
		json_kv_str(f, "    ", "reference",
		    model_row(m, fd.ref_row)->text, false);
	else
		json_kv_null(f, "    ", "reference", false);
	fputs(nc == 0 ? "    \"columns\": [],\n" : "    \"columns\": [\n",
	    f);
	for (c = 0; c < nc; c++) {
		const struct column_finding *cf = &fd.cols[c];
		size_t done = cf->ok + cf->failed;

		fputs("      {\"profile\": ", f);
		json_str(f, model_col(m, c)->id);
		fprintf(f, ", \"ok\": %zu, \"failed\": %zu, \"pending\": %zu, "
		    "\"depends_on_address\": %s, \"fail_share\": %.2f}%s\n",
		    cf->ok, cf->failed, cf->pending, cf->depends ? "true" :
		    "false", done ? (double)cf->failed / (double)done : 0.0,
		    c + 1 < nc ? "," : "");
	}
	if (nc > 0)
		fputs("    ],\n", f);
	cols = xcalloc(nc ? nc : 1, sizeof *cols);
	for (c = 0; c < nc; c++)
		cols[c] = model_col(m, c);
	fputs(nr == 0 ? "    \"addresses\": []\n" : "    \"addresses\": [\n",
	    f);
	for (r = 0; r < nr; r++) {
		const struct model_row *rw = model_row(m, r);

		fputs("      {\n", f);
		json_kv_str(f, "        ", "address", rw->text, false);
		json_kv_str(f, "        ", "signature", fd.rows[r].signature,
		    false);
		fprintf(f, "        \"differs\": %s,\n", fd.rows[r].differs ?
		    "true" : "false");
		buf[0] = '\0';
		if (fd.have_ref && fd.ref_row != r)
			explain_server_diff(rw->server,
			    model_row(m, fd.ref_row)->server, buf, sizeof buf);
		fputs("        \"differences\": [", f);
		{
			char *line = buf, *nl;
			bool first = true;

			while (*line != '\0') {
				nl = strchr(line, '\n');
				if (nl != NULL)
					*nl = '\0';
				fputs(first ? "" : ", ", f);
				json_str(f, line);
				first = false;
				line = nl != NULL ? nl + 1 : line + strlen(line);
			}
		}
		fputs("],\n", f);
		explain_server_fix(cols, nc, rw->server, buf, sizeof buf);
		json_kv_opt(f, "        ", "server_fix", buf, true);
		fprintf(f, "      }%s\n", r + 1 < nr ? "," : "");
	}
	if (nr > 0)
		fputs("    ]\n", f);
	fputs("  },\n", f);
	free(cols);
	findings_cleanup(&fd);
	(void)in;
}

/* "repeats": the probes of this cell (--repeat) and their outcomes. */
static void
json_repeats(FILE *f, const char *in, const struct model_cell *c)
{
	size_t i;

	fprintf(f, "%s\"repeats\": {\"total\": %u, \"ok\": %u, "
	    "\"outcomes\": [", in, c->finished, c->ok);
	for (i = 0; i < c->n_outcomes; i++) {
		const struct model_outcome *o = &c->outcomes[i];
		const char *v = tls_version_name(o->version);
		const char *cn = tls_suite_name(o->cipher);

		fputs(i ? ", " : "", f);
		fprintf(f, "{\"verdict\": \"%s\", \"protocol\": ",
		    o->ok ? "ok" : "fail");
		if (v != NULL && o->version != 0)
			json_str(f, v);
		else
			fputs("null", f);
		fputs(", \"cipher\": ", f);
		if (o->ok && cn != NULL)
			json_str(f, cn);
		else
			fputs("null", f);
		fputs(", \"reason\": ", f);
		if (o->ok)
			fputs("null", f);
		else
			json_str(f, result_reason_name(o->reason));
		fprintf(f, ", \"count\": %u}", o->count);
	}
	fputs("]},\n", f);
}

static void
json_cell(FILE *f, const struct model *m, size_t row, size_t col,
    const struct export_opts *eo, bool last)
{
	const char			*in = "      ";
	const struct model_cell		*c = model_cell(m, row, col);
	const struct probe_result	*r;
	const struct tls_suite		*s;
	enum cell_class			 k = fmt_cell_class(c);
	struct explanation		 e;
	bool				 have_e;

	fputs("    {\n", f);
	json_kv_str(f, in, "address", model_row(m, row)->text, false);
	json_kv_str(f, in, "profile", model_col(m, col)->id, false);
	if (k == CLASS_PENDING) {
		json_kv_str(f, in, "verdict", "pending", false);
		json_kv_str(f, in, "outcome", "pending", false);
		json_kv_null(f, in, "protocol", false);
		json_kv_null(f, in, "cipher", false);
		json_kv_null(f, in, "cipher_openssl", false);
		json_kv_null(f, in, "group", false);
		json_kv_null(f, in, "dh_bits", false);
		json_kv_null(f, in, "reason", false);
		json_kv_null(f, in, "probe_reason", false);
		json_kv_null(f, in, "alert", false);
		json_kv_null(f, in, "alert_sent", false);
		json_kv_str(f, in, "detail", "", false);
		json_kv_null(f, in, "explanation", false);
		json_kv_null(f, in, "fixes", false);
		json_kv_null(f, in, "repeats", false);
		json_kv_null(f, in, "method", false);
		json_kv_null(f, in, "certificate", false);
		json_kv_null(f, in, "verify_code", false);
		json_kv_null(f, in, "timings", true);
		fprintf(f, "    }%s\n", last ? "" : ",");
		return;
	}
	r = c->result;
	s = r->cipher != 0 ? tls_suite_by_code(r->cipher) : NULL;
	json_kv_str(f, in, "verdict", k == CLASS_OK ? "ok" : "fail", false);
	json_kv_str(f, in, "outcome", outcome_name(r->outcome), false);
	json_kv_code(f, in, "protocol", r->version,
	    tls_version_name(r->version), false);
	json_kv_code(f, in, "cipher", r->cipher, s != NULL ? s->iana : NULL,
	    false);
	if (s != NULL && s->openssl != NULL)
		json_kv_str(f, in, "cipher_openssl", s->openssl, false);
	else
		json_kv_null(f, in, "cipher_openssl", false);
	json_kv_code(f, in, "group", r->group, tls_group_name(r->group),
	    false);
	if (r->dh_bits > 0)
		json_kv_int(f, in, "dh_bits", r->dh_bits, false);
	else
		json_kv_null(f, in, "dh_bits", false);
	have_e = fmt_cell_explain(m, row, col, &e);
	if (k == CLASS_OK && r->reason == REASON_NONE) {
		json_kv_null(f, in, "reason", false);
		json_kv_null(f, in, "probe_reason", false);
	} else {
		/* the reason after set arithmetic, and what the probe saw */
		json_kv_str(f, in, "reason", have_e && e.reason != r->reason ?
		    result_reason_name(e.reason) : fmt_reason_name(r), false);
		json_kv_str(f, in, "probe_reason", fmt_reason_name(r), false);
	}
	json_kv_alert(f, in, "alert", r->alert_received, false);
	json_kv_alert(f, in, "alert_sent", r->alert_sent, false);
	json_kv_str(f, in, "detail", r->detail, false);
	json_explanation(f, in, have_e ? &e : NULL);
	json_repeats(f, in, c);
	json_kv_str(f, in, "method", r->method, false);
	if (r->have_cert)
		json_cert(f, &r->cert);
	else
		json_kv_null(f, in, "certificate", false);
	json_kv_int(f, in, "verify_code", r->verify_code, false);
	if (eo->timings)
		fprintf(f, "%s\"timings\": {\"connect_ms\": %lu, "
		    "\"handshake_ms\": %lu}\n", in,
		    (unsigned long)r->connect_ms,
		    (unsigned long)r->handshake_ms);
	else
		json_kv_null(f, in, "timings", true);
	fprintf(f, "    }%s\n", last ? "" : ",");
}

static void
json_kv_bool(FILE *f, const char *indent, const char *key, bool val,
    bool last)
{
	fprintf(f, "%s\"%s\": %s%s\n", indent, key, val ? "true" : "false",
	    last ? "" : ",");
}

/* "cname_chain": ["b.example", "c.example"] on one line. */
static void
json_cname_chain(FILE *f, const struct model *m)
{
	size_t i, n = model_cname_count(m);

	fputs("    \"cname_chain\": [", f);
	for (i = 0; i < n; i++) {
		if (i > 0)
			fputs(", ", f);
		json_str(f, model_cname(m, i));
	}
	fputs("]\n", f);
}

/* resolution.per_resolver and resolution.errors (docs/JSON.md). */
static void
json_resolvers(FILE *f, const struct model *m)
{
	const struct model_resolver	*rv;
	size_t				 i, n = model_resolver_count(m), k;

	json_kv_int(f, "    ", "samples", model_rounds_done(m), false);
	json_kv_bool(f, "    ", "disagree", model_resolvers_disagree(m), false);
	fputs(n == 0 ? "    \"per_resolver\": [],\n" :
	    "    \"per_resolver\": [\n", f);
	for (i = 0; i < n; i++) {
		rv = model_resolver(m, i);
		fputs("      {\"resolver\": ", f);
		json_str(f, rv->name);
		fprintf(f, ", \"queries\": %lu, \"answers\": %lu, "
		    "\"failures\": %lu, \"capped\": %s, \"reason\": ",
		    (unsigned long)rv->queries, (unsigned long)rv->answers,
		    (unsigned long)rv->failures, rv->capped ? "true" : "false");
		json_str(f, rv->reason);
		fprintf(f, "}%s\n", i + 1 < n ? "," : "");
	}
	if (n > 0)
		fputs("    ],\n", f);
	k = model_resolver_errors(m);
	fputs(k == 0 ? "    \"errors\": []\n" : "    \"errors\": [\n", f);
	for (i = 0; i < n; i++) {
		rv = model_resolver(m, i);
		if (rv->failures == 0)
			continue;
		fputs("      {\"resolver\": ", f);
		json_str(f, rv->name);
		fputs(", \"error\": ", f);
		json_str(f, rv->error);
		fputs(", \"reason\": ", f);
		json_str(f, rv->reason);
		fprintf(f, ", \"failures\": %lu, \"queries\": %lu}%s\n",
		    (unsigned long)rv->failures, (unsigned long)rv->queries,
		    --k > 0 ? "," : "");
	}
	if (model_resolver_errors(m) > 0)
		fputs("    ]\n", f);
}

/* addresses[].sources: one per resolver, seen or not. */
static void
json_sources(FILE *f, const struct model *m, const struct model_row *rw)
{
	const struct model_resolver	*rv;
	const struct model_source	*src;
	size_t				 i, n = model_resolver_count(m);

	if (rw->sources == NULL || n == 0) {
		fputs("      \"sources\": []\n", f);
		return;
	}
	fputs("      \"sources\": [\n", f);
	for (i = 0; i < n; i++) {
		rv = model_resolver(m, i);
		src = &rw->sources[i];
		fputs("        {\"resolver\": ", f);
		json_str(f, rv->name);
		fprintf(f, ", \"seen\": %lu, \"samples\": %lu, \"ttl\": ",
		    (unsigned long)src->seen, (unsigned long)rv->queries);
		if (src->seen > 0)
			fprintf(f, "%lu", (unsigned long)src->ttl);
		else
			fputs("null", f);
		fprintf(f, ", \"present\": %s}%s\n",
		    src->present ? "true" : "false", i + 1 < n ? "," : "");
	}
	fputs("      ]\n", f);
}

static void
json_write(const struct model *m, const struct export_opts *eo, FILE *f)
{
	const struct model_row	*rw;
	const struct profile	*p;
	struct tally		 t = tally(m);
	size_t			 r, c, nr = model_rows(m), nc = model_cols(m);
	char			 when[32];

	generated_text(eo, when, sizeof when);
	fputs("{\n", f);
	json_kv_int(f, "  ", "schema_version", 1, false);
	json_kv_str(f, "  ", "tool", "tlsmatrix", false);
	json_kv_str(f, "  ", "version", PACKAGE_VERSION, false);
	json_kv_str(f, "  ", "generated", when, false);

	fputs("  \"target\": {\n", f);
	json_kv_str(f, "    ", "host", model_host(m), false);
	json_kv_int(f, "    ", "port", model_port(m), false);
	json_kv_str(f, "    ", "sni", model_sni(m), false);
	json_cname_chain(f, m);
	fputs("  },\n", f);

	fputs("  \"resolution\": {\n", f);
	json_kv_str(f, "    ", "resolvers", model_resolvers(m), false);
	json_kv_str(f, "    ", "state",
	    resolve_state_name(model_resolve_state(m)), false);
	json_kv_str(f, "    ", "error", model_resolve_error(m), false);
	json_kv_str(f, "    ", "canonical", model_canonical(m), false);
	json_resolvers(f, m);
	fputs("  },\n", f);

	fputs(nr == 0 ? "  \"addresses\": [],\n" : "  \"addresses\": [\n", f);
	for (r = 0; r < nr; r++) {
		rw = model_row(m, r);
		fputs("    {\n", f);
		json_kv_str(f, "      ", "address", rw->text, false);
		json_kv_str(f, "      ", "family", family_name(&rw->addr),
		    false);
		json_kv_int(f, "      ", "ttl", rw->ttl, false);
		json_kv_str(f, "      ", "source", rw->source, false);
		json_kv_str(f, "      ", "label", rw->label, false);
		json_kv_bool(f, "      ", "present", !rw->gone, false);
		json_kv_bool(f, "      ", "disputed", model_row_disputed(m, r),
		    false);
		json_sources(f, m, rw);
		fprintf(f, "    }%s\n", r + 1 < nr ? "," : "");
	}
	if (nr > 0)
		fputs("  ],\n", f);

	fputs(nc == 0 ? "  \"profiles\": [],\n" : "  \"profiles\": [\n", f);
	for (c = 0; c < nc; c++) {
		p = model_col(m, c);
		fputs("    {\n", f);
		json_kv_str(f, "      ", "id", p->id, false);
		json_kv_str(f, "      ", "name", p->name, false);
		json_kv_str(f, "      ", "family", p->family, false);
		json_kv_str(f, "      ", "runtime", p->runtime, false);
		json_kv_str(f, "      ", "library", p->library, false);
		json_kv_str(f, "      ", "platform", p->platform, false);
		json_kv_str(f, "      ", "source", p->source, true);
		fprintf(f, "    }%s\n", c + 1 < nc ? "," : "");
	}
	if (nc > 0)
		fputs("  ],\n", f);

	fputs(t.cells == 0 ? "  \"cells\": [],\n" : "  \"cells\": [\n", f);
	for (r = 0; r < nr; r++) {
		for (c = 0; c < nc; c++)
			json_cell(f, m, r, c, eo, r + 1 == nr && c + 1 == nc);
	}
	if (t.cells > 0)
		fputs("  ],\n", f);

	fputs(nr == 0 ? "  \"servers\": [],\n" : "  \"servers\": [\n", f);
	for (r = 0; r < nr; r++)
		json_server(f, model_row(m, r), eo, r + 1 == nr);
	if (nr > 0)
		fputs("  ],\n", f);

	json_consistency(f, m);

	fputs("  \"summary\": {\n", f);
	json_kv_int(f, "    ", "cells", (long long)t.cells, false);
	json_kv_int(f, "    ", "ok", (long long)t.ok, false);
	json_kv_int(f, "    ", "failed", (long long)t.failed, false);
	json_kv_int(f, "    ", "pending", (long long)t.pending, true);
	fputs("  }\n}\n", f);
}


/* --- JSON lines ------------------------------------------------------ */

/*
 * The pretty JSON of json_write and json_cell on one line: every raw
 * newline in that output is structure (strings escape theirs), so
 * dropping each newline with the indentation after it leaves the same
 * document, compact.
 */
static void
put_compact(FILE *f, const char *s, size_t n)
{
	size_t	i;
	char	last = '\0';

	for (i = 0; i < n; i++) {
		if (s[i] == '\n') {
			while (i + 1 < n && s[i + 1] == ' ')
				i++;
			/* ",\n  \"key\"" reads ", \"key\"" as elsewhere */
			if (last == ',' && i + 1 < n)
				putc(' ', f);
			continue;
		}
		putc(s[i], f);
		last = s[i];
	}
}

/* The target as one string, "host:port" ("[v6]:port"). */
static void
json_target_str(FILE *f, const struct model *m)
{
	const char	*h = model_host(m) != NULL ? model_host(m) : "";
	char		*t;
	bool		 v6 = strchr(h, ':') != NULL;

	t = xasprintf("%s%s%s:%u", v6 ? "[" : "", h, v6 ? "]" : "",
	    (unsigned)model_port(m));
	json_str(f, t);
	free(t);
}

enum status
export_jsonl_cell(const struct model *m, size_t row, size_t col,
    const struct export_opts *eo, FILE *out)
{
	struct export_opts	 def;
	char			*buf = NULL;
	size_t			 len = 0;
	FILE			*mem;

	if (eo == NULL) {
		export_opts_default(&def);
		eo = &def;
	}
	if ((mem = open_memstream(&buf, &len)) == NULL)
		return ST_EIO;
	json_cell(mem, m, row, col, eo, true);
	if (fclose(mem) != 0) {
		free(buf);
		return ST_EIO;
	}
	/* {"type": "cell", "target": ..., then the cell's own members */
	fputs("{\"type\": \"cell\", \"schema_version\": 1, \"target\": ", out);
	json_target_str(out, m);
	fputs(", ", out);
	/* skip the cell's indentation and its opening brace */
	{
		const char *p = buf + strspn(buf, " ");

		if (*p == '{')
			p++;
		put_compact(out, p, len - (size_t)(p - buf));
	}
	putc('\n', out);
	free(buf);
	if (fflush(out) != 0 || ferror(out))
		return ST_EIO;
	return ST_OK;
}

enum status
export_jsonl_summary(const struct model *m, const struct export_opts *eo,
    FILE *out)
{
	struct tally	t = tally(m);
	char		when[32];

	generated_text(eo, when, sizeof when);
	fputs("{\"type\": \"summary\", \"schema_version\": 1, \"target\": ",
	    out);
	json_target_str(out, m);
	fputs(", \"generated\": ", out);
	json_str(out, when);
	fprintf(out, ", \"resolution\": \"%s\", \"addresses\": %zu, "
	    "\"profiles\": %zu, \"cells\": %zu, \"ok\": %zu, \"failed\": %zu, "
	    "\"pending\": %zu}\n",
	    resolve_state_name(model_resolve_state(m)), model_rows(m),
	    model_cols(m), t.cells, t.ok, t.failed, t.pending);
	if (fflush(out) != 0 || ferror(out))
		return ST_EIO;
	return ST_OK;
}

/* --format jsonl written at once (--export): every finished cell in
 * row-major order, then the summary line. */
static void
export_jsonl_document(const struct model *m, const struct export_opts *eo,
    FILE *f)
{
	size_t	r, c;

	for (r = 0; r < model_rows(m); r++)
		for (c = 0; c < model_cols(m); c++)
			if (fmt_cell_class(model_cell(m, r, c)) !=
			    CLASS_PENDING)
				(void)export_jsonl_cell(m, r, c, eo, f);
	(void)export_jsonl_summary(m, eo, f);
}

enum status
export_json_line(const struct model *m, const struct export_opts *eo,
    FILE *out)
{
	struct export_opts	 def;
	char			*buf = NULL;
	size_t			 len = 0;
	FILE			*mem;

	if (eo == NULL) {
		export_opts_default(&def);
		eo = &def;
	}
	if ((mem = open_memstream(&buf, &len)) == NULL)
		return ST_EIO;
	json_write(m, eo, mem);
	if (fclose(mem) != 0) {
		free(buf);
		return ST_EIO;
	}
	put_compact(out, buf, len);
	putc('\n', out);
	free(buf);
	if (fflush(out) != 0 || ferror(out))
		return ST_EIO;
	return ST_OK;
}

/* --- text ------------------------------------------------------------ */

#define EXPORT_DETAIL_MAX	(64 * 1024)

/* A sanitized, ASCII-only copy of s; the caller frees it. Four bytes out
 * per byte in is the worst case (\xHH). */
static char *
safe_dup(const char *s)
{
	size_t	 n;
	char	*out;

	if (s == NULL)
		s = "";
	n = strlen(s);
	out = xmalloc(n * 4 + 1);
	fmt_sanitize(s, out, n * 4 + 1, false);
	return out;
}

static void
put_safe(FILE *f, const char *s)
{
	char	*t = safe_dup(s);

	fputs(t, f);
	free(t);
}

/* s padded or cut to exactly w columns (ASCII: bytes are columns). A cut
 * ends in '~' so that it is not read as the whole value. */
static void
put_cell(FILE *f, const char *s, size_t w, bool pad)
{
	size_t	n = strlen(s);

	if (n > w) {
		fwrite(s, 1, w > 0 ? w - 1 : 0, f);
		if (w > 0)
			putc('~', f);
		return;
	}
	fputs(s, f);
	if (pad) {
		for (; n < w; n++)
			putc(' ', f);
	}
}

/* The matrix cell: "ok TLS1.2", "FAIL alert:handshake_failure", "...". */
static void
matrix_text(const struct model *m, size_t row, size_t col, char *buf,
    size_t len)
{
	const struct model_cell *c = model_cell(m, row, col);
	char	why[80];

	switch (fmt_cell_class(c)) {
	case CLASS_PENDING:
		snprintf(buf, len, "...");
		return;
	case CLASS_OK:
		snprintf(buf, len, "ok %s",
		    fmt_version_short(c->result->version));
		return;
	case CLASS_FAIL:
	case CLASS_ERROR:
		break;
	}
	/* the reason once the enumeration explains it, else the alert */
	fmt_cell_label_at(m, row, col, false, why, sizeof why);
	snprintf(buf, len, "FAIL %s", why);
}

static void
text_header(const struct model *m, const struct export_opts *eo,
    const struct tally *t, FILE *f)
{
	const char	*s;
	char		 when[32];
	bool		 v6;

	generated_text(eo, when, sizeof when);
	fprintf(f, "tlsmatrix %s snapshot\n", PACKAGE_VERSION);
	fprintf(f, "generated:  %s\n", when);
	/* an IPv6 literal takes brackets, or its port would read as part
	 * of the address */
	s = model_host(m);
	v6 = s != NULL && strchr(s, ':') != NULL;
	fputs(v6 ? "target:     [" : "target:     ", f);
	put_safe(f, s);
	fprintf(f, "%s:%u\n", v6 ? "]" : "", (unsigned)model_port(m));
	fputs("sni:        ", f);
	put_safe(f, model_sni(m) != NULL ? model_sni(m) : "-");
	fputs("\nresolvers:  ", f);
	put_safe(f, model_resolvers(m));
	fprintf(f, "\nresolution: %s",
	    resolve_state_name(model_resolve_state(m)));
	if ((s = model_resolve_error(m)) != NULL) {
		fputs(": ", f);
		put_safe(f, s);
	}
	fputs("\ncanonical:  ", f);
	put_safe(f, (s = model_canonical(m)) != NULL ? s : "-");
	if (model_cname_count(m) > 0) {
		size_t i;

		fputs("\ncname chain: ", f);
		put_safe(f, model_host(m));
		for (i = 0; i < model_cname_count(m); i++) {
			fputs(" -> ", f);
			put_safe(f, model_cname(m, i));
		}
	}
	fprintf(f, "\ncells:      %zu (%zu ok, %zu failed, %zu pending)\n",
	    t->cells, t->ok, t->failed, t->pending);
}

static void
text_addresses(const struct model *m, FILE *f)
{
	const struct model_row	*rw;
	char			*a, *s, *l;
	size_t			 r, aw = 7, sw = 6, n;

	fprintf(f, "\nAddresses (%zu)\n", model_rows(m));
	if (model_rows(m) == 0) {
		fputs("  (none)\n", f);
		return;
	}
	for (r = 0; r < model_rows(m); r++) {
		rw = model_row(m, r);
		if ((n = strlen(rw->text)) > aw)
			aw = n;
		if ((n = strlen(rw->source)) > sw)
			sw = n;
	}
	if (aw > ADDR_WIDTH_MAX)
		aw = ADDR_WIDTH_MAX;
	if (sw > 12)
		sw = 12;
	fputs("  ", f);
	put_cell(f, "ADDRESS", aw, true);
	fputs("  FAMILY  TTL        ", f);
	put_cell(f, "SOURCE", sw, true);
	fputs("  LABEL\n", f);
	for (r = 0; r < model_rows(m); r++) {
		rw = model_row(m, r);
		a = safe_dup(rw->text);
		s = safe_dup(rw->source);
		l = safe_dup(rw->label);
		fputs("  ", f);
		put_cell(f, a, aw, true);
		fprintf(f, "  %-6s  %-9lu  ", family_name(&rw->addr),
		    (unsigned long)rw->ttl);
		put_cell(f, s, sw, l[0] != '\0');
		if (l[0] != '\0') {
			fputs("  ", f);
			/* keep the line within the matrix's width */
			put_cell(f, l, TEXT_WIDTH - (2 + aw + 21 + sw + 2),
			    false);
		}
		putc('\n', f);
		free(a);
		free(s);
		free(l);
	}
}

/*
 * Each resolver, what it answered and how it failed; then, when there is
 * more than one resolver or more than one sample, every address with how
 * often each resolver returned it.
 */
static void
text_resolvers(const struct model *m, FILE *f)
{
	const struct model_resolver	*rv;
	const struct model_row		*rw;
	size_t				 i, r, nres = model_resolver_count(m);
	size_t				 aw = 7, n, shown;
	unsigned			 rounds = model_rounds_done(m);
	char				*t, cnt[32];

	if (nres == 0)
		return;
	fprintf(f, "\nResolvers (%zu, %u sample%s%s)\n", nres, rounds,
	    rounds == 1 ? "" : "s", model_resolvers_disagree(m) ?
	    "; RESOLVERS DISAGREE" : "");
	for (i = 0; i < nres; i++) {
		rv = model_resolver(m, i);
		for (r = 0, shown = 0; r < model_rows(m); r++) {
			rw = model_row(m, r);
			if (rw->sources != NULL && rw->sources[i].seen > 0)
				shown++;
		}
		t = safe_dup(rv->name);
		fprintf(f, "  #%zu %s: %lu of %lu queries answered, %zu "
		    "address%s\n", i + 1, t, (unsigned long)rv->answers,
		    (unsigned long)rv->queries, shown, shown == 1 ? "" : "es");
		if (rv->capped)
			fprintf(f, "     capped: an answer held more than %d "
			    "addresses; the rest were dropped\n",
			    RESOLVER_MAX_ADDRS);
		free(t);
		if (rv->failures > 0) {
			fprintf(f, "     %lu failed (%s), latest: ",
			    (unsigned long)rv->failures,
			    rv->reason != NULL ? rv->reason : "error");
			put_safe(f, rv->error);
			putc('\n', f);
		}
	}
	if (nres < 2 && rounds < 2)
		return;
	for (r = 0; r < model_rows(m); r++)
		if ((n = strlen(model_row(m, r)->text)) > aw)
			aw = n;
	if (aw > ADDR_WIDTH_MAX)
		aw = ADDR_WIDTH_MAX;
	fputs("\nAnswers (times seen / queries, per resolver)\n  ", f);
	put_cell(f, "ADDRESS", aw, true);
	for (i = 0; i < nres; i++) {
		snprintf(cnt, sizeof cnt, "#%zu", i + 1);
		fputs("  ", f);
		put_cell(f, cnt, 9, i + 1 < nres);
	}
	fputs("\n", f);
	for (r = 0; r < model_rows(m); r++) {
		bool mark;

		rw = model_row(m, r);
		if (rw->sources == NULL)
			continue;
		mark = rw->gone || model_row_disputed(m, r);
		t = safe_dup(rw->text);
		fputs("  ", f);
		put_cell(f, t, aw, true);
		free(t);
		for (i = 0; i < nres; i++) {
			rv = model_resolver(m, i);
			snprintf(cnt, sizeof cnt, "%lu/%lu%s",
			    (unsigned long)rw->sources[i].seen,
			    (unsigned long)rv->queries,
			    rw->sources[i].present ? "" : " -");
			fputs("  ", f);
			put_cell(f, cnt, 9, i + 1 < nres || mark);
		}
		if (rw->gone)
			fputs("  gone (in no latest answer)", f);
		else if (model_row_disputed(m, r))
			fputs("  not from every resolver", f);
		putc('\n', f);
	}
}

/* One block of columns [c0, c1) of the matrix. */
static void
text_matrix_block(const struct model *m, size_t c0, size_t c1, size_t aw,
    const size_t *cw, FILE *f)
{
	size_t	r, c, i;
	char	buf[128], *t;

	fputs("  ", f);
	put_cell(f, "ADDRESS", aw, true);
	for (c = c0; c < c1; c++) {
		fputs(" | ", f);
		t = safe_dup(model_col(m, c)->id);
		put_cell(f, t, cw[c], c + 1 < c1);
		free(t);
	}
	fputs("\n  ", f);
	for (i = 0; i < aw; i++)
		putc('-', f);
	for (c = c0; c < c1; c++) {
		fputs("-+-", f);
		for (i = 0; i < cw[c]; i++)
			putc('-', f);
	}
	putc('\n', f);
	for (r = 0; r < model_rows(m); r++) {
		fputs("  ", f);
		t = safe_dup(model_row(m, r)->text);
		put_cell(f, t, aw, true);
		free(t);
		for (c = c0; c < c1; c++) {
			fputs(" | ", f);
			matrix_text(m, r, c, buf, sizeof buf);
			t = safe_dup(buf);
			put_cell(f, t, cw[c], c + 1 < c1);
			free(t);
		}
		putc('\n', f);
	}
}

/*
 * The matrix in blocks of columns that fit TEXT_WIDTH: "  ADDR" then
 * " | CELL" per column, so a block is 2 + aw + sum(3 + cw) wide.
 */
static void
text_matrix(const struct model *m, FILE *f)
{
	size_t	 nr = model_rows(m), nc = model_cols(m), aw = 7, r, c, c0, w;
	size_t	*cw, n, maxcw;
	char	 buf[128];

	fputs("\nMatrix (rows: addresses, columns: profiles)\n", f);
	if (nr == 0 || nc == 0) {
		fputs("  (empty)\n", f);
		return;
	}
	for (r = 0; r < nr; r++) {
		if ((n = strlen(model_row(m, r)->text)) > aw)
			aw = n;
	}
	if (aw > ADDR_WIDTH_MAX)
		aw = ADDR_WIDTH_MAX;
	maxcw = TEXT_WIDTH - 2 - aw - 3;
	cw = xcalloc(nc, sizeof *cw);
	for (c = 0; c < nc; c++) {
		/* widths are measured on the sanitized text, which is what
		 * gets printed */
		fmt_sanitize(model_col(m, c)->id, buf, sizeof buf, false);
		cw[c] = strlen(buf);
		for (r = 0; r < nr; r++) {
			matrix_text(m, r, c, buf, sizeof buf);
			if ((n = strlen(buf)) > cw[c])
				cw[c] = n;
		}
		if (cw[c] > maxcw)
			cw[c] = maxcw;
	}
	for (c0 = 0; c0 < nc; c0 = c) {
		w = 2 + aw;
		for (c = c0; c < nc && (c == c0 || w + 3 + cw[c] <= TEXT_WIDTH);
		    c++)
			w += 3 + cw[c];
		if (c0 > 0)
			putc('\n', f);
		text_matrix_block(m, c0, c, aw, cw, f);
	}
	free(cw);
}

static void
text_alert(FILE *f, const char *what, int alert)
{
	const char	*name = NULL;

	if (alert < 0)
		return;
	if (alert <= 255)
		name = tls_alert_name((uint8_t)alert);
	fprintf(f, "    alert %s: %s (%d)\n", what,
	    name != NULL ? name : "unknown", alert);
}

/* Each line of text, indented, escaped. */
static void
put_lines(FILE *f, const char *indent, const char *text)
{
	const char *p = text, *nl;
	char *line;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		line = xstrndup(p, nl != NULL ? (size_t)(nl - p) : strlen(p));
		fputs(indent, f);
		put_safe(f, line);
		putc('\n', f);
		free(line);
		p = nl != NULL ? nl + 1 : p + strlen(p);
	}
}

/* Why a cell failed and the hints, as explain.h found them. */
static void
text_explanation(FILE *f, const struct explanation *e)
{
	static const char *const side[] = { "", "server", "client",
	    "network" };

	if (e->side != SIDE_NONE) {
		fprintf(f, "    why (%s side): ", side[e->side]);
		put_safe(f, e->summary);
		putc('\n', f);
	}
	put_lines(f, "      ", e->detail);
	if (e->fix_server[0] != '\0') {
		fputs("    hint, fix the server: ", f);
		put_safe(f, e->fix_server);
		putc('\n', f);
	}
	if (e->fix_client[0] != '\0') {
		fputs("    hint, or the client: ", f);
		put_safe(f, e->fix_client);
		putc('\n', f);
	}
	if (e->fix_client_warning[0] != '\0') {
		fputs("      warning: ", f);
		put_safe(f, e->fix_client_warning);
		putc('\n', f);
	}
}

/* What an SRE should read first: clients that fail only on some
 * addresses, and the backends configured unlike their siblings. */
static void
text_findings(const struct model *m, FILE *f)
{
	struct findings fd;
	char diff[EXPLAIN_TEXT_MAX];
	size_t r, c, k;

	findings_compute(m, &fd);
	fprintf(f, "\nFindings\n");
	if (fd.n_depends == 0 && fd.n_differ == 0)
		fputs("  no client's result depends on the address, and no "
		    "backend differs from its siblings\n", f);
	for (c = 0; c < fd.n_cols; c++) {
		const struct column_finding *cf = &fd.cols[c];

		if (!cf->depends)
			continue;
		fputs("  ", f);
		put_safe(f, model_col(m, c)->id);
		fprintf(f, " fails on %zu of %zu addresses (%.0f%% of "
		    "connections if DNS spreads them evenly):", cf->failed,
		    cf->failed + cf->ok, 100.0 * (double)cf->failed /
		    (double)(cf->failed + cf->ok));
		for (r = 0, k = 0; r < model_rows(m); r++) {
			const struct model_cell *cell = model_cell(m, r, c);

			if (fmt_cell_class(cell) != CLASS_FAIL &&
			    fmt_cell_class(cell) != CLASS_ERROR)
				continue;
			fputs(k++ ? ", " : " ", f);
			put_safe(f, model_row(m, r)->text);
		}
		putc('\n', f);
	}
	for (r = 0; r < fd.n_rows && fd.have_ref; r++) {
		const struct model_row *rw = model_row(m, r);

		if (!fd.rows[r].differs)
			continue;
		fputs("  ", f);
		put_safe(f, rw->text);
		fputs(" is configured unlike ", f);
		put_safe(f, model_row(m, fd.ref_row)->text);
		fputs(":\n", f);
		explain_server_diff(rw->server, model_row(m, fd.ref_row)->server,
		    diff, sizeof diff);
		put_lines(f, "    ", diff);
	}
	findings_cleanup(&fd);
}

static void
text_failures(const struct model *m, const struct tally *t,
    const struct export_opts *eo, FILE *f)
{
	const struct model_cell		*cell;
	const struct probe_result	*r;
	struct explanation		 e;
	bool				 have_e;
	size_t				 row, c;

	fprintf(f, "\nFailures (%zu)\n", t->failed);
	if (t->failed == 0)
		fputs("  (none)\n", f);
	for (row = 0; row < model_rows(m); row++) {
		for (c = 0; c < model_cols(m); c++) {
			cell = model_cell(m, row, c);
			if (fmt_cell_class(cell) != CLASS_FAIL &&
			    fmt_cell_class(cell) != CLASS_ERROR)
				continue;
			r = cell->result;
			have_e = fmt_cell_explain(m, row, c, &e);
			fputs("  ", f);
			put_safe(f, model_row(m, row)->text);
			fputs(" as ", f);
			put_safe(f, model_col(m, c)->id);
			if (have_e && e.reason != r->reason)
				fprintf(f, ": %s (%s)",
				    result_reason_name(e.reason),
				    result_reason_text(e.reason));
			else {
				fprintf(f, ": %s", fmt_reason_name(r));
				if (r->reason != REASON_NONE)
					fprintf(f, " (%s)",
					    result_reason_text(r->reason));
			}
			putc('\n', f);
			if (have_e)
				text_explanation(f, &e);
			text_alert(f, "received", r->alert_received);
			text_alert(f, "sent", r->alert_sent);
			if (r->detail[0] != '\0') {
				fputs("    detail: ", f);
				put_safe(f, r->detail);
				putc('\n', f);
			}
			if (r->have_cert && r->reason >= REASON_KEY_TOO_SMALL &&
			    r->reason <= REASON_CERT_INVALID) {
				fputs("    certificate: ", f);
				put_safe(f, r->cert.subject);
				fputs("; issuer ", f);
				put_safe(f, r->cert.issuer);
				fputs("; valid until ", f);
				put_safe(f, r->cert.not_after);
				putc('\n', f);
			}
			/* a settled cell made no connection to time */
			if (eo->timings && !r->by_enumeration)
				fprintf(f, "    timings: connect %lu ms, "
				    "handshake %lu ms\n",
				    (unsigned long)r->connect_ms,
				    (unsigned long)r->handshake_ms);
		}
	}
}

static void
text_successes(const struct model *m, const struct tally *t,
    const struct export_opts *eo, FILE *f)
{
	const struct model_cell		*cell;
	const struct probe_result	*r;
	const struct tls_suite		*s;
	const char			*name;
	size_t				 row, c;

	fprintf(f, "\nSuccesses (%zu)\n", t->ok);
	if (t->ok == 0)
		fputs("  (none)\n", f);
	for (row = 0; row < model_rows(m); row++) {
		for (c = 0; c < model_cols(m); c++) {
			cell = model_cell(m, row, c);
			if (fmt_cell_class(cell) != CLASS_OK)
				continue;
			r = cell->result;
			fputs("  ", f);
			put_safe(f, model_row(m, row)->text);
			fputs(" as ", f);
			put_safe(f, model_col(m, c)->id);
			name = tls_version_name(r->version);
			fprintf(f, ": %s", name != NULL ? name :
			    fmt_version_short(r->version));
			s = tls_suite_by_code(r->cipher);
			if (s != NULL)
				fprintf(f, " %s%s%s%s", s->iana,
				    s->openssl != NULL ? " (" : "",
				    s->openssl != NULL ? s->openssl : "",
				    s->openssl != NULL ? ")" : "");
			else if (r->cipher != 0)
				fprintf(f, " 0x%04X", (unsigned)r->cipher);
			if (r->group != 0) {
				name = tls_group_name(r->group);
				if (name != NULL)
					fprintf(f, ", %s", name);
				else
					fprintf(f, ", group 0x%04x",
					    (unsigned)r->group);
			}
			if (r->dh_bits > 0)
				fprintf(f, ", DH %d bits", r->dh_bits);
			if (eo->timings)
				fprintf(f, ", %lu ms",
				    (unsigned long)r->handshake_ms);
			putc('\n', f);
		}
	}
}

static void
text_pending(const struct model *m, const struct tally *t, FILE *f)
{
	size_t	row, c;

	if (t->pending == 0)
		return;
	fprintf(f, "\nPending (%zu)\n", t->pending);
	for (row = 0; row < model_rows(m); row++) {
		for (c = 0; c < model_cols(m); c++) {
			if (fmt_cell_class(model_cell(m, row, c)) !=
			    CLASS_PENDING)
				continue;
			fputs("  ", f);
			put_safe(f, model_row(m, row)->text);
			fputs(" as ", f);
			put_safe(f, model_col(m, c)->id);
			putc('\n', f);
		}
	}
}

/* Each address's enumeration, as the TUI's address detail shows it. */
static void
text_servers(const struct model *m, FILE *f)
{
	size_t	r, nr = model_rows(m);
	char	*buf, *line, *next;
	bool	 any = false;

	for (r = 0; r < nr; r++)
		if (model_row(m, r)->scan_state != SCAN_OFF)
			any = true;
	if (!any)
		return;
	buf = xmalloc(EXPORT_DETAIL_MAX);
	fprintf(f, "\nServers (%zu)\n", nr);
	for (r = 0; r < nr; r++) {
		/* fmt output is already sanitized to ASCII */
		fmt_server_detail(m, r, false, buf, EXPORT_DETAIL_MAX);
		for (line = buf; *line != '\0'; line = next) {
			next = strchr(line, '\n');
			if (next == NULL)
				next = line + strlen(line);
			fprintf(f, "  %s%.*s\n", line == buf ? "" : "  ",
			    (int)(next - line), line);
			if (*next == '\n')
				next++;
		}
	}
	free(buf);
}

static void
text_profiles(const struct model *m, FILE *f)
{
	const struct profile	*p;
	size_t			 c;

	fprintf(f, "\nProfiles (%zu)\n", model_cols(m));
	for (c = 0; c < model_cols(m); c++) {
		p = model_col(m, c);
		fputs("  ", f);
		/* profile text fields are never NULL (profile.h) */
		put_safe(f, p->id);
		fputs(": ", f);
		put_safe(f, p->name);
		fputs("\n    library: ", f);
		put_safe(f, p->library);
		fputs("\n    source: ", f);
		put_safe(f, p->source);
		putc('\n', f);
	}
}

/* --- Markdown -------------------------------------------------------- */

/*
 * One table cell (GitHub-flavoured Markdown): the text snapshot's
 * sanitizer first (ASCII, controls as \xHH), then a backslash before every
 * character that would end the cell or start markup (| ` * [ ] < > \), so
 * a hostile string can neither break the table nor become a link.
 */
static void
md_escape(FILE *f, const char *t)
{
	const char	*p;

	for (p = t; *p != '\0'; p++) {
		if (strchr("\\|`*[]<>", *p) != NULL)
			putc('\\', f);
		putc(*p, f);
	}
}

static void
md_text(FILE *f, const char *s)
{
	char	*t = safe_dup(s);

	md_escape(f, t);
	free(t);
}

/* "| a | b |" from NULL-terminated cells. */
static void
md_row(FILE *f, const char *const *cells)
{
	for (; *cells != NULL; cells++) {
		fputs("| ", f);
		md_text(f, *cells);
		putc(' ', f);
	}
	fputs("|\n", f);
}

/* The header row and its rule. */
static void
md_head(FILE *f, const char *const *cells)
{
	size_t	n;

	md_row(f, cells);
	for (n = 0; cells[n] != NULL; n++)
		fputs("|---", f);
	fputs("|\n", f);
}

/*
 * "| key | value |". With lines, the value's newlines become <br> (our own
 * multi-line texts); without, the value is one line whatever it holds (a
 * server's text, whose newline is escaped like any control). safe: key
 * and value are fmt output, sanitized already, so only Markdown's escapes
 * are added (sanitizing again would show "\x1b" as "\x5cx1b").
 */
static void
md_kv_as(FILE *f, const char *key, const char *val, bool lines, bool safe)
{
	const char	*p = val, *nl;
	char		*line;

	if (val == NULL || *val == '\0')
		return;
	fputs("| ", f);
	if (safe)
		md_escape(f, key);
	else
		md_text(f, key);
	fputs(" | ", f);
	while (*p != '\0') {
		nl = lines ? strchr(p, '\n') : NULL;
		line = xstrndup(p, nl != NULL ? (size_t)(nl - p) : strlen(p));
		if (safe)
			md_escape(f, line);
		else
			md_text(f, line);
		free(line);
		p = nl != NULL ? nl + 1 : p + strlen(p);
		if (*p != '\0')
			fputs("<br>", f);
	}
	fputs(" |\n", f);
}

/* "| key | value |", the value's lines joined by <br>. */
static void
md_kv(FILE *f, const char *key, const char *val)
{
	md_kv_as(f, key, val, true, false);
}

static void
md_header(const struct model *m, const struct export_opts *eo,
    const struct tally *t, FILE *f)
{
	static const char *const head[] = { "", "", NULL };
	const char	*s;
	char		 buf[NETADDR_HOST_MAX + 64], when[32];
	size_t		 i;

	generated_text(eo, when, sizeof when);
	fprintf(f, "# tlsmatrix %s snapshot\n\n", PACKAGE_VERSION);
	md_head(f, head);
	md_kv(f, "generated", when);
	s = model_host(m);
	snprintf(buf, sizeof buf, "%s%s%s:%u", strchr(s, ':') ? "[" : "", s,
	    strchr(s, ':') ? "]" : "", (unsigned)model_port(m));
	md_kv(f, "target", buf);
	md_kv(f, "sni", model_sni(m) != NULL ? model_sni(m) : "-");
	md_kv(f, "resolvers", model_resolvers(m));
	s = model_resolve_error(m);
	snprintf(buf, sizeof buf, "%s%s%.*s",
	    resolve_state_name(model_resolve_state(m)), s != NULL ? ": " : "",
	    (int)(sizeof buf - 16), s != NULL ? s : "");
	md_kv(f, "resolution", buf);
	md_kv(f, "canonical", (s = model_canonical(m)) != NULL ? s : "-");
	if (model_cname_count(m) > 0) {
		char *chain = xstrdup(model_host(m)), *tmp;

		for (i = 0; i < model_cname_count(m); i++) {
			tmp = xasprintf("%s -> %s", chain, model_cname(m, i));
			free(chain);
			chain = tmp;
		}
		md_kv(f, "cname chain", chain);
		free(chain);
	}
	snprintf(buf, sizeof buf, "%zu (%zu ok, %zu failed, %zu pending)",
	    t->cells, t->ok, t->failed, t->pending);
	md_kv(f, "cells", buf);
}

static void
md_resolvers(const struct model *m, FILE *f)
{
	static const char *const head[] = { "#", "resolver", "answered",
	    "queries", "addresses", "failed", "reason", "latest error", NULL };
	const struct model_resolver	*rv;
	size_t				 i, r, shown;
	size_t				 nres = model_resolver_count(m);
	char				 n[5][32];
	const char			*row[9];

	if (nres == 0)
		return;
	fprintf(f, "\n## Resolvers (%zu, %u sample%s%s)\n\n", nres,
	    model_rounds_done(m), model_rounds_done(m) == 1 ? "" : "s",
	    model_resolvers_disagree(m) ? "; RESOLVERS DISAGREE" : "");
	md_head(f, head);
	for (i = 0; i < nres; i++) {
		rv = model_resolver(m, i);
		for (r = 0, shown = 0; r < model_rows(m); r++)
			if (model_row(m, r)->sources != NULL &&
			    model_row(m, r)->sources[i].seen > 0)
				shown++;
		snprintf(n[0], sizeof n[0], "%zu", i + 1);
		snprintf(n[1], sizeof n[1], "%lu", (unsigned long)rv->answers);
		snprintf(n[2], sizeof n[2], "%lu", (unsigned long)rv->queries);
		snprintf(n[3], sizeof n[3], "%zu%s", shown, rv->capped ?
		    " (capped)" : "");
		snprintf(n[4], sizeof n[4], "%lu", (unsigned long)rv->failures);
		row[0] = n[0];
		row[1] = rv->name;
		row[2] = n[1];
		row[3] = n[2];
		row[4] = n[3];
		row[5] = n[4];
		row[6] = rv->failures > 0 && rv->reason != NULL ? rv->reason :
		    "";
		row[7] = rv->failures > 0 && rv->error != NULL ? rv->error : "";
		row[8] = NULL;
		md_row(f, row);
	}
}

static void
md_findings(const struct model *m, FILE *f)
{
	struct findings	 fd;
	char		 diff[EXPLAIN_TEXT_MAX], *line, *nl;
	size_t		 r, c, k;

	findings_compute(m, &fd);
	fputs("\n## Findings\n\n", f);
	if (fd.n_depends == 0 && fd.n_differ == 0)
		fputs("- no client's result depends on the address, and no "
		    "backend differs from its siblings\n", f);
	for (c = 0; c < fd.n_cols; c++) {
		const struct column_finding *cf = &fd.cols[c];

		if (!cf->depends)
			continue;
		fputs("- ", f);
		md_text(f, model_col(m, c)->id);
		fprintf(f, " fails on %zu of %zu addresses (%.0f%% of "
		    "connections if DNS spreads them evenly):", cf->failed,
		    cf->failed + cf->ok, 100.0 * (double)cf->failed /
		    (double)(cf->failed + cf->ok));
		for (r = 0, k = 0; r < model_rows(m); r++) {
			enum cell_class cl = fmt_cell_class(model_cell(m, r, c));

			if (cl != CLASS_FAIL && cl != CLASS_ERROR)
				continue;
			fputs(k++ ? ", " : " ", f);
			md_text(f, model_row(m, r)->text);
		}
		putc('\n', f);
	}
	for (r = 0; r < fd.n_rows && fd.have_ref; r++) {
		if (!fd.rows[r].differs)
			continue;
		fputs("- ", f);
		md_text(f, model_row(m, r)->text);
		fputs(" is configured unlike ", f);
		md_text(f, model_row(m, fd.ref_row)->text);
		fputs(":\n", f);
		explain_server_diff(model_row(m, r)->server,
		    model_row(m, fd.ref_row)->server, diff, sizeof diff);
		for (line = diff; *line != '\0'; line = nl) {
			nl = strchr(line, '\n');
			if (nl != NULL)
				*nl++ = '\0';
			else
				nl = line + strlen(line);
			fputs("  - ", f);
			md_text(f, line);
			putc('\n', f);
		}
	}
	findings_cleanup(&fd);
}

static void
md_addresses(const struct model *m, FILE *f)
{
	static const char *const head[] = { "address", "family", "ttl",
	    "source", "label", NULL };
	const struct model_row	*rw;
	const char		*row[6];
	char			 ttl[24];
	size_t			 r;

	fprintf(f, "\n## Addresses (%zu)\n\n", model_rows(m));
	if (model_rows(m) == 0) {
		fputs("(none)\n", f);
		return;
	}
	md_head(f, head);
	for (r = 0; r < model_rows(m); r++) {
		rw = model_row(m, r);
		snprintf(ttl, sizeof ttl, "%lu", (unsigned long)rw->ttl);
		row[0] = rw->text;
		row[1] = family_name(&rw->addr);
		row[2] = ttl;
		row[3] = rw->source;
		row[4] = rw->label;
		row[5] = NULL;
		md_row(f, row);
	}
}

/* One table, however many profiles: Markdown viewers scroll it. */
static void
md_matrix(const struct model *m, FILE *f)
{
	size_t	r, c, nr = model_rows(m), nc = model_cols(m);
	char	buf[128];

	fputs("\n## Matrix (rows: addresses, columns: profiles)\n\n", f);
	if (nr == 0 || nc == 0) {
		fputs("(empty)\n", f);
		return;
	}
	fputs("| address ", f);
	for (c = 0; c < nc; c++) {
		fputs("| ", f);
		md_text(f, model_col(m, c)->id);
		putc(' ', f);
	}
	fputs("|\n|---", f);
	for (c = 0; c < nc; c++)
		fputs("|---", f);
	fputs("|\n", f);
	for (r = 0; r < nr; r++) {
		fputs("| ", f);
		md_text(f, model_row(m, r)->text);
		putc(' ', f);
		for (c = 0; c < nc; c++) {
			matrix_text(m, r, c, buf, sizeof buf);
			fputs("| ", f);
			md_text(f, buf);
			putc(' ', f);
		}
		fputs("|\n", f);
	}
}

static void
md_alert(FILE *f, const char *what, int alert)
{
	const char	*name = NULL;
	char		 buf[64];

	if (alert < 0)
		return;
	if (alert <= 255)
		name = tls_alert_name((uint8_t)alert);
	snprintf(buf, sizeof buf, "%s (%d)", name != NULL ? name : "unknown",
	    alert);
	md_kv(f, what, buf);
}

/* A table per failing cell: the reason, why, both fixes, the evidence. */
static void
md_failures(const struct model *m, const struct tally *t,
    const struct export_opts *eo, FILE *f)
{
	static const char *const head[] = { "", "", NULL };
	static const char *const side[] = { "", "why (server side)",
	    "why (client side)", "why (network side)" };
	const struct model_cell		*cell;
	const struct probe_result	*r;
	struct explanation		 e;
	char				 buf[EXPLAIN_TEXT_MAX + 64];
	bool				 have_e;
	size_t				 row, c;

	fprintf(f, "\n## Failures (%zu)\n", t->failed);
	if (t->failed == 0)
		fputs("\n(none)\n", f);
	for (row = 0; row < model_rows(m); row++) {
		for (c = 0; c < model_cols(m); c++) {
			cell = model_cell(m, row, c);
			if (fmt_cell_class(cell) != CLASS_FAIL &&
			    fmt_cell_class(cell) != CLASS_ERROR)
				continue;
			r = cell->result;
			have_e = fmt_cell_explain(m, row, c, &e);
			fputs("\n### ", f);
			md_text(f, model_row(m, row)->text);
			fputs(" as ", f);
			md_text(f, model_col(m, c)->id);
			fputs("\n\n", f);
			md_head(f, head);
			if (have_e && e.reason != r->reason)
				snprintf(buf, sizeof buf, "%s (%s)",
				    result_reason_name(e.reason),
				    result_reason_text(e.reason));
			else
				snprintf(buf, sizeof buf, "%s%s%s%s",
				    fmt_reason_name(r),
				    r->reason != REASON_NONE ? " (" : "",
				    r->reason != REASON_NONE ?
				    result_reason_text(r->reason) : "",
				    r->reason != REASON_NONE ? ")" : "");
			md_kv(f, "reason", buf);
			if (have_e) {
				if (e.side != SIDE_NONE)
					md_kv(f, side[e.side], e.summary);
				md_kv(f, "evidence", e.detail);
				md_kv(f, "fix the server", e.fix_server);
				md_kv(f, "or the client", e.fix_client);
				md_kv(f, "warning", e.fix_client_warning);
			}
			md_alert(f, "alert received", r->alert_received);
			md_alert(f, "alert sent", r->alert_sent);
			/* server text: one line, escaped once */
			md_kv_as(f, "detail", r->detail, false, false);
			if (r->have_cert && r->reason >= REASON_KEY_TOO_SMALL &&
			    r->reason <= REASON_CERT_INVALID) {
				snprintf(buf, sizeof buf, "%.300s; issuer "
				    "%.300s; valid until %.64s",
				    r->cert.subject, r->cert.issuer,
				    r->cert.not_after);
				md_kv_as(f, "certificate", buf, false, false);
			}
			if (eo->timings && !r->by_enumeration) {
				snprintf(buf, sizeof buf, "connect %lu ms, "
				    "handshake %lu ms",
				    (unsigned long)r->connect_ms,
				    (unsigned long)r->handshake_ms);
				md_kv(f, "timings", buf);
			}
		}
	}
}

static void
md_successes(const struct model *m, const struct tally *t,
    const struct export_opts *eo, FILE *f)
{
	static const char *const head[] = { "address", "profile", "protocol",
	    "cipher (IANA)", "cipher (OpenSSL)", "group", "ms", NULL };
	static const char *const head_nt[] = { "address", "profile",
	    "protocol", "cipher (IANA)", "cipher (OpenSSL)", "group", NULL };
	const struct probe_result	*r;
	const struct tls_suite		*s;
	const char			*row[8], *name;
	char				 cip[16], grp[48], ms[24];
	size_t				 i, c;

	fprintf(f, "\n## Successes (%zu)\n\n", t->ok);
	if (t->ok == 0) {
		fputs("(none)\n", f);
		return;
	}
	md_head(f, eo->timings ? head : head_nt);
	for (i = 0; i < model_rows(m); i++) {
		for (c = 0; c < model_cols(m); c++) {
			if (fmt_cell_class(model_cell(m, i, c)) != CLASS_OK)
				continue;
			r = model_cell(m, i, c)->result;
			s = tls_suite_by_code(r->cipher);
			name = tls_version_name(r->version);
			snprintf(cip, sizeof cip, "0x%04X",
			    (unsigned)r->cipher);
			name = tls_group_name(r->group);
			if (r->group == 0)
				grp[0] = '\0';
			else if (name != NULL)
				snprintf(grp, sizeof grp, "%s", name);
			else
				snprintf(grp, sizeof grp, "0x%04x",
				    (unsigned)r->group);
			if (r->dh_bits > 0)
				snprintf(grp + strlen(grp), sizeof grp -
				    strlen(grp), "%sDH %d bits",
				    grp[0] != '\0' ? ", " : "", r->dh_bits);
			snprintf(ms, sizeof ms, "%lu",
			    (unsigned long)r->handshake_ms);
			row[0] = model_row(m, i)->text;
			row[1] = model_col(m, c)->id;
			row[2] = tls_version_name(r->version) != NULL ?
			    tls_version_name(r->version) :
			    fmt_version_short(r->version);
			row[3] = s != NULL ? s->iana : r->cipher != 0 ? cip : "";
			row[4] = s != NULL && s->openssl != NULL ? s->openssl :
			    "";
			row[5] = grp;
			row[6] = eo->timings ? ms : NULL;
			row[7] = NULL;
			md_row(f, row);
		}
	}
}

static void
md_pending(const struct model *m, const struct tally *t, FILE *f)
{
	static const char *const head[] = { "address", "profile", NULL };
	const char	*row[3];
	size_t		 r, c;

	if (t->pending == 0)
		return;
	fprintf(f, "\n## Pending (%zu)\n\n", t->pending);
	md_head(f, head);
	for (r = 0; r < model_rows(m); r++) {
		for (c = 0; c < model_cols(m); c++) {
			if (fmt_cell_class(model_cell(m, r, c)) !=
			    CLASS_PENDING)
				continue;
			row[0] = model_row(m, r)->text;
			row[1] = model_col(m, c)->id;
			row[2] = NULL;
			md_row(f, row);
		}
	}
}

/*
 * Each address's enumeration as a key/value table, from the same lines
 * as the text snapshot: "key: value" starts a row, an indented line
 * continues the row above it.
 */
static void
md_servers(const struct model *m, FILE *f)
{
	static const char *const head[] = { "", "", NULL };
	size_t	 r, nr = model_rows(m), n;
	char	*buf, *line, *next, *colon, *key = NULL, *val = NULL, *tmp;
	bool	 any = false;

	for (r = 0; r < nr; r++)
		if (model_row(m, r)->scan_state != SCAN_OFF)
			any = true;
	if (!any)
		return;
	buf = xmalloc(EXPORT_DETAIL_MAX);
	fprintf(f, "\n## Servers (%zu)\n", nr);
	for (r = 0; r < nr; r++) {
		fputs("\n### ", f);
		md_text(f, model_row(m, r)->text);
		fputs("\n\n", f);
		md_head(f, head);
		fmt_server_detail(m, r, false, buf, EXPORT_DETAIL_MAX);
		for (line = buf; *line != '\0'; line = next) {
			next = strchr(line, '\n');
			if (next != NULL)
				*next++ = '\0';
			else
				next = line + strlen(line);
			n = strspn(line, " ");
			colon = strstr(line, ": ");
			if ((n > 0 || colon == NULL) && key != NULL) {
				tmp = xasprintf("%s\n%s", val, line + n);
				free(val);
				val = tmp;
				continue;
			}
			if (key != NULL)
				md_kv_as(f, key, val, true, true);
			free(key);
			free(val);
			if (colon == NULL) {
				key = xstrdup(line + n);
				val = xstrdup("");
			} else {
				key = xstrndup(line + n, (size_t)(colon -
				    line) - n);
				val = xstrdup(colon + 2);
			}
		}
		if (key != NULL) {
			if (*val == '\0')
				md_kv_as(f, "", key, true, true);
			else
				md_kv_as(f, key, val, true, true);
		}
		free(key);
		free(val);
		key = val = NULL;
	}
	free(buf);
}

static void
md_profiles(const struct model *m, FILE *f)
{
	static const char *const head[] = { "id", "name", "library",
	    "source", NULL };
	const struct profile	*p;
	const char		*row[5];
	size_t			 c;

	fprintf(f, "\n## Profiles (%zu)\n\n", model_cols(m));
	if (model_cols(m) == 0)
		return;
	md_head(f, head);
	for (c = 0; c < model_cols(m); c++) {
		p = model_col(m, c);
		row[0] = p->id;
		row[1] = p->name;
		row[2] = p->library;
		row[3] = p->source;
		row[4] = NULL;
		md_row(f, row);
	}
}

/* The text snapshot's sections in the same order, as Markdown tables. */
static void
md_write(const struct model *m, const struct export_opts *eo, FILE *f)
{
	struct tally	t = tally(m);

	md_header(m, eo, &t, f);
	md_resolvers(m, f);
	md_findings(m, f);
	md_addresses(m, f);
	md_matrix(m, f);
	md_failures(m, &t, eo, f);
	md_successes(m, &t, eo, f);
	md_pending(m, &t, f);
	md_servers(m, f);
	md_profiles(m, f);
}

static void
text_write(const struct model *m, const struct export_opts *eo, FILE *f)
{
	struct tally	t = tally(m);

	text_header(m, eo, &t, f);
	text_resolvers(m, f);
	text_findings(m, f);
	text_addresses(m, f);
	text_matrix(m, f);
	text_failures(m, &t, eo, f);
	text_successes(m, &t, eo, f);
	text_pending(m, &t, f);
	text_servers(m, f);
	text_profiles(m, f);
}

enum status
export_write_opts(const struct model *m, enum output_format fmt,
    const struct export_opts *eo, FILE *out)
{
	struct export_opts	def;

	if (eo == NULL) {
		export_opts_default(&def);
		eo = &def;
	}
	if (fmt == OUTPUT_JSON)
		json_write(m, eo, out);
	else if (fmt == OUTPUT_MD)
		md_write(m, eo, out);
	else if (fmt == OUTPUT_JSONL)
		export_jsonl_document(m, eo, out);
	else
		text_write(m, eo, out);
	if (fflush(out) != 0 || ferror(out))
		return ST_EIO;
	return ST_OK;
}

enum status
export_write(const struct model *m, enum output_format fmt, FILE *out)
{
	return export_write_opts(m, fmt, NULL, out);
}

/* Writes into a file that is not ours to replace (a device, a FIFO). */
static enum status
write_in_place(const struct model *m, enum output_format fmt,
    const struct export_opts *eo, const char *path, char *err,
    size_t errlen)
{
	FILE		*f;
	enum status	 st;
	int		 e;

	if ((f = fopen(path, "w")) == NULL) {
		snprintf(err, errlen, "cannot write %s: %s", path,
		    strerror(errno));
		return ST_EIO;
	}
	errno = 0;
	st = export_write_opts(m, fmt, eo, f);
	e = errno;
	if (fclose(f) != 0 && st == ST_OK) {
		e = errno;
		st = ST_EIO;
	}
	if (st != ST_OK)
		snprintf(err, errlen, "cannot write %s: %s", path,
		    strerror(e != 0 ? e : EIO));
	return st;
}

enum status
export_to_file_opts(const struct model *m, enum output_format fmt,
    const struct export_opts *eo, const char *path, char *err,
    size_t errlen)
{
	struct stat	 sb;
	const char	*slash, *base;
	char		*tmp = NULL;
	FILE		*f = NULL;
	enum status	 st = ST_EIO;
	mode_t		 mask;
	int		 fd = -1, e = 0;

	if (errlen > 0)
		err[0] = '\0';
	if (path == NULL || *path == '\0') {
		snprintf(err, errlen, "cannot write an empty file name");
		return ST_EINVAL;
	}
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode))
		return write_in_place(m, fmt, eo, path, err, errlen);

	/* the temporary file must be in the same directory: rename(2) is
	 * atomic only within one file system */
	slash = strrchr(path, '/');
	base = slash != NULL ? slash + 1 : path;
	if (*base == '\0') {
		snprintf(err, errlen, "cannot write %s: Is a directory", path);
		return ST_EINVAL;
	}
	tmp = xasprintf("%.*s.%s.XXXXXX", slash != NULL ?
	    (int)(slash - path + 1) : 0, path, base);
	if ((fd = mkstemp(tmp)) == -1) {
		e = errno;
		free(tmp);
		tmp = NULL;
		goto out;
	}
	/* mkstemp makes 0600; a snapshot is a normal file, so honour the
	 * umask as open(2) would (main thread: nobody else changes it) */
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) == -1) {
		e = errno;
		goto out;
	}
	if ((f = fdopen(fd, "w")) == NULL) {
		e = errno;
		goto out;
	}
	fd = -1;
	errno = 0;
	if (export_write_opts(m, fmt, eo, f) != ST_OK) {
		e = errno != 0 ? errno : EIO;
		goto out;
	}
	if (fsync(fileno(f)) == -1) {
		e = errno;
		goto out;
	}
	if (fclose(f) != 0) {
		f = NULL;
		e = errno;
		goto out;
	}
	f = NULL;
	if (rename(tmp, path) == -1) {
		e = errno;
		goto out;
	}
	st = ST_OK;
out:
	if (f != NULL)
		fclose(f);
	if (fd != -1)
		close(fd);
	if (tmp != NULL) {
		if (st != ST_OK)
			unlink(tmp);
		free(tmp);
	}
	if (st != ST_OK)
		snprintf(err, errlen, "cannot write %s: %s", path,
		    strerror(e != 0 ? e : EIO));
	return st;
}

enum status
export_to_file(const struct model *m, enum output_format fmt,
    const char *path, char *err, size_t errlen)
{
	return export_to_file_opts(m, fmt, NULL, path, err, errlen);
}
