/*
 * conffile.h: the configuration file, $XDG_CONFIG_HOME/tlsmatrix/config
 * (else ~/.config/tlsmatrix/config): defaults an SRE sets once.
 *
 * The syntax is lines of "key = value", a key being the long name of a
 * command-line option (cli.h decides which ones a file may set and checks
 * each value as the command line would), '#' starting a comment line,
 * blank lines ignored. This module only reads and splits: it knows no
 * option. Bounded: CONFFILE_MAX_BYTES per file, CONFFILE_MAX_LINE per
 * line, CONFFILE_MAX_ENTRIES settings. Pure but for conffile_load's read
 * and conffile_default_path's getenv; main thread.
 */
#ifndef TLSMATRIX_CONFFILE_H
#define TLSMATRIX_CONFFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

#define CONFFILE_MAX_BYTES	(64 * 1024)
#define CONFFILE_MAX_LINE	1024
#define CONFFILE_MAX_ENTRIES	128
#define CONFFILE_KEY_MAX	32	/* bytes, with the NUL */

struct conffile_entry {
	char		 key[CONFFILE_KEY_MAX];	/* [a-z0-9-], not empty */
	char		*value;		/* trimmed, not empty, no control
					 * character but tab */
	unsigned	 line;		/* 1-based */
};

struct conffile {
	struct conffile_entry	*v;
	size_t			 n;
};

/*
 * Splits buf (len bytes, not NUL-terminated) into out's entries, in file
 * order. ST_EPARSE (or ST_ERANGE for a limit) with *bad_line the line
 * (0: the whole file) and err saying what is wrong; out is then empty.
 */
enum status	conffile_parse(const char *buf, size_t len, struct conffile *out,
		    unsigned *bad_line, char *err, size_t errlen);
/*
 * Reads and parses path. ST_ENOENT when it does not exist (no
 * configuration: not an error for the caller); otherwise as
 * conffile_parse, err not naming the file (the caller does).
 */
enum status	conffile_load(const char *path, struct conffile *out,
		    unsigned *bad_line, char *err, size_t errlen);
void		conffile_cleanup(struct conffile *c);
/*
 * The file's path into buf: $XDG_CONFIG_HOME/tlsmatrix/config when that
 * is set to an absolute path (XDG Base Directory Specification 0.8),
 * else $HOME/.config/tlsmatrix/config. false when neither is set or the
 * path does not fit.
 */
bool		conffile_default_path(char *buf, size_t len);

#endif
