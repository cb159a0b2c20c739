/*
 * ui.c: the TUI's terminal, its loop and its paint (htop's CRT.c role);
 * what keys and the mouse do is in ui_input.c.
 *
 * Called once by main through ui_run on the main thread. It owns the
 * terminal from newterm to endwin and restores it on every way out. The
 * event loop (evloop.h) waits on the keyboard, app_fd() and a self-pipe
 * written by the
 * SIGINT/SIGTERM/SIGHUP handler (a closed window or a dropped SSH session
 * must restore the terminal too, not kill us in raw mode); ncurses keeps
 * SIGTSTP/SIGCONT and SIGWINCH. Results only mark the screen dirty; one paint
 * per tick (at most every REDRAW_MS, at once after a key) draws all panes
 * into stdscr and sends the difference with doupdate. Panes live in
 * ui_status.c, ui_matrix.c, ui_detail.c and ui_help.c.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "app.h"
#include "clock.h"
#include "evloop.h"
#include "exitcode.h"
#include "findings.h"
#include "fmt.h"
#include "layout.h"
#include "trace.h"
#include "ui.h"
#include "ui_int.h"
#include "xmem.h"

#define REDRAW_MS	100	/* mtr's cap: at most ten paints a second */
#define TICK_MS		1000	/* elapsed-time header while probes run */
#define KEYS_PER_WAKE	256	/* bound the key drain per poll wake-up */
#define ESC_DELAY_MS	25	/* Esc alone must not feel sluggish */

/* Set by the signal handler; read by the loop. */
static volatile sig_atomic_t	ui_signo;
static int			ui_sig_wfd = -1;
/* The profiles the picker offers (ui_offer_profiles), and the options. */
static const struct profile *const *ui_all;
static size_t			ui_n_all;

void
ui_offer_profiles(const struct profile *const *all, size_t n)
{
	ui_all = all;
	ui_n_all = n;
}

static const struct {
	short	fg;
	attr_t	mono;
	attr_t	extra;		/* added to the colour pair */
} ui_colors[UI_C_COUNT] = {
#define UI_COLOR_TABLE(name, f, m) [name] = { f, m, (m) & A_BOLD },
	UI_COLORS(UI_COLOR_TABLE)
#undef UI_COLOR_TABLE
};

attr_t
ui_attr(const struct view *v, enum ui_color k)
{
	if (k <= UI_C_NONE || k >= UI_C_COUNT)
		return (A_NORMAL);
	if (!v->color || ui_colors[k].fg < 0)
		return (ui_colors[k].mono);
	return (COLOR_PAIR((short)k) | ui_colors[k].extra);
}

/* Decodes one character: its length in bytes and its width in columns. */
static size_t
next_char(const char *s, size_t n, int *cw, bool *valid)
{
	mbstate_t	ps;
	wchar_t		wc;
	size_t		len;
	int		w;

	memset(&ps, 0, sizeof ps);
	len = mbrtowc(&wc, s, n, &ps);
	if (len == (size_t)-1 || len == (size_t)-2 || len == 0) {
		/* fmt_sanitize leaves none of these; show a '?' anyway. */
		*cw = 1;
		*valid = false;
		return (1);
	}
	w = wcwidth(wc);
	*valid = w >= 0;
	*cw = w >= 0 ? w : 1;
	return (len);
}

int
ui_width(const char *s, size_t n)
{
	size_t	i = 0, len;
	int	cw, total = 0;
	bool	valid;

	while (i < n && s[i] != '\0') {
		len = next_char(s + i, n - i, &cw, &valid);
		total += cw;
		i += len;
	}
	return (total);
}

size_t
ui_fit(const char *s, size_t n, int maxw, int *cols)
{
	size_t	i = 0, len;
	int	cw, used = 0;
	bool	valid;

	while (i < n && s[i] != '\0') {
		len = next_char(s + i, n - i, &cw, &valid);
		if (used + cw > maxw)
			break;
		used += cw;
		i += len;
	}
	if (cols != NULL)
		*cols = used;
	return (i);
}

int
ui_put(WINDOW *w, int y, int x, int maxw, const char *s, attr_t attr)
{
	size_t	i = 0, n, len;
	int	cw, used = 0;
	bool	valid;

	if (maxw <= 0 || s == NULL || wmove(w, y, x) == ERR)
		return (0);
	wattrset(w, (int)attr);
	n = strlen(s);
	while (i < n) {
		len = next_char(s + i, n - i, &cw, &valid);
		if (used + cw > maxw)
			break;
		if (valid && cw > 0)
			waddnstr(w, s + i, (int)len);
		else if (!valid)
			waddch(w, '?');
		used += cw;
		i += len;
	}
	wattrset(w, A_NORMAL);
	return (used);
}

void
ui_blank(WINDOW *w, int y, int x, int width, attr_t attr)
{
	if (width <= 0 || wmove(w, y, x) == ERR)
		return;
	wattrset(w, (int)attr);
	whline(w, ' ', width);
	wattrset(w, A_NORMAL);
}

void
ui_hline(const struct view *v, WINDOW *w, int y, int x, int n)
{
	if (n > 0)
		mvwhline(w, y, x, v->utf8 ? ACS_HLINE : '-', n);
}

void
ui_vline(const struct view *v, WINDOW *w, int y, int x, int n)
{
	if (n > 0)
		mvwvline(w, y, x, v->utf8 ? ACS_VLINE : '|', n);
}

size_t
ui_mrow(const struct view *v, size_t i)
{
	return (i < v->n_vrows ? v->rmap[i] : SIZE_MAX);
}

size_t
ui_mcol(const struct view *v, size_t i)
{
	return (i < v->n_vcols ? v->cmap[i] : SIZE_MAX);
}

/* Whether row r fails or errs in some column whose verdict depends on
 * the address: one side of the disagreement. */
static bool
row_disagrees(const struct view *v, const struct findings *f, size_t r)
{
	const struct model_cell	*c;
	enum cell_class		 k;
	size_t			 j;

	if (f->rows[r].differs)
		return (true);
	for (j = 0; j < f->n_cols; j++) {
		if (!f->cols[j].depends)
			continue;
		c = model_cell(v->m, r, j);
		k = c != NULL ? fmt_cell_class(c) : CLASS_PENDING;
		if (k == CLASS_FAIL || k == CLASS_ERROR)
			return (true);
	}
	return (false);
}

/* Failed or erred cells of model row r (col SIZE_MAX) or column c. */
static size_t
failures(const struct model *m, size_t r, size_t c)
{
	size_t	i, n = 0, lim = r == SIZE_MAX ? model_rows(m) : model_cols(m);
	enum cell_class k;

	for (i = 0; i < lim; i++) {
		k = fmt_cell_class(r == SIZE_MAX ? model_cell(m, i, c) :
		    model_cell(m, r, i));
		if (k == CLASS_FAIL || k == CLASS_ERROR)
			n++;
	}
	return (n);
}

/* What sort_maps orders by: a count (descending) or a text, then the
 * model index, so equal keys keep their order. qsort has no context
 * argument; the main thread alone sorts. */
struct sort_key {
	size_t		 idx, count;
	const char	*text;
	const struct netaddr *addr;
};

static int
cmp_key(const void *pa, const void *pb)
{
	const struct sort_key	*a = pa, *b = pb;
	int			 d;

	if (a->count != b->count)
		return (a->count > b->count ? -1 : 1);
	if (a->text != NULL && b->text != NULL &&
	    (d = strcmp(a->text, b->text)) != 0)
		return (d);
	if (a->addr != NULL && b->addr != NULL &&
	    (d = netaddr_cmp(a->addr, b->addr)) != 0)
		return (d);
	return (a->idx < b->idx ? -1 : a->idx > b->idx);
}

/* Orders the shown columns and rows as o and O chose. */
static void
sort_maps(struct view *v)
{
	struct sort_key	*k;
	size_t		 i, n = v->n_vcols > v->n_vrows ? v->n_vcols :
			    v->n_vrows;

	if ((v->col_order == COLS_GIVEN && v->row_order == ROWS_GIVEN) ||
	    n == 0)
		return;
	k = xcalloc(n, sizeof *k);
	if (v->col_order != COLS_GIVEN) {
		for (i = 0; i < v->n_vcols; i++) {
			const struct profile *p = model_col(v->m, v->cmap[i]);

			k[i].idx = v->cmap[i];
			if (v->col_order == COLS_FAILURES)
				k[i].count = failures(v->m, SIZE_MAX,
				    v->cmap[i]);
			else
				k[i].text = p != NULL && p->family != NULL ?
				    p->family : "";
		}
		qsort(k, v->n_vcols, sizeof *k, cmp_key);
		for (i = 0; i < v->n_vcols; i++)
			v->cmap[i] = k[i].idx;
	}
	if (v->row_order != ROWS_GIVEN) {
		memset(k, 0, n * sizeof *k);
		for (i = 0; i < v->n_vrows; i++) {
			k[i].idx = v->rmap[i];
			if (v->row_order == ROWS_RESULT)
				k[i].count = failures(v->m, v->rmap[i],
				    SIZE_MAX);
			else
				k[i].addr = &model_row(v->m, v->rmap[i])->addr;
		}
		qsort(k, v->n_vrows, sizeof *k, cmp_key);
		for (i = 0; i < v->n_vrows; i++)
			v->rmap[i] = k[i].idx;
	}
	free(k);
}

void
ui_build_maps(struct view *v, const struct findings *f)
{
	size_t	nr = model_rows(v->m), nc = model_cols(v->m);
	size_t	old_r = ui_mrow(v, v->sel_row), old_c = ui_mcol(v, v->sel_col);
	size_t	i, n;
	bool	filt;

	if (v->n_hidden < nc) {
		v->hidden = xreallocarray(v->hidden, nc, sizeof *v->hidden);
		memset(v->hidden + v->n_hidden, 0,
		    (nc - v->n_hidden) * sizeof *v->hidden);
		v->n_hidden = nc;
	}
	v->rmap = xreallocarray(v->rmap, nr + 1, sizeof *v->rmap);
	v->cmap = xreallocarray(v->cmap, nc + 1, sizeof *v->cmap);
	/* With nothing that disagrees, the filter would show nothing: show
	 * everything and say so. */
	filt = v->filter && f->n_rows == nr && f->n_cols == nc &&
	    (f->n_depends > 0 || f->n_differ > 0);
	v->filter_empty = v->filter && !filt;

	for (i = n = 0; i < nc; i++) {
		if (v->hidden[i])
			continue;
		if (filt && f->n_depends > 0 && !f->cols[i].depends)
			continue;
		v->cmap[n++] = i;
	}
	v->n_vcols = n;
	for (i = n = 0; i < nr; i++) {
		if (filt && !row_disagrees(v, f, i) &&
		    !(f->have_ref && f->ref_row == i))
			continue;
		v->rmap[n++] = i;
	}
	v->n_vrows = n;
	sort_maps(v);

	/* Keep the same model cell selected where it is still shown. */
	for (i = 0; old_r != SIZE_MAX && i < v->n_vrows; i++)
		if (v->rmap[i] == old_r)
			v->sel_row = i;
	for (i = 0; old_c != SIZE_MAX && i < v->n_vcols; i++)
		if (v->cmap[i] == old_c)
			v->sel_col = i;
}

void
ui_clamp_selection(struct view *v)
{
	size_t	nr = v->n_vrows, nc = v->n_vcols;
	size_t	vr = v->lay.vis_rows, vc = v->lay.vis_cols;

	if (v->sel_row >= nr)
		v->sel_row = nr > 0 ? nr - 1 : 0;
	if (v->sel_col >= nc)
		v->sel_col = nc > 0 ? nc - 1 : 0;
	if (vr == 0)
		vr = 1;
	if (vc == 0)
		vc = 1;
	if (v->sel_row < v->top_row)
		v->top_row = v->sel_row;
	if (v->sel_row >= v->top_row + vr)
		v->top_row = v->sel_row - vr + 1;
	if (v->sel_col < v->left_col)
		v->left_col = v->sel_col;
	if (v->sel_col >= v->left_col + vc)
		v->left_col = v->sel_col - vc + 1;
	/* Show as many rows as fit when the model is shorter than before. */
	if (nr <= vr)
		v->top_row = 0;
	if (nc <= vc)
		v->left_col = 0;
}

/* The width the address list would like: marker, address, label. */
static int
addr_width(const struct view *v)
{
	const struct model_row	*r;
	char			 lab[sizeof r->label * 4], tag[64];
	size_t			 i, n = v->n_vrows;
	int			 w, best = 0;

	for (i = 0; i < n; i++) {
		r = model_row(v->m, ui_mrow(v, i));
		if (r == NULL)
			continue;
		w = 2 + ui_width(r->text, sizeof r->text);
		fmt_row_tag(v->m, ui_mrow(v, i), tag, sizeof tag);
		if (tag[0] != '\0')
			w += 1 + ui_width(tag, sizeof tag);
		if (r->label[0] != '\0') {
			fmt_sanitize(r->label, lab, sizeof lab, v->utf8);
			w += 1 + ui_width(lab, sizeof lab);
		}
		if (w + 1 > best)
			best = w + 1;
	}
	return (best);
}

/* Paints every pane into stdscr and sends the changes in one update. */
static void
paint(struct view *v)
{
	struct findings	 f;
	char		 msg[64];
	int		 len;

	werase(stdscr);
	ui_whatif_update(v);	/* the fix preview: v->m predicted */
	/* What depends on the address, computed afresh for each paint. */
	findings_compute(v->m, &f);
	v->fnd = &f;
	ui_build_maps(v, &f);
	layout_compute_mode(COLS, LINES, v->n_vrows, v->n_vcols,
	    addr_width(v), v->cells, &v->lay);
	if (v->lay.too_small) {
		len = snprintf(msg, sizeof msg, "terminal too small (need %dx%d)",
		    v->lay.min_cols, v->lay.min_lines);
		ui_put(stdscr, LINES / 2, len < COLS ? (COLS - len) / 2 : 0,
		    COLS, msg, A_BOLD);
	} else {
		ui_clamp_selection(v);
		ui_pane_status.draw(v, stdscr);
		ui_pane_matrix.draw(v, stdscr);
		ui_pane_detail.draw(v, stdscr);
		if (v->compare)
			ui_pane_compare.draw(v, stdscr);
		if (v->picker)
			ui_pane_picker.draw(v, stdscr);
		if (v->whatif != NULL)
			ui_pane_whatif.draw(v, stdscr);
		if (v->help)
			ui_pane_help.draw(v, stdscr);
	}
	v->fnd = NULL;
	findings_cleanup(&f);
	wnoutrefresh(stdscr);
	doupdate();
	/* Milestones for --trace: what the user saw, and when. */
	if (!v->cell_shown && model_count(v->m).done > 0) {
		v->cell_shown = true;
		trace_event("screen first-cell");
	}
	if (!v->complete_shown && v->done_ms != 0) {
		v->complete_shown = true;
		trace_event("screen complete");
	}
}

static void
on_signal(int signo)
{
	int	saved = errno;
	ssize_t	n;

	ui_signo = signo;
	/* Wake poll(); EAGAIN means a byte is already waiting. */
	if (ui_sig_wfd != -1)
		n = write(ui_sig_wfd, "", 1);
	(void)n;
	errno = saved;
}

static int
set_nonblock_cloexec(int fd)
{
	int	fl;

	fl = fcntl(fd, F_GETFL);
	if (fl == -1 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) == -1)
		return (-1);
	fl = fcntl(fd, F_GETFD);
	if (fl == -1 || fcntl(fd, F_SETFD, fl | FD_CLOEXEC) == -1)
		return (-1);
	return (0);
}

/* Colours when the terminal has them and the user did not opt out. */
static bool
want_color(const struct options *o)
{
	const char	*nc = getenv("NO_COLOR");

	/* https://no-color.org: present and not empty disables colour. */
	if (o->no_color || (nc != NULL && nc[0] != '\0') || !has_colors())
		return (false);
	return (start_color() == OK);
}

static void
init_colors(void)
{
	short	bg = COLOR_BLACK;
	int	k;

	if (use_default_colors() == OK)
		bg = -1;
	for (k = UI_C_NONE + 1; k < UI_C_COUNT; k++) {
		if (ui_colors[k].fg >= 0)
			init_pair((short)k, ui_colors[k].fg, bg);
	}
}

/* What the loop's wait said about the terminal and the signal pipe. */
static short
wait_events(struct evloop *l, struct view *v, int timeout, int sig_rfd,
    bool *dirty, bool *urgent)
{
	char	drain[64];
	int	changed = evloop_step(l, timeout);

	if (changed < 0)
		/* SIGWINCH: ncurses queues KEY_RESIZE for getch. Anything
		 * but EINTR: as if the terminal went away. */
		return errno == EINTR ? POLLIN : POLLHUP;
	if (evloop_fd_events(l, 1) != 0) {
		while (read(sig_rfd, drain, sizeof drain) > 0)
			continue;
	}
	if (changed > 0) {
		*dirty = true;
		/* The first answer is what the user waits for: no redraw cap
		 * in front of it. */
		if (!v->cell_shown && model_count(v->m).done > 0)
			*urgent = true;
	}
	return evloop_fd_events(l, 0);
}

/* Waits for input and events; returns false when the user quit. */
static bool
run_loop(struct view *v, struct app *a, struct evloop *l, int sig_rfd)
{
	uint64_t	 last_paint = 0, next_tick = 0, start;
	bool		 dirty = true, urgent = true, complete;
	int		 ch, timeout, i;
	short		 in;

	start = model_started_ms(v->m);
	if (start == 0)
		start = clock_ms();
	for (;;) {
		if (ui_signo != 0)
			return (true);
		v->now_ms = clock_ms();
		complete = app_complete(a);
		if (complete && v->done_ms == 0)
			v->done_ms = v->now_ms;
		else if (!complete)
			v->done_ms = 0;
		if (!complete && v->now_ms >= next_tick)
			dirty = true;
		if (dirty && (urgent || v->now_ms - last_paint >= REDRAW_MS)) {
			paint(v);
			last_paint = v->now_ms;
			dirty = urgent = false;
			/* The next whole second of elapsed time. */
			next_tick = v->now_ms + TICK_MS -
			    (v->now_ms - start) % TICK_MS;
		}

		if (dirty)
			timeout = (int)(last_paint + REDRAW_MS - v->now_ms);
		else if (!complete)
			timeout = (int)(next_tick - v->now_ms);
		else
			timeout = -1;	/* idle: nothing changes by itself */
		/* the loop also wakes for the next round of resolution */
		in = wait_events(l, v, timeout, sig_rfd, &dirty, &urgent);
		if (in & (POLLHUP | POLLERR | POLLNVAL))
			return (true);		/* the terminal went away */
		if ((in & POLLIN) == 0)
			continue;
		for (i = 0; i < KEYS_PER_WAKE; i++) {
			ch = getch();
			if (ch == ERR)
				break;
			if (ch == KEY_RESIZE) {
				clearok(curscr, TRUE);
				dirty = urgent = true;
				continue;
			}
			if (!ui_apply_action(v, a, ui_dispatch_key(v, ch)))
				return (false);
			dirty = urgent = true;
		}
	}
}

/* The terminal's modes, the mouse and the colours, once newterm took it. */
static void
term_modes(struct view *v, const struct options *o)
{
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(ESC_DELAY_MS);
	curs_set(0);
	/* Clicks select and the wheel scrolls, where the terminal reports
	 * them; --no-mouse leaves the mouse to the terminal. */
	v->mouse = !o->no_mouse;
	if (v->mouse) {
		mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED |
		    BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
		mouseinterval(0);
	}
	v->color = want_color(o);
	if (v->color)
		init_colors();
}

int
ui_run(struct app *a, const struct options *o)
{
	struct sigaction	 sa, old_int, old_term, old_hup;
	struct view		 v;
	struct evloop		*loop;
	SCREEN			*scr = NULL;
	int			 sp[2] = { -1, -1 }, status = EXIT_CELL_FAIL;
	const char		*cs;
	char			 why[256];

	memset(&v, 0, sizeof v);
	v.m = app_model(a);
	ui_input_options(o);
	v.all = ui_all;
	v.n_all = ui_n_all;
	if (v.n_all > 0)
		v.pick = xcalloc(v.n_all, sizeof *v.pick);
	/* Re-resolve while the TUI runs: addresses come and go. */
	app_set_live(a, true);
	cs = nl_langinfo(CODESET);
	v.utf8 = !o->ascii && cs != NULL && strcmp(cs, "UTF-8") == 0;

	/* Without cursor addressing the screen would freeze: say so. */
	if (!ui_term_usable(why, sizeof why)) {
		fprintf(stderr, "tlsmatrix: cannot show the matrix: %s; use "
		    "--batch (or set TERM to your terminal's type)\n", why);
		status = EXIT_USAGE;
		goto out;
	}
	if (pipe(sp) == -1 || set_nonblock_cloexec(sp[0]) == -1 ||
	    set_nonblock_cloexec(sp[1]) == -1) {
		fprintf(stderr, "tlsmatrix: pipe: %s\n", strerror(errno));
		status = EXIT_RUNTIME;
		goto out;
	}
	/*
	 * Ours before newterm: ncurses installs its own exit-on-SIGINT
	 * handler only where it finds the default one. No SA_RESTART, so
	 * the signal interrupts poll() as well as writing to the pipe.
	 */
	ui_signo = 0;
	ui_sig_wfd = sp[1];
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);

	scr = newterm(NULL, stdout, stdin);
	if (scr == NULL) {
		fprintf(stderr, "tlsmatrix: cannot use terminal '%s'; use "
		    "--batch\n", getenv("TERM") ? getenv("TERM") : "(unset)");
		status = EXIT_USAGE;
		goto restore;
	}
	set_term(scr);
	term_modes(&v, o);
	loop = evloop_new();
	evloop_add_fd(loop, STDIN_FILENO);	/* handle 0 */
	evloop_add_fd(loop, sp[0]);		/* handle 1 */
	evloop_add_app(loop, a);
	run_loop(&v, a, loop, sp[0]);
	evloop_free(loop);
	ui_whatif_close(&v);	/* -o writes what was measured */
	status = ui_signo != 0 ? EXIT_SIGNAL((int)ui_signo) : EXIT_ALL_OK;

	endwin();
	delscreen(scr);
	/* -o: the snapshot of what was on screen at the end. */
	if (status == 0 && o->export_path != NULL) {
		char	err[512];

		if (ui_export_view(&v, o->export_path, err, sizeof err) !=
		    ST_OK) {
			fprintf(stderr, "tlsmatrix: %s\n", err);
			status = EXIT_RUNTIME;
		}
	}
restore:
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	ui_sig_wfd = -1;
out:
	free(v.rmap);
	free(v.cmap);
	free(v.hidden);
	free(v.pick);
	if (sp[0] != -1)
		close(sp[0]);
	if (sp[1] != -1)
		close(sp[1]);
	return (status);
}

const char *
ui_library_version(void)
{
	return curses_version();
}
