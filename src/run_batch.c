/*
 * run_batch.c: the batch front end (--batch, or no terminal): runs one
 * app on the event loop to completion, streams --format jsonl lines as
 * cells finish, then writes the snapshot. Also the pieces every runner
 * shares: the stop signals and the one report of a failed write to
 * standard output. Main thread only.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evloop.h"
#include "exitcode.h"
#include "export.h"
#include "fmt.h"
#include "run.h"
#include "trace.h"
#include "whatif_view.h"
#include "xmem.h"

static volatile sig_atomic_t	interrupted;
/* A failed write to stdout was reported already: main says it once. */
static bool			stdout_reported;

struct run_signals {
	struct sigaction	old_int, old_term, old_hup;
};

static void
on_stop_signal(int sig)
{
	interrupted = sig;
}

struct run_signals *
run_signals_catch(void)
{
	struct run_signals	*s = xcalloc(1, sizeof *s);
	struct sigaction	 sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &s->old_int);
	sigaction(SIGTERM, &sa, &s->old_term);
	sigaction(SIGHUP, &sa, &s->old_hup);	/* the session went away */
	return s;
}

void
run_signals_restore(struct run_signals *s)
{
	if (s == NULL)
		return;
	sigaction(SIGINT, &s->old_int, NULL);
	sigaction(SIGTERM, &s->old_term, NULL);
	sigaction(SIGHUP, &s->old_hup, NULL);
	free(s);
}

int
run_interrupted(void)
{
	return (int)interrupted;
}

int
run_stdout_failed(const char *who)
{
	int	e = errno != 0 ? errno : EIO;

	if (!stdout_reported)
		fprintf(stderr, "tlsmatrix: %s%scannot write to standard "
		    "output: %s\n", who != NULL ? who : "",
		    who != NULL ? ": " : "", strerror(e));
	stdout_reported = true;
	return EXIT_RUNTIME;
}

bool
run_stdout_reported(void)
{
	return stdout_reported;
}

void
run_stdout_set_reported(void)
{
	stdout_reported = true;
}

/* Each failed resolver's latest error on stderr; returns how many. */
static size_t
print_resolver_errors(const struct model *m)
{
	const struct model_resolver *rv;
	size_t i, n = 0;

	for (i = 0; i < model_resolver_count(m); i++) {
		rv = model_resolver(m, i);
		if (rv->failures == 0 || rv->error == NULL)
			continue;
		if (rv->queries > 1)
			fprintf(stderr, "tlsmatrix: %s (%lu of %lu queries "
			    "failed)\n", rv->error, (unsigned long)rv->failures,
			    (unsigned long)rv->queries);
		else
			fprintf(stderr, "tlsmatrix: %s\n", rv->error);
		n++;
	}
	return n;
}

/*
 * --format jsonl: a line for each cell that finished since the last call
 * (row-major within one wake), once its address's enumeration is in too:
 * the enumeration explains the cell, and a line is never rewritten, so
 * it waits rather than go out with half an explanation. done[] remembers
 * what was written; rows only grow in batch mode, columns are fixed.
 */
static enum status
stream_cells(const struct model *m, const struct export_opts *eo,
    bool **done, size_t *n_done)
{
	size_t	r, c, nc = model_cols(m), need = model_rows(m) * nc;

	if (need > *n_done) {
		*done = xreallocarray(*done, need, sizeof **done);
		memset(*done + *n_done, 0, (need - *n_done) * sizeof **done);
		*n_done = need;
	}
	for (r = 0; r < model_rows(m); r++) {
		for (c = 0; c < nc; c++) {
			const struct model_cell *cell = model_cell(m, r, c);

			if ((*done)[r * nc + c] ||
			    fmt_cell_class(cell) == CLASS_PENDING ||
			    model_row(m, r)->scan_state == SCAN_PENDING)
				continue;
			(*done)[r * nc + c] = true;
			if (export_jsonl_cell(m, r, c, eo, stdout) != ST_OK)
				return ST_EIO;
		}
	}
	return ST_OK;
}

/* Runs the scheduler to completion without a terminal. */
int
run_batch(struct app *a, const struct options *o, struct whatif_batch *wi)
{
	const struct model *m = app_model(a);
	struct run_signals *sigs;
	struct evloop *loop;
	char err[STATUS_ERR_MAX];
	struct model_counts n;
	struct export_opts eo;
	int rc = EXIT_ALL_OK, wi_rc = EXIT_ALL_OK;
	bool *done = NULL, write_failed = false;
	size_t n_done = 0;

	export_opts_default(&eo);
	eo.timings = !o->no_timings;
	sigs = run_signals_catch();
	loop = evloop_new();
	evloop_add_app(loop, a);
	while (!app_complete(a) && !interrupted && !write_failed) {
		/* Sleep until a result or the next --samples round is due. */
		if (evloop_step(loop, -1) < 0 && errno != EINTR)
			break;
		/* nobody reads what a failed write would carry: stop */
		if (o->format == OUTPUT_JSONL && !o->no_timings &&
		    wi == NULL &&
		    stream_cells(m, &eo, &done, &n_done) != ST_OK)
			write_failed = true;
	}
	evloop_free(loop);
	run_signals_restore(sigs);
	trace_event("batch %s", interrupted ? "interrupted" :
	    write_failed ? "write failed" : "complete");
	if (write_failed) {
		free(done);
		return run_stdout_failed(NULL);
	}
	if (interrupted) {
		free(done);
		fprintf(stderr, "tlsmatrix: interrupted\n");
		return EXIT_SIGNAL((int)interrupted);
	}

	if (wi != NULL)		/* the fix preview: the predicted matrix */
		m = whatif_batch_run(wi, m, &eo.what_if_text, &eo.what_if_md,
		    &eo.what_if_json, &wi_rc);
	if (o->format == OUTPUT_JSONL && !o->no_timings && wi == NULL) {
		/* the lines are out already: what is left, then the summary;
		 * with --no-timings (a snapshot to compare) they are written
		 * below, at the end and in matrix order */
		write_failed = stream_cells(m, &eo, &done, &n_done) != ST_OK;
		free(done);
		if (write_failed ||
		    export_jsonl_summary(m, &eo, stdout) != ST_OK)
			return run_stdout_failed(NULL);
	} else if (export_write_opts(m, o->format, &eo, stdout) != ST_OK ||
	    fflush(stdout))
		return run_stdout_failed(NULL);
	if (o->export_path != NULL && export_to_file_opts(m, o->format, &eo,
	    o->export_path, err, sizeof err) != ST_OK) {
		fprintf(stderr, "tlsmatrix: %s\n", err);
		rc = EXIT_RUNTIME;
	}
	/* One line per resolver that failed, whether or not others answered. */
	if (print_resolver_errors(m) == 0 &&
	    model_resolve_state(m) == RESOLVE_FAILED)
		fprintf(stderr, "tlsmatrix: %s\n", model_resolve_error(m));
	if (model_resolve_state(m) == RESOLVE_FAILED)
		return EXIT_RUNTIME;	/* no resolver produced an address */
	n = model_count(m);
	if (rc == EXIT_ALL_OK && n.failed > 0)
		rc = EXIT_CELL_FAIL;
	if (wi != NULL && rc <= EXIT_CELL_FAIL)
		rc = wi_rc;	/* 1: a cell that works now would fail */
	return rc;
}

