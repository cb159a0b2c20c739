/*
 * ui.h: the ncurses front end.
 *
 * ui_run owns the terminal from start to end: it draws the address list,
 * the matrix and the detail pane, polls the keyboard and app_fd() in one
 * loop, and restores the terminal on every way out (q, SIGINT, SIGTERM,
 * SIGHUP, a fatal error). It is the only code that touches curses. Main thread.
 */
#ifndef TLSMATRIX_UI_H
#define TLSMATRIX_UI_H

#include "app.h"
#include "options.h"

/*
 * Runs the TUI until the user quits; returns the process exit status: 0
 * after q, 128 + the signal number after SIGINT, SIGTERM or SIGHUP, 2
 * when the terminal cannot show it (unknown to terminfo, or no cursor
 * addressing, as TERM=dumb: a message naming --batch is then on
 * stderr), 3 when the -o snapshot written after q failed. Snapshots (e,
 * and -o after q) leave out the columns the picker removed. Handlers for
 * SIGINT, SIGTERM and SIGHUP are installed only while it runs. Main
 * thread.
 */
int	ui_run(struct app *a, const struct options *o);
/*
 * The profiles the picker (P) offers: every loaded one. They must
 * outlive ui_run. Without this call the picker has nothing to offer.
 */
void	ui_offer_profiles(const struct profile *const *all, size_t n);

/*
 * Writes a snapshot of m to path atomically, as o asks (format, timings):
 * the TUI's e. main supplies it (export.h is not the TUI's to include);
 * without one, e says export is unavailable.
 */
typedef enum status (*ui_export_fn)(const struct model *m,
		    const struct options *o, const char *path, char *err,
		    size_t errlen);
void	ui_set_exporter(ui_export_fn fn);

/* The curses this process runs with ("ncurses 6.4.20221231"):
 * curses_version at run time, for --version. Any thread. */
const char	*ui_library_version(void);

#endif
