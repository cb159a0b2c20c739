/*
 * starttls.h: the plaintext exchanges that come before TLS on a service's
 * own port (SMTP STARTTLS, IMAP, POP3 STLS, FTP AUTH TLS, LDAP StartTLS,
 * PostgreSQL SSLRequest, MySQL's SSL request, XMPP, NNTP, ManageSieve).
 *
 * conn_open runs starttls_run on a connected non-blocking socket, after
 * the TCP connection and before the ClientHello; no backend and no
 * scanner knows of it. The exchange is bounded: a line's length, the
 * lines and bytes read, and the caller's deadline and cancel flag. It
 * never reads past the server's last plaintext byte, so the next byte
 * on the socket is the server's first TLS byte. Server text quoted in an
 * error is made printable first. Any thread; each socket has one owner.
 */
#ifndef TLSMATRIX_STARTTLS_H
#define TLSMATRIX_STARTTLS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clock.h"
#include "result.h"

enum starttls_proto {
	STARTTLS_AUTO = 0,	/* not given: from each row's port */
	STARTTLS_NONE,		/* direct TLS */
	STARTTLS_SMTP,
	STARTTLS_IMAP,
	STARTTLS_POP3,
	STARTTLS_FTP,
	STARTTLS_LDAP,
	STARTTLS_POSTGRES,
	STARTTLS_MYSQL,
	STARTTLS_XMPP,		/* client-to-server stream, jabber:client */
	STARTTLS_XMPP_SERVER,	/* server-to-server stream, jabber:server */
	STARTTLS_NNTP,
	STARTTLS_SIEVE,
};

#define STARTTLS_PROTO_COUNT	(STARTTLS_SIEVE + 1)

/* Bounds of one exchange (a hostile server meets them, never a hang). */
#define STARTTLS_LINE_MAX	2048	/* bytes of one line, CRLF included */
#define STARTTLS_LINES_MAX	256	/* lines read in one exchange */
#define STARTTLS_BYTES_MAX	65536	/* bytes read in one exchange */

/* "smtp", "xmpp-server", "none", "auto": the --starttls and JSON name. */
const char	*starttls_name(enum starttls_proto p);
/* Parses a --starttls value ("auto" included); false if unknown. */
bool		 starttls_parse(const char *s, enum starttls_proto *out);
/* The protocol of a well-known port (25, 587 smtp; 143 imap; 110 pop3;
 * 21 ftp; 389 ldap; 5432 postgres; 3306 mysql; 5222 xmpp; 5269
 * xmpp-server; 119 nntp; 4190 sieve), else STARTTLS_NONE. */
enum starttls_proto starttls_for_port(uint16_t port);
/* What a row on port runs when the run chose chosen: chosen itself,
 * or for STARTTLS_AUTO the port's. Never STARTTLS_AUTO. */
enum starttls_proto starttls_effective(enum starttls_proto chosen,
		    uint16_t port);

/*
 * Runs p's exchange on fd (connected, non-blocking) until the server
 * agrees to start TLS. host is the target's name (XMPP's to=; NULL or
 * "" sends none). Returns true with *why = REASON_NONE, or false with
 * *why and err set: REASON_STARTTLS_UNSUPPORTED (the service does not
 * offer it), REASON_STARTTLS_REFUSED (it offers it, or greets, but
 * refuses), REASON_STARTTLS_PROTOCOL (not that protocol, a line or
 * answer over the bounds), REASON_TIMEOUT, REASON_CLOSED, REASON_RESET,
 * REASON_LOCAL ("cancelled", a socket error). STARTTLS_AUTO and
 * STARTTLS_NONE do nothing and succeed.
 */
bool		 starttls_run(int fd, enum starttls_proto p, const char *host,
		    const struct deadline *dl, const atomic_bool *cancel,
		    enum fail_reason *why, char *err, size_t errlen);

#endif
