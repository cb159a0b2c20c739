/*
 * test_fileio.c: whole files read with a ceiling (fileio.c).
 *
 * A small file comes back whole and NUL-terminated; a file of exactly
 * the limit is accepted and one byte more is ST_ERANGE naming the file
 * and what it is; /dev/zero (endless) is refused at the limit at once; a
 * directory, a missing file and an empty file each get their answer.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tap.h"
#include "clock.h"
#include "fileio.h"

/* Writes n bytes of c to a new temporary file; its name into path. */
static void
make_file(char *path, size_t len, size_t n, char c)
{
	FILE	*f;
	size_t	 i;
	int	 fd;

	snprintf(path, len, "%s/test_fileio.XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	fd = mkstemp(path);
	f = fd == -1 ? NULL : fdopen(fd, "w");
	for (i = 0; f != NULL && i < n; i++)
		putc(c, f);
	if (f != NULL)
		fclose(f);
}

int
main(void)
{
	char		 path[256], err[512], *buf;
	size_t		 len;
	uint64_t	 t0;

	make_file(path, sizeof path, 100, 'a');
	is_int(fileio_read(path, 1000, NULL, &buf, &len, err, sizeof err),
	    ST_OK, "100 bytes under a limit of 1000");
	is_int((int)len, 100, "all 100 bytes");
	ok(buf != NULL && buf[100] == '\0' && buf[99] == 'a',
	    "NUL-terminated");
	free(buf);
	is_int(fileio_read(path, 100, NULL, &buf, &len, err, sizeof err),
	    ST_OK, "exactly the limit is accepted");
	free(buf);
	is_int(fileio_read(path, 99, "a test", &buf, &len, err, sizeof err),
	    ST_ERANGE, "one byte over the limit is refused");
	ok(buf == NULL, "and nothing is returned");
	ok(strstr(err, path) != NULL && strstr(err, "larger than 99 bytes, "
	    "the limit for a test") != NULL, "err names the file and the "
	    "limit: %s", err);
	unlink(path);

	/* a 1 MiB file read in chunks, and an empty one */
	make_file(path, sizeof path, 1 << 20, 'b');
	is_int(fileio_read(path, 4 << 20, NULL, &buf, &len, err, sizeof err),
	    ST_OK, "1 MiB under a 4 MiB limit");
	ok(len == (1 << 20) && buf[len - 1] == 'b', "every byte of it");
	free(buf);
	unlink(path);
	make_file(path, sizeof path, 0, 0);
	is_int(fileio_read(path, 10, NULL, &buf, &len, err, sizeof err),
	    ST_OK, "an empty file");
	ok(len == 0 && buf != NULL && buf[0] == '\0', "is an empty string");
	free(buf);
	unlink(path);

	/* endless: refused after limit + 1 bytes, at once */
	t0 = clock_ms();
	is_int(fileio_read("/dev/zero", 8 << 20, NULL, &buf, &len, err,
	    sizeof err), ST_ERANGE, "/dev/zero refused");
	ok(clock_ms() - t0 < 5000, "within 5 s (%llu ms)",
	    (unsigned long long)(clock_ms() - t0));

	is_int(fileio_read("/", 10, NULL, &buf, &len, err, sizeof err),
	    ST_EIO, "a directory");
	ok(strstr(err, "cannot read /: Is a directory") != NULL, "%s", err);
	is_int(fileio_read("/nonexistent/x", 10, NULL, &buf, &len, err,
	    sizeof err), ST_ENOENT, "a missing file");
	ok(strstr(err, "cannot read /nonexistent/x: No such file") != NULL,
	    "%s", err);
	return tap_done();
}
