/*
 * whatif_view.c: the fix preview over a whole matrix (whatif_view.h).
 *
 * For each address given a spec, whatif_apply lays it over the
 * address's enumeration and whatif_predict decides every column; the
 * predicted results go into a copy of the model (so every front end
 * shows them as it shows measured ones, with method "what-if"), and the
 * cells whose verdict or reason differ from the measured ones become
 * the change list, regressions first, as text, Markdown and JSON.
 * --suggest-fix's search is whatif_fix.c. Called by
 * main.c (batch) and ui_whatif.c (the TUI's editor). Main thread.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "tls_names.h"
#include "whatif_view.h"
#include "xmem.h"

enum change_kind {
	CH_BROKEN = 0,	/* listed first */
	CH_CHANGED,
	CH_FIXED,
};

static const char *const kind_name[] = { "broken", "changed", "fixed" };

struct side {
	bool		 done, ok;
	enum fail_reason reason;
	uint16_t	 version, cipher;
};

struct change {
	size_t		 row, col;
	enum change_kind kind;
	struct side	 from, to;
	char		 uncertain[WHATIF_TEXT_MAX];
};

struct note {
	size_t	row;
	char	text[WHATIF_TEXT_MAX * 2];
};

/* --- small writers ---------------------------------------------------- */

/* A JSON string: ASCII printable passes, quotes and backslashes are
 * escaped, control bytes become \u00XX, other bytes '?'. Everything here
 * is ours or a spec already refused if it held control bytes. */
static void
jstr(FILE *f, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	if (s == NULL) {
		fputs("null", f);
		return;
	}
	putc('"', f);
	for (; *u != '\0'; u++) {
		if (*u == '"' || *u == '\\')
			fprintf(f, "\\%c", *u);
		else if (*u == '\n')
			fputs("\\n", f);
		else if (*u < 0x20)
			fprintf(f, "\\u%04x", *u);
		else if (*u >= 0x7f)
			putc('?', f);
		else
			putc(*u, f);
	}
	putc('"', f);
}

/* An object opened with its address: {"address": ADDRESS, "KEY": ,
 * the key's value next. */
static void
jaddr(FILE *f, const char *address, const char *key)
{
	fputs("{\"address\": ", f);
	jstr(f, address);
	fprintf(f, ", \"%s\": ", key);
}

static void
side_of(const struct profile *p, const struct server_info *si,
    const struct model_cell *c, struct side *out)
{
	struct explanation e;

	memset(out, 0, sizeof *out);
	if (c == NULL || c->state != CELL_DONE || c->result == NULL)
		return;
	out->done = true;
	out->ok = c->result->outcome == PROBE_OK;
	out->version = c->result->version;
	out->cipher = c->result->cipher;
	if (!out->ok) {
		explain_cell(p, si, c->result, &e);
		out->reason = e.reason;
	}
}

static void
side_text(const struct side *s, char *buf, size_t len)
{
	const char *v = tls_version_name(s->version);
	const struct tls_suite *ts = tls_suite_by_code(s->cipher);

	if (!s->done)
		snprintf(buf, len, "pending");
	else if (s->ok)
		snprintf(buf, len, "ok %s %s", v != NULL ? v : "",
		    ts != NULL && ts->openssl != NULL ? ts->openssl : "");
	else
		snprintf(buf, len, "fail %s", result_reason_name(s->reason));
}

static void
json_side(FILE *f, const struct side *s)
{
	fputs("{\"verdict\": ", f);
	jstr(f, !s->done ? "pending" : s->ok ? "ok" : "fail");
	fputs(", \"reason\": ", f);
	jstr(f, s->done && !s->ok ? result_reason_name(s->reason) : NULL);
	fputs(", \"protocol\": ", f);
	jstr(f, s->done && s->ok ? tls_version_name(s->version) : NULL);
	fputs(", \"cipher\": ", f);
	jstr(f, s->done && s->ok ? tls_suite_name(s->cipher) : NULL);
	putc('}', f);
}

static int
change_cmp(const void *a, const void *b)
{
	const struct change *x = a, *y = b;

	if (x->kind != y->kind)
		return (int)x->kind - (int)y->kind;
	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	return x->col < y->col ? -1 : x->col > y->col ? 1 : 0;
}

/* Each line of text with a prefix, into f. */
static void
indent_lines(FILE *f, const char *prefix, const char *text)
{
	const char *p = text, *e;

	while (p != NULL && *p != '\0') {
		e = strchr(p, '\n');
		fprintf(f, "%s%.*s\n", prefix, e != NULL ? (int)(e - p) :
		    (int)strlen(p), p);
		p = e != NULL ? e + 1 : NULL;
	}
}

/* --- the prediction --------------------------------------------------- */

bool
whatif_view_selected(const struct model *m, size_t r,
    const struct netaddr *addrs, size_t n_addrs)
{
	size_t i;

	if (n_addrs == 0)
		return true;
	for (i = 0; i < n_addrs; i++)
		if (netaddr_equal(&model_row(m, r)->addr, &addrs[i]))
			return true;
	return false;
}

static void
write_outputs(const struct model *m, const char *label,
    const struct change *ch, size_t n_ch, const struct note *notes,
    size_t n_notes, char *const *fixes, const bool *rows,
    struct whatif_outcome *out)
{
	FILE *t, *md, *js;
	size_t lt = 0, lm = 0, lj = 0, i, r, k;
	char a[128], b[128];
	bool first;

	t = open_memstream(&out->text, &lt);
	md = open_memstream(&out->md, &lm);
	js = open_memstream(&out->json, &lj);
	if (t == NULL || md == NULL || js == NULL)
		abort();	/* out of memory, as xmalloc */

	fprintf(t, "WHAT IF: %zu fixed, %zu broken, %zu changed "
	    "(%zu address%s predicted, %zu cell%s uncertain)\n", out->fixed,
	    out->broken, out->changed, out->rows, out->rows == 1 ? "" : "es",
	    out->uncertain, out->uncertain == 1 ? "" : "s");
	fprintf(md, "## What if\n\n**%zu fixed, %zu broken, %zu changed** "
	    "(%zu address%s predicted, %zu cell%s uncertain)\n\n", out->fixed,
	    out->broken, out->changed, out->rows, out->rows == 1 ? "" : "es",
	    out->uncertain, out->uncertain == 1 ? "" : "s");
	fputs("spec:\n", t);
	indent_lines(t, "  ", label);
	fputs("Spec:\n\n```\n", md);
	indent_lines(md, "", label);
	fputs("```\n\n", md);
	if (n_ch > 0) {
		fputs("changes (regressions first):\n", t);
		fputs("| change | address | profile | now | predicted | "
		    "uncertain |\n|---|---|---|---|---|---|\n", md);
	} else {
		fputs("changes: none\n", t);
		fputs("No cell would change.\n", md);
	}
	for (i = 0; i < n_ch; i++) {
		side_text(&ch[i].from, a, sizeof a);
		side_text(&ch[i].to, b, sizeof b);
		fprintf(t, "  %-7s %s %s: %s -> %s%s%s\n",
		    kind_name[ch[i].kind], model_row(m, ch[i].row)->text,
		    model_col(m, ch[i].col)->id, a, b,
		    ch[i].uncertain[0] ? " (uncertain: " : "",
		    ch[i].uncertain[0] ? "see below)" : "");
		fprintf(md, "| %s | %s | %s | %s | %s | %s |\n",
		    kind_name[ch[i].kind], model_row(m, ch[i].row)->text,
		    model_col(m, ch[i].col)->id, a, b,
		    ch[i].uncertain[0] ? "yes" : "");
	}
	if (n_ch > 0)
		putc('\n', md);
	for (i = 0; i < n_notes; i++) {
		fprintf(t, "assumed at %s:\n", model_row(m, notes[i].row)->text);
		indent_lines(t, "  ", notes[i].text);
		fprintf(md, "Assumed at %s:\n\n",
		    model_row(m, notes[i].row)->text);
		indent_lines(md, "- ", notes[i].text);
		putc('\n', md);
	}
	for (r = 0; fixes != NULL && r < model_rows(m); r++) {
		if (fixes[r] == NULL)
			continue;
		fprintf(t, "suggested fix for %s:\n", model_row(m, r)->text);
		indent_lines(t, "  ", fixes[r]);
		fprintf(md, "Suggested fix for %s:\n\n```\n",
		    model_row(m, r)->text);
		indent_lines(md, "", fixes[r]);
		fputs("```\n\n", md);
	}
	first = true;
	for (i = 0; i < n_ch; i++) {
		if (ch[i].uncertain[0] == '\0')
			continue;
		if (first)
			fputs("uncertain:\n", t);
		first = false;
		fprintf(t, "  %s %s:\n", model_row(m, ch[i].row)->text,
		    model_col(m, ch[i].col)->id);
		indent_lines(t, "    ", ch[i].uncertain);
	}
	fputs("(every cell of a predicted address below is a prediction, "
	    "method what-if, not a measurement)\n\n", t);
	fputs("Every cell of a predicted address below is a prediction "
	    "(method `what-if`), not a measurement.\n\n", md);

	fputs("{\n    \"spec\": ", js);
	jstr(js, label);
	fputs(",\n    \"addresses\": [", js);
	for (r = 0, k = 0; r < model_rows(m); r++)
		if (rows[r]) {
			fputs(k++ ? ", " : "", js);
			jstr(js, model_row(m, r)->text);
		}
	fprintf(js, "],\n    \"fixed\": %zu,\n    \"broken\": %zu,\n"
	    "    \"changed_reason\": %zu,\n    \"uncertain\": %zu,\n",
	    out->fixed, out->broken, out->changed, out->uncertain);
	fputs("    \"notes\": [", js);
	for (i = 0; i < n_notes; i++) {
		fputs(i ? ", " : "", js);
		jaddr(js, model_row(m, notes[i].row)->text, "text");
		jstr(js, notes[i].text);
		putc('}', js);
	}
	fputs("],\n    \"fixes\": [", js);
	for (r = 0, k = 0; fixes != NULL && r < model_rows(m); r++) {
		if (fixes[r] == NULL)
			continue;
		fputs(k++ ? ", " : "", js);
		jaddr(js, model_row(m, r)->text, "lines");
		jstr(js, fixes[r]);
		putc('}', js);
	}
	fputs("],\n    \"changed\": [", js);
	for (i = 0; i < n_ch; i++) {
		fputs(i ? ",\n      " : "\n      ", js);
		jaddr(js, model_row(m, ch[i].row)->text, "profile");
		jstr(js, model_col(m, ch[i].col)->id);
		fputs(", \"kind\": ", js);
		jstr(js, kind_name[ch[i].kind]);
		fputs(", \"from\": ", js);
		json_side(js, &ch[i].from);
		fputs(", \"to\": ", js);
		json_side(js, &ch[i].to);
		fputs(", \"uncertain\": ", js);
		jstr(js, ch[i].uncertain[0] ? ch[i].uncertain : NULL);
		putc('}', js);
	}
	fputs(n_ch > 0 ? "\n    ]\n  }" : "]\n  }", js);
	if (fclose(t) != 0 || fclose(md) != 0 || fclose(js) != 0)
		abort();
}

/* The predicted cell's history is the prediction alone: the measured
 * results before it belong to another configuration (a "~" would call
 * the cell flapping). The copy is ours; the model has no writer for
 * this, hence the cast. */
static void
only_prediction(struct model *pm, size_t r, size_t c)
{
	struct model_cell *mc = (struct model_cell *)(uintptr_t)
	    model_cell(pm, r, c);

	if (mc == NULL || mc->hist_total == 0)
		return;
	mc->hist[0] = mc->hist[(mc->hist_total - 1) % MODEL_HISTORY_MAX];
	mc->hist_total = 1;
}

/* A prediction under way: the model, its columns, the changes found so
 * far and the outcome being filled. */
struct predicting {
	const struct model	 *m;
	size_t			  nc;
	const struct profile	**profs;
	const struct probe_result **res;
	struct change		 *ch;
	size_t			  n_ch;
	struct whatif_outcome	 *out;
};

/* Marks p as uncertain in its detail, and counts it. */
static void
mark_uncertain(struct whatif_outcome *out, size_t at, struct probe_result *p)
{
	char d[RESULT_TEXT_MAX];

	out->uncertain++;
	out->cell_uncertain[at] = true;
	snprintf(d, sizeof d, "%s", p->detail);
	snprintf(p->detail, sizeof p->detail, "uncertain; %.230s", d);
}

/* Lists cell (r, c) as a change from one side to the other, and counts
 * it by kind. */
static void
add_change(struct predicting *pg, size_t r, size_t c,
    const struct side *from, const struct side *to, const char *unc)
{
	struct change *x = &pg->ch[pg->n_ch++];

	x->row = r;
	x->col = c;
	x->kind = from->ok ? CH_BROKEN : to->ok ? CH_FIXED : CH_CHANGED;
	x->from = *from;
	x->to = *to;
	snprintf(x->uncertain, sizeof x->uncertain, "%s", unc);
	pg->out->cell_changed[r * pg->nc + c] = true;
	if (x->kind == CH_BROKEN)
		pg->out->broken++;
	else if (x->kind == CH_FIXED)
		pg->out->fixed++;
	else
		pg->out->changed++;
}

/* Column c of row r under pred: the predicted cell goes into the copy
 * of the model, and becomes a change where the verdict or the reason
 * differs from the measured one. */
static void
predict_cell(struct predicting *pg, size_t r, size_t c,
    const struct server_info *pred, const struct whatif_row *wr)
{
	const struct model *m = pg->m;
	struct whatif_outcome *out = pg->out;
	struct probe_result *p = xmalloc(sizeof *p);
	struct side from, to;
	char unc[WHATIF_TEXT_MAX];
	uint32_t gen;

	whatif_predict(pred, wr, c, p, unc, sizeof unc);
	if (unc[0] != '\0')
		mark_uncertain(out, r * pg->nc + c, p);
	side_of(pg->profs[c], model_row(m, r)->server, model_cell(m, r, c),
	    &from);
	gen = model_cell_begin(out->predicted, r, c);
	model_cell_finish(out->predicted, r, c, gen, p);
	only_prediction(out->predicted, r, c);
	side_of(pg->profs[c], pred, model_cell(out->predicted, r, c), &to);
	if (!from.done || (from.ok == to.ok &&
	    (from.ok || from.reason == to.reason)))
		return;
	add_change(pg, r, c, &from, &to, unc);
}

/* Every column of row r under pred (whatif_apply's, with what it
 * assumed); the copy of the model then takes pred as the row's
 * enumeration. */
static void
predict_row(struct predicting *pg, size_t r, struct server_info *pred,
    unsigned assumed)
{
	const struct model *m = pg->m;
	struct whatif_row wr;
	struct server_info *keep;
	size_t c;
	uint32_t gen;

	for (c = 0; c < pg->nc; c++) {
		const struct model_cell *cell = model_cell(m, r, c);

		pg->res[c] = cell->state == CELL_DONE ? cell->result : NULL;
	}
	wr.profiles = pg->profs;
	wr.results = pg->res;
	wr.n = pg->nc;
	wr.assumed = assumed;
	for (c = 0; c < pg->nc; c++)
		predict_cell(pg, r, c, pred, &wr);
	keep = xmalloc(sizeof *keep);
	*keep = *pred;	/* the model takes it */
	gen = model_scan_begin(pg->out->predicted, r);
	model_scan_finish(pg->out->predicted, r, gen, keep);
}

void
whatif_view_predict(const struct model *m,
    const struct whatif_spec *const *specs, size_t n, const char *label,
    char *const *fixes, struct whatif_outcome *out)
{
	size_t nr = model_rows(m), nc = model_cols(m), r, c;
	size_t n_notes = 0;
	struct predicting pg;
	struct note *notes;
	bool *rows, applied;
	struct server_info pred;
	unsigned assumed;

	memset(out, 0, sizeof *out);
	out->predicted = model_copy(m, NULL, 0);
	pg = (struct predicting){ .m = m, .nc = nc, .out = out,
	    .profs = xcalloc(nc + 1, sizeof *pg.profs),
	    .res = xcalloc(nc + 1, sizeof *pg.res),
	    .ch = xcalloc(nr * nc + 1, sizeof *pg.ch) };
	notes = xcalloc(nr + 1, sizeof *notes);
	rows = xcalloc(nr + 1, sizeof *rows);
	out->cell_changed = xcalloc(nr * nc + 1, sizeof *out->cell_changed);
	out->cell_uncertain = xcalloc(nr * nc + 1,
	    sizeof *out->cell_uncertain);
	for (c = 0; c < nc; c++)
		pg.profs[c] = model_col(m, c);
	for (r = 0; r < nr && r < n; r++) {
		if (specs[r] == NULL)
			continue;
		notes[n_notes].row = r;
		applied = whatif_apply(specs[r], model_row(m, r)->server, &pred,
		    notes[n_notes].text, sizeof notes[n_notes].text, &assumed);
		if (!applied || notes[n_notes].text[0] != '\0')
			n_notes++;
		if (!applied) {
			server_info_cleanup(&pred);
			continue;
		}
		rows[r] = true;
		out->rows++;
		predict_row(&pg, r, &pred, assumed);
	}
	qsort(pg.ch, pg.n_ch, sizeof *pg.ch, change_cmp);
	write_outputs(m, label, pg.ch, pg.n_ch, notes, n_notes, fixes, rows,
	    out);
	free(pg.profs);
	free(pg.res);
	free(pg.ch);
	free(notes);
	free(rows);
}

void
whatif_outcome_cleanup(struct whatif_outcome *out)
{
	if (out == NULL)
		return;
	model_free(out->predicted);
	free(out->text);
	free(out->md);
	free(out->json);
	free(out->cell_changed);
	free(out->cell_uncertain);
	memset(out, 0, sizeof *out);
}

/* --- the batch front end -------------------------------------------- */

struct whatif_batch {
	struct whatif_spec	 spec;
	bool			 have_spec;
	bool			 suggest;
	const struct netaddr	*addrs;
	size_t			 n_addrs;
	struct whatif_outcome	 out;
};

enum status
whatif_batch_new(const char *what_if, bool suggest_fix,
    const struct netaddr *addrs, size_t n_addrs, struct whatif_batch **out,
    char *err, size_t errlen)
{
	struct whatif_batch *b = xcalloc(1, sizeof *b);
	char e2[512];
	enum status st;

	*out = NULL;
	if (what_if != NULL) {
		st = whatif_spec_load(what_if, &b->spec, e2, sizeof e2);
		if (st != ST_OK) {
			snprintf(err, errlen, "--what-if: %s", e2);
			free(b);
			return st;
		}
		b->have_spec = true;
	}
	b->suggest = suggest_fix;
	b->addrs = addrs;
	b->n_addrs = n_addrs;
	*out = b;
	return ST_OK;
}

const struct model *
whatif_batch_run(struct whatif_batch *b, const struct model *m,
    const char **text, const char **md, const char **json, int *rc)
{
	size_t nr = model_rows(m), r;
	const struct whatif_spec **specs = xcalloc(nr + 1, sizeof *specs);
	struct whatif_spec *fix = xcalloc(nr + 1, sizeof *fix);
	char **fixes = xcalloc(nr + 1, sizeof *fixes);
	char *label;

	for (r = 0; r < nr; r++) {
		if (!whatif_view_selected(m, r, b->addrs, b->n_addrs))
			continue;
		if (b->suggest) {
			if (whatif_view_suggest(m, r, &fix[r], &fixes[r]))
				specs[r] = &fix[r];
		} else if (b->have_spec)
			specs[r] = &b->spec;
	}
	for (r = 0; r < b->n_addrs; r++) {	/* a typo must not pass quietly */
		size_t k;
		char t[NETADDR_TEXT_MAX];

		for (k = 0; k < nr; k++)
			if (netaddr_equal(&model_row(m, k)->addr, &b->addrs[r]))
				break;
		if (k == nr) {
			netaddr_format(&b->addrs[r], t, sizeof t);
			fprintf(stderr, "tlsmatrix: --what-if-address %s: not "
			    "an address of this name\n", t);
		}
	}
	label = b->have_spec ? xstrdup(b->spec.text) :
	    xstrdup("(--suggest-fix: each address's suggested fix)\n");
	whatif_view_predict(m, specs, nr, label, fixes, &b->out);
	for (r = 0; r < nr; r++)
		free(fixes[r]);
	free(fixes);
	free(fix);
	free(specs);
	free(label);
	*text = b->out.text;
	*md = b->out.md;
	*json = b->out.json;
	if (b->out.broken > 0)
		*rc = 1;
	return b->out.predicted;
}

void
whatif_batch_free(struct whatif_batch *b)
{
	if (b == NULL)
		return;
	whatif_outcome_cleanup(&b->out);
	free(b);
}
