/*
 * export.h: snapshots of the model for tickets and scripts.
 *
 * The text snapshot (the same bytes as `--batch`, `--export` and the TUI's
 * export), Markdown, the JSON document described in docs/JSON.md, JSON
 * lines, CSV (a row per cell) and one self-contained HTML page. Reads the model
 * through its accessors; every string from the network is escaped. Main
 * thread.
 */
#ifndef TLSMATRIX_EXPORT_H
#define TLSMATRIX_EXPORT_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "model.h"
#include "options.h"
#include "status.h"

/* What a snapshot includes beyond the model. */
struct export_opts {
	bool	timings;	/* probe times (false: --no-timings) */
	time_t	generated;	/* the "generated" time; (time_t)-1: now, or
				 * SOURCE_DATE_EPOCH when that is set */
	/* the fix preview (whatif_view.h), NULL otherwise: written first
	 * in the text and Markdown snapshots, and as the JSON "what_if" */
	const char *what_if_text;
	const char *what_if_md;
	const char *what_if_json;	/* a JSON object */
};

/* timings on, generated now. */
void		export_opts_default(struct export_opts *eo);
/* The same as export_write and export_to_file, with explicit options. */
enum status	export_write_opts(const struct model *m, enum output_format f,
		    const struct export_opts *eo, FILE *out);
enum status	export_to_file_opts(const struct model *m,
		    enum output_format f, const struct export_opts *eo,
		    const char *path, char *err, size_t errlen);

/*
 * --format jsonl (docs/JSON.md, "JSON lines"): one line for the finished
 * cell (row, col), {"type": "cell", ...}; and the last line of a run,
 * {"type": "summary", ...}. Each line is flushed. eo may be NULL.
 */
enum status	export_jsonl_cell(const struct model *m, size_t row,
		    size_t col, const struct export_opts *eo, FILE *out);
enum status	export_jsonl_summary(const struct model *m,
		    const struct export_opts *eo, FILE *out);
/* The JSON document of export_write on one line (--targets). */
enum status	export_json_line(const struct model *m,
		    const struct export_opts *eo, FILE *out);

/* Writes the snapshot of m in format f to out; ST_EIO if writing failed. */
enum status	export_write(const struct model *m, enum output_format f,
		    FILE *out);
/*
 * Writes to path atomically: a temporary file in the same directory, fsync,
 * rename. On failure the temporary file is gone and err reads "cannot
 * write PATH: REASON". A path that exists and is not a regular file
 * (/dev/stdout, a FIFO) is written in place instead.
 */
enum status	export_to_file(const struct model *m, enum output_format f,
		    const char *path, char *err, size_t errlen);

#endif
