/*
 * fuzz_cert_summary.c: libFuzzer target for the certificate summary.
 *
 * The input is one DER certificate, as a server sends it in its
 * Certificate message (RFC 5246 §7.4.2): untrusted bytes (issue #9).
 * cert_summary_from_der must decode it or say ST_EPARSE, and every text
 * field it fills must be NUL-terminated within its array.
 * Seeds: tests/fuzz/corpus/cert_summary/.
 */
#include "config.h"

#include <string.h>

#include "cert.h"
#include "fuzz.h"

#define FUZZ_MAX_INPUT	(64 * 1024)
#define TERMINATED(a)	(memchr((a), '\0', sizeof (a)) != NULL)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cert_summary	cs;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	memset(&cs, 0xa5, sizeof cs);
	if (cert_summary_from_der(data, size, &cs) != ST_OK)
		return 0;
	FUZZ_CHECK(TERMINATED(cs.subject));
	FUZZ_CHECK(TERMINATED(cs.issuer));
	FUZZ_CHECK(TERMINATED(cs.san));
	FUZZ_CHECK(TERMINATED(cs.not_before));
	FUZZ_CHECK(TERMINATED(cs.not_after));
	FUZZ_CHECK(TERMINATED(cs.key_type));
	FUZZ_CHECK(TERMINATED(cs.signature_algorithm));
	FUZZ_CHECK(TERMINATED(cs.sha256));
	FUZZ_CHECK(strlen(cs.sha256) == 64);
	FUZZ_CHECK(cs.key_bits >= 0);
	return 0;
}
