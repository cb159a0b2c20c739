/*
 * export_csv.c: the CSV snapshot (--format csv): a header row, then one
 * row per cell in row-major order (address by address, each profile in
 * column order), for spreadsheets and scripts.
 *
 * RFC 4180: records end with CRLF; a field holding a comma, a double
 * quote, CR or LF is quoted and its quotes doubled. Every value is first
 * sanitized as in the text snapshot (ASCII only, controls as \xHH), so no
 * raw control byte ever reaches the file. The columns are the JSON cell's
 * fields of the same names (docs/JSON.md); time_ms is the handshake time,
 * empty under --no-timings and for a cell decided without a connection.
 * Main thread.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export_int.h"

/* One field: sanitized, quoted when RFC 4180 says so (§2 items 5-7). */
static void
csv_field(FILE *f, const char *s, bool last)
{
	char		*t = export_safe_dup(s);
	const char	*p;

	if (strpbrk(t, ",\"\r\n") != NULL) {
		putc('"', f);
		for (p = t; *p != '\0'; p++) {
			if (*p == '"')
				putc('"', f);
			putc(*p, f);
		}
		putc('"', f);
	} else
		fputs(t, f);
	free(t);
	fputs(last ? "\r\n" : ",", f);
}

void
export_csv_write(const struct model *m, const struct export_opts *eo,
    FILE *f)
{
	static const char *const head[] = { "address", "family", "profile",
	    "verdict", "reason", "protocol", "suite", "group", "method",
	    "time_ms" };
	struct export_cell_fields	 cf;
	size_t				 i, r, c;

	for (i = 0; i < sizeof head / sizeof head[0]; i++)
		csv_field(f, head[i], i + 1 == sizeof head / sizeof head[0]);
	for (r = 0; r < model_rows(m); r++) {
		for (c = 0; c < model_cols(m); c++) {
			export_cell_fields(m, r, c, eo, &cf);
			csv_field(f, model_row(m, r)->text, false);
			csv_field(f, export_family_name(&model_row(m,
			    r)->addr), false);
			csv_field(f, model_col(m, c)->id, false);
			csv_field(f, cf.verdict, false);
			csv_field(f, cf.reason, false);
			csv_field(f, cf.protocol, false);
			csv_field(f, cf.suite, false);
			csv_field(f, cf.group, false);
			csv_field(f, cf.method, false);
			csv_field(f, cf.time, true);
		}
	}
}
