/*
 * app.h: the scheduler that turns options into a filled model.
 *
 * app owns the model and, unless it was given a shared one, the worker pool
 * and the event queue. It submits the resolution, adds a row per address
 * as answers arrive, submits each address's scan, probes the cells the scan
 * does not settle (profiles that send the same hello share one probe), and
 * applies finished results on the main thread, dropping stale ones. Front
 * ends drive it through the one event loop (evloop.h: app_fd() polled
 * next to their own inputs, app_tick() and app_process() called for
 * them), ask app_complete() whether the run is over, and read
 * app_model(). Main thread only.
 */
#ifndef TLSMATRIX_APP_H
#define TLSMATRIX_APP_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"
#include "options.h"
#include "probe.h"
#include "profile.h"
#include "resolver.h"
#include "status.h"

struct app;

/*
 * Creates the scheduler. opts, the profiles and env must outlive the app
 * and stay unchanged. cols are the profiles to probe, in column order.
 */
enum status	 app_new(const struct options *opts,
		    const struct profile *const *cols, size_t n_cols,
		    const struct probe_env *env, struct app **out,
		    char *err, size_t errlen);
/*
 * The same on a pool the caller owns, shared by several apps (--targets):
 * key_base keeps each app's per-address keys apart (rows are keyed
 * key_base + row). The caller frees such an app once
 * app_jobs_in_flight() is 0, or after stopping the pool (pool_free).
 */
struct pool;
enum status	 app_new_shared(const struct options *opts,
		    const struct profile *const *cols, size_t n_cols,
		    const struct probe_env *env, struct pool *pool,
		    uint32_t key_base, struct app **out, char *err,
		    size_t errlen);
/* Starts resolution (or takes --resolve / the IP literal) and probing. */
void		 app_start(struct app *a);
/* Readable when worker results are waiting. */
int		 app_fd(const struct app *a);
/* Applies every waiting result; true if the model changed. */
bool		 app_process(struct app *a);
const struct model *app_model(const struct app *a);
/* Labels the row of addr (now or when it appears), e.g. a demo backend. */
void		 app_label_address(struct app *a, const struct netaddr *addr,
		    const char *label);
/* Re-probes one cell; stale results of its previous run are dropped. */
void		 app_reprobe(struct app *a, size_t row, size_t col);
/* Re-probes one cell `repeats` times (a load balancer hiding several
 * backends shows as more than one outcome). */
void		 app_reprobe_n(struct app *a, size_t row, size_t col,
		    unsigned repeats);
/* Enumerates the row's server again (unless --no-scan). */
void		 app_rescan(struct app *a, size_t row);
/*
 * Re-resolution. live (the TUI) resolves again and again until the end,
 * unless --samples bounds it; otherwise (batch) --samples rounds, once by
 * default. Call before or after app_start.
 */
void		 app_set_live(struct app *a, bool live);
/* Milliseconds until app_tick has work (a round is due), 0 when due now,
 * -1 when nothing is scheduled: the front end's poll timeout. */
int		 app_next_timer_ms(const struct app *a);
/* Starts a due round of resolution; true if it did. */
bool		 app_tick(struct app *a);
/* Resolves again now (the TUI's R), unless a round is running or there
 * is no DNS (literal, --resolve); true if it did. */
bool		 app_resolve_now(struct app *a);
/* Re-probes every cell of a row and enumerates its server again. */
void		 app_reprobe_row(struct app *a, size_t row);
/* Re-probes every cell of a column. */
void		 app_reprobe_col(struct app *a, size_t col);
/* Re-probes every cell and re-enumerates every row. */
void		 app_reprobe_all(struct app *a);
/* Adds p as the last column and probes its cells at once; returns its
 * index. p must outlive the app. */
size_t		 app_add_column(struct app *a, const struct profile *p);
/*
 * Paused, the scheduler submits no new probe or scan (they wait, their
 * cells pending); running ones finish. Resuming submits what waited.
 * Resolution goes on. The TUI's p.
 */
void		 app_set_paused(struct app *a, bool paused);
bool		 app_paused(const struct app *a);
/* Probes and scans waiting for the resume. */
size_t		 app_held(const struct app *a);
/*
 * True once the run is over: every planned round of resolution ended
 * (never, in the TUI's live mode without --samples) and every cell and
 * scan is done. The scheduler answers it; the model holds no plan.
 */
bool		 app_complete(const struct app *a);
/* Jobs of this app handed to the pool and not yet over (run or dropped).
 * An app on a shared pool may be freed only when this is 0. */
size_t		 app_jobs_in_flight(const struct app *a);
/* Stops all work, joins workers, frees everything. NULL is ok. */
void		 app_free(struct app *a);

#endif
