/*
 * app_probe.c: the scheduler's probes (see app_int.h for the split).
 *
 * The life of one probe: app_submit_cell() bumps the cell's generation and
 * queues a probe_task (a copy of everything the worker needs) keyed by the
 * row, so the pool's per-key cap limits connections per address; the
 * worker runs probe_run_shared() and pushes APP_EV_PROBE_DONE with the heap
 * result; app_probe_done() hands it to model_cell_finish(), which drops it
 * if the cell was re-probed since (stale generation). Cells of a row
 * submitted together whose profiles send the same ClientHello go as one
 * task (app_submit_probes): one exchange, one event per cell.
 * Main thread only, but for run_probe, which runs on a worker.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_int.h"
#include "trace.h"
#include "xmem.h"

#define SHARE_TRACE_MAX	512	/* the --trace line of one shared group */

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

/* Worker: one exchange, then one result per cell to the main thread. */
static void
run_probe(void *arg, const atomic_bool *cancel)
{
	struct probe_task *t = arg;
	const struct profile **profiles = xcalloc(t->n, sizeof *profiles);
	struct probe_result *res = xcalloc(t->n, sizeof *res);
	size_t i;

	for (i = 0; i < t->n; i++)
		profiles[i] = t->cells[i].profile;
	probe_run_shared(&t->job, profiles, t->n, cancel, res);
	for (i = 0; i < t->n; i++) {
		/* The model takes each result on its own. */
		struct probe_done *pd = xmalloc(sizeof *pd);
		struct event ev = { APP_EV_PROBE_DONE, pd };

		pd->row = t->row;
		pd->col = t->cells[i].col;
		pd->gen = t->cells[i].gen;
		pd->result = xmalloc(sizeof *pd->result);
		*pd->result = res[i];
		evq_push(t->q, &ev);
	}
	free(res);
	free(profiles);
	free(t);
}

void
app_submit_task(struct app *a, size_t row, const struct cell_gen *cells,
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
	t->job.port = model_row(a->m, row)->port;
	t->job.profile = t->cells[0].profile;
	t->job.env = a->env;
	t->job.host = a->probe_host;
	t->job.timeout_ms = a->o->timeout_ms;
	t->job.backend = a->o->method;
	app_submit_job(a, run_probe, t, free, (uint32_t)row);
}

void
app_submit_cell_n(struct app *a, size_t row, size_t col, unsigned repeats)
{
	struct cell_gen c;
	unsigned i;

	app_unhold(a, row, col);	/* a probe asked for now replaces the wait */
	c.col = (uint32_t)col;
	c.gen = model_cell_begin_n(a->m, row, col, repeats);
	for (i = 0; i < repeats; i++)
		app_submit_task(a, row, &c, 1);
}

void
app_submit_cell(struct app *a, size_t row, size_t col)
{
	app_submit_cell_n(a, row, col, a->o->repeat > 0 ? a->o->repeat : 1);
}

/*
 * Whether cells of a row submitted together may share one exchange:
 * profiles that send the same ClientHello get the same answer, judged
 * once per profile (probe_run_shared). Not with --repeat, whose samples
 * are each a connection of their own, nor --probe-all (every cell on its
 * own), nor a backend that cannot send a profile's own hello.
 */
bool
app_sharing_on(const struct app *a)
{
	return !a->o->probe_all && a->o->repeat <= 1 &&
	    probe_backend_shares(a->o->method);
}

/* The --trace line of a group of cells that share one exchange. */
static void
trace_share(const struct app *a, size_t row, const struct cell_gen *group,
    size_t k)
{
	char ids[SHARE_TRACE_MAX] = "";
	size_t j, used = 0;

	for (j = 0; j < k && used < sizeof ids; j++)
		used += (size_t)snprintf(ids + used, sizeof ids - used,
		    "%s%s", j ? "," : "", model_col(a->m, group[j].col)->id);
	trace_event("share row=%zu profiles=%s", row, ids);
}

/*
 * Probes cells of row, in order: with sharing, one task per group of
 * cells with equal share keys (probe_share_key), else one per cell.
 */
void
app_submit_probes(struct app *a, size_t row, const struct cell_gen *cells,
    size_t n)
{
	uint8_t *scratch, **keys;
	size_t *lens, i, j, k;
	struct cell_gen *group;
	bool *taken;

	if (!app_sharing_on(a) || n < 2) {
		for (i = 0; i < n; i++)
			app_submit_task(a, row, &cells[i], 1);
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
		if (k > 1 && trace_enabled())
			trace_share(a, row, group, k);
		app_submit_task(a, row, group, k);
	}
	for (i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
	free(lens);
	free(taken);
	free(group);
	free(scratch);
}

bool
app_probe_done(struct app *a, struct probe_done *pd)
{
	bool changed;

	/* The model takes the result, stale or not. */
	changed = model_cell_finish(a->m, pd->row, pd->col, pd->gen,
	    pd->result);
	if (changed)
		app_trace_cell(a, pd->row, pd->col);
	free(pd);
	return changed;
}

/* The --trace line of a cell that just changed. */
void
app_trace_cell(const struct app *a, size_t row, size_t col)
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
