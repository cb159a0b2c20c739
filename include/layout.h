/*
 * layout.h: where each pane of the TUI goes, as a pure function.
 *
 * layout_compute turns the terminal size and the matrix dimensions into
 * rectangles: a header line, the address list, the matrix, the detail
 * pane (right of the matrix on wide terminals, below it otherwise) and a
 * key-hint line. No curses here, so it is unit-tested without a terminal.
 * Any thread.
 */
#ifndef TLSMATRIX_LAYOUT_H
#define TLSMATRIX_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#define LAYOUT_MIN_COLS		60	/* below this: "terminal too small" */
#define LAYOUT_MIN_LINES	15
#define LAYOUT_WIDE_COLS	120	/* from here the detail pane is right */
#define LAYOUT_ADDR_MIN		12	/* address list width bounds */
#define LAYOUT_ADDR_MAX		40
#define LAYOUT_COL_MIN		12	/* matrix column width bounds */
#define LAYOUT_COL_MAX		40
#define LAYOUT_DETAIL_MIN	40	/* detail pane width when on the right */
#define LAYOUT_COMPACT_MIN	8	/* compact column: glyph, code, gap */
#define LAYOUT_COMPACT_MAX	16

/* How cells are drawn: the glyph and the label, or the glyph and a short
 * code (fmt_cell_code_at) in narrow columns. */
enum layout_cells {
	LAYOUT_CELLS_AUTO = 0,	/* compact when full columns would not
				 * all fit and compact ones would */
	LAYOUT_CELLS_FULL,
	LAYOUT_CELLS_COMPACT,
};

/* A rectangle in screen cells; w or h 0 means "not shown". */
struct rect {
	int	x, y;
	int	w, h;
};

struct layout {
	bool		too_small;	/* nothing fits: show only a notice */
	int		min_cols, min_lines;	/* what "too small" means */
	bool		detail_right;	/* detail pane right of the matrix */

	struct rect	header;		/* one line: target, progress, time */
	struct rect	addrs;		/* line 0: title, then one per row */
	struct rect	matrix;		/* line 0: profile ids, then rows */
	struct rect	detail;		/* includes its one-cell frame */
	struct rect	hints;		/* one line of key hints */

	int		col_w;		/* width of one matrix column */
	bool		compact;	/* cells as glyph and code */
	size_t		vis_rows;	/* matrix rows that fit */
	size_t		vis_cols;	/* matrix columns that fit */
};

/*
 * Fills out for a terminal of cols x lines showing n_rows addresses and
 * n_cols profiles; addr_w is the width the address list would like (the
 * longest address with its label), clamped to LAYOUT_ADDR_MIN..MAX.
 * Never fails: below LAYOUT_MIN_COLS x LAYOUT_MIN_LINES it sets too_small
 * and leaves every rectangle empty.
 */
void	layout_compute(int cols, int lines, size_t n_rows, size_t n_cols,
	    int addr_w, struct layout *out);
/*
 * The same, with the cell mode: AUTO picks compact columns when
 * n_cols columns of LAYOUT_COL_MIN would not fit the matrix and n_cols
 * of LAYOUT_COMPACT_MIN would (more scroll in full width). Beside the
 * detail pane, the matrix is as wide as its columns and the detail pane
 * takes the rest, so no gap is left between them.
 */
void	layout_compute_mode(int cols, int lines, size_t n_rows,
	    size_t n_cols, int addr_w, enum layout_cells mode,
	    struct layout *out);

#endif
