/*
 * starttls.c: the plaintext exchanges before TLS (see starttls.h).
 *
 * Called by conn_open on worker threads, once per connection, after the
 * TCP connect and before the ClientHello. Each protocol is a short
 * script over three primitives: send a constant or a formatted command,
 * read one line, read exactly n bytes. Lines are read by peeking and then
 * taking no more than the line, and binary answers by their own lengths,
 * so the TLS backends find the server's first TLS byte next. Every read
 * counts against the line, line-count and byte bounds and waits through
 * net_wait against the probe's deadline and cancel flag. Server text in
 * a message goes through quote(): printable ASCII only, cut short.
 *
 * Sources: SMTP RFC 3207 and RFC 5321 §4.2 (multiline replies); IMAP
 * RFC 3501 §6.2.1; POP3 RFC 2595 §4 and RFC 2449 (CAPA); FTP RFC 4217
 * §4 and RFC 2389 (FEAT); LDAP RFC 4511 §4.12 and §4.14, RFC 4513 §3;
 * PostgreSQL's protocol-flow.html "SSL Session Encryption"; MySQL's
 * Protocol::HandshakeV10 and Protocol::SSLRequest (the request bytes are
 * those of OpenSSL's s_client -starttls mysql); XMPP RFC 6120 §5.4;
 * NNTP RFC 4642 and RFC 3977 §5.2; ManageSieve RFC 5804 §1.7 and §2.2.
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

#include "bytes.h"
#include "net.h"
#include "starttls.h"
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

/* One exchange: the socket, its bounds, and the line just read. */
struct sess {
	int			 fd;
	const char		*proto;
	const struct deadline	*dl;
	const atomic_bool	*cancel;
	enum fail_reason	 why;
	char			*err;
	size_t			 errlen;
	const char		*step;	/* "the greeting", "EHLO", ... */
	size_t			 lines, bytes;
	char			 line[STARTTLS_LINE_MAX + 1];
	size_t			 len;	/* without the CR LF */
};

static bool	fail(struct sess *s, enum fail_reason why, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));

/* Sets the failure (the first one wins) and returns false. */
static bool
fail(struct sess *s, enum fail_reason why, const char *fmt, ...)
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
static const char *
quote(const void *p, size_t n, char *buf, size_t len)
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

/* The line just read, quoted. */
#define QLINE(s, q)	quote((s)->line, (s)->len, (q), sizeof (q))

static bool
wait_for(struct sess *s, short ev)
{
	int w = net_wait(s->fd, ev, s->dl, s->cancel);

	if (w > 0)
		return true;
	if (w == 0)
		return fail(s, REASON_TIMEOUT, "no %s %s before the "
		    "deadline%s", ev == POLLIN ? "answer to" : "room to send",
		    s->step, ev == POLLIN && strcmp(s->step, "the greeting") ==
		    0 ? " (a direct TLS port? try --starttls none)" : "");
	if (s->cancel != NULL && atomic_load(s->cancel))
		return fail(s, REASON_LOCAL, "cancelled");
	return fail(s, REASON_LOCAL, "poll: %s", strerror(errno));
}

static bool
send_bytes(struct sess *s, const void *buf, size_t n)
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
			return fail(s, REASON_RESET, "the connection was reset "
			    "when sending %s", s->step);
		return fail(s, REASON_LOCAL, "send: %s", strerror(errno));
	}
	return true;
}

static bool
send_str(struct sess *s, const char *step, const char *text)
{
	s->step = step;
	return send_bytes(s, text, strlen(text));
}

/* Up to n bytes (MSG_PEEK: left on the socket); 0 on failure. */
static size_t
get(struct sess *s, void *buf, size_t n, int flags)
{
	ssize_t r;

	for (;;) {
		if (!wait_for(s, POLLIN))
			return 0;
		r = recv(s->fd, buf, n, flags);
		if (r > 0)
			break;
		if (r == 0) {
			fail(s, REASON_CLOSED, "the server closed the "
			    "connection (waiting for the answer to %s)",
			    s->step);
			return 0;
		}
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			continue;
		if (errno == ECONNRESET)
			fail(s, REASON_RESET, "the connection was reset "
			    "(waiting for the answer to %s)", s->step);
		else
			fail(s, REASON_LOCAL, "recv: %s", strerror(errno));
		return 0;
	}
	if (flags == 0) {
		s->bytes += (size_t)r;
		if (s->bytes > STARTTLS_BYTES_MAX) {
			fail(s, REASON_STARTTLS_PROTOCOL, "more than %d bytes "
			    "before TLS (answer to %s)", STARTTLS_BYTES_MAX,
			    s->step);
			return 0;
		}
	}
	return (size_t)r;
}

static bool
read_exact(struct sess *s, void *buf, size_t n)
{
	uint8_t *p = buf;
	size_t got = 0, r;

	while (got < n) {
		r = get(s, p + got, n - got, 0);
		if (r == 0)
			return false;
		got += r;
	}
	return true;
}

/* One line into s->line, CR LF (or LF) removed; never past its LF. */
static bool
read_line(struct sess *s)
{
	uint8_t peek[512];
	const uint8_t *nl;
	size_t n, take, got, room;

	s->len = 0;
	if (++s->lines > STARTTLS_LINES_MAX)
		return fail(s, REASON_STARTTLS_PROTOCOL, "more than %d lines "
		    "(answer to %s)", STARTTLS_LINES_MAX, s->step);
	for (;;) {
		room = STARTTLS_LINE_MAX - s->len;
		if (room == 0) {
			char q[400];

			return fail(s, REASON_STARTTLS_PROTOCOL, "a line longer "
			    "than %d bytes (answer to %s): %s",
			    STARTTLS_LINE_MAX, s->step, QLINE(s, q));
		}
		n = get(s, peek, room < sizeof peek ? room : sizeof peek,
		    MSG_PEEK);
		if (n == 0)
			return false;
		nl = memchr(peek, '\n', n);
		take = nl != NULL ? (size_t)(nl - peek) + 1 : n;
		got = get(s, s->line + s->len, take, 0);
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

/* True if text (len bytes) holds word as a whole token: bounded by the
 * ends, spaces, tabs, '[', ']', ';', '"' or '='. Case-insensitive. */
static bool
has_word(const char *text, size_t len, const char *word)
{
	static const char sep[] = " \t[];\"=";
	size_t wl = strlen(word), i;

	for (i = 0; i + wl <= len; i++) {
		if (strncasecmp(text + i, word, wl) != 0)
			continue;
		if ((i == 0 || strchr(sep, text[i - 1]) != NULL) &&
		    (i + wl == len || strchr(sep, text[i + wl]) != NULL))
			return true;
	}
	return false;
}

/* True if text starts with word as a whole token. */
static bool
starts_word(const char *text, size_t len, const char *word)
{
	size_t wl = strlen(word);

	return len >= wl && strncasecmp(text, word, wl) == 0 &&
	    (len == wl || strchr(" \t[];\"=", text[wl]) != NULL);
}

/* True if the line's first word is word (case-insensitive). */
static bool
first_word(const struct sess *s, const char *word)
{
	size_t wl = strlen(word);

	return s->len >= wl && strncasecmp(s->line, word, wl) == 0 &&
	    (s->len == wl || s->line[wl] == ' ' || s->line[wl] == '\t');
}

/*
 * A reply with a three-digit code (SMTP, FTP, NNTP): "250-..." lines up
 * to "250 ..." (RFC 5321 §4.2.1, RFC 959 §4.2: FTP's middle lines may be
 * any text). *code is -1 for a first line that has no code. *has tells
 * whether a line's text (after the code, or a middle line) starts with
 * word, and names also too when also is not NULL (FEAT's "AUTH TLS").
 * first gets the first line, quoted.
 */
static bool
read_coded(struct sess *s, int *code, const char *word, const char *also,
    bool *has, char *first, size_t firstlen)
{
	char c[4];
	bool more;
	size_t i;

	*code = -1;
	if (has != NULL)
		*has = false;
	if (!read_line(s))
		return false;
	quote(s->line, s->len, first, firstlen);
	for (i = 0; i < 3; i++)
		if (i >= s->len || s->line[i] < '0' || s->line[i] > '9')
			return true;
	if (s->len > 3 && s->line[3] != ' ' && s->line[3] != '-')
		return true;
	memcpy(c, s->line, 3);
	c[3] = '\0';
	*code = (c[0] - '0') * 100 + (c[1] - '0') * 10 + (c[2] - '0');
	more = s->len > 3 && s->line[3] == '-';
	for (;;) {
		if (word != NULL && has != NULL) {
			const char *t = s->line;
			size_t tl = s->len;

			if (tl >= 4 && memcmp(t, c, 3) == 0 &&
			    (t[3] == '-' || t[3] == ' ')) {
				t += 4;
				tl -= 4;
			}
			while (tl > 0 && (*t == ' ' || *t == '\t')) {
				t++;
				tl--;
			}
			if (starts_word(t, tl, word) && (also == NULL ||
			    has_word(t, tl, also)))
				*has = true;
		}
		if (!more)
			return true;
		if (!read_line(s))
			return false;
		if (s->len >= 3 && memcmp(s->line, c, 3) == 0 &&
		    (s->len == 3 || s->line[3] == ' '))
			more = false;
	}
}

/* RFC 3207 §4 and RFC 5321 §4.2: greeting 220, EHLO's 250 lines name
 * the extensions, STARTTLS answers 220. */
static bool
run_smtp(struct sess *s)
{
	char q[200];
	int code;
	bool has;

	s->step = "the greeting";
	if (!read_coded(s, &code, NULL, NULL, NULL, q, sizeof q))
		return false;
	if (code < 0)
		return fail(s, REASON_STARTTLS_PROTOCOL, "not an SMTP "
		    "greeting: %s", q);
	if (code != 220)
		return fail(s, REASON_STARTTLS_REFUSED, "the server greets "
		    "with %s", q);
	if (!send_str(s, "EHLO", "EHLO tlsmatrix.invalid\r\n") ||
	    !read_coded(s, &code, "STARTTLS", NULL, &has, q, sizeof q))
		return false;
	if (code < 0)
		return fail(s, REASON_STARTTLS_PROTOCOL, "not an SMTP reply "
		    "to EHLO: %s", q);
	if (code / 100 != 2)
		return fail(s, REASON_STARTTLS_UNSUPPORTED, "EHLO refused "
		    "(no ESMTP): %s", q);
	if (!has)
		return fail(s, REASON_STARTTLS_UNSUPPORTED, "the EHLO reply "
		    "does not offer STARTTLS (%s)", q);
	if (!send_str(s, "STARTTLS", "STARTTLS\r\n") ||
	    !read_coded(s, &code, NULL, NULL, NULL, q, sizeof q))
		return false;
	if (code < 0)
		return fail(s, REASON_STARTTLS_PROTOCOL, "not an SMTP reply "
		    "to STARTTLS: %s", q);
	if (code != 220)
		return fail(s, REASON_STARTTLS_REFUSED, "STARTTLS answered "
		    "%s", q);
	return true;
}

/* RFC 4217 §4: FEAT (RFC 2389) lists "AUTH TLS" where offered; AUTH TLS
 * answers 234. 500/502/504 mean the command is unknown. */
static bool
run_ftp(struct sess *s)
{
	char q[200];
	int code, i;
	bool has = false, feat_known = false;

	s->step = "the greeting";
	/* 120: "ready in nnn minutes", then the real greeting */
	for (i = 0; i < 2; i++) {
		if (!read_coded(s, &code, NULL, NULL, NULL, q, sizeof q))
			return false;
		if (code != 120)
			break;
	}
	if (code < 0)
		return fail(s, REASON_STARTTLS_PROTOCOL, "not an FTP greeting: "
		    "%s", q);
	if (code != 220)
		return fail(s, REASON_STARTTLS_REFUSED, "the server greets "
		    "with %s", q);
	if (!send_str(s, "FEAT", "FEAT\r\n") ||
	    !read_coded(s, &code, "AUTH", "TLS", &has, q, sizeof q))
		return false;
	if (code < 0)
		return fail(s, REASON_STARTTLS_PROTOCOL, "not an FTP reply to "
		    "FEAT: %s", q);
	feat_known = code == 211;
	if (feat_known && !has)
		return fail(s, REASON_STARTTLS_UNSUPPORTED, "FEAT does not list "
		    "AUTH TLS");
	if (!send_str(s, "AUTH TLS", "AUTH TLS\r\n") ||
	    !read_coded(s, &code, NULL, NULL, NULL, q, sizeof q))
		return false;
	if (code == 234)
		return true;
	if (code < 0)
		return fail(s, REASON_STARTTLS_PROTOCOL, "not an FTP reply to "
		    "AUTH TLS: %s", q);
	if (!feat_known && (code == 500 || code == 502 || code == 504))
		return fail(s, REASON_STARTTLS_UNSUPPORTED, "AUTH TLS "
		    "answered %s", q);
	return fail(s, REASON_STARTTLS_REFUSED, "AUTH TLS answered %s", q);
}

/* Reads until the line tagged tag (IMAP) and says whether it is OK;
 * an untagged CAPABILITY line sets *has when it names STARTTLS. */
static bool
imap_tagged(struct sess *s, const char *tag, bool *ok, bool *has, char *q,
    size_t qlen)
{
	for (;;) {
		if (!read_line(s))
			return false;
		if (has != NULL && first_word(s, "*") && s->len > 2 &&
		    strncasecmp(s->line + 2, "CAPABILITY", 10) == 0 &&
		    has_word(s->line, s->len, "STARTTLS"))
			*has = true;
		if (first_word(s, tag)) {
			quote(s->line, s->len, q, qlen);
			*ok = s->len > strlen(tag) + 3 &&
			    strncasecmp(s->line + strlen(tag) + 1, "OK", 2) ==
			    0 && (s->len == strlen(tag) + 3 ||
			    s->line[strlen(tag) + 3] == ' ');
			return true;
		}
		if (!first_word(s, "*") && !first_word(s, "+")) {
			quote(s->line, s->len, q, qlen);
			return fail(s, REASON_STARTTLS_PROTOCOL, "not an IMAP "
			    "answer to %s: %s", s->step, q);
		}
	}
}

/* RFC 3501 §6.2.1: "* OK" greeting, CAPABILITY names STARTTLS, the
 * tagged STARTTLS answers OK. */
static bool
run_imap(struct sess *s)
{
	char q[200];
	bool ok, has = false;

	s->step = "the greeting";
	if (!read_line(s))
		return false;
	QLINE(s, q);
	if (s->len >= 6 && strncasecmp(s->line, "* BYE", 5) == 0)
		return fail(s, REASON_STARTTLS_REFUSED, "the server greets "
		    "with %s", q);
	if (!(s->len >= 4 && (strncasecmp(s->line, "* OK", 4) == 0 ||
	    strncasecmp(s->line, "* PREAUTH", 9) == 0)))
		return fail(s, REASON_STARTTLS_PROTOCOL, "not an IMAP "
		    "greeting: %s", q);
	if (!send_str(s, "CAPABILITY", "a1 CAPABILITY\r\n") ||
	    !imap_tagged(s, "a1", &ok, &has, q, sizeof q))
		return false;
	if (ok && !has)
		return fail(s, REASON_STARTTLS_UNSUPPORTED, "CAPABILITY does "
		    "not list STARTTLS");
	if (!send_str(s, "STARTTLS", "a2 STARTTLS\r\n") ||
	    !imap_tagged(s, "a2", &ok, NULL, q, sizeof q))
		return false;
	if (ok)
		return true;
	return fail(s, has ? REASON_STARTTLS_REFUSED :
	    REASON_STARTTLS_UNSUPPORTED, "STARTTLS answered %s", q);
}

/* A dot-terminated list (POP3 CAPA, NNTP CAPABILITIES); *has when a
 * line's first word is word. */
static bool
read_list(struct sess *s, const char *word, bool *has)
{
	for (;;) {
		if (!read_line(s))
			return false;
		if (s->len == 1 && s->line[0] == '.')
			return true;
		if (first_word(s, word))
			*has = true;
	}
}

/* RFC 2595 §4, RFC 2449: "+OK" greeting, CAPA lists STLS, STLS +OK. */
static bool
run_pop3(struct sess *s)
{
	char q[200];
	bool has = false, capa;

	s->step = "the greeting";
	if (!read_line(s))
		return false;
	QLINE(s, q);
	if (first_word(s, "-ERR"))
		return fail(s, REASON_STARTTLS_REFUSED, "the server greets "
		    "with %s", q);
	if (!first_word(s, "+OK"))
		return fail(s, REASON_STARTTLS_PROTOCOL, "not a POP3 "
		    "greeting: %s", q);
	if (!send_str(s, "CAPA", "CAPA\r\n") || !read_line(s))
		return false;
	capa = first_word(s, "+OK");
	if (!capa && !first_word(s, "-ERR"))
		return fail(s, REASON_STARTTLS_PROTOCOL, "not a POP3 answer "
		    "to CAPA: %s", QLINE(s, q));
	if (capa && !read_list(s, "STLS", &has))
		return false;
	if (capa && !has)
		return fail(s, REASON_STARTTLS_UNSUPPORTED, "CAPA does not "
		    "list STLS");
	if (!send_str(s, "STLS", "STLS\r\n") || !read_line(s))
		return false;
	if (first_word(s, "+OK"))
		return true;
	QLINE(s, q);
	if (!first_word(s, "-ERR"))
		return fail(s, REASON_STARTTLS_PROTOCOL, "not a POP3 answer "
		    "to STLS: %s", q);
	return fail(s, has ? REASON_STARTTLS_REFUSED :
	    REASON_STARTTLS_UNSUPPORTED, "STLS answered %s", q);
}

/* RFC 4642, RFC 3977 §5.1 and §5.2: greeting 200/201, CAPABILITIES
 * (101, a list) names STARTTLS, STARTTLS answers 382. */
static bool
run_nntp(struct sess *s)
{
	char q[200];
	int code;
	bool has = false, known;

	s->step = "the greeting";
	if (!read_coded(s, &code, NULL, NULL, NULL, q, sizeof q))
		return false;
	if (code < 0)
		return fail(s, REASON_STARTTLS_PROTOCOL, "not an NNTP "
		    "greeting: %s", q);
	if (code != 200 && code != 201)
		return fail(s, REASON_STARTTLS_REFUSED, "the server greets "
		    "with %s", q);
	if (!send_str(s, "CAPABILITIES", "CAPABILITIES\r\n") ||
	    !read_coded(s, &code, NULL, NULL, NULL, q, sizeof q))
		return false;
	if (code < 0)
		return fail(s, REASON_STARTTLS_PROTOCOL, "not an NNTP answer "
		    "to CAPABILITIES: %s", q);
	known = code == 101;
	if (known && !read_list(s, "STARTTLS", &has))
		return false;
	if (known && !has)
		return fail(s, REASON_STARTTLS_UNSUPPORTED, "CAPABILITIES "
		    "does not list STARTTLS");
	if (!send_str(s, "STARTTLS", "STARTTLS\r\n") ||
	    !read_coded(s, &code, NULL, NULL, NULL, q, sizeof q))
		return false;
	if (code == 382)
		return true;
	if (code < 0)
		return fail(s, REASON_STARTTLS_PROTOCOL, "not an NNTP answer "
		    "to STARTTLS: %s", q);
	return fail(s, has || code == 580 ? REASON_STARTTLS_REFUSED :
	    REASON_STARTTLS_UNSUPPORTED, "STARTTLS answered %s", q);
}

/*
 * ManageSieve (RFC 5804 §1.7, §2.2): capability lines, each a quoted
 * string, up to a response line: OK, NO or BYE. *has when one of them
 * is "STARTTLS". *ok tells whether the response is OK.
 */
static bool
sieve_response(struct sess *s, bool *has, bool *ok, char *q, size_t qlen)
{
	for (;;) {
		if (!read_line(s))
			return false;
		if (s->len > 0 && s->line[0] == '"') {
			if (has != NULL && s->len >= 10 &&
			    strncasecmp(s->line, "\"STARTTLS\"", 10) == 0)
				*has = true;
			continue;
		}
		quote(s->line, s->len, q, qlen);
		if (first_word(s, "OK")) {
			*ok = true;
			return true;
		}
		if (first_word(s, "NO") || first_word(s, "BYE")) {
			*ok = false;
			return true;
		}
		return fail(s, REASON_STARTTLS_PROTOCOL, "not a ManageSieve "
		    "answer to %s: %s", s->step, q);
	}
}

static bool
run_sieve(struct sess *s)
{
	char q[200];
	bool has = false, ok;

	s->step = "the greeting";
	if (!sieve_response(s, &has, &ok, q, sizeof q))
		return false;
	if (!ok)
		return fail(s, REASON_STARTTLS_REFUSED, "the server greets "
		    "with %s", q);
	if (!has)
		return fail(s, REASON_STARTTLS_UNSUPPORTED, "the capabilities "
		    "do not list STARTTLS");
	if (!send_str(s, "STARTTLS", "STARTTLS\r\n") ||
	    !sieve_response(s, NULL, &ok, q, sizeof q))
		return false;
	if (!ok)
		return fail(s, REASON_STARTTLS_REFUSED, "STARTTLS answered %s",
		    q);
	return true;
}

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
			return fail(s, REASON_STARTTLS_PROTOCOL, "more than %d "
			    "bytes of XML (answer to %s)", XMPP_MAX, s->step);
		n = get(s, peek, XMPP_MAX - *len < sizeof peek ?
		    XMPP_MAX - *len : sizeof peek, MSG_PEEK);
		if (n == 0)
			return false;
		for (take = n; take > 0 && peek[take - 1] != '>'; take--)
			continue;
		if (take == 0)
			take = n;
		if (get(s, buf + *len, take, 0) != take)
			return s->why != REASON_NONE ? false : fail(s,
			    REASON_LOCAL, "short read");
		*len += take;
		if (*len > 0) {
			size_t i = 0;

			while (i < *len && (buf[i] == ' ' || buf[i] == '\r' ||
			    buf[i] == '\n' || buf[i] == '\t'))
				i++;
			if (i < *len && buf[i] != '<') {
				char q[200];

				return fail(s, REASON_STARTTLS_PROTOCOL, "not "
				    "XMPP: %s", quote(buf + i, *len - i, q,
				    sizeof q));
			}
		}
		if (find(buf, *len, "stream:error>") != NULL ||
		    find(buf, *len, "<stream:error") != NULL) {
			const char *e = find(buf, *len, "<stream:error");
			char q[200];

			if (e == NULL)
				e = buf;
			return fail(s, REASON_STARTTLS_REFUSED, "the server "
			    "ends the stream: %s", quote(e, (size_t)(buf +
			    *len - e), q, sizeof q));
		}
		if (find(buf, *len, "</stream:stream>") != NULL)
			return fail(s, REASON_STARTTLS_REFUSED, "the server "
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
static bool
run_xmpp(struct sess *s, bool server, const char *host)
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
	if (!send_str(s, "the stream header", open) ||
	    !xmpp_read(s, b, &len, xmpp_features_in))
		goto out;
	if (find(b, len, "<starttls") == NULL) {
		fail(s, REASON_STARTTLS_UNSUPPORTED, "the stream features do "
		    "not offer <starttls/>");
		goto out;
	}
	len = 0;
	if (!send_str(s, "<starttls/>", "<starttls xmlns='urn:ietf:params:"
	    "xml:ns:xmpp-tls'/>") || !xmpp_read(s, b, &len, xmpp_answer_in))
		goto out;
	if (find(b, len, "<proceed") == NULL) {
		fail(s, REASON_STARTTLS_REFUSED, "the server answered "
		    "<failure/> to <starttls/>");
		goto out;
	}
	ok = true;
out:
	free(b);
	return ok;
}

/*
 * LDAP (RFC 4511 §4.12, §4.14.1): the StartTLS ExtendedRequest, message
 * 1, a constant:
 *   30 1d                    LDAPMessage SEQUENCE, 29 bytes
 *     02 01 01               messageID 1
 *     77 18                  [APPLICATION 23] ExtendedRequest, 24 bytes
 *       80 16 "1.3.6.1.4.1.1466.20037"   requestName [0], 22 bytes
 */
static const uint8_t ldap_starttls[] = {
	0x30, 0x1d, 0x02, 0x01, 0x01, 0x77, 0x18, 0x80, 0x16,
	'1', '.', '3', '.', '6', '.', '1', '.', '4', '.', '1', '.',
	'1', '4', '6', '6', '.', '2', '0', '0', '3', '7',
};

#define LDAP_ANSWER_MAX	16384

/* One BER element of rd with tag; *c covers its contents. Definite
 * lengths of up to 4 bytes (RFC 4511 §5.1: LDAP uses no others). */
static bool
ber_get(struct rd *r, uint8_t tag, struct rd *c)
{
	uint8_t t, l, b;
	uint32_t len = 0;
	const uint8_t *p;
	unsigned i;

	if (!rd_u8(r, &t) || t != tag || !rd_u8(r, &l))
		return false;
	if (l < 0x80)
		len = l;
	else if (l == 0x80 || l > 0x84)
		return false;
	else
		for (i = 0; i < (unsigned)(l & 0x7f); i++) {
			if (!rd_u8(r, &b))
				return false;
			len = len << 8 | b;
		}
	if (!rd_bytes(r, &p, len))
		return false;
	rd_init(c, p, len);
	return true;
}

/* A BER INTEGER or ENUMERATED of at most 4 bytes, non-negative. */
static bool
ber_uint(struct rd *r, uint8_t tag, uint32_t *v)
{
	struct rd c;
	uint8_t b;

	*v = 0;
	if (!ber_get(r, tag, &c) || rd_left(&c) == 0 || rd_left(&c) > 4)
		return false;
	while (rd_u8(&c, &b))
		*v = *v << 8 | b;
	return true;
}

static bool
run_ldap(struct sess *s)
{
	uint8_t hdr[6], *msg = NULL;
	struct rd r, m, op, dn, diag;
	uint32_t id, code, len = 0;
	size_t nlen, i, hl;
	char q[200];
	bool ok = false;

	if (!send_bytes(s, ldap_starttls, sizeof ldap_starttls))
		return false;
	s->step = "the StartTLS request";
	if (!read_exact(s, hdr, 2))
		return false;
	if (hdr[0] != 0x30)
		return fail(s, REASON_STARTTLS_PROTOCOL, "not an LDAP message "
		    "(first bytes %s)", quote(hdr, 2, q, sizeof q));
	if (hdr[1] < 0x80) {
		len = hdr[1];
		nlen = 0;
	} else if (hdr[1] == 0x80 || hdr[1] > 0x84) {
		return fail(s, REASON_STARTTLS_PROTOCOL, "an LDAP message "
		    "with a length form LDAP does not use (0x%02x)", hdr[1]);
	} else {
		nlen = hdr[1] & 0x7f;
		if (!read_exact(s, hdr + 2, nlen))
			return false;
		for (i = 0; i < nlen; i++)
			len = len << 8 | hdr[2 + i];
	}
	hl = 2 + nlen;
	if (len > LDAP_ANSWER_MAX)
		return fail(s, REASON_STARTTLS_PROTOCOL, "an LDAP answer of "
		    "%u bytes (more than %d)", (unsigned)len, LDAP_ANSWER_MAX);
	msg = xmalloc(hl + len + 1);
	memcpy(msg, hdr, hl);
	if (!read_exact(s, msg + hl, len))
		goto out;
	rd_init(&r, msg, hl + len);
	if (!ber_get(&r, 0x30, &m) || !ber_uint(&m, 0x02, &id) ||
	    !ber_get(&m, 0x78, &op) || !ber_uint(&op, 0x0a, &code) ||
	    !ber_get(&op, 0x04, &dn) || !ber_get(&op, 0x04, &diag)) {
		fail(s, REASON_STARTTLS_PROTOCOL, "not an LDAP "
		    "ExtendedResponse (%u bytes)", (unsigned)(hl + len));
		goto out;
	}
	quote(diag.p, rd_left(&diag), q, sizeof q);
	if (id == 0) {
		/* RFC 4511 §4.4.1: Notice of Disconnection */
		fail(s, REASON_STARTTLS_REFUSED, "the server disconnects "
		    "(result %u%s%s)", (unsigned)code, q[0] ? ": " : "", q);
		goto out;
	}
	if (id != 1) {
		fail(s, REASON_STARTTLS_PROTOCOL, "an answer to message %u, "
		    "not to the StartTLS request", (unsigned)id);
		goto out;
	}
	if (code == 0) {
		ok = true;
		goto out;
	}
	/* 2 protocolError: OpenLDAP's "unsupported extended operation";
	 * 52 unavailable: slapd and Active Directory without a server
	 * certificate ("Could not initialize TLS"). */
	fail(s, code == 2 || code == 52 ? REASON_STARTTLS_UNSUPPORTED :
	    REASON_STARTTLS_REFUSED, "StartTLS answered result %u%s%s",
	    (unsigned)code, q[0] ? ": " : "", q);
out:
	free(msg);
	return ok;
}

/* PostgreSQL's SSLRequest: length 8, code 80877103 (1234 << 16 | 5679).
 * The answer is one byte, 'S' or 'N'; nothing after it is read (the
 * lesson of CVE-2021-23214). */
static bool
run_postgres(struct sess *s)
{
	static const uint8_t req[] = { 0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f };
	uint8_t c;
	char q[16];

	s->step = "SSLRequest";
	if (!send_bytes(s, req, sizeof req) || !read_exact(s, &c, 1))
		return false;
	if (c == 'S')
		return true;
	if (c == 'N')
		return fail(s, REASON_STARTTLS_UNSUPPORTED, "SSLRequest "
		    "answered 'N' (ssl = off)");
	if (c == 'E')
		return fail(s, REASON_STARTTLS_REFUSED, "SSLRequest answered "
		    "with an error message (a server that takes no "
		    "SSLRequest, or too many connections)");
	return fail(s, REASON_STARTTLS_PROTOCOL, "not PostgreSQL: "
	    "SSLRequest answered %s", quote(&c, 1, q, sizeof q));
}

#define MYSQL_CLIENT_SSL	0x0800
#define MYSQL_PACKET_MAX	16384

/* MySQL/MariaDB: the server's HandshakeV10 (packet 0) carries the
 * capability flags; CLIENT_SSL offers TLS; the client's SSLRequest
 * (packet 1, 32 bytes) then asks for it and TLS starts. */
static bool
run_mysql(struct sess *s)
{
	/* OpenSSL s_client's request: CLIENT_SSL and the 4.1 protocol
	 * flags, max packet 16 MB, charset 33 (utf8), 23 zero bytes. */
	static const uint8_t req[36] = {
		0x20, 0x00, 0x00, 0x01,
		0x85, 0xae, 0x7f, 0x00, 0x00, 0x00, 0x00, 0x01, 0x21,
	};
	uint8_t hdr[4], *pkt = NULL;
	const uint8_t *p;
	struct rd r;
	uint32_t len;
	uint8_t proto;
	uint16_t caps;
	char q[200];
	bool ok = false;

	s->step = "the greeting";
	if (!read_exact(s, hdr, 4))
		return false;
	len = (uint32_t)hdr[0] | (uint32_t)hdr[1] << 8 |
	    (uint32_t)hdr[2] << 16;
	if (hdr[3] != 0 || len == 0 || len > MYSQL_PACKET_MAX)
		return fail(s, REASON_STARTTLS_PROTOCOL, "not a MySQL "
		    "handshake (first bytes %s)", quote(hdr, 4, q, sizeof q));
	pkt = xmalloc(len);
	if (!read_exact(s, pkt, len))
		goto out;
	rd_init(&r, pkt, len);
	(void)rd_u8(&r, &proto);
	if (proto == 0xff) {
		/* ERR_Packet: code, then "#" and the SQL state, message */
		size_t skip = len >= 9 && pkt[3] == '#' ? 9 : 3;

		fail(s, REASON_STARTTLS_REFUSED, "the server refuses the "
		    "connection: %s", len > skip ? quote(pkt + skip, len -
		    skip, q, sizeof q) : "");
		goto out;
	}
	if (proto != 10) {
		fail(s, REASON_STARTTLS_PROTOCOL, "not a MySQL handshake "
		    "(protocol %u)", proto);
		goto out;
	}
	/* server_version NUL-terminated, connection id, auth data 1,
	 * filler, capability flags (lower 16 bits, little-endian) */
	p = memchr(r.p, '\0', rd_left(&r));
	if (p == NULL || !rd_skip(&r, (size_t)(p - r.p) + 1 + 4 + 8 + 1) ||
	    !rd_bytes(&r, &p, 2)) {
		fail(s, REASON_STARTTLS_PROTOCOL, "a MySQL handshake cut short "
		    "(%u bytes)", (unsigned)len);
		goto out;
	}
	caps = (uint16_t)(p[0] | p[1] << 8);
	if (!(caps & MYSQL_CLIENT_SSL)) {
		fail(s, REASON_STARTTLS_UNSUPPORTED, "the handshake has no "
		    "CLIENT_SSL capability (TLS off)");
		goto out;
	}
	s->step = "the SSL request";
	ok = send_bytes(s, req, sizeof req);
out:
	free(pkt);
	return ok;
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
		ok = run_smtp(s);
		break;
	case STARTTLS_IMAP:
		ok = run_imap(s);
		break;
	case STARTTLS_POP3:
		ok = run_pop3(s);
		break;
	case STARTTLS_FTP:
		ok = run_ftp(s);
		break;
	case STARTTLS_LDAP:
		ok = run_ldap(s);
		break;
	case STARTTLS_POSTGRES:
		ok = run_postgres(s);
		break;
	case STARTTLS_MYSQL:
		ok = run_mysql(s);
		break;
	case STARTTLS_XMPP:
	case STARTTLS_XMPP_SERVER:
		ok = run_xmpp(s, p == STARTTLS_XMPP_SERVER, host);
		break;
	case STARTTLS_NNTP:
		ok = run_nntp(s);
		break;
	case STARTTLS_SIEVE:
		ok = run_sieve(s);
		break;
	default:
		ok = true;
		break;
	}
	if (!ok && s->why == REASON_NONE)
		fail(s, REASON_LOCAL, "failed");
	*why = ok ? REASON_NONE : s->why;
	free(s);
	return ok;
}
