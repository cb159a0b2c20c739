/*
 * netaddr.h: addresses, targets and the address-bearing flags, as text.
 *
 * Pure parsing and formatting with no I/O and no DNS: IPv4 and IPv6
 * literals (IPv6 optionally in brackets, with a %zone), the HOST[:PORT]
 * target, curl's --resolve HOST:PORT:ADDR[,ADDR...] and the --dns
 * IP[:PORT][,...] server list. Any thread.
 */
#ifndef TLSMATRIX_NETADDR_H
#define TLSMATRIX_NETADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

#define NETADDR_HOST_MAX	253	/* longest DNS name in text (RFC 1035) */
#define NETADDR_TEXT_MAX	64	/* enough for any formatted address */
#define NETADDR_MAX_RESOLVE	64	/* addresses in one --resolve entry */
#define NETADDR_MAX_DNS		8	/* servers in one --dns list */

enum netaddr_family {
	NETADDR_NONE = 0,
	NETADDR_V4,
	NETADDR_V6,
};

struct netaddr {
	enum netaddr_family family;
	uint8_t		bytes[16];	/* network order; 4 used for V4 */
	uint32_t	scope_id;	/* IPv6 zone as an interface index */
};

struct target {
	char		host[NETADDR_HOST_MAX + 1];	/* name or literal */
	uint16_t	port;
	bool		is_literal;	/* host is an IP address */
	struct netaddr	literal;	/* valid when is_literal */
};

struct resolve_entry {
	char		host[NETADDR_HOST_MAX + 1];
	uint16_t	port;		/* 0 in curl's "*" form is not allowed */
	struct netaddr	addrs[NETADDR_MAX_RESOLVE];
	size_t		n_addrs;
};

struct dns_server {
	struct netaddr	addr;
	uint16_t	port;		/* 53 unless given */
};

/* Parses an IPv4 or IPv6 literal, brackets and %zone allowed for IPv6. */
bool		netaddr_parse(const char *s, struct netaddr *out);
/* "192.0.2.1" or "2001:db8::1" (with "%zone" if scoped); always terminated. */
void		netaddr_format(const struct netaddr *a, char *buf, size_t len);
/* "192.0.2.1:443" or "[2001:db8::1]:443". */
void		netaddr_format_port(const struct netaddr *a, uint16_t port,
		    char *buf, size_t len);
/* Total order: IPv4 before IPv6, then by bytes, then by scope. */
int		netaddr_cmp(const struct netaddr *a, const struct netaddr *b);
bool		netaddr_equal(const struct netaddr *a, const struct netaddr *b);

/* True if s is a plain IPv4 or IPv6 literal (no brackets, no zone): no
 * SNI for it (RFC 6066 §3), and an IP SAN rather than a DNS name to match. */
bool		netaddr_is_literal(const char *s);

/* Parses a decimal port 1..65535 with nothing after it. */
bool		netaddr_parse_port(const char *s, uint16_t *port);

/*
 * HOST[:PORT], [IPv6]:PORT or a bare IPv6 literal; default_port when none.
 * Host names are checked for length and characters (letters, digits, '-',
 * '_', '.'); a trailing dot is kept. err explains a failure.
 */
enum status	target_parse(const char *s, uint16_t default_port,
		    struct target *out, char *err, size_t errlen);

/* curl's --resolve syntax: HOST:PORT:ADDR[,ADDR...], IPv6 in brackets. */
enum status	resolve_entry_parse(const char *s, struct resolve_entry *out,
		    char *err, size_t errlen);

/* IP[:PORT][,IP[:PORT]...], IPv6 as [addr]:port or a bare literal. */
enum status	dns_servers_parse(const char *s, struct dns_server *out,
		    size_t max, size_t *n, char *err, size_t errlen);

#endif
