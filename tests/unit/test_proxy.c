/*
 * test_proxy.c: the proxy URL, the environment, and both tunnels against
 * scripted fake proxies.
 *
 * A fake proxy is the far end of a socketpair with its whole answer
 * written before proxy_tunnel runs, so nothing races: the test then reads
 * what the tunnel sent (the CONNECT request, the SOCKS5 greeting) from
 * the far end and checks it byte by byte, and reads from the near end
 * what the tunnel left unread (a server's banner after the proxy's
 * answer). A silent proxy shows the deadline. No network.
 */
#include "config.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clock.h"
#include "proxy.h"
#include "../tap.h"

/* --- URLs --------------------------------------------------------------- */

struct url_case {
	const char	*in;
	bool		 ok;
	enum proxy_kind	 kind;
	const char	*host;
	unsigned	 port;
	const char	*user, *pass;	/* NULL: no credentials */
	const char	*described;
};

static const struct url_case url_cases[] = {
	{ "http://127.0.0.1:3128", true, PROXY_HTTP, "127.0.0.1", 3128, NULL,
	    NULL, "http://127.0.0.1:3128" },
	{ "HTTP://127.0.0.1:3128/", true, PROXY_HTTP, "127.0.0.1", 3128, NULL,
	    NULL, "http://127.0.0.1:3128" },
	{ "socks5://[::1]:1080", true, PROXY_SOCKS5, "::1", 1080, NULL, NULL,
	    "socks5://[::1]:1080" },
	{ "http://alice:s%40cret@10.0.0.1:8080", true, PROXY_HTTP, "10.0.0.1",
	    8080, "alice", "s@cret", "http://***:***@10.0.0.1:8080" },
	{ "socks5://u:p:q@proxy.example:1080", true, PROXY_SOCKS5,
	    "proxy.example", 1080, "u", "p:q",
	    "socks5://***:***@proxy.example:1080" },
	{ "http://a@b@127.0.0.1:1", false, 0, NULL, 0, NULL, NULL, NULL },
	{ "http://127.0.0.1", false, 0, NULL, 0, NULL, NULL, NULL },
	{ "socks5h://127.0.0.1:1080", false, 0, NULL, 0, NULL, NULL, NULL },
	{ "https://127.0.0.1:443", false, 0, NULL, 0, NULL, NULL, NULL },
	{ "127.0.0.1:3128", false, 0, NULL, 0, NULL, NULL, NULL },
	{ "http://:pw@127.0.0.1:1", false, 0, NULL, 0, NULL, NULL, NULL },
	{ "http://u:%zz@127.0.0.1:1", false, 0, NULL, 0, NULL, NULL, NULL },
	{ "http://u:%0@127.0.0.1:1", false, 0, NULL, 0, NULL, NULL, NULL },
	{ "http://u:%00@127.0.0.1:1", false, 0, NULL, 0, NULL, NULL, NULL },
	{ "http://127.0.0.1:99999", false, 0, NULL, 0, NULL, NULL, NULL },
	{ "http://127.0.0.1:3128/path", false, 0, NULL, 0, NULL, NULL, NULL },
	{ "", false, 0, NULL, 0, NULL, NULL, NULL },
};

static void
test_urls(void)
{
	struct proxy_config p;
	char err[256], d[128];
	size_t i;

	for (i = 0; i < sizeof url_cases / sizeof url_cases[0]; i++) {
		const struct url_case *c = &url_cases[i];
		bool ok = proxy_parse(c->in, &p, err, sizeof err) == ST_OK;

		is_int(ok, c->ok, "parse \"%s\" %s", c->in, c->ok ? "ok" :
		    "refused");
		if (!ok) {
			ok(strstr(err, "--proxy") != NULL && (c->pass == NULL ||
			    strstr(err, c->pass) == NULL), "  names --proxy, "
			    "never the password: %s", err);
			continue;
		}
		if (!c->ok)
			continue;
		is_int(p.kind, c->kind, "  kind");
		is_str(p.host, c->host, "  host");
		is_int(p.port, c->port, "  port");
		is_int(p.has_auth, c->user != NULL, "  credentials");
		if (c->user != NULL) {
			is_str(p.user, c->user, "  user");
			is_str(p.pass, c->pass, "  password");
		}
		proxy_describe(&p, d, sizeof d);
		is_str(d, c->described, "  described without credentials");
	}
	/* a password longer than RFC 1929 allows */
	{
		char url[600];

		memset(url, 0, sizeof url);
		strcpy(url, "socks5://u:");
		memset(url + strlen(url), 'x', 300);
		strcat(url, "@127.0.0.1:1080");
		ok(proxy_parse(url, &p, err, sizeof err) != ST_OK &&
		    strstr(err, "xxxx") == NULL, "a 300-byte password is "
		    "refused without quoting it");
	}
}

/* --- the environment ---------------------------------------------------- */

static const char *const *fake_env;

static const char *
fake_get(const char *name)
{
	size_t i, n = strlen(name);

	for (i = 0; fake_env[i] != NULL; i++)
		if (strncmp(fake_env[i], name, n) == 0 &&
		    fake_env[i][n] == '=')
			return fake_env[i] + n + 1;
	return NULL;
}

static void
test_env(void)
{
	static const char *const none[] = { "HOME=/x", NULL };
	static const char *const both[] = { "ALL_PROXY=socks5://1.1.1.1:1",
	    "https_proxy=http://2.2.2.2:2", NULL };
	static const char *const all[] = { "ALL_PROXY=socks5://1.1.1.1:1",
	    NULL };
	static const char *const no[] = { "HTTPS_PROXY=http://2.2.2.2:2",
	    "NO_PROXY=localhost, .internal.example,10.0.0.1", NULL };
	const char *var, *v;

	fake_env = none;
	ok(proxy_from_env("example.com", fake_get, &var) == NULL &&
	    var == NULL, "no variable: direct");
	fake_env = both;
	v = proxy_from_env("example.com", fake_get, &var);
	is_str(v, "http://2.2.2.2:2", "https_proxy before ALL_PROXY");
	is_str(var, "https_proxy", "  names it");
	fake_env = all;
	v = proxy_from_env("example.com", fake_get, &var);
	is_str(v, "socks5://1.1.1.1:1", "ALL_PROXY alone");
	fake_env = no;
	ok(proxy_from_env("db.internal.example", fake_get, &var) == NULL,
	    "NO_PROXY .internal.example covers db.internal.example");
	ok(proxy_from_env("INTERNAL.example.", fake_get, &var) == NULL,
	    "  and the domain itself, any case, a trailing dot");
	ok(proxy_from_env("10.0.0.1", fake_get, &var) == NULL,
	    "  an address listed");
	ok(proxy_from_env("xinternal.example", fake_get, &var) != NULL,
	    "  but not xinternal.example");
	ok(proxy_from_env("10.0.0.10", fake_get, &var) != NULL,
	    "  nor 10.0.0.10");
	ok(proxy_no_proxy_covers("*", "anything"), "NO_PROXY=* covers all");
	ok(!proxy_no_proxy_covers("", "anything"), "empty NO_PROXY covers "
	    "nothing");
}

/* --- fake proxies -------------------------------------------------------- */

struct fake {
	int	near, far;
};

static void
fake_open(struct fake *f, const void *answer, size_t n)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		abort();
	fcntl(sv[0], F_SETFL, fcntl(sv[0], F_GETFL) | O_NONBLOCK);
	f->near = sv[0];
	f->far = sv[1];
	if (n > 0 && write(f->far, answer, n) != (ssize_t)n)
		abort();
}

/* What the tunnel sent, as text (at most cap - 1 bytes). */
static size_t
fake_sent(struct fake *f, char *buf, size_t cap)
{
	ssize_t k;

	fcntl(f->far, F_SETFL, fcntl(f->far, F_GETFL) | O_NONBLOCK);
	k = read(f->far, buf, cap - 1);
	if (k < 0)
		k = 0;
	buf[k] = '\0';
	return (size_t)k;
}

static void
fake_close(struct fake *f)
{
	close(f->near);
	close(f->far);
}

static bool
run(const struct proxy_config *p, struct fake *f, int ms,
    enum fail_reason *why, char *err, size_t errlen)
{
	struct netaddr dst;
	struct deadline dl;

	netaddr_parse("192.0.2.7", &dst);
	dl = deadline_in((uint64_t)ms);
	return proxy_tunnel(p, f->near, &dst, 443, &dl, NULL, why, err,
	    errlen);
}

static void
test_http(void)
{
	struct proxy_config p, pa;
	struct fake f;
	enum fail_reason why;
	char err[256], sent[2048], rest[64], *big;
	const char *ans;
	uint64_t t0;
	ssize_t k;
	size_t i, n;

	proxy_parse("http://127.0.0.1:3128", &p, err, sizeof err);
	proxy_parse("http://alice:pw@127.0.0.1:3128", &pa, err, sizeof err);

	/* good: the answer, then a banner the tunnel must leave unread */
	ans = "HTTP/1.1 200 Connection established\r\nVia: x\r\n\r\n220 hi";
	fake_open(&f, ans, strlen(ans));
	ok(run(&p, &f, 2000, &why, err, sizeof err), "200: tunnel open");
	fake_sent(&f, sent, sizeof sent);
	is_str(sent, "CONNECT 192.0.2.7:443 HTTP/1.1\r\nHost: 192.0.2.7:443"
	    "\r\nUser-Agent: tlsmatrix\r\n\r\n", "  CONNECT to the address, "
	    "never a name");
	k = read(f.near, rest, sizeof rest - 1);
	rest[k > 0 ? k : 0] = '\0';
	is_str(rest, "220 hi", "  the bytes after the answer stay unread");
	fake_close(&f);

	/* Basic auth: RFC 7617 */
	ans = "HTTP/1.0 200 OK\n\n";
	fake_open(&f, ans, strlen(ans));
	ok(run(&pa, &f, 2000, &why, err, sizeof err), "200 with bare LFs");
	fake_sent(&f, sent, sizeof sent);
	ok(strstr(sent, "\r\nProxy-Authorization: Basic YWxpY2U6cHc=\r\n") !=
	    NULL, "  sends Basic alice:pw");
	fake_close(&f);

	/* IPv6 target in brackets */
	{
		struct netaddr d6;
		struct deadline dl;

		ans = "HTTP/1.1 200 OK\r\n\r\n";
		fake_open(&f, ans, strlen(ans));
		netaddr_parse("::1", &d6);
		dl = deadline_in(2000);
		ok(proxy_tunnel(&p, f.near, &d6, 8443, &dl, NULL, &why, err,
		    sizeof err), "IPv6 target");
		fake_sent(&f, sent, sizeof sent);
		ok(strncmp(sent, "CONNECT [::1]:8443 HTTP/1.1\r\n", 29) == 0,
		    "  CONNECT [::1]:8443");
		fake_close(&f);
	}

	ans = "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n";
	fake_open(&f, ans, strlen(ans));
	ok(!run(&p, &f, 2000, &why, err, sizeof err), "403 refused");
	is_int(why, REASON_PROXY_REFUSED, "  proxy-refused");
	ok(strstr(err, "403 Forbidden") != NULL, "  quotes it: %s", err);
	fake_close(&f);

	ans = "HTTP/1.1 502 Bad Gateway\r\n\r\n";
	fake_open(&f, ans, strlen(ans));
	ok(!run(&p, &f, 2000, &why, err, sizeof err) &&
	    why == REASON_PROXY_REFUSED, "502 is proxy-refused");
	fake_close(&f);

	ans = "HTTP/1.1 407 Proxy Authentication Required\r\n"
	    "Proxy-Authenticate: Basic realm=\"x\"\r\n\r\n";
	fake_open(&f, ans, strlen(ans));
	ok(!run(&p, &f, 2000, &why, err, sizeof err), "407 without "
	    "credentials");
	is_int(why, REASON_PROXY_AUTH, "  proxy-auth");
	ok(strstr(err, "asks for credentials") != NULL, "  %s", err);
	fake_close(&f);
	fake_open(&f, ans, strlen(ans));
	ok(!run(&pa, &f, 2000, &why, err, sizeof err) &&
	    why == REASON_PROXY_AUTH && strstr(err, "refused the "
	    "credentials") != NULL && strstr(err, "pw") == NULL, "407 with "
	    "credentials: refused, never quoted: %s", err);
	fake_close(&f);
	ans = "HTTP/1.0 401 Unauthorized\r\n\r\n";	/* tinyproxy 1.11.1 */
	fake_open(&f, ans, strlen(ans));
	ok(!run(&pa, &f, 2000, &why, err, sizeof err) &&
	    why == REASON_PROXY_AUTH, "401 (tinyproxy's answer to a wrong "
	    "password): proxy-auth: %s", err);
	fake_close(&f);

	/* garbage, escapes sanitised */
	ans = "SSH-2.0-OpenSSH_9.2\x1b[31m\r\n\r\n";
	fake_open(&f, ans, strlen(ans));
	ok(!run(&p, &f, 2000, &why, err, sizeof err), "an SSH banner");
	is_int(why, REASON_PROXY_PROTOCOL, "  proxy-protocol");
	ok(strchr(err, '\x1b') == NULL && strstr(err, "SSH-2.0") != NULL,
	    "  quoted without the escape: %s", err);
	fake_close(&f);

	ans = "HTTP/1.1 200 OK\r\n";	/* then closed */
	fake_open(&f, ans, strlen(ans));
	shutdown(f.far, SHUT_WR);
	ok(!run(&p, &f, 2000, &why, err, sizeof err) &&
	    why == REASON_PROXY_PROTOCOL, "closed mid-answer: %s", err);
	fake_close(&f);

	fake_open(&f, NULL, 0);
	shutdown(f.far, SHUT_WR);
	ok(!run(&p, &f, 2000, &why, err, sizeof err) &&
	    why == REASON_PROXY_PROTOCOL && strstr(err, "without") != NULL,
	    "closed at once: %s", err);
	fake_close(&f);

	/* slow: nothing at all before the deadline */
	fake_open(&f, NULL, 0);
	t0 = clock_ms();
	ok(!run(&p, &f, 300, &why, err, sizeof err) &&
	    why == REASON_TIMEOUT, "silent proxy: timeout: %s", err);
	ok(clock_ms() - t0 < 2000, "  at the deadline (%llu ms)",
	    (unsigned long long)(clock_ms() - t0));
	fake_close(&f);

	/* huge: a long line, too many headers, no end at all */
	big = malloc(PROXY_ANSWER_MAX * 2);
	n = (size_t)snprintf(big, 64, "HTTP/1.1 200 OK\r\nX: ");
	memset(big + n, 'a', 2000);
	n += 2000;
	memcpy(big + n, "\r\n\r\n", 4);
	fake_open(&f, big, n + 4);
	ok(!run(&p, &f, 2000, &why, err, sizeof err) &&
	    why == REASON_PROXY_PROTOCOL && strstr(err, "longer") != NULL,
	    "a 2000-byte header line: %s", err);
	fake_close(&f);

	n = (size_t)snprintf(big, 64, "HTTP/1.1 200 OK\r\n");
	for (i = 0; i < PROXY_HEADERS_MAX + 5; i++)
		n += (size_t)snprintf(big + n, 32, "X-%zu: y\r\n", i);
	memcpy(big + n, "\r\n", 2);
	fake_open(&f, big, n + 2);
	ok(!run(&p, &f, 2000, &why, err, sizeof err) &&
	    why == REASON_PROXY_PROTOCOL && strstr(err, "header lines") !=
	    NULL, "%d header lines: %s", PROXY_HEADERS_MAX + 5, err);
	fake_close(&f);

	memset(big, 'z', PROXY_ANSWER_MAX * 2);
	fake_open(&f, big, PROXY_ANSWER_MAX * 2);
	ok(!run(&p, &f, 2000, &why, err, sizeof err) &&
	    why == REASON_PROXY_PROTOCOL && strstr(err, "no end") != NULL,
	    "%d bytes without an end: %s", PROXY_ANSWER_MAX * 2, err);
	fake_close(&f);
	free(big);
}

static void
test_socks(void)
{
	struct proxy_config p, pa;
	struct fake f;
	enum fail_reason why;
	char err[256], sent[512], rest[16];
	ssize_t k;
	static const uint8_t good[] = { 5, 0, 5, 0, 0, 1, 127, 0, 0, 1, 0x9c,
	    0x40, 'E', 'H' };
	static const uint8_t good_auth[] = { 5, 2, 1, 0, 5, 0, 0, 3, 3, 'a',
	    'b', 'c', 0, 1 };
	static const uint8_t want_auth[] = { 5, 0xff };
	static const uint8_t bad_auth[] = { 5, 2, 1, 1 };
	static const uint8_t refused[] = { 5, 0, 5, 5, 0, 1, 0, 0, 0, 0, 0,
	    0 };
	static const uint8_t ruleset[] = { 5, 0, 5, 2, 0, 1, 0, 0, 0, 0, 0,
	    0 };
	static const uint8_t unreach[] = { 5, 0, 5, 4, 0, 1, 0, 0, 0, 0, 0,
	    0 };
	static const uint8_t socks4[] = { 0, 0x5a, 0, 0, 0, 0, 0, 0 };
	static const uint8_t badatyp[] = { 5, 0, 5, 0, 0, 9, 0, 0, 0, 0 };
	static const uint8_t unoffered[] = { 5, 2 };
	static const uint8_t truncated[] = { 5, 0, 5, 0, 0, 4, 0, 0 };

	proxy_parse("socks5://127.0.0.1:1080", &p, err, sizeof err);
	proxy_parse("socks5://bob:hunter2@127.0.0.1:1080", &pa, err,
	    sizeof err);

	fake_open(&f, good, sizeof good);
	ok(run(&p, &f, 2000, &why, err, sizeof err), "SOCKS5: tunnel open");
	k = (ssize_t)fake_sent(&f, sent, sizeof sent);
	ok(k == 3 + 10 && memcmp(sent, "\x05\x01\x00", 3) == 0 &&
	    memcmp(sent + 3, "\x05\x01\x00\x01\xc0\x00\x02\x07\x01\xbb", 10)
	    == 0, "  greeting (no auth), CONNECT 192.0.2.7:443 by address");
	k = read(f.near, rest, sizeof rest);
	ok(k == 2 && memcmp(rest, "EH", 2) == 0, "  the server's bytes stay "
	    "unread");
	fake_close(&f);

	fake_open(&f, good_auth, sizeof good_auth);
	ok(run(&pa, &f, 2000, &why, err, sizeof err), "SOCKS5 user/pass, "
	    "a domain-name BND: %s", err);
	k = (ssize_t)fake_sent(&f, sent, sizeof sent);
	ok(k == 4 + 13 + 10 && memcmp(sent, "\x05\x02\x00\x02", 4)
	    == 0 && memcmp(sent + 4, "\x01\x03" "bob" "\x07" "hunter2", 13) ==
	    0, "  offers 0 and 2, then RFC 1929");
	fake_close(&f);

	fake_open(&f, want_auth, sizeof want_auth);
	ok(!run(&p, &f, 2000, &why, err, sizeof err) &&
	    why == REASON_PROXY_AUTH, "method 0xFF: proxy-auth: %s", err);
	fake_close(&f);

	fake_open(&f, bad_auth, sizeof bad_auth);
	ok(!run(&pa, &f, 2000, &why, err, sizeof err) &&
	    why == REASON_PROXY_AUTH && strstr(err, "hunter2") == NULL,
	    "credentials refused: proxy-auth: %s", err);
	fake_close(&f);

	fake_open(&f, refused, sizeof refused);
	ok(!run(&p, &f, 2000, &why, err, sizeof err) &&
	    why == REASON_REFUSED, "reply 5: the target refused: %s", err);
	fake_close(&f);

	fake_open(&f, unreach, sizeof unreach);
	ok(!run(&p, &f, 2000, &why, err, sizeof err) &&
	    why == REASON_UNREACHABLE, "reply 4: unreachable: %s", err);
	fake_close(&f);

	fake_open(&f, ruleset, sizeof ruleset);
	ok(!run(&p, &f, 2000, &why, err, sizeof err) &&
	    why == REASON_PROXY_REFUSED && strstr(err, "ruleset") != NULL,
	    "reply 2: proxy-refused: %s", err);
	fake_close(&f);

	fake_open(&f, socks4, sizeof socks4);
	ok(!run(&p, &f, 2000, &why, err, sizeof err) &&
	    why == REASON_PROXY_PROTOCOL, "a SOCKS4 answer: %s", err);
	fake_close(&f);

	fake_open(&f, "HTTP/1.1 400 Bad", 16);
	ok(!run(&p, &f, 2000, &why, err, sizeof err) &&
	    why == REASON_PROXY_PROTOCOL, "an HTTP proxy: %s", err);
	fake_close(&f);

	fake_open(&f, badatyp, sizeof badatyp);
	ok(!run(&p, &f, 2000, &why, err, sizeof err) &&
	    why == REASON_PROXY_PROTOCOL, "address type 9: %s", err);
	fake_close(&f);

	fake_open(&f, unoffered, sizeof unoffered);
	ok(!run(&p, &f, 2000, &why, err, sizeof err) &&
	    why == REASON_PROXY_PROTOCOL, "method 2 never offered: %s", err);
	fake_close(&f);

	fake_open(&f, truncated, sizeof truncated);
	shutdown(f.far, SHUT_WR);
	ok(!run(&p, &f, 2000, &why, err, sizeof err) &&
	    why == REASON_PROXY_PROTOCOL, "a truncated reply: %s", err);
	fake_close(&f);

	fake_open(&f, good, 2);	/* the method, then silence */
	ok(!run(&p, &f, 300, &why, err, sizeof err) &&
	    why == REASON_TIMEOUT, "silent after the method: timeout: %s",
	    err);
	fake_close(&f);
}

int
main(void)
{
	test_urls();
	test_env();
	test_http();
	test_socks();
	return tap_done();
}
