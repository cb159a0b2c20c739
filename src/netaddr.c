/*
 * netaddr.c: IP literals, ports, targets, --resolve and --dns as text.
 *
 * Pure parsing and formatting (see netaddr.h): no DNS and no sockets. The
 * only call that looks outside the process is if_nametoindex(), for an IPv6
 * zone given as an interface name ("fe80::1%eth0"). Callers: cli (flags),
 * model and fmt (display), net (connect). Any thread.
 *
 * Every input here comes from the user, so each parser is bounded by the
 * text's length, never writes past a fixed buffer, and explains a refusal
 * by quoting the offending text.
 */
#include "config.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "netaddr.h"

/* Longest text netaddr_parse considers: "[" IPv6 "%" zone "]". */
#define ADDR_TEXT_MAX	(INET6_ADDRSTRLEN + IF_NAMESIZE + 3)
/* How much of an offending text an error message quotes. */
#define QUOTE_MAX	80

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Parses n decimal digits into a uint32_t no larger than max. */
static bool
parse_uint_n(const char *s, size_t n, uint32_t max, uint32_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (n == 0)
		return false;
	for (i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
		if (v > max)	/* checked each step, so v*10 cannot wrap */
			return false;
	}
	*out = (uint32_t)v;
	return true;
}

/* An RFC 4007 §11 zone: a decimal interface index or an interface name. */
static bool
parse_zone(const char *z, size_t n, uint32_t *scope)
{
	char name[IF_NAMESIZE];
	unsigned idx;

	if (n == 0)
		return false;
	if (parse_uint_n(z, n, INT32_MAX, scope))
		return *scope != 0;
	if (n >= sizeof name || memchr(z, '\0', n) != NULL)
		return false;
	memcpy(name, z, n);
	name[n] = '\0';
	idx = if_nametoindex(name);
	if (idx == 0)
		return false;
	*scope = idx;
	return true;
}

/* netaddr_parse on the first n bytes of s. */
static bool
parse_addr_n(const char *s, size_t n, struct netaddr *out)
{
	char buf[ADDR_TEXT_MAX + 1];
	const char *pct;
	bool bracketed = false;
	size_t alen;
	uint32_t scope = 0;

	if (n >= 2 && s[0] == '[' && s[n - 1] == ']') {
		bracketed = true;
		s++;
		n -= 2;
	}
	if (n == 0 || n > ADDR_TEXT_MAX || memchr(s, '\0', n) != NULL)
		return false;
	pct = memchr(s, '%', n);
	alen = pct != NULL ? (size_t)(pct - s) : n;
	if (alen == 0 || alen > INET6_ADDRSTRLEN)
		return false;
	memcpy(buf, s, alen);
	buf[alen] = '\0';

	memset(out, 0, sizeof *out);
	/* Brackets and zones belong to IPv6 only (RFC 3986 §3.2.2). */
	if (!bracketed && pct == NULL &&
	    inet_pton(AF_INET, buf, out->bytes) == 1) {
		out->family = NETADDR_V4;
		return true;
	}
	if (inet_pton(AF_INET6, buf, out->bytes) != 1)
		goto fail;
	if (pct != NULL && !parse_zone(pct + 1, n - alen - 1, &scope))
		goto fail;
	out->family = NETADDR_V6;
	out->scope_id = scope;
	return true;
fail:
	memset(out, 0, sizeof *out);
	return false;
}

bool
netaddr_parse(const char *s, struct netaddr *out)
{
	size_t n;

	if (s == NULL)
		return false;
	n = strnlen(s, ADDR_TEXT_MAX + 1);
	if (n > ADDR_TEXT_MAX)
		return false;
	return parse_addr_n(s, n, out);
}

void
netaddr_format(const struct netaddr *a, char *buf, size_t len)
{
	char tmp[INET6_ADDRSTRLEN];

	if (buf == NULL || len == 0)
		return;
	switch (a->family) {
	case NETADDR_V4:
		if (inet_ntop(AF_INET, a->bytes, tmp, sizeof tmp) == NULL)
			break;
		snprintf(buf, len, "%s", tmp);
		return;
	case NETADDR_V6:
		if (inet_ntop(AF_INET6, a->bytes, tmp, sizeof tmp) == NULL)
			break;
		/*
		 * The zone is printed as its index, not its name: formatting
		 * stays pure and the text parses back to the same address.
		 */
		if (a->scope_id != 0)
			snprintf(buf, len, "%s%%%u", tmp,
			    (unsigned)a->scope_id);
		else
			snprintf(buf, len, "%s", tmp);
		return;
	case NETADDR_NONE:
		break;
	}
	snprintf(buf, len, "%s", "-");
}

void
netaddr_format_port(const struct netaddr *a, uint16_t port, char *buf,
    size_t len)
{
	char tmp[NETADDR_TEXT_MAX];

	if (buf == NULL || len == 0)
		return;
	netaddr_format(a, tmp, sizeof tmp);
	if (a->family == NETADDR_V6)
		snprintf(buf, len, "[%s]:%u", tmp, (unsigned)port);
	else
		snprintf(buf, len, "%s:%u", tmp, (unsigned)port);
}

int
netaddr_cmp(const struct netaddr *a, const struct netaddr *b)
{
	size_t n;
	int c;

	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	n = a->family == NETADDR_V4 ? 4 : a->family == NETADDR_V6 ? 16 : 0;
	if (n != 0 && (c = memcmp(a->bytes, b->bytes, n)) != 0)
		return c < 0 ? -1 : 1;
	if (a->scope_id != b->scope_id)
		return a->scope_id < b->scope_id ? -1 : 1;
	return 0;
}

bool
netaddr_equal(const struct netaddr *a, const struct netaddr *b)
{
	return netaddr_cmp(a, b) == 0;
}

/* A port in the first n bytes of s: 1..65535, at most five digits. */
static bool
parse_port_n(const char *s, size_t n, uint16_t *port)
{
	uint32_t v;

	if (n > 5 || !parse_uint_n(s, n, 65535, &v) || v == 0)
		return false;
	*port = (uint16_t)v;
	return true;
}

bool
netaddr_is_literal(const char *s)
{
	unsigned char buf[16];

	return inet_pton(AF_INET, s, buf) == 1 ||
	    inet_pton(AF_INET6, s, buf) == 1;
}

bool
netaddr_parse_port(const char *s, uint16_t *port)
{
	if (s == NULL)
		return false;
	return parse_port_n(s, strnlen(s, 6), port);
}

/*
 * Checks a host name (RFC 1035 §2.3.4 lengths, RFC 1123 §2.1 characters,
 * plus '_' which real names carry). Fills why on failure.
 */
static bool
host_name_check(const char *h, size_t n, char *why, size_t whylen)
{
	size_t i, label = 0;
	bool numeric = true;

	if (n == 0) {
		status_set_err(why, whylen, "the host name is empty");
		return false;
	}
	if (n > NETADDR_HOST_MAX) {
		status_set_err(why, whylen, "the host name is longer than %d "
		    "characters", NETADDR_HOST_MAX);
		return false;
	}
	for (i = 0; i < n; i++) {
		char c = h[i];

		if (c == '.') {
			if (label == 0) {
				status_set_err(why, whylen, "the host name has an "
				    "empty label");
				return false;
			}
			label = 0;
			continue;
		}
		if (!is_alpha(c) && !is_digit(c) && c != '-' && c != '_') {
			if ((unsigned char)c < 0x20 || c == 0x7f)
				status_set_err(why, whylen, "the host name contains "
				    "control character 0x%02x",
				    (unsigned)(unsigned char)c);
			else
				status_set_err(why, whylen, "the host name contains "
				    "'%c'", c);
			return false;
		}
		if (!is_digit(c))
			numeric = false;
		if (++label > 63) {
			status_set_err(why, whylen, "a label of the host name is "
			    "longer than 63 characters");
			return false;
		}
	}
	/* A trailing dot (fully qualified) is fine; "." alone was caught. */
	if (numeric) {
		status_set_err(why, whylen, "not a valid IPv4 address");
		return false;
	}
	return true;
}

/*
 * Fills host text, literal and is_literal from the first n bytes of h,
 * which may be a bracketed IPv6 literal, an IPv4 literal or a name.
 */
static bool
host_fill(const char *h, size_t n, char *host, struct netaddr *lit,
    bool *is_literal, char *why, size_t whylen)
{
	if (n > 0 && h[0] == '[') {
		if (!parse_addr_n(h, n, lit) || lit->family != NETADDR_V6) {
			status_set_err(why, whylen, "\"%.*s\" is not an IPv6 address",
			    (int)(n > QUOTE_MAX ? QUOTE_MAX : n), h);
			return false;
		}
		h++;
		n -= 2;
		*is_literal = true;
	} else if (parse_addr_n(h, n, lit)) {
		*is_literal = true;
	} else {
		memset(lit, 0, sizeof *lit);
		*is_literal = false;
		if (!host_name_check(h, n, why, whylen))
			return false;
	}
	/* A literal (with its zone) can exceed 253 only in theory. */
	if (n > NETADDR_HOST_MAX) {
		status_set_err(why, whylen, "the host is too long");
		return false;
	}
	memcpy(host, h, n);
	host[n] = '\0';
	return true;
}

/* How many ':' occur in the first n bytes of s. */
static size_t
count_colons(const char *s, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		if (s[i] == ':')
			c++;
	return c;
}

enum status
target_parse(const char *s, uint16_t default_port, struct target *out,
    char *err, size_t errlen)
{
	char why[128];
	const char *host, *port = NULL, *end;
	size_t len, hlen, plen = 0;

	memset(out, 0, sizeof *out);
	if (s == NULL || *s == '\0') {
		status_set_err(err, errlen, "empty target: expected HOST[:PORT]");
		return ST_EINVAL;
	}
	len = strnlen(s, NETADDR_HOST_MAX + 64);
	if (s[len] != '\0') {
		status_set_err(err, errlen, "target \"%.*s...\" is too long",
		    QUOTE_MAX, s);
		return ST_EINVAL;
	}
	host = s;
	if (s[0] == '[') {
		end = memchr(s, ']', len);
		if (end == NULL) {
			status_set_err(err, errlen, "target \"%.*s\": missing ']' "
			    "after the IPv6 address", QUOTE_MAX, s);
			return ST_EINVAL;
		}
		hlen = (size_t)(end - s) + 1;
		if (end[1] == ':') {
			port = end + 2;
			plen = len - hlen - 1;
		} else if (end[1] != '\0') {
			status_set_err(err, errlen, "target \"%.*s\": unexpected "
			    "text after ']' (expected :PORT)", QUOTE_MAX, s);
			return ST_EINVAL;
		}
	} else if (count_colons(s, len) >= 2) {
		/* A bare IPv6 literal: it cannot carry a port. */
		if (!parse_addr_n(s, len, &out->literal) ||
		    out->literal.family != NETADDR_V6) {
			status_set_err(err, errlen, "target \"%.*s\" is neither "
			    "HOST[:PORT] nor an IPv6 address (write "
			    "[ADDR]:PORT for IPv6 with a port)", QUOTE_MAX, s);
			return ST_EINVAL;
		}
		hlen = len;
	} else if ((end = memchr(s, ':', len)) != NULL) {
		hlen = (size_t)(end - s);
		port = end + 1;
		plen = len - hlen - 1;
	} else
		hlen = len;

	if (hlen == 0) {
		status_set_err(err, errlen, "target \"%.*s\": the host is empty",
		    QUOTE_MAX, s);
		return ST_EINVAL;
	}
	if (!host_fill(host, hlen, out->host, &out->literal, &out->is_literal,
	    why, sizeof why)) {
		status_set_err(err, errlen, "target \"%.*s\": %s", QUOTE_MAX, s, why);
		memset(out, 0, sizeof *out);
		return ST_EINVAL;
	}
	out->port = default_port;
	if (port != NULL && !parse_port_n(port, plen, &out->port)) {
		status_set_err(err, errlen, "target \"%.*s\": port \"%.*s\" is not a "
		    "number from 1 to 65535", QUOTE_MAX, s,
		    (int)(plen > QUOTE_MAX ? QUOTE_MAX : plen), port);
		memset(out, 0, sizeof *out);
		return ST_EINVAL;
	}
	return ST_OK;
}

/* Appends a to the list unless it is there already; false when full. */
static bool
addr_add(struct netaddr *list, size_t *n, size_t max, const struct netaddr *a)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (netaddr_equal(&list[i], a))
			return true;
	if (*n >= max)
		return false;
	list[(*n)++] = *a;
	return true;
}

/* The addresses of a --resolve entry s, from item to end, into out;
 * false with err set. */
static bool
parse_addr_list(const char *s, const char *item, const char *end,
    struct resolve_entry *out, char *err, size_t errlen)
{
	struct netaddr lit;
	size_t n, pos = 0;

	if (item == end) {
		status_set_err(err, errlen, "\"%.*s\": no address after the "
		    "port", QUOTE_MAX, s);
		return false;
	}
	for (;;) {
		const char *comma = memchr(item, ',', (size_t)(end - item));
		const char *iend = comma != NULL ? comma : end;

		n = (size_t)(iend - item);
		pos++;
		if (n == 0) {
			status_set_err(err, errlen, "\"%.*s\": address %zu "
			    "is empty", QUOTE_MAX, s, pos);
			return false;
		}
		if (!parse_addr_n(item, n, &lit)) {
			status_set_err(err, errlen, "\"%.*s\": \"%.*s\" is "
			    "not an IP address", QUOTE_MAX, s,
			    (int)(n > QUOTE_MAX ? QUOTE_MAX : n), item);
			return false;
		}
		if (!addr_add(out->addrs, &out->n_addrs, NETADDR_MAX_RESOLVE,
		    &lit)) {
			status_set_err(err, errlen, "\"%.*s\": more than %d "
			    "addresses", QUOTE_MAX, s, NETADDR_MAX_RESOLVE);
			return false;
		}
		if (comma == NULL)
			break;
		item = comma + 1;
	}
	return true;
}

enum status
resolve_entry_parse(const char *s, struct resolve_entry *out, char *err,
    size_t errlen)
{
	char why[128];
	struct netaddr lit;
	const char *p, *end, *hend, *pend;
	size_t len, n;
	bool is_lit;

	memset(out, 0, sizeof *out);
	if (s == NULL || *s == '\0') {
		status_set_err(err, errlen, "empty entry: expected "
		    "HOST:PORT:ADDR[,ADDR...]");
		return ST_EINVAL;
	}
	/* curl: "-HOST:PORT" removes an entry; "+HOST..." may time out. */
	if (s[0] == '-') {
		status_set_err(err, errlen, "\"%.*s\": removing an entry "
		    "with '-HOST:PORT' is not supported here", QUOTE_MAX, s);
		return ST_EINVAL;
	}
	p = s[0] == '+' ? s + 1 : s;
	/* Each address is at most ADDR_TEXT_MAX, plus a comma. */
	len = strnlen(p, NETADDR_HOST_MAX + 8 +
	    NETADDR_MAX_RESOLVE * (ADDR_TEXT_MAX + 1) + 2);
	if (p[len] != '\0') {
		status_set_err(err, errlen, "\"%.*s...\" is too long",
		    QUOTE_MAX, s);
		return ST_EINVAL;
	}
	end = p + len;

	if (p[0] == '[') {
		hend = memchr(p, ']', len);
		if (hend == NULL || hend[1] != ':') {
			status_set_err(err, errlen, "\"%.*s\": expected "
			    "[IPv6]:PORT:ADDR[,ADDR...]", QUOTE_MAX, s);
			return ST_EINVAL;
		}
		hend++;
	} else if ((hend = memchr(p, ':', len)) == NULL) {
		status_set_err(err, errlen, "\"%.*s\": expected "
		    "HOST:PORT:ADDR[,ADDR...]", QUOTE_MAX, s);
		return ST_EINVAL;
	}
	if (hend == p) {
		status_set_err(err, errlen, "\"%.*s\": the host is empty",
		    QUOTE_MAX, s);
		return ST_EINVAL;
	}
	if (hend - p == 1 && p[0] == '*') {
		status_set_err(err, errlen, "\"%.*s\": the wildcard host "
		    "'*' is not supported; name the host", QUOTE_MAX, s);
		return ST_EINVAL;
	}
	if (!host_fill(p, (size_t)(hend - p), out->host, &lit, &is_lit, why,
	    sizeof why)) {
		status_set_err(err, errlen, "\"%.*s\": %s", QUOTE_MAX, s,
		    why);
		goto fail;
	}

	pend = memchr(hend + 1, ':', (size_t)(end - hend - 1));
	if (pend == NULL) {
		status_set_err(err, errlen, "\"%.*s\": missing ':ADDR' "
		    "after the port", QUOTE_MAX, s);
		goto fail;
	}
	n = (size_t)(pend - hend - 1);
	if (!parse_port_n(hend + 1, n, &out->port)) {
		status_set_err(err, errlen, "\"%.*s\": port \"%.*s\" is not "
		    "a number from 1 to 65535", QUOTE_MAX, s,
		    (int)(n > QUOTE_MAX ? QUOTE_MAX : n), hend + 1);
		goto fail;
	}

	/* The rest is ADDR[,ADDR...]; curl takes bare IPv6 here too. */
	if (!parse_addr_list(s, pend + 1, end, out, err, errlen))
		goto fail;
	return ST_OK;
fail:
	memset(out, 0, sizeof *out);
	return ST_EINVAL;
}

/* One --dns item in the first n bytes of s: IP, IPv4:PORT or [IPv6]:PORT. */
static bool
dns_item_parse(const char *s, size_t n, struct dns_server *out, char *why,
    size_t whylen)
{
	const char *end, *port = NULL;
	size_t alen = n, plen = 0;

	memset(out, 0, sizeof *out);
	out->port = 53;
	if (s[0] == '[') {
		end = memchr(s, ']', n);
		if (end == NULL) {
			status_set_err(why, whylen, "missing ']' after the IPv6 "
			    "address");
			return false;
		}
		alen = (size_t)(end - s) + 1;
		if (alen < n && end[1] != ':') {
			status_set_err(why, whylen, "unexpected text after ']' "
			    "(expected :PORT)");
			return false;
		}
		if (alen < n) {
			port = end + 2;
			plen = n - alen - 1;
		}
	} else if (count_colons(s, n) == 1) {
		end = memchr(s, ':', n);
		alen = (size_t)(end - s);
		port = end + 1;
		plen = n - alen - 1;
	}
	if (!parse_addr_n(s, alen, &out->addr)) {
		status_set_err(why, whylen, "\"%.*s\" is not an IP address (--dns "
		    "takes addresses, not names)",
		    (int)(alen > QUOTE_MAX ? QUOTE_MAX : alen), s);
		return false;
	}
	if (port != NULL && !parse_port_n(port, plen, &out->port)) {
		status_set_err(why, whylen, "port \"%.*s\" is not a number from 1 to "
		    "65535", (int)(plen > QUOTE_MAX ? QUOTE_MAX : plen), port);
		return false;
	}
	return true;
}

enum status
dns_servers_parse(const char *s, struct dns_server *out, size_t max,
    size_t *n, char *err, size_t errlen)
{
	char why[160];
	const char *item, *end;
	size_t len, count = 0;

	*n = 0;
	if (s == NULL || *s == '\0') {
		status_set_err(err, errlen, "empty DNS server list: expected "
		    "IP[:PORT][,IP[:PORT]...]");
		return ST_EINVAL;
	}
	len = strnlen(s, (NETADDR_MAX_DNS + 1) * (ADDR_TEXT_MAX + 8));
	if (s[len] != '\0') {
		status_set_err(err, errlen, "DNS server list \"%.*s...\" is too long",
		    QUOTE_MAX, s);
		return ST_EINVAL;
	}
	end = s + len;
	item = s;
	for (;;) {
		const char *comma = memchr(item, ',', (size_t)(end - item));
		const char *iend = comma != NULL ? comma : end;
		size_t ilen = (size_t)(iend - item);

		if (ilen == 0) {
			status_set_err(err, errlen, "DNS server list \"%.*s\": entry "
			    "%zu is empty", QUOTE_MAX, s, count + 1);
			return ST_EINVAL;
		}
		if (count >= max) {
			status_set_err(err, errlen, "DNS server list \"%.*s\": more "
			    "than %zu servers", QUOTE_MAX, s, max);
			return ST_EINVAL;
		}
		if (!dns_item_parse(item, ilen, &out[count], why, sizeof why)) {
			status_set_err(err, errlen, "DNS server \"%.*s\": %s",
			    (int)(ilen > QUOTE_MAX ? QUOTE_MAX : ilen), item,
			    why);
			return ST_EINVAL;
		}
		count++;
		if (comma == NULL)
			break;
		item = comma + 1;
	}
	*n = count;
	return ST_OK;
}
