/*
 * export_html.c: the HTML snapshot (--format html): one self-contained
 * page to attach to a ticket or put on a wiki. No script, no external
 * resource (the style sheet is inline): the page reads the same in a
 * browser that blocks everything.
 *
 * Order: the header, the findings (what to read first), the matrix
 * coloured by verdict (each cell links to its detail), then each cell's
 * explanation and fixes in a collapsible <details> (failures first), each
 * address's enumeration, and the profiles.
 *
 * Escaping: every string goes through fmt's sanitizer in its UTF-8 mode
 * (controls, bidi overrides and invalid UTF-8 become \xHH) and then
 * html_escape (& < > " '), so a server's certificate names or alert text
 * can neither inject markup nor put a raw control byte in the file. Text
 * that fmt produced already sanitized is only HTML-escaped (sanitizing
 * twice would show "\x1b" as "\x5cx1b"). Main thread.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export_int.h"
#include "fmt.h"
#include "xmem.h"

static const char html_style[] =
"body{font-family:sans-serif;margin:1em 2em;color:#111;background:#fff}\n"
"table{border-collapse:collapse;margin:.5em 0}\n"
"th,td{border:1px solid #999;padding:.2em .5em;text-align:left;"
"vertical-align:top}\n"
"th{background:#f0f0f0}\n"
".ok{background:#c8efc8}.fail{background:#f6c1c1}"
".error{background:#fde0b0}.pending{background:#e6e6e6}\n"
"td a{color:inherit}\n"
"summary{cursor:pointer;padding:.1em .3em}\n"
"details{margin:.2em 0}\n"
"pre{white-space:pre-wrap;margin:.3em 0 .6em 1.5em}\n"
"small{color:#444}\n";

/* & < > " ' as entities; s is sanitized already. */
static void
html_escape(FILE *f, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&#39;", f);
			break;
		default:
			putc(*s, f);
		}
	}
}

/* Any string (NULL reads as ""): sanitized, then escaped. Four bytes
 * out per byte in is the sanitizer's worst case (\xHH). */
static void
html_text(FILE *f, const char *s)
{
	size_t	 n = s != NULL ? strlen(s) : 0;
	char	*t = xmalloc(n * 4 + 1);

	fmt_sanitize(s, t, n * 4 + 1, true);
	html_escape(f, t);
	free(t);
}

static const char *
class_name(enum cell_class k)
{
	switch (k) {
	case CLASS_OK:
		return "ok";
	case CLASS_FAIL:
		return "fail";
	case CLASS_ERROR:
		return "error";
	case CLASS_PENDING:
		break;
	}
	return "pending";
}

static void
html_kv(FILE *f, const char *key, const char *val)
{
	fputs("<tr><th>", f);
	html_text(f, key);
	fputs("</th><td>", f);
	html_text(f, val);
	fputs("</td></tr>\n", f);
}

static void
html_header(const struct model *m, const struct export_opts *eo,
    const struct export_tally *t, FILE *f)
{
	const char	*host = model_host(m), *s;
	char		 buf[NETADDR_HOST_MAX + 64], when[32];

	snprintf(buf, sizeof buf, "%s%s%s:%s", strchr(host, ':') ? "[" : "",
	    host, strchr(host, ':') ? "]" : "", model_ports_text(m));
	export_generated_text(eo, when, sizeof when);
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<title>tlsmatrix: ", f);
	html_text(f, buf);
	fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n",
	    html_style);
	fprintf(f, "<h1>tlsmatrix %s snapshot: ", PACKAGE_VERSION);
	html_text(f, buf);
	fputs("</h1>\n<table class=\"meta\">\n", f);
	html_kv(f, "generated", when);
	html_kv(f, "target", buf);
	html_kv(f, "sni", model_sni(m) != NULL ? model_sni(m) : "-");
	html_kv(f, "resolvers", model_resolvers(m));
	s = model_resolve_error(m);
	snprintf(buf, sizeof buf, "%s%s%.*s",
	    export_resolve_state_name(model_resolve_state(m)),
	    s != NULL ? ": " : "", (int)(sizeof buf - 16), s != NULL ? s : "");
	html_kv(f, "resolution", buf);
	snprintf(buf, sizeof buf, "%zu (%zu ok, %zu failed, %zu pending)",
	    t->cells, t->ok, t->failed, t->pending);
	html_kv(f, "cells", buf);
	fputs("</table>\n", f);
}

/* export_findings_lines' callback: depth 0 opens an item, depth 1 adds
 * evidence under it. */
struct html_findings {
	FILE	*f;
	bool	 item_open, sub_open;
};

static void
html_finding_line(void *ctx, int depth, const char *text)
{
	struct html_findings	*h = ctx;

	if (depth == 0) {
		if (h->sub_open)
			fputs("</ul>", h->f);
		if (h->item_open)
			fputs("</li>\n", h->f);
		h->sub_open = false;
		fputs("<li>", h->f);
		h->item_open = true;
	} else if (!h->sub_open) {
		fputs("\n<ul>", h->f);
		h->sub_open = true;
	}
	if (depth > 0)
		fputs("<li>", h->f);
	html_text(h->f, text);
	if (depth > 0)
		fputs("</li>", h->f);
}

static void
html_findings(const struct model *m, FILE *f)
{
	struct html_findings	h = { f, false, false };

	fputs("<h2 id=\"findings\">Findings</h2>\n<ul>\n", f);
	export_findings_lines(m, html_finding_line, &h);
	if (h.sub_open)
		fputs("</ul>", f);
	if (h.item_open)
		fputs("</li>\n", f);
	fputs("</ul>\n", f);
}

static void
html_matrix(const struct model *m, FILE *f)
{
	size_t	r, c, nr = model_rows(m), nc = model_cols(m);
	char	buf[128];

	fputs("<h2 id=\"matrix\">Matrix</h2>\n<p>Rows: addresses; columns: "
	    "profiles. Green: the client completes the handshake; red: it "
	    "fails; orange: the probe itself failed; grey: pending. A cell "
	    "links to its explanation.</p>\n", f);
	if (nr == 0 || nc == 0) {
		fputs("<p>(empty)</p>\n", f);
		return;
	}
	fputs("<table class=\"matrix\">\n<thead><tr><th>address</th>", f);
	for (c = 0; c < nc; c++) {
		fputs("<th>", f);
		html_text(f, model_col(m, c)->id);
		fputs("</th>", f);
	}
	fputs("</tr></thead>\n<tbody>\n", f);
	for (r = 0; r < nr; r++) {
		fputs("<tr><th>", f);
		html_text(f, model_row(m, r)->text);
		if (model_row(m, r)->label[0] != '\0') {
			fputs("<br><small>", f);
			html_text(f, model_row(m, r)->label);
			fputs("</small>", f);
		}
		fputs("</th>", f);
		for (c = 0; c < nc; c++) {
			export_matrix_text(m, r, c, buf, sizeof buf);
			fprintf(f, "<td class=\"%s\"><a href=\"#cell-%zu-%zu\">",
			    class_name(fmt_cell_class(model_cell(m, r, c))),
			    r, c);
			html_text(f, buf);
			fputs("</a></td>", f);
		}
		fputs("</tr>\n", f);
	}
	fputs("</tbody>\n</table>\n", f);
}

/* fmt's detail lines (sanitized already), escaped; without the
 * "timings:" line under --no-timings, so that snapshots diff. */
static void
html_detail(FILE *f, char *buf, bool timings)
{
	char	*line, *nl;

	for (line = buf; *line != '\0'; line = nl) {
		nl = strchr(line, '\n');
		if (nl != NULL)
			*nl++ = '\0';
		else
			nl = line + strlen(line);
		if (!timings && strncmp(line, "timings: ", 9) == 0)
			continue;
		html_escape(f, line);
		putc('\n', f);
	}
}

/* The cells whose failed-ness equals failed, each in a <details>. */
static void
html_cell_details(const struct model *m, const struct export_opts *eo,
    bool failed, char *buf, FILE *f)
{
	size_t		r, c;
	enum cell_class	k;
	char		label[128];

	for (r = 0; r < model_rows(m); r++) {
		for (c = 0; c < model_cols(m); c++) {
			k = fmt_cell_class(model_cell(m, r, c));
			if ((k == CLASS_FAIL || k == CLASS_ERROR) != failed)
				continue;
			export_matrix_text(m, r, c, label, sizeof label);
			fprintf(f, "<details id=\"cell-%zu-%zu\">"
			    "<summary class=\"%s\">", r, c, class_name(k));
			html_text(f, model_row(m, r)->text);
			fputs(" as ", f);
			html_text(f, model_col(m, c)->id);
			fputs(": ", f);
			html_text(f, label);
			fputs("</summary>\n<pre>", f);
			fmt_cell_detail_mode(m, r, c, true, buf,
			    EXPORT_DETAIL_MAX);
			html_detail(f, buf, eo->timings);
			fputs("</pre></details>\n", f);
		}
	}
}

static void
html_cells(const struct model *m, const struct export_opts *eo, FILE *f)
{
	char	*buf = xmalloc(EXPORT_DETAIL_MAX);

	fputs("<h2 id=\"cells\">Cells</h2>\n<p>Each cell's verdict, what "
	    "was negotiated or why it failed, and what would fix it; the "
	    "failures first.</p>\n", f);
	html_cell_details(m, eo, true, buf, f);
	html_cell_details(m, eo, false, buf, f);
	free(buf);
}

static void
html_servers(const struct model *m, FILE *f)
{
	char	*buf;
	size_t	 r;
	bool	 any = false;

	for (r = 0; r < model_rows(m); r++)
		if (model_row(m, r)->scan_state != SCAN_OFF)
			any = true;
	if (!any)
		return;
	buf = xmalloc(EXPORT_DETAIL_MAX);
	fputs("<h2 id=\"servers\">Servers</h2>\n", f);
	for (r = 0; r < model_rows(m); r++) {
		fputs("<details><summary>", f);
		html_text(f, model_row(m, r)->text);
		fputs(": what it accepts</summary>\n<pre>", f);
		fmt_server_detail(m, r, true, buf, EXPORT_DETAIL_MAX);
		html_escape(f, buf);
		fputs("</pre></details>\n", f);
	}
	free(buf);
}

static void
html_profiles(const struct model *m, FILE *f)
{
	static const char *const html_seps[] = { "<tr><td>", "</td><td>",
	    "</td><td>", "</td><td>", "</td></tr>\n" };
	size_t c;

	fputs("<h2 id=\"profiles\">Profiles</h2>\n<table>\n<thead><tr><th>id"
	    "</th><th>name</th><th>library</th><th>source</th></tr></thead>\n"
	    "<tbody>\n", f);
	for (c = 0; c < model_cols(m); c++)
		export_profile_fields(f, model_col(m, c), html_seps, html_text);
	fputs("</tbody>\n</table>\n", f);
}

void
export_html_write(const struct model *m, const struct export_opts *eo,
    FILE *f)
{
	struct export_tally	t = export_tally(m);

	html_header(m, eo, &t, f);
	html_findings(m, f);
	html_matrix(m, f);
	html_cells(m, eo, f);
	html_servers(m, f);
	html_profiles(m, f);
	fputs("</body>\n</html>\n", f);
}
