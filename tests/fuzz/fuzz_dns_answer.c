/*
 * fuzz_dns_answer.c: libFuzzer target for the DNS code that is ours.
 *
 * c-ares parses the answers tlsmatrix resolves with; the one DNS parser of
 * our own is resolver.c's answer_has_cname_loop, which reads a raw reply
 * (RFC 1035 §4.1) for CNAME records to name a loop. It is static, so this
 * target includes resolver.c whole (the library copy is then never linked
 * in: this file defines every symbol it would bring). The input is a DNS
 * message as a resolver sends it: untrusted (issue #9).
 * Seeds: tests/fuzz/corpus/dns_answer/ (answers of tests/lab/dns_responder.py).
 */
#include "../../src/resolver.c"

#include "fuzz.h"

#define FUZZ_MAX_INPUT	65535	/* a DNS message over TCP, at most */

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > FUZZ_MAX_INPUT)
		return 0;
	(void)answer_has_cname_loop(data, (int)size, "loop.bad.test");
	(void)answer_has_cname_loop(data, (int)size, "");
	return 0;
}
