/*
 * fuzz_profile_parse.c: libFuzzer target for the profile file parser.
 *
 * Profile files are user input (issue #9): any bytes must give either a
 * profile or an "origin:line: reason" error, never a crash or a leak.
 * Seeds: data/profiles/ and tests/data/profiles/ (good and bad).
 */
#include "config.h"

#include <string.h>

#include "profile.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct profile	*p = NULL;
	enum status	 st;
	char		 err[512];

	err[0] = '\0';
	st = profile_parse((const char *)data, size, "fuzz.profile", &p, err,
	    sizeof err);
	FUZZ_CHECK(memchr(err, '\0', sizeof err) != NULL);
	if (st == ST_OK) {
		FUZZ_CHECK(p != NULL && p->id != NULL && p->name != NULL);
		FUZZ_CHECK(p->n_suites > 0);
		profile_free(p);
	} else {
		FUZZ_CHECK(err[0] != '\0');
	}
	return 0;
}
