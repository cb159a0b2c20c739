/*
 * export_int.h: what the snapshot formats share, seen by src/export*.c
 * alone.
 *
 * export.c is the public side (export.h): it picks the format, writes
 * files atomically and holds the helpers below that more than one format
 * uses. Each format is one file with one entry point that writes a whole
 * snapshot: export_text.c, export_md.c, export_json.c (JSON and JSON
 * lines), export_csv.c and export_html.c. Main thread.
 */
#ifndef TLSMATRIX_EXPORT_INT_H
#define TLSMATRIX_EXPORT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "explain.h"
#include "export.h"
#include "findings.h"
#include "model.h"

/* Room for fmt_server_detail's text of one address (text, Markdown). */
#define EXPORT_DETAIL_MAX	(64 * 1024)

/* The cells of a model counted by class (fmt_cell_class). */
struct export_tally {
	size_t	cells, ok, failed, pending;
};

/* --- export.c: helpers of more than one format --- */

/* Every cell of m counted: failed counts CLASS_FAIL and CLASS_ERROR. */
struct export_tally export_tally(const struct model *m);
/* The "generated" time, UTC ISO 8601, into buf: eo->generated, else
 * SOURCE_DATE_EPOCH, else now. With timings off and no time pinned
 * (eo->generated, SOURCE_DATE_EPOCH): "-" and false. */
bool	export_generated_text(const struct export_opts *eo, char *buf,
	    size_t len);
/* A copy of m with its rows in address order (model_sort_rows), which
 * every whole snapshot is written from; free it with model_free. */
struct model *export_sorted_copy(const struct model *m);
/* "done", "failed" or "pending". */
const char *export_resolve_state_name(enum resolve_state st);
/* "ipv4" or "ipv6". */
const char *export_family_name(const struct netaddr *a);
/* A sanitized, ASCII-only copy of s (NULL reads as ""); the caller frees
 * it. */
char	*export_safe_dup(const char *s);
/* The matrix cell (row, col) into buf: "ok TLS1.2", "FAIL reason", "...";
 * not sanitized: the caller escapes it for its format. */
void	export_matrix_text(const struct model *m, size_t row, size_t col,
	    char *buf, size_t len);

/* One cell as flat fields (CSV rows, the HTML matrix): the values of the
 * JSON cell's verdict, reason, protocol, cipher, group and method, ""
 * where JSON has null. Strings are static or point into the model or buf
 * fields: valid while m is unchanged; not sanitized. */
struct export_cell_fields {
	const char	*verdict;	/* "ok", "fail", "pending" */
	const char	*reason;
	const char	*protocol;	/* "TLSv1.2" */
	const char	*suite;		/* IANA name, else "0xC0FF" */
	const char	*group;		/* "x25519", else "0x001D" */
	const char	*method;	/* "hello", "openssl", "enumeration" */
	char		 time[24];	/* handshake ms; "" without timings
					 * or without a connection */
	char		 suite_hex[8], group_hex[8];
};
void	export_cell_fields(const struct model *m, size_t row, size_t col,
	    const struct export_opts *eo, struct export_cell_fields *out);
/*
 * The findings (findings.h) as lines, what the text and Markdown
 * snapshots list under "Findings": line(ctx, 0, text) per finding and
 * line(ctx, 1, text) per line of evidence under it; one depth-0 line
 * saying there is nothing when there is nothing. Not sanitized.
 */
void	export_findings_lines(const struct model *m,
	    void (*line)(void *ctx, int depth, const char *text), void *ctx);

/*
 * --- one per format: the whole snapshot of m into f. eo is never NULL;
 * write errors show in ferror(f), which export_write_opts checks. ---
 */

/* export_text.c: the text snapshot. */
void	export_text_write(const struct model *m, const struct export_opts *eo,
	    FILE *f);
/* export_md.c: the Markdown snapshot. */
void	export_md_write(const struct model *m, const struct export_opts *eo,
	    FILE *f);
/* export_json.c: the JSON document (docs/JSON.md). */
void	export_json_write(const struct model *m, const struct export_opts *eo,
	    FILE *f);
/* The next failed or errored cell at or after (*row, *col), row-major;
 * false past the last. Walk with c++ after each. */
bool	export_next_failure(const struct model *m, size_t *row, size_t *col);
/* "ADDRESS as PROFILE" between before and after, each name through put
 * (the format's escaping). */
void	export_cell_title(FILE *f, const struct model *m, size_t row,
	    size_t col, const char *before, const char *after,
	    void (*put)(FILE *, const char *));
/* A profile's id, name, library and source, each after sep[i] and
 * through put; sep[4] last. */
void	export_profile_fields(FILE *f, const struct profile *p,
	    const char *const sep[5], void (*put)(FILE *, const char *));
/* A findings line for column c, whose result depends on the address
 * (cf): after bullet, the profile, how many addresses fail and which. */
void	export_depends_line(FILE *f, const struct model *m, size_t c,
	    const struct column_finding *cf, const char *bullet,
	    void (*put)(FILE *, const char *));
/* "reason-name (its text)" of a failed cell; the enumeration's reason when
 * e (may be NULL) knows better. */
void	export_reason_words(const struct probe_result *r,
	    const struct explanation *e, char *buf, size_t len);

/* export_json.c: a JSON string (RFC 8259 §7), made safe, and one cell's
 * object (last: no comma after it), for JSON lines. */
void	export_json_str(FILE *f, const char *s);
void	export_json_cell(FILE *f, const struct model *m, size_t row,
	    size_t col, const struct export_opts *eo, bool last);
/* export_jsonl.c: every finished cell as a JSON line in row-major order,
 * then the summary line (--format jsonl written at once). */
void	export_jsonl_document(const struct model *m,
	    const struct export_opts *eo, FILE *f);
/* export_csv.c: one RFC 4180 row per cell (--format csv). */
void	export_csv_write(const struct model *m, const struct export_opts *eo,
	    FILE *f);
/* export_html.c: one self-contained HTML page (--format html). */
void	export_html_write(const struct model *m, const struct export_opts *eo,
	    FILE *f);

#endif
