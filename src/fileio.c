/*
 * fileio.c: whole files read with a ceiling (see fileio.h).
 *
 * Callers: snapdiff (snapshots), and whatever reads a file whole. The
 * buffer grows as bytes arrive, so a small file costs little whatever
 * the limit, and reading stops one byte past the limit, so an endless
 * source is refused as soon as it has sent max + 1 bytes: /dev/zero
 * with a 64 MiB limit takes a few tens of milliseconds. Any thread.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "xmem.h"

#define FILEIO_CHUNK	(64 * 1024)

enum status
fileio_read(const char *path, size_t max, const char *what, char **buf,
    size_t *len, char *err, size_t errlen)
{
	struct stat	 sb;
	enum status	 st = ST_EIO;
	char		*b = NULL;
	size_t		 cap = 0, n = 0, want;
	ssize_t		 got;
	int		 fd, e = 0;
	const bool	 is_stdin = strcmp(path, "-") == 0;

	*buf = NULL;
	*len = 0;
	fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1) {
		e = errno;
		st = e == ENOENT ? ST_ENOENT : ST_EIO;
		goto out;
	}
	if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		e = EISDIR;
		goto out;
	}
	for (;;) {
		if (n == cap) {
			/* one byte past the limit tells "too big" apart */
			cap = cap == 0 ? FILEIO_CHUNK : cap * 2;
			if (cap > max + 1)
				cap = max + 1;
			b = xreallocarray(b, cap + 1, 1);
		}
		want = cap - n;
		got = read(fd, b + n, want);
		if (got == -1 && errno == EINTR)
			continue;
		if (got == -1) {
			e = errno;
			goto out;
		}
		if (got == 0)
			break;
		n += (size_t)got;
		if (n > max) {
			snprintf(err, errlen, "%s: larger than %zu bytes%s%s",
			    is_stdin ? "standard input" : path, max,
			    what != NULL ? ", the limit for " : "",
			    what != NULL ? what : "");
			st = ST_ERANGE;
			goto out;
		}
	}
	b = xreallocarray(b, n + 1, 1);
	b[n] = '\0';
	*buf = b;
	*len = n;
	b = NULL;
	st = ST_OK;
out:
	if (st != ST_OK && st != ST_ERANGE)
		snprintf(err, errlen, "cannot read %s: %s",
		    is_stdin ? "standard input" : path,
		    strerror(e != 0 ? e : EIO));
	free(b);
	if (fd != -1 && !is_stdin)
		close(fd);
	return st;
}
