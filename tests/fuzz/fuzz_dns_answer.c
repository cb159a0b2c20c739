/*
 * fuzz_dns_answer.c: libFuzzer target for dns_answer.c, the DNS message
 * reading that is ours (c-ares parses the answers we resolve with).
 * The input is a DNS message as a resolver sends it: untrusted (issue #9).
 * Seeds: tests/fuzz/corpus/dns_answer/ (answers of tests/lab/dns_responder.py).
 */
#include "config.h"

#include "dns_answer.h"
#include "fuzz.h"

#define FUZZ_MAX_INPUT	65535	/* a DNS message over TCP, at most */

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > FUZZ_MAX_INPUT)
		return 0;
	(void)dns_answer_has_cname_loop(data, size, "loop.bad.test");
	(void)dns_answer_has_cname_loop(data, size, "");
	return 0;
}
