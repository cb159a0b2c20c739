/*
 * export.c: the public side of the snapshots (export.h): the choice of
 * format, the atomic write to a file, and the helpers that more than one
 * format uses (export_int.h). The formats are export_text.c, export_md.c,
 * export_json.c, export_csv.c and export_html.c.
 *
 * Called on the main thread by main (--batch, --export) and by the TUI's
 * export key. Reads the model through its const accessors only. Every
 * string that came from a server or a profile file goes through fmt's
 * sanitizer (text and Markdown: ASCII only) or the JSON escaper (valid
 * UTF-8, no raw control characters), so a hostile certificate cannot reach
 * the reader's terminal or break the document.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "export.h"
#include "export_int.h"
#include "explain.h"
#include "findings.h"
#include "fmt.h"
#include "tls_names.h"
#include "xmem.h"

struct export_tally
export_tally(const struct model *m)
{
	struct export_tally	t = { 0, 0, 0, 0 };
	size_t			r, c;

	for (r = 0; r < model_rows(m); r++) {
		for (c = 0; c < model_cols(m); c++) {
			t.cells++;
			switch (fmt_cell_class(model_cell(m, r, c))) {
			case CLASS_PENDING:
				t.pending++;
				break;
			case CLASS_OK:
				t.ok++;
				break;
			case CLASS_FAIL:
			case CLASS_ERROR:
				t.failed++;
				break;
			}
		}
	}
	return t;
}

void
export_opts_default(struct export_opts *eo)
{
	eo->timings = true;
	eo->generated = (time_t)-1;
	eo->what_if_text = eo->what_if_md = eo->what_if_json = NULL;
}

/* The snapshot time: reproducible builds' SOURCE_DATE_EPOCH lets tests and
 * diffs pin it (reproducible-builds.org/specs/source-date-epoch). */
bool
export_generated_text(const struct export_opts *eo, char *buf, size_t len)
{
	const char	*env;
	char		*end;
	time_t		 t = eo->generated;
	long long	 v;
	struct tm	 tm;
	bool		 pinned = t != (time_t)-1;

	if (t == (time_t)-1) {
		t = time(NULL);
		env = getenv("SOURCE_DATE_EPOCH");
		if (env != NULL && *env >= '0' && *env <= '9') {
			errno = 0;
			v = strtoll(env, &end, 10);
			if (errno == 0 && *end == '\0') {
				t = (time_t)v;
				pinned = true;
			}
		}
	}
	/* --no-timings leaves the clock out too, unless a time is pinned. */
	if (!eo->timings && !pinned) {
		snprintf(buf, len, "-");
		return false;
	}
	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, len, "1970-01-01T00:00:00Z");
	return true;
}

struct model *
export_sorted_copy(const struct model *m)
{
	struct model *c = model_copy(m, NULL, 0);

	model_sort_rows(c);
	return c;
}

const char *
export_resolve_state_name(enum resolve_state st)
{
	switch (st) {
	case RESOLVE_DONE:
		return "done";
	case RESOLVE_FAILED:
		return "failed";
	case RESOLVE_PENDING:
		break;
	}
	return "pending";
}

const char *
export_family_name(const struct netaddr *a)
{
	return a->family == NETADDR_V6 ? "ipv6" : "ipv4";
}

/* A sanitized, ASCII-only copy of s; the caller frees it. Four bytes out
 * per byte in is the worst case (\xHH). */
char *
export_safe_dup(const char *s)
{
	size_t	 n;
	char	*out;

	if (s == NULL)
		s = "";
	n = strlen(s);
	out = xmalloc(n * 4 + 1);
	fmt_sanitize(s, out, n * 4 + 1, false);
	return out;
}

/* The matrix cell: "ok TLS1.2", "FAIL alert:handshake_failure", "...". */
void
export_matrix_text(const struct model *m, size_t row, size_t col, char *buf,
    size_t len)
{
	const struct model_cell *c = model_cell(m, row, col);
	char	why[80];

	switch (fmt_cell_class(c)) {
	case CLASS_PENDING:
		snprintf(buf, len, "...");
		return;
	case CLASS_OK:
		snprintf(buf, len, "ok %s",
		    fmt_version_short(c->result->version));
		return;
	case CLASS_FAIL:
	case CLASS_ERROR:
		break;
	}
	/* the reason once the enumeration explains it, else the alert */
	fmt_cell_label_at(m, row, col, false, why, sizeof why);
	snprintf(buf, len, "FAIL %s", why);
}

void
export_cell_fields(const struct model *m, size_t row, size_t col,
    const struct export_opts *eo, struct export_cell_fields *out)
{
	const struct model_cell		*c = model_cell(m, row, col);
	const struct probe_result	*r = c->result;
	const struct tls_suite		*s;
	struct explanation		 e;
	enum cell_class			 k = fmt_cell_class(c);

	memset(out, 0, sizeof *out);
	out->verdict = k == CLASS_PENDING ? "pending" : k == CLASS_OK ?
	    "ok" : "fail";
	out->reason = out->protocol = out->suite = out->group = "";
	out->method = "";
	if (k == CLASS_PENDING)
		return;
	if (k != CLASS_OK || r->reason != REASON_NONE)
		/* the reason after set arithmetic, as JSON's "reason" */
		out->reason = fmt_cell_explain(m, row, col, &e) &&
		    e.reason != r->reason ? result_reason_name(e.reason) :
		    fmt_reason_name(r);
	if (r->version != 0 && (out->protocol =
	    tls_version_name(r->version)) == NULL)
		out->protocol = fmt_version_short(r->version);
	if (r->cipher != 0) {
		s = tls_suite_by_code(r->cipher);
		snprintf(out->suite_hex, sizeof out->suite_hex, "0x%04X",
		    (unsigned)r->cipher);
		out->suite = s != NULL ? s->iana : out->suite_hex;
	}
	if (r->group != 0) {
		snprintf(out->group_hex, sizeof out->group_hex, "0x%04X",
		    (unsigned)r->group);
		out->group = tls_group_name(r->group) != NULL ?
		    tls_group_name(r->group) : out->group_hex;
	}
	out->method = r->method != NULL ? r->method : "";
	if (eo->timings && !r->by_enumeration)
		snprintf(out->time, sizeof out->time, "%lu",
		    (unsigned long)r->handshake_ms);
}

/*
 * "fails on 1 of 2 addresses (50% of connections if DNS spreads them
 * evenly):" for column finding cf. With several ports a row is an
 * address and a port, which DNS does not choose between: the share of
 * connections is left out.
 */
static char *
fails_on(const struct model *m, const struct column_finding *cf)
{
	size_t n = cf->failed + cf->ok;

	if (model_port_count(m) > 1)
		return xasprintf("fails on %zu of %zu addresses and ports:",
		    cf->failed, n);
	return xasprintf("fails on %zu of %zu addresses (%.0f%% of "
	    "connections if DNS spreads them evenly):", cf->failed, n,
	    100.0 * (double)cf->failed / (double)n);
}

void
export_findings_lines(const struct model *m,
    void (*line)(void *ctx, int depth, const char *text), void *ctx)
{
	struct findings	 fd;
	char		 diff[EXPLAIN_TEXT_MAX], *buf, *l, *nl, *tmp;
	size_t		 r, c;

	findings_compute(m, &fd);
	if (fd.n_depends == 0 && fd.n_differ == 0)
		line(ctx, 0, "no client's result depends on the address, and "
		    "no backend differs from its siblings");
	for (c = 0; c < fd.n_cols; c++) {
		const struct column_finding *cf = &fd.cols[c];
		const char *sep = " ";

		if (!cf->depends)
			continue;
		tmp = fails_on(m, cf);
		buf = xasprintf("%s %s", model_col(m, c)->id, tmp);
		free(tmp);
		for (r = 0; r < model_rows(m); r++) {
			enum cell_class k = fmt_cell_class(model_cell(m, r,
			    c));

			if (k != CLASS_FAIL && k != CLASS_ERROR)
				continue;
			tmp = xasprintf("%s%s%s", buf, sep,
			    model_row(m, r)->text);
			free(buf);
			buf = tmp;
			sep = ", ";
		}
		line(ctx, 0, buf);
		free(buf);
	}
	for (r = 0; r < fd.n_rows && fd.have_ref; r++) {
		if (!fd.rows[r].differs)
			continue;
		buf = xasprintf("%s is configured unlike %s:",
		    model_row(m, r)->text, model_row(m, fd.ref_row)->text);
		line(ctx, 0, buf);
		free(buf);
		explain_server_diff(model_row(m, r)->server,
		    model_row(m, fd.ref_row)->server, diff, sizeof diff);
		for (l = diff; *l != '\0'; l = nl) {
			nl = strchr(l, '\n');
			if (nl != NULL)
				*nl++ = '\0';
			else
				nl = l + strlen(l);
			line(ctx, 1, l);
		}
	}
	findings_cleanup(&fd);
}

enum status
export_write_opts(const struct model *m, enum output_format fmt,
    const struct export_opts *eo, FILE *out)
{
	struct export_opts	def;

	struct model		*sorted;

	if (eo == NULL) {
		export_opts_default(&def);
		eo = &def;
	}
	/* Rows in address order, not in the order answers came (#15): two
	 * runs against the same servers write the same bytes. */
	sorted = export_sorted_copy(m);
	if (fmt == OUTPUT_JSON)
		export_json_write(sorted, eo, out);
	else if (fmt == OUTPUT_MD)
		export_md_write(sorted, eo, out);
	else if (fmt == OUTPUT_JSONL)
		export_jsonl_document(sorted, eo, out);
	else if (fmt == OUTPUT_CSV)
		export_csv_write(sorted, eo, out);
	else if (fmt == OUTPUT_HTML)
		export_html_write(sorted, eo, out);
	else
		export_text_write(sorted, eo, out);
	model_free(sorted);
	if (fflush(out) != 0 || ferror(out))
		return ST_EIO;
	return ST_OK;
}

enum status
export_write(const struct model *m, enum output_format fmt, FILE *out)
{
	return export_write_opts(m, fmt, NULL, out);
}

/* Writes into a file that is not ours to replace (a device, a FIFO). */
static enum status
write_in_place(const struct model *m, enum output_format fmt,
    const struct export_opts *eo, const char *path, char *err,
    size_t errlen)
{
	FILE		*f;
	enum status	 st;
	int		 e;

	if ((f = fopen(path, "w")) == NULL) {
		snprintf(err, errlen, "cannot write %s: %s", path,
		    strerror(errno));
		return ST_EIO;
	}
	errno = 0;
	st = export_write_opts(m, fmt, eo, f);
	e = errno;
	if (fclose(f) != 0 && st == ST_OK) {
		e = errno;
		st = ST_EIO;
	}
	if (st != ST_OK)
		snprintf(err, errlen, "cannot write %s: %s", path,
		    strerror(e != 0 ? e : EIO));
	return st;
}

enum status
export_to_file_opts(const struct model *m, enum output_format fmt,
    const struct export_opts *eo, const char *path, char *err,
    size_t errlen)
{
	struct stat	 sb;
	const char	*slash, *base;
	char		*tmp = NULL;
	FILE		*f = NULL;
	enum status	 st = ST_EIO;
	mode_t		 mask;
	int		 fd = -1, e = 0;

	if (errlen > 0)
		err[0] = '\0';
	if (path == NULL || *path == '\0') {
		snprintf(err, errlen, "cannot write an empty file name");
		return ST_EINVAL;
	}
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode))
		return write_in_place(m, fmt, eo, path, err, errlen);

	/* the temporary file must be in the same directory: rename(2) is
	 * atomic only within one file system */
	slash = strrchr(path, '/');
	base = slash != NULL ? slash + 1 : path;
	if (*base == '\0') {
		snprintf(err, errlen, "cannot write %s: Is a directory", path);
		return ST_EINVAL;
	}
	tmp = xasprintf("%.*s.%s.XXXXXX", slash != NULL ?
	    (int)(slash - path + 1) : 0, path, base);
	if ((fd = mkstemp(tmp)) == -1) {
		e = errno;
		free(tmp);
		tmp = NULL;
		goto out;
	}
	/* mkstemp makes 0600; a snapshot is a normal file, so honour the
	 * umask as open(2) would (main thread: nobody else changes it) */
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) == -1) {
		e = errno;
		goto out;
	}
	if ((f = fdopen(fd, "w")) == NULL) {
		e = errno;
		goto out;
	}
	fd = -1;
	errno = 0;
	if (export_write_opts(m, fmt, eo, f) != ST_OK) {
		e = errno != 0 ? errno : EIO;
		goto out;
	}
	if (fsync(fileno(f)) == -1) {
		e = errno;
		goto out;
	}
	if (fclose(f) != 0) {
		f = NULL;
		e = errno;
		goto out;
	}
	f = NULL;
	if (rename(tmp, path) == -1) {
		e = errno;
		goto out;
	}
	st = ST_OK;
out:
	if (f != NULL)
		fclose(f);
	if (fd != -1)
		close(fd);
	if (tmp != NULL) {
		if (st != ST_OK)
			unlink(tmp);
		free(tmp);
	}
	if (st != ST_OK)
		snprintf(err, errlen, "cannot write %s: %s", path,
		    strerror(e != 0 ? e : EIO));
	return st;
}

enum status
export_to_file(const struct model *m, enum output_format fmt,
    const char *path, char *err, size_t errlen)
{
	return export_to_file_opts(m, fmt, NULL, path, err, errlen);
}

bool
export_next_failure(const struct model *m, size_t *row, size_t *col)
{
	const struct model_cell *cell;

	for (; *row < model_rows(m); (*row)++, *col = 0) {
		for (; *col < model_cols(m); (*col)++) {
			cell = model_cell(m, *row, *col);
			if (fmt_cell_class(cell) == CLASS_FAIL ||
			    fmt_cell_class(cell) == CLASS_ERROR)
				return true;
		}
	}
	return false;
}

void
export_reason_words(const struct probe_result *r,
    const struct explanation *e, char *buf, size_t len)
{
	if (e != NULL && e->reason != r->reason)
		snprintf(buf, len, "%s (%s)", result_reason_name(e->reason),
		    result_reason_text(e->reason));
	else
		snprintf(buf, len, "%s%s%s%s", fmt_reason_name(r),
		    r->reason != REASON_NONE ? " (" : "",
		    r->reason != REASON_NONE ?
		    result_reason_text(r->reason) : "",
		    r->reason != REASON_NONE ? ")" : "");
}

void
export_cell_title(FILE *f, const struct model *m, size_t row, size_t col,
    const char *before, const char *after,
    void (*put)(FILE *, const char *))
{
	fputs(before, f);
	put(f, model_row(m, row)->text);
	fputs(" as ", f);
	put(f, model_col(m, col)->id);
	fputs(after, f);
}

void
export_profile_fields(FILE *f, const struct profile *p,
    const char *const sep[5], void (*put)(FILE *, const char *))
{
	/* profile text fields are never NULL (profile.h) */
	const char *const field[4] = { p->id, p->name, p->library,
	    p->source };
	size_t i;

	for (i = 0; i < 4; i++) {
		fputs(sep[i], f);
		put(f, field[i]);
	}
	fputs(sep[4], f);
}

void
export_depends_line(FILE *f, const struct model *m, size_t c,
    const struct column_finding *cf, const char *bullet,
    void (*put)(FILE *, const char *))
{
	enum cell_class cl;
	size_t r, k;
	char *text;

	fputs(bullet, f);
	put(f, model_col(m, c)->id);
	text = fails_on(m, cf);
	fprintf(f, " %s", text);
	free(text);
	for (r = 0, k = 0; r < model_rows(m); r++) {
		cl = fmt_cell_class(model_cell(m, r, c));
		if (cl != CLASS_FAIL && cl != CLASS_ERROR)
			continue;
		fputs(k++ ? ", " : " ", f);
		put(f, model_row(m, r)->text);
	}
	putc('\n', f);
}
