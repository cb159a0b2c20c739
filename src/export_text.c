/*
 * export_text.c: the text snapshot, the same bytes as --batch, --export
 * and the TUI's export key.
 *
 * ASCII only: every string from a server or a profile file goes through
 * fmt's sanitizer (put_safe, export_safe_dup), and the matrix is cut into
 * blocks of columns that fit TEXT_WIDTH. Main thread.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export_int.h"
#include "explain.h"
#include "findings.h"
#include "fmt.h"
#include "resolver.h"
#include "tls_names.h"
#include "xmem.h"

#define TEXT_WIDTH	100	/* the matrix fits a ticket or a terminal */
#define ADDR_WIDTH_MAX	46	/* an IPv6 address with a zone */

static void
put_safe(FILE *f, const char *s)
{
	char	*t = export_safe_dup(s);

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

static void
text_header(const struct model *m, const struct export_opts *eo,
    const struct export_tally *t, FILE *f)
{
	const char	*s;
	char		 when[32];
	bool		 v6;

	export_generated_text(eo, when, sizeof when);
	fprintf(f, "tlsmatrix %s snapshot\n", PACKAGE_VERSION);
	fprintf(f, "generated:  %s\n", when);
	/* an IPv6 literal takes brackets, or its port would read as part
	 * of the address */
	s = model_host(m);
	v6 = s != NULL && strchr(s, ':') != NULL;
	fputs(v6 ? "target:     [" : "target:     ", f);
	put_safe(f, s);
	fprintf(f, "%s:%s\n", v6 ? "]" : "", model_ports_text(m));
	fputs("sni:        ", f);
	put_safe(f, model_sni(m) != NULL ? model_sni(m) : "-");
	fputs("\nresolvers:  ", f);
	put_safe(f, model_resolvers(m));
	if (model_proxy(m) != NULL) {	/* --proxy (#17) */
		fputs("\nproxy:      ", f);
		put_safe(f, model_proxy(m));
	}
	fprintf(f, "\nresolution: %s",
	    export_resolve_state_name(model_resolve_state(m)));
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
		a = export_safe_dup(rw->text);
		s = export_safe_dup(rw->source);
		l = export_safe_dup(rw->label);
		fputs("  ", f);
		put_cell(f, a, aw, true);
		fprintf(f, "  %-6s  %-9lu  ", export_family_name(&rw->addr),
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
		t = export_safe_dup(rv->name);
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
		t = export_safe_dup(rw->text);
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
		t = export_safe_dup(model_col(m, c)->id);
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
		t = export_safe_dup(model_row(m, r)->text);
		put_cell(f, t, aw, true);
		free(t);
		for (c = c0; c < c1; c++) {
			fputs(" | ", f);
			export_matrix_text(m, r, c, buf, sizeof buf);
			t = export_safe_dup(buf);
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
			export_matrix_text(m, r, c, buf, sizeof buf);
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
	size_t r, c;

	findings_compute(m, &fd);
	fprintf(f, "\nFindings\n");
	if (fd.n_depends == 0 && fd.n_differ == 0)
		fputs("  no client's result depends on the address, and no "
		    "backend differs from its siblings\n", f);
	for (c = 0; c < fd.n_cols; c++) {
		const struct column_finding *cf = &fd.cols[c];

		if (cf->depends)
			export_depends_line(f, m, c, cf, "  ", put_safe);
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
text_failures(const struct model *m, const struct export_tally *t,
    const struct export_opts *eo, FILE *f)
{
	const struct probe_result	*r;
	struct explanation		 e;
	char				 buf[EXPLAIN_TEXT_MAX + 64];
	bool				 have_e;
	size_t				 row, c;

	fprintf(f, "\nFailures (%zu)\n", t->failed);
	if (t->failed == 0)
		fputs("  (none)\n", f);
	for (row = 0, c = 0; export_next_failure(m, &row, &c); c++) {
		r = model_cell(m, row, c)->result;
		have_e = fmt_cell_explain(m, row, c, &e);
		export_cell_title(f, m, row, c, "  ", "", put_safe);
		export_reason_words(r, have_e ? &e : NULL, buf, sizeof buf);
		fprintf(f, ": %s", buf);
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

static void
text_successes(const struct model *m, const struct export_tally *t,
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
text_pending(const struct model *m, const struct export_tally *t, FILE *f)
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

/* Cells with more than one result: their history as a strip, oldest
 * first ("x+x+": a flapping cell), at most MODEL_HISTORY_MAX each. */
static void
text_history(const struct model *m, const struct export_opts *eo, FILE *f)
{
	const struct model_cell	*cell;
	char			 strip[MODEL_HISTORY_MAX + 1];
	size_t			 row, c, n, ok;
	bool			 head = false;

	for (row = 0; row < model_rows(m); row++) {
		for (c = 0; c < model_cols(m); c++) {
			cell = model_cell(m, row, c);
			if ((n = model_cell_hist_len(cell)) < 2)
				continue;
			if (!head)
				fprintf(f, "\nHistory (cells with more than "
				    "one result, oldest first, the last %d "
				    "kept)\n", MODEL_HISTORY_MAX);
			head = true;
			ok = fmt_hist_ok(cell);
			fmt_hist_strip(cell, false, strip, sizeof strip);
			fputs("  ", f);
			put_safe(f, model_row(m, row)->text);
			fputs(" as ", f);
			put_safe(f, model_col(m, c)->id);
			fprintf(f, ": %s  %zu ok of %zu%s", strip, ok, n,
			    fmt_hist_flaps(cell) ? ", flapping" : "");
			if (eo->timings)
				fprintf(f, ", +%u.%us to +%u.%us",
				    model_cell_hist(cell, 0)->at_ms / 1000,
				    model_cell_hist(cell, 0)->at_ms % 1000 / 100,
				    model_cell_hist(cell, n - 1)->at_ms / 1000,
				    model_cell_hist(cell, n - 1)->at_ms % 1000 /
				    100);
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
	static const char *const text_seps[] = { "  ", ": ",
	    "\n    library: ", "\n    source: ", "\n" };
	size_t c;

	fprintf(f, "\nProfiles (%zu)\n", model_cols(m));
	for (c = 0; c < model_cols(m); c++)
		export_profile_fields(f, model_col(m, c), text_seps, put_safe);
}

void
export_text_write(const struct model *m, const struct export_opts *eo, FILE *f)
{
	struct export_tally	t = export_tally(m);

	if (eo->what_if_text != NULL)	/* the fix preview's changes first */
		fputs(eo->what_if_text, f);
	text_header(m, eo, &t, f);
	text_resolvers(m, f);
	text_findings(m, f);
	text_addresses(m, f);
	text_matrix(m, f);
	text_failures(m, &t, eo, f);
	text_successes(m, &t, eo, f);
	text_pending(m, &t, f);
	text_history(m, eo, f);
	text_servers(m, f);
	text_profiles(m, f);
}
