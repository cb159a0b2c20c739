/*
 * app_resolve.c: resolution rounds and their timer (see app_int.h).
 *
 * Each round asks every resolver (the system's, or each --dns server on
 * its own) as one pool job, in parallel; each answer is applied as it
 * comes (new addresses become rows and are probed at once) and the round
 * ends when every resolver has answered or failed. Rounds repeat for
 * --samples, or for as long as the TUI runs; the next one is due after
 * --interval (or the smallest TTL, in the TUI). There is no timer thread:
 * front ends ask app_next_timer_ms() how long they may sleep and call
 * app_tick() when it is due. Main thread only, but for run_resolve.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_int.h"
#include "clock.h"
#include "trace.h"
#include "xmem.h"

#define APP_BATCH_INTERVAL_MS	1000	/* --samples without --interval */
#define APP_LIVE_MIN_MS		5000	/* TUI, by TTL: at least this */
#define APP_LIVE_MAX_MS		30000	/* TUI: at most, and when no TTL */
#define APP_ERRS_MAX		1024	/* the summary of every failure */

struct resolve_task {
	char			 name[NETADDR_HOST_MAX + 1];
	struct resolver_opts	 ropts;
	struct dns_server	 server;	/* ropts.servers points here */
	struct evq		*q;
	uint32_t		 resolver, round;
};

/* Worker: resolve the target name with c-ares. */
static void
run_resolve(void *arg, const atomic_bool *cancel)
{
	struct resolve_task *t = arg;
	struct resolve_done *rd = xcalloc(1, sizeof *rd);
	struct event ev = { APP_EV_RESOLVED, rd };

	if (t->ropts.n_servers > 0)
		t->ropts.servers = &t->server;	/* the copy moved with t */
	rd->resolver = t->resolver;
	rd->round = t->round;
	rd->st = resolver_run(t->name, &t->ropts, cancel, &rd->res, rd->err,
	    sizeof rd->err);
	evq_push(t->q, &ev);
	free(t);
}

void
app_start_round(struct app *a)
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
		app_pool_submit(a, run_resolve, t, free, POOL_NO_KEY);
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
	unsigned planned = a->rounds_planned;

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
	a->rounds_planned = a->o->samples > 0 ? a->o->samples : live ? 0 : 1;
	if (a->round_left == 0 && a->round > 0)
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
	    a->round_left > 0)
		return false;
	app_start_round(a);
	return true;
}

bool
app_resolve_now(struct app *a)
{
	if (a->n_res == 0 || a->round_left > 0)
		return false;
	/* One more than planned: the plan must not end before it does. */
	if (a->rounds_planned != 0 && a->round >= a->rounds_planned)
		a->rounds_planned = a->round + 1;
	app_start_round(a);
	return true;
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

/* Rows and probes for the new addresses (of the family asked for) of one
 * answer, then the resolver's seen counters. */
static void
apply_answer(struct app *a, uint32_t ri, const struct resolve_result *res)
{
	struct netaddr *addrs = xcalloc(res->n_addrs + 1, sizeof *addrs);
	uint32_t *ttls = xcalloc(res->n_addrs + 1, sizeof *ttls);
	size_t i, n = 0;

	for (i = 0; i < res->n_addrs; i++) {
		if (!app_family_ok(a, &res->addrs[i].addr))
			continue;
		app_add_address(a, &res->addrs[i].addr, res->addrs[i].ttl,
		    "dns");
		addrs[n] = res->addrs[i].addr;
		ttls[n++] = res->addrs[i].ttl;
	}
	model_resolver_answer(a->m, ri, addrs, ttls, n, res->truncated);
	if (res->n_cname > 0 || model_cname_count(a->m) == 0)
		model_set_cname_chain(a->m, res->cname_chain, res->n_cname);
	free(addrs);
	free(ttls);
}

void
app_resolved(struct app *a, struct resolve_done *rd)
{
	/* Rounds do not overlap: an answer is always of the current one. */
	if (rd->round == a->round && rd->resolver < a->n_res) {
		if (rd->st != ST_OK) {
			trace_event("dns-failed resolver=%u round=%u",
			    rd->resolver, rd->round);
			model_resolver_failed(a->m, rd->resolver, rd->err,
			    rd->res.reason);
		} else {
			trace_event("dns-answer resolver=%u round=%u "
			    "addresses=%zu", rd->resolver, rd->round,
			    rd->res.n_addrs);
			apply_answer(a, rd->resolver, &rd->res);
		}
		if (a->round_left > 0 && --a->round_left == 0)
			end_round(a);
	}
	resolve_result_cleanup(&rd->res);
	free(rd);
}
