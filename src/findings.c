/*
 * findings.c: columns that depend on the address, backends that differ
 * (see findings.h). Main thread; pure over the model.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "findings.h"
#include "xmem.h"

/* Working cells of a row, to break ties between configurations. */
static size_t
row_ok(const struct model *m, size_t r)
{
	size_t c, n = 0;

	for (c = 0; c < model_cols(m); c++) {
		const struct model_cell *cell = model_cell(m, r, c);

		if (cell->state == CELL_DONE && cell->result != NULL &&
		    cell->result->outcome == PROBE_OK)
			n++;
	}
	return n;
}

void
findings_compute(const struct model *m, struct findings *f)
{
	size_t r, c, k, nr = model_rows(m), nc = model_cols(m);
	size_t best_count = 0, best_ok = 0, *count;

	memset(f, 0, sizeof *f);
	f->n_rows = nr;
	f->n_cols = nc;
	f->cols = xcalloc(nc ? nc : 1, sizeof *f->cols);
	f->rows = xcalloc(nr ? nr : 1, sizeof *f->rows);

	for (c = 0; c < nc; c++) {
		struct column_finding *cf = &f->cols[c];

		for (r = 0; r < nr; r++) {
			const struct model_cell *cell = model_cell(m, r, c);

			if (model_row(m, r)->gone)
				continue;	/* gone addresses do not count */
			if (cell->state != CELL_DONE || cell->result == NULL)
				cf->pending++;
			else if (cell->result->outcome == PROBE_OK)
				cf->ok++;
			else
				cf->failed++;
		}
		cf->depends = cf->ok > 0 && cf->failed > 0;
		f->n_depends += cf->depends;
	}

	/* Signatures, and the configuration most present addresses share. */
	count = xcalloc(nr ? nr : 1, sizeof *count);
	for (r = 0; r < nr; r++) {
		const struct model_row *row = model_row(m, r);

		explain_server_signature(row->server, f->rows[r].signature,
		    sizeof f->rows[r].signature);
		if (row->server == NULL || !row->server->done || row->gone)
			continue;
		for (k = 0; k < nr; k++)
			if (model_row(m, k)->server != NULL &&
			    !model_row(m, k)->gone && strcmp(
			    f->rows[k].signature, f->rows[r].signature) == 0)
				count[r]++;
	}
	for (r = 0; r < nr; r++) {
		size_t ok;

		if (count[r] == 0)
			continue;
		ok = row_ok(m, r);
		if (!f->have_ref || count[r] > best_count ||
		    (count[r] == best_count && ok > best_ok)) {
			f->have_ref = true;
			f->ref_row = r;
			best_count = count[r];
			best_ok = ok;
		}
	}
	free(count);
	if (!f->have_ref)
		return;
	for (r = 0; r < nr; r++) {
		const struct model_row *row = model_row(m, r);

		if (row->server == NULL || !row->server->done)
			continue;
		f->rows[r].differs = strcmp(f->rows[r].signature,
		    f->rows[f->ref_row].signature) != 0;
		f->n_differ += f->rows[r].differs;
	}
}

void
findings_cleanup(struct findings *f)
{
	free(f->cols);
	free(f->rows);
	memset(f, 0, sizeof *f);
}
