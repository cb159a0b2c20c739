/*
 * dns_answer.h: the DNS message reading that is ours (RFC 1035 §4.1).
 *
 * c-ares parses the answers tlsmatrix resolves with. When a resolution
 * fails, the resolver asks again for the raw reply and this module reads
 * its CNAME records to say whether they loop, which c-ares reports only
 * as "no data". Pure: no I/O, no allocation visible to the caller, any
 * thread; the input is untrusted (a resolver's reply) and fuzzed directly.
 */
#ifndef TLSMATRIX_DNS_ANSWER_H
#define TLSMATRIX_DNS_ANSWER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DNS_NAME_MAX	255	/* presentation form, without the final dot */
#define DNS_ANSWER_MAX_RR 64	/* answer records read, and CNAME hops */

/* Names equal as DNS compares them: ASCII case folded, one final dot
 * ignored. */
bool	dns_name_eq(const char *a, const char *b);
/*
 * Reads the DNS message msg[0..len) for CNAME records and tells whether
 * following them from name comes back to a name already seen. A message
 * that does not parse (truncated, a compression loop, a label past 63
 * bytes) yields false, as do records past DNS_ANSWER_MAX_RR.
 */
bool	dns_answer_has_cname_loop(const uint8_t *msg, size_t len,
	    const char *name);

#endif
