/*
 * starttls.c: the plaintext exchanges before TLS (see starttls.h): the
 * protocols' names and ports, one exchange's session with its bounded
 * I/O primitives (starttls_int.h), and starttls_run, which hands the
 * session to the protocol's script (starttls_line.c, starttls_xmpp.c,
 * starttls_bin.c).
 *
 * Called by conn_open on worker threads, once per connection, after the
 * TCP connect and before the ClientHello. Each protocol is a short
 * script over three primitives: send a constant or a formatted command,
 * read one line, read exactly n bytes. Lines are read by peeking and then
 * taking no more than the line, and binary answers by their own lengths,
 * so the TLS backends find the server's first TLS byte next. Every read
 * counts against the line, line-count and byte bounds and waits through
 * net_wait against the probe's deadline and cancel flag. Server text in
 * a message goes through st_quote(): printable ASCII only, cut short.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "net.h"
#include "starttls.h"
#include "starttls_int.h"
#include "xmem.h"

static const struct {
	const char	*name;
	uint16_t	 ports[2];
} protos[] = {
	[STARTTLS_AUTO]		= { "auto",		{ 0, 0 } },
	[STARTTLS_NONE]		= { "none",		{ 0, 0 } },
	[STARTTLS_SMTP]		= { "smtp",		{ 25, 587 } },
	[STARTTLS_IMAP]		= { "imap",		{ 143, 0 } },
	[STARTTLS_POP3]		= { "pop3",		{ 110, 0 } },
	[STARTTLS_FTP]		= { "ftp",		{ 21, 0 } },
	[STARTTLS_LDAP]		= { "ldap",		{ 389, 0 } },
	[STARTTLS_POSTGRES]	= { "postgres",		{ 5432, 0 } },
	[STARTTLS_MYSQL]	= { "mysql",		{ 3306, 0 } },
	[STARTTLS_XMPP]		= { "xmpp",		{ 5222, 0 } },
	[STARTTLS_XMPP_SERVER]	= { "xmpp-server",	{ 5269, 0 } },
	[STARTTLS_NNTP]		= { "nntp",		{ 119, 0 } },
	[STARTTLS_SIEVE]	= { "sieve",		{ 4190, 0 } },
};

const char *
starttls_name(enum starttls_proto p)
{
	if ((size_t)p >= sizeof protos / sizeof protos[0])
		return "?";
	return protos[p].name;
}

bool
starttls_parse(const char *s, enum starttls_proto *out)
{
	size_t i;

	for (i = 0; i < sizeof protos / sizeof protos[0]; i++)
		if (strcasecmp(s, protos[i].name) == 0) {
			*out = (enum starttls_proto)i;
			return true;
		}
	return false;
}

enum starttls_proto
starttls_for_port(uint16_t port)
{
	size_t i, j;

	if (port == 0)
		return STARTTLS_NONE;
	for (i = 0; i < sizeof protos / sizeof protos[0]; i++)
		for (j = 0; j < 2; j++)
			if (protos[i].ports[j] == port)
				return (enum starttls_proto)i;
	return STARTTLS_NONE;
}

enum starttls_proto
starttls_effective(enum starttls_proto chosen, uint16_t port)
{
	return chosen == STARTTLS_AUTO ? starttls_for_port(port) : chosen;
}


/* Sets the failure (the first one wins) and returns false. */
bool
st_fail(struct sess *s, enum fail_reason why, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (s->why != REASON_NONE)
		return false;
	s->why = why;
	if (s->errlen == 0)
		return false;
	n = snprintf(s->err, s->errlen, "%s STARTTLS: ", s->proto);
	if (n < 0 || (size_t)n >= s->errlen)
		return false;
	va_start(ap, fmt);
	vsnprintf(s->err + n, s->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return false;
}

/* Server bytes made safe to print: printable ASCII kept, anything else
 * as \xNN, at most 80 bytes of input, "..." when cut. */
const char *
st_quote(const void *p, size_t n, char *buf, size_t len)
{
	const unsigned char *b = p;
	size_t i, o = 0;

	if (len < 8)
		return "";
	for (i = 0; i < n && i < 80; i++) {
		if (o + 8 >= len)
			break;
		if (b[i] >= 0x20 && b[i] < 0x7f && b[i] != '\\')
			buf[o++] = (char)b[i];
		else
			o += (size_t)snprintf(buf + o, len - o, "\\x%02x",
			    b[i]);
	}
	if (i < n && o + 4 <= len) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	return buf;
}

static bool
wait_for(struct sess *s, short ev)
{
	int w = net_wait(s->fd, ev, s->dl, s->cancel);

	if (w > 0)
		return true;
	if (w == 0)
		return st_fail(s, REASON_TIMEOUT, "no %s %s before the "
		    "deadline%s", ev == POLLIN ? "answer to" : "room to send",
		    s->step, ev == POLLIN && strcmp(s->step, "the greeting") ==
		    0 ? " (a direct TLS port? try --starttls none)" : "");
	if (s->cancel != NULL && atomic_load(s->cancel))
		return st_fail(s, REASON_LOCAL, "cancelled");
	return st_fail(s, REASON_LOCAL, "poll: %s", strerror(errno));
}

bool
st_send_bytes(struct sess *s, const void *buf, size_t n)
{
	const uint8_t *p = buf;
	size_t done = 0;
	ssize_t w;

	while (done < n) {
		if (!wait_for(s, POLLOUT))
			return false;
		w = send(s->fd, p + done, n - done, MSG_NOSIGNAL);
		if (w > 0) {
			done += (size_t)w;
			continue;
		}
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK ||
		    errno == EINTR))
			continue;
		if (w < 0 && (errno == ECONNRESET || errno == EPIPE))
			return st_fail(s, REASON_RESET, "the connection was reset "
			    "when sending %s", s->step);
		return st_fail(s, REASON_LOCAL, "send: %s", strerror(errno));
	}
	return true;
}

bool
st_send_str(struct sess *s, const char *step, const char *text)
{
	s->step = step;
	return st_send_bytes(s, text, strlen(text));
}

/* Up to n bytes (MSG_PEEK: left on the socket); 0 on failure. */
size_t
st_get(struct sess *s, void *buf, size_t n, int flags)
{
	ssize_t r;

	for (;;) {
		if (!wait_for(s, POLLIN))
			return 0;
		r = recv(s->fd, buf, n, flags);
		if (r > 0)
			break;
		if (r == 0) {
			st_fail(s, REASON_CLOSED, "the server closed the "
			    "connection (waiting for the answer to %s)",
			    s->step);
			return 0;
		}
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			continue;
		if (errno == ECONNRESET)
			st_fail(s, REASON_RESET, "the connection was reset "
			    "(waiting for the answer to %s)", s->step);
		else
			st_fail(s, REASON_LOCAL, "recv: %s", strerror(errno));
		return 0;
	}
	if (flags == 0) {
		s->bytes += (size_t)r;
		if (s->bytes > STARTTLS_BYTES_MAX) {
			st_fail(s, REASON_STARTTLS_PROTOCOL, "more than %d bytes "
			    "before TLS (answer to %s)", STARTTLS_BYTES_MAX,
			    s->step);
			return 0;
		}
	}
	return (size_t)r;
}

bool
st_read_exact(struct sess *s, void *buf, size_t n)
{
	uint8_t *p = buf;
	size_t got = 0, r;

	while (got < n) {
		r = st_get(s, p + got, n - got, 0);
		if (r == 0)
			return false;
		got += r;
	}
	return true;
}

/* One line into s->line, CR LF (or LF) removed; never past its LF. */
bool
st_read_line(struct sess *s)
{
	uint8_t peek[512];
	const uint8_t *nl;
	size_t n, take, got, room;

	s->len = 0;
	if (++s->lines > STARTTLS_LINES_MAX)
		return st_fail(s, REASON_STARTTLS_PROTOCOL, "more than %d lines "
		    "(answer to %s)", STARTTLS_LINES_MAX, s->step);
	for (;;) {
		room = STARTTLS_LINE_MAX - s->len;
		if (room == 0) {
			char q[400];

			return st_fail(s, REASON_STARTTLS_PROTOCOL, "a line longer "
			    "than %d bytes (answer to %s): %s",
			    STARTTLS_LINE_MAX, s->step, ST_QLINE(s, q));
		}
		n = st_get(s, peek, room < sizeof peek ? room : sizeof peek,
		    MSG_PEEK);
		if (n == 0)
			return false;
		nl = memchr(peek, '\n', n);
		take = nl != NULL ? (size_t)(nl - peek) + 1 : n;
		got = st_get(s, s->line + s->len, take, 0);
		if (got == 0)
			return false;
		s->len += got;
		if (nl != NULL && got == take)
			break;
	}
	s->len--;			/* the LF */
	if (s->len > 0 && s->line[s->len - 1] == '\r')
		s->len--;
	s->line[s->len] = '\0';
	return true;
}

bool
starttls_run(int fd, enum starttls_proto p, const char *host,
    const struct deadline *dl, const atomic_bool *cancel,
    enum fail_reason *why, char *err, size_t errlen)
{
	struct sess *s;
	bool ok;

	*why = REASON_NONE;
	if (errlen > 0)
		err[0] = '\0';
	if (p == STARTTLS_AUTO || p == STARTTLS_NONE ||
	    (size_t)p >= sizeof protos / sizeof protos[0])
		return true;
	s = xcalloc(1, sizeof *s);
	s->fd = fd;
	s->proto = protos[p].name;
	s->dl = dl;
	s->cancel = cancel;
	s->err = err;
	s->errlen = errlen;
	s->step = "the greeting";
	switch (p) {
	case STARTTLS_SMTP:
		ok = st_run_smtp(s);
		break;
	case STARTTLS_IMAP:
		ok = st_run_imap(s);
		break;
	case STARTTLS_POP3:
		ok = st_run_pop3(s);
		break;
	case STARTTLS_FTP:
		ok = st_run_ftp(s);
		break;
	case STARTTLS_LDAP:
		ok = st_run_ldap(s);
		break;
	case STARTTLS_POSTGRES:
		ok = st_run_postgres(s);
		break;
	case STARTTLS_MYSQL:
		ok = st_run_mysql(s);
		break;
	case STARTTLS_XMPP:
	case STARTTLS_XMPP_SERVER:
		ok = st_run_xmpp(s, p == STARTTLS_XMPP_SERVER, host);
		break;
	case STARTTLS_NNTP:
		ok = st_run_nntp(s);
		break;
	case STARTTLS_SIEVE:
		ok = st_run_sieve(s);
		break;
	default:
		ok = true;
		break;
	}
	if (!ok && s->why == REASON_NONE)
		st_fail(s, REASON_LOCAL, "failed");
	*why = ok ? REASON_NONE : s->why;
	free(s);
	return ok;
}
