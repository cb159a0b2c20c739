/*
 * test_app.c: the scheduler (app.h) on a synchronous fake pool.
 *
 * This file defines the pool (pool.h) itself, so the linker takes it
 * instead of libcore's threads: a job waits in a FIFO until the test
 * runs it on the main thread. Every step of the scheduler is then in
 * the test's hands: rows added, jobs handed out, cells completed or
 * settled by the scan, pausing, rounds of resolution and completion,
 * and the count of jobs in flight that decides when an app may be
 * freed. The probes themselves are real, against the demo backends
 * (demo.c, threads on loopback); resolution is refused at a closed
 * loopback port. Never the machine's resolver.
 */
#include "config.h"

#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "clock.h"
#include "demo.h"
#include "net.h"
#include "pool.h"
#include "probe.h"
#include "profile.h"
#include "xmem.h"
#include "../tap.h"

/* --- the fake pool ---------------------------------------------------- */

struct fake_job {
	pool_fn		 fn;
	void		*arg;
	void		(*free_fn)(void *);
	uint32_t	 key;
};

struct pool {
	struct fake_job	*q;
	size_t		 head, n, cap;
	size_t		 submitted;
	atomic_bool	 cancel;
};

enum status
pool_new(unsigned nthreads, unsigned cap, struct pool **out, char *err,
    size_t errlen)
{
	(void)nthreads;
	(void)cap;
	(void)err;
	(void)errlen;
	*out = xcalloc(1, sizeof **out);
	atomic_init(&(*out)->cancel, false);
	return ST_OK;
}

void
pool_submit(struct pool *p, pool_fn fn, void *arg, void (*free_fn)(void *),
    uint32_t key)
{
	if (p->head + p->n == p->cap) {
		if (p->n > 0)
			memmove(p->q, p->q + p->head, p->n * sizeof *p->q);
		p->head = 0;
		if (p->n == p->cap) {
			p->cap = p->cap ? p->cap * 2 : 64;
			p->q = xreallocarray(p->q, p->cap, sizeof *p->q);
		}
	}
	p->q[p->head + p->n++] = (struct fake_job){ fn, arg, free_fn, key };
	p->submitted++;
}

size_t
pool_key_count(struct pool *p)
{
	(void)p;
	return 0;
}

size_t
pool_pending(struct pool *p)
{
	return p->n;
}

void
pool_cancel_all(struct pool *p)
{
	while (p->n > 0) {
		p->q[p->head].free_fn(p->q[p->head].arg);
		p->head++;
		p->n--;
	}
}

void
pool_free(struct pool *p)
{
	if (p == NULL)
		return;
	pool_cancel_all(p);
	free(p->q);
	free(p);
}

/* Runs the queued jobs, those they queue too, on this thread. */
static size_t
run_jobs(struct pool *p)
{
	size_t n = 0;

	while (p->n > 0 && n < 10000) {
		struct fake_job j = p->q[p->head++];

		p->n--;
		j.fn(j.arg, &p->cancel);
		n++;
	}
	return n;
}

/* --- the setting ------------------------------------------------------ */

static struct profile_set	 set;
static const struct profile	*cols[4];
static size_t			 n_cols;
static struct probe_env		*env;
static struct demo		*demo;

static void
base_options(struct options *o)
{
	struct demo_backend_info info[DEMO_MAX_ADDRS];
	size_t i, n = demo_backends(demo, info, DEMO_MAX_ADDRS);

	options_defaults(o);
	snprintf(o->target.host, sizeof o->target.host, "%s", DEMO_HOST);
	o->target.port = demo_port(demo);
	o->have_target = true;
	snprintf(o->resolve[0].host, sizeof o->resolve[0].host, "%s",
	    DEMO_HOST);
	o->resolve[0].port = o->target.port;
	for (i = 0; i < n; i++)
		o->resolve[0].addrs[i] = info[i].addr;
	o->resolve[0].n_addrs = n;
	o->n_resolve = 1;
	o->timeout_ms = 3000;
}

static int
setup(void)
{
	struct probe_env_config	cfg;
	char			err[512];
	const char		*want[] = { "python-3.9", "python-3.12",
				    "java-8", "curl-7.88" };
	size_t			i;

	if (profile_set_load_dir(SRCDIR "/data/profiles", &set, err,
	    sizeof err) != ST_OK)
		return tap_bail(err);
	for (i = 0; i < 4; i++)
		if ((cols[n_cols] = profile_set_find(&set, want[i])) != NULL)
			n_cols++;
	if (n_cols < 3)
		return tap_bail("the profiles of the test are missing");
	if (demo_start(&demo, err, sizeof err) != ST_OK)
		return tap_bail(err);
	memset(&cfg, 0, sizeof cfg);
	cfg.ca_pem = demo_ca_pem(demo);
	cfg.trust_dir = SRCDIR "/data/trust";
	cfg.profiles = cols;
	cfg.n_profiles = n_cols;
	cfg.no_fetch = true;
	if (probe_env_build(&cfg, &env, err, sizeof err) != ST_OK)
		return tap_bail(err);
	return 0;
}

/* A new app on a fresh fake pool. */
static struct app *
new_app(const struct options *o, struct pool **pool)
{
	struct app	*a = NULL;
	char		 err[512];

	pool_new(1, 1, pool, err, sizeof err);
	if (app_new_shared(o, cols, n_cols, env, *pool, 0, &a, err,
	    sizeof err) != ST_OK) {
		tap_diag(err);
		return NULL;
	}
	return a;
}

/*
 * Runs the app to rest: jobs, then their events, until no job is left.
 * At every step the app's count of jobs in flight must be what the pool
 * holds plus what ran and was not drained yet.
 */
static bool
drive(struct app *a, struct pool *p, bool *count_ok)
{
	size_t	i, ran;

	for (i = 0; i < 1000; i++) {
		if (app_jobs_in_flight(a) != p->n)
			*count_ok = false;
		ran = run_jobs(p);
		/* ran, their ends not drained: still in flight */
		if (ran > 0 && app_jobs_in_flight(a) != ran)
			*count_ok = false;
		app_process(a);
		if (ran == 0 && p->n == 0)
			return true;
	}
	return false;
}

/* --- the tests -------------------------------------------------------- */

/* The jobs handed out at the start when no cell waits for the scan. */
static size_t
probe_all_jobs(const struct options *base)
{
	struct options	 o = *base;
	struct pool	*p;
	struct app	*a;
	size_t		 n;

	o.probe_all = true;
	if ((a = new_app(&o, &p)) == NULL)
		return 0;
	app_start(a);
	n = p->n;
	/* jobs still queued: the pool goes first (app.h) */
	pool_free(p);
	app_free(a);
	return n;
}

static void
test_rows_and_cells(void)
{
	struct options		 o;
	struct pool		*p;
	struct app		*a;
	const struct model	*m;
	struct model_counts	 n;
	bool			 count_ok = true;
	size_t			 r, c, settled = 0, queued;

	base_options(&o);
	if ((a = new_app(&o, &p)) == NULL)
		return;
	m = app_model(a);
	ok(!app_complete(a), "before the start: not complete");
	app_start(a);
	is_int(model_rows(m), o.resolve[0].n_addrs, "a row per --resolve "
	    "address, at the start");
	queued = p->n;
	ok(queued > 0, "jobs handed to the pool");
	is_int(app_jobs_in_flight(a), queued, "each counted in flight");
	/* the scan holds the other columns: only the first goes out */
	ok(queued < probe_all_jobs(&o), "cells held for the scan: %zu jobs, "
	    "%zu with --probe-all", queued, probe_all_jobs(&o));
	for (r = 0; r < model_rows(m); r++)
		for (c = 1; c < n_cols; c++)
			if (model_cell(m, r, c)->state != CELL_PENDING)
				count_ok = false;
	ok(count_ok, "held cells are pending");
	ok(!app_complete(a), "jobs out: not complete");
	ok(drive(a, p, &count_ok), "the run comes to rest");
	ok(count_ok, "in flight: what the pool holds, then what ran until "
	    "its end is drained");
	n = model_count(m);
	is_int(n.done, n.total, "every cell done");
	is_int(n.scans_done, n.scans, "every scan done");
	ok(app_complete(a), "complete");
	is_int(app_jobs_in_flight(a), 0, "no job in flight: may be freed");
	for (r = 0; r < model_rows(m); r++)
		for (c = 0; c < n_cols; c++) {
			const struct model_cell *cl = model_cell(m, r, c);

			if (cl->result != NULL && cl->result->by_enumeration)
				settled++;
		}
	ok(settled > 0, "cells settled by the scan, without a probe (%zu)",
	    settled);
	/* a re-probe of one cell: one more job, the cell pending again */
	app_reprobe(a, 0, 0);
	ok(!app_complete(a) && p->n == 1 && app_jobs_in_flight(a) == 1,
	    "a re-probe: one job in flight, not complete");
	ok(drive(a, p, &count_ok) && app_complete(a),
	    "complete again after it");
	app_free(a);
	pool_free(p);
}

static void
test_pause(void)
{
	struct options	 o;
	struct pool	*p;
	struct app	*a;
	size_t		 held;
	bool		 count_ok = true;

	base_options(&o);
	o.no_scan = true;
	if ((a = new_app(&o, &p)) == NULL)
		return;
	app_set_paused(a, true);
	app_start(a);
	ok(app_paused(a), "paused");
	is_int(p->submitted, 0, "paused: nothing handed to the pool");
	held = app_held(a);
	ok(held > 0, "the probes wait (%zu)", held);
	is_int(app_jobs_in_flight(a), 0, "held jobs are not in flight");
	app_set_paused(a, false);
	is_int(p->n, held, "resumed: every held job handed out");
	is_int(app_held(a), 0, "none left held");
	is_int(app_jobs_in_flight(a), held, "and each counted in flight");
	ok(drive(a, p, &count_ok) && app_complete(a), "then complete");
	ok(count_ok, "the count held at every step");
	app_free(a);
	pool_free(p);
}

/* A resolver that refuses: a closed UDP port on loopback. */
static void
test_rounds(void)
{
	struct options	 o;
	struct pool	*p;
	struct app	*a;
	bool		 count_ok = true, ticked = false;
	uint64_t	 until;
	int		 due;

	base_options(&o);
	o.n_resolve = 0;
	o.n_dns = 1;
	netaddr_parse("127.0.0.1", &o.dns[0].addr);
	o.dns[0].port = 9;		/* discard: nothing listens */
	o.samples = 2;
	o.interval_ms = 20;
	o.timeout_ms = 500;
	if ((a = new_app(&o, &p)) == NULL)
		return;
	app_start(a);
	is_int(p->n, 1, "round 1: one job for the one resolver");
	ok(!app_complete(a), "a round running: not complete");
	ok(drive(a, p, &count_ok), "round 1 answered");
	is_int(model_rounds_done(app_model(a)), 1, "the model shows one "
	    "sample");
	ok(!app_complete(a), "1 of 2 rounds: not complete (the scheduler "
	    "knows the plan, not the model)");
	due = app_next_timer_ms(a);
	ok(due >= 0 && due <= 20, "the next round is due within --interval "
	    "(%d ms)", due);
	until = clock_ms() + 2000;
	while (clock_ms() < until && !(ticked = app_tick(a)))
		poll(NULL, 0, app_next_timer_ms(a) > 0 ?
		    app_next_timer_ms(a) : 1);
	ok(ticked, "app_tick starts round 2 when it is due");
	ok(drive(a, p, &count_ok), "round 2 answered");
	is_int(model_rounds_done(app_model(a)), 2, "two samples");
	is_int(model_resolve_state(app_model(a)), RESOLVE_FAILED,
	    "no address: resolution failed");
	ok(app_complete(a), "every planned round: complete");
	is_int(app_next_timer_ms(a), -1, "no round after the plan");
	ok(count_ok, "the count held at every step");
	app_free(a);
	pool_free(p);
}

/* An app freed with jobs still queued: their free_fn runs, nothing
 * leaks (ASan). */
static void
test_free_with_jobs(void)
{
	struct options	 o;
	struct pool	*p;
	struct app	*a;

	base_options(&o);
	if ((a = new_app(&o, &p)) == NULL)
		return;
	app_start(a);
	ok(app_jobs_in_flight(a) > 0, "jobs in flight");
	pool_cancel_all(p);
	ok(app_jobs_in_flight(a) > 0, "dropped, but their ends not drained");
	app_process(a);
	is_int(app_jobs_in_flight(a), 0, "dropped jobs end too: 0 in flight");
	app_free(a);
	pool_free(p);
}

int
main(void)
{
	if (setup() != 0)
		return 1;
	test_rows_and_cells();
	test_pause();
	test_rounds();
	test_free_with_jobs();
	probe_env_free(env);
	demo_stop(demo);
	profile_set_cleanup(&set);
	return tap_done();
}
