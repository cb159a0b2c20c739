/*
 * fileio.h: whole files read with a ceiling (issue #22).
 *
 * Every file tlsmatrix reads whole (snapshots for --diff, trust stores,
 * the configuration file) goes through fileio_read, so a hostile or
 * mistaken path (/dev/zero, /dev/urandom, a 2 GB file, a directory) is a
 * clear error after at most max + 1 bytes instead of a read that never
 * ends or memory that never stops growing. The limits themselves belong
 * to the callers and are listed in tlsmatrix.1 (LIMITS). Any thread;
 * never prints.
 */
#ifndef TLSMATRIX_FILEIO_H
#define TLSMATRIX_FILEIO_H

#include <stddef.h>

#include "status.h"

/*
 * Reads path ("-" is standard input) into a new buffer of *len bytes
 * plus a terminating NUL, which the caller frees. At most max bytes: a
 * larger file (regular or not: pipes, devices) is ST_ERANGE after max + 1
 * bytes were read. ST_ENOENT: no such file; ST_EIO: it cannot be opened
 * or read (a directory included). err names the file and says why, in
 * the words "cannot read PATH: ..." or "PATH: larger than N bytes ...",
 * with what (e.g. "a snapshot") after the limit when not NULL.
 */
enum status	fileio_read(const char *path, size_t max, const char *what,
		    char **buf, size_t *len, char *err, size_t errlen);

#endif
