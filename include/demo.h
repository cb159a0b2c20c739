/*
 * demo.h: the incident (README.md), as TLS servers on loopback.
 *
 * `tlsmatrix --demo` starts these in-process: one name, backend A
 * (ECDHE-RSA and RSA suites, TLS 1.2) and backend B (RSA key exchange only,
 * TLS 1.2), each on its own loopback address and one common port, with a
 * certificate from a CA made at start-up. Nothing touches DNS: the caller
 * maps the demo name to demo_addrs() itself. The servers run on their own
 * threads until demo_stop.
 */
#ifndef TLSMATRIX_DEMO_H
#define TLSMATRIX_DEMO_H

#include <stddef.h>
#include <stdint.h>

#include "netaddr.h"
#include "status.h"

#define DEMO_HOST	"api.incident.test"
#define DEMO_MAX_ADDRS	4

struct demo;

struct demo_backend_info {
	struct netaddr	 addr;
	const char	*label;		/* "A: ECDHE+RSA" */
};

/* Starts the backends; err explains a failure (e.g. no loopback). */
enum status	demo_start(struct demo **out, char *err, size_t errlen);
uint16_t	demo_port(const struct demo *d);
/* Number of backends and their addresses and labels. */
size_t		demo_backends(const struct demo *d,
		    struct demo_backend_info *out, size_t max);
/* The CA certificate in PEM that signed the backends' certificates. */
const char	*demo_ca_pem(const struct demo *d);
/* Stops the servers, joins their threads, frees everything. NULL is ok. */
void		demo_stop(struct demo *d);

#endif
