/*
 * fuzz_whatif_spec.c: libFuzzer target for the fix preview's spec parser
 * (whatif.h, --what-if). The input is the spec. whatif_spec_parse must
 * accept it with every list within its limits, or refuse it with a
 * one-line message; an accepted spec laid over a small enumeration must
 * give a usable prediction whose lines parse back.
 * Seeds: tests/fuzz/corpus/whatif_spec/, one file each.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "whatif.h"
#include "xmem.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint16_t suites[] = { 0x0035, 0x002f };
	struct whatif_spec *s = xcalloc(1, sizeof *s), *back;
	struct server_info found, pred;
	char err[512], lines[4096];

	if (whatif_spec_parse((const char *)data, size, s, err, sizeof err) !=
	    ST_OK) {
		FUZZ_CHECK(memchr(err, '\0', sizeof err) != NULL);
		FUZZ_CHECK(err[0] != '\0' && strchr(err, '\n') == NULL);
		free(s);
		return 0;
	}
	FUZZ_CHECK(s->n_versions <= SERVER_MAX_PROTOCOLS);
	FUZZ_CHECK(s->n_ciphers <= WHATIF_MAX_SUITES);
	FUZZ_CHECK(s->n_suites13 <= WHATIF_MAX_SUITES);
	FUZZ_CHECK(s->n_groups <= WHATIF_MAX_GROUPS);
	server_info_init(&found);
	found.done = true;
	found.n_protocols = 1;
	found.protocols[0].version = 0x0303;
	found.protocols[0].accepted = true;
	found.protocols[0].suites = xcalloc(2, sizeof suites[0]);
	memcpy(found.protocols[0].suites, suites, sizeof suites);
	found.protocols[0].n_suites = 2;
	found.have_cert = true;
	strcpy(found.cert.key_type, "RSA");
	FUZZ_CHECK(whatif_apply(s, &found, &pred, lines, sizeof lines,
	    NULL));
	whatif_nginx_lines(&pred, lines, sizeof lines);
	back = xcalloc(1, sizeof *back);
	/* an enumeration with nothing accepted writes nothing to parse */
	if (lines[0] != '\0')
		FUZZ_CHECK(whatif_spec_parse(lines, strlen(lines), back, err,
		    sizeof err) == ST_OK);
	free(back);
	server_info_cleanup(&pred);
	server_info_cleanup(&found);
	free(s);
	return 0;
}
