/*
 * app.c: the scheduler between options, workers and the model (app.h).
 *
 * Main thread only, apart from the two job functions, which run on
 * workers and touch nothing but their own task and the event queue. The
 * life of one probe: app_submit_cell() bumps the cell's generation and
 * queues a probe_task (a copy of everything the worker needs) keyed by the
 * row, so the pool's per-key cap limits connections per address; the
 * worker runs probe_run() and pushes EV_PROBE_DONE with the heap result;
 * app_process() hands it to model_cell_finish(), which drops it if the
 * cell was re-probed since (stale generation). Cells of a row submitted
 * together whose profiles send the same ClientHello go as one task
 * (submit_probes): one exchange, one EV_PROBE_DONE per cell.
 *
 * Resolution runs in rounds: each round asks every resolver (the system's,
 * or each --dns server on its own) as one pool job, in parallel; each
 * answer is applied as it comes (new addresses become rows and are probed
 * at once) and the round ends when every resolver has answered or failed.
 * Rounds repeat for --samples, or for as long as the TUI runs; the next
 * one is due after --interval (or the smallest TTL, in the TUI). There is
 * no timer thread: front ends ask app_next_timer_ms() how long they may
 * sleep and call app_tick() when it is due.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app.h"
#include "clock.h"
#include "evq.h"
#include "explain.h"
#include "pool.h"
#include "scan.h"
#include "trace.h"
#include "xmem.h"

#define APP_DRAIN_BATCH	64
#define APP_BATCH_INTERVAL_MS	1000	/* --samples without --interval */
#define APP_LIVE_MIN_MS		5000	/* TUI, by TTL: at least this */
#define APP_LIVE_MAX_MS		30000	/* TUI: at most, and when no TTL */
#define APP_ERRS_MAX		1024	/* the summary of every failure */

struct app_label {
	struct netaddr	 addr;
	char		*label;
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
	struct app_label	*labels;
	size_t			 n_labels;

	size_t			 n_res;		/* resolvers; 0: no DNS */
	bool			 live;		/* the TUI: rounds never end */
	unsigned		 round;		/* rounds started */
	size_t			 round_left;	/* answers awaited */
	uint64_t		 next_round_ms;	/* clock_ms(); 0: none due */

	/* Paused (the TUI's p): probes and scans wait here, in order. */
	bool			 paused;
	struct app_deferred	*deferred;
	size_t			 n_deferred, cap_deferred;

	struct app_scan		*scans;		/* by row */
	size_t			 n_scans;
};

/* A job held back while paused. */
struct app_deferred {
	pool_fn			 fn;
	void			*arg;
	void			(*free_fn)(void *);
	uint32_t		 key;
};

/*
 * The scan of one row, in stages of parts (scan.h); main thread. While
 * it runs, the row's cells other than the first wait in held[] (by
 * column, with their generation) for its versions and suites: a cell
 * they settle needs no connection (settle_held).
 */
struct app_scan {
	struct scan_work	*work;		/* NULL: none running */
	uint32_t		 gen;
	uint32_t		*held;		/* by column; 0: not held */
	size_t			 n_held;
	bool			 released;	/* suites known: none held */
	bool			 lead_probe;	/* the first column's probe is to
						 * go out with the first parts */
	struct server_info	*known;		/* what released them, until
						 * the scan ends */
};

/*
 * Everything one probe needs, copied so the worker shares nothing but
 * the profiles (read-only): one cell, or the cells of one row whose
 * profiles send the same ClientHello, judged on one exchange
 * (probe_run_shared), each under its own generation.
 */
struct probe_task {
	struct probe_job	 job;		/* job.profile: cells[0]'s */
	struct evq		*q;
	uint32_t		 row;
	size_t			 n;
	struct probe_task_cell {
		uint32_t		 col, gen;
		const struct profile	*profile;
	}			 cells[];
};

/* One part of a row's scan: the part is the worker's until pushed. */
struct scan_task {
	struct scan_part	*part;
	struct evq		*q;
	uint32_t		 row, gen;
};

struct resolve_task {
	char			 name[NETADDR_HOST_MAX + 1];
	struct resolver_opts	 ropts;
	struct dns_server	 server;	/* ropts.servers points here */
	struct evq		*q;
	uint32_t		 resolver, round;
};

/* The peeked suites are only needed while the scan runs. */
static void
drop_known(struct app_scan *sc)
{
	if (sc->known == NULL)
		return;
	server_info_cleanup(sc->known);
	free(sc->known);
	sc->known = NULL;
}

static void trace_cell(const struct app *a, size_t row, size_t col);

/* Worker: one exchange, then one result per cell to the main thread. */
static void
run_probe(void *arg, const atomic_bool *cancel)
{
	struct probe_task *t = arg;
	const struct profile **profiles = xcalloc(t->n, sizeof *profiles);
	struct probe_result *res = xcalloc(t->n, sizeof *res), *one;
	struct event ev;
	size_t i;

	for (i = 0; i < t->n; i++)
		profiles[i] = t->cells[i].profile;
	probe_run_shared(&t->job, profiles, t->n, cancel, res);
	for (i = 0; i < t->n; i++) {
		/* The model takes each result on its own. */
		one = xmalloc(sizeof *one);
		*one = res[i];
		ev.kind = EV_PROBE_DONE;
		ev.row = t->row;
		ev.col = t->cells[i].col;
		ev.gen = t->cells[i].gen;
		ev.payload = one;
		evq_push(t->q, &ev);
	}
	free(res);
	free(profiles);
	free(t);
}

/* Worker: one part of an address's enumeration. */
static void
run_scan(void *arg, const atomic_bool *cancel)
{
	struct scan_task *t = arg;
	struct event ev;

	scan_part_run(t->part, cancel);
	ev.kind = EV_SCAN_DONE;
	ev.row = t->row;
	ev.col = 0;
	ev.gen = t->gen;
	ev.payload = t->part;
	evq_push(t->q, &ev);
	free(t);
}

/* A scan part dropped unrun. */
static void
free_scan_task(void *arg)
{
	struct scan_task *t = arg;

	scan_part_free(t->part);
	free(t);
}

/* Worker: resolve the target name with c-ares. */
static void
run_resolve(void *arg, const atomic_bool *cancel)
{
	struct resolve_task *t = arg;
	struct resolve_event *re = xcalloc(1, sizeof *re);
	struct event ev = { EV_RESOLVED, 0, 0, 0, NULL };

	if (t->ropts.n_servers > 0)
		t->ropts.servers = &t->server;	/* the copy moved with t */
	re->st = resolver_run(t->name, &t->ropts, cancel, &re->res, re->err,
	    sizeof re->err);
	ev.row = t->resolver;
	ev.gen = t->round;
	ev.payload = re;
	evq_push(t->q, &ev);
	free(t);
}

static void
free_event(struct event *ev)
{
	if (ev->kind == EV_RESOLVED && ev->payload != NULL)
		resolve_result_cleanup(&((struct resolve_event *)
		    ev->payload)->res);
	if (ev->kind == EV_SCAN_DONE) {
		scan_part_free(ev->payload);
		return;
	}
	free(ev->payload);
}

/* A row's key in the pool: distinct across the apps sharing one pool. */
static uint32_t
pool_key(const struct app *a, uint32_t key)
{
	return key == POOL_NO_KEY ? key : a->key_base + key;
}

/* Hands a probe or scan to the pool, or holds it while paused. */
static void
app_submit_free(struct app *a, pool_fn fn, void *arg,
    void (*free_fn)(void *), uint32_t key)
{
	if (!a->paused) {
		pool_submit(a->pool, fn, arg, free_fn, pool_key(a, key));
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

static void
app_submit(struct app *a, pool_fn fn, void *arg, uint32_t key)
{
	app_submit_free(a, fn, arg, free, key);
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

/* A cell to probe under the generation it was begun with. */
struct cell_gen {
	uint32_t	col, gen;
};

/* Queues one exchange for the n cells of row (n = 1: its own). */
static void
submit_task(struct app *a, size_t row, const struct cell_gen *cells,
    size_t n)
{
	struct probe_task *t = xcalloc(1, sizeof *t + n * sizeof *t->cells);
	size_t i;

	t->row = (uint32_t)row;
	t->n = n;
	t->q = a->q;
	for (i = 0; i < n; i++) {
		t->cells[i].col = cells[i].col;
		t->cells[i].gen = cells[i].gen;
		t->cells[i].profile = model_col(a->m, cells[i].col);
	}
	t->job.addr = model_row(a->m, row)->addr;
	t->job.port = a->o->target.port;
	t->job.profile = t->cells[0].profile;
	t->job.env = a->env;
	t->job.host = a->probe_host;
	t->job.timeout_ms = a->o->timeout_ms;
	t->job.backend = a->o->method;
	app_submit(a, run_probe, t, (uint32_t)row);
}

/* Probes a cell `repeats` times under one new generation. */
static void
submit_cell_n(struct app *a, size_t row, size_t col, unsigned repeats)
{
	struct cell_gen c = { (uint32_t)col,
	    model_cell_begin_n(a->m, row, col, repeats) };
	unsigned i;

	for (i = 0; i < repeats; i++)
		submit_task(a, row, &c, 1);
}

/*
 * Whether cells of a row submitted together may share one exchange:
 * profiles that send the same ClientHello get the same answer, judged
 * once per profile (probe_run_shared). Not with --repeat, whose samples
 * are each a connection of their own, nor --probe-all (every cell on its
 * own), nor the OpenSSL backend, which cannot send a profile's hello.
 */
static bool
sharing_on(const struct app *a)
{
	return !a->o->probe_all && a->o->repeat <= 1 &&
	    a->o->method != PROBE_BACKEND_OPENSSL;
}

/*
 * Probes cells of row, in order: with sharing, one task per group of
 * cells with equal share keys (probe_share_key), else one per cell.
 */
static void
submit_probes(struct app *a, size_t row, const struct cell_gen *cells,
    size_t n)
{
	uint8_t *scratch, **keys;
	size_t *lens, i, j, k, used;
	struct cell_gen *group;
	bool *taken;
	char ids[512];

	if (!sharing_on(a) || n < 2) {
		for (i = 0; i < n; i++)
			submit_task(a, row, &cells[i], 1);
		return;
	}
	scratch = xmalloc(PROBE_SHARE_KEY_MAX);
	keys = xcalloc(n, sizeof *keys);
	lens = xcalloc(n, sizeof *lens);
	taken = xcalloc(n, sizeof *taken);
	group = xcalloc(n, sizeof *group);
	for (i = 0; i < n; i++) {
		if (!probe_share_key(model_col(a->m, cells[i].col),
		    a->probe_host, scratch, PROBE_SHARE_KEY_MAX, &lens[i]))
			continue;
		keys[i] = xmalloc(lens[i]);
		memcpy(keys[i], scratch, lens[i]);
	}
	for (i = 0; i < n; i++) {
		if (taken[i])
			continue;
		group[0] = cells[i];
		k = 1;
		for (j = i + 1; keys[i] != NULL && j < n; j++) {
			if (taken[j] || keys[j] == NULL || lens[j] != lens[i] ||
			    memcmp(keys[j], keys[i], lens[i]) != 0)
				continue;
			taken[j] = true;
			group[k++] = cells[j];
		}
		if (k > 1 && trace_enabled()) {
			ids[0] = '\0';
			for (j = 0, used = 0; j < k && used < sizeof ids; j++)
				used += (size_t)snprintf(ids + used,
				    sizeof ids - used, "%s%s", j ? "," : "",
				    model_col(a->m, group[j].col)->id);
			trace_event("share row=%zu profiles=%s", row, ids);
		}
		submit_task(a, row, group, k);
	}
	for (i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
	free(lens);
	free(taken);
	free(group);
	free(scratch);
}

static void unhold(struct app *a, size_t row, size_t col);

static void
submit_cell(struct app *a, size_t row, size_t col)
{
	unhold(a, row, col);	/* a probe asked for now replaces the wait */
	submit_cell_n(a, row, col, a->o->repeat > 0 ? a->o->repeat : 1);
}

/* --- cells the enumeration settles -------------------------------------- */

/*
 * Whether cells may wait for the enumeration. Not with --repeat, which
 * samples what may be several backends behind one address: one scan
 * cannot speak for all of them.
 */
static bool
settling_on(const struct app *a)
{
	return !a->o->no_scan && !a->o->probe_all && a->o->repeat <= 1;
}

static struct app_scan *
scan_slot(struct app *a, size_t row)
{
	if (row >= a->n_scans) {
		a->scans = xreallocarray(a->scans, row + 1, sizeof *a->scans);
		memset(a->scans + a->n_scans, 0,
		    (row + 1 - a->n_scans) * sizeof *a->scans);
		a->n_scans = row + 1;
	}
	return &a->scans[row];
}

/* Marks the cell pending, to be settled or probed once the row's
 * versions and suites are known. */
static void
hold_cell(struct app *a, size_t row, size_t col)
{
	struct app_scan *sc = scan_slot(a, row);

	if (col >= sc->n_held) {
		sc->held = xreallocarray(sc->held, col + 1, sizeof *sc->held);
		memset(sc->held + sc->n_held, 0,
		    (col + 1 - sc->n_held) * sizeof *sc->held);
		sc->n_held = col + 1;
	}
	sc->held[col] = model_cell_begin(a->m, row, col);
	if (sc->held[col] == 0)		/* 0 means "not held" here */
		sc->held[col] = model_cell_begin(a->m, row, col);
}

static void
unhold(struct app *a, size_t row, size_t col)
{
	if (row < a->n_scans && col < a->scans[row].n_held)
		a->scans[row].held[col] = 0;
}

/*
 * The cell's result when the enumeration makes its failure certain: a
 * refusal by the lists (the server's side), or no TCP connection at all
 * (the network's: error is the enumeration's line, NULL for a refusal).
 */
static struct probe_result *
settled_result(enum fail_reason why, const char *error)
{
	struct probe_result *r = xmalloc(sizeof *r);

	result_init(r);
	r->outcome = PROBE_FAILED;
	r->reason = why;
	r->method = "enumeration";
	r->by_enumeration = true;
	if (error != NULL)
		snprintf(r->detail, sizeof r->detail, "decided from the "
		    "enumeration: no TCP connection (%.70s), no hello sent, "
		    "so no profile fares otherwise (r or --probe-all probes "
		    "it)", error);
	else
		snprintf(r->detail, sizeof r->detail, "decided from the "
		    "server's enumeration, without a connection: %s (r in the "
		    "TUI, or --probe-all, probes it)",
		    result_reason_text(why));
	return r;
}

/*
 * Settles col at row, under the generation it was held with, if si makes
 * its refusal certain: true if it did. *changed: the model changed.
 */
static bool
try_settle(struct app *a, size_t row, size_t col, uint32_t gen,
    const struct server_info *si, bool *changed)
{
	enum fail_reason why = REASON_NONE;
	const char *error = NULL;

	if (si != NULL && server_info_settles(si))
		why = explain_certain_refusal(model_col(a->m, col), si);
	else if (si != NULL && server_info_unreachable(si)) {
		why = si->error_reason;
		error = si->error;
	}
	if (why == REASON_NONE)
		return false;
	if (model_cell_finish(a->m, row, col, gen, settled_result(why,
	    error))) {
		trace_cell(a, row, col);
		*changed = true;
	}
	return true;
}

/* Settles col at row from si if si makes the outcome certain, else
 * probes it. True if the model changed. */
static bool
settle_or_probe(struct app *a, size_t row, size_t col, uint32_t gen,
    const struct server_info *si)
{
	struct cell_gen c = { (uint32_t)col, gen };
	bool changed = false;

	if (!try_settle(a, row, col, gen, si, &changed))
		submit_task(a, row, &c, 1);
	return changed;
}

/* The row's versions and suites are known (si), or its scan ended
 * without them (si NULL or unsettling): every held cell is settled or
 * probed now, those probed together (submit_probes). */
static bool
settle_held(struct app *a, size_t row, const struct server_info *si)
{
	struct app_scan *sc = scan_slot(a, row);
	struct cell_gen *probe = xcalloc(sc->n_held + 1, sizeof *probe);
	bool changed = false;
	size_t col, n = 0;

	sc->released = true;
	for (col = 0; col < sc->n_held; col++) {
		uint32_t gen = sc->held[col];

		if (gen == 0)
			continue;
		sc->held[col] = 0;
		if (!try_settle(a, row, col, gen, si, &changed)) {
			probe[n].col = (uint32_t)col;
			probe[n++].gen = gen;
		}
	}
	submit_probes(a, row, probe, n);
	free(probe);
	return changed;
}

/* A cell asked for while its row's scan runs: held until the suites
 * are known, settled by what is known, or probed. */
static void
submit_or_hold(struct app *a, size_t row, size_t col)
{
	struct app_scan *sc = row < a->n_scans ? &a->scans[row] : NULL;
	const struct model_row *rw = model_row(a->m, row);

	if (!settling_on(a) || sc == NULL) {
		submit_cell(a, row, col);
	} else if (!sc->released) {
		hold_cell(a, row, col);
	} else {
		const struct server_info *si = sc->known != NULL ? sc->known :
		    rw->scan_state == SCAN_DONE ? rw->server : NULL;

		(void)settle_or_probe(a, row, col, model_cell_begin(a->m, row,
		    col), si);
	}
}

/*
 * Hands out the parts of row's scan that are ready, one pool job each,
 * keyed by the row (so they share the address's cap with its probes),
 * or, when none is left, gives the result to the model.
 */
static bool
scan_stage(struct app *a, size_t row)
{
	struct app_scan *sc = &a->scans[row];
	struct scan_part **parts;
	struct scan_task *t;
	struct server_info *si;
	size_t n, i;

	bool changed = false;

	parts = scan_next_parts(sc->work, &n);
	/* Stopped before the server ever answered (silent, unreachable,
	 * not TLS): nothing will be known, so the held cells go now, not
	 * after the parts still out have waited out their deadlines. */
	if (!sc->released && scan_work_stopped(sc->work)) {
		struct server_info stopped;

		/* Unreachable (no TCP connection ever completed): certain
		 * for every profile; otherwise each is probed. */
		scan_work_peek(sc->work, &stopped);
		trace_event("suites row=%zu settles=%s stopped=yes", row,
		    server_info_unreachable(&stopped) ? "unreachable" : "no");
		changed = settle_held(a, row, &stopped);
		server_info_cleanup(&stopped);
	}
	if (!sc->released && scan_work_suites_known(sc->work)) {
		sc->known = xmalloc(sizeof *sc->known);
		scan_work_peek(sc->work, sc->known);
		trace_event("suites row=%zu connections=%u settles=%s", row,
		    sc->known->connections,
		    server_info_settles(sc->known) ? "yes" : "no");
		changed = settle_held(a, row, sc->known);
	}
	if (parts == NULL) {
		if (sc->lead_probe) {
			sc->lead_probe = false;
			submit_cell(a, row, 0);
		}
		if (!scan_work_done(sc->work))
			return changed;
		si = xmalloc(sizeof *si);
		scan_finish(sc->work, si);
		sc->work = NULL;
		trace_event("scan row=%zu connections=%u error=%s", row,
		    si->connections, si->error_reason == REASON_NONE ? "none" :
		    result_reason_name(si->error_reason));
		if (!sc->released && settle_held(a, row, si))
			changed = true;
		drop_known(sc);
		if (model_scan_finish(a->m, row, sc->gen, si))
			changed = true;
		return changed;
	}
	for (i = 0; i < n; i++) {
		/*
		 * The first column's probe takes the last slot of the first
		 * wave: its cell shows after one handshake, and against a
		 * silent server the parts, started first, time out first and
		 * stop the rest of the scan before the probe's slot frees.
		 */
		if (sc->lead_probe && i + 1 >= a->o->per_address) {
			sc->lead_probe = false;
			submit_cell(a, row, 0);
		}
		t = xcalloc(1, sizeof *t);
		t->part = parts[i];
		t->q = a->q;
		t->row = (uint32_t)row;
		t->gen = sc->gen;
		app_submit_free(a, run_scan, t, free_scan_task,
		    (uint32_t)row);
	}
	free(parts);
	if (sc->lead_probe) {
		sc->lead_probe = false;
		submit_cell(a, row, 0);
	}
	return changed;
}

/* Starts row's scan; lead_probe: with the first column's probe among
 * its first parts (add_address). */
static void
submit_scan(struct app *a, size_t row, bool lead_probe)
{
	struct scan_job job;
	struct app_scan *sc = scan_slot(a, row);

	scan_work_free(sc->work);	/* parts still out are stale now */
	drop_known(sc);
	/* Cells still held wait for this scan's suites instead. */
	sc->released = false;
	memset(&job, 0, sizeof job);
	sc->gen = model_scan_begin(a->m, row);
	job.addr = model_row(a->m, row)->addr;
	job.port = a->o->target.port;
	job.sni = a->o->target.is_literal && a->o->sni == NULL ?
	    NULL : a->probe_host;
	job.timeout_ms = a->o->timeout_ms;
	job.env = a->env;
	sc->work = scan_work_new(&job);
	sc->lead_probe = lead_probe;
	(void)scan_stage(a, row);
}

/* One part of row's scan came back: merged if current, then the parts
 * that waited for it (or the result). */
static bool
scan_part_done(struct app *a, uint32_t row, uint32_t gen,
    struct scan_part *part)
{
	struct app_scan *sc;

	if (row >= a->n_scans || a->scans[row].work == NULL ||
	    a->scans[row].gen != gen) {
		scan_part_free(part);
		return false;
	}
	sc = &a->scans[row];
	scan_merge(sc->work, part);
	return scan_stage(a, row);
}

/* Whether -4 / -6 let addr in. */
static bool
family_ok(const struct app *a, const struct netaddr *addr)
{
	if (a->o->family == RESOLVER_V4 && addr->family != NETADDR_V4)
		return false;
	if (a->o->family == RESOLVER_V6 && addr->family != NETADDR_V6)
		return false;
	return true;
}

/* Adds a row for addr and probes it with every column, if it is new. */
static void
add_address(struct app *a, const struct netaddr *addr, uint32_t ttl,
    const char *source)
{
	size_t before = model_rows(a->m), row, col;

	if (!family_ok(a, addr))
		return;
	row = model_add_row(a->m, addr, ttl, source, label_for(a, addr));
	if (row < before)
		return;		/* already known */
	trace_event("address row=%zu source=%s addr=%s", row, source,
	    model_row(a->m, row)->text);
	/*
	 * The scan with the first column's probe in its first wave, so the
	 * first cell shows one handshake after the address does; the scan's
	 * first stage holds the longest chains of round trips. The other
	 * columns wait for the scan's versions and suites, which settle the
	 * cells they make certain without a connection (settling_on).
	 */
	if (!a->o->no_scan) {
		submit_scan(a, row, model_cols(a->m) > 0);
	} else if (sharing_on(a)) {
		/* Every column at once: those with one hello share it. */
		struct cell_gen *all = xcalloc(model_cols(a->m) + 1,
		    sizeof *all);

		for (col = 0; col < model_cols(a->m); col++) {
			all[col].col = (uint32_t)col;
			all[col].gen = model_cell_begin(a->m, row, col);
		}
		submit_probes(a, row, all, model_cols(a->m));
		free(all);
		return;
	} else if (model_cols(a->m) > 0)
		submit_cell(a, row, 0);
	for (col = 1; col < model_cols(a->m); col++)
		submit_or_hold(a, row, col);
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
		model_set_rounds_planned(a->m, o->samples > 0 ? o->samples :
		    1);
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

/* Starts one round: every resolver asked at once, each as a pool job. */
static void
start_round(struct app *a)
{
	const struct options *o = a->o;
	struct resolve_task *t;
	size_t i;

	a->round++;
	a->round_left = a->n_res;
	a->next_round_ms = 0;
	model_round_begin(a->m);
	for (i = 0; i < a->n_res; i++) {
		t = xcalloc(1, sizeof *t);
		snprintf(t->name, sizeof t->name, "%s", o->target.host);
		if (o->n_dns > 0) {
			t->server = o->dns[i];
			t->ropts.n_servers = 1;
		}
		t->ropts.family = o->family;
		t->ropts.timeout_ms = o->timeout_ms;
		t->q = a->q;
		t->resolver = (uint32_t)i;
		t->round = a->round;
		pool_submit(a->pool, run_resolve, t, free, POOL_NO_KEY);
	}
}

/* The wait before the next round: --interval, else by the TTLs. */
static int
round_interval_ms(const struct app *a)
{
	const struct model_row *rw;
	uint64_t ttl_ms = 0;
	size_t r;

	if (a->o->interval_ms > 0)
		return a->o->interval_ms;
	if (!a->live)
		return APP_BATCH_INTERVAL_MS;
	for (r = 0; r < model_rows(a->m); r++) {
		rw = model_row(a->m, r);
		if (rw->sources == NULL || rw->gone || rw->ttl == 0)
			continue;
		if (ttl_ms == 0 || (uint64_t)rw->ttl * 1000 < ttl_ms)
			ttl_ms = (uint64_t)rw->ttl * 1000;
	}
	if (ttl_ms == 0 || ttl_ms > APP_LIVE_MAX_MS)
		return APP_LIVE_MAX_MS;
	return ttl_ms < APP_LIVE_MIN_MS ? APP_LIVE_MIN_MS : (int)ttl_ms;
}

/* Schedules the next round if the plan has one. */
static void
schedule_round(struct app *a)
{
	unsigned planned = model_rounds_planned(a->m);

	a->next_round_ms = 0;
	if (a->n_res == 0 || (planned != 0 && a->round >= planned))
		return;
	a->next_round_ms = clock_ms() + (uint64_t)round_interval_ms(a);
}

void
app_set_live(struct app *a, bool live)
{
	a->live = live;
	if (a->n_res == 0)
		return;
	/* The TUI resolves until it quits, unless --samples says how often. */
	model_set_rounds_planned(a->m, a->o->samples > 0 ? a->o->samples :
	    live ? 0 : 1);
	if (!model_round_running(a->m) && a->round > 0)
		schedule_round(a);
}

int
app_next_timer_ms(const struct app *a)
{
	uint64_t now;

	if (a->next_round_ms == 0)
		return -1;
	now = clock_ms();
	if (now >= a->next_round_ms)
		return 0;
	return (int)(a->next_round_ms - now);
}

bool
app_tick(struct app *a)
{
	if (a->next_round_ms == 0 || clock_ms() < a->next_round_ms ||
	    model_round_running(a->m))
		return false;
	start_round(a);
	return true;
}

bool
app_resolve_now(struct app *a)
{
	unsigned planned = model_rounds_planned(a->m);

	if (a->n_res == 0 || model_round_running(a->m))
		return false;
	/* One more than planned: the plan must not end before it does. */
	if (planned != 0 && a->round >= planned)
		model_set_rounds_planned(a->m, a->round + 1);
	start_round(a);
	return true;
}

void
app_start(struct app *a)
{
	const struct options *o = a->o;
	const struct resolve_entry *ov;
	size_t i;

	if (o->target.is_literal) {
		add_address(a, &o->target.literal, 0, "literal");
		model_set_resolved(a->m, RESOLVE_DONE, NULL, NULL);
		return;
	}
	if ((ov = find_override(o)) != NULL) {
		for (i = 0; i < ov->n_addrs; i++)
			add_address(a, &ov->addrs[i], 0,
			    o->demo ? "demo" : "--resolve");
		model_set_resolved(a->m, RESOLVE_DONE, NULL, NULL);
		return;
	}
	start_round(a);
}

int
app_fd(const struct app *a)
{
	return evq_fd(a->q);
}

/* Every resolver's latest failure, one after the other. */
static void
failure_summary(const struct model *m, char *buf, size_t len)
{
	const struct model_resolver *rv;
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < model_resolver_count(m) && used + 3 < len; i++) {
		rv = model_resolver(m, i);
		if (rv->error == NULL)
			continue;
		snprintf(buf + used, len - used, "%s%s", used ? "; " : "",
		    rv->error);
		used = strlen(buf);
	}
	if (buf[0] == '\0')
		snprintf(buf, len, "no address of the requested family");
}

/* The round ends: the resolution's state, and the next round. */
static void
end_round(struct app *a)
{
	char errs[APP_ERRS_MAX];
	const char *canon;
	size_t n;

	model_round_end(a->m);
	n = model_cname_count(a->m);
	canon = n > 0 ? model_cname(a->m, n - 1) : NULL;
	if (model_rows(a->m) == 0) {
		failure_summary(a->m, errs, sizeof errs);
		model_set_resolved(a->m, RESOLVE_FAILED, errs, canon);
	} else
		model_set_resolved(a->m, RESOLVE_DONE, NULL, canon);
	schedule_round(a);
}

/*
 * One resolver's answer: rows and probes for new addresses (of the family
 * asked for), then its seen counters, or its failure.
 */
static void
apply_resolved(struct app *a, uint32_t ri, uint32_t round,
    struct resolve_event *re)
{
	struct netaddr *addrs;
	uint32_t *ttls;
	size_t i, n = 0;

	if (round != a->round || ri >= a->n_res)
		return;		/* cannot happen: rounds do not overlap */
	if (re->st != ST_OK) {
		trace_event("dns-failed resolver=%u round=%u", ri, round);
		model_resolver_failed(a->m, ri, re->err, re->res.reason);
	} else {
		trace_event("dns-answer resolver=%u round=%u addresses=%zu",
		    ri, round, re->res.n_addrs);
		addrs = xcalloc(re->res.n_addrs + 1, sizeof *addrs);
		ttls = xcalloc(re->res.n_addrs + 1, sizeof *ttls);
		for (i = 0; i < re->res.n_addrs; i++) {
			if (!family_ok(a, &re->res.addrs[i].addr))
				continue;
			add_address(a, &re->res.addrs[i].addr,
			    re->res.addrs[i].ttl, "dns");
			addrs[n] = re->res.addrs[i].addr;
			ttls[n++] = re->res.addrs[i].ttl;
		}
		model_resolver_answer(a->m, ri, addrs, ttls, n,
		    re->res.truncated);
		if (re->res.n_cname > 0 || model_cname_count(a->m) == 0)
			model_set_cname_chain(a->m, re->res.cname_chain,
			    re->res.n_cname);
		free(addrs);
		free(ttls);
	}
	if (a->round_left > 0 && --a->round_left == 0)
		end_round(a);
}

/* The --trace line of a cell that just changed. */
static void
trace_cell(const struct app *a, size_t row, size_t col)
{
	const struct model_cell *c;

	if (!trace_enabled())
		return;
	c = model_cell(a->m, row, col);
	if (c->result == NULL)
		return;
	trace_event("cell row=%zu col=%zu profile=%s state=%s outcome=%s "
	    "method=%s connections=%u shared=%u", row, col,
	    model_col(a->m, col)->id,
	    c->state == CELL_DONE ? "done" : "pending",
	    c->result->outcome == PROBE_OK ? "ok" :
	    result_reason_name(c->result->reason), c->result->method,
	    (unsigned)c->result->connections,
	    (unsigned)c->result->shared_by);
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
			case EV_RESOLVED:
				apply_resolved(a, evs[i].row, evs[i].gen,
				    evs[i].payload);
				free_event(&evs[i]);
				changed = true;
				break;
			case EV_PROBE_DONE:
				/* takes the payload, stale or not */
				if (model_cell_finish(a->m, evs[i].row,
				    evs[i].col, evs[i].gen, evs[i].payload)) {
					trace_cell(a, evs[i].row, evs[i].col);
					changed = true;
				}
				break;
			case EV_SCAN_DONE:
				if (scan_part_done(a, evs[i].row, evs[i].gen,
				    evs[i].payload))
					changed = true;
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
		submit_cell(a, row, col);
}

void
app_reprobe_n(struct app *a, size_t row, size_t col, unsigned repeats)
{
	if (row < model_rows(a->m) && col < model_cols(a->m))
		submit_cell_n(a, row, col, repeats);
}

void
app_rescan(struct app *a, size_t row)
{
	if (row < model_rows(a->m) && !a->o->no_scan)
		submit_scan(a, row, false);
}

void
app_reprobe_row(struct app *a, size_t row)
{
	size_t col;

	if (row >= model_rows(a->m))
		return;
	for (col = 0; col < model_cols(a->m); col++)
		submit_cell(a, row, col);
	app_rescan(a, row);
}

void
app_reprobe_col(struct app *a, size_t col)
{
	size_t row;

	if (col >= model_cols(a->m))
		return;
	for (row = 0; row < model_rows(a->m); row++)
		submit_cell(a, row, col);
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
		submit_or_hold(a, row, col);
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
		pool_submit(a->pool, a->deferred[i].fn, a->deferred[i].arg,
		    a->deferred[i].free_fn, pool_key(a, a->deferred[i].key));
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

void
app_free(struct app *a)
{
	size_t i;

	if (a == NULL)
		return;
	/* Workers first: after the join nothing pushes any more. A shared
	 * pool is its owner's to stop, before any of its apps is freed. */
	if (a->owns_pool)
		pool_free(a->pool);
	for (i = 0; i < a->n_deferred; i++)
		a->deferred[i].free_fn(a->deferred[i].arg);
	free(a->deferred);
	for (i = 0; i < a->n_scans; i++) {
		scan_work_free(a->scans[i].work);
		drop_known(&a->scans[i]);
		free(a->scans[i].held);
	}
	free(a->scans);
	if (a->q != NULL)
		evq_free(a->q, free_event);
	model_free(a->m);
	for (i = 0; i < a->n_labels; i++)
		free(a->labels[i].label);
	free(a->labels);
	free(a);
}
