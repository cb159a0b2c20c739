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

struct model_row {
	struct netaddr	 addr;
	char		 text[NETADDR_TEXT_MAX];	/* formatted address */
	uint32_t	 ttl;		/* seconds, 0 unknown */
	const char	*source;	/* "dns", "--resolve", "literal", "demo" */
	char		 label[64];	/* e.g. demo backend label, or "" */
	enum scan_state	 scan_state;
	uint32_t	 scan_gen;
	struct server_info *server;	/* the enumeration, once done */
};

struct model_cell {
	enum cell_state		 state;
	uint32_t		 gen;
	uint64_t		 started_ms;	/* clock_ms() when issued */
	struct probe_result	*result;	/* NULL until done */
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

/* --- writers: the scheduler only --- */
void		 model_add_column(struct model *m, const struct profile *p);
/* Adds a row unless the address is already there; returns its index. */
size_t		 model_add_row(struct model *m, const struct netaddr *a,
		    uint32_t ttl, const char *source, const char *label);
void		 model_set_resolved(struct model *m, enum resolve_state st,
		    const char *error, const char *canonical);
/* Marks the cell pending under a new generation, which it returns. */
uint32_t	 model_cell_begin(struct model *m, size_t row, size_t col);
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
size_t		 model_rows(const struct model *m);
size_t		 model_cols(const struct model *m);
const struct model_row	*model_row(const struct model *m, size_t row);
const struct profile	*model_col(const struct model *m, size_t col);
const struct model_cell	*model_cell(const struct model *m, size_t row,
			    size_t col);
struct model_counts	 model_count(const struct model *m);
/* True once resolution ended and every cell and scan is done. */
bool		 model_complete(const struct model *m);

#endif
