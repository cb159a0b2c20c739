/*
 * fuzz_netaddr.c: libFuzzer target for the address-bearing flags.
 *
 * One input is tried as a TARGET, a --resolve entry, a --dns list and an
 * address literal (netaddr.h); whatever parses is formatted back. These
 * strings come from the command line, so they are untrusted (issue #9).
 * Seeds: tests/fuzz/corpus/netaddr/.
 */
#include "config.h"

#include <string.h>

#include "netaddr.h"
#include "fuzz.h"

#define FUZZ_MAX_INPUT	4096

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct target		 t;
	struct resolve_entry	*re;
	struct dns_server	 dns[NETADDR_MAX_DNS];
	struct netaddr		 a, b;
	char			*s, err[256], text[NETADDR_TEXT_MAX + 8];
	size_t			 n = 0, i;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	/* A NUL-terminated copy of exactly size + 1 bytes. */
	if ((s = malloc(size + 1)) == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';

	if (target_parse(s, 443, &t, err, sizeof err) == ST_OK) {
		FUZZ_CHECK(memchr(t.host, '\0', sizeof t.host) != NULL);
		FUZZ_CHECK(t.port != 0);
		if (t.is_literal)
			netaddr_format_port(&t.literal, t.port, text,
			    sizeof text);
	} else
		FUZZ_CHECK(memchr(err, '\0', sizeof err) != NULL);

	if ((re = malloc(sizeof *re)) == NULL)
		abort();
	if (resolve_entry_parse(s, re, err, sizeof err) == ST_OK) {
		FUZZ_CHECK(re->n_addrs >= 1 &&
		    re->n_addrs <= NETADDR_MAX_RESOLVE);
		for (i = 0; i < re->n_addrs; i++)
			netaddr_format(&re->addrs[i], text, sizeof text);
	}
	free(re);

	if (dns_servers_parse(s, dns, NETADDR_MAX_DNS, &n, err,
	    sizeof err) == ST_OK) {
		FUZZ_CHECK(n >= 1 && n <= NETADDR_MAX_DNS);
		for (i = 0; i < n; i++)
			netaddr_format_port(&dns[i].addr, dns[i].port, text,
			    sizeof text);
	}

	if (netaddr_parse(s, &a)) {
		netaddr_format(&a, text, sizeof text);
		FUZZ_CHECK(strlen(text) < sizeof text);
		/* what we print parses back to the same address */
		FUZZ_CHECK(netaddr_parse(text, &b));
		FUZZ_CHECK(netaddr_equal(&a, &b));
	}
	free(s);
	return 0;
}
