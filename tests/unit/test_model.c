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
	ok(!model_complete(m), "pending resolution: not complete");
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
	ok(!model_complete(m), "one cell left: not complete");
	model_cell_finish(m, 1, 1, model_cell_begin(m, 1, 1), mk(PROBE_OK));
	n = model_count(m);
	ok(n.total == 4 && n.done == 4 && n.ok == 3 && n.failed == 1,
	    "counts 4/4, 3 ok, 1 failed");
	ok(model_complete(m), "complete");
	ok(!model_cell_finish(m, 9, 9, 1, mk(PROBE_OK)),
	    "result for a missing cell dropped");
	model_free(m);
	return tap_done();
}
