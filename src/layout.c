/*
 * layout.c: terminal size -> pane rectangles for the TUI.
 *
 * Called by ui.c before every paint (so a resize needs nothing special)
 * and by tests/unit/test_layout.c. Pure arithmetic, no curses, any
 * thread. The matrix gets the space first because it is what the user
 * came for; the detail pane takes what is left, but never less than it
 * needs to show a verdict line.
 */
#include "config.h"

#include <string.h>

#include "layout.h"

/* Preferred matrix column width: room for "TLS1.2 ECDHE-RSA-AES256-SHA". */
#define COL_PREF	30
/* Detail lines wider than this only get harder to read. */
#define DETAIL_MAX	80
/* Lines the detail pane keeps when it sits below the matrix. */
#define DETAIL_MIN_LINES 6

static int
clamp(int v, int lo, int hi)
{
	if (v > hi)
		v = hi;
	if (v < lo)
		v = lo;
	return (v);
}

static struct rect
mkrect(int x, int y, int w, int h)
{
	struct rect	r;

	r.x = x;
	r.y = y;
	r.w = w;
	r.h = h;
	return (r);
}

/* Column width and how many columns and rows fit in the matrix rect. */
static void
fit_matrix(struct layout *l, size_t n_cols, enum layout_cells mode)
{
	int	per;

	per = l->matrix.w;
	if (n_cols > 0 && n_cols < (size_t)l->matrix.w)
		per = l->matrix.w / (int)n_cols;
	/* auto: compact when that lets every column fit and full width
	 * would not; with more than fit either way, full cells scroll */
	l->compact = mode == LAYOUT_CELLS_COMPACT ||
	    (mode == LAYOUT_CELLS_AUTO && per < LAYOUT_COL_MIN &&
	    n_cols <= (size_t)(l->matrix.w / LAYOUT_COMPACT_MIN));
	if (l->compact)
		l->col_w = clamp(per, LAYOUT_COMPACT_MIN, LAYOUT_COMPACT_MAX);
	else
		l->col_w = clamp(per, LAYOUT_COL_MIN, LAYOUT_COL_MAX);
	if (l->col_w > l->matrix.w)
		l->col_w = l->matrix.w;
	l->vis_cols = l->col_w > 0 ? (size_t)(l->matrix.w / l->col_w) : 0;
	/* Line 0 of the matrix holds the profile ids. */
	l->vis_rows = l->matrix.h > 1 ? (size_t)(l->matrix.h - 1) : 0;
}

void
layout_compute(int cols, int lines, size_t n_rows, size_t n_cols,
    int addr_w, struct layout *out)
{
	layout_compute_mode(cols, lines, n_rows, n_cols, addr_w,
	    LAYOUT_CELLS_AUTO, out);
}

/* Beside the detail pane: the matrix keeps what its columns use, the
 * detail pane takes the slack. */
static void
give_slack(struct layout *l, size_t n_cols)
{
	size_t	shown = l->vis_cols < n_cols ? l->vis_cols : n_cols;
	int	used, slack;

	if (!l->detail_right || shown == 0)
		return;
	used = (int)shown * l->col_w;
	slack = l->matrix.w - used;
	if (slack <= 0)
		return;
	l->matrix.w = used;
	l->vis_cols = shown;
	l->detail.x -= slack;
	l->detail.w += slack;
}

/*
 * The address list's width aw, narrowed (labels cut first, never below
 * LAYOUT_ADDR_MIN) when that lets every column fit in compact width
 * beside it in room columns; unchanged when even that would not help.
 */
static int
yield_addrs(int aw, int room, size_t n_cols)
{
	int	need, over;

	if (n_cols == 0 || n_cols > (size_t)room)
		return (aw);
	need = (int)n_cols * LAYOUT_COMPACT_MIN;
	over = need - (room - aw);
	if (over > 0 && aw - over >= LAYOUT_ADDR_MIN)
		aw -= over;
	return (aw);
}

void
layout_compute_mode(int cols, int lines, size_t n_rows, size_t n_cols,
    int addr_w, enum layout_cells mode, struct layout *out)
{
	int	body_y, body_h, aw, dw, top_h, dmin, want;

	memset(out, 0, sizeof *out);
	out->min_cols = LAYOUT_MIN_COLS;
	out->min_lines = LAYOUT_MIN_LINES;
	if (cols < LAYOUT_MIN_COLS || lines < LAYOUT_MIN_LINES) {
		out->too_small = true;
		return;
	}

	out->header = mkrect(0, 0, cols, 1);
	out->hints = mkrect(0, lines - 1, cols, 1);
	body_y = 1;
	body_h = lines - 2;

	if (cols >= LAYOUT_WIDE_COLS) {
		/* Side by side: addresses | matrix | detail. */
		aw = clamp(addr_w, LAYOUT_ADDR_MIN, LAYOUT_ADDR_MAX);
		aw = clamp(aw, LAYOUT_ADDR_MIN, cols / 5);
		want = n_cols > 0 && n_cols < 64 ? (int)n_cols * COL_PREF :
		    cols;
		dw = clamp(cols - aw - want, LAYOUT_DETAIL_MIN, DETAIL_MAX);
		dw = clamp(dw, LAYOUT_DETAIL_MIN, cols / 2);
		aw = yield_addrs(aw, cols - dw, n_cols);
		out->detail_right = true;
		out->addrs = mkrect(0, body_y, aw, body_h);
		out->matrix = mkrect(aw, body_y, cols - aw - dw, body_h);
		out->detail = mkrect(cols - dw, body_y, dw, body_h);
	} else {
		/* Stacked: addresses | matrix on top, detail below. */
		aw = clamp(addr_w, LAYOUT_ADDR_MIN, LAYOUT_ADDR_MAX);
		aw = clamp(aw, LAYOUT_ADDR_MIN, cols / 3);
		aw = yield_addrs(aw, cols, n_cols);
		dmin = body_h / 3;
		if (dmin < DETAIL_MIN_LINES)
			dmin = DETAIL_MIN_LINES;
		want = n_rows < (size_t)body_h ? (int)n_rows + 1 : body_h;
		top_h = clamp(want, 2, body_h - dmin);
		out->addrs = mkrect(0, body_y, aw, top_h);
		out->matrix = mkrect(aw, body_y, cols - aw, top_h);
		out->detail = mkrect(0, body_y + top_h, cols, body_h - top_h);
	}
	fit_matrix(out, n_cols, mode);
	give_slack(out, n_cols);
}
