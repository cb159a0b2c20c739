/*
 * cli.h: the command line, into struct options.
 *
 * getopt_long over argv; every value is checked (ports, timeouts, counts,
 * addresses, --resolve and --dns syntax) and a bad one is an error naming
 * the option. Never prints and never exits: main does. Main thread.
 */
#ifndef TLSMATRIX_CLI_H
#define TLSMATRIX_CLI_H

#include <stdio.h>

#include "conffile.h"
#include "options.h"
#include "status.h"

/* Parses argv into o (already holding defaults). ST_EINVAL: usage error,
 * err says which option and why. */
enum status	cli_parse(int argc, char *argv[], struct options *o,
		    char *err, size_t errlen);
/* The --help text. */
void		cli_usage(FILE *out);

/*
 * The configuration file (conffile.h). cli_load_config reads it into cf
 * (path gets its name) unless argv has --no-config, --help or --version
 * or the file does not exist (cf then empty); an unreadable or malformed
 * file is ST_EINVAL, err naming it and the line: "PATH:LINE: ...".
 */
enum status	cli_load_config(int argc, char *argv[], struct conffile *cf,
		    char *path, size_t pathlen, char *err, size_t errlen);

/* The argv cli_parse_config built; the options point into it. */
struct cli_args {
	char	**argv;
	int	  argc;
	char	**owned;
	size_t	  n_owned;
};

/*
 * cli_parse with the settings of cf (from path) first, each as its
 * option ("timeout = 3000" is --timeout=3000), so the command line wins;
 * a list the command line gives (--profiles, --dns) replaces the file's.
 * A key that is not an option a file may set, or a value its option
 * refuses, is ST_EINVAL with "PATH:LINE: ..." in err. cf may be NULL.
 * Free args with cli_args_free after the last use of o.
 */
enum status	cli_parse_config(int argc, char *argv[],
		    const struct conffile *cf, const char *path,
		    struct options *o, struct cli_args *args, char *err,
		    size_t errlen);
void		cli_args_free(struct cli_args *a);

#endif
