/*
 * fuzz_cli.c: libFuzzer target for the command line.
 *
 * The input is an argv: arguments separated by NUL bytes (argv[0] is
 * supplied). cli_parse must accept it or fill err with a one-line message;
 * it never prints and never exits (cli.h). Flags are untrusted input
 * (issue #9): scripts pass values through from elsewhere.
 * Seeds: tests/fuzz/corpus/cli/, one argv per file.
 */
#include "config.h"

#include <string.h>

#include "cli.h"
#include "fuzz.h"

#define FUZZ_MAX_INPUT	8192
#define FUZZ_MAX_ARGS	64

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct options	*o;
	char		*copy, *argv[FUZZ_MAX_ARGS + 2], err[512];
	size_t		 i, start;
	int		 argc = 0;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	/* Each argument its own exact-size block, so ASan sees over-reads. */
	argv[argc++] = strdup("tlsmatrix");
	for (i = 0, start = 0; i <= size && argc <= FUZZ_MAX_ARGS; i++) {
		if (i < size && data[i] != '\0')
			continue;
		if ((copy = malloc(i - start + 1)) == NULL)
			abort();
		memcpy(copy, data + start, i - start);
		copy[i - start] = '\0';
		argv[argc++] = copy;
		start = i + 1;
	}
	argv[argc] = NULL;
	if ((o = malloc(sizeof *o)) == NULL || argv[0] == NULL)
		abort();
	options_defaults(o);
	err[0] = '\0';
	if (cli_parse(argc, argv, o, err, sizeof err) != ST_OK) {
		FUZZ_CHECK(memchr(err, '\0', sizeof err) != NULL);
		FUZZ_CHECK(err[0] != '\0');
		FUZZ_CHECK(strchr(err, '\n') == NULL);
	} else {
		FUZZ_CHECK(o->timeout_ms >= 100);
		FUZZ_CHECK(o->jobs >= 1);
		FUZZ_CHECK(!o->have_target || o->target.port != 0);
	}
	free(o);
	for (i = 0; i < (size_t)argc; i++)
		free(argv[i]);
	return 0;
}
