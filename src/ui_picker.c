/*
 * ui_picker.c: the profile picker overlay (P).
 *
 * Lists every loaded profile (ui_offer_profiles) with a tick for the
 * shown columns; typing filters by id, name and family, space toggles,
 * Enter applies (ui.c adds the new columns, which the app probes at
 * once, and hides the unticked ones), Esc cancels. Main thread.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "ui_int.h"

bool
ui_contains(const char *hay, const char *needle)
{
	size_t	i, j;

	if (needle[0] == '\0')
		return (true);
	for (i = 0; hay != NULL && hay[i] != '\0'; i++) {
		for (j = 0; needle[j] != '\0' && hay[i + j] != '\0'; j++)
			if (tolower((unsigned char)hay[i + j]) !=
			    tolower((unsigned char)needle[j]))
				break;
		if (needle[j] == '\0')
			return (true);
	}
	return (false);
}

bool
ui_picker_match(const struct view *v, size_t i)
{
	const struct profile	*p = v->all[i];

	return (ui_contains(p->id, v->pick_query) ||
	    ui_contains(p->name, v->pick_query) ||
	    ui_contains(p->family, v->pick_query));
}

/* The index in all[] of the k-th match, or SIZE_MAX. */
static size_t
nth_match(const struct view *v, size_t k)
{
	size_t	i;

	for (i = 0; i < v->n_all; i++)
		if (ui_picker_match(v, i) && k-- == 0)
			return (i);
	return (SIZE_MAX);
}

static size_t
count_matches(const struct view *v)
{
	size_t	i, n = 0;

	for (i = 0; i < v->n_all; i++)
		if (ui_picker_match(v, i))
			n++;
	return (n);
}

static void
picker_draw(struct view *v, WINDOW *w)
{
	char	line[512], id[128], name[256];
	size_t	n = count_matches(v), i, k, chosen = 0;
	int	bw, bh, x, y, rows;

	bw = COLS - 4 < 90 ? COLS - 4 : 90;
	bh = LINES - 2;
	x = (COLS - bw) / 2;
	y = 1;
	rows = bh - 4;
	if (rows < 1 || bw < 20)
		return;
	for (i = 0; i < v->n_all; i++)
		if (v->pick[i])
			chosen++;
	if (v->pick_sel >= n)
		v->pick_sel = n > 0 ? n - 1 : 0;
	if (v->pick_sel < v->pick_top)
		v->pick_top = v->pick_sel;
	if (v->pick_sel >= v->pick_top + (size_t)rows)
		v->pick_top = v->pick_sel - (size_t)rows + 1;

	for (i = 0; i < (size_t)bh; i++)
		ui_blank(w, y + (int)i, x, bw, A_NORMAL);
	ui_hline(v, w, y, x, bw);
	ui_hline(v, w, y + bh - 1, x, bw);
	ui_vline(v, w, y + 1, x, bh - 2);
	ui_vline(v, w, y + 1, x + bw - 1, bh - 2);
	snprintf(line, sizeof line, " profiles: %zu chosen, %zu of %zu shown ",
	    chosen, n, v->n_all);
	ui_put(w, y, x + 2, bw - 4, line, ui_attr(v, UI_C_TITLE));
	snprintf(line, sizeof line, "search: %s_", v->pick_query);
	ui_put(w, y + 1, x + 2, bw - 4, line, A_BOLD);
	for (k = 0; k < (size_t)rows; k++) {
		i = nth_match(v, v->pick_top + k);
		if (i == SIZE_MAX)
			break;
		fmt_sanitize(v->all[i]->id, id, sizeof id, v->utf8);
		fmt_sanitize(v->all[i]->name, name, sizeof name, v->utf8);
		snprintf(line, sizeof line, "[%c] %-22s %s",
		    v->pick[i] ? 'x' : ' ', id, name);
		ui_put(w, y + 2 + (int)k, x + 2, bw - 4, line,
		    v->pick_top + k == v->pick_sel ? A_REVERSE : A_NORMAL);
	}
	ui_put(w, y + bh - 2, x + 2, bw - 4,
	    "type to search  arrows move  space toggles  Enter applies  "
	    "Esc cancels", ui_attr(v, UI_C_DIM));
}

static enum ui_action
picker_key(struct view *v, int ch)
{
	size_t	n = count_matches(v), len = strlen(v->pick_query), i;

	switch (ch) {
	case 27:
		v->picker = false;
		return (UI_REDRAW);
	case '\r':
	case '\n':
	case KEY_ENTER:
		return (UI_PICKER);	/* ui.c applies the choice */
	case KEY_UP:
		if (v->pick_sel > 0)
			v->pick_sel--;
		return (UI_REDRAW);
	case KEY_DOWN:
		if (v->pick_sel + 1 < n)
			v->pick_sel++;
		return (UI_REDRAW);
	case KEY_PPAGE:
		v->pick_sel = v->pick_sel > 10 ? v->pick_sel - 10 : 0;
		return (UI_REDRAW);
	case KEY_NPAGE:
		v->pick_sel = v->pick_sel + 10 < n ? v->pick_sel + 10 :
		    (n > 0 ? n - 1 : 0);
		return (UI_REDRAW);
	case ' ':
		i = nth_match(v, v->pick_sel);
		if (i != SIZE_MAX)
			v->pick[i] = !v->pick[i];
		return (UI_REDRAW);
	case KEY_BACKSPACE:
	case 127:
	case 8:
		if (len > 0)
			v->pick_query[len - 1] = '\0';
		v->pick_sel = v->pick_top = 0;
		return (UI_REDRAW);
	}
	/* Profile ids are [a-z0-9._-]; names add a few more. */
	if (ch > 0x20 && ch < 0x7f && len + 1 < sizeof v->pick_query) {
		v->pick_query[len] = (char)ch;
		v->pick_query[len + 1] = '\0';
		v->pick_sel = v->pick_top = 0;
	}
	return (UI_REDRAW);
}

const struct ui_pane ui_pane_picker = {
	"picker",
	picker_draw,
	picker_key,
};
