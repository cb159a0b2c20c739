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

#include "options.h"
#include "status.h"

/* Parses argv into o (already holding defaults). ST_EINVAL: usage error,
 * err says which option and why. */
enum status	cli_parse(int argc, char *argv[], struct options *o,
		    char *err, size_t errlen);
/* The --help text. */
void		cli_usage(FILE *out);

#endif
