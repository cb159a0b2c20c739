/*
 * export.h: snapshots of the model for tickets and scripts.
 *
 * The text snapshot (the same bytes as `--batch`, `--export` and the TUI's
 * export) and the JSON document described in docs/JSON.md. Reads the model
 * through its accessors; every string from the network is escaped. Main
 * thread.
 */
#ifndef TLSMATRIX_EXPORT_H
#define TLSMATRIX_EXPORT_H

#include <stdio.h>

#include "model.h"
#include "options.h"
#include "status.h"

/* Writes the snapshot of m in format f to out; ST_EIO if writing failed. */
enum status	export_write(const struct model *m, enum output_format f,
		    FILE *out);
/* Writes to path atomically (temporary file, fsync, rename). */
enum status	export_to_file(const struct model *m, enum output_format f,
		    const char *path, char *err, size_t errlen);

#endif
