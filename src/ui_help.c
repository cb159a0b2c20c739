/*
 * ui_help.c: the key help overlay shown by '?'.
 *
 * A framed box centred over the panes; ui.c closes it on any key (the
 * key is consumed), so it needs no key handler. Main thread.
 */
#include "config.h"

#include <string.h>

#include "ui_int.h"

/* Every key, in lines that fit an 80x24 terminal. */
static const char *const help_lines[] = {
	"tlsmatrix keys (any key closes this help)",
	"arrows, hjkl      move; left of the first profile: the address,",
	"                  above the first address: the profile",
	"PgUp, PgDn, H, L  page up, down, left, right",
	"Home, End         first or last cell; a mouse click selects",
	"Enter, Tab        focus the detail (arrows scroll, Esc/Tab back)",
	"r                 re-probe the cell (address: row; profile: column)",
	"a                 re-probe everything",
	"t                 probe the cell 10 times (k/10 ok)",
	"R, p              resolve the name again now; pause or resume probing",
	"f                 only rows and columns that disagree",
	"/, n              search addresses and profiles; next match",
	"e                 export a snapshot (as --batch) to a file",
	"P                 choose profiles (new ones are probed at once)",
	"c                 compact cells (glyph and code) or full labels",
	"m, Enter          mark a cell; Enter on another compares the two",
	"o, O              order columns (failures, family), rows (address, result)",
	"w, W              what-if: edit the address's (W: every address's)",
	"                  TLS lines; the matrix shows predicted cells, Esc back",
	"mouse             click selects (a header: its column), wheel scrolls",
	"^L, ?             repaint the screen; this help",
	"q, ^C             quit",
};

#define NLINES	(sizeof help_lines / sizeof help_lines[0])

static void
help_draw(struct view *v, WINDOW *w)
{
	int	bw = 0, bh, x, y, i, n;

	for (i = 0; i < (int)NLINES; i++) {
		n = ui_width(help_lines[i], strlen(help_lines[i]));
		if (n > bw)
			bw = n;
	}
	bw += 4;
	bh = (int)NLINES + 2;
	if (bw > COLS)
		bw = COLS;
	if (bh > LINES)
		bh = LINES;
	x = (COLS - bw) / 2;
	y = (LINES - bh) / 2;

	for (i = 0; i < bh; i++)
		ui_blank(w, y + i, x, bw, A_NORMAL);
	if (v->utf8) {
		/* ACS corners render as box drawing in UTF-8 terminals. */
		mvwaddch(w, y, x, ACS_ULCORNER);
		mvwaddch(w, y, x + bw - 1, ACS_URCORNER);
		mvwaddch(w, y + bh - 1, x, ACS_LLCORNER);
		mvwaddch(w, y + bh - 1, x + bw - 1, ACS_LRCORNER);
	} else {
		mvwaddch(w, y, x, '+');
		mvwaddch(w, y, x + bw - 1, '+');
		mvwaddch(w, y + bh - 1, x, '+');
		mvwaddch(w, y + bh - 1, x + bw - 1, '+');
	}
	ui_hline(v, w, y, x + 1, bw - 2);
	ui_hline(v, w, y + bh - 1, x + 1, bw - 2);
	ui_vline(v, w, y + 1, x, bh - 2);
	ui_vline(v, w, y + 1, x + bw - 1, bh - 2);
	for (i = 0; i < (int)NLINES && i < bh - 2; i++)
		ui_put(w, y + 1 + i, x + 2, bw - 4, help_lines[i],
		    i == 0 ? ui_attr(v, UI_C_TITLE) : A_NORMAL);
}

const struct ui_pane ui_pane_help = {
	"help",
	help_draw,
	NULL,
};
