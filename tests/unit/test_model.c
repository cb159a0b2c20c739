/*
 * test_model.c: rows, columns, generations and counts of the model.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "xmem.h"
#include "../tap.h"

static struct probe_result *
mk(enum probe_outcome o)
{
	struct probe_result *r = xmalloc(sizeof *r);

	result_init(r);
	r->outcome = o;
	r->reason = o == PROBE_OK ? REASON_NONE : REASON_SERVER_ALERT;
	return r;
}

/* Merging per-resolver answers: seen counters, present, gone, disputes. */
static void
test_resolvers(void)
{
	struct model *m = model_new("n.example", 443, NULL, "2 servers");
	struct netaddr x[4];
	uint32_t ttl[4] = { 300, 60, 30, 10 };
	char cn[] = "c.example", *chain[1] = { cn };
	size_t r0, r1, i;

	netaddr_parse("192.0.2.1", &x[0]);
	netaddr_parse("192.0.2.2", &x[1]);
	netaddr_parse("192.0.2.3", &x[2]);
	netaddr_parse("2001:db8::4", &x[3]);
	is_int(model_add_row(m, &x[0], 0, "dns", NULL), 0, "row before "
	    "resolvers");
	r0 = model_add_resolver(m, "A");
	r1 = model_add_resolver(m, "B");
	is_int(r1, 1, "second resolver index");
	ok(model_row(m, 0)->sources != NULL, "old row grew its sources");
	for (i = 1; i < 4; i++)
		model_add_row(m, &x[i], 0, "dns", NULL);
	model_set_resolved(m, RESOLVE_DONE, NULL, NULL);

	/* round 1: A {1,2}, B {1,3} */
	model_round_begin(m);
	model_resolver_answer(m, r0, x, ttl, 2, false);
	model_resolver_answer(m, r1, (struct netaddr[]){ x[0], x[2] },
	    (uint32_t[]){ 200, 30 }, 2, false);
	model_round_end(m);
	is_int(model_row(m, 0)->sources[0].seen, 1, "A saw .1 once");
	is_int(model_row(m, 0)->sources[1].ttl, 200, "B's TTL for .1");
	is_int(model_row(m, 0)->ttl, 200, "row TTL: smallest current");
	ok(!model_row_disputed(m, 0), ".1 from both: not disputed");
	ok(model_row_disputed(m, 1) && model_row_disputed(m, 2),
	    ".2 and .3 from one each: disputed");
	ok(model_resolvers_disagree(m), "resolvers disagree");
	ok(model_row(m, 3)->gone == false, "never-seen row is not gone");

	/* round 2: A {1}, B fails: B's answer stands */
	model_round_begin(m);
	model_resolver_answer(m, r0, x, ttl, 1, false);
	model_resolver_failed(m, r1, "B: n.example: timed out", "timeout");
	model_round_end(m);
	ok(!model_row(m, 1)->sources[0].present, ".2 left A's answer");
	ok(model_row(m, 1)->gone, ".2 in no latest answer: gone");
	ok(!model_row(m, 2)->gone, ".3 still in B's last good answer");
	is_int(model_resolver(m, r1)->failures, 1, "B: one failure");
	is_str(model_resolver(m, r1)->reason, "timeout", "B: reason kept");
	is_int(model_resolver_errors(m), 1, "one resolver with errors");

	/* round 3: A {1,2} again, with the cap hit; B {3} */
	model_round_begin(m);
	model_resolver_answer(m, r0, x, ttl, 2, true);
	model_resolver_answer(m, r1, &x[2], ttl, 1, false);
	model_round_end(m);
	ok(!model_row(m, 1)->gone, ".2 came back: not gone");
	is_int(model_row(m, 1)->sources[0].seen, 2, "A saw .2 twice");
	is_int(model_row(m, 0)->sources[0].seen, 3, "A saw .1 three times");
	is_int(model_row(m, 0)->sources[1].seen, 1, "B saw .1 once");
	ok(!model_row(m, 0)->sources[1].present, ".1 not in B's latest");
	ok(model_resolver(m, r0)->capped, "the cap is recorded");
	is_int(model_resolver(m, r1)->queries, 3, "B: 3 queries");
	is_int(model_resolver(m, r1)->answers, 2, "B: 2 answers");
	is_int(model_rounds_done(m), 3, "3 rounds");
	ok(model_cells_done(m), "no cells left: cells done (rounds are the "
	    "scheduler's, test_app)");
	/* out of range resolvers are ignored */
	model_resolver_answer(m, 9, x, ttl, 4, false);
	model_resolver_failed(m, 9, "x", "error");
	is_int(model_resolver_count(m), 2, "still 2 resolvers");
	model_set_cname_chain(m, chain, 1);
	is_str(model_cname(m, 0), "c.example", "cname chain copied");
	ok(model_cname(m, 1) == NULL, "past the chain: NULL");
	model_free(m);
}

/* A cell's history: every result of every generation, the last
 * MODEL_HISTORY_MAX kept, oldest first; a stale result is not one. */
static void
test_history(void)
{
	char id[] = "p";
	struct profile p = { .id = id };
	struct netaddr a;
	struct model *m = model_new("h.example", 443, NULL, "system");
	const struct model_cell *c;
	struct probe_result *r;
	uint32_t g, stale;
	unsigned i;
	bool order = true, taken = true;

	netaddr_parse("192.0.2.7", &a);
	model_add_column(m, &p);
	model_add_row(m, &a, 60, "dns", NULL);
	c = model_cell(m, 0, 0);
	is_int(model_cell_hist_len(c), 0, "history: empty at first");
	ok(model_cell_hist(c, 0) == NULL, "history: nothing at 0");
	stale = model_cell_begin(m, 0, 0);
	for (i = 0; i < MODEL_HISTORY_MAX + 8; i++) {
		/* every fourth a failure: a flapping cell */
		r = mk(i % 4 == 3 ? PROBE_FAILED : PROBE_OK);
		r->cipher = (uint16_t)(0x1000 + i);
		g = model_cell_begin(m, 0, 0);
		if (!model_cell_finish(m, 0, 0, g, r))
			taken = false;
	}
	ok(taken, "history: every current result taken");
	ok(!model_cell_finish(m, 0, 0, stale, mk(PROBE_OK)),
	    "history: a stale result is dropped");
	is_int(model_cell_hist_len(c), MODEL_HISTORY_MAX,
	    "history: bounded at MODEL_HISTORY_MAX");
	is_int(c->hist_total, MODEL_HISTORY_MAX + 8,
	    "history: every result counted");
	/* kept: results 8 .. 39 (0-based); failures keep no suite */
	for (i = 0; i < MODEL_HISTORY_MAX; i++)
		if (model_cell_hist(c, i)->cipher != ((i + 8) % 4 == 3 ? 0 :
		    0x1000 + i + 8))
			order = false;
	is_int(model_cell_hist(c, 0)->outcome, PROBE_OK,
	    "history: the oldest kept is result 9 (ok)");
	is_int(model_cell_hist(c, 0)->cipher, 0x1000 + 8,
	    "history: the oldest kept is result 9 (its suite)");
	is_int(model_cell_hist(c, MODEL_HISTORY_MAX - 1)->outcome,
	    PROBE_FAILED, "history: the newest is result 40 (a failure)");
	is_int(model_cell_hist(c, MODEL_HISTORY_MAX - 1)->cipher, 0,
	    "history: a failure keeps no suite");
	ok(order, "history: in order");
	ok(model_cell_hist(c, MODEL_HISTORY_MAX) == NULL,
	    "history: nothing past the end");
	{
		struct model *cp = model_copy(m, NULL, 0);

		is_int(model_cell_hist_len(model_cell(cp, 0, 0)),
		    MODEL_HISTORY_MAX, "history: copied with the model");
		model_free(cp);
	}
	model_free(m);
}

/* model_sort_rows: IPv4 before IPv6, numeric, cells moving with rows. */
static void
test_sort(void)
{
	static const char *const in[] = {
		"::1", "127.0.0.10", "2001:db8::2", "127.0.0.2", "10.0.0.1",
		"2001:db8::10",
	};
	static const char *const want[] = {
		"10.0.0.1", "127.0.0.2", "127.0.0.10", "::1", "2001:db8::2",
		"2001:db8::10",
	};
	char id[] = "p";
	struct profile p = { .id = id };
	struct model *m = model_new("n.example", 443, NULL, "system");
	struct probe_result *r;
	struct netaddr x;
	size_t i;
	bool order = true, cells = true;

	model_add_column(m, &p);
	for (i = 0; i < 6; i++) {
		netaddr_parse(in[i], &x);
		model_add_row(m, &x, 0, "dns", NULL);
		r = mk(PROBE_OK);
		r->connect_ms = (uint32_t)i;	/* marks the row it belongs to */
		model_cell_finish(m, i, 0, model_cell_begin(m, i, 0), r);
	}
	model_sort_rows(m);
	for (i = 0; i < 6; i++) {
		const struct model_cell *c = model_cell(m, i, 0);
		size_t k;

		if (strcmp(model_row(m, i)->text, want[i]) != 0)
			order = false;
		for (k = 0; k < 6 && strcmp(in[k], want[i]) != 0; k++)
			;
		if (c->result == NULL || c->result->connect_ms != k)
			cells = false;
	}
	ok(order, "sort: IPv4 then IPv6, each numerically");
	ok(cells, "sort: every cell moved with its row");
	model_free(m);
}

int
main(void)
{
	char id1[] = "p1", id2[] = "p2";
	struct profile p1 = { .id = id1 }, p2 = { .id = id2 };
	struct netaddr a, b;
	struct model *m = model_new("api.example.test", 443, NULL, "system");
	struct model_counts n;
	uint32_t g1, g2;

	ok(netaddr_parse("192.0.2.1", &a) && netaddr_parse("2001:db8::1", &b),
	    "addresses parse");
	model_add_column(m, &p1);
	is_int(model_add_row(m, &a, 60, "dns", NULL), 0, "first row");
	is_int(model_add_row(m, &b, 60, "dns", "v6"), 1, "second row");
	is_int(model_add_row(m, &a, 60, "dns", NULL), 0, "duplicate address");
	model_add_column(m, &p2);	/* a column after rows exist */
	is_int(model_rows(m), 2, "2 rows");
	is_int(model_cols(m), 2, "2 columns");
	is_str(model_row(m, 1)->text, "2001:db8::1", "row text formatted");
	is_str(model_row(m, 1)->label, "v6", "row label kept");
	is_str(model_sni(m), "api.example.test", "SNI defaults to host");
	ok(model_cell(m, 2, 0) == NULL && model_cell(m, 0, 2) == NULL,
	    "out-of-range cells are NULL");
	ok(!model_cells_done(m), "pending resolution: not complete");
	model_set_resolved(m, RESOLVE_DONE, NULL, "cdn.example.test");
	is_str(model_canonical(m), "cdn.example.test", "canonical kept");

	g1 = model_cell_begin(m, 0, 0);
	g2 = model_cell_begin(m, 0, 0);		/* re-probed */
	ok(!model_cell_finish(m, 0, 0, g1, mk(PROBE_OK)),
	    "stale generation dropped");
	ok(model_cell(m, 0, 0)->state == CELL_PENDING, "cell still pending");
	ok(model_cell_finish(m, 0, 0, g2, mk(PROBE_OK)), "current accepted");
	model_cell_finish(m, 0, 1, model_cell_begin(m, 0, 1),
	    mk(PROBE_FAILED));
	model_cell_finish(m, 1, 0, model_cell_begin(m, 1, 0), mk(PROBE_OK));
	ok(!model_cells_done(m), "one cell left: not complete");
	model_cell_finish(m, 1, 1, model_cell_begin(m, 1, 1), mk(PROBE_OK));
	n = model_count(m);
	ok(n.total == 4 && n.done == 4 && n.ok == 3 && n.failed == 1,
	    "counts 4/4, 3 ok, 1 failed");
	ok(model_cells_done(m), "complete");
	ok(!model_cell_finish(m, 9, 9, 1, mk(PROBE_OK)),
	    "result for a missing cell dropped");
	{
		/* A copy without column 0 (the TUI's snapshot after the
		 * picker removed it) outlives the original. */
		bool keep[2] = { false, true };
		struct model *c = model_copy(m, keep, 2);

		model_free(m);
		m = NULL;
		ok(model_cols(c) == 1 && model_col(c, 0) == &p2 &&
		    model_rows(c) == 2, "copy: the kept column, every row");
		ok(model_cell(c, 0, 0)->result != NULL &&
		    model_cell(c, 0, 0)->result->outcome == PROBE_FAILED &&
		    model_cell(c, 1, 0)->result->outcome == PROBE_OK,
		    "copy: the kept column's results, in their rows");
		n = model_count(c);
		ok(n.total == 2 && n.done == 2 && n.failed == 1 &&
		    model_cells_done(c), "copy: counts over the kept column");
		is_str(model_host(c), "api.example.test", "copy: the target");
		model_free(c);
	}
	test_resolvers();
	test_history();
	test_sort();
	return tap_done();
}
