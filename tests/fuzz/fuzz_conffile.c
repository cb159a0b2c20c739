/*
 * fuzz_conffile.c: libFuzzer target for the configuration file's parser
 * (conffile.h). The input is the file. conffile_parse must accept it,
 * with every entry within the limits and clean of control characters, or
 * refuse it with a one-line message and the line it stopped at.
 * Seeds: tests/fuzz/corpus/conffile/, one file each.
 */
#include "config.h"

#include <string.h>

#include "conffile.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct conffile	 cf;
	char		 err[256];
	unsigned	 line = 0;
	size_t		 i, k, lines = 1;
	const char	*v;

	for (i = 0; i < size; i++)
		lines += data[i] == '\n';
	if (conffile_parse((const char *)data, size, &cf, &line, err,
	    sizeof err) != ST_OK) {
		FUZZ_CHECK(cf.n == 0 && cf.v == NULL);
		FUZZ_CHECK(memchr(err, '\0', sizeof err) != NULL);
		FUZZ_CHECK(err[0] != '\0' && strchr(err, '\n') == NULL);
		FUZZ_CHECK(line <= lines);
		return 0;
	}
	FUZZ_CHECK(size <= CONFFILE_MAX_BYTES);
	FUZZ_CHECK(cf.n <= CONFFILE_MAX_ENTRIES);
	for (i = 0; i < cf.n; i++) {
		FUZZ_CHECK(cf.v[i].key[0] != '\0');
		FUZZ_CHECK(strlen(cf.v[i].key) < CONFFILE_KEY_MAX);
		FUZZ_CHECK(strspn(cf.v[i].key, "abcdefghijklmnopqrstuvwxyz"
		    "0123456789-") == strlen(cf.v[i].key));
		v = cf.v[i].value;
		FUZZ_CHECK(v[0] != '\0' && v[0] != ' ' && v[0] != '\t');
		FUZZ_CHECK(strlen(v) <= CONFFILE_MAX_LINE);
		for (k = 0; v[k] != '\0'; k++)
			FUZZ_CHECK((unsigned char)v[k] >= 0x20 ||
			    v[k] == '\t');
		FUZZ_CHECK(cf.v[i].line >= 1 && cf.v[i].line <= lines);
		FUZZ_CHECK(i == 0 || cf.v[i].line > cf.v[i - 1].line);
	}
	conffile_cleanup(&cf);
	return 0;
}
