/*
 * ui_help.c: the key help overlay shown by '?'.
 *
 * A framed box centred over the panes; ui.c closes it on any key (the
 * key is consumed), so it needs no key handler. Main thread.
 */
#include "config.h"

#include <string.h>

#include "ui_int.h"

static const char *const help_lines[] = {
	"tlsmatrix keys",
	"",
	"arrows, hjkl    move the selected cell; left of the",
	"                first profile, the address: what",
	"                that server accepts",
	"PgUp, PgDn      page up and down",
	"Home, End       first or last cell",
	"Enter, Tab      focus the detail pane",
	"  arrows, PgDn  scroll the detail",
	"  Esc, Tab      back to the matrix",
	"r               re-probe the cell, or re-scan the address",
	"R               resolve the name again now",
	"^L              repaint the screen",
	"?               this help",
	"q               quit",
	"",
	"any key closes this help",
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
