/*
 * export_md.c: the Markdown snapshot (--format md): the text snapshot's
 * sections in the same order, as GitHub-flavoured tables.
 *
 * Every string is sanitized as in the text snapshot, then escaped for
 * Markdown (md_escape), so a hostile string can neither break a table nor
 * become a link. Main thread.
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
#include "netaddr.h"
#include "tls_names.h"
#include "xmem.h"

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
	char	*t = export_safe_dup(s);

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
    const struct export_tally *t, FILE *f)
{
	static const char *const head[] = { "", "", NULL };
	const char	*s;
	char		 buf[NETADDR_HOST_MAX + 64], when[32];
	size_t		 i;

	export_generated_text(eo, when, sizeof when);
	fprintf(f, "# tlsmatrix %s snapshot\n\n", PACKAGE_VERSION);
	md_head(f, head);
	md_kv(f, "generated", when);
	s = model_host(m);
	snprintf(buf, sizeof buf, "%s%s%s:%s", strchr(s, ':') ? "[" : "", s,
	    strchr(s, ':') ? "]" : "", model_ports_text(m));
	md_kv(f, "target", buf);
	md_kv(f, "sni", model_sni(m) != NULL ? model_sni(m) : "-");
	md_kv(f, "resolvers", model_resolvers(m));
	if (model_proxy(m) != NULL)
		md_kv(f, "proxy", model_proxy(m));
	s = model_resolve_error(m);
	snprintf(buf, sizeof buf, "%s%s%.*s",
	    export_resolve_state_name(model_resolve_state(m)),
	    s != NULL ? ": " : "", (int)(sizeof buf - 16), s != NULL ? s : "");
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
	size_t		 r, c;

	findings_compute(m, &fd);
	fputs("\n## Findings\n\n", f);
	if (fd.n_depends == 0 && fd.n_differ == 0)
		fputs("- no client's result depends on the address, and no "
		    "backend differs from its siblings\n", f);
	for (c = 0; c < fd.n_cols; c++) {
		const struct column_finding *cf = &fd.cols[c];

		if (cf->depends)
			export_depends_line(f, m, c, cf, "- ", md_text);
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
		row[1] = export_family_name(&rw->addr);
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
			export_matrix_text(m, r, c, buf, sizeof buf);
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
md_failures(const struct model *m, const struct export_tally *t,
    const struct export_opts *eo, FILE *f)
{
	static const char *const head[] = { "", "", NULL };
	static const char *const side[] = { "", "why (server side)",
	    "why (client side)", "why (network side)" };
	const struct probe_result	*r;
	struct explanation		 e;
	char				 buf[EXPLAIN_TEXT_MAX + 64];
	bool				 have_e;
	size_t				 row, c;

	fprintf(f, "\n## Failures (%zu)\n", t->failed);
	if (t->failed == 0)
		fputs("\n(none)\n", f);
	for (row = 0, c = 0; export_next_failure(m, &row, &c); c++) {
		r = model_cell(m, row, c)->result;
		have_e = fmt_cell_explain(m, row, c, &e);
		export_cell_title(f, m, row, c, "\n### ", "\n\n", md_text);
		md_head(f, head);
		export_reason_words(r, have_e ? &e : NULL, buf, sizeof buf);
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

static void
md_successes(const struct model *m, const struct export_tally *t,
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
md_pending(const struct model *m, const struct export_tally *t, FILE *f)
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

/* Cells with more than one result: the history strip, oldest first. */
static void
md_history(const struct model *m, FILE *f)
{
	static const char *const head[] = { "address", "profile", "results",
	    "ok", "flapping", NULL };
	const struct model_cell	*cell;
	const char		*row[6];
	char			 strip[MODEL_HISTORY_MAX + 1], okn[64];
	size_t			 r, c, n, ok;
	bool			 any = false;

	for (r = 0; r < model_rows(m); r++) {
		for (c = 0; c < model_cols(m); c++) {
			cell = model_cell(m, r, c);
			if ((n = model_cell_hist_len(cell)) < 2)
				continue;
			if (!any) {
				fprintf(f, "\n## History\n\nCells with more "
				    "than one result, oldest first (`+` ok, "
				    "`x` failed, `!` error; the last %d "
				    "kept).\n\n", MODEL_HISTORY_MAX);
				md_head(f, head);
			}
			any = true;
			ok = fmt_hist_ok(cell);
			fmt_hist_strip(cell, false, strip, sizeof strip);
			snprintf(okn, sizeof okn, "%zu of %zu", ok, n);
			row[0] = model_row(m, r)->text;
			row[1] = model_col(m, c)->id;
			row[2] = strip;
			row[3] = okn;
			row[4] = fmt_hist_flaps(cell) ? "yes" : "no";
			row[5] = NULL;
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
void
export_md_write(const struct model *m, const struct export_opts *eo, FILE *f)
{
	struct export_tally	t = export_tally(m);

	if (eo->what_if_md != NULL)	/* the fix preview's changes first */
		fputs(eo->what_if_md, f);
	md_header(m, eo, &t, f);
	md_resolvers(m, f);
	md_findings(m, f);
	md_addresses(m, f);
	md_matrix(m, f);
	md_failures(m, &t, eo, f);
	md_successes(m, &t, eo, f);
	md_pending(m, &t, f);
	md_history(m, f);
	md_servers(m, f);
	md_profiles(m, f);
}
