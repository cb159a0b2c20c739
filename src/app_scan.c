/*
 * app_scan.c: each row's scan, and the cells settled from it (see
 * app_int.h for the split; docs/ARCHITECTURE.md, "Cells the enumeration
 * settles").
 *
 * add_address starts a row's scan with the first column's probe in its
 * first wave and holds the other columns. After every merge of a scan
 * part, scan_stage() asks scan_work_suites_known(); once the versions and
 * suites are in, settle_held() goes through the held cells: a refusal the
 * enumeration makes certain is settled without a connection, the rest
 * are probed (together, so that profiles with one hello share it).
 * Main thread only, but for run_scan, which runs on a worker.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_int.h"
#include "explain.h"
#include "trace.h"
#include "xmem.h"

/* One part of a row's scan: the part is the worker's until pushed. */
struct scan_task {
	struct scan_part	*part;
	struct evq		*q;
	uint32_t		 row, gen;
};

/* Worker: one part of an address's enumeration. */
static void
run_scan(void *arg, const atomic_bool *cancel)
{
	struct scan_task *t = arg;
	struct scan_done *sd = xmalloc(sizeof *sd);
	struct event ev = { APP_EV_SCAN_DONE, sd };

	scan_part_run(t->part, cancel);
	sd->row = t->row;
	sd->gen = t->gen;
	sd->part = t->part;
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

/*
 * Whether cells may wait for the enumeration. Not with --repeat, which
 * samples what may be several backends behind one address: one scan
 * cannot speak for all of them.
 */
bool
app_settling_on(const struct app *a)
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
	(void)model_cell_begin(a->m, row, col);
	sc->held[col] = true;
}

void
app_unhold(struct app *a, size_t row, size_t col)
{
	if (row < a->n_scans && col < a->scans[row].n_held)
		a->scans[row].held[col] = false;
}

/*
 * The cell's result when the enumeration makes its failure certain: a
 * refusal by the lists (the server's side), or no hello that ever reached
 * the server: no TCP connection, or a STARTTLS exchange that timed out
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
		    "enumeration: no hello reached the server (%.70s), so no "
		    "profile fares otherwise (r or --probe-all probes it)",
		    error);
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
		app_trace_cell(a, row, col);
		*changed = true;
	}
	return true;
}

/* The row's versions and suites are known (si), or its scan ended
 * without them (si NULL or unsettling): every held cell is settled or
 * probed now, those probed together (app_submit_probes). */
static bool
settle_held(struct app *a, size_t row, const struct server_info *si)
{
	struct app_scan *sc = scan_slot(a, row);
	struct cell_gen *probe = xcalloc(sc->n_held + 1, sizeof *probe);
	bool changed = false;
	size_t col, n = 0;

	sc->released = true;
	for (col = 0; col < sc->n_held; col++) {
		uint32_t gen = model_cell(a->m, row, col)->gen;

		if (!sc->held[col])
			continue;
		sc->held[col] = false;
		if (!try_settle(a, row, col, gen, si, &changed)) {
			probe[n].col = (uint32_t)col;
			probe[n++].gen = gen;
		}
	}
	app_submit_probes(a, row, probe, n);
	free(probe);
	return changed;
}

void
app_submit_or_hold(struct app *a, size_t row, size_t col)
{
	struct app_scan *sc = row < a->n_scans ? &a->scans[row] : NULL;
	const struct model_row *rw = model_row(a->m, row);
	const struct server_info *si;
	struct cell_gen c;
	bool changed = false;

	if (!app_settling_on(a) || sc == NULL) {
		app_submit_cell(a, row, col);
		return;
	}
	if (!sc->released) {
		hold_cell(a, row, col);
		return;
	}
	si = sc->known != NULL ? sc->known :
	    rw->scan_state == SCAN_DONE ? rw->server : NULL;
	c.col = (uint32_t)col;
	c.gen = model_cell_begin(a->m, row, col);
	if (!try_settle(a, row, col, c.gen, si, &changed))
		app_submit_task(a, row, &c, 1);
}

/* Puts the first column's probe in the pool now, if it is still due. */
static void
submit_lead_probe(struct app *a, size_t row)
{
	struct app_scan *sc = &a->scans[row];

	if (!sc->lead_probe)
		return;
	sc->lead_probe = false;
	app_submit_cell(a, row, 0);
}

/* Settles the held cells once the scan knows enough, or will know
 * nothing more (it stopped before the server ever answered in TLS). */
static bool
release_held(struct app *a, size_t row)
{
	struct app_scan *sc = &a->scans[row];
	struct server_info stopped;
	bool changed = false;

	if (sc->released)
		return false;
	if (scan_work_stopped(sc->work)) {
		/* Silent, unreachable or not TLS: the held cells go now,
		 * not after the parts still out have waited out their
		 * deadlines. Unreachable (no TCP connection ever
		 * completed) is certain for every profile; otherwise each
		 * is probed. */
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
	return changed;
}

/* The scan has no part left to run and is done: its result goes to the
 * model, and any cell still held is settled or probed. */
static bool
finish_scan(struct app *a, size_t row)
{
	struct app_scan *sc = &a->scans[row];
	struct server_info *si = xmalloc(sizeof *si);
	bool changed = false;

	scan_finish(sc->work, si);
	sc->work = NULL;
	trace_event("scan row=%zu connections=%u error=%s", row,
	    si->connections, si->error_reason == REASON_NONE ? "none" :
	    result_reason_name(si->error_reason));
	if (!sc->released && settle_held(a, row, si))
		changed = true;
	drop_known(sc);
	if (model_scan_finish(a->m, row, model_row(a->m, row)->scan_gen, si))
		changed = true;
	return changed;
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
	size_t n, i;
	bool changed;

	parts = scan_next_parts(sc->work, &n);
	changed = release_held(a, row);
	if (parts == NULL) {
		submit_lead_probe(a, row);
		if (scan_work_done(sc->work) && finish_scan(a, row))
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
		if (i + 1 >= a->o->per_address)
			submit_lead_probe(a, row);
		t = xcalloc(1, sizeof *t);
		t->part = parts[i];
		t->q = a->q;
		t->row = (uint32_t)row;
		t->gen = model_row(a->m, row)->scan_gen;
		app_submit_job(a, run_scan, t, free_scan_task, (uint32_t)row);
	}
	free(parts);
	submit_lead_probe(a, row);
	return changed;
}

void
app_submit_scan(struct app *a, size_t row, bool lead_probe)
{
	struct scan_job job;
	struct app_scan *sc = scan_slot(a, row);

	scan_work_free(sc->work);	/* parts still out are stale now */
	drop_known(sc);
	/* Cells still held wait for this scan's suites instead. */
	sc->released = false;
	memset(&job, 0, sizeof job);
	(void)model_scan_begin(a->m, row);
	job.addr = model_row(a->m, row)->addr;
	job.port = model_row(a->m, row)->port;
	job.sni = a->o->target.is_literal && a->o->sni == NULL ?
	    NULL : a->probe_host;
	job.timeout_ms = a->o->timeout_ms;
	job.env = a->env;
	sc->work = scan_work_new(&job);
	sc->lead_probe = lead_probe;
	(void)scan_stage(a, row);
}

bool
app_scan_done(struct app *a, struct scan_done *sd)
{
	uint32_t row = sd->row;
	bool current = row < a->n_scans && a->scans[row].work != NULL &&
	    model_row(a->m, row)->scan_gen == sd->gen;

	if (!current) {
		scan_part_free(sd->part);
		free(sd);
		return false;
	}
	scan_merge(a->scans[row].work, sd->part);
	free(sd);
	return scan_stage(a, row);
}

void
app_scans_free(struct app *a)
{
	size_t i;

	for (i = 0; i < a->n_scans; i++) {
		scan_work_free(a->scans[i].work);
		drop_known(&a->scans[i]);
		free(a->scans[i].held);
	}
	free(a->scans);
	a->scans = NULL;
	a->n_scans = 0;
}

