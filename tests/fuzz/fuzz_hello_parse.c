/*
 * fuzz_hello_parse.c: libFuzzer target for the server-response parser.
 *
 * Feeds arbitrary bytes to hello_parse as if a server had sent them and
 * checks what must hold for any input: a known state, spans inside the
 * buffer, counters within their arrays, NUL-terminated text. Also gathers
 * every certificate it reports. Seeds: tests/fuzz/corpus/hello_parse/.
 */
#include "config.h"

#include <string.h>

#include "hello_parse.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct server_flight	 f;
	enum hello_parse_state	 st;
	uint8_t			*der;
	size_t			 i, n, der_len;

	st = hello_parse(data, size, &f);
	FUZZ_CHECK(st == f.state);
	FUZZ_CHECK(st >= HELLO_INCOMPLETE && st <= HELLO_MALFORMED);
	FUZZ_CHECK(f.consumed <= size);
	FUZZ_CHECK(f.n_exts <= HELLO_PARSE_MAX_EXTS);
	FUZZ_CHECK(memchr(f.alpn, '\0', sizeof f.alpn) != NULL);
	FUZZ_CHECK(memchr(f.error, '\0', sizeof f.error) != NULL);
	FUZZ_CHECK((st == HELLO_MALFORMED) == (f.error[0] != '\0'));
	FUZZ_CHECK((st == HELLO_NOT_TLS) == (f.not_tls != NOT_TLS_NONE));
	FUZZ_CHECK(st != HELLO_ALERT || f.have_alert);
	FUZZ_CHECK(f.chain_bytes <= size);

	n = f.n_certs < HELLO_PARSE_MAX_CERTS ? f.n_certs :
	    HELLO_PARSE_MAX_CERTS;
	for (i = 0; i < n; i++) {
		FUZZ_CHECK(f.certs[i].len > 0);
		FUZZ_CHECK(f.certs[i].off < size);
		if (!f.certs[i].split)
			FUZZ_CHECK(f.certs[i].len <= size - f.certs[i].off);
		der = hello_parse_cert_der(data, size, &f, i, &der_len);
		FUZZ_CHECK(der != NULL && der_len == f.certs[i].len);
		if (!f.certs[i].split)
			FUZZ_CHECK(memcmp(der, data + f.certs[i].off,
			    der_len) == 0);
		free(der);
	}
	return 0;
}
