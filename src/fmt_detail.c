/*
 * fmt_detail.c: the detail texts of the TUI's panes and the snapshots: a
 * cell (fmt_cell_detail: verdict, explanation, certificate, repeats), an
 * address (fmt_server_detail: what the scan found, how it differs from
 * its siblings) and the chains (fmt_chain_detail), all through the
 * escaping of fmt.c. Pure; callers on the main thread (model accessors).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "findings.h"
#include "fmt.h"
#include "fmt_int.h"
#include "tls_names.h"
#include "xmem.h"

static const char *
verdict_words(enum cell_class k)
{
	switch (k) {
	case CLASS_PENDING:
		return "pending";
	case CLASS_OK:
		return "ok";
	case CLASS_FAIL:
		return "FAIL";
	case CLASS_ERROR:
		break;
	}
	return "ERROR (the probe could not run)";
}

/* One "alert ...: name (code)" line; alerts are -1 when absent. */
static void
detail_alert(struct fmt_sbuf *sb, const char *what, int alert)
{
	const char	*name = NULL;

	if (alert < 0)
		return;
	if (alert <= 255)
		name = tls_alert_name((uint8_t)alert);
	fmt_sb_printf(sb, "%s: %s (%d)\n", what, name != NULL ? name : "unknown",
	    alert);
}

static void
detail_cert(struct fmt_sbuf *sb, const struct cert_summary *c, bool utf8)
{
	fmt_sb_printf(sb, "certificate subject: ");
	fmt_sb_safe(sb, c->subject, utf8);
	fmt_sb_printf(sb, "\ncertificate issuer: ");
	fmt_sb_safe(sb, c->issuer, utf8);
	fmt_sb_printf(sb, "\ncertificate SAN: ");
	fmt_sb_safe(sb, c->san[0] != '\0' ? c->san : "(none)", utf8);
	fmt_sb_printf(sb, "\ncertificate validity: ");
	fmt_sb_safe(sb, c->not_before, utf8);
	fmt_sb_printf(sb, " to ");
	fmt_sb_safe(sb, c->not_after, utf8);
	fmt_sb_printf(sb, "\ncertificate key: ");
	fmt_sb_safe(sb, c->key_type[0] != '\0' ? c->key_type : "?", utf8);
	fmt_sb_printf(sb, " %d bits\ncertificate signature: ", c->key_bits);
	fmt_sb_safe(sb, c->signature_algorithm, utf8);
	fmt_sb_printf(sb, "\ncertificate sha256: ");
	fmt_sb_safe(sb, c->sha256, utf8);
	fmt_sb_printf(sb, "\n");
}

bool
fmt_cell_explain(const struct model *m, size_t row, size_t col,
    struct explanation *e)
{
	const struct model_cell *c = model_cell(m, row, col);
	const struct model_row *rw = model_row(m, row);

	if (c == NULL || c->state != CELL_DONE || c->result == NULL)
		return false;
	explain_cell(model_col(m, col), rw->scan_state == SCAN_DONE ?
	    rw->server : NULL, c->result, e);
	return true;
}

void
fmt_cell_label_at(const struct model *m, size_t row, size_t col, bool utf8,
    char *buf, size_t len)
{
	const struct model_cell *c = model_cell(m, row, col);
	struct explanation e;
	int n;

	if (len == 0)
		return;
	buf[0] = '\0';
	if (c == NULL)
		return;
	/* --repeat: "k/N ok" first, the outcome after it */
	if (c->expected > 1 && c->state == CELL_DONE) {
		n = snprintf(buf, len, "%u/%u ok ", c->ok, c->expected);
		if (n < 0 || (size_t)n >= len)
			return;
		buf += n;
		len -= (size_t)n;
	}
	/* A refined reason says more than the bare alert it explains. */
	if (fmt_cell_class(c) == CLASS_FAIL &&
	    fmt_cell_explain(m, row, col, &e) && e.reason != c->result->reason) {
		snprintf(buf, len, "%s", result_reason_name(e.reason));
		return;
	}
	fmt_cell_label_mode(c, utf8, buf, len);
}

/* Appends each line of text, indented. */
static void
sb_lines(struct fmt_sbuf *sb, const char *text, const char *indent, bool utf8)
{
	char line[EXPLAIN_TEXT_MAX];
	const char *p = text, *nl;
	size_t n;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		n = nl != NULL ? (size_t)(nl - p) : strlen(p);
		if (n >= sizeof line)
			n = sizeof line - 1;
		memcpy(line, p, n);
		line[n] = '\0';
		fmt_sb_printf(sb, "%s", indent);
		fmt_sb_safe(sb, line, utf8);
		fmt_sb_printf(sb, "\n");
		p = nl != NULL ? nl + 1 : p + strlen(p);
	}
}

/* The explanation of a cell: why, both sides, and the fixes as hints. */
static void
detail_explanation(struct fmt_sbuf *sb, const struct explanation *e, bool utf8)
{
	static const char *const side[] = { "", "server", "client",
	    "network" };

	if (e->side != SIDE_NONE) {
		fmt_sb_printf(sb, "why (%s side): ", side[e->side]);
		fmt_sb_safe(sb, e->summary, utf8);
		fmt_sb_printf(sb, "\n");
	}
	sb_lines(sb, e->detail, "  ", utf8);
	if (e->fix_server[0] != '\0') {
		fmt_sb_printf(sb, "hint, fix the server: ");
		fmt_sb_safe(sb, e->fix_server, utf8);
		fmt_sb_printf(sb, "\n");
	}
	if (e->fix_client[0] != '\0') {
		fmt_sb_printf(sb, "hint, or the client: ");
		fmt_sb_safe(sb, e->fix_client, utf8);
		fmt_sb_printf(sb, "\n");
	}
	if (e->fix_client_warning[0] != '\0') {
		fmt_sb_printf(sb, "  warning: ");
		fmt_sb_safe(sb, e->fix_client_warning, utf8);
		fmt_sb_printf(sb, "\n");
	}
}

/* --repeat: how many probes worked and each distinct outcome. */
static void
detail_repeats(struct fmt_sbuf *sb, const struct model_cell *c)
{
	size_t i;

	fmt_sb_printf(sb, "repeats: %u/%u ok", c->ok, c->finished);
	if (c->n_outcomes > 1)
		fmt_sb_printf(sb, ", %zu different outcomes: the address may hide "
		    "several backends", c->n_outcomes);
	fmt_sb_printf(sb, "\n");
	for (i = 0; i < c->n_outcomes; i++) {
		const struct model_outcome *o = &c->outcomes[i];
		char suite[96];

		if (o->ok) {
			fmt_suite_short(o->cipher, suite, sizeof suite);
			fmt_sb_printf(sb, "  %ux ok %s %s\n", o->count,
			    fmt_version_short(o->version), suite);
		} else {
			fmt_sb_printf(sb, "  %ux %s\n", o->count,
			    result_reason_name(o->reason));
		}
	}
}

/* The version, suite and group a handshake got, by name. */
static void
detail_negotiated(struct fmt_sbuf *sb, const struct probe_result *r)
{
	const struct tls_suite	*s;
	const char		*name;

	if (r->version != 0) {
		name = tls_version_name(r->version);
		if (name != NULL)
			fmt_sb_printf(sb, "protocol: %s\n", name);
		else
			fmt_sb_printf(sb, "protocol: 0x%04x\n",
			    (unsigned)r->version);
	}
	if (r->cipher != 0) {
		s = tls_suite_by_code(r->cipher);
		if (s != NULL && s->openssl != NULL)
			fmt_sb_printf(sb, "cipher: %s (%s)\n", s->iana,
			    s->openssl);
		else if (s != NULL)
			fmt_sb_printf(sb, "cipher: %s\n", s->iana);
		else
			fmt_sb_printf(sb, "cipher: 0x%04X (unknown)\n",
			    (unsigned)r->cipher);
	}
	if (r->group != 0) {
		name = tls_group_name(r->group);
		if (name != NULL)
			fmt_sb_printf(sb, "group: %s\n", name);
		else
			fmt_sb_printf(sb, "group: 0x%04x\n",
			    (unsigned)r->group);
	}
}

/* Why a cell failed: the probe's reason, or the enumeration's when it
 * knows better (e, the explanation, may be NULL). */
static void
detail_reason(struct fmt_sbuf *sb, const struct probe_result *r,
    const struct explanation *e)
{
	if (r->outcome != PROBE_OK || r->reason != REASON_NONE) {
		if (e != NULL && e->reason != r->reason)
			fmt_sb_printf(sb, "reason: %s: %s (the probe saw "
			    "%s; the enumeration shows why)\n",
			    result_reason_name(e->reason),
			    result_reason_text(e->reason),
			    fmt_reason_name(r));
		else {
			fmt_sb_printf(sb, "reason: %s", fmt_reason_name(r));
			if (r->reason != REASON_NONE)
				fmt_sb_printf(sb, ": %s",
				    result_reason_text(r->reason));
			fmt_sb_printf(sb, "\n");
		}
	}
}

void
fmt_cell_detail_mode(const struct model *m, size_t row, size_t col,
    bool utf8, char *buf, size_t len)
{
	const struct model_row		*rw;
	const struct profile		*p;
	const struct model_cell		*c;
	const struct probe_result	*r;
	enum cell_class			 k;
	struct fmt_sbuf			 sb;
	struct explanation		 e;
	bool				 have_e = false;
	char				 hist[MODEL_HISTORY_MAX * 200];
	char				*hist_list;

	fmt_sb_init(&sb, buf, len);
	if (row >= model_rows(m) || col >= model_cols(m))
		return;
	rw = model_row(m, row);
	p = model_col(m, col);
	c = model_cell(m, row, col);
	k = fmt_cell_class(c);

	fmt_sb_printf(&sb, "address: ");
	fmt_sb_safe(&sb, rw->text, utf8);
	fmt_sb_printf(&sb, " port %u", (unsigned)rw->port);
	if (rw->source != NULL && rw->source[0] != '\0') {
		fmt_sb_printf(&sb, " (");
		fmt_sb_safe(&sb, rw->source, utf8);
		fmt_sb_printf(&sb, ")");
	}
	if (rw->label[0] != '\0') {
		fmt_sb_printf(&sb, " ");
		fmt_sb_safe(&sb, rw->label, utf8);
	}
	fmt_sb_printf(&sb, "\nprofile: ");
	fmt_sb_safe(&sb, p->id, utf8);
	fmt_sb_printf(&sb, " (");
	fmt_sb_safe(&sb, p->name, utf8);
	fmt_sb_printf(&sb, ")\nverdict: %s\n", verdict_words(k));
	/* --repeat and t: right under the verdict they qualify */
	if (c->expected > 1 && c->finished > 0)
		detail_repeats(&sb, c);
	/* every result the cell had: the strip here, the list at the end */
	fmt_cell_history(c, utf8, true, hist, sizeof hist);
	hist_list = strchr(hist, '\n');
	if (hist_list != NULL) {
		*hist_list++ = '\0';
		fmt_sb_printf(&sb, "%s\n", hist);
	}

	if (k != CLASS_PENDING) {
		r = c->result;
		detail_negotiated(&sb, r);
		if (r->dh_bits > 0)
			fmt_sb_printf(&sb, "DH bits: %d\n", r->dh_bits);
		detail_alert(&sb, "alert received", r->alert_received);
		detail_alert(&sb, "alert sent", r->alert_sent);
		have_e = fmt_cell_explain(m, row, col, &e);
		detail_reason(&sb, r, have_e ? &e : NULL);
		if (have_e)
			detail_explanation(&sb, &e, utf8);
		if (r->detail[0] != '\0') {
			fmt_sb_printf(&sb, "detail: ");
			fmt_sb_safe(&sb, r->detail, utf8);
			fmt_sb_printf(&sb, "\n");
		}
		if (r->have_cert)
			detail_cert(&sb, &r->cert, utf8);
		if (!r->by_enumeration)
			fmt_sb_printf(&sb, "timings: connect %lu ms, handshake "
			    "%lu ms\n", (unsigned long)r->connect_ms,
			    (unsigned long)r->handshake_ms);
	}
	/* the explanation may already have cited the note */
	if (p->note[0] != '\0' &&
	    !(have_e && strstr(e.detail, p->note) != NULL)) {
		fmt_sb_printf(&sb, "note: ");
		fmt_sb_safe(&sb, p->note, utf8);
		fmt_sb_printf(&sb, "\n");
	}
	if (p->source[0] != '\0') {
		fmt_sb_printf(&sb, "source: ");
		fmt_sb_safe(&sb, p->source, utf8);
		fmt_sb_printf(&sb, "\n");
	}
	if (hist_list != NULL)
		fmt_sb_printf(&sb, "results, oldest first (time since the start):"
		    "\n%s", hist_list);
	/* no trailing newline: callers join or split lines themselves */
	if (sb.pos > 0 && sb.buf[sb.pos - 1] == '\n')
		sb.buf[--sb.pos] = '\0';
}

void
fmt_cell_detail(const struct model *m, size_t row, size_t col, char *buf,
    size_t len)
{
	fmt_cell_detail_mode(m, row, col, false, buf, len);
}

/* A list of code names ("0xC0FF" for unknown ones), space-separated. */
static void
detail_codes(struct fmt_sbuf *sb, const uint16_t *v, size_t n,
    const char *(*name)(uint16_t))
{
	size_t	i;

	for (i = 0; i < n; i++) {
		const char *s = name(v[i]);

		if (s != NULL)
			fmt_sb_printf(sb, "%s%s", i ? " " : "", s);
		else
			fmt_sb_printf(sb, "%s0x%04X", i ? " " : "", v[i]);
	}
}

static const char *
suite_short_name(uint16_t code)
{
	const struct tls_suite *s = tls_suite_by_code(code);

	if (s == NULL)
		return NULL;
	return s->openssl != NULL ? s->openssl : s->iana;
}

void
fmt_row_tag(const struct model *m, size_t row, char *buf, size_t len)
{
	const struct model_row	*rw = model_row(m, row);
	size_t			 i, n = model_resolver_count(m), used = 0;
	bool			 any = false;

	if (len == 0)
		return;
	buf[0] = '\0';
	if (rw == NULL || rw->sources == NULL)
		return;
	for (i = 0; n > 1 && i < n && used + 1 < len; i++) {
		if (rw->sources[i].seen == 0)
			continue;
		snprintf(buf + used, len - used, "%s#%zu", any ? "," : "",
		    i + 1);
		used = strlen(buf);
		any = true;
	}
	if (rw->gone && used + 1 < len)
		snprintf(buf + used, len - used, "%sgone", any ? " " : "");
}

/* How this backend compares with its siblings, and the server fix that
 * would let every column complete on it. */
static void
detail_siblings(struct fmt_sbuf *sb, const struct model *m, size_t row,
    bool utf8)
{
	const struct model_row *rw = model_row(m, row);
	const struct profile **cols;
	struct findings f;
	char diff[EXPLAIN_TEXT_MAX], fix[EXPLAIN_TEXT_MAX];
	size_t c, nc = model_cols(m);

	findings_compute(m, &f);
	fmt_sb_printf(sb, "configuration: %s", f.rows[row].signature);
	if (f.have_ref && f.ref_row != row) {
		const struct model_row *ref = model_row(m, f.ref_row);

		explain_server_diff(rw->server, ref->server, diff,
		    sizeof diff);
		if (diff[0] == '\0') {
			fmt_sb_printf(sb, ", the same as ");
			fmt_sb_safe(sb, ref->text, utf8);
			fmt_sb_printf(sb, "\n");
		} else {
			fmt_sb_printf(sb, ", differs from ");
			fmt_sb_safe(sb, ref->text, utf8);
			fmt_sb_printf(sb, " (the most common one):\n");
			sb_lines(sb, diff, "  ", utf8);
		}
	} else if (f.have_ref && model_rows(m) > 1) {
		fmt_sb_printf(sb, " (the reference the others are compared with)\n");
	} else {
		fmt_sb_printf(sb, "\n");
	}
	findings_cleanup(&f);

	cols = xcalloc(nc ? nc : 1, sizeof *cols);
	for (c = 0; c < nc; c++)
		cols[c] = model_col(m, c);
	explain_server_fix(cols, nc, rw->server, fix, sizeof fix);
	free(cols);
	if (fix[0] != '\0') {
		fmt_sb_printf(sb, "hint, to let every profile complete here: ");
		fmt_sb_safe(sb, fix, utf8);
		fmt_sb_printf(sb, "\n");
	}
}

/* The address line of a row: port, source, TTL, each resolver's view. */
static void
server_address(struct fmt_sbuf *sb, const struct model *m,
    const struct model_row *rw, bool utf8)
{
	size_t i;

	fmt_sb_printf(sb, "address: ");
	fmt_sb_safe(sb, rw->text, utf8);
	fmt_sb_printf(sb, " port %u", (unsigned)rw->port);
	if (rw->source != NULL && rw->source[0] != '\0') {
		fmt_sb_printf(sb, " (");
		fmt_sb_safe(sb, rw->source, utf8);
		fmt_sb_printf(sb, ")");
	}
	if (rw->ttl > 0)
		fmt_sb_printf(sb, " ttl %lu", (unsigned long)rw->ttl);
	if (rw->gone)
		fmt_sb_printf(sb, "\n  gone: in no resolver's latest answer");
	for (i = 0; rw->sources != NULL && i < model_resolver_count(m); i++) {
		const struct model_resolver *rv = model_resolver(m, i);
		const struct model_source *src = &rw->sources[i];

		fmt_sb_printf(sb, "\n  #%zu ", i + 1);
		fmt_sb_safe(sb, rv->name, utf8);
		fmt_sb_printf(sb, ": seen %lu of %lu", (unsigned long)src->seen,
		    (unsigned long)rv->queries);
		if (src->seen > 0)
			fmt_sb_printf(sb, ", ttl %lu%s", (unsigned long)src->ttl,
			    src->present ? "" : ", not in its latest answer");
		if (rv->last_failed)
			fmt_sb_printf(sb, ", latest query failed (%s)",
			    rv->reason != NULL ? rv->reason : "error");
	}
	if (rw->label[0] != '\0') {
		fmt_sb_printf(sb, "\n  ");
		fmt_sb_safe(sb, rw->label, utf8);
	}
}

/* The groups and signature schemes the enumeration found. */
static void
server_lists(struct fmt_sbuf *sb, const struct server_info *si)
{
	if (si->n_groups13 > 0) {
		fmt_sb_printf(sb, "TLS 1.3 groups: ");
		detail_codes(sb, si->groups13, si->n_groups13,
		    tls_group_name);
		fmt_sb_printf(sb, "%s\n", si->hrr_seen ?
		    " (asks for another key share: HelloRetryRequest)" : "");
	}
	if (si->sigalgs13_known) {
		fmt_sb_printf(sb, "TLS 1.3 signature schemes: ");
		detail_codes(sb, si->sigalgs13, si->n_sigalgs13,
		    tls_sigalg_name);
		fmt_sb_printf(sb, "%s\n", si->n_sigalgs13 == 0 ? "none" : "");
	}
	if (si->sigalgs12_known) {
		fmt_sb_printf(sb, "TLS 1.2 signature schemes: ");
		detail_codes(sb, si->sigalgs12, si->n_sigalgs12,
		    tls_sigalg_name);
		fmt_sb_printf(sb, "%s\n", si->n_sigalgs12 == 0 ? "none" : "");
	}
	if (si->n_groups12 > 0) {
		fmt_sb_printf(sb, "TLS 1.2 ECDHE curves: ");
		detail_codes(sb, si->groups12, si->n_groups12,
		    tls_group_name);
		fmt_sb_printf(sb, "\n");
	}
}

void
fmt_server_detail(const struct model *m, size_t row, bool utf8, char *buf,
    size_t len)
{
	const struct model_row		*rw;
	const struct server_info	*si;
	struct fmt_sbuf			 sb;
	size_t				 i;
	bool				 any = false;

	fmt_sb_init(&sb, buf, len);
	if (row >= model_rows(m))
		return;
	rw = model_row(m, row);
	si = rw->server;
	server_address(&sb, m, rw, utf8);
	fmt_sb_printf(&sb, "\n");
	switch (rw->scan_state) {
	case SCAN_OFF:
		fmt_sb_printf(&sb, "enumeration: off (--no-scan)\n");
		return;
	case SCAN_PENDING:
		fmt_sb_printf(&sb, "enumeration: running...\n");
		return;
	case SCAN_DONE:
		break;
	}
	if (si == NULL)
		return;
	if (si->error_reason != REASON_NONE) {
		fmt_sb_printf(&sb, "enumeration failed: %s: ",
		    result_reason_name(si->error_reason));
		fmt_sb_safe(&sb, si->error, utf8);
		fmt_sb_printf(&sb, "\n");
	}
	for (i = 0; i < si->n_protocols; i++) {
		const struct server_protocol *sp = &si->protocols[i];
		const char *vn = tls_version_name(sp->version);

		if (!sp->accepted)
			continue;
		any = true;
		fmt_sb_printf(&sb, "%s: %zu suite%s%s\n  ", vn ? vn : "?",
		    sp->n_suites, sp->n_suites == 1 ? "" : "s",
		    !sp->preference_known ? "" : sp->server_preference ?
		    ", server's order" : ", client's order");
		detail_codes(&sb, sp->suites, sp->n_suites, suite_short_name);
		fmt_sb_printf(&sb, "\n");
	}
	if (!any && si->error_reason == REASON_NONE)
		fmt_sb_printf(&sb, "no protocol version accepted\n");
	if (si->n_protocols > 0) {
		bool first = true;

		fmt_sb_printf(&sb, "refused:");
		for (i = 0; i < si->n_protocols; i++) {
			const char *vn = tls_version_name(
			    si->protocols[i].version);

			if (si->protocols[i].accepted)
				continue;
			fmt_sb_printf(&sb, " %s", vn ? vn : "?");
			first = false;
		}
		fmt_sb_printf(&sb, "%s\n", first ? " none" : "");
	}
	server_lists(&sb, si);
	if (si->dh_bits > 0)
		fmt_sb_printf(&sb, "DHE group: %d bits\n", si->dh_bits);
	/* Intolerance (of our long hellos, of a version) looks like this:
	 * say the lists may be short, and why no cell was settled. */
	if (si->suites_unclear)
		fmt_sb_printf(&sb, "note: some hellos were refused by a close, a "
		    "reset or silence instead of an alert; these lists may "
		    "miss what they would have found, so every cell was "
		    "probed\n");
	if (si->other_refusal)
		fmt_sb_printf(&sb, "note: a hello was refused with alert %s, which "
		    "proves no version or suite mismatch; no cell was "
		    "settled from these lists\n",
		    tls_alert_name(si->other_alert) != NULL ?
		    tls_alert_name(si->other_alert) : "(unknown)");
	if (si->have_cert) {
		if (si->chain_len > 0)
			fmt_sb_printf(&sb, "chain: %zu certificate%s\n",
			    si->chain_len, si->chain_len == 1 ? "" : "s");
		detail_cert(&sb, &si->cert, utf8);
	}
	fmt_sb_printf(&sb, "connections: %u\n", si->connections);
	detail_siblings(&sb, m, row, utf8);
}

/* One chain on a line: "CN=a > CN=b > CN=root (anchor)". */
static void
chain_line(struct fmt_sbuf *sb, const struct probe_result *r, bool utf8)
{
	size_t i;

	for (i = 0; i < r->n_chain; i++) {
		fmt_sb_printf(sb, "%s", i > 0 ? " > " : "");
		fmt_sb_safe(sb, r->chain[i].subject, utf8);
		if (strcmp(r->chain[i].from, "fetched") == 0)
			fmt_sb_printf(sb, " (fetched)");
	}
	fmt_sb_printf(sb, r->chain_anchored ? " (anchor)" : " (broken: %s)",
	    r->outcome == PROBE_OK ? "not anchored" : fmt_reason_name(r));
}

/* True when two results built the same chain to the same end. */
static bool
same_chain(const struct probe_result *a, const struct probe_result *b)
{
	size_t i;

	if (a->n_chain != b->n_chain || a->chain_anchored != b->chain_anchored
	    || strcmp(a->trust_store, b->trust_store) != 0)
		return false;
	for (i = 0; i < a->n_chain; i++)
		if (strcmp(a->chain[i].sha256, b->chain[i].sha256) != 0)
			return false;
	return true;
}

static const struct probe_result *
finished_result(const struct model *m, size_t row, size_t col)
{
	const struct model_cell *c = model_cell(m, row, col);
	enum cell_class k = fmt_cell_class(c);

	return k == CLASS_PENDING || c->result == NULL ? NULL : c->result;
}

/* What the server asked of the clients' certificates (#15): the request
 * as one probe of the row saw it, and what it did without one. */
static void
client_auth_lines(struct fmt_sbuf *sb, const struct model *m, size_t row,
    bool utf8)
{
	const struct client_auth *ca = NULL;
	const struct probe_result *r;
	const char *what, *n;
	size_t c, i;

	for (c = 0; c < model_cols(m) && ca == NULL; c++)
		if ((r = finished_result(m, row, c)) != NULL &&
		    r->client_auth.verdict != CLIENT_AUTH_NONE)
			ca = &r->client_auth;
	if (ca == NULL)
		return;
	switch (ca->verdict) {
	case CLIENT_AUTH_REQUIRED:
		what = "required (clients without one fail)";
		break;
	case CLIENT_AUTH_OPTIONAL:
		what = "asked for, not required";
		break;
	case CLIENT_AUTH_ACCEPTED:
		what = "asked for; --cert's was accepted";
		break;
	case CLIENT_AUTH_REJECTED:
		what = "asked for; --cert's was rejected";
		break;
	default:
		what = "asked for";
		break;
	}
	fmt_sb_printf(sb, "client certificate: %s\n  CAs: ", what);
	fmt_sb_safe(sb, ca->n_ca_names > 0 ? ca->ca_names : "any", utf8);
	fmt_sb_printf(sb, "\n  signature algorithms:");
	for (i = 0; i < ca->n_sigalgs; i++) {
		n = tls_sigalg_name(ca->sigalgs[i]);
		if (n != NULL)
			fmt_sb_printf(sb, " %s", n);
		else
			fmt_sb_printf(sb, " 0x%04x", ca->sigalgs[i]);
	}
	fmt_sb_printf(sb, "%s\n", ca->n_sigalgs == 0 ? " (none listed)" : "");
}

void
fmt_chain_detail(const struct model *m, size_t row, bool utf8, char *buf,
    size_t len)
{
	const struct probe_result *r, *r2, *sent = NULL;
	size_t c, c2, i, nc = model_cols(m);
	struct fmt_sbuf sb;
	bool *done;

	fmt_sb_init(&sb, buf, len);
	if (row >= model_rows(m))
		return;
	client_auth_lines(&sb, m, row, utf8);
	for (c = 0; c < nc && sent == NULL; c++)
		if ((r = finished_result(m, row, c)) != NULL && r->n_sent > 0)
			sent = r;
	if (sent == NULL)
		return;
	fmt_sb_printf(&sb, "chain as sent:\n");
	for (i = 0; i < sent->n_sent; i++) {
		fmt_sb_printf(&sb, "  %zu ", i);
		fmt_sb_safe(&sb, sent->sent[i], utf8);
		fmt_sb_printf(&sb, "\n");
	}
	/* Each distinct chain built, with the profiles that built it. */
	done = xcalloc(nc ? nc : 1, sizeof *done);
	fmt_sb_printf(&sb, "chains built, by client:\n");
	for (c = 0; c < nc; c++) {
		if (done[c] || (r = finished_result(m, row, c)) == NULL ||
		    r->n_chain == 0)
			continue;
		fmt_sb_printf(&sb, "  ");
		fmt_sb_safe(&sb, model_col(m, c)->family, utf8);
		fmt_sb_printf(&sb, " (");
		for (c2 = c; c2 < nc; c2++) {
			r2 = finished_result(m, row, c2);
			if (done[c2] || r2 == NULL || !same_chain(r, r2) ||
			    strcmp(model_col(m, c2)->family,
			    model_col(m, c)->family) != 0)
				continue;
			done[c2] = true;
			fmt_sb_printf(&sb, "%s", c2 > c ? ", " : "");
			fmt_sb_safe(&sb, model_col(m, c2)->id, utf8);
		}
		fmt_sb_printf(&sb, "; store ");
		fmt_sb_safe(&sb, r->trust_store, utf8);
		fmt_sb_printf(&sb, "): ");
		chain_line(&sb, r, utf8);
		fmt_sb_printf(&sb, "\n");
	}
	/* Which stores hold each anchor reached, and which lack it. */
	memset(done, 0, (nc ? nc : 1) * sizeof *done);
	for (c = 0; c < nc; c++) {
		const struct result_link *a;
		bool any_lack = false;

		if (done[c] || (r = finished_result(m, row, c)) == NULL ||
		    !r->chain_anchored || r->n_chain == 0)
			continue;
		a = &r->chain[r->n_chain - 1];
		fmt_sb_printf(&sb, "anchor ");
		fmt_sb_safe(&sb, a->subject, utf8);
		fmt_sb_printf(&sb, " is in the stores of: ");
		for (c2 = 0; c2 < nc; c2++) {
			r2 = finished_result(m, row, c2);
			if (r2 == NULL || !r2->chain_anchored ||
			    r2->n_chain == 0 || strcmp(r2->chain[r2->n_chain -
			    1].sha256, a->sha256) != 0)
				continue;
			fmt_sb_printf(&sb, "%s", done[c] && c2 != c ? ", " : "");
			done[c2] = true;
			fmt_sb_safe(&sb, model_col(m, c2)->id, utf8);
		}
		for (c2 = 0; c2 < nc; c2++) {
			r2 = finished_result(m, row, c2);
			if (r2 == NULL || r2->reason != REASON_CERT_UNTRUSTED)
				continue;
			fmt_sb_printf(&sb, "%s", any_lack ? ", " : "; not reached by: ");
			any_lack = true;
			fmt_sb_safe(&sb, model_col(m, c2)->id, utf8);
			fmt_sb_printf(&sb, " (");
			fmt_sb_safe(&sb, r2->trust_store, utf8);
			fmt_sb_printf(&sb, ")");
		}
		fmt_sb_printf(&sb, "\n");
	}
	free(done);
	if (sb.pos > 0 && sb.buf[sb.pos - 1] == '\n')
		sb.buf[--sb.pos] = '\0';
}
