/*
 * model.h: the matrix of results, owned by the main thread.
 *
 * Rows are addresses, columns are client profiles, and each cell holds the
 * latest result for that pair. The scheduler (app.c) is the only writer;
 * front ends (TUI, export) read through the const accessors. Every cell
 * carries a generation: a result for an older generation is stale (the
 * cell was re-probed since) and model_cell_finish drops it.
 * Main thread only; nothing here locks.
 */
#ifndef TLSMATRIX_MODEL_H
#define TLSMATRIX_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "netaddr.h"
#include "profile.h"
#include "result.h"
#include "server.h"

enum cell_state {
	CELL_PENDING = 0,	/* queued, not finished */
	CELL_DONE,
};

enum resolve_state {
	RESOLVE_PENDING = 0,
	RESOLVE_DONE,
	RESOLVE_FAILED,
};

enum scan_state {
	SCAN_OFF = 0,		/* enumeration not asked for */
	SCAN_PENDING,
	SCAN_DONE,
};

/* One resolver's view of one row (address). */
struct model_source {
	uint32_t	 seen;		/* answers of this resolver that held it */
	uint32_t	 ttl;		/* its TTL in the latest such answer */
	bool		 present;	/* in this resolver's latest answer */
};

/* A resolver asked for the name: the system's, or one --dns server. */
struct model_resolver {
	char		*name;		/* "system", "127.0.0.1:5353" */
	uint32_t	 queries;	/* answers and failures so far */
	uint32_t	 answers;	/* queries that gave addresses */
	uint32_t	 failures;
	bool		 last_failed;	/* its latest query failed */
	bool		 capped;	/* an answer held more addresses than
					 * RESOLVER_MAX_ADDRS; the rest dropped */
	char		*error;		/* the latest failure's line, or NULL */
	const char	*reason;	/* its reason name (resolver.h) or NULL */
};

struct model_row {
	struct netaddr	 addr;
	char		 text[NETADDR_TEXT_MAX];	/* formatted address */
	uint32_t	 ttl;		/* seconds, 0 unknown */
	const char	*source;	/* "dns", "--resolve", "literal", "demo" */
	char		 label[64];	/* e.g. demo backend label, or "" */
	enum scan_state	 scan_state;
	uint32_t	 scan_gen;
	struct server_info *server;	/* the enumeration, once done */
	/* One per resolver (model_resolver_count), NULL without resolvers. */
	struct model_source *sources;
	/* Resolved once, but in no resolver's latest answer any more. The
	 * row stays, with its results, marked. */
	bool		 gone;
	/* The port this row probes (several ports: a row per address and
	 * port, and text reads "addr:port"). */
	uint16_t	 port;
};

#define MODEL_MAX_OUTCOMES	8	/* distinct outcomes kept per cell */

/* One distinct outcome among a cell's repeated probes (--repeat). */
struct model_outcome {
	bool		 ok;
	uint16_t	 version, cipher;
	enum fail_reason reason;
	int		 alert;
	uint32_t	 count;
};

/*
 * One result a cell had, kept in its history: every result of every
 * generation (rounds, --repeat, t, r), so a cell that flaps shows it.
 */
#define MODEL_HISTORY_MAX	32	/* the last results kept per cell */

struct model_hist {
	uint32_t	 at_ms;		/* clock_ms() - model_started_ms() */
	uint16_t	 version, cipher;
	int16_t		 alert;		/* received, -1 none */
	uint8_t		 outcome;	/* enum probe_outcome */
	uint8_t		 reason;	/* enum fail_reason */
};

struct model_cell {
	enum cell_state		 state;
	uint32_t		 gen;
	uint64_t		 started_ms;	/* clock_ms() when issued */
	/* The result shown: the first failure among the repeats, else the
	 * latest success. NULL until the first probe finishes. */
	struct probe_result	*result;
	/* --repeat: probes expected, finished and ok for this generation,
	 * and the distinct outcomes (a load balancer hiding several
	 * backends behind one address shows as more than one). */
	uint32_t		 expected, finished, ok;
	struct model_outcome	 outcomes[MODEL_MAX_OUTCOMES];
	size_t			 n_outcomes;
	/* Every result it had, oldest first, a ring of the last
	 * MODEL_HISTORY_MAX: read with model_cell_hist(). hist_total counts
	 * all results ever, kept or not. */
	struct model_hist	 hist[MODEL_HISTORY_MAX];
	uint32_t		 hist_total;
};

struct model_counts {
	size_t	total, done, ok, failed;	/* cells */
	size_t	scans, scans_done;		/* rows being enumerated */
};

struct model;

/* A model for host:port (sni may equal host); resolvers describes where the
 * addresses come from ("system", "127.0.0.1:5353", "--resolve"). */
struct model	*model_new(const char *host, uint16_t port, const char *sni,
		    const char *resolvers);
void		 model_free(struct model *m);
/* A deep copy of m with only the columns whose keep[] entry is true
 * (columns at n_keep or beyond are kept; keep NULL: every column), for
 * a snapshot of what the TUI shows. Free it with model_free. */
struct model	*model_copy(const struct model *m, const bool *keep,
		    size_t n_keep);
/*
 * Puts the rows of m in address order: IPv4 before IPv6, then by the
 * address's bytes (numeric order), the earlier row first on a tie. Only
 * for a copy (model_copy) that no scheduler writes to: a snapshot in the
 * same order whatever order the answers and results came in (#15).
 */
void		 model_sort_rows(struct model *m);

/* --- writers: the scheduler only --- */
void		 model_add_column(struct model *m, const struct profile *p);
/* Adds a row unless the address is already there; returns its index. */
size_t		 model_add_row(struct model *m, const struct netaddr *a,
		    uint32_t ttl, const char *source, const char *label);
/* The same for addr:port (several ports, issue #17): the row's key is the
 * address and the port. Set the port count first. */
size_t		 model_add_row_port(struct model *m, const struct netaddr *a,
		    uint16_t port, uint32_t ttl, const char *source,
		    const char *label);
/* The ports the rows use (n of them, ports[0] the target's; default
 * one); above 1, each row's text is "addr:port" so every front end
 * tells the rows apart. Before rows. */
void		 model_set_ports(struct model *m, const uint16_t *ports,
		    size_t n);
/* "443", or with several ports "443,8443": what the headers print. */
const char	*model_ports_text(const struct model *m);
size_t		 model_port_count(const struct model *m);
/* The proxy every connection goes through, as conn_describe words it
 * (credentials redacted); NULL or "": direct. Copied. */
void		 model_set_proxy(struct model *m, const char *desc);
const char	*model_proxy(const struct model *m);	/* NULL: direct */
void		 model_set_resolved(struct model *m, enum resolve_state st,
		    const char *error, const char *canonical);
/* Adds a resolver (before or after rows); returns its index. */
size_t		 model_add_resolver(struct model *m, const char *name);
/*
 * Resolver ri answered addrs (ttls[i] for addrs[i]): every row holding one
 * of them counts it as seen and present, every other row as not present
 * for ri. Addresses without a row are ignored: add the rows first.
 */
void		 model_resolver_answer(struct model *m, size_t ri,
		    const struct netaddr *addrs, const uint32_t *ttls,
		    size_t n, bool capped);
/* Resolver ri failed; its earlier answer still stands. */
void		 model_resolver_failed(struct model *m, size_t ri,
		    const char *error, const char *reason);
/* The CNAME chain, without the name itself (resolver.h). Copied. */
void		 model_set_cname_chain(struct model *m,
		    char *const *chain, size_t n);
/* The start and end of each round of resolution: what the front ends
 * show (a round running, the samples taken). How many rounds there will
 * be, and so when the run is complete, is the scheduler's (app.h). */
void		 model_round_begin(struct model *m);
void		 model_round_end(struct model *m);
/* Marks the cell pending under a new generation, which it returns; the
 * cell is done once `repeats` results of that generation arrived. */
uint32_t	 model_cell_begin(struct model *m, size_t row, size_t col);
uint32_t	 model_cell_begin_n(struct model *m, size_t row, size_t col,
		    uint32_t repeats);
/* Stores res (taking ownership) if gen is current; else frees it and
 * returns false. */
bool		 model_cell_finish(struct model *m, size_t row, size_t col,
		    uint32_t gen, struct probe_result *res);
/* Marks the row's enumeration pending under a new generation. */
uint32_t	 model_scan_begin(struct model *m, size_t row);
/* Stores s (taking ownership, freeing it with server_info_cleanup + free
 * if stale) if gen is current. */
bool		 model_scan_finish(struct model *m, size_t row, uint32_t gen,
		    struct server_info *s);

/* --- readers: anyone on the main thread --- */
const char	*model_host(const struct model *m);
uint16_t	 model_port(const struct model *m);
const char	*model_sni(const struct model *m);
const char	*model_resolvers(const struct model *m);
enum resolve_state model_resolve_state(const struct model *m);
const char	*model_resolve_error(const struct model *m);	/* or NULL */
const char	*model_canonical(const struct model *m);	/* or NULL */
uint64_t	 model_started_ms(const struct model *m);
size_t		 model_resolver_count(const struct model *m);
const struct model_resolver *model_resolver(const struct model *m,
		    size_t i);
/* Resolvers with at least one failure. */
size_t		 model_resolver_errors(const struct model *m);
size_t		 model_cname_count(const struct model *m);
const char	*model_cname(const struct model *m, size_t i);
unsigned	 model_rounds_done(const struct model *m);
bool		 model_round_running(const struct model *m);
/* True when some resolver that answered never returned an address that
 * another returned: split horizon, GeoDNS, a stale cache. */
bool		 model_resolvers_disagree(const struct model *m);
/* True when row was returned by some answering resolvers but not all. */
bool		 model_row_disputed(const struct model *m, size_t row);
size_t		 model_rows(const struct model *m);
size_t		 model_cols(const struct model *m);
const struct model_row	*model_row(const struct model *m, size_t row);
const struct profile	*model_col(const struct model *m, size_t col);
const struct model_cell	*model_cell(const struct model *m, size_t row,
			    size_t col);
struct model_counts	 model_count(const struct model *m);
/* Results in c's history (at most MODEL_HISTORY_MAX), and the i-th of
 * them, oldest first (NULL past the end). */
size_t			 model_cell_hist_len(const struct model_cell *c);
const struct model_hist	*model_cell_hist(const struct model_cell *c,
			    size_t i);
/* True when resolution is not pending and every cell and scan is done.
 * Whether more rounds are to come is the scheduler's: app_complete(). */
bool		 model_cells_done(const struct model *m);

#endif
