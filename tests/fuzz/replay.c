/*
 * replay.c: a plain main() that runs a fuzz target over its corpus.
 *
 * Linked into tests/fuzz/fuzz_<target> when configure is run without
 * --enable-fuzzing, so `make check` replays every seed and every crash
 * once found (tests/fuzz/corpus/<target>/, under $TOP_SRCDIR). Prints
 * TAP. With arguments, replays those files or directories instead.
 */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

#define REPLAY_MAX_FILE	(16 * 1024 * 1024)
#define REPLAY_MAX_FILES	100000

static int	count, failed;

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads path into a block of exactly its size, so ASan sees over-reads. */
static void
replay_file(const char *path, const char *label)
{
	struct stat	 sb;
	FILE		*f;
	uint8_t		*buf;
	size_t		 n;

	count++;
	if ((f = fopen(path, "rb")) == NULL || fstat(fileno(f), &sb) != 0 ||
	    sb.st_size > REPLAY_MAX_FILE) {
		printf("not ok %d - %s: cannot read\n", count, label);
		failed++;
		if (f != NULL)
			fclose(f);
		return;
	}
	n = (size_t)sb.st_size;
	if ((buf = malloc(n ? n : 1)) == NULL)
		abort();
	if (fread(buf, 1, n, f) != n) {
		printf("not ok %d - %s: short read\n", count, label);
		failed++;
	} else {
		LLVMFuzzerTestOneInput(buf, n);
		printf("ok %d - %s (%zu bytes)\n", count, label, n);
	}
	fflush(stdout);
	free(buf);
	fclose(f);
}

static void
replay_dir(const char *dir, const char *target)
{
	DIR		 *d;
	struct dirent	 *de;
	char		**names = NULL, path[4096], label[512];
	size_t		  n = 0, i;

	if ((d = opendir(dir)) == NULL) {
		printf("not ok %d - %s: no corpus at %s\n", ++count, target,
		    dir);
		failed++;
		return;
	}
	while ((de = readdir(d)) != NULL && n < REPLAY_MAX_FILES) {
		if (de->d_name[0] == '.')
			continue;
		if ((names = realloc(names, (n + 1) * sizeof *names)) == NULL ||
		    (names[n] = strdup(de->d_name)) == NULL)
			abort();
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmp_names);
	if (n == 0) {
		printf("not ok %d - %s: empty corpus\n", ++count, target);
		failed++;
	}
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		snprintf(label, sizeof label, "%s/%s", target, names[i]);
		replay_file(path, label);
		free(names[i]);
	}
	free(names);
}

int
main(int argc, char **argv)
{
	struct stat	 sb;
	const char	*top = getenv("TOP_SRCDIR"), *base;
	char		 dir[4096];
	int		 i;

	if (argc > 1) {
		for (i = 1; i < argc; i++) {
			if (stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode))
				replay_dir(argv[i], argv[i]);
			else
				replay_file(argv[i], argv[i]);
		}
	} else {
		/* tests/fuzz/fuzz_hello_parse replays corpus/hello_parse */
		base = strrchr(argv[0], '/');
		base = base ? base + 1 : argv[0];
		if (strncmp(base, "fuzz_", 5) == 0)
			base += 5;
		snprintf(dir, sizeof dir, "%s/tests/fuzz/corpus/%s",
		    top ? top : SRCDIR, base);
		replay_dir(dir, base);
	}
	printf("1..%d\n", count);
	return failed ? 1 : 0;
}
