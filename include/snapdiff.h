/*
 * snapdiff.h: what changed between two JSON snapshots (tlsmatrix --diff).
 *
 * Reads two documents of docs/JSON.md (schema_version 1) and writes one
 * line per change: addresses added or gone, cells that flipped or changed
 * reason, protocols, suites and groups added or removed per address (from
 * "servers"). Rows are matched by address, never by port, so two runs of
 * the demo (random ports) compare. Main thread; no third-party type here.
 */
#ifndef TLSMATRIX_SNAPDIFF_H
#define TLSMATRIX_SNAPDIFF_H

#include <stdbool.h>
#include <stdio.h>

#include "status.h"

/* The largest snapshot --diff reads (bytes); the biggest matrix (256
 * addresses x every profile) makes about 25 MB. */
#define SNAPDIFF_MAX_FILE	(64u * 1024 * 1024)

struct snapdiff_result {
	size_t	changes;	/* lines written */
	size_t	vanished;	/* cells of OLD missing from NEW */
	bool	worse;		/* a cell ok -> fail, a new address with a
				 * failing cell, a cell of OLD missing from
				 * NEW, or a protocol or suite removed that an
				 * ok cell of OLD negotiated */
};

/*
 * Compares the snapshots at old_path and new_path and writes the changes
 * to out. ST_EIO: a file cannot be read (or out cannot be written);
 * ST_ERANGE: a file is larger than SNAPDIFF_MAX_FILE; ST_EPARSE: not
 * JSON, or not a tlsmatrix snapshot of schema_version 1; err says which
 * file and why.
 */
enum status	snapdiff_files(const char *old_path, const char *new_path,
		    FILE *out, struct snapdiff_result *res, char *err,
		    size_t errlen);

/* The jansson this process runs with ("2.14"), for --version. */
const char	*snapdiff_library_version(void);

#endif
