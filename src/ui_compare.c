/*
 * ui_compare.c: two cells side by side (m marks one, Enter on another).
 *
 * Each side shows its address and profile, the verdict and the cell's
 * history, what the client offers, what the server accepts and the
 * overlap (explain_sides: the set arithmetic of explain.c), and why the
 * cell works or fails (fmt_cell_explain). Under both, one block says
 * what differs: the verdicts, the clients' overlap with one server, or
 * the servers' configurations for one client (explain_server_diff).
 * Drawn over the panes by ui.c while v->compare is set; it scrolls like
 * the detail pane. Main thread.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "explain.h"
#include "fmt.h"
#include "ui_int.h"

#define SIDE_BUF	8192	/* one side's text */
#define DIFF_BUF	4096
#define CMP_SEGS	512	/* wrapped lines per block */

/* Appends s sanitized (server and profile text) to buf, as ui_appendf. */
static void
add_safe(const struct view *v, char *buf, size_t len, size_t *used,
    const char *s)
{
	if (*used + 1 < len) {
		fmt_sanitize(s, buf + *used, len - *used, v->utf8);
		*used += strlen(buf + *used);
	}
}

/* The server's enumeration of model row r, or NULL. */
static const struct server_info *
server_of(const struct view *v, size_t r)
{
	const struct model_row	*rw = model_row(v->m, r);

	return (rw != NULL && rw->scan_state == SCAN_DONE ? rw->server :
	    NULL);
}

/* One side: the cell at model row r, column c. */
static void
side_text(const struct view *v, size_t r, size_t c, char *buf, size_t len)
{
	const struct model_row	*rw = model_row(v->m, r);
	const struct profile	*p = model_col(v->m, c);
	const struct model_cell	*cell = model_cell(v->m, r, c);
	struct explain_sides	 sd;
	struct explanation	 e;
	char			 label[256], strip[MODEL_HISTORY_MAX * 4 + 1];
	enum cell_class		 k;
	size_t			 u = 0;

	buf[0] = '\0';
	if (rw == NULL || p == NULL || cell == NULL)
		return;
	k = fmt_cell_class(cell);
	add_safe(v, buf, len, &u, rw->text);
	ui_appendf(buf, len, &u, " as ");
	add_safe(v, buf, len, &u, p->id);
	fmt_cell_label_at(v->m, r, c, v->utf8, label, sizeof label);
	ui_appendf(buf, len, &u, "\n%s ", v->utf8 ? fmt_cell_glyph_utf8(k) :
	    fmt_cell_glyph_ascii(k));
	add_safe(v, buf, len, &u, label);
	ui_appendf(buf, len, &u, "\n");
	if (model_cell_hist_len(cell) > 1) {
		fmt_hist_strip(cell, v->utf8, strip, sizeof strip);
		ui_appendf(buf, len, &u, "history: %s%s\n", strip, fmt_hist_flaps(cell) ?
		    " FLAPPING" : "");
	}

	explain_sides(p, server_of(v, r), &sd);
	ui_appendf(buf, len, &u, "\nclient offers\n  versions: %s\n  suites: %s\n"
	    "  groups: %zu\n", sd.client_versions, sd.client_suites,
	    sd.client_groups);
	if (sd.have_server) {
		ui_appendf(buf, len, &u, "server accepts\n  versions: %s\n  suites: %s\n"
		    "  groups: %zu TLS 1.3, %zu TLS 1.2 curves\n",
		    sd.server_versions, sd.server_suites, sd.server_groups13,
		    sd.server_groups12);
		ui_appendf(buf, len, &u, "overlap\n  versions: %s\n  suites: %zu (%s)\n"
		    "  groups: %zu\n", sd.common_versions, sd.n_common_suites,
		    sd.common_suites, sd.common_groups);
	} else
		ui_appendf(buf, len, &u, "server accepts\n  (not enumerated%s)\n",
		    rw->scan_state == SCAN_PENDING ? " yet" : "");

	if (fmt_cell_explain(v->m, r, c, &e)) {
		ui_appendf(buf, len, &u, "\nwhy: ");
		add_safe(v, buf, len, &u, e.summary);
		ui_appendf(buf, len, &u, "\n");
		/* the explanation's lines, each sanitized */
		ui_sanitize_lines(e.detail, buf + u, len - u, v->utf8);
	}
}

/* What differs between the two cells, and why one works. */
static void
diff_text(const struct view *v, size_t r1, size_t c1, size_t r2, size_t c2,
    char *buf, size_t len)
{
	const struct model_cell	*a = model_cell(v->m, r1, c1);
	const struct model_cell	*b = model_cell(v->m, r2, c2);
	const struct server_info *s1 = server_of(v, r1), *s2 = server_of(v, r2);
	struct explain_sides	 x1, x2;
	struct explanation	 e;
	enum cell_class		 k1 = fmt_cell_class(a), k2 = fmt_cell_class(b);
	char			 raw[EXPLAIN_TEXT_MAX * 2], d[sizeof raw * 4];
	const char		*p, *nl;
	size_t			 fr, fc, u = 0;

	buf[0] = '\0';
	ui_appendf(buf, len, &u, "difference\n");
	if (k1 == CLASS_PENDING || k2 == CLASS_PENDING)
		ui_appendf(buf, len, &u, "  a cell is still pending\n");
	else if ((k1 == CLASS_OK) != (k2 == CLASS_OK)) {
		/* the failing one says why */
		fr = k1 == CLASS_OK ? r2 : r1;
		fc = k1 == CLASS_OK ? c2 : c1;
		ui_appendf(buf, len, &u, "  %s works, %s fails", k1 == CLASS_OK ? "left" :
		    "right", k1 == CLASS_OK ? "right" : "left");
		if (fmt_cell_explain(v->m, fr, fc, &e)) {
			ui_appendf(buf, len, &u, ": %s: ", result_reason_name(e.reason));
			add_safe(v, buf, len, &u, e.summary);
		}
		ui_appendf(buf, len, &u, "\n");
	} else
		ui_appendf(buf, len, &u, "  both %s\n", k1 == CLASS_OK ? "work" : "fail");
	if (r1 == r2 && c1 != c2 && s1 != NULL) {
		explain_sides(model_col(v->m, c1), s1, &x1);
		explain_sides(model_col(v->m, c2), s1, &x2);
		ui_appendf(buf, len, &u, "  one server, two clients: the left shares %zu "
		    "suite%s at %s, the right %zu at %s\n", x1.n_common_suites,
		    x1.n_common_suites == 1 ? "" : "s", x1.common_versions,
		    x2.n_common_suites, x2.common_versions);
	} else if (c1 == c2 && r1 != r2) {
		ui_appendf(buf, len, &u, "  one client, two servers");
		if (s1 != NULL && s2 != NULL) {
			explain_server_diff(s2, s1, raw, sizeof raw);
			ui_appendf(buf, len, &u, raw[0] != '\0' ? "; the right "
			    "one against the left:\n" : ", configured "
			    "alike\n");
			/* one indented line per difference */
			ui_sanitize_lines(raw, d, sizeof d, v->utf8);
			for (p = d; *p != '\0'; p = *nl != '\0' ? nl + 1 : nl) {
				nl = strchr(p, '\n');
				if (nl == NULL)
					nl = p + strlen(p);
				ui_appendf(buf, len, &u, "    %.*s\n",
				    (int)(nl - p), p);
			}
		} else
			ui_appendf(buf, len, &u, " (not both enumerated)\n");
	} else if (r1 != r2)
		ui_appendf(buf, len, &u, "  different servers and clients\n");
}

/* Draws text wrapped to width at x, from screen line y0 on for at most
 * rows lines, skipping its first top lines; returns its line count. */
static size_t
draw_block(WINDOW *w, const char *text, int x, int width, int y0, int rows,
    size_t top, attr_t a)
{
	static struct ui_seg	 segs[CMP_SEGS];
	char			 line[SIDE_BUF];
	size_t			 n = ui_wrap(text, width, segs, CMP_SEGS), i;
	int			 y;

	for (i = 0; i < n; i++) {
		if (i < top)
			continue;
		y = y0 + (int)(i - top);
		if (y >= y0 + rows)
			break;
		memcpy(line, segs[i].p, segs[i].len);
		line[segs[i].len] = '\0';
		ui_put(w, y, x + segs[i].indent, width - segs[i].indent, line,
		    i == 0 ? a | A_BOLD : a);
	}
	return (n);
}

static void
compare_draw(struct view *v, WINDOW *w)
{
	static char	 left[SIDE_BUF], right[SIDE_BUF], diff[DIFF_BUF];
	static struct ui_seg segs[CMP_SEGS];
	size_t		 r = ui_mrow(v, v->sel_row), c = ui_mcol(v, v->sel_col);
	size_t		 nl, nr, nd, n, top, skip;
	int		 y0 = 1, h = LINES - 2, half, rows, i, y;

	if (h < 3 || !v->marked || r == SIZE_MAX || c == SIZE_MAX) {
		v->compare = false;
		return;
	}
	for (i = 0; i < h; i++)
		ui_blank(w, y0 + i, 0, COLS, A_NORMAL);
	ui_hline(v, w, y0, 0, COLS);
	ui_put(w, y0, 2, COLS - 4, " compare: left the marked cell, right "
	    "the selected one ",
	    ui_attr(v, UI_C_TITLE) | A_REVERSE);
	half = (COLS - 3) / 2;
	rows = h - 1;
	v->cmp_page = rows > 1 ? rows - 1 : 1;

	side_text(v, v->mark_row, v->mark_col, left, sizeof left);
	side_text(v, r, c, right, sizeof right);
	diff_text(v, v->mark_row, v->mark_col, r, c, diff, sizeof diff);
	nd = ui_wrap(diff, COLS - 2, segs, CMP_SEGS);
	/* a blank on each side of the frame between the sides */
	nl = ui_wrap(left, half - 1, segs, CMP_SEGS);
	nr = ui_wrap(right, half - 2, segs, CMP_SEGS);
	n = nd + 1 + (nl > nr ? nl : nr);
	v->cmp_max_top = n > (size_t)rows ? n - (size_t)rows : 0;
	if (v->cmp_top > v->cmp_max_top)
		v->cmp_top = v->cmp_max_top;
	top = v->cmp_top;

	/* what differs first, then the two sides under it */
	draw_block(w, diff, 1, COLS - 2, y0 + 1, rows, top,
	    ui_attr(v, UI_C_TITLE));
	n = nd + 1;
	if (n >= top) {
		y = y0 + 1 + (int)(n - top);
		skip = 0;
	} else {
		y = y0 + 1;
		skip = top - n;
	}
	rows -= y - (y0 + 1);
	draw_block(w, left, 1, half - 1, y, rows, skip, A_NORMAL);
	draw_block(w, right, half + 3, half - 2, y, rows, skip, A_NORMAL);
	n = nl > nr ? nl : nr;
	for (i = 0; (size_t)i + skip < n && i < rows; i++)
		ui_vline(v, w, y + i, half + 1, 1);
}

static enum ui_action
compare_key(struct view *v, int ch)
{
	enum ui_action	act;

	switch (ch) {
	case 27:	/* Esc */
	case '\r':
	case '\n':
	case KEY_ENTER:
	case '\t':
		v->compare = false;
		return (UI_REDRAW);
	case 'q':
	case 'Q':
		return (UI_QUIT);
	case '?':
		return (UI_HELP);
	}
	act = ui_scroll_key(ch, &v->cmp_top, v->cmp_max_top, v->cmp_page);
	return (act != UI_NONE ? act : UI_REDRAW);
}

const struct ui_pane ui_pane_compare = {
	"compare",
	compare_draw,
	compare_key,
};
