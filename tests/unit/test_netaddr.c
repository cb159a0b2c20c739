/*
 * test_netaddr.c: the address, target, --resolve and --dns parsers.
 *
 * Table-driven: each row is an input and what must come out of it, valid
 * and invalid alike, so a new edge case is one more line. Pure; no network.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "netaddr.h"
#include "../tap.h"

struct addr_case {
	const char	*in;
	bool		 ok;
	const char	*formatted;	/* netaddr_format when ok */
};

static const struct addr_case addr_cases[] = {
	{ "192.0.2.1", true, "192.0.2.1" },
	{ "0.0.0.0", true, "0.0.0.0" },
	{ "255.255.255.255", true, "255.255.255.255" },
	{ "::1", true, "::1" },
	{ "[::1]", true, "::1" },
	{ "2001:DB8:0:0:0:0:0:1", true, "2001:db8::1" },
	{ "[2001:db8::1]", true, "2001:db8::1" },
	{ "fe80::1%1", true, "fe80::1%1" },
	{ "[fe80::1%1]", true, "fe80::1%1" },
	{ "fe80::1%lo", true, "fe80::1%1" },	/* lo is index 1 on Linux */
	{ "::ffff:192.0.2.1", true, "::ffff:192.0.2.1" },
	{ "", false, NULL },
	{ "[]", false, NULL },
	{ "[", false, NULL },
	{ "[::1", false, NULL },
	{ "::1]", false, NULL },
	{ "[192.0.2.1]", false, NULL },		/* brackets are for IPv6 */
	{ "192.0.2.1%1", false, NULL },		/* zones are for IPv6 */
	{ "192.0.2", false, NULL },
	{ "192.0.2.256", false, NULL },
	{ "192.0.2.1.5", false, NULL },
	{ "01.2.3.4", false, NULL },		/* no octal surprises */
	{ " 192.0.2.1", false, NULL },
	{ "192.0.2.1 ", false, NULL },
	{ "::1::2", false, NULL },
	{ "2001:db8::g", false, NULL },
	{ "fe80::1%", false, NULL },
	{ "fe80::1%0", false, NULL },
	{ "fe80::1%no-such-if0", false, NULL },
	{ "fe80::1%99999999999999999999", false, NULL },
	{ "example.com", false, NULL },
	{ "1:2:3:4:5:6:7:8:9", false, NULL },
	{ "[[::1]]", false, NULL },
};

static void
test_addrs(void)
{
	struct netaddr a;
	char buf[NETADDR_TEXT_MAX];
	size_t i;

	for (i = 0; i < sizeof addr_cases / sizeof addr_cases[0]; i++) {
		const struct addr_case *c = &addr_cases[i];
		bool got = netaddr_parse(c->in, &a);

		is_int(got, c->ok, "netaddr_parse(\"%s\") %s", c->in,
		    c->ok ? "accepts" : "rejects");
		if (!got || !c->ok)
			continue;
		netaddr_format(&a, buf, sizeof buf);
		is_str(buf, c->formatted, "netaddr_format(\"%s\")", c->in);
	}
	ok(!netaddr_parse(NULL, &a), "netaddr_parse(NULL) rejects");

	/* A long input is refused, not copied into a fixed buffer. */
	{
		char big[4096];

		memset(big, '1', sizeof big - 1);
		big[sizeof big - 1] = '\0';
		ok(!netaddr_parse(big, &a), "a 4 KiB literal is refused");
	}
}

static void
test_format(void)
{
	struct netaddr a, b;
	char buf[NETADDR_TEXT_MAX], small[5];

	netaddr_parse("192.0.2.1", &a);
	netaddr_format_port(&a, 443, buf, sizeof buf);
	is_str(buf, "192.0.2.1:443", "IPv4 with port");
	netaddr_parse("2001:db8::1", &a);
	netaddr_format_port(&a, 8443, buf, sizeof buf);
	is_str(buf, "[2001:db8::1]:8443", "IPv6 with port is bracketed");
	netaddr_parse("fe80::1%7", &a);
	netaddr_format_port(&a, 1, buf, sizeof buf);
	is_str(buf, "[fe80::1%7]:1", "scoped IPv6 with port");
	ok(netaddr_parse(buf, &b) == false, "host:port is not an address");

	netaddr_parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff%4294967", &a);
	netaddr_format_port(&a, 65535, buf, sizeof buf);
	ok(strlen(buf) < sizeof buf, "longest form fits NETADDR_TEXT_MAX");

	netaddr_parse("2001:db8::1", &a);
	netaddr_format(&a, small, sizeof small);
	is_str(small, "2001", "format truncates and terminates");

	memset(&a, 0, sizeof a);
	netaddr_format(&a, buf, sizeof buf);
	is_str(buf, "-", "NETADDR_NONE formats as -");

	/* Round trip: format then parse gives the same address. */
	{
		static const char *rt[] = { "10.1.2.3", "::", "::1",
		    "2001:db8:1:2:3:4:5:6", "fe80::abcd%3", "::ffff:10.0.0.1" };
		size_t i;

		for (i = 0; i < sizeof rt / sizeof rt[0]; i++) {
			netaddr_parse(rt[i], &a);
			netaddr_format(&a, buf, sizeof buf);
			ok(netaddr_parse(buf, &b) && netaddr_equal(&a, &b),
			    "round trip %s -> %s", rt[i], buf);
		}
	}
}

static void
test_cmp(void)
{
	/* Strictly increasing under netaddr_cmp. */
	static const char *order[] = {
		"0.0.0.1", "9.255.255.255", "10.0.0.1", "10.0.0.2",
		"192.0.2.1", "255.255.255.255", "::", "::1", "::2",
		"2001:db8::1", "fe80::1", "fe80::1%1", "fe80::1%2",
	};
	struct netaddr a, b;
	size_t i, j, n = sizeof order / sizeof order[0];
	bool good = true;

	for (i = 0; i < n; i++) {
		for (j = 0; j < n; j++) {
			int want = i < j ? -1 : i > j ? 1 : 0;

			netaddr_parse(order[i], &a);
			netaddr_parse(order[j], &b);
			if (netaddr_cmp(&a, &b) != want ||
			    netaddr_equal(&a, &b) != (want == 0)) {
				good = false;
				printf("# cmp(%s, %s) != %d\n", order[i],
				    order[j], want);
			}
		}
	}
	ok(good, "netaddr_cmp is a total order: IPv4 < IPv6, bytes, scope");
}

struct port_case {
	const char	*in;
	int		 want;	/* -1: rejected */
};

static const struct port_case port_cases[] = {
	{ "1", 1 }, { "80", 80 }, { "443", 443 }, { "65535", 65535 },
	{ "08080", 8080 },
	{ "0", -1 }, { "00000", -1 }, { "65536", -1 }, { "99999", -1 },
	{ "4294967297", -1 }, { "18446744073709551617", -1 },
	{ "", -1 }, { "-1", -1 }, { "+80", -1 }, { " 80", -1 },
	{ "80 ", -1 }, { "80a", -1 }, { "0x50", -1 }, { "1e3", -1 },
	{ "000443", -1 },
};

static void
test_ports(void)
{
	size_t i;
	uint16_t p;

	for (i = 0; i < sizeof port_cases / sizeof port_cases[0]; i++) {
		const struct port_case *c = &port_cases[i];

		p = 0;
		if (c->want < 0)
			ok(!netaddr_parse_port(c->in, &p), "port \"%s\" "
			    "rejected", c->in);
		else
			ok(netaddr_parse_port(c->in, &p) && p == c->want,
			    "port \"%s\" is %d", c->in, c->want);
	}
	ok(!netaddr_parse_port(NULL, &p), "port NULL rejected");
}

struct target_case {
	const char	*in;
	bool		 ok;
	const char	*host;
	int		 port;
	bool		 literal;
	const char	*err_has;	/* substring of the error when !ok */
};

static const struct target_case target_cases[] = {
	{ "example.com", true, "example.com", 443, false, NULL },
	{ "example.com:8443", true, "example.com", 8443, false, NULL },
	{ "example.com.", true, "example.com.", 443, false, NULL },
	{ "Ex-am_ple.COM:1", true, "Ex-am_ple.COM", 1, false, NULL },
	{ "localhost", true, "localhost", 443, false, NULL },
	{ "192.0.2.1", true, "192.0.2.1", 443, true, NULL },
	{ "192.0.2.1:25", true, "192.0.2.1", 25, true, NULL },
	{ "[2001:db8::1]:8443", true, "2001:db8::1", 8443, true, NULL },
	{ "[2001:db8::1]", true, "2001:db8::1", 443, true, NULL },
	{ "2001:db8::1", true, "2001:db8::1", 443, true, NULL },
	{ "::1", true, "::1", 443, true, NULL },
	{ "[fe80::1%1]:443", true, "fe80::1%1", 443, true, NULL },
	{ "", false, NULL, 0, false, "empty" },
	{ ":443", false, NULL, 0, false, "host is empty" },
	{ "example.com:", false, NULL, 0, false, "port \"\"" },
	{ "example.com:0", false, NULL, 0, false, "port \"0\"" },
	{ "example.com:65536", false, NULL, 0, false, "port \"65536\"" },
	{ "example.com:https", false, NULL, 0, false, "port \"https\"" },
	{ "example.com:443:1", false, NULL, 0, false, "IPv6" },
	{ "[2001:db8::1]x", false, NULL, 0, false, "after ']'" },
	{ "[2001:db8::1", false, NULL, 0, false, "missing ']'" },
	{ "[192.0.2.1]:443", false, NULL, 0, false, "not an IPv6" },
	{ "[example.com]:443", false, NULL, 0, false, "not an IPv6" },
	{ "2001:db8::1:443x", false, NULL, 0, false, "IPv6" },
	{ "exa mple.com", false, NULL, 0, false, "' '" },
	{ "example..com", false, NULL, 0, false, "empty label" },
	{ ".example.com", false, NULL, 0, false, "empty label" },
	{ ".", false, NULL, 0, false, "empty label" },
	{ "ex/ample.com", false, NULL, 0, false, "'/'" },
	{ "ex\tample", false, NULL, 0, false, "control character 0x09" },
	{ "192.0.2.256", false, NULL, 0, false, "IPv4" },
	{ "192.0.2", false, NULL, 0, false, "IPv4" },
	{ "host%eth0", false, NULL, 0, false, "'%'" },
};

static void
test_targets(void)
{
	struct target t;
	char err[256], name[300];
	size_t i;

	for (i = 0; i < sizeof target_cases / sizeof target_cases[0]; i++) {
		const struct target_case *c = &target_cases[i];
		enum status st;

		err[0] = '\0';
		st = target_parse(c->in, 443, &t, err, sizeof err);
		if (!c->ok) {
			ok(st == ST_EINVAL && strstr(err, c->err_has) != NULL,
			    "target \"%s\" rejected: %s", c->in, err);
			continue;
		}
		ok(st == ST_OK && strcmp(t.host, c->host) == 0 &&
		    t.port == c->port && t.is_literal == c->literal,
		    "target \"%s\" -> %s port %d%s", c->in, c->host, c->port,
		    c->literal ? " (literal)" : "");
	}

	/* Length limits: labels of 63, names of 253. */
	memset(name, 'a', 63);
	memcpy(name + 63, ".com", 5);
	ok(target_parse(name, 443, &t, err, sizeof err) == ST_OK,
	    "a 63-character label is fine");
	memset(name, 'a', 64);
	memcpy(name + 64, ".com", 5);
	ok(target_parse(name, 443, &t, err, sizeof err) == ST_EINVAL &&
	    strstr(err, "63") != NULL, "a 64-character label is not: %s", err);
	for (i = 0; i < 253; i++)
		name[i] = i % 2 ? '.' : 'a';
	name[253] = '\0';
	ok(target_parse(name, 443, &t, err, sizeof err) == ST_OK &&
	    strlen(t.host) == 253, "a 253-character name is fine");
	name[253] = 'b';
	name[254] = '\0';
	ok(target_parse(name, 443, &t, err, sizeof err) == ST_EINVAL &&
	    strstr(err, "253") != NULL, "a 254-character name is not: %s",
	    err);
	ok(target_parse(NULL, 443, &t, err, sizeof err) == ST_EINVAL,
	    "NULL target rejected");
	ok(target_parse("example.com", 443, &t, NULL, 0) == ST_OK,
	    "a NULL error buffer is allowed");
	ok(target_parse("bad host", 443, &t, NULL, 0) == ST_EINVAL,
	    "and is not written on failure");
}

struct resolve_case {
	const char	*in;
	bool		 ok;
	const char	*host;
	int		 port;
	const char	*addrs;		/* formatted, comma-joined */
	const char	*err_has;
};

static const struct resolve_case resolve_cases[] = {
	{ "example.com:443:192.0.2.1", true, "example.com", 443,
	    "192.0.2.1", NULL },
	{ "example.com:443:192.0.2.1,192.0.2.2", true, "example.com", 443,
	    "192.0.2.1,192.0.2.2", NULL },
	{ "example.com:443:[2001:db8::1]", true, "example.com", 443,
	    "2001:db8::1", NULL },
	{ "example.com:443:2001:db8::1", true, "example.com", 443,
	    "2001:db8::1", NULL },	/* curl takes bare IPv6 here */
	{ "example.com:443:[2001:db8::1],192.0.2.1,::1", true, "example.com",
	    443, "2001:db8::1,192.0.2.1,::1", NULL },
	{ "+example.com:443:192.0.2.1", true, "example.com", 443, "192.0.2.1",
	    NULL },
	{ "example.com:443:192.0.2.1,192.0.2.1", true, "example.com", 443,
	    "192.0.2.1", NULL },	/* duplicates collapse */
	{ "[2001:db8::9]:443:192.0.2.1", true, "2001:db8::9", 443,
	    "192.0.2.1", NULL },
	{ "-example.com:443", false, NULL, 0, NULL, "not supported" },
	{ "", false, NULL, 0, NULL, "empty" },
	{ "example.com", false, NULL, 0, NULL, "expected HOST:PORT:ADDR" },
	{ "example.com:443", false, NULL, 0, NULL, "missing ':ADDR'" },
	{ "example.com:443:", false, NULL, 0, NULL, "no address" },
	{ ":443:192.0.2.1", false, NULL, 0, NULL, "host is empty" },
	{ "*:443:192.0.2.1", false, NULL, 0, NULL, "wildcard" },
	{ "example.com::192.0.2.1", false, NULL, 0, NULL, "port \"\"" },
	{ "example.com:65536:192.0.2.1", false, NULL, 0, NULL,
	    "port \"65536\"" },
	{ "example.com:0:192.0.2.1", false, NULL, 0, NULL, "port \"0\"" },
	{ "example.com:x:192.0.2.1", false, NULL, 0, NULL, "port \"x\"" },
	{ "example.com:443:192.0.2.1,", false, NULL, 0, NULL,
	    "address 2 is empty" },
	{ "example.com:443:,192.0.2.1", false, NULL, 0, NULL,
	    "address 1 is empty" },
	{ "example.com:443:192.0.2.1,,192.0.2.2", false, NULL, 0, NULL,
	    "address 2 is empty" },
	{ "example.com:443:192.0.2.300", false, NULL, 0, NULL,
	    "\"192.0.2.300\" is not an IP" },
	{ "example.com:443:other.example", false, NULL, 0, NULL,
	    "\"other.example\" is not an IP" },
	{ "example.com:443:[192.0.2.1]", false, NULL, 0, NULL, "not an IP" },
	{ "bad_host!:443:192.0.2.1", false, NULL, 0, NULL, "'!'" },
	{ "[2001:db8::9]443:192.0.2.1", false, NULL, 0, NULL, "expected" },
};

static void
join_addrs(const struct netaddr *a, size_t n, char *buf, size_t len)
{
	char one[NETADDR_TEXT_MAX];
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < n && used < len; i++) {
		netaddr_format(&a[i], one, sizeof one);
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
		    i ? "," : "", one);
	}
}

static void
test_resolve(void)
{
	struct resolve_entry e;
	char err[256], got[512], big[8192];
	size_t i, used;

	for (i = 0; i < sizeof resolve_cases / sizeof resolve_cases[0]; i++) {
		const struct resolve_case *c = &resolve_cases[i];
		enum status st;

		err[0] = '\0';
		st = resolve_entry_parse(c->in, &e, err, sizeof err);
		if (!c->ok) {
			ok(st == ST_EINVAL && strstr(err, c->err_has) != NULL,
			    "--resolve \"%s\" rejected: %s", c->in, err);
			continue;
		}
		join_addrs(e.addrs, e.n_addrs, got, sizeof got);
		ok(st == ST_OK && strcmp(e.host, c->host) == 0 &&
		    e.port == c->port && strcmp(got, c->addrs) == 0,
		    "--resolve \"%s\" -> %s:%d %s", c->in, e.host, e.port, got);
	}

	/* Exactly NETADDR_MAX_RESOLVE addresses pass, one more does not. */
	used = (size_t)snprintf(big, sizeof big, "many.test:443:");
	for (i = 0; i < NETADDR_MAX_RESOLVE; i++)
		used += (size_t)snprintf(big + used, sizeof big - used,
		    "%s10.0.%zu.%zu", i ? "," : "", i / 250, i % 250);
	ok(resolve_entry_parse(big, &e, err, sizeof err) == ST_OK &&
	    e.n_addrs == NETADDR_MAX_RESOLVE, "%d addresses accepted",
	    NETADDR_MAX_RESOLVE);
	snprintf(big + used, sizeof big - used, ",10.9.9.9");
	ok(resolve_entry_parse(big, &e, err, sizeof err) == ST_EINVAL &&
	    strstr(err, "more than") != NULL, "%d addresses rejected: %s",
	    NETADDR_MAX_RESOLVE + 1, err);
	ok(e.n_addrs == 0, "a rejected entry is left empty");

	/* Garbage far beyond any valid length is refused, not scanned. */
	memset(big, ',', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	ok(resolve_entry_parse(big, &e, err, sizeof err) == ST_EINVAL,
	    "8 KiB of commas rejected: %.60s", err);
}

struct dns_case {
	const char	*in;
	bool		 ok;
	const char	*servers;	/* "addr:port" joined by ',' */
	const char	*err_has;
};

static const struct dns_case dns_cases[] = {
	{ "127.0.0.1", true, "127.0.0.1:53", NULL },
	{ "127.0.0.1:5353", true, "127.0.0.1:5353", NULL },
	{ "[::1]:5353", true, "[::1]:5353", NULL },
	{ "[::1]", true, "[::1]:53", NULL },
	{ "::1", true, "[::1]:53", NULL },
	{ "2001:db8::53", true, "[2001:db8::53]:53", NULL },
	{ "127.0.0.1:5353,[::1]:5354,10.0.0.1", true,
	    "127.0.0.1:5353,[::1]:5354,10.0.0.1:53", NULL },
	{ "1.1.1.1,2.2.2.2,3.3.3.3,4.4.4.4,5.5.5.5,6.6.6.6,7.7.7.7,8.8.8.8",
	    true, "1.1.1.1:53,2.2.2.2:53,3.3.3.3:53,4.4.4.4:53,5.5.5.5:53,"
	    "6.6.6.6:53,7.7.7.7:53,8.8.8.8:53", NULL },
	{ "1.1.1.1,2.2.2.2,3.3.3.3,4.4.4.4,5.5.5.5,6.6.6.6,7.7.7.7,8.8.8.8,"
	    "9.9.9.9", false, NULL, "more than 8" },
	{ "", false, NULL, "empty" },
	{ ",", false, NULL, "entry 1 is empty" },
	{ "127.0.0.1,", false, NULL, "entry 2 is empty" },
	{ "127.0.0.1:", false, NULL, "port \"\"" },
	{ "127.0.0.1:0", false, NULL, "port \"0\"" },
	{ "127.0.0.1:65536", false, NULL, "port \"65536\"" },
	{ "[::1]:65536", false, NULL, "port \"65536\"" },
	{ "[::1]x", false, NULL, "after ']'" },
	{ "[::1", false, NULL, "missing ']'" },
	{ "dns.example", false, NULL, "not names" },
	{ "dns.example:53", false, NULL, "not an IP" },
	{ "[127.0.0.1]:53", false, NULL, "not an IP" },
	{ "127.0.0.1:53:53", false, NULL, "not an IP" },
};

static void
test_dns(void)
{
	struct dns_server s[NETADDR_MAX_DNS];
	char err[256], got[512], one[NETADDR_TEXT_MAX + 8];
	size_t i, j, n, used;

	for (i = 0; i < sizeof dns_cases / sizeof dns_cases[0]; i++) {
		const struct dns_case *c = &dns_cases[i];
		enum status st;

		err[0] = '\0';
		n = 99;
		st = dns_servers_parse(c->in, s, NETADDR_MAX_DNS, &n, err,
		    sizeof err);
		if (!c->ok) {
			ok(st == ST_EINVAL && n == 0 &&
			    strstr(err, c->err_has) != NULL,
			    "--dns \"%s\" rejected: %s", c->in, err);
			continue;
		}
		got[0] = '\0';
		for (j = 0, used = 0; j < n; j++) {
			netaddr_format_port(&s[j].addr, s[j].port, one,
			    sizeof one);
			used += (size_t)snprintf(got + used, sizeof got - used,
			    "%s%s", j ? "," : "", one);
		}
		ok(st == ST_OK && strcmp(got, c->servers) == 0,
		    "--dns \"%s\" -> %s", c->in, got);
	}
	ok(dns_servers_parse("127.0.0.1,127.0.0.2", s, 1, &n, err,
	    sizeof err) == ST_EINVAL && strstr(err, "more than 1") != NULL,
	    "the caller's max is honoured: %s", err);
}

int
main(void)
{
	test_addrs();
	test_format();
	test_cmp();
	test_ports();
	test_targets();
	test_resolve();
	test_dns();
	return tap_done();
}
