/*
 * ui_status.c: the TUI's header line and key-hint line.
 *
 * The header names the target, the SNI and where the addresses came from
 * on the left, and the progress and elapsed time on the right, which wins
 * when space is short; then whether the resolvers disagree or failed.
 * The hint line follows the focus, unless a resolver failed: then it
 * shows that failure (one line naming the resolver), since a missing
 * answer means missing rows. Drawn by ui.c on every paint; main thread.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "ui_int.h"

/* The most important first: a narrow terminal cuts the end. */
#define HINTS_MATRIX	"arrows move  Enter detail  r re-probe  R resolve  ? help  " \
			"q quit  f filter  / search  e export  P profiles  p pause  " \
			"c compact  m mark  o/O order"
#define HINTS_DETAIL	"arrows scroll  Esc/Tab back  r re-probe  e export  ? help  q quit"
#define HINTS_COMPARE	"arrows scroll  Esc/Enter close  ? help  q quit"

/* Elapsed seconds, frozen once the model completed. */
static uint64_t
elapsed_s(const struct view *v)
{
	uint64_t	start = model_started_ms(v->m), end;

	end = v->done_ms != 0 ? v->done_ms : v->now_ms;
	if (start == 0 || end < start)
		return (0);
	return ((end - start) / 1000);
}

/* The header's flags: resolver trouble, samples, pause and filter in
 * dns; what o, O and m changed in view. */
static void
header_flags(const struct view *v, char *dns, size_t dnslen, char *view,
    size_t viewlen)
{
	size_t nerr = model_resolver_errors(v->m);

	dns[0] = '\0';
	if (model_resolvers_disagree(v->m))
		snprintf(dns, dnslen, "  RESOLVERS DISAGREE");
	if (nerr > 0)
		snprintf(dns + strlen(dns), dnslen - strlen(dns),
		    "  %zu resolver%s failed", nerr, nerr == 1 ? "" : "s");
	if (model_rounds_done(v->m) > 1)
		snprintf(dns + strlen(dns), dnslen - strlen(dns),
		    "  %u samples", model_rounds_done(v->m));
	if (v->paused)
		snprintf(dns + strlen(dns), dnslen - strlen(dns),
		    "  PAUSED");
	if (v->filter)
		snprintf(dns + strlen(dns), dnslen - strlen(dns),
		    v->filter_empty ? "  filter: nothing disagrees" :
		    "  FILTER: disagreements");
	/* what o, O and m changed: on the right, which wins the space */
	view[0] = '\0';
	if (v->col_order != COLS_GIVEN)
		snprintf(view + strlen(view), viewlen - strlen(view),
		    "cols:%s  ", v->col_order == COLS_FAILURES ? "failures" :
		    "family");
	if (v->row_order != ROWS_GIVEN)
		snprintf(view + strlen(view), viewlen - strlen(view),
		    "rows:%s  ", v->row_order == ROWS_ADDRESS ? "address" :
		    "result");
	if (v->marked)
		snprintf(view + strlen(view), viewlen - strlen(view),
		    "MARKED  ");
	if (v->whatif != NULL)	/* the counts are the prediction's (w) */
		snprintf(view + strlen(view), viewlen - strlen(view),
		    "PREDICTED  ");
}

/* The prompt being typed, on the hints line: a long path shows its end,
 * where the typing is. */
static void
draw_prompt(struct view *v, WINDOW *w, const struct rect *k)
{
	char		 in[UI_PROMPT_MAX * 4], pl[sizeof in + 64];
	const char	*tail;
	int		 room;

	fmt_sanitize(v->input, in, sizeof in, v->utf8);
	snprintf(pl, sizeof pl, "%s",
	    v->prompt == PROMPT_SEARCH ? "search: " :
	    "export to (Enter writes, Esc cancels): ");
	/* A long path shows its end, where the typing is. */
	tail = in;
	room = k->w - 3 - ui_width(pl, sizeof pl);
	while (room > 0 && ui_width(tail, strlen(tail)) > room)
		do
			tail++;
		while (((unsigned char)*tail & 0xc0) == 0x80);
	snprintf(pl + strlen(pl), sizeof pl - strlen(pl), "%s_", tail);
	ui_put(w, k->y, k->x + 1, k->w - 1, pl, A_BOLD);
}

static void
status_draw(struct view *v, WINDOW *w)
{
	const struct rect	*h = &v->lay.header, *k = &v->lay.hints;
	struct model_counts	 c = model_count(v->m);
	char			 host[NETADDR_HOST_MAX * 4 + 1];
	char			 sni[NETADDR_HOST_MAX * 4 + 1];
	char			 res[256], left[2400], right[192];
	char			 dns[128], errl[1024], view[64];
	const struct model_resolver *rv = NULL;
	const char		*state = "";
	size_t			 i;
	int			 rw, x;
	uint64_t		 s = elapsed_s(v);

	fmt_sanitize(model_host(v->m), host, sizeof host, v->utf8);
	fmt_sanitize(model_sni(v->m) != NULL ? model_sni(v->m) : "", sni,
	    sizeof sni, v->utf8);
	fmt_sanitize(model_resolvers(v->m) != NULL ? model_resolvers(v->m) :
	    "", res, sizeof res, v->utf8);
	switch (model_resolve_state(v->m)) {
	case RESOLVE_PENDING:
		state = "  resolving";
		break;
	case RESOLVE_FAILED:
		state = "  resolve failed";
		break;
	case RESOLVE_DONE:
		if (model_round_running(v->m))
			state = "  resolving";
		break;
	}
	header_flags(v, dns, sizeof dns, view, sizeof view);
	snprintf(left, sizeof left, "%s:%s  SNI %s  via %s%s%s", host,
	    model_ports_text(v->m), sni[0] != '\0' ? sni : "-",
	    res[0] != '\0' ? res : "-", state, dns);
	snprintf(right, sizeof right, "%s%zu/%zu done  %zu ok  %zu failed  "
	    "%" PRIu64 ":%02" PRIu64, view, c.done, c.total, c.ok, c.failed,
	    s / 60, s % 60);

	ui_blank(w, h->y, h->x, h->w, A_REVERSE);
	rw = ui_width(right, sizeof right);
	x = h->x + h->w - rw - 1;
	if (x < h->x + 1)
		x = h->x + 1;
	ui_put(w, h->y, x, h->x + h->w - x, right, A_REVERSE);
	ui_put(w, h->y, h->x + 1, x - h->x - 2, left, A_REVERSE | A_BOLD);

	/* A prompt, then a message from the last key, own the line. */
	if (v->prompt != PROMPT_NONE) {
		draw_prompt(v, w, k);
		return;
	}
	if (v->msg[0] != '\0') {
		ui_put(w, k->y, k->x + 1, k->w - 1, v->msg, v->msg_error ?
		    ui_attr(v, UI_C_ERROR) : A_BOLD);
		return;
	}
	/* The latest failure of the first resolver whose last query failed,
	 * else of any that failed once. */
	for (i = 0; i < model_resolver_count(v->m); i++) {
		const struct model_resolver *q = model_resolver(v->m, i);

		if (q->failures > 0 && (rv == NULL || (q->last_failed &&
		    !rv->last_failed)))
			rv = q;
	}
	if (rv != NULL && rv->error != NULL) {
		fmt_sanitize(rv->error, errl, sizeof errl, v->utf8);
		snprintf(left, sizeof left, "resolver %s: %s",
		    rv->last_failed ? "error" : "failed earlier", errl);
		ui_put(w, k->y, k->x + 1, k->w - 1, left,
		    ui_attr(v, UI_C_ERROR));
		return;
	}
	ui_put(w, k->y, k->x + 1, k->w - 1,
	    v->compare ? HINTS_COMPARE : v->focus == FOCUS_DETAIL ?
	    HINTS_DETAIL : HINTS_MATRIX,
	    ui_attr(v, UI_C_DIM));
}

const struct ui_pane ui_pane_status = {
	"status",
	status_draw,
	NULL,
};
