/*
 * run_setup.c: what every probing run needs before it starts, for
 * main.c: where the profiles and trust stores are, the columns (-p or
 * the default set) and the probe environment, built once before any
 * worker starts. Main thread only.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "exitcode.h"
#include "run.h"
#include "xmem.h"

static bool
is_dir(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* --profile-dir, $TLSMATRIX_PROFILES, the installed data, the source tree. */
const char *
run_profile_dir(const struct options *o)
{
	const char *env = getenv("TLSMATRIX_PROFILES");

	if (o->profile_dir != NULL)
		return o->profile_dir;
	if (env != NULL && *env != '\0')
		return env;
	if (is_dir(PKGDATADIR "/profiles"))
		return PKGDATADIR "/profiles";
	/* An uninstalled build runs from its source tree. */
	return SRCDIR "/data/profiles";
}

/* $TLSMATRIX_TRUST, the installed stores, the source tree's data/trust. */
static const char *
trust_dir(void)
{
	const char *env = getenv("TLSMATRIX_TRUST");

	if (env != NULL && *env != '\0')
		return env;
	if (is_dir(PKGDATADIR "/trust"))
		return PKGDATADIR "/trust";
	return SRCDIR "/data/trust";
}

/*
 * The trust stores every profile of set may need (the TUI's picker can add
 * any of them) and the AIA settings, built once before workers start. A
 * store file that cannot be read is a usage error.
 */
int
run_make_env(const struct options *o, const struct profile_set *set,
    const char *ca_pem, struct probe_env **env, char *err,
    size_t errlen)
{
	struct probe_env_config cfg;

	memset(&cfg, 0, sizeof cfg);
	cfg.ca_file = o->ca_file;
	cfg.ca_pem = ca_pem;
	cfg.system_store = o->system_store;
	cfg.trust_dir = trust_dir();
	cfg.overrides = o->trust;
	cfg.n_overrides = o->n_trust;
	cfg.profiles = profile_set_list(set);
	cfg.n_profiles = set->n;
	cfg.no_fetch = o->no_fetch;
	cfg.resolve = o->resolve;
	cfg.n_resolve = o->n_resolve;
	cfg.dns = o->dns;
	cfg.n_dns = o->n_dns;
	cfg.family = (int)o->family;
	cfg.may_resolve = true;
	return probe_env_build(&cfg, env, err, errlen) == ST_OK ? 0 : -1;
}

/* The columns: the profiles named with -p, in that order, or the default
 * set (profiles that say "default = yes"). */
static enum status
select_columns(const struct options *o, const struct profile_set *set,
    const struct profile ***cols, size_t *n, char *err, size_t errlen)
{
	size_t i;

	*n = 0;
	*cols = xcalloc(set->n + o->n_profile_ids + 1, sizeof **cols);
	if (o->n_profile_ids == 0) {
		for (i = 0; i < set->n; i++)
			if (set->v[i]->in_default_set)
				(*cols)[(*n)++] = set->v[i];
		return ST_OK;
	}
	for (i = 0; i < o->n_profile_ids; i++) {
		const struct profile *p = profile_set_find(set,
		    o->profile_ids[i]);

		if (p == NULL) {
			snprintf(err, errlen, "unknown profile '%s' "
			    "(--list-profiles shows them)", o->profile_ids[i]);
			return ST_ENOENT;
		}
		(*cols)[(*n)++] = p;
	}
	return ST_OK;
}

/* The profiles and the columns: -1 to go on, else the exit status
 * (EXIT_ALL_OK: --list-profiles, to list them). */
int
run_load_columns(const struct options *o, struct profile_set *set,
    const struct profile ***cols, size_t *n_cols)
{
	char	err[STATUS_ERR_MAX];

	if (profile_set_load_dir(run_profile_dir(o), set, err, sizeof err)
	    != ST_OK) {
		fprintf(stderr, "tlsmatrix: %s\n", err);
		return EXIT_RUNTIME;
	}
	if (o->list_profiles)
		return EXIT_ALL_OK;
	if (select_columns(o, set, cols, n_cols, err, sizeof err) != ST_OK) {
		fprintf(stderr, "tlsmatrix: %s\n", err);
		return EXIT_USAGE;
	}
	if (*n_cols == 0) {
		fprintf(stderr, "tlsmatrix: no profiles in %s\n",
		    run_profile_dir(o));
		return EXIT_RUNTIME;
	}
	return -1;
}

