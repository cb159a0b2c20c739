/*
 * export_jsonl.c: JSON lines (--format jsonl: a line per finished cell,
 * then a summary line; and the whole document on one line for
 * --targets). They reuse export_json.c's pretty printer: put_compact
 * drops its structural newlines. Main thread.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "export_int.h"
#include "fmt.h"
#include "xmem.h"

/*
 * The pretty JSON of export_json_write and json_cell on one line: every
 * raw newline in that output is structure (strings escape theirs), so
 * dropping each newline with the indentation after it leaves the same
 * document, compact.
 */
static void
put_compact(FILE *f, const char *s, size_t n)
{
	size_t	i;
	char	last = '\0';

	for (i = 0; i < n; i++) {
		if (s[i] == '\n') {
			while (i + 1 < n && s[i + 1] == ' ')
				i++;
			/* ",\n  \"key\"" reads ", \"key\"" as elsewhere */
			if (last == ',' && i + 1 < n)
				putc(' ', f);
			continue;
		}
		putc(s[i], f);
		last = s[i];
	}
}

/* The target as one string, "host:port" ("[v6]:port"). */
static void
json_target_str(FILE *f, const struct model *m)
{
	const char	*h = model_host(m) != NULL ? model_host(m) : "";
	char		*t;
	bool		 v6 = strchr(h, ':') != NULL;

	t = xasprintf("%s%s%s:%u", v6 ? "[" : "", h, v6 ? "]" : "",
	    (unsigned)model_port(m));
	export_json_str(f, t);
	free(t);
}

/* The pretty JSON of one cell (row < SIZE_MAX) or of the whole document
 * (rows sorted), in a heap buffer; false if it could not be made. */
static bool
pretty(const struct model *m, size_t row, size_t col,
    const struct export_opts *eo, char **buf, size_t *len)
{
	struct export_opts	 def;
	struct model		*sorted;
	FILE			*mem;

	*buf = NULL;
	*len = 0;
	if (eo == NULL) {
		export_opts_default(&def);
		eo = &def;
	}
	if ((mem = open_memstream(buf, len)) == NULL)
		return false;
	if (row != SIZE_MAX)
		export_json_cell(mem, m, row, col, eo, true);
	else {
		sorted = export_sorted_copy(m);
		export_json_write(sorted, eo, mem);
		model_free(sorted);
	}
	if (fclose(mem) != 0) {
		free(*buf);
		return false;
	}
	return true;
}

/* s (n bytes) compact and a newline, then buf freed. */
static enum status
end_line(FILE *out, const char *s, size_t n, char *buf)
{
	put_compact(out, s, n);
	putc('\n', out);
	free(buf);
	if (fflush(out) != 0 || ferror(out))
		return ST_EIO;
	return ST_OK;
}

enum status
export_jsonl_cell(const struct model *m, size_t row, size_t col,
    const struct export_opts *eo, FILE *out)
{
	char		*buf;
	const char	*p;
	size_t		 len;

	if (!pretty(m, row, col, eo, &buf, &len))
		return ST_EIO;
	/* {"type": "cell", "target": ..., then the cell's own members */
	fputs("{\"type\": \"cell\", \"schema_version\": 1, \"target\": ", out);
	json_target_str(out, m);
	fputs(", ", out);
	/* skip the cell's indentation and its opening brace */
	p = buf + strspn(buf, " ");
	if (*p == '{')
		p++;
	return end_line(out, p, len - (size_t)(p - buf), buf);
}

enum status
export_jsonl_summary(const struct model *m, const struct export_opts *eo,
    FILE *out)
{
	struct export_tally	t = export_tally(m);
	char			when[32];
	bool			have_when;

	have_when = export_generated_text(eo, when, sizeof when);
	fputs("{\"type\": \"summary\", \"schema_version\": 1, \"target\": ",
	    out);
	json_target_str(out, m);
	fputs(", \"generated\": ", out);
	export_json_str(out, have_when ? when : NULL);
	fprintf(out, ", \"resolution\": \"%s\", \"addresses\": %zu, "
	    "\"profiles\": %zu, \"cells\": %zu, \"ok\": %zu, \"failed\": %zu, "
	    "\"pending\": %zu}\n",
	    export_resolve_state_name(model_resolve_state(m)), model_rows(m),
	    model_cols(m), t.cells, t.ok, t.failed, t.pending);
	if (fflush(out) != 0 || ferror(out))
		return ST_EIO;
	return ST_OK;
}

/* --format jsonl written at once (--export): every finished cell in
 * row-major order, then the summary line. */
void
export_jsonl_document(const struct model *m, const struct export_opts *eo,
    FILE *f)
{
	size_t	r, c;

	for (r = 0; r < model_rows(m); r++)
		for (c = 0; c < model_cols(m); c++)
			if (fmt_cell_class(model_cell(m, r, c)) !=
			    CLASS_PENDING)
				(void)export_jsonl_cell(m, r, c, eo, f);
	(void)export_jsonl_summary(m, eo, f);
}

enum status
export_json_line(const struct model *m, const struct export_opts *eo,
    FILE *out)
{
	char	*buf;
	size_t	 len;

	if (!pretty(m, SIZE_MAX, 0, eo, &buf, &len))
		return ST_EIO;
	return end_line(out, buf, len, buf);
}
