/*
 * run.h: the runners behind main(): the batch snapshot, the --targets
 * list, --capture, --diff, --list-profiles and --version. main.c parses,
 * loads and picks one; each runner returns an exit status (exitcode.h).
 * Main thread only.
 */
#ifndef TLSMATRIX_RUN_H
#define TLSMATRIX_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "app.h"
#include "options.h"
#include "probe.h"
#include "profile.h"

/* run_batch.c: runs a to completion without a terminal and writes the
 * snapshot in o->format (and -o). */
int	run_batch(struct app *a, const struct options *o);
/* run_targets.c: every target of o->targets_path (--targets), on one
 * shared pool, one JSON line each in file order. */
int	run_targets(const struct options *o, const struct profile **cols,
	    size_t n_cols, struct probe_env *env);
/* run_capture.c: --capture; profile_dir names the library behind each
 * captured hello. */
int	run_capture(const struct options *o, const char *profile_dir);
/* run_info.c: --diff OLD NEW, --list-profiles, --version. */
int	run_diff(const struct options *o);
void	run_list_profiles(const struct profile_set *set);
void	run_print_version(void);

/* run_setup.c: --profile-dir, $TLSMATRIX_PROFILES, the installed data,
 * else the source tree's. */
const char *run_profile_dir(const struct options *o);
/* Loads the profiles into set and picks the columns: -1 to go on, else
 * an exit status (EXIT_ALL_OK: --list-profiles, set loaded to list). */
int	run_load_columns(const struct options *o, struct profile_set *set,
	    const struct profile ***cols, size_t *n_cols);
/* The probe environment: the trust stores every profile of set may need
 * and the AIA settings; ca_pem: the demo's CA or NULL. -1 after filling
 * err (a store that cannot be read: a usage error). */
int	run_make_env(const struct options *o, const struct profile_set *set,
	    const char *ca_pem, struct probe_env **env, char *err,
	    size_t errlen);

/* Reports a failed write to standard output once (who: a prefix, or
 * NULL); returns EXIT_RUNTIME. */
int	run_stdout_failed(const char *who);
/* Whether a failed write to standard output was reported already. */
bool	run_stdout_reported(void);
void	run_stdout_set_reported(void);

/* SIGINT, SIGTERM and SIGHUP end a batch or list run: caught while it
 * runs (run_signals_catch), the old handlers back after. */
struct run_signals;
struct run_signals *run_signals_catch(void);
void	run_signals_restore(struct run_signals *s);
/* The signal that asked the run to stop, or 0. */
int	run_interrupted(void);

#endif
