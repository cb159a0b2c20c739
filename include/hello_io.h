/*
 * hello_io.h: one ClientHello out, the server's first flight in.
 *
 * Connects, builds the profile's hello (hello_build.h) with fresh random
 * values and real key shares (generated here with OpenSSL), sends it, and
 * reads until hello_parse() has the flight, an alert, a verdict that this
 * is not TLS, the deadline, or HELLO_IO_MAX_READ bytes. The building block
 * of the raw probe backend and of server enumeration. Worker threads.
 */
#ifndef TLSMATRIX_HELLO_IO_H
#define TLSMATRIX_HELLO_IO_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bytes.h"
#include "hello_parse.h"
#include "netaddr.h"
#include "profile.h"
#include "result.h"

#define HELLO_IO_MAX_READ	(1024 * 1024)	/* bytes read per exchange */

struct hello_exchange {
	uint8_t			*buf;		/* bytes received; owned */
	size_t			 len;
	struct server_flight	 flight;	/* spans point into buf */
	/* REASON_NONE when a flight, an alert or a not-TLS answer came;
	 * otherwise refused, timeout, reset, closed ... with detail. */
	enum fail_reason	 reason;
	char			 detail[RESULT_TEXT_MAX];
	uint32_t		 connect_ms, total_ms;
	bool			 connected;	/* the TCP handshake completed:
						 * the hello could be sent */
};

/*
 * Runs one exchange against addr:port as profile p, with sni as server
 * name (NULL or an IP literal: none). Cannot fail: outcomes are in out,
 * which the caller releases with hello_exchange_cleanup.
 */
void	hello_exchange_run(const struct netaddr *addr, uint16_t port,
	    const struct profile *p, const char *sni, int timeout_ms,
	    const atomic_bool *cancel, struct hello_exchange *out);
void	hello_exchange_cleanup(struct hello_exchange *x);

/*
 * The hello hello_exchange_run would send for p and sni, with every value
 * it draws per connection zeroed: random, session id and the key share
 * public keys (their lengths are fixed by the group). Two profiles with
 * equal templates put the same bytes on the wire but for those values.
 * false (out untouched or partial) when the hello draws more than that:
 * GREASE, a shuffled extension order, GREASE ECH, or a share we cannot
 * make; or when it does not build. Pure; any thread.
 */
bool	hello_template(const struct profile *p, const char *sni,
	    struct wr *out);

#endif
