/*
 * fuzz_trust_store.c: libFuzzer target for the trust store reader
 * (trust.h: --system-store, --trust, --ca-file and data/trust/ files).
 * The input is the file. trust_store_from_pem must load it, with at least
 * one certificate, or refuse it with a one-line message; never crash,
 * leak or read past the buffer (it is not NUL-terminated here).
 * Seeds: tests/fuzz/corpus/trust_store/, one file each.
 */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "trust.h"

#define FUZZ_MAX_INPUT	(256 * 1024)	/* enough for a few hundred roots */

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct trust_store *ts = NULL;
	char err[512];

	if (size > FUZZ_MAX_INPUT)
		return 0;
	err[0] = '\0';
	if (trust_store_from_pem((const char *)data, size, "fuzz.pem", "fuzz",
	    &ts, err, sizeof err) == ST_OK) {
		FUZZ_CHECK(ts != NULL);
		FUZZ_CHECK(trust_store_info(ts)->count >= 1);
		FUZZ_CHECK(trust_store_x509(ts) != NULL);
		trust_store_free(ts);
	} else {
		FUZZ_CHECK(ts == NULL);
		FUZZ_CHECK(memchr(err, '\0', sizeof err) != NULL);
		FUZZ_CHECK(err[0] != '\0' && strchr(err, '\n') == NULL);
	}
	return 0;
}
