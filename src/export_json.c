/*
 * export_json.c: the JSON document (--json, docs/JSON.md) and the JSON of
 * one cell that JSON lines reuse.
 *
 * JSON lines (export_jsonl.c) reuse this pretty printer. Every string goes through json_str (valid UTF-8, no raw
 * control characters), so a hostile certificate cannot break the
 * document. Main thread.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "export.h"
#include "export_int.h"
#include "explain.h"
#include "findings.h"
#include "fmt.h"
#include "tls_names.h"
#include "xmem.h"

/*
 * A JSON string (RFC 8259 §7). Valid UTF-8 passes through unless fmt calls
 * the code point unsafe (controls, C1, bidi overrides), which becomes
 * \uXXXX. JSON cannot carry invalid bytes, so each becomes the code point
 * of the same value (\u0080..\u00ff), as ISO 8859-1 would read it.
 */
void
export_json_str(FILE *f, const char *s)
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
	export_json_str(f, val);
	fputs(last ? "\n" : ",\n", f);
}

static void
json_kv_int(FILE *f, const char *indent, const char *key, long long val,
    bool last)
{
	fprintf(f, "%s\"%s\": %lld%s\n", indent, key, val, last ? "" : ",");
}

/* A row's "address" (without the port, which may be in its text) and
 * "port": with several ports (#17) rows differ by port alone. */
static void
json_row_addr(FILE *f, const char *in, const struct model_row *rw)
{
	char a[NETADDR_TEXT_MAX];

	netaddr_format(&rw->addr, a, sizeof a);
	json_kv_str(f, in, "address", a, false);
	json_kv_int(f, in, "port", rw->port, false);
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

static void
json_kv_bool(FILE *f, const char *indent, const char *key, bool val,
    bool last)
{
	fprintf(f, "%s\"%s\": %s%s\n", indent, key, val ? "true" : "false",
	    last ? "" : ",");
}

static void json_code_list(FILE *f, const uint16_t *v, size_t n,
    const char *(*name)(uint16_t));

/* A CertificateRequest and what came of it (#15), or null. */
static void
json_client_auth(FILE *f, const char *in, const struct client_auth *ca)
{
	static const char *const verdicts[] = {
		[CLIENT_AUTH_NONE] = "none",
		[CLIENT_AUTH_UNKNOWN] = "unknown",
		[CLIENT_AUTH_OPTIONAL] = "optional",
		[CLIENT_AUTH_REQUIRED] = "required",
		[CLIENT_AUTH_ACCEPTED] = "accepted",
		[CLIENT_AUTH_REJECTED] = "rejected",
	};
	char in2[16];
	const char *p, *q;

	if (ca->verdict == CLIENT_AUTH_NONE) {
		json_kv_null(f, in, "client_auth", false);
		return;
	}
	snprintf(in2, sizeof in2, "%s  ", in);
	fprintf(f, "%s\"client_auth\": {\n", in);
	json_kv_str(f, in2, "verdict", (size_t)ca->verdict <
	    sizeof verdicts / sizeof verdicts[0] ? verdicts[ca->verdict] :
	    "unknown", false);
	json_kv_alert(f, in2, "alert", ca->alert, false);
	json_kv_bool(f, in2, "by_http", ca->by_http, false);
	/* ca_names is "A; B": one string per name */
	fprintf(f, "%s\"ca_names\": [", in2);
	for (p = ca->ca_names; *p != '\0'; p = *q ? q + 2 : q) {
		char one[RESULT_TEXT_MAX];
		size_t n;

		q = strstr(p, "; ");
		if (q == NULL)
			q = p + strlen(p);
		n = (size_t)(q - p) < sizeof one ? (size_t)(q - p) :
		    sizeof one - 1;
		memcpy(one, p, n);
		one[n] = '\0';
		if (p != ca->ca_names)
			fputs(", ", f);
		export_json_str(f, one);
	}
	fputs("],\n", f);
	fprintf(f, "%s\"sigalgs\": ", in2);
	json_code_list(f, ca->sigalgs, ca->n_sigalgs, tls_sigalg_name);
	fputs(",\n", f);
	json_kv_str(f, in2, "presented", ca->presented[0] != '\0' ?
	    ca->presented : NULL, true);
	fprintf(f, "%s},\n", in);
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
		export_json_str(f, s);
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
	json_row_addr(f, in, rw);
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
		export_json_str(f, vn != NULL ? vn : "unknown");
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
	fputs(",\n      \"sigalgs_tls12\": ", f);
	if (si->sigalgs12_known)
		json_code_list(f, si->sigalgs12, si->n_sigalgs12,
		    tls_sigalg_name);
	else
		fputs("null", f);
	fputs(",\n      \"sigalgs_tls13\": ", f);
	if (si->sigalgs13_known)
		json_code_list(f, si->sigalgs13, si->n_sigalgs13,
		    tls_sigalg_name);
	else
		fputs("null", f);
	fprintf(f, ",\n      \"hello_retry_request\": %s,\n",
	    si->hrr_seen ? "true" : "false");
	fprintf(f, "      \"unclear_refusals\": %s,\n",
	    si->suites_unclear ? "true" : "false");
	json_kv_alert(f, in, "refusal_alert", si->other_refusal ?
	    si->other_alert : -1, false);
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
		export_json_str(f, model_col(m, c)->id);
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
		json_row_addr(f, "        ", rw);
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
				export_json_str(f, line);
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
			export_json_str(f, v);
		else
			fputs("null", f);
		fputs(", \"cipher\": ", f);
		if (o->ok && cn != NULL)
			export_json_str(f, cn);
		else
			fputs("null", f);
		fputs(", \"reason\": ", f);
		if (o->ok)
			fputs("null", f);
		else
			export_json_str(f, result_reason_name(o->reason));
		fprintf(f, ", \"count\": %u}", o->count);
	}
	fputs("]},\n", f);
}

/*
 * "history": every result the cell had, oldest first, at most
 * MODEL_HISTORY_MAX (the last ones); at_ms is null under --no-timings.
 */
static void
json_history(FILE *f, const char *in, const struct model_cell *c,
    const struct export_opts *eo)
{
	const struct model_hist *h;
	const char *v, *cn;
	size_t i;

	fprintf(f, "%s\"history\": [", in);
	for (i = 0; (h = model_cell_hist(c, i)) != NULL; i++) {
		v = h->version != 0 ? tls_version_name(h->version) : NULL;
		cn = h->cipher != 0 ? tls_suite_name(h->cipher) : NULL;
		fprintf(f, "%s{\"verdict\": \"%s\", \"outcome\": \"%s\", "
		    "\"protocol\": ", i ? ", " : "",
		    fmt_hist_class(h) == CLASS_OK ? "ok" : "fail",
		    outcome_name((enum probe_outcome)h->outcome));
		if (v != NULL)
			export_json_str(f, v);
		else
			fputs("null", f);
		fputs(", \"cipher\": ", f);
		if (cn != NULL)
			export_json_str(f, cn);
		else
			fputs("null", f);
		fputs(", \"reason\": ", f);
		if (h->reason != REASON_NONE)
			export_json_str(f, result_reason_name(
			    (enum fail_reason)h->reason));
		else
			fputs("null", f);
		if (h->alert >= 0)
			fprintf(f, ", \"alert\": %d", h->alert);
		else
			fputs(", \"alert\": null", f);
		if (eo->timings)
			fprintf(f, ", \"at_ms\": %lu}", (unsigned long)h->at_ms);
		else
			fputs(", \"at_ms\": null}", f);
	}
	fputs("],\n", f);
}

/*
 * "trust_store": the store this client verified against, and "chain": the
 * chain as it built it, leaf first, up to its anchor (the last link, from
 * "store") or to where it broke; null when nothing was verified.
 */
static void
json_trust(FILE *f, const char *in, const struct probe_result *r)
{
	size_t i;

	if (r->trust_store[0] != '\0')
		json_kv_str(f, in, "trust_store", r->trust_store, false);
	else
		json_kv_null(f, in, "trust_store", false);
	if (r->n_chain == 0) {
		json_kv_null(f, in, "chain", false);
		return;
	}
	fprintf(f, "%s\"chain\": [", in);
	for (i = 0; i < r->n_chain; i++) {
		fputs(i > 0 ? ", " : "", f);
		fputs("{\"subject\": ", f);
		export_json_str(f, r->chain[i].subject);
		fputs(", \"sha256\": ", f);
		export_json_str(f, r->chain[i].sha256);
		fputs(", \"from\": ", f);
		export_json_str(f, r->chain[i].from);
		fputs("}", f);
	}
	fputs("],\n", f);
}

void
export_json_cell(FILE *f, const struct model *m, size_t row, size_t col,
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
	json_row_addr(f, in, model_row(m, row));
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
		json_history(f, in, c, eo);
		json_kv_null(f, in, "method", false);
		json_kv_null(f, in, "shared", false);
		json_kv_null(f, in, "certificate", false);
		json_kv_null(f, in, "verify_code", false);
		json_kv_null(f, in, "trust_store", false);
		json_kv_null(f, in, "chain", false);
		json_kv_null(f, in, "client_auth", false);
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
	json_history(f, in, c, eo);
	json_kv_str(f, in, "method", r->method, false);
	/* How many cells were judged on this cell's one handshake. */
	if (r->shared_by > 1)
		json_kv_int(f, in, "shared", r->shared_by, false);
	else
		json_kv_null(f, in, "shared", false);
	if (r->have_cert)
		json_cert(f, &r->cert);
	else
		json_kv_null(f, in, "certificate", false);
	json_kv_int(f, in, "verify_code", r->verify_code, false);
	json_trust(f, in, r);
	json_client_auth(f, in, &r->client_auth);
	if (eo->timings)
		fprintf(f, "%s\"timings\": {\"connect_ms\": %lu, "
		    "\"handshake_ms\": %lu}\n", in,
		    (unsigned long)r->connect_ms,
		    (unsigned long)r->handshake_ms);
	else
		json_kv_null(f, in, "timings", true);
	fprintf(f, "    }%s\n", last ? "" : ",");
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
		export_json_str(f, model_cname(m, i));
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
		export_json_str(f, rv->name);
		fprintf(f, ", \"queries\": %lu, \"answers\": %lu, "
		    "\"failures\": %lu, \"capped\": %s, \"reason\": ",
		    (unsigned long)rv->queries, (unsigned long)rv->answers,
		    (unsigned long)rv->failures, rv->capped ? "true" : "false");
		export_json_str(f, rv->reason);
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
		export_json_str(f, rv->name);
		fputs(", \"error\": ", f);
		export_json_str(f, rv->error);
		fputs(", \"reason\": ", f);
		export_json_str(f, rv->reason);
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
		export_json_str(f, rv->name);
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

void
export_json_write(const struct model *m, const struct export_opts *eo, FILE *f)
{
	const struct model_row	*rw;
	const struct profile	*p;
	struct export_tally	 t = export_tally(m);
	size_t			 r, c, nr = model_rows(m), nc = model_cols(m);
	char			 when[32];
	bool			 have_when;

	have_when = export_generated_text(eo, when, sizeof when);
	fputs("{\n", f);
	json_kv_int(f, "  ", "schema_version", 1, false);
	json_kv_str(f, "  ", "tool", "tlsmatrix", false);
	json_kv_str(f, "  ", "version", PACKAGE_VERSION, false);
	json_kv_str(f, "  ", "generated", have_when ? when : NULL, false);

	fputs("  \"target\": {\n", f);
	json_kv_str(f, "    ", "host", model_host(m), false);
	json_kv_int(f, "    ", "port", model_port(m), false);
	json_kv_str(f, "    ", "sni", model_sni(m), false);
	json_kv_str(f, "    ", "proxy", model_proxy(m), false);
	/* the STARTTLS protocol of the target's port (conn.h), null: TLS */
	json_kv_str(f, "    ", "starttls", conn_starttls(model_port(m)) ==
	    STARTTLS_NONE ? NULL : starttls_name(conn_starttls(model_port(m))),
	    false);
	json_cname_chain(f, m);
	fputs("  },\n", f);

	fputs("  \"resolution\": {\n", f);
	json_kv_str(f, "    ", "resolvers", model_resolvers(m), false);
	json_kv_str(f, "    ", "state",
	    export_resolve_state_name(model_resolve_state(m)), false);
	json_kv_str(f, "    ", "error", model_resolve_error(m), false);
	json_kv_str(f, "    ", "canonical", model_canonical(m), false);
	json_resolvers(f, m);
	fputs("  },\n", f);

	fputs(nr == 0 ? "  \"addresses\": [],\n" : "  \"addresses\": [\n", f);
	for (r = 0; r < nr; r++) {
		rw = model_row(m, r);
		fputs("    {\n", f);
		json_row_addr(f, "      ", rw);
		json_kv_str(f, "      ", "family",
		    export_family_name(&rw->addr), false);
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
			export_json_cell(f, m, r, c, eo, r + 1 == nr && c + 1 == nc);
	}
	if (t.cells > 0)
		fputs("  ],\n", f);

	fputs(nr == 0 ? "  \"servers\": [],\n" : "  \"servers\": [\n", f);
	for (r = 0; r < nr; r++)
		json_server(f, model_row(m, r), eo, r + 1 == nr);
	if (nr > 0)
		fputs("  ],\n", f);

	json_consistency(f, m);
	if (eo->what_if_json != NULL)	/* the fix preview (whatif_view.h) */
		fprintf(f, "  \"what_if\": %s,\n", eo->what_if_json);

	fputs("  \"summary\": {\n", f);
	json_kv_int(f, "    ", "cells", (long long)t.cells, false);
	json_kv_int(f, "    ", "ok", (long long)t.ok, false);
	json_kv_int(f, "    ", "failed", (long long)t.failed, false);
	json_kv_int(f, "    ", "pending", (long long)t.pending, true);
	fputs("  }\n}\n", f);
}
