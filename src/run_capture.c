/*
 * run_capture.c: tlsmatrix --capture, the front end of capture.h: one
 * line per captured hello on stdout, the library named on stderr, until
 * --capture-count hellos or SIGINT, SIGTERM or SIGHUP. Main thread only.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "exitcode.h"
#include "run.h"
#include "xmem.h"

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
int
run_capture(const struct options *o, const char *profile_dir)
{
	struct capture_opts co;
	struct sigaction sa, old_int, old_term, old_hup;
	struct profile_set set = { NULL, 0 };
	const struct profile **known = NULL;
	char err[STATUS_ERR_MAX];
	enum status st;
	size_t i;

	memset(&co, 0, sizeof co);
	/* The shipped profiles name the library behind each hello; other
	 * captures in the directory are not evidence of a library. */
	if (profile_set_load_dir(profile_dir, &set, err, sizeof err) !=
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

