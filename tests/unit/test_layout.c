/*
 * test_layout.c: unit tests for layout_compute (src/layout.c).
 *
 * Checks the pane rectangles for common and extreme terminal sizes: every
 * rectangle lies inside the screen, no two overlap, the too-small notice
 * appears exactly below the minimum, and the detail pane moves to the
 * right on wide terminals. Run by make check; single thread.
 */
#include "config.h"

#include <stdio.h>

#include "layout.h"
#include "../tap.h"

static bool
inside(const struct rect *r, int cols, int lines)
{
	if (r->w < 0 || r->h < 0)
		return (false);
	if (r->w == 0 || r->h == 0)
		return (true);
	return (r->x >= 0 && r->y >= 0 && r->x + r->w <= cols &&
	    r->y + r->h <= lines);
}

static bool
overlap(const struct rect *a, const struct rect *b)
{
	if (a->w == 0 || a->h == 0 || b->w == 0 || b->h == 0)
		return (false);
	return (a->x < b->x + b->w && b->x < a->x + a->w &&
	    a->y < b->y + b->h && b->y < a->y + a->h);
}

/* Every rectangle inside the screen, pairwise disjoint, panes non-empty. */
static void
check_sane(int cols, int lines, size_t n_rows, size_t n_cols, int addr_w)
{
	struct layout	 l;
	const struct rect *r[5];
	size_t		 i, j;
	bool		 in = true, disjoint = true;
	int		 area = 0;

	layout_compute(cols, lines, n_rows, n_cols, addr_w, &l);
	ok(!l.too_small, "%dx%d (%zu rows, %zu cols): fits", cols, lines,
	    n_rows, n_cols);
	r[0] = &l.header;
	r[1] = &l.addrs;
	r[2] = &l.matrix;
	r[3] = &l.detail;
	r[4] = &l.hints;
	for (i = 0; i < 5; i++) {
		if (!inside(r[i], cols, lines))
			in = false;
		for (j = i + 1; j < 5; j++)
			if (overlap(r[i], r[j]))
				disjoint = false;
		area += r[i]->w * r[i]->h;
	}
	ok(in, "%dx%d: all rects inside the screen", cols, lines);
	ok(disjoint, "%dx%d: no two rects overlap", cols, lines);
	is_int(area, cols * lines, "%dx%d: rects tile the screen", cols,
	    lines);
	ok(l.header.h == 1 && l.header.y == 0, "%dx%d: header is line 0",
	    cols, lines);
	ok(l.hints.h == 1 && l.hints.y == lines - 1,
	    "%dx%d: hints on the last line", cols, lines);
	ok(l.matrix.h >= 2 && l.matrix.w >= LAYOUT_COL_MIN,
	    "%dx%d: matrix shows ids and a row", cols, lines);
	ok(l.detail.h >= 3 && l.detail.w >= 20,
	    "%dx%d: detail pane usable (%dx%d)", cols, lines, l.detail.w,
	    l.detail.h);
	ok(l.addrs.y == l.matrix.y && l.addrs.h == l.matrix.h,
	    "%dx%d: address list aligned with the matrix", cols, lines);
	ok(l.col_w >= 1 && l.col_w <= l.matrix.w && l.vis_cols >= 1 &&
	    l.vis_cols * (size_t)l.col_w <= (size_t)l.matrix.w,
	    "%dx%d: columns fit (%d wide, %zu visible)", cols, lines, l.col_w,
	    l.vis_cols);
	is_int(l.vis_rows, l.matrix.h - 1, "%dx%d: visible rows", cols,
	    lines);
}

int
main(void)
{
	struct layout	l;

	/* The three sizes named in the design. */
	check_sane(80, 24, 2, 2, 24);
	layout_compute(80, 24, 2, 2, 24, &l);
	ok(!l.detail_right, "80x24: detail below the matrix");
	is_int(l.matrix.h, 3, "80x24: matrix height is ids + 2 rows");
	ok(l.detail.y == l.matrix.y + l.matrix.h, "80x24: detail follows");
	is_int(l.addrs.w, 24, "80x24: address list as wide as asked");

	check_sane(200, 60, 2, 2, 24);
	layout_compute(200, 60, 2, 2, 24, &l);
	ok(l.detail_right, "200x60: detail on the right");
	is_int(l.matrix.h, 58, "200x60: matrix uses the full body");
	ok(l.detail.x == l.matrix.x + l.matrix.w, "200x60: detail follows");
	ok(l.col_w >= 30, "200x60: columns at least of preferred width");

	layout_compute(40, 10, 2, 2, 24, &l);
	ok(l.too_small, "40x10: too small");
	is_int(l.min_cols, 60, "too small names 60 columns");
	is_int(l.min_lines, 15, "too small names 15 lines");
	ok(l.header.w == 0 && l.matrix.w == 0 && l.detail.w == 0,
	    "40x10: no rects");

	/* Boundaries. */
	check_sane(60, 15, 2, 2, 24);
	layout_compute(59, 15, 2, 2, 24, &l);
	ok(l.too_small, "59x15: too small");
	layout_compute(60, 14, 2, 2, 24, &l);
	ok(l.too_small, "60x14: too small");
	check_sane(119, 40, 2, 2, 24);
	layout_compute(119, 40, 2, 2, 24, &l);
	ok(!l.detail_right, "119 cols: detail below");
	check_sane(120, 40, 2, 2, 24);
	layout_compute(120, 40, 2, 2, 24, &l);
	ok(l.detail_right, "120 cols: detail right");

	/* Extremes of content. */
	check_sane(80, 24, 0, 2, 0);		/* nothing resolved yet */
	check_sane(80, 24, 500, 40, 1000);	/* many rows, many profiles */
	check_sane(200, 60, 500, 40, 1000);
	check_sane(200, 60, 1, 0, -5);		/* no columns, odd width */
	check_sane(60, 15, 100, 1, 39);
	check_sane(1000, 1000, 3, 3, 30);
	check_sane(32767, 32767, (size_t)-1, (size_t)-1, 1 << 30);
	layout_compute(80, 24, 500, 40, 1000, &l);
	ok(l.addrs.w <= LAYOUT_ADDR_MAX, "address list capped");
	ok(l.detail.h >= 6, "many rows leave the detail pane room");
	/* Issue #21: eight profiles, addresses with long labels. */
	check_sane(80, 24, 2, 8, 26);
	layout_compute(80, 24, 2, 8, 26, &l);
	ok(l.compact, "80x24, 8 profiles: compact cells");
	ok(l.vis_cols >= 8, "80x24, 8 profiles: all 8 columns fit (%zu)",
	    l.vis_cols);
	ok(l.col_w >= LAYOUT_COMPACT_MIN, "80x24: compact columns at least "
	    "%d wide", LAYOUT_COMPACT_MIN);
	ok(l.addrs.w >= LAYOUT_ADDR_MIN && l.addrs.w < 26,
	    "80x24: the address list gave way (%d)", l.addrs.w);
	layout_compute_mode(80, 24, 2, 8, 26, LAYOUT_CELLS_FULL, &l);
	ok(!l.compact && l.vis_cols < 8, "80x24, full cells forced: "
	    "some columns scroll");
	check_sane(120, 40, 2, 8, 26);
	layout_compute(120, 40, 2, 8, 26, &l);
	ok(l.compact && l.vis_cols == 8, "120x40, 8 profiles: compact, "
	    "all 8 beside the detail pane");
	ok(l.detail.w >= LAYOUT_DETAIL_MIN, "120x40: detail pane kept");
	check_sane(200, 60, 2, 8, 26);
	layout_compute(200, 60, 2, 8, 26, &l);
	ok(!l.compact && l.vis_cols == 8, "200x60, 8 profiles: full cells, "
	    "all 8");
	is_int(l.matrix.w, 8 * l.col_w, "200x60: the matrix is as wide as "
	    "its columns (no gap)");
	layout_compute(200, 60, 2, 2, 24, &l);
	is_int(l.matrix.w, 2 * l.col_w, "200x60, 2 profiles: no gap either");
	ok(l.detail.x == l.matrix.x + l.matrix.w, "200x60: the detail pane "
	    "takes the rest");
	layout_compute_mode(200, 60, 2, 2, 24, LAYOUT_CELLS_COMPACT, &l);
	ok(l.compact && l.col_w <= LAYOUT_COMPACT_MAX,
	    "200x60: compact cells forced");
	layout_compute(200, 60, 2, 44, 26, &l);
	is_int(l.addrs.w, 26, "44 profiles scroll anyway: the address list "
	    "keeps its width");

	layout_compute(0, 0, 0, 0, 0, &l);
	ok(l.too_small, "0x0: too small");
	layout_compute(-1, -1, 0, 0, 0, &l);
	ok(l.too_small, "negative size: too small");
	return (tap_done());
}
