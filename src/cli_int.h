/*
 * cli_int.h: what the parts of the command line share, seen only by
 * src/cli*.c. The option table (long_opts) stays in cli.c; the
 * configuration file (cli_config.c) asks it through these. Main thread.
 */
#ifndef TLSMATRIX_CLI_INT_H
#define TLSMATRIX_CLI_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

struct options;

/* What the command line itself gives that changes how the file is read. */
struct cli_given {
	bool	profiles, dns, demo, no_config, help;
};

/* Which of those options argv has (getopt over a copy of it); errors
 * are left to cli_parse. */
struct cli_given	cli_scan_given(int argc, char *argv[]);
/* has_arg (getopt.h) of the long option name, or -1 if there is none. */
int		cli_long_has_arg(const char *name);
/* A user's value (or a message quoting one), made safe to print and
 * short enough for one line, in buf. */
const char	*cli_quote(const char *s, char *buf, size_t len);
/* Fills err and returns the usage-error status (ST_EINVAL). */
enum status	cli_fail(char *err, size_t errlen, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));

/* cli_check.c: the checks that need the whole command line, after
 * getopt; each fills err and returns ST_EINVAL on a usage error. */
enum status	cli_check_diff(struct options *o, int npos, char *const *pos,
		    char *err, size_t errlen);
enum status	cli_check_combinations(struct options *o, bool v4, bool v6,
		    int npos, char *const *pos, char *err, size_t errlen);
enum status	cli_check_preview(const struct options *o, char *err,
		    size_t errlen);

#endif
