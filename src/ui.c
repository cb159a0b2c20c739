/*
 * ui.c: the TUI's terminal, loop and key dispatch (htop's CRT.c role).
 *
 * Called once by main through ui_run on the main thread. It owns the
 * terminal from newterm to endwin and restores it on every way out. One
 * poll() waits on the keyboard, app_fd() and a self-pipe written by the
 * SIGINT/SIGTERM handler. Results only mark the screen dirty; one paint
 * per tick (at most every REDRAW_MS, at once after a key) draws all panes
 * into stdscr and sends the difference with doupdate. Panes live in
 * ui_status.c, ui_matrix.c, ui_detail.c and ui_help.c.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "app.h"
#include "clock.h"
#include "fmt.h"
#include "layout.h"
#include "ui.h"
#include "ui_int.h"

#define REDRAW_MS	100	/* mtr's cap: at most ten paints a second */
#define TICK_MS		1000	/* elapsed-time header while probes run */
#define KEYS_PER_WAKE	256	/* bound the key drain per poll wake-up */
#define ESC_DELAY_MS	25	/* Esc alone must not feel sluggish */

/* Set by the signal handler; read by the loop. */
static volatile sig_atomic_t	ui_signo;
static int			ui_sig_wfd = -1;

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

void
ui_clamp_selection(struct view *v)
{
	size_t	nr = model_rows(v->m), nc = model_cols(v->m);
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
	size_t			 i, n = model_rows(v->m);
	int			 w, best = 0;

	for (i = 0; i < n; i++) {
		r = model_row(v->m, i);
		if (r == NULL)
			continue;
		w = 2 + ui_width(r->text, sizeof r->text);
		fmt_row_tag(v->m, i, tag, sizeof tag);
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
	char	msg[64];
	int	len;

	werase(stdscr);
	layout_compute(COLS, LINES, model_rows(v->m), model_cols(v->m),
	    addr_width(v), &v->lay);
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
		if (v->help)
			ui_pane_help.draw(v, stdscr);
	}
	wnoutrefresh(stdscr);
	doupdate();
}

/* Routes a key: the help overlay eats any key, then globals, then the
 * focused pane. */
static enum ui_action
dispatch_key(struct view *v, int ch)
{
	const struct ui_pane	*p;
	enum ui_action		 act;

	if (v->help)
		return (UI_HELP);
	switch (ch) {
	case 'q':
	case 'Q':
		return (UI_QUIT);
	case '?':
		return (UI_HELP);
	case 'r':
		return (UI_REPROBE);
	case 'R':
		return (UI_RESOLVE);
	case 'L' & 0x1f:	/* ^L: repaint from scratch */
		clearok(curscr, TRUE);
		return (UI_REDRAW);
	}
	p = v->focus == FOCUS_DETAIL ? &ui_pane_detail : &ui_pane_matrix;
	act = p->key != NULL ? p->key(v, ch) : UI_NONE;
	return (act);
}

/* Applies what a key asked for; false when the loop should end. */
static bool
apply_action(struct view *v, struct app *a, enum ui_action act)
{
	switch (act) {
	case UI_QUIT:
		return (false);
	case UI_HELP:
		v->help = !v->help;
		break;
	case UI_REPROBE:
		if (v->sel_addr && v->sel_row < model_rows(v->m)) {
			app_rescan(a, v->sel_row);
			v->done_ms = 0;
			v->detail_top = 0;
		} else if (v->sel_row < model_rows(v->m) &&
		    v->sel_col < model_cols(v->m)) {
			app_reprobe(a, v->sel_row, v->sel_col);
			v->done_ms = 0;
			v->detail_top = 0;
		}
		break;
	case UI_RESOLVE:
		if (app_resolve_now(a))
			v->done_ms = 0;
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

/* Waits for input and events; returns false when the user quit. */
static bool
run_loop(struct view *v, struct app *a, int sig_rfd)
{
	struct pollfd	 pfd[3];
	uint64_t	 last_paint = 0, next_tick = 0, start;
	bool		 dirty = true, urgent = true, complete;
	int		 n, ch, timeout, i, due;
	char		 drain[64];

	start = model_started_ms(v->m);
	if (start == 0)
		start = clock_ms();
	pfd[0].fd = STDIN_FILENO;
	pfd[0].events = POLLIN;
	pfd[1].fd = app_fd(a);
	pfd[1].events = POLLIN;
	pfd[2].fd = sig_rfd;
	pfd[2].events = POLLIN;

	for (;;) {
		if (ui_signo != 0)
			return (true);
		v->now_ms = clock_ms();
		complete = model_complete(v->m);
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
		/* Wake for the next round of resolution, never busy-loop. */
		due = app_next_timer_ms(a);
		if (due >= 0 && (timeout < 0 || due < timeout))
			timeout = due;

		n = poll(pfd, 3, timeout);
		if (n == -1) {
			if (errno != EINTR)
				return (true);
			/* SIGWINCH: ncurses queues KEY_RESIZE for getch. */
			pfd[0].revents = POLLIN;
			pfd[1].revents = pfd[2].revents = 0;
		}
		if (pfd[2].revents != 0) {
			while (read(sig_rfd, drain, sizeof drain) > 0)
				continue;
		}
		if (pfd[1].revents & (POLLHUP | POLLERR | POLLNVAL))
			pfd[1].fd = -1;		/* never spin on a dead fd */
		if (app_tick(a))
			dirty = true;
		if (pfd[1].revents != 0 && app_process(a))
			dirty = true;
		if (pfd[0].revents & (POLLHUP | POLLERR | POLLNVAL))
			return (true);		/* the terminal went away */
		if ((pfd[0].revents & POLLIN) == 0)
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
			if (!apply_action(v, a, dispatch_key(v, ch)))
				return (false);
			dirty = urgent = true;
		}
	}
}

int
ui_run(struct app *a, const struct options *o)
{
	struct sigaction	 sa, old_int, old_term;
	struct view		 v;
	SCREEN			*scr = NULL;
	int			 sp[2] = { -1, -1 }, status = 1;
	const char		*cs;

	memset(&v, 0, sizeof v);
	v.m = app_model(a);
	/* Re-resolve while the TUI runs: addresses come and go. */
	app_set_live(a, true);
	cs = nl_langinfo(CODESET);
	v.utf8 = !o->ascii && cs != NULL && strcmp(cs, "UTF-8") == 0;

	if (pipe(sp) == -1 || set_nonblock_cloexec(sp[0]) == -1 ||
	    set_nonblock_cloexec(sp[1]) == -1) {
		fprintf(stderr, "tlsmatrix: pipe: %s\n", strerror(errno));
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

	scr = newterm(NULL, stdout, stdin);
	if (scr == NULL) {
		fprintf(stderr, "tlsmatrix: cannot use terminal '%s'; try "
		    "--batch\n", getenv("TERM") ? getenv("TERM") : "(unset)");
		goto restore;
	}
	set_term(scr);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(ESC_DELAY_MS);
	curs_set(0);
	v.color = want_color(o);
	if (v.color)
		init_colors();

	run_loop(&v, a, sp[0]);
	status = ui_signo != 0 ? 128 + (int)ui_signo : 0;

	endwin();
	delscreen(scr);
restore:
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	ui_sig_wfd = -1;
out:
	if (sp[0] != -1)
		close(sp[0]);
	if (sp[1] != -1)
		close(sp[1]);
	return (status);
}
