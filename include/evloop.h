/*
 * evloop.h: the one event loop of every front end.
 *
 * One poll() over the queues of N schedulers (apps), a few extra
 * descriptors (the terminal, a signal pipe) and the earliest timer: an
 * app's next round of resolution, or a deadline the caller gives (a
 * redraw, a rate limit's next token). A step waits, starts the rounds
 * that are due and applies every app's waiting results. The TUI, --batch
 * and --targets all run on it (ui.c, run_batch.c, run_targets.c). Main
 * thread only; the apps stay the caller's.
 */
#ifndef TLSMATRIX_EVLOOP_H
#define TLSMATRIX_EVLOOP_H

#include <stdbool.h>
#include <stddef.h>

#include "app.h"

struct evloop;

struct evloop	*evloop_new(void);
/* Frees the loop, not the apps. NULL is ok. */
void		 evloop_free(struct evloop *l);
/* Watches a's queue and timers until evloop_remove_app. */
void		 evloop_add_app(struct evloop *l, struct app *a);
void		 evloop_remove_app(struct evloop *l, struct app *a);
size_t		 evloop_app_count(const struct evloop *l);
/* Watches fd for input; returns its handle for evloop_fd_events. */
size_t		 evloop_add_fd(struct evloop *l, int fd);
/* poll()'s revents of the handle's descriptor in the last step. */
short		 evloop_fd_events(const struct evloop *l, size_t handle);
/*
 * One step: waits at most timeout_ms (-1: no bound of the caller's) or
 * until the earliest app timer, for a result or an fd; then ticks every
 * app and applies the results of those whose queue is readable. Returns
 * how many apps changed, or -1 when interrupted by a signal (EINTR; the
 * fds then show no events) or poll() failed (errno says which).
 */
int		 evloop_step(struct evloop *l, int timeout_ms);

#endif
