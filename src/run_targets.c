/*
 * run_targets.c: --targets FILE, many targets on one machine (issues #22
 * and #19). The list is read a line at a time as the window below has
 * room; a target's state exists only while it is queued, running or
 * waiting for the targets before it to be written, so memory does not
 * grow with the list. Every target's app runs on one shared worker pool
 * and one event loop (evloop.h); its JSON line is written, in file
 * order, as soon as the targets before it are, and its app is freed once
 * none of its jobs is left in the pool (app_jobs_in_flight), never on
 * an assumption. --shard takes every N-th entry of the list, --resume
 * skips what FILE already holds and appends the rest, and a progress
 * line on stderr says how far it got. Main thread only.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "evloop.h"
#include "exitcode.h"
#include "export.h"
#include "fmt.h"
#include "pool.h"
#include "run.h"
#include "run_int.h"
#include "xmem.h"

/* One target of --targets, from its line until its app is freed. */
struct target_run {
	struct options	 o;		/* must outlive the app */
	struct app	*a;
	char		*out;		/* its JSON line, once done */
	size_t		 out_len;
	int		 rc;
	bool		 done;		/* out and rc are final */
	bool		 written;	/* out went out: only the app left */
};

/* At most this many targets (and never more than --jobs) resolve and
 * probe at once; --jobs bounds the connections of all of them together
 * through the one shared pool. The descriptors of the run are the pool's
 * sockets (--jobs) and two a queue for at most twice that many apps
 * (running or draining): O(--jobs), whatever the list's length. */
#define TARGETS_ACTIVE_MAX	16
/* Targets started and not yet written (running, or done and waiting for
 * an earlier one): the window that keeps the output in file order. */
#define TARGETS_WINDOW		64
/* Row keys per target in the shared pool (> RESOLVER_MAX_ADDRS). */
#define TARGETS_KEY_STRIDE	4096u
/* A line of the list, without its newline; longer is not a target. */
#define TARGETS_LINE_MAX	1023
/* Bad lines reported before the list is given up as not a list. */
#define TARGETS_BAD_MAX		10

/* The progress line being drawn, if any: a message goes on a line of
 * its own, the progress line is drawn again below it. */
static struct run_progress	*shown;

static void
progress_aside(void)
{
	if (shown != NULL)
		run_progress_aside(shown);
}

/* The list being read. */
struct target_reader {
	FILE			*f;
	char			 name[256];	/* sanitized, for messages */
	unsigned long		 lineno;
	unsigned long		 entries;	/* lines that are not blank
						 * or comments */
	unsigned		 bad;		/* lines that were not targets */
	unsigned long		 n_targets;	/* targets started so far */
	unsigned long		 skipped;	/* in --resume's FILE */
	unsigned		 shard_i, shard_n;
	const struct run_resume	*resume;
	int			 rc;		/* EXIT_USAGE after a bad line */
	bool			 end;		/* no more targets */
};

/* Everything one run of the list holds. */
struct target_list {
	const struct options	*base;
	const struct profile	**cols;
	size_t			 n_cols;
	struct probe_env	*env;
	struct pool		*pool;
	struct evloop		*loop;
	struct target_reader	*r;
	struct run_resume	*resume;	/* NULL: lines to stdout */
	struct run_progress	 progress;
	struct target_run	*win[TARGETS_WINDOW];
	size_t			 head, count, running;
	size_t			 active_max;	/* --jobs, at most 16 */
	/* written, or done and waiting, with jobs still out: never more
	 * than the window and the targets started since */
	struct target_run	*drain[TARGETS_ACTIVE_MAX + TARGETS_WINDOW];
	size_t			 n_drain;	/* written, jobs still out */
	unsigned long		 written;
	int			 rc;
	bool			 write_failed;
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
			progress_aside();
			fprintf(stderr, "tlsmatrix: --targets: %s: line %lu: "
			    "a NUL byte: not a text list of targets\n",
			    r->name, r->lineno + 1);
			r->rc = EXIT_USAGE;
			return -1;
		}
		if (n + 1 >= size) {
			progress_aside();
			fprintf(stderr, "tlsmatrix: --targets: %s: line %lu: "
			    "longer than %zu bytes: not a list of targets\n",
			    r->name, r->lineno + 1, size - 1);
			r->rc = EXIT_USAGE;
			return -1;
		}
		buf[n++] = (char)c;
	}
	if (c == EOF && ferror(r->f)) {
		if (!run_interrupted()) {
			progress_aside();
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

	while (!r->end && !run_interrupted()) {
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
		/* --shard I/N: the entries I, I + N, I + 2N, ... (from 1) */
		if (r->shard_n > 0 && r->entries++ % r->shard_n !=
		    r->shard_i - 1)
			continue;
		if (target_parse(p, 443, t, why, sizeof why) == ST_OK) {
			if (run_resume_has(r->resume, t->host, t->port)) {
				r->skipped++;
				continue;
			}
			r->n_targets++;
			return true;
		}
		fmt_sanitize(why, q, sizeof q, false);
		progress_aside();
		fprintf(stderr, "tlsmatrix: --targets: %s: line %lu: %s\n",
		    r->name, r->lineno, q);
		r->rc = EXIT_USAGE;
		if (++r->bad >= TARGETS_BAD_MAX) {
			progress_aside();
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

/* Frees a target whose app has no job left in the pool (or whose pool
 * is stopped). */
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
start_target(struct target_list *l)
{
	struct target_run	*t;
	struct target		 tg;
	char			 err[STATUS_ERR_MAX], q[128];

	if (!next_target(l->r, &tg))
		return NULL;
	t = xcalloc(1, sizeof *t);
	t->o = *l->base;
	t->o.target = tg;
	t->o.have_target = true;
	if (app_new_shared(&t->o, l->cols, l->n_cols, l->env, l->pool,
	    (uint32_t)((l->r->n_targets - 1) % 1000000) * TARGETS_KEY_STRIDE,
	    &t->a, err, sizeof err) != ST_OK) {
		fmt_sanitize(tg.host, q, sizeof q, false);
		progress_aside();
		fprintf(stderr, "tlsmatrix: %s: %s\n", q, err);
		t->rc = EXIT_RUNTIME;
		t->done = true;
	} else {
		app_start(t->a);
		evloop_add_app(l->loop, t->a);
		l->running++;
	}
	return t;
}

/* Writes one finished line to standard output or --resume's FILE. */
static bool
write_line(struct target_list *l, const struct target_run *t)
{
	if (t->out == NULL)
		return true;
	if (l->resume != NULL) {
		if (run_resume_append(l->resume, t->out, t->out_len) == 0)
			return true;
		progress_aside();
		fprintf(stderr, "tlsmatrix: --resume: cannot append: %s\n",
		    strerror(errno));
		return false;
	}
	if (fwrite(t->out, 1, t->out_len, stdout) == t->out_len &&
	    fflush(stdout) == 0)
		return true;
	progress_aside();
	run_stdout_failed("--targets");
	return false;
}

/* Targets whose run is complete: their line rendered, their app freed
 * once no job of it is left. */
static void
collect_finished(struct target_list *l)
{
	size_t	i;

	for (i = 0; i < l->count; i++) {
		struct target_run *t = l->win[(l->head + i) % TARGETS_WINDOW];

		if (!t->done && t->a != NULL && app_complete(t->a)) {
			finish_target(t);
			l->running--;
		}
		/* a done target waiting for its turn keeps no app (and no
		 * descriptor) once its last job is over */
		if (t->done && t->a != NULL && app_jobs_in_flight(t->a) == 0) {
			evloop_remove_app(l->loop, t->a);
			app_free(t->a);
			t->a = NULL;
		}
	}
}

/* Writes, in file order, what is finished; a written target whose jobs
 * are still in the pool waits in drain[] for them. */
static void
write_finished(struct target_list *l)
{
	struct target_run	*t;

	while (l->count > 0 && l->win[l->head]->done) {
		t = l->win[l->head];
		if (!write_line(l, t))
			l->write_failed = true;
		if (t->rc > l->rc)
			l->rc = t->rc;
		t->written = true;
		free(t->out);
		t->out = NULL;
		l->win[l->head] = NULL;
		l->head = (l->head + 1) % TARGETS_WINDOW;
		l->count--;
		l->written++;
		if (t->rc >= EXIT_CELL_FAIL)
			l->progress.failed++;
		if (t->a != NULL && app_jobs_in_flight(t->a) > 0)
			l->drain[l->n_drain++] = t;
		else {
			if (t->a != NULL)
				evloop_remove_app(l->loop, t->a);
			target_run_free(t);
		}
		if (l->write_failed)
			break;
	}
}

/* Frees the drained targets whose last job is over. */
static void
free_drained(struct target_list *l)
{
	size_t	i = 0;

	while (i < l->n_drain) {
		struct target_run *t = l->drain[i];

		if (app_jobs_in_flight(t->a) > 0) {
			i++;
			continue;
		}
		evloop_remove_app(l->loop, t->a);
		target_run_free(t);
		l->drain[i] = l->drain[--l->n_drain];
	}
}

/* Starts targets while the window, the running limit and the drain
 * allow. */
static void
fill_window(struct target_list *l)
{
	struct target_run	*t;

	while (!l->r->end && l->count < TARGETS_WINDOW &&
	    l->running < l->active_max &&
	    l->n_drain < l->active_max && !run_interrupted()) {
		if ((t = start_target(l)) == NULL)
			break;
		l->win[(l->head + l->count++) % TARGETS_WINDOW] = t;
	}
}

/*
 * Probes every target of the list: up to TARGETS_ACTIVE_MAX at once,
 * their connections bounded together by --jobs, --per-address, --rate
 * and --rate-per-address. A write that fails stops everything: nobody
 * would receive the rest. Returns the worst exit status.
 */
static int
run_target_list(struct target_list *l)
{
	char	err[STATUS_ERR_MAX];
	size_t	i;
	int	timeout;

	if (pool_new(l->base->jobs, l->base->per_address, &l->pool, err,
	    sizeof err) != ST_OK) {
		fprintf(stderr, "tlsmatrix: %s\n", err);
		return EXIT_RUNTIME;
	}
	l->loop = evloop_new();
	while (!run_interrupted() && !l->write_failed) {
		fill_window(l);
		if (l->count == 0 && l->n_drain == 0)
			break;
		timeout = run_progress_next_ms(&l->progress);
		if (evloop_step(l->loop, timeout) < 0 && errno != EINTR)
			break;
		collect_finished(l);
		write_finished(l);
		free_drained(l);
		l->progress.done = l->written + l->r->skipped + l->r->bad;
		run_progress_draw(&l->progress, false);
	}
	/* Stopped early: stop the workers before freeing what they use. */
	pool_free(l->pool);
	for (i = 0; i < l->count; i++)
		target_run_free(l->win[(l->head + i) % TARGETS_WINDOW]);
	for (i = 0; i < l->n_drain; i++)
		target_run_free(l->drain[i]);
	evloop_free(l->loop);
	if (l->write_failed)
		return EXIT_RUNTIME;
	if (run_interrupted())
		return EXIT_SIGNAL(run_interrupted());
	return l->rc;
}

/* The entries of this shard in a regular file, for the progress line's
 * total; 0 when the list is not a file that can be read twice. */
static unsigned long
count_entries(FILE *f, const struct options *o)
{
	struct stat	sb;
	char		line[TARGETS_LINE_MAX + 1], *p;
	unsigned long	n = 0, k = 0;

	if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode))
		return 0;
	while (fgets(line, sizeof line, f) != NULL) {
		if ((p = strchr(line, '#')) != NULL)
			*p = '\0';
		p = line + strspn(line, " \t\r\n");
		if (*p == '\0')
			continue;
		if (o->shard_n == 0 || k++ % o->shard_n == o->shard_i - 1)
			n++;
	}
	rewind(f);
	return n;
}

/* Opens the list (a file or standard input); NULL after a message. */
static FILE *
open_list(const char *path, const char *name)
{
	struct stat	 sb;
	FILE		*f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");

	if (f == NULL) {
		fprintf(stderr, "tlsmatrix: --targets: cannot read %s: %s\n",
		    name, strerror(errno));
		return NULL;
	}
	if (fstat(fileno(f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
		fprintf(stderr, "tlsmatrix: --targets: cannot read %s: %s\n",
		    name, strerror(EISDIR));
		if (f != stdin)
			fclose(f);
		return NULL;
	}
	return f;
}

/* Whether to draw the progress line: --progress, or stderr a terminal
 * unless --quiet. */
static bool
progress_wanted(const struct options *o)
{
	if (o->quiet)
		return false;
	return o->progress || isatty(STDERR_FILENO);
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
int
run_targets(const struct options *o, const struct profile **cols,
    size_t n_cols, struct probe_env *env)
{
	struct run_signals	*sigs;
	struct target_reader	 r;
	struct target_list	 l;
	char			 err[STATUS_ERR_MAX];
	int			 rc;

	memset(&r, 0, sizeof r);
	memset(&l, 0, sizeof l);
	fmt_sanitize(strcmp(o->targets_path, "-") == 0 ? "standard input" :
	    o->targets_path, r.name, sizeof r.name, false);
	if ((r.f = open_list(o->targets_path, r.name)) == NULL)
		return EXIT_RUNTIME;
	if (o->resume_path != NULL && run_resume_open(o->resume_path,
	    &l.resume, err, sizeof err) != ST_OK) {
		fprintf(stderr, "tlsmatrix: %s\n", err);
		if (r.f != stdin)
			fclose(r.f);
		return EXIT_RUNTIME;
	}
	r.shard_i = o->shard_i;
	r.shard_n = o->shard_n;
	r.resume = l.resume;
	l.base = o;
	l.cols = cols;
	l.n_cols = n_cols;
	l.env = env;
	l.r = &r;
	l.active_max = o->jobs < TARGETS_ACTIVE_MAX ? o->jobs :
	    TARGETS_ACTIVE_MAX;
	run_progress_init(&l.progress, progress_wanted(o),
	    progress_wanted(o) ? count_entries(r.f, o) : 0);
	shown = &l.progress;
	sigs = run_signals_catch();
	rc = run_target_list(&l);
	shown = NULL;
	if (r.rc > rc && rc < EXIT_SIGNAL(0))
		rc = r.rc;
	run_progress_end(&l.progress);
	run_signals_restore(sigs);
	if (r.f != stdin)
		fclose(r.f);
	run_resume_close(l.resume);
	if (run_interrupted()) {
		fprintf(stderr, "tlsmatrix: interrupted\n");
		return EXIT_SIGNAL(run_interrupted());
	}
	if (r.n_targets == 0 && r.skipped == 0 && r.rc == 0 &&
	    rc < EXIT_RUNTIME && (o->shard_n == 0 || r.entries == 0)) {
		/* a directory, an empty or a comments-only list */
		fprintf(stderr, "tlsmatrix: --targets: %s lists no targets\n",
		    r.name);
		rc = EXIT_USAGE;
	}
	return rc;
}
