/*
 * main.c: glue. Parses the command line, loads the profiles, starts the
 * demo backends if asked, and runs one of the two front ends (TUI or
 * batch) on the scheduler. The only place, with xmem's OOM path and the
 * TUI's fatal path, that ends the process; exit statuses are documented
 * in tlsmatrix.1.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "capture.h"
#include "cli.h"
#include "conn.h"
#include "demo.h"
#include "digest.h"
#include "export.h"
#include "fingerprint.h"
#include "fmt.h"
#include "options.h"
#include "pool.h"
#include "probe.h"
#include "profile.h"
#include "resolver.h"
#include "snapdiff.h"
#include "tls_names.h"
#include "trace.h"
#include "ui.h"
#include "xmem.h"

#define EXIT_ALL_OK	0
#define EXIT_CELL_FAIL	1
#define EXIT_USAGE	2
#define EXIT_RUNTIME	3

static volatile sig_atomic_t batch_interrupted;
/* A failed write to stdout was reported already: main says it once. */
static bool stdout_reported;

/* Reports a failed write to standard output (once); EXIT_RUNTIME. */
static int
stdout_failed(const char *who)
{
	int	e = errno != 0 ? errno : EIO;

	if (!stdout_reported)
		fprintf(stderr, "tlsmatrix: %s%scannot write to standard "
		    "output: %s\n", who != NULL ? who : "",
		    who != NULL ? ": " : "", strerror(e));
	stdout_reported = true;
	return EXIT_RUNTIME;
}

static void
on_batch_signal(int sig)
{
	batch_interrupted = sig;
}

static bool
is_dir(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* --profile-dir, $TLSMATRIX_PROFILES, the installed data, the source tree. */
static const char *
profile_dir(const struct options *o)
{
	const char *env = getenv("TLSMATRIX_PROFILES");

	if (o->profile_dir != NULL)
		return o->profile_dir;
	if (env != NULL && *env != '\0')
		return env;
	if (is_dir(PKGDATADIR "/profiles"))
		return PKGDATADIR "/profiles";
	/* An uninstalled build runs from its source tree. */
	return SRCDIR "/data/profiles";
}

/* $TLSMATRIX_TRUST, the installed stores, the source tree's data/trust. */
static const char *
trust_dir(void)
{
	const char *env = getenv("TLSMATRIX_TRUST");

	if (env != NULL && *env != '\0')
		return env;
	if (is_dir(PKGDATADIR "/trust"))
		return PKGDATADIR "/trust";
	return SRCDIR "/data/trust";
}

/*
 * The trust stores every profile of set may need (the TUI's picker can add
 * any of them) and the AIA settings, built once before workers start. A
 * store file that cannot be read is a usage error.
 */
static int
make_env(const struct options *o, const struct profile_set *set,
    const struct demo *demo, struct probe_env **env, char *err,
    size_t errlen)
{
	struct probe_env_config cfg;

	memset(&cfg, 0, sizeof cfg);
	cfg.ca_file = o->ca_file;
	cfg.ca_pem = demo != NULL ? demo_ca_pem(demo) : NULL;
	cfg.system_store = o->system_store;
	cfg.trust_dir = trust_dir();
	cfg.overrides = o->trust;
	cfg.n_overrides = o->n_trust;
	cfg.profiles = (const struct profile *const *)set->v;
	cfg.n_profiles = set->n;
	cfg.no_fetch = o->no_fetch;
	cfg.resolve = o->resolve;
	cfg.n_resolve = o->n_resolve;
	cfg.dns = o->dns;
	cfg.n_dns = o->n_dns;
	cfg.family = (int)o->family;
	cfg.may_resolve = true;
	return probe_env_build(&cfg, env, err, errlen) == ST_OK ? 0 : -1;
}

/* The columns: the profiles named with -p, in that order, or the default
 * set (profiles that say "default = yes"). */
static enum status
select_columns(const struct options *o, const struct profile_set *set,
    const struct profile ***cols, size_t *n, char *err, size_t errlen)
{
	size_t i;

	*n = 0;
	*cols = xcalloc(set->n + o->n_profile_ids + 1, sizeof **cols);
	if (o->n_profile_ids == 0) {
		for (i = 0; i < set->n; i++)
			if (set->v[i]->in_default_set)
				(*cols)[(*n)++] = set->v[i];
		return ST_OK;
	}
	for (i = 0; i < o->n_profile_ids; i++) {
		const struct profile *p = profile_set_find(set,
		    o->profile_ids[i]);

		if (p == NULL) {
			snprintf(err, errlen, "unknown profile '%s' "
			    "(--list-profiles shows them)", o->profile_ids[i]);
			return ST_ENOENT;
		}
		(*cols)[(*n)++] = p;
	}
	return ST_OK;
}

/* "1.2-1.3" from a profile's version range. */
static void
version_range(const struct profile *p, char *buf, size_t len)
{
	const char *lo = tls_version_name(p->min_version);
	const char *hi = tls_version_name(p->max_version);
	char l[16], h[16];

	/* "TLSv1.2" -> "1.2"; "TLSv1" -> "1.0"; "SSLv3" stays. */
	snprintf(l, sizeof l, "%s", lo == NULL ? "?" :
	    strncmp(lo, "TLSv", 4) == 0 ? lo + 4 : lo);
	snprintf(h, sizeof h, "%s", hi == NULL ? "?" :
	    strncmp(hi, "TLSv", 4) == 0 ? hi + 4 : hi);
	if (strcmp(l, "1") == 0)
		snprintf(l, sizeof l, "1.0");
	if (strcmp(h, "1") == 0)
		snprintf(h, sizeof h, "1.0");
	if (strcmp(l, h) == 0)
		snprintf(buf, len, "%s", h);
	else
		snprintf(buf, len, "%s-%s", l, h);
}

static void
list_profiles(const struct profile_set *set)
{
	struct fingerprint fp;
	char vr[40], err[256];
	size_t i, tls12;

	printf("%-16s %-7s %-28s %-8s %6s  %-32s %-36s  %s\n", "ID",
	    "DEFAULT", "LIBRARY", "VERSIONS", "SUITES", "JA3", "JA4", "NAME");
	for (i = 0; i < set->n; i++) {
		const struct profile *p = set->v[i];
		size_t k;

		for (k = 0, tls12 = 0; k < p->n_suites; k++)
			if (!tls_suite_is_signal(p->suites[k]))
				tls12++;
		version_range(p, vr, sizeof vr);
		/* The fingerprints of the hello the profile sends. */
		if (fingerprint_from_profile(p, &fp, err, sizeof err) == ST_OK)
			digest_fingerprint(&fp);
		else
			snprintf(fp.ja4, sizeof fp.ja4, "-");
		printf("%-16s %-7s %-28.28s %-8s %6zu  %-32s %-36s  %s\n",
		    p->id, p->in_default_set ? "yes" : "", p->library, vr,
		    tls12, fp.ja3_hash[0] != '\0' ? fp.ja3_hash : "-",
		    fp.ja4, p->name);
		fingerprint_cleanup(&fp);
	}
}

static volatile sig_atomic_t capture_stop;

static void
on_capture_signal(int sig)
{
	capture_stop = sig;
}

static void
capture_listening(void *ctx, const char *where)
{
	(void)ctx;
	fprintf(stderr, "tlsmatrix: capturing on %s\n", where);
}

/* One line per client on stdout; failures on stderr. */
static void
capture_report(void *ctx, const struct capture_client *c)
{
	(void)ctx;
	if (c->error[0] != '\0') {
		fprintf(stderr, "tlsmatrix: %s: %s\n", c->peer, c->error);
		return;
	}
	printf("%s sni=%s ja3=%s ja4=%s suites=%zu profile=%s%s\n", c->peer,
	    c->sni[0] != '\0' ? c->sni : "-", c->ja3, c->ja4, c->n_suites,
	    c->path, c->exact ? "" : " (inexact)");
	if (!c->exact)
		fprintf(stderr, "tlsmatrix: %s: %s\n", c->peer, c->note);
	if (c->library[0] != '\0')
		fprintf(stderr, "tlsmatrix: %s: library %s (nearest profile "
		    "%s, similarity %d%%, %s); its policy is in the profile\n",
		    c->peer, c->library, c->nearest, c->similarity,
		    c->confidence);
	else
		fprintf(stderr, "tlsmatrix: %s: no known library near enough; "
		    "the profile's policy keys are defaults\n", c->peer);
	fflush(stdout);
}

/* tlsmatrix --capture: until --capture-count hellos or SIGINT, SIGTERM
 * or SIGHUP. */
static int
run_capture(const struct options *o)
{
	struct capture_opts co;
	struct sigaction sa, old_int, old_term, old_hup;
	struct profile_set set = { NULL, 0 };
	const struct profile **known = NULL;
	char err[512];
	enum status st;
	size_t i;

	memset(&co, 0, sizeof co);
	/* The shipped profiles name the library behind each hello; other
	 * captures in the directory are not evidence of a library. */
	if (profile_set_load_dir(profile_dir(o), &set, err, sizeof err) !=
	    ST_OK)
		fprintf(stderr, "tlsmatrix: --capture: %s; captured profiles "
		    "get default policy keys\n", err);
	known = xreallocarray(NULL, set.n > 0 ? set.n : 1, sizeof *known);
	for (i = 0; i < set.n; i++)
		if (strcmp(set.v[i]->family, "captured") != 0)
			known[co.n_known++] = set.v[i];
	co.known = known;
	co.addr = o->capture_addr;
	co.port = o->capture_port;
	co.dir = o->capture_dir;
	co.count = o->capture_count;
	co.timeout_ms = o->timeout_ms;
	co.on_listen = capture_listening;
	co.on_client = capture_report;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_capture_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);
	st = capture_run(&co, &capture_stop, err, sizeof err);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	free(known);
	profile_set_cleanup(&set);
	if (st != ST_OK) {
		fprintf(stderr, "tlsmatrix: --capture: %s\n", err);
		return EXIT_RUNTIME;
	}
	return EXIT_ALL_OK;
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

/* The TUI's e: the same snapshot as --batch (ui.c does not include
 * export.h). */
static enum status
ui_export(const struct model *m, const struct options *o, const char *path,
    char *err, size_t errlen)
{
	struct export_opts eo;

	export_opts_default(&eo);
	eo.timings = !o->no_timings;
	return export_to_file_opts(m, o->format, &eo, path, err, errlen);
}

/* Runs the scheduler to completion without a terminal. */
static int
run_batch(struct app *a, const struct options *o)
{
	const struct model *m = app_model(a);
	struct sigaction sa, old_int, old_term, old_hup;
	struct pollfd pfd;
	char err[512];
	struct model_counts n;
	struct export_opts eo;
	int rc = EXIT_ALL_OK;
	bool *done = NULL, write_failed = false;
	size_t n_done = 0;

	export_opts_default(&eo);
	eo.timings = !o->no_timings;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_batch_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);	/* the session went away */

	pfd.fd = app_fd(a);
	pfd.events = POLLIN;
	while (!model_complete(m) && !batch_interrupted && !write_failed) {
		/* Sleep until a result or the next --samples round is due. */
		if (poll(&pfd, 1, app_next_timer_ms(a)) < 0 && errno != EINTR)
			break;
		app_tick(a);
		app_process(a);
		/* nobody reads what a failed write would carry: stop */
		if (o->format == OUTPUT_JSONL && !o->no_timings &&
		    stream_cells(m, &eo, &done, &n_done) != ST_OK)
			write_failed = true;
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	trace_event("batch %s", batch_interrupted ? "interrupted" :
	    write_failed ? "write failed" : "complete");
	if (write_failed) {
		free(done);
		return stdout_failed(NULL);
	}
	if (batch_interrupted) {
		free(done);
		fprintf(stderr, "tlsmatrix: interrupted\n");
		return 128 + (int)batch_interrupted;
	}

	if (o->format == OUTPUT_JSONL && !o->no_timings) {
		/* the lines are out already: what is left, then the summary;
		 * with --no-timings (a snapshot to compare) they are written
		 * below, at the end and in matrix order */
		write_failed = stream_cells(m, &eo, &done, &n_done) != ST_OK;
		free(done);
		if (write_failed ||
		    export_jsonl_summary(m, &eo, stdout) != ST_OK)
			return stdout_failed(NULL);
	} else if (export_write_opts(m, o->format, &eo, stdout) != ST_OK ||
	    fflush(stdout))
		return stdout_failed(NULL);
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
	return rc;
}

/* tlsmatrix --diff OLD NEW: 0 nothing got worse, 1 something did, 3 a
 * file could not be read or is not a snapshot. */
static int
run_diff(const struct options *o)
{
	struct snapdiff_result	res;
	char			err[512];

	if (snapdiff_files(o->diff_old, o->diff_new, stdout, &res, err,
	    sizeof err) != ST_OK) {
		fprintf(stderr, "tlsmatrix: --diff: %s\n", err);
		if (ferror(stdout))
			stdout_reported = true;	/* that was the failure */
		return EXIT_RUNTIME;
	}
	return res.worse ? EXIT_CELL_FAIL : EXIT_ALL_OK;
}

/*
 * --targets streams (issue #22): the list is read a line at a time, as
 * the window below has room, and a target's state exists only while it
 * is queued, running or waiting for the targets before it to be
 * printed. Memory is independent of the list's length.
 */

/* One target of --targets, from its line until its output is written. */
struct target_run {
	struct options	 o;		/* must outlive the app */
	struct app	*a;
	char		*out;		/* its JSON line, once done */
	size_t		 out_len;
	int		 rc;
	bool		 done;
};

/* At most this many targets resolve and probe at once; --jobs bounds the
 * connections of all of them together through the one shared pool. */
#define TARGETS_ACTIVE_MAX	16
/* Targets started and not yet printed (running, or done and waiting for
 * an earlier one): the window that keeps the output in file order. */
#define TARGETS_WINDOW		64
/* Row keys per target in the shared pool (> RESOLVER_MAX_ADDRS). */
#define TARGETS_KEY_STRIDE	4096u
/* A line of the list, without its newline; longer is not a target. */
#define TARGETS_LINE_MAX	1023
/* Bad lines reported before the list is given up as not a list. */
#define TARGETS_BAD_MAX		10

/* The list being read. */
struct target_reader {
	FILE		*f;
	char		 name[256];	/* sanitized, for messages */
	unsigned long	 lineno;
	unsigned	 bad;		/* lines that were not targets */
	unsigned long	 n_targets;	/* targets read so far */
	int		 rc;		/* EXIT_USAGE after a bad line */
	bool		 end;		/* no more targets: EOF or given up */
};

/*
 * Reads one line into buf (NUL-terminated, newline dropped). Returns 1
 * with a line, 0 at the end of the list, -1 after a fatal error already
 * reported (a NUL byte, an endless line, a read error): those stop the
 * list at once, so /dev/zero or /dev/urandom is refused in a few bytes.
 */
static int
read_target_line(struct target_reader *r, char *buf, size_t size)
{
	size_t	n = 0;
	int	c;

	while ((c = getc(r->f)) != EOF && c != '\n') {
		if (c == '\0') {
			fprintf(stderr, "tlsmatrix: --targets: %s: line %lu: "
			    "a NUL byte: not a text list of targets\n",
			    r->name, r->lineno + 1);
			r->rc = EXIT_USAGE;
			return -1;
		}
		if (n + 1 >= size) {
			fprintf(stderr, "tlsmatrix: --targets: %s: line %lu: "
			    "longer than %zu bytes: not a list of targets\n",
			    r->name, r->lineno + 1, size - 1);
			r->rc = EXIT_USAGE;
			return -1;
		}
		buf[n++] = (char)c;
	}
	if (c == EOF && ferror(r->f)) {
		if (!batch_interrupted) {
			fprintf(stderr, "tlsmatrix: --targets: cannot read "
			    "%s: %s\n", r->name, strerror(errno));
			r->rc = EXIT_RUNTIME;
		}
		return -1;
	}
	if (c == EOF && n == 0)
		return 0;
	buf[n] = '\0';
	r->lineno++;
	return 1;
}

/* The next target of the list into *t; false at its end. */
static bool
next_target(struct target_reader *r, struct target *t)
{
	char	line[TARGETS_LINE_MAX + 1], why[256], q[128], *p, *e;
	int	got;

	while (!r->end && !batch_interrupted) {
		if ((got = read_target_line(r, line, sizeof line)) <= 0)
			break;
		if ((p = strchr(line, '#')) != NULL)
			*p = '\0';
		for (p = line; *p == ' ' || *p == '\t'; p++)
			continue;
		for (e = p + strlen(p); e > p && (e[-1] == '\r' ||
		    e[-1] == ' ' || e[-1] == '\t'); e--)
			continue;
		*e = '\0';
		if (*p == '\0')
			continue;
		if (target_parse(p, 443, t, why, sizeof why) == ST_OK) {
			r->n_targets++;
			return true;
		}
		fmt_sanitize(why, q, sizeof q, false);
		fprintf(stderr, "tlsmatrix: --targets: %s: line %lu: %s\n",
		    r->name, r->lineno, q);
		r->rc = EXIT_USAGE;
		if (++r->bad >= TARGETS_BAD_MAX) {
			fprintf(stderr, "tlsmatrix: --targets: %s: %u bad "
			    "lines: giving up (not a list of targets?)\n",
			    r->name, r->bad);
			break;
		}
	}
	r->end = true;
	return false;
}

/* Renders a finished target's document as one JSON line in memory. */
static void
finish_target(struct target_run *t)
{
	const struct model	*m = app_model(t->a);
	struct export_opts	 eo;
	FILE			*mem;

	export_opts_default(&eo);
	eo.timings = !t->o.no_timings;
	t->rc = model_resolve_state(m) == RESOLVE_FAILED ? EXIT_RUNTIME :
	    model_count(m).failed > 0 ? EXIT_CELL_FAIL : EXIT_ALL_OK;
	mem = open_memstream(&t->out, &t->out_len);
	if (mem == NULL || export_json_line(m, &eo, mem) != ST_OK)
		t->rc = EXIT_RUNTIME;
	if (mem != NULL)
		fclose(mem);
	t->done = true;
}

static void
target_run_free(struct target_run *t)
{
	if (t == NULL)
		return;
	app_free(t->a);
	free(t->out);
	free(t);
}

/* Starts the next target of the list; NULL at its end. */
static struct target_run *
start_target(struct target_reader *r, const struct options *base,
    const struct profile **cols, size_t n_cols, struct probe_env *env,
    struct pool *pool)
{
	struct target_run	*t;
	struct target		 tg;
	char			 err[512];

	if (!next_target(r, &tg))
		return NULL;
	t = xcalloc(1, sizeof *t);
	t->o = *base;
	t->o.target = tg;
	t->o.have_target = true;
	if (app_new_shared(&t->o, cols, n_cols, env, pool,
	    (uint32_t)((r->n_targets - 1) % 1000000) * TARGETS_KEY_STRIDE,
	    &t->a, err, sizeof err) != ST_OK) {
		fprintf(stderr, "tlsmatrix: %s: %s\n", tg.host, err);
		t->rc = EXIT_RUNTIME;
		t->done = true;
	} else
		app_start(t->a);
	return t;
}

/*
 * Probes every target of the list with one worker pool: up to
 * TARGETS_ACTIVE_MAX at once, their connections bounded together by
 * --jobs (and --per-address per address). Lines are printed in file
 * order as soon as every earlier target has been printed. A write that
 * fails stops everything: nobody would receive the rest. Returns the
 * worst exit status.
 */
static int
run_target_list(const struct options *base, struct target_reader *r,
    const struct profile **cols, size_t n_cols, struct probe_env *env)
{
	struct target_run	*win[TARGETS_WINDOW];
	struct pollfd		 pfd[TARGETS_ACTIVE_MAX];
	size_t			 slot_of[TARGETS_ACTIVE_MAX];
	struct pool		*pool = NULL;
	size_t			 head = 0, count = 0, running = 0, i, k;
	char			 err[512];
	int			 rc = EXIT_ALL_OK, timeout;
	bool			 write_failed = false;

	if (pool_new(base->jobs, base->per_address, &pool, err, sizeof err)
	    != ST_OK) {
		fprintf(stderr, "tlsmatrix: %s\n", err);
		return EXIT_RUNTIME;
	}
	memset(win, 0, sizeof win);
	while (!batch_interrupted && !write_failed) {
		/* Start targets while the window and the limit allow. */
		while (!r->end && count < TARGETS_WINDOW &&
		    running < TARGETS_ACTIVE_MAX && !batch_interrupted) {
			struct target_run *t = start_target(r, base, cols,
			    n_cols, env, pool);

			if (t == NULL)
				break;
			win[(head + count++) % TARGETS_WINDOW] = t;
			running += !t->done;
		}
		if (count == 0)
			break;
		/* Wait on every running target's queue and timers. */
		timeout = -1;
		for (k = 0, i = 0; i < count; i++) {
			struct target_run *t = win[(head + i) %
			    TARGETS_WINDOW];
			int ms;

			if (t->done)
				continue;
			pfd[k].fd = app_fd(t->a);
			pfd[k].events = POLLIN;
			slot_of[k++] = (head + i) % TARGETS_WINDOW;
			ms = app_next_timer_ms(t->a);
			if (ms >= 0 && (timeout < 0 || ms < timeout))
				timeout = ms;
		}
		if (k > 0 && poll(pfd, k, timeout) < 0 && errno != EINTR)
			break;
		for (i = 0; i < k; i++) {
			struct target_run *t = win[slot_of[i]];

			app_tick(t->a);
			app_process(t->a);
			if (model_complete(app_model(t->a))) {
				/* complete: no job of it is left in the pool */
				finish_target(t);
				app_free(t->a);
				t->a = NULL;
				running--;
			}
		}
		/* Print, in file order, what is finished. */
		while (count > 0 && win[head]->done) {
			struct target_run *t = win[head];

			if ((t->out != NULL && fwrite(t->out, 1, t->out_len,
			    stdout) != t->out_len) || fflush(stdout) != 0) {
				stdout_failed("--targets");
				write_failed = true;
			}
			if (t->rc > rc)
				rc = t->rc;
			target_run_free(t);
			win[head] = NULL;
			head = (head + 1) % TARGETS_WINDOW;
			count--;
			if (write_failed)
				break;
		}
	}
	/* Stopped early: stop the workers before freeing what they use. */
	pool_free(pool);
	for (i = 0; i < count; i++)
		target_run_free(win[(head + i) % TARGETS_WINDOW]);
	if (write_failed)
		return EXIT_RUNTIME;
	if (batch_interrupted)
		return 128 + (int)batch_interrupted;
	return rc;
}

/*
 * --targets FILE: one HOST[:PORT] per line, '#' comments and blank lines
 * skipped, read as the targets go (run_target_list). The targets share
 * the profiles, the probe environment and one worker pool; the exit
 * status is the highest of all. A line that is not a target is reported
 * on stderr and counts as a usage error (2) without stopping the others;
 * a list with no target, binary data, an endless line or too many bad
 * lines is a usage error, a file that cannot be read a runtime error (3).
 */
static int
run_targets(const struct options *o, const struct profile **cols,
    size_t n_cols, struct probe_env *env)
{
	struct sigaction	 sa, old_int, old_term, old_hup;
	struct target_reader	 r;
	struct stat		 sb;
	int			 rc;

	memset(&r, 0, sizeof r);
	fmt_sanitize(strcmp(o->targets_path, "-") == 0 ? "standard input" :
	    o->targets_path, r.name, sizeof r.name, false);
	if (strcmp(o->targets_path, "-") == 0)
		r.f = stdin;
	else if ((r.f = fopen(o->targets_path, "r")) == NULL) {
		fprintf(stderr, "tlsmatrix: --targets: cannot read %s: %s\n",
		    r.name, strerror(errno));
		return EXIT_RUNTIME;
	}
	if (fstat(fileno(r.f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
		fprintf(stderr, "tlsmatrix: --targets: cannot read %s: %s\n",
		    r.name, strerror(EISDIR));
		if (r.f != stdin)
			fclose(r.f);
		return EXIT_RUNTIME;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_batch_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);
	rc = run_target_list(o, &r, cols, n_cols, env);
	if (r.rc > rc && rc < 128)
		rc = r.rc;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	if (r.f != stdin)
		fclose(r.f);
	if (batch_interrupted) {
		fprintf(stderr, "tlsmatrix: interrupted\n");
		return 128 + (int)batch_interrupted;
	}
	if (r.n_targets == 0 && r.rc == 0 && rc < EXIT_RUNTIME) {
		/* a directory, an empty or a comments-only list */
		fprintf(stderr, "tlsmatrix: --targets: %s lists no targets\n",
		    r.name);
		rc = EXIT_USAGE;
	}
	return rc;
}

/* --version: ours, then the libraries' own words for the versions this
 * process runs with (not the headers it was built against), each from
 * the one module allowed to include that library. */
static void
print_version(void)
{
	printf("tlsmatrix %s\n", PACKAGE_VERSION);
	printf("OpenSSL: %s\n", probe_tls_library_version());
	printf("c-ares: %s\n", resolver_library_version());
	printf("curses: %s\n", ui_library_version());
	printf("jansson: %s\n", snapdiff_library_version());
}

/* Points the options at the demo backends instead of DNS. */
static void
use_demo(struct options *o, const struct demo *d)
{
	struct demo_backend_info info[DEMO_MAX_ADDRS];
	struct resolve_entry *re = &o->resolve[0];
	size_t i, n = demo_backends(d, info, DEMO_MAX_ADDRS);

	snprintf(o->target.host, sizeof o->target.host, "%s", DEMO_HOST);
	o->target.port = demo_port(d);
	o->target.is_literal = false;
	o->have_target = true;
	memset(re, 0, sizeof *re);
	snprintf(re->host, sizeof re->host, "%s", DEMO_HOST);
	re->port = o->target.port;
	for (i = 0; i < n; i++)
		re->addrs[i] = info[i].addr;
	re->n_addrs = n;
	o->n_resolve = 1;
}

/* Everything after the command line; parsed is what cli_parse made of
 * it and the configuration file. */
static int
run(const struct options *parsed)
{
	struct options o = *parsed;
	struct profile_set set = { NULL, 0 };
	const struct profile **cols = NULL;
	size_t n_cols = 0;
	struct demo *demo = NULL;
	struct probe_env *env = NULL;
	struct app *app = NULL;
	char err[512];
	int rc = EXIT_RUNTIME;
	const char *nc;

	if (o.help) {
		cli_usage(stdout);
		return EXIT_ALL_OK;
	}
	if (o.version) {
		print_version();
		return EXIT_ALL_OK;
	}
	if (o.capture)
		return run_capture(&o);
	if (o.diff_old != NULL)
		return run_diff(&o);
	nc = getenv("NO_COLOR");
	if (nc != NULL && *nc != '\0')
		o.no_color = true;

	if (profile_set_load_dir(profile_dir(&o), &set, err, sizeof err)
	    != ST_OK) {
		fprintf(stderr, "tlsmatrix: %s\n", err);
		goto out;
	}
	if (o.list_profiles) {
		list_profiles(&set);
		rc = EXIT_ALL_OK;
		goto out;
	}
	if (select_columns(&o, &set, &cols, &n_cols, err, sizeof err)
	    != ST_OK) {
		fprintf(stderr, "tlsmatrix: %s\n", err);
		rc = EXIT_USAGE;
		goto out;
	}
	if (n_cols == 0) {
		fprintf(stderr, "tlsmatrix: no profiles in %s\n",
		    profile_dir(&o));
		goto out;
	}

	if (o.trace_path != NULL &&
	    trace_open(o.trace_path, err, sizeof err) != ST_OK) {
		fprintf(stderr, "tlsmatrix: %s\n", err);
		goto out;
	}
	if (o.demo) {
		if (demo_start(&demo, err, sizeof err) != ST_OK) {
			fprintf(stderr, "tlsmatrix: demo: %s\n", err);
			goto out;
		}
		use_demo(&o, demo);
	}
	if (make_env(&o, &set, demo, &env, err, sizeof err) != 0) {
		fprintf(stderr, "tlsmatrix: %s\n", err);
		rc = EXIT_USAGE;	/* a store file that cannot be read */
		goto out;
	}
	if (o.cert_file != NULL && probe_env_set_client_cert(env, o.cert_file,
	    o.key_file, err, sizeof err) != ST_OK) {
		fprintf(stderr, "tlsmatrix: %s\n", err);
		rc = EXIT_USAGE;
		goto out;
	}
	if (resolver_global_init(err, sizeof err) != ST_OK) {
		fprintf(stderr, "tlsmatrix: %s\n", err);
		goto out;
	}
	{
		/* the route of every connection, before any worker: the
		 * proxy (--proxy, --proxy-env) and STARTTLS (--starttls) */
		enum status st = conn_setup(&o, err, sizeof err);

		if (st != ST_OK) {	/* the proxy named (--proxy, --proxy-env) */
			fprintf(stderr, "tlsmatrix: %s\n", err);
			rc = st == ST_EINVAL ? EXIT_USAGE : EXIT_RUNTIME;
			goto out_resolver;
		}
	}
	if (o.targets_path != NULL) {
		rc = run_targets(&o, cols, n_cols, env);
		goto out_resolver;
	}
	if (app_new(&o, cols, n_cols, env, &app, err, sizeof err) != ST_OK) {
		fprintf(stderr, "tlsmatrix: %s\n", err);
		goto out_resolver;
	}
	if (demo != NULL) {
		struct demo_backend_info info[DEMO_MAX_ADDRS];
		size_t i, n = demo_backends(demo, info, DEMO_MAX_ADDRS);

		for (i = 0; i < n; i++)
			app_label_address(app, &info[i].addr, info[i].label);
	}
	app_start(app);

	/* Without a terminal there is no TUI: scripts get the snapshot. */
	if (o.batch || !isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		rc = run_batch(app, &o);
	else {
		ui_offer_profiles((const struct profile *const *)set.v, set.n);
		ui_set_exporter(ui_export);
		/* with -o, ui_run writes what was on screen at exit */
		rc = ui_run(app, &o);
	}

	app_free(app);
	app = NULL;
out_resolver:
	resolver_global_cleanup();
out:
	app_free(app);
	if (trace_close(err, sizeof err) != ST_OK) {
		fprintf(stderr, "tlsmatrix: %s\n", err);
		rc = EXIT_RUNTIME;
	}
	probe_env_free(env);
	demo_stop(demo);
	free(cols);
	profile_set_cleanup(&set);
	return rc;
}

/* The command line and the configuration file, then run(). */
static int
run_main(int argc, char *argv[])
{
	struct options	o;
	struct conffile	cf;
	struct cli_args	args;
	char		err[1024], path[4096];
	enum status	st;
	int		rc;

	setlocale(LC_ALL, "");
	/* A peer that closes mid-write must not kill us (sslscan #355). */
	signal(SIGPIPE, SIG_IGN);

	options_defaults(&o);
	/* the configuration file's settings, then the command line's */
	if (cli_load_config(argc, argv, &cf, path, sizeof path, err,
	    sizeof err) != ST_OK) {
		fprintf(stderr, "tlsmatrix: %s\n", err);
		return EXIT_USAGE;
	}
	st = cli_parse_config(argc, argv, &cf, path, &o, &args, err,
	    sizeof err);
	conffile_cleanup(&cf);
	if (st != ST_OK) {
		fprintf(stderr, "tlsmatrix: %s\n", err);
		cli_args_free(&args);
		return EXIT_USAGE;
	}
	rc = run(&o);
	cli_args_free(&args);
	return rc;
}

/*
 * A standard stream that is closed at start would be taken by the next
 * file or socket we open, and a snapshot written into a TLS connection.
 * Opened on /dev/null the wrong way round (stdin for writing, stdout and
 * stderr for reading), every use fails (EBADF) instead, and is reported.
 */
static void
std_fds_open(void)
{
	int	fd;

	for (fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
			continue;
		if (open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY) != fd)
			_exit(EXIT_RUNTIME);	/* cannot even say so */
	}
}

int
main(int argc, char *argv[])
{
	int	rc, bad, e;

	std_fds_open();
	rc = run_main(argc, argv);
	/* What is still buffered, and the close: a full disk or a closed
	 * pipe is a runtime error, said once, whatever wrote there. */
	bad = ferror(stdout);
	errno = 0;
	bad |= fflush(stdout) != 0;	/* errno: why the rest cannot go */
	e = errno;
	bad |= fclose(stdout) != 0;
	if (e == 0)
		e = errno;
	if (bad && !stdout_reported) {
		/* the reason is lost when the buffer went out earlier */
		fprintf(stderr, "tlsmatrix: cannot write to standard output"
		    "%s%s\n", e != 0 ? ": " : "", e != 0 ? strerror(e) : "");
		stdout_reported = true;
	}
	/* 128 + N after a signal stays: that is what ended the run */
	if (stdout_reported && rc < EXIT_RUNTIME)
		rc = EXIT_RUNTIME;
	return rc;
}
