/*
 * proxy.c: HTTP CONNECT and SOCKS5 tunnels (see proxy.h).
 *
 * conn.c calls proxy_tunnel on a worker thread, on a socket already
 * connected to the proxy, before any STARTTLS or TLS byte. The proxy is
 * untrusted input like any server: the CONNECT answer is read in bounded
 * lines (PROXY_LINE_MAX, PROXY_HEADERS_MAX, PROXY_ANSWER_MAX) without
 * reading a byte past its blank line, SOCKS5 replies are read by exact
 * length and taken apart with the bytes.h cursor, and every wait ends at
 * the probe's deadline. The URL parser and the environment lookup are
 * pure.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "bytes.h"
#include "net.h"
#include "proxy.h"
#include "xmem.h"

#define QUOTE_MAX	60	/* bytes of the proxy's words quoted */

/* --- the URL ------------------------------------------------------------ */

/* Copies s[0..n) into out with %XX decoded; false if bad or too long. */
static bool
pct_decode(const char *s, size_t n, char *out, size_t max)
{
	size_t i, o = 0;
	char hex[3];

	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == '%') {
			if (i + 2 >= n || !isxdigit((unsigned char)s[i + 1]) ||
			    !isxdigit((unsigned char)s[i + 2]))
				return false;
			memcpy(hex, s + i + 1, 2);
			hex[2] = '\0';
			c = (char)strtol(hex, NULL, 16);
			i += 2;
		}
		if (c == '\0' || o >= max)
			return false;
		out[o++] = c;
	}
	out[o] = '\0';
	return true;
}

enum status
proxy_parse(const char *url, struct proxy_config *out, char *err,
    size_t errlen)
{
	const char *rest, *at, *colon, *slash;
	struct target t;
	char hp[NETADDR_HOST_MAX + 16], why[160];
	size_t n;

	memset(out, 0, sizeof *out);
	if (url == NULL || *url == '\0') {
		status_set_err(err, errlen, "--proxy: empty URL (expected "
		    "http://HOST:PORT or socks5://HOST:PORT)");
		return ST_EINVAL;
	}
	if (strncasecmp(url, "http://", 7) == 0) {
		out->kind = PROXY_HTTP;
		rest = url + 7;
	} else if (strncasecmp(url, "socks5://", 9) == 0) {
		out->kind = PROXY_SOCKS5;
		rest = url + 9;
	} else {
		const char *sep = strstr(url, "://");

		status_set_err(err, errlen, "--proxy: scheme \"%.*s\" is not "
		    "supported (http:// for HTTP CONNECT, socks5:// for SOCKS5; "
		    "socks5h:// would let the proxy resolve, https:// needs TLS "
		    "to the proxy)", sep != NULL && sep - url < 16 ?
		    (int)(sep - url) : 16, url);
		return ST_EINVAL;
	}
	/* userinfo ends at the last '@' before any '/' */
	slash = strchr(rest, '/');
	n = slash != NULL ? (size_t)(slash - rest) : strlen(rest);
	if (slash != NULL && slash[1] != '\0') {
		status_set_err(err, errlen, "--proxy: a proxy URL has no path");
		return ST_EINVAL;
	}
	at = NULL;
	for (const char *p = rest; p < rest + n; p++)
		if (*p == '@')
			at = p;
	if (at != NULL) {
		colon = memchr(rest, ':', (size_t)(at - rest));
		if (colon == NULL) {
			status_set_err(err, errlen, "--proxy: credentials must be "
			    "user:password@ (the password is missing)");
			memset(out, 0, sizeof *out);
			return ST_EINVAL;
		}
		if (!pct_decode(rest, (size_t)(colon - rest), out->user,
		    PROXY_CRED_MAX) || !pct_decode(colon + 1,
		    (size_t)(at - colon - 1), out->pass, PROXY_CRED_MAX) ||
		    out->user[0] == '\0') {
			status_set_err(err, errlen, "--proxy: the user name or "
			    "password is empty, longer than %d bytes or has a bad "
			    "%%XX escape", PROXY_CRED_MAX);
			memset(out, 0, sizeof *out);
			return ST_EINVAL;
		}
		out->has_auth = true;
		n -= (size_t)(at + 1 - rest);
		rest = at + 1;
	}
	if (n >= sizeof hp) {
		status_set_err(err, errlen, "--proxy: the host is too long");
		memset(out, 0, sizeof *out);
		return ST_EINVAL;
	}
	memcpy(hp, rest, n);
	hp[n] = '\0';
	if (target_parse(hp, 0, &t, why, sizeof why) != ST_OK) {
		status_set_err(err, errlen, "--proxy: %s", why);
		memset(out, 0, sizeof *out);
		return ST_EINVAL;
	}
	if (t.port == 0) {
		status_set_err(err, errlen, "--proxy: the proxy's port is "
		    "missing (write %s://HOST:PORT)",
		    out->kind == PROXY_HTTP ? "http" : "socks5");
		memset(out, 0, sizeof *out);
		return ST_EINVAL;
	}
	snprintf(out->host, sizeof out->host, "%s", t.host);
	out->port = t.port;
	out->host_is_literal = t.is_literal;
	if (t.is_literal)
		out->addr = t.literal;
	return ST_OK;
}

void
proxy_describe(const struct proxy_config *p, char *buf, size_t len)
{
	const char *scheme = p->kind == PROXY_SOCKS5 ? "socks5" : "http";
	bool v6 = strchr(p->host, ':') != NULL;

	if (len == 0)
		return;
	if (p->kind == PROXY_NONE) {
		buf[0] = '\0';
		return;
	}
	/* The user name can be as secret as the password: neither shows. */
	snprintf(buf, len, "%s://%s%s%s%s:%u", scheme,
	    p->has_auth ? "***:***@" : "", v6 ? "[" : "", p->host,
	    v6 ? "]" : "", (unsigned)p->port);
}

/* --- the environment ---------------------------------------------------- */

bool
proxy_no_proxy_covers(const char *no, const char *host)
{
	size_t hl = strlen(host), el;
	const char *p = no, *e;

	while (hl > 0 && host[hl - 1] == '.')
		hl--;
	while (p != NULL && *p != '\0') {
		while (*p == ',' || *p == ' ' || *p == '\t')
			p++;
		e = p;
		while (*e != '\0' && *e != ',' && *e != ' ' && *e != '\t')
			e++;
		el = (size_t)(e - p);
		if (el == 1 && *p == '*')
			return true;
		if (el > 0 && *p == '.') {	/* ".example.com" */
			p++;
			el--;
		}
		while (el > 0 && p[el - 1] == '.')
			el--;
		if (el > 0 && el <= hl &&
		    strncasecmp(host + hl - el, p, el) == 0 &&
		    (el == hl || host[hl - el - 1] == '.'))
			return true;
		p = e;
	}
	return false;
}

const char *
proxy_from_env(const char *host, const char *(*get)(const char *),
    const char **var)
{
	static const char *const names[] = {
		"https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY",
	};
	const char *v, *no;
	size_t i;

	*var = NULL;
	no = get("no_proxy");
	if (no == NULL || *no == '\0')
		no = get("NO_PROXY");
	if (no != NULL && proxy_no_proxy_covers(no, host))
		return NULL;
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		v = get(names[i]);
		if (v != NULL && *v != '\0') {
			*var = names[i];
			return v;
		}
	}
	return NULL;
}

/* --- the wire ------------------------------------------------------------ */

/* Copies at most QUOTE_MAX bytes of s, each unprintable one as '?'. */
static void
quote(const uint8_t *s, size_t n, char *out, size_t outlen)
{
	size_t i, o = 0;

	if (outlen == 0)
		return;
	for (i = 0; i < n && i < QUOTE_MAX && o + 1 < outlen; i++)
		out[o++] = s[i] >= 0x20 && s[i] < 0x7f ? (char)s[i] : '?';
	out[o] = '\0';
}

static void
fail(enum fail_reason r, enum fail_reason *why, char *err, size_t errlen,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void
fail(enum fail_reason r, enum fail_reason *why, char *err, size_t errlen,
    const char *fmt, ...)
{
	va_list ap;

	*why = r;
	if (errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
}

/* Why a wait ended early: the deadline or a cancel. */
static void
fail_wait(int w, const char *what, enum fail_reason *why, char *err,
    size_t errlen)
{
	if (w == 0)
		fail(REASON_TIMEOUT, why, err, errlen, "the proxy did not %s "
		    "before the deadline", what);
	else
		fail(REASON_LOCAL, why, err, errlen, "cancelled");
}

static bool
send_all(int fd, const void *buf, size_t len, const struct deadline *dl,
    const atomic_bool *cancel, enum fail_reason *why, char *err,
    size_t errlen)
{
	const uint8_t *p = buf;
	size_t sent = 0;
	ssize_t k;
	int w;

	while (sent < len) {
		w = net_wait(fd, POLLOUT, dl, cancel);
		if (w != 1) {
			fail_wait(w, "take the request", why, err, errlen);
			return false;
		}
		k = send(fd, p + sent, len - sent, MSG_NOSIGNAL);
		if (k < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (k < 0) {
			fail(errno == ECONNRESET || errno == EPIPE ?
			    REASON_PROXY_PROTOCOL : REASON_LOCAL, why, err,
			    errlen, "sending to the proxy: %s", strerror(errno));
			return false;
		}
		sent += (size_t)k;
	}
	return true;
}

/* Reads exactly n bytes; a close or reset before is a protocol error. */
static bool
recv_exact(int fd, uint8_t *buf, size_t n, const struct deadline *dl,
    const atomic_bool *cancel, enum fail_reason *why, char *err,
    size_t errlen)
{
	size_t got = 0;
	ssize_t k;
	int w;

	while (got < n) {
		w = net_wait(fd, POLLIN, dl, cancel);
		if (w != 1) {
			fail_wait(w, "answer", why, err, errlen);
			return false;
		}
		k = recv(fd, buf + got, n - got, 0);
		if (k < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (k <= 0) {
			fail(REASON_PROXY_PROTOCOL, why, err, errlen, "the proxy "
			    "%s after %zu bytes of its answer", k == 0 ?
			    "closed the connection" : "reset the connection",
			    got);
			return false;
		}
		got += (size_t)k;
	}
	return true;
}

/* --- HTTP CONNECT (RFC 9110 §9.3.6) ------------------------------------- */

static void
base64(const uint8_t *in, size_t n, char *out)
{
	static const char tbl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
	    "qrstuvwxyz0123456789+/";
	size_t i, o = 0;
	uint32_t v;

	for (i = 0; i + 2 < n; i += 3) {
		v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
		out[o++] = tbl[v >> 18 & 63];
		out[o++] = tbl[v >> 12 & 63];
		out[o++] = tbl[v >> 6 & 63];
		out[o++] = tbl[v & 63];
	}
	if (i < n) {
		v = (uint32_t)in[i] << 16 | (i + 1 < n ? (uint32_t)in[i + 1] << 8 :
		    0);
		out[o++] = tbl[v >> 18 & 63];
		out[o++] = tbl[v >> 12 & 63];
		out[o++] = i + 1 < n ? tbl[v >> 6 & 63] : '=';
		out[o++] = '=';
	}
	out[o] = '\0';
}

/*
 * Reads the proxy's answer up to and including its blank line into buf
 * (at most PROXY_ANSWER_MAX), never a byte more: each chunk is peeked,
 * and only what precedes the end of the head is taken off the socket.
 */
static bool
read_head(int fd, char *buf, size_t *len, const struct deadline *dl,
    const atomic_bool *cancel, enum fail_reason *why, char *err,
    size_t errlen)
{
	size_t used = 0, from, i, take;
	ssize_t k;
	int w;

	for (;;) {
		if (used == PROXY_ANSWER_MAX) {
			fail(REASON_PROXY_PROTOCOL, why, err, errlen, "the "
			    "proxy's answer has no end within %d bytes",
			    PROXY_ANSWER_MAX);
			return false;
		}
		w = net_wait(fd, POLLIN, dl, cancel);
		if (w != 1) {
			fail_wait(w, "answer CONNECT", why, err, errlen);
			return false;
		}
		k = recv(fd, buf + used, PROXY_ANSWER_MAX - used, MSG_PEEK);
		if (k < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (k <= 0) {
			fail(REASON_PROXY_PROTOCOL, why, err, errlen, "the proxy "
			    "%s %s", k == 0 ? "closed the connection" :
			    "reset the connection", used == 0 ? "without "
			    "answering CONNECT" : "in the middle of its answer");
			return false;
		}
		/* the end may straddle the previous chunk */
		from = used >= 3 ? used - 3 : 0;
		take = (size_t)k;
		for (i = from; i + 3 < used + (size_t)k; i++)
			if (memcmp(buf + i, "\r\n\r\n", 4) == 0) {
				take = i + 4 - used;
				break;
			}
		/* an answer that ends its lines with a bare LF, as some do */
		if (take == (size_t)k)
			for (i = from > 0 ? from + 1 : 0; i + 1 < used +
			    (size_t)k; i++)
				if (buf[i] == '\n' && buf[i + 1] == '\n') {
					take = i + 2 - used;
					break;
				}
		k = recv(fd, buf + used, take, 0);
		if (k != (ssize_t)take) {
			fail(REASON_LOCAL, why, err, errlen, "reading the "
			    "proxy's answer: %s", k < 0 ? strerror(errno) :
			    "short read after peek");
			return false;
		}
		used += take;
		if ((used >= 4 && memcmp(buf + used - 4, "\r\n\r\n", 4) == 0) ||
		    (used >= 2 && memcmp(buf + used - 2, "\n\n", 2) == 0)) {
			*len = used;
			return true;
		}
	}
}

/* Checks the head's lines: lengths, count, no NUL; false with why. */
static bool
check_head(const char *buf, size_t len, enum fail_reason *why, char *err,
    size_t errlen)
{
	size_t i, start = 0, lines = 0;

	for (i = 0; i < len; i++) {
		if (buf[i] == '\0') {
			fail(REASON_PROXY_PROTOCOL, why, err, errlen, "the "
			    "proxy's answer holds a NUL byte");
			return false;
		}
		if (buf[i] != '\n')
			continue;
		if (i - start > PROXY_LINE_MAX) {
			fail(REASON_PROXY_PROTOCOL, why, err, errlen, "a line "
			    "of the proxy's answer is longer than %d bytes",
			    PROXY_LINE_MAX);
			return false;
		}
		if (++lines > PROXY_HEADERS_MAX + 2) {
			fail(REASON_PROXY_PROTOCOL, why, err, errlen, "the "
			    "proxy's answer has more than %d header lines",
			    PROXY_HEADERS_MAX);
			return false;
		}
		start = i + 1;
	}
	return true;
}

static bool
http_connect(const struct proxy_config *p, int fd, const struct netaddr *dst,
    uint16_t port, const struct deadline *dl, const atomic_bool *cancel,
    enum fail_reason *why, char *err, size_t errlen)
{
	char target[NETADDR_TEXT_MAX + 8], auth[2 * PROXY_CRED_MAX + 2];
	char b64[(sizeof auth + 2) / 3 * 4 + 1];
	char req[sizeof target * 2 + sizeof b64 + 160], phrase[QUOTE_MAX + 1];
	char *head = NULL;
	const char *sp, *eol;
	size_t len = 0, an;
	int n, status;
	bool ok = false;

	netaddr_format_port(dst, port, target, sizeof target);
	b64[0] = '\0';
	if (p->has_auth) {
		an = (size_t)snprintf(auth, sizeof auth, "%s:%s", p->user,
		    p->pass);
		base64((const uint8_t *)auth, an, b64);
		memset(auth, 0, sizeof auth);
	}
	n = snprintf(req, sizeof req, "CONNECT %s HTTP/1.1\r\nHost: %s\r\n"
	    "%s%s%sUser-Agent: tlsmatrix\r\n\r\n", target, target,
	    p->has_auth ? "Proxy-Authorization: Basic " : "", b64,
	    p->has_auth ? "\r\n" : "");
	memset(b64, 0, sizeof b64);
	if (n < 0 || (size_t)n >= sizeof req) {
		fail(REASON_LOCAL, why, err, errlen, "CONNECT request too long");
		goto out;
	}
	ok = send_all(fd, req, (size_t)n, dl, cancel, why, err, errlen);
	memset(req, 0, sizeof req);
	if (!ok)
		goto out;
	ok = false;
	head = xmalloc(PROXY_ANSWER_MAX + 1);
	if (!read_head(fd, head, &len, dl, cancel, why, err, errlen) ||
	    !check_head(head, len, why, err, errlen))
		goto out;
	head[len] = '\0';
	/* status-line = HTTP-version SP status-code SP [reason-phrase] */
	if (len < 12 || strncmp(head, "HTTP/1.", 7) != 0 || head[8] != ' ' ||
	    head[9] < '1' || head[9] > '5' || head[10] < '0' || head[10] > '9'
	    || head[11] < '0' || head[11] > '9' || (head[12] != ' ' &&
	    head[12] != '\r' && head[12] != '\n')) {
		quote((const uint8_t *)head, strcspn(head, "\r\n"), phrase,
		    sizeof phrase);
		fail(REASON_PROXY_PROTOCOL, why, err, errlen, "the proxy did "
		    "not answer CONNECT in HTTP: \"%s\"", phrase);
		goto out;
	}
	status = (head[9] - '0') * 100 + (head[10] - '0') * 10 +
	    (head[11] - '0');
	sp = head + 12;
	while (*sp == ' ')
		sp++;
	eol = sp + strcspn(sp, "\r\n");
	quote((const uint8_t *)sp, (size_t)(eol - sp), phrase, sizeof phrase);
	if (status / 100 == 2) {	/* any 2xx opens the tunnel */
		ok = true;
		goto out;
	}
	/* 407 is the proxy's own (RFC 9110 §15.5.8); tinyproxy 1.11.1
	 * answers a wrong password with 401 (measured, proxy_lab.sh) */
	if (status == 407 || status == 401)
		fail(REASON_PROXY_AUTH, why, err, errlen, "the proxy %s (%d "
		    "%s)", p->has_auth ? "refused the credentials" :
		    "asks for credentials", status, phrase);
	else
		fail(REASON_PROXY_REFUSED, why, err, errlen, "the proxy refused "
		    "CONNECT %s: %d %s", target, status, phrase);
out:
	free(head);
	return ok;
}

/* --- SOCKS5 (RFC 1928, RFC 1929) ---------------------------------------- */

static const char *
socks_reply_text(uint8_t rep)
{
	static const char *const text[] = {
		"succeeded", "general SOCKS server failure",
		"connection not allowed by ruleset", "network unreachable",
		"host unreachable", "connection refused", "TTL expired",
		"command not supported", "address type not supported",
	};

	return rep < sizeof text / sizeof text[0] ? text[rep] : "unassigned";
}

/* §3 and RFC 1929: the method, and the credentials if it asks for them. */
static bool
socks5_method(const struct proxy_config *p, int fd,
    const struct deadline *dl, const atomic_bool *cancel,
    enum fail_reason *why, char *err, size_t errlen)
{
	uint8_t buf[4 + 2 * (PROXY_CRED_MAX + 1) + 16];
	size_t n, ul, pl;
	bool ok;

	/* §3: version, methods: no authentication, and 2 with credentials */
	n = 0;
	buf[n++] = 5;
	buf[n++] = p->has_auth ? 2 : 1;
	buf[n++] = 0;
	if (p->has_auth)
		buf[n++] = 2;
	if (!send_all(fd, buf, n, dl, cancel, why, err, errlen) ||
	    !recv_exact(fd, buf, 2, dl, cancel, why, err, errlen))
		return false;
	if (buf[0] != 5) {
		fail(REASON_PROXY_PROTOCOL, why, err, errlen, "not a SOCKS5 "
		    "proxy (version byte 0x%02x)", buf[0]);
		return false;
	}
	if (buf[1] == 0xff) {
		fail(REASON_PROXY_AUTH, why, err, errlen, "the SOCKS5 proxy "
		    "accepts none of our methods (%s)", p->has_auth ?
		    "none, username/password" : "none: it wants credentials");
		return false;
	}
	if (buf[1] == 2 && p->has_auth) {
		/* RFC 1929 §2: ver 1, ulen, user, plen, password */
		ul = strlen(p->user);
		pl = strlen(p->pass);
		n = 0;
		buf[n++] = 1;
		buf[n++] = (uint8_t)ul;
		memcpy(buf + n, p->user, ul);
		n += ul;
		buf[n++] = (uint8_t)pl;
		memcpy(buf + n, p->pass, pl);
		n += pl;
		ok = send_all(fd, buf, n, dl, cancel, why, err, errlen);
		memset(buf, 0, sizeof buf);
		if (!ok || !recv_exact(fd, buf, 2, dl, cancel, why, err, errlen))
			return false;
		if (buf[1] != 0) {
			fail(REASON_PROXY_AUTH, why, err, errlen, "the SOCKS5 "
			    "proxy refused the credentials (status 0x%02x)",
			    buf[1]);
			return false;
		}
	} else if (buf[1] != 0) {
		fail(REASON_PROXY_PROTOCOL, why, err, errlen, "the SOCKS5 proxy "
		    "chose method 0x%02x, which was not offered", buf[1]);
		return false;
	}
	return true;
}

/* §4 and §6: CONNECT to dst:port and the proxy's reply. */
static bool
socks5(const struct proxy_config *p, int fd, const struct netaddr *dst,
    uint16_t port, const struct deadline *dl, const atomic_bool *cancel,
    enum fail_reason *why, char *err, size_t errlen)
{
	uint8_t buf[4 + 16 + 2 + 255], hdr[5];
	char target[NETADDR_TEXT_MAX + 8];
	struct rd r;
	size_t n, more;
	uint8_t ver, x, atyp, rep;

	if (!socks5_method(p, fd, dl, cancel, why, err, errlen))
		return false;
	netaddr_format_port(dst, port, target, sizeof target);
	/* §4: CONNECT to the address itself (ATYP 1 or 4), never a name */
	n = 0;
	buf[n++] = 5;
	buf[n++] = 1;
	buf[n++] = 0;
	if (dst->family == NETADDR_V4) {
		buf[n++] = 1;
		memcpy(buf + n, dst->bytes, 4);
		n += 4;
	} else {
		buf[n++] = 4;
		memcpy(buf + n, dst->bytes, 16);
		n += 16;
	}
	buf[n++] = (uint8_t)(port >> 8);
	buf[n++] = (uint8_t)port;
	if (!send_all(fd, buf, n, dl, cancel, why, err, errlen) ||
	    !recv_exact(fd, hdr, 5, dl, cancel, why, err, errlen))
		return false;
	/* §6: VER REP RSV ATYP BND.ADDR BND.PORT; the 5th byte starts the
	 * address (or is a name's length), so the rest is known from it */
	rd_init(&r, hdr, sizeof hdr);
	if (!rd_u8(&r, &ver) || !rd_u8(&r, &rep) || !rd_u8(&r, &x) ||
	    !rd_u8(&r, &atyp) || ver != 5) {
		fail(REASON_PROXY_PROTOCOL, why, err, errlen, "not a SOCKS5 "
		    "reply (version byte 0x%02x)", hdr[0]);
		return false;
	}
	switch (atyp) {
	case 1:
		more = 4 - 1 + 2;
		break;
	case 4:
		more = 16 - 1 + 2;
		break;
	case 3:
		more = (size_t)hdr[4] + 2;
		break;
	default:
		fail(REASON_PROXY_PROTOCOL, why, err, errlen, "the SOCKS5 reply "
		    "has address type 0x%02x", atyp);
		return false;
	}
	if (rep != 0) {
		/* the target's own failures read as they would directly */
		enum fail_reason fr = rep == 5 ? REASON_REFUSED : rep == 3 ||
		    rep == 4 ? REASON_UNREACHABLE : rep == 6 ? REASON_TIMEOUT :
		    REASON_PROXY_REFUSED;

		fail(fr, why, err, errlen, "%s via the SOCKS5 proxy: %s (0x%02x)",
		    target, socks_reply_text(rep), rep);
		return false;
	}
	return recv_exact(fd, buf, more, dl, cancel, why, err, errlen);
}

bool
proxy_tunnel(const struct proxy_config *p, int fd, const struct netaddr *dst,
    uint16_t port, const struct deadline *dl, const atomic_bool *cancel,
    enum fail_reason *why, char *err, size_t errlen)
{
	*why = REASON_NONE;
	if (errlen > 0)
		err[0] = '\0';
	switch (p->kind) {
	case PROXY_HTTP:
		return http_connect(p, fd, dst, port, dl, cancel, why, err,
		    errlen);
	case PROXY_SOCKS5:
		return socks5(p, fd, dst, port, dl, cancel, why, err, errlen);
	case PROXY_NONE:
	default:
		return true;
	}
}
