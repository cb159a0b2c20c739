/*
 * ui_input.c: what the keys and the mouse do in the TUI: the key map
 * (ui_dispatch_key), the prompts (search, export file name), the wheel,
 * the profile picker and the actions on the scheduler (ui_apply_action:
 * re-probes, pause, resolve now, sort, compare). Handlers change the view
 * and return what should happen; they never draw (ui.c paints). Main
 * thread only.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "app.h"
#include "clock.h"
#include "findings.h"
#include "fmt.h"
#include "layout.h"
#include "trace.h"
#include "ui.h"
#include "ui_int.h"
#include "xmem.h"

static const struct options	*ui_opts;
static ui_export_fn		 ui_exporter;

void
ui_set_exporter(ui_export_fn fn)
{
	ui_exporter = fn;
}

void
ui_input_options(const struct options *o)
{
	ui_opts = o;
}

/*
 * Moves to the next address or profile id that contains v->search,
 * after the current one: addresses first (selecting the address), then
 * profiles (selecting the column header). Wraps around.
 */
static void
search_next(struct view *v)
{
	const struct model_row	*r;
	const struct profile	*p;
	size_t			 n = v->n_vrows + v->n_vcols, cur, k, i;

	if (v->search[0] == '\0')
		return;
	if (v->sel_hdr)
		cur = v->n_vrows + v->sel_col;
	else if (v->sel_addr)
		cur = v->sel_row;
	else
		cur = n > 0 ? n - 1 : 0;	/* from the top */
	for (k = 1; k <= n; k++) {
		i = (cur + k) % n;
		if (i < v->n_vrows) {
			r = model_row(v->m, ui_mrow(v, i));
			if (r != NULL && (ui_contains(r->text, v->search) ||
			    ui_contains(r->label, v->search))) {
				v->sel_row = i;
				v->sel_addr = true;
				v->sel_hdr = false;
				break;
			}
		} else {
			p = model_col(v->m, ui_mcol(v, i - v->n_vrows));
			if (p != NULL && p->id != NULL &&
			    ui_contains(p->id, v->search)) {
				v->sel_col = i - v->n_vrows;
				v->sel_hdr = true;
				v->sel_addr = false;
				break;
			}
		}
	}
	v->detail_top = 0;
	if (k > n) {
		snprintf(v->msg, sizeof v->msg, "no match for \"%.64s\"",
		    v->search);
		v->msg_error = true;
	}
}

/* tlsmatrix-HOST-YYYYmmdd-HHMMSS.txt, in the current directory. */
static void
default_export_name(const struct view *v, char *buf, size_t len)
{
	char		 host[128], stamp[32];
	const char	*h = model_host(v->m), *ext = "txt";
	size_t		 i;
	time_t		 now = time(NULL);
	struct tm	 tm;

	for (i = 0; h != NULL && h[i] != '\0' && i + 1 < sizeof host; i++)
		host[i] = isalnum((unsigned char)h[i]) || h[i] == '.' ||
		    h[i] == '-' ? h[i] : '_';
	host[i] = '\0';
	if (localtime_r(&now, &tm) == NULL ||
	    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm) == 0)
		snprintf(stamp, sizeof stamp, "%lld", (long long)now);
	switch (ui_opts != NULL ? ui_opts->format : OUTPUT_TEXT) {
	case OUTPUT_JSON:
		ext = "json";
		break;
	case OUTPUT_MD:
		ext = "md";
		break;
	case OUTPUT_JSONL:
		ext = "jsonl";
		break;
	case OUTPUT_CSV:
		ext = "csv";
		break;
	case OUTPUT_HTML:
		ext = "html";
		break;
	default:
		break;
	}
	snprintf(buf, len, "tlsmatrix-%s-%s.%s", host, stamp, ext);
}

/*
 * Writes what the view shows to path: without the columns the picker
 * removed (their results stay in the model, the snapshot leaves them
 * out). The filter (f) is a way of looking, not a choice, and does not
 * narrow the snapshot.
 */
enum status
ui_export_view(const struct view *v, const char *path, char *err, size_t len)
{
	struct model	*shown = NULL;
	enum status	 st;
	size_t		 i;

	if (ui_exporter == NULL || ui_opts == NULL) {
		snprintf(err, len, "export is not available here");
		return (ST_EUNSUPPORTED);
	}
	for (i = 0; i < v->n_hidden && i < model_cols(v->m); i++)
		if (v->hidden[i])
			break;
	if (i < v->n_hidden && i < model_cols(v->m)) {
		bool	*keep = xcalloc(v->n_hidden, sizeof *keep);

		for (i = 0; i < v->n_hidden; i++)
			keep[i] = !v->hidden[i];
		shown = model_copy(v->m, keep, v->n_hidden);
		free(keep);
	}
	st = ui_exporter(shown != NULL ? shown : v->m, ui_opts, path, err,
	    len);
	model_free(shown);
	return (st);
}

/* Writes the snapshot to the typed path; the result in the status line. */
static void
do_export(struct view *v)
{
	char	err[512];

	if (ui_export_view(v, v->input, err, sizeof err) != ST_OK) {
		fmt_sanitize(err, v->msg, sizeof v->msg, v->utf8);
		v->msg_error = true;
	} else {
		snprintf(v->msg, sizeof v->msg, "wrote %.400s", v->input);
		fmt_sanitize(v->msg, err, sizeof err, v->utf8);
		snprintf(v->msg, sizeof v->msg, "%s", err);
		v->msg_error = false;
	}
}

/* Keys while a prompt is open: edit the line, Enter acts, Esc cancels. */
static enum ui_action
prompt_key(struct view *v, int ch)
{
	size_t	n = strlen(v->input);

	switch (ch) {
	case 27:
		v->prompt = PROMPT_NONE;
		return (UI_REDRAW);
	case '\r':
	case '\n':
	case KEY_ENTER:
		if (v->prompt == PROMPT_SEARCH) {
			snprintf(v->search, sizeof v->search, "%s", v->input);
			v->prompt = PROMPT_NONE;
			search_next(v);
		} else {
			v->prompt = PROMPT_NONE;
			if (n == 0) {
				snprintf(v->msg, sizeof v->msg,
				    "export: no file name");
				v->msg_error = true;
			} else
				do_export(v);
		}
		return (UI_REDRAW);
	case KEY_BACKSPACE:
	case 127:
	case 8:
		/* Back over one whole UTF-8 character. */
		while (n > 0 && ((unsigned char)v->input[n - 1] & 0xc0) ==
		    0x80)
			n--;
		if (n > 0)
			n--;
		v->input[n] = '\0';
		return (UI_REDRAW);
	case 'U' & 0x1f:	/* ^U: erase the line */
		v->input[0] = '\0';
		return (UI_REDRAW);
	}
	if (ch >= 0x20 && ch <= 0xff && ch != 0x7f && n + 1 < sizeof v->input) {
		v->input[n] = (char)ch;
		v->input[n + 1] = '\0';
	}
	return (UI_REDRAW);
}

/* The wheel scrolls what is under it: the compare view, the detail
 * pane, or the matrix (three rows a notch, the selection along). */
static enum ui_action
wheel(struct view *v, const MEVENT *ev)
{
	const struct rect	*dr = &v->lay.detail;
	bool			 up = (ev->bstate & BUTTON4_PRESSED) != 0;
	size_t			 i;

	if (v->compare) {
		for (i = 0; i < 3; i++)
			(void)ui_scroll_key(up ? KEY_UP : KEY_DOWN,
			    &v->cmp_top, v->cmp_max_top, v->cmp_page);
		return (UI_REDRAW);
	}
	if (ev->x >= dr->x && ev->x < dr->x + dr->w && ev->y >= dr->y &&
	    ev->y < dr->y + dr->h) {
		for (i = 0; i < 3; i++)
			(void)ui_scroll_key(up ? KEY_UP : KEY_DOWN,
			    &v->detail_top, v->detail_max_top,
			    v->detail_page);
		return (UI_REDRAW);
	}
	if (v->n_vrows == 0)
		return (UI_NONE);
	if (up) {
		v->sel_row = v->sel_row > 3 ? v->sel_row - 3 : 0;
		v->top_row = v->top_row > 3 ? v->top_row - 3 : 0;
	} else {
		v->sel_row = v->sel_row + 3 < v->n_vrows ? v->sel_row + 3 :
		    v->n_vrows - 1;
		v->top_row += 3;
		if (v->top_row + v->lay.vis_rows > v->n_vrows)
			v->top_row = v->n_vrows > v->lay.vis_rows ?
			    v->n_vrows - v->lay.vis_rows : 0;
	}
	if (v->sel_row < v->top_row)
		v->sel_row = v->top_row;
	if (v->lay.vis_rows > 0 && v->sel_row >= v->top_row +
	    v->lay.vis_rows)
		v->sel_row = v->top_row + v->lay.vis_rows - 1;
	v->sel_hdr = false;
	v->detail_top = 0;
	return (UI_REDRAW);
}

/* A mouse click selects what is under it: a cell, an address, a
 * profile header, or focuses the detail pane. */
static enum ui_action
mouse_key(struct view *v)
{
	const struct rect	*mr = &v->lay.matrix, *ar = &v->lay.addrs;
	const struct rect	*dr = &v->lay.detail;
	MEVENT			 ev;
	size_t			 r, c;

	if (getmouse(&ev) != OK || v->lay.too_small || !v->mouse)
		return (UI_NONE);
	if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED))
		return (wheel(v, &ev));
	if (v->compare)		/* nothing to click under the compare view */
		return (UI_NONE);
	if (!(ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED |
	    BUTTON1_RELEASED)))
		return (UI_NONE);
	if (ev.x >= dr->x && ev.x < dr->x + dr->w && ev.y >= dr->y &&
	    ev.y < dr->y + dr->h)
		return (UI_FOCUS_DETAIL);
	if (ev.y < mr->y || ev.y >= mr->y + mr->h)
		return (UI_NONE);
	r = v->top_row + (size_t)(ev.y - mr->y - 1);
	if (ev.x >= ar->x && ev.x < ar->x + ar->w) {
		if (ev.y == mr->y || r >= v->n_vrows)
			return (UI_NONE);
		v->sel_row = r;
		v->sel_addr = true;
		v->sel_hdr = false;
	} else if (ev.x >= mr->x && ev.x < mr->x + mr->w && v->lay.col_w > 0) {
		c = v->left_col + (size_t)((ev.x - mr->x) / v->lay.col_w);
		if (c >= v->n_vcols)
			return (UI_NONE);
		if (ev.y == mr->y) {
			v->sel_hdr = true;
		} else {
			if (r >= v->n_vrows)
				return (UI_NONE);
			v->sel_row = r;
			v->sel_hdr = false;
		}
		v->sel_col = c;
		v->sel_addr = false;
	} else
		return (UI_NONE);
	v->detail_top = 0;
	v->focus = FOCUS_MATRIX;
	return (UI_REDRAW);
}

/* Routes a key: the help overlay eats any key, then the picker and a
 * prompt, then globals, then the focused pane. */
enum ui_action
ui_dispatch_key(struct view *v, int ch)
{
	const struct ui_pane	*p;
	enum ui_action		 act;

	if (v->help)
		return (UI_HELP);
	if (v->picker)
		return (ui_pane_picker.key(v, ch));
	if (v->prompt != PROMPT_NONE)
		return (prompt_key(v, ch));
	if (v->compare && ch != KEY_MOUSE)
		return (ui_pane_compare.key(v, ch));
	v->msg[0] = '\0';
	switch (ch) {
	case 'q':
	case 'Q':
		return (UI_QUIT);
	case '?':
		return (UI_HELP);
	case 'r':
		return (UI_REPROBE);
	case 'a':
		return (UI_REPROBE_ALL);
	case 't':
		return (UI_REPEAT);
	case 'R':
		return (UI_RESOLVE);
	case 'p':
		return (UI_PAUSE);
	case 'f':
		return (UI_FILTER);
	case '/':
		return (UI_SEARCH);
	case 'n':
		return (UI_SEARCH_NEXT);
	case 'e':
		return (UI_EXPORT);
	case 'P':
		return (UI_PICKER);
	case 'c':
		return (UI_COMPACT);
	case 'm':
		return (UI_MARK);
	case 'o':
		return (UI_SORT_COLS);
	case 'O':
		return (UI_SORT_ROWS);
	case KEY_MOUSE:
		return (mouse_key(v));
	case 'L' & 0x1f:	/* ^L: repaint from scratch */
		clearok(curscr, TRUE);
		return (UI_REDRAW);
	}
	p = v->focus == FOCUS_DETAIL ? &ui_pane_detail : &ui_pane_matrix;
	act = p->key != NULL ? p->key(v, ch) : UI_NONE;
	/* Enter on a cell other than the marked one compares the two. */
	if (act == UI_FOCUS_DETAIL && v->focus == FOCUS_MATRIX &&
	    v->marked && !v->sel_addr && !v->sel_hdr &&
	    (ui_mrow(v, v->sel_row) != v->mark_row ||
	    ui_mcol(v, v->sel_col) != v->mark_col))
		act = UI_COMPARE;
	return (act);
}

/* r: the selected cell, or the whole row when the address is selected,
 * or the whole column when its header is. */
static void
reprobe_selection(struct view *v, struct app *a)
{
	size_t	r = ui_mrow(v, v->sel_row), c = ui_mcol(v, v->sel_col);

	if (v->sel_hdr && c != SIZE_MAX) {
		app_reprobe_col(a, c);
		snprintf(v->msg, sizeof v->msg, "re-probing the column");
	} else if (v->sel_addr && r != SIZE_MAX) {
		app_reprobe_row(a, r);
		snprintf(v->msg, sizeof v->msg, "re-probing the row");
	} else if (r != SIZE_MAX && c != SIZE_MAX)
		app_reprobe(a, r, c);
	else
		return;
	v->msg_error = false;
	v->done_ms = 0;
	v->detail_top = 0;
}

/* Opens the picker with the shown columns ticked. */
static void
open_picker(struct view *v)
{
	size_t	i, c;

	if (v->n_all == 0) {
		snprintf(v->msg, sizeof v->msg, "no profiles to pick from");
		v->msg_error = true;
		return;
	}
	for (i = 0; i < v->n_all; i++) {
		v->pick[i] = false;
		for (c = 0; c < model_cols(v->m); c++)
			if (model_col(v->m, c) == v->all[i] &&
			    (c >= v->n_hidden || !v->hidden[c]))
				v->pick[i] = true;
	}
	v->pick_query[0] = '\0';
	v->pick_sel = v->pick_top = 0;
	v->picker = true;
}

/* Enter in the picker: new columns are added and probed at once; the
 * ones no longer chosen are hidden (their results stay). */
static void
apply_picker(struct view *v, struct app *a)
{
	size_t	i, c, added = 0, nc;
	bool	found;

	for (i = 0; i < v->n_all; i++) {
		found = false;
		nc = model_cols(v->m);
		for (c = 0; c < nc; c++) {
			if (model_col(v->m, c) != v->all[i])
				continue;
			found = true;
			if (c < v->n_hidden)
				v->hidden[c] = !v->pick[i];
		}
		if (!found && v->pick[i]) {
			app_add_column(a, v->all[i]);
			added++;
		}
	}
	v->picker = false;
	v->done_ms = 0;
	snprintf(v->msg, sizeof v->msg, "%zu profile%s added", added,
	    added == 1 ? "" : "s");
	v->msg_error = false;
}

/* m: marks the selected cell for a comparison, or unmarks it. */
static void
mark_cell(struct view *v)
{
	size_t	r = ui_mrow(v, v->sel_row), c = ui_mcol(v, v->sel_col);

	v->msg_error = false;
	if (v->sel_addr || v->sel_hdr || r == SIZE_MAX || c == SIZE_MAX) {
		snprintf(v->msg, sizeof v->msg, "m marks a cell, not an "
		    "address or a profile");
		v->msg_error = true;
	} else if (v->marked && v->mark_row == r && v->mark_col == c) {
		v->marked = false;
		snprintf(v->msg, sizeof v->msg, "mark removed");
	} else {
		v->marked = true;
		v->mark_row = r;
		v->mark_col = c;
		snprintf(v->msg, sizeof v->msg, "marked; Enter on another "
		    "cell compares the two (m again unmarks)");
	}
}

/* The cell under the cursor, probed again and again: an address hiding
 * several backends shows k/N ok. */
static void
repeat_cell(struct view *v, struct app *a)
{
	if (v->sel_addr || v->sel_hdr ||
	    ui_mrow(v, v->sel_row) >= model_rows(v->m) ||
	    ui_mcol(v, v->sel_col) >= model_cols(v->m))
		return;
	app_reprobe_n(a, ui_mrow(v, v->sel_row), ui_mcol(v, v->sel_col),
	    UI_REPEAT_N);
	v->done_ms = 0;
	v->detail_top = 0;
	snprintf(v->msg, sizeof v->msg, "probing the cell %d times",
	    UI_REPEAT_N);
	v->msg_error = false;
}

/* Applies what a key asked for; false when the loop should end. */
bool
ui_apply_action(struct view *v, struct app *a, enum ui_action act)
{
	switch (act) {
	case UI_QUIT:
		return (false);
	case UI_HELP:
		v->help = !v->help;
		break;
	case UI_REPROBE:
		reprobe_selection(v, a);
		break;
	case UI_REPEAT:
		repeat_cell(v, a);
		break;
	case UI_REPROBE_ALL:
		app_reprobe_all(a);
		v->done_ms = 0;
		snprintf(v->msg, sizeof v->msg, "re-probing everything");
		v->msg_error = false;
		break;
	case UI_RESOLVE:
		if (app_resolve_now(a))
			v->done_ms = 0;
		break;
	case UI_PAUSE:
		app_set_paused(a, !app_paused(a));
		v->paused = app_paused(a);
		snprintf(v->msg, sizeof v->msg, v->paused ? "probing paused "
		    "(running probes finish; p resumes)" : "probing resumed");
		v->msg_error = false;
		break;
	case UI_FILTER:
		v->filter = !v->filter;
		v->top_row = v->left_col = 0;
		break;
	case UI_SEARCH:
		v->prompt = PROMPT_SEARCH;
		v->input[0] = '\0';
		break;
	case UI_SEARCH_NEXT:
		if (v->search[0] == '\0') {
			snprintf(v->msg, sizeof v->msg, "no search yet: /");
			v->msg_error = true;
		} else
			search_next(v);
		break;
	case UI_EXPORT:
		v->prompt = PROMPT_EXPORT;
		default_export_name(v, v->input, sizeof v->input);
		break;
	case UI_PICKER:
		if (v->picker)
			apply_picker(v, a);
		else
			open_picker(v);
		break;
	case UI_COMPACT:
		/* the other of what is shown; auto until the first c */
		v->cells = v->lay.compact ? LAYOUT_CELLS_FULL :
		    LAYOUT_CELLS_COMPACT;
		snprintf(v->msg, sizeof v->msg, "%s cells (c switches)",
		    v->cells == LAYOUT_CELLS_FULL ? "full" : "compact");
		v->msg_error = false;
		break;
	case UI_MARK:
		mark_cell(v);
		break;
	case UI_COMPARE:
		v->compare = true;
		v->cmp_top = 0;
		break;
	case UI_SORT_COLS:
		v->col_order = (enum ui_col_order)((v->col_order + 1) %
		    COLS_ORDER_N);
		v->left_col = 0;
		break;
	case UI_SORT_ROWS:
		v->row_order = (enum ui_row_order)((v->row_order + 1) %
		    ROWS_ORDER_N);
		v->top_row = 0;
		break;
	case UI_FOCUS_DETAIL:
		v->focus = FOCUS_DETAIL;
		break;
	case UI_FOCUS_MATRIX:
		v->focus = FOCUS_MATRIX;
		break;
	case UI_NONE:
	case UI_REDRAW:
		break;
	}
	return (true);
}

