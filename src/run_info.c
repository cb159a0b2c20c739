/*
 * run_info.c: the runners that probe nothing: --list-profiles (a table of
 * the profiles), --version (ours and the libraries' own words) and
 * --diff OLD NEW (snapdiff.h). Main thread only.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "digest.h"
#include "exitcode.h"
#include "fingerprint.h"
#include "probe.h"
#include "resolver.h"
#include "run.h"
#include "snapdiff.h"
#include "tls_names.h"
#include "ui.h"

/* "1.2-1.3" from a profile's version range. */
static void
version_range(const struct profile *p, char *buf, size_t len)
{
	const char *lo = tls_version_name(p->min_version);
	const char *hi = tls_version_name(p->max_version);
	char l[16], h[16];

	/* "TLSv1.2" -> "1.2"; "TLSv1" -> "1.0"; "SSLv3" stays. */
	snprintf(l, sizeof l, "%s", lo == NULL ? "?" :
	    strncmp(lo, "TLSv", 4) == 0 ? lo + 4 : lo);
	snprintf(h, sizeof h, "%s", hi == NULL ? "?" :
	    strncmp(hi, "TLSv", 4) == 0 ? hi + 4 : hi);
	if (strcmp(l, "1") == 0)
		snprintf(l, sizeof l, "1.0");
	if (strcmp(h, "1") == 0)
		snprintf(h, sizeof h, "1.0");
	if (strcmp(l, h) == 0)
		snprintf(buf, len, "%s", h);
	else
		snprintf(buf, len, "%s-%s", l, h);
}

void
run_list_profiles(const struct profile_set *set)
{
	struct fingerprint fp;
	char vr[40], err[256];
	size_t i, tls12;

	printf("%-16s %-7s %-28s %-8s %6s  %-32s %-36s  %s\n", "ID",
	    "DEFAULT", "LIBRARY", "VERSIONS", "SUITES", "JA3", "JA4", "NAME");
	for (i = 0; i < set->n; i++) {
		const struct profile *p = set->v[i];
		size_t k;

		for (k = 0, tls12 = 0; k < p->n_suites; k++)
			if (!tls_suite_is_signal(p->suites[k]))
				tls12++;
		version_range(p, vr, sizeof vr);
		/* The fingerprints of the hello the profile sends. */
		if (fingerprint_from_profile(p, &fp, err, sizeof err) == ST_OK)
			digest_fingerprint(&fp);
		else
			snprintf(fp.ja4, sizeof fp.ja4, "-");
		printf("%-16s %-7s %-28.28s %-8s %6zu  %-32s %-36s  %s\n",
		    p->id, p->in_default_set ? "yes" : "", p->library, vr,
		    tls12, fp.ja3_hash[0] != '\0' ? fp.ja3_hash : "-",
		    fp.ja4, p->name);
		fingerprint_cleanup(&fp);
	}
}

/* tlsmatrix --diff OLD NEW: 0 nothing got worse, 1 something did, 3 a
 * file could not be read or is not a snapshot. */
int
run_diff(const struct options *o)
{
	struct snapdiff_result	res;
	char			err[STATUS_ERR_MAX];

	if (snapdiff_files(o->diff_old, o->diff_new, stdout, &res, err,
	    sizeof err) != ST_OK) {
		fprintf(stderr, "tlsmatrix: --diff: %s\n", err);
		if (ferror(stdout))
			run_stdout_set_reported();	/* that was the failure */
		return EXIT_RUNTIME;
	}
	return res.worse ? EXIT_CELL_FAIL : EXIT_ALL_OK;
}

/* --version: ours, then the libraries' own words for the versions this
 * process runs with (not the headers it was built against), each from
 * the one module allowed to include that library. */
void
run_print_version(void)
{
	printf("tlsmatrix %s\n", PACKAGE_VERSION);
	printf("OpenSSL: %s\n", probe_tls_library_version());
	printf("c-ares: %s\n", resolver_library_version());
	printf("curses: %s\n", ui_library_version());
	printf("jansson: %s\n", snapdiff_library_version());
}

