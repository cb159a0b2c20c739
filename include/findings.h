/*
 * findings.h: what an SRE should see first, from the whole matrix.
 *
 * Columns whose verdict depends on the address (the client that fails
 * "only sometimes", and how often), and addresses whose configuration
 * differs from their siblings' (with what differs). Computed from the
 * model on demand by the front ends, so it always reflects the cells and
 * enumerations done so far. Main thread.
 */
#ifndef TLSMATRIX_FINDINGS_H
#define TLSMATRIX_FINDINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

struct column_finding {
	size_t	ok, failed, pending;	/* cells of present addresses */
	bool	depends;		/* some addresses ok, others not */
};

struct row_finding {
	char	signature[16];		/* explain_server_signature */
	bool	differs;		/* from the reference configuration */
};

struct findings {
	struct column_finding	*cols;	/* model_cols entries */
	struct row_finding	*rows;	/* model_rows entries */
	size_t			 n_cols, n_rows;
	/* The reference configuration: the one most addresses share; on a
	 * tie, the one whose address has the most working cells. */
	bool			 have_ref;
	size_t			 ref_row;
	size_t			 n_depends;	/* columns that depend */
	size_t			 n_differ;	/* rows that differ */
};

void	findings_compute(const struct model *m, struct findings *f);
void	findings_cleanup(struct findings *f);

#endif
