/*
 * ui.h: the ncurses front end.
 *
 * ui_run owns the terminal from start to end: it draws the address list,
 * the matrix and the detail pane, polls the keyboard and app_fd() in one
 * loop, and restores the terminal on every way out (q, SIGINT/SIGTERM, a
 * fatal error). It is the only code that touches curses. Main thread.
 */
#ifndef TLSMATRIX_UI_H
#define TLSMATRIX_UI_H

#include "app.h"
#include "options.h"

/*
 * Runs the TUI until the user quits; returns the process exit status: 0
 * after q, 128 + the signal number after SIGINT or SIGTERM, 1 when the
 * terminal cannot be used (a message is then on stderr). Handlers for
 * SIGINT and SIGTERM are installed only while it runs. Main thread.
 */
int	ui_run(struct app *a, const struct options *o);

#endif
