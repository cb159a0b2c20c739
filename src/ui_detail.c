/*
 * ui_detail.c: the detail pane for the selected cell.
 *
 * Shows fmt_cell_detail() (already sanitized) wrapped to the pane's width,
 * under a title naming the address and the profile, and scrolls when the
 * pane has the focus. The pane sits right of the matrix or below it, as
 * the layout decides. Main thread, called from ui.c.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "ui_int.h"

#define DETAIL_BUF	16384	/* fmt_cell_detail output, truncated there */
#define DETAIL_SEGS	1024	/* wrapped lines kept; more are cut */
#define WRAP_INDENT	2	/* continuation lines are indented */

struct seg {
	const char	*p;
	size_t		 len;
	int		 indent;
};

/* Splits text at '\n' and wraps each line to width columns at spaces. */
static size_t
wrap(const char *text, int width, struct seg *segs, size_t max)
{
	const char	*p = text, *nl;
	size_t		 n, fit, brk, skip, i, nseg = 0;
	int		 indent, avail;
	bool		 first;

	if (width <= WRAP_INDENT)
		return (0);
	while (*p != '\0' && nseg < max) {
		nl = strchr(p, '\n');
		n = nl != NULL ? (size_t)(nl - p) : strlen(p);
		first = true;
		do {
			indent = first ? 0 : WRAP_INDENT;
			avail = width - indent;
			fit = ui_fit(p, n, avail, NULL);
			if (fit == 0 && n > 0)	/* a wide char in 1 column */
				fit = ui_fit(p, n, 2, NULL);
			if (fit == 0 && n > 0)
				fit = 1;
			brk = fit;
			skip = 0;
			if (fit < n) {
				/* Break at the last space that fits. */
				for (i = fit; i > 0; i--)
					if (p[i] == ' ')
						break;
				if (i > 0) {
					brk = i;
					skip = 1;
				}
			}
			segs[nseg].p = p;
			segs[nseg].len = brk;
			segs[nseg].indent = indent;
			nseg++;
			p += brk + skip;
			n -= brk + skip;
			first = false;
		} while (n > 0 && nseg < max);
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	return (nseg);
}

static void
detail_draw(struct view *v, WINDOW *w)
{
	const struct rect	*d = &v->lay.detail;
	const struct model_row	*row;
	const struct profile	*p;
	const struct seg	*s;
	static char		 buf[DETAIL_BUF];
	static struct seg	 segs[DETAIL_SEGS];
	char			 title[512], id[256], line[DETAIL_BUF];
	size_t			 nseg, i;
	int			 x, y, cw, ch, tx;
	attr_t			 ta;

	if (d->w <= 0 || d->h <= 0)
		return;
	if (v->lay.detail_right) {
		ui_vline(v, w, d->y, d->x, d->h);
		x = d->x + 2;
		cw = d->w - 3;
		tx = x;
	} else {
		ui_hline(v, w, d->y, d->x, d->w);
		x = d->x + 1;
		cw = d->w - 2;
		tx = d->x + 2;
	}
	y = d->y + 1;
	ch = d->h - 1;
	v->detail_page = ch > 1 ? ch - 1 : 1;

	if (v->sel_row >= model_rows(v->m) || v->sel_col >= model_cols(v->m)) {
		v->detail_max_top = 0;
		ui_put(w, d->y, tx, cw, " detail ", ui_attr(v, UI_C_TITLE));
		return;
	}
	row = model_row(v->m, v->sel_row);
	if (v->sel_addr) {
		/* the address itself: what this server accepts */
		snprintf(id, sizeof id, "server");
		fmt_server_detail(v->m, v->sel_row, v->utf8, buf, sizeof buf);
	} else {
		p = model_col(v->m, v->sel_col);
		fmt_sanitize(p != NULL && p->id != NULL ? p->id : "?", id,
		    sizeof id, v->utf8);
		fmt_cell_detail_mode(v->m, v->sel_row, v->sel_col, v->utf8,
		    buf, sizeof buf);
	}
	nseg = wrap(buf, cw, segs, DETAIL_SEGS);

	v->detail_max_top = nseg > (size_t)ch ? nseg - (size_t)ch : 0;
	if (v->detail_top > v->detail_max_top)
		v->detail_top = v->detail_max_top;
	if (nseg > (size_t)ch)
		snprintf(title, sizeof title, " %s  %s  (%zu-%zu/%zu) ",
		    row != NULL ? row->text : "?", id, v->detail_top + 1,
		    v->detail_top + (size_t)ch, nseg);
	else
		snprintf(title, sizeof title, " %s  %s ",
		    row != NULL ? row->text : "?", id);
	ta = ui_attr(v, UI_C_TITLE);
	if (v->focus == FOCUS_DETAIL)
		ta |= A_REVERSE;
	ui_put(w, d->y, tx, cw, title, ta);

	for (i = 0; i < (size_t)ch && v->detail_top + i < nseg; i++) {
		s = &segs[v->detail_top + i];
		memcpy(line, s->p, s->len);
		line[s->len] = '\0';
		/* The first line is fmt's verdict. */
		ui_put(w, y + (int)i, x + s->indent, cw - s->indent, line,
		    v->detail_top + i == 0 ? A_BOLD : A_NORMAL);
	}
}

static enum ui_action
detail_key(struct view *v, int ch)
{
	size_t	page = (size_t)(v->detail_page > 0 ? v->detail_page : 1);

	switch (ch) {
	case KEY_UP:
	case 'k':
		if (v->detail_top > 0)
			v->detail_top--;
		return (UI_REDRAW);
	case KEY_DOWN:
	case 'j':
		if (v->detail_top < v->detail_max_top)
			v->detail_top++;
		return (UI_REDRAW);
	case KEY_PPAGE:
		v->detail_top = v->detail_top > page ? v->detail_top - page : 0;
		return (UI_REDRAW);
	case KEY_NPAGE:
	case ' ':
		v->detail_top += page;
		if (v->detail_top > v->detail_max_top)
			v->detail_top = v->detail_max_top;
		return (UI_REDRAW);
	case KEY_HOME:
	case 'g':
		v->detail_top = 0;
		return (UI_REDRAW);
	case KEY_END:
	case 'G':
		v->detail_top = v->detail_max_top;
		return (UI_REDRAW);
	case 27:	/* Esc */
	case '\t':
	case KEY_BTAB:
	case KEY_LEFT:
	case 'h':
	case '\r':
	case '\n':
	case KEY_ENTER:
		return (UI_FOCUS_MATRIX);
	}
	return (UI_NONE);
}

const struct ui_pane ui_pane_detail = {
	"detail",
	detail_draw,
	detail_key,
};
