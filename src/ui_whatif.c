/*
 * ui_whatif.c: the fix preview in the TUI (w, issue #16).
 *
 * w on an address (or on a cell: its address) opens an editor prefilled
 * with what the enumeration found, written as nginx directives
 * (whatif_nginx_lines); W, or w on a profile header, opens it for every
 * address, prefilled from the selected one. While it is open the matrix
 * shows the predicted cells (whatif_view_predict over the measured
 * model, again at each paint, so results that come in are used), each
 * marked, with "n fixed, m broken" in the editor's frame; every edit is
 * parsed again, and a spec that does not parse keeps the last good one
 * with its error shown. Esc closes it and the measured matrix returns.
 * ui.c calls ui_whatif_open, _key, _update and _close and draws
 * ui_pane_whatif. Main thread.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_int.h"
#include "whatif_view.h"
#include "xmem.h"

#define WI_TEXT_MAX	4096

struct ui_whatif {
	const struct model	*measured;	/* the app's model */
	size_t			 row;		/* SIZE_MAX: every address */
	char			 text[WI_TEXT_MAX];
	size_t			 len, cur;	/* bytes, cursor */
	struct whatif_spec	*spec;		/* the last spec that parsed */
	bool			 have_spec;
	char			 err[512];	/* why the text does not parse */
	struct whatif_outcome	 out;
	bool			 have_out;
};

static void
reparse(struct ui_whatif *s)
{
	struct whatif_spec *t = xcalloc(1, sizeof *t);
	char err[512];

	if (whatif_spec_parse(s->text, s->len, t, err, sizeof err) == ST_OK) {
		free(s->spec);
		s->spec = t;
		s->have_spec = true;
		s->err[0] = '\0';
	} else {
		snprintf(s->err, sizeof s->err, "%s", err);
		free(t);
	}
}

bool
ui_whatif_open(struct view *v, bool every)
{
	struct ui_whatif *s;
	size_t r = ui_mrow(v, v->sel_row);
	const struct model_row *rw;

	if (v->whatif != NULL || r == SIZE_MAX || r >= model_rows(v->m))
		return false;
	rw = model_row(v->m, r);
	if (rw->server == NULL || !rw->server->done ||
	    rw->server->error_reason != REASON_NONE) {
		snprintf(v->msg, sizeof v->msg, "what-if: %s has no usable "
		    "enumeration yet", rw->text);
		v->msg_error = true;
		return false;
	}
	s = xcalloc(1, sizeof *s);
	s->measured = v->m;
	s->row = every || v->sel_hdr ? SIZE_MAX : r;
	whatif_nginx_lines(rw->server, s->text, sizeof s->text);
	s->len = s->cur = strlen(s->text);
	reparse(s);
	v->whatif = s;
	return true;
}

void
ui_whatif_close(struct view *v)
{
	struct ui_whatif *s = v->whatif;

	if (s == NULL)
		return;
	v->m = s->measured;
	whatif_outcome_cleanup(&s->out);
	free(s->spec);
	free(s);
	v->whatif = NULL;
}

void
ui_whatif_update(struct view *v)
{
	struct ui_whatif *s = v->whatif;
	const struct whatif_spec **specs;
	size_t r, nr;

	if (s == NULL)
		return;
	v->m = s->measured;
	if (s->have_out)
		whatif_outcome_cleanup(&s->out);
	s->have_out = false;
	if (!s->have_spec)
		return;
	nr = model_rows(s->measured);
	specs = xcalloc(nr + 1, sizeof *specs);
	for (r = 0; r < nr; r++)
		if (s->row == SIZE_MAX || s->row == r)
			specs[r] = s->spec;
	whatif_view_predict(s->measured, specs, nr, s->spec->text, NULL,
	    &s->out);
	free(specs);
	s->have_out = true;
	if (s->out.predicted != NULL)
		v->m = s->out.predicted;
}

/* The start of the line holding byte i, and its end. */
static size_t
line_start(const struct ui_whatif *s, size_t i)
{
	while (i > 0 && s->text[i - 1] != '\n')
		i--;
	return i;
}

static size_t
line_end(const struct ui_whatif *s, size_t i)
{
	while (i < s->len && s->text[i] != '\n')
		i++;
	return i;
}

static void
delete_at_cursor(struct ui_whatif *s)
{
	if (s->cur >= s->len)
		return;
	memmove(s->text + s->cur, s->text + s->cur + 1, s->len - s->cur - 1);
	s->text[--s->len] = '\0';
	reparse(s);
}

enum ui_action
ui_whatif_key(struct view *v, int ch)
{
	struct ui_whatif *s = v->whatif;
	size_t st, col;

	switch (ch) {
	case 27:	/* Esc: the measured matrix again */
		ui_whatif_close(v);
		return UI_REDRAW;
	case KEY_LEFT:
		if (s->cur > 0)
			s->cur--;
		return UI_REDRAW;
	case KEY_RIGHT:
		if (s->cur < s->len)
			s->cur++;
		return UI_REDRAW;
	case KEY_HOME:
		s->cur = line_start(s, s->cur);
		return UI_REDRAW;
	case KEY_END:
		s->cur = line_end(s, s->cur);
		return UI_REDRAW;
	case KEY_UP:
	case KEY_DOWN:
		st = line_start(s, s->cur);
		col = s->cur - st;
		if (ch == KEY_UP) {
			if (st == 0)
				return UI_REDRAW;
			st = line_start(s, st - 1);
		} else {
			st = line_end(s, s->cur);
			if (st >= s->len)
				return UI_REDRAW;
			st++;
		}
		s->cur = st + col < line_end(s, st) ? st + col :
		    line_end(s, st);
		return UI_REDRAW;
	case KEY_BACKSPACE:
	case 127:
	case 8:
		if (s->cur > 0) {
			s->cur--;
			delete_at_cursor(s);
		}
		return UI_REDRAW;
	case KEY_DC:
		delete_at_cursor(s);
		return UI_REDRAW;
	case '\n':
	case '\r':
	case KEY_ENTER:
		ch = '\n';
		break;
	default:
		if (ch < 0x20 || ch > 0x7e)
			return UI_REDRAW;	/* the editor eats every key */
		break;
	}
	if (s->len + 1 >= sizeof s->text)
		return UI_REDRAW;
	memmove(s->text + s->cur + 1, s->text + s->cur, s->len - s->cur);
	s->text[s->cur++] = (char)ch;
	s->text[++s->len] = '\0';
	reparse(s);
	return UI_REDRAW;
}

/* The editor: over the detail pane, or the lower half when there is
 * none. The frame says what the matrix shows. */
static void
whatif_draw(struct view *v, WINDOW *w)
{
	struct ui_whatif *s = v->whatif;
	struct rect r = v->lay.detail;
	char title[256];
	size_t i, line = 0, st;
	int y, cy = -1, cx = 0, top = 0;

	if (s == NULL)
		return;
	if (r.w < 40 || r.h < 6) {
		r.x = 0;
		r.w = COLS;
		r.h = LINES / 2;
		r.y = LINES - r.h - 1;
	}
	for (y = 0; y < r.h; y++)
		ui_blank(w, r.y + y, r.x, r.w, A_NORMAL);
	ui_hline(v, w, r.y, r.x, r.w);
	if (s->have_out)
		snprintf(title, sizeof title, " WHAT-IF %s: %zu fixed, %zu "
		    "broken, %zu uncertain; cells marked %s are predicted ",
		    s->row == SIZE_MAX ? "(every address)" :
		    model_row(s->measured, s->row)->text, s->out.fixed,
		    s->out.broken, s->out.uncertain, v->utf8 ? "\xe2\x89\x88" :
		    "?");
	else
		snprintf(title, sizeof title, " WHAT-IF: no spec parses yet ");
	ui_put(w, r.y, r.x + 1, r.w - 2, title, ui_attr(v, s->out.broken > 0 ?
	    UI_C_FAIL : UI_C_TITLE) | A_BOLD);
	/* which line holds the cursor: scroll so it shows */
	for (i = 0; i < s->cur; i++)
		if (s->text[i] == '\n')
			line++;
	if ((int)line >= r.h - 3)
		top = (int)line - (r.h - 4);
	st = 0;
	line = 0;
	for (i = 0; i <= s->len; i++) {
		char one[512];
		size_t n;

		if (i < s->len && s->text[i] != '\n')
			continue;
		y = (int)line - top;
		n = i - st < sizeof one - 1 ? i - st : sizeof one - 1;
		memcpy(one, s->text + st, n);
		one[n] = '\0';
		if (y >= 0 && y < r.h - 3)
			ui_put(w, r.y + 1 + y, r.x + 1, r.w - 2, one,
			    A_NORMAL);
		if (s->cur >= st && s->cur <= i && cy < 0) {
			cy = y;
			cx = ui_width(s->text + st, s->cur - st);
		}
		line++;
		st = i + 1;
	}
	if (cy >= 0 && cy < r.h - 3 && cx < r.w - 2)
		mvwchgat(w, r.y + 1 + cy, r.x + 1 + cx, 1, A_REVERSE, 0,
		    NULL);
	ui_put(w, r.y + r.h - 2, r.x + 1, r.w - 2, s->err[0] != '\0' ?
	    s->err : "edit the directives (nginx, Apache or HAProxy); Esc "
	    "returns to the measured matrix", s->err[0] != '\0' ?
	    ui_attr(v, UI_C_FAIL) : ui_attr(v, UI_C_DIM));
}

const struct ui_pane ui_pane_whatif = {
	"whatif",
	whatif_draw,
	ui_whatif_key,
};
