/*
 * demo_fixture.h: what the probe and scan tests (test_probe.c,
 * test_scan.c) start from: the shipped profiles with python-3.9 and 3.12,
 * 127.0.0.1, the demo's two backends on one port, and a probe environment
 * that trusts the demo CA. Header-only (static functions); include it once
 * per test program, after tests/tap.h.
 */
#ifndef TLSMATRIX_DEMO_FIXTURE_H
#define TLSMATRIX_DEMO_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

#include "demo.h"
#include "netaddr.h"
#include "probe.h"
#include "profile.h"

struct demo_fixture {
	struct profile_set	 profiles;
	const struct profile	*py39, *py312;
	struct demo		*demo;
	struct demo_backend_info info[DEMO_MAX_ADDRS];
	size_t			 n_backends;
	struct netaddr		 addr_a, addr_b, loop1;
	uint16_t		 port;
	struct probe_env	*env;		/* trusts the demo CA */
};

static void
demo_fixture_stop(struct demo_fixture *fx)
{
	probe_env_free(fx->env);
	if (fx->demo != NULL)
		demo_stop(fx->demo);
	profile_set_cleanup(&fx->profiles);
}

/* 0 when everything is up; otherwise what tap_bail returns, having said
 * why (a failure of our own code, never a skip). */
static int
demo_fixture_start(struct demo_fixture *fx)
{
	const char *top = getenv("TOP_SRCDIR");
	char dir[1024], err[512];

	memset(fx, 0, sizeof *fx);
	snprintf(dir, sizeof dir, "%s/data/profiles",
	    top != NULL ? top : SRCDIR);
	if (profile_set_load_dir(dir, &fx->profiles, err, sizeof err) !=
	    ST_OK) {
		printf("# %s\n", err);
		return tap_bail("profiles do not load");
	}
	fx->py39 = profile_set_find(&fx->profiles, "python-3.9");
	fx->py312 = profile_set_find(&fx->profiles, "python-3.12");
	if (fx->py39 == NULL || fx->py312 == NULL) {
		demo_fixture_stop(fx);
		return tap_bail("python-3.9/3.12 profiles missing");
	}
	netaddr_parse("127.0.0.1", &fx->loop1);
	if (demo_start(&fx->demo, err, sizeof err) != ST_OK) {
		printf("# %s\n", err);
		demo_fixture_stop(fx);
		return tap_bail("demo servers do not start");
	}
	fx->n_backends = demo_backends(fx->demo, fx->info, DEMO_MAX_ADDRS);
	if (fx->n_backends < 2) {
		demo_fixture_stop(fx);
		return tap_bail("demo has fewer than 2 backends");
	}
	fx->addr_a = fx->info[0].addr;
	fx->addr_b = fx->info[1].addr;
	fx->port = demo_port(fx->demo);
	if (probe_env_new(NULL, demo_ca_pem(fx->demo), &fx->env, err,
	    sizeof err) != ST_OK) {
		printf("# %s\n", err);
		demo_fixture_stop(fx);
		return tap_bail("no trust store from the demo CA");
	}
	return 0;
}

#endif
