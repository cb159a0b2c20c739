/*
 * starttls_xmpp.c: XMPP's STARTTLS (RFC 6120 §5.4), client-to-server and
 * server-to-server: a stream header, the features, <starttls/>, and
 * <proceed/>, read with the session primitives of starttls.c and taken
 * no further than the element waited for. Worker threads, called by
 * starttls_run.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "starttls.h"
#include "starttls_int.h"
#include "xmem.h"

/* memmem for the XMPP buffer, which may hold NUL bytes. */
static const char *
find(const char *hay, size_t n, const char *needle)
{
	size_t nl = strlen(needle), i;

	for (i = 0; i + nl <= n; i++)
		if (memcmp(hay + i, needle, nl) == 0)
			return hay + i;
	return NULL;
}

#define XMPP_MAX	16384

/* Reads XMPP into buf until done() says the element it waits for is in;
 * takes each peeked chunk up to its last '>' so nothing after the
 * element is taken. */
static bool
xmpp_read(struct sess *s, char *buf, size_t *len,
    int (*done)(const char *, size_t))
{
	char peek[1024];
	size_t n, take;
	int d;

	for (;;) {
		if (*len >= XMPP_MAX)
			return st_fail(s, REASON_STARTTLS_PROTOCOL, "more than %d "
			    "bytes of XML (answer to %s)", XMPP_MAX, s->step);
		n = st_get(s, peek, XMPP_MAX - *len < sizeof peek ?
		    XMPP_MAX - *len : sizeof peek, MSG_PEEK);
		if (n == 0)
			return false;
		for (take = n; take > 0 && peek[take - 1] != '>'; take--)
			continue;
		if (take == 0)
			take = n;
		if (st_get(s, buf + *len, take, 0) != take)
			return s->why != REASON_NONE ? false : st_fail(s,
			    REASON_LOCAL, "short read");
		*len += take;
		if (*len > 0) {
			size_t i = 0;

			while (i < *len && (buf[i] == ' ' || buf[i] == '\r' ||
			    buf[i] == '\n' || buf[i] == '\t'))
				i++;
			if (i < *len && buf[i] != '<') {
				char q[200];

				return st_fail(s, REASON_STARTTLS_PROTOCOL, "not "
				    "XMPP: %s", st_quote(buf + i, *len - i, q,
				    sizeof q));
			}
		}
		if (find(buf, *len, "stream:error>") != NULL ||
		    find(buf, *len, "<stream:error") != NULL) {
			const char *e = find(buf, *len, "<stream:error");
			char q[200];

			if (e == NULL)
				e = buf;
			return st_fail(s, REASON_STARTTLS_REFUSED, "the server "
			    "ends the stream: %s", st_quote(e, (size_t)(buf +
			    *len - e), q, sizeof q));
		}
		if (find(buf, *len, "</stream:stream>") != NULL)
			return st_fail(s, REASON_STARTTLS_REFUSED, "the server "
			    "closed the stream");
		d = done(buf, *len);
		if (d != 0)
			return true;
	}
}

static int
xmpp_features_in(const char *b, size_t n)
{
	return find(b, n, "</stream:features>") != NULL ||
	    find(b, n, "<stream:features/>") != NULL;
}

static int
xmpp_answer_in(const char *b, size_t n)
{
	const char *p = find(b, n, "<proceed");
	const char *f = find(b, n, "<failure");

	return (p != NULL && memchr(p, '>', (size_t)(b + n - p)) != NULL) ||
	    (f != NULL && memchr(f, '>', (size_t)(b + n - f)) != NULL);
}

/*
 * A name that may go into to='...' as it is: a DNS name. An IP literal
 * is none (the scan has no name for an IP target, the probes have the
 * literal: leaving it out keeps both the same; --sni NAME gives one).
 */
static bool
xmpp_domain_ok(const char *h)
{
	size_t i;
	bool letter = false;

	if (h == NULL || *h == '\0' || strlen(h) > 255)
		return false;
	for (i = 0; h[i] != '\0'; i++) {
		if ((h[i] >= 'a' && h[i] <= 'z') || (h[i] >= 'A' && h[i] <= 'Z') ||
		    h[i] == '-' || h[i] == '_')
			letter = true;
		else if (!((h[i] >= '0' && h[i] <= '9') || h[i] == '.'))
			return false;
	}
	return letter;
}

/* RFC 6120 §5.4: open a stream to the domain, the features name
 * <starttls/>, send <starttls/>, the server answers <proceed/>. */
bool
st_run_xmpp(struct sess *s, bool server, const char *host)
{
	char *b, open[512], domain[260];
	size_t len = 0;
	bool ok = false;

	domain[0] = '\0';
	if (xmpp_domain_ok(host)) {
		snprintf(domain, sizeof domain, "%s", host);
		if (domain[0] != '\0' && domain[strlen(domain) - 1] == '.')
			domain[strlen(domain) - 1] = '\0';
	}
	snprintf(open, sizeof open, "<?xml version='1.0'?><stream:stream "
	    "xmlns='jabber:%s' xmlns:stream='http://etherx.jabber.org/"
	    "streams'%s%s%s%s version='1.0'>", server ? "server" : "client",
	    server ? " xmlns:db='jabber:server:dialback'" : "",
	    domain[0] ? " to='" : "", domain, domain[0] ? "'" : "");
	b = xmalloc(XMPP_MAX);
	if (!st_send_str(s, "the stream header", open) ||
	    !xmpp_read(s, b, &len, xmpp_features_in))
		goto out;
	if (find(b, len, "<starttls") == NULL) {
		st_fail(s, REASON_STARTTLS_UNSUPPORTED, "the stream features do "
		    "not offer <starttls/>");
		goto out;
	}
	len = 0;
	if (!st_send_str(s, "<starttls/>", "<starttls xmlns='urn:ietf:params:"
	    "xml:ns:xmpp-tls'/>") || !xmpp_read(s, b, &len, xmpp_answer_in))
		goto out;
	if (find(b, len, "<proceed") == NULL) {
		st_fail(s, REASON_STARTTLS_REFUSED, "the server answered "
		    "<failure/> to <starttls/>");
		goto out;
	}
	ok = true;
out:
	free(b);
	return ok;
}
