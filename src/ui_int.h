/*
 * ui_int.h: what the TUI's files share, and the only header that names
 * curses types. Seen by src/ui*.c alone.
 *
 * ui.c owns the terminal and the loop; each pane (ui_status.c,
 * ui_matrix.c, ui_detail.c, ui_help.c) is a struct ui_pane: a draw
 * function that paints from the model and the view state, and a key
 * function that changes the view and returns what should happen next.
 * Panes never call the app and never refresh the screen. Main thread.
 */
#ifndef TLSMATRIX_UI_INT_H
#define TLSMATRIX_UI_INT_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "layout.h"
#include "model.h"

/* What a key asks of the loop (htop's HandlerResult). */
enum ui_action {
	UI_NONE = 0,		/* key not used here */
	UI_REDRAW,		/* view changed: paint now */
	UI_QUIT,
	UI_REPROBE,		/* re-probe the selected cell */
	UI_FOCUS_DETAIL,
	UI_FOCUS_MATRIX,
	UI_HELP,		/* toggle the help overlay */
	UI_RESOLVE,		/* resolve the name again now */
};

enum ui_focus {
	FOCUS_MATRIX = 0,
	FOCUS_DETAIL,
};

/*
 * Colours: name, foreground, attribute without colour. Every meaning is
 * also carried by a glyph or a word, so a monochrome terminal or
 * NO_COLOR loses nothing.
 */
#define UI_COLORS(X) \
	X(UI_C_OK,	COLOR_GREEN,	A_NORMAL) \
	X(UI_C_FAIL,	COLOR_RED,	A_BOLD) \
	X(UI_C_ERROR,	COLOR_YELLOW,	A_BOLD) \
	X(UI_C_PENDING,	COLOR_CYAN,	A_DIM) \
	X(UI_C_TITLE,	COLOR_BLUE,	A_BOLD) \
	X(UI_C_DIM,	-1,		A_DIM)

enum ui_color {
	UI_C_NONE = 0,
#define UI_COLOR_ENUM(name, fg, mono) name,
	UI_COLORS(UI_COLOR_ENUM)
#undef UI_COLOR_ENUM
	UI_C_COUNT
};

struct findings;

/* Everything the panes know: the model, the layout and the view state. */
struct view {
	const struct model	*m;
	struct layout		 lay;

	size_t			 sel_row, sel_col;	/* selected cell */
	bool			 sel_addr;	/* the row's address itself is
						 * selected, not a cell */
	size_t			 top_row, left_col;	/* matrix scroll */
	size_t			 detail_top;		/* first line shown */
	size_t			 detail_max_top;	/* from the last paint */
	int			 detail_page;		/* lines per page */
	enum ui_focus		 focus;
	bool			 help;			/* overlay shown */

	bool			 utf8;		/* UTF-8 glyphs and text */
	bool			 color;
	uint64_t		 now_ms;	/* clock_ms() of this paint */
	const struct findings	*fnd;		/* during a matrix paint */
	uint64_t		 done_ms;	/* when the model completed, or 0 */
};

struct ui_pane {
	const char	*name;
	void		(*draw)(struct view *v, WINDOW *w);
	enum ui_action	(*key)(struct view *v, int ch);	/* may be NULL */
};

extern const struct ui_pane ui_pane_status;	/* header and hint lines */
extern const struct ui_pane ui_pane_matrix;	/* addresses and cells */
extern const struct ui_pane ui_pane_detail;
extern const struct ui_pane ui_pane_help;

/* --- text helpers, ui.c --- */

/* The attribute for a colour slot, honouring the colour setting. */
attr_t	ui_attr(const struct view *v, enum ui_color k);
/* Display width of the first n bytes of s (UTF-8 aware). */
int	ui_width(const char *s, size_t n);
/*
 * Bytes of s (at most n) that fit in maxw columns; *cols gets their
 * width. Never splits a character.
 */
size_t	ui_fit(const char *s, size_t n, int maxw, int *cols);
/* Writes at most maxw columns of s at y,x with attr; returns the width. */
int	ui_put(WINDOW *w, int y, int x, int maxw, const char *s, attr_t attr);
/* Fills w columns at y,x with blanks under attr. */
void	ui_blank(WINDOW *w, int y, int x, int width, attr_t attr);
/* Line-drawing characters that stay ASCII when v->utf8 is false. */
void	ui_hline(const struct view *v, WINDOW *w, int y, int x, int n);
void	ui_vline(const struct view *v, WINDOW *w, int y, int x, int n);

/* Clamps the selection to the model and scrolls it into view. */
void	ui_clamp_selection(struct view *v);

#endif
