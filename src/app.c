/*
 * app.c: the scheduler between options, workers and the model (app.h).
 *
 * This file holds the app's life, one step of the event loop
 * (app_process: every event drained and handed to the part of the
 * scheduler it belongs to), the rows (app_add_address), pausing and the
 * re-probe requests of the TUI. Probes are in app_probe.c, scans and the
 * cells they settle in app_scan.c, resolution rounds in app_resolve.c;
 * app_int.h says who owns what. Main thread only.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app_int.h"
#include "conn.h"
#include "trace.h"
#include "xmem.h"

#define APP_DRAIN_BATCH	64

void
app_event_free(struct event *ev)
{
	switch (ev->kind) {
	case APP_EV_RESOLVED: {
		struct resolve_done *rd = ev->payload;

		resolve_result_cleanup(&rd->res);
		free(rd);
		break;
	}
	case APP_EV_PROBE_DONE: {
		struct probe_done *pd = ev->payload;

		free(pd->result);
		free(pd);
		break;
	}
	case APP_EV_SCAN_DONE: {
		struct scan_done *sd = ev->payload;

		scan_part_free(sd->part);
		free(sd);
		break;
	}
	}
}

/* A row's key in the pool: distinct across the apps sharing one pool. */
static uint32_t
pool_key(const struct app *a, uint32_t key)
{
	return key == POOL_NO_KEY ? key : a->key_base + key;
}

/*
 * A job of this app in the pool. The wrapper's last act, run or dropped
 * unrun, is an APP_EV_JOB_END push; the job counts in a->in_flight until
 * app_process drains that event, so app_jobs_in_flight() == 0 means no
 * worker will touch the app's queue again (evq_push wakes under the
 * queue's lock).
 */
struct app_job {
	pool_fn		 fn;
	void		*arg;
	void		(*free_fn)(void *);
	struct evq	*q;
};

static void
job_end(struct app_job *j)
{
	struct event	ev = { APP_EV_JOB_END, NULL };
	struct evq	*q = j->q;

	free(j);
	evq_push(q, &ev);
}

static void
run_app_job(void *arg, const atomic_bool *cancel)
{
	struct app_job	*j = arg;

	j->fn(j->arg, cancel);
	job_end(j);
}

static void
drop_app_job(void *arg)
{
	struct app_job	*j = arg;

	j->free_fn(j->arg);
	job_end(j);
}

/* Hands a job to the pool now, counted in a->in_flight. */
void
app_pool_submit(struct app *a, pool_fn fn, void *arg,
    void (*free_fn)(void *), uint32_t key)
{
	struct app_job	*j = xmalloc(sizeof *j);

	j->fn = fn;
	j->arg = arg;
	j->free_fn = free_fn;
	j->q = a->q;
	a->in_flight++;
	pool_submit(a->pool, run_app_job, j, drop_app_job, pool_key(a, key));
}

/* Hands a probe or scan to the pool, or holds it while paused. */
void
app_submit_job(struct app *a, pool_fn fn, void *arg,
    void (*free_fn)(void *), uint32_t key)
{
	if (!a->paused) {
		app_pool_submit(a, fn, arg, free_fn, key);
		return;
	}
	if (a->n_deferred == a->cap_deferred) {
		a->cap_deferred = a->cap_deferred ? a->cap_deferred * 2 : 64;
		a->deferred = xreallocarray(a->deferred, a->cap_deferred,
		    sizeof *a->deferred);
	}
	a->deferred[a->n_deferred].fn = fn;
	a->deferred[a->n_deferred].arg = arg;
	a->deferred[a->n_deferred].free_fn = free_fn;
	a->deferred[a->n_deferred].key = key;
	a->n_deferred++;
}

static const char *
label_for(const struct app *a, const struct netaddr *addr)
{
	size_t i;

	for (i = 0; i < a->n_labels; i++)
		if (netaddr_equal(&a->labels[i].addr, addr))
			return a->labels[i].label;
	return NULL;
}

/* Whether -4 / -6 let addr in. */
bool
app_family_ok(const struct app *a, const struct netaddr *addr)
{
	if (a->o->family == RESOLVER_V4 && addr->family != NETADDR_V4)
		return false;
	if (a->o->family == RESOLVER_V6 && addr->family != NETADDR_V6)
		return false;
	return true;
}

/* Adds a row for addr:port and probes it with every column, if new. */
static void
add_row(struct app *a, const struct netaddr *addr, uint16_t port,
    uint32_t ttl, const char *source)
{
	size_t before = model_rows(a->m), row, col;

	if (!app_family_ok(a, addr))
		return;
	row = model_add_row_port(a->m, addr, port, ttl, source,
	    label_for(a, addr));
	if (row < before)
		return;		/* already known */
	trace_event("address row=%zu source=%s addr=%s", row, source,
	    model_row(a->m, row)->text);
	/*
	 * The scan with the first column's probe in its first wave, so the
	 * first cell shows one handshake after the address does; the scan's
	 * first stage holds the longest chains of round trips. The other
	 * columns wait for the scan's versions and suites, which settle the
	 * cells they make certain without a connection (app_settling_on).
	 */
	if (!a->o->no_scan) {
		app_submit_scan(a, row, model_cols(a->m) > 0);
	} else if (app_sharing_on(a)) {
		/* Every column at once: those with one hello share it. */
		struct cell_gen *all = xcalloc(model_cols(a->m) + 1,
		    sizeof *all);

		for (col = 0; col < model_cols(a->m); col++) {
			all[col].col = (uint32_t)col;
			all[col].gen = model_cell_begin(a->m, row, col);
		}
		app_submit_probes(a, row, all, model_cols(a->m));
		free(all);
		return;
	} else if (model_cols(a->m) > 0)
		app_submit_cell(a, row, 0);
	for (col = 1; col < model_cols(a->m); col++)
		app_submit_or_hold(a, row, col);
}

/* A row per port of the target (HOST:PORT,PORT or --ports, #17). */
void
app_add_address(struct app *a, const struct netaddr *addr, uint32_t ttl,
    const char *source)
{
	size_t i;

	if (a->o->n_ports < 2) {
		add_row(a, addr, a->o->target.port, ttl, source);
		return;
	}
	for (i = 0; i < a->o->n_ports; i++)
		add_row(a, addr, a->o->ports[i], ttl, source);
}

static const struct resolve_entry *
find_override(const struct options *o)
{
	size_t i;

	for (i = 0; i < o->n_resolve; i++)
		if (strcasecmp(o->resolve[i].host, o->target.host) == 0 &&
		    o->resolve[i].port == o->target.port)
			return &o->resolve[i];
	return NULL;
}

/* "system", "127.0.0.1:5353, [::1]:53", "--resolve" or "demo". */
static char *
describe_resolvers(const struct options *o)
{
	char buf[NETADDR_MAX_DNS * (NETADDR_TEXT_MAX + 8)] = "";
	char one[NETADDR_TEXT_MAX + 8];
	size_t i;

	if (o->demo)
		return xstrdup("built-in demo (no DNS)");
	if (o->target.is_literal)
		return xstrdup("none (IP address)");
	if (find_override(o) != NULL)
		return xstrdup("--resolve");
	if (o->n_dns == 0)
		return xstrdup("system");
	for (i = 0; i < o->n_dns; i++) {
		netaddr_format_port(&o->dns[i].addr, o->dns[i].port, one,
		    sizeof one);
		if (i > 0)
			strncat(buf, ", ", sizeof buf - strlen(buf) - 1);
		strncat(buf, one, sizeof buf - strlen(buf) - 1);
	}
	return xstrdup(buf);
}

enum status
app_new(const struct options *o, const struct profile *const *cols,
    size_t n_cols, const struct probe_env *env, struct app **out, char *err,
    size_t errlen)
{
	return app_new_shared(o, cols, n_cols, env, NULL, 0, out, err, errlen);
}

enum status
app_new_shared(const struct options *o, const struct profile *const *cols,
    size_t n_cols, const struct probe_env *env, struct pool *pool,
    uint32_t key_base, struct app **out, char *err, size_t errlen)
{
	struct app *a = xcalloc(1, sizeof *a);
	enum status st;
	char *resolvers;
	size_t i;

	*out = NULL;
	a->o = o;
	a->env = env;
	a->probe_host = o->sni != NULL ? o->sni : o->target.host;
	a->key_base = key_base;
	st = evq_new(&a->q, err, errlen);
	if (st != ST_OK)
		goto fail;
	if (pool != NULL) {
		a->pool = pool;
	} else {
		st = pool_new(o->jobs, o->per_address, &a->pool, err,
		    errlen);
		if (st != ST_OK)
			goto fail;
		a->owns_pool = true;
	}
	resolvers = describe_resolvers(o);
	a->m = model_new(o->target.host, o->target.port, a->probe_host,
	    resolvers);
	free(resolvers);
	model_set_ports(a->m, o->ports, o->n_ports);
	{
		char px[NETADDR_HOST_MAX + 64];

		conn_describe(px, sizeof px);
		model_set_proxy(a->m, px);
	}
	for (i = 0; i < n_cols; i++)
		model_add_column(a->m, cols[i]);
	if (!o->target.is_literal && find_override(o) == NULL) {
		char name[NETADDR_TEXT_MAX + 8];

		/* One resolver per --dns server: compared, not failed over. */
		for (i = 0; i < o->n_dns; i++) {
			netaddr_format_port(&o->dns[i].addr, o->dns[i].port,
			    name, sizeof name);
			model_add_resolver(a->m, name);
		}
		if (o->n_dns == 0)
			model_add_resolver(a->m, "system");
		a->n_res = model_resolver_count(a->m);
		a->rounds_planned = o->samples > 0 ? o->samples : 1;
	}
	*out = a;
	return ST_OK;
fail:
	app_free(a);
	return st;
}

void
app_label_address(struct app *a, const struct netaddr *addr,
    const char *label)
{
	a->labels = xreallocarray(a->labels, a->n_labels + 1,
	    sizeof *a->labels);
	a->labels[a->n_labels].addr = *addr;
	a->labels[a->n_labels].label = xstrdup(label);
	a->n_labels++;
}

void
app_start(struct app *a)
{
	const struct options *o = a->o;
	const struct resolve_entry *ov;
	size_t i;

	if (o->target.is_literal) {
		app_add_address(a, &o->target.literal, 0, "literal");
		model_set_resolved(a->m, RESOLVE_DONE, NULL, NULL);
		return;
	}
	if ((ov = find_override(o)) != NULL) {
		for (i = 0; i < ov->n_addrs; i++)
			app_add_address(a, &ov->addrs[i], 0,
			    o->demo ? "demo" : "--resolve");
		model_set_resolved(a->m, RESOLVE_DONE, NULL, NULL);
		return;
	}
	app_start_round(a);
}

int
app_fd(const struct app *a)
{
	return evq_fd(a->q);
}

bool
app_process(struct app *a)
{
	struct event evs[APP_DRAIN_BATCH];
	size_t n, i;
	bool changed = false;

	while ((n = evq_drain(a->q, evs, APP_DRAIN_BATCH)) > 0) {
		for (i = 0; i < n; i++) {
			switch (evs[i].kind) {
			case APP_EV_RESOLVED:
				app_resolved(a, evs[i].payload);
				changed = true;
				break;
			case APP_EV_PROBE_DONE:
				if (app_probe_done(a, evs[i].payload))
					changed = true;
				break;
			case APP_EV_SCAN_DONE:
				if (app_scan_done(a, evs[i].payload))
					changed = true;
				break;
			case APP_EV_JOB_END:
				if (a->in_flight > 0)
					a->in_flight--;
				break;
			default:
				app_event_free(&evs[i]);
				break;
			}
		}
	}
	return changed;
}

const struct model *
app_model(const struct app *a)
{
	return a->m;
}

void
app_reprobe(struct app *a, size_t row, size_t col)
{
	if (row < model_rows(a->m) && col < model_cols(a->m))
		app_submit_cell(a, row, col);
}

void
app_reprobe_n(struct app *a, size_t row, size_t col, unsigned repeats)
{
	if (row < model_rows(a->m) && col < model_cols(a->m))
		app_submit_cell_n(a, row, col, repeats);
}

void
app_rescan(struct app *a, size_t row)
{
	if (row < model_rows(a->m) && !a->o->no_scan)
		app_submit_scan(a, row, false);
}

void
app_reprobe_row(struct app *a, size_t row)
{
	size_t col;

	if (row >= model_rows(a->m))
		return;
	for (col = 0; col < model_cols(a->m); col++)
		app_submit_cell(a, row, col);
	app_rescan(a, row);
}

void
app_reprobe_col(struct app *a, size_t col)
{
	size_t row;

	if (col >= model_cols(a->m))
		return;
	for (row = 0; row < model_rows(a->m); row++)
		app_submit_cell(a, row, col);
}

void
app_reprobe_all(struct app *a)
{
	size_t row;

	for (row = 0; row < model_rows(a->m); row++)
		app_reprobe_row(a, row);
}

size_t
app_add_column(struct app *a, const struct profile *p)
{
	size_t col = model_cols(a->m), row;

	model_add_column(a->m, p);
	for (row = 0; row < model_rows(a->m); row++)
		app_submit_or_hold(a, row, col);
	return col;
}

void
app_set_paused(struct app *a, bool paused)
{
	size_t i;

	a->paused = paused;
	if (paused)
		return;
	/* In the order they were held, so the first rows come first. */
	for (i = 0; i < a->n_deferred; i++)
		app_pool_submit(a, a->deferred[i].fn, a->deferred[i].arg,
		    a->deferred[i].free_fn, a->deferred[i].key);
	a->n_deferred = 0;
}

bool
app_paused(const struct app *a)
{
	return a->paused;
}

size_t
app_held(const struct app *a)
{
	return a->n_deferred;
}

bool
app_complete(const struct app *a)
{
	/* A plan of rounds: every one started and none running. Live
	 * rounds (no plan) do not make a finished matrix incomplete. */
	if (a->n_res > 0 && a->rounds_planned != 0 && (a->round_left > 0 ||
	    a->round < a->rounds_planned))
		return false;
	return model_cells_done(a->m);
}

size_t
app_jobs_in_flight(const struct app *a)
{
	return a->in_flight;
}

void
app_free(struct app *a)
{
	size_t i;

	if (a == NULL)
		return;
	/* Workers first: after the join nothing pushes any more. On a
	 * shared pool, the owner frees an app once app_jobs_in_flight() is
	 * 0, or after stopping the pool. */
	if (a->owns_pool)
		pool_free(a->pool);
	for (i = 0; i < a->n_deferred; i++)
		a->deferred[i].free_fn(a->deferred[i].arg);
	free(a->deferred);
	app_scans_free(a);
	if (a->q != NULL)
		evq_free(a->q, app_event_free);
	model_free(a->m);
	for (i = 0; i < a->n_labels; i++)
		free(a->labels[i].label);
	free(a->labels);
	free(a);
}
