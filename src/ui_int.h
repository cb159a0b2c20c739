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
	UI_REPROBE_ALL,		/* a: every cell again */
	UI_REPEAT,		/* t: the selected cell UI_REPEAT_N times */
	UI_PAUSE,		/* p: stop or resume submitting probes */
	UI_FILTER,		/* f: only what disagrees */
	UI_SEARCH,		/* /: prompt for a substring */
	UI_SEARCH_NEXT,		/* n: the next match */
	UI_EXPORT,		/* e: prompt for a file name */
	UI_PICKER,		/* P: the profile picker */
	UI_COMPACT,		/* c: compact or full cells */
	UI_MARK,		/* m: mark the cell to compare with */
	UI_COMPARE,		/* Enter with a mark: the compare view */
	UI_SORT_COLS,		/* o: column order */
	UI_SORT_ROWS,		/* O: row order */
};

/* Orders of the shown columns and rows (o, O). */
enum ui_col_order {
	COLS_GIVEN = 0,		/* as the profiles were given */
	COLS_FAILURES,		/* most failed cells first */
	COLS_FAMILY,		/* grouped by family (python, java, ...) */
	COLS_ORDER_N,
};

enum ui_row_order {
	ROWS_GIVEN = 0,		/* as the addresses were resolved */
	ROWS_ADDRESS,		/* by address, IPv4 before IPv6 */
	ROWS_RESULT,		/* most failed cells first */
	ROWS_ORDER_N,
};

enum ui_focus {
	FOCUS_MATRIX = 0,
	FOCUS_DETAIL,
};

/* The one-line prompt in the hint line: search or export. */
enum ui_prompt {
	PROMPT_NONE = 0,
	PROMPT_SEARCH,
	PROMPT_EXPORT,
};

#define UI_PROMPT_MAX	1024	/* bytes typed into a prompt */
#define UI_MSG_MAX	512	/* the status message */

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

/* Probes of one cell for t: enough for a load balancer's backends to show. */
#define UI_REPEAT_N	10

struct findings;

/* Everything the panes know: the model, the layout and the view state. */
struct view {
	const struct model	*m;
	struct layout		 lay;

	/*
	 * The selection and the scroll are positions among the shown rows
	 * and columns (rmap, cmap: model indices), which the filter and the
	 * picker may thin out. ui_mrow/ui_mcol translate.
	 */
	size_t			 sel_row, sel_col;	/* selected cell */
	bool			 sel_addr;	/* the row's address itself is
						 * selected, not a cell */
	bool			 sel_hdr;	/* the column's profile header
						 * is selected (above row 0) */
	size_t			*rmap, n_vrows;	/* shown rows */
	size_t			*cmap, n_vcols;	/* shown columns */
	bool			*hidden;	/* per model column: picker */
	size_t			 n_hidden;	/* entries in hidden */
	bool			 filter;	/* only what disagrees */
	bool			 filter_empty;	/* nothing disagreed */
	bool			 paused;	/* probing paused (p) */

	enum ui_prompt		 prompt;
	char			 input[UI_PROMPT_MAX];	/* the prompt's text */
	char			 search[UI_PROMPT_MAX];	/* the last search */
	char			 msg[UI_MSG_MAX];	/* status message */
	bool			 msg_error;

	/* The profile picker (P): every loaded profile. */
	bool			 picker;
	const struct profile *const *all;
	size_t			 n_all;
	bool			*pick;		/* per all[]: chosen */
	size_t			 pick_sel;	/* among the matches */
	size_t			 pick_top;
	char			 pick_query[64];
	size_t			 top_row, left_col;	/* matrix scroll */
	size_t			 detail_top;		/* first line shown */
	size_t			 detail_max_top;	/* from the last paint */
	int			 detail_page;		/* lines per page */
	enum ui_focus		 focus;
	bool			 help;			/* overlay shown */
	enum layout_cells	 cells;		/* c: auto, full, compact */
	enum ui_col_order	 col_order;	/* o */
	enum ui_row_order	 row_order;	/* O */
	bool			 mouse;		/* clicks and wheel (not
						 * --no-mouse) */

	/* m marks a cell (model indices); Enter on another opens the
	 * compare view of the two, which scrolls like the detail pane. */
	bool			 marked;
	size_t			 mark_row, mark_col;
	bool			 compare;
	size_t			 cmp_top, cmp_max_top;
	int			 cmp_page;

	bool			 utf8;		/* UTF-8 glyphs and text */
	bool			 color;
	uint64_t		 now_ms;	/* clock_ms() of this paint */
	const struct findings	*fnd;		/* during a matrix paint */
	uint64_t		 done_ms;	/* when the model completed, or 0 */
	bool			 cell_shown;	/* a finished cell was painted */
	bool			 complete_shown; /* the whole matrix was */
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
extern const struct ui_pane ui_pane_picker;	/* P overlay */
extern const struct ui_pane ui_pane_compare;	/* two cells side by side */

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
/* Model index of shown row or column i; SIZE_MAX when there is none. */
size_t	ui_mrow(const struct view *v, size_t i);
size_t	ui_mcol(const struct view *v, size_t i);
/* Rebuilds rmap and cmap (filter, hidden columns) keeping the selection
 * on the same model cell where it is still shown. */
void	ui_build_maps(struct view *v, const struct findings *f);

/* --- the detail pane, ui_detail.c --- */
/* Splits text into lines wrapped to width columns at spaces; returns how
 * many of max were filled. Each is p[0..len) shown after indent blanks. */
struct ui_seg {
	const char	*p;
	size_t		 len;
	int		 indent;
};
size_t	ui_wrap(const char *text, int width, struct ui_seg *segs,
	    size_t max);
/* Appends printf output to buf (len bytes, used so far in *used). */
void	ui_appendf(char *buf, size_t len, size_t *used, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));
/* fmt_sanitize each line of in (changed) into out, keeping the breaks. */
void	ui_sanitize_lines(char *in, char *out, size_t len, bool utf8);
/* Scroll keys shared by the detail pane and the compare view: *top
 * within 0..max_top, page lines per page. UI_NONE for other keys. */
enum ui_action ui_scroll_key(int ch, size_t *top, size_t max_top,
	    int page);

/* --- the picker, ui_picker.c --- */
/* True if all[i] matches the picker's query (substring of id, name,
 * family). */
bool	ui_picker_match(const struct view *v, size_t i);
/* Case-insensitive substring; an empty needle is in every string, none
 * in NULL. */
bool	ui_contains(const char *hay, const char *needle);

/* --- the terminal check, ui_term.c --- */
/* True if $TERM is known and can address the cursor; otherwise why says
 * what is missing ("terminal 'dumb' cannot move the cursor"). */
bool	ui_term_usable(char *why, size_t len);

struct app;
struct options;

/* ui_input.c: the options the export prompt uses (ui_run sets them), a
 * key to an action, and the action applied (false: quit); writes what
 * is on screen to path (the e prompt and -o at exit). */
void	ui_input_options(const struct options *o);
enum ui_action ui_dispatch_key(struct view *v, int ch);
bool	ui_apply_action(struct view *v, struct app *a, enum ui_action act);
enum status ui_export_view(const struct view *v, const char *path,
	    char *err, size_t len);

#endif
