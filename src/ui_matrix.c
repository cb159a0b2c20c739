/*
 * ui_matrix.c: the address list and the matrix of cells, and the keys
 * that move the selection.
 *
 * One line per address, one column per profile; a cell shows its glyph
 * and fmt's short label cut to the column, and pending cells a spinner
 * that advances with the one-second tick. The selection scrolls the view
 * (ui_clamp_selection). Main thread, called from ui.c.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "findings.h"
#include "fmt.h"
#include "ui_int.h"

static const char *const spin_utf8[] = {
	"\xe2\xa0\x8b", "\xe2\xa0\x99", "\xe2\xa0\xb9", "\xe2\xa0\xb8",
	"\xe2\xa0\xbc", "\xe2\xa0\xb4", "\xe2\xa0\xa6", "\xe2\xa0\xa7",
	"\xe2\xa0\x87", "\xe2\xa0\x8f",
};	/* braille dots U+280B ... */
static const char *const spin_ascii[] = { "|", "/", "-", "\\" };

#define NITEMS(a)	(sizeof (a) / sizeof (a)[0])

static enum ui_color
class_color(enum cell_class k)
{
	switch (k) {
	case CLASS_OK:
		return (UI_C_OK);
	case CLASS_FAIL:
		return (UI_C_FAIL);
	case CLASS_ERROR:
		return (UI_C_ERROR);
	case CLASS_PENDING:
		break;
	}
	return (UI_C_PENDING);
}

/* The glyph for a cell; pending cells spin with the wall of time. */
static const char *
cell_glyph(const struct view *v, const struct model_cell *c,
    enum cell_class k)
{
	uint64_t	t;

	if (k == CLASS_PENDING) {
		t = v->now_ms / 1000;
		if (c != NULL)
			t += c->started_ms / 1000;
		return (v->utf8 ? spin_utf8[t % NITEMS(spin_utf8)] :
		    spin_ascii[t % NITEMS(spin_ascii)]);
	}
	return (v->utf8 ? fmt_cell_glyph_utf8(k) : fmt_cell_glyph_ascii(k));
}

static void
draw_addrs(struct view *v, WINDOW *w)
{
	const struct rect	*r = &v->lay.addrs;
	const struct model_row	*row;
	char			 title[64], lab[256], tag[64];
	size_t			 i, mr, nr = v->n_vrows;
	int			 y, used, width = r->w - 1;
	attr_t			 a;
	bool			 sel;

	if (nr > v->lay.vis_rows)
		snprintf(title, sizeof title, "address %zu-%zu/%zu",
		    v->top_row + 1, v->top_row + v->lay.vis_rows < nr ?
		    v->top_row + v->lay.vis_rows : nr, nr);
	else
		snprintf(title, sizeof title, "address");
	if (v->filter && !v->filter_empty)
		snprintf(title + strlen(title), sizeof title - strlen(title),
		    " (%zu of %zu)", nr, model_rows(v->m));
	ui_put(w, r->y, r->x + 2, width - 2, title, ui_attr(v, UI_C_TITLE));

	for (i = 0; i < v->lay.vis_rows && v->top_row + i < nr; i++) {
		mr = ui_mrow(v, v->top_row + i);
		row = model_row(v->m, mr);
		if (row == NULL)
			continue;
		y = r->y + 1 + (int)i;
		sel = v->top_row + i == v->sel_row && !v->sel_hdr;
		a = sel ? A_BOLD : A_NORMAL;
		if (sel && v->sel_addr)
			a |= A_REVERSE;
		ui_put(w, y, r->x, width, sel ?
		    (v->utf8 ? "\xe2\x96\xb6" : ">") : " ", a);
		/* a backend configured unlike its siblings */
		if (v->fnd != NULL && mr < v->fnd->n_rows &&
		    v->fnd->rows[mr].differs)
			ui_put(w, y, r->x + 1, 1, v->utf8 ? "\xe2\x89\xa0" :
			    "*", ui_attr(v, UI_C_FAIL) | A_BOLD);
		if (row->gone)
			a |= ui_attr(v, UI_C_DIM);
		used = 2 + ui_put(w, y, r->x + 2, width - 2, row->text, a);
		fmt_row_tag(v->m, mr, tag, sizeof tag);
		if (tag[0] != '\0' && used + 1 < width)
			used += 1 + ui_put(w, y, r->x + used + 1,
			    width - used - 1, tag, model_row_disputed(v->m,
			    mr) || row->gone ?
			    ui_attr(v, UI_C_ERROR) : ui_attr(v, UI_C_DIM));
		if (row->label[0] != '\0' && used + 1 < width) {
			fmt_sanitize(row->label, lab, sizeof lab, v->utf8);
			ui_put(w, y, r->x + used + 1, width - used - 1, lab,
			    ui_attr(v, UI_C_DIM));
		}
	}
}

/* "resolving" or the resolver's error where the rows would be. */
static void
draw_no_rows(struct view *v, WINDOW *w)
{
	const struct rect	*r = &v->lay.matrix;
	char			 err[512], msg[600];
	const char		*e;

	switch (model_resolve_state(v->m)) {
	case RESOLVE_PENDING:
		snprintf(msg, sizeof msg, "%s resolving...",
		    cell_glyph(v, NULL, CLASS_PENDING));
		ui_put(w, r->y + 1, v->lay.addrs.x + 2, v->lay.addrs.w +
		    r->w - 2, msg, ui_attr(v, UI_C_PENDING));
		break;
	case RESOLVE_FAILED:
		e = model_resolve_error(v->m);
		fmt_sanitize(e != NULL ? e : "unknown error", err, sizeof err,
		    v->utf8);
		snprintf(msg, sizeof msg, "%s resolve failed: %s",
		    v->utf8 ? fmt_cell_glyph_utf8(CLASS_ERROR) :
		    fmt_cell_glyph_ascii(CLASS_ERROR), err);
		ui_put(w, r->y + 1, v->lay.addrs.x + 2, v->lay.addrs.w +
		    r->w - 2, msg, ui_attr(v, UI_C_ERROR));
		break;
	case RESOLVE_DONE:
		ui_put(w, r->y + 1, v->lay.addrs.x + 2, v->lay.addrs.w +
		    r->w - 2, "no addresses", ui_attr(v, UI_C_ERROR));
		break;
	}
}

static void
draw_cell(struct view *v, WINDOW *w, size_t vr, size_t vc, int y, int x)
{
	size_t			 row = ui_mrow(v, vr), col = ui_mcol(v, vc);
	const struct model_cell	*c = model_cell(v->m, row, col);
	enum cell_class		 k;
	char			 label[256];
	attr_t			 a;
	int			 width = v->lay.col_w - 1, used;
	bool			 sel;

	if (c == NULL)
		return;
	k = fmt_cell_class(c);
	if (v->lay.compact)
		fmt_cell_code_at(v->m, row, col, label, sizeof label);
	else
		fmt_cell_label_at(v->m, row, col, v->utf8, label, sizeof label);
	sel = vr == v->sel_row && vc == v->sel_col && !v->sel_addr &&
	    !v->sel_hdr;
	a = ui_attr(v, class_color(k));
	if (sel) {
		/* Reverse the whole cell so the selection is visible even
		 * where the label is short. */
		a |= A_REVERSE;
		if (v->focus == FOCUS_DETAIL)
			a |= A_DIM;
		ui_blank(w, y, x, width, a);
	}
	/* the cell marked for a comparison (m) */
	if (v->marked && v->mark_row == row && v->mark_col == col)
		a |= A_UNDERLINE;
	/* a predicted cell (the fix preview, w) is never shown as
	 * measured: a mark before its glyph */
	used = 0;
	if (c->result != NULL && c->result->method != NULL &&
	    strcmp(c->result->method, "what-if") == 0)
		used = ui_put(w, y, x, width, v->utf8 ? "\xe2\x89\x88" : "?",
		    ui_attr(v, UI_C_TITLE) | A_BOLD);
	used += ui_put(w, y, x + used, width - used, cell_glyph(v, c, k),
	    a | A_BOLD);
	/* a cell whose verdict changed between its results: "~" at its end */
	if (fmt_hist_flaps(c)) {
		width--;
		ui_put(w, y, x + width, 1, "~", ui_attr(v, UI_C_ERROR) |
		    A_BOLD);
	}
	ui_put(w, y, x + used + 1, width - used - 1, label, a);
}

/*
 * Where the part of id that tells it from every other column's id
 * starts: past the longest prefix it shares with another, moved back to
 * the start of that token (after a '-', '_' or '/'), so python-3.12 next
 * to python-3.13 keeps "3.12" and java-17 next to java-25 keeps "17".
 */
static size_t
distinct_from(const struct view *v, const char *id)
{
	const struct profile	*p;
	size_t			 c, k, best = 0;

	for (c = 0; c < model_cols(v->m); c++) {
		p = model_col(v->m, c);
		if (p == NULL || p->id == NULL || strcmp(p->id, id) == 0)
			continue;
		for (k = 0; id[k] != '\0' && id[k] == p->id[k]; k++)
			continue;
		if (k > best)
			best = k;
	}
	while (best > 0 && strchr("-_/", id[best - 1]) == NULL)
		best--;
	return (best);
}

/*
 * The header of a column in width columns: the flag ("⚠1/2 ", else a
 * bare "⚠") and the id, whose middle gives way first ("py…3.12"), then
 * the flag's count; the distinguishing part (distinct_from) always shows
 * as far as the width allows, ending with its last character.
 */
static void
header_text(const struct view *v, const char *id, const char *flag,
    const char *flag1, int width, char *fl, size_t fl_len, char *out,
    size_t len)
{
	const char	*dots = v->utf8 ? "\xe2\x80\xa6" : "~";
	size_t		 d = distinct_from(v, id), pre, last;
	int		 idw = ui_width(id, strlen(id)), sw, room, k;

	snprintf(fl, fl_len, "%s", flag);
	if (ui_width(flag, strlen(flag)) + idw <= width) {
		snprintf(out, len, "%s", id);
		return;
	}
	snprintf(fl, fl_len, "%s", flag1);
	room = width - ui_width(flag1, strlen(flag1));
	if (idw <= room) {
		snprintf(out, len, "%s", id);
		return;
	}
	/* the start of the id, an ellipsis, the distinct part; if that is
	 * too wide, its last token ("linux" of "dotnet-linux") */
	last = strlen(id);
	while (last > d && strchr("-_/", id[last - 1]) == NULL)
		last--;
	for (k = 0; k < 2; k++, d = last) {
		sw = ui_width(id + d, strlen(id + d));
		if (room - sw - 1 >= 1) {
			pre = ui_fit(id, d, room - sw - 1, NULL);
			snprintf(out, len, "%.*s%s%s", (int)pre, id, dots,
			    id + d);
			return;
		}
	}
	/* even the last token is too wide: its end */
	while (ui_width(id + d, strlen(id + d)) > room && id[d] != '\0')
		do
			d++;
		while (((unsigned char)id[d] & 0xc0) == 0x80);
	snprintf(out, len, "%s", id + d);
}

static void
matrix_draw(struct view *v, WINDOW *w)
{
	const struct rect	*r = &v->lay.matrix;
	const struct profile	*p;
	const struct findings	*f = v->fnd;
	char			 id[256], text[512], share[32], fl[32];
	const char		*flag1;
	size_t			 i, j, row, col;
	size_t			 nr = v->n_vrows, nc = v->n_vcols;
	int			 x, used, cw = v->lay.col_w - 1, hw;
	attr_t			 a;

	draw_addrs(v, w);
	flag1 = v->utf8 ? "\xe2\x9a\xa0" : "!";
	for (j = 0; j < v->lay.vis_cols && v->left_col + j < nc; j++) {
		col = ui_mcol(v, v->left_col + j);
		p = model_col(v->m, col);
		fmt_sanitize(p != NULL && p->id != NULL ? p->id : "?", id,
		    sizeof id, v->utf8);
		a = ui_attr(v, UI_C_TITLE);
		if (v->left_col + j == v->sel_col && !v->sel_addr)
			a |= A_UNDERLINE;
		x = r->x + (int)j * v->lay.col_w;
		if (v->left_col + j == v->sel_col && v->sel_hdr) {
			a |= A_REVERSE;
			ui_blank(w, r->y, x, cw, a);
		}
		share[0] = '\0';
		if (f != NULL && col < f->n_cols && f->cols[col].depends)
			/* the client that fails "only sometimes" */
			snprintf(share, sizeof share, "%s%zu/%zu ", flag1,
			    f->cols[col].failed,
			    f->cols[col].failed + f->cols[col].ok);
		/* the last column leaves room for the '<' marker */
		hw = j + 1 == v->lay.vis_cols && v->left_col > 0 ? cw - 1 :
		    cw;
		header_text(v, id, share, share[0] != '\0' ? flag1 : "", hw,
		    fl, sizeof fl, text, sizeof text);
		used = ui_put(w, r->y, x, hw, fl, ui_attr(v, UI_C_FAIL) |
		    A_BOLD);
		ui_put(w, r->y, x + used, hw - used, text, a);
	}
	/* Say when profiles are hidden to the left or right. */
	x = r->x + r->w - 2;
	if (v->left_col > 0)
		ui_put(w, r->y, x, 1, "<", A_BOLD);
	if (v->left_col + v->lay.vis_cols < nc)
		ui_put(w, r->y, x + 1, 1, ">", A_BOLD);

	if (model_rows(v->m) == 0) {
		draw_no_rows(v, w);
		return;
	}
	for (i = 0; i < v->lay.vis_rows && v->top_row + i < nr; i++) {
		row = v->top_row + i;
		for (j = 0; j < v->lay.vis_cols && v->left_col + j < nc; j++)
			draw_cell(v, w, row, v->left_col + j, r->y + 1 +
			    (int)i, r->x + (int)j * v->lay.col_w);
	}
}

/*
 * Moves the selection by dr rows and dc columns, within the shown ones.
 * The address is a column of its own left of the first profile:
 * selecting it shows what the server accepts instead of one cell. The
 * profile ids are a row of their own above the first address: selecting
 * one shows the profile. (The corner, above the addresses, is nothing.)
 */
static size_t
step(size_t pos, long d, size_t max)
{
	if (d < 0)
		return ((size_t)-d > pos ? 0 : pos - (size_t)-d);
	return ((size_t)d >= max - pos ? max : pos + (size_t)d);
}

static enum ui_action
move_sel(struct view *v, long dr, long dc)
{
	size_t	nr = v->n_vrows, nc = v->n_vcols;
	size_t	r = v->sel_hdr ? 0 : v->sel_row + 1;
	size_t	c = v->sel_addr ? 0 : v->sel_col + 1;
	size_t	old_r = r, old_c = c;

	r = step(r, dr, nr);
	c = step(c, dc, nc);
	if (r == 0 && c == 0) {
		if (dr != 0 && nr > 0)
			r = old_r > 0 ? old_r : 1;
		else
			c = nc > 0 ? 1 : 0;
	}
	if (r != old_r || c != old_c)
		v->detail_top = 0;	/* a new item starts at its top */
	v->sel_hdr = r == 0;
	v->sel_row = r > 0 ? r - 1 : v->sel_row;
	v->sel_addr = c == 0;
	if (c > 0)
		v->sel_col = c - 1;
	return (UI_REDRAW);
}

static enum ui_action
matrix_key(struct view *v, int ch)
{
	long	page = v->lay.vis_rows > 1 ? (long)v->lay.vis_rows - 1 : 1;
	long	far = (long)v->n_vrows + 1;

	switch (ch) {
	case KEY_UP:
	case 'k':
		return (move_sel(v, -1, 0));
	case KEY_DOWN:
	case 'j':
		return (move_sel(v, 1, 0));
	case KEY_LEFT:
	case 'h':
		return (move_sel(v, 0, -1));
	case KEY_RIGHT:
	case 'l':
		return (move_sel(v, 0, 1));
	case KEY_PPAGE:
		/* Stop at the first address; the header is one more up. */
		if (!v->sel_hdr && v->sel_row > 0 && (size_t)page > v->sel_row)
			page = (long)v->sel_row;
		return (move_sel(v, -page, 0));
	case KEY_NPAGE:
		return (move_sel(v, page, 0));
	case KEY_HOME:
	case 'g':
		/* the first cell, not the header: what Home means */
		v->sel_row = v->sel_col = 0;
		v->sel_addr = v->sel_hdr = false;
		v->detail_top = 0;
		return (UI_REDRAW);
	case KEY_END:
	case 'G':
		return (move_sel(v, far, (long)v->n_vcols + 1));
	case KEY_SLEFT:
	case 'H':
		return (move_sel(v, 0, -(long)(v->lay.vis_cols > 1 ?
		    v->lay.vis_cols - 1 : 1)));
	case KEY_SRIGHT:
	case 'L':
		return (move_sel(v, 0, (long)(v->lay.vis_cols > 1 ?
		    v->lay.vis_cols - 1 : 1)));
	case '\r':
	case '\n':
	case '\t':
	case KEY_ENTER:
		return (UI_FOCUS_DETAIL);
	}
	return (UI_NONE);
}

const struct ui_pane ui_pane_matrix = {
	"matrix",
	matrix_draw,
	matrix_key,
};
