/*
 * proxy.h: a tunnel through an HTTP CONNECT or SOCKS5 proxy.
 *
 * --proxy http://[user:pass@]HOST:PORT (RFC 9110 §9.3.6 CONNECT, Basic
 * auth, RFC 7617) and --proxy socks5://[user:pass@]HOST:PORT (RFC 1928,
 * username/password RFC 1929). The proxy is always given the address the
 * run's resolver found, never a name: it does not resolve for us, so the
 * rows of the matrix stay the addresses the user's resolvers answered.
 * Every read is bounded (line length, header count, total bytes) and
 * every wait ends at the caller's deadline. The proxy's own words are
 * quoted only after sanitising. Credentials never leave this module
 * except on the wire: proxy_describe redacts them.
 *
 * proxy_parse and proxy_from_env are pure; proxy_tunnel runs on a worker
 * thread with a socket it owns.
 */
#ifndef TLSMATRIX_PROXY_H
#define TLSMATRIX_PROXY_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clock.h"
#include "netaddr.h"
#include "result.h"
#include "status.h"

#define PROXY_CRED_MAX		255	/* RFC 1929's limit for each */
#define PROXY_LINE_MAX		1024	/* a status or header line */
#define PROXY_HEADERS_MAX	64	/* header lines of an answer */
#define PROXY_ANSWER_MAX	16384	/* all of a CONNECT answer */

enum proxy_kind {
	PROXY_NONE = 0,
	PROXY_HTTP,		/* HTTP CONNECT */
	PROXY_SOCKS5,
};

struct proxy_config {
	enum proxy_kind	 kind;
	char		 host[NETADDR_HOST_MAX + 1];	/* as given */
	bool		 host_is_literal;
	struct netaddr	 addr;		/* valid once resolved */
	uint16_t	 port;
	bool		 has_auth;
	char		 user[PROXY_CRED_MAX + 1];
	char		 pass[PROXY_CRED_MAX + 1];
};

/*
 * Parses a proxy URL: scheme http or socks5 (socks5h, https and others
 * are refused: the proxy must not resolve, and a TLS hop to the proxy is
 * not supported), optional user:pass@ with %XX escapes, HOST (an IP, an
 * [IPv6] literal or a name to resolve before use) and PORT (required:
 * proxies listen on too many conventional ports to guess one). err never
 * quotes the credentials.
 */
enum status	proxy_parse(const char *url, struct proxy_config *out,
		    char *err, size_t errlen);

/*
 * The proxy URL the environment asks for, as curl reads it: https_proxy,
 * HTTPS_PROXY, then all_proxy, ALL_PROXY (the first set and non-empty);
 * *var names the variable. NULL when none is set, or when NO_PROXY /
 * no_proxy covers host ("*", the host itself, or a domain suffix:
 * "example.com" and ".example.com" cover www.example.com).
 * getenv is the caller's: pass it, so the tests need no environment.
 */
const char	*proxy_from_env(const char *host,
		    const char *(*get)(const char *), const char **var);

/* True if the NO_PROXY list `no` covers host (see proxy_from_env). */
bool		 proxy_no_proxy_covers(const char *no, const char *host);

/* "http://user:***@127.0.0.1:3128" or "socks5://[::1]:1080": what
 * snapshots and --trace may show. */
void		 proxy_describe(const struct proxy_config *p, char *buf,
		    size_t len);

/*
 * Asks the proxy on fd (already connected to it) for a tunnel to
 * dst:port. Returns true when the next byte written reaches dst.
 * Otherwise *why is REASON_PROXY_AUTH (credentials asked for or
 * refused), REASON_PROXY_REFUSED (403, 502, a SOCKS refusal),
 * REASON_PROXY_PROTOCOL (garbage, too long, closed mid-answer),
 * REASON_REFUSED / REASON_UNREACHABLE (a SOCKS5 proxy reporting the
 * target's own failure), REASON_TIMEOUT (the deadline) or REASON_LOCAL
 * (cancelled), with err filled. Reads never go past the proxy's answer,
 * so a server that speaks first (SMTP) loses nothing.
 */
bool		 proxy_tunnel(const struct proxy_config *p, int fd,
		    const struct netaddr *dst, uint16_t port,
		    const struct deadline *dl, const atomic_bool *cancel,
		    enum fail_reason *why, char *err, size_t errlen);

#endif
