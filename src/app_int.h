/*
 * app_int.h: what the scheduler's files share (app.c, app_probe.c,
 * app_scan.c, app_resolve.c); nothing outside them includes it.
 *
 * The scheduler is split by concern, each file owning its state:
 *   app.c          the app's life, the event loop step (app_process), the
 *                  rows (add_address), pausing and the re-probe requests;
 *   app_probe.c    probe tasks, and profiles that share one handshake;
 *   app_scan.c     each row's scan, the cells held for it and settled
 *                  from it (struct app_scan);
 *   app_resolve.c  resolution rounds and the timer that starts them.
 * Workers report through the app's event queue with one typed payload per
 * kind (enum app_event). Main thread only, but for the run_* job
 * functions, which touch nothing but their own task and the queue.
 */
#ifndef TLSMATRIX_APP_INT_H
#define TLSMATRIX_APP_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "evq.h"
#include "pool.h"
#include "scan.h"

/* The kinds of event the scheduler's jobs push (struct event.kind). */
enum app_event {
	APP_EV_RESOLVED = 1,	/* payload: struct resolve_done */
	APP_EV_PROBE_DONE,	/* payload: struct probe_done */
	APP_EV_SCAN_DONE,	/* payload: struct scan_done */
	APP_EV_JOB_END,		/* payload: NULL; a job's last event */
};

/* One cell's result; the model takes `result`. */
struct probe_done {
	uint32_t		 row, col, gen;
	struct probe_result	*result;
};

/* One part of a row's scan, back from its worker. */
struct scan_done {
	uint32_t		 row, gen;
	struct scan_part	*part;
};

/* One resolver's answer in one round. */
struct resolve_done {
	uint32_t		 resolver, round;
	enum status		 st;
	struct resolve_result	 res;
	char			 err[STATUS_ERR_MAX];
};

struct app_label {
	struct netaddr	 addr;
	char		*label;
};

/* A job held back while paused. */
struct app_deferred {
	pool_fn			 fn;
	void			*arg;
	void			(*free_fn)(void *);
	uint32_t		 key;
};

/*
 * The scan of one row, in stages of parts (scan.h). While it runs, the
 * row's cells other than the first wait, held, for its versions and
 * suites: a cell they settle needs no connection (app_scan.c). A held
 * cell's generation is the model's; held[] only says it waits.
 */
struct app_scan {
	struct scan_work	*work;		/* NULL: none running */
	bool			*held;		/* by column */
	size_t			 n_held;
	bool			 released;	/* suites known: none held */
	bool			 lead_probe;	/* the first column's probe is to
						 * go out with the first parts */
	struct server_info	*known;		/* what released them, until
						 * the scan ends */
};

struct app {
	const struct options	*o;
	const struct probe_env	*env;
	const char		*probe_host;	/* SNI and hostname check */
	struct model		*m;
	struct pool		*pool;
	bool			 owns_pool;	/* false: shared (--targets) */
	uint32_t		 key_base;	/* per-address keys of a shared
						 * pool must not collide */
	struct evq		*q;
	/* Jobs handed to the pool whose APP_EV_JOB_END is not drained yet
	 * (app_pool_submit): the last push of a job, after which its worker
	 * touches nothing of the app. */
	size_t			 in_flight;
	struct app_label	*labels;
	size_t			 n_labels;

	/* app_resolve.c */
	size_t			 n_res;		/* resolvers; 0: no DNS */
	bool			 live;		/* the TUI: rounds never end */
	unsigned		 round;		/* rounds started */
	unsigned		 rounds_planned;	/* 0: no end (the TUI) */
	size_t			 round_left;	/* answers awaited: a round
						 * runs while it is not 0 */
	uint64_t		 next_round_ms;	/* clock_ms(); 0: none due */

	/* Paused (the TUI's p): probes and scans wait here, in order. */
	bool			 paused;
	struct app_deferred	*deferred;
	size_t			 n_deferred, cap_deferred;

	/* app_scan.c */
	struct app_scan		*scans;		/* by row */
	size_t			 n_scans;
};

/* A cell to probe under the generation it was begun with. */
struct cell_gen {
	uint32_t	col, gen;
};

/* app.c */
void	app_pool_submit(struct app *a, pool_fn fn, void *arg,
	    void (*free_fn)(void *), uint32_t key);
void	app_submit_job(struct app *a, pool_fn fn, void *arg,
	    void (*free_fn)(void *), uint32_t key);
bool	app_family_ok(const struct app *a, const struct netaddr *addr);
void	app_add_address(struct app *a, const struct netaddr *addr,
	    uint32_t ttl, const char *source);

/* app_probe.c */
bool	app_sharing_on(const struct app *a);
void	app_submit_task(struct app *a, size_t row,
	    const struct cell_gen *cells, size_t n);
void	app_submit_probes(struct app *a, size_t row,
	    const struct cell_gen *cells, size_t n);
void	app_submit_cell_n(struct app *a, size_t row, size_t col,
	    unsigned repeats);
void	app_submit_cell(struct app *a, size_t row, size_t col);
bool	app_probe_done(struct app *a, struct probe_done *pd);
void	app_trace_cell(const struct app *a, size_t row, size_t col);

/* app_scan.c */
bool	app_settling_on(const struct app *a);
void	app_submit_scan(struct app *a, size_t row, bool lead_probe);
void	app_submit_or_hold(struct app *a, size_t row, size_t col);
void	app_unhold(struct app *a, size_t row, size_t col);
bool	app_scan_done(struct app *a, struct scan_done *sd);
void	app_scans_free(struct app *a);

/* app_resolve.c */
void	app_start_round(struct app *a);
void	app_resolved(struct app *a, struct resolve_done *rd);

/* Frees an event's payload, whatever its kind (evq_free, stale events). */
void	app_event_free(struct event *ev);

#endif
