/*
 * model.c: rows x columns of probe results (see model.h).
 *
 * Main thread only. Cells live in one array per row so that adding a row
 * (a new address from re-resolution) never moves other rows' cells, and
 * adding a column grows every row by one. Results are owned by their cell.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "model.h"
#include "xmem.h"

struct model {
	char			*host, *sni, *resolvers;
	uint16_t		 port;
	size_t			 n_ports;	/* rows' ports; 0 or 1: one */
	char			 ports_text[16 * 6 + 1]; /* "443,8443" */
	char			*proxy;		/* --proxy, redacted; NULL */
	uint64_t		 started_ms;

	enum resolve_state	 resolve_state;
	char			*resolve_error;
	char			*canonical;

	struct model_resolver	*res;
	size_t			 n_res;
	char			**cnames;
	size_t			 n_cnames;
	unsigned		 rounds_done;
	bool			 round_running;

	struct model_row	*rows;
	struct model_cell	**cells;	/* cells[row][col] */
	size_t			 n_rows, cap_rows;
	const struct profile	**cols;
	size_t			 n_cols;
};

static void
free_server(struct server_info *s)
{
	if (s != NULL) {
		server_info_cleanup(s);
		free(s);
	}
}

struct model *
model_new(const char *host, uint16_t port, const char *sni,
    const char *resolvers)
{
	struct model *m = xcalloc(1, sizeof *m);

	m->host = xstrdup(host);
	m->sni = xstrdup(sni != NULL ? sni : host);
	m->resolvers = xstrdup(resolvers != NULL ? resolvers : "");
	m->port = port;
	snprintf(m->ports_text, sizeof m->ports_text, "%u", (unsigned)port);
	m->started_ms = clock_ms();
	return m;
}

void
model_free(struct model *m)
{
	size_t r, c;

	if (m == NULL)
		return;
	for (r = 0; r < m->n_rows; r++) {
		for (c = 0; c < m->n_cols; c++)
			free(m->cells[r][c].result);
		free(m->cells[r]);
		free_server(m->rows[r].server);
		free(m->rows[r].sources);
	}
	for (r = 0; r < m->n_res; r++) {
		free(m->res[r].name);
		free(m->res[r].error);
	}
	free(m->res);
	for (r = 0; r < m->n_cnames; r++)
		free(m->cnames[r]);
	free(m->cnames);
	free(m->cells);
	free(m->rows);
	free(m->cols);
	free(m->host);
	free(m->sni);
	free(m->resolvers);
	free(m->proxy);
	free(m->resolve_error);
	free(m->canonical);
	free(m);
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

struct model *
model_copy(const struct model *m, const bool *keep, size_t n_keep)
{
	struct model *c = xcalloc(1, sizeof *c);
	size_t r, k, n = 0;

	*c = *m;
	c->host = xstrdup(m->host);
	c->sni = xstrdup(m->sni);
	c->resolvers = xstrdup(m->resolvers);
	c->proxy = dup_or_null(m->proxy);
	c->resolve_error = dup_or_null(m->resolve_error);
	c->canonical = dup_or_null(m->canonical);
	c->res = m->n_res > 0 ? xreallocarray(NULL, m->n_res, sizeof *c->res) :
	    NULL;
	for (r = 0; r < m->n_res; r++) {
		c->res[r] = m->res[r];
		c->res[r].name = xstrdup(m->res[r].name);
		c->res[r].error = dup_or_null(m->res[r].error);
	}
	c->cnames = m->n_cnames > 0 ? xreallocarray(NULL, m->n_cnames,
	    sizeof *c->cnames) : NULL;
	for (r = 0; r < m->n_cnames; r++)
		c->cnames[r] = xstrdup(m->cnames[r]);
	/* the kept columns, in order */
	c->cols = m->n_cols > 0 ? xreallocarray(NULL, m->n_cols,
	    sizeof *c->cols) : NULL;
	for (k = 0; k < m->n_cols; k++)
		if (keep == NULL || k >= n_keep || keep[k])
			c->cols[n++] = m->cols[k];
	c->n_cols = n;
	c->cap_rows = m->n_rows;
	c->rows = m->n_rows > 0 ? xreallocarray(NULL, m->n_rows,
	    sizeof *c->rows) : NULL;
	c->cells = m->n_rows > 0 ? xreallocarray(NULL, m->n_rows,
	    sizeof *c->cells) : NULL;
	for (r = 0; r < m->n_rows; r++) {
		struct model_row *rw = &c->rows[r];
		size_t j = 0;

		*rw = m->rows[r];
		if (m->rows[r].server != NULL) {
			rw->server = xmalloc(sizeof *rw->server);
			server_info_copy(rw->server, m->rows[r].server);
		}
		if (m->rows[r].sources != NULL) {
			rw->sources = xreallocarray(NULL, m->n_res,
			    sizeof *rw->sources);
			memcpy(rw->sources, m->rows[r].sources,
			    m->n_res * sizeof *rw->sources);
		}
		c->cells[r] = xcalloc(n > 0 ? n : 1, sizeof **c->cells);
		for (k = 0; k < m->n_cols; k++) {
			if (keep != NULL && k < n_keep && !keep[k])
				continue;
			c->cells[r][j] = m->cells[r][k];
			if (m->cells[r][k].result != NULL) {
				c->cells[r][j].result = xmalloc(
				    sizeof *c->cells[r][j].result);
				*c->cells[r][j].result = *m->cells[r][k].result;
			}
			j++;
		}
	}
	return c;
}

/* Address order for model_sort_rows; ties keep the rows' order. */
static int
row_cmp(const struct model_row *a, size_t ia, const struct model_row *b,
    size_t ib)
{
	int d;

	if (a->addr.family != b->addr.family)
		return a->addr.family == NETADDR_V4 ? -1 : 1;
	d = memcmp(a->addr.bytes, b->addr.bytes,
	    a->addr.family == NETADDR_V6 ? 16 : 4);
	if (d != 0)
		return d;
	if (a->addr.scope_id != b->addr.scope_id)
		return a->addr.scope_id < b->addr.scope_id ? -1 : 1;
	if (a->port != b->port)
		return a->port < b->port ? -1 : 1;
	return ia < ib ? -1 : ia > ib;
}

void
model_sort_rows(struct model *m)
{
	struct model_row	 row;
	struct model_cell	*cells;
	size_t			*idx, i, j, t;

	if (m->n_rows < 2)
		return;
	/* Insertion sort of an index array: rows are few, and the rows and
	 * cells follow the same permutation. */
	idx = xreallocarray(NULL, m->n_rows, sizeof *idx);
	for (i = 0; i < m->n_rows; i++)
		idx[i] = i;
	for (i = 1; i < m->n_rows; i++) {
		t = idx[i];
		for (j = i; j > 0 && row_cmp(&m->rows[idx[j - 1]], idx[j - 1],
		    &m->rows[t], t) > 0; j--)
			idx[j] = idx[j - 1];
		idx[j] = t;
	}
	/* Apply the permutation cycle by cycle; idx[i] == i marks a row in
	 * place. */
	for (i = 0; i < m->n_rows; i++) {
		if (idx[i] == i)
			continue;
		row = m->rows[i];
		cells = m->cells[i];
		j = i;
		while (idx[j] != i) {
			m->rows[j] = m->rows[idx[j]];
			m->cells[j] = m->cells[idx[j]];
			t = idx[j];
			idx[j] = j;
			j = t;
		}
		m->rows[j] = row;
		m->cells[j] = cells;
		idx[j] = j;
	}
	free(idx);
}

void
model_add_column(struct model *m, const struct profile *p)
{
	size_t r;

	m->cols = xreallocarray(m->cols, m->n_cols + 1, sizeof *m->cols);
	m->cols[m->n_cols] = p;
	for (r = 0; r < m->n_rows; r++) {
		m->cells[r] = xreallocarray(m->cells[r], m->n_cols + 1,
		    sizeof **m->cells);
		memset(&m->cells[r][m->n_cols], 0, sizeof **m->cells);
	}
	m->n_cols++;
}

size_t
model_add_row(struct model *m, const struct netaddr *a, uint32_t ttl,
    const char *source, const char *label)
{
	return model_add_row_port(m, a, m->port, ttl, source, label);
}

void
model_set_ports(struct model *m, const uint16_t *ports, size_t n)
{
	size_t i, len = 0;
	int k;

	m->n_ports = n;
	for (i = 0; i < n && n > 1; i++) {
		k = snprintf(m->ports_text + len, sizeof m->ports_text - len,
		    "%s%u", i > 0 ? "," : "", (unsigned)ports[i]);
		if (k < 0 || (size_t)k >= sizeof m->ports_text - len)
			break;
		len += (size_t)k;
	}
}

const char *
model_ports_text(const struct model *m)
{
	return m->ports_text;
}

size_t
model_port_count(const struct model *m)
{
	return m->n_ports > 1 ? m->n_ports : 1;
}

void
model_set_proxy(struct model *m, const char *desc)
{
	free(m->proxy);
	m->proxy = desc != NULL && *desc != '\0' ? xstrdup(desc) : NULL;
}

const char *
model_proxy(const struct model *m)
{
	return m->proxy;
}

size_t
model_add_row_port(struct model *m, const struct netaddr *a, uint16_t port,
    uint32_t ttl, const char *source, const char *label)
{
	struct model_row *row;
	size_t r;

	for (r = 0; r < m->n_rows; r++)
		if (netaddr_equal(&m->rows[r].addr, a) &&
		    m->rows[r].port == port)
			return r;
	if (m->n_rows == m->cap_rows) {
		m->cap_rows = m->cap_rows ? m->cap_rows * 2 : 8;
		m->rows = xreallocarray(m->rows, m->cap_rows, sizeof *m->rows);
		m->cells = xreallocarray(m->cells, m->cap_rows,
		    sizeof *m->cells);
	}
	row = &m->rows[m->n_rows];
	memset(row, 0, sizeof *row);
	row->addr = *a;
	row->port = port;
	if (m->n_ports > 1)
		netaddr_format_port(a, port, row->text, sizeof row->text);
	else
		netaddr_format(a, row->text, sizeof row->text);
	row->ttl = ttl;
	row->source = source != NULL ? source : "";
	if (label != NULL) {
		strncpy(row->label, label, sizeof row->label - 1);
		row->label[sizeof row->label - 1] = '\0';
	}
	m->cells[m->n_rows] = xcalloc(m->n_cols ? m->n_cols : 1,
	    sizeof **m->cells);
	if (m->n_res > 0)
		row->sources = xcalloc(m->n_res, sizeof *row->sources);
	return m->n_rows++;
}

void
model_set_resolved(struct model *m, enum resolve_state st, const char *error,
    const char *canonical)
{
	m->resolve_state = st;
	free(m->resolve_error);
	m->resolve_error = error != NULL ? xstrdup(error) : NULL;
	free(m->canonical);
	m->canonical = canonical != NULL ? xstrdup(canonical) : NULL;
}

size_t
model_add_resolver(struct model *m, const char *name)
{
	size_t r;

	m->res = xreallocarray(m->res, m->n_res + 1, sizeof *m->res);
	memset(&m->res[m->n_res], 0, sizeof *m->res);
	m->res[m->n_res].name = xstrdup(name != NULL ? name : "");
	for (r = 0; r < m->n_rows; r++) {
		m->rows[r].sources = xreallocarray(m->rows[r].sources,
		    m->n_res + 1, sizeof *m->rows[r].sources);
		memset(&m->rows[r].sources[m->n_res], 0,
		    sizeof *m->rows[r].sources);
	}
	return m->n_res++;
}

/* A row is gone when resolvers vouched for it once and none does now. */
static void
update_gone(struct model *m)
{
	size_t r, i;
	bool ever, now;
	uint32_t ttl;

	for (r = 0; r < m->n_rows; r++) {
		struct model_row *row = &m->rows[r];

		if (row->sources == NULL)
			continue;
		ever = now = false;
		ttl = 0;
		for (i = 0; i < m->n_res; i++) {
			if (row->sources[i].seen > 0)
				ever = true;
			if (row->sources[i].present) {
				if (!now || row->sources[i].ttl < ttl)
					ttl = row->sources[i].ttl;
				now = true;
			}
		}
		row->gone = ever && !now;
		if (now)
			row->ttl = ttl;
	}
}

void
model_resolver_answer(struct model *m, size_t ri, const struct netaddr *addrs,
    const uint32_t *ttls, size_t n, bool capped)
{
	struct model_resolver *rv;
	size_t r, i;

	if (ri >= m->n_res)
		return;
	rv = &m->res[ri];
	rv->queries++;
	rv->answers++;
	rv->last_failed = false;
	if (capped)
		rv->capped = true;
	for (r = 0; r < m->n_rows; r++) {
		struct model_source *s;

		if (m->rows[r].sources == NULL)
			continue;
		s = &m->rows[r].sources[ri];
		s->present = false;
		for (i = 0; i < n; i++) {
			if (!netaddr_equal(&m->rows[r].addr, &addrs[i]))
				continue;
			s->present = true;
			s->seen++;
			s->ttl = ttls != NULL ? ttls[i] : 0;
			break;
		}
	}
	update_gone(m);
}

void
model_resolver_failed(struct model *m, size_t ri, const char *error,
    const char *reason)
{
	struct model_resolver *rv;

	if (ri >= m->n_res)
		return;
	rv = &m->res[ri];
	rv->queries++;
	rv->failures++;
	rv->last_failed = true;
	free(rv->error);
	rv->error = xstrdup(error != NULL ? error : "unknown error");
	rv->reason = reason;
}

void
model_set_cname_chain(struct model *m, char *const *chain, size_t n)
{
	size_t i;

	for (i = 0; i < m->n_cnames; i++)
		free(m->cnames[i]);
	free(m->cnames);
	m->cnames = NULL;
	m->n_cnames = 0;
	if (n == 0)
		return;
	m->cnames = xcalloc(n, sizeof *m->cnames);
	for (i = 0; i < n; i++)
		m->cnames[i] = xstrdup(chain[i]);
	m->n_cnames = n;
}

void
model_round_begin(struct model *m)
{
	m->round_running = true;
}

void
model_round_end(struct model *m)
{
	m->round_running = false;
	m->rounds_done++;
}

uint32_t
model_cell_begin(struct model *m, size_t row, size_t col)
{
	return model_cell_begin_n(m, row, col, 1);
}

uint32_t
model_cell_begin_n(struct model *m, size_t row, size_t col, uint32_t repeats)
{
	struct model_cell *c = &m->cells[row][col];

	free(c->result);
	c->result = NULL;
	c->state = CELL_PENDING;
	c->started_ms = clock_ms();
	c->expected = repeats > 0 ? repeats : 1;
	c->finished = c->ok = 0;
	c->n_outcomes = 0;
	return ++c->gen;
}

/* Counts res among the cell's distinct outcomes. */
static void
tally_outcome(struct model_cell *c, const struct probe_result *res)
{
	struct model_outcome o;
	size_t i;

	memset(&o, 0, sizeof o);
	o.ok = res->outcome == PROBE_OK;
	o.version = res->version;
	o.cipher = o.ok ? res->cipher : 0;
	o.reason = res->reason;
	o.alert = o.ok ? -1 : res->alert_received;
	for (i = 0; i < c->n_outcomes; i++) {
		struct model_outcome *k = &c->outcomes[i];

		if (k->ok == o.ok && k->version == o.version &&
		    k->cipher == o.cipher && k->reason == o.reason &&
		    k->alert == o.alert) {
			k->count++;
			return;
		}
	}
	if (c->n_outcomes < MODEL_MAX_OUTCOMES) {
		o.count = 1;
		c->outcomes[c->n_outcomes++] = o;
	}
}

/* Appends res to the cell's history ring. */
static void
remember(const struct model *m, struct model_cell *c,
    const struct probe_result *res)
{
	struct model_hist *h = &c->hist[c->hist_total % MODEL_HISTORY_MAX];
	uint64_t now = clock_ms();

	h->at_ms = now > m->started_ms ? (uint32_t)(now - m->started_ms) : 0;
	h->version = res->version;
	h->cipher = res->outcome == PROBE_OK ? res->cipher : 0;
	h->alert = res->alert_received >= 0 && res->alert_received <= 255 ?
	    (int16_t)res->alert_received : -1;
	h->outcome = (uint8_t)res->outcome;
	h->reason = (uint8_t)res->reason;
	c->hist_total++;
}

bool
model_cell_finish(struct model *m, size_t row, size_t col, uint32_t gen,
    struct probe_result *res)
{
	struct model_cell *c;

	if (row >= m->n_rows || col >= m->n_cols ||
	    m->cells[row][col].gen != gen) {
		free(res);
		return false;
	}
	c = &m->cells[row][col];
	if (c->state == CELL_DONE) {	/* more results than expected */
		free(res);
		return false;
	}
	tally_outcome(c, res);
	remember(m, c, res);
	c->finished++;
	if (res->outcome == PROBE_OK)
		c->ok++;
	/* Show the first failure: it is what a repeated probe exists to
	 * catch. Otherwise the latest result. */
	if (c->result == NULL || c->result->outcome == PROBE_OK) {
		free(c->result);
		c->result = res;
	} else {
		free(res);
	}
	if (c->finished >= c->expected)
		c->state = CELL_DONE;
	return true;
}

uint32_t
model_scan_begin(struct model *m, size_t row)
{
	struct model_row *r = &m->rows[row];

	free_server(r->server);
	r->server = NULL;
	r->scan_state = SCAN_PENDING;
	return ++r->scan_gen;
}

bool
model_scan_finish(struct model *m, size_t row, uint32_t gen,
    struct server_info *s)
{
	struct model_row *r;

	if (row >= m->n_rows || m->rows[row].scan_gen != gen ||
	    m->rows[row].scan_state != SCAN_PENDING) {
		free_server(s);
		return false;
	}
	r = &m->rows[row];
	free_server(r->server);
	r->server = s;
	r->scan_state = SCAN_DONE;
	return true;
}

const char *
model_host(const struct model *m)
{
	return m->host;
}

uint16_t
model_port(const struct model *m)
{
	return m->port;
}

const char *
model_sni(const struct model *m)
{
	return m->sni;
}

const char *
model_resolvers(const struct model *m)
{
	return m->resolvers;
}

enum resolve_state
model_resolve_state(const struct model *m)
{
	return m->resolve_state;
}

const char *
model_resolve_error(const struct model *m)
{
	return m->resolve_error;
}

const char *
model_canonical(const struct model *m)
{
	return m->canonical;
}

uint64_t
model_started_ms(const struct model *m)
{
	return m->started_ms;
}

size_t
model_resolver_count(const struct model *m)
{
	return m->n_res;
}

const struct model_resolver *
model_resolver(const struct model *m, size_t i)
{
	return i < m->n_res ? &m->res[i] : NULL;
}

size_t
model_resolver_errors(const struct model *m)
{
	size_t i, n = 0;

	for (i = 0; i < m->n_res; i++)
		if (m->res[i].failures > 0)
			n++;
	return n;
}

size_t
model_cname_count(const struct model *m)
{
	return m->n_cnames;
}

const char *
model_cname(const struct model *m, size_t i)
{
	return i < m->n_cnames ? m->cnames[i] : NULL;
}

unsigned
model_rounds_done(const struct model *m)
{
	return m->rounds_done;
}

bool
model_round_running(const struct model *m)
{
	return m->round_running;
}

bool
model_row_disputed(const struct model *m, size_t row)
{
	const struct model_row *rw;
	bool some = false, missing = false;
	size_t i;

	if (row >= m->n_rows || m->n_res < 2)
		return false;
	rw = &m->rows[row];
	if (rw->sources == NULL)
		return false;
	for (i = 0; i < m->n_res; i++) {
		if (m->res[i].answers == 0)
			continue;	/* failed only: no opinion */
		if (rw->sources[i].seen > 0)
			some = true;
		else
			missing = true;
	}
	return some && missing;
}

bool
model_resolvers_disagree(const struct model *m)
{
	size_t r;

	for (r = 0; r < m->n_rows; r++)
		if (model_row_disputed(m, r))
			return true;
	return false;
}

size_t
model_rows(const struct model *m)
{
	return m->n_rows;
}

size_t
model_cols(const struct model *m)
{
	return m->n_cols;
}

const struct model_row *
model_row(const struct model *m, size_t row)
{
	return row < m->n_rows ? &m->rows[row] : NULL;
}

const struct profile *
model_col(const struct model *m, size_t col)
{
	return col < m->n_cols ? m->cols[col] : NULL;
}

const struct model_cell *
model_cell(const struct model *m, size_t row, size_t col)
{
	if (row >= m->n_rows || col >= m->n_cols)
		return NULL;
	return &m->cells[row][col];
}

struct model_counts
model_count(const struct model *m)
{
	struct model_counts n = { 0, 0, 0, 0, 0, 0 };
	size_t r, c;

	for (r = 0; r < m->n_rows; r++) {
		if (m->rows[r].scan_state != SCAN_OFF) {
			n.scans++;
			if (m->rows[r].scan_state == SCAN_DONE)
				n.scans_done++;
		}
		for (c = 0; c < m->n_cols; c++) {
			const struct model_cell *cell = &m->cells[r][c];

			n.total++;
			if (cell->state != CELL_DONE || cell->result == NULL)
				continue;
			n.done++;
			if (cell->result->outcome == PROBE_OK)
				n.ok++;
			else
				n.failed++;
		}
	}
	return n;
}

size_t
model_cell_hist_len(const struct model_cell *c)
{
	return c->hist_total < MODEL_HISTORY_MAX ? c->hist_total :
	    MODEL_HISTORY_MAX;
}

const struct model_hist *
model_cell_hist(const struct model_cell *c, size_t i)
{
	size_t n = model_cell_hist_len(c);

	if (i >= n)
		return NULL;
	/* the oldest kept is at hist_total - n */
	return &c->hist[(c->hist_total - n + i) % MODEL_HISTORY_MAX];
}

bool
model_cells_done(const struct model *m)
{
	struct model_counts n;

	if (m->resolve_state == RESOLVE_PENDING)
		return false;
	n = model_count(m);
	return n.done == n.total && n.scans_done == n.scans;
}
