/*
 * main.c: parses the command line and the configuration file, loads the
 * profiles and the trust stores, starts the demo backends if asked, and
 * hands over to one runner (run.h: batch, --targets, --capture, --diff)
 * or the TUI (ui.h). The only place, with xmem's OOM path and the TUI's
 * fatal path, that ends the process; exit statuses are in exitcode.h
 * and tlsmatrix.1.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "cli.h"
#include "conn.h"
#include "demo.h"
#include "exitcode.h"
#include "export.h"
#include "options.h"
#include "probe.h"
#include "profile.h"
#include "ratelimit.h"
#include "resolver.h"
#include "run.h"
#include "trace.h"
#include "ui.h"
#include "whatif_view.h"

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

/* One target: its app, on the TUI or, without a terminal, in batch. */
static int
run_one(const struct options *o, const struct profile_set *set,
    const struct profile **cols, size_t n_cols, const struct demo *demo,
    const struct probe_env *env, struct whatif_batch *wi)
{
	struct app	*app = NULL;
	char		 err[STATUS_ERR_MAX];
	int		 rc;

	if (app_new(o, cols, n_cols, env, &app, err, sizeof err) != ST_OK) {
		fprintf(stderr, "tlsmatrix: %s\n", err);
		return EXIT_RUNTIME;
	}
	if (demo != NULL) {
		struct demo_backend_info info[DEMO_MAX_ADDRS];
		size_t i, n = demo_backends(demo, info, DEMO_MAX_ADDRS);

		for (i = 0; i < n; i++)
			app_label_address(app, &info[i].addr, info[i].label);
	}
	app_start(app);

	/* Without a terminal there is no TUI: scripts get the snapshot. */
	if (o->batch || !isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		rc = run_batch(app, o, wi);
	else {
		ui_offer_profiles(profile_set_list(set), set->n);
		ui_set_exporter(ui_export);
		/* with -o, ui_run writes what was on screen at exit */
		rc = ui_run(app, o);
	}

	app_free(app);
	return rc;
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
	struct whatif_batch *wi = NULL;
	enum status st;
	char err[STATUS_ERR_MAX];
	int rc = EXIT_RUNTIME;
	const char *nc;

	if (o.help) {
		cli_usage(stdout);
		return EXIT_ALL_OK;
	}
	if (o.version) {
		run_print_version();
		return EXIT_ALL_OK;
	}
	if (o.capture)
		return run_capture(&o, run_profile_dir(&o));
	if (o.diff_old != NULL)
		return run_diff(&o);
	nc = getenv("NO_COLOR");
	if (nc != NULL && *nc != '\0')
		o.no_color = true;

	if ((rc = run_load_columns(&o, &set, &cols, &n_cols)) >= 0) {
		if (rc == EXIT_ALL_OK)
			run_list_profiles(&set);
		goto out;
	}
	rc = EXIT_RUNTIME;
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
	if (run_make_env(&o, &set, demo != NULL ? demo_ca_pem(demo) : NULL,
	    &env, err, sizeof err) != 0) {
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
	/* before any worker: every connection takes its turn (--rate) */
	ratelimit_configure(o.rate, o.rate_per_address,
	    o.rate_per_address_set);
	if (resolver_global_init(err, sizeof err) != ST_OK) {
		fprintf(stderr, "tlsmatrix: %s\n", err);
		goto out;
	}
	/* the route of every connection, before any worker: the proxy
	 * (--proxy, --proxy-env; its name resolved now) and STARTTLS */
	if ((st = conn_setup(&o, err, sizeof err)) != ST_OK) {
		fprintf(stderr, "tlsmatrix: %s\n", err);
		rc = st == ST_EINVAL ? EXIT_USAGE : EXIT_RUNTIME;
		goto out_resolver;
	}
	if ((o.what_if != NULL || o.suggest_fix) && whatif_batch_new(o.what_if,
	    o.suggest_fix, o.what_if_addrs, o.n_what_if_addrs, &wi, err,
	    sizeof err) != ST_OK) {
		fprintf(stderr, "tlsmatrix: %s\n", err);
		rc = EXIT_USAGE;	/* a bad SPEC names its part */
		goto out_resolver;
	}
	if (o.targets_path != NULL) {
		rc = run_targets(&o, cols, n_cols, env);
		goto out_resolver;
	}
	rc = run_one(&o, &set, cols, n_cols, demo, env, wi);
out_resolver:
	resolver_global_cleanup();
out:
	whatif_batch_free(wi);
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
	if (bad && !run_stdout_reported()) {
		/* the reason is lost when the buffer went out earlier */
		fprintf(stderr, "tlsmatrix: cannot write to standard output"
		    "%s%s\n", e != 0 ? ": " : "", e != 0 ? strerror(e) : "");
		run_stdout_set_reported();
	}
	/* 128 + N after a signal stays: that is what ended the run */
	if (run_stdout_reported() && rc < EXIT_RUNTIME)
		rc = EXIT_RUNTIME;
	return rc;
}
